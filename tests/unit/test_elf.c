// SPDX-License-Identifier: MIT
// test_elf.c: host unit tests for elf_parse on real static binaries built
// by the Makefile, on copies of them broken one field at a time, and on
// small synthetic files.

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>
#include <cmocka.h>

#include <kiln/arch.h>
#include <kiln/elf.h>
#include <kiln/errno.h>

#ifndef FIXTURE_DIR
#define FIXTURE_DIR "build/unit"
#endif

#define PIE_BASE 0x555555554000ull

struct file {
	unsigned char *data; /* malloc'd, so 8-byte aligned */
	size_t size;
};

static struct elf_info info;
static const char *why;

/* Loads a fixture; a missing optional one skips the test. */
static struct file load(const char *name, bool optional)
{
	char path[512];
	struct file f = { 0 };
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "%s/%s", FIXTURE_DIR, name);
	fp = fopen(path, "rb");
	if (!fp && optional)
		skip();
	if (!fp)
		fail_msg("cannot open fixture %s", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	f.size = (size_t)n;
	f.data = malloc(f.size);
	assert_non_null(f.data);
	assert_int_equal(fread(f.data, 1, f.size, fp), f.size);
	fclose(fp);
	return f;
}

static Elf64_Ehdr *ehdr(const struct file *f)
{
	return (Elf64_Ehdr *)f->data;
}

static Elf64_Phdr *phdr(const struct file *f, int i)
{
	return (Elf64_Phdr *)(f->data + ehdr(f)->e_phoff) + i;
}

/* The first program header of the given type with all bits of flags set,
 * after index from. */
static int find_ph(const struct file *f, uint32_t type, uint32_t flags,
		   int from)
{
	for (int i = from; i < ehdr(f)->e_phnum; i++) {
		Elf64_Phdr *p = phdr(f, i);

		if (p->p_type == type && (p->p_flags & flags) == flags)
			return i;
	}
	fail_msg("no program header of type %u flags %#x", type, flags);
	return -1;
}

static int parse(const struct file *f, uint16_t machine, uint64_t user_top)
{
	return elf_parse(f->data, f->size, machine, PIE_BASE, user_top, &info,
			 &why);
}

static void assert_rejects(int r, const char *msg)
{
	assert_int_equal(r, -ENOEXEC);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
	if (!strstr(why, msg))
		fail_msg("why is \"%s\", expected it to mention \"%s\"", why,
			 msg);
}

static int prot_of(uint32_t flags)
{
	return (flags & PF_R ? VM_READ : 0) | (flags & PF_W ? VM_WRITE : 0) |
	       (flags & PF_X ? VM_EXEC : 0);
}

/* Where the program headers land, read straight from the file. */
static uint64_t expected_phdr(const struct file *f, uint64_t bias)
{
	const Elf64_Ehdr *h = ehdr(f);

	for (int i = 0; i < h->e_phnum; i++) {
		if (phdr(f, i)->p_type == PT_PHDR)
			return phdr(f, i)->p_vaddr + bias;
	}
	for (int i = 0; i < h->e_phnum; i++) {
		const Elf64_Phdr *p = phdr(f, i);

		if (p->p_type == PT_LOAD && p->p_memsz &&
		    h->e_phoff >= p->p_offset &&
		    h->e_phoff - p->p_offset < p->p_filesz)
			return p->p_vaddr + bias + h->e_phoff - p->p_offset;
	}
	return 0;
}

