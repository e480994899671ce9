// SPDX-License-Identifier: MIT
// hello.c: the smallest kiln program: greets, echoes its arguments and
// exits with the status given as its first argument.

#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	struct utsname u;

	uname(&u);
	printf("hello from %s on %s (%s)\n", argv[0], u.machine, u.version);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return argc > 1 ? atoi(argv[1]) : 0;
}
