// SPDX-License-Identifier: MIT
// memstat.c: memstat=SECONDS logs the memory counters at that period, so a
// test can see pages and network buffers come back after a load.

#define LOG_COMP "mem"
#include <kiln/arch.h>
#include <kiln/cmdline.h>
#include <kiln/log.h>
#include <kiln/loop.h>
#include <kiln/mm.h>
#include <kiln/net.h>
#include <kiln/time.h>
#include <kiln/uvm.h>
#include <stdlib.h>

static uint64_t period, due;

void memstat_log(void)
{
	char net[128];

	net_stats(net, sizeof(net));
	log_info("free %lu KiB, program %lu KiB, %s",
		 (unsigned long)(page_free_count() * PAGE_SIZE / 1024),
		 (unsigned long)(uvm_resident_pages() * PAGE_SIZE / 1024), net);
}

static void tick(void *arg)
{
	if (time_ns() < due)
		return;
	due = time_ns() + period;
	memstat_log();
}

static uint64_t next(void *arg)
{
	return due;
}

static struct poller memstat_poller = { "memstat", tick, next, NULL, NULL };

void memstat_init(const struct cmdline *c)
{
	const char *v = cmdline_get(c, "memstat", 0);
	unsigned long s;

	if (!v)
		return;
	s = strtoul(v, NULL, 10);
	if (s == 0) {
		log_warn("memstat=%s: give a period in whole seconds", v);
		return;
	}
	period = s * NSEC_PER_SEC;
	due = time_ns() + period;
	loop_register(&memstat_poller);
}
