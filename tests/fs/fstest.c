// SPDX-License-Identifier: MIT
// fstest.c: walks, stats and reads a file tree and prints what it sees, so
// that the same program on Linux (chrooted into a read-only copy of the
// tree) and on kiln (the tree as its root) can be compared line by line.
//
// usage: fstest ROOT walk DIR...   every entry under DIR, sorted
//        fstest ROOT ops           open, seek, read, getdents, mmap,
//                                  sendfile, access... and their errors
//        fstest ROOT big FILE      SHA-256 of FILE by read and by mmap
//        fstest ROOT kiln          what only kiln provides (/dev/console,
//                                  /proc/self/exe), checked in place
//        fstest ROOT serve PORT FILE...
//                                  each FILE by sendfile to one TCP client
// ROOT is "/" on kiln; on Linux the program chroots into it first.

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sha256.h"

/* getdents64's record. */
struct kdirent {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

/* musl before 1.2.5 has no statx(): the kernel's structure, by hand. */
struct kstatx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct {
		int64_t sec;
		uint32_t nsec;
		int32_t pad;
	} atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

static const char *err_name(int e)
{
	static const struct {
		int e;
		const char *name;
	} t[] = {
		{ ENOENT, "ENOENT" },	    { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" },	    { EROFS, "EROFS" },
		{ EEXIST, "EEXIST" },	    { ELOOP, "ELOOP" },
		{ EINVAL, "EINVAL" },	    { EBADF, "EBADF" },
		{ EACCES, "EACCES" },	    { ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENODEV, "ENODEV" },	    { ESPIPE, "ESPIPE" },
		{ ENXIO, "ENXIO" },	    { ERANGE, "ERANGE" },
		{ EFAULT, "EFAULT" },	    { EPERM, "EPERM" },
		{ EOVERFLOW, "EOVERFLOW" }, { EBUSY, "EBUSY" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { EXDEV, "EXDEV" },
	};
	static char buf[32];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i].e == e)
			return t[i].name;
	}
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

/* "ok N" for a result >= 0, else the error's name. */
static void res(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, err_name(errno));
	else
		printf("%s: ok %ld\n", what, r);
}

/* Names may hold any byte but '/' and NUL: print them escaped. */
static void put_name(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c > 0x20 && c < 0x7f && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
}

static uint64_t fnv_file(const char *path, long *total)
{
	static char buf[7919]; /* an odd size, so reads straddle pages */
	uint64_t h = 14695981039346656037ull;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	*total = 0;
	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 1099511628211ull;
		*total += n;
	}
	if (n < 0)
		*total = -errno;
	close(fd);
	return h;
}

/* lstat, fstatat, statx and (for files and directories) fstat must
 * agree; prints what differs. */
static void cross_check(const char *path, const struct stat *st)
{
	struct stat a;
	struct kstatx x;
	int fd;

	if (fstatat(AT_FDCWD, path, &a, AT_SYMLINK_NOFOLLOW) ||
	    a.st_mode != st->st_mode || a.st_size != st->st_size ||
	    a.st_ino != st->st_ino)
		printf("  fstatat differs\n");
	if (syscall(SYS_statx, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, 0x7ffu,
		    &x) ||
	    x.mode != st->st_mode || (off_t)x.size != st->st_size ||
	    x.ino != st->st_ino || x.nlink != st->st_nlink ||
	    x.mtime.sec != st->st_mtime)
		printf("  statx differs\n");
	if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &a) || a.st_ino != st->st_ino ||
	    a.st_mode != st->st_mode || a.st_size != st->st_size)
		printf("  fstat differs\n");
	if (fd >= 0)
		close(fd);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *path);

static void walk_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL, *sub;
	size_t n = 0, cap = 0;
	int dots = 0;

	if (!d) {
		printf("  opendir: %s\n", err_name(errno));
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	printf("  entries %zu, dots %d\n", n, dots);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (asprintf(&sub, "%s/%s", path, names[i]) < 0)
			exit(3);
		walk(sub);
		free(sub);
		free(names[i]);
	}
	free(names);
}

