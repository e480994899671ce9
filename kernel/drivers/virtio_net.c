// SPDX-License-Identifier: MIT
// virtio_net.c: virtio-net driver: one receive and one transmit queue of
// preallocated buffers, frames handed to the stack from the event loop.

#define LOG_COMP "virtio-net"
#include <kiln/errno.h>
#include <kiln/log.h>
#include <kiln/loop.h>
#include <kiln/mm.h>
#include <kiln/netdev.h>
#include <kiln/random.h>
#include <kiln/time.h>
#include <kiln/fmt.h>
#include <kiln/virtio.h>
#include <string.h>

#define QUEUE_MAX 256 /* ring entries per queue */
#define BUF_STRIDE 1536 /* header and a full frame, cache-line aligned */
#define MTU 1500u
#define ETH_HLEN 14u
#define FRAME_MAX (MTU + ETH_HLEN)
#define BUFS_MIN 8
#define POLL_NS 1000000ull /* without an interrupt: poll every 1 ms */
#define WARN_NS (5 * NSEC_PER_SEC)

#ifndef EMSGSIZE
#define EMSGSIZE 90 /* TODO: drop once kiln/errno.h has it. */
#endif

enum { RX, TX, NQ };

struct vnet {
	struct netdev nd;
	struct virtio_dev *v;
	struct virtq q[NQ];
	struct poller poller;
	uint8_t *buf[NQ]; /* nbuf[i] buffers, BUF_STRIDE apart */
	uint64_t buf_pa[NQ];
	size_t buf_pages[NQ];
	uint16_t nbuf[NQ];
	/* Descriptors per buffer: 2 (header apart) on a legacy device
	 * without ANY_LAYOUT; buffer k always uses descriptor k * ndesc. */
	uint16_t ndesc;
	uint16_t hdr_len;
	uint16_t *tx_free; /* stack of idle transmit buffers */
	uint16_t tx_nfree;
	uint8_t *tx_busy; /* per buffer: handed to the device */
	bool tx_irq; /* transmit interrupts requested */
	bool broken;
	bool link_up;
	uint64_t warned_at;
};

/* Rate limits warnings about what the network sends. */
static bool may_warn(struct vnet *n)
{
	uint64_t now = time_ns();

	if (n->warned_at && now - n->warned_at < WARN_NS)
		return false;
	n->warned_at = now;
	return true;
}

static void ring_broken(struct vnet *n, const char *q, int r)
{
	if (!n->broken)
		log_err("%s: device broke the %s ring (%d); stopped",
			n->nd.name, q, r);
	n->broken = true;
}

/* Maps a used head to its buffer; -1 if it names none of ours. */
static int buf_of(struct vnet *n, int qi, int head)
{
	if (head < 0 || head % n->ndesc)
		return -1;
	if (head / n->ndesc >= n->nbuf[qi])
		return -1;
	return head / n->ndesc;
}

static void rx_frame(struct vnet *n, int b, uint32_t len)
{
	uint8_t *p = n->buf[RX] + (size_t)b * BUF_STRIDE;
	uint32_t flen = len - n->hdr_len;

	if (len < n->hdr_len + ETH_HLEN || flen > FRAME_MAX) {
		n->nd.rx_dropped++;
		if (may_warn(n))
			log_warn("%s: dropped a frame of %u bytes", n->nd.name,
				 len < n->hdr_len ? 0 : flen);
		return;
	}
	if (!n->nd.input) {
		n->nd.rx_dropped++;
		return;
	}
	n->nd.rx_frames++;
	n->nd.input(&n->nd, p + n->hdr_len, flen);
}

/* Hands each received frame to the stack and gives its buffer back, so
 * the ring stays full. */
static void rx_poll(struct vnet *n)
{
	struct virtq *q = &n->q[RX];
	uint32_t len;

	for (int i = 0; i < q->size; i++) {
		int head = virtq_next_used(q, &len);
		int b = buf_of(n, RX, head);

		if (head == -EAGAIN)
			break;
		if (b < 0) {
			ring_broken(n, "receive", head);
			return;
		}
		rx_frame(n, b, len);
		virtq_post(q, (uint16_t)head);
	}
	virtq_kick(q);
}

static void tx_reap(struct vnet *n)
{
	struct virtq *q = &n->q[TX];
	uint32_t len;

	for (int i = 0; i < q->size; i++) {
		int head = virtq_next_used(q, &len);
		int b = buf_of(n, TX, head);

		if (head == -EAGAIN)
			break;
		if (b < 0 || !n->tx_busy[b]) {
			ring_broken(n, "transmit", head);
			return;
		}
		n->tx_busy[b] = 0;
		n->tx_free[n->tx_nfree++] = (uint16_t)b;
	}
	if (n->tx_irq && n->tx_nfree) {
		virtq_interrupts(q, false);
		n->tx_irq = false;
	}
}

