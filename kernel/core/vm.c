// SPDX-License-Identifier: MIT
// vm.c: 4-level page tables (both ports share the shape), the kernel's own
// mappings, and device mappings.

#define LOG_COMP "mm"
#include <kiln/errno.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <string.h>

#define EARLY_TABLES 8
#define MAX_DEVICES 16

uint64_t kimage_pa;

/* Tables needed before the page allocator runs (the arm64 console). */
static pte_t early_pool[EARLY_TABLES][512] __attribute__((aligned(4096)));
static int early_used;

static struct phys_range devices[MAX_DEVICES];
static int ndevices;
static pte_t *kernel_root;

uint64_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= (uintptr_t)__kernel_start)
		return v - (uintptr_t)__kernel_start + kimage_pa;
	return v - KERNEL_DIRECT_BASE;
}

static pte_t *table_alloc(void)
{
	if (page_ready())
		return page_alloc_zeroed();
	if (early_used == EARLY_TABLES)
		panic("out of early page tables");
	return early_pool[early_used++];
}

static int index_of(uintptr_t va, int level)
{
	return (va >> (39 - 9 * level)) & 511;
}

/* Returns the entry for va at the given level (0 = root), creating tables
 * on the way when create is set. */
static pte_t *walk(pte_t *root, uintptr_t va, int level, bool create)
{
	pte_t *t = root;

	for (int l = 0; l < level; l++) {
		pte_t *e = &t[index_of(va, l)];

		if (!arch_pte_valid(*e)) {
			pte_t *n;

			if (!create)
				return NULL;
			n = table_alloc();
			if (!n)
				return NULL;
			*e = arch_pte_table(virt_to_phys(n));
		} else if (!arch_pte_is_table(*e, l)) {
			return NULL; /* a block covers it */
		}
		t = phys_to_virt(arch_pte_pa(*e));
	}
	return &t[index_of(va, level)];
}

int vm_map(pte_t *root, uintptr_t va, uint64_t pa, size_t size, int prot,
	   bool block)
{
	size_t done = 0;

	while (done < size) {
		uintptr_t v = va + done;
		uint64_t p = pa + done;
		bool big = block && ((v | p) & (BLOCK_SIZE - 1)) == 0 &&
			   size - done >= BLOCK_SIZE;
		int level = big ? 2 : 3;
		pte_t *e = walk(root, v, level, true);

		if (!e)
			return -ENOMEM;
		*e = arch_pte_leaf(p, prot, level);
		done += big ? BLOCK_SIZE : PAGE_SIZE;
	}
	return 0;
}

pte_t *vm_lookup(pte_t *root, uintptr_t va)
{
	pte_t *e = walk(root, va, 3, false);

	return e && arch_pte_valid(*e) ? e : NULL;
}

uint64_t vm_unmap_page(pte_t *root, uintptr_t va)
{
	pte_t *e = vm_lookup(root, va);
	uint64_t pa;

	if (!e)
		return 0;
	pa = arch_pte_pa(*e);
	*e = 0;
	arch_tlb_flush_page(va);
	return pa;
}

void vm_protect_page(pte_t *root, uintptr_t va, int prot)
{
	pte_t *e = vm_lookup(root, va);

	if (!e)
		return;
	*e = arch_pte_leaf(arch_pte_pa(*e), prot, 3);
	arch_tlb_flush_page(va);
}

void *vm_map_device(uint64_t pa, size_t size)
{
	uint64_t base = pa & ~(PAGE_SIZE - 1);
	uint64_t end = (pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	pte_t *root = kernel_root ? kernel_root : arch_root(false);

	if (ndevices == MAX_DEVICES)
		panic("too many device regions");
	devices[ndevices++] = (struct phys_range){ base, end - base };
	if (vm_map(root, (uintptr_t)phys_to_virt(base), base, end - base,
		   VM_READ | VM_WRITE | VM_DEVICE, false))
		panic("cannot map device at %#lx", (unsigned long)pa);
	arch_tlb_flush_all();
	return phys_to_virt(pa);
}

static void map_image(pte_t *root, char *start, char *end, int prot)
{
	uintptr_t va = (uintptr_t)start;

	if (vm_map(root, va, virt_to_phys(start), end - start, prot, false))
		panic("out of memory mapping the kernel image");
}

void vm_init(struct boot_info *bi)
{
	pte_t *root = page_alloc_zeroed();
	pte_t *user = page_alloc_zeroed();

	if (!root || !user)
		panic("out of memory for page tables");

	for (int i = 0; i < bi->nram; i++) {
		struct phys_range *r = &bi->ram[i];

		if (vm_map(root, (uintptr_t)phys_to_virt(r->base), r->base,
			   r->size, VM_READ | VM_WRITE, true))
			panic("out of memory mapping RAM");
	}
	map_image(root, __kernel_start, __text_end, VM_READ | VM_EXEC);
	map_image(root, __text_end, __rodata_end, VM_READ);
	map_image(root, __rodata_end, __kernel_end, VM_READ | VM_WRITE);
	for (int i = 0; i < ndevices; i++) {
		if (vm_map(root, (uintptr_t)phys_to_virt(devices[i].base),
			   devices[i].base, devices[i].size,
			   VM_READ | VM_WRITE | VM_DEVICE, false))
			panic("out of memory mapping devices");
	}

	kernel_root = root;
	arch_mmu_switch(virt_to_phys(root), virt_to_phys(user));
	log_debug("kernel tables live: text %lu KiB, image %lu KiB",
		  (unsigned long)(__text_end - __kernel_start) / 1024,
		  (unsigned long)(__kernel_end - __kernel_start) / 1024);
}
