// SPDX-License-Identifier: MIT
// sock_tcp.c: stream sockets over lwIP's raw TCP API. lwIP calls back from
// the event loop; these functions never block (socket.c waits).

#define LOG_COMP "tcp"
#include <kiln/errno.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/uvm.h>
#include <lwip/tcp.h>
#include <string.h>
#include "sock.h"

#define ACCEPTQ_MAX 255

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err);
static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len);
static void on_err(void *arg, err_t err);

static void attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->pcb.tcp = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
}

/* Leaves the pcb to lwIP alone: no more callbacks into s. */
static void detach(struct sock *s)
{
	struct tcp_pcb *pcb = s->pcb.tcp;

	s->pcb.tcp = NULL;
	if (!pcb)
		return;
	tcp_arg(pcb, NULL);
	if (s->state != SS_LISTENING) {
		tcp_recv(pcb, NULL);
		tcp_sent(pcb, NULL);
		tcp_err(pcb, NULL);
	}
}

/* Appends a chain to the receive list without lwIP's 16-bit tot_len,
 * which a long queue would overflow. */
static void rxq_append(struct sock *s, struct pbuf *p)
{
	struct pbuf *q = s->rxq;

	s->rx_bytes += p->tot_len;
	if (!q) {
		s->rxq = p;
		return;
	}
	while (q->next)
		q = q->next;
	q->next = p;
}

/* Frees the first pbuf of the receive list. */
static void rxq_pop(struct sock *s)
{
	struct pbuf *p = s->rxq;

	s->rxq = p->next;
	p->next = NULL;
	p->tot_len = p->len;
	pbuf_free(p);
}