/* Completions are reaped lazily; interrupts are asked for only while the
 * ring is full, so the loop wakes when there is room again. */
static bool tx_room(struct vnet *n)
{
	tx_reap(n);
	if (n->tx_nfree || n->broken)
		return n->tx_nfree > 0;
	virtq_interrupts(&n->q[TX], true);
	n->tx_irq = true;
	tx_reap(n); /* completions that came before the request */
	return n->tx_nfree > 0;
}

static size_t tx_copy(uint8_t *dst, const struct kvec *seg, int nseg)
{
	size_t off = 0;

	for (int i = 0; i < nseg; i++) {
		memcpy(dst + off, seg[i].base, seg[i].len);
		off += seg[i].len;
	}
	return off;
}

static void tx_set_len(struct vnet *n, uint16_t head, size_t flen)
{
	struct vring_desc *d = n->q[TX].desc;

	if (n->ndesc == 1)
		d[head].len = (uint32_t)(n->hdr_len + flen);
	else
		d[head + 1].len = (uint32_t)flen;
}

static int vnet_tx(struct netdev *d, const struct kvec *seg, int nseg)
{
	struct vnet *n = d->priv;
	size_t total = 0, flen;
	uint16_t b, head;

	for (int i = 0; i < nseg; i++) {
		if (seg[i].len > FRAME_MAX - total)
			return -EMSGSIZE;
		total += seg[i].len;
	}
	if (n->broken)
		return -EIO;
	if (!n->tx_nfree && !tx_room(n)) {
		d->tx_full++;
		return -EAGAIN;
	}

	b = n->tx_free[--n->tx_nfree];
	n->tx_busy[b] = 1;
	flen = tx_copy(n->buf[TX] + (size_t)b * BUF_STRIDE + n->hdr_len, seg,
		       nseg);
	head = (uint16_t)(b * n->ndesc);
	tx_set_len(n, head, flen);
	virtq_post(&n->q[TX], head);
	virtq_kick(&n->q[TX]);
	d->tx_frames++;
	return 0;
}

static void link_check(struct vnet *n)
{
	uint16_t st;
	bool up;

	if (!(n->v->features & VIRTIO_NET_F_STATUS))
		return;
	if (virtio_config_read(n->v, VIRTIO_NET_CFG_STATUS, &st, sizeof(st)))
		return;
	up = st & VIRTIO_NET_S_LINK_UP;
	if (up != n->link_up)
		log_info("%s: link %s", n->nd.name, up ? "up" : "down");
	n->link_up = up;
}

static void device_check(struct vnet *n)
{
	uint32_t st = virtio_status(n->v);

	if (st & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED)) {
		if (!n->broken)
			log_err("%s: device status %#x; stopped", n->nd.name,
				st);
		n->broken = true;
		return;
	}
	link_check(n);
}

static void vnet_poll(void *arg)
{
	struct vnet *n = arg;

	if (virtio_take_events(n->v) & VIRTIO_INT_CONFIG)
		device_check(n);
	if (n->broken)
		return;
	rx_poll(n);
	tx_reap(n);
}

static uint64_t vnet_next(void *arg)
{
	struct vnet *n = arg;

	if (n->broken)
		return LOOP_FOREVER;
	if (virtq_has_used(&n->q[RX]))
		return 0;
	if (!n->v->irq_ok)
		return time_ns() + POLL_NS;
	return LOOP_FOREVER;
}

/* Buffers from one physical run per queue; fewer than ring entries if
 * memory is short. */
static int bufs_alloc(struct vnet *n, int qi)
{
	uint16_t want = n->q[qi].size / n->ndesc;

	for (; want >= BUFS_MIN; want /= 2) {
		n->buf_pages[qi] =
			((size_t)want * BUF_STRIDE + PAGE_SIZE - 1) / PAGE_SIZE;
		n->buf_pa[qi] = page_alloc(n->buf_pages[qi]);
		if (n->buf_pa[qi])
			break;
	}
	if (!n->buf_pa[qi])
		return -ENOMEM;
	n->nbuf[qi] = want;
	n->buf[qi] = phys_to_virt(n->buf_pa[qi]);
	return 0;
}

/* Fixed chains: buffer b is descriptor b * ndesc, and its header apart in
 * the next descriptor when the device needs that. */