/* Each load segment copied across with the bias, and sane permissions. */
static void check_segments(const struct file *f, uint64_t bias)
{
	int k = 0, nexec = 0;

	for (int i = 0; i < ehdr(f)->e_phnum; i++) {
		const Elf64_Phdr *p = phdr(f, i);
		const struct elf_segment *s = &info.seg[k];

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		assert_true(k < info.nseg);
		assert_int_equal(s->vaddr, p->p_vaddr + bias);
		assert_int_equal(s->memsz, p->p_memsz);
		assert_int_equal(s->offset, p->p_offset);
		assert_int_equal(s->filesz, p->p_filesz);
		assert_int_equal(s->prot, prot_of(p->p_flags));
		assert_true(s->prot & VM_READ);
		assert_false((s->prot & VM_WRITE) && (s->prot & VM_EXEC));
		assert_true(s->vaddr >= info.lo);
		assert_true(s->vaddr + s->memsz <= info.hi);
		nexec += (s->prot & VM_EXEC) != 0;
		k++;
	}
	assert_int_equal(k, info.nseg);
	assert_true(nexec > 0);
}

/* The entry point must be inside an executable segment. */
static void check_entry(void)
{
	for (int i = 0; i < info.nseg; i++) {
		const struct elf_segment *s = &info.seg[i];

		if (info.entry >= s->vaddr &&
		    info.entry < s->vaddr + s->memsz) {
			assert_true(s->prot & VM_EXEC);
			return;
		}
	}
	fail_msg("entry %#lx is in no segment", (unsigned long)info.entry);
}

static void check_valid(const struct file *f, uint16_t machine)
{
	const Elf64_Ehdr *h = ehdr(f);
	bool pie = h->e_type == ET_DYN;
	uint64_t bias = pie ? PIE_BASE : 0;

	assert_int_equal(h->e_machine, machine);
	assert_int_equal(parse(f, machine, USER_TOP), 0);
	assert_null(why);
	assert_int_equal(info.pie, pie);
	assert_int_equal(info.bias, bias);
	assert_int_equal(info.phnum, h->e_phnum);
	assert_int_equal(info.phent, sizeof(Elf64_Phdr));
	assert_int_equal(info.entry, h->e_entry + bias);
	assert_true(info.lo % PAGE_SIZE == 0 && info.hi % PAGE_SIZE == 0);
	assert_true(info.lo >= PAGE_SIZE && info.lo < info.hi);
	assert_true(info.hi <= USER_TOP);
	assert_true(info.entry >= info.lo && info.entry < info.hi);
	assert_true(info.phdr != 0);
	assert_int_equal(info.phdr, expected_phdr(f, bias));
	assert_true(info.phdr >= info.lo && info.phdr < info.hi);
	check_segments(f, bias);
	check_entry();
}

static void test_static_x86_64(void **state)
{
	struct file f = load("fx_static_x86_64", false);

	(void)state;
	assert_int_equal(ehdr(&f)->e_type, ET_EXEC);
	check_valid(&f, EM_X86_64);
	assert_false(info.pie);
	assert_int_equal(info.bias, 0);
	assert_rejects(parse(&f, EM_AARCH64, USER_TOP), "architecture");
	free(f.data);
}

static void test_static_arm64(void **state)
{
	struct file f = load("fx_static_arm64", false);

	(void)state;
	assert_int_equal(ehdr(&f)->e_type, ET_EXEC);
	check_valid(&f, EM_AARCH64);
	assert_false(info.pie);
	assert_rejects(parse(&f, EM_X86_64, USER_TOP), "architecture");
	free(f.data);
}

static void test_static_pie_x86_64(void **state)
{
	struct file f = load("fx_pie_x86_64", true);
	uint64_t first = phdr(&f, find_ph(&f, PT_LOAD, 0, 0))->p_vaddr;

	(void)state;
	assert_int_equal(ehdr(&f)->e_type, ET_DYN);
	check_valid(&f, EM_X86_64);
	assert_true(info.pie);
	assert_int_equal(info.bias, PIE_BASE);
	assert_int_equal(info.lo, (first + PIE_BASE) & ~(PAGE_SIZE - 1));
	assert_rejects(parse(&f, EM_AARCH64, USER_TOP), "architecture");

	/* Placed at 0, a PIE's first segment would sit in the null page. */
	assert_rejects(
		elf_parse(f.data, f.size, EM_X86_64, 0, USER_TOP, &info, &why),
		"first page");
	/* Placed just under the top, it does not fit. */
	assert_rejects(elf_parse(f.data, f.size, EM_X86_64,
				 USER_TOP - PAGE_SIZE, USER_TOP, &info, &why),
		       "user address space");
	free(f.data);
}

