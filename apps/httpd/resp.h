// SPDX-License-Identifier: MIT
// resp.h: response heads: the status line and header fields, written into
// a caller's buffer without allocating.

#ifndef HTTPD_RESP_H
#define HTTPD_RESP_H

#include <stddef.h>
#include <stdint.h>

struct resp {
	int status;
	int no_body; /* HEAD or 304: fields only */
	int keep_alive;
	const char *ctype; /* or NULL */
	int has_length;
	uint64_t length; /* Content-Length: what a GET would carry */
	int has_validators;
	int64_t mtime; /* Last-Modified */
	const char *etag;
	size_t etag_len;
	int accept_ranges;
	int partial; /* 206: Content-Range first-last/size */
	int unsatisfiable; /* 416: Content-Range * /size */
	uint64_t first, last, size;
	int gzip; /* Content-Encoding: gzip */
	int vary; /* Vary: Accept-Encoding */
	int allow; /* Allow: GET, HEAD */
	const char *location;
	size_t location_len;
};

/* The reason phrase for a status this server sends. */
const char *resp_reason(int status);

/* The short text/plain body of an error or redirect ("404 Not Found\n"). */
const char *resp_error_body(int status, size_t *len);

/* Sets r up for a bare error answer: status, text body, and whether the
 * connection must close afterwards. */
void resp_error(struct resp *r, int status);

/* Writes the head for r into out. date is the IMF-fixdate of now. Returns
 * the length, or 0 if it needs more than cap bytes. */
size_t resp_head(char *out, size_t cap, const struct resp *r, const char *date);

#endif /* HTTPD_RESP_H */
