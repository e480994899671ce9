/* SPDX-License-Identifier: MIT */
/* conn.h: the echo connections of the multiplexing servers (mux.c,
 * epsrv.c). Sockets are nonblocking; what a client does not take yet waits
 * in an output buffer, and a connection with much waiting is not read
 * until it drains. */
#ifndef NET_CONN_H
#define NET_CONN_H

#include <fcntl.h>
#include "common.h"

#define MAXFD 4096
#define OUT_HIGH (256 * 1024) /* stop reading above this much unsent */

struct conn {
	int open;
	int first; /* nothing read yet: a quit may come */
	char *out;
	size_t olen, ocap;
};

static struct conn conns[MAXFD];
static unsigned long conn_total, conn_now, conn_peak;
static char rbuf[65536];

static void conn_open(int fd)
{
	struct conn *c = &conns[fd];

	c->open = 1;
	c->first = 1;
	c->olen = 0;
	conn_total++;
	if (++conn_now > conn_peak)
		conn_peak = conn_now;
}

static void conn_close(int fd)
{
	struct conn *c = &conns[fd];

	c->open = 0;
	free(c->out);
	c->out = NULL;
	c->olen = c->ocap = 0;
	conn_now--;
	close(fd);
}

/* Sends what is buffered. 0, or -1 if the connection failed. */
static int conn_flush(int fd)
{
	struct conn *c = &conns[fd];
	size_t done = 0;

	while (done < c->olen) {
		ssize_t n =
			send(fd, c->out + done, c->olen - done, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	memmove(c->out, c->out + done, c->olen - done);
	c->olen -= done;
	return 0;
}

static int conn_queue(int fd, const char *p, size_t n)
{
	struct conn *c = &conns[fd];

	if (c->olen + n > c->ocap) {
		size_t cap = (c->olen + n) * 2;
		char *q = realloc(c->out, cap);

		if (!q)
			return -1;
		c->out = q;
		c->ocap = cap;
	}
	memcpy(c->out + c->olen, p, n);
	c->olen += n;
	return conn_flush(fd);
}

static int conn_wants_read(int fd)
{
	return conns[fd].olen < OUT_HIGH;
}

static int conn_wants_write(int fd)
{
	return conns[fd].olen > 0;
}

/* Outcome of one read. */
enum { R_DATA, R_AGAIN, R_CLOSED, R_QUIT };

/* Reads at most max bytes once and echoes them. */
static int conn_read(int fd, size_t max)
{
	struct conn *c = &conns[fd];
	ssize_t n;

	if (max > sizeof(rbuf))
		max = sizeof(rbuf);
	do
		n = recv(fd, rbuf, max, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return R_AGAIN;
	if (n <= 0)
		return R_CLOSED;
	if (c->first && (size_t)n >= QUIT_LEN &&
	    !memcmp(rbuf, QUIT_MAGIC, QUIT_LEN))
		return R_QUIT;
	c->first = 0;
	return conn_queue(fd, rbuf, (size_t)n) ? R_CLOSED : R_DATA;
}

static void set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		die("fcntl O_NONBLOCK");
}

/* Says goodbye to a quitting client and reports. */
static void quit(const char *name, int fd)
{
	set_nonblock(fd); /* a short reply into an empty buffer: no wait */
	send(fd, "bye\n", 4, MSG_NOSIGNAL);
	say("%s: served %lu connections, at most %lu at once\n", name,
	    conn_total - 1, conn_peak);
	exit(0);
}

#endif
