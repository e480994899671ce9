// SPDX-License-Identifier: MIT
// server.c: the listening socket, accepting within the connection cap,
// and the epoll loop that drives connections and their timers.

#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ACCEPT_BATCH 64
#define ACCEPT_PAUSE_MS 100
#define MAX_EVENTS 256

union sockaddr_any {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

static void clock_tick(struct server *s)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != s->wall || !s->date[0]) {
		s->wall = ts.tv_sec;
		http_date_format(s->wall, s->date);
	}
}

/* --- the listening socket -------------------------------------------- */

static int parse_addr(const struct config *cfg, union sockaddr_any *a,
		      socklen_t *len)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, cfg->addr, &a->in.sin_addr) == 1) {
		a->in.sin_family = AF_INET;
		a->in.sin_port = htons((uint16_t)cfg->port);
		*len = sizeof(a->in);
		return 0;
	}
	if (inet_pton(AF_INET6, cfg->addr, &a->in6.sin6_addr) == 1) {
		a->in6.sin6_family = AF_INET6;
		a->in6.sin6_port = htons((uint16_t)cfg->port);
		*len = sizeof(a->in6);
		return 0;
	}
	fprintf(stderr,
		"kiln-httpd: --addr %s is not a numeric IPv4 or IPv6 "
		"address; use e.g. 0.0.0.0, 127.0.0.1 or ::\n",
		cfg->addr);
	return -1;
}

static void bind_failed(const struct config *cfg)
{
	int e = errno;

	fprintf(stderr, "kiln-httpd: cannot listen on %s port %u: %s",
		cfg->addr, cfg->port, strerror(e));
	if (e == EADDRINUSE)
		fprintf(stderr, " (another server has it: stop it or pass "
				"another --port)");
	else if (e == EACCES)
		fprintf(stderr, " (ports below 1024 need privileges: pass "
				"--port 8080)");
	else if (e == EADDRNOTAVAIL)
		fprintf(stderr, " (no interface has that address: check "
				"--addr)");
	fputc('\n', stderr);
}

static int listen_on(struct server *s)
{
	union sockaddr_any a;
	socklen_t len;
	int one = 1, fd;

	if (parse_addr(&s->cfg, &a, &len))
		return -1;
	fd = socket(a.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0) {
		perror("kiln-httpd: socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, &a.sa, len) < 0 || listen(fd, 511) < 0) {
		bind_failed(&s->cfg);
		close(fd);
		return -1;
	}
	len = sizeof(a);
	if (getsockname(fd, &a.sa, &len) == 0)
		s->cfg.port = ntohs(a.sa.sa_family == AF_INET6 ? a.in6.sin6_port
							       : a.in.sin_port);
	s->lfd = fd;
	return 0;
}

/* --- accepting ------------------------------------------------------- */

static void listener_watch(struct server *s, int on)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	epoll_ctl(s->epfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, s->lfd, &ev);
	s->accept_paused = !on;
}

/* Over the cap: a short 503, then close. */
static void refuse(int fd)
{
	static const char msg[] = "HTTP/1.1 503 Service Unavailable\r\n"
				  "Server: kiln-httpd/" HTTPD_VERSION "\r\n"
				  "Content-Length: 0\r\n"
				  "Connection: close\r\n\r\n";

	if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* nothing to do: the client sees the connection close */
	}
	close(fd);
}

static struct conn *conn_get(struct server *s)
{
	struct conn *c = s->free;

	if (c) {
		s->free = c->tnext;
		return c;
	}
	c = malloc(sizeof(*c) + s->in_cap + s->out_cap);
	if (!c)
		return NULL;
	c->in = (char *)(c + 1);
	c->out = c->in + s->in_cap;
	return c;
}

static void peer_name(struct conn *c, const union sockaddr_any *a)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (a->sa.sa_family == AF_INET6)
		inet_ntop(AF_INET6, &a->in6.sin6_addr, ip, sizeof(ip));
	else
		inet_ntop(AF_INET, &a->in.sin_addr, ip, sizeof(ip));
	snprintf(c->peer, sizeof(c->peer), "%s", ip);
}

/* Out of descriptors or memory: stop accepting for a moment rather than
 * spin on a listener that stays readable. */
