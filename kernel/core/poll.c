// SPDX-License-Identifier: MIT
// poll.c: poll, ppoll, select and pselect6 over the files' poll(), with
// Linux's timeouts, error numbers and remaining-time updates.

#include <kiln/errno.h>
#include <kiln/file.h>
#include <kiln/loop.h>
#include <kiln/mm.h>
#include <kiln/poll.h>
#include <kiln/time.h>
#include <kiln/uvm.h>
#include <string.h>

#define POLLRDBAND 0x080
#define POLLWRBAND 0x200
/* What makes select() report an fd in each of its three sets. */
#define SEL_IN (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define SEL_OUT (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define SEL_EX POLLPRI
#define SET_WORDS(n) (((n) + 63) / 64)
#define NSEC_PER_USEC 1000ull
#define NSEC_PER_MSEC 1000000ull

struct upollfd { /* struct pollfd */
	int32_t fd;
	int16_t events;
	int16_t revents;
};

/* --- timeouts -------------------------------------------------------- */

static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now;

	if (ns == 0)
		return 0;
	now = time_ns();
	return ns > LOOP_FOREVER - now ? LOOP_FOREVER : now + ns;
}

uint64_t poll_deadline_ms(long ms)
{
	int t = (int)ms; /* the calls take an int */

	return t < 0 ? LOOP_FOREVER : deadline_after(t * NSEC_PER_MSEC);
}

static uint64_t to_ns(uint64_t sec, uint64_t nsec)
{
	if (sec > (UINT64_MAX - nsec) / NSEC_PER_SEC)
		return UINT64_MAX;
	return sec * NSEC_PER_SEC + nsec;
}

