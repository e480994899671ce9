// SPDX-License-Identifier: MIT
// sendfile.c: sendfile from a file on the tree. To a TCP socket the bytes
// go without a copy (lwIP refers to them in the archive, which never
// changes); to the console straight from the archive; to anything else
// through a short-lived bounce buffer in the program's address space,
// since file write operations take the program's addresses.

#include <kiln/errno.h>
#include <kiln/log.h>
#include <kiln/socket.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <string.h>

#include "fs.h"

#define BOUNCE (64 * 1024ul)
#define RW_MAX 0x7ffff000ul

struct bounce_write {
	struct file *f;
	struct uiov iov;
};

static long write_once(void *ctx)
{
	struct bounce_write *b = ctx;

	return b->f->ops->write(b->f, &b->iov, 1);
}

static long bounce(struct file *out, const char *data, size_t n)
{
	int nonblock = (out->flags & O_NONBLOCK) != 0;
	uintptr_t at = uvm_find_free(BOUNCE, 0);
	struct bounce_write b = { out, { at, 0 } };
	size_t done = 0;
	long r = 0;

	if (!at || uvm_add(at, at + BOUNCE, VM_READ | VM_WRITE))
		return -ENOMEM;
	while (done < n) {
		b.iov.len = n - done < BOUNCE ? n - done : BOUNCE;
		r = copy_to_user(at, data + done, b.iov.len);
		if (r == 0)
			r = file_retry(out, POLLOUT, nonblock, out->sndtimeo,
				       write_once, &b);
		if (r <= 0)
			break;
		done += (size_t)r;
		if (nonblock && (size_t)r < b.iov.len)
			break;
	}
	uvm_remove(at, at + BOUNCE);
	return done ? (long)done : r;
}

static long send_bytes(struct file *out, const char *data, size_t n)
{
	long r = -EINVAL;

	if (strcmp(out->ops->kind, "console") == 0) {
		console_write(data, n);
		return (long)n;
	}
	if (strcmp(out->ops->kind, "socket") == 0)
		r = sock_sendfile(out, data, n, 0);
	return r == -EINVAL ? bounce(out, data, n) : r;
}

long sys_sendfile(long out_fd, long in_fd, uintptr_t uoff, size_t count)
{
	struct file *in = fd_file((int)in_fd), *out = fd_file((int)out_fd);
	struct vfile *v = in && !vfile_is_path(in) ? vfile_of(in) : NULL;
	int64_t off;
	size_t n;
	long r;

	if (!in || !out || (in && vfile_is_path(in)) || !out->ops->write ||
	    (out->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!v || !S_ISREG(v->ino->mode) || (out->flags & O_APPEND))
		return -EINVAL;
	off = (int64_t)v->pos;
	if (uoff && copy_from_user(&off, uoff, sizeof(off)))
		return -EFAULT;
	if (off < 0)
		return -EINVAL;
	count = count > RW_MAX ? RW_MAX : count;
	n = (uint64_t)off >= v->ino->size ? 0 : v->ino->size - (size_t)off;
	n = n < count ? n : count;
	r = n ? send_bytes(out, (const char *)v->ino->data + off, n) : 0;
	if (r <= 0)
		return r;
	off += r;
	if (uoff)
		return copy_to_user(uoff, &off, sizeof(off)) ? -EFAULT : r;
	v->pos = (uint64_t)off;
	return r;
}
