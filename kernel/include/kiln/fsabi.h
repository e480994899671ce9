/* SPDX-License-Identifier: MIT */
/*
 * fsabi.h: where the file system calls' Linux ABI differs between the
 * architectures (kernel/arch/<arch>/abi_fs.c): struct stat's layout and
 * the open flags whose values differ.
 */
#ifndef KILN_FSABI_H
#define KILN_FSABI_H

#include <stddef.h>
#include <stdint.h>

/* What stat returns, before an architecture lays it out. */
struct kstat {
	uint64_t dev, ino, nlink, rdev, size, blocks;
	uint32_t mode, uid, gid, blksize;
	uint32_t dev_major, dev_minor, rdev_major, rdev_minor;
	int64_t atime, mtime, ctime;
	uint32_t atime_ns, mtime_ns, ctime_ns;
};

/* Lays st out as the architecture's struct stat in buf (at least
 * FSABI_STAT_MAX bytes); returns its size. */
#define FSABI_STAT_MAX 160
size_t fsabi_stat(void *buf, const struct kstat *st);

/* O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE differ between
 * x86_64 and arm64. */
extern const unsigned fsabi_o_directory, fsabi_o_nofollow, fsabi_o_largefile;

#endif
