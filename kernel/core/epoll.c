// SPDX-License-Identifier: MIT
// epoll.c: epoll instances as files: a list of watched descriptors that
// epoll_wait scans on each loop turn, level- or edge-triggered.

#include <kiln/errno.h>
#include <kiln/file.h>
#include <arch_abi.h>
#include <kiln/loop.h>
#include <kiln/mm.h>
#include <kiln/poll.h>
#include <kiln/uvm.h>
#include <limits.h>

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)
/* Flags that say how to report, not what. */
#define EP_FLAGS (EPOLLEXCLUSIVE | EPOLLWAKEUP | EPOLLONESHOT | EPOLLET)
#define EP_EXCLUSIVE_OK                                                 \
	(POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | EPOLLET | \
	 EPOLLEXCLUSIVE)
#define EP_MAX_NESTS 4 /* Linux's limit on epolls inside epolls */

struct epoll_event {
	uint32_t events;
	uint64_t data;
} ABI_EPOLL_PACKED; /* 12 bytes on x86_64 (arch_abi.h) */

/* A watched descriptor. Linux drops it once the file is closed
 * everywhere; kiln drops it when its descriptor no longer names its file
 * (see item_alive). */
struct ep_item {
	struct ep_item *next;
	struct file *file; /* a reference */
	int fd;
	uint32_t events; /* interest, with EPOLLERR, EPOLLHUP and EP_FLAGS */
	uint64_t data;
	uint32_t seen; /* file->gen at the last report (EPOLLET) */
	int fresh; /* added or modified since the last report */
};

struct ep {
	struct ep_item *items; /* in the order they were added */
	uint32_t gensum; /* the items' gens summed at the last poll */
};

struct ep_scan {
	struct ep *ep;
	struct epoll_event *out;
	int max;
};

static const struct file_ops epoll_ops;

static struct ep *file_ep(struct file *f)
{
	return f->ops == &epoll_ops ? f->priv : NULL;
}

/* --- items ----------------------------------------------------------- */

/* The item's reference keeps a closed file's memory from going to a new
 * file at the same descriptor, which would look like the old one; the
 * file is released when the item is noticed dead, at the next scan. */
static int item_alive(const struct ep_item *it)
{
	return fd_file(it->fd) == it->file;
}

static void item_free(struct ep_item *it)
{
	file_put(it->file);
	kfree(it);
}

static void item_set(struct ep_item *it, const struct epoll_event *ev)
{
	it->events = ev->events | POLLERR | POLLHUP;
	it->data = ev->data;
	it->fresh = 1;
}

/* The events epoll_wait would report now, without consuming them. */
static uint32_t item_ready(const struct ep_item *it)
{
	uint32_t want = it->events & ~EP_FLAGS, got;

	if (!want) /* a spent EPOLLONESHOT item */
		return 0;
	got = file_poll(it->file) & want;
	if ((it->events & EPOLLET) && !it->fresh && it->file->gen == it->seen)
		return 0;
	return got;
}

static void item_reported(struct ep_item *it)
{
	it->seen = it->file->gen;
	it->fresh = 0;
	if (it->events & EPOLLONESHOT)
		it->events &= EP_FLAGS;
}

/* --- the instance ---------------------------------------------------- */

static void ep_prune(struct ep *ep)
{
	struct ep_item **p = &ep->items, *it;

	while ((it = *p) != NULL) {
		if (item_alive(it)) {
			p = &it->next;
			continue;
		}
		*p = it->next;
		item_free(it);
	}
}

static struct ep_item *ep_find(struct ep *ep, int fd, struct file *f)
{
	for (struct ep_item *it = ep->items; it; it = it->next) {
		if (it->fd == fd && it->file == f)
			return it;
	}
	return NULL;
}

/* How deep epolls nest inside from, or -1 if that reaches avoid or goes
 * deeper than Linux allows. */
