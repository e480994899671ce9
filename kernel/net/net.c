// SPDX-License-Identifier: MIT
// net.c: brings the network up from the kernel command line: a static
// address or DHCP on the first interface, waiting for the lease.

#define LOG_COMP "net"
#include <kiln/cmdline.h>
#include <kiln/fmt.h>
#include <kiln/log.h>
#include <kiln/loop.h>
#include <kiln/net.h>
#include <kiln/time.h>
#include <stdlib.h>
#include <string.h>

#include "knet.h"
#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/stats.h"

#define DHCP_TIMEOUT_DEFAULT 10
#define DHCP_TIMEOUT_MAX 3600

struct net_config {
	bool dhcp;
	ip4_addr_t ip, mask, gw;
	uint32_t dns; /* network order */
	unsigned dhcp_timeout; /* seconds */
};

/* Strict dotted quad: four decimal numbers up to 255. */
static bool parse_ip4(const char *s, ip4_addr_t *a)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		char *end;
		unsigned long b;

		if (*s < '0' || *s > '9')
			return false;
		b = strtoul(s, &end, 10);
		if (b > 255 || end - s > 3 || *end != (i < 3 ? '.' : '\0'))
			return false;
		v = v << 8 | (uint32_t)b;
		s = end + (i < 3);
	}
	ip4_addr_set_u32(a, lwip_htonl(v));
	return true;
}

/* A.B.C.D/PREFIX */
static bool parse_cidr(const char *s, ip4_addr_t *ip, ip4_addr_t *mask)
{
	const char *slash = strchr(s, '/');
	char addr[16];
	unsigned long len;
	char *end;

	if (!slash || slash - s >= (long)sizeof(addr))
		return false;
	memcpy(addr, s, slash - s);
	addr[slash - s] = '\0';
	if (!parse_ip4(addr, ip) || slash[1] < '0' || slash[1] > '9')
		return false;
	len = strtoul(slash + 1, &end, 10);
	if (*end || len > 32)
		return false;
	ip4_addr_set_u32(mask, lwip_htonl(len ? ~0u << (32 - len) : 0));
	return true;
}

static void read_ip(const struct cmdline *c, struct net_config *cfg)
{
	const char *v = cmdline_get(c, "ip", 0);

	cfg->dhcp = true;
	if (!v || !strcmp(v, "dhcp"))
		return;
	if (parse_cidr(v, &cfg->ip, &cfg->mask))
		cfg->dhcp = false;
	else
		log_warn("ip=%s: expected dhcp or A.B.C.D/PREFIX; using DHCP",
			 v);
}

static void read_addr(const struct cmdline *c, const char *key, ip4_addr_t *a)
{
	const char *v = cmdline_get(c, key, 0);

	ip4_addr_set_zero(a);
	if (v && !parse_ip4(v, a))
		log_warn("%s=%s: expected A.B.C.D; ignored", key, v);
}

static void read_config(const struct cmdline *c, struct net_config *cfg)
{
	const char *v = cmdline_get(c, "dhcp_timeout", 0);
	ip4_addr_t dns;

	read_ip(c, cfg);
	read_addr(c, "gw", &cfg->gw);
	read_addr(c, "dns", &dns);
	cfg->dns = ip4_addr_get_u32(&dns);
	cfg->dhcp_timeout = DHCP_TIMEOUT_DEFAULT;
	if (v) {
		char *end;
		unsigned long t = strtoul(v, &end, 10);

		if (*v && !*end && t >= 1 && t <= DHCP_TIMEOUT_MAX)
			cfg->dhcp_timeout = (unsigned)t;
		else
			log_warn("dhcp_timeout=%s: expected 1 to %d seconds; "
				 "using %d",
				 v, DHCP_TIMEOUT_MAX, DHCP_TIMEOUT_DEFAULT);
	}
}

