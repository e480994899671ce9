// SPDX-License-Identifier: MIT
// gic.c: GICv2 and GICv3, whichever the device tree offers (a Pi 5 gives
// KVM guests only GICv2). kiln uses one interrupt source per device and
// the virtual timer PPI.

#define LOG_COMP "gic"
#include <kiln/errno.h>
#include <kiln/irq.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include "arm64.h"

#define GICD_CTLR 0x000
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_IROUTER 0x6000
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICR_WAKER 0x014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 0x080
#define GICR_ISENABLER0 0x100
#define GICR_IPRIORITYR 0x400

static uintptr_t gicd, gicc, gicr;

static void v2_init(void)
{
	int irq = arm64_dev.timer_irq;

	gicc = (uintptr_t)vm_map_device(arm64_dev.gicc_or_gicr, 0x2000);
	mmio_write32(gicd + GICD_CTLR, 1);
	mmio_write32(gicd + GICD_IPRIORITYR + (irq & ~3),
		     mmio_read32(gicd + GICD_IPRIORITYR + (irq & ~3)) &
			     ~(0xffu << ((irq & 3) * 8)));
	mmio_write32(gicd + GICD_ISENABLER + irq / 32 * 4, 1u << (irq % 32));
	mmio_write32(gicc + GICC_PMR, 0xf0);
	mmio_write32(gicc + GICC_CTLR, 1);
}

static void v3_init(void)
{
	int irq = arm64_dev.timer_irq;
	uintptr_t sgi;

	gicr = (uintptr_t)vm_map_device(arm64_dev.gicc_or_gicr, 0x20000);
	sgi = gicr + GICR_SGI;
	mmio_write32(gicd + GICD_CTLR, (1u << 4) | (1u << 1)); /* ARE, Grp1 */
	for (int i = 0; i < 1000000 && (mmio_read32(gicd + GICD_CTLR) >> 31);
	     i++)
		;

	mmio_write32(gicr + GICR_WAKER,
		     mmio_read32(gicr + GICR_WAKER) & ~(1u << 1));
	for (int i = 0; i < 1000000 && (mmio_read32(gicr + GICR_WAKER) & 4);
	     i++)
		;
	mmio_write32(sgi + GICR_IGROUPR0,
		     mmio_read32(sgi + GICR_IGROUPR0) | (1u << irq));
	mmio_write32(sgi + GICR_IPRIORITYR + (irq & ~3),
		     mmio_read32(sgi + GICR_IPRIORITYR + (irq & ~3)) &
			     ~(0xffu << ((irq & 3) * 8)));
	mmio_write32(sgi + GICR_ISENABLER0, 1u << irq);

	WRITE_SYSREG(S3_0_C12_C12_5, READ_SYSREG(S3_0_C12_C12_5) | 1); /* SRE */
	ISB();
	WRITE_SYSREG(S3_0_C4_C6_0, 0xf0); /* ICC_PMR_EL1 */
	WRITE_SYSREG(S3_0_C12_C12_7, 1); /* ICC_IGRPEN1_EL1 */
	ISB();
}

void gic_init(void)
{
	gicd = (uintptr_t)vm_map_device(arm64_dev.gicd, 0x10000);
	if (arm64_dev.gic_version == 3)
		v3_init();
	else
		v2_init();
	log_info("GICv%d, timer interrupt %d", arm64_dev.gic_version,
		 arm64_dev.timer_irq);
}

static void set_byte(uintptr_t reg, int irq, uint8_t v)
{
	uintptr_t a = reg + (irq & ~3);
	int shift = (irq & 3) * 8;

	mmio_write32(a, (mmio_read32(a) & ~(0xffu << shift)) |
				((uint32_t)v << shift));
}

/* Device interrupts are SPIs (INTID 32 and up), level, to CPU 0. */
int arch_irq_route(int irq)
{
	if (irq < 32 || irq >= 1020 || !gicd)
		return -EINVAL;
	set_byte(gicd + GICD_IPRIORITYR, irq, 0x80);
	if (arm64_dev.gic_version == 3) {
		mmio_write32(gicd + GICD_IGROUPR + irq / 32 * 4,
			     mmio_read32(gicd + GICD_IGROUPR + irq / 32 * 4) |
				     (1u << (irq % 32)));
		/* Affinity 0.0.0.0: the boot CPU. */
		mmio_write32(gicd + GICD_IROUTER + irq * 8, 0);
		mmio_write32(gicd + GICD_IROUTER + irq * 8 + 4, 0);
	} else {
		set_byte(gicd + GICD_ITARGETSR, irq, 0x01);
	}
	mmio_write32(gicd + GICD_ISENABLER + irq / 32 * 4, 1u << (irq % 32));
	return 0;
}

uint32_t gic_ack(void)
{
	if (arm64_dev.gic_version == 3)
		return (uint32_t)READ_SYSREG(S3_0_C12_C12_0) & 0xffffff;
	return mmio_read32(gicc + GICC_IAR) & 0x3ff;
}

void gic_eoi(uint32_t intid)
{
	if (arm64_dev.gic_version == 3) {
		WRITE_SYSREG(S3_0_C12_C12_1, intid);
		ISB();
	} else {
		mmio_write32(gicc + GICC_EOIR, intid);
	}
}
