/* SPDX-License-Identifier: MIT */
/*
 * boot.S: arm64 entry through the Linux Image header. We arrive with the
 * MMU off, x0 holding the DTB's physical address, at EL2 or EL1. We drop
 * to EL1, map the image at its link address and the first 8 GiB of RAM in
 * the direct map with temporary 2 MiB and 1 GiB blocks, turn the MMU on
 * and jump to arm64_start. kernel/core builds the real tables later.
 */
#define MAIR_VALUE 0x44ff04	/* attr0 device nGnRE, attr1 WB, attr2 NC */
#define TCR_VALUE 0xb5103510	/* 48-bit VA both halves, 4K, WB, inner sh. */
#define SCTLR_VALUE 0x34d5d81d	/* MMU, caches, EL0 cache/counter ops; WXN
				   comes with the final tables */
#define SCTLR_OFF 0x30d00800	/* RES1 bits only: MMU and caches off */
#define BLOCK_NORMAL 0x0040000000000705	/* AF, inner sh., attr1, UXN */

.macro adr_l reg, sym
	adrp \reg, \sym
	add \reg, \reg, :lo12:\sym
.endm

	.section .head.text, "ax"
	.globl _head
_head:
	b primary_entry
	.long 0
	.quad 0			/* text_offset */
	.quad __image_size
	.quad 0xa		/* little-endian, 4K pages, anywhere in RAM */
	.quad 0, 0, 0
	.ascii "ARM\x64"
	.long 0

primary_entry:
	mov x19, x0		/* DTB */
	mrs x1, CurrentEL
	lsr x1, x1, #2
	cmp x1, #2
	b.ne at_el1

	/* EL2: give EL1 the counters, FP and the GIC system registers. */
	mov x1, #(1 << 31)	/* HCR_EL2.RW: EL1 is AArch64 */
	msr hcr_el2, x1
	mrs x1, cnthctl_el2
	orr x1, x1, #3
	msr cnthctl_el2, x1
	msr cntvoff_el2, xzr
	mov x1, #0x33ff
	msr cptr_el2, x1
	msr hstr_el2, xzr
	mrs x1, id_aa64pfr0_el1
	ubfx x1, x1, #24, #4
	cbz x1, 1f
	mrs x1, S3_4_C12_C9_5	/* ICC_SRE_EL2: SRE and Enable */
	orr x1, x1, #1
	orr x1, x1, #8
	msr S3_4_C12_C9_5, x1
1:	ldr x1, =SCTLR_OFF
	msr sctlr_el1, x1
	mov x1, #0x3c5		/* EL1h, all exceptions masked */
	msr spsr_el2, x1
	adr x1, at_el1
	msr elr_el2, x1
	eret

at_el1:
	ldr x1, =SCTLR_OFF
	msr sctlr_el1, x1
	isb
	adr_l x20, _head	/* physical load address */

	/* Clear .bss, which holds the boot tables and stack. */
	adr_l x1, __bss_start
	adr_l x2, __bss_end
2:	stp xzr, xzr, [x1], #16
	cmp x1, x2
	b.lo 2b

	/* Identity map of the first 2 MiB of the image, for the switch. */
	adr_l x0, boot_l0_id
	adr_l x1, boot_l1_id
	adr_l x2, boot_l2_id
	lsr x3, x20, #39
	and x3, x3, #511
	orr x4, x1, #3
	str x4, [x0, x3, lsl #3]
	lsr x3, x20, #30
	and x3, x3, #511
	orr x4, x2, #3
	str x4, [x1, x3, lsl #3]
	lsr x3, x20, #21
	and x3, x3, #511
	ldr x5, =BLOCK_NORMAL
	and x4, x20, #~0x1fffff
	orr x4, x4, x5
	str x4, [x2, x3, lsl #3]

	/* Kernel image at 0xffffffff80000000: L0[511] -> L1[510] -> L2. */
	adr_l x0, boot_l0_k
	adr_l x1, boot_l1_k
	adr_l x2, boot_l2_k
	orr x4, x1, #3
	str x4, [x0, #511 * 8]
	orr x4, x2, #3
	str x4, [x1, #510 * 8]
	ldr x6, =__image_blocks
	and x4, x20, #~0x1fffff
	orr x4, x4, x5
	mov x3, #0
3:	str x4, [x2, x3, lsl #3]
	add x4, x4, #0x200000
	add x3, x3, #1
	cmp x3, x6
	b.lo 3b

	/* Direct map, 0xffff800000000000 + PA: 8 GiB from the 1 GiB
	 * boundary below the image, in 1 GiB blocks. */
	adr_l x1, boot_l1_direct
	orr x4, x1, #3
	str x4, [x0, #256 * 8]
	lsr x3, x20, #30
	and x3, x3, #511
	and x4, x20, #~0x3fffffff
	orr x4, x4, x5
	add x6, x3, #8
	mov x7, #0x40000000
4:	str x4, [x1, x3, lsl #3]
	add x4, x4, x7
	add x3, x3, #1
	cmp x3, x6
	b.lo 4b

	/* Drop stale cache lines over what we wrote with caches off. */
	mrs x3, ctr_el0
	ubfx x3, x3, #16, #4
	mov x4, #4
	lsl x3, x4, x3		/* D-cache line size */
	adr_l x1, __bss_start
	adr_l x2, __bss_end
	sub x4, x3, #1
	bic x1, x1, x4
5:	dc ivac, x1
	add x1, x1, x3
	cmp x1, x2
	b.lo 5b
	dsb sy

	ldr x1, =MAIR_VALUE
	msr mair_el1, x1
	ldr x1, =TCR_VALUE
	mrs x2, id_aa64mmfr0_el1
	and x2, x2, #7		/* PARange */
	cmp x2, #5
	mov x3, #5
	csel x2, x2, x3, ls
	bfi x1, x2, #32, #3	/* IPS */
	msr tcr_el1, x1
	adr_l x1, boot_l0_id
	msr ttbr0_el1, x1
	msr ttbr1_el1, x0
	isb
	tlbi vmalle1
	dsb nsh
	isb
	ldr x1, =SCTLR_VALUE
	msr sctlr_el1, x1
	isb
	ldr x1, =higher_half
	br x1

	.text
higher_half:
	ldr x1, =boot_stack_top
	mov sp, x1
	ldr x1, =arm64_vectors
	msr vbar_el1, x1
	mov x1, #(3 << 20)	/* CPACR_EL1.FPEN: FP/SIMD for EL0 and libfdt */
	msr cpacr_el1, x1
	mov x1, #2		/* CNTKCTL_EL1.EL0VCTEN */
	msr cntkctl_el1, x1
	isb
	mov x0, x19
	mov x1, x20
	bl arm64_start
6:	wfi
	b 6b

	.bss
	.balign 4096
boot_l0_id:	.skip 4096
boot_l1_id:	.skip 4096
boot_l2_id:	.skip 4096
boot_l0_k:	.skip 4096
boot_l1_k:	.skip 4096
boot_l2_k:	.skip 4096
boot_l1_direct:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 65536
boot_stack_top:

	.section .note.GNU-stack, "", %progbits