static void test_dynamic_glibc(void **state)
{
	struct file f = load("fx_dynamic", false);

	(void)state;
	find_ph(&f, PT_INTERP, 0, 0);
	assert_rejects(parse(&f, EM_X86_64, USER_TOP), "dynamically linked");
	free(f.data);
}

/* The least a file must hold: its program headers and every segment. */
static size_t needed_size(const struct file *f)
{
	const Elf64_Ehdr *h = ehdr(f);
	size_t need = h->e_phoff + (size_t)h->e_phnum * h->e_phentsize;

	for (int i = 0; i < h->e_phnum; i++) {
		const Elf64_Phdr *p = phdr(f, i);

		if (p->p_type == PT_LOAD && p->p_memsz &&
		    p->p_offset + p->p_filesz > need)
			need = p->p_offset + p->p_filesz;
	}
	return need;
}

/* Every prefix in its own exact-size allocation, so ASan sees overreads. */
static void check_truncations(const char *name, uint16_t machine)
{
	struct file f = load(name, false);
	size_t need = needed_size(&f);

	assert_true(need > 4096 && need <= f.size);
	for (size_t len = 0; len <= f.size; len++) {
		struct file t = { malloc(len ? len : 1), len };
		int r;

		assert_non_null(t.data);
		memcpy(t.data, f.data, len);
		r = parse(&t, machine, USER_TOP);
		if (len < need) {
			if (r != -ENOEXEC || !why || !*why)
				fail_msg("%s cut to %zu bytes: returned %d",
					 name, len, r);
		} else if (r != 0) {
			fail_msg("%s cut to %zu bytes (needs %zu): %s", name,
				 len, need, why);
		}
		free(t.data);
	}
	free(f.data);
}

static void test_truncated_x86_64(void **state)
{
	(void)state;
	check_truncations("fx_static_x86_64", EM_X86_64);
}

static void test_truncated_arm64(void **state)
{
	(void)state;
	check_truncations("fx_static_arm64", EM_AARCH64);
}

/* A user_top just above the first segment's start leaves it no room. */
static void test_small_user_top(void **state)
{
	struct file f = load("fx_static_x86_64", false);
	uint64_t lo = phdr(&f, find_ph(&f, PT_LOAD, 0, 0))->p_vaddr;

	(void)state;
	assert_rejects(parse(&f, EM_X86_64, lo + 1), "user address space");
	assert_rejects(parse(&f, EM_X86_64, 0), "user address space");
	free(f.data);
}

/* Files in a cpio archive are only 4-byte aligned: any alignment parses,
 * with the same result. */
static void test_unaligned_buffer(void **state)
{
	struct file f = load("fx_static_x86_64", false);
	unsigned char *raw = malloc(f.size + 8);
	struct elf_info ref;

	(void)state;
	assert_non_null(raw);
	assert_int_equal(elf_parse(f.data, f.size, EM_X86_64, PIE_BASE,
				   USER_TOP, &ref, &why),
			 0);
	for (int off = 1; off < 8; off++) {
		memcpy(raw + off, f.data, f.size);
		assert_int_equal(elf_parse(raw + off, f.size, EM_X86_64,
					   PIE_BASE, USER_TOP, &info, &why),
				 0);
		assert_memory_equal(&info, &ref, sizeof(ref));
	}
	free(raw);
	free(f.data);
}

/* One field of a valid static x86_64 file broken in memory. */
struct corruption {
	void (*mutate)(struct file *f);
	const char *why;
};

