// SPDX-License-Identifier: MIT
// stat.c: fstat, newfstatat, stat and lstat (x86_64), statx, faccessat
// and readlinkat. Every file answers fstat: tree files with their
// archive attributes, other kinds (console, sockets, eventfd, epoll) as
// Linux shows them.

#include <kiln/errno.h>
#include <kiln/fsabi.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <string.h>

#include "fs.h"

#define S_IFSOCK 0140000
#define AT_NO_AUTOMOUNT 0x800
#define AT_STATX_SYNC_TYPE 0x6000
#define STATX_BASIC_STATS 0x7ffu
#define STATX__RESERVED 0x80000000u
#define R_OK 4
#define W_OK 2
#define X_OK 1

struct statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t pad;
};

struct statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

_Static_assert(sizeof(struct statx) == 256, "struct statx is 256 bytes");

static uint64_t encode_dev(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | ((uint64_t)major << 8) |
	       ((uint64_t)(minor & ~0xffu) << 12);
}

static void inode_kstat(const struct inode *ino, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev_minor = (uint32_t)FS_DEV;
	st->dev = encode_dev(0, st->dev_minor);
	st->ino = ino->ino;
	st->nlink = ino->nlink;
	st->mode = ino->mode;
	st->uid = ino->uid;
	st->gid = ino->gid;
	st->rdev_major = ino->rdev_major;
	st->rdev_minor = ino->rdev_minor;
	st->rdev = encode_dev(ino->rdev_major, ino->rdev_minor);
	if (S_ISREG(ino->mode) || S_ISLNK(ino->mode))
		st->size = ino->size;
	else if (S_ISDIR(ino->mode))
		st->size = 4096;
	st->blksize = 4096;
	st->blocks = S_ISREG(ino->mode) ? (st->size + 4095) / 4096 * 8 : 0;
	st->atime = st->mtime = st->ctime = ino->mtime;
}

/* Files that are not on the tree: what Linux shows for them. */
static void other_kstat(const struct file *f, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->blksize = 4096;
	st->nlink = 1;
	if (strcmp(f->ops->kind, "console") == 0) {
		st->mode = S_IFCHR | 0600;
		st->rdev_major = 5;
		st->rdev_minor = 1;
		st->rdev = encode_dev(5, 1);
		st->blksize = 1024;
	} else if (strcmp(f->ops->kind, "socket") == 0) {
		st->mode = S_IFSOCK | 0777;
	} else {
		st->mode = 0600; /* anonymous inodes: eventfd, epoll */
	}
	st->dev_minor = 15;
	st->dev = encode_dev(0, st->dev_minor);
}

static long put_stat(uintptr_t buf, const struct kstat *st)
{
	unsigned char out[FSABI_STAT_MAX];
	size_t n = fsabi_stat(out, st);

	return copy_to_user(buf, out, n) ? -EFAULT : 0;
}

static void fd_kstat(struct file *f, struct kstat *st)
{
	struct inode *ino = file_inode(f);

	if (ino)
		inode_kstat(ino, st);
	else
		other_kstat(f, st);
}

long sys_fstat(long fd, uintptr_t buf)
{
	struct file *f = fd_file((int)fd);
	struct kstat st;

	if (!f)
		return -EBADF;
	fd_kstat(f, &st);
	return put_stat(buf, &st);
}

/* The kstat for a dirfd-relative path; AT_EMPTY_PATH with "" takes the
 * descriptor itself, of any kind. */
static long path_kstat(long dirfd, uintptr_t upath, long flags,
		       struct kstat *st)
{
	struct inode *ino;
	char c;
	long r;

	if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD &&
	    copy_from_user(&c, upath, 1) == 0 && c == '\0') {
		struct file *f = fd_file((int)dirfd);

		if (!f)
			return -EBADF;
		fd_kstat(f, st);
		return 0;
	}
	r = at_lookup(dirfd, upath, flags, &ino);
	if (r)
		return r;
	inode_kstat(ino, st);
	return 0;
}

