/* SPDX-License-Identifier: MIT */
/* arm64.h: arm64 port internals. */
#ifndef KILN_ARM64_H
#define KILN_ARM64_H

#include <stdint.h>

struct trapframe {
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t elr, spsr, esr, far;
};

#define READ_SYSREG(r)                                       \
	({                                                   \
		uint64_t __v;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})
#define WRITE_SYSREG(r, v) \
	__asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define ISB() __asm__ volatile("isb" : : : "memory")

static inline uint32_t mmio_read32(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(a) : "memory");
}

/* Devices found in the DTB; addresses are physical, 0 if absent. */
struct arm64_devices {
	uint64_t uart;
	uint64_t rtc;
	int gic_version;
	uint64_t gicd, gicd_size;
	uint64_t gicc_or_gicr, gicc_or_gicr_size;
	int timer_irq; /* virtual timer PPI as an INTID */
	int psci_hvc; /* 1: hvc, 0: smc, -1: no PSCI */
};

extern struct arm64_devices arm64_dev;

void pl011_init(uint64_t pa);
void gic_init(void);
/* Acknowledges the pending interrupt; returns its INTID (1023: none). */
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);
void timer_irq(void);

#endif
