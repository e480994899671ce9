// SPDX-License-Identifier: MIT
// dir.c: getdents64, getcwd, chdir and fchdir. A directory's offset is a
// cookie: 0 ".", 1 "..", then 2 + the entry's index. The tree never
// changes, so cookies stay valid between calls and after lseek.

#include <kiln/errno.h>
#include <kiln/mm.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <limits.h>
#include <string.h>

#include "fs.h"

#define DIRENT_HDR 19 /* d_ino, d_off, d_reclen, d_type */

struct dirent_hdr {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
} __attribute__((packed));

/* The entry at cookie pos, or 0 past the end. */
static int entry_at(struct inode *dir, uint64_t pos, const char **name,
		    size_t *len, struct inode **ino)
{
	if (pos == 0 || pos == 1) {
		*name = "..";
		*len = pos + 1;
		*ino = pos ? dir->parent : dir;
		return 1;
	}
	if (pos - 2 >= dir->nkids)
		return 0;
	*name = dir->kids[pos - 2].name;
	*len = dir->kids[pos - 2].len;
	*ino = dir->kids[pos - 2].ino;
	return 1;
}

/* Copies one record out; returns its length, 0 if it does not fit. */
static long put_dirent(uintptr_t at, size_t room, const char *name, size_t len,
		       struct inode *ino, uint64_t next)
{
	unsigned char rec[DIRENT_HDR + NAME_MAX + 8];
	size_t n = (DIRENT_HDR + len + 1 + 7) & ~(size_t)7;
	struct dirent_hdr h = { ino->ino, (int64_t)next, (uint16_t)n,
				(uint8_t)((ino->mode >> 12) & 15) };

	if (n > room)
		return 0;
	memset(rec, 0, n);
	memcpy(rec, &h, DIRENT_HDR);
	memcpy(rec + DIRENT_HDR, name, len);
	return copy_to_user(at, rec, n) ? -EFAULT : (long)n;
}

long sys_getdents64(long fd, uintptr_t buf, size_t count)
{
	struct file *f = fd_file((int)fd);
	struct vfile *v = f && !vfile_is_path(f) ? vfile_of(f) : NULL;
	size_t done = 0;
	const char *name;
	struct inode *ino;
	size_t len;

	if (!v)
		return -EBADF;
	if (!S_ISDIR(v->ino->mode))
		return -ENOTDIR;
	while (entry_at(v->ino, v->pos, &name, &len, &ino)) {
		long n = put_dirent(buf + done, count - done, name, len, ino,
				    v->pos + 1);

		if (n < 0)
			return done ? (long)done : n;
		if (n == 0)
			return done ? (long)done : -EINVAL;
		done += (size_t)n;
		v->pos++;
	}
	return (long)done;
}

long sys_getcwd(uintptr_t buf, size_t size)
{
	char *path = kmalloc(PATH_MAX);
	size_t at = PATH_MAX - 1, n;
	long r;

	if (!path)
		return -ENOMEM;
	path[at] = '\0';
	for (struct inode *d = fs_cwd; d && d != fs_root; d = d->parent) {
		if (at < (size_t)d->namelen + 2) {
			kfree(path);
			return -ENAMETOOLONG;
		}
		at -= d->namelen;
		memcpy(path + at, d->name, d->namelen);
		path[--at] = '/';
	}
	if (at == PATH_MAX - 1)
		path[--at] = '/';
	n = PATH_MAX - at;
	if (size < n)
		r = -ERANGE;
	else
		r = copy_to_user(buf, path + at, n) ? -EFAULT : (long)n;
	kfree(path);
	return r;
}

long sys_chdir(uintptr_t upath)
{
	struct inode *ino;
	long r = at_lookup(AT_FDCWD, upath, 0, &ino);

	if (r)
		return r;
	if (!S_ISDIR(ino->mode))
		return -ENOTDIR;
	fs_cwd = ino;
	return 0;
}

long sys_fchdir(long fd)
{
	struct file *f = fd_file((int)fd);
	struct inode *ino = f ? file_inode(f) : NULL;

	if (!f)
		return -EBADF;
	if (!ino || !S_ISDIR(ino->mode))
		return -ENOTDIR;
	fs_cwd = ino;
	return 0;
}
