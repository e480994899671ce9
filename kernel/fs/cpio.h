/* SPDX-License-Identifier: MIT */
/*
 * cpio.h: a reader for cpio "newc" archives (magic 070701, and 070702
 * whose checksums it ignores). Several archives may follow one another
 * with zero padding between them, as in a Linux initramfs. Every field is
 * checked before use; on a fault the reader stops with a sentence naming
 * the entry. Plain C with no kernel dependencies beyond fmt.c, so the host
 * unit tests build it too.
 */
#ifndef KILN_CPIO_H
#define KILN_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_NAME_MAX 4096 /* name size, NUL included (PATH_MAX) */
#define CPIO_WHY_MAX 256

/* File types, as in the mode field. */
#define CPIO_S_IFMT 0170000
#define CPIO_S_IFSOCK 0140000
#define CPIO_S_IFLNK 0120000
#define CPIO_S_IFREG 0100000
#define CPIO_S_IFBLK 0060000
#define CPIO_S_IFDIR 0040000
#define CPIO_S_IFCHR 0020000
#define CPIO_S_IFIFO 0010000

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	size_t namelen; /* without the NUL */
	const void *data; /* the body, inside the archive */
	size_t size;
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
	unsigned archive; /* 0 for the first archive, 1 for the next... */
	size_t offset; /* of the header, from the start of the input */
};

struct cpio_reader {
	const unsigned char *base;
	size_t size, pos;
	unsigned archive, index; /* entries so far in this archive */
	int in_archive; /* a header was read and no trailer yet */
	char last[64]; /* the previous entry's name, for messages */
	char why[CPIO_WHY_MAX];
};

void cpio_open(struct cpio_reader *r, const void *archive, size_t size);
/* Reads the next entry: 1 and *e filled, 0 at the clean end of the
 * input, -1 on a malformed archive with r->why saying what and where.
 * Trailers are consumed, not returned. */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

#endif
