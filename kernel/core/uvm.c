// SPDX-License-Identifier: MIT
// uvm.c: the program's regions, demand-zero pages and user copies.

#define LOG_COMP "mm"
#include <kiln/errno.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/uvm.h>
#include <string.h>

static struct vma regions[UVM_MAX_REGIONS];
static int nregions;
static size_t resident;

#define PAGE_DOWN(a) ((a) & ~(PAGE_SIZE - 1))
#define PAGE_UP(a) (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

static pte_t *uroot(void)
{
	return arch_root(true);
}

/* Memory the page allocator does not own, mapped into the program without
 * a copy: the kernel image and the root archive when it came as an initrd.
 * Such pages are never freed or written. */
static struct phys_range shared[2];

void uvm_share_range(uint64_t base, uint64_t size)
{
	shared[1] = (struct phys_range){ base, size };
}

static bool is_image_page(uint64_t pa)
{
	for (int i = 0; i < 2; i++) {
		if (pa >= shared[i].base &&
		    pa - shared[i].base < shared[i].size)
			return true;
	}
	return false;
}

void uvm_init(void)
{
	shared[0].base = kimage_pa;
	shared[0].size = (uint64_t)(__kernel_end - __kernel_start);
	nregions = 0;
	resident = 0;
}

static void insert_at(int i, struct vma v)
{
	memmove(&regions[i + 1], &regions[i],
		(nregions - i) * sizeof(regions[0]));
	regions[i] = v;
	nregions++;
}

static void delete_at(int i)
{
	memmove(&regions[i], &regions[i + 1],
		(nregions - i - 1) * sizeof(regions[0]));
	nregions--;
}

/* Joins neighbours that touch and share a protection. */
static void merge_around(int i)
{
	if (i < 0 || i >= nregions)
		return;
	if (i + 1 < nregions && regions[i].end == regions[i + 1].start &&
	    regions[i].prot == regions[i + 1].prot) {
		regions[i].end = regions[i + 1].end;
		delete_at(i + 1);
	}
	if (i > 0) {
		struct vma *prev = &regions[i - 1], *cur = prev + 1;

		if (prev->end == cur->start && prev->prot == cur->prot) {
			prev->end = cur->end;
			delete_at(i);
		}
	}
}

/* The last user page stays unmapped: a syscall instruction there would
 * return to a non-canonical address, which sysret turns into a fault taken
 * in the kernel with the program's stack. */
int uvm_add(uintptr_t start, uintptr_t end, int prot)
{
	int i = 0;

	if (start >= end || end > USER_TOP - PAGE_SIZE || start < PAGE_SIZE)
		return -ENOMEM;
	while (i < nregions && regions[i].end <= start)
		i++;
	if (i < nregions && regions[i].start < end)
		return -ENOMEM;
	if (nregions == UVM_MAX_REGIONS)
		return -ENOMEM;
	insert_at(i, (struct vma){ start, end, prot });
	merge_around(i);
	return 0;
}

static void free_pages(uintptr_t start, uintptr_t end)
{
	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t pa = vm_unmap_page(uroot(), va);

		if (pa && !is_image_page(pa)) {
			page_free(pa, 1);
			resident--;
		}
	}
}

void uvm_discard(uintptr_t start, uintptr_t end)
{
	free_pages(start, end);
}

/* Splits the region holding addr so that addr starts a region. */
static int split_at(uintptr_t addr)
{
	for (int i = 0; i < nregions; i++) {
		struct vma *v = &regions[i];

		if (v->start < addr && addr < v->end) {
			struct vma right = { addr, v->end, v->prot };

			if (nregions == UVM_MAX_REGIONS)
				return -ENOMEM;
			v->end = addr;
			insert_at(i + 1, right);
			return 0;
		}
	}
	return 0;
}

void uvm_remove(uintptr_t start, uintptr_t end)
{
	if (split_at(start) || split_at(end)) {
		/* No slot to split: drop only the pages; the region stays. */
		free_pages(start, end);
		return;
	}
	for (int i = 0; i < nregions;) {
		struct vma *v = &regions[i];

		if (v->start >= start && v->end <= end) {
			free_pages(v->start, v->end);
			delete_at(i);
		} else {
			i++;
		}
	}
}

static int copy_image_page(uintptr_t va, int prot)
{
	pte_t *e = vm_lookup(uroot(), va);
	uint64_t pa;

	if (!e || !is_image_page(arch_pte_pa(*e)))
		return 0;
	pa = page_alloc(1);
	if (!pa)
		return -ENOMEM;
	memcpy(phys_to_virt(pa), phys_to_virt(arch_pte_pa(*e)), PAGE_SIZE);
	*e = arch_pte_leaf(pa, prot | VM_USER, 3);
	arch_tlb_flush_page(va);
	resident++;
	return 0;
}

