// SPDX-License-Identifier: MIT
// hello.c: prints one line and exits with the status given as argv[1].

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int status = argc > 1 ? atoi(argv[1]) : 0;

	printf("hello from %s, exiting with %d\n", argv[0], status);
	return status; /* 256 leaves 0: only the low 8 bits survive */
}
