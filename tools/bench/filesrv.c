// SPDX-License-Identifier: MIT
// filesrv.c: serves one file to each TCP client, by sendfile or by read and
// write, for tools/fs-bench.sh. usage: filesrv PORT FILE sendfile|copy N
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int serve(int c, const char *path, int use_sendfile)
{
	static char buf[65536];
	int fd = open(path, O_RDONLY);
	struct stat st;
	off_t off = 0;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st))
		return -1;
	if (use_sendfile) {
		while (off < st.st_size)
			if (sendfile(c, fd, &off, (size_t)(st.st_size - off)) <=
			    0)
				break;
	} else {
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(c, buf, (size_t)n) != n)
				break;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (argc != 5) {
		fprintf(stderr, "usage: filesrv PORT FILE sendfile|copy N\n");
		return 2;
	}
	a.sin_port = htons((uint16_t)atoi(argv[1]));
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (void *)&a, sizeof(a)) || listen(s, 8)) {
		perror("bind");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (int i = 0; i < atoi(argv[4]); i++) {
		int c = accept(s, NULL, NULL);

		if (c < 0)
			return 1;
		serve(c, argv[2], strcmp(argv[3], "sendfile") == 0);
		close(c);
	}
	return 0;
}
