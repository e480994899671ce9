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

struct file;

/* mmap of a descriptor (sys_mmap's non-anonymous case): files on the tree
 * (MAP_PRIVATE, any protection; MAP_SHARED read-only) and /dev/zero.
 * -EBADF without a file, -ENODEV for kinds that cannot be mapped. */
long vfs_mmap(struct file *f, uintptr_t addr, size_t len, int prot, int flags,
	      long off);

/* A new reference to the console as a file (console.c), for
 * /dev/console. */
struct file *console_open(unsigned flags);

/* The file system calls (kernel/fs), with Linux's semantics and errors.
 * The stat layout is the architecture's (fsabi.h). */
long sys_openat(long dirfd, uintptr_t path, long flags, long mode);
long sys_open(uintptr_t path, long flags, long mode);
long sys_lseek(long fd, long off, long whence);
long sys_pread64(long fd, uintptr_t buf, size_t n, long off);
long sys_pwrite64(long fd, uintptr_t buf, size_t n, long off);
long sys_preadv(long fd, uintptr_t iov, long cnt, long off);
long sys_preadv2(long fd, uintptr_t iov, long cnt, long off, long flags);
long sys_fstat(long fd, uintptr_t buf);
long sys_newfstatat(long dirfd, uintptr_t path, uintptr_t buf, long flags);
long sys_stat(uintptr_t path, uintptr_t buf);
long sys_lstat(uintptr_t path, uintptr_t buf);
long sys_statx(long dirfd, uintptr_t path, long flags, long mask,
	       uintptr_t buf);
long sys_faccessat(long dirfd, uintptr_t path, long mode);
long sys_faccessat2(long dirfd, uintptr_t path, long mode, long flags);
long sys_access(uintptr_t path, long mode);
long sys_readlinkat(long dirfd, uintptr_t path, uintptr_t buf, long size);
long sys_readlink(uintptr_t path, uintptr_t buf, long size);
long sys_getdents64(long fd, uintptr_t buf, size_t count);
long sys_getcwd(uintptr_t buf, size_t size);
long sys_chdir(uintptr_t path);
long sys_fchdir(long fd);
long sys_sendfile(long out_fd, long in_fd, uintptr_t off, size_t count);

/* The calls that would change the tree: Linux's checks, then -EROFS
 * (rofs.c). sys_fchange is fchmod and fchown; sys_fsync also fdatasync. */
long sys_mkdirat(long dirfd, uintptr_t path, long mode);
long sys_mknodat(long dirfd, uintptr_t path, long mode, long dev);
long sys_symlinkat(uintptr_t target, long dirfd, uintptr_t path);
long sys_linkat(long olddfd, uintptr_t old, long newdfd, uintptr_t new,
		long flags);
long sys_unlinkat(long dirfd, uintptr_t path, long flags);
long sys_renameat2(long olddfd, uintptr_t old, long newdfd, uintptr_t new,
		   long flags);
long sys_fchmodat2(long dirfd, uintptr_t path, long mode, long flags);
long sys_fchownat(long dirfd, uintptr_t path, long uid, long gid, long flags);
long sys_utimensat(long dirfd, uintptr_t path, uintptr_t times, long flags);
long sys_fchange(long fd);
long sys_truncate(uintptr_t path, long len);
long sys_ftruncate(long fd, long len);
long sys_fsync(long fd);
long sys_statfs(uintptr_t path, uintptr_t buf);
long sys_fstatfs(long fd, uintptr_t buf);

#endif
