/* SPDX-License-Identifier: MIT */
/* stdlib.h: the little of it that libfdt's headers and the kernel need. */
#ifndef KILN_LIBC_STDLIB_H
#define KILN_LIBC_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