static void test_corrupt(void **state)
{
	const struct corruption *c = *state;
	struct file f = load("fx_static_x86_64", false);

	assert_int_equal(parse(&f, EM_X86_64, USER_TOP), 0);
	c->mutate(&f);
	assert_rejects(parse(&f, EM_X86_64, USER_TOP), c->why);
	free(f.data);
}

static Elf64_Phdr *exec_load(struct file *f)
{
	return phdr(f, find_ph(f, PT_LOAD, PF_X, 0));
}

static void bad_magic(struct file *f)
{
	f->data[EI_MAG1] = 'X';
}

static void class32(struct file *f)
{
	f->data[EI_CLASS] = ELFCLASS32;
}

static void big_endian(struct file *f)
{
	f->data[EI_DATA] = ELFDATA2MSB;
}

static void type_rel(struct file *f)
{
	ehdr(f)->e_type = ET_REL;
}

static void type_core(struct file *f)
{
	ehdr(f)->e_type = ET_CORE;
}

static void phentsize(struct file *f)
{
	ehdr(f)->e_phentsize = sizeof(Elf32_Phdr);
}

static void phoff_past_end(struct file *f)
{
	ehdr(f)->e_phoff = f->size;
}

static void phoff_huge(struct file *f)
{
	ehdr(f)->e_phoff = UINT64_MAX - 7;
}

static void phoff_tail(struct file *f)
{
	ehdr(f)->e_phoff = (f->size - sizeof(Elf64_Phdr)) & ~7ul;
}

static void phoff_misaligned(struct file *f)
{
	ehdr(f)->e_phoff += 4;
}

static void phnum_huge(struct file *f)
{
	ehdr(f)->e_phnum = 0xffff;
}

static void phnum_zero(struct file *f)
{
	ehdr(f)->e_phnum = 0;
}

static void interp(struct file *f)
{
	for (int i = 0; i < ehdr(f)->e_phnum; i++) {
		if (phdr(f, i)->p_type != PT_LOAD) {
			phdr(f, i)->p_type = PT_INTERP;
			return;
		}
	}
	fail_msg("no spare program header");
}

static void filesz_gt_memsz(struct file *f)
{
	Elf64_Phdr *p = phdr(f, find_ph(f, PT_LOAD, PF_W, 0));

	p->p_filesz = p->p_memsz + 1;
}

static void filesz_past_file(struct file *f)
{
	Elf64_Phdr *p = exec_load(f);

	p->p_filesz = f->size - p->p_offset + 1;
	p->p_memsz = p->p_filesz;
}

static void offset_past_file(struct file *f)
{
	Elf64_Phdr *p = exec_load(f);

	p->p_offset = f->size + 1;
}

/* offset + filesz wraps around to a small number. */
static void filesz_wraps(struct file *f)
{
	Elf64_Phdr *p = exec_load(f);

	p->p_filesz = -p->p_offset;
	p->p_memsz = p->p_filesz;
}

static void write_exec(struct file *f)
{
	exec_load(f)->p_flags |= PF_W;
}

static void vaddr_misaligned(struct file *f)
{
	exec_load(f)->p_vaddr += 8;
}

static void offset_misaligned(struct file *f)
{
	exec_load(f)->p_offset += 0x10;
}

static void above_user_top(struct file *f)
{
	Elf64_Phdr *p = exec_load(f);

	p->p_vaddr = USER_TOP + (p->p_offset & (PAGE_SIZE - 1));
}

static void vaddr_wraps(struct file *f)
{
	Elf64_Phdr *p = exec_load(f);

	p->p_vaddr = -PAGE_SIZE + (p->p_offset & (PAGE_SIZE - 1));
	p->p_memsz += PAGE_SIZE;
}

static void first_page(struct file *f)
{
	Elf64_Phdr *p = phdr(f, find_ph(f, PT_LOAD, 0, 0));

	p->p_vaddr = p->p_offset & (PAGE_SIZE - 1);
}

static void entry_low(struct file *f)
{
	ehdr(f)->e_entry = 0x100;
}

static void entry_high(struct file *f)
{
	ehdr(f)->e_entry = USER_TOP - 1;
}

