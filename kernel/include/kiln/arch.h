/* SPDX-License-Identifier: MIT */
/*
 * arch.h: what the portable core asks of an architecture port
 * (kernel/arch/<arch>). Core code includes this, never an arch header.
 */
#ifndef KILN_ARCH_H
#define KILN_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096ul
#define PAGE_SHIFT 12
#define BLOCK_SIZE (2ul << 20) /* a level-2 block: 2 MiB on both ports */

/* Console: polled, usable from the first instruction of C. */
void arch_console_putc(char c);
int arch_console_getc(void); /* -1 when nothing is waiting */

/* Free-running counter (TSC, CNTVCT) and its frequency in Hz. */
uint64_t arch_counter(void);
uint64_t arch_counter_hz(void);
const char *arch_clock_name(void);
/* Wall-clock time at boot in ns since the epoch, or 0 if there is no RTC. */
uint64_t arch_rtc_boot_ns(void);
/* Arms the one-shot timer to fire at a counter value; 0 disarms it. */
void arch_timer_arm(uint64_t counter_deadline);

/* Waits for the next interrupt with interrupts enabled, then masks them. */
void arch_idle(void);
/* Ends the VM; the runner reads the status from the console log. */
__attribute__((noreturn)) void arch_poweroff(void);

/* Hardware entropy if the CPU has any (RDRAND, RNDR): true if filled. */
bool arch_hw_random(uint64_t *out);

/* Bits for AT_HWCAP and AT_HWCAP2, and the AT_PLATFORM string. */
uint64_t arch_hwcap(void);
uint64_t arch_hwcap2(void);
const char *arch_platform(void);
const char *arch_uname_machine(void);
/* The ELF e_machine of programs this port runs (EM_X86_64, EM_AARCH64). */
uint16_t arch_elf_machine(void);

/* Page-table entries: the core walks 4-level, 512-entry tables; a port
 * only encodes and decodes entries. */
typedef uint64_t pte_t;
enum {
	VM_READ = 1,
	VM_WRITE = 2,
	VM_EXEC = 4,
	VM_USER = 8,
	VM_DEVICE = 16,
};
pte_t arch_pte_table(uint64_t pa);
pte_t arch_pte_leaf(uint64_t pa, int prot,
		    int level); /* level 3: page, 2: block */
bool arch_pte_valid(pte_t e);
bool arch_pte_is_table(pte_t e, int level);
uint64_t arch_pte_pa(pte_t e);
/* The root table for kernel (upper half) or user (lower half) addresses. */
pte_t *arch_root(bool user);
void arch_tlb_flush_page(uintptr_t va);
void arch_tlb_flush_all(void);
/* Called once the core has built the kernel tables in the given root. */
void arch_mmu_switch(uint64_t kernel_root_pa, uint64_t user_root_pa);

/* x86_64's arch_prctl (FS base); ports without it never see the call. */
long arch_prctl(long code, uintptr_t addr);

/* Leaves the kernel for the program; never returns. */
__attribute__((noreturn)) void arch_enter_user(uintptr_t entry, uintptr_t sp);

/* Higher-half layout shared by both ports. */
#define KERNEL_DIRECT_BASE 0xffff800000000000ul /* all of RAM, by PA */
#define USER_TOP 0x0000800000000000ul /* first non-user address */

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(KERNEL_DIRECT_BASE + pa);
}

uint64_t virt_to_phys(const void *va);

#endif
