// SPDX-License-Identifier: MIT
// eventfd.c: eventfd counters: reads, writes, semaphore mode, flags,
// overflow and error cases; prints only ok/FAIL lines.

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define EFD_MAX 0xfffffffffffffffeull

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static int64_t get(int fd)
{
	uint64_t v = 0;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? (int64_t)v : -errno;
}

static int put(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v)) == sizeof(v) ? 0 : -errno;
}

static short revents(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };

	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

static void test_counter(void)
{
	int fd = eventfd(5, EFD_NONBLOCK);

	check("eventfd(5, EFD_NONBLOCK) works", fd >= 0);
	check("the first read gives the initial value 5", get(fd) == 5);
	check("a read of a zero counter gives EAGAIN", get(fd) == -EAGAIN);
	check("writes of 2 and 3 work", put(fd, 2) == 0 && put(fd, 3) == 0);
	check("a read gives their sum and clears the counter",
	      get(fd) == 5 && get(fd) == -EAGAIN);
	check("a write of 0 works but leaves it unreadable",
	      put(fd, 0) == 0 && get(fd) == -EAGAIN);
	close(fd);
}

static void test_semaphore(void)
{
	int fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK), ok = 1;

	check("eventfd with EFD_SEMAPHORE works", fd >= 0);
	for (int i = 0; i < 3; i++)
		ok &= get(fd) == 1;
	check("a semaphore of 3 gives 1 three times", ok);
	check("then EAGAIN", get(fd) == -EAGAIN);
	check("after writing 2, two reads of 1",
	      put(fd, 2) == 0 && get(fd) == 1 && get(fd) == 1 &&
		      get(fd) == -EAGAIN);
	close(fd);
}

static void test_sizes(void)
{
	int fd = eventfd(1, EFD_NONBLOCK);
	uint32_t small = 1;
	uint64_t big[2] = { 0, 0 };

	errno = 0;
	check("a read of 4 bytes gives EINVAL",
	      read(fd, &small, sizeof(small)) == -1 && errno == EINVAL);
	errno = 0;
	check("a write of 4 bytes gives EINVAL",
	      write(fd, &small, sizeof(small)) == -1 && errno == EINVAL);
	check("a read of 16 bytes gives 8 bytes",
	      read(fd, big, sizeof(big)) == 8 && big[0] == 1);
	check("writing UINT64_MAX gives EINVAL",
	      put(fd, UINT64_MAX) == -EINVAL);
	close(fd);
}

static void test_overflow(void)
{
	int fd = eventfd(0, EFD_NONBLOCK);

	check("writing the maximum 0xfffffffffffffffe works",
	      put(fd, EFD_MAX) == 0);
	check("a full counter is readable, not writable",
	      revents(fd) == POLLIN);
	check("writing 1 more gives EAGAIN", put(fd, 1) == -EAGAIN);
	check("writing 0 still works", put(fd, 0) == 0);
	check("the read gives the maximum", get(fd) == (int64_t)EFD_MAX);
	check("an empty counter is writable, not readable",
	      revents(fd) == POLLOUT);
	check("1 then the maximum overflows: EAGAIN",
	      put(fd, 1) == 0 && put(fd, EFD_MAX) == -EAGAIN);
	check("the maximum minus 1 fits", put(fd, EFD_MAX - 1) == 0);
	close(fd);
}

static void test_flags(void)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	check("EFD_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
	check("EFD_NONBLOCK sets O_NONBLOCK",
	      (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
	check("the file is read-write",
	      (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	close(fd);
	fd = eventfd(0, 0);
	check("without flags, neither",
	      fcntl(fd, F_GETFD) == 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK));
	check("a blocking eventfd with a count reads at once",
	      put(fd, 7) == 0 && get(fd) == 7);
	close(fd);
	errno = 0;
	check("eventfd with an unknown flag gives EINVAL",
	      eventfd(0, 0x10) == -1 && errno == EINVAL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	test_counter();
	test_semaphore();
	test_sizes();
	test_overflow();
	test_flags();
	return failures ? 1 : 0;
}
