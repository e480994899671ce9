// SPDX-License-Identifier: MIT
// sock_udp.c: datagram sockets over lwIP's raw UDP API.

#include <kiln/errno.h>
#include <kiln/mm.h>
#include <lwip/ip4.h>
#include <lwip/netif.h>
#include <lwip/udp.h>
#include <string.h>
#include "sock.h"

#define UDP_PAYLOAD_MAX 65507

static void on_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
		    const ip_addr_t *addr, u16_t port)
{
	struct sock *s = arg;
	struct dgram *d;

	if (!s || s->dq_bytes + p->tot_len > (size_t)s->rcvbuf ||
	    !(d = kmalloc(sizeof(*d)))) {
		pbuf_free(p); /* a full queue drops, as UDP may */
		return;
	}
	d->next = NULL;
	d->p = p;
	d->addr = ip4_addr_get_u32(ip_2_ip4(addr));
	d->port = port;
	if (s->dq_tail)
		s->dq_tail->next = d;
	else
		s->dq_head = d;
	s->dq_tail = d;
	s->dq_bytes += p->tot_len;
	sock_changed(s);
}

int udp_sock_open(struct sock *s)
{
	struct udp_pcb *pcb = udp_new();

	if (!pcb)
		return -ENOBUFS;
	s->pcb.udp = pcb;
	udp_recv(pcb, on_recv, s);
	return 0;
}

int udp_sock_bind(struct sock *s, uint32_t addr, uint16_t port)
{
	ip_addr_t a;
	err_t e;

	if (s->state != SS_NEW)
		return -EINVAL;
	ip_addr_set_ip4_u32_val(a, addr);
	if (s->reuseaddr)
		ip_set_option(s->pcb.udp, SOF_REUSEADDR);
	e = udp_bind(s->pcb.udp, &a, port);
	if (e == ERR_USE)
		return -EADDRINUSE;
	if (e != ERR_OK)
		return -EINVAL;
	s->state = SS_BOUND;
	return 0;
}

int udp_sock_connect(struct sock *s, uint32_t addr, uint16_t port)
{
	ip_addr_t a;

	ip_addr_set_ip4_u32_val(a, addr);
	if (addr == 0 && port == 0) { /* AF_UNSPEC-style dissolve */
		udp_disconnect(s->pcb.udp);
		s->state = SS_BOUND;
		return 0;
	}
	if (udp_connect(s->pcb.udp, &a, port) != ERR_OK)
		return -EINVAL;
	s->state = SS_CONNECTED;
	return 0;
}

long udp_sock_recv(struct sock *s, const struct uiov *iov, int cnt, int flags,
		   uint32_t *addr, uint16_t *port, size_t *full)
{
	struct dgram *d = s->dq_head;
	size_t want = uiov_total(iov, cnt), done = 0;
	struct pbuf *q;

	if (!d)
		return s->err ? -s->err : -EAGAIN;
	for (q = d->p; q && done < want; q = q->next) {
		size_t k = q->len < want - done ? q->len : want - done;
		long r = uiov_copy_out(iov, cnt, done, q->payload, k);

		if (r < 0)
			return r;
		done += k;
	}
	*addr = d->addr;
	*port = d->port;
	*full = d->p->tot_len;
	if (!(flags & MSG_PEEK)) {
		s->dq_head = d->next;
		if (!s->dq_head)
			s->dq_tail = NULL;
		s->dq_bytes -= d->p->tot_len;
		pbuf_free(d->p);
		kfree(d);
	}
	return (long)done;
}

long udp_sock_send(struct sock *s, const struct uiov *iov, int cnt,
		   const uint32_t *addr, const uint16_t *port)
{
	size_t len = uiov_total(iov, cnt);
	struct pbuf *p;
	ip_addr_t a;
	err_t e;
	long r;

	if (len > UDP_PAYLOAD_MAX)
		return -EMSGSIZE;
	if (!addr && s->state != SS_CONNECTED)
		return -EDESTADDRREQ;
	p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	if (!p)
		return -EAGAIN;
	r = uiov_copy_in(iov, cnt, 0, p->payload, len);
	if (r < 0 || (size_t)r != len) {
		pbuf_free(p);
		return r < 0 ? r : -EFAULT;
	}
	if (addr) {
		ip_addr_set_ip4_u32_val(a, *addr);
		e = udp_sendto(s->pcb.udp, p, &a, *port);
	} else {
		e = udp_send(s->pcb.udp, p);
	}
	pbuf_free(p);
	if (e == ERR_RTE)
		return -ENETUNREACH;
	if (e == ERR_MEM || e == ERR_BUF)
		return -ENOBUFS;
	if (e != ERR_OK)
		return -EINVAL;
	if (s->state == SS_NEW)
		s->state = SS_BOUND; /* lwIP bound an ephemeral port */
	return (long)len;
}

unsigned udp_sock_poll(struct sock *s)
{
	unsigned m = POLLOUT;

	if (s->dq_head)
		m |= POLLIN | POLLRDNORM;
	if (s->err)
		m |= POLLERR;
	return m;
}

void udp_sock_close(struct sock *s)
{
	while (s->dq_head) {
		struct dgram *d = s->dq_head;

		s->dq_head = d->next;
		pbuf_free(d->p);
		kfree(d);
	}
	s->dq_tail = NULL;
	if (s->pcb.udp)
		udp_remove(s->pcb.udp);
	s->pcb.udp = NULL;
}

int udp_sock_name(struct sock *s, bool peer, uint32_t *addr, uint16_t *port)
{
	struct udp_pcb *pcb = s->pcb.udp;

	if (peer) {
		if (s->state != SS_CONNECTED)
			return -ENOTCONN;
		*addr = ip4_addr_get_u32(ip_2_ip4(&pcb->remote_ip));
		*port = pcb->remote_port;
		return 0;
	}
	*addr = ip4_addr_get_u32(ip_2_ip4(&pcb->local_ip));
	*port = pcb->local_port;
	/* Linux fixes a connected socket's source address at connect(), and
	 * programs read it back to learn their own address; lwIP leaves an
	 * unbound one to each datagram's route, so ask the route here. */
	if (*addr == 0 && s->state == SS_CONNECTED) {
		struct netif *n = ip4_route(ip_2_ip4(&pcb->remote_ip));

		if (n)
			*addr = ip4_addr_get_u32(netif_ip4_addr(n));
	}
	return 0;
}
