// SPDX-License-Identifier: MIT
// udpecho.c: UDP echo server: each datagram goes back to its sender whole.
// usage: udpecho [PORT]   (default 7). The datagram QUIT_MAGIC is answered
// "bye" and ends the server with status 0.

#include "common.h"

static char buf[65536];

int main(int argc, char **argv)
{
	int port = port_arg(argc, argv, 1, 7);
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	unsigned long served = 0;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket");
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	say("udpecho: listening on %d\n", port);
	for (;;) {
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC,
				     (struct sockaddr *)&from, &flen);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("recvfrom");
		}
		if (n > (ssize_t)sizeof(buf)) {
			say("FAIL datagram of %zd bytes truncated\n", n);
			continue;
		}
		if ((size_t)n == QUIT_LEN &&
		    !memcmp(buf, QUIT_MAGIC, QUIT_LEN)) {
			sendto(fd, "bye\n", 4, 0, (struct sockaddr *)&from,
			       flen);
			say("udpecho: echoed %lu datagrams\n", served);
			return 0;
		}
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from,
			   flen) != n)
			say("sendto of %zd bytes: %s\n", n, strerror(errno));
		served++;
	}
}
