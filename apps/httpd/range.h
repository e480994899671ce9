// SPDX-License-Identifier: MIT
// range.h: the Range request header for byte ranges (RFC 9110 14.2).

#ifndef HTTPD_RANGE_H
#define HTTPD_RANGE_H

#include <stddef.h>
#include <stdint.h>

enum range_result {
	RANGE_IGNORE, /* no usable Range: send the whole representation */
	RANGE_ONE, /* one satisfiable range: 206 */
	RANGE_MANY, /* several ranges, some satisfiable: see range.c */
	RANGE_UNSATISFIABLE, /* 416 */
};

struct byte_range {
	uint64_t first, last; /* inclusive, within the representation */
};

/* Evaluates a Range field value against a representation of size bytes.
 * For RANGE_ONE, *r holds the range, clipped to the size. A unit other
 * than "bytes" or a syntax error is RANGE_IGNORE. */
int range_parse(const char *v, size_t n, uint64_t size, struct byte_range *r);

#endif /* HTTPD_RANGE_H */
