// SPDX-License-Identifier: MIT
// parse.c: the request-head scanner and the strict HTTP/1.1 parser.

#include "http.h"

#include <string.h>

#define MAX_U64_DIV10 (UINT64_MAX / 10)

int http_is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if (c >= '0' && c <= '9')
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

int http_is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int is_unreserved(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if (c >= '0' && c <= '9')
		return 1;
	return c == '-' || c == '.' || c == '_' || c == '~';
}

static int is_sub_delim(unsigned char c)
{
	return c && strchr("!$&'()*+,;=", c) != NULL;
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* Field values: VCHAR, obs-text, SP and HTAB; no other control byte. */
static int is_value_char(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

int http_str_ieq(const char *p, size_t n, const char *lower)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (!lower[i] || c != (unsigned char)lower[i])
			return 0;
	}
	return lower[n] == '\0';
}

struct http_str http_list_next(const char **pp, const char *end)
{
	struct http_str s = { NULL, 0 };
	const char *p = *pp, *q;

	while (p < end && (http_is_ows(*p) || *p == ','))
		p++;
	if (p < end) {
		q = memchr(p, ',', (size_t)(end - p));
		q = q ? q : end;
		s.p = p;
		s.n = (size_t)(q - p);
		while (s.n && http_is_ows(s.p[s.n - 1]))
			s.n--;
		p = q;
	}
	*pp = p;
	return s;
}

/* --- scanning for the end of the head -------------------------------- */

/* One complete line ends at buf[nl] == '\n'. Returns 1 at the end of the
 * head, 0 to go on, or an error status. */
static int scan_line(struct http_scan *s, const char *buf, size_t nl,
		     const struct http_limits *lim)
{
	size_t n = nl - s->line_start;

	if (n && buf[nl - 1] == '\r')
		n--;
	if (!s->in_fields) {
		if (n == 0) { /* an empty line before the request line */
			s->first_start = nl + 1;
			return 0;
		}
		if (n > lim->max_line)
			return 414;
		s->in_fields = 1;
		return 0;
	}
	if (n == 0)
		return 1;
	if (++s->fields > lim->max_fields)
		return 431;
	return 0;
}

int http_scan_head(struct http_scan *s, const char *buf, size_t len,
		   const struct http_limits *lim, size_t *head_len)
{
	const char *nl;
	int r;

	while (s->pos < len) {
		nl = memchr(buf + s->pos, '\n', len - s->pos);
		if (!nl) {
			s->pos = len;
			break;
		}
		s->pos = (size_t)(nl - buf) + 1;
		r = scan_line(s, buf, s->pos - 1, lim);
		s->line_start = s->pos;
		if (r == 1 && s->pos > lim->max_head)
			return 431;
		if (r == 1)
			*head_len = s->pos;
		if (r)
			return r;
	}
	if (!s->in_fields && len - s->first_start > lim->max_line + 1)
		return 414;
	if (len > lim->max_head)
		return 431;
	return HTTP_SCAN_MORE;
}

/* --- the request line ------------------------------------------------ */

static const struct {
	const char *name;
	int method;
} methods[] = {
	{ "GET", M_GET },	  { "HEAD", M_HEAD },
	{ "POST", M_POST },	  { "PUT", M_PUT },
	{ "DELETE", M_DELETE },	  { "CONNECT", M_CONNECT },
	{ "OPTIONS", M_OPTIONS }, { "TRACE", M_TRACE },
	{ "PATCH", M_PATCH },
};

/* Methods are case-sensitive. */
static int method_id(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (strlen(methods[i].name) == n &&
		    memcmp(methods[i].name, p, n) == 0)
			return methods[i].method;
	}
	return M_OTHER;
}

int http_peek_method(const char *buf, size_t len)
{
	while (len >= 2 && buf[0] == '\r' && buf[1] == '\n') {
		buf += 2;
		len -= 2;
	}
	return len >= 5 && memcmp(buf, "HEAD ", 5) == 0 ? M_HEAD : M_NONE;
}

/* Checks percent-encoded triplets and the allowed characters of a URI
 * part: path (pchar and '/') or query (also '?'). */
static int check_uri_chars(const char *p, size_t n, int query)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			if (!is_hex(p[i + 1]) || !is_hex(p[i + 2]))
				return -1;
			i += 2;
			continue;
		}
		if (is_unreserved(c) || is_sub_delim(c) || c == ':' ||
		    c == '@' || c == '/')
			continue;
		if (query && c == '?')
			continue;
		return -1;
	}
	return 0;
}

static int check_authority(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (is_unreserved(c) || is_sub_delim(c) || c == ':' ||
		    c == '@' || c == '[' || c == ']' || c == '%')
			continue;
		return -1;
	}
	return 0;
}

/* Splits path and query of an origin-form target (or the rest of an
 * absolute-form one) and checks both. */
