// SPDX-License-Identifier: MIT
// fs.h: opening files below the document root, one component at a time,
// never leaving the root whatever symbolic links say.

#ifndef HTTPD_FS_H
#define HTTPD_FS_H

#include <stddef.h>
#include <sys/stat.h>

#define FS_PATH_MAX 4096

struct fs_root {
	int fd; /* the root directory */
	const char *real; /* its canonical path, for absolute links; or NULL */
	size_t real_len;
};

enum fs_kind {
	FS_FILE = 2, /* a regular file: fd and st are set */
	FS_DIR, /* a directory (no descriptor kept) */
};

struct fs_file {
	int fd;
	int dirfd; /* the directory holding it (may be the root's) */
	struct stat st;
	size_t dir_len; /* path[0..dir_len) is that directory */
	char path[FS_PATH_MAX]; /* where it was found, from the root */
};

/* Opens the normalised path (it starts with '/'; a trailing slash means a
 * directory) below the root. Symbolic links are followed only while they
 * stay inside it. Returns FS_FILE, FS_DIR or an HTTP status: 403 (a link
 * leaving the root, a loop, a special file, no permission), 404, 503 (out
 * of descriptors) or 500. */
int fs_open(const struct fs_root *root, const char *path, struct fs_file *f);

/* Opens the regular file named like f's plus suffix, in the same
 * directory; same results as fs_open. g may not be f. */
int fs_open_sibling(const struct fs_root *root, const struct fs_file *f,
		    const char *suffix, struct fs_file *g);

/* Whether the sibling exists, without opening it. */
int fs_sibling_exists(const struct fs_file *f, const char *suffix);

/* Closes what fs_open left open. */
void fs_close(const struct fs_root *root, struct fs_file *f);

#endif /* HTTPD_FS_H */