static void no_loads(struct file *f)
{
	for (int i = 0; i < ehdr(f)->e_phnum; i++) {
		if (phdr(f, i)->p_type == PT_LOAD)
			phdr(f, i)->p_type = PT_NULL;
	}
}

/* Moves the load after the executable one into its last page. */
static void shared_page(struct file *f)
{
	int x = find_ph(f, PT_LOAD, PF_X, 0);
	Elf64_Phdr *a = phdr(f, x), *b = phdr(f, find_ph(f, PT_LOAD, 0, x + 1));
	uint64_t last = (a->p_vaddr + a->p_memsz - 1) & ~(PAGE_SIZE - 1);

	assert_int_not_equal(a->p_flags, b->p_flags);
	b->p_vaddr = last + (b->p_offset & (PAGE_SIZE - 1));
}

#define CORRUPT(fn, msg)                                           \
	{                                                          \
		.name = "corrupt_" #fn, .test_func = test_corrupt, \
		.initial_state = &(struct corruption){ fn, msg },  \
	}

/* A small file made here: the headers, then one page per segment, all
 * read-only but the first, which is also executable and holds the entry. */
static struct file synth(int nload, bool phdrs_loaded, bool with_pt_phdr)
{
	int nph = nload + (with_pt_phdr ? 1 : 0);
	struct file f = { calloc(nload + 1, PAGE_SIZE),
			  (nload + 1) * PAGE_SIZE };
	Elf64_Ehdr *h = ehdr(&f);

	assert_non_null(f.data);
	memcpy(h->e_ident, ELFMAG, SELFMAG);
	h->e_ident[EI_CLASS] = ELFCLASS64;
	h->e_ident[EI_DATA] = ELFDATA2LSB;
	h->e_ident[EI_VERSION] = EV_CURRENT;
	h->e_type = ET_EXEC;
	h->e_machine = EM_X86_64;
	h->e_version = EV_CURRENT;
	h->e_phoff = sizeof(*h);
	h->e_ehsize = sizeof(*h);
	h->e_phentsize = sizeof(Elf64_Phdr);
	h->e_phnum = nph;

	uint64_t base = phdrs_loaded ? 0 : PAGE_SIZE;

	h->e_entry = 0x400100 + base;
	for (int i = 0; i < nload; i++) {
		*phdr(&f, i) = (Elf64_Phdr){
			.p_type = PT_LOAD,
			.p_flags = i ? PF_R : PF_R | PF_X,
			.p_offset = base + i * PAGE_SIZE,
			.p_vaddr = 0x400000 + base + i * PAGE_SIZE,
			.p_filesz = PAGE_SIZE,
			.p_memsz = PAGE_SIZE,
			.p_align = PAGE_SIZE,
		};
	}
	if (with_pt_phdr) {
		*phdr(&f, nload) =
			(Elf64_Phdr){ .p_type = PT_PHDR, .p_vaddr = 0x400040 };
	}
	return f;
}

static void test_synth_max_segments(void **state)
{
	struct file f = synth(ELF_MAX_SEGMENTS, true, false);

	(void)state;
	assert_int_equal(parse(&f, EM_X86_64, USER_TOP), 0);
	assert_int_equal(info.nseg, ELF_MAX_SEGMENTS);
	assert_int_equal(info.lo, 0x400000);
	assert_int_equal(info.hi, 0x400000 + ELF_MAX_SEGMENTS * PAGE_SIZE);
	assert_int_equal(info.entry, 0x400100);
	assert_int_equal(info.phdr, 0x400040);
	assert_int_equal(info.seg[0].prot, VM_READ | VM_EXEC);
	assert_int_equal(info.seg[1].prot, VM_READ);
	free(f.data);

	f = synth(ELF_MAX_SEGMENTS + 1, true, false);
	assert_rejects(parse(&f, EM_X86_64, USER_TOP), "too many");
	free(f.data);
}

