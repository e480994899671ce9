/* SPDX-License-Identifier: MIT */
/*
 * loop.h: kiln's one event loop. There are no threads: a blocking system
 * call waits by running the loop until its condition holds or its
 * deadline passes. Each turn runs every registered poller (device rings,
 * the TCP/IP stack's timers), then idles until the next interrupt or the
 * nearest deadline any poller asked for.
 */
#ifndef KILN_LOOP_H
#define KILN_LOOP_H

#include <stdint.h>

#define LOOP_FOREVER UINT64_MAX

struct poller {
	const char *name;
	/* Does pending work; must not block. May be NULL for a poller that
	 * only asks to be woken (next). */
	void (*poll)(void *arg);
	/* Time (time_ns) by which poll must run again, or LOOP_FOREVER. May
	 * be NULL. */
	uint64_t (*next)(void *arg);
	void *arg;
	struct poller *link; /* owned by the loop */
};

void loop_register(struct poller *p);
/* Runs every poller once. */
void loop_poll(void);
/* Runs the loop until ready(arg) returns non-zero (checked after each
 * turn; ready may be NULL) or time_ns() reaches deadline. Returns the last
 * value of ready(), 0 on timeout. */
int loop_wait(uint64_t deadline, int (*ready)(void *), void *arg);

#endif
