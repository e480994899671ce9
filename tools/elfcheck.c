// SPDX-License-Identifier: MIT
// elfcheck.c: kiln run's host-side look at a program, with the kernel's
// own ELF checks, so a bad file fails before any VM starts. Prints the
// kiln architecture name (x86_64 or arm64).

#include <kiln/arch.h>
#include <kiln/elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_TOP_CHECK 0x00007ff000000000ull
#define PIE_BASE 0x0000555555554000ull

static void *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = aligned_alloc(8, (size_t)n + 8);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	static const struct {
		uint16_t machine;
		const char *name;
	} arches[] = { { EM_X86_64, "x86_64" }, { EM_AARCH64, "arm64" } };
	const char *why = "not an ELF file";
	struct elf_info info;
	size_t size = 0;
	void *file;

	if (argc != 2) {
		fprintf(stderr, "usage: kiln-elfcheck PROGRAM\n");
		return 2;
	}
	file = slurp(argv[1], &size);
	if (!file) {
		perror(argv[1]);
		return 1;
	}
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		if (size >= 20 &&
		    memcmp((char *)file + 18, &arches[i].machine, 2))
			continue;
		if (elf_parse(file, size, arches[i].machine, PIE_BASE,
			      USER_TOP_CHECK, &info, &why) == 0) {
			printf("%s\n", arches[i].name);
			return 0;
		}
		break;
	}
	if (size >= 20 && memcmp(file, "\177ELF", 4) == 0) {
		const unsigned char *id = file;

		if (id[4] != 2)
			why = "a 32-bit program; kiln runs 64-bit x86_64 and "
			      "arm64 programs";
		else if (strcmp(why, "not an ELF file") == 0 ||
			 strcmp(why, "built for another architecture") == 0)
			why = "built for an architecture kiln does not run "
			      "(it runs x86_64 and arm64)";
	}
	fprintf(stderr, "%s: %s\n", argv[1], why);
	return 1;
}
