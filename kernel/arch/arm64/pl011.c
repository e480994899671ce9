// SPDX-License-Identifier: MIT
// pl011.c: the PL011 UART console, polled.

#include <kiln/arch.h>
#include <kiln/mm.h>
#include "arm64.h"

#define DR 0x00
#define FR 0x18
#define CR 0x30
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)

static uintptr_t base;

void pl011_init(uint64_t pa)
{
	base = (uintptr_t)vm_map_device(pa, PAGE_SIZE);
	mmio_write32(base + CR, 0x301); /* UART, TX and RX on */
}

void arch_console_putc(char c)
{
	if (!base)
		return;
	for (int i = 0; i < 100000 && (mmio_read32(base + FR) & FR_TXFF); i++)
		;
	mmio_write32(base + DR, (uint8_t)c);
}

int arch_console_getc(void)
{
	if (!base || (mmio_read32(base + FR) & FR_RXFE))
		return -1;
	return mmio_read32(base + DR) & 0xff;
}
