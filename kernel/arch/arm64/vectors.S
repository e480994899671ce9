/* SPDX-License-Identifier: MIT */
/* vectors.S: arm64 exception vectors. Every entry saves a struct
 * trapframe (arm64.h) and calls arm64_trap(frame, kind). */
#define FRAME 288

.macro VEC kind
	.balign 0x80
	sub sp, sp, #FRAME
	stp x0, x1, [sp, #0]
	mov x1, #\kind
	b trap_common
.endm

	.text
	.balign 2048
	.globl arm64_vectors
arm64_vectors:
	VEC 0		/* EL1 with SP_EL0: sync, irq, fiq, serror */
	VEC 1
	VEC 2
	VEC 3
	VEC 4		/* EL1 with SP_EL1 */
	VEC 5
	VEC 6
	VEC 7
	VEC 8		/* EL0, AArch64 */
	VEC 9
	VEC 10
	VEC 11
	VEC 12		/* EL0, AArch32 */
	VEC 13
	VEC 14
	VEC 15

trap_common:
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x16, x17, [sp, #128]
	stp x18, x19, [sp, #144]
	stp x20, x21, [sp, #160]
	stp x22, x23, [sp, #176]
	stp x24, x25, [sp, #192]
	stp x26, x27, [sp, #208]
	stp x28, x29, [sp, #224]
	mrs x2, sp_el0
	stp x30, x2, [sp, #240]
	mrs x2, elr_el1
	mrs x3, spsr_el1
	stp x2, x3, [sp, #256]
	mrs x2, esr_el1
	mrs x3, far_el1
	stp x2, x3, [sp, #272]
	mov x0, sp
	bl arm64_trap
	/* fall through */
	.globl arm64_trap_return
arm64_trap_return:
	ldp x2, x3, [sp, #256]
	msr elr_el1, x2
	msr spsr_el1, x3
	ldp x30, x2, [sp, #240]
	msr sp_el0, x2
	ldp x0, x1, [sp, #0]
	ldp x2, x3, [sp, #16]
	ldp x4, x5, [sp, #32]
	ldp x6, x7, [sp, #48]
	ldp x8, x9, [sp, #64]
	ldp x10, x11, [sp, #80]
	ldp x12, x13, [sp, #96]
	ldp x14, x15, [sp, #112]
	ldp x16, x17, [sp, #128]
	ldp x18, x19, [sp, #144]
	ldp x20, x21, [sp, #160]
	ldp x22, x23, [sp, #176]
	ldp x24, x25, [sp, #192]
	ldp x26, x27, [sp, #208]
	ldp x28, x29, [sp, #224]
	add sp, sp, #FRAME
	eret

/* arm64_enter_user(entry, sp): EL0 with every register zero. */
	.globl arm64_enter_user
arm64_enter_user:
	ldr x2, =boot_stack_top
	mov sp, x2
	msr elr_el1, x0
	msr sp_el0, x1
	msr spsr_el1, xzr	/* EL0t, interrupts unmasked */
	.irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	mov x\r, xzr
	.endr
	msr tpidr_el0, xzr
	isb
	eret

	.section .note.GNU-stack, "", %progbits