static int ep_depth(struct ep *from, const struct ep *avoid, int level)
{
	int depth = 0;

	if (from == avoid || level > EP_MAX_NESTS)
		return -1;
	for (struct ep_item *it = from->items; it; it = it->next) {
		struct ep *sub = item_alive(it) ? file_ep(it->file) : NULL;
		int d = sub ? ep_depth(sub, avoid, level + 1) : 0;

		if (d < 0)
			return -1;
		if (sub && d + 1 > depth)
			depth = d + 1;
	}
	return depth;
}

static long ep_add(struct file *ef, struct file *tf, int fd,
		   const struct epoll_event *ev)
{
	struct ep *ep = ef->priv, *sub = file_ep(tf);
	struct ep_item *it, **p;

	if (sub && ep_depth(sub, ep, 1) < 0)
		return -ELOOP;
	it = kzalloc(sizeof(*it));
	if (!it)
		return -ENOMEM;
	file_get(tf);
	it->file = tf;
	it->fd = fd;
	item_set(it, ev);
	for (p = &ep->items; *p; p = &(*p)->next)
		;
	*p = it;
	ef->gen++;
	return 0;
}

static void ep_del(struct ep *ep, struct ep_item *it)
{
	struct ep_item **p = &ep->items;

	while (*p != it)
		p = &(*p)->next;
	*p = it->next;
	item_free(it);
}

/* An epoll is readable while epoll_wait would report something. Its gen
 * moves with its items' gens, for an epoll watched edge-triggered. */
static unsigned ep_file_poll(struct file *f)
{
	struct ep *ep = f->priv;
	uint32_t sum = 0;
	unsigned mask = 0;

	ep_prune(ep);
	for (struct ep_item *it = ep->items; it; it = it->next) {
		if (item_ready(it))
			mask = POLLIN | POLLRDNORM;
		sum += it->file->gen;
	}
	if (sum != ep->gensum) {
		ep->gensum = sum;
		f->gen++;
	}
	return mask;
}

static void ep_release(struct file *f)
{
	struct ep *ep = f->priv;
	struct ep_item *it;

	while ((it = ep->items) != NULL) {
		ep->items = it->next;
		item_free(it);
	}
	kfree(ep);
}

static const struct file_ops epoll_ops = {
	.kind = "epoll",
	.poll = ep_file_poll,
	.release = ep_release,
};

/* --- epoll_wait ------------------------------------------------------ */

/* One scan: reports up to max ready items and moves them to the end of
 * the list, so that a level-triggered item that stays ready does not
 * hide the others when max is small (Linux requeues them the same way). */
static int ep_collect(void *arg)
{
	struct ep_scan *s = arg;
	struct ep_item *keep = NULL, **kt = &keep, *sent = NULL, **st = &sent;
	struct ep_item *it, *next;
	int n = 0;

	for (it = s->ep->items; it; it = next) {
		uint32_t ev = 0;

		next = it->next;
		it->next = NULL;
		if (!item_alive(it)) {
			item_free(it);
			continue;
		}
		if (n < s->max)
			ev = item_ready(it);
		if (!ev) {
			*kt = it;
			kt = &it->next;
			continue;
		}
		s->out[n].events = ev;
		s->out[n++].data = it->data;
		item_reported(it);
		*st = it;
		st = &it->next;
	}
	*kt = sent;
	s->ep->items = keep;
	return n;
}

static int ep_count(const struct ep *ep)
{
	int n = 0;

	for (const struct ep_item *it = ep->items; it; it = it->next)
		n++;
	return n;
}

