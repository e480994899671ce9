/* SPDX-License-Identifier: MIT */
/*
 * vfs.h: kiln's read-only root file system, built at boot from a cpio
 * "newc" archive (several may follow one another, as in a Linux initramfs)
 * without copying file data: inodes point into the archive, which stays
 * in memory, unchanged, for the whole run.
 */
#ifndef KILN_VFS_H
#define KILN_VFS_H

#include <stddef.h>
#include <stdint.h>

struct inode;

/* Builds the tree from the archive. On a malformed archive returns
 * -EINVAL and points *why at a sentence naming the entry and the fault;
 * the kernel then stops with that message, never crashes or hangs. Adds
 * /dev/{null,zero,urandom,console} and /proc/self/exe (a symlink to
 * exe_path). */
int rootfs_mount(const void *archive, size_t size, const char *exe_path,
		 const char **why);

/* Looks an absolute path up from the root, following symlinks. Returns 0
 * and the inode, or -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG. */
int vfs_lookup(const char *path, struct inode **out);

/* A regular file's bytes, in place in the archive. */
const void *inode_data(const struct inode *ino, size_t *size);

/* Counts for the boot log. */
void rootfs_stats(size_t *files, size_t *dirs, size_t *bytes);

#endif
