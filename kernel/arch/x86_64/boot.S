/* SPDX-License-Identifier: MIT */
/*
 * boot.S: x86_64 entry through PVH. QEMU (microvm) and Firecracker start
 * us in 32-bit protected mode, paging off, %ebx pointing at the
 * hvm_start_info. We build page tables that map the first 4 GiB three
 * ways (identity, direct map, kernel image), enter long mode and jump to
 * the higher half.
 */
#define KVMA 0xffffffff80000000
#define PHYS(x) ((x) - KVMA)

	.section .note.Xen, "a"
	.balign 4
	.long 4			/* name size */
	.long 8			/* descriptor size */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.quad PHYS(pvh_start32)

	.section .boot.text, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cli
	cld
	mov %ebx, %esi

	/* .bss holds the boot tables and stack: clear it first. */
	mov $PHYS(__bss_start), %edi
	mov $PHYS(__bss_end), %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb

	/* Four page directories of 2 MiB pages: 0-4 GiB. */
	mov $PHYS(boot_pd), %edi
	mov $0x83, %eax		/* present, writable, 2 MiB */
	mov $2048, %ecx
1:	mov %eax, (%edi)
	movl $0, 4(%edi)
	add $0x200000, %eax
	add $8, %edi
	loop 1b

	/* One PDPT for identity and direct map, one for the kernel. */
	mov $PHYS(boot_pd), %eax
	or $3, %eax
	mov $PHYS(boot_pdpt), %edi
	mov $4, %ecx
2:	mov %eax, (%edi)
	add $4096, %eax
	add $8, %edi
	loop 2b
	mov $PHYS(boot_pd), %eax
	or $3, %eax
	mov %eax, PHYS(boot_pdpt_high) + 510 * 8	/* -2 GiB -> 0 */

	mov $PHYS(boot_pdpt), %eax
	or $3, %eax
	mov %eax, PHYS(boot_pml4)		/* identity */
	mov %eax, PHYS(boot_pml4) + 256 * 8	/* direct map */
	mov $PHYS(boot_pdpt_high), %eax
	or $3, %eax
	mov %eax, PHYS(boot_pml4) + 511 * 8	/* kernel image */

	mov %cr4, %eax
	or $0x20, %eax		/* PAE */
	mov %eax, %cr4
	mov $PHYS(boot_pml4), %eax
	mov %eax, %cr3

	mov $0x80000001, %eax	/* NX available? */
	cpuid
	mov $0x101, %eax	/* EFER.LME | EFER.SCE */
	bt $20, %edx
	jnc 3f
	or $0x800, %eax		/* EFER.NXE */
3:	mov $0xc0000080, %ecx
	xor %edx, %edx
	wrmsr

	mov %cr0, %eax
	or $0x80010001, %eax	/* PG | WP | PE */
	mov %eax, %cr0

	lgdt PHYS(boot_gdt_ptr)
	ljmp $0x08, $PHYS(long_mode)

	.code64
long_mode:
	mov $0x10, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	movabs $higher_half, %rax
	jmp *%rax

	.text
higher_half:
	lea boot_stack_top(%rip), %rsp
	xor %ebp, %ebp
	mov %esi, %edi		/* start info, physical */
	call x86_start
4:	hlt
	jmp 4b

	.section .rodata
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 64-bit code */
	.quad 0x00cf92000000ffff	/* data */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.bss
	.balign 4096
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4096 * 4
	.globl boot_stack_top
boot_stack:	.skip 65536
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
