// SPDX-License-Identifier: MIT
// fd.c: the descriptor table and the system calls every kind of file
// shares. Blocking lives here, once, on top of each file's poll().

#include <kiln/errno.h>
#include <kiln/file.h>
#include <kiln/log.h>
#include <kiln/loop.h>
#include <kiln/mm.h>
#include <kiln/time.h>
#include <kiln/uvm.h>
#include <string.h>

#define IOV_MAX 1024
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define FIONBIO 0x5421

static struct {
	struct file *file;
	int cloexec;
} table[FD_MAX];

struct file *file_new(const struct file_ops *ops, void *priv, unsigned flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	f->refs = 1;
	return f;
}

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	if (--f->refs > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	kfree(f);
}

int fd_install(struct file *f, int min, int cloexec)
{
	for (int fd = min < 0 ? 0 : min; fd < FD_MAX; fd++) {
		if (!table[fd].file) {
			file_get(f);
			table[fd].file = f;
			table[fd].cloexec = cloexec;
			return fd;
		}
	}
	return -EMFILE;
}

struct file *fd_file(int fd)
{
	return fd >= 0 && fd < FD_MAX ? table[fd].file : NULL;
}

unsigned file_poll(struct file *f)
{
	unsigned m = f->ops->poll(f);

	/* The _NORM bits mean the same for every kiln file. */
	if (m & POLLIN)
		m |= POLLRDNORM;
	if (m & POLLOUT)
		m |= POLLWRNORM;
	return m;
}

struct wait_arg {
	struct file *f;
	unsigned events;
};

static int ready(void *p)
{
	struct wait_arg *w = p;

	return (int)(file_poll(w->f) & (w->events | POLLERR | POLLHUP));
}

unsigned file_wait(struct file *f, unsigned events, uint64_t deadline)
{
	struct wait_arg w = { f, events };

	return (unsigned)loop_wait(deadline, ready, &w);
}

int uiov_from_user(struct uiov *dst, uintptr_t src, long cnt)
{
	size_t total = 0;

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	if (copy_from_user(dst, src, cnt * sizeof(*dst)))
		return -EFAULT;
	for (long i = 0; i < cnt; i++) {
		if ((long)dst[i].len < 0 || total + dst[i].len < total ||
		    total + dst[i].len > 0x7ffff000)
			return -EINVAL;
		total += dst[i].len;
	}
	return 0;
}

size_t uiov_total(const struct uiov *iov, int cnt)
{
	size_t t = 0;

	for (int i = 0; i < cnt; i++)
		t += iov[i].len;
	return t;
}

static long uiov_copy(const struct uiov *iov, int cnt, size_t skip, void *kbuf,
		      size_t n, int out)
{
	size_t done = 0;

	for (int i = 0; i < cnt && done < n; i++) {
		size_t len = iov[i].len, k;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		k = len - skip < n - done ? len - skip : n - done;
		if (out ? copy_to_user(iov[i].base + skip, (char *)kbuf + done,
				       k)
			: copy_from_user((char *)kbuf + done,
					 iov[i].base + skip, k))
			return done ? (long)done : -EFAULT;
		done += k;
		skip = 0;
	}
	return (long)done;
}

long uiov_copy_out(const struct uiov *iov, int cnt, size_t skip,
		   const void *src, size_t n)
{
	return uiov_copy(iov, cnt, skip, (void *)src, n, 1);
}

long uiov_copy_in(const struct uiov *iov, int cnt, size_t skip, void *dst,
		  size_t n)
{
	return uiov_copy(iov, cnt, skip, dst, n, 0);
}

void uiov_advance(struct uiov **iov, int *cnt, size_t n)
{
	while (*cnt && n >= (*iov)->len) {
		n -= (*iov)->len;
		(*iov)++;
		(*cnt)--;
	}
	if (*cnt && n) {
		(*iov)->base += n;
		(*iov)->len -= n;
	}
}

long file_retry(struct file *f, unsigned events, int nonblock, uint64_t timeout,
		long (*op)(void *ctx), void *ctx)
{
	uint64_t deadline = timeout ? time_ns() + timeout : LOOP_FOREVER;
	long r;

	for (;;) {
		r = op(ctx);
		if (r == -EAGAIN && nonblock) {
			/* Devices and the stack move only when the loop
			 * runs: give them one turn, so that a program that
			 * polls with nonblocking calls sees progress, as on
			 * Linux, where they move on their own. */
			loop_poll();
			r = op(ctx);
		}
		if (r != -EAGAIN || nonblock)
			return r;
		if (!file_wait(f, events, deadline))
			return -EAGAIN;
	}
}

