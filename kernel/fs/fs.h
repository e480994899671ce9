/* SPDX-License-Identifier: MIT */
/*
 * fs.h: the root file system's insides, shared by kernel/fs: inodes,
 * directories, path walking and open files.
 */
#ifndef KILN_FS_FS_H
#define KILN_FS_FS_H

#include <kiln/file.h>
#include <stddef.h>
#include <stdint.h>

#include "cpio.h"

#define S_IFMT CPIO_S_IFMT
#define S_IFLNK CPIO_S_IFLNK
#define S_IFREG CPIO_S_IFREG
#define S_IFDIR CPIO_S_IFDIR
#define S_IFCHR CPIO_S_IFCHR
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m)&S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m)&S_IFMT) == S_IFCHR)

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS 0x200
#define AT_EMPTY_PATH 0x1000

#ifndef ENXIO
#define ENXIO 6
#endif

#define NAME_MAX 255
#define SYMLOOP_MAX 40
#define FS_DEV 0x00000001ul /* st_dev of every inode: 0:1 */

/* Character devices kiln provides, by Linux major and minor number. */
enum fs_dev { DEV_NONE, DEV_NULL, DEV_ZERO, DEV_URANDOM, DEV_CONSOLE };

struct dentry {
	const char *name; /* not NUL-terminated */
	uint16_t len;
	struct inode *ino;
};

struct inode {
	uint32_t mode, uid, gid, nlink;
	uint32_t rdev_major, rdev_minor;
	uint64_t ino;
	int64_t mtime;
	size_t size;
	const void *data; /* a file's bytes or a symlink's target */
	/* Directories: their parent and their name in it (directories
	 * have one name each), and their entries in archive order. */
	struct inode *parent;
	const char *name;
	uint16_t namelen;
	struct dentry *kids;
	uint32_t nkids, cap;
};

extern struct inode *fs_root;
extern struct inode *fs_cwd;

/* rootfs.c */
struct inode *dir_find(struct inode *dir, const char *name, size_t len);
enum fs_dev inode_dev(const struct inode *ino);

/* namei.c: path walking. WALK_FOLLOW follows a final symlink. */
#define WALK_FOLLOW 1
int fs_walk(struct inode *start, const char *path, size_t len, int flags,
	    struct inode **out);
/* Copies a path from the program: -EFAULT, -ENAMETOOLONG, or its length
 * (0 for ""). buf holds PATH_MAX bytes. */
long path_from_user(char *buf, uintptr_t upath);
/* The inode a dirfd-relative path starts from: the cwd for AT_FDCWD, or
 * the directory open as dirfd (-EBADF, -ENOTDIR). */
int at_start(long dirfd, const char *path, struct inode **out);
/* Looks up path for the *at calls: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
int at_lookup(long dirfd, uintptr_t upath, long atflags, struct inode **out);

/* vfile.c: open files on the tree and on devices. */
struct vfile {
	struct inode *ino;
	uint64_t pos;
};
struct file *vfile_open(struct inode *ino, unsigned flags, int path_only);
/* The vfile behind a kiln file, or NULL for other kinds (sockets...). */
struct vfile *vfile_of(struct file *f);
/* The inode of any open file, O_PATH ones included; NULL otherwise. */
struct inode *file_inode(struct file *f);
int vfile_is_path(struct file *f);

/* Open flags with the same values on both architectures; fsabi.h has
 * the others. */
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_PATH 010000000
#define O_TMPFILE_BASE 020000000 /* O_TMPFILE less O_DIRECTORY */

#endif