static void walk(const char *path)
{
	struct stat st;
	char target[4096];
	long total;
	ssize_t n;

	put_name(path);
	if (lstat(path, &st)) {
		printf(" lstat %s\n", err_name(errno));
		return;
	}
	printf(" mode %06o nlink %lu uid %u gid %u mtime %lld",
	       (unsigned)st.st_mode, (unsigned long)st.st_nlink, st.st_uid,
	       st.st_gid, (long long)st.st_mtime);
	if (S_ISREG(st.st_mode)) {
		uint64_t h = fnv_file(path, &total);

		printf(" size %lld read %ld fnv %016llx", (long long)st.st_size,
		       total, (unsigned long long)h);
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		printf(" size %lld -> ", (long long)st.st_size);
		put_name(target);
	} else if (S_ISCHR(st.st_mode)) {
		printf(" rdev %u:%u", major(st.st_rdev), minor(st.st_rdev));
	}
	putchar('\n');
	cross_check(path, &st);
	if (S_ISDIR(st.st_mode))
		walk_dir(path);
}

/* --- ops ---------------------------------------------------------------- */

static void open_cases(void)
{
	static const struct {
		const char *path;
		int flags;
	} c[] = {
		{ "t/a", O_RDONLY },
		{ "t/missing", O_RDONLY },
		{ "t/a/x", O_RDONLY },
		{ "t/a/", O_RDONLY },
		{ "t/sub/", O_RDONLY },
		{ "t/sub", O_WRONLY },
		{ "t/sub", O_RDONLY | O_CREAT },
		{ "t/a", O_WRONLY },
		{ "t/a", O_RDWR },
		{ "t/a", O_RDONLY | O_TRUNC },
		{ "t/a", O_RDONLY | O_CREAT },
		{ "t/a", O_RDONLY | O_CREAT | O_EXCL },
		{ "t/new", O_WRONLY | O_CREAT },
		{ "t/new/", O_WRONLY | O_CREAT },
		{ "t/nodir/new", O_WRONLY | O_CREAT },
		{ "t/a", O_RDONLY | O_DIRECTORY },
		{ "t/sub", O_RDONLY | O_DIRECTORY },
		{ "t/sub", O_RDONLY | O_CREAT | O_DIRECTORY },
		{ "t/rel", O_RDONLY },
		{ "t/rel", O_RDONLY | O_NOFOLLOW },
		{ "t/abs", O_RDONLY },
		{ "t/dirlink/a", O_RDONLY },
		{ "t/dirlink/", O_RDONLY | O_NOFOLLOW },
		{ "t/dirlink", O_RDONLY | O_NOFOLLOW | O_DIRECTORY },
		{ "t/loop1", O_RDONLY },
		{ "t/dangling", O_RDONLY },
		{ "t/dangling", O_RDONLY | O_CREAT },
		{ "t/chain/l39", O_RDONLY },
		{ "t/chain/l40", O_RDONLY },
		{ "t/./sub/../a", O_RDONLY },
		{ "/../../../t/a", O_RDONLY },
		{ "t//sub///..//a", O_RDONLY },
		{ "t/sub/../../../t/a", O_RDONLY },
		{ "", O_RDONLY },
		{ ".", O_RDONLY },
		{ "..", O_RDONLY | O_DIRECTORY },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char what[128];
		int fd = open(c[i].path, c[i].flags, 0644);

		snprintf(what, sizeof(what), "open '%s' %#o", c[i].path,
			 c[i].flags);
		res(what, fd < 0 ? -1 : 0);
		if (fd >= 0)
			close(fd);
	}
}