static int split_path(const char *p, const char *end, struct http_req *r)
{
	const char *q = memchr(p, '?', (size_t)(end - p));

	r->path.p = p;
	r->path.n = (size_t)((q ? q : end) - p);
	if (check_uri_chars(r->path.p, r->path.n, 0))
		return 400;
	if (!q)
		return 0;
	r->query.p = q + 1;
	r->query.n = (size_t)(end - q - 1);
	return check_uri_chars(r->query.p, r->query.n, 1) ? 400 : 0;
}

/* absolute-form: "http" or "https", "://", a non-empty authority, then an
 * optional path (empty means "/") and query. */
static int parse_absolute(const char *p, const char *end, struct http_req *r)
{
	const char *a, *e;
	size_t sl;

	if (end - p > 7 && http_str_ieq(p, 7, "http://"))
		sl = 7;
	else if (end - p > 8 && http_str_ieq(p, 8, "https://"))
		sl = 8;
	else
		return 400;
	a = p + sl;
	e = a;
	while (e < end && *e != '/' && *e != '?')
		e++;
	if (e == a || check_authority(a, (size_t)(e - a)))
		return 400;
	r->form = F_ABSOLUTE;
	if (e == end || *e == '?') {
		static const char slash[] = "/";
		int rc = e == end ? 0 : split_path(e, end, r);

		r->path.p = slash;
		r->path.n = 1;
		return rc;
	}
	return split_path(e, end, r);
}

static int parse_target(const char *p, size_t n, struct http_req *r)
{
	const char *end = p + n, *c;

	r->target.p = p;
	r->target.n = n;
	if (p[0] == '/') {
		r->form = F_ORIGIN;
		return split_path(p, end, r);
	}
	if (n == 1 && p[0] == '*') {
		r->form = F_ASTERISK;
		return 0;
	}
	c = memchr(p, ':', n);
	if (c && end - c > 2 && c[1] == '/' && c[2] == '/')
		return parse_absolute(p, end, r);
	if (check_authority(p, n))
		return 400;
	r->form = F_AUTHORITY;
	return 0;
}

/* "HTTP/" DIGIT "." DIGIT, case-sensitive. */
static int parse_version(const char *p, size_t n, struct http_req *r)
{
	if (n != 8 || memcmp(p, "HTTP/", 5) != 0 || p[6] != '.')
		return 400;
	if (p[5] < '0' || p[5] > '9' || p[7] < '0' || p[7] > '9')
		return 400;
	r->major = p[5] - '0';
	r->minor = p[7] - '0';
	return r->major == 1 ? 0 : 505;
}

/* method SP request-target SP HTTP-version, single spaces only. */
static int parse_request_line(const char *p, const char *end,
			      struct http_req *r)
{
	const char *sp1, *sp2;
	size_t i;
	int rc;

	sp1 = memchr(p, ' ', (size_t)(end - p));
	if (!sp1 || sp1 == p)
		return 400;
	for (i = 0; p + i < sp1; i++) {
		if (!http_is_tchar((unsigned char)p[i]))
			return 400;
	}
	r->method_name.p = p;
	r->method_name.n = (size_t)(sp1 - p);
	r->method = method_id(p, r->method_name.n);

	sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	if (!sp2 || sp2 == sp1 + 1)
		return 400;
	rc = parse_target(sp1 + 1, (size_t)(sp2 - sp1 - 1), r);
	if (rc)
		return rc;
	return parse_version(sp2 + 1, (size_t)(end - sp2 - 1), r);
}

/* --- header fields --------------------------------------------------- */

static const struct {
	const char *name;
	int id;
} known[] = {
	{ "host", HF_HOST },
	{ "connection", HF_CONNECTION },
	{ "content-length", HF_CONTENT_LENGTH },
	{ "transfer-encoding", HF_TRANSFER_ENCODING },
	{ "range", HF_RANGE },
	{ "if-range", HF_IF_RANGE },
	{ "if-match", HF_IF_MATCH },
	{ "if-none-match", HF_IF_NONE_MATCH },
	{ "if-modified-since", HF_IF_MODIFIED_SINCE },
	{ "if-unmodified-since", HF_IF_UNMODIFIED_SINCE },
	{ "accept-encoding", HF_ACCEPT_ENCODING },
};

static int field_id(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (http_str_ieq(p, n, known[i].name))
			return known[i].id;
	}
	return -1;
}

/* field-name ":" OWS field-value OWS, with no whitespace before the colon
 * and no obs-fold. */
static int parse_field(const char *p, const char *end, struct http_req *r)
{
	const char *c = p, *v;
	int id;

	while (c < end && http_is_tchar((unsigned char)*c))
		c++;
	if (c == p || c == end || *c != ':')
		return 400;
	for (v = c + 1; v < end; v++) {
		if (!is_value_char((unsigned char)*v))
			return 400;
	}
	for (v = c + 1; v < end && http_is_ows(*v); v++)
		;
	while (end > v && http_is_ows(end[-1]))
		end--;

	id = field_id(p, (size_t)(c - p));
	if (id < 0)
		return 0;
	if (r->nfields == HTTP_MAX_KNOWN)
		return 431;
	r->counts[id]++;
	r->fields[r->nfields].id = id;
	r->fields[r->nfields].value.p = v;
	r->fields[r->nfields].value.n = (size_t)(end - v);
	r->nfields++;
	return 0;
}

