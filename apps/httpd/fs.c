// SPDX-License-Identifier: MIT
// fs.c: walking a path below the root with openat and O_NOFOLLOW, one
// component at a time. A symbolic link is read and its target spliced
// into the path, which is normalised lexically and walked again from the
// root, so no link can lead out of it.

#include "fs.h"
#include "path.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define MAX_LINKS 32
#define AGAIN 1 /* a link was spliced in: walk again from the root */
#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#define FILE_FLAGS (O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)

static int errno_status(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
	case ENAMETOOLONG:
		return 404;
	case EACCES:
	case EPERM:
	case ELOOP:
	case ENXIO: /* a socket, or a FIFO or device that cannot open */
	case ENODEV:
		return 403;
	case EMFILE:
	case ENFILE:
	case ENOMEM:
		return 503;
	default:
		return 500;
	}
}

static void close_dir(const struct fs_root *root, int fd)
{
	if (fd >= 0 && fd != root->fd)
		close(fd);
}

static int is_link(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISLNK(st.st_mode);
}

/* The part of an absolute link target below the root, or NULL. */
static const char *below_root(const struct fs_root *root, const char *t)
{
	if (!root->real)
		return NULL;
	if (root->real_len == 1)
		return t;
	if (strncmp(t, root->real, root->real_len) != 0)
		return NULL;
	t += root->real_len;
	return *t == '/' || *t == '\0' ? t : NULL;
}

/* Replaces path[a..b) (a link in directory path[0..a)) by the link's
 * target read into t. Returns 0 or a status. */
static int splice_link(const struct fs_root *root, char *path, size_t a,
		       size_t b, const char *t)
{
	char tmp[FS_PATH_MAX];
	size_t tn = strlen(t), rest = strlen(path + b), pre = a;
	long n;

	if (t[0] == '/') {
		t = below_root(root, t);
		if (!t)
			return 403;
		tn = strlen(t);
		pre = 1;
	}
	if (pre + tn + rest + 1 > sizeof(tmp))
		return 404;
	memcpy(tmp, path, pre);
	memcpy(tmp + pre, t, tn);
	memcpy(tmp + pre + tn, path + b, rest);
	n = path_remove_dots(tmp, pre + tn + rest);
	if (n < 0)
		return 403;
	memcpy(path, tmp, (size_t)n);
	path[n] = '\0';
	return 0;
}

/* The component path[a..b) of directory dirfd is a symbolic link: splice
 * its target in. Returns 0 to walk again from the root, or a status. */
static int follow(const struct fs_root *root, int dirfd, char *path, size_t a,
		  size_t b, int *links)
{
	char t[FS_PATH_MAX], save = path[b];
	ssize_t n;

	path[b] = '\0';
	n = readlinkat(dirfd, path + a, t, sizeof(t) - 1);
	path[b] = save;
	if (n < 0)
		return errno_status(errno);
	if (n == 0 || ++*links > MAX_LINKS)
		return 403;
	t[n] = '\0';
	return splice_link(root, path, a, b, t);
}

/* Opens path[a..b) in dirfd: 0 with *fd set, AGAIN if it was a link
 * (now spliced in), or a status. */
static int open_at(const struct fs_root *root, int dirfd, char *path, size_t a,
		   size_t b, int flags, int *fd, int *links)
{
	char save = path[b];
	int e;

	path[b] = '\0';
	*fd = openat(dirfd, path + a, flags);
	e = errno;
	if (*fd >= 0 || (e != ELOOP && e != ENOTDIR && e != EMLINK) ||
	    !is_link(dirfd, path + a)) {
		path[b] = save;
		return *fd >= 0 ? 0 : errno_status(e);
	}
	path[b] = save;
	e = follow(root, dirfd, path, a, b, links);
	return e ? e : AGAIN;
}

/* The last component: a regular file (kept open with its directory) or a
 * directory (nothing kept). */
static int open_leaf(const struct fs_root *root, struct fs_file *f, int dirfd,
		     size_t a, int *links)
{
	size_t b = a + strlen(f->path + a);
	int fd, rc;

	rc = open_at(root, dirfd, f->path, a, b, FILE_FLAGS, &fd, links);
	if (rc)
		return rc;
	if (fstat(fd, &f->st) < 0) {
		close(fd);
		return errno_status(errno);
	}
	if (!S_ISREG(f->st.st_mode)) {
		close(fd);
		return S_ISDIR(f->st.st_mode) ? FS_DIR : 403;
	}
	f->fd = fd;
	f->dirfd = dirfd;
	f->dir_len = a;
	return FS_FILE;
}

/* One walk from the root: FS_FILE, FS_DIR, AGAIN or a status. */
static int walk(const struct fs_root *root, struct fs_file *f, int *links)
{
	int dirfd = root->fd, fd, rc;
	size_t a = 1, b;

	for (;;) {
		b = a;
		while (f->path[b] && f->path[b] != '/')
			b++;
		if (b == a) {
			rc = FS_DIR;
			break;
		}
		if (!f->path[b]) {
			rc = open_leaf(root, f, dirfd, a, links);
			if (rc == FS_FILE)
				return rc;
			break;
		}
		rc = open_at(root, dirfd, f->path, a, b, DIR_FLAGS, &fd, links);
		if (rc)
			break;
		close_dir(root, dirfd);
		dirfd = fd;
		a = b + 1;
	}
	close_dir(root, dirfd);
	return rc;
}

int fs_open(const struct fs_root *root, const char *path, struct fs_file *f)
{
	size_t n = strlen(path);
	int links = 0, rc;

	f->fd = -1;
	f->dirfd = -1;
	if (n + 1 > sizeof(f->path) || path[0] != '/')
		return 404;
	memcpy(f->path, path, n + 1);
	do {
		rc = walk(root, f, &links);
	} while (rc == AGAIN);
	return rc;
}

int fs_open_sibling(const struct fs_root *root, const struct fs_file *f,
		    const char *suffix, struct fs_file *g)
{
	size_t n = strlen(f->path), sn = strlen(suffix);
	int links = 0, rc;

	g->fd = -1;
	g->dirfd = -1;
	if (n + sn + 1 > sizeof(g->path))
		return 404;
	memcpy(g->path, f->path, n);
	memcpy(g->path + n, suffix, sn + 1);
	rc = open_leaf(root, g, f->dirfd, f->dir_len, &links);
	if (rc == FS_FILE)
		g->dirfd = -1; /* f's, not ours */
	while (rc == AGAIN)
		rc = walk(root, g, &links);
	return rc == FS_DIR ? 404 : rc;
}

int fs_sibling_exists(const struct fs_file *f, const char *suffix)
{
	char name[FS_PATH_MAX];
	const char *leaf = f->path + f->dir_len;
	size_t n = strlen(leaf), sn = strlen(suffix);
	struct stat st;

	if (n + sn + 1 > sizeof(name))
		return 0;
	memcpy(name, leaf, n);
	memcpy(name + n, suffix, sn + 1);
	return fstatat(f->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode));
}

void fs_close(const struct fs_root *root, struct fs_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	close_dir(root, f->dirfd);
	f->fd = -1;
	f->dirfd = -1;
}
