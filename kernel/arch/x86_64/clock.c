// SPDX-License-Identifier: MIT
// clock.c: the TSC as kiln's counter, its frequency (CPUID leaves, else
// measured against the PIT), the local APIC one-shot timer, and the CMOS
// real-time clock read once at boot.

#define LOG_COMP "clock"
#include <kiln/arch.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/time.h>
#include "x86.h"

#define LAPIC_PA 0xfee00000
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0

static uint64_t tsc_hz, apic_hz;
static uint64_t apic_per_tsc_q32; /* APIC timer ticks per TSC tick */
static const char *source = "TSC";
static volatile uint32_t *lapic;

struct pvclock {
	uint32_t version, pad0;
	uint64_t tsc_timestamp, system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags, pad[2];
};

/* Under KVM, kvmclock states the TSC rate the host measured: read it once,
 * then turn kvmclock off again; kiln counts with the TSC itself. */
static uint64_t from_kvmclock(void)
{
	static struct pvclock pv __attribute__((aligned(64)));
	uint32_t r[4], ver;
	uint64_t hz;

	cpuid(0x40000000, 0, r);
	if (r[1] != 0x4b4d564b || r[2] != 0x564b4d56 || r[3] != 0x4d)
		return 0; /* not "KVMKVMKVM" */
	cpuid(0x40000001, 0, r);
	if (!(r[0] & (1u << 3)))
		return 0; /* no KVM_FEATURE_CLOCKSOURCE2 */
	wrmsr(0x4b564d01, virt_to_phys(&pv) | 1);
	do {
		ver = __atomic_load_n(&pv.version, __ATOMIC_ACQUIRE);
		if (!pv.tsc_to_system_mul)
			return 0;
		hz = (NSEC_PER_SEC << 32) / pv.tsc_to_system_mul;
		hz = pv.tsc_shift < 0 ? hz << -pv.tsc_shift
				      : hz >> pv.tsc_shift;
	} while ((ver & 1) ||
		 ver != __atomic_load_n(&pv.version, __ATOMIC_ACQUIRE));
	wrmsr(0x4b564d01, 0);
	source = "TSC (frequency from kvmclock)";
	return hz;
}

static uint64_t from_cpuid(void)
{
	uint32_t r[4], max;

	cpuid(0x40000000, 0, r); /* hypervisor leaves */
	max = r[0];
	if (max >= 0x40000010 && max < 0x40010000) {
		cpuid(0x40000010, 0, r);
		if (r[0]) {
			source = "TSC (frequency from hypervisor CPUID leaf)";
			return (uint64_t)r[0] * 1000;
		}
	}
	cpuid(0, 0, r);
	max = r[0];
	if (max >= 0x15) {
		cpuid(0x15, 0, r);
		if (r[0] && r[1] && r[2]) {
			source = "TSC (frequency from CPUID leaf 0x15)";
			return (uint64_t)r[2] * r[1] / r[0];
		}
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, r);
		if (r[0] & 0xffff) {
			source = "TSC (frequency from CPUID leaf 0x16)";
			return (uint64_t)(r[0] & 0xffff) * 1000000;
		}
	}
	return 0;
}

static uint16_t pit_read(void)
{
	uint8_t lo, hi;

	outb(0x43, 0x00); /* latch channel 0 */
	lo = inb(0x40);
	hi = inb(0x40);
	return (uint16_t)(hi << 8 | lo);
}

/* Counts TSC ticks across 10 ms of PIT channel 0, free-running from
 * 0xffff (the speaker gate at port 0x61 that channel 2 needs is absent on
 * microvm). */
static uint64_t from_pit(void)
{
	const uint32_t want = 1193182 / 100;
	uint32_t elapsed = 0;
	uint16_t last, now;
	uint64_t t0, t1;

	outb(0x43, 0x34); /* channel 0, lo/hi, mode 2 */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	last = pit_read();
	if (last == pit_read() && last == 0xffff)
		return 0; /* not counting: no PIT */
	t0 = rdtsc();
	while (elapsed < want) {
		now = pit_read();
		elapsed += (uint16_t)(last - now);
		last = now;
		if (rdtsc() - t0 > (1ull << 36))
			return 0;
	}
	t1 = rdtsc();
	source = "TSC (frequency measured against the PIT)";
	return (t1 - t0) * 1193182 / elapsed;
}

