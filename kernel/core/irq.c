// SPDX-License-Identifier: MIT
// irq.c: device interrupt handlers by platform interrupt number.

#define LOG_COMP "irq"
#include <kiln/errno.h>
#include <kiln/irq.h>
#include <kiln/log.h>
#include <stddef.h>

#define IRQ_MAX 1024

static struct {
	irq_handler_t fn;
	void *arg;
} handlers[IRQ_MAX];

int irq_register(int irq, irq_handler_t fn, void *arg)
{
	int r;

	if (irq < 0 || irq >= IRQ_MAX || !fn)
		return -EINVAL;
	if (handlers[irq].fn)
		return -EBUSY;
	handlers[irq].fn = fn;
	handlers[irq].arg = arg;
	r = arch_irq_route(irq);
	if (r) {
		handlers[irq].fn = NULL;
		log_err("interrupt %d cannot be routed (%d)", irq, r);
	}
	return r;
}

int irq_dispatch(int irq)
{
	if (irq < 0 || irq >= IRQ_MAX || !handlers[irq].fn)
		return -1;
	handlers[irq].fn(handlers[irq].arg);
	return 0;
}