static void long_names(void)
{
	char name[300], *path = malloc(5000);
	size_t n;

	memset(name, 'n', 255);
	name[255] = '\0';
	snprintf(path, 5000, "t/long/%s", name);
	res("open 255-byte name", open(path, O_RDONLY) < 0 ? -1 : 0);
	strcat(path, "n");
	res("open 256-byte name", open(path, O_RDONLY));
	/* "./" repeated up to 4095 bytes works; 4096 is too long. */
	for (n = 0; n + 2 < 4095 - 3; n += 2)
		memcpy(path + n, "./", 2);
	while (n < 4095 - 3)
		path[n++] = '/';
	memcpy(path + n, "t/a", 4);
	res("open 4095-byte path", open(path, O_RDONLY) < 0 ? -1 : 0);
	memmove(path + 1, path, 4096);
	path[0] = '/';
	res("open 4096-byte path", open(path, O_RDONLY));
	free(path);
}

static void opath_cases(void)
{
	struct stat st;
	char c;
	int fd = open("t/rel", O_PATH | O_NOFOLLOW);
	char buf[64];
	ssize_t n;

	res("O_PATH|O_NOFOLLOW symlink", fd < 0 ? -1 : 0);
	fstat(fd, &st);
	printf("  fstat type %o\n", (unsigned)(st.st_mode & S_IFMT));
	res("  read O_PATH", read(fd, &c, 1));
	n = readlinkat(fd, "", buf, sizeof(buf));
	printf("  readlinkat '' %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
	res("  fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH));
	close(fd);
	fd = open("t/sub", O_PATH);
	res("  fchdir O_PATH dir", fchdir(fd));
	res("  back", chdir("/"));
	close(fd);
}

static void seek_cases(void)
{
	int fd = open("t/sizes/f4097", O_RDONLY), fd2, dup_fd;
	char buf[16];

	res("lseek SET 10", lseek(fd, 10, SEEK_SET));
	res("lseek CUR 5", lseek(fd, 5, SEEK_CUR));
	res("lseek CUR -100", lseek(fd, -100, SEEK_CUR));
	res("lseek END 0", lseek(fd, 0, SEEK_END));
	res("lseek END -1", lseek(fd, -1, SEEK_END));
	res("read at END-1", read(fd, buf, sizeof(buf)));
	res("read at END", read(fd, buf, sizeof(buf)));
	res("lseek END 100", lseek(fd, 100, SEEK_END));
	res("read past END", read(fd, buf, sizeof(buf)));
	res("lseek bad whence", lseek(fd, 0, 7));
	res("lseek DATA 5", lseek(fd, 5, SEEK_DATA));
	res("lseek HOLE 5", lseek(fd, 5, SEEK_HOLE));
	res("lseek DATA past", lseek(fd, 5000, SEEK_DATA));
	/* Offsets belong to open files: a second open has its own, a dup
	 * shares. */
	lseek(fd, 100, SEEK_SET);
	fd2 = open("t/sizes/f4097", O_RDONLY);
	dup_fd = dup(fd);
	res("second open's offset", lseek(fd2, 0, SEEK_CUR));
	read(dup_fd, buf, 10);
	res("offset after read on dup", lseek(fd, 0, SEEK_CUR));
	close(fd2);
	close(dup_fd);
	close(fd);
	fd = open("t/sub", O_RDONLY | O_DIRECTORY);
	res("read dir", read(fd, buf, 1));
	res("pread dir", pread(fd, buf, 1, 0));
	res("lseek dir SET 0", lseek(fd, 0, SEEK_SET));
	close(fd);
	res("lseek stdin pipe or console", lseek(0, 0, SEEK_CUR) < 0 ? -1 : 0);
}

/* Byte i of the size files is (i * 7 + 3) & 0xff. */
static int pattern_ok(const unsigned char *p, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != (unsigned char)(((off + i) * 7 + 3) & 0xff))
			return 0;
	}
	return 1;
}