/* Counts the mask's bits (no popcount: the kernel has no libgcc). */
static int prefix_len(const ip4_addr_t *mask)
{
	uint32_t m = ip4_addr_get_u32(mask);
	int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

/* "eth0 52:54:00:12:34:56 10.0.2.15/24 gw 10.0.2.2 (DHCP)" */
static void log_address(struct knetif *k, const char *how)
{
	const uint8_t *m = k->dev->mac;
	const ip4_addr_t *ip = netif_ip4_addr(&k->nif);
	const ip4_addr_t *gw = netif_ip4_gw(&k->nif);
	int prefix = prefix_len(netif_ip4_netmask(&k->nif));
	char ips[16], gws[16], gwpart[20] = "";

	ip4addr_ntoa_r(ip, ips, sizeof(ips));
	if (!ip4_addr_isany(gw)) {
		ip4addr_ntoa_r(gw, gws, sizeof(gws));
		ksnprintf(gwpart, sizeof(gwpart), " gw %s", gws);
	}
	log_info("%s %02x:%02x:%02x:%02x:%02x:%02x %s/%d%s (%s)", k->dev->name,
		 m[0], m[1], m[2], m[3], m[4], m[5], ips, prefix, gwpart, how);
}

static void log_dns(void)
{
	ip4_addr_t a;
	char s[16];

	ip4_addr_set_u32(&a, net_dns_server());
	if (ip4_addr_isany_val(a))
		return;
	ip4addr_ntoa_r(&a, s, sizeof(s));
	log_debug("DNS server %s", s);
}

static int dhcp_bound(void *arg)
{
	return dhcp_supplied_address(arg);
}

static void start_dhcp(struct knetif *k, unsigned timeout)
{
	uint64_t deadline = time_ns() + timeout * NSEC_PER_SEC;

	netif_set_up(&k->nif);
	if (dhcp_start(&k->nif) == ERR_OK &&
	    loop_wait(deadline, dhcp_bound, &k->nif)) {
		log_address(k, "DHCP");
		return;
	}
	dhcp_release_and_stop(&k->nif);
	log_warn("%s: no DHCP answer in %u s; the network stays down "
		 "(set ip=ADDR/PREFIX for a static address)",
		 k->dev->name, timeout);
}

static void start_static(struct knetif *k, const struct net_config *cfg)
{
	netif_set_addr(&k->nif, &cfg->ip, &cfg->mask, &cfg->gw);
	netif_set_up(&k->nif);
	log_address(k, "static");
}

void net_init(const struct cmdline *c)
{
	struct net_config cfg;
	struct knetif *k = NULL;

	if (netdev_count() == 0) {
		log_debug("no network device; the network stays off");
		return;
	}
	read_config(c, &cfg);
	knet_dns_static(cfg.dns);
	lwip_init();
	for (int i = 0; i < netdev_count(); i++) {
		struct knetif *n = knet_attach(netdev_get(i));

		if (!k)
			k = n;
		else if (n)
			log_info("%s: left unconfigured (only the first "
				 "interface is)",
				 n->dev->name);
	}
	if (!k)
		return;
	knet_start();
	netif_set_default(&k->nif);
	if (cfg.dhcp)
		start_dhcp(k, cfg.dhcp_timeout);
	else
		start_static(k, &cfg);
	log_dns();
}

bool net_up(void)
{
	struct netif *n = netif_default;

	return n && netif_is_up(n) && !ip4_addr_isany(netif_ip4_addr(n));
}

/* True once no TCP connection holds data the peer has not acknowledged. */
static int all_sent(void *arg)
{
	for (struct tcp_pcb *p = tcp_active_pcbs; p; p = p->next) {
		if (p->unsent || p->unacked)
			return 0;
	}
	return 1;
}

void net_drain(uint64_t timeout)
{
	uint64_t t0 = time_ns();

	if (!netif_default || all_sent(NULL))
		return;
	if (!loop_wait(t0 + timeout, all_sent, NULL))
		log_warn("unsent TCP data dropped at exit after %lu ms",
			 (unsigned long)(timeout / 1000000));
	else
		log_debug("TCP data delivered in %lu ms after exit",
			  (unsigned long)((time_ns() - t0) / 1000000));
}

int net_stats(char *buf, size_t n)
{
	if (!lwip_stats.memp[MEMP_TCP_PCB])
		return ksnprintf(buf, n, "no network");
	return ksnprintf(buf, n, "tcp pcbs %lu, segments %lu, pbufs %lu",
			 (unsigned long)lwip_stats.memp[MEMP_TCP_PCB]->used,
			 (unsigned long)lwip_stats.memp[MEMP_TCP_SEG]->used,
			 (unsigned long)lwip_stats.memp[MEMP_PBUF_POOL]->used);
}
