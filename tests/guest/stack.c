// SPDX-License-Identifier: MIT
// stack.c: the initial stack holds deep recursion and large frames.

#include <stdio.h>
#include <string.h>

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

/* About 1 KiB a frame; noinline and the volatile buffer keep the frames. */
static __attribute__((noinline)) unsigned long depth(int n)
{
	volatile unsigned char frame[1000];

	frame[0] = (unsigned char)n;
	frame[sizeof(frame) - 1] = (unsigned char)(n >> 8);
	if (n == 0)
		return 0;
	return depth(n - 1) + frame[0] + 256ul * frame[sizeof(frame) - 1];
}

static __attribute__((noinline)) int big_frame(size_t n)
{
	volatile char buf[4 << 20];

	memset((char *)buf, 'z', n);
	return buf[0] == 'z' && buf[n - 1] == 'z';
}

int main(void)
{
	unsigned long want = 0;

	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */

	for (int i = 1; i <= 4000; i++)
		want += i;
	check("recursion 4000 deep with 1 KiB frames", depth(4000) == want);
	check("a 4 MiB stack frame", big_frame(4 << 20));
	return failures ? 1 : 0;
}
