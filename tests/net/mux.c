// SPDX-License-Identifier: MIT
// mux.c: TCP echo server for many clients at once, multiplexed with poll()
// or select() over one nonblocking listener and its connections.
// usage: mux poll|select PORT

#include <poll.h>
#include <sys/select.h>
#include "conn.h"

static int use_select, listener;

static void accept_all(void)
{
	for (;;) {
		int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			say("accept: %s\n", strerror(errno));
			return; /* EMFILE and the like: try again later */
		}
		if (fd >= FD_SETSIZE) {
			close(fd);
			continue;
		}
		conn_open(fd);
	}
}

/* A client is ready: read once (level-triggered, both calls) and flush. */
static void handle(int fd, int readable, int writable, int failed)
{
	int r = R_AGAIN;

	if (writable && conn_flush(fd)) {
		conn_close(fd);
		return;
	}
	if ((readable || failed) && conn_wants_read(fd))
		r = conn_read(fd, 4096);
	if (r == R_QUIT)
		quit(use_select ? "select" : "poll", fd);
	if (r == R_CLOSED)
		conn_close(fd);
}

static void poll_once(void)
{
	static struct pollfd p[MAXFD];
	int n = 0, r;

	p[n++] = (struct pollfd){ listener, POLLIN, 0 };
	for (int fd = 0; fd < MAXFD; fd++) {
		if (!conns[fd].open)
			continue;
		p[n].fd = fd;
		p[n].events = (short)((conn_wants_read(fd) ? POLLIN : 0) |
				      (conn_wants_write(fd) ? POLLOUT : 0));
		p[n++].revents = 0;
	}
	r = poll(p, (nfds_t)n, 30000);
	if (r < 0 && errno != EINTR)
		die("poll");
	if (r == 0)
		say("poll: 30 s without an event, %d descriptors\n", n);
	if (r <= 0)
		return;
	if (p[0].revents & POLLIN)
		accept_all();
	for (int i = 1; i < n; i++) {
		short ev = p[i].revents;

		if (ev & POLLNVAL) {
			say("FAIL poll: POLLNVAL on open descriptor %d\n",
			    p[i].fd);
			exit(1);
		}
		if (ev)
			handle(p[i].fd, ev & POLLIN, ev & POLLOUT,
			       ev & (POLLERR | POLLHUP));
	}
}

static void select_once(void)
{
	fd_set rd, wr;
	struct timeval tv = { 30, 0 };
	int maxfd = listener, r;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(listener, &rd);
	for (int fd = 0; fd < FD_SETSIZE; fd++) {
		if (!conns[fd].open)
			continue;
		if (conn_wants_read(fd))
			FD_SET(fd, &rd);
		if (conn_wants_write(fd))
			FD_SET(fd, &wr);
		if (fd > maxfd)
			maxfd = fd;
	}
	r = select(maxfd + 1, &rd, &wr, NULL, &tv);
	if (r < 0 && errno != EINTR)
		die("select");
	if (r == 0)
		say("select: 30 s without an event\n");
	if (r <= 0)
		return;
	if (FD_ISSET(listener, &rd))
		accept_all();
	for (int fd = 0; fd <= maxfd; fd++)
		if (fd != listener && conns[fd].open &&
		    (FD_ISSET(fd, &rd) || FD_ISSET(fd, &wr)))
			handle(fd, FD_ISSET(fd, &rd), FD_ISSET(fd, &wr), 0);
}

int main(int argc, char **argv)
{
	int port;

	if (argc != 3 ||
	    (strcmp(argv[1], "poll") && strcmp(argv[1], "select"))) {
		say("usage: mux poll|select PORT\n");
		return 2;
	}
	use_select = !strcmp(argv[1], "select");
	port = atoi(argv[2]);
	listener = tcp_listener(port, SOCK_NONBLOCK);
	say("%s: listening on %d\n", argv[1], port);
	for (;;) {
		if (use_select)
			select_once();
		else
			poll_once();
	}
}
