# SPDX-License-Identifier: MIT
# httpd.mk: kiln-httpd, the static-file server (apps/httpd), and its tests.
#   make httpd              build/httpd/{x86_64,arm64}/kiln-httpd (static musl)
#   make httpd-unit         cmocka tests of the pure parts (tests/httpd)
#   make httpd-fuzz         libFuzzer on the parser for FUZZ_SECONDS (60)
#   make httpd-conformance  the raw-socket suite against the native binary

HTTPD_DIR := build/httpd
HTTPD_SRC := $(wildcard apps/httpd/*.c)
HTTPD_HDR := $(wildcard apps/httpd/*.h)
HTTPD_ARCHES := x86_64 arm64
HTTPD_CC_x86_64 := x86_64-linux-musl-gcc
HTTPD_CC_arm64 := aarch64-linux-musl-gcc
HTTPD_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Werror=implicit-function-declaration \
	-D_GNU_SOURCE -DHTTPD_VERSION='"$(VERSION)"' -MMD -MP
HTTPD_BINS := $(HTTPD_ARCHES:%=$(HTTPD_DIR)/%/kiln-httpd)
# The one that runs here, for the conformance suite.
HTTPD_NATIVE := $(HTTPD_DIR)/$(HOST_ARCH)/kiln-httpd

.PHONY: httpd httpd-unit httpd-fuzz httpd-conformance httpd-clean

httpd: $(HTTPD_BINS)

define httpd_arch
$(HTTPD_DIR)/$(1)/obj/%.o: apps/httpd/%.c | $$(KILN_STEP)
	$$(call msg,CC,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(call step,CC $$@) $$(HTTPD_CC_$(1)) $$(HTTPD_CFLAGS) -c $$< -o $$@

$(HTTPD_DIR)/$(1)/kiln-httpd: \
		$(patsubst apps/httpd/%.c,$(HTTPD_DIR)/$(1)/obj/%.o,$(HTTPD_SRC)) \
		| $$(KILN_STEP)
	$$(call msg,LD,$$@)
	$$(Q)$$(call step,LD $$@) $$(HTTPD_CC_$(1)) -static -o $$@ $$^
endef
$(foreach a,$(HTTPD_ARCHES),$(eval $(call httpd_arch,$(a))))

-include $(wildcard $(HTTPD_DIR)/*/obj/*.d)

# --- host unit tests (cmocka), with the sanitizers -------------------------
HTTPD_UNIT := $(HTTPD_DIR)/unit
HTTPD_HOSTCFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -D_GNU_SOURCE \
	-Werror=implicit-function-declaration \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -Iapps/httpd
HTTPD_PURE := parse path range cond date encoding mime resp
HTTPD_PURE_SRC := $(HTTPD_PURE:%=apps/httpd/%.c)
HTTPD_TESTS := $(patsubst tests/httpd/test_%.c,%,\
	$(wildcard tests/httpd/test_*.c))
HTTPD_TEST_BINS := $(HTTPD_TESTS:%=$(HTTPD_UNIT)/test_%)

$(HTTPD_UNIT)/test_%: tests/httpd/test_%.c tests/httpd/unit.h \
		$(HTTPD_PURE_SRC) $(HTTPD_HDR)
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HTTPD_HOSTCFLAGS) -o $@ $< $(HTTPD_PURE_SRC) -lcmocka

httpd-unit: $(HTTPD_TEST_BINS)
	@fail=0; for t in $(HTTPD_TEST_BINS); do $$t || fail=1; done; \
	if [ $$fail -ne 0 ]; then echo "httpd-unit: FAILED" >&2; fi; exit $$fail

# --- libFuzzer on the scanner and parser -----------------------------------
FUZZ_SECONDS ?= 60
HTTPD_FUZZ := $(HTTPD_DIR)/fuzz
HTTPD_FUZZ_SRC := parse path range cond date encoding
$(HTTPD_FUZZ)/fuzz_parse: tests/httpd/fuzz_parse.c \
		$(HTTPD_FUZZ_SRC:%=apps/httpd/%.c) $(HTTPD_HDR)
	$(call msg,CLANG,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -O1 -g -D_GNU_SOURCE -Iapps/httpd \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $< \
		$(HTTPD_FUZZ_SRC:%=apps/httpd/%.c)

httpd-fuzz: $(HTTPD_FUZZ)/fuzz_parse
	@mkdir -p $(HTTPD_FUZZ)/corpus $(HTTPD_FUZZ)/crashes
	@echo "  FUZZ    parser, $(FUZZ_SECONDS) s (corpus $(HTTPD_FUZZ)/corpus)"
	$(Q)$(HTTPD_FUZZ)/fuzz_parse -max_total_time=$(FUZZ_SECONDS) \
		-max_len=4096 -print_final_stats=1 \
		-dict=tests/httpd/fuzz_http.dict \
		-artifact_prefix=$(HTTPD_FUZZ)/crashes/ \
		$(HTTPD_FUZZ)/corpus tests/httpd/fuzz-seeds

# --- the conformance suite against the native binary -----------------------
httpd-conformance: $(HTTPD_NATIVE)
	$(Q)sh tests/httpd/run-conformance.sh $(HTTPD_NATIVE) $(HTTPD_DIR)/conformance

httpd-clean:
	rm -rf $(HTTPD_DIR)
