# SPDX-License-Identifier: MIT
# kiln.mk: kiln's build rules (the Makefile includes this file). `make
# kernel` builds build/ARCH/kernel.o (the kernel, linked relocatable with
# libfdt on arm64); `make image` links it with an application into a
# bootable image; `make` (all) builds kiln-httpd's image with site/.
# Every step runs under build/host/kiln-step, which records its peak
# memory and wall time (tools/build.sh sums them up).

HOST_ARCH := $(shell uname -m | sed -e 's/aarch64/arm64/' -e 's/amd64/x86_64/')
ARCH ?= $(HOST_ARCH)
V ?= 0
LTO ?= 0
BUILD ?= build/$(ARCH)$(if $(filter 1,$(LTO)),-lto)
VERSION := $(shell cat VERSION)

# A recipe that fails, or a step over MEMBUDGET, leaves no target behind.
.DELETE_ON_ERROR:

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

# make -s (a single-letter flag, first in MAKEFLAGS): no step lines either.
ifeq ($(V),1)
Q :=
msg = @true
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
Q := @
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif

all: kiln-httpd-image

# Every build step runs as $(call step,NAME) COMMAND...; the name is the
# verb and the target, so steps of both architectures stay apart.
KILN_STEP := build/host/kiln-step
export KILN_REPORT ?= $(CURDIR)/build/report/current.tsv
step = $(KILN_STEP) '$(1)' --

include kernel/arch/$(ARCH)/arch.mk

# No output names the build folder: file names go through -ffile-prefix-map,
# debug information's compilation folder (DW_AT_comp_dir) through
# -fdebug-prefix-map, so kernel.o and IMAGE.elf built anywhere are the same.
CFLAGS_KERNEL := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
	-Wno-unused-parameter -ffreestanding -fno-builtin-printf -fno-common \
	-fno-stack-protector -fno-strict-aliasing -fno-tree-loop-distribute-patterns -fno-omit-frame-pointer \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Ikernel/include -Ikernel/include/libc -Ikernel/arch/$(ARCH) -I$(BUILD)/gen \
	-ffile-prefix-map=$(CURDIR)/= -fdebug-prefix-map=$(CURDIR)=. -DKILN_VERSION='"$(VERSION)"' \
	-MMD -MP $(ARCH_CFLAGS)

# Link-time optimisation (LTO=1, off by default): objects carry GCC's
# intermediate code and kernel.o is optimised as a whole when it is linked;
# they live in build/ARCH-lto. One LTRANS job at a time, so the link's
# processes follow each other and a rusage peak is the whole step's.
ifeq ($(LTO),1)
CFLAGS_KERNEL += -flto=1 -ffat-lto-objects
KERNEL_LINK = $(CC) $(CFLAGS_KERNEL) -nostdlib -r -flinker-output=nolto-rel
else
KERNEL_LINK = $(LD) -r
endif

