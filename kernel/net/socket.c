// SPDX-License-Identifier: MIT
// socket.c: the socket system calls, with Linux's semantics and error
// numbers, over the TCP and UDP layers beside it.

#define LOG_COMP "socket"
#include <kiln/errno.h>
#include <kiln/file.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/socket.h>
#include <kiln/time.h>
#include <kiln/uvm.h>
#include <lwip/pbuf.h>
#include <string.h>
#include "sock.h"

#define AF_UNSPEC 0
#define AF_INET 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC
#define SOL_SOCKET 1
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_REUSEADDR 2
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define FIONREAD 0x541b
#define SHUT_RD 0
#define SHUT_RDWR 2
#define SOMAXCONN 4096

struct sockaddr_in64 {
	uint16_t family;
	uint16_t port; /* network order */
	uint32_t addr; /* network order */
	uint8_t zero[8];
};

struct msghdr64 {
	uint64_t name;
	uint32_t namelen, pad0;
	uint64_t iov;
	uint64_t iovlen;
	uint64_t control;
	uint64_t controllen;
	int32_t flags, pad1;
};

static const struct file_ops sock_ops;

static uint16_t swap16(uint16_t v)
{
	return (uint16_t)(v << 8 | v >> 8);
}

struct sock *sock_alloc(int type)
{
	struct sock *s = kzalloc(sizeof(*s));

	if (!s)
		return NULL;
	s->type = type;
	s->rcvbuf = type == SOCK_STREAM ? 131072 : 212992;
	s->sndbuf = type == SOCK_STREAM ? 16384 : 212992;
	return s;
}

void sock_free(struct sock *s)
{
	kfree(s);
}

static void sock_close(struct sock *s)
{
	if (s->type == SOCK_STREAM)
		tcp_sock_close(s);
	else
		udp_sock_close(s);
}

static struct sock *sock_of(long fd, long *err)
{
	struct file *f = fd_file((int)fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->ops != &sock_ops) {
		*err = -ENOTSOCK;
		return NULL;
	}
	return f->priv;
}

/* Wraps s in a file and a descriptor. On failure s is closed and freed. */
static long sock_install(struct sock *s, long flags)
{
	struct file *f = file_new(&sock_ops, s, O_RDWR | (flags & O_NONBLOCK));
	int fd;

	if (!f) {
		sock_close(s);
		sock_free(s);
		return -ENOMEM;
	}
	s->file = f;
	fd = fd_install(f, 0, (flags & O_CLOEXEC) != 0);
	file_put(f); /* the table holds it now, or it is released */
	return fd;
}

static int get_addr(uintptr_t uaddr, uint32_t len, uint32_t *addr,
		    uint16_t *port, uint16_t *family)
{
	struct sockaddr_in64 sa;

	if (len < sizeof(uint16_t) || len > 128)
		return -EINVAL;
	memset(&sa, 0, sizeof(sa));
	if (copy_from_user(&sa, uaddr, len < sizeof(sa) ? len : sizeof(sa)))
		return -EFAULT;
	*family = sa.family;
	if (sa.family == AF_UNSPEC) {
		*addr = 0;
		*port = 0;
		return 0;
	}
	if (sa.family != AF_INET)
		return -EAFNOSUPPORT;
	if (len < sizeof(sa))
		return -EINVAL;
	*addr = sa.addr;
	*port = swap16(sa.port);
	return 0;
}

/* Writes an address out the way Linux does: truncated to the caller's
 * buffer, with the full length stored back. */
static int put_addr(uintptr_t uaddr, uintptr_t ulen, uint32_t addr,
		    uint16_t port)
{
	struct sockaddr_in64 sa = { AF_INET, swap16(port), addr, { 0 } };
	uint32_t len, full = sizeof(sa);

	if (!uaddr)
		return 0;
	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if ((int32_t)len < 0)
		return -EINVAL;
	if (copy_to_user(uaddr, &sa, len < full ? len : full) ||
	    copy_to_user(ulen, &full, sizeof(full)))
		return -EFAULT;
	return 0;
}

