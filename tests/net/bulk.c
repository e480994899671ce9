// SPDX-License-Identifier: MIT
// bulk.c: one-way TCP transfers for tools/net-bench.sh, one client at a
// time. A connection's first byte picks the direction:
//   'R'             the server reads to end of file, then answers with
//                   the byte count (8 bytes, little-endian);
//   'W' and SIZE    (8 bytes, little-endian) the server writes SIZE bytes,
//                   then closes.
// usage: bulk [PORT]   (default 7). QUIT_MAGIC ends it with status 0.

#include "common.h"

static char buf[1 << 18];

static int read_full(int fd, void *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k = recv(fd, (char *)p + done, n - done, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

static void sink(int c)
{
	uint64_t total = 0;
	ssize_t n;

	while ((n = recv(c, buf, sizeof(buf), 0)) > 0 ||
	       (n < 0 && errno == EINTR))
		total += n > 0 ? (uint64_t)n : 0;
	send_all(c, &total, sizeof(total));
}

static void source(int c)
{
	uint64_t size;

	if (read_full(c, &size, sizeof(size)))
		return;
	while (size) {
		size_t k = size < sizeof(buf) ? (size_t)size : sizeof(buf);

		if (send_all(c, buf, k))
			return;
		size -= k;
	}
}

int main(int argc, char **argv)
{
	int port = port_arg(argc, argv, 1, 7), l = tcp_listener(port, 0);

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 3);
	say("bulk: listening on %d\n", port);
	for (;;) {
		char first[QUIT_LEN];
		int c = accept(l, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		if (read_full(c, first, 1) == 0) {
			if (first[0] == 'R')
				sink(c);
			else if (first[0] == 'W')
				source(c);
			else if (read_full(c, first + 1, QUIT_LEN - 1) == 0 &&
				 !memcmp(first, QUIT_MAGIC, QUIT_LEN)) {
				send_all(c, "bye\n", 4);
				return 0;
			}
		}
		close(c);
	}
}
