// SPDX-License-Identifier: MIT
// console.c: descriptors 0, 1 and 2: the serial console as a file. The
// UART is polled, so a reader waiting for input has the loop look again
// every 10 ms.

#include <kiln/arch.h>
#include <kiln/errno.h>
#include <kiln/file.h>
#include <kiln/log.h>
#include <kiln/loop.h>
#include <kiln/time.h>
#include <kiln/vfs.h>

#define RECHECK_NS 10000000ull

static int lookahead = -1;
static int reader_waiting;

static int next_char(void)
{
	int c = lookahead;

	if (c >= 0) {
		lookahead = -1;
		return c;
	}
	return arch_console_getc();
}

static long con_read(struct file *f, const struct uiov *iov, int cnt)
{
	char buf[256];
	size_t want = uiov_total(iov, cnt), n = 0;
	int c;

	if (want == 0)
		return 0;
	while (n < want && n < sizeof(buf) && (c = next_char()) >= 0)
		buf[n++] = (char)c;
	if (n == 0)
		return -EAGAIN;
	return uiov_copy_out(iov, cnt, 0, buf, n);
}

static long con_write(struct file *f, const struct uiov *iov, int cnt)
{
	char buf[256];
	size_t total = uiov_total(iov, cnt), done = 0;

	while (done < total) {
		size_t k =
			total - done < sizeof(buf) ? total - done : sizeof(buf);
		long r = uiov_copy_in(iov, cnt, done, buf, k);

		if (r <= 0)
			return done ? (long)done : r;
		console_write(buf, (unsigned long)r);
		done += (size_t)r;
	}
	return (long)done;
}

static unsigned con_poll(struct file *f)
{
	if (lookahead < 0) {
		lookahead = arch_console_getc();
		if (lookahead >= 0)
			f->gen++; /* input arrived: an edge for epoll */
	}
	if (lookahead >= 0)
		return POLLIN | POLLOUT;
	reader_waiting = 1;
	return POLLOUT;
}

static long con_ioctl(struct file *f, unsigned long req, uintptr_t arg)
{
	/* A serial line kiln does not model as a terminal: TIOCGWINSZ and
	 * every other request say "not a tty". */
	return -ENOTTY;
}

static const struct file_ops console_ops = {
	.kind = "console",
	.read = con_read,
	.write = con_write,
	.poll = con_poll,
	.ioctl = con_ioctl,
	.whole_writes = 1,
};

static uint64_t con_next(void *arg)
{
	if (!reader_waiting)
		return LOOP_FOREVER;
	reader_waiting = 0;
	return time_ns() + RECHECK_NS;
}

static struct poller console_poller = {
	.name = "console",
	.next = con_next,
};

void fd_init(void)
{
	struct file *f = file_new(&console_ops, NULL, O_RDWR);

	if (!f)
		panic("out of memory for the console");
	for (int fd = 0; fd < 3; fd++)
		fd_install(f, fd, 0);
	file_put(f);
	loop_register(&console_poller);
}

struct file *console_open(unsigned flags)
{
	return file_new(&console_ops, NULL, flags);
}
