/* SPDX-License-Identifier: MIT */
/*
 * netdev.h: the line between a network driver (virtio-net) and the TCP/IP
 * stack (lwIP). Frames are whole Ethernet frames without FCS.
 */
#ifndef KILN_NETDEV_H
#define KILN_NETDEV_H

#include <stddef.h>
#include <stdint.h>

#define NETDEV_MAX 4

struct kvec {
	const void *base;
	size_t len;
};

struct netdev {
	char name[8]; /* "eth0" */
	uint8_t mac[6];
	uint16_t mtu; /* IP MTU, 1500 unless the device says otherwise */
	/* Driver side. */
	void *priv;
	/* Queues one frame given as segments; copies them, so they may be
	 * reused at once. 0, -EAGAIN when the ring is full (try after the
	 * next poll), -EMSGSIZE when longer than mtu + 14. */
	int (*tx)(struct netdev *d, const struct kvec *seg, int nseg);
	/* Stack side, set before the driver delivers anything: called from
	 * the driver's poller for each frame received. The frame is only
	 * valid during the call. */
	void (*input)(struct netdev *d, const void *frame, size_t len);
	void *stack;
	/* Counters, for the log and benchmarks. */
	uint64_t rx_frames, tx_frames, rx_dropped, tx_full;
};

/* Drivers register devices as they find them (eth0, eth1, ...). */
void netdev_register(struct netdev *d);
int netdev_count(void);
struct netdev *netdev_get(int i);

#endif