/* Returns the end of the line at p (its CR), or NULL on a bare LF. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	if (!nl || nl == p || nl[-1] != '\r')
		return NULL;
	return nl - 1;
}

static int parse_fields(const char *p, const char *end, struct http_req *r)
{
	const char *e;
	int rc;

	for (;;) {
		e = line_end(p, end);
		if (!e)
			return 400;
		if (e == p)
			return 0;
		if (memchr(p, '\r', (size_t)(e - p)))
			return 400;
		if (http_is_ows(*p)) /* obs-fold, or space after the start */
			return 400;
		rc = parse_field(p, e, r);
		if (rc)
			return rc;
		p = e + 2;
	}
}

/* --- message framing and connection ---------------------------------- */

const struct http_str *http_field_next(const struct http_req *r, int id,
				       unsigned *it)
{
	while (*it < r->nfields) {
		const struct http_field *f = &r->fields[(*it)++];

		if (f->id == id)
			return &f->value;
	}
	return NULL;
}

const struct http_str *http_field_one(const struct http_req *r, int id)
{
	unsigned it = 0;

	if (r->counts[id] != 1)
		return NULL;
	return http_field_next(r, id, &it);
}

/* Content-Length = 1*DIGIT, sent once. */
static int parse_content_length(struct http_req *r)
{
	const struct http_str *v = http_field_one(r, HF_CONTENT_LENGTH);
	uint64_t n = 0;
	size_t i;

	if (r->counts[HF_CONTENT_LENGTH] == 0)
		return 0;
	if (!v || v->n == 0)
		return 400;
	for (i = 0; i < v->n; i++) {
		unsigned d = (unsigned char)v->p[i] - '0';

		if (d > 9 || n > MAX_U64_DIV10 || n * 10 > UINT64_MAX - d)
			return 400;
		n = n * 10 + d;
	}
	r->content_length = n;
	r->has_body = n > 0;
	return 0;
}

/* Only "chunked" is known, and it must come last and once: other codings
 * are 501, a broken list is 400. */
static int parse_transfer_encoding(struct http_req *r)
{
	const struct http_str *v;
	unsigned it = 0, chunked = 0, other = 0;

	if (r->counts[HF_TRANSFER_ENCODING] == 0)
		return 0;
	if (r->minor == 0 || r->counts[HF_CONTENT_LENGTH])
		return 400;
	while ((v = http_field_next(r, HF_TRANSFER_ENCODING, &it))) {
		const char *p = v->p, *end = v->p + v->n;
		struct http_str e;

		while ((e = http_list_next(&p, end)).p) {
			size_t n = 0;

			while (n < e.n && http_is_tchar((unsigned char)e.p[n]))
				n++;
			if (n == 0)
				return 400;
			if (http_str_ieq(e.p, n, "chunked"))
				chunked++;
			else
				other++;
		}
	}
	if (other)
		return 501;
	if (chunked != 1)
		return 400;
	r->has_body = 1;
	return 0;
}

static void parse_connection(struct http_req *r)
{
	const struct http_str *v;
	unsigned it = 0;
	int close = 0, keep = 0;

	while ((v = http_field_next(r, HF_CONNECTION, &it))) {
		const char *p = v->p, *end = v->p + v->n;
		struct http_str e;

		while ((e = http_list_next(&p, end)).p) {
			if (http_str_ieq(e.p, e.n, "close"))
				close = 1;
			else if (http_str_ieq(e.p, e.n, "keep-alive"))
				keep = 1;
		}
	}
	r->keep_alive = !close && (r->minor >= 1 || keep);
}

/* HTTP/1.1 needs exactly one Host; its value must look like an authority
 * (it may be empty). */
static int check_host(const struct http_req *r)
{
	const struct http_str *v = http_field_one(r, HF_HOST);

	if (r->counts[HF_HOST] > 1)
		return 400;
	if (r->minor >= 1 && !v)
		return 400;
	if (v && check_authority(v->p, v->n))
		return 400;
	return 0;
}

static int check_framing(struct http_req *r)
{
	int rc = check_host(r);

	if (!rc)
		rc = parse_content_length(r);
	if (!rc)
		rc = parse_transfer_encoding(r);
	if (!rc)
		parse_connection(r);
	return rc;
}

int http_parse_head(const char *buf, size_t len, struct http_req *r)
{
	const char *p = buf, *end = buf + len, *e;
	int rc;

	memset(r, 0, sizeof(*r) - sizeof(r->fields));
	r->method = M_NONE;
	for (;;) { /* empty lines before the request line are skipped */
		e = line_end(p, end);
		if (!e)
			return 400;
		if (e != p)
			break;
		p = e + 2;
	}
	if (memchr(p, '\r', (size_t)(e - p)))
		return 400;
	rc = parse_request_line(p, e, r);
	if (rc)
		return rc;
	rc = parse_fields(e + 2, end, r);
	if (rc)
		return rc;
	return check_framing(r);
}
