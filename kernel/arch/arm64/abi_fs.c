// SPDX-License-Identifier: MIT
// abi_fs.c: arm64's struct stat (the generic 128-byte layout, 32-bit
// nlink and blksize) and its values of the open flags that differ from
// x86_64's.

#include <kiln/fsabi.h>
#include <string.h>

struct stat_generic {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, pad1;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
	int64_t atime;
	uint64_t atime_ns;
	int64_t mtime;
	uint64_t mtime_ns;
	int64_t ctime;
	uint64_t ctime_ns;
	uint32_t unused[2];
};

_Static_assert(sizeof(struct stat_generic) == 128, "arm64 struct stat");
_Static_assert(sizeof(struct stat_generic) <= FSABI_STAT_MAX, "room");

const unsigned fsabi_o_directory = 040000;
const unsigned fsabi_o_nofollow = 0100000;
const unsigned fsabi_o_largefile = 0400000;

size_t fsabi_stat(void *buf, const struct kstat *st)
{
	struct stat_generic s;

	memset(&s, 0, sizeof(s));
	s.dev = st->dev;
	s.ino = st->ino;
	s.mode = st->mode;
	s.nlink = (uint32_t)st->nlink;
	s.uid = st->uid;
	s.gid = st->gid;
	s.rdev = st->rdev;
	s.size = (int64_t)st->size;
	s.blksize = (int32_t)st->blksize;
	s.blocks = (int64_t)st->blocks;
	s.atime = st->atime;
	s.atime_ns = st->atime_ns;
	s.mtime = st->mtime;
	s.mtime_ns = st->mtime_ns;
	s.ctime = st->ctime;
	s.ctime_ns = st->ctime_ns;
	memcpy(buf, &s, sizeof(s));
	return sizeof(s);
}
