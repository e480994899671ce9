# SPDX-License-Identifier: MIT
# kiln: top-level build. `make ARCH=x86_64|arm64` builds build/ARCH/kernel.o
# (the kernel, linked relocatable with libfdt on arm64); `make image` links it
# with an application into a bootable image.

HOST_ARCH := $(shell uname -m | sed -e 's/aarch64/arm64/' -e 's/amd64/x86_64/')
ARCH ?= $(HOST_ARCH)
V ?= 0
BUILD ?= build/$(ARCH)
VERSION := $(shell cat VERSION)

ifeq ($(filter $(ARCH),x86_64 arm64),)
$(error ARCH must be x86_64 or arm64, not '$(ARCH)')
endif

GNU_x86_64 := x86_64-linux-gnu
GNU_arm64 := aarch64-linux-gnu
# The cross prefix is used only when host and target differ.
ifeq ($(ARCH),$(HOST_ARCH))
CROSS ?=
else
CROSS ?= $(GNU_$(ARCH))-
endif

CC := $(CROSS)gcc
LD := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
AR := $(CROSS)ar

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif

all: kernel

include kernel/arch/$(ARCH)/arch.mk

CFLAGS_KERNEL := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
	-Wno-unused-parameter -ffreestanding -fno-builtin-printf -fno-common \
	-fno-stack-protector -fno-strict-aliasing -fno-tree-loop-distribute-patterns -fno-omit-frame-pointer \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Ikernel/include -Ikernel/include/libc -Ikernel/arch/$(ARCH) -I$(BUILD)/gen \
	-ffile-prefix-map=$(CURDIR)/= -DKILN_VERSION='"$(VERSION)"' \
	-MMD -MP $(ARCH_CFLAGS)

CORE_SRC := $(wildcard kernel/core/*.c kernel/drivers/*.c kernel/net/*.c kernel/fs/*.c)
ARCH_SRC := $(wildcard kernel/arch/$(ARCH)/*.c) $(wildcard kernel/arch/$(ARCH)/*.S)
KOBJ := $(patsubst %,$(BUILD)/%.o,$(basename $(CORE_SRC) $(ARCH_SRC)))

# lwIP (mk/lwip.mk): fetched from Debian's source package into a cache
# outside the tree; adds LWIP_OBJ and LWIP_CFLAGS.
-include mk/lwip.mk
-include mk/httpd.mk

.PHONY: all kernel image clean test check demo hello unit guest lint format deps host-tools

kernel: $(BUILD)/kernel.o

$(BUILD)/gen/sysnames.h: tools/gen-sysnames.sh $(SYSCALL_H)
	$(call msg,GEN,$@)
	@mkdir -p $(dir $@)
	$(Q)sh tools/gen-sysnames.sh $(SYSCALL_H) > $@.tmp && mv $@.tmp $@

$(KOBJ): $(BUILD)/gen/sysnames.h $(FDT_HDRS)

$(BUILD)/%.o: %.c
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_KERNEL) -c $< -o $@

$(BUILD)/%.o: %.S
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_KERNEL) -D__ASSEMBLY__ -c $< -o $@

$(BUILD)/kernel.o: $(KOBJ) $(LWIP_OBJ) $(ARCH_LIBS)
	$(call msg,LD,$@)
	$(Q)$(LD) -r -o $@ $(KOBJ) $(LWIP_OBJ) $(ARCH_LIBS)

# Packing: the program (as /bin/APP_NAME) and the tree FILES go into a cpio
# archive (tools/pack-rootfs.sh) that travels as the image's .rootfs
# section, or, with INITRD=1, beside the image as IMAGE.cpio for the boot
# loader to pass (QEMU -initrd).
APP ?=
APP_NAME ?= $(notdir $(APP))
FILES ?=
INITRD ?= 0
IMAGE ?= $(BUILD)/image
IMAGE_LDFLAGS = -n -z max-page-size=4096 -z noexecstack --build-id=none \
	-T kernel/arch/$(ARCH)/kernel.ld
image: $(BUILD)/kernel.o host-tools
	@test -n "$(APP)" || { echo "make image: set APP=path/to/static/program" >&2; exit 2; }
	@test "$$(build/host/kiln-elfcheck "$(APP)")" = $(ARCH) || \
		{ echo "make image: $(APP) is not a static $(ARCH) program" >&2; exit 2; }
	@mkdir -p $(dir $(IMAGE))
	$(call msg,PACK,$(IMAGE).cpio)
	$(Q)sh tools/pack-rootfs.sh $(IMAGE).cpio "$(APP)" "$(APP_NAME)" "$(FILES)"
ifeq ($(INITRD),1)
	$(call msg,LD,$(IMAGE))
	$(Q)$(LD) $(IMAGE_LDFLAGS) -o $(IMAGE).elf $(BUILD)/kernel.o
else
	$(Q)mv $(IMAGE).cpio $(IMAGE).rootfs.bin
	$(Q)cd $(dir $(IMAGE)) && $(OBJCOPY) -I binary -O $(OBJFMT) -B $(BFDARCH) \
		--rename-section .data=.rootfs,alloc,load,readonly,data,contents \
		$(notdir $(IMAGE)).rootfs.bin $(notdir $(IMAGE)).rootfs.o
	$(call msg,LD,$(IMAGE))
	$(Q)$(LD) $(IMAGE_LDFLAGS) -o $(IMAGE).elf $(BUILD)/kernel.o $(IMAGE).rootfs.o
	$(Q)rm -f $(IMAGE).rootfs.o $(IMAGE).rootfs.bin
endif
	$(Q)$(IMAGE_POST)

# Host tools: the kernel's ELF checks, run before a VM starts.
HOSTCC ?= cc
build/host/kiln-elfcheck: tools/elfcheck.c kernel/core/elf.c kernel/include/kiln/elf.h
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -Ikernel/include -o $@ tools/elfcheck.c kernel/core/elf.c

host-tools: build/host/kiln-elfcheck

deps:
	@sh tools/deps.sh
	@sh tools/fetch-lwip.sh

# Formatting and static analysis over kiln's own C (never third-party).
C_SOURCES = $(shell git ls-files '*.c' '*.h')
format:
	clang-format -i $(C_SOURCES)

lint: $(BUILD)/gen/sysnames.h $(FDT_HDRS)
	@echo "  LINT    clang-format"
	$(Q)clang-format --dry-run --Werror $(C_SOURCES)
	@echo "  LINT    cppcheck ($(ARCH))"
	$(Q)cppcheck -q --enable=warning,portability --error-exitcode=1 \
		--suppress=comparePointers --inline-suppr \
		-Ikernel/include -Ikernel/include/libc -Ikernel/arch/$(ARCH) \
		-I$(BUILD)/gen -I$(BUILD)/fdtinc -DKILN_VERSION='"lint"' \
		kernel/core kernel/fs kernel/net kernel/drivers \
		kernel/arch/$(ARCH) tools

unit:
	$(Q)$(MAKE) -s -C tests/unit run

guest:
	$(Q)bash tests/guest/run.sh

# The README's two commands, and a run of examples/hello on both ports.
demo: deps
	$(Q)bash tools/demo.sh

hello: deps
	$(Q)bash tools/hello.sh

test check: deps
	$(Q)bash tests/run-all.sh

-include $(KOBJ:.o=.d)

clean:
	rm -rf build
