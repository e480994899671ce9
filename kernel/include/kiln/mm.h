/* SPDX-License-Identifier: MIT */
/* mm.h: physical pages, kernel page tables and the kernel heap. */
#ifndef KILN_MM_H
#define KILN_MM_H

#include <kiln/arch.h>
#include <kiln/boot.h>

/* Physical pages: a bitmap over RAM, contiguous runs on request. */
void page_init(struct boot_info *bi);
uint64_t page_alloc(size_t npages); /* returns a PA, 0 when out of memory */
void page_free(uint64_t pa, size_t npages);
size_t page_free_count(void);
size_t page_total_count(void);
bool page_ready(void);

/* Zeroed page, returned as a kernel (direct-map) pointer; NULL when out. */
void *page_alloc_zeroed(void);

/* Maps [va, va+size) to [pa, ...) in root with prot (VM_*). Blocks of
 * 2 MiB are used when both addresses and the size allow and block is set.
 * Returns 0 or -ENOMEM. */
int vm_map(pte_t *root, uintptr_t va, uint64_t pa, size_t size, int prot,
	   bool block);
/* Looks up the leaf entry for va; NULL if none. */
pte_t *vm_lookup(pte_t *root, uintptr_t va);
/* Removes the page at va; returns its PA or 0 if none was mapped. */
uint64_t vm_unmap_page(pte_t *root, uintptr_t va);
/* Changes the protection of the page at va if mapped. */
void vm_protect_page(pte_t *root, uintptr_t va, int prot);

/* Builds the final kernel tables (RAM direct map without execute, kernel
 * image with text RX, rodata R, data RW) and switches to them. */
void vm_init(struct boot_info *bi);
/* Maps a device region uncached at its direct-map address and returns it.
 * Works before and after vm_init. */
void *vm_map_device(uint64_t pa, size_t size);

/* Kernel heap. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

/* memstat=SECONDS: logs free pages, the program's resident pages and the
 * network pools periodically (memstat.c); memstat_log logs them now. */
struct cmdline;
void memstat_init(const struct cmdline *c);
void memstat_log(void);

/* Image layout from the linker script. */
extern char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];
extern char __bss_start[], __bss_end[];
extern char __rootfs_start[], __rootfs_end[];
extern uint64_t kimage_pa; /* physical address of __kernel_start */

#endif