static void test_synth_empty_segment(void **state)
{
	struct file f = synth(3, true, false);

	(void)state;
	phdr(&f, 1)->p_memsz = 0;
	phdr(&f, 1)->p_filesz = 0;
	assert_int_equal(parse(&f, EM_X86_64, USER_TOP), 0);
	assert_int_equal(info.nseg, 2);
	assert_int_equal(info.seg[1].vaddr, 0x402000);
	free(f.data);
}

/* The entry point may be anywhere in [lo, hi), and nowhere else. */
static void test_synth_entry_bounds(void **state)
{
	struct file f = synth(2, true, false);
	Elf64_Ehdr *h = ehdr(&f);

	(void)state;
	h->e_entry = 0x400000;
	assert_int_equal(parse(&f, EM_X86_64, USER_TOP), 0);
	h->e_entry = 0x401fff;
	assert_int_equal(parse(&f, EM_X86_64, USER_TOP), 0);
	assert_int_equal(info.hi, 0x402000);
	h->e_entry = 0x402000;
	assert_rejects(parse(&f, EM_X86_64, USER_TOP), "entry point");
	h->e_entry = 0x3fffff;
	assert_rejects(parse(&f, EM_X86_64, USER_TOP), "entry point");
	free(f.data);
}

static void test_synth_phdr(void **state)
{
	struct file f = synth(2, false, false);

	(void)state;
	assert_rejects(parse(&f, EM_X86_64, USER_TOP), "AT_PHDR");
	free(f.data);

	f = synth(2, false, true);
	assert_int_equal(parse(&f, EM_X86_64, USER_TOP), 0);
	assert_int_equal(info.phdr, 0x400040);
	assert_int_equal(info.lo, 0x401000);
	free(f.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static_x86_64),
		cmocka_unit_test(test_static_arm64),
		cmocka_unit_test(test_static_pie_x86_64),
		cmocka_unit_test(test_dynamic_glibc),
		cmocka_unit_test(test_truncated_x86_64),
		cmocka_unit_test(test_truncated_arm64),
		cmocka_unit_test(test_small_user_top),
		cmocka_unit_test(test_unaligned_buffer),
		cmocka_unit_test(test_synth_max_segments),
		cmocka_unit_test(test_synth_empty_segment),
		cmocka_unit_test(test_synth_entry_bounds),
		cmocka_unit_test(test_synth_phdr),
		CORRUPT(bad_magic, "not an ELF"),
		CORRUPT(class32, "64-bit"),
		CORRUPT(big_endian, "little-endian"),
		CORRUPT(type_rel, "not an executable"),
		CORRUPT(type_core, "not an executable"),
		CORRUPT(phentsize, "program header size"),
		CORRUPT(phoff_past_end, "outside the file"),
		CORRUPT(phoff_huge, "outside the file"),
		CORRUPT(phoff_tail, "outside the file"),
		CORRUPT(phoff_misaligned, "misaligned"),
		CORRUPT(phnum_huge, "outside the file"),
		CORRUPT(phnum_zero, "outside the file"),
		CORRUPT(interp, "dynamically linked"),
		CORRUPT(filesz_gt_memsz, "exceeds its memory size"),
		CORRUPT(filesz_past_file, "outside the file"),
		CORRUPT(offset_past_file, "outside the file"),
		CORRUPT(filesz_wraps, "outside the file"),
		CORRUPT(write_exec, "writable and executable"),
		CORRUPT(vaddr_misaligned, "modulo the page size"),
		CORRUPT(offset_misaligned, "modulo the page size"),
		CORRUPT(above_user_top, "user address space"),
		CORRUPT(vaddr_wraps, "user address space"),
		CORRUPT(first_page, "first page"),
		CORRUPT(entry_low, "entry point"),
		CORRUPT(entry_high, "entry point"),
		CORRUPT(no_loads, "no loadable segments"),
		CORRUPT(shared_page, "share a page"),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
