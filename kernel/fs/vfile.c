// SPDX-License-Identifier: MIT
// vfile.c: open files on the root file system: regular files read from
// the archive at a per-file offset, directories (read by getdents64),
// O_PATH handles, and the character devices null, zero, urandom and
// console.

#include <kiln/errno.h>
#include <kiln/mm.h>
#include <kiln/random.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <string.h>

#include "fs.h"

#define FIONREAD 0x541b

static long file_read(struct file *f, const struct uiov *iov, int cnt)
{
	struct vfile *v = f->priv;
	struct inode *ino = v->ino;
	size_t want = uiov_total(iov, cnt), n;
	long r;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (v->pos >= ino->size || want == 0)
		return 0;
	n = ino->size - v->pos < want ? ino->size - v->pos : want;
	r = uiov_copy_out(iov, cnt, 0, (const char *)ino->data + v->pos, n);
	if (r > 0)
		v->pos += (uint64_t)r;
	return r;
}

static unsigned file_poll_ready(struct file *f)
{
	return POLLIN | POLLOUT;
}

static long file_ioctl(struct file *f, unsigned long req, uintptr_t arg)
{
	struct vfile *v = f->priv;
	int n;

	if (req != FIONREAD || !S_ISREG(v->ino->mode))
		return -ENOTTY;
	n = v->pos < v->ino->size ? (int)(v->ino->size - v->pos) : 0;
	return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static void file_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops tree_ops = {
	.kind = "file",
	.read = file_read,
	.poll = file_poll_ready,
	.ioctl = file_ioctl,
	.release = file_release,
};

static unsigned path_poll(struct file *f)
{
	return POLLNVAL;
}

static const struct file_ops path_ops = {
	.kind = "path",
	.poll = path_poll,
	.release = file_release,
};

/* /dev/null, /dev/zero, /dev/urandom: writes vanish. */
static long sink_write(struct file *f, const struct uiov *iov, int cnt)
{
	return (long)uiov_total(iov, cnt);
}

static long null_read(struct file *f, const struct uiov *iov, int cnt)
{
	return 0;
}

/* Fills the reader's buffers with zeros or random bytes, 256 at a time. */
static long fill_read(struct file *f, const struct uiov *iov, int cnt,
		      int random)
{
	unsigned char buf[256];
	size_t want = uiov_total(iov, cnt), done = 0;

	if (want > 0x7ffff000)
		want = 0x7ffff000;
	memset(buf, 0, sizeof(buf));
	while (done < want) {
		size_t k =
			want - done < sizeof(buf) ? want - done : sizeof(buf);
		long r;

		if (random)
			random_bytes(buf, k);
		r = uiov_copy_out(iov, cnt, done, buf, k);
		if (r <= 0)
			return done ? (long)done : r;
		done += (size_t)r;
	}
	return (long)done;
}

static long zero_read(struct file *f, const struct uiov *iov, int cnt)
{
	return fill_read(f, iov, cnt, 0);
}

static long urandom_read(struct file *f, const struct uiov *iov, int cnt)
{
	return fill_read(f, iov, cnt, 1);
}

static const struct file_ops null_ops = {
	.kind = "null",
	.read = null_read,
	.write = sink_write,
	.poll = file_poll_ready,
	.release = file_release,
};

static const struct file_ops zero_ops = {
	.kind = "zero",
	.read = zero_read,
	.write = sink_write,
	.poll = file_poll_ready,
	.release = file_release,
};

static const struct file_ops urandom_ops = {
	.kind = "urandom",
	.read = urandom_read,
	.write = sink_write,
	.poll = file_poll_ready,
	.release = file_release,
};

static const struct file_ops *ops_for(struct inode *ino, int path_only)
{
	if (path_only)
		return &path_ops;
	switch (inode_dev(ino)) {
	case DEV_NULL:
		return &null_ops;
	case DEV_ZERO:
		return &zero_ops;
	case DEV_URANDOM:
		return &urandom_ops;
	default:
		return &tree_ops;
	}
}

struct file *vfile_open(struct inode *ino, unsigned flags, int path_only)
{
	struct vfile *v;
	struct file *f;

	if (!path_only && inode_dev(ino) == DEV_CONSOLE)
		return console_open(flags);
	v = kzalloc(sizeof(*v));
	if (!v)
		return NULL;
	v->ino = ino;
	f = file_new(ops_for(ino, path_only), v, flags);
	if (!f)
		kfree(v);
	return f;
}

struct vfile *vfile_of(struct file *f)
{
	const struct file_ops *o = f->ops;

	if (o == &tree_ops || o == &path_ops || o == &null_ops ||
	    o == &zero_ops || o == &urandom_ops)
		return f->priv;
	return NULL;
}

struct inode *file_inode(struct file *f)
{
	struct vfile *v = vfile_of(f);

	return v ? v->ino : NULL;
}

int vfile_is_path(struct file *f)
{
	return f->ops == &path_ops;
}
