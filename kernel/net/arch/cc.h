/* SPDX-License-Identifier: MIT */
/* cc.h: lwIP's compiler and platform port for kiln (types, log, panic). */
#ifndef KILN_LWIP_CC_H
#define KILN_LWIP_CC_H

#include <kiln/log.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kiln's lwIP port assumes a little-endian CPU"
#endif
#define BYTE_ORDER LITTLE_ENDIAN

/* The kernel has no inttypes.h, ctype.h or unistd.h. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_UNISTD_H 1
#define X8_F "02x"
#define U16_F "hu"
#define S16_F "hd"
#define X16_F "hx"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/* ssize_t as on LP64 Linux, so it matches wherever else it is defined. */
typedef long ssize_t;
#define SSIZE_MAX LONG_MAX

/* netif_find() calls atoi; the kernel's stdlib.h has strtoul only. */
#define atoi(s) ((int)strtoul((s), NULL, 10))

#define lwip_htons(x) __builtin_bswap16(x)
#define lwip_htonl(x) __builtin_bswap32(x)

/* Diagnostics go to the kernel log at debug level; failed assertions
 * stop the machine with the lwIP file and line. */
void kiln_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define LWIP_PLATFORM_DIAG(x) kiln_lwip_diag x
#define LWIP_PLATFORM_ASSERT(x) panic("lwIP: %s", x)

uint32_t kiln_lwip_rand(void);
#define LWIP_RAND() kiln_lwip_rand()

#endif