static void pread_cases(void)
{
	int fd = open("t/sizes/f4097", O_RDONLY);
	unsigned char a[100], b[200];
	struct iovec v[2] = { { a, 3 }, { b, 200 } };
	ssize_t n;

	n = pread(fd, a, 100, 4000);
	printf("pread 4000: %zd %d\n", n, pattern_ok(a, 4000, (size_t)n));
	res("  offset after pread", lseek(fd, 0, SEEK_CUR));
	res("pread negative", pread(fd, a, 1, -1));
	n = preadv(fd, v, 2, 4090);
	printf("preadv 4090: %zd %d %d\n", n, pattern_ok(a, 4090, 3),
	       pattern_ok(b, 4093, (size_t)n - 3));
	lseek(fd, 1, SEEK_SET);
	n = readv(fd, v, 2);
	printf("readv at 1: %zd %d %d\n", n, pattern_ok(a, 1, 3),
	       pattern_ok(b, 4, 200));
	res("  offset after readv", lseek(fd, 0, SEEK_CUR));
	res("pwrite", pwrite(fd, a, 1, 0));
	res("write", write(fd, a, 1));
	res("read 0 bytes", read(fd, a, 0));
	close(fd);
}

static void getdents_cases(void)
{
	char buf[64] __attribute__((aligned(8))), names[64][32];
	int fd = open("t/many10", O_RDONLY | O_DIRECTORY), k = 0;
	long n;
	off_t mark = 0;
	char after_mark[32] = "";

	/* Small buffers: one or two entries per call; d_off resumes. */
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < n;) {
			struct kdirent *d = (void *)(buf + at);

			if (k < 64)
				snprintf(names[k++], 32, "%.31s", d->name);
			if (k == 5)
				mark = d->off;
			at += d->reclen;
		}
	}
	res("getdents64 end", n);
	qsort(names, (size_t)k, 32,
	      (int (*)(const void *, const void *))strcmp);
	printf("  %d names:", k);
	for (int i = 0; i < k; i++)
		printf(" %s", names[i]);
	putchar('\n');
	/* Resuming at a d_off gives the same next entry every time. */
	lseek(fd, mark, SEEK_SET);
	n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	if (n > 0)
		snprintf(after_mark, 32, "%.31s",
			 ((struct kdirent *)buf)->name);
	lseek(fd, mark, SEEK_SET);
	n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	printf("  resume twice: %d\n",
	       n > 0 &&
		       !strncmp(after_mark, ((struct kdirent *)buf)->name, 31));
	lseek(fd, 0, SEEK_SET);
	res("  buffer too small", syscall(SYS_getdents64, fd, buf, 8));
	close(fd);
	fd = open("t/a", O_RDONLY);
	res("getdents64 on a file", syscall(SYS_getdents64, fd, buf, 64));
	close(fd);
	fd = open("t/empty", O_RDONLY | O_DIRECTORY);
	n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	n += syscall(SYS_getdents64, fd, buf, sizeof(buf));
	n += syscall(SYS_getdents64, fd, buf, sizeof(buf));
	res("empty dir: . and .. bytes", n);
	close(fd);
}

static void link_cases(void)
{
	char buf[8];
	struct stat a, b;

	res("readlink small buffer", readlink("t/abs", buf, 3));
	printf("  %.3s\n", buf);
	res("readlink a file", readlink("t/a", buf, sizeof(buf)));
	res("readlink missing", readlink("t/missing", buf, sizeof(buf)));
	res("readlink size 0", readlink("t/rel", buf, 0));
	res("readlinkat dir fd", readlinkat(AT_FDCWD, "t/abs", buf, 8));
	stat("t/hard1", &a);
	stat("t/sub/hard2", &b);
	printf("hard links: nlink %lu %lu, same inode %d, size %lld\n",
	       (unsigned long)a.st_nlink, (unsigned long)b.st_nlink,
	       a.st_ino == b.st_ino, (long long)b.st_size);
	res("stat loop", stat("t/loop1", &a));
	res("lstat loop", lstat("t/loop1", &a));
	res("stat dangling", stat("t/dangling", &a));
	res("stat dirlink/", lstat("t/dirlink/", &a));
	printf("  is dir %d\n", S_ISDIR(a.st_mode));
	res("stat a/", stat("t/a/", &a));
	res("fstatat bad flag", fstatat(AT_FDCWD, "t/a", &a, 0x4));
}

