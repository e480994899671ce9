// SPDX-License-Identifier: MIT
// conn.c: one connection's life: reading heads, writing responses with
// writev and sendfile, keep-alive, lingering close, and its timer.

#include "server.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define SENDFILE_CHUNK (1u << 30)
#define LINGER_MAX (256u * 1024) /* discarded after close, at most */

/* --- timers ---------------------------------------------------------- */

static void timer_del(struct server *s, struct conn *c)
{
	struct timer_list *l;

	if (c->timer == T_NONE)
		return;
	l = &s->timers[c->timer];
	if (c->tprev)
		c->tprev->tnext = c->tnext;
	else
		l->head = c->tnext;
	if (c->tnext)
		c->tnext->tprev = c->tprev;
	else
		l->tail = c->tprev;
	c->tprev = c->tnext = NULL;
	c->timer = T_NONE;
}

void timer_set(struct server *s, struct conn *c, int kind)
{
	struct timer_list *l = &s->timers[kind];

	timer_del(s, c);
	c->timer = kind;
	c->deadline = s->now + l->dur;
	c->tprev = l->tail;
	c->tnext = NULL;
	if (l->tail)
		l->tail->tnext = c;
	else
		l->head = c;
	l->tail = c;
}

int timers_next(const struct server *s)
{
	int64_t next = -1, d;
	int k;

	for (k = 0; k < T_COUNT; k++) {
		if (!s->timers[k].head)
			continue;
		d = s->timers[k].head->deadline - s->now;
		d = d < 0 ? 0 : d;
		if (next < 0 || d < next)
			next = d;
	}
	return next > 60000 ? 60000 : (int)next;
}

static void conn_run(struct server *s, struct conn *c);

/* A request head that does not come in time gets a 408, a connection that
 * stays silent is closed. */
static void expire(struct server *s, struct conn *c)
{
	if (c->timer == T_HEAD && c->state == C_READ &&
	    c->in_len > c->in_start) {
		serve_error(s, c, 408);
		conn_run(s, c);
		return;
	}
	conn_close(s, c);
}

void timers_run(struct server *s)
{
	struct conn *c;
	int k;

	for (k = 0; k < T_COUNT; k++) {
		while ((c = s->timers[k].head) && c->deadline <= s->now)
			expire(s, c);
	}
}

/* --- TCP_CORK: a head and a small body in one segment ---------------- */

static void set_cork(struct server *s, struct conn *c, int on)
{
	if (!s->cork_ok || c->corked == (unsigned)on)
		return;
	if (setsockopt(c->fd, IPPROTO_TCP, TCP_CORK, &on, sizeof(on)) < 0) {
		s->cork_ok = 0; /* not on this system: plain TCP_NODELAY */
		return;
	}
	c->corked = (unsigned)on;
}

/* --- closing --------------------------------------------------------- */

void conn_close(struct server *s, struct conn *c)
{
	timer_del(s, c);
	if (c->file_fd >= 0)
		close(c->file_fd);
	close(c->fd);
	c->fd = -1;
	c->file_fd = -1;
	c->state = C_CLOSED;
	s->nconns--;
	c->tnext = s->free;
	s->free = c;
}

/* Reads and drops what the client still sends, so that closing does not
 * reset the connection before it has read our answer. */
static void drain(struct server *s, struct conn *c)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(c->fd, buf, sizeof(buf));
		if (n > 0 && (c->lingered += (size_t)n) < LINGER_MAX)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			c->rd_ready = 0;
			return;
		}
		conn_close(s, c);
		return;
	}
}

static void start_linger(struct server *s, struct conn *c)
{
	set_cork(s, c, 0);
	if (shutdown(c->fd, SHUT_WR) < 0) {
		conn_close(s, c);
		return;
	}
	c->state = C_LINGER;
	c->lingered = 0;
	timer_set(s, c, T_LINGER);
	drain(s, c);
}

/* --- writing --------------------------------------------------------- */

/* 0 to wait for EPOLLOUT, -1 when the connection was closed. */
static int write_failed(struct server *s, struct conn *c)
{
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		c->wr_ready = 0;
		return 0;
	}
	conn_close(s, c); /* EPIPE, ECONNRESET: the client has gone */
	return -1;
}

static void advance(struct conn *c, size_t n)
{
	size_t k = c->out_len - c->out_off;

	k = n < k ? n : k;
	c->out_off += k;
	c->body_off += n - k;
}

static int write_head(struct server *s, struct conn *c)
{
	struct iovec iov[2];
	int cnt;
	ssize_t n;

	while (c->out_off < c->out_len || c->body_off < c->body_len) {
		cnt = 0;
		if (c->out_off < c->out_len) {
			iov[cnt].iov_base = c->out + c->out_off;
			iov[cnt++].iov_len = c->out_len - c->out_off;
		}
		if (c->body_off < c->body_len) {
			iov[cnt].iov_base = (char *)c->body + c->body_off;
			iov[cnt++].iov_len = c->body_len - c->body_off;
		}
		n = writev(c->fd, iov, cnt);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return write_failed(s, c);
		advance(c, (size_t)n);
	}
	return 1;
}

