// SPDX-License-Identifier: MIT
// namei.c: path walking as Linux does it: ".", "..", repeated slashes,
// symlinks (at most 40 per lookup), NAME_MAX and PATH_MAX; ".." at the
// root stays there, so nothing reaches outside the tree.

#include <kiln/errno.h>
#include <kiln/mm.h>
#include <kiln/uvm.h>
#include <limits.h>

#include "fs.h"

static int only_slashes(const char *p, size_t i, size_t len)
{
	while (i < len && p[i] == '/')
		i++;
	return i == len;
}

static int walk(struct inode *cur, const char *p, size_t len, int flags,
		int *links, struct inode **out)
{
	size_t i = 0;

	if (len && p[0] == '/')
		cur = fs_root;
	for (;;) {
		struct inode *next;
		size_t s;
		int r;

		while (i < len && p[i] == '/')
			i++;
		if (i == len)
			break;
		s = i;
		while (i < len && p[i] != '/')
			i++;
		if (!S_ISDIR(cur->mode))
			return -ENOTDIR;
		if (i - s == 1 && p[s] == '.')
			continue;
		if (i - s == 2 && p[s] == '.' && p[s + 1] == '.') {
			cur = cur->parent;
			continue;
		}
		if (i - s > NAME_MAX)
			return -ENAMETOOLONG;
		next = dir_find(cur, p + s, i - s);
		if (!next)
			return -ENOENT;
		/* A symlink is followed unless it ends the path and the
		 * caller asked not to; a trailing slash asks to follow. */
		if (S_ISLNK(next->mode) && (!only_slashes(p, i, len) ||
					    (flags & WALK_FOLLOW) || i < len)) {
			if (++*links > SYMLOOP_MAX)
				return -ELOOP;
			r = walk(cur, next->data, next->size, WALK_FOLLOW,
				 links, &next);
			if (r)
				return r;
		}
		cur = next;
	}
	if (len && p[len - 1] == '/' && !S_ISDIR(cur->mode))
		return -ENOTDIR;
	*out = cur;
	return 0;
}

int fs_walk(struct inode *start, const char *path, size_t len, int flags,
	    struct inode **out)
{
	int links = 0;

	if (!fs_root)
		return -ENOENT;
	return walk(start, path, len, flags, &links, out);
}

long path_from_user(char *buf, uintptr_t upath)
{
	return strncpy_from_user(buf, upath, PATH_MAX);
}

int at_start(long dirfd, const char *path, struct inode **out)
{
	struct file *f;
	struct inode *ino;

	dirfd = (int)dirfd;
	if (!fs_root)
		return -ENOENT;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*out = path[0] == '/' ? fs_root : fs_cwd;
		return 0;
	}
	f = fd_file((int)dirfd);
	if (!f)
		return -EBADF;
	ino = file_inode(f);
	if (!ino || !S_ISDIR(ino->mode))
		return -ENOTDIR;
	*out = ino;
	return 0;
}

int at_lookup(long dirfd, uintptr_t upath, long atflags, struct inode **out)
{
	char *buf = kmalloc(PATH_MAX);
	struct inode *start;
	long n;
	int r;

	if (!buf)
		return -ENOMEM;
	dirfd = (int)dirfd;
	n = path_from_user(buf, upath);
	if (n == 0 && (atflags & AT_EMPTY_PATH)) {
		r = -EBADF;
		if (dirfd == AT_FDCWD) {
			*out = fs_cwd;
			r = fs_cwd ? 0 : -ENOENT;
		} else if (fd_file((int)dirfd)) {
			*out = file_inode(fd_file((int)dirfd));
			r = *out ? 0 : -ENODEV;
		}
	} else if (n <= 0) {
		r = n == 0 ? -ENOENT : (int)n;
	} else {
		r = at_start(dirfd, buf, &start);
		if (!r)
			r = fs_walk(start, buf, (size_t)n,
				    (atflags & AT_SYMLINK_NOFOLLOW)
					    ? 0
					    : WALK_FOLLOW,
				    out);
	}
	kfree(buf);
	return r;
}
