// SPDX-License-Identifier: MIT
// netinfo.c: prints the address the guest would send from: a UDP socket
// "connected" to ADDR (no packet leaves) and getsockname. Exits 0 either
// way; with the network down the connect fails and says so.
// usage: netinfo ADDR

#include "common.h"

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
	socklen_t len = sizeof(a);
	char s[INET_ADDRSTRLEN];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || argc != 2 ||
	    inet_pton(AF_INET, argv[1], &a.sin_addr) != 1)
		die("usage: netinfo ADDR");
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		say("netinfo: connect: %s\n", strerror(errno));
		return 0;
	}
	if (getsockname(fd, (struct sockaddr *)&a, &len))
		die("getsockname");
	say("netinfo: local address %s\n",
	    inet_ntop(AF_INET, &a.sin_addr, s, sizeof(s)));
	return 0;
}