static void at_cases(void)
{
	int dir = open("t/sub", O_RDONLY | O_DIRECTORY), file, fd;
	struct stat st;

	fd = openat(dir, "../a", O_RDONLY);
	res("openat dir ../a", fd < 0 ? -1 : 0);
	close(fd);
	file = open("t/a", O_RDONLY);
	res("openat file-fd", openat(file, "x", O_RDONLY));
	res("openat file-fd absolute",
	    (fd = openat(file, "/t/a", 0)) < 0 ? -1 : 0);
	close(fd);
	res("openat bad fd", openat(999, "x", O_RDONLY));
	res("fstatat dir", fstatat(dir, "big", &st, 0));
	printf("  size %lld\n", (long long)st.st_size);
	res("fstatat empty path, no flag", fstatat(file, "", &st, 0));
	res("fstatat AT_EMPTY_PATH", fstatat(file, "", &st, AT_EMPTY_PATH));
	printf("  size %lld\n", (long long)st.st_size);
	res("faccessat R_OK", faccessat(dir, "big", R_OK, 0));
	res("access W_OK file", access("t/a", W_OK));
	res("access W_OK dir", access("t/sub", W_OK));
	res("access X_OK plain file", access("t/a", X_OK));
	res("access X_OK exec file", access("t/exec", X_OK));
	res("access X_OK dir", access("t/sub", X_OK));
	res("access missing", access("t/missing", F_OK));
	res("access bad mode", access("t/a", 8));
	res("faccessat2 NOFOLLOW dangling",
	    syscall(SYS_faccessat2, AT_FDCWD, "t/dangling", F_OK,
		    AT_SYMLINK_NOFOLLOW));
	res("faccessat2 follow dangling",
	    syscall(SYS_faccessat2, AT_FDCWD, "t/dangling", F_OK, 0));
	close(file);
	close(dir);
}

static void cwd_cases(void)
{
	char buf[4096];
	int fd;

	res("chdir t/deep", chdir("t/sub/deeper"));
	printf("  cwd %s\n", getcwd(buf, sizeof(buf)));
	res("getcwd small", getcwd(buf, 4) ? 0 : -1);
	res("open relative ../big",
	    (fd = open("../big", O_RDONLY)) < 0 ? -1 : 0);
	close(fd);
	res("chdir file", chdir("/t/a"));
	res("chdir missing", chdir("/t/missing"));
	res("chdir ..", chdir(".."));
	printf("  cwd %s\n", getcwd(buf, sizeof(buf)));
	fd = open("/", O_RDONLY | O_DIRECTORY);
	res("fchdir /", fchdir(fd));
	printf("  cwd %s\n", getcwd(buf, sizeof(buf)));
	close(fd);
	fd = open("/t/a", O_RDONLY);
	res("fchdir file", fchdir(fd));
	close(fd);
	res("chdir dirlink", chdir("/t/dirlink"));
	printf("  cwd %s\n", getcwd(buf, sizeof(buf)));
	chdir("/");
}

