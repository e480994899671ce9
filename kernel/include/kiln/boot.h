/* SPDX-License-Identifier: MIT */
/* boot.h: what an architecture port hands the core at boot. */
#ifndef KILN_BOOT_H
#define KILN_BOOT_H

#include <stdint.h>

#define BOOT_MAX_RANGES 32

struct phys_range {
	uint64_t base;
	uint64_t size;
};

#define BOOT_MAX_VIRTIO 32

/* A virtio-mmio slot: from the DTB (arm64) or a virtio_mmio.device=
 * command-line entry (x86_64 microvm, Firecracker). */
struct mmio_slot {
	uint64_t base;
	uint64_t size;
	int irq;
};

struct boot_info {
	const char *cmdline;
	struct phys_range ram[BOOT_MAX_RANGES];
	int nram;
	/* Memory not to hand out: kernel image, boot tables, DTB, modules. */
	struct phys_range reserved[BOOT_MAX_RANGES];
	int nreserved;
	const char *platform; /* "QEMU microvm (PVH)", "linux,dummy-virt" */
	/* The root archive when the boot loader passed it separately (PVH
	 * module, DTB linux,initrd-start): physical, 0 if none. */
	uint64_t initrd_base, initrd_size;
	struct mmio_slot virtio[BOOT_MAX_VIRTIO];
	int nvirtio;
};

/* Entered by each port once the console works and the MMU is on. */
__attribute__((noreturn)) void kmain(struct boot_info *bi);
/* Port hook that kmain calls once the final page tables are live: clock,
 * interrupt controller and timer. */
void arch_devices_init(void);

void boot_reserve(struct boot_info *bi, uint64_t base, uint64_t size);
void boot_add_ram(struct boot_info *bi, uint64_t base, uint64_t size);

#endif
