// SPDX-License-Identifier: MIT
// ioapic.c: device interrupts through the I/O APIC (GSI n -> vector
// VECTOR_IRQ0 + n), level-triggered, to the one CPU.

#define LOG_COMP "ioapic"
#include <kiln/errno.h>
#include <kiln/irq.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include "x86.h"

#define IOAPIC_PA 0xfec00000
#define IOREGSEL 0x00
#define IOWIN 0x10

static volatile uint32_t *ioapic;
static int pins;

static uint32_t read_reg(uint32_t reg)
{
	ioapic[IOREGSEL / 4] = reg;
	return ioapic[IOWIN / 4];
}

static void write_reg(uint32_t reg, uint32_t v)
{
	ioapic[IOREGSEL / 4] = reg;
	ioapic[IOWIN / 4] = v;
}

void ioapic_init(void)
{
	/* The 8259s stay masked: every device interrupt comes here. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	ioapic = vm_map_device(IOAPIC_PA, PAGE_SIZE);
	pins = ((read_reg(1) >> 16) & 0xff) + 1;
	if (pins > IRQ_PINS_MAX)
		pins = IRQ_PINS_MAX;
	for (int i = 0; i < pins; i++)
		write_reg(0x10 + 2 * i, 1u << 16); /* masked */
	log_debug("%d pins", pins);
}

int arch_irq_route(int irq)
{
	if (!ioapic || irq < 0 || irq >= pins)
		return -EINVAL;
	write_reg(0x11 + 2 * irq, lapic_id() << 24);
	/* Fixed delivery, physical destination, active high, level. */
	write_reg(0x10 + 2 * irq, (VECTOR_IRQ0 + irq) | (1u << 15));
	return 0;
}
