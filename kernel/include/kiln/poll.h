/* SPDX-License-Identifier: MIT */
/*
 * poll.h: waiting on many descriptors (poll, ppoll, select, pselect6,
 * epoll) and eventfd. Every wait is a loop_wait() whose ready callback
 * asks each file's poll(); no file keeps a list of waiters.
 */
#ifndef KILN_POLL_H
#define KILN_POLL_H

#include <stddef.h>
#include <stdint.h>

/* poll.c */
long sys_poll(uintptr_t fds, unsigned long nfds, long timeout_ms);
long sys_ppoll(uintptr_t fds, unsigned long nfds, uintptr_t ts,
	       uintptr_t sigmask, size_t sigsetsize);
long sys_select(long n, uintptr_t in, uintptr_t out, uintptr_t ex,
		uintptr_t tv);
long sys_pselect6(long n, uintptr_t in, uintptr_t out, uintptr_t ex,
		  uintptr_t ts, uintptr_t sigarg);

/* epoll.c */
long sys_epoll_create(long size);
long sys_epoll_create1(long flags);
long sys_epoll_ctl(long epfd, long op, long fd, uintptr_t event);
long sys_epoll_pwait(long epfd, uintptr_t events, long maxevents,
		     long timeout_ms, uintptr_t sigmask, size_t sigsetsize);
long sys_epoll_pwait2(long epfd, uintptr_t events, long maxevents, uintptr_t ts,
		      uintptr_t sigmask, size_t sigsetsize);

/* eventfd.c */
long sys_eventfd2(unsigned long initval, long flags);

/* Helpers poll.c shares with epoll.c. A deadline is in time_ns(); a zero
 * timeout gives deadline 0, which loop_wait() treats as "look once". */
uint64_t poll_deadline_ms(long ms); /* negative: LOOP_FOREVER */
/* Reads a struct timespec timeout (NULL: forever): -EFAULT, -EINVAL. */
long poll_deadline_ts(uintptr_t ts, uint64_t *deadline);
/* Checks a signal mask argument, which kiln accepts and ignores. */
long poll_sigmask(uintptr_t set, size_t size);

#endif
