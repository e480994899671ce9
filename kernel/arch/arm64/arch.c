// SPDX-License-Identifier: MIT
// arch.c: arm64 port: boot hand-off, page-table entries, exceptions,
// system calls, PSCI power-off and CPU features.

#define LOG_COMP "arm64"
#include <kiln/arch.h>
#include <kiln/boot.h>
#include <kiln/errno.h>
#include <kiln/irq.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/process.h>
#include <kiln/uvm.h>
#include "arm64.h"

#define PTE_VALID 1ull
#define PTE_TABLE 3ull
#define PTE_PAGE 3ull
#define PTE_BLOCK 1ull
#define PTE_ATTR_DEVICE (0ull << 2)
#define PTE_ATTR_NORMAL (1ull << 2)
#define PTE_AP_EL0 (1ull << 6)
#define PTE_AP_RO (1ull << 7)
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
#define PTE_ADDR 0x0000fffffffff000ull

#define SCTLR_WXN (1ull << 19)
#define EC_UNKNOWN 0x00
#define EC_SVC64 0x15
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_FP 0x2c
#define EC_BRK 0x3c

void fdt_scan(uint64_t dtb_pa, struct boot_info *bi);
__attribute__((noreturn)) void arm64_enter_user(uintptr_t entry, uintptr_t sp);

static struct boot_info boot;
static pte_t *kroot, *uroot;

void arm64_start(uint64_t dtb_pa, uint64_t image_pa)
{
	kimage_pa = image_pa;
	fdt_scan(dtb_pa, &boot);
	boot_reserve(&boot, image_pa, __kernel_end - __kernel_start);
	kmain(&boot);
}

void arch_devices_init(void)
{
	gic_init();
}

pte_t arch_pte_table(uint64_t pa)
{
	return pa | PTE_TABLE;
}

pte_t arch_pte_leaf(uint64_t pa, int prot, int level)
{
	pte_t e = pa | PTE_AF | (level == 3 ? PTE_PAGE : PTE_BLOCK);

	if (prot & VM_DEVICE)
		e |= PTE_ATTR_DEVICE | PTE_PXN | PTE_UXN;
	else
		e |= PTE_ATTR_NORMAL | PTE_SH_INNER;
	if (!(prot & VM_WRITE))
		e |= PTE_AP_RO;
	if (prot & VM_USER) {
		/* The kernel never runs program code. */
		e |= PTE_AP_EL0 | PTE_PXN;
		if (!(prot & VM_EXEC))
			e |= PTE_UXN;
	} else {
		e |= PTE_UXN;
		if (!(prot & VM_EXEC))
			e |= PTE_PXN;
	}
	return e;
}

bool arch_pte_valid(pte_t e)
{
	return e & PTE_VALID;
}

bool arch_pte_is_table(pte_t e, int level)
{
	return level < 3 && (e & 3) == PTE_TABLE;
}

uint64_t arch_pte_pa(pte_t e)
{
	return e & PTE_ADDR;
}

pte_t *arch_root(bool user)
{
	if (user)
		return uroot;
	if (kroot)
		return kroot;
	return phys_to_virt(READ_SYSREG(ttbr1_el1) & PTE_ADDR);
}

void arch_tlb_flush_page(uintptr_t va)
{
	__asm__ volatile("dsb ishst\n\ttlbi vaae1is, %0\n\tdsb ish\n\tisb"
			 :
			 : "r"((va >> 12) & ((1ull << 44) - 1))
			 : "memory");
}

void arch_tlb_flush_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb"
			 :
			 :
			 : "memory");
}

void arch_mmu_switch(uint64_t kernel_root_pa, uint64_t user_root_pa)
{
	kroot = phys_to_virt(kernel_root_pa);
	uroot = phys_to_virt(user_root_pa);
	__asm__ volatile("dsb ishst" : : : "memory");
	WRITE_SYSREG(ttbr1_el1, kernel_root_pa);
	WRITE_SYSREG(ttbr0_el1, user_root_pa);
	ISB();
	arch_tlb_flush_all();
	/* Writable now implies never executable, at every level. */
	WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | SCTLR_WXN);
	ISB();
	arch_tlb_flush_all();
}