int uvm_protect(uintptr_t start, uintptr_t end, int prot)
{
	uintptr_t cur = start;

	for (int i = 0; i < nregions && cur < end; i++) {
		if (regions[i].end <= cur)
			continue;
		if (regions[i].start > cur)
			return -ENOMEM;
		cur = regions[i].end;
	}
	if (cur < end)
		return -ENOMEM;
	if (split_at(start) || split_at(end))
		return -ENOMEM;

	for (int i = 0; i < nregions; i++) {
		struct vma *v = &regions[i];

		if (v->start < start || v->end > end)
			continue;
		v->prot = prot;
		for (uintptr_t va = v->start; va < v->end; va += PAGE_SIZE) {
			if ((prot & VM_WRITE) && copy_image_page(va, prot))
				return -ENOMEM;
			/* PROT_NONE keeps the page, for the kernel alone, so
			 * that its contents survive a later mprotect. */
			vm_protect_page(uroot(), va,
					prot ? prot | VM_USER : VM_READ);
		}
	}
	for (int i = nregions - 1; i >= 0; i--) {
		if (i < nregions)
			merge_around(i);
	}
	return 0;
}

int uvm_map_page(uintptr_t va, uint64_t pa, int prot)
{
	if (vm_map(uroot(), va, pa, PAGE_SIZE, prot | VM_USER, false))
		return -ENOMEM;
	if (!is_image_page(pa))
		resident++;
	return 0;
}

const struct vma *uvm_find(uintptr_t addr)
{
	for (int i = 0; i < nregions; i++) {
		if (regions[i].start <= addr && addr < regions[i].end)
			return &regions[i];
	}
	return NULL;
}

uintptr_t uvm_find_free(size_t len, uintptr_t hint)
{
	uintptr_t top = USER_MMAP_TOP;

	len = PAGE_UP(len);
	if (hint && hint == PAGE_DOWN(hint) && hint + len > hint &&
	    hint + len <= USER_MMAP_TOP) {
		bool clash = false;

		for (int i = 0; i < nregions; i++) {
			if (regions[i].start < hint + len &&
			    hint < regions[i].end)
				clash = true;
		}
		if (!clash)
			return hint;
	}
	for (int i = nregions - 1; i >= -1; i--) {
		uintptr_t lo = i >= 0 ? regions[i].end : PAGE_SIZE;

		if (i >= 0 && regions[i].start >= top)
			continue;
		if (top >= lo + len && top - len >= lo)
			return top - len;
		if (i >= 0)
			top = regions[i].start < top ? regions[i].start : top;
	}
	return 0;
}

int uvm_fault(uintptr_t addr, int access)
{
	const struct vma *v = uvm_find(addr);
	uintptr_t va = PAGE_DOWN(addr);
	uint64_t pa;

	if (!v || (access & ~v->prot))
		return -EFAULT;
	if (vm_lookup(uroot(), va)) {
		/* Present but the access faulted: a write to a shared image
		 * page after mprotect, or a real protection fault. */
		return -EFAULT;
	}
	pa = page_alloc(1);
	if (!pa)
		return -ENOMEM;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	if (vm_map(uroot(), va, pa, PAGE_SIZE, v->prot | VM_USER, false)) {
		page_free(pa, 1);
		return -ENOMEM;
	}
	resident++;
	return 0;
}

int uvm_populate(uintptr_t addr, size_t len, int access)
{
	uintptr_t end = addr + len;

	if (end < addr || end > USER_TOP)
		return -EFAULT;
	for (uintptr_t va = PAGE_DOWN(addr); va < end; va += PAGE_SIZE) {
		const struct vma *v = uvm_find(va);

		if (!v || (access & ~v->prot))
			return -EFAULT;
		if (!vm_lookup(uroot(), va)) {
			int r = uvm_fault(va, access);

			if (r)
				return r;
		}
	}
	return 0;
}

size_t uvm_resident_pages(void)
{
	return resident;
}

int copy_from_user(void *dst, uintptr_t src, size_t n)
{
	int r = uvm_populate(src, n, VM_READ);

	if (r)
		return r == -ENOMEM ? r : -EFAULT;
	memcpy(dst, (const void *)src, n);
	return 0;
}

int copy_to_user(uintptr_t dst, const void *src, size_t n)
{
	int r = uvm_populate(dst, n, VM_WRITE);

	if (r)
		return r == -ENOMEM ? r : -EFAULT;
	memcpy((void *)dst, src, n);
	return 0;
}

int strncpy_from_user(char *dst, uintptr_t src, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		int r = copy_from_user(&dst[i], src + i, 1);

		if (r)
			return r;
		if (!dst[i])
			return (int)i;
	}
	return -ENAMETOOLONG;
}
