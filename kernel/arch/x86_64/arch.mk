# x86_64 (QEMU microvm, Firecracker): PVH entry, higher-half kernel.
ARCH_CFLAGS := -m64 -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-pic -fno-pie -fcf-protection=none
ARCH_LIBS :=
FDT_HDRS :=
OBJFMT := elf64-x86-64
BFDARCH := i386:x86-64
SYSCALL_H := /usr/include/x86_64-linux-musl/bits/syscall.h
# The boot image drops debug sections; $(IMAGE).elf keeps them for gdb.
IMAGE_POST = $(OBJCOPY) --strip-debug $(IMAGE).elf $(IMAGE)