static long ep_wait(long epfd, uintptr_t uev, long maxevents, uint64_t deadline)
{
	int max = (int)maxevents;
	struct file *f;
	struct ep_scan s;
	long r = -ENOMEM;

	if (max <= 0 || max > INT_MAX / (int)sizeof(*s.out))
		return -EINVAL;
	if (uev >= USER_TOP || max * sizeof(*s.out) > USER_TOP - uev)
		return -EFAULT;
	f = fd_file((int)epfd);
	if (!f)
		return -EBADF;
	s.ep = file_ep(f);
	if (!s.ep)
		return -EINVAL;

	ep_prune(s.ep);
	s.max = ep_count(s.ep) < max ? ep_count(s.ep) : max;
	s.out = kmalloc((s.max ? s.max : 1) * sizeof(*s.out));
	if (s.out) {
		r = loop_wait(deadline, ep_collect, &s);
		if (r > 0 && copy_to_user(uev, s.out, r * sizeof(*s.out)))
			r = -EFAULT;
		kfree(s.out);
	}
	return r;
}

/* --- system calls ---------------------------------------------------- */

long sys_epoll_create1(long flags)
{
	struct ep *ep;
	struct file *f;
	int fd;

	if ((int)flags & ~O_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep));
	f = ep ? file_new(&epoll_ops, ep, O_RDWR) : NULL;
	if (!f) {
		kfree(ep);
		return -ENOMEM;
	}
	fd = fd_install(f, 0, ((int)flags & O_CLOEXEC) != 0);
	file_put(f);
	return fd;
}

long sys_epoll_create(long size)
{
	return (int)size <= 0 ? -EINVAL : sys_epoll_create1(0);
}

/* EPOLLEXCLUSIVE (which changes nothing with one thread) is refused
 * where Linux refuses it. */
static long check_exclusive(long op, uint32_t events, struct file *tf)
{
	if (op == EPOLL_CTL_DEL || !(events & EPOLLEXCLUSIVE))
		return 0;
	if (op == EPOLL_CTL_MOD)
		return -EINVAL;
	if (op == EPOLL_CTL_ADD && (file_ep(tf) || (events & ~EP_EXCLUSIVE_OK)))
		return -EINVAL;
	return 0;
}

static long ep_mod(struct file *ef, struct ep_item *it,
		   const struct epoll_event *ev)
{
	if (it->events & EPOLLEXCLUSIVE)
		return -EINVAL;
	item_set(it, ev);
	ef->gen++;
	return 0;
}

long sys_epoll_ctl(long epfd, long op, long fd, uintptr_t uev)
{
	struct epoll_event ev = { 0, 0 };
	struct file *ef = fd_file((int)epfd), *tf = fd_file((int)fd);
	struct ep_item *it;
	long r;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	if (!ef || !tf)
		return -EBADF;
	if (!tf->ops->poll)
		return -EPERM;
	if (!file_ep(ef) || ef == tf)
		return -EINVAL;
	r = check_exclusive(op, ev.events, tf);
	if (r)
		return r;

	ep_prune(file_ep(ef));
	it = ep_find(file_ep(ef), (int)fd, tf);
	switch (op) {
	case EPOLL_CTL_ADD:
		return it ? -EEXIST : ep_add(ef, tf, (int)fd, &ev);
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		ep_del(file_ep(ef), it);
		return 0;
	case EPOLL_CTL_MOD:
		return it ? ep_mod(ef, it, &ev) : -ENOENT;
	default:
		return -EINVAL;
	}
}

long sys_epoll_pwait(long epfd, uintptr_t events, long maxevents,
		     long timeout_ms, uintptr_t sigmask, size_t sigsetsize)
{
	long r = poll_sigmask(sigmask, sigsetsize);

	if (r)
		return r;
	return ep_wait(epfd, events, maxevents, poll_deadline_ms(timeout_ms));
}

long sys_epoll_pwait2(long epfd, uintptr_t events, long maxevents, uintptr_t ts,
		      uintptr_t sigmask, size_t sigsetsize)
{
	uint64_t deadline;
	long r = poll_deadline_ts(ts, &deadline);

	if (r == 0)
		r = poll_sigmask(sigmask, sigsetsize);
	return r ? r : ep_wait(epfd, events, maxevents, deadline);
}
