/* SPDX-License-Identifier: MIT */
/* entry.S: x86_64 interrupt, exception and syscall entry and the way out
 * to user mode. Every entry builds a struct trapframe (arch.h) on the one
 * kernel stack. */

#define USER_CS 0x2b
#define USER_SS 0x23

.macro SAVE_REGS
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
.endm

.macro RESTORE_REGS
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
.endm

/* Vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30. */
.macro VECTOR n
	.balign 16
vector_\n:
	.if !(\n == 8 || (\n >= 10 && \n <= 14) || \n == 17 || \n == 21 || \n == 29 || \n == 30)
	push $0
	.endif
	push $\n
	jmp trap_common
.endm

	.text
	.altmacro
	.globl x86_vectors
	.balign 16
x86_vectors:
	.set i, 0
	.rept 256
	VECTOR %i
	.set i, i + 1
	.endr

trap_common:
	SAVE_REGS
	mov %rsp, %rdi
	cld
	call x86_trap
	RESTORE_REGS
	add $16, %rsp
	iretq

/* syscall: rcx = user rip, r11 = user rflags, interrupts masked by FMASK. */
	.globl x86_syscall_entry
x86_syscall_entry:
	mov %rsp, user_rsp(%rip)
	lea boot_stack_top(%rip), %rsp
	push $USER_SS
	push user_rsp(%rip)
	push %r11
	push $USER_CS
	push %rcx
	push $0
	push $-1
	SAVE_REGS
	mov %rsp, %rdi
	cld
	call x86_syscall
	RESTORE_REGS
	add $16, %rsp
	pop %rcx		/* rip */
	add $8, %rsp
	pop %r11		/* rflags */
	pop %rsp
	sysretq

/* x86_enter_user(entry, sp): all registers zero, as the ABI asks. */
	.globl x86_enter_user
x86_enter_user:
	lea boot_stack_top(%rip), %rsp
	push $USER_SS
	push %rsi
	push $0x202		/* IF */
	push $USER_CS
	push %rdi
	xor %eax, %eax
	xor %ebx, %ebx
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %ebp, %ebp
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d
	xor %r12d, %r12d
	xor %r13d, %r13d
	xor %r14d, %r14d
	xor %r15d, %r15d
	mov %ax, %ds
	mov %ax, %es
	iretq

	.bss
	.balign 8
user_rsp: .quad 0

	.section .note.GNU-stack, "", @progbits
