/* SPDX-License-Identifier: MIT */
/*
 * net.h: the TCP/IP stack (lwIP, kernel/net) as the rest of the kernel
 * sees it. lwIP runs without threads: frames enter from the driver's
 * poller and timers run from the stack's own poller in the event loop, so
 * code that calls lwIP must not do so from inside another poller.
 */
#ifndef KILN_NET_H
#define KILN_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cmdline;

/*
 * Brings up one interface per network device and configures the first
 * from the command line:
 *   ip=dhcp (default) | ip=A.B.C.D/PREFIX   gw=A.B.C.D   dns=A.B.C.D
 *   dhcp_timeout=SECONDS (default 10)
 * With DHCP it waits in the event loop until a lease is bound or the
 * timeout passes. Without any network device it does nothing.
 */
void net_init(const struct cmdline *c);

/* True once the default interface is up with an IPv4 address. */
bool net_up(void);

/* The DNS server from dns= or DHCP, in network byte order; 0 if none. */
uint32_t net_dns_server(void);

/* The stack's pool counters in a line: TCP connections, segments, pbufs. */
int net_stats(char *buf, size_t n);

/* At exit: runs the loop until every TCP connection's data is
 * acknowledged, or timeout ns pass; the program's sockets are closed by
 * then, as Linux keeps sending after a process ends. */
void net_drain(uint64_t timeout);

#endif
