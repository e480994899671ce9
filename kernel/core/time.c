// SPDX-License-Identifier: MIT
// time.c: counter-based clocks and sleeping in the idle loop.

#include <kiln/arch.h>
#include <kiln/time.h>

static uint64_t hz;
static uint64_t rtc_at_zero; /* wall clock when the counter read 0 */
/* Fixed-point factors, so conversions multiply and never divide. */
static uint64_t ns_per_tick_q32, ticks_per_ns_q24;
/* Counter value taken as time 0: 0 when the counter started with the VM
 * (TCG, KVM on arm64), else its value at kernel entry. */
static uint64_t epoch_ticks;

static uint64_t ticks_to_ns(uint64_t t)
{
	return (uint64_t)(((unsigned __int128)t * ns_per_tick_q32) >> 32);
}

static uint64_t ns_to_ticks(uint64_t ns)
{
	return (uint64_t)(((unsigned __int128)ns * ticks_per_ns_q24) >> 24);
}

void time_init(void)
{
	uint64_t rtc;

	hz = arch_counter_hz();
	ns_per_tick_q32 = (NSEC_PER_SEC << 32) / hz;
	ticks_per_ns_q24 = (hz << 24) / NSEC_PER_SEC;
	if (ticks_to_ns(arch_counter()) > 10 * NSEC_PER_SEC)
		epoch_ticks = arch_counter();
	rtc = arch_rtc_boot_ns();
	if (rtc)
		rtc_at_zero = rtc - time_ns();
}

uint64_t time_ns(void)
{
	return hz ? ticks_to_ns(arch_counter() - epoch_ticks) : 0;
}

uint64_t time_realtime_ns(void)
{
	return rtc_at_zero + time_ns();
}

void time_idle_until(uint64_t deadline)
{
	uint64_t now = time_ns(), step;

	if (now >= deadline)
		return;
	/* Far deadlines are approached an hour at a time, so the tick
	 * conversion never overflows. */
	step = deadline - now > 3600 * NSEC_PER_SEC ? now + 3600 * NSEC_PER_SEC
						    : deadline;
	arch_timer_arm(ns_to_ticks(step) + epoch_ticks + 1);
	arch_idle();
	arch_timer_arm(0);
}
