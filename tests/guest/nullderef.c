// SPDX-License-Identifier: MIT
// nullderef.c: reads through a null pointer; the program must die of SIGSEGV.

#include <stdio.h>

int main(void)
{
	int *volatile p = NULL; /* volatile: the compiler may not see NULL */

	printf("about to read through a null pointer\n");
	fflush(stdout);
	printf("still alive: %d\n", *p);
	return 0;
}
