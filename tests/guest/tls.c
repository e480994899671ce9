// SPDX-License-Identifier: MIT
// tls.c: thread-local storage as the C library sets it up for the one thread.

#include <errno.h>
#include <stdint.h>
#include <stdio.h>

static __thread int answer = 42;
static __thread long zeroed[64];
static __thread char aligned __attribute__((aligned(64))) = 'k';

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static int all_zero(void)
{
	for (int i = 0; i < 64; i++) {
		if (zeroed[i])
			return 0;
	}
	return 1;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	check("initialised TLS variable has its value", answer == 42);
	check("TLS .tbss is zero", all_zero());
	check("64-byte aligned TLS variable is aligned and set",
	      ((uintptr_t)&aligned & 63) == 0 && aligned == 'k');
	answer++;
	zeroed[63] = -1;
	check("TLS variables are writable",
	      answer == 43 && zeroed[63] == -1 && zeroed[62] == 0);
	errno = ERANGE; /* errno lives in the thread descriptor */
	check("errno is writable", errno == ERANGE);
	return failures ? 1 : 0;
}
