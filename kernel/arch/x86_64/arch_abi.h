/* SPDX-License-Identifier: MIT */
/* arch_abi.h: where x86_64's Linux ABI differs from the generic one that
 * arm64 uses. Core code reads these instead of testing the target. */
#ifndef KILN_ARCH_ABI_H
#define KILN_ARCH_ABI_H

/* struct epoll_event is packed to 12 bytes. */
#define ABI_EPOLL_PACKED __attribute__((packed))

#endif
