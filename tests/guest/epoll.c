// SPDX-License-Identifier: MIT
// epoll.c: epoll on eventfds: level- and edge-triggered, one-shot, nested,
// timeouts, closed descriptors and errors; prints only ok/FAIL lines.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NS 1000000000ll
#define MS 1000000ll

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

static int add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int mod(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

/* One epoll_wait with timeout 0: the count, and the first event. */
static int wait1(int ep, struct epoll_event *ev)
{
	ev->events = 0;
	ev->data.u64 = 0;
	return epoll_wait(ep, ev, 1, 0);
}

static void test_level(void)
{
	int ep = epoll_create1(0), e = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev;

	check("epoll_create1 and an eventfd", ep >= 0 && e >= 0);
	check("add for EPOLLIN", add(ep, e, EPOLLIN, 0x1234567890ull) == 0);
	check("nothing ready yet", wait1(ep, &ev) == 0);
	bump(e);
	check("after a write: EPOLLIN with the data",
	      wait1(ep, &ev) == 1 && ev.events == EPOLLIN &&
		      ev.data.u64 == 0x1234567890ull);
	check("level-triggered: reported again",
	      wait1(ep, &ev) == 1 && ev.events == EPOLLIN);
	drain(e);
	check("after the read, nothing", wait1(ep, &ev) == 0);
	check("MOD to EPOLLIN|EPOLLOUT",
	      mod(ep, e, EPOLLIN | EPOLLOUT, 7) == 0);
	check("now EPOLLOUT with the new data",
	      wait1(ep, &ev) == 1 && ev.events == EPOLLOUT && ev.data.u64 == 7);
	close(e);
	close(ep);
}

static void test_edge(void)
{
	int ep = epoll_create1(0), e = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev;

	add(ep, e, EPOLLIN | EPOLLET, 1);
	check("ET: nothing ready yet", wait1(ep, &ev) == 0);
	bump(e);
	check("ET: a write is reported once",
	      wait1(ep, &ev) == 1 && ev.events == EPOLLIN);
	check("ET: not again while still readable", wait1(ep, &ev) == 0);
	bump(e);
	check("ET: a second write is reported once more",
	      wait1(ep, &ev) == 1 && ev.events == EPOLLIN);
	check("ET: then nothing", wait1(ep, &ev) == 0);
	check("ET: MOD re-arms a ready item",
	      mod(ep, e, EPOLLIN | EPOLLET, 2) == 0 && wait1(ep, &ev) == 1 &&
		      ev.data.u64 == 2 && wait1(ep, &ev) == 0);
	close(e);
	e = eventfd(1, EFD_NONBLOCK);
	check("ET: adding a ready fd reports it once",
	      add(ep, e, EPOLLIN | EPOLLET, 3) == 0 && wait1(ep, &ev) == 1 &&
		      ev.data.u64 == 3 && wait1(ep, &ev) == 0);
	close(e);
	close(ep);
}

static void test_oneshot(void)
{
	int ep = epoll_create1(0), e = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev;

	add(ep, e, EPOLLIN | EPOLLONESHOT, 1);
	bump(e);
	check("ONESHOT: reported once", wait1(ep, &ev) == 1);
	check("ONESHOT: then disabled though readable", wait1(ep, &ev) == 0);
	bump(e);
	check("ONESHOT: a new write does not wake it", wait1(ep, &ev) == 0);
	check("ONESHOT: MOD re-arms it",
	      mod(ep, e, EPOLLIN | EPOLLONESHOT, 2) == 0 &&
		      wait1(ep, &ev) == 1 && ev.data.u64 == 2 &&
		      wait1(ep, &ev) == 0);
	check("ONESHOT: ADD again gives EEXIST",
	      add(ep, e, EPOLLIN, 3) == -1 && errno == EEXIST);
	close(e);
	close(ep);
}

static void test_many(void)
{
	int ep = epoll_create1(0), e[3], seen = 0;
	struct epoll_event ev[4];

	for (int i = 0; i < 3; i++) {
		e[i] = eventfd(1, EFD_NONBLOCK);
		add(ep, e[i], EPOLLIN, 1u << i);
	}
	check("three ready fds, maxevents 4: 3 events",
	      epoll_wait(ep, ev, 4, 0) == 3);
	for (int i = 0; i < 3; i++) {
		if (epoll_wait(ep, ev, 1, 0) == 1)
			seen |= (int)ev[0].data.u64;
	}
	check("maxevents 1, three times: each fd once", seen == 7);
	check("DEL one: 2 events",
	      epoll_ctl(ep, EPOLL_CTL_DEL, e[1], NULL) == 0 &&
		      epoll_wait(ep, ev, 4, 0) == 2);
	close(e[0]);
	e[0] = eventfd(0, EFD_NONBLOCK);
	check("a new file at a just-closed fd can be added",
	      add(ep, e[0], EPOLLIN, 8) == 0);
	check("the closed file's item is gone: 1 event",
	      epoll_wait(ep, ev, 4, 0) == 1 && ev[0].data.u64 == 4);
	bump(e[0]);
	check("the new file reports with its own data",
	      epoll_wait(ep, ev, 4, 0) == 2 &&
		      ev[0].data.u64 + ev[1].data.u64 == 12);
	for (int i = 0; i < 3; i++)
		close(e[i]);
	close(ep);
}

static void test_timeouts(void)
{
	int ep = epoll_create1(0), e = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev;
	int64_t start;
	int r;

	add(ep, e, EPOLLIN, 0);
	start = now();
	r = epoll_wait(ep, &ev, 1, 50);
	check("epoll_wait 50 ms: 0, on time",
	      r == 0 && on_time(start, 50 * MS));
	start = now();
	r = epoll_pwait(ep, &ev, 1, 30, NULL);
	check("epoll_pwait 30 ms: 0, on time",
	      r == 0 && on_time(start, 30 * MS));
	start = now();
	r = epoll_wait(ep, &ev, 1, 0);
	check("epoll_wait 0 ms returns at once", r == 0 && on_time(start, 0));
	bump(e);
	check("epoll_wait -1 returns a ready fd",
	      epoll_wait(ep, &ev, 1, -1) == 1);
	close(e);
	close(ep);
}

static void test_nested(void)
{
	int outer = epoll_create1(0), inner = epoll_create1(0);
	int e = eventfd(0, EFD_NONBLOCK);
	struct pollfd p = { inner, POLLIN, 0 };
	struct epoll_event ev;

	add(inner, e, EPOLLIN, 1);
	check("an idle epoll is not readable", poll(&p, 1, 0) == 0);
	check("an epoll can watch an epoll",
	      add(outer, inner, EPOLLIN, 2) == 0);
	bump(e);
	check("an epoll with a ready item is readable",
	      poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	check("the outer epoll reports the inner one",
	      wait1(outer, &ev) == 1 && ev.data.u64 == 2);
	errno = 0;
	check("a loop of epolls gives ELOOP",
	      add(inner, outer, EPOLLIN, 3) == -1 && errno == ELOOP);
	close(e);
	close(inner);
	close(outer);
}

static void test_ctl_errors(void)
{
	int ep = epoll_create1(0), e = eventfd(0, 0), e2 = eventfd(0, 0);
	int gone = eventfd(0, 0);
	struct epoll_event ev = { .events = EPOLLIN };

	close(gone);
	add(ep, e, EPOLLIN, 0);
	errno = 0;
	check("ADD twice gives EEXIST",
	      add(ep, e, EPOLLIN, 0) == -1 && errno == EEXIST);
	errno = 0;
	check("MOD of an unwatched fd gives ENOENT",
	      mod(ep, e2, EPOLLOUT, 0) == -1 && errno == ENOENT);
	errno = 0;
	check("DEL of an unwatched fd gives ENOENT",
	      epoll_ctl(ep, EPOLL_CTL_DEL, e2, &ev) == -1 && errno == ENOENT);
	errno = 0;
	check("ADD of a closed fd gives EBADF",
	      add(ep, gone, EPOLLIN, 0) == -1 && errno == EBADF);
	errno = 0;
	check("a closed epfd gives EBADF",
	      add(gone, e, EPOLLIN, 0) == -1 && errno == EBADF);
	errno = 0;
	check("an epfd that is no epoll gives EINVAL",
	      add(e, e2, EPOLLIN, 0) == -1 && errno == EINVAL);
	errno = 0;
	check("adding an epoll to itself gives EINVAL",
	      add(ep, ep, EPOLLIN, 0) == -1 && errno == EINVAL);
	errno = 0;
	check("an unknown op gives EINVAL",
	      epoll_ctl(ep, 99, e, &ev) == -1 && errno == EINVAL);
	errno = 0;
	check("ADD with no event gives EFAULT",
	      epoll_ctl(ep, EPOLL_CTL_ADD, e2, NULL) == -1 && errno == EFAULT);
	errno = 0;
	check("MOD with EPOLLEXCLUSIVE gives EINVAL",
	      mod(ep, e, EPOLLIN | EPOLLEXCLUSIVE, 0) == -1 && errno == EINVAL);
	check("DEL with no event works",
	      epoll_ctl(ep, EPOLL_CTL_DEL, e, NULL) == 0);
	close(e);
	close(e2);
	close(ep);
}

static void test_wait_errors(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), e = eventfd(0, 0);
	struct epoll_event ev;
	uint64_t mask = 0;

	check("EPOLL_CLOEXEC sets FD_CLOEXEC",
	      fcntl(ep, F_GETFD) == FD_CLOEXEC);
	errno = 0;
	check("epoll_create1 with an unknown flag gives EINVAL",
	      epoll_create1(1) == -1 && errno == EINVAL);
#ifdef SYS_epoll_create /* musl's wrapper does not pass the size on */
	errno = 0;
	check("epoll_create(0) gives EINVAL",
	      syscall(SYS_epoll_create, 0) == -1 && errno == EINVAL);
	check("epoll_create(1) works",
	      close(syscall(SYS_epoll_create, 1)) == 0);
#endif
	errno = 0;
	check("maxevents 0 gives EINVAL",
	      epoll_wait(ep, &ev, 0, 0) == -1 && errno == EINVAL);
	errno = 0;
	check("epoll_wait on an eventfd gives EINVAL",
	      epoll_wait(e, &ev, 1, 0) == -1 && errno == EINVAL);
	errno = 0;
	check("epoll_wait on a closed fd gives EBADF",
	      epoll_wait(999, &ev, 1, 0) == -1 && errno == EBADF);
	errno = 0;
	check("epoll_pwait with a 4-byte sigset gives EINVAL",
	      syscall(SYS_epoll_pwait, ep, &ev, 1, 0, &mask, 4) == -1 &&
		      errno == EINVAL);
	close(e);
	close(ep);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	test_level();
	test_edge();
	test_oneshot();
	test_many();
	test_timeouts();
	test_nested();
	test_ctl_errors();
	test_wait_errors();
	return failures ? 1 : 0;
}