void clock_calibrate(void)
{
	tsc_hz = from_kvmclock();
	if (!tsc_hz)
		tsc_hz = from_cpuid();
	if (!tsc_hz)
		tsc_hz = from_pit();
	if (tsc_hz < 1000000) {
		tsc_hz = 1000000000;
		source = "TSC (frequency unknown; assuming 1 GHz)";
	}
}

uint64_t arch_counter(void)
{
	return rdtsc();
}

uint64_t arch_counter_hz(void)
{
	return tsc_hz;
}

const char *arch_clock_name(void)
{
	return source;
}

void lapic_eoi(void)
{
	lapic[LAPIC_EOI / 4] = 0;
}

uint32_t lapic_id(void)
{
	return lapic[0x20 / 4] >> 24;
}

void lapic_init(void)
{
	uint64_t t0;

	lapic = vm_map_device(LAPIC_PA, PAGE_SIZE);
	lapic[LAPIC_SVR / 4] = 0x100 | VECTOR_SPURIOUS;
	lapic[LAPIC_TIMER_DIV / 4] = 0xb; /* divide by 1 */
	lapic[LAPIC_LVT_TIMER / 4] = (1 << 16) | VECTOR_TIMER; /* masked */

	/* The APIC timer's rate, measured in TSC ticks over 2 ms. */
	lapic[LAPIC_TIMER_INIT / 4] = 0xffffffff;
	t0 = rdtsc();
	while (rdtsc() - t0 < tsc_hz / 500)
		;
	apic_hz = (uint64_t)(0xffffffffu - lapic[LAPIC_TIMER_CUR / 4]) * 500;
	lapic[LAPIC_TIMER_INIT / 4] = 0;
	lapic[LAPIC_LVT_TIMER / 4] = VECTOR_TIMER; /* one-shot */
	if (!apic_hz)
		panic("the local APIC timer does not count");
	apic_per_tsc_q32 = (apic_hz << 32) / tsc_hz;
	log_debug("local APIC timer at %lu kHz",
		  (unsigned long)(apic_hz / 1000));
}

void arch_timer_arm(uint64_t deadline)
{
	uint64_t now = rdtsc(), ticks;

	if (!deadline) {
		lapic[LAPIC_TIMER_INIT / 4] = 0;
		return;
	}
	ticks = deadline > now ? deadline - now : 1;
	ticks = (uint64_t)(((unsigned __int128)ticks * apic_per_tsc_q32) >> 32);
	ticks++;
	lapic[LAPIC_TIMER_INIT / 4] =
		ticks > 0xffffffffu ? 0xffffffffu : (uint32_t)ticks;
}

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static int bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 15);
}

static uint64_t days_from_civil(int y, int m, int d)
{
	/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
	y -= m <= 2;
	int era = y / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (uint64_t)(era * 146097 + doe - 719468);
}

uint64_t arch_rtc_boot_ns(void)
{
	uint8_t s, m, h, d, mo, y, b;
	bool binary;
	int hour;

	if (cmos(0x0a) == 0xff)
		return 0; /* no RTC */
	for (int i = 0; i < 1000000 && (cmos(0x0a) & 0x80); i++)
		;
	s = cmos(0), m = cmos(2), h = cmos(4);
	d = cmos(7), mo = cmos(8), y = cmos(9), b = cmos(0x0b);
	binary = b & 4;
	hour = bcd(h & 0x7f, binary);
	if (!(b & 2) && (h & 0x80))
		hour = hour % 12 + 12;
	return ((days_from_civil(2000 + bcd(y, binary), bcd(mo, binary),
				 bcd(d, binary)) *
		 86400) +
		hour * 3600 + bcd(m, binary) * 60 + bcd(s, binary)) *
	       NSEC_PER_SEC;
}
