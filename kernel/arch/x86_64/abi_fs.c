// SPDX-License-Identifier: MIT
// abi_fs.c: x86_64's struct stat (144 bytes, nlink before mode) and its
// values of the open flags that differ from arm64's.

#include <kiln/fsabi.h>
#include <string.h>

struct stat_x86_64 {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev;
	int64_t size, blksize, blocks;
	int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	int64_t unused[3];
};

_Static_assert(sizeof(struct stat_x86_64) == 144, "x86_64 struct stat");
_Static_assert(sizeof(struct stat_x86_64) <= FSABI_STAT_MAX, "room");

const unsigned fsabi_o_directory = 0200000;
const unsigned fsabi_o_nofollow = 0400000;
const unsigned fsabi_o_largefile = 0100000;

size_t fsabi_stat(void *buf, const struct kstat *st)
{
	struct stat_x86_64 s;

	memset(&s, 0, sizeof(s));
	s.dev = st->dev;
	s.ino = st->ino;
	s.nlink = st->nlink;
	s.mode = st->mode;
	s.uid = st->uid;
	s.gid = st->gid;
	s.rdev = st->rdev;
	s.size = (int64_t)st->size;
	s.blksize = st->blksize;
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