static void accept_pause(struct server *s, int e)
{
	fprintf(stderr,
		"kiln-httpd: accept: %s with %u connections open; pausing "
		"%d ms (raise ulimit -n or lower --max-conns)\n",
		strerror(e), s->nconns, ACCEPT_PAUSE_MS);
	listener_watch(s, 0);
	s->accept_resume = s->now + ACCEPT_PAUSE_MS;
}

/* Returns 1 to accept more, 0 to stop for now. */
static int accept_failed(struct server *s, int e)
{
	switch (e) {
	case EAGAIN:
#if EWOULDBLOCK != EAGAIN
	case EWOULDBLOCK:
#endif
		return 0;
	case EINTR:
	case ECONNABORTED:
	case EPROTO:
		return 1;
	case EMFILE:
	case ENFILE:
	case ENOBUFS:
	case ENOMEM:
		accept_pause(s, e);
		return 0;
	default:
		fprintf(stderr, "kiln-httpd: accept: %s\n", strerror(e));
		return 0;
	}
}

static void add_conn(struct server *s, int fd, const union sockaddr_any *a)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET };
	struct conn *c;
	int one = 1;

	if (s->nconns >= s->cfg.max_conns || !(c = conn_get(s))) {
		refuse(fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	ev.data.ptr = c;
	if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		close(fd);
		c->tnext = s->free;
		s->free = c;
		return;
	}
	c->fd = fd;
	c->peer[0] = '\0';
	if (s->cfg.access_log)
		peer_name(c, a);
	s->nconns++;
	conn_accepted(s, c);
}

static void accept_some(struct server *s)
{
	union sockaddr_any a;
	socklen_t len;
	int i, fd;

	for (i = 0; i < ACCEPT_BATCH; i++) {
		len = sizeof(a);
		fd = accept4(s->lfd, &a.sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0)
			add_conn(s, fd, &a);
		else if (!accept_failed(s, errno))
			return;
	}
}

/* --- set-up and the loop --------------------------------------------- */

static int open_root(struct server *s)
{
	char *real;

	s->root.fd = open(s->cfg.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->root.fd < 0) {
		fprintf(stderr,
			"kiln-httpd: cannot open the document root %s: %s "
			"(pass --root DIR, an existing directory)\n",
			s->cfg.root, strerror(errno));
		return -1;
	}
	/* Without it, absolute symbolic links are all refused. */
	real = realpath(s->cfg.root, NULL);
	s->root.real = real;
	s->root.real_len = real ? strlen(real) : 0;
	return 0;
}

static int alloc_buffers(struct server *s)
{
	size_t line = s->cfg.lim.max_line;

	s->in_cap = s->cfg.lim.max_head + 1024;
	s->out_cap = line + 1024;
	s->path = malloc(line + 64);
	s->loc = malloc(line + 16);
	if (!s->path || !s->loc) {
		fprintf(stderr,
			"kiln-httpd: out of memory (lower --max-line)\n");
		return -1;
	}
	return 0;
}

int server_init(struct server *s, const struct config *cfg)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->cork_ok = 1;
	s->lfd = s->epfd = -1;
	s->timers[T_HEAD].dur = cfg->head_timeout_ms;
	s->timers[T_IDLE].dur = cfg->idle_timeout_ms;
	s->timers[T_SEND].dur = cfg->send_timeout_ms;
	s->timers[T_LINGER].dur = cfg->linger_ms;
	clock_tick(s);
	if (open_root(s) || alloc_buffers(s) || listen_on(s))
		return -1;
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0) {
		perror("kiln-httpd: epoll_create1");
		return -1;
	}
	listener_watch(s, 1);
	return 0;
}

int server_run(struct server *s)
{
	struct epoll_event ev[MAX_EVENTS];
	int i, n, timeout;

	for (;;) {
		timeout = timers_next(s);
		if (s->accept_paused &&
		    (timeout < 0 || timeout > ACCEPT_PAUSE_MS))
			timeout = ACCEPT_PAUSE_MS;
		n = epoll_wait(s->epfd, ev, MAX_EVENTS, timeout);
		if (n < 0 && errno != EINTR) {
			perror("kiln-httpd: epoll_wait");
			return 1;
		}
		clock_tick(s);
		for (i = 0; i < n; i++) {
			if (!ev[i].data.ptr)
				accept_some(s);
			else
				conn_event(s, ev[i].data.ptr, ev[i].events);
		}
		timers_run(s);
		if (s->accept_paused && s->now >= s->accept_resume)
			listener_watch(s, 1);
	}
}