static void rxq_free(struct sock *s)
{
	while (s->rxq)
		rxq_pop(s);
	s->rx_bytes = 0;
	s->rx_off = 0;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct sock *s = arg;

	if (!s) {
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (!p)
		s->rx_eof = true;
	else
		rxq_append(s, p);
	sock_changed(s);
	return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct sock *s = arg;

	if (s)
		sock_changed(s);
	return ERR_OK;
}

/* lwIP has already freed the pcb. */
static void on_err(void *arg, err_t err)
{
	struct sock *s = arg;

	if (!s)
		return;
	s->pcb.tcp = NULL;
	if (s->state == SS_CONNECTING)
		s->err = err == ERR_RST ? ECONNREFUSED : ETIMEDOUT;
	else if (err == ERR_RST)
		s->err = ECONNRESET;
	else if (err == ERR_ABRT)
		s->err = s->keepalive ? ETIMEDOUT : ECONNABORTED;
	else
		s->err = ECONNRESET;
	s->state = SS_CLOSED;
	sock_changed(s);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *s = arg;

	if (s) {
		s->state = SS_CONNECTED;
		sock_changed(s);
	}
	return ERR_OK;
}

void tcp_sock_apply_options(struct sock *s)
{
	struct tcp_pcb *pcb = s->pcb.tcp;

	if (!pcb || s->state == SS_LISTENING)
		return;
	if (s->nodelay)
		tcp_nagle_disable(pcb);
	else
		tcp_nagle_enable(pcb);
	if (s->keepalive)
		ip_set_option(pcb, SOF_KEEPALIVE);
	else
		ip_reset_option(pcb, SOF_KEEPALIVE);
}

int tcp_sock_open(struct sock *s)
{
	struct tcp_pcb *pcb = tcp_new();

	if (!pcb)
		return -ENOBUFS;
	attach(s, pcb);
	return 0;
}

static int lwip_errno(err_t e)
{
	switch (e) {
	case ERR_OK:
		return 0;
	case ERR_MEM:
	case ERR_BUF:
		return -ENOBUFS;
	case ERR_RTE:
		return -ENETUNREACH;
	case ERR_USE:
		return -EADDRINUSE;
	case ERR_ISCONN:
		return -EISCONN;
	case ERR_ALREADY:
	case ERR_INPROGRESS:
		return -EALREADY;
	case ERR_CONN:
		return -ENOTCONN;
	case ERR_RST:
		return -ECONNRESET;
	case ERR_ABRT:
		return -ECONNABORTED;
	default:
		return -EINVAL;
	}
}

int tcp_sock_bind(struct sock *s, uint32_t addr, uint16_t port)
{
	ip_addr_t a;
	int r;

	if (!s->pcb.tcp)
		return -EINVAL;
	if (s->state != SS_NEW)
		return -EINVAL;
	ip_addr_set_ip4_u32_val(a, addr);
	if (s->reuseaddr)
		ip_set_option(s->pcb.tcp, SOF_REUSEADDR);
	r = lwip_errno(tcp_bind(s->pcb.tcp, &a, port));
	if (r == 0)
		s->state = SS_BOUND;
	return r;
}

static err_t on_accept(void *arg, struct tcp_pcb *newpcb, err_t err)
{
	struct sock *l = arg, *c;

	if (err != ERR_OK || !newpcb)
		return ERR_VAL;
	if (!l || l->acc_len >= l->backlog || !(c = sock_alloc(SOCK_STREAM))) {
		tcp_abort(newpcb);
		return ERR_ABRT;
	}
	c->state = SS_CONNECTED;
	c->nodelay = l->nodelay;
	c->keepalive = l->keepalive;
	c->listener = l;
	attach(c, newpcb);
	tcp_sock_apply_options(c);
	l->acceptq[(l->acc_head + l->acc_len++) % ACCEPTQ_MAX] = c;
	sock_changed(l);
	return ERR_OK;
}

int tcp_sock_listen(struct sock *s, int backlog)
{
	struct tcp_pcb *lpcb;
	err_t e;

	if (backlog < 1)
		backlog = 1;
	if (backlog > ACCEPTQ_MAX)
		backlog = ACCEPTQ_MAX;
	if (s->state == SS_LISTENING) {
		s->backlog = backlog;
		return 0;
	}
	if (s->state == SS_NEW) {
		int r = tcp_sock_bind(s, 0, 0);

		if (r)
			return r;
	}
	if (s->state != SS_BOUND || !s->pcb.tcp)
		return -EINVAL;
	if (!s->acceptq &&
	    !(s->acceptq = kzalloc(ACCEPTQ_MAX * sizeof(*s->acceptq))))
		return -ENOBUFS;
	lpcb = tcp_listen_with_backlog_and_err(s->pcb.tcp, (u8_t)backlog, &e);
	if (!lpcb)
		return lwip_errno(e);
	s->pcb.tcp = lpcb;
	s->state = SS_LISTENING;
	s->backlog = backlog;
	tcp_arg(lpcb, s);
	tcp_accept(lpcb, on_accept);
	return 0;
}

struct sock *tcp_sock_accept(struct sock *l)
{
	struct sock *c;

	if (l->acc_len == 0)
		return NULL;
	c = l->acceptq[l->acc_head];
	l->acc_head = (l->acc_head + 1) % ACCEPTQ_MAX;
	l->acc_len--;
	c->listener = NULL;
	return c;
}

int tcp_sock_connect(struct sock *s, uint32_t addr, uint16_t port)
{
	ip_addr_t a;
	int r;

	switch (s->state) {
	case SS_CONNECTING:
		return -EALREADY;
	case SS_CONNECTED:
		return -EISCONN;
	case SS_LISTENING:
		return -EISCONN;
	case SS_CLOSED:
		return -EINVAL;
	default:
		break;
	}
	if (!s->pcb.tcp)
		return -EINVAL;
	ip_addr_set_ip4_u32_val(a, addr);
	r = lwip_errno(tcp_connect(s->pcb.tcp, &a, port, on_connected));
	if (r)
		return r;
	s->state = SS_CONNECTING;
	return -EINPROGRESS;
}

static int take_err(struct sock *s)
{
	int e = s->err;

	s->err = 0;
	return -e;
}

static void give_window(struct sock *s, size_t n)
{
	while (n && s->pcb.tcp) {
		u16_t k = n > 0xffff ? 0xffff : (u16_t)n;

		tcp_recved(s->pcb.tcp, k);
		n -= k;
	}
}

static long peek(struct sock *s, const struct uiov *iov, int cnt)
{
	size_t want = uiov_total(iov, cnt), done = 0;
	uint16_t off = s->rx_off;

	for (struct pbuf *p = s->rxq; p && done < want; p = p->next) {
		size_t k = p->len - off;
		long r;

		if (k > want - done)
			k = want - done;
		r = uiov_copy_out(iov, cnt, done, (char *)p->payload + off, k);
		if (r < 0)
			return done ? (long)done : r;
		done += k;
		off = 0;
	}
	return (long)done;
}

long tcp_sock_recv(struct sock *s, const struct uiov *iov, int cnt, int flags)
{
	size_t want = uiov_total(iov, cnt), done = 0;

	if (s->state == SS_LISTENING)
		return -ENOTCONN;
	if (want == 0)
		return 0;
	if (s->rxq && (flags & MSG_PEEK))
		return peek(s, iov, cnt);
	while (s->rxq && done < want) {
		struct pbuf *p = s->rxq;
		size_t k = p->len - s->rx_off;
		long r;

		if (k > want - done)
			k = want - done;
		r = uiov_copy_out(iov, cnt, done,
				  (char *)p->payload + s->rx_off, k);
		if (r < 0) {
			if (!done)
				return r;
			break;
		}
		done += k;
		s->rx_off += k;
		if (s->rx_off == p->len) {
			rxq_pop(s);
			s->rx_off = 0;
		}
	}
	if (done) {
		s->rx_bytes -= done;
		give_window(s, done);
		return (long)done;
	}
	if (s->err)
		return take_err(s);
	if (s->rx_eof || s->state == SS_CLOSED)
		return 0;
	if (s->state != SS_CONNECTED)
		return -ENOTCONN;
	return -EAGAIN;
}

/* Finds the user bytes at offset off of iov: base and contiguous length. */
static uintptr_t iov_at(const struct uiov *iov, int cnt, size_t off,
			size_t *len)
{
	for (int i = 0; i < cnt; i++) {
		if (off < iov[i].len) {
			*len = iov[i].len - off;
			return iov[i].base + off;
		}
		off -= iov[i].len;
	}
	*len = 0;
	return 0;
}

/* Sends what is queued. When the writer must wait for buffer space, the
 * last partial segment goes out too, whatever Nagle says (Linux pushes the
 * same way before it sleeps for memory); otherwise a bulk sender stalls
 * until the peer's delayed ACK. */
static void push(struct tcp_pcb *pcb, bool full)
{
	if (full && !tcp_nagle_disabled(pcb)) {
		tcp_nagle_disable(pcb);
		tcp_output(pcb);
		tcp_nagle_enable(pcb);
		return;
	}
	tcp_output(pcb);
}

long tcp_sock_send(struct sock *s, const struct uiov *iov, int cnt, int flags)
{
	size_t total = uiov_total(iov, cnt), done = 0;
	struct tcp_pcb *pcb = s->pcb.tcp;

	if (s->err)
		return take_err(s);
	if (s->state == SS_CONNECTING)
		return -EAGAIN;
	if (s->state != SS_CONNECTED && s->state != SS_CLOSED)
		return -ENOTCONN;
	if (s->tx_shut || !pcb)
		return -EPIPE;

	bool full = false;

	while (done < total) {
		size_t len, room = tcp_sndbuf(pcb);
		uintptr_t base = iov_at(iov, cnt, done, &len);
		u8_t wf = TCP_WRITE_FLAG_COPY;
		err_t e;

		if (room == 0 || tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN - 4) {
			full = true;
			break;
		}
		if (len > room)
			len = room;
		if (len > 0xffff)
			len = 0xffff;
		/* lwIP copies straight from the program's pages. */
		if (uvm_populate(base, len, VM_READ))
			return done ? (long)done : -EFAULT;
		if ((flags & MSG_MORE) || done + len < total)
			wf |= TCP_WRITE_FLAG_MORE;
		e = tcp_write(pcb, (const void *)base, (u16_t)len, wf);
		if (e == ERR_MEM) {
			full = true;
			break;
		}
		if (e != ERR_OK)
			return done ? (long)done : lwip_errno(e);
		done += len;
	}
	if (full || (done && !(flags & MSG_MORE)))
		push(pcb, full);
	return done ? (long)done : -EAGAIN;
}

long tcp_sock_send_ref(struct sock *s, const void *data, size_t len)
{
	struct tcp_pcb *pcb = s->pcb.tcp;
	size_t done = 0;

	if (s->err)
		return take_err(s);
	if (s->state != SS_CONNECTED && s->state != SS_CLOSED)
		return -ENOTCONN;
	if (s->tx_shut || !pcb)
		return -EPIPE;
	bool full = false;

	while (done < len) {
		size_t k = len - done, room = tcp_sndbuf(pcb);
		size_t mss = tcp_mss(pcb) ? tcp_mss(pcb) : 536;
		err_t e;

		if (room == 0 || tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN - 4) {
			full = true;
			break;
		}
		if (k > room)
			k = room;
		if (k > 0xffff)
			k = 0xffff;
		/* Whole segments while more follows: referenced data cannot
		 * be merged into a partial segment later. */
		if (done + k < len && k > mss)
			k -= k % mss;
		/* No copy flag: lwIP keeps pointing at the caller's bytes,
		 * which must stay unchanged until acknowledged (the root
		 * file system's archive does, for the whole run). */
		e = tcp_write(pcb, (const char *)data + done, (u16_t)k,
			      done + k < len ? TCP_WRITE_FLAG_MORE : 0);
		if (e == ERR_MEM) {
			full = true;
			break;
		}
		if (e != ERR_OK)
			return done ? (long)done : lwip_errno(e);
		done += k;
	}
	if (done || full)
		push(pcb, full);
	return done ? (long)done : -EAGAIN;
}

unsigned tcp_sock_poll(struct sock *s)
{
	unsigned m = 0;

	switch (s->state) {
	case SS_LISTENING:
		return s->acc_len ? POLLIN | POLLRDNORM : 0;
	case SS_NEW:
	case SS_BOUND:
		return POLLOUT | POLLHUP;
	case SS_CONNECTING:
		return 0;
	default:
		break;
	}
	if (s->rxq || s->rx_eof)
		m |= POLLIN | POLLRDNORM;
	if (s->rx_eof)
		m |= POLLRDHUP;
	if (s->state == SS_CONNECTED && s->pcb.tcp && !s->tx_shut &&
	    tcp_sndbuf(s->pcb.tcp) > 0 &&
	    tcp_sndqueuelen(s->pcb.tcp) < TCP_SND_QUEUELEN - 4)
		m |= POLLOUT;
	if (s->err)
		m |= POLLERR;
	if (s->state == SS_CLOSED)
		m |= POLLHUP | POLLIN | POLLRDNORM | POLLOUT;
	else if (s->rx_eof && s->tx_shut)
		m |= POLLHUP;
	return m;
}

int tcp_sock_shutdown(struct sock *s, bool rd, bool wr)
{
	if (s->state == SS_LISTENING && rd) {
		s->rx_eof = true;
		sock_changed(s);
		return 0;
	}
	if (s->state != SS_CONNECTED && s->state != SS_CLOSED)
		return -ENOTCONN;
	if (rd) {
		/* Reads return end of file; what is queued is dropped. */
		give_window(s, s->rx_bytes);
		rxq_free(s);
		s->rx_eof = true;
	}
	if (wr && !s->tx_shut && s->pcb.tcp) {
		int r = lwip_errno(tcp_shutdown(s->pcb.tcp, 0, 1));

		if (r)
			return r;
	}
	if (wr)
		s->tx_shut = true;
	sock_changed(s);
	return 0;
}

void tcp_sock_close(struct sock *s)
{
	struct tcp_pcb *pcb = s->pcb.tcp;
	bool unread = s->rxq != NULL;

	if (s->state == SS_LISTENING) {
		while (s->acc_len) {
			struct sock *c = tcp_sock_accept(s);

			tcp_sock_close(c);
			sock_free(c);
		}
		detach(s);
		tcp_close(pcb);
		kfree(s->acceptq);
		s->acceptq = NULL;
		return;
	}
	detach(s);
	rxq_free(s);
	if (!pcb)
		return;
	/* Unread data means the peer will never see it read: reset, as
	 * Linux does. Otherwise a FIN after what is still queued. */
	if (unread || tcp_close(pcb) != ERR_OK)
		tcp_abort(pcb);
}

int tcp_sock_name(struct sock *s, bool peer, uint32_t *addr, uint16_t *port)
{
	struct tcp_pcb *pcb = s->pcb.tcp;

	if (!pcb) {
		if (peer)
			return -ENOTCONN;
		*addr = 0;
		*port = 0;
		return 0;
	}
	if (peer) {
		if (s->state != SS_CONNECTED)
			return -ENOTCONN;
		*addr = ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip));
		*port = pcb->remote_port;
		return 0;
	}
	*addr = ip4_addr_get_u32(ip_2_ip4(&pcb->local_ip));
	*port = pcb->local_port;
	return 0;
}
