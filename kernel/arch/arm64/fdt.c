// SPDX-License-Identifier: MIT
// fdt.c: everything kiln needs from the device tree, read once at boot
// with libfdt (which uses SIMD registers, so never while a program runs).

#define LOG_COMP "fdt"
#include <kiln/boot.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <libfdt.h>
#include <string.h>
#include "arm64.h"

struct arm64_devices arm64_dev = { .timer_irq = 27, .psci_hvc = -1 };

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* The idx-th (address, size) pair of a node's reg property. */
static int node_reg(const void *fdt, int node, int idx, uint64_t *addr,
		    uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent);
	int sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 ||
	    len < (idx + 1) * (ac + sc) * 4)
		return -1;
	reg += idx * (ac + sc);
	*addr = read_cells(reg, ac);
	*size = sc ? read_cells(reg + ac, sc) : 0;
	return 0;
}

static int find_compatible(const void *fdt, const char *const *names)
{
	for (; *names; names++) {
		int n = fdt_node_offset_by_compatible(fdt, -1, *names);

		if (n >= 0)
			return n;
	}
	return -1;
}

static void find_uart(const void *fdt)
{
	static const char *const pl011[] = { "arm,pl011", NULL };
	int chosen = fdt_path_offset(fdt, "/chosen");
	int node = -1;
	uint64_t size;

	if (chosen >= 0) {
		const char *path =
			fdt_getprop(fdt, chosen, "stdout-path", NULL);

		if (path) {
			const char *colon = strchr(path, ':');

			node = fdt_path_offset_namelen(
				fdt, path,
				colon ? (int)(colon - path)
				      : (int)strlen(path));
		}
	}
	if (node < 0)
		node = find_compatible(fdt, pl011);
	if (node >= 0)
		node_reg(fdt, node, 0, &arm64_dev.uart, &size);
}

static void find_memory(const void *fdt, struct boot_info *bi)
{
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t base, size;

		if (!type || strcmp(type, "memory") != 0)
			continue;
		for (int i = 0; node_reg(fdt, node, i, &base, &size) == 0; i++)
			boot_add_ram(bi, base, size);
	}

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0)
			boot_reserve(bi, base, size);
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node >= 0) {
		int child;

		fdt_for_each_subnode(child, fdt, node)
		{
			uint64_t base, size;

			if (node_reg(fdt, child, 0, &base, &size) == 0)
				boot_reserve(bi, base, size);
		}
	}
}

static void find_chosen(const void *fdt, struct boot_info *bi)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const fdt32_t *p;
	int len;
	uint64_t start, end;

	if (chosen < 0)
		return;
	bi->cmdline = fdt_getprop(fdt, chosen, "bootargs", NULL);
	p = fdt_getprop(fdt, chosen, "linux,initrd-start", &len);
	if (!p)
		return;
	start = read_cells(p, len / 4);
	p = fdt_getprop(fdt, chosen, "linux,initrd-end", &len);
	if (!p)
		return;
	end = read_cells(p, len / 4);
	if (end > start) {
		boot_reserve(bi, start, end - start);
		bi->initrd_base = start;
		bi->initrd_size = end - start;
	}
}

static void find_gic(const void *fdt)
{
	static const char *const v3[] = { "arm,gic-v3", NULL };
	static const char *const v2[] = { "arm,cortex-a15-gic", "arm,gic-400",
					  "arm,cortex-a9-gic", NULL };
	int node = find_compatible(fdt, v3);

	arm64_dev.gic_version = 3;
	if (node < 0) {
		node = find_compatible(fdt, v2);
		arm64_dev.gic_version = 2;
	}
	if (node < 0 ||
	    node_reg(fdt, node, 0, &arm64_dev.gicd, &arm64_dev.gicd_size) ||
	    node_reg(fdt, node, 1, &arm64_dev.gicc_or_gicr,
		     &arm64_dev.gicc_or_gicr_size))
		arm64_dev.gic_version = 0;
}

static void find_timer_and_psci(const void *fdt)
{
	static const char *const timer[] = { "arm,armv8-timer", NULL };
	static const char *const psci[] = { "arm,psci-1.0", "arm,psci-0.2",
					    "arm,psci", NULL };
	static const char *const rtc[] = { "arm,pl031", NULL };
	int node = find_compatible(fdt, timer), len;
	uint64_t size;

	if (node >= 0) {
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

		/* Third triple: the virtual timer, a PPI (INTID 16 + n). */
		if (irq && len >= 9 * 4)
			arm64_dev.timer_irq = 16 + fdt32_to_cpu(irq[7]);
	}
	node = find_compatible(fdt, psci);
	if (node >= 0) {
		const char *m = fdt_getprop(fdt, node, "method", NULL);

		if (m)
			arm64_dev.psci_hvc = strcmp(m, "hvc") == 0;
	}
	node = find_compatible(fdt, rtc);
	if (node >= 0)
		node_reg(fdt, node, 0, &arm64_dev.rtc, &size);
}

/* virtio,mmio nodes: reg, and an SPI in the GIC's three-cell format. */
static void find_virtio(const void *fdt, struct boot_info *bi)
{
	int node = -1, len;

	while ((node = fdt_node_offset_by_compatible(fdt, node,
						     "virtio,mmio")) >= 0) {
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
		struct mmio_slot s;

		if (bi->nvirtio == BOOT_MAX_VIRTIO)
			break;
		if (node_reg(fdt, node, 0, &s.base, &s.size) || !irq ||
		    len < 12 || fdt32_to_cpu(irq[0]) != 0)
			continue;
		s.irq = 32 + (int)fdt32_to_cpu(irq[1]);
		bi->virtio[bi->nvirtio++] = s;
	}
}

/* Fills bi from the DTB at dtb_pa; the console is found first so that
 * everything after it can report errors. */
void fdt_scan(uint64_t dtb_pa, struct boot_info *bi)
{
	const void *fdt = phys_to_virt(dtb_pa);

	if (fdt_check_header(fdt) == 0)
		find_uart(fdt);
	if (arm64_dev.uart)
		pl011_init(arm64_dev.uart);
	if (fdt_check_header(fdt) != 0)
		panic("no valid device tree at %#lx (x0 at entry): boot "
		      "through a loader that passes one",
		      (unsigned long)dtb_pa);

	boot_reserve(bi, dtb_pa, fdt_totalsize(fdt));
	bi->platform = fdt_getprop(fdt, 0, "compatible", NULL);
	if (!bi->platform)
		bi->platform = "arm64 board";
	find_memory(fdt, bi);
	find_chosen(fdt, bi);
	find_gic(fdt);
	find_timer_and_psci(fdt);
	find_virtio(fdt, bi);
	if (!arm64_dev.gic_version)
		panic("the device tree names no GICv2 or GICv3");
}
