/* SPDX-License-Identifier: MIT */
/* elf.h: checks a static ELF64 executable and describes how to load it. */
#ifndef KILN_ELF_H
#define KILN_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EM_X86_64 62
#define EM_AARCH64 183
#define ELF_MAX_SEGMENTS 16

struct elf_segment {
	uint64_t vaddr; /* with the load bias applied */
	uint64_t memsz;
	uint64_t offset; /* in the file */
	uint64_t filesz;
	int prot; /* VM_READ | VM_WRITE | VM_EXEC */
};

struct elf_info {
	uint64_t entry; /* with the load bias applied */
	uint64_t phdr; /* address of the program headers once loaded */
	uint16_t phnum;
	uint16_t phent;
	bool pie;
	uint64_t bias;
	uint64_t lo, hi; /* page-aligned span of all segments */
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	int nseg;
};

/*
 * Validates the file for the given machine (EM_*). A static-PIE executable
 * (ET_DYN without an interpreter) is placed at pie_base. On failure returns
 * a negative errno and points *why at a sentence saying what is wrong.
 */
int elf_parse(const void *file, size_t size, uint16_t machine,
	      uint64_t pie_base, uint64_t user_top, struct elf_info *info,
	      const char **why);

#endif
