/* SPDX-License-Identifier: MIT */
/* common.h: helpers shared by the network test programs. Each program runs
 * on kiln and, as the reference, on Linux; all are single-threaded, as a
 * kiln program must be. */
#ifndef NET_COMMON_H
#define NET_COMMON_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A connection that starts with this asks a server to exit 0. */
#define QUIT_MAGIC "KILN-NET-QUIT\n"
#define QUIT_LEN (sizeof(QUIT_MAGIC) - 1)

static inline void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static inline void die(const char *what)
{
	say("FAIL %s: %s\n", what, strerror(errno));
	exit(1);
}

static inline int port_arg(int argc, char **argv, int i, int dflt)
{
	return argc > i ? atoi(argv[i]) : dflt;
}

/* A listening TCP socket on 0.0.0.0:port, with flags for socket(). */
static inline int tcp_listener(int port, int flags)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | flags, 0);

	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die("SO_REUSEADDR");
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	if (listen(fd, 128))
		die("listen");
	return fd;
}

/* Sends all of buf; 0, or -1 with errno (MSG_NOSIGNAL: no SIGPIPE). */
static inline int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static inline double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#endif
