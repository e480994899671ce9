// SPDX-License-Identifier: MIT
// netif.c: lwIP interfaces over kiln's netdevs, and the poller that runs
// lwIP from the event loop (timers, loopback, deferred frames).

#define LOG_COMP "net"
#include <kiln/errno.h>
#include <kiln/log.h>
#include <kiln/loop.h>
#include <kiln/time.h>
#include <stdbool.h>
#include <string.h>

#include "knet.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#define TX_SEGS 16
#define RX_DEFER 128

static struct knetif ifs[NETDEV_MAX];
static int nifs;

/*
 * lwIP is not reentrant. A full transmit ring is retried after one turn
 * of the loop (loop_poll), which may run the driver's poller: frames it
 * delivers then wait here, and the lwIP poller skips that turn. The loop
 * is never run from inside a poller (in_poller), where that would
 * reenter the driver.
 */
static bool in_output, in_poller;
static struct {
	struct knetif *k;
	struct pbuf *p;
} deferred[RX_DEFER];
static unsigned defer_head, defer_count;

static void deliver(struct knetif *k, struct pbuf *p)
{
	if (k->nif.input(p, &k->nif) != ERR_OK)
		pbuf_free(p);
}

static void defer(struct knetif *k, struct pbuf *p)
{
	unsigned i = (defer_head + defer_count) % RX_DEFER;

	if (defer_count == RX_DEFER) {
		k->dev->rx_dropped++;
		pbuf_free(p);
		return;
	}
	deferred[i].k = k;
	deferred[i].p = p;
	defer_count++;
}

static void drain_deferred(void)
{
	while (defer_count) {
		unsigned i = defer_head;

		defer_head = (defer_head + 1) % RX_DEFER;
		defer_count--;
		deliver(deferred[i].k, deferred[i].p);
	}
}

/* The driver hands over a frame valid only during the call: copy it. */
static void link_input(struct netdev *d, const void *frame, size_t len)
{
	struct knetif *k = d->stack;
	struct pbuf *p = NULL;
	bool was = in_poller;

	if (len <= 0xffff) {
		p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
		if (!p)
			p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
	}
	if (!p) {
		d->rx_dropped++;
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	if (in_output) {
		defer(k, p);
		return;
	}
	in_poller = true;
	deliver(k, p);
	in_poller = was;
}

/* One turn of the loop, so the driver can reclaim transmitted buffers. */
static void make_room(void)
{
	if (in_poller || in_output)
		return;
	in_output = true;
	loop_poll();
	in_output = false;
}

static int send_segs(struct netdev *d, const struct kvec *seg, int n)
{
	int rc = d->tx(d, seg, n);

	if (rc == -EAGAIN) {
		make_room();
		rc = d->tx(d, seg, n);
	}
	return rc;
}

/* A chain longer than TX_SEGS goes out as one contiguous copy. */
static int send_flat(struct netdev *d, struct pbuf *p)
{
	struct pbuf *c = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
	struct kvec seg;
	int rc;

	if (!c)
		return -ENOMEM;
	seg = (struct kvec){ c->payload, c->len };
	rc = send_segs(d, &seg, 1);
	pbuf_free(c);
	return rc;
}

/* Fills seg from the chain; -1 when it has more than TX_SEGS parts. */
static int gather(struct pbuf *p, struct kvec *seg)
{
	int n = 0;

	for (struct pbuf *q = p; q; q = q->next) {
		if (!q->len)
			continue;
		if (n == TX_SEGS)
			return -1;
		seg[n++] = (struct kvec){ q->payload, q->len };
	}
	return n;
}

/* A dropped frame reports ERR_MEM, so TCP keeps the segment queued. */
static err_t link_output(struct netif *n, struct pbuf *p)
{
	struct knetif *k = n->state;
	struct kvec seg[TX_SEGS];
	int nseg = gather(p, seg), rc;

	if (nseg < 0)
		rc = send_flat(k->dev, p);
	else
		rc = send_segs(k->dev, seg, nseg);
	if (rc) {
		k->tx_dropped++;
		return ERR_MEM;
	}
	return ERR_OK;
}

static err_t knetif_init(struct netif *n)
{
	struct knetif *k = n->state;

	n->name[0] = 'e';
	n->name[1] = 'n';
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, k->dev->mac, ETH_HWADDR_LEN);
	n->mtu = k->dev->mtu ? k->dev->mtu : 1500;
	n->flags =
		NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	n->output = etharp_output;
	n->linkoutput = link_output;
	netif_set_hostname(n, "kiln");
	return ERR_OK;
}

struct knetif *knet_attach(struct netdev *d)
{
	struct knetif *k;

	if (nifs == NETDEV_MAX)
		return NULL;
	k = &ifs[nifs++];
	k->dev = d;
	if (!netif_add_noaddr(&k->nif, k, knetif_init, ethernet_input))
		return NULL;
	d->stack = k;
	d->input = link_input;
	netif_set_link_up(&k->nif);
	return k;
}

struct knetif *knet_of(struct netif *n)
{
	return n && n->linkoutput == link_output ? n->state : NULL;
}

static bool loopback_pending(void)
{
	struct netif *n;

	for (n = netif_list; n; n = n->next)
		if (n->loop_first)
			return true;
	return false;
}

static void net_poll(void *arg)
{
	bool was = in_poller;

	if (in_output)
		return;
	in_poller = true;
	drain_deferred();
	netif_poll_all();
	sys_check_timeouts();
	in_poller = was;
}

static uint64_t net_next(void *arg)
{
	u32_t ms;

	if (defer_count || loopback_pending())
		return 0;
	ms = sys_timeouts_sleeptime();
	if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE)
		return LOOP_FOREVER;
	return time_ns() + (uint64_t)ms * 1000000;
}

static struct poller net_poller = {
	.name = "lwip",
	.poll = net_poll,
	.next = net_next,
};

void knet_start(void)
{
	loop_register(&net_poller);
}
