// SPDX-License-Identifier: MIT
// serial.c: the COM1 console (16550 at port 0x3f8), polled.

#include <kiln/arch.h>
#include "x86.h"

#define COM1 0x3f8

void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* divisor latch */
	outb(COM1 + 0, 0x01); /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	/* FIFOs on, not cleared: input may already be waiting. */
	outb(COM1 + 2, 0xc1);
	outb(COM1 + 4, 0x03); /* DTR, RTS */
}

void arch_console_putc(char c)
{
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (uint8_t)c);
}

int arch_console_getc(void)
{
	if (!(inb(COM1 + 5) & 0x01))
		return -1;
	return inb(COM1);
}
