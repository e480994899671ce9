/* SPDX-License-Identifier: MIT */
/* arch_abi.h: where arm64's Linux ABI differs from x86_64's; arm64 uses
 * the generic layouts. Core code reads these instead of testing the
 * target. */
#ifndef KILN_ARCH_ABI_H
#define KILN_ARCH_ABI_H

/* struct epoll_event has its natural 16-byte layout. */
#define ABI_EPOLL_PACKED

#endif
