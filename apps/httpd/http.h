// SPDX-License-Identifier: MIT
// http.h: HTTP/1.1 request heads: an incremental end-of-head scanner and a
// strict parser (RFC 9112), both pure functions over a byte buffer.

#ifndef HTTPD_HTTP_H
#define HTTPD_HTTP_H

#include <stddef.h>
#include <stdint.h>

/* A slice of the request buffer; never NUL-terminated. */
struct http_str {
	const char *p;
	size_t n;
};

enum http_method {
	M_GET,
	M_HEAD,
	M_POST,
	M_PUT,
	M_DELETE,
	M_CONNECT,
	M_OPTIONS,
	M_TRACE,
	M_PATCH,
	M_OTHER, /* a valid token this server does not know */
	M_NONE, /* not parsed (yet) */
};

/* The header fields the server acts on; others are checked and skipped. */
enum http_field_id {
	HF_HOST,
	HF_CONNECTION,
	HF_CONTENT_LENGTH,
	HF_TRANSFER_ENCODING,
	HF_RANGE,
	HF_IF_RANGE,
	HF_IF_MATCH,
	HF_IF_NONE_MATCH,
	HF_IF_MODIFIED_SINCE,
	HF_IF_UNMODIFIED_SINCE,
	HF_ACCEPT_ENCODING,
	HF_COUNT,
};

enum http_form {
	F_ORIGIN, /* /path?query */
	F_ABSOLUTE, /* http://host/path?query */
	F_AUTHORITY, /* host:port (CONNECT) */
	F_ASTERISK, /* * (OPTIONS) */
};

#define HTTP_MAX_KNOWN 64 /* known fields kept per request */

struct http_field {
	int id;
	struct http_str value; /* without surrounding whitespace */
};

struct http_limits {
	size_t max_line; /* request line, without CRLF: else 414 */
	size_t max_head; /* whole head with blank line: else 431 */
	unsigned max_fields; /* header field lines: else 431 */
};

/* Scanner state; zero it before the first byte of each request. */
struct http_scan {
	size_t pos; /* next byte to look at */
	size_t line_start;
	size_t first_start; /* where the request line begins */
	unsigned fields;
	int in_fields;
};

struct http_req {
	int method;
	struct http_str method_name;
	struct http_str target; /* as sent */
	int form;
	struct http_str path; /* still percent-encoded; empty if no path */
	struct http_str query; /* after '?', p is NULL when absent */
	int major, minor;
	int keep_alive; /* the connection may stay open after this one */
	int has_body; /* Content-Length > 0 or chunked */
	uint64_t content_length;
	unsigned counts[HF_COUNT]; /* field lines seen per known name */
	unsigned nfields;
	struct http_field fields[HTTP_MAX_KNOWN];
};

#define HTTP_SCAN_MORE 0
#define HTTP_SCAN_DONE 1

/* Looks for the end of a request head in buf[0..len), resuming where the
 * last call stopped. Returns HTTP_SCAN_MORE, HTTP_SCAN_DONE with *head_len
 * set, or an error status (414, 431). */
int http_scan_head(struct http_scan *s, const char *buf, size_t len,
		   const struct http_limits *lim, size_t *head_len);

/* Parses a complete head (as delimited by http_scan_head). Returns 0 or an
 * error status: 400, 431 (too many known fields), 501 (an unknown
 * transfer coding) or 505. req->method is set as soon as the request line
 * is read, so a failed HEAD request can still be answered without body. */
int http_parse_head(const char *buf, size_t len, struct http_req *req);

/* The method of a request whose head could not be read whole: M_HEAD when
 * buf starts with "HEAD ", M_NONE otherwise. */
int http_peek_method(const char *buf, size_t len);

/* Iterates over the values of one known field: start with *it = 0. */
const struct http_str *http_field_next(const struct http_req *req, int id,
				       unsigned *it);

/* The value of a field sent exactly once, else NULL. */
const struct http_str *http_field_one(const struct http_req *req, int id);

/* Case-insensitive comparison of a slice with a lower-case string. */
int http_str_ieq(const char *p, size_t n, const char *lower);

/* Character classes of RFC 9110 and RFC 3986. */
int http_is_tchar(unsigned char c);
int http_is_ows(unsigned char c);

/* Splits comma-separated list elements: returns the next non-empty
 * element of [*p, end) without surrounding whitespace, advancing *p, or
 * an element with p == NULL at the end. */
struct http_str http_list_next(const char **p, const char *end);

#endif /* HTTPD_HTTP_H */
