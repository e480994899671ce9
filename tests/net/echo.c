// SPDX-License-Identifier: MIT
// echo.c: TCP echo server, one client at a time, blocking calls only.
// usage: echo [PORT]   (default 7). A client that resets or vanishes
// ends only its own connection. QUIT_MAGIC as a connection's first
// bytes makes the server answer "bye" and exit 0.

#include "common.h"

static char buf[65536];

/* Echoes one connection to its end. Returns 1 if it asked to quit. While
 * the bytes so far are a prefix of QUIT_MAGIC (seen of them), they are held
 * back, and sent once they turn out to be ordinary data. */
static int serve(int c)
{
	size_t seen = 0;
	int deciding = 1;

	for (;;) {
		ssize_t n = recv(c, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (deciding && seen)
				send_all(c, QUIT_MAGIC, seen);
			return 0;
		}
		if (deciding) {
			size_t k = (size_t)n < QUIT_LEN - seen
					   ? (size_t)n
					   : QUIT_LEN - seen;

			if (!memcmp(buf, QUIT_MAGIC + seen, k)) {
				seen += k;
				if (seen == QUIT_LEN)
					return 1;
				continue; /* k == n: all of it held */
			}
			deciding = 0;
			if (seen && send_all(c, QUIT_MAGIC, seen))
				return 0;
		}
		if (send_all(c, buf, (size_t)n))
			return 0;
	}
}

int main(int argc, char **argv)
{
	int port = port_arg(argc, argv, 1, 7), l = tcp_listener(port, 0);
	unsigned long served = 0;

	say("echo: listening on %d\n", port);
	for (;;) {
		int c = accept(l, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		if (serve(c)) {
			send_all(c, "bye\n", 4);
			close(c);
			say("echo: served %lu connections\n", served);
			return 0;
		}
		served++;
		close(c);
	}
}
