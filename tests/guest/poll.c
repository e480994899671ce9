// SPDX-License-Identifier: MIT
// poll.c: poll, ppoll, select and pselect on eventfds and the console:
// timeouts, readiness, counts and errors; prints only ok/FAIL lines.

#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NS 1000000000ll
#define MS 1000000ll

struct kts { /* the kernel's timespec and timeval: two longs */
	long sec, frac;
};

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static int64_t now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * NS + t.tv_nsec;
}

/* Elapsed must be at least want and less than want + 100 ms. */
static int on_time(int64_t start, int64_t want)
{
	int64_t got = now() - start;

	return got >= want && got < want + 100 * MS;
}

static void bump(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) != sizeof(one))
		check("eventfd write", 0);
}

static void drain(int fd)
{
	uint64_t v;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		check("eventfd read", 0);
}

static void test_poll_timeouts(int e)
{
	struct pollfd p = { e, POLLIN, 0 };
	int64_t start = now();
	int r = poll(&p, 1, 50);

	check("poll 50 ms on an idle eventfd: 0, on time",
	      r == 0 && p.revents == 0 && on_time(start, 50 * MS));
	start = now();
	r = poll(NULL, 0, 30);
	check("poll with no fds sleeps 30 ms",
	      r == 0 && on_time(start, 30 * MS));
	start = now();
	r = poll(&p, 1, 0);
	check("poll with timeout 0 returns at once",
	      r == 0 && on_time(start, 0));
}

static void test_poll_ready(int e, int e2)
{
	struct pollfd p[3] = { { e, POLLIN | POLLOUT, 0 },
			       { e2, POLLIN, 0 },
			       { -1, POLLIN, 0x7f } };

	check("an empty eventfd is writable only",
	      poll(p, 1, 0) == 1 && p[0].revents == POLLOUT);
	bump(e);
	check("after a write it is readable and writable, counted once",
	      poll(p, 1, -1) == 1 && p[0].revents == (POLLIN | POLLOUT));
	check("a negative fd is skipped and its revents cleared",
	      poll(p, 3, 0) == 1 && p[1].revents == 0 && p[2].revents == 0);
	bump(e2);
	check("two ready eventfds count 2",
	      poll(p, 3, 0) == 2 && p[1].revents == POLLIN);
	p[0].events = 0;
	check("events 0 reports nothing",
	      poll(p, 1, 0) == 0 && p[0].revents == 0);
	drain(e);
	drain(e2);
	p[0] = (struct pollfd){ STDOUT_FILENO, POLLOUT, 0 };
	check("stdout is writable",
	      poll(p, 1, 0) == 1 && (p[0].revents & POLLOUT));
}

static void test_poll_errors(void)
{
	int gone = eventfd(0, 0);
	struct pollfd p[2] = { { gone, POLLIN, 0 }, { gone, 0, 0 } };
	static struct pollfd many[1025];
	struct rlimit rl;

	close(gone);
	check("a closed fd gives POLLNVAL, counted",
	      poll(p, 2, 0) == 2 && p[0].revents == POLLNVAL &&
		      p[1].revents == POLLNVAL);
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = 1024;
	setrlimit(RLIMIT_NOFILE, &rl);
	for (int i = 0; i < 1025; i++)
		many[i].fd = -1;
	errno = 0;
	check("poll of 1025 fds with RLIMIT_NOFILE 1024 gives EINVAL",
	      poll(many, 1025, 0) == -1 && errno == EINVAL);
	check("poll of 1024 negative fds gives 0", poll(many, 1024, 0) == 0);
	errno = 0;
	check("poll of a bad address gives EFAULT",
	      poll((struct pollfd *)8, 1, 0) == -1 && errno == EFAULT);
}

static void test_ppoll(int e)
{
	struct pollfd p = { e, POLLIN, 0 };
	struct timespec ts = { 0, 40 * MS };
	struct kts kt = { 0, 30 * MS };
	uint64_t mask = 0;
	int64_t start = now();
	long r = ppoll(&p, 1, &ts, NULL);

	check("ppoll 40 ms: 0, on time", r == 0 && on_time(start, 40 * MS));
	r = syscall(SYS_ppoll, &p, 1, &kt, NULL, 8);
	check("ppoll sets the timespec to what is left: 0",
	      r == 0 && kt.sec == 0 && kt.frac == 0);
	bump(e);
	kt = (struct kts){ 5, 0 };
	r = syscall(SYS_ppoll, &p, 1, &kt, &mask, 8);
	check("ppoll returning at once leaves most of 5 s",
	      r == 1 && kt.sec == 4 && kt.frac > 900 * MS);
	check("ppoll with no timeout returns a ready fd",
	      ppoll(&p, 1, NULL, NULL) == 1 && p.revents == POLLIN);
	drain(e);
	errno = 0;
	ts.tv_nsec = NS;
	check("ppoll with tv_nsec 1e9 gives EINVAL",
	      ppoll(&p, 1, &ts, NULL) == -1 && errno == EINVAL);
	errno = 0;
	check("ppoll with a 4-byte sigset gives EINVAL",
	      syscall(SYS_ppoll, &p, 1, NULL, &mask, 4) == -1 &&
		      errno == EINVAL);
}

