// SPDX-License-Identifier: MIT
// arch.c: x86_64 port: PVH boot information, GDT/TSS/IDT, syscalls,
// page-table entries, faults and power-off.

#define LOG_COMP "x86"
#include <kiln/arch.h>
#include <kiln/boot.h>
#include <kiln/errno.h>
#include <kiln/irq.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/process.h>
#include <kiln/uvm.h>
#include <string.h>
#include "x86.h"

#define PVH_MAGIC 0x336ec578
#define PTE_P 1ull
#define PTE_W 2ull
#define PTE_U 4ull
#define PTE_PWT 8ull
#define PTE_PCD 16ull
#define PTE_PS 128ull
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries, reserved;
};

struct pvh_memmap {
	uint64_t addr, size;
	uint32_t type, reserved;
};

struct pvh_module {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

struct tss {
	uint32_t res0;
	uint64_t rsp[3];
	uint64_t res1;
	uint64_t ist[7];
	uint64_t res2;
	uint16_t res3, iomap;
} __attribute__((packed));

struct idt_entry {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, res;
};

extern char x86_vectors[], x86_syscall_entry[], boot_stack_top[];
__attribute__((noreturn)) void x86_enter_user(uintptr_t entry, uintptr_t sp);

static uint64_t gdt[8] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));
static struct idt_entry idt[256] __attribute__((aligned(16)));
static struct boot_info boot;
static pte_t *root;
static uint64_t fs_base;
static uint32_t hwcap_edx, hwcap2;

static void load_tables(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gp = { sizeof(gdt) - 1, (uint64_t)gdt },
				  ip = { sizeof(idt) - 1, (uint64_t)idt };
	uint64_t t = (uint64_t)&tss;

	gdt[1] = 0x00af9a000000ffffull; /* kernel code */
	gdt[2] = 0x00cf92000000ffffull; /* kernel data */
	gdt[4] = 0x00cff2000000ffffull; /* user data */
	gdt[5] = 0x00affa000000ffffull; /* user code */
	gdt[6] = (sizeof(tss) - 1) | ((t & 0xffffff) << 16) | (0x89ull << 40) |
		 ((t >> 24 & 0xff) << 56);
	gdt[7] = t >> 32;
	tss.rsp[0] = (uint64_t)boot_stack_top;
	tss.iomap = sizeof(tss);

	for (int i = 0; i < 256; i++) {
		uint64_t a = (uint64_t)x86_vectors + 16 * i;

		idt[i] = (struct idt_entry){
			.off0 = a & 0xffff,
			.sel = 0x08,
			.type = i == 3 ? 0xee : 0x8e, /* int3 from user too */
			.off1 = a >> 16 & 0xffff,
			.off2 = a >> 32,
		};
	}
	__asm__ volatile("lgdt %0\n\tlidt %1\n\tltr %w2"
			 :
			 : "m"(gp), "m"(ip), "r"(0x30)
			 : "memory");
	__asm__ volatile("pushq $0x08\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\tmovl $0x10, %%eax\n\t"
			 "movl %%eax, %%ss\n\tmovl %%eax, %%ds\n\t"
			 "movl %%eax, %%es"
			 :
			 :
			 : "rax", "memory");
}

static void cpu_init(void)
{
	uint32_t r[4];
	uint64_t cr0, cr4;

	/* SSE for the program: the kernel itself is built without it. */
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~(1ull << 2)) | (1ull << 1) |
	      (1ull << 5); /* !EM, MP, NE */
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= (1ull << 9) | (1ull << 10); /* OSFXSR, OSXMMEXCPT */
	cpuid(7, 0, r);
	if (r[1] & (1u << 7))
		cr4 |= 1ull << 20; /* SMEP: never run program pages */
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
	__asm__ volatile("fninit");

	wrmsr(MSR_STAR, (0x18ull << 48) | (0x08ull << 32));
	wrmsr(MSR_LSTAR, (uint64_t)x86_syscall_entry);
	wrmsr(MSR_FMASK, 0x47700); /* TF IF DF IOPL NT AC */

	cpuid(1, 0, r);
	hwcap_edx = r[3];
	hwcap2 = 0; /* no HWCAP2_FSGSBASE: kiln leaves CR4.FSGSBASE off */
}

static void add_pvh_memory(struct pvh_start_info *si)
{
	struct pvh_memmap *m;

	if (si->version < 1 || !si->memmap_paddr)
		panic("PVH start info has no memory map (version %u)",
		      si->version);
	m = phys_to_virt(si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (m[i].type == 1)
			boot_add_ram(&boot, m[i].addr, m[i].size);
	}
	boot_reserve(&boot, si->memmap_paddr, si->memmap_entries * sizeof(*m));
}

