# SPDX-License-Identifier: MIT
# kiln: top-level build. The rules live in mk/kiln.mk; this file decides
# how they run. A build (the goals below, alone) goes through
# tools/build.sh, which measures every step, lowers -j when memory is
# short, and ends with a summary; any other goal (test, lint, clean, ...)
# runs directly.
#   make                   kernel, kiln-httpd and its image with site/
#   make ARCH=arm64        the same for the other architecture
#   make build-report      the last build's steps by peak memory
#   MEMBUDGET=64M LTO=1 V=1 ARCH=x86_64|arm64   (README: Building)

BUILD_GOALS := all kernel image httpd host-tools lwip
KILN_GOALS := $(or $(MAKECMDGOALS),all)
# make clean all (clean first, then build goals): a clean build, measured.
KILN_CLEAN := $(and $(filter clean,$(firstword $(KILN_GOALS))),$(word 2,$(KILN_GOALS)))
KILN_BUILD := $(if $(KILN_CLEAN),$(wordlist 2,$(words $(KILN_GOALS)),$(KILN_GOALS)),$(KILN_GOALS))

ifeq ($(KILN_INNER)$(filter-out $(BUILD_GOALS),$(KILN_BUILD)),)
.PHONY: $(KILN_GOALS) kiln-build
$(KILN_GOALS): kiln-build
	@:
kiln-build:
	$(if $(KILN_CLEAN),rm -rf build)
	+@bash tools/build.sh $(KILN_BUILD)
else
include mk/kiln.mk
endif