static void descs_init(struct vnet *n, int qi)
{
	struct vring_desc *d = n->q[qi].desc;
	uint16_t flags = qi == RX ? VRING_DESC_F_WRITE : 0;

	for (uint16_t b = 0; b < n->nbuf[qi]; b++) {
		uint16_t h = (uint16_t)(b * n->ndesc);
		uint64_t pa = n->buf_pa[qi] + (uint64_t)b * BUF_STRIDE;

		if (qi == TX) /* no offloads: an all-zero header */
			memset(n->buf[qi] + (size_t)b * BUF_STRIDE, 0,
			       n->hdr_len);
		d[h].addr = pa;
		d[h].len = n->hdr_len + FRAME_MAX;
		d[h].flags = flags;
		if (n->ndesc == 1)
			continue;
		d[h].len = n->hdr_len;
		d[h].flags = flags | VRING_DESC_F_NEXT;
		d[h].next = h + 1;
		d[h + 1].addr = pa + n->hdr_len;
		d[h + 1].len = FRAME_MAX;
		d[h + 1].flags = flags;
	}
}

static int tx_state_alloc(struct vnet *n)
{
	n->tx_free = kmalloc(n->nbuf[TX] * sizeof(*n->tx_free));
	n->tx_busy = kzalloc(n->nbuf[TX]);
	if (!n->tx_free || !n->tx_busy)
		return -ENOMEM;
	for (uint16_t b = 0; b < n->nbuf[TX]; b++)
		n->tx_free[b] = n->nbuf[TX] - 1 - b;
	n->tx_nfree = n->nbuf[TX];
	return 0;
}

static void mac_init(struct vnet *n)
{
	uint8_t *mac = n->nd.mac;

	if ((n->v->features & VIRTIO_NET_F_MAC) &&
	    !virtio_config_read(n->v, VIRTIO_NET_CFG_MAC, mac, 6))
		return;
	random_bytes(mac, 6);
	mac[0] = (mac[0] & 0xfe) | 0x02; /* unicast, locally administered */
	log_info("%s: device has no MAC address; using a random one",
		 n->nd.name);
}

static int queues_init(struct vnet *n)
{
	struct virtio_dev *v = n->v;
	uint64_t want =
		VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS | VIRTIO_F_ANY_LAYOUT;
	int r = virtio_negotiate(v, want);

	if (r)
		return r;
	n->hdr_len = v->features & VIRTIO_F_VERSION_1 ? VIRTIO_NET_HDR_MODERN
						      : VIRTIO_NET_HDR_LEGACY;
	n->ndesc =
		v->version == 1 && !(v->features & VIRTIO_F_ANY_LAYOUT) ? 2 : 1;
	for (int qi = 0; qi < NQ; qi++) {
		r = virtq_setup(v, &n->q[qi], (uint16_t)qi, QUEUE_MAX);
		if (!r)
			r = bufs_alloc(n, qi);
		if (r)
			return r;
		descs_init(n, qi);
	}
	return tx_state_alloc(n);
}

static void rx_fill(struct vnet *n)
{
	for (uint16_t b = 0; b < n->nbuf[RX]; b++)
		virtq_post(&n->q[RX], (uint16_t)(b * n->ndesc));
	virtq_kick(&n->q[RX]);
}

static void vnet_free(struct vnet *n)
{
	virtio_fail(n->v, n->q, NQ);
	for (int qi = 0; qi < NQ; qi++)
		if (n->buf_pa[qi])
			page_free(n->buf_pa[qi], n->buf_pages[qi]);
	kfree(n->tx_free);
	kfree(n->tx_busy);
	kfree(n);
}

static void vnet_announce(struct vnet *n)
{
	const uint8_t *m = n->nd.mac;

	netdev_register(&n->nd);
	loop_register(&n->poller);
	log_info("%s: %02x:%02x:%02x:%02x:%02x:%02x, mtu %u, %u+%u buffers, "
		 "%u-byte header%s",
		 n->nd.name, m[0], m[1], m[2], m[3], m[4], m[5], n->nd.mtu,
		 n->nbuf[RX], n->nbuf[TX], n->hdr_len,
		 n->link_up ? "" : ", link down");
}

int virtio_net_attach(struct virtio_dev *v)
{
	struct vnet *n;
	int r;

	n = netdev_count() < NETDEV_MAX ? kzalloc(sizeof(*n)) : NULL;
	if (!n) {
		virtio_fail(v, NULL, 0);
		return netdev_count() < NETDEV_MAX ? -ENOMEM : -ENOSPC;
	}
	n->v = v;
	ksnprintf(n->nd.name, sizeof(n->nd.name), "eth%d", netdev_count());
	n->nd.mtu = MTU;
	n->nd.priv = n;
	n->nd.tx = vnet_tx;
	n->poller =
		(struct poller){ n->nd.name, vnet_poll, vnet_next, n, NULL };

	r = queues_init(n);
	if (r) {
		vnet_free(n);
		return r;
	}
	mac_init(n);
	virtq_interrupts(&n->q[TX], false);
	r = virtio_start(v);
	if (r) {
		vnet_free(n);
		return r;
	}

	/* Only now: the handler must never see a device that was freed. */
	virtio_irq_enable(v);
	n->link_up = true;
	link_check(n);
	rx_fill(n);
	vnet_announce(n);
	return 0;
}
