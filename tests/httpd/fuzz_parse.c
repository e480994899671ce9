// SPDX-License-Identifier: MIT
// fuzz_parse.c: libFuzzer target for the request-head scanner and parser,
// and for the pure functions that read what the parser returns (paths,
// ranges, conditionals, dates, Accept-Encoding). Checks invariants, not
// just crashes: scanning byte by byte must agree with scanning at once.

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cond.h"
#include "date.h"
#include "encoding.h"
#include "http.h"
#include "path.h"
#include "range.h"

#define CHECK(x)                 \
	do {                     \
		if (!(x))        \
			abort(); \
	} while (0)

static const struct http_limits small = { 48, 256, 8 };
static const struct http_limits dflt = { 8192, 16384, 100 };

static int in_buf(struct http_str s, const char *buf, size_t len)
{
	return !s.p || (s.p >= buf && s.p + s.n <= buf + len);
}

/* Scans in pieces whose sizes come from the input itself. */
static int scan_split(const uint8_t *d, size_t n, const struct http_limits *lim,
		      size_t *hl)
{
	struct http_scan sc;
	size_t len = 0, step = 1;
	int rc = HTTP_SCAN_MORE;

	memset(&sc, 0, sizeof(sc));
	while (rc == HTTP_SCAN_MORE && len < n) {
		step = (d[len] % 7) + 1;
		len = len + step > n ? n : len + step;
		rc = http_scan_head(&sc, (const char *)d, len, lim, hl);
	}
	return rc;
}

static void check_path(const struct http_req *r)
{
	char *out = malloc(r->path.n + 1);
	long n, i;

	CHECK(out);
	n = path_normalize(r->path.p, r->path.n, out);
	if (n >= 0) {
		CHECK(out[0] == '/' && out[n] == '\0');
		CHECK((size_t)n == strlen(out));
		CHECK(!strstr(out, "//") && !strstr(out, "/../"));
		CHECK(!strstr(out, "/./") && !strchr(out, '\\'));
		CHECK(strcmp(out, "/..") != 0 && strcmp(out, "/.") != 0);
		for (i = 0; i < n; i++)
			CHECK((unsigned char)out[i] >= 0x20);
		CHECK(n < 3 || strcmp(out + n - 3, "/..") != 0);
	}
	free(out);
}

static void check_range(const struct http_req *r, uint64_t size)
{
	const struct http_str *h = http_field_one(r, HF_RANGE);
	struct byte_range br;

	if (h && range_parse(h->p, h->n, size, &br) == RANGE_ONE)
		CHECK(br.first <= br.last && br.last < size);
}

static void check_dates(const struct http_req *r)
{
	const struct http_str *h = http_field_one(r, HF_IF_MODIFIED_SINCE);
	char d[HTTP_DATE_LEN + 1];
	int64_t t, u;

	if (!h || http_date_parse(h->p, h->n, &t))
		return;
	http_date_format(t, d);
	CHECK(http_date_parse(d, HTTP_DATE_LEN, &u) == 0 && u == t);
}

static void check_request(const struct http_req *r, const char *buf, size_t len)
{
	static const struct validators v = { "\"a-b\"", 5, 1000000000 };
	unsigned i;
	int c;

	CHECK(in_buf(r->target, buf, len) && in_buf(r->query, buf, len));
	CHECK(r->major == 1 && r->nfields <= HTTP_MAX_KNOWN);
	for (i = 0; i < r->nfields; i++)
		CHECK(in_buf(r->fields[i].value, buf, len));
	if (r->form == F_ORIGIN || r->form == F_ABSOLUTE) {
		CHECK(r->path.n > 0 && r->path.p[0] == '/');
		check_path(r);
	}
	check_range(r, len);
	check_range(r, 0);
	check_dates(r);
	c = cond_check(r, &v);
	CHECK(c == 0 || c == 304 || c == 412);
	cond_if_range(r, &v);
	accept_gzip(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	static struct http_req req;
	struct http_scan sc;
	size_t hl = 0, hl2 = 0;
	int rc, rc2, i;

	for (i = 0; i < 2; i++) {
		const struct http_limits *lim = i ? &dflt : &small;

		memset(&sc, 0, sizeof(sc));
		rc = http_scan_head(&sc, buf, size, lim, &hl);
		rc2 = scan_split(data, size, lim, &hl2);
		CHECK(rc == rc2);
		if (rc != HTTP_SCAN_DONE)
			continue;
		CHECK(hl == hl2 && hl <= size && hl <= lim->max_head);
		rc = http_parse_head(buf, hl, &req);
		CHECK(rc == 0 || rc == 400 || rc == 431 || rc == 501 ||
		      rc == 505);
		if (rc == 0)
			check_request(&req, buf, hl);
	}
	rc = http_parse_head(buf, size, &req);
	if (rc == 0)
		check_request(&req, buf, size);
	return 0;
}
