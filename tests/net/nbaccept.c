// SPDX-License-Identifier: MIT
// nbaccept.c: nonblocking accept. With no client yet accept fails with
// EAGAIN; then clients are taken, each waited for differently, and each
// one's line is echoed; after each accept the queue is empty (EAGAIN).
// usage: nbaccept PORT        two clients: waited for with poll(), then
//                             by retrying after nanosleep
//        nbaccept PORT spin   one client, waited for by retrying after
//                             sched_yield, and its line read the same way
//                             (a busy loop, which Linux programs may do)

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include "common.h"

#define WAIT_S 15

static int failures;

static void check(int ok, const char *how, const char *what)
{
	say("%s %s: %s\n", ok ? "ok  " : "FAIL", how, what);
	failures += !ok;
}

static int again(void)
{
	return errno == EAGAIN || errno == EWOULDBLOCK;
}

static int try_accept(int l)
{
	int fd = accept(l, NULL, NULL);

	if (fd < 0 && !again())
		say("     accept: %s\n", strerror(errno));
	return fd;
}

static int wait_poll(int l)
{
	struct pollfd p = { l, POLLIN, 0 };

	if (poll(&p, 1, WAIT_S * 1000) != 1)
		return -1;
	return try_accept(l);
}

static int wait_sleep(int l)
{
	struct timespec ms = { 0, 1000000 };
	double end = now_s() + WAIT_S;
	int fd;

	while ((fd = try_accept(l)) < 0 && again() && now_s() < end)
		nanosleep(&ms, NULL);
	return fd;
}

static int wait_spin(int l)
{
	double end = now_s() + WAIT_S;
	int fd;

	while ((fd = try_accept(l)) < 0 && again() && now_s() < end)
		sched_yield();
	return fd;
}

/* A line from a blocking socket, or from a nonblocking one by spinning. */
static ssize_t get_line(int fd, char *buf, size_t size, int spin)
{
	double end = now_s() + WAIT_S;
	ssize_t n;

	if (spin && fcntl(fd, F_SETFL, O_NONBLOCK))
		die("fcntl O_NONBLOCK");
	while ((n = recv(fd, buf, size, 0)) < 0 && spin && again() &&
	       now_s() < end)
		sched_yield();
	return n;
}

static void serve(int fd, const char *how, int spin)
{
	char buf[256];
	ssize_t n;
	int fl = fcntl(fd, F_GETFL);

	check(fd >= 0, how, "accepted");
	if (fd < 0)
		return;
	check(fl >= 0 && !(fl & O_NONBLOCK), how,
	      "the new socket is blocking (accept does not inherit "
	      "O_NONBLOCK)");
	n = get_line(fd, buf, sizeof(buf), spin);
	check(n > 0 && send_all(fd, buf, (size_t)n) == 0, how,
	      "a line came and went back");
	close(fd);
}

int main(int argc, char **argv)
{
	int port = port_arg(argc, argv, 1, 7);
	int spin = argc > 2 && !strcmp(argv[2], "spin");
	int l = tcp_listener(port, SOCK_NONBLOCK), fd;

	fd = accept(l, NULL, NULL);
	check(fd < 0 && again(), "no client yet", "accept fails with EAGAIN");
	say("nbaccept: listening on %d\n", port);
	if (spin) {
		serve(wait_spin(l), "sched_yield loop", 1);
	} else {
		serve(wait_poll(l), "poll", 0);
		fd = accept(l, NULL, NULL);
		check(fd < 0 && again(), "poll", "queue empty again: EAGAIN");
		serve(wait_sleep(l), "nanosleep loop", 0);
	}
	fd = accept(l, NULL, NULL);
	check(fd < 0 && again(), "at the end", "queue empty again: EAGAIN");
	say("nbaccept: %s\n", failures ? "FAILED" : "all ok");
	return failures != 0;
}