long poll_deadline_ts(uintptr_t uts, uint64_t *deadline)
{
	int64_t ts[2];

	*deadline = LOOP_FOREVER;
	if (!uts)
		return 0;
	if (copy_from_user(ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = deadline_after(to_ns(ts[0], ts[1]));
	return 0;
}

/* Writes the time left before the deadline back to a timespec (usec
 * false) or timeval, as Linux does; not for a zero or absent timeout,
 * and a failed write leaves the result alone. */
static void put_remaining(uintptr_t dst, uint64_t deadline, int usec)
{
	uint64_t now = time_ns(), left;
	int64_t v[2];

	if (!dst || deadline == 0)
		return;
	left = deadline > now ? deadline - now : 0;
	v[0] = (int64_t)(left / NSEC_PER_SEC);
	v[1] = (int64_t)(left % NSEC_PER_SEC);
	if (usec)
		v[1] /= (int64_t)NSEC_PER_USEC;
	copy_to_user(dst, v, sizeof(v));
}

long poll_sigmask(uintptr_t set, size_t size)
{
	uint64_t mask;

	if (!set)
		return 0;
	if (size != sizeof(mask))
		return -EINVAL;
	return copy_from_user(&mask, set, sizeof(mask)) ? -EFAULT : 0;
}

/* --- poll ------------------------------------------------------------ */

struct poll_scan {
	struct upollfd *fds;
	unsigned n;
};

static int16_t pollfd_revents(const struct upollfd *p)
{
	struct file *f;

	if (p->fd < 0)
		return 0;
	f = fd_file(p->fd);
	if (!f)
		return POLLNVAL;
	return (int16_t)(file_poll(f) &
			 ((uint16_t)p->events | POLLERR | POLLHUP));
}

static int poll_ready(void *arg)
{
	struct poll_scan *s = arg;
	int count = 0;

	for (unsigned i = 0; i < s->n; i++) {
		s->fds[i].revents = pollfd_revents(&s->fds[i]);
		count += s->fds[i].revents != 0;
	}
	return count;
}

static long do_poll(uintptr_t ufds, unsigned long nfds, uint64_t deadline)
{
	struct poll_scan s = { NULL, (unsigned)nfds };
	size_t size = nfds * sizeof(*s.fds);
	long r = -EFAULT;

	if (nfds > FD_MAX) /* RLIMIT_NOFILE */
		return -EINVAL;
	s.fds = kmalloc(size ? size : 1);
	if (!s.fds)
		return -ENOMEM;
	if (!copy_from_user(s.fds, ufds, size)) {
		r = loop_wait(deadline, poll_ready, &s);
		if (copy_to_user(ufds, s.fds, size))
			r = -EFAULT;
	}
	kfree(s.fds);
	return r;
}

long sys_poll(uintptr_t fds, unsigned long nfds, long timeout_ms)
{
	return do_poll(fds, (unsigned)nfds, poll_deadline_ms(timeout_ms));
}

long sys_ppoll(uintptr_t fds, unsigned long nfds, uintptr_t ts,
	       uintptr_t sigmask, size_t sigsetsize)
{
	uint64_t deadline;
	long r = poll_deadline_ts(ts, &deadline);

	if (r == 0)
		r = poll_sigmask(sigmask, sigsetsize);
	if (r)
		return r;
	r = do_poll(fds, (unsigned)nfds, deadline);
	put_remaining(ts, deadline, 0);
	return r;
}

/* --- select ---------------------------------------------------------- */

struct sel {
	int n;
	uint64_t in[3][FD_MAX / 64];
	uint64_t out[3][FD_MAX / 64];
};

static const unsigned sel_events[3] = { SEL_IN, SEL_OUT, SEL_EX };

static int sel_get(struct sel *s, int k, uintptr_t src)
{
	if (!src)
		return 0;
	return copy_from_user(s->in[k], src, SET_WORDS(s->n) * 8) ? -EFAULT : 0;
}

static int sel_wanted(const struct sel *s, int fd)
{
	uint64_t bit = 1ull << (fd % 64);
	int w = fd / 64;

	return ((s->in[0][w] | s->in[1][w] | s->in[2][w]) & bit) != 0;
}

/* Linux checks every descriptor named before it looks at any. */
static int sel_check(const struct sel *s)
{
	for (int fd = 0; fd < s->n; fd++) {
		if (sel_wanted(s, fd) && !fd_file(fd))
			return -EBADF;
	}
	return 0;
}

static int sel_ready(void *arg)
{
	struct sel *s = arg;
	int count = 0;

	memset(s->out, 0, sizeof(s->out));
	for (int fd = 0; fd < s->n; fd++) {
		uint64_t bit = 1ull << (fd % 64);
		struct file *f;
		unsigned mask;

		if (!sel_wanted(s, fd))
			continue;
		f = fd_file(fd);
		mask = f ? file_poll(f) : 0;
		for (int k = 0; k < 3; k++) {
			if ((s->in[k][fd / 64] & bit) &&
			    (mask & sel_events[k])) {
				s->out[k][fd / 64] |= bit;
				count++;
			}
		}
	}
	return count;
}

static long sel_put(const struct sel *s, const uintptr_t sets[3])
{
	for (int k = 0; k < 3; k++) {
		if (sets[k] &&
		    copy_to_user(sets[k], s->out[k], SET_WORDS(s->n) * 8))
			return -EFAULT;
	}
	return 0;
}

/* Bits at or above FD_MAX are ignored, as Linux ignores those above the
 * size of its descriptor table. */
static long do_select(long n, const uintptr_t sets[3], uint64_t deadline)
{
	struct sel *s;
	long r = 0;

	if ((int)n < 0)
		return -EINVAL;
	s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->n = (int)n > FD_MAX ? FD_MAX : (int)n;
	for (int k = 0; k < 3 && r == 0; k++)
		r = sel_get(s, k, sets[k]);
	if (r == 0)
		r = sel_check(s);
	if (r == 0)
		r = loop_wait(deadline, sel_ready, s);
	if (r >= 0 && sel_put(s, sets))
		r = -EFAULT;
	kfree(s);
	return r;
}

long sys_select(long n, uintptr_t in, uintptr_t out, uintptr_t ex, uintptr_t tv)
{
	const uintptr_t sets[3] = { in, out, ex };
	uint64_t deadline = LOOP_FOREVER;
	int64_t t[2];
	long r;

	if (tv) {
		if (copy_from_user(t, tv, sizeof(t)))
			return -EFAULT;
		if (t[0] < 0 || t[1] < 0)
			return -EINVAL;
		/* A tv_usec of a second or more is allowed. */
		deadline = deadline_after(
			to_ns((uint64_t)t[0] + (uint64_t)t[1] / 1000000,
			      (uint64_t)t[1] % 1000000 * NSEC_PER_USEC));
	}
	r = do_select(n, sets, deadline);
	put_remaining(tv, deadline, 1);
	return r;
}

long sys_pselect6(long n, uintptr_t in, uintptr_t out, uintptr_t ex,
		  uintptr_t ts, uintptr_t sigarg)
{
	const uintptr_t sets[3] = { in, out, ex };
	struct {
		uintptr_t set;
		size_t size;
	} sig = { 0, 0 };
	uint64_t deadline;
	long r = poll_deadline_ts(ts, &deadline);

	if (r)
		return r;
	if (sigarg && copy_from_user(&sig, sigarg, sizeof(sig)))
		return -EFAULT;
	r = poll_sigmask(sig.set, sig.size);
	if (r)
		return r;
	r = do_select(n, sets, deadline);
	put_remaining(ts, deadline, 0);
	return r;
}
