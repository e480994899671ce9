// SPDX-License-Identifier: MIT
// resp.c: status texts and the writer of response heads.

#include "resp.h"
#include "date.h"

#include <string.h>

#ifndef HTTPD_VERSION
#define HTTPD_VERSION "0"
#endif

static const struct {
	int status;
	const char *reason;
	const char *body;
} statuses[] = {
	{ 200, "OK", "" },
	{ 206, "Partial Content", "" },
	{ 301, "Moved Permanently", "301 Moved Permanently\n" },
	{ 304, "Not Modified", "" },
	{ 400, "Bad Request", "400 Bad Request\n" },
	{ 403, "Forbidden", "403 Forbidden\n" },
	{ 404, "Not Found", "404 Not Found\n" },
	{ 405, "Method Not Allowed", "405 Method Not Allowed\n" },
	{ 408, "Request Timeout", "408 Request Timeout\n" },
	{ 412, "Precondition Failed", "412 Precondition Failed\n" },
	{ 414, "URI Too Long", "414 URI Too Long\n" },
	{ 416, "Range Not Satisfiable", "416 Range Not Satisfiable\n" },
	{ 431, "Request Header Fields Too Large",
	  "431 Request Header Fields Too Large\n" },
	{ 500, "Internal Server Error", "500 Internal Server Error\n" },
	{ 501, "Not Implemented", "501 Not Implemented\n" },
	{ 503, "Service Unavailable", "503 Service Unavailable\n" },
	{ 505, "HTTP Version Not Supported",
	  "505 HTTP Version Not Supported\n" },
};

#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

static unsigned status_index(int status)
{
	unsigned i;

	for (i = 0; i < NSTATUS; i++) {
		if (statuses[i].status == status)
			return i;
	}
	return status == 500 ? 0 : status_index(500);
}

const char *resp_reason(int status)
{
	return statuses[status_index(status)].reason;
}

const char *resp_error_body(int status, size_t *len)
{
	const char *b = statuses[status_index(status)].body;

	*len = strlen(b);
	return b;
}

/* Errors after which the rest of the stream cannot be trusted. */
static int must_close(int status)
{
	switch (status) {
	case 400:
	case 408:
	case 414:
	case 431:
	case 500:
	case 501:
	case 505:
		return 1;
	default:
		return 0;
	}
}

void resp_error(struct resp *r, int status)
{
	size_t n;

	r->status = status;
	r->ctype = "text/plain; charset=utf-8";
	resp_error_body(status, &n);
	r->has_length = 1;
	r->length = n;
	r->has_validators = 0;
	r->accept_ranges = 0;
	r->partial = 0;
	r->gzip = 0;
	if (must_close(status))
		r->keep_alive = 0;
}

/* --- the writer ------------------------------------------------------ */

struct out {
	char *p;
	size_t n, cap;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || o->cap - o->n < n) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putu(struct out *o, uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(o, tmp + sizeof(tmp) - n, n);
}

static void field(struct out *o, const char *name, const char *value)
{
	puts_(o, name);
	puts_(o, value);
	put(o, "\r\n", 2);
}

static void status_line(struct out *o, int status, const char *date)
{
	puts_(o, "HTTP/1.1 ");
	putu(o, (uint64_t)status);
	put(o, " ", 1);
	puts_(o, resp_reason(status));
	puts_(o, "\r\nServer: kiln-httpd/" HTTPD_VERSION "\r\n");
	field(o, "Date: ", date);
}

/* Content-Type, Content-Length and Content-Range, which a 304 leaves
 * out. */
static void body_fields(struct out *o, const struct resp *r)
{
	if (r->ctype)
		field(o, "Content-Type: ", r->ctype);
	if (r->gzip)
		puts_(o, "Content-Encoding: gzip\r\n");
	if (r->has_length) {
		puts_(o, "Content-Length: ");
		putu(o, r->length);
		put(o, "\r\n", 2);
	}
	if (r->accept_ranges)
		puts_(o, "Accept-Ranges: bytes\r\n");
	if (r->partial || r->unsatisfiable) {
		puts_(o, "Content-Range: bytes ");
		if (r->partial) {
			putu(o, r->first);
			put(o, "-", 1);
			putu(o, r->last);
		} else {
			put(o, "*", 1);
		}
		put(o, "/", 1);
		putu(o, r->size);
		put(o, "\r\n", 2);
	}
}

static void validator_fields(struct out *o, const struct resp *r)
{
	char date[HTTP_DATE_LEN + 1];

	if (!r->has_validators)
		return;
	http_date_format(r->mtime, date);
	field(o, "Last-Modified: ", date);
	puts_(o, "ETag: ");
	put(o, r->etag, r->etag_len);
	put(o, "\r\n", 2);
}

size_t resp_head(char *buf, size_t cap, const struct resp *r, const char *date)
{
	struct out o = { buf, 0, cap, 0 };

	status_line(&o, r->status, date);
	if (r->status != 304)
		body_fields(&o, r);
	validator_fields(&o, r);
	if (r->vary)
		puts_(&o, "Vary: Accept-Encoding\r\n");
	if (r->location) {
		puts_(&o, "Location: ");
		put(&o, r->location, r->location_len);
		put(&o, "\r\n", 2);
	}
	if (r->allow)
		puts_(&o, "Allow: GET, HEAD\r\n");
	puts_(&o, r->keep_alive ? "Connection: keep-alive\r\n\r\n"
				: "Connection: close\r\n\r\n");
	return o.full ? 0 : o.n;
}
