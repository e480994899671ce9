// SPDX-License-Identifier: MIT
// open.c: openat and open, and the calls that use a file's offset:
// lseek, pread64, preadv, preadv2, pwrite64. The tree is read-only:
// asking to write or create a file there gives EROFS, as Linux does on a
// read-only mount.

#include <kiln/errno.h>
#include <kiln/fsabi.h>
#include <kiln/mm.h>
#include <kiln/vfs.h>
#include <limits.h>

#include "fs.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

/* Why creating the missing last component of path fails: the parent's
 * own error, EISDIR for a trailing slash, else EROFS. */
static int create_error(struct inode *start, const char *p, size_t n)
{
	struct inode *dir;
	size_t cut = n;
	int r;

	if (p[n - 1] == '/')
		return -EISDIR;
	while (cut && p[cut - 1] != '/')
		cut--;
	if (!cut)
		return -EROFS; /* start itself is the parent */
	r = fs_walk(start, p, cut, WALK_FOLLOW, &dir);
	return r ? r : -EROFS;
}

/* Checks the found inode against the flags, in Linux's order. */
static int open_check(struct inode *ino, long flags, int path_only)
{
	unsigned acc = flags & O_ACCMODE;

	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if ((flags & O_CREAT) && S_ISDIR(ino->mode))
		return -EISDIR;
	if ((flags & fsabi_o_directory) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	if (path_only)
		return 0;
	if (S_ISLNK(ino->mode))
		return -ELOOP; /* O_NOFOLLOW met a symlink */
	if (S_ISDIR(ino->mode) && acc != O_RDONLY)
		return -EISDIR;
	if (S_ISREG(ino->mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EROFS;
	if (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode) &&
	    inode_dev(ino) == DEV_NONE)
		return -ENXIO;
	return 0;
}

static long install(struct inode *ino, long flags, int path_only)
{
	unsigned ff = fsabi_o_largefile | (flags & (O_NONBLOCK | O_APPEND));
	struct file *f;
	int fd;

	ff |= path_only ? O_PATH : (unsigned)(flags & O_ACCMODE);
	f = vfile_open(ino, ff, path_only);
	if (!f)
		return -ENOMEM;
	fd = fd_install(f, 0, (flags & O_CLOEXEC) != 0);
	file_put(f);
	return fd;
}

static long do_open(long dirfd, const char *p, size_t n, long flags)
{
	int path_only = (flags & O_PATH) != 0;
	struct inode *start, *ino;
	int r;

	if (path_only)
		flags &= O_PATH | fsabi_o_directory | fsabi_o_nofollow |
			 O_CLOEXEC;
	if ((flags & O_TMPFILE_BASE) ||
	    ((flags & O_CREAT) && (flags & fsabi_o_directory)))
		return (flags & O_TMPFILE_BASE) ? -EROFS : -EINVAL;
	r = at_start(dirfd, p, &start);
	if (r)
		return r;
	r = fs_walk(start, p, n, (flags & fsabi_o_nofollow) ? 0 : WALK_FOLLOW,
		    &ino);
	if (r == -ENOENT && (flags & O_CREAT))
		return create_error(start, p, n);
	if (r)
		return r;
	r = open_check(ino, flags, path_only);
	return r ? r : install(ino, flags, path_only);
}

long sys_openat(long dirfd, uintptr_t upath, long flags, long mode)
{
	char *buf = kmalloc(PATH_MAX);
	long n, r;

	if (!buf)
		return -ENOMEM;
	n = path_from_user(buf, upath);
	if (n == 0)
		r = -ENOENT;
	else if (n < 0)
		r = n;
	else
		r = do_open((int)dirfd, buf, (size_t)n, (int)flags);
	kfree(buf);
	return r;
}

long sys_open(uintptr_t upath, long flags, long mode)
{
	return sys_openat(AT_FDCWD, upath, flags, mode);
}

/* The open file behind fd for the offset calls: -EBADF if none or an
 * O_PATH handle, -ESPIPE for files without offsets (sockets, console). */
static int seekable(long fd, struct file **fp, struct vfile **vp)
{
	struct file *f = fd_file((int)fd);

	if (!f || vfile_is_path(f))
		return -EBADF;
	*vp = vfile_of(f);
	*fp = f;
	return *vp ? 0 : -ESPIPE;
}

static long seek_file(struct vfile *v, int64_t off, long whence)
{
	int64_t base, size = (int64_t)v->ino->size, to;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)v->pos;
		break;
	case SEEK_END:
		base = size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		to = whence == SEEK_DATA ? off : size;
		v->pos = (uint64_t)to;
		return (long)to;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, off, &to) || to < 0)
		return -EINVAL;
	v->pos = (uint64_t)to;
	return (long)to;
}

long sys_lseek(long fd, long off, long whence)
{
	struct file *f;
	struct vfile *v;
	int r = seekable(fd, &f, &v);

	whence = (unsigned)whence;
	if (r)
		return r;
	if (inode_dev(v->ino) != DEV_NONE)
		return whence >= SEEK_SET && whence <= SEEK_END ? 0 : -EINVAL;
	if (S_ISDIR(v->ino->mode) && whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL; /* directory offsets are entry cookies */
	return seek_file(v, off, whence);
}

/* One read or write at off, leaving the file's offset alone. */
static long rw_at(long fd, struct uiov *iov, int cnt, long off, int wr)
{
	struct file *f;
	struct vfile *v;
	uint64_t saved;
	long r = seekable(fd, &f, &v);

	if (r)
		return r;
	if (off < 0)
		return -EINVAL;
	if (wr ? (f->flags & O_ACCMODE) == O_RDONLY
	       : (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (S_ISDIR(v->ino->mode))
		return -EISDIR;
	saved = v->pos;
	v->pos = (uint64_t)off;
	r = wr ? f->ops->write(f, iov, cnt) : f->ops->read(f, iov, cnt);
	v->pos = saved;
	return r;
}

long sys_pread64(long fd, uintptr_t buf, size_t n, long off)
{
	struct uiov v = { buf, n };

	if ((long)n < 0)
		return -EINVAL;
	return rw_at(fd, &v, 1, off, 0);
}

long sys_pwrite64(long fd, uintptr_t buf, size_t n, long off)
{
	struct uiov v = { buf, n };

	if ((long)n < 0)
		return -EINVAL;
	return rw_at(fd, &v, 1, off, 1);
}

long sys_preadv2(long fd, uintptr_t uiov, long cnt, long off, long flags)
{
	struct uiov small[8], *iov = small;
	long r;

	if ((int)flags & ~0x1f) /* RWF_HIPRI .. RWF_APPEND */
		return -EOPNOTSUPP;
	if (off == -1) /* preadv2's "the file offset" */
		return sys_readv(fd, uiov, cnt);
	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	if (cnt > 8 && !(iov = kmalloc(cnt * sizeof(*iov))))
		return -ENOMEM;
	r = uiov_from_user(iov, uiov, cnt);
	if (r == 0)
		r = rw_at(fd, iov, (int)cnt, off, 0);
	if (iov != small)
		kfree(iov);
	return r;
}

long sys_preadv(long fd, uintptr_t uiov, long cnt, long off)
{
	if (off < 0)
		return -EINVAL;
	return sys_preadv2(fd, uiov, cnt, off, 0);
}
