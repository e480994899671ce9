// SPDX-License-Identifier: MIT
// page.c: physical page allocator, one bit per 4 KiB page of RAM.

#define LOG_COMP "mm"
#include <kiln/log.h>
#include <kiln/mm.h>
#include <string.h>

static uint64_t *bitmap; /* bit set: page in use or not RAM */
static uint64_t base_pfn, npages, nfree, hint;

static bool test_bit(uint64_t i)
{
	return bitmap[i / 64] & (1ull << (i % 64));
}

static void set_range(uint64_t first, uint64_t n, bool used)
{
	for (uint64_t i = first; i < first + n; i++) {
		if (used)
			bitmap[i / 64] |= 1ull << (i % 64);
		else
			bitmap[i / 64] &= ~(1ull << (i % 64));
	}
}

static void mark(uint64_t base, uint64_t size, bool used)
{
	uint64_t first = base >> PAGE_SHIFT;
	uint64_t last = (base + size + PAGE_SIZE - 1) >> PAGE_SHIFT;

	if (!used) { /* free only whole pages */
		first = (base + PAGE_SIZE - 1) >> PAGE_SHIFT;
		last = (base + size) >> PAGE_SHIFT;
	}
	if (first < base_pfn)
		first = base_pfn;
	if (last > base_pfn + npages)
		last = base_pfn + npages;
	if (last > first)
		set_range(first - base_pfn, last - first, used);
}

static bool overlaps_reserved(struct boot_info *bi, uint64_t base,
			      uint64_t size)
{
	for (int i = 0; i < bi->nreserved; i++) {
		struct phys_range *r = &bi->reserved[i];

		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

void page_init(struct boot_info *bi)
{
	uint64_t lo = ~0ull, hi = 0, map_bytes, map_pa = 0;

	for (int i = 0; i < bi->nram; i++) {
		uint64_t end = bi->ram[i].base + bi->ram[i].size;

		if (bi->ram[i].base < lo)
			lo = bi->ram[i].base;
		if (end > hi)
			hi = end;
	}
	if (lo >= hi)
		panic("no RAM reported by the boot loader");

	base_pfn = lo >> PAGE_SHIFT;
	npages = (hi >> PAGE_SHIFT) - base_pfn;
	map_bytes = ((npages + 63) / 64) * 8;

	/* The bitmap goes in the first RAM hole big enough that holds
	 * nothing reserved. */
	for (int i = 0; i < bi->nram && !map_pa; i++) {
		uint64_t b =
			(bi->ram[i].base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uint64_t end = bi->ram[i].base + bi->ram[i].size;

		for (; b + map_bytes <= end; b += PAGE_SIZE) {
			if (!overlaps_reserved(bi, b, map_bytes)) {
				map_pa = b;
				break;
			}
		}
	}
	if (!map_pa)
		panic("no room for the page bitmap (%lu bytes)",
		      (unsigned long)map_bytes);

	bitmap = phys_to_virt(map_pa);
	memset(bitmap, 0xff, map_bytes);
	for (int i = 0; i < bi->nram; i++)
		mark(bi->ram[i].base, bi->ram[i].size, false);
	for (int i = 0; i < bi->nreserved; i++)
		mark(bi->reserved[i].base, bi->reserved[i].size, true);
	mark(map_pa, map_bytes, true);
	mark(0, PAGE_SIZE, true); /* never hand out PA 0: it reads as "none" */

	nfree = 0;
	for (uint64_t i = 0; i < npages; i++)
		nfree += !test_bit(i);
}

uint64_t page_alloc(size_t n)
{
	uint64_t run = 0;

	if (n == 0 || n > nfree)
		return 0;

	for (uint64_t k = 0; k < npages; k++) {
		uint64_t i = (hint + k) % npages;

		if (i == 0)
			run = 0;
		if (test_bit(i)) {
			run = 0;
			continue;
		}
		if (++run == n) {
			uint64_t first = i + 1 - n;

			set_range(first, n, true);
			nfree -= n;
			hint = i + 1;
			return (base_pfn + first) << PAGE_SHIFT;
		}
	}
	return 0;
}

void page_free(uint64_t pa, size_t n)
{
	uint64_t first = (pa >> PAGE_SHIFT) - base_pfn;

	for (uint64_t i = first; i < first + n; i++) {
		if (i >= npages || !test_bit(i))
			panic("page_free of a page not in use: %#lx",
			      (unsigned long)((base_pfn + i) << PAGE_SHIFT));
	}
	set_range(first, n, false);
	nfree += n;
	if (first < hint)
		hint = first;
}

void *page_alloc_zeroed(void)
{
	uint64_t pa = page_alloc(1);

	if (!pa)
		return NULL;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return phys_to_virt(pa);
}

size_t page_free_count(void)
{
	return nfree;
}

size_t page_total_count(void)
{
	return npages;
}

bool page_ready(void)
{
	return bitmap != NULL;
}
