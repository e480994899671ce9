// SPDX-License-Identifier: MIT
// rofs.c: the calls that would change the tree. They make Linux's own
// checks first (a missing parent, a name that exists, "." and "..") and
// then fail with EROFS, as on a read-only mount; statfs says the same.

#include <kiln/errno.h>
#include <kiln/mm.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <limits.h>
#include <string.h>

#include "fs.h"

#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4
#define EXDEV_ 18 /* not in kiln/errno.h */
#define TMPFS_MAGIC 0x01021994
#define ST_RDONLY 1
#define ST_VALID 0x20

enum last_type { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

/* A path split into the directory that holds its last component and
 * that component. */
struct parent {
	char *buf; /* PATH_MAX bytes, from kmalloc */
	struct inode *dir;
	const char *last;
	size_t len;
	int type, trailing;
};

static void classify(struct parent *pp, const char *p, size_t n)
{
	size_t end = n, start;

	while (end && p[end - 1] == '/')
		end--;
	pp->trailing = end < n;
	start = end;
	while (start && p[start - 1] != '/')
		start--;
	pp->last = p + start;
	pp->len = end - start;
	pp->type = LAST_NORM;
	if (end == 0)
		pp->type = LAST_ROOT;
	else if (pp->len == 1 && p[start] == '.')
		pp->type = LAST_DOT;
	else if (pp->len == 2 && p[start] == '.' && p[start + 1] == '.')
		pp->type = LAST_DOTDOT;
}

static long get_parent(long dirfd, uintptr_t upath, struct parent *pp)
{
	struct inode *start;
	long n, r;

	pp->buf = kmalloc(PATH_MAX);
	if (!pp->buf)
		return -ENOMEM;
	n = path_from_user(pp->buf, upath);
	if (n <= 0)
		return n ? n : -ENOENT;
	r = at_start((int)dirfd, pp->buf, &start);
	if (r)
		return r;
	classify(pp, pp->buf, (size_t)n);
	if (pp->type == LAST_ROOT) {
		pp->dir = fs_root;
		return 0;
	}
	r = fs_walk(start, pp->buf, (size_t)(pp->last - pp->buf), WALK_FOLLOW,
		    &pp->dir);
	if (!r && !S_ISDIR(pp->dir->mode))
		r = -ENOTDIR;
	if (!r && pp->len > NAME_MAX)
		r = -ENAMETOOLONG;
	return r;
}

/* Making a name: EEXIST if it is there, else EROFS. */
static long create_error(long dirfd, uintptr_t upath, int is_dir)
{
	struct parent pp = { 0 };
	long r = get_parent(dirfd, upath, &pp);

	if (!r && (pp.type != LAST_NORM || dir_find(pp.dir, pp.last, pp.len)))
		r = -EEXIST;
	if (!r && pp.trailing && !is_dir)
		r = -ENOENT;
	kfree(pp.buf);
	return r ? r : -EROFS;
}

long sys_mkdirat(long dirfd, uintptr_t path, long mode)
{
	return create_error(dirfd, path, 1);
}

long sys_mknodat(long dirfd, uintptr_t path, long mode, long dev)
{
	switch ((int)mode & S_IFMT) {
	case 0:
	case S_IFREG:
	case S_IFCHR:
	case 0060000: /* block device */
	case 0010000: /* fifo */
	case 0140000: /* socket */
		return create_error(dirfd, path, 0);
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

long sys_symlinkat(uintptr_t target, long dirfd, uintptr_t path)
{
	char c;

	if (copy_from_user(&c, target, 1))
		return -EFAULT;
	if (!c)
		return -ENOENT;
	return create_error(dirfd, path, 0);
}

long sys_linkat(long olddfd, uintptr_t old, long newdfd, uintptr_t new,
		long flags)
{
	struct inode *ino;
	long r;

	flags = (int)flags;
	if (flags & ~(long)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = at_lookup(olddfd, old,
		      (flags & AT_SYMLINK_FOLLOW)
			      ? 0
			      : AT_SYMLINK_NOFOLLOW | (flags & AT_EMPTY_PATH),
		      &ino);
	if (r)
		return r == -ENODEV ? -EXDEV_ : r;
	return create_error(newdfd, new, 0);
}

/* Removing a name: the parent must resolve; then EROFS. */
long sys_unlinkat(long dirfd, uintptr_t path, long flags)
{
	struct parent pp = { 0 };
	long r;

	flags = (int)flags;
	if (flags & ~(long)AT_REMOVEDIR)
		return -EINVAL;
	r = get_parent(dirfd, path, &pp);
	if (!r && (flags & AT_REMOVEDIR)) {
		if (pp.type == LAST_DOTDOT)
			r = -ENOTEMPTY;
		else if (pp.type == LAST_DOT)
			r = -EINVAL;
		else if (pp.type == LAST_ROOT)
			r = -EBUSY;
	} else if (!r && pp.type != LAST_NORM) {
		r = -EISDIR;
	}
	kfree(pp.buf);
	return r ? r : -EROFS;
}

long sys_renameat2(long olddfd, uintptr_t old, long newdfd, uintptr_t new,
		   long flags)
{
	struct parent a = { 0 }, b = { 0 };
	long r;

	flags = (unsigned)flags;
	if ((flags &
	     ~(long)(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) ||
	    ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)))
		return -EINVAL;
	r = get_parent(olddfd, old, &a);
	if (!r)
		r = get_parent(newdfd, new, &b);
	if (!r && (a.type != LAST_NORM || b.type != LAST_NORM))
		r = (flags & RENAME_NOREPLACE) && b.type != LAST_NORM ? -EEXIST
								      : -EBUSY;
	kfree(a.buf);
	kfree(b.buf);
	return r ? r : -EROFS;
}

/* Changing an inode: it must exist; then EROFS. */
static long change_error(long dirfd, uintptr_t path, long atflags)
{
	struct inode *ino;
	long r = at_lookup(dirfd, path, atflags, &ino);

	return r == -ENODEV ? 0 : r ? r : -EROFS;
}

long sys_fchmodat2(long dirfd, uintptr_t path, long mode, long flags)
{
	flags = (int)flags;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return change_error(dirfd, path, flags);
}

long sys_fchownat(long dirfd, uintptr_t path, long uid, long gid, long flags)
{
	flags = (int)flags;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return change_error(dirfd, path, flags);
}

long sys_utimensat(long dirfd, uintptr_t path, uintptr_t times, long flags)
{
	struct file *f;

	flags = (int)flags;
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (path)
		return change_error(dirfd, path, flags);
	/* No path: the descriptor itself (futimens). */
	f = fd_file((int)dirfd);
	if (!f)
		return -EBADF;
	return file_inode(f) ? -EROFS : 0;
}

long sys_fchange(long fd)
{
	struct file *f = fd_file((int)fd);

	if (!f)
		return -EBADF;
	return file_inode(f) ? -EROFS : 0;
}

long sys_truncate(uintptr_t path, long len)
{
	struct inode *ino;
	long r;

	if (len < 0)
		return -EINVAL;
	r = at_lookup(AT_FDCWD, path, 0, &ino);
	if (r)
		return r;
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	return S_ISREG(ino->mode) ? -EROFS : -EINVAL;
}

long sys_ftruncate(long fd, long len)
{
	if (len < 0)
		return -EINVAL;
	return fd_file((int)fd) ? -EINVAL : -EBADF; /* none is writable */
}

long sys_fsync(long fd)
{
	struct file *f = fd_file((int)fd);

	if (!f)
		return -EBADF;
	return file_inode(f) ? 0 : -EINVAL;
}

struct kstatfs {
	int64_t type, bsize, blocks, bfree, bavail, files, ffree;
	int32_t fsid[2];
	int64_t namelen, frsize, flags, spare[4];
};

static long put_statfs(uintptr_t buf)
{
	struct kstatfs s;
	size_t files, dirs, bytes;

	rootfs_stats(&files, &dirs, &bytes);
	memset(&s, 0, sizeof(s));
	s.type = TMPFS_MAGIC;
	s.bsize = s.frsize = 4096;
	s.blocks = (int64_t)((bytes + 4095) / 4096);
	s.files = (int64_t)(files + dirs);
	s.namelen = NAME_MAX;
	s.flags = ST_RDONLY | ST_VALID;
	return copy_to_user(buf, &s, sizeof(s)) ? -EFAULT : 0;
}

long sys_statfs(uintptr_t path, uintptr_t buf)
{
	struct inode *ino;
	long r = at_lookup(AT_FDCWD, path, 0, &ino);

	return r ? r : put_statfs(buf);
}

long sys_fstatfs(long fd, uintptr_t buf)
{
	struct file *f = fd_file((int)fd);

	if (!f)
		return -EBADF;
	return put_statfs(buf);
}
