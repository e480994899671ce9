// SPDX-License-Identifier: MIT
// dns.c: the DNS server address, from dns= or learned from DHCP through
// lwIP's DHCP option hooks, kept for a resolver to come.

#include <kiln/net.h>

#include "knet.h"
#include "lwip/dhcp.h"
#include "lwip/pbuf.h"
#include "lwip/prot/dhcp.h"

static uint32_t dns_static;

void knet_dns_static(uint32_t addr)
{
	dns_static = addr;
}

uint32_t net_dns_server(void)
{
	struct knetif *k = knet_of(netif_default);

	if (dns_static)
		return dns_static;
	if (k && dhcp_supplied_address(&k->nif))
		return k->dhcp_dns;
	return 0;
}

/* Asks for option 6 in a second parameter request list: lwIP's own list
 * omits it when LWIP_DNS is 0. */
void kiln_dhcp_append(unsigned char *opts, unsigned char msg_type,
		      unsigned short *len)
{
	if (msg_type != DHCP_DISCOVER && msg_type != DHCP_REQUEST &&
	    msg_type != DHCP_INFORM)
		return;
	/* Leave room for the end marker lwIP adds. */
	if (*len + 4u > DHCP_OPTIONS_LEN)
		return;
	opts[(*len)++] = DHCP_OPTION_PARAMETER_REQUEST_LIST;
	opts[(*len)++] = 1;
	opts[(*len)++] = DHCP_OPTION_DNS_SERVER;
}

/* Called for each option lwIP does not decode itself; keeps the first
 * DNS server of the answer. */
void kiln_dhcp_option(struct netif *n, unsigned char msg_type,
		      unsigned char option, unsigned char len, struct pbuf *p,
		      unsigned short offset)
{
	struct knetif *k = knet_of(n);
	uint32_t addr;

	if (!k || option != DHCP_OPTION_DNS_SERVER || len < 4)
		return;
	if (pbuf_copy_partial(p, &addr, 4, offset) == 4)
		k->dhcp_dns = addr;
}
