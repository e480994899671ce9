// SPDX-License-Identifier: MIT
// heap.c: kernel heap. Power-of-two size classes carved from pages, and
// whole page runs for large blocks. A 16-byte header keeps the size.

#include <kiln/log.h>
#include <kiln/mm.h>
#include <string.h>

#define MIN_SHIFT 4
#define MAX_SHIFT 11 /* classes 16 B .. 2 KiB */
#define HDR 16
#define MAGIC 0x6b696c6e

struct hdr {
	uint32_t magic;
	uint32_t shift; /* size class, or 0 for a page run */
	uint64_t npages; /* for page runs */
};

struct free_block {
	struct free_block *next;
};

static struct free_block *classes[MAX_SHIFT + 1];

static int class_of(size_t total)
{
	int s = MIN_SHIFT;

	while ((1ul << s) < total)
		s++;
	return s;
}

static bool refill(int shift)
{
	uint64_t pa = page_alloc(1);
	char *p;

	if (!pa)
		return false;
	p = phys_to_virt(pa);
	for (size_t off = 0; off + (1ul << shift) <= PAGE_SIZE;
	     off += 1ul << shift) {
		struct free_block *b = (struct free_block *)(p + off);

		b->next = classes[shift];
		classes[shift] = b;
	}
	return true;
}

void *kmalloc(size_t size)
{
	size_t total = size + HDR;
	struct hdr *h;

	if (size > (1ul << 40))
		return NULL;
	if (total > (1ul << MAX_SHIFT)) {
		size_t n = (total + PAGE_SIZE - 1) / PAGE_SIZE;
		uint64_t pa = page_alloc(n);

		if (!pa)
			return NULL;
		h = phys_to_virt(pa);
		*h = (struct hdr){ MAGIC, 0, n };
		return (char *)h + HDR;
	}

	int s = class_of(total);

	if (!classes[s] && !refill(s))
		return NULL;
	h = (struct hdr *)classes[s];
	classes[s] = classes[s]->next;
	*h = (struct hdr){ MAGIC, (uint32_t)s, 0 };
	return (char *)h + HDR;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	struct hdr *h;

	if (!p)
		return;
	h = (struct hdr *)((char *)p - HDR);
	if (h->magic != MAGIC)
		panic("kfree of a pointer the heap did not hand out: %p", p);
	uint32_t shift = h->shift;

	h->magic = 0;
	if (shift == 0) {
		page_free(virt_to_phys(h), h->npages);
		return;
	}
	struct free_block *b = (struct free_block *)h;

	b->next = classes[shift];
	classes[shift] = b;
}
