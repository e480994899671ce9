// SPDX-License-Identifier: MIT
// elf.c: validation and layout of static ELF64 executables. Touches only
// the bytes it is given, so host unit tests run it on real and broken files.

#include <kiln/arch.h>
#include <kiln/elf.h>
#include <kiln/errno.h>
#include <string.h>

#define ET_EXEC 2
#define ET_DYN 3
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define FAIL(msg)                \
	do {                     \
		*why = msg;      \
		return -ENOEXEC; \
	} while (0)

static int check_header(const struct ehdr *h, size_t size, uint16_t machine,
			const char **why)
{
	if (size < sizeof(*h) || memcmp(h->ident, "\177ELF", 4) != 0)
		FAIL("not an ELF file");
	if (h->ident[4] != 2)
		FAIL("not a 64-bit ELF file");
	if (h->ident[5] != 1)
		FAIL("not a little-endian ELF file");
	if (h->machine != machine)
		FAIL("built for another architecture");
	if (h->type != ET_EXEC && h->type != ET_DYN)
		FAIL("not an executable (ELF type is neither EXEC nor DYN)");
	if (h->phentsize != sizeof(struct phdr))
		FAIL("unexpected program header size");
	if (h->phnum == 0 || h->phoff >= size ||
	    (size - h->phoff) / sizeof(struct phdr) < h->phnum)
		FAIL("program headers lie outside the file");
	if (h->phoff % 8)
		FAIL("misaligned program headers");
	return 0;
}

static int add_segment(const struct phdr *p, size_t size, uint64_t bias,
		       uint64_t user_top, struct elf_info *info,
		       const char **why)
{
	struct elf_segment *s;
	uint64_t end;

	if (p->filesz > p->memsz)
		FAIL("a segment's file size exceeds its memory size");
	if (p->offset > size || p->filesz > size - p->offset)
		FAIL("a segment lies outside the file");
	if ((p->flags & PF_W) && (p->flags & PF_X))
		FAIL("a segment is both writable and executable");
	if ((p->vaddr - p->offset) % PAGE_SIZE)
		FAIL("a segment's address and file offset disagree modulo the "
		     "page size");
	if (p->vaddr + bias < bias || p->vaddr + bias < PAGE_SIZE)
		FAIL("a segment would sit in the first page");
	end = p->vaddr + bias + p->memsz;
	if (end < p->vaddr + bias || end > user_top)
		FAIL("a segment lies outside the user address space");
	if (info->nseg == ELF_MAX_SEGMENTS)
		FAIL("too many loadable segments");

	s = &info->seg[info->nseg++];
	s->vaddr = p->vaddr + bias;
	s->memsz = p->memsz;
	s->offset = p->offset;
	s->filesz = p->filesz;
	s->prot = (p->flags & PF_R ? VM_READ : 0) |
		  (p->flags & PF_W ? VM_WRITE : 0) |
		  (p->flags & PF_X ? VM_EXEC : 0);
	return 0;
}

static bool ranges_overlap(const struct elf_segment *a,
			   const struct elf_segment *b)
{
	uint64_t a0 = a->vaddr & ~(PAGE_SIZE - 1);
	uint64_t b0 = b->vaddr & ~(PAGE_SIZE - 1);

	return a0 < b->vaddr + b->memsz && b0 < a->vaddr + a->memsz &&
	       a->prot != b->prot;
}

static struct phdr phdr_at(const char *table, int i)
{
	struct phdr p;

	memcpy(&p, table + (size_t)i * sizeof(p), sizeof(p));
	return p;
}

int elf_parse(const void *file, size_t size, uint16_t machine,
	      uint64_t pie_base, uint64_t user_top, struct elf_info *info,
	      const char **why)
{
	struct ehdr hdr;
	const struct ehdr *h = &hdr;
	const char *ph;
	int r;

	/* Headers are copied out before use: files in a cpio archive are
	 * only 4-byte aligned. */
	memset(info, 0, sizeof(*info));
	*why = NULL;
	memset(&hdr, 0, sizeof(hdr));
	memcpy(&hdr, file, size < sizeof(hdr) ? size : sizeof(hdr));
	r = check_header(h, size, machine, why);
	if (r)
		return r;

	ph = (const char *)file + h->phoff;
	for (int i = 0; i < h->phnum; i++) {
		if (phdr_at(ph, i).type == PT_INTERP)
			FAIL("dynamically linked; link it statically "
			     "(-static)");
	}

	info->pie = h->type == ET_DYN;
	info->bias = info->pie ? pie_base : 0;
	info->phnum = h->phnum;
	info->phent = h->phentsize;
	info->lo = ~0ull;

	for (int i = 0; i < h->phnum; i++) {
		const struct phdr ph_i = phdr_at(ph, i), *p = &ph_i;

		if (p->type == PT_PHDR)
			info->phdr = p->vaddr + info->bias;
		if (p->type != PT_LOAD || p->memsz == 0)
			continue;
		r = add_segment(p, size, info->bias, user_top, info, why);
		if (r)
			return r;
		if (!info->phdr && h->phoff >= p->offset &&
		    h->phoff - p->offset < p->filesz)
			info->phdr =
				p->vaddr + info->bias + (h->phoff - p->offset);
	}
	if (info->nseg == 0)
		FAIL("no loadable segments");

	for (int i = 0; i < info->nseg; i++) {
		struct elf_segment *s = &info->seg[i];
		uint64_t lo = s->vaddr & ~(PAGE_SIZE - 1);
		uint64_t hi = (s->vaddr + s->memsz + PAGE_SIZE - 1) &
			      ~(PAGE_SIZE - 1);

		for (int j = 0; j < i; j++) {
			if (ranges_overlap(s, &info->seg[j]))
				FAIL("two segments with different permissions "
				     "share a page");
		}
		info->lo = lo < info->lo ? lo : info->lo;
		info->hi = hi > info->hi ? hi : info->hi;
	}

	info->entry = h->entry + info->bias;
	if (info->entry < info->lo || info->entry >= info->hi)
		FAIL("the entry point lies outside the loaded segments");
	if (!info->phdr)
		FAIL("the program headers are not in a loaded segment "
		     "(AT_PHDR)");
	return 0;
}