static void test_select_ready(int e)
{
	fd_set rd, wr;
	struct timeval tv = { 0, 0 };

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(e, &rd);
	FD_SET(e, &wr);
	check("select: an empty eventfd is writable only",
	      select(e + 1, &rd, &wr, NULL, &tv) == 1 && !FD_ISSET(e, &rd) &&
		      FD_ISSET(e, &wr));
	bump(e);
	FD_SET(e, &rd);
	FD_SET(e, &wr);
	check("select: after a write both, counted twice",
	      select(e + 1, &rd, &wr, NULL, NULL) == 2 && FD_ISSET(e, &rd) &&
		      FD_ISSET(e, &wr));
	drain(e);
	FD_ZERO(&wr);
	FD_SET(STDOUT_FILENO, &wr);
	check("select: stdout is writable",
	      select(2, NULL, &wr, NULL, &tv) == 1 &&
		      FD_ISSET(STDOUT_FILENO, &wr));
}

static void test_select_timeouts(int e)
{
	fd_set rd;
	struct timeval tv = { 0, 50000 };
	int64_t start = now();
	int r;

	FD_ZERO(&rd);
	FD_SET(e, &rd);
	r = select(e + 1, &rd, NULL, NULL, &tv);
	check("select 50 ms on an idle eventfd: 0, on time, set cleared",
	      r == 0 && !FD_ISSET(e, &rd) && on_time(start, 50 * MS));
	tv = (struct timeval){ 0, 30000 };
	start = now();
	r = select(0, NULL, NULL, NULL, &tv);
	check("select with no fds sleeps 30 ms",
	      r == 0 && on_time(start, 30 * MS));
	FD_SET(e, &rd);
	start = now();
	r = pselect(e + 1, &rd, NULL, NULL, &(struct timespec){ 0, 40 * MS },
		    NULL);
	check("pselect 40 ms: 0, on time", r == 0 && on_time(start, 40 * MS));
}

static void test_select_errors(int e)
{
	int gone = eventfd(0, 0);
	fd_set rd, wr;
	struct timeval tv = { 0, 0 };

	close(gone);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(gone, &rd);
	FD_SET(e, &wr);
	errno = 0;
	check("select with a closed fd gives EBADF, sets untouched",
	      select(gone + 1, &rd, &wr, NULL, &tv) == -1 && errno == EBADF &&
		      FD_ISSET(gone, &rd) && FD_ISSET(e, &wr));
	errno = 0;
	check("select with nfds -1 gives EINVAL",
	      select(-1, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL);
	tv.tv_usec = -1;
	errno = 0;
	check("select with tv_usec -1 gives EINVAL",
	      select(0, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL);
}

/* The raw calls write the time left back, which musl's wrappers hide. */
static void test_select_raw(int e)
{
	uint64_t big[64], mask = 0;
	struct kts kt = { 0, 30 * MS };
	void *sig[2] = { NULL, (void *)8 };
	long r;

	memset(big, 0, sizeof(big));
	r = syscall(SYS_pselect6, 0, NULL, NULL, NULL, &kt, sig);
	check("pselect6 sets the timespec to what is left: 0",
	      r == 0 && kt.sec == 0 && kt.frac == 0);
	big[e / 64] = 1ull << (e % 64);
	kt = (struct kts){ 5, 0 };
	r = syscall(SYS_pselect6, e + 1, NULL, big, NULL, &kt, NULL);
	check("pselect6 returning at once leaves most of 5 s",
	      r == 1 && kt.sec == 4 && kt.frac > 900 * MS);
	sig[0] = &mask;
	sig[1] = (void *)4;
	errno = 0;
	check("pselect6 with a 4-byte sigset gives EINVAL",
	      syscall(SYS_pselect6, 0, NULL, NULL, NULL, NULL, sig) == -1 &&
		      errno == EINVAL);
#ifdef SYS_select /* x86_64, whose reference runs without qemu-user */
	kt = (struct kts){ 0, 20000 };
	r = syscall(SYS_select, 0, NULL, NULL, NULL, &kt);
	check("select sets the timeval to what is left: 0",
	      r == 0 && kt.sec == 0 && kt.frac == 0);
	memset(big, 0, sizeof(big));
	big[e / 64] = 1ull << (e % 64);
	kt = (struct kts){ 3, 1500000 }; /* usec over a second is allowed */
	r = syscall(SYS_select, e + 1, NULL, big, NULL, &kt);
	check("select returning at once leaves most of 4.5 s",
	      r == 1 && kt.sec == 4 && kt.frac > 400000 && kt.frac < 500000);
	/* qemu-user aborts on sets wider than FD_SETSIZE: x86_64 only. */
	big[20] = 1; /* fd 1280: past the table, ignored as on Linux */
	kt = (struct kts){ 0, 0 };
	r = syscall(SYS_select, 4096, NULL, big, NULL, &kt);
	check("select with nfds 4096 ignores fds past the table",
	      r == 1 && big[e / 64] == 1ull << (e % 64) && big[20] == 1);
#endif
}

int main(void)
{
	int e = eventfd(0, EFD_NONBLOCK), e2 = eventfd(0, EFD_NONBLOCK);

	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	check("two eventfds", e >= 0 && e2 >= 0);
	test_poll_timeouts(e);
	test_poll_ready(e, e2);
	test_poll_errors();
	test_ppoll(e);
	test_select_ready(e);
	test_select_timeouts(e);
	test_select_errors(e);
	test_select_raw(e);
	return failures ? 1 : 0;
}
