/* SPDX-License-Identifier: MIT */
/* fmt.h: printf-style formatting into a bounded buffer. */
#ifndef KILN_FMT_H
#define KILN_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Supports %d %i %u %x %X %o %p %s %c %%, the flags '-', '0', '+', ' ',
 * field width and precision (also '*'), and the length modifiers hh, h, l,
 * ll, z, t, j. Returns the length the full output would have, as C99 does;
 * the buffer always ends in NUL when size > 0.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