static int write_file(struct server *s, struct conn *c)
{
	ssize_t n;

	while (c->file_left) {
		size_t chunk = c->file_left > SENDFILE_CHUNK ? SENDFILE_CHUNK
							     : c->file_left;

		n = sendfile(c->fd, c->file_fd, &c->file_off, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return write_failed(s, c);
		if (n == 0) { /* the file shrank: the length sent is wrong */
			conn_close(s, c);
			return -1;
		}
		c->file_left -= (uint64_t)n;
	}
	return 1;
}

/* 1 when the response is out, 0 to wait, -1 if the connection closed. */
static int write_response(struct server *s, struct conn *c)
{
	size_t before = c->out_off + c->body_off;
	uint64_t left = c->file_left;
	int rc;

	rc = write_head(s, c);
	if (rc > 0)
		rc = write_file(s, c);
	if (rc == 0 &&
	    (c->out_off + c->body_off != before || c->file_left != left))
		timer_set(s, c, T_SEND); /* progress: a fresh deadline */
	return rc;
}

void conn_start_response(struct server *s, struct conn *c, struct resp *r,
			 int file_fd, off_t off, uint64_t len)
{
	c->out_len = resp_head(c->out, s->out_cap, r, s->date);
	if (c->out_len == 0) { /* cannot happen with the sizes chosen */
		resp_error(r, 500);
		r->location = NULL;
		c->out_len = resp_head(c->out, s->out_cap, r, s->date);
	}
	c->out_off = 0;
	c->body = NULL;
	c->body_off = c->body_len = 0;
	c->file_fd = file_fd;
	c->file_off = off;
	c->file_left = file_fd >= 0 ? len : 0;
	if (file_fd < 0 && !r->no_body)
		c->body = resp_error_body(r->status, &c->body_len);
	c->keep_alive = (unsigned)r->keep_alive;
	c->state = C_WRITE;
	if (file_fd >= 0)
		set_cork(s, c, 1);
	timer_set(s, c, T_SEND);
}

static void response_done(struct server *s, struct conn *c)
{
	if (c->file_fd >= 0)
		close(c->file_fd);
	c->file_fd = -1;
	if (!c->keep_alive) {
		start_linger(s, c);
		return;
	}
	c->state = C_READ;
	memset(&c->scan, 0, sizeof(c->scan));
	timer_set(s, c, c->in_len > c->in_start ? T_HEAD : T_IDLE);
}

/* --- reading --------------------------------------------------------- */

/* 1 after reading, 0 to wait for EPOLLIN, -1 if the connection closed. */
static int fill(struct server *s, struct conn *c)
{
	ssize_t n;

	if (c->in_start == c->in_len)
		c->in_start = c->in_len = 0;
	if (c->in_len == s->in_cap) { /* only with a request pipelined */
		memmove(c->in, c->in + c->in_start, c->in_len - c->in_start);
		c->in_len -= c->in_start;
		c->in_start = 0;
	}
	if (c->in_len == s->in_cap) { /* the scanner stops long before */
		serve_error(s, c, 431);
		return 1;
	}
	if (!c->rd_ready)
		return 0;
	n = read(c->fd, c->in + c->in_len, s->in_cap - c->in_len);
	if (n > 0) {
		c->in_len += (size_t)n;
		if (c->timer == T_IDLE)
			timer_set(s, c, T_HEAD);
		return 1;
	}
	if (n < 0 && errno == EINTR)
		return 1;
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		c->rd_ready = 0;
		return 0;
	}
	conn_close(s, c); /* end of stream, or an error */
	return -1;
}

/* Serves the next complete head, or reads towards one. */
static int read_step(struct server *s, struct conn *c)
{
	size_t head_len = 0;
	int rc;

	rc = http_scan_head(&c->scan, c->in + c->in_start,
			    c->in_len - c->in_start, &s->cfg.lim, &head_len);
	if (rc == HTTP_SCAN_DONE) {
		serve_request(s, c, head_len);
		return 1;
	}
	if (rc != HTTP_SCAN_MORE) {
		serve_error(s, c, rc);
		return 1;
	}
	rc = fill(s, c);
	if (rc == 0)
		set_cork(s, c, 0); /* nothing more to answer for now */
	return rc;
}

static void conn_run(struct server *s, struct conn *c)
{
	int rc;

	for (;;) {
		switch (c->state) {
		case C_READ:
			if (read_step(s, c) <= 0)
				return;
			break;
		case C_WRITE:
			if (!c->wr_ready)
				return;
			rc = write_response(s, c);
			if (rc <= 0)
				return;
			response_done(s, c);
			break;
		case C_LINGER:
			if (c->rd_ready)
				drain(s, c);
			return;
		default:
			return;
		}
	}
}

void conn_event(struct server *s, struct conn *c, uint32_t ev)
{
	if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))
		c->rd_ready = 1;
	if (ev & (EPOLLOUT | EPOLLHUP | EPOLLERR))
		c->wr_ready = 1;
	conn_run(s, c);
}

void conn_accepted(struct server *s, struct conn *c)
{
	c->state = C_READ;
	c->timer = T_NONE;
	c->tprev = c->tnext = NULL;
	c->rd_ready = c->wr_ready = 1;
	c->keep_alive = 0;
	c->corked = 0;
	c->in_start = c->in_len = 0;
	memset(&c->scan, 0, sizeof(c->scan));
	c->file_fd = -1;
	c->file_left = 0;
	c->body = NULL;
	c->body_off = c->body_len = 0;
	c->out_off = c->out_len = 0;
	timer_set(s, c, T_HEAD);
	conn_run(s, c);
}
