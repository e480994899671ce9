// SPDX-License-Identifier: MIT
// greedy.c: a build step that takes a known amount of memory: it touches
// every page of N MiB, so its resident peak is N MiB plus its own few
// hundred KiB. usage: greedy N
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	size_t n;
	char *p;

	if (argc != 2 || atoi(argv[1]) <= 0) {
		fprintf(stderr, "usage: greedy MIB\n");
		return 2;
	}
	n = (size_t)atoi(argv[1]) << 20;
	p = malloc(n);
	if (!p) {
		perror("greedy: malloc");
		return 1;
	}
	memset(p, 0x5a, n);
	return p[n - 1] != 0x5a;
}
