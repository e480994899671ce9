// SPDX-License-Identifier: MIT
// encoding.c: reading Accept-Encoding lists with their q-values.

#include "encoding.h"

#include <string.h>

int encoding_qvalue(const char *p, size_t n)
{
	int q, scale = 100;
	size_t i;

	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (p[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* The q of one element's parameters (";q=0.5"), 1000 when absent, -1 if
 * malformed. */
static int element_q(const char *p, const char *end)
{
	int q = 1000;

	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *e = semi ? semi : end;

		while (p < e && http_is_ows(*p))
			p++;
		if (e - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			const char *v = p + 2, *ve = e;

			while (ve > v && http_is_ows(ve[-1]))
				ve--;
			q = encoding_qvalue(v, (size_t)(ve - v));
			if (q < 0)
				return -1;
		}
		p = semi ? semi + 1 : end;
	}
	return q;
}

struct ae_state {
	int gzip; /* -1 when not listed */
	int star;
};

static void read_element(struct ae_state *st, struct http_str e)
{
	size_t n = 0;
	int q;

	while (n < e.n && http_is_tchar((unsigned char)e.p[n]))
		n++;
	q = element_q(e.p + n, e.p + e.n);
	if (q < 0 || n == 0)
		return;
	if (http_str_ieq(e.p, n, "gzip") || http_str_ieq(e.p, n, "x-gzip"))
		st->gzip = q > st->gzip ? q : st->gzip;
	else if (n == 1 && e.p[0] == '*')
		st->star = q > st->star ? q : st->star;
}

int accept_gzip(const struct http_req *r)
{
	struct ae_state st = { -1, -1 };
	const struct http_str *v;
	unsigned it = 0;

	while ((v = http_field_next(r, HF_ACCEPT_ENCODING, &it))) {
		const char *p = v->p, *end = v->p + v->n;
		struct http_str e;

		while ((e = http_list_next(&p, end)).p)
			read_element(&st, e);
	}
	if (st.gzip >= 0)
		return st.gzip > 0;
	return st.star > 0;
}