void arch_enter_user(uintptr_t entry, uintptr_t sp)
{
	arm64_enter_user(entry, sp);
}

long arch_prctl(long code, uintptr_t addr)
{
	return -EINVAL;
}

static void dump_regs(struct trapframe *tf)
{
	log_err("esr %08lx far %016lx elr %016lx spsr %08lx sp_el0 %016lx",
		tf->esr, tf->far, tf->elr, tf->spsr, tf->sp_el0);
	for (int i = 0; i < 31; i += 4) {
		if (i + 3 < 31)
			log_err("x%-2d %016lx x%-2d %016lx x%-2d %016lx x%-2d "
				"%016lx",
				i, tf->x[i], i + 1, tf->x[i + 1], i + 2,
				tf->x[i + 2], i + 3, tf->x[i + 3]);
		else
			log_err("x%-2d %016lx x%-2d %016lx x%-2d %016lx", i,
				tf->x[i], i + 1, tf->x[i + 1], i + 2,
				tf->x[i + 2]);
	}
}

static void irq(void)
{
	uint32_t id = gic_ack();

	if (id >= 1020)
		return; /* spurious */
	if ((int)id == arm64_dev.timer_irq)
		timer_irq();
	else if (irq_dispatch((int)id))
		log_warn("interrupt %u with no handler", id);
	gic_eoi(id);
}

static void user_abort(struct trapframe *tf, unsigned ec)
{
	unsigned fsc = tf->esr & 0x3f;
	int access = ec == EC_IABT_LOW	     ? VM_EXEC
		     : (tf->esr & (1u << 6)) ? VM_WRITE
					     : VM_READ;
	int r;

	if ((fsc & 0x3c) == 0x04 || (fsc & 0x3c) == 0x0c) {
		/* Translation or permission fault. */
		r = uvm_fault(tf->far, access);
		if (r == 0)
			return;
		if (r == -ENOMEM)
			program_kill(SIGKILL,
				     "out of memory: the program needs "
				     "more than the VM has; raise -m");
	}
	log_err("program fault: %s access at %#lx (%s), pc %#lx",
		access == VM_EXEC    ? "execute"
		: access == VM_WRITE ? "write"
				     : "read",
		(unsigned long)tf->far,
		(fsc & 0x3c) == 0x04   ? "not mapped"
		: (fsc & 0x3c) == 0x0c ? "protection"
				       : "other abort",
		(unsigned long)tf->elr);
	dump_regs(tf);
	program_kill(fsc == 0x21 ? SIGBUS : SIGSEGV, "invalid memory access");
}

static void user_sync(struct trapframe *tf)
{
	unsigned ec = (tf->esr >> 26) & 0x3f;
	int sig;

	switch (ec) {
	case EC_SVC64:
		tf->x[0] = syscall_dispatch((long)tf->x[8], (long *)tf->x);
		return;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		user_abort(tf, ec);
		return;
	case EC_PC_ALIGN:
	case EC_SP_ALIGN:
		sig = SIGBUS;
		break;
	case EC_FP:
		sig = SIGFPE;
		break;
	case EC_BRK:
		sig = SIGTRAP;
		break;
	default:
		sig = SIGILL;
		break;
	}
	log_err("program fault: exception class %#x, pc %#lx", ec,
		(unsigned long)tf->elr);
	dump_regs(tf);
	program_kill(sig, sig == SIGILL ? "illegal instruction" : "exception");
}

void arm64_trap(struct trapframe *tf, unsigned kind)
{
	switch (kind) {
	case 5:
	case 9:
		irq();
		return;
	case 8:
		user_sync(tf);
		return;
	case 12:
	case 13:
	case 14:
	case 15:
		program_kill(SIGILL, "AArch32 code is not supported");
	default:
		break;
	}
	log_err("kernel exception: kind %u, class %#lx", kind,
		(unsigned long)(tf->esr >> 26) & 0x3f);
	dump_regs(tf);
	panic("unhandled kernel exception");
}