long sys_socket(long domain, long type, long proto)
{
	int kind = (int)(type & SOCK_TYPE_MASK);
	struct sock *s;
	int r;

	if (domain != AF_INET)
		return -EAFNOSUPPORT;
	if (type & ~(long)(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (kind != SOCK_STREAM && kind != SOCK_DGRAM)
		return -EPROTONOSUPPORT;
	if (proto && proto != (kind == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP))
		return -EPROTONOSUPPORT;
	s = sock_alloc(kind);
	if (!s)
		return -ENOMEM;
	r = kind == SOCK_STREAM ? tcp_sock_open(s) : udp_sock_open(s);
	if (r) {
		sock_free(s);
		return r;
	}
	return sock_install(s, type);
}

long sys_bind(long fd, uintptr_t uaddr, long len)
{
	uint32_t addr;
	uint16_t port, family;
	long r = 0;
	struct sock *s = sock_of(fd, &r);

	if (!s)
		return r;
	r = get_addr(uaddr, (uint32_t)len, &addr, &port, &family);
	if (r)
		return r;
	if (family != AF_INET)
		return -EAFNOSUPPORT;
	return s->type == SOCK_STREAM ? tcp_sock_bind(s, addr, port)
				      : udp_sock_bind(s, addr, port);
}

long sys_listen(long fd, long backlog)
{
	long r = 0;
	struct sock *s = sock_of(fd, &r);

	if (!s)
		return r;
	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (backlog > SOMAXCONN || backlog < 0)
		backlog = SOMAXCONN;
	return tcp_sock_listen(s, (int)backlog);
}

struct accept_ctx {
	struct sock *l, *c;
};

static long try_accept(void *ctx)
{
	struct accept_ctx *a = ctx;

	a->c = tcp_sock_accept(a->l);
	if (!a->c)
		return a->l->err ? -a->l->err : -EAGAIN;
	return 0;
}

long sys_accept4(long fd, uintptr_t uaddr, uintptr_t ulen, long flags)
{
	long r = 0;
	struct sock *l = sock_of(fd, &r), *c;
	struct accept_ctx a = { l, NULL };
	uint32_t addr;
	uint16_t port;

	if (!l)
		return r;
	if (flags & ~(long)(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (l->type != SOCK_STREAM || l->state != SS_LISTENING)
		return -EINVAL;
	r = file_retry(l->file, POLLIN, l->file->flags & O_NONBLOCK,
		       l->file->rcvtimeo, try_accept, &a);
	if (r < 0)
		return r;
	c = a.c;
	if (tcp_sock_name(c, true, &addr, &port)) {
		addr = 0;
		port = 0;
	}
	r = sock_install(c, flags);
	if (r >= 0 && uaddr) {
		int e = put_addr(uaddr, ulen, addr, port);

		if (e) {
			sys_close(r);
			return e;
		}
	}
	return r;
}

static long connect_done(void *ctx)
{
	struct sock *s = ctx;

	if (s->state == SS_CONNECTING)
		return -EAGAIN;
	if (s->err) {
		long e = -s->err;

		s->err = 0;
		return e;
	}
	return 0;
}

long sys_connect(long fd, uintptr_t uaddr, long len)
{
	uint32_t addr;
	uint16_t port, family;
	long r = 0;
	struct sock *s = sock_of(fd, &r);

	if (!s)
		return r;
	r = get_addr(uaddr, (uint32_t)len, &addr, &port, &family);
	if (r)
		return r;
	if (s->type == SOCK_DGRAM)
		return udp_sock_connect(s, family == AF_INET ? addr : 0,
					family == AF_INET ? port : 0);
	if (family != AF_INET)
		return -EAFNOSUPPORT;
	if (s->state == SS_CLOSED && s->err)
		return connect_done(s);
	r = tcp_sock_connect(s, addr, port);
	if (r != -EINPROGRESS || (s->file->flags & O_NONBLOCK))
		return r;
	r = file_retry(s->file, POLLOUT, 0, s->file->sndtimeo, connect_done, s);
	return r == -EAGAIN ? -EINPROGRESS : r;
}

struct xfer {
	struct sock *s;
	struct uiov *iov;
	int cnt;
	int flags;
	bool has_addr;
	uint32_t addr;
	uint16_t port;
	size_t full; /* UDP: the datagram's whole length */
};

static long recv_once(void *ctx)
{
	struct xfer *x = ctx;

	if (x->s->type == SOCK_STREAM)
		return tcp_sock_recv(x->s, x->iov, x->cnt, x->flags);
	return udp_sock_recv(x->s, x->iov, x->cnt, x->flags, &x->addr, &x->port,
			     &x->full);
}

static long send_once(void *ctx)
{
	struct xfer *x = ctx;

	if (x->s->type == SOCK_STREAM)
		return tcp_sock_send(x->s, x->iov, x->cnt, x->flags);
	return udp_sock_send(x->s, x->iov, x->cnt,
			     x->has_addr ? &x->addr : NULL,
			     x->has_addr ? &x->port : NULL);
}

static int nonblocking(struct xfer *x)
{
	return (x->s->file->flags & O_NONBLOCK) || (x->flags & MSG_DONTWAIT);
}

static long do_recv(struct xfer *x)
{
	size_t total = uiov_total(x->iov, x->cnt), done = 0;
	long r;

	if (x->s->type == SOCK_STREAM && total == 0)
		return 0;
	do {
		r = file_retry(x->s->file, POLLIN, nonblocking(x),
			       x->s->file->rcvtimeo, recv_once, x);
		if (r <= 0)
			return done ? (long)done : r;
		done += (size_t)r;
		uiov_advance(&x->iov, &x->cnt, (size_t)r);
	} while ((x->flags & MSG_WAITALL) && x->s->type == SOCK_STREAM &&
		 !(x->flags & MSG_PEEK) && done < total);
	return (long)done;
}

static long do_send(struct xfer *x)
{
	size_t total = uiov_total(x->iov, x->cnt), done = 0;
	long r;

	if (x->s->type == SOCK_DGRAM)
		return file_retry(x->s->file, POLLOUT, nonblocking(x),
				  x->s->file->sndtimeo, send_once, x);
	do {
		r = file_retry(x->s->file, POLLOUT, nonblocking(x),
			       x->s->file->sndtimeo, send_once, x);
		if (r <= 0)
			return done ? (long)done : r;
		done += (size_t)r;
		uiov_advance(&x->iov, &x->cnt, (size_t)r);
	} while (done < total && !nonblocking(x));
	return (long)done;
}

long sys_recvfrom(long fd, uintptr_t buf, size_t len, long flags,
		  uintptr_t uaddr, uintptr_t ulen)
{
	struct uiov v = { buf, len };
	struct xfer x = { .iov = &v, .cnt = 1, .flags = (int)flags };
	long r = 0;

	if (!(x.s = sock_of(fd, &r)))
		return r;
	r = do_recv(&x);
	if (r < 0)
		return r;
	if (x.s->type == SOCK_DGRAM) {
		int e = put_addr(uaddr, ulen, x.addr, x.port);

		if (e)
			return e;
		if (flags & MSG_TRUNC)
			return (long)x.full;
	}
	return r;
}

long sys_sendto(long fd, uintptr_t buf, size_t len, long flags, uintptr_t uaddr,
		long alen)
{
	struct uiov v = { buf, len };
	struct xfer x = { .iov = &v, .cnt = 1, .flags = (int)flags };
	uint16_t family;
	long r = 0;

	if (!(x.s = sock_of(fd, &r)))
		return r;
	if (uaddr && x.s->type == SOCK_DGRAM) {
		r = get_addr(uaddr, (uint32_t)alen, &x.addr, &x.port, &family);
		if (r)
			return r;
		x.has_addr = family == AF_INET;
	} else if (uaddr && x.s->state != SS_CONNECTED) {
		return x.s->state == SS_CONNECTING ? -EALREADY : -ENOTCONN;
	}
	return do_send(&x);
}

static long msg_io(long fd, uintptr_t umsg, long flags, bool send)
{
	struct msghdr64 m;
	struct uiov small[8], *iov = small;
	struct xfer x = { .flags = (int)flags };
	uint16_t family;
	long r = 0;

	if (!(x.s = sock_of(fd, &r)))
		return r;
	if (copy_from_user(&m, umsg, sizeof(m)))
		return -EFAULT;
	if (m.iovlen > 1024)
		return -EMSGSIZE;
	if (m.iovlen > 8 && !(iov = kmalloc(m.iovlen * sizeof(*iov))))
		return -ENOMEM;
	r = uiov_from_user(iov, m.iov, (long)m.iovlen);
	x.iov = iov;
	x.cnt = (int)m.iovlen;
	if (!r && send && m.name && x.s->type == SOCK_DGRAM) {
		r = get_addr(m.name, m.namelen, &x.addr, &x.port, &family);
		x.has_addr = family == AF_INET;
	}
	if (!r)
		r = send ? do_send(&x) : do_recv(&x);
	if (r >= 0 && !send) {
		uint32_t out_flags = 0, namelen = sizeof(struct sockaddr_in64);
		struct sockaddr_in64 sa = {
			AF_INET, swap16(x.port), x.addr, { 0 }
		};

		if (x.s->type == SOCK_DGRAM && m.name) {
			if (copy_to_user(m.name, &sa,
					 m.namelen < namelen ? m.namelen
							     : namelen))
				r = -EFAULT;
			m.namelen = namelen;
		} else {
			m.namelen = 0;
		}
		if (x.s->type == SOCK_DGRAM && x.full > (size_t)r)
			out_flags |= MSG_TRUNC;
		m.flags = (int32_t)out_flags;
		m.controllen = 0;
		if (r >= 0 && copy_to_user(umsg, &m, sizeof(m)))
			r = -EFAULT;
	}
	if (iov != small)
		kfree(iov);
	return r;
}

long sys_recvmsg(long fd, uintptr_t msg, long flags)
{
	return msg_io(fd, msg, flags, false);
}

long sys_sendmsg(long fd, uintptr_t msg, long flags)
{
	return msg_io(fd, msg, flags, true);
}

long sys_shutdown(long fd, long how)
{
	long r = 0;
	struct sock *s = sock_of(fd, &r);

	if (!s)
		return r;
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (s->type == SOCK_DGRAM)
		return s->state == SS_CONNECTED ? 0 : -ENOTCONN;
	return tcp_sock_shutdown(s, how != 1, how != SHUT_RD);
}

static long sock_name(long fd, uintptr_t uaddr, uintptr_t ulen, bool peer)
{
	uint32_t addr;
	uint16_t port;
	long r = 0;
	struct sock *s = sock_of(fd, &r);

	if (!s)
		return r;
	r = s->type == SOCK_STREAM ? tcp_sock_name(s, peer, &addr, &port)
				   : udp_sock_name(s, peer, &addr, &port);
	return r ? r : put_addr(uaddr, ulen, addr, port);
}

long sys_getsockname(long fd, uintptr_t uaddr, uintptr_t ulen)
{
	return sock_name(fd, uaddr, ulen, false);
}

long sys_getpeername(long fd, uintptr_t uaddr, uintptr_t ulen)
{
	return sock_name(fd, uaddr, ulen, true);
}

static int get_timeout(uintptr_t val, long len, uint64_t *ns)
{
	int64_t tv[2];

	if (len < (long)sizeof(tv))
		return -EINVAL;
	if (copy_from_user(tv, val, sizeof(tv)))
		return -EFAULT;
	if (tv[1] < 0 || tv[1] >= 1000000)
		return -EDOM;
	*ns = tv[0] < 0
		      ? 0
		      : (uint64_t)tv[0] * NSEC_PER_SEC + (uint64_t)tv[1] * 1000;
	return 0;
}

static int set_socket_opt(struct sock *s, long opt, int v, uintptr_t val,
			  long len)
{
	switch (opt) {
	case SO_REUSEADDR:
	case SO_REUSEPORT:
		s->reuseaddr = v != 0;
		return 0;
	case SO_KEEPALIVE:
		s->keepalive = v != 0;
		break;
	case SO_RCVBUF:
		s->rcvbuf = v < 1152	     ? 2304
			    : v > 0x3fffffff ? 0x7ffffffe
					     : 2 * v;
		return 0;
	case SO_SNDBUF:
		s->sndbuf = v < 2304	     ? 4608
			    : v > 0x3fffffff ? 0x7ffffffe
					     : 2 * v;
		return 0;
	case SO_RCVTIMEO:
		return get_timeout(val, len, &s->file->rcvtimeo);
	case SO_SNDTIMEO:
		return get_timeout(val, len, &s->file->sndtimeo);
	case SO_BROADCAST:
	case SO_LINGER:
		return 0;
	default:
		return -ENOPROTOOPT;
	}
	if (s->type == SOCK_STREAM)
		tcp_sock_apply_options(s);
	return 0;
}

long sys_setsockopt(long fd, long level, long opt, uintptr_t val, long len)
{
	long r = 0;
	struct sock *s = sock_of(fd, &r);
	int v = 0;

	if (!s)
		return r;
	if (len < (long)sizeof(int))
		return -EINVAL;
	if (copy_from_user(&v, val, sizeof(v)))
		return -EFAULT;
	if (level == SOL_SOCKET)
		return set_socket_opt(s, opt, v, val, len);
	if (level != IPPROTO_TCP || s->type != SOCK_STREAM)
		return level == IPPROTO_UDP ? -ENOPROTOOPT : -ENOPROTOOPT;
	switch (opt) {
	case TCP_NODELAY:
		s->nodelay = v != 0;
		tcp_sock_apply_options(s);
		return 0;
	case TCP_KEEPIDLE:
	case TCP_KEEPINTVL:
	case TCP_KEEPCNT:
		return v < 1 ? -EINVAL : 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int socket_opt_value(struct sock *s, long opt, int64_t tv[2], int *v,
			    bool *is_tv)
{
	uint64_t t;

	switch (opt) {
	case SO_TYPE:
		*v = s->type;
		return 0;
	case SO_ERROR:
		*v = s->err;
		s->err = 0;
		return 0;
	case SO_REUSEADDR:
	case SO_REUSEPORT:
		*v = s->reuseaddr;
		return 0;
	case SO_KEEPALIVE:
		*v = s->keepalive;
		return 0;
	case SO_RCVBUF:
		*v = s->rcvbuf;
		return 0;
	case SO_SNDBUF:
		*v = s->sndbuf;
		return 0;
	case SO_ACCEPTCONN:
		*v = s->state == SS_LISTENING;
		return 0;
	case SO_DOMAIN:
		*v = AF_INET;
		return 0;
	case SO_PROTOCOL:
		*v = s->type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
		return 0;
	case SO_RCVTIMEO:
	case SO_SNDTIMEO:
		t = opt == SO_RCVTIMEO ? s->file->rcvtimeo : s->file->sndtimeo;
		tv[0] = (int64_t)(t / NSEC_PER_SEC);
		tv[1] = (int64_t)(t % NSEC_PER_SEC / 1000);
		*is_tv = true;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

long sys_getsockopt(long fd, long level, long opt, uintptr_t val,
		    uintptr_t ulen)
{
	long r = 0;
	struct sock *s = sock_of(fd, &r);
	int64_t tv[2];
	bool is_tv = false;
	int v = 0;
	uint32_t len, out;

	if (!s)
		return r;
	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if ((int32_t)len < 0)
		return -EINVAL;
	if (level == SOL_SOCKET)
		r = socket_opt_value(s, opt, tv, &v, &is_tv);
	else if (level == IPPROTO_TCP && s->type == SOCK_STREAM &&
		 opt == TCP_NODELAY)
		v = s->nodelay;
	else if (level == IPPROTO_TCP && s->type == SOCK_STREAM &&
		 opt == TCP_MAXSEG)
		v = 1460;
	else
		r = -ENOPROTOOPT;
	if (r)
		return r;
	out = is_tv ? sizeof(tv) : sizeof(v);
	if (len < out)
		out = len;
	if (copy_to_user(val, is_tv ? (void *)tv : (void *)&v, out) ||
	    copy_to_user(ulen, &out, sizeof(out)))
		return -EFAULT;
	return 0;
}

struct ref_send {
	struct sock *s;
	const char *data;
	size_t len;
};

static long send_ref_once(void *ctx)
{
	struct ref_send *r = ctx;

	return tcp_sock_send_ref(r->s, r->data, r->len);
}

long sock_sendfile(struct file *f, const void *data, size_t len, int nonblock)
{
	struct ref_send r = { f->priv, data, len };
	size_t done = 0;
	long n;

	if (f->ops != &sock_ops)
		return -EINVAL;
	if (r.s->type != SOCK_STREAM)
		return -EINVAL; /* callers fall back to a copy */
	nonblock |= (f->flags & O_NONBLOCK) != 0;
	do {
		n = file_retry(f, POLLOUT, nonblock, f->sndtimeo, send_ref_once,
			       &r);
		if (n <= 0)
			return done ? (long)done : n;
		done += (size_t)n;
		r.data += n;
		r.len -= (size_t)n;
	} while (r.len && !nonblock);
	return (long)done;
}

static long sk_read(struct file *f, const struct uiov *iov, int cnt)
{
	struct sock *s = f->priv;
	uint32_t a;
	uint16_t p;
	size_t full;

	if (s->type == SOCK_STREAM)
		return tcp_sock_recv(s, iov, cnt, 0);
	return udp_sock_recv(s, iov, cnt, 0, &a, &p, &full);
}

static long sk_write(struct file *f, const struct uiov *iov, int cnt)
{
	struct sock *s = f->priv;

	if (s->type == SOCK_STREAM)
		return tcp_sock_send(s, iov, cnt, 0);
	return udp_sock_send(s, iov, cnt, NULL, NULL);
}

static unsigned sk_poll(struct file *f)
{
	struct sock *s = f->priv;

	return s->type == SOCK_STREAM ? tcp_sock_poll(s) : udp_sock_poll(s);
}

static long sk_ioctl(struct file *f, unsigned long req, uintptr_t arg)
{
	struct sock *s = f->priv;
	int n;

	if (req != FIONREAD)
		return -ENOTTY;
	if (s->type == SOCK_STREAM)
		n = (int)s->rx_bytes;
	else
		n = s->dq_head ? (int)s->dq_head->p->tot_len : 0;
	return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static void sk_release(struct file *f)
{
	struct sock *s = f->priv;

	sock_close(s);
	sock_free(s);
}

static const struct file_ops sock_ops = {
	.kind = "socket",
	.read = sk_read,
	.write = sk_write,
	.poll = sk_poll,
	.ioctl = sk_ioctl,
	.release = sk_release,
	.whole_writes = 1,
};
