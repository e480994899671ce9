// SPDX-License-Identifier: MIT
// eventfd.c: eventfd2: a 64-bit counter as a file, read and written
// eight bytes at a time, optionally as a semaphore.

#include <kiln/errno.h>
#include <kiln/file.h>
#include <kiln/mm.h>
#include <kiln/poll.h>

#define EFD_SEMAPHORE 1
#define EFD_FLAGS (EFD_SEMAPHORE | O_NONBLOCK | O_CLOEXEC)
#define EFD_MAX 0xfffffffffffffffeull /* UINT64_MAX is never stored */

struct efd {
	uint64_t count;
	int semaphore;
};

/* Gives the count (or 1 as a semaphore) and takes it off. */
static long efd_read(struct file *f, const struct uiov *iov, int cnt)
{
	struct efd *e = f->priv;
	uint64_t v;

	if (uiov_total(iov, cnt) < sizeof(v))
		return -EINVAL;
	if (e->count == 0)
		return -EAGAIN;
	v = e->semaphore ? 1 : e->count;
	if (uiov_copy_out(iov, cnt, 0, &v, sizeof(v)) != sizeof(v))
		return -EFAULT;
	if (e->count == EFD_MAX) /* writable again */
		f->gen++;
	e->count -= v;
	return sizeof(v);
}

/* Adds to the count; -EAGAIN while that would pass EFD_MAX. */
static long efd_write(struct file *f, const struct uiov *iov, int cnt)
{
	struct efd *e = f->priv;
	uint64_t v;

	if (uiov_total(iov, cnt) < sizeof(v))
		return -EINVAL;
	if (uiov_copy_in(iov, cnt, 0, &v, sizeof(v)) != sizeof(v))
		return -EFAULT;
	if (v == UINT64_MAX)
		return -EINVAL;
	if (v > EFD_MAX - e->count)
		return -EAGAIN;
	e->count += v;
	f->gen++; /* Linux wakes readers on every write, even of 0 */
	return sizeof(v);
}

static unsigned efd_poll(struct file *f)
{
	const struct efd *e = f->priv;

	return (e->count ? POLLIN : 0) | (e->count < EFD_MAX ? POLLOUT : 0);
}

static void efd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops eventfd_ops = {
	.kind = "eventfd",
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.release = efd_release,
};

long sys_eventfd2(unsigned long initval, long flags)
{
	struct efd *e;
	struct file *f;
	int fd;

	if ((int)flags & ~EFD_FLAGS)
		return -EINVAL;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = (uint32_t)initval; /* an unsigned int in Linux */
	e->semaphore = (flags & EFD_SEMAPHORE) != 0;
	f = file_new(&eventfd_ops, e, O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		kfree(e);
		return -ENOMEM;
	}
	fd = fd_install(f, 0, (flags & O_CLOEXEC) != 0);
	file_put(f);
	return fd;
}
