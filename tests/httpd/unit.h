// SPDX-License-Identifier: MIT
// unit.h: helpers shared by kiln-httpd's cmocka unit tests.

#ifndef HTTPD_TEST_UNIT_H
#define HTTPD_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http.h"

/* The server's default limits. */
static const struct http_limits unit_limits = { 8192, 16384, 100 };

/* Parses a complete head given as a C string. */
static inline int parse_str(const char *s, struct http_req *r)
{
	return http_parse_head(s, strlen(s), r);
}

/* Whether a slice holds exactly the given string. */
static inline int str_is(struct http_str s, const char *want)
{
	return s.p && s.n == strlen(want) && memcmp(s.p, want, s.n) == 0;
}

/* A GET for / with the given extra field lines ("Name: v\r\n" each). */
static inline int parse_fields(const char *fields, struct http_req *r,
			       char *buf, size_t cap)
{
	size_t n = (size_t)snprintf(
		buf, cap, "GET / HTTP/1.1\r\nHost: h\r\n%s\r\n", fields);

	assert_true(n < cap);
	return http_parse_head(buf, n, r);
}

#endif /* HTTPD_TEST_UNIT_H */
