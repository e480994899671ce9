// SPDX-License-Identifier: MIT
// test_parse.c: unit tests of the request-head scanner and parser.

#include <stdio.h>

#include "unit.h"

static struct http_req req;
static char buf[4096];

static void test_simple_get(void **state)
{
	(void)state;
	assert_int_equal(
		parse_str("GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n", &req), 0);
	assert_int_equal(req.method, M_GET);
	assert_true(str_is(req.method_name, "GET"));
	assert_true(str_is(req.target, "/a/b?x=1"));
	assert_true(str_is(req.path, "/a/b"));
	assert_true(str_is(req.query, "x=1"));
	assert_int_equal(req.form, F_ORIGIN);
	assert_int_equal(req.major, 1);
	assert_int_equal(req.minor, 1);
	assert_true(req.keep_alive);
	assert_false(req.has_body);
	assert_int_equal(req.counts[HF_HOST], 1);
}

static void test_methods(void **state)
{
	(void)state;
	assert_int_equal(parse_str("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 0);
	assert_int_equal(req.method, M_HEAD);
	assert_int_equal(parse_str("POST / HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 0);
	assert_int_equal(req.method, M_POST);
	assert_int_equal(parse_str("BREW / HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 0);
	assert_int_equal(req.method, M_OTHER);
	/* Methods are case-sensitive tokens. */
	assert_int_equal(parse_str("get / HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 0);
	assert_int_equal(req.method, M_OTHER);
	assert_int_equal(parse_str("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 400);
}

static void test_no_query(void **state)
{
	(void)state;
	assert_int_equal(parse_str("GET /x HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 0);
	assert_null(req.query.p);
	assert_int_equal(parse_str("GET /x? HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 0);
	assert_non_null(req.query.p);
	assert_int_equal(req.query.n, 0);
}

static void test_leading_empty_lines(void **state)
{
	(void)state;
	assert_int_equal(
		parse_str("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", &req),
		0);
	assert_int_equal(req.method, M_GET);
	assert_int_equal(parse_str("\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", &req),
			 400);
}

static void test_absolute_form(void **state)
{
	(void)state;
	assert_int_equal(
		parse_str(
			"GET http://ex.com:80/a?b HTTP/1.1\r\nHost: x\r\n\r\n",
			&req),
		0);
	assert_int_equal(req.form, F_ABSOLUTE);
	assert_true(str_is(req.path, "/a"));
	assert_true(str_is(req.query, "b"));
	assert_int_equal(
		parse_str("GET HTTPS://ex.com HTTP/1.1\r\nHost: x\r\n\r\n",
			  &req),
		0);
	assert_true(str_is(req.path, "/"));
	assert_int_equal(
		parse_str("GET http://ex.com?q HTTP/1.1\r\nHost: x\r\n\r\n",
			  &req),
		0);
	assert_true(str_is(req.path, "/"));
	assert_true(str_is(req.query, "q"));
	assert_int_equal(
		parse_str("GET ftp://ex.com/ HTTP/1.1\r\nHost: x\r\n\r\n",
			  &req),
		400);
	assert_int_equal(
		parse_str("GET http:///a HTTP/1.1\r\nHost: x\r\n\r\n", &req),
		400);
}

static void test_other_forms(void **state)
{
	(void)state;
	assert_int_equal(
		parse_str("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", &req), 0);
	assert_int_equal(req.form, F_ASTERISK);
	assert_int_equal(
		parse_str("CONNECT ex.com:443 HTTP/1.1\r\nHost: h\r\n\r\n",
			  &req),
		0);
	assert_int_equal(req.form, F_AUTHORITY);
}

static void test_request_line_errors(void **state)
{
	static const char *const bad[] = {
		"GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1 \r\nHost: h\r\n\r\n",
		" GET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /\tHTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / http/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.10\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.x\r\nHost: h\r\n\r\n",
		"GET /\r\nHost: h\r\n\r\n",
		"GET\r\nHost: h\r\n\r\n",
		"/ HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\rX\r\nHost: h\r\n\r\n",
		"GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a<b HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a\"b HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a{b HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a\\b HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a\x80 HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a%4 HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a?%g0 HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET a/b HTTP/1.1\r\nHost: h\r\n\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_str(bad[i], &req) != 400)
			fail_msg("accepted: %s", bad[i]);
	}
	/* A NUL in the request line. */
	assert_int_equal(http_parse_head("GET /\0 HTTP/1.1\r\nHost: h\r\n\r\n",
					 29, &req),
			 400);
}

static void test_versions(void **state)
{
	(void)state;
	assert_int_equal(parse_str("GET / HTTP/2.0\r\nHost: h\r\n\r\n", &req),
			 505);
	assert_int_equal(parse_str("GET / HTTP/3.0\r\nHost: h\r\n\r\n", &req),
			 505);
	assert_int_equal(parse_str("GET / HTTP/0.9\r\n\r\n", &req), 505);
	assert_int_equal(parse_str("GET / HTTP/1.0\r\n\r\n", &req), 0);
	assert_false(req.keep_alive);
	/* A later minor version is HTTP/1.1 as far as we are concerned. */
	assert_int_equal(parse_str("GET / HTTP/1.7\r\nHost: h\r\n\r\n", &req),
			 0);
	assert_true(req.keep_alive);
}

static void test_field_errors(void **state)
{
	static const char *const bad[] = {
		"X: a\r\n folded\r\n", /* obs-fold */
		"X: a\r\n\tfolded\r\n",
		"NoColon\r\n",
		"X : a\r\n", /* whitespace before the colon */
		"X\t: a\r\n",
		": a\r\n", /* empty name */
		"X(: a\r\n",
		"X: a\rb\r\n", /* bare CR */
		"X: a\nY: b\r\n", /* bare LF */
		"X: a\x01\r\n",
		"X: a\x7f\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_fields(bad[i], &req, buf, sizeof(buf)) != 400)
			fail_msg("accepted: %s", bad[i]);
	}
	/* Whitespace between the request line and the first field. */
	assert_int_equal(
		parse_str("GET / HTTP/1.1\r\n Host: h\r\nHost: h\r\n\r\n",
			  &req),
		400);
	/* The blank line must be CRLF too. */
	assert_int_equal(parse_str("GET / HTTP/1.1\r\nHost: h\r\n\n", &req),
			 400);
	/* A NUL in a value. */
	assert_int_equal(
		http_parse_head("GET / HTTP/1.1\r\nHost: h\r\nX: \0\r\n"
				"\r\n",
				32, &req),
		400);
}

static void test_field_values(void **state)
{
	const struct http_str *v;

	(void)state;
	assert_int_equal(parse_fields("Range: \t bytes=1-2 \t\r\nX-Empty:\r\n"
				      "X-Obs: caf\xc3\xa9\r\n",
				      &req, buf, sizeof(buf)),
			 0);
	v = http_field_one(&req, HF_RANGE);
	assert_non_null(v);
	assert_true(str_is(*v, "bytes=1-2"));
	assert_int_equal(parse_fields("range: a\r\nRANGE: b\r\n", &req, buf,
				      sizeof(buf)),
			 0);
	assert_int_equal(req.counts[HF_RANGE], 2);
	assert_null(http_field_one(&req, HF_RANGE));
}

static void test_host(void **state)
{
	(void)state;
	assert_int_equal(parse_str("GET / HTTP/1.1\r\n\r\n", &req), 400);
	assert_int_equal(
		parse_str("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", &req),
		400);
	assert_int_equal(parse_str("GET / HTTP/1.1\r\nHost:\r\n\r\n", &req), 0);
	assert_int_equal(parse_str("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", &req),
			 400);
	assert_int_equal(
		parse_str("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n", &req), 0);
	assert_int_equal(parse_str("GET / HTTP/1.0\r\nHost: a\r\n\r\n", &req),
			 0);
}

static void test_content_length(void **state)
{
	static const char *const bad[] = {
		"Content-Length: 5\r\nContent-Length: 5\r\n",
		"Content-Length: 5\r\nContent-Length: 6\r\n",
		"Content-Length: 5, 5\r\n",
		"Content-Length: +5\r\n",
		"Content-Length: -1\r\n",
		"Content-Length: 0x10\r\n",
		"Content-Length: \r\n",
		"Content-Length: 1 2\r\n",
		"Content-Length: 18446744073709551616\r\n",
		"Content-Length: 99999999999999999999999\r\n",
		"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
		"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_fields(bad[i], &req, buf, sizeof(buf)) != 400)
			fail_msg("accepted: %s", bad[i]);
	}
	assert_int_equal(
		parse_fields("Content-Length: 0\r\n", &req, buf, sizeof(buf)),
		0);
	assert_false(req.has_body);
	assert_int_equal(
		parse_fields("Content-Length: 18446744073709551615\r\n", &req,
			     buf, sizeof(buf)),
		0);
	assert_true(req.content_length == UINT64_MAX);
	assert_int_equal(
		parse_fields("content-length: 007\r\n", &req, buf, sizeof(buf)),
		0);
	assert_int_equal(req.content_length, 7);
	assert_true(req.has_body);
}

static void test_transfer_encoding(void **state)
{
	(void)state;
	assert_int_equal(parse_fields("Transfer-Encoding: chunked\r\n", &req,
				      buf, sizeof(buf)),
			 0);
	assert_true(req.has_body);
	assert_int_equal(parse_fields("Transfer-Encoding: CHUNKED\r\n", &req,
				      buf, sizeof(buf)),
			 0);
	assert_int_equal(parse_fields("Transfer-Encoding: gzip\r\n", &req, buf,
				      sizeof(buf)),
			 501);
	assert_int_equal(parse_fields("Transfer-Encoding: gzip, chunked\r\n",
				      &req, buf, sizeof(buf)),
			 501);
	assert_int_equal(parse_fields("Transfer-Encoding: identity\r\n", &req,
				      buf, sizeof(buf)),
			 501);
	assert_int_equal(parse_fields("Transfer-Encoding: gzip\r\n"
				      "Transfer-Encoding: chunked\r\n",
				      &req, buf, sizeof(buf)),
			 501);
	assert_int_equal(parse_fields("Transfer-Encoding: chunked, chunked\r\n",
				      &req, buf, sizeof(buf)),
			 400);
	assert_int_equal(
		parse_fields("Transfer-Encoding:\r\n", &req, buf, sizeof(buf)),
		400);
	assert_int_equal(parse_fields("Transfer-Encoding: ,\r\n", &req, buf,
				      sizeof(buf)),
			 400);
	assert_int_equal(parse_fields("Transfer-Encoding: \"chunked\"\r\n",
				      &req, buf, sizeof(buf)),
			 400);
	assert_int_equal(parse_str("GET / HTTP/1.0\r\n"
				   "Transfer-Encoding: chunked\r\n\r\n",
				   &req),
			 400);
}

static void test_connection(void **state)
{
	(void)state;
	assert_int_equal(
		parse_fields("Connection: close\r\n", &req, buf, sizeof(buf)),
		0);
	assert_false(req.keep_alive);
	assert_int_equal(parse_fields("Connection: Upgrade, CLOSE\r\n", &req,
				      buf, sizeof(buf)),
			 0);
	assert_false(req.keep_alive);
	assert_int_equal(parse_str("GET / HTTP/1.0\r\n"
				   "Connection: keep-alive\r\n\r\n",
				   &req),
			 0);
	assert_true(req.keep_alive);
	assert_int_equal(
		parse_str("GET / HTTP/1.0\r\nConnection: keep-alive\r\n"
			  "Connection: close\r\n\r\n",
			  &req),
		0);
	assert_false(req.keep_alive);
}

static void test_known_field_cap(void **state)
{
	char big[HTTP_MAX_KNOWN * 12 + 64];
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i < HTTP_MAX_KNOWN; i++)
		n += (size_t)sprintf(big + n, "Range: x\r\n");
	assert_int_equal(parse_fields(big, &req, buf, sizeof(buf)), 431);
}

static void test_peek_method(void **state)
{
	(void)state;
	assert_int_equal(http_peek_method("HEAD /x", 7), M_HEAD);
	assert_int_equal(http_peek_method("\r\nHEAD /x", 9), M_HEAD);
	assert_int_equal(http_peek_method("HEAD", 4), M_NONE);
	assert_int_equal(http_peek_method("GET /", 5), M_NONE);
}

static void test_list_next(void **state)
{
	const char *v = " ,a , b\t,,c,", *p = v, *end = v + strlen(v);
	struct http_str e;

	(void)state;
	e = http_list_next(&p, end);
	assert_true(str_is(e, "a"));
	e = http_list_next(&p, end);
	assert_true(str_is(e, "b"));
	e = http_list_next(&p, end);
	assert_true(str_is(e, "c"));
	e = http_list_next(&p, end);
	assert_null(e.p);
}

/* --- the scanner ------------------------------------------------------ */

static int scan_all(const char *s, size_t n, const struct http_limits *lim,
		    size_t *head_len)
{
	struct http_scan sc;

	memset(&sc, 0, sizeof(sc));
	return http_scan_head(&sc, s, n, lim, head_len);
}

static void test_scan_whole(void **state)
{
	const char *s = "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /next";
	size_t hl = 0;

	(void)state;
	assert_int_equal(scan_all(s, strlen(s), &unit_limits, &hl),
			 HTTP_SCAN_DONE);
	assert_int_equal(hl, strlen("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
	assert_int_equal(scan_all(s, 20, &unit_limits, &hl), HTTP_SCAN_MORE);
	/* A bare LF ends the head too; the parser refuses it later. */
	assert_int_equal(
		scan_all("GET / HTTP/1.1\nHost: h\n\n", 24, &unit_limits, &hl),
		HTTP_SCAN_DONE);
	assert_int_equal(hl, 24);
}

/* Feeding the bytes one at a time must find the same end. */
static void test_scan_split(void **state)
{
	const char *s = "\r\nGET /a HTTP/1.1\r\nHost: h\r\nX: y\r\n\r\nrest";
	size_t n = strlen(s), i, hl = 0;
	struct http_scan sc;
	int rc = HTTP_SCAN_MORE;

	(void)state;
	memset(&sc, 0, sizeof(sc));
	for (i = 1; i <= n && rc == HTTP_SCAN_MORE; i++)
		rc = http_scan_head(&sc, s, i, &unit_limits, &hl);
	assert_int_equal(rc, HTTP_SCAN_DONE);
	assert_int_equal(hl, n - 4);
	assert_int_equal(http_parse_head(s, hl, &req), 0);
	assert_true(str_is(req.path, "/a"));
}

static void test_scan_limits(void **state)
{
	struct http_limits lim = { 32, 128, 3 };
	char line[256];
	size_t hl;

	(void)state;
	/* The request line: 414, complete or not. */
	memset(line, 'a', sizeof(line));
	memcpy(line, "GET /", 5);
	assert_int_equal(scan_all(line, 40, &lim, &hl), 414);
	assert_int_equal(scan_all(line, 33, &lim, &hl), HTTP_SCAN_MORE);
	snprintf(line, sizeof(line), "GET /%027d HTTP/1.1\r\n\r\n", 0);
	assert_int_equal(scan_all(line, strlen(line), &lim, &hl), 414);
	snprintf(line, sizeof(line), "GET /%018d HTTP/1.1\r\n\r\n", 0);
	assert_int_equal(scan_all(line, strlen(line), &lim, &hl),
			 HTTP_SCAN_DONE);
	/* The number of fields, and the size of the head: 431. */
	snprintf(line, sizeof(line),
		 "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n"
		 "C: 3\r\nD: 4\r\n\r\n");
	assert_int_equal(scan_all(line, strlen(line), &lim, &hl), 431);
	memset(line, 'x', sizeof(line));
	memcpy(line, "GET / HTTP/1.1\r\nA: ", 19);
	assert_int_equal(scan_all(line, 129, &lim, &hl), 431);
	assert_int_equal(scan_all(line, 128, &lim, &hl), HTTP_SCAN_MORE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_get),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_no_query),
		cmocka_unit_test(test_leading_empty_lines),
		cmocka_unit_test(test_absolute_form),
		cmocka_unit_test(test_other_forms),
		cmocka_unit_test(test_request_line_errors),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test(test_field_values),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_transfer_encoding),
		cmocka_unit_test(test_connection),
		cmocka_unit_test(test_known_field_cap),
		cmocka_unit_test(test_peek_method),
		cmocka_unit_test(test_list_next),
		cmocka_unit_test(test_scan_whole),
		cmocka_unit_test(test_scan_split),
		cmocka_unit_test(test_scan_limits),
	};

	return cmocka_run_group_tests_name("httpd parser", tests, NULL, NULL);
}
