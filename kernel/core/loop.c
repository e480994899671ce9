// SPDX-License-Identifier: MIT
// loop.c: the event loop every blocking call runs (see loop.h).

#include <kiln/arch.h>
#include <kiln/loop.h>
#include <kiln/time.h>

static struct poller *pollers;

void loop_register(struct poller *p)
{
	p->link = pollers;
	pollers = p;
}

void loop_poll(void)
{
	for (struct poller *p = pollers; p; p = p->link) {
		if (p->poll)
			p->poll(p->arg);
	}
}

static uint64_t next_deadline(uint64_t limit)
{
	for (struct poller *p = pollers; p; p = p->link) {
		uint64_t t = p->next ? p->next(p->arg) : LOOP_FOREVER;

		if (t < limit)
			limit = t;
	}
	return limit;
}

int loop_wait(uint64_t deadline, int (*ready)(void *), void *arg)
{
	for (;;) {
		uint64_t now, wake;
		int r;

		loop_poll();
		if (ready && (r = ready(arg)) != 0)
			return r;
		now = time_ns();
		if (now >= deadline)
			return 0;
		wake = next_deadline(deadline);
		if (wake > now)
			time_idle_until(wake);
	}
}
