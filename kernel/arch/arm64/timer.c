// SPDX-License-Identifier: MIT
// timer.c: the generic timer (virtual counter and timer) and the PL031
// real-time clock read once at boot.

#include <kiln/arch.h>
#include <kiln/mm.h>
#include <kiln/time.h>
#include "arm64.h"

uint64_t arch_counter(void)
{
	ISB();
	return READ_SYSREG(cntvct_el0);
}

uint64_t arch_counter_hz(void)
{
	return READ_SYSREG(cntfrq_el0);
}

const char *arch_clock_name(void)
{
	return "generic timer (virtual counter)";
}

void arch_timer_arm(uint64_t deadline)
{
	if (!deadline) {
		WRITE_SYSREG(cntv_ctl_el0, 0);
		return;
	}
	WRITE_SYSREG(cntv_cval_el0, deadline);
	WRITE_SYSREG(cntv_ctl_el0, 1); /* enabled, not masked */
	ISB();
}

void timer_irq(void)
{
	WRITE_SYSREG(cntv_ctl_el0, 0); /* the line is level: silence it */
	ISB();
}

uint64_t arch_rtc_boot_ns(void)
{
	uintptr_t rtc;

	if (!arm64_dev.rtc)
		return 0;
	rtc = (uintptr_t)vm_map_device(arm64_dev.rtc, PAGE_SIZE);
	return (uint64_t)mmio_read32(rtc) * NSEC_PER_SEC;
}
