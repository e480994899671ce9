/* SPDX-License-Identifier: MIT */
/*
 * lwipopts.h: how kiln configures lwIP 2.1.
 *
 * lwIP itself is not in the tree: tools/fetch-lwip.sh puts Debian's
 * lwip 2.1.3+dfsg1 source package in a cache outside it (or LWIP_SRC
 * names a copy), mk/lwip.mk builds its IPv4 core into the kernel, and
 * kernel/net holds the port: arch/cc.h (types, log, panic), sys_arch.c
 * (clock, random), netif.c (one lwIP netif per netdev, and the poller
 * that runs lwIP's timers from the event loop), net.c (configuration
 * from the command line) and dns.c (the DNS server address).
 *
 * Raw API only (NO_SYS, no threads, no sockets or netconn): the system
 * calls in the kernel use lwIP's callback API directly. Sizes aim at 64
 * and more concurrent TCP connections moving megabytes each.
 */
#ifndef KILN_LWIPOPTS_H
#define KILN_LWIPOPTS_H

/* Platform: one thread, the event loop. Interrupt handlers never touch
 * lwIP, so it needs no locking. */
#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_NETIF_API 0
#define LWIP_TIMERS 1

/* Memory: lwIP's heap (PBUF_RAM, mostly TCP data being sent) is the
 * kernel heap; fixed-size objects come from lwIP's static pools. */
#define MEM_LIBC_MALLOC 1
#define mem_clib_malloc kmalloc
#define mem_clib_free kfree
#define mem_clib_calloc(n, size) kzalloc((size_t)(n) * (size_t)(size))
#define MEM_ALIGNMENT 8
#define MEMP_MEM_MALLOC 0
#define MEMP_NUM_TCP_PCB 256
#define MEMP_NUM_TCP_PCB_LISTEN 64
#define MEMP_NUM_UDP_PCB 64
#define MEMP_NUM_TCP_SEG 8192
#define MEMP_NUM_PBUF 512
#define MEMP_NUM_REASSDATA 16
#define MEMP_NUM_FRAG_PBUF 64
#define MEMP_NUM_ARP_QUEUE 64
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
/* Received frames land in pool pbufs (the kernel heap when the pool runs
 * dry, see netif.c). */
#define PBUF_POOL_SIZE 512
#define PBUF_POOL_BUFSIZE 1536

/* Link layer: Ethernet with ARP. */
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ARP_TABLE_SIZE 32
#define ARP_QUEUEING 1
#define ETH_PAD_SIZE 0
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_NETIF_TX_SINGLE_PBUF 0
/* 127.0.0.1 and a host's own address work through the loopback queue,
 * which the poller drains. */
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_LOOPBACK_MAX_PBUFS 0

/* IPv4 only, with reassembly; ICMP answers ping. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define IP_FORWARD 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define IP_REASS_MAX_PBUFS 128
#define IP_DEFAULT_TTL 64
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0

/* DHCP, without the ARP probe that would delay binding by half a
 * second. */
#define LWIP_DHCP 1
#define DHCP_DOES_ARP_CHECK 0

/* No resolver in the kernel for now. dns.c still learns the DHCP
 * server's DNS address through the option hooks: the first asks for
 * option 6 (a second parameter request list, concatenated by servers per
 * RFC 3396), the second reads the answer. */
#define LWIP_DNS 0
struct netif;
struct pbuf;
void kiln_dhcp_append(unsigned char *opts, unsigned char msg_type,
		      unsigned short *len);
void kiln_dhcp_option(struct netif *n, unsigned char msg_type,
		      unsigned char option, unsigned char len, struct pbuf *p,
		      unsigned short offset);
#define LWIP_HOOK_DHCP_APPEND_OPTIONS(netif, dhcp, state, msg, type, lenp) \
	kiln_dhcp_append((msg)->options, (type), (lenp))
/* The input netif: lwIP's netif argument is the one that accepted the
 * broadcast, which may be loopback before DHCP has bound. */
#define LWIP_HOOK_DHCP_PARSE_OPTION(netif, dhcp, state, msg, type, opt, len,  \
				    p, off)                                   \
	kiln_dhcp_option(ip_current_input_netif(), (type), (opt), (len), (p), \
			 (off))

/* UDP and TCP. */
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_CALLBACK_API 1
#define TCP_MSS 1460
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2
#define TCP_WND (64 * 1024)
#define TCP_SND_BUF (128 * 1024)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
/* Writable for poll() above this much free space (lwIP keeps it under
 * 64 KiB - 4 MSS). */
#define TCP_SNDLOWAT (32 * 1024)
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_SACK_OUT 1
#define TCP_LISTEN_BACKLOG 1
#define LWIP_TCP_KEEPALIVE 1
#define SO_REUSE 1
#define LWIP_TCP_TIMESTAMPS 0
#define TCP_TTL 64
/* Initial sequence numbers from the kernel's generator (RFC 6528 asks
 * for unpredictable ones; lwIP's default is a counter). */
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport) LWIP_RAND()

/* Checksums in software, both ways; TCP sums data while copying it. */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 0
#define LWIP_CHECKSUM_ON_COPY 1

/* No statistics (netdev.h counts frames) and no debug output. */
/* Pool counters only: kiln logs them (memstat=) to show leaks. */
#define LWIP_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define IPFRAG_STATS 0
#define ICMP_STATS 0
#define UDP_STATS 0
#define TCP_STATS 0
#define MEM_STATS 0
#define SYS_STATS 0
#define LWIP_STATS_DISPLAY 0

#include <kiln/mm.h>

#endif /* KILN_LWIPOPTS_H */
