// SPDX-License-Identifier: MIT
// range.c: parsing byte ranges and checking them against a size.
//
// Several ranges in one request would need a multipart/byteranges body;
// this server answers them with the whole representation (200), which RFC
// 9110 allows, unless none of them is satisfiable (416).

#include "range.h"
#include "http.h"

#include <string.h>

/* Reads 1*DIGIT at *p, saturating at UINT64_MAX. Returns -1 if there is no
 * digit. */
static int read_number(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t n = 0;

	while (*p < end && **p >= '0' && **p <= '9') {
		unsigned d = (unsigned)(**p - '0');

		n = n > (UINT64_MAX - d) / 10 ? UINT64_MAX : n * 10 + d;
		(*p)++;
	}
	*out = n;
	return *p == s ? -1 : 0;
}

/* One range-spec: first "-" [last], or "-" suffix. Returns 1 if it is
 * satisfiable (with *r set), 0 if not, -1 if invalid. */
static int parse_spec(const char *p, const char *end, uint64_t size,
		      struct byte_range *r)
{
	uint64_t a, b;

	if (p < end && *p == '-') {
		p++;
		if (read_number(&p, end, &b) || p != end)
			return -1;
		if (b == 0 || size == 0)
			return 0;
		r->first = b >= size ? 0 : size - b;
		r->last = size - 1;
		return 1;
	}
	if (read_number(&p, end, &a) || p == end || *p != '-')
		return -1;
	p++;
	b = UINT64_MAX;
	if (p < end && (read_number(&p, end, &b) || b < a))
		return -1;
	if (p != end)
		return -1;
	if (a >= size)
		return 0;
	r->first = a;
	r->last = b >= size ? size - 1 : b;
	return 1;
}

int range_parse(const char *v, size_t n, uint64_t size, struct byte_range *r)
{
	const char *p, *end = v + n;
	struct http_str e;
	unsigned specs = 0, good = 0;
	struct byte_range tmp;
	int rc;

	if (n < 6 || !http_str_ieq(v, 6, "bytes="))
		return RANGE_IGNORE;
	p = v + 6;
	while ((e = http_list_next(&p, end)).p) {
		rc = parse_spec(e.p, e.p + e.n, size, &tmp);
		if (rc < 0)
			return RANGE_IGNORE;
		specs++;
		if (rc && good++ == 0)
			*r = tmp;
	}
	if (specs == 0)
		return RANGE_IGNORE;
	if (good == 0)
		return RANGE_UNSATISFIABLE;
	return specs == 1 ? RANGE_ONE : RANGE_MANY;
}