static void mmap_cases(void)
{
	int fd = open("t/sizes/f4097", O_RDONLY), dir;
	unsigned char *p, *q, c;
	long ps = sysconf(_SC_PAGESIZE);

	p = mmap(NULL, 4097, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("mmap: %d pattern %d tail zero %d\n", p != MAP_FAILED,
	       pattern_ok(p, 0, 4097), p[4097] == 0 && p[8191] == 0);
	res("  mprotect write", mprotect(p, 4096, PROT_READ | PROT_WRITE));
	p[0] = 0xee;
	pread(fd, &c, 1, 0);
	printf("  file unchanged %d\n", c == 3);
	munmap(p, 8192);
	q = mmap(NULL, 1, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, ps);
	printf("mmap offset page: %d first %d\n", q != MAP_FAILED,
	       pattern_ok(q, (size_t)ps, 1));
	q[0] = 1;
	pread(fd, &c, 1, ps);
	printf("  write private, file unchanged %d\n",
	       c == (unsigned char)((ps * 7 + 3) & 0xff));
	munmap(q, 1);
	res("mmap offset unaligned",
	    mmap(NULL, 1, PROT_READ, MAP_PRIVATE, fd, 1) == MAP_FAILED ? -1
								       : 0);
	res("mmap shared write", mmap(NULL, 1, PROT_READ | PROT_WRITE,
				      MAP_SHARED, fd, 0) == MAP_FAILED
					 ? -1
					 : 0);
	p = mmap(NULL, 1, PROT_READ, MAP_SHARED, fd, 0);
	res("mmap shared read", p == MAP_FAILED ? -1 : p[0]);
	close(fd);
	dir = open("t/sub", O_RDONLY);
	res("mmap dir",
	    mmap(NULL, 1, PROT_READ, MAP_PRIVATE, dir, 0) == MAP_FAILED ? -1
									: 0);
	close(dir);
	res("mmap closed fd",
	    mmap(NULL, 1, PROT_READ, MAP_PRIVATE, dir, 0) == MAP_FAILED ? -1
									: 0);
	fd = open("t/sizes/f0", O_RDONLY);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	res("mmap empty file", p == MAP_FAILED ? -1 : 0);
	close(fd);
}

static void sendfile_cases(void)
{
	int fd = open("t/hello", O_RDONLY), dir = open("t/sub", O_RDONLY), null;
	off_t off = 2;
	ssize_t n;

	fflush(stdout);
	n = sendfile(1, fd, &off, 5);
	printf("\nsendfile off: %zd off now %lld pos %lld\n", n, (long long)off,
	       (long long)lseek(fd, 0, SEEK_CUR));
	fflush(stdout);
	n = sendfile(1, fd, NULL, 100);
	printf("\nsendfile pos: %zd pos now %lld\n", n,
	       (long long)lseek(fd, 0, SEEK_CUR));
	res("sendfile at end", sendfile(1, fd, NULL, 100));
	null = open("/dev/null", O_WRONLY);
	off = 1;
	res("sendfile to /dev/null", sendfile(null, fd, &off, 100));
	close(null);
	res("sendfile from dir", sendfile(1, dir, NULL, 1));
	res("sendfile to read-only", sendfile(fd, fd, NULL, 1));
	off = -1;
	res("sendfile negative offset", sendfile(1, fd, &off, 1));
	close(fd);
	close(dir);
}

static void dev_cases(void)
{
	unsigned char buf[64];
	int fd = open("/dev/zero", O_RDONLY), all = 1;
	struct stat st;

	memset(buf, 1, sizeof(buf));
	res("read /dev/zero", read(fd, buf, sizeof(buf)));
	for (size_t i = 0; i < sizeof(buf); i++)
		all &= buf[i] == 0;
	printf("  zeros %d\n", all);
	close(fd);
	fd = open("/dev/null", O_RDWR);
	res("open /dev/null rw", fd < 0 ? -1 : 0);
	res("  read", read(fd, buf, sizeof(buf)));
	res("  write", write(fd, buf, 10));
	res("  lseek", lseek(fd, 5, SEEK_SET));
	fstat(fd, &st);
	printf("  mode %o rdev %u:%u\n", (unsigned)st.st_mode,
	       major(st.st_rdev), minor(st.st_rdev));
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	res("read /dev/urandom", read(fd, buf, sizeof(buf)));
	close(fd);
}

static void fcntl_cases(void)
{
	int fd = open("t/a", O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	printf("fcntl: FD_CLOEXEC %d, accmode %d, nonblock %d\n",
	       fcntl(fd, F_GETFD), fcntl(fd, F_GETFL) & O_ACCMODE,
	       (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
	close(fd);
}

/* The tree is read-only: Linux's checks first, then EROFS. */
static void change_cases(void)
{
	struct timespec ts[2] = { { 0, 0 }, { 0, 0 } };
	struct statfs sf;
	int fd = open("t/a", O_RDONLY);

	res("mkdir new", mkdir("t/newdir", 0755));
	res("mkdir new/", mkdir("t/newdir/", 0755));
	res("mkdir existing", mkdir("t/sub", 0755));
	res("mkdir over file", mkdir("t/a", 0755));
	res("mkdir over dangling", mkdir("t/dangling", 0755));
	res("mkdir missing parent", mkdir("t/nodir/x", 0755));
	res("mkdir under file", mkdir("t/a/x", 0755));
	res("mkdir .", mkdir("t/.", 0755));
	res("mkdir /", mkdir("/", 0755));
	res("rmdir dir", rmdir("t/empty"));
	res("rmdir missing", rmdir("t/missing"));
	res("rmdir missing parent", rmdir("t/nodir/x"));
	res("rmdir .", rmdir("t/."));
	res("rmdir ..", rmdir("t/.."));
	res("unlink file", unlink("t/a"));
	res("unlink missing", unlink("t/missing"));
	res("unlink ..", unlink("t/.."));
	res("unlink under file", unlink("t/a/x"));
	res("rename", rename("t/a", "t/b"));
	res("rename missing parent", rename("t/a", "t/nodir/b"));
	res("rename .", rename("t/.", "t/b"));
	res("symlink new", symlink("a", "t/newlink"));
	res("symlink existing", symlink("a", "t/rel"));
	res("symlink new/", symlink("a", "t/newlink/"));
	res("symlink empty target", symlink("", "t/newlink"));
	res("link new", link("t/a", "t/newhard"));
	res("link missing source", link("t/missing", "t/newhard"));
	res("link existing", link("t/a", "t/hard1"));
	res("chmod", chmod("t/a", 0600));
	res("chmod missing", chmod("t/missing", 0600));
	res("chmod dangling", chmod("t/dangling", 0600));
	res("chown", chown("t/a", 0, 0));
	res("lchown symlink", lchown("t/rel", 0, 0));
	res("fchmod", fchmod(fd, 0600));
	res("fchown", fchown(fd, 0, 0));
	res("utimensat", utimensat(AT_FDCWD, "t/a", ts, 0));
	res("utimensat missing", utimensat(AT_FDCWD, "t/missing", ts, 0));
	res("futimens", futimens(fd, ts));
	res("truncate", truncate("t/a", 0));
	res("truncate dir", truncate("t/sub", 0));
	res("truncate negative", truncate("t/a", -1));
	res("ftruncate", ftruncate(fd, 0));
	res("fsync", fsync(fd));
	res("fdatasync", fdatasync(fd));
	res("mknod fifo", mknod("t/fifo", S_IFIFO | 0644, 0));
	res("statfs", statfs("t/a", &sf));
	printf("  read-only %d, namelen %ld\n", (sf.f_flags & ST_RDONLY) != 0,
	       (long)sf.f_namelen);
	res("fstatfs", fstatfs(fd, &sf));
	res("statfs missing", statfs("t/missing", &sf));
	close(fd);
}

static void ops(void)
{
	open_cases();
	long_names();
	opath_cases();
	seek_cases();
	pread_cases();
	getdents_cases();
	link_cases();
	at_cases();
	cwd_cases();
	mmap_cases();
	sendfile_cases();
	dev_cases();
	fcntl_cases();
	change_cases();
}

/* --- big files ---------------------------------------------------------- */

static void big(const char *path)
{
	static char buf[1 << 20];
	int fd = open(path, O_RDONLY);
	struct sha256 s;
	struct stat st;
	char hex[65];
	ssize_t n;
	void *p;

	if (fd < 0 || fstat(fd, &st)) {
		printf("%s: %s\n", path, err_name(errno));
		return;
	}
	sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&s, buf, (size_t)n);
	sha256_hex(&s, hex);
	printf("read %lld bytes sha256 %s\n", (long long)st.st_size, hex);
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		printf("mmap: %s\n", err_name(errno));
		return;
	}
	sha256_init(&s);
	sha256_update(&s, p, (size_t)st.st_size);
	sha256_hex(&s, hex);
	printf("mmap sha256 %s\n", hex);
	/* Writing to the private mapping copies the page; the file stays. */
	if (mprotect(p, 1, PROT_READ | PROT_WRITE) == 0) {
		unsigned char c0 = *(unsigned char *)p, c1;

		*(unsigned char *)p = (unsigned char)~c0;
		pread(fd, &c1, 1, 0);
		printf("private write: file unchanged %d, mapping changed %d\n",
		       c1 == c0, *(unsigned char *)p == (unsigned char)~c0);
	}
	close(fd);
}

/* --- sendfile to sockets ---------------------------------------------- */

static int serve(int port, char **files, int n)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&a, sizeof(a)) || listen(ls, 4)) {
		printf("listen: %s\n", err_name(errno));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		int fd = open(files[i], O_RDONLY), c = accept(ls, NULL, NULL);
		struct stat st;
		off_t off = 0;
		ssize_t k = 0;

		fstat(fd, &st);
		while (off < st.st_size &&
		       (k = sendfile(c, fd, &off, (size_t)(st.st_size - off))) >
			       0)
			;
		printf("sent %s: %lld of %lld%s%s\n", files[i], (long long)off,
		       (long long)st.st_size, k < 0 ? ", " : "",
		       k < 0 ? err_name(errno) : "");
		fflush(stdout);
		/* The client reads to the end, then closes: wait for that, so
		 * that all was delivered before the program (and VM) ends. */
		shutdown(c, SHUT_WR);
		while (read(c, &one, sizeof(one)) > 0)
			;
		close(c);
		close(fd);
	}
	close(ls);
	return 0;
}

