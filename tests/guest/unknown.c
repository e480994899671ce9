// SPDX-License-Identifier: MIT
// unknown.c: system calls the kernel does not know must fail with ENOSYS.

#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int call_999(int n)
{
	long r;
	int ok;

	fflush(stdout); /* the kernel may log this call */
	errno = 0;
	r = syscall(999);
	ok = r == -1 && errno == ENOSYS;
	printf("syscall(999) #%d: %s\n", n, ok ? "ENOSYS" : "unexpected");
	return ok;
}

int main(void)
{
	unsigned cpu, node;
	int ok = call_999(1);

	ok &= call_999(2);

	/* Linux has getcpu and kiln does not; the result differs between
	 * them, so it is not printed. */
	fflush(stdout);
	syscall(SYS_getcpu, &cpu, &node, NULL);
	printf("called getcpu\n");
	return ok ? 0 : 1;
}