CORE_SRC := $(wildcard kernel/core/*.c kernel/drivers/*.c kernel/net/*.c kernel/fs/*.c)
ARCH_SRC := $(wildcard kernel/arch/$(ARCH)/*.c) $(wildcard kernel/arch/$(ARCH)/*.S)
KOBJ := $(patsubst %,$(BUILD)/%.o,$(basename $(CORE_SRC) $(ARCH_SRC)))

# lwIP (mk/lwip.mk): fetched from Debian's source package into a cache
# outside the tree; adds LWIP_OBJ and LWIP_CFLAGS.
-include mk/lwip.mk
-include mk/httpd.mk
-include mk/bench.mk

.PHONY: all kernel image clean test check demo hello unit guest lint format deps host-tools \
	kiln-httpd-image build-report

kernel: $(BUILD)/kernel.o

$(BUILD)/gen/sysnames.h: tools/gen-sysnames.sh $(SYSCALL_H) | $(KILN_STEP)
	$(call msg,GEN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(call step,GEN $@) sh -c 'sh tools/gen-sysnames.sh $(SYSCALL_H) > $@.tmp' && mv $@.tmp $@

$(KOBJ): $(BUILD)/gen/sysnames.h $(FDT_HDRS)

$(BUILD)/%.o: %.c | $(KILN_STEP)
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(call step,CC $@) $(CC) $(CFLAGS_KERNEL) -c $< -o $@

$(BUILD)/%.o: %.S | $(KILN_STEP)
	$(call msg,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(call step,AS $@) $(CC) $(CFLAGS_KERNEL) -D__ASSEMBLY__ -c $< -o $@

# For tests/build: TEST_STEP='COMMAND' adds a step to the kernel's build
# (a program that takes a known amount of memory).
ifneq ($(TEST_STEP),)
TEST_STEP_STAMP := $(BUILD)/test-step.stamp
$(TEST_STEP_STAMP): FORCE | $(KILN_STEP)
	$(call msg,TEST,$(TEST_STEP))
	@mkdir -p $(dir $@)
	$(Q)$(call step,TEST $(TEST_STEP)) $(TEST_STEP)
	@touch $@
endif
FORCE:

$(BUILD)/kernel.o: $(KOBJ) $(LWIP_OBJ) $(ARCH_LIBS) $(TEST_STEP_STAMP) | $(KILN_STEP)
	$(call msg,LD,$@)
	$(Q)$(call step,LD $@) $(KERNEL_LINK) -o $@ $(KOBJ) $(LWIP_OBJ) $(ARCH_LIBS)


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
	$(Q)$(call step,PACK $(IMAGE).cpio) sh tools/pack-rootfs.sh $(IMAGE).cpio "$(APP)" "$(APP_NAME)" "$(FILES)"
ifeq ($(INITRD),1)
	$(call msg,LD,$(IMAGE))
	$(Q)$(call step,LD $(IMAGE).elf) $(LD) $(IMAGE_LDFLAGS) -o $(IMAGE).elf $(BUILD)/kernel.o
else
	$(Q)mv $(IMAGE).cpio $(IMAGE).rootfs.bin
	$(Q)cd $(dir $(IMAGE)) && $(CURDIR)/$(call step,OBJCOPY $(IMAGE).rootfs.o) \
		$(OBJCOPY) -I binary -O $(OBJFMT) -B $(BFDARCH) \
		--rename-section .data=.rootfs,alloc,load,readonly,data,contents \
		$(notdir $(IMAGE)).rootfs.bin $(notdir $(IMAGE)).rootfs.o
	$(call msg,LD,$(IMAGE))
	$(Q)$(call step,LD $(IMAGE).elf) $(LD) $(IMAGE_LDFLAGS) -o $(IMAGE).elf $(BUILD)/kernel.o $(IMAGE).rootfs.o
	$(Q)rm -f $(IMAGE).rootfs.o $(IMAGE).rootfs.bin
endif
	$(Q)$(call step,OBJCOPY $(IMAGE)) $(IMAGE_POST)
	$(Q)$(if $(KILN_IMAGES),echo "$(abspath $(IMAGE))" >>$(KILN_IMAGES))
	$(Q)$(if $(filter 1,$(MANIFEST)),$(MANIFEST_CMD))

# The default build: kiln-httpd with the demo site, and its manifest.
# The image is a part of this build (KILN_INNER=1), never a build of its
# own: with other goals beside (make clean all) it must not report alone.
# Files from git carry the commit's time (git keeps no file times), so two
# clean builds of one commit give the same image; outside git (a source
# tarball, a container build without .git) pass SOURCE_DATE_EPOCH.
KILN_SDE = $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null))
HTTPD_IMAGE := $(BUILD)/kiln-httpd
kiln-httpd-image: $(HTTPD_IMAGE)
$(HTTPD_IMAGE): $(BUILD)/kernel.o $(HTTPD_DIR)/$(ARCH)/kiln-httpd \
		build/host/kiln-elfcheck $(shell find site) tools/pack-rootfs.sh \
		tools/manifest.sh kernel/arch/$(ARCH)/kernel.ld
	$(Q)$(MAKE) --no-print-directory image APP=$(HTTPD_DIR)/$(ARCH)/kiln-httpd \
		FILES=site IMAGE=$(HTTPD_IMAGE) MANIFEST=1 KILN_INNER=1 \
		$(if $(KILN_SDE),SOURCE_DATE_EPOCH=$(KILN_SDE))

# The manifest beside an image: what went in and how it was made.
MANIFEST ?= 0
MANIFEST_CMD = $(call step,MANIFEST $(IMAGE).manifest) sh tools/manifest.sh \
	$(IMAGE) $(ARCH) "$(APP)" "$(FILES)" "$(CC)" "$(LD)" "$(LTO)" \
	"$(LWIP_SRC)" "$(ARCH_LIBS)" "$(CFLAGS_KERNEL)" "$(BUILD)" "$(HTTPD_DIR)/$(ARCH)"

# Host tools: the kernel's ELF checks, run before a VM starts.
HOSTCC ?= cc
build/host/kiln-elfcheck: tools/elfcheck.c kernel/core/elf.c kernel/include/kiln/elf.h | $(KILN_STEP)
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(call step,HOSTCC $@) $(HOSTCC) -O2 -Wall -Wextra -Ikernel/include -o $@ tools/elfcheck.c kernel/core/elf.c

# The step recorder measures itself: a first copy runs the real compile.
$(KILN_STEP): tools/kiln-step.c
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -o $@.boot $< && \
		$@.boot 'HOSTCC $@' -- $(HOSTCC) -O2 -Wall -Wextra -o $@ $< && rm -f $@.boot

# The last build's steps, largest peak first, beside the build before.
build-report:
	@sh tools/build-report.sh build/report

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
