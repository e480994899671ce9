# SPDX-License-Identifier: MIT
# lwip.mk: builds lwIP's IPv4 core into the kernel. The source is Debian's
# lwip package, fetched by tools/fetch-lwip.sh into a cache outside the
# tree; LWIP_SRC=DIR (a tree with src/core) uses another copy instead.

# This file is included before the Makefile's first target: keep `all`
# the default goal.
.DEFAULT_GOAL := all

LWIP_VERSION := 2.1.3+dfsg1
KILN_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kiln
ifeq ($(LWIP_SRC),)
LWIP_SRC := $(KILN_CACHE)/lwip-$(LWIP_VERSION)
LWIP_STAMP := $(LWIP_SRC)/.kiln-verified
else
LWIP_STAMP :=
ifeq ($(wildcard $(LWIP_SRC)/src/core/tcp.c),)
$(error LWIP_SRC=$(LWIP_SRC) holds no lwIP tree (no src/core/tcp.c))
endif
endif

# IPv4 TCP, UDP, DHCP, ARP and Ethernet; no DNS, raw, IGMP, AutoIP, IPv6,
# sockets or netconn (kernel/net/lwipopts.h turns them off).
LWIP_FILES := \
	src/core/def src/core/inet_chksum src/core/init src/core/ip \
	src/core/mem src/core/memp src/core/netif src/core/pbuf \
	src/core/stats src/core/tcp src/core/tcp_in src/core/tcp_out \
	src/core/timeouts \
	src/core/udp \
	src/core/ipv4/dhcp src/core/ipv4/etharp src/core/ipv4/icmp \
	src/core/ipv4/ip4 src/core/ipv4/ip4_addr src/core/ipv4/ip4_frag \
	src/netif/ethernet
LWIP_OBJ := $(patsubst %,$(BUILD)/lwip/%.o,$(LWIP_FILES))
LWIP_CSRC := $(patsubst %,$(LWIP_SRC)/%.c,$(LWIP_FILES))

# kernel/net holds lwipopts.h and arch/cc.h.
LWIP_CFLAGS := -Ikernel/net -I$(LWIP_SRC)/src/include
# lwIP's own code, untouched: silence what it trips among -Wall -Wextra,
# and keep the cache path out of file names in the binary.
LWIP_CFLAGS_OWN := -Wno-unused-but-set-variable \
	-ffile-prefix-map=$(LWIP_SRC)/=lwip/

$(LWIP_OBJ): $(BUILD)/lwip/%.o: $(LWIP_SRC)/%.c | $(KILN_STEP)
	$(call msg,CC,lwip/$*.c)
	@mkdir -p $(dir $@)
	$(Q)$(call step,CC $@) $(CC) $(CFLAGS_KERNEL) $(LWIP_CFLAGS) $(LWIP_CFLAGS_OWN) -c $< -o $@

# kiln's port and anything else in kernel/net sees lwIP's headers.
LWIP_USERS := $(filter $(BUILD)/kernel/net/%,$(KOBJ))
$(LWIP_USERS): CFLAGS_KERNEL += $(LWIP_CFLAGS)

ifneq ($(LWIP_STAMP),)
# The sources appear when the fetch script has run; it is quiet when the
# cache already holds them.
$(LWIP_CSRC) $(LWIP_USERS): | $(LWIP_STAMP)
$(LWIP_STAMP): | $(KILN_STEP)
	$(Q)$(call step,FETCH lwip $(LWIP_VERSION)) sh tools/fetch-lwip.sh
endif

lwip: $(LWIP_OBJ)
.PHONY: lwip

-include $(LWIP_OBJ:.o=.d)