long sys_newfstatat(long dirfd, uintptr_t upath, uintptr_t buf, long flags)
{
	struct kstat st;
	long r;

	dirfd = (int)dirfd; /* ints in Linux: the upper half is junk */
	flags = (int)flags;
	if (flags &
	    ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	r = path_kstat(dirfd, upath, flags, &st);
	return r ? r : put_stat(buf, &st);
}

long sys_stat(uintptr_t upath, uintptr_t buf)
{
	return sys_newfstatat(AT_FDCWD, upath, buf, 0);
}

long sys_lstat(uintptr_t upath, uintptr_t buf)
{
	return sys_newfstatat(AT_FDCWD, upath, buf, AT_SYMLINK_NOFOLLOW);
}

static struct statx_ts ts(int64_t sec, uint32_t nsec)
{
	return (struct statx_ts){ sec, nsec, 0 };
}

long sys_statx(long dirfd, uintptr_t upath, long flags, long mask,
	       uintptr_t buf)
{
	struct kstat st;
	struct statx x;
	long r;

	dirfd = (int)dirfd;
	flags = (int)flags;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH |
			    AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
	    ((uint32_t)mask & STATX__RESERVED))
		return -EINVAL;
	r = path_kstat(dirfd, upath, flags, &st);
	if (r)
		return r;
	memset(&x, 0, sizeof(x));
	x.mask = STATX_BASIC_STATS;
	x.blksize = st.blksize;
	x.nlink = (uint32_t)st.nlink;
	x.uid = st.uid;
	x.gid = st.gid;
	x.mode = (uint16_t)st.mode;
	x.ino = st.ino;
	x.size = st.size;
	x.blocks = st.blocks;
	x.atime = ts(st.atime, st.atime_ns);
	x.mtime = ts(st.mtime, st.mtime_ns);
	x.ctime = ts(st.ctime, st.ctime_ns);
	x.rdev_major = st.rdev_major;
	x.rdev_minor = st.rdev_minor;
	x.dev_major = st.dev_major;
	x.dev_minor = st.dev_minor;
	return copy_to_user(buf, &x, sizeof(x)) ? -EFAULT : 0;
}

long sys_faccessat2(long dirfd, uintptr_t upath, long mode, long flags)
{
	struct inode *ino;
	long r;

	dirfd = (int)dirfd;
	mode = (int)mode;
	flags = (int)flags;
	if (mode & ~(long)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH))
		return -EINVAL;
	r = at_lookup(dirfd, upath, flags, &ino);
	if (r)
		return r == -ENODEV ? 0 : r;
	/* The program runs as root: only writing and executing can fail. */
	if ((mode & W_OK) &&
	    (S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode)))
		return -EROFS;
	if ((mode & X_OK) && !S_ISDIR(ino->mode) && !(ino->mode & 0111))
		return -EACCES;
	return 0;
}

long sys_faccessat(long dirfd, uintptr_t upath, long mode)
{
	return sys_faccessat2(dirfd, upath, mode, 0);
}

long sys_access(uintptr_t upath, long mode)
{
	return sys_faccessat2(AT_FDCWD, upath, mode, 0);
}

long sys_readlinkat(long dirfd, uintptr_t upath, uintptr_t buf, long size)
{
	struct inode *ino;
	char c = 1;
	size_t n;
	long r;

	dirfd = (int)dirfd;
	size = (int)size;
	if (size <= 0)
		return -EINVAL;
	/* An empty path names dirfd itself (an O_PATH symlink handle). */
	if (dirfd != AT_FDCWD && copy_from_user(&c, upath, 1))
		return -EFAULT;
	r = at_lookup(dirfd, upath,
		      AT_SYMLINK_NOFOLLOW | (c ? 0 : AT_EMPTY_PATH), &ino);
	if (r)
		return r == -ENODEV ? -ENOENT : r;
	if (!S_ISLNK(ino->mode))
		return c ? -EINVAL : -ENOENT;
	n = ino->size < (size_t)size ? ino->size : (size_t)size;
	return copy_to_user(buf, ino->data, n) ? -EFAULT : (long)n;
}

long sys_readlink(uintptr_t upath, uintptr_t buf, long size)
{
	return sys_readlinkat(AT_FDCWD, upath, buf, size);
}
