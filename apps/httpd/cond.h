// SPDX-License-Identifier: MIT
// cond.h: entity tags and conditional requests (RFC 9110 13): If-Match,
// If-Unmodified-Since, If-None-Match, If-Modified-Since and If-Range.

#ifndef HTTPD_COND_H
#define HTTPD_COND_H

#include "http.h"

#include <stddef.h>
#include <stdint.h>

#define ETAG_MAX 48

/* The validators of the selected representation. */
struct validators {
	const char *etag; /* strong, with its quotes */
	size_t etag_len;
	int64_t mtime; /* Last-Modified, seconds since the epoch */
};

/* Writes a strong entity tag built from size and modification time into
 * out (ETAG_MAX bytes) and returns its length. */
size_t etag_make(uint64_t size, int64_t sec, long nsec, char *out);

/* Whether a field value ("*" or a list of entity tags) matches etag by
 * strong (strong != 0) or weak comparison. A syntax error matches
 * nothing from the error on. */
int etag_list_match(const char *v, size_t n, const char *etag, size_t len,
		    int strong);

/* Evaluates the preconditions of a GET or HEAD in RFC 9110 13.2.2 order.
 * Returns 0 to go on, 304 or 412. */
int cond_check(const struct http_req *req, const struct validators *v);

/* Whether a Range may be honoured: true without If-Range, or when its
 * strong entity tag or exact date matches. */
int cond_if_range(const struct http_req *req, const struct validators *v);

#endif /* HTTPD_COND_H */
