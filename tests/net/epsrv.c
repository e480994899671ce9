// SPDX-License-Identifier: MIT
// epsrv.c: TCP echo server for many clients at once over epoll, in one of
// three modes that each work only if the kernel keeps that mode's promise:
//   level    reads at most 512 bytes per event and relies on being told
//            again while data remains;
//   edge     (EPOLLET) drains every socket to EAGAIN, since an edge is
//            reported once per arrival;
//   oneshot  (EPOLLONESHOT) reads 512 bytes, then re-arms with
//            EPOLL_CTL_MOD, which must report data already waiting.
// usage: epsrv level|edge|oneshot PORT

#include <sys/epoll.h>
#include "conn.h"

#define CHUNK 512

static int ep, listener, mode; /* 0 level, 1 edge, 2 oneshot */
static const char *const names[] = { "level", "edge", "oneshot" };

static uint32_t mode_bits(void)
{
	return mode == 1 ? EPOLLET : mode == 2 ? EPOLLONESHOT : 0;
}

/* What a connection waits for now. Edge mode always asks for both: it
 * tracks readiness itself. */
static uint32_t interest(int fd)
{
	if (mode == 1)
		return EPOLLIN | EPOLLOUT | EPOLLRDHUP;
	return (conn_wants_read(fd) ? EPOLLIN | EPOLLRDHUP : 0) |
	       (conn_wants_write(fd) ? EPOLLOUT : 0);
}

static void ctl(int op, int fd, uint32_t events)
{
	struct epoll_event e = { .events = events | mode_bits(),
				 .data.fd = fd };

	if (epoll_ctl(ep, op, fd, &e))
		die("epoll_ctl");
}

static void accept_all(void)
{
	for (;;) {
		int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				say("accept: %s\n", strerror(errno));
			break;
		}
		if (fd >= MAXFD) {
			close(fd);
			continue;
		}
		conn_open(fd);
		ctl(EPOLL_CTL_ADD, fd, interest(fd));
		if (mode != 1)
			break; /* level and oneshot: one per event */
	}
	if (mode == 2)
		ctl(EPOLL_CTL_MOD, listener, EPOLLIN);
}

/* Returns 0, or -1 once fd is closed. */
static int on_event(int fd, uint32_t ev)
{
	int r = R_DATA;

	if ((ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && conn_flush(fd))
		r = R_CLOSED;
	if (mode == 1) {
		/* Edge: read until EAGAIN, unless output backs up; the
		 * EPOLLOUT edge that follows resumes reading. */
		while (r == R_DATA && conn_wants_read(fd))
			r = conn_read(fd, CHUNK);
	} else if (r == R_DATA && conn_wants_read(fd) &&
		   (ev & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP))) {
		r = conn_read(fd, CHUNK);
	}
	if (r == R_QUIT)
		quit(names[mode], fd);
	if (r == R_CLOSED) {
		conn_close(fd); /* close removes it from the epoll set */
		return -1;
	}
	if (mode == 0 || mode == 2)
		ctl(EPOLL_CTL_MOD, fd, interest(fd));
	return 0;
}

int main(int argc, char **argv)
{
	static struct epoll_event evs[64];
	int port;

	for (mode = 0; mode < 3 && argc == 3; mode++)
		if (!strcmp(argv[1], names[mode]))
			break;
	if (argc != 3 || mode == 3) {
		say("usage: epsrv level|edge|oneshot PORT\n");
		return 2;
	}
	port = atoi(argv[2]);
	listener = tcp_listener(port, SOCK_NONBLOCK);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1");
	ctl(EPOLL_CTL_ADD, listener, EPOLLIN);
	say("epoll %s: listening on %d\n", names[mode], port);
	for (;;) {
		int n = epoll_wait(ep, evs, 64, 30000);

		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		if (n == 0)
			say("epoll: 30 s without an event\n");
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == listener)
				accept_all();
			else if (conns[fd].open)
				on_event(fd, evs[i].events);
		}
	}
}
