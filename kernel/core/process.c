// SPDX-License-Identifier: MIT
// process.c: loads the program from the image, builds the Linux initial
// stack (argv, envp, auxv) and ends the run with the program's status.

#define LOG_COMP "proc"
#include <kiln/arch.h>
#include <kiln/elf.h>
#include <kiln/errno.h>
#include <kiln/log.h>
#include <kiln/file.h>
#include <kiln/mm.h>
#include <kiln/net.h>
#include <kiln/process.h>
#include <kiln/random.h>
#include <kiln/time.h>
#include <kiln/uvm.h>
#include <string.h>

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31

#define STACK_BUILD_MAX (64 * 1024)
#define AUXV_PAIRS 19 /* the AUX() lines in build_stack, AT_NULL included */

static int map_segment(const struct program *p, const struct elf_segment *s)
{
	uintptr_t first = s->vaddr & ~(PAGE_SIZE - 1);
	uintptr_t end = s->vaddr + s->memsz;
	uint64_t file_lo = s->offset, file_hi = s->offset + s->filesz;

	for (uintptr_t va = first; va < end; va += PAGE_SIZE) {
		uint64_t off =
			s->offset - (s->vaddr - va); /* file offset of va */
		int r;

		if (!uvm_find(va) && (r = uvm_add(va, va + PAGE_SIZE, s->prot)))
			return r;

		/* Read-only pages wholly backed by the file are the image's
		 * own pages: no copy. */
		if (!(s->prot & VM_WRITE) && s->filesz == s->memsz &&
		    ((uintptr_t)p->file & (PAGE_SIZE - 1)) == 0) {
			const char *src = (const char *)p->file + off;

			r = uvm_map_page(va, virt_to_phys(src), s->prot);
			if (r)
				return r;
			continue;
		}

		uint64_t pa = page_alloc(1);
		char *dst;

		if (!pa)
			return -ENOMEM;
		dst = phys_to_virt(pa);
		memset(dst, 0, PAGE_SIZE);
		for (size_t i = 0; i < PAGE_SIZE; i++) {
			uint64_t o = off + i;

			if (o >= file_lo && o < file_hi && va + i >= s->vaddr)
				dst[i] = ((const char *)p->file)[o];
		}
		r = uvm_map_page(va, pa, s->prot);
		if (r)
			return r;
	}
	return 0;
}

struct stack_builder {
	char *buf; /* kernel copy of the top of the stack */
	uintptr_t top; /* user address of buf + STACK_BUILD_MAX */
	size_t used; /* bytes taken from the top for strings */
};

static uintptr_t push_bytes(struct stack_builder *b, const void *src, size_t n)
{
	if (b->used + n > STACK_BUILD_MAX / 2)
		return 0;
	b->used += n;
	memcpy(b->buf + STACK_BUILD_MAX - b->used, src, n);
	return b->top - b->used;
}

static uintptr_t push_str(struct stack_builder *b, const char *s)
{
	return push_bytes(b, s, strlen(s) + 1);
}

static int build_stack(const struct program *p, const struct elf_info *ei,
		       uintptr_t *sp_out)
{
	struct stack_builder b = { .top = USER_STACK_TOP };
	uint64_t *vec;
	uintptr_t rnd, plat, execfn, *argv_at, *env_at, sp;
	unsigned char seed[16];
	size_t nwords, k = 0;
	int r = -E2BIG;

	b.buf = kmalloc(STACK_BUILD_MAX);
	argv_at = kmalloc(sizeof(uintptr_t) * (p->argc + p->envc + 1));
	if (!b.buf || !argv_at)
		goto out;
	env_at = argv_at + p->argc;

	random_bytes(seed, sizeof(seed));
	if (!(rnd = push_bytes(&b, seed, sizeof(seed))) ||
	    !(plat = push_str(&b, arch_platform())) ||
	    !(execfn = push_str(&b, p->path)))
		goto out;
	for (int i = 0; i < p->argc; i++) {
		if (!(argv_at[i] = push_str(&b, p->argv[i])))
			goto out;
	}
	for (int i = 0; i < p->envc; i++) {
		if (!(env_at[i] = push_str(&b, p->envp[i])))
			goto out;
	}

	/* argc, argv[], NULL, envp[], NULL, then auxv pairs. */
	nwords = 1 + p->argc + 1 + p->envc + 1 + 2 * AUXV_PAIRS;
	sp = (b.top - b.used - nwords * 8) & ~15ul;
	if (b.top - sp > STACK_BUILD_MAX)
		goto out;
	vec = (uint64_t *)(b.buf + STACK_BUILD_MAX - (b.top - sp));
	vec[k++] = p->argc;
	for (int i = 0; i < p->argc; i++)
		vec[k++] = argv_at[i];
	vec[k++] = 0;
	for (int i = 0; i < p->envc; i++)
		vec[k++] = env_at[i];
	vec[k++] = 0;
#define AUX(t, v) (vec[k++] = (t), vec[k++] = (uint64_t)(v))
	AUX(AT_PHDR, ei->phdr);
	AUX(AT_PHENT, ei->phent);
	AUX(AT_PHNUM, ei->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, ei->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, rnd);
	AUX(AT_HWCAP, arch_hwcap());
	AUX(AT_HWCAP2, arch_hwcap2());
	AUX(AT_CLKTCK, 100);
	AUX(AT_PLATFORM, plat);
	AUX(AT_EXECFN, execfn);
	AUX(AT_NULL, 0);
#undef AUX
	assert(k == nwords);
	r = copy_to_user(sp, vec, b.top - sp);
	*sp_out = sp;
out:
	kfree(argv_at);
	kfree(b.buf);
	return r;
}

void program_start(const struct program *p)
{
	struct elf_info ei;
	const char *why;
	uintptr_t sp;
	int r;

	r = elf_parse(p->file, p->size, arch_elf_machine(), USER_PIE_BASE,
		      USER_MMAP_TOP, &ei, &why);
	if (r) {
		log_err("cannot run %s: %s", p->path, why);
		log_exit_status(126);
		arch_poweroff();
	}

	uvm_init();
	for (int i = 0; i < ei.nseg; i++) {
		r = map_segment(p, &ei.seg[i]);
		if (r)
			break;
	}
	if (!r)
		r = uvm_add(USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_TOP,
			    VM_READ | VM_WRITE);
	if (!r)
		r = build_stack(p, &ei, &sp);
	if (r) {
		log_err("cannot load %s: %s", p->path,
			r == -E2BIG ? "arguments and environment exceed 32 KiB"
				    : "out of memory; give the VM more (-m)");
		log_exit_status(126);
		arch_poweroff();
	}

	brk_init(ei.hi);
	log_info("starting %s (%s, %d args, entry %#lx), %lu KiB free", p->path,
		 ei.pie ? "static-PIE" : "static", p->argc,
		 (unsigned long)ei.entry,
		 (unsigned long)(page_free_count() * PAGE_SIZE / 1024));
	arch_enter_user(ei.entry, sp);
}

void program_exit(int status)
{
	/* Sockets close as the process ends; what they still hold goes out
	 * before the VM stops, for up to 5 s. */
	fd_close_all();
	net_drain(5 * NSEC_PER_SEC);
	log_info("program exited with status %d (%lu KiB resident)",
		 status & 255,
		 (unsigned long)(uvm_resident_pages() * PAGE_SIZE / 1024));
	log_exit_status(status & 255);
	arch_poweroff();
}

void program_kill(int sig, const char *why)
{
	log_err("program killed by signal %d: %s", sig, why);
	log_exit_status(128 + sig);
	arch_poweroff();
}
