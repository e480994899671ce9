// SPDX-License-Identifier: MIT
// nbconnect.c: nonblocking connect out. Connects to ADDR:PORT (a host
// listener that answers a line with "host says: " and the line), waits
// for POLLOUT, checks SO_ERROR, and exchanges a line; then connects to
// ADDR:CLOSED, where nobody listens, and expects ECONNREFUSED in SO_ERROR.
// usage: nbconnect ADDR PORT CLOSED     (on kiln ADDR is 10.0.2.2, which
// QEMU's user networking maps to the host's 127.0.0.1)

#include <fcntl.h>
#include <poll.h>
#include "common.h"

static int failures;

static void check(int ok, const char *what)
{
	say("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

/* Starts a nonblocking connect and waits for its outcome; returns the
 * socket, the poll revents in *ev and SO_ERROR in *err. */
static int start(const char *addr, int port, short *ev, int *err)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	struct pollfd p;
	socklen_t len = sizeof(*err);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), r;

	if (fd < 0)
		die("socket");
	inet_pton(AF_INET, addr, &a.sin_addr);
	r = connect(fd, (struct sockaddr *)&a, sizeof(a));
	check(r == 0 || errno == EINPROGRESS,
	      "connect returns 0 or EINPROGRESS at once");
	if (r < 0 && errno != EINPROGRESS)
		say("     connect: %s\n", strerror(errno));
	p = (struct pollfd){ fd, POLLOUT, 0 };
	r = poll(&p, 1, 20000);
	check(r == 1, "poll reports the connect's outcome within 20 s");
	*ev = p.revents;
	*err = -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &len))
		die("getsockopt SO_ERROR");
	return fd;
}

/* Reads up to a newline, waiting with poll (the socket is nonblocking). */
static ssize_t read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	while (n < size - 1) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t k;

		if (poll(&p, 1, 20000) != 1)
			break;
		k = recv(fd, buf + n, size - 1 - n, 0);
		if (k <= 0)
			break;
		n += (size_t)k;
		if (buf[n - 1] == '\n')
			break;
	}
	buf[n] = '\0';
	return (ssize_t)n;
}

int main(int argc, char **argv)
{
	const char *line = "hello from the guest\n";
	char want[128], got[128];
	short ev;
	int err, fd;

	if (argc != 4) {
		say("usage: nbconnect ADDR PORT CLOSED\n");
		return 2;
	}
	fd = start(argv[1], atoi(argv[2]), &ev, &err);
	check((ev & POLLOUT) && !(ev & (POLLERR | POLLHUP)),
	      "connected: POLLOUT without POLLERR or POLLHUP");
	check(err == 0, "connected: SO_ERROR is 0");
	check(send_all(fd, line, strlen(line)) == 0, "send a line");
	snprintf(want, sizeof(want), "host says: %s", line);
	read_line(fd, got, sizeof(got));
	check(!strcmp(got, want), "the host's answer came back");
	if (strcmp(got, want))
		say("     got '%s'\n", got);
	close(fd);

	fd = start(argv[1], atoi(argv[3]), &ev, &err);
	check((ev & POLLERR) != 0, "refused: POLLERR");
	check(err == ECONNREFUSED, "refused: SO_ERROR is ECONNREFUSED");
	if (err != ECONNREFUSED)
		say("     SO_ERROR %d (%s), revents %#x\n", err,
		    err >= 0 ? strerror(err) : "?", ev);
	close(fd);
	say("nbconnect: %s\n", failures ? "FAILED" : "all ok");
	return failures != 0;
}
