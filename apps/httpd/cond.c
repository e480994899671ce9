// SPDX-License-Identifier: MIT
// cond.c: entity-tag comparison and the precondition order of RFC 9110.

#include "cond.h"
#include "date.h"

#include <string.h>

static size_t put_hex(char *out, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	size_t n = 0, i;

	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* "<size>-<mtime in ns>" in hex: a new write that changes either, even
 * within the same second, changes the tag. */
size_t etag_make(uint64_t size, int64_t sec, long nsec, char *out)
{
	uint64_t ns = (uint64_t)sec * 1000000000u + (uint64_t)nsec;
	size_t n = 0;

	out[n++] = '"';
	n += put_hex(out + n, size);
	out[n++] = '-';
	n += put_hex(out + n, ns);
	out[n++] = '"';
	return n;
}

/* Compares an entity tag from a request with ours (always strong). */
static int tag_equal(const char *t, size_t n, int weak_tag, const char *etag,
		     size_t len, int strong)
{
	if (strong && weak_tag)
		return 0;
	return n == len && memcmp(t, etag, n) == 0;
}

int etag_list_match(const char *v, size_t n, const char *etag, size_t len,
		    int strong)
{
	const char *p = v, *end = v + n, *q;
	int weak;

	if (n == 1 && v[0] == '*')
		return 1;
	for (;;) {
		while (p < end && (http_is_ows(*p) || *p == ','))
			p++;
		if (p == end)
			return 0;
		weak = end - p >= 2 && p[0] == 'W' && p[1] == '/';
		p += weak ? 2 : 0;
		if (p == end || *p != '"')
			return 0;
		q = memchr(p + 1, '"', (size_t)(end - p - 1));
		if (!q)
			return 0;
		if (tag_equal(p, (size_t)(q - p + 1), weak, etag, len, strong))
			return 1;
		p = q + 1;
		if (p < end && !http_is_ows(*p) && *p != ',')
			return 0;
	}
}

static int any_match(const struct http_req *r, int id,
		     const struct validators *v, int strong)
{
	const struct http_str *s;
	unsigned it = 0;

	while ((s = http_field_next(r, id, &it))) {
		if (etag_list_match(s->p, s->n, v->etag, v->etag_len, strong))
			return 1;
	}
	return 0;
}

/* The date of a field sent once, or -1 if absent, repeated or invalid
 * (which all mean: ignore it). */
static int field_date(const struct http_req *r, int id, int64_t *t)
{
	const struct http_str *s = http_field_one(r, id);

	if (!s)
		return -1;
	return http_date_parse(s->p, s->n, t);
}

int cond_check(const struct http_req *r, const struct validators *v)
{
	int64_t t;

	if (r->counts[HF_IF_MATCH]) {
		if (!any_match(r, HF_IF_MATCH, v, 1))
			return 412;
	} else if (field_date(r, HF_IF_UNMODIFIED_SINCE, &t) == 0 &&
		   v->mtime > t) {
		return 412;
	}
	if (r->counts[HF_IF_NONE_MATCH])
		return any_match(r, HF_IF_NONE_MATCH, v, 0) ? 304 : 0;
	if (field_date(r, HF_IF_MODIFIED_SINCE, &t) == 0 && v->mtime <= t)
		return 304;
	return 0;
}

int cond_if_range(const struct http_req *r, const struct validators *v)
{
	const struct http_str *s;
	int64_t t;

	if (r->counts[HF_IF_RANGE] == 0)
		return 1;
	s = http_field_one(r, HF_IF_RANGE);
	if (!s || s->n == 0)
		return 0;
	if (s->p[0] == '"' || s->p[0] == 'W')
		return tag_equal(s->p, s->n, 0, v->etag, v->etag_len, 1);
	return http_date_parse(s->p, s->n, &t) == 0 && t == v->mtime;
}
