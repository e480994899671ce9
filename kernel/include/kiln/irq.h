/* SPDX-License-Identifier: MIT */
/*
 * irq.h: device interrupts. An interrupt number is the platform's own: a
 * GSI (IOAPIC pin) on x86_64, a GIC INTID on arm64 (SPI n is 32 + n), as
 * the virtio_mmio.device= entry or the DTB gives it.
 *
 * Handlers run with interrupts masked, on the kernel stack, possibly in the
 * middle of a system call's idle wait: they acknowledge the device and
 * return. Real work happens in the event loop (loop.h), which runs after
 * every interrupt.
 */
#ifndef KILN_IRQ_H
#define KILN_IRQ_H

typedef void (*irq_handler_t)(void *arg);

/* Routes the interrupt to the handler and unmasks it. 0 or -EINVAL/-EBUSY. */
int irq_register(int irq, irq_handler_t fn, void *arg);

/* Ports call this from their interrupt entry; returns 0 if handled. */
int irq_dispatch(int irq);

/* Port hooks behind irq_register (level-triggered, edge on x86 GSI < 16
 * is not used by kiln's devices). */
int arch_irq_route(int irq);

#endif
