// SPDX-License-Identifier: MIT
// mmap.c: mmap of files on the tree. The mapping's place and checks are
// those of an anonymous mapping (the same sys_mmap code picks them); its
// pages are then filled from the file: whole read-only pages whose bytes
// sit page-aligned in the kernel image are mapped in place, all others
// are copies, so a private writable mapping never touches the archive.

#include <kiln/errno.h>
#include <kiln/mm.h>
#include <kiln/process.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <string.h>
#include <sysnames.h>

#include "fs.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 1
#define MAP_TYPE 0xf
#define MAP_ANONYMOUS 0x20
#define MAP_POPULATE 0x8000
#define PAGE_UP(a) (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

static int vm_prot(int prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE | VM_READ : 0) |
	       (prot & PROT_EXEC ? VM_EXEC | VM_READ : 0);
}

static int in_image(const void *p)
{
	uint64_t pa = virt_to_phys(p);

	return pa >= kimage_pa &&
	       pa < kimage_pa + (uint64_t)(__kernel_end - __kernel_start);
}

/* One page of the mapping from file offset foff. Pages past the end of
 * the file stay demand-zero.
 * TODO: Linux raises SIGBUS when a page wholly past the end of the file is
 * touched; kiln gives zeros there. */
static int fill_page(const struct inode *ino, uintptr_t va, uint64_t foff,
		     int vprot)
{
	const char *src = (const char *)ino->data + foff;
	size_t n;
	uint64_t pa;

	if (foff >= ino->size)
		return 0;
	n = ino->size - foff < PAGE_SIZE ? ino->size - foff : PAGE_SIZE;
	if (n == PAGE_SIZE && !(vprot & VM_WRITE) &&
	    ((uintptr_t)src & (PAGE_SIZE - 1)) == 0 && in_image(src))
		return uvm_map_page(va, virt_to_phys(src), vprot);
	pa = page_alloc(1);
	if (!pa)
		return -ENOMEM;
	memcpy(phys_to_virt(pa), src, n);
	memset((char *)phys_to_virt(pa) + n, 0, PAGE_SIZE - n);
	if (uvm_map_page(va, pa, vprot)) {
		page_free(pa, 1);
		return -ENOMEM;
	}
	return 0;
}

static int fill(const struct inode *ino, uintptr_t at, size_t len, int prot,
		uint64_t off)
{
	int vprot = vm_prot(prot), r = 0;

	for (size_t i = 0; i < PAGE_UP(len) && !r; i += PAGE_SIZE)
		r = fill_page(ino, at + i, off + i, vprot ? vprot : VM_READ);
	if (!r && !vprot) /* PROT_NONE: keep the bytes for a later mprotect */
		r = uvm_protect(at, at + PAGE_UP(len), 0);
	return r;
}

/* An anonymous mapping placed as sys_mmap places one. */
static long place(uintptr_t addr, size_t len, int prot, int flags)
{
	long a[6] = { (long)addr, (long)len,
		      prot,	  (flags & ~MAP_POPULATE) | MAP_ANONYMOUS,
		      -1,	  0 };

	return syscall_dispatch(NR_mmap, a);
}

long vfs_mmap(struct file *f, uintptr_t addr, size_t len, int prot, int flags,
	      long off)
{
	struct vfile *v = f ? vfile_of(f) : NULL;
	long at;
	int r;

	if (!f || (v && vfile_is_path(f)))
		return -EBADF;
	if (!v)
		return -ENODEV;
	if (off < 0 || (off & (PAGE_SIZE - 1)) || off + len < (size_t)off)
		return off < 0 || (off & (PAGE_SIZE - 1)) ? -EINVAL
							  : -EOVERFLOW;
	if (inode_dev(v->ino) == DEV_ZERO)
		return place(addr, len, prot, flags);
	if (!S_ISREG(v->ino->mode))
		return -ENODEV;
	if ((flags & MAP_TYPE) != 2 && (prot & PROT_WRITE))
		return -EACCES; /* shared and writable, but open read-only */
	at = place(addr, len, prot, flags);
	if (at < 0)
		return at;
	r = fill(v->ino, (uintptr_t)at, len, prot, (uint64_t)off);
	if (r) {
		uvm_remove((uintptr_t)at, (uintptr_t)at + PAGE_UP(len));
		return r;
	}
	return at;
}