struct rw {
	struct file *f;
	struct uiov *iov;
	int cnt;
	int wr;
};

static long rw_once(void *ctx)
{
	struct rw *c = ctx;

	return c->wr ? c->f->ops->write(c->f, c->iov, c->cnt)
		     : c->f->ops->read(c->f, c->iov, c->cnt);
}

/* One read, or a write that a blocking file finishes whole (as Linux does
 * for sockets and pipes) unless an error or timeout cuts it short. */
static long file_rw(struct file *f, struct uiov *iov, int cnt, int wr)
{
	struct rw c = { f, iov, cnt, wr };
	unsigned mode = f->flags & O_ACCMODE;
	int nonblock = (f->flags & O_NONBLOCK) != 0;
	size_t total = uiov_total(iov, cnt), done = 0;
	long r;

	if (!(wr ? f->ops->write : f->ops->read) ||
	    (wr ? mode == O_RDONLY : mode == O_WRONLY))
		return -EBADF;
	if (!wr)
		return file_retry(f, POLLIN, nonblock, f->rcvtimeo, rw_once,
				  &c);
	do {
		r = file_retry(f, POLLOUT, nonblock, f->sndtimeo, rw_once, &c);
		if (r <= 0)
			return done ? (long)done : r;
		done += (size_t)r;
		uiov_advance(&c.iov, &c.cnt, (size_t)r);
	} while (done < total && !nonblock && f->ops->whole_writes);
	return (long)done;
}

long sys_read(long fd, uintptr_t buf, size_t n)
{
	struct file *f = fd_file((int)fd);
	struct uiov v = { buf, n };

	if (!f)
		return -EBADF;
	if ((long)n < 0)
		return -EINVAL;
	return file_rw(f, &v, 1, 0);
}

long sys_write(long fd, uintptr_t buf, size_t n)
{
	struct file *f = fd_file((int)fd);
	struct uiov v = { buf, n };

	if (!f)
		return -EBADF;
	if ((long)n < 0)
		return -EINVAL;
	return file_rw(f, &v, 1, 1);
}

static long rwv(long fd, uintptr_t uiov, long cnt, int wr)
{
	struct file *f = fd_file((int)fd);
	struct uiov small[8], *iov = small;
	long r;

	if (!f)
		return -EBADF;
	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	if (cnt > 8 && !(iov = kmalloc(cnt * sizeof(*iov))))
		return -ENOMEM;
	r = uiov_from_user(iov, uiov, cnt);
	if (r == 0)
		r = file_rw(f, iov, (int)cnt, wr);
	if (iov != small)
		kfree(iov);
	return r;
}

long sys_readv(long fd, uintptr_t iov, long cnt)
{
	return rwv(fd, iov, cnt, 0);
}

long sys_writev(long fd, uintptr_t iov, long cnt)
{
	return rwv(fd, iov, cnt, 1);
}

long sys_close(long fd)
{
	struct file *f = fd_file((int)fd);

	if (!f)
		return -EBADF;
	table[fd].file = NULL;
	file_put(f);
	return 0;
}

void fd_close_all(void)
{
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (table[fd].file)
			sys_close(fd);
	}
}

long sys_dup(long fd)
{
	struct file *f = fd_file((int)fd);

	return f ? fd_install(f, 0, 0) : -EBADF;
}

long sys_dup3(long fd, long to, long flags)
{
	struct file *f = fd_file((int)fd);

	if (!f)
		return -EBADF;
	if (flags & ~(long)O_CLOEXEC)
		return -EINVAL;
	if (to < 0 || to >= FD_MAX)
		return -EBADF;
	if (to == fd)
		return -EINVAL;
	file_get(f);
	if (table[to].file)
		sys_close(to);
	table[to].file = f;
	table[to].cloexec = (flags & O_CLOEXEC) != 0;
	return to;
}

long sys_fcntl(long fd, long cmd, unsigned long arg)
{
	struct file *f = fd_file((int)fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= FD_MAX)
			return -EINVAL;
		return fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return table[fd].cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		table[fd].cloexec = (arg & FD_CLOEXEC) != 0;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~O_NONBLOCK) | (arg & O_NONBLOCK);
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_ioctl(long fd, unsigned long req, uintptr_t arg)
{
	struct file *f = fd_file((int)fd);
	int on;

	if (!f)
		return -EBADF;
	if (req == FIONBIO) {
		if (copy_from_user(&on, arg, sizeof(on)))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	}
	return f->ops->ioctl ? f->ops->ioctl(f, req, arg) : -ENOTTY;
}