void arch_idle(void)
{
	/* WFI wakes on a pending interrupt even while masked; unmasking
	 * afterwards takes it, so none is lost between check and sleep. */
	__asm__ volatile("dsb sy\n\twfi\n\tmsr daifclr, #2\n\tisb\n\t"
			 "msr daifset, #2"
			 :
			 :
			 : "memory");
}

void arch_poweroff(void)
{
	register uint64_t x0 __asm__("x0") = 0x84000008; /* SYSTEM_OFF */

	if (arm64_dev.psci_hvc == 1)
		__asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
	else if (arm64_dev.psci_hvc == 0)
		__asm__ volatile("smc #0" : "+r"(x0) : : "memory");
	log_err("PSCI power-off unavailable; halting");
	for (;;)
		__asm__ volatile("wfi");
}

bool arch_hw_random(uint64_t *out)
{
	uint64_t isar0 = READ_SYSREG(id_aa64isar0_el1);
	uint64_t v, ok;

	if (((isar0 >> 60) & 0xf) == 0)
		return false; /* no FEAT_RNG */
	__asm__ volatile("mrs %0, S3_3_C2_C4_0\n\tcset %1, ne"
			 : "=r"(v), "=r"(ok)
			 :
			 : "cc");
	*out = v;
	return ok;
}

static bool field(uint64_t reg, int shift, unsigned min)
{
	return ((reg >> shift) & 0xf) >= min;
}

uint64_t arch_hwcap(void)
{
	uint64_t pfr0 = READ_SYSREG(id_aa64pfr0_el1);
	uint64_t isar0 = READ_SYSREG(id_aa64isar0_el1);
	uint64_t isar1 = READ_SYSREG(id_aa64isar1_el1);
	unsigned fp = (pfr0 >> 16) & 0xf, simd = (pfr0 >> 20) & 0xf;
	uint64_t h = 0;

	h |= fp != 0xf ? 1ull << 0 : 0;
	h |= simd != 0xf ? 1ull << 1 : 0;
	h |= field(isar0, 4, 1) ? 1ull << 3 : 0; /* AES */
	h |= field(isar0, 4, 2) ? 1ull << 4 : 0; /* PMULL */
	h |= field(isar0, 8, 1) ? 1ull << 5 : 0; /* SHA1 */
	h |= field(isar0, 12, 1) ? 1ull << 6 : 0; /* SHA2 */
	h |= field(isar0, 16, 1) ? 1ull << 7 : 0; /* CRC32 */
	h |= field(isar0, 20, 2) ? 1ull << 8 : 0; /* ATOMICS */
	h |= fp == 1 ? 1ull << 9 : 0; /* FPHP */
	h |= simd == 1 ? 1ull << 10 : 0; /* ASIMDHP */
	h |= field(isar0, 28, 1) ? 1ull << 12 : 0; /* ASIMDRDM */
	h |= field(isar1, 12, 1) ? 1ull << 13 : 0; /* JSCVT */
	h |= field(isar1, 16, 1) ? 1ull << 14 : 0; /* FCMA */
	h |= field(isar1, 20, 1) ? 1ull << 15 : 0; /* LRCPC */
	h |= field(isar1, 0, 1) ? 1ull << 16 : 0; /* DCPOP */
	h |= field(isar0, 32, 1) ? 1ull << 17 : 0; /* SHA3 */
	h |= field(isar0, 36, 1) ? 1ull << 18 : 0; /* SM3 */
	h |= field(isar0, 40, 1) ? 1ull << 19 : 0; /* SM4 */
	h |= field(isar0, 44, 1) ? 1ull << 20 : 0; /* ASIMDDP */
	h |= field(isar0, 12, 2) ? 1ull << 21 : 0; /* SHA512 */
	h |= field(isar0, 48, 1) ? 1ull << 23 : 0; /* ASIMDFHM */
	return h;
}

uint64_t arch_hwcap2(void)
{
	return 0;
}

const char *arch_platform(void)
{
	return "aarch64";
}

const char *arch_uname_machine(void)
{
	return "aarch64";
}

uint16_t arch_elf_machine(void)
{
	return 183 /* EM_AARCH64 */;
}
