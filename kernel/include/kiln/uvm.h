/* SPDX-License-Identifier: MIT */
/* uvm.h: the program's address space: regions (VMAs), lazy anonymous
 * memory, brk and mmap. One program, one address space. */
#ifndef KILN_UVM_H
#define KILN_UVM_H

#include <kiln/arch.h>

#define UVM_MAX_REGIONS 256
#define USER_STACK_TOP 0x00007ffffff00000ul
#define USER_STACK_SIZE (8ul << 20)
#define USER_MMAP_TOP (USER_STACK_TOP - USER_STACK_SIZE - (1ul << 30))
#define USER_PIE_BASE 0x0000555555554000ul
#define USER_BRK_MAX (1ul << 40) /* how far brk may grow past its start */

struct vma {
	uintptr_t start, end;
	int prot; /* VM_READ | VM_WRITE | VM_EXEC; 0 is PROT_NONE */
};

void uvm_init(void);
/* Registers memory outside the page allocator (an initrd) whose pages may
 * be mapped into the program as they are, and must never be freed. */
void uvm_share_range(uint64_t base, uint64_t size);
/* Adds a region; pages come on first touch. -ENOMEM if it overlaps. */
int uvm_add(uintptr_t start, uintptr_t end, int prot);
/* Removes [start, end), freeing its pages; splits regions as needed. */
void uvm_remove(uintptr_t start, uintptr_t end);
/* Frees the pages of [start, end) but keeps its regions: the next touch
 * gets zeros (MADV_DONTNEED on private anonymous memory). */
void uvm_discard(uintptr_t start, uintptr_t end);
/* Changes protection; -ENOMEM if part of the range is not mapped. */
int uvm_protect(uintptr_t start, uintptr_t end, int prot);
/* Maps the page at va to pa now (image pages shared with the kernel). */
int uvm_map_page(uintptr_t va, uint64_t pa, int prot);
/* Finds a free range of len bytes below the mmap top; 0 if none. */
uintptr_t uvm_find_free(size_t len, uintptr_t hint);
const struct vma *uvm_find(uintptr_t addr);
/* Makes [addr, addr+len) present for the access; -EFAULT if it is not
 * mapped with that permission, -ENOMEM if memory runs out. */
int uvm_populate(uintptr_t addr, size_t len, int access);
/* Handles a fault at addr; 0 when it was resolved, -EFAULT or -ENOMEM. */
int uvm_fault(uintptr_t addr, int access);
size_t uvm_resident_pages(void);

/* Copies between the program and the kernel, checking the range first. */
int copy_from_user(void *dst, uintptr_t src, size_t n);
int copy_to_user(uintptr_t dst, const void *src, size_t n);
/* Copies a NUL-terminated string of at most max bytes (with the NUL). */
int strncpy_from_user(char *dst, uintptr_t src, size_t max);

#endif