/* --- kiln's own files --------------------------------------------------- */

static int failures;

static void expect(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static void kiln_checks(void)
{
	char buf[256];
	struct stat st;
	ssize_t n;
	int fd;

	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[n < 0 ? 0 : n] = '\0';
	expect("/proc/self/exe is /bin/fstest", !strcmp(buf, "/bin/fstest"));
	fd = open("/proc/self/exe", O_RDONLY);
	expect("/proc/self/exe opens",
	       fd >= 0 && read(fd, buf, 4) == 4 && !memcmp(buf, "\177ELF", 4));
	close(fd);
	fd = open("/dev/console", O_WRONLY);
	expect("/dev/console opens", fd >= 0);
	expect("/dev/console writes", write(fd, "console\n", 8) == 8);
	close(fd);
	expect("stdout is a char device",
	       !fstat(1, &st) && S_ISCHR(st.st_mode));
	expect("/dev/console is 5:1", !stat("/dev/console", &st) &&
					      major(st.st_rdev) == 5 &&
					      minor(st.st_rdev) == 1);
	expect("/dev/urandom is 1:9", !stat("/dev/urandom", &st) &&
					      major(st.st_rdev) == 1 &&
					      minor(st.st_rdev) == 9);
	expect("cwd is /", getcwd(buf, sizeof(buf)) && !strcmp(buf, "/"));
	expect(".. of / is /", !stat("/..", &st) && st.st_ino == 1);
	printf("%d failed\n", failures);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (argc < 3) {
		fprintf(stderr, "usage: fstest ROOT walk|ops|big|kiln ...\n");
		return 2;
	}
	if (strcmp(argv[1], "/") != 0 && (chroot(argv[1]) || chdir("/"))) {
		perror("chroot");
		return 2;
	}
	if (!strcmp(argv[2], "walk")) {
		for (int i = 3; i < argc; i++)
			walk(argv[i]);
	} else if (!strcmp(argv[2], "ops")) {
		ops();
	} else if (!strcmp(argv[2], "big") && argc == 4) {
		big(argv[3]);
	} else if (!strcmp(argv[2], "serve") && argc >= 5) {
		return serve(atoi(argv[3]), argv + 4, argc - 4);
	} else if (!strcmp(argv[2], "kiln")) {
		kiln_checks();
	} else {
		fprintf(stderr, "fstest: unknown command %s\n", argv[2]);
		return 2;
	}
	return failures ? 1 : 0;
}
