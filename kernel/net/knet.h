/* SPDX-License-Identifier: MIT */
/* knet.h: what the files of kiln's lwIP port share (kernel/net only). */
#ifndef KILN_KNET_H
#define KILN_KNET_H

#include <kiln/netdev.h>
#include <stdint.h>

#include "lwip/netif.h"

/* An lwIP interface over a netdev. */
struct knetif {
	struct netif nif;
	struct netdev *dev;
	uint32_t dhcp_dns; /* network order, from the last DHCP answer */
	uint64_t tx_dropped; /* frames the ring had no room for */
};

/* netif.c: adds an lwIP interface for d (after lwip_init) and starts
 * taking its frames; NULL when all NETDEV_MAX are in use. */
struct knetif *knet_attach(struct netdev *d);
/* The kiln interface behind an lwIP one; NULL for loopback. */
struct knetif *knet_of(struct netif *n);
/* Registers the poller that runs lwIP's timers and deferred input. */
void knet_start(void);

/* dns.c: the address given by dns=, network order; 0 for none. */
void knet_dns_static(uint32_t addr);

#endif
