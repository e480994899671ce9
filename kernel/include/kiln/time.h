/* SPDX-License-Identifier: MIT */
/* time.h: monotonic and wall-clock time from the free-running counter. */
#ifndef KILN_TIME_H
#define KILN_TIME_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000ull

/* Reads the counter frequency; logs before this show time 0. */
void time_init(void);
/* Nanoseconds since the counter started (about when the VM was made). */
uint64_t time_ns(void);
/* Nanoseconds since the epoch: the RTC read at boot plus the counter, so
 * it never drifts with lost timer interrupts. */
uint64_t time_realtime_ns(void);
/* Sleeps until the next interrupt, or the deadline at the latest. */
void time_idle_until(uint64_t deadline);

#endif