void x86_start(uint32_t start_info_pa)
{
	struct pvh_start_info *si = phys_to_virt(start_info_pa);

	serial_init();
	load_tables();
	cpu_init();
	kimage_pa = (uint64_t)__kernel_start - 0xffffffff80000000ull;

	if (si->magic != PVH_MAGIC)
		panic("no PVH start info (magic %#x): boot with QEMU -kernel "
		      "on microvm or Firecracker",
		      si->magic);
	boot.platform = "QEMU microvm or Firecracker (PVH)";
	boot_reserve(&boot, 0, 0x100000); /* real-mode and firmware area */
	boot_reserve(&boot, kimage_pa, __kernel_end - __kernel_start);
	boot_reserve(&boot, start_info_pa, sizeof(*si));
	if (si->cmdline_paddr) {
		boot.cmdline = phys_to_virt(si->cmdline_paddr);
		boot_reserve(&boot, si->cmdline_paddr,
			     strlen(boot.cmdline) + 1);
	}
	if (si->nr_modules && si->modlist_paddr) {
		struct pvh_module *mod = phys_to_virt(si->modlist_paddr);

		boot_reserve(&boot, si->modlist_paddr,
			     si->nr_modules * sizeof(*mod));
		for (uint32_t i = 0; i < si->nr_modules; i++)
			boot_reserve(&boot, mod[i].paddr, mod[i].size);
		boot.initrd_base = mod[0].paddr;
		boot.initrd_size = mod[0].size;
	}
	add_pvh_memory(si);
	clock_calibrate();
	kmain(&boot);
}

void arch_devices_init(void)
{
	lapic_init();
	ioapic_init();
}

pte_t arch_pte_table(uint64_t pa)
{
	return pa | PTE_P | PTE_W | PTE_U;
}

pte_t arch_pte_leaf(uint64_t pa, int prot, int level)
{
	pte_t e = pa | PTE_P;

	if (prot & VM_WRITE)
		e |= PTE_W;
	if (prot & VM_USER)
		e |= PTE_U;
	if (!(prot & VM_EXEC))
		e |= PTE_NX;
	if (prot & VM_DEVICE)
		e |= PTE_PCD | PTE_PWT;
	if (level == 2)
		e |= PTE_PS;
	return e;
}

bool arch_pte_valid(pte_t e)
{
	return e & PTE_P;
}

bool arch_pte_is_table(pte_t e, int level)
{
	return level < 3 && !(level > 0 && (e & PTE_PS));
}

uint64_t arch_pte_pa(pte_t e)
{
	return e & PTE_ADDR;
}

pte_t *arch_root(bool user)
{
	uint64_t cr3;

	if (root)
		return root;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	return phys_to_virt(cr3 & PTE_ADDR);
}

