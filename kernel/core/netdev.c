// SPDX-License-Identifier: MIT
// netdev.c: the list of network devices drivers have found.

#include <kiln/log.h>
#include <kiln/netdev.h>

static struct netdev *devs[NETDEV_MAX];
static int ndevs;

void netdev_register(struct netdev *d)
{
	if (ndevs == NETDEV_MAX) {
		klog(LOG_WARN, "net", "more than %d network devices; %s unused",
		     NETDEV_MAX, d->name);
		return;
	}
	devs[ndevs++] = d;
}

int netdev_count(void)
{
	return ndevs;
}

struct netdev *netdev_get(int i)
{
	return i >= 0 && i < ndevs ? devs[i] : (struct netdev *)0;
}
