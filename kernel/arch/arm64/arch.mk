# arm64 (QEMU virt, Pi 5 under KVM): Linux Image header, DTB read by libfdt.
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -fno-pic -fno-pie \
	-mbranch-protection=none -I$(BUILD)/fdtinc
LIBFDT ?= $(firstword $(wildcard /usr/lib/aarch64-linux-gnu/libfdt.a /usr/lib/libfdt.a))
ARCH_LIBS := $(LIBFDT)
FDT_HDRS := $(BUILD)/fdtinc/libfdt.h
OBJFMT := elf64-littleaarch64
BFDARCH := aarch64
SYSCALL_H := /usr/include/aarch64-linux-musl/bits/syscall.h
# The Image is the flat binary QEMU and boot loaders take through -kernel.
IMAGE_POST = $(OBJCOPY) -O binary $(IMAGE).elf $(IMAGE)

ifeq ($(LIBFDT),)
# Said when a kernel is built, not when make starts: `make deps` must run.
LIBFDT = $(error libfdt.a for arm64 not found: run make deps (Debian package libfdt-dev, libfdt-dev:arm64 on an x86_64 host))
endif

# libfdt's headers sit in /usr/include beside the host C library's; expose
# only them, so the kernel never sees host libc headers.
$(BUILD)/fdtinc/libfdt.h: | $(KILN_STEP)
	@mkdir -p $(dir $@)
	$(Q)$(call step,LN $(dir $@)) sh -c 'for h in fdt.h libfdt.h libfdt_env.h; do \
		ln -sf /usr/include/$$h $(dir $@)$$h; done'