void arch_tlb_flush_page(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void arch_tlb_flush_all(void)
{
	uint64_t cr3;

	__asm__ volatile("mov %%cr3, %0\n\tmov %0, %%cr3"
			 : "=r"(cr3)
			 :
			 : "memory");
}

void arch_mmu_switch(uint64_t kernel_root_pa, uint64_t user_root_pa)
{
	/* One root holds both halves on x86_64; the user table is unused. */
	page_free(user_root_pa, 1);
	root = phys_to_virt(kernel_root_pa);
	__asm__ volatile("mov %0, %%cr3" : : "r"(kernel_root_pa) : "memory");
}

void arch_enter_user(uintptr_t entry, uintptr_t sp)
{
	wrmsr(MSR_FS_BASE, 0);
	x86_enter_user(entry, sp);
}

long arch_prctl(long code, uintptr_t addr)
{
	switch (code) {
	case 0x1002: /* ARCH_SET_FS */
		if (addr >= USER_TOP)
			return -EPERM;
		fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case 0x1003: /* ARCH_GET_FS */
		return copy_to_user(addr, &fs_base, 8) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

void x86_syscall(struct trapframe *tf)
{
	long a[6] = { (long)tf->rdi, (long)tf->rsi, (long)tf->rdx,
		      (long)tf->r10, (long)tf->r8,  (long)tf->r9 };

	tf->rax = syscall_dispatch((long)tf->rax, a);
}

static const char *const exc_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid TSS",
	"segment not present",
	"stack fault",
	"general protection",
	"page fault",
	"reserved",
	"x87 floating point",
	"alignment check",
	"machine check",
	"SIMD floating point",
	"virtualization",
	"control protection",
};

static void dump_regs(struct trapframe *tf, uint64_t cr2)
{
	log_err("rip %016lx rsp %016lx rflags %08lx cs %lx err %lx cr2 %016lx",
		tf->rip, tf->rsp, tf->rflags, tf->cs, tf->error, cr2);
	log_err("rax %016lx rbx %016lx rcx %016lx rdx %016lx", tf->rax, tf->rbx,
		tf->rcx, tf->rdx);
	log_err("rsi %016lx rdi %016lx rbp %016lx r8  %016lx", tf->rsi, tf->rdi,
		tf->rbp, tf->r8);
	log_err("r9  %016lx r10 %016lx r11 %016lx r12 %016lx", tf->r9, tf->r10,
		tf->r11, tf->r12);
	log_err("r13 %016lx r14 %016lx r15 %016lx", tf->r13, tf->r14, tf->r15);
}

static int signal_for(uint64_t vector)
{
	switch (vector) {
	case 0:
	case 16:
	case 19:
		return SIGFPE;
	case 1:
	case 3:
		return SIGTRAP;
	case 6:
		return SIGILL;
	case 17:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

static void user_fault(struct trapframe *tf, uint64_t cr2)
{
	const char *name = tf->vector < 32 && exc_names[tf->vector]
				   ? exc_names[tf->vector]
				   : "exception";

	if (tf->vector == 14) {
		int access = tf->error & 16  ? VM_EXEC
			     : tf->error & 2 ? VM_WRITE
					     : VM_READ;
		int r = uvm_fault(cr2, access);

		if (r == 0)
			return;
		if (r == -ENOMEM)
			program_kill(SIGKILL,
				     "out of memory: the program needs "
				     "more than the VM has; raise -m");
		log_err("program fault: %s access at %#lx (%s), pc %#lx",
			access == VM_EXEC    ? "execute"
			: access == VM_WRITE ? "write"
					     : "read",
			(unsigned long)cr2,
			tf->error & 1 ? "protection" : "not mapped",
			(unsigned long)tf->rip);
	} else {
		log_err("program fault: %s (vector %lu), pc %#lx", name,
			(unsigned long)tf->vector, (unsigned long)tf->rip);
	}
	dump_regs(tf, cr2);
	program_kill(signal_for(tf->vector), name);
}

void x86_trap(struct trapframe *tf)
{
	uint64_t cr2;

	if (tf->vector == VECTOR_TIMER) {
		lapic_eoi();
		return;
	}
	if (tf->vector == VECTOR_SPURIOUS)
		return;
	if (tf->vector >= VECTOR_IRQ0 &&
	    tf->vector < VECTOR_IRQ0 + IRQ_PINS_MAX) {
		if (irq_dispatch((int)(tf->vector - VECTOR_IRQ0)))
			log_warn("interrupt on GSI %lu with no handler",
				 (unsigned long)(tf->vector - VECTOR_IRQ0));
		lapic_eoi();
		return;
	}
	if (tf->vector > 32) {
		lapic_eoi();
		log_warn("unexpected interrupt vector %lu",
			 (unsigned long)tf->vector);
		return;
	}

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	if (tf->cs & 3) {
		user_fault(tf, cr2);
		return;
	}
	log_err("kernel exception: %s (vector %lu)",
		tf->vector < 32 && exc_names[tf->vector] ? exc_names[tf->vector]
							 : "reserved",
		(unsigned long)tf->vector);
	dump_regs(tf, cr2);
	panic("unhandled kernel exception");
}

void arch_idle(void)
{
	__asm__ volatile("sti\n\thlt\n\tcli" : : : "memory");
}

void arch_poweroff(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	/* Firecracker stops on an i8042 reset; QEMU with -no-reboot stops
	 * on the triple fault a zero-length IDT causes. */
	outb(0x64, 0xfe);
	__asm__ volatile("lidt %0\n\tint3" : : "m"(none));
	for (;;)
		__asm__ volatile("hlt");
}

bool arch_hw_random(uint64_t *out)
{
	uint32_t r[4];
	unsigned char ok;

	cpuid(1, 0, r);
	if (!(r[2] & (1u << 30)))
		return false;
	for (int i = 0; i < 10; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

uint64_t arch_hwcap(void)
{
	return hwcap_edx;
}

uint64_t arch_hwcap2(void)
{
	return hwcap2;
}

const char *arch_platform(void)
{
	return "x86_64";
}

const char *arch_uname_machine(void)
{
	return "x86_64";
}

uint16_t arch_elf_machine(void)
{
	return 62 /* EM_X86_64 */;
}
