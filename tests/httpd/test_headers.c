// SPDX-License-Identifier: MIT
// test_headers.c: unit tests of HTTP dates, Accept-Encoding negotiation,
// media types and the response-head writer.

#include <time.h>

#include "unit.h"
#include "date.h"
#include "encoding.h"
#include "mime.h"
#include "resp.h"

static struct http_req req;
static char buf[1024];

static void test_date_format(void **state)
{
	char d[HTTP_DATE_LEN + 1];

	(void)state;
	http_date_format(784111777, d);
	assert_string_equal(d, "Sun, 06 Nov 1994 08:49:37 GMT");
	http_date_format(0, d);
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 GMT");
	http_date_format(951782400, d); /* a leap day in a century year */
	assert_string_equal(d, "Tue, 29 Feb 2000 00:00:00 GMT");
	http_date_format(4102444799LL, d);
	assert_string_equal(d, "Thu, 31 Dec 2099 23:59:59 GMT");
}

/* Against the C library's gmtime over a spread of times. */
static void test_date_against_gmtime(void **state)
{
	char d[HTTP_DATE_LEN + 1], want[64];
	int64_t t, back;
	struct tm tm;
	time_t tt;

	(void)state;
	for (t = 0; t < 4102444800LL; t += 7777777 + 13) {
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		strftime(want, sizeof(want), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		http_date_format(t, d);
		assert_string_equal(d, want);
		assert_int_equal(http_date_parse(d, HTTP_DATE_LEN, &back), 0);
		assert_true(back == t);
	}
}

static int64_t parsed(const char *s)
{
	int64_t t = -1;

	if (http_date_parse(s, strlen(s), &t))
		return -1;
	return t;
}

static void test_date_parse(void **state)
{
	(void)state;
	assert_true(parsed("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
	assert_true(parsed("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
	assert_true(parsed("Sun Nov  6 08:49:37 1994") == 784111777);
	assert_true(parsed("Sun Nov 16 08:49:37 1994") == 784975777);
	assert_true(parsed("Thursday, 01-Jan-70 00:00:00 GMT") == 0);
	assert_true(parsed("Friday, 01-Jan-21 00:00:00 GMT") == 1609459200);
	assert_true(parsed("Sun, 06 Nov 1994 08:49:37 UTC") == -1);
	assert_true(parsed("Sun, 6 Nov 1994 08:49:37 GMT") == -1);
	assert_true(parsed("Sun, 06 Nov 1994 08:49:37 GMT ") == -1);
	assert_true(parsed("Sun, 06 Nov 1994 24:00:00 GMT") == -1);
	assert_true(parsed("Sun, 30 Feb 1994 08:49:37 GMT") == -1);
	assert_true(parsed("Sun, 29 Feb 1900 08:49:37 GMT") == -1);
	assert_true(parsed("Sun, 06 Foo 1994 08:49:37 GMT") == -1);
	assert_true(parsed("sun, 06 Nov 1994 08:49:37 GMT") == -1);
	assert_true(parsed("") == -1);
	assert_true(parsed("1994-11-06T08:49:37Z") == -1);
}

static int gzip_ok(const char *fields)
{
	assert_int_equal(parse_fields(fields, &req, buf, sizeof(buf)), 0);
	return accept_gzip(&req);
}

static void test_accept_gzip(void **state)
{
	(void)state;
	assert_false(gzip_ok(""));
	assert_false(gzip_ok("Accept-Encoding:\r\n"));
	assert_true(gzip_ok("Accept-Encoding: gzip\r\n"));
	assert_true(gzip_ok("Accept-Encoding: GZip\r\n"));
	assert_true(gzip_ok("Accept-Encoding: x-gzip\r\n"));
	assert_true(gzip_ok("Accept-Encoding: br, gzip, deflate\r\n"));
	assert_true(gzip_ok("Accept-Encoding: gzip;q=0.5\r\n"));
	assert_true(gzip_ok("Accept-Encoding: gzip ; q=0.001\r\n"));
	assert_true(gzip_ok("Accept-Encoding: gzip;Q=1.000\r\n"));
	assert_false(gzip_ok("Accept-Encoding: gzip;q=0\r\n"));
	assert_false(gzip_ok("Accept-Encoding: gzip; q=0.000\r\n"));
	assert_false(gzip_ok("Accept-Encoding: gzip;q=0, *\r\n"));
	assert_true(gzip_ok("Accept-Encoding: *\r\n"));
	assert_false(gzip_ok("Accept-Encoding: *;q=0\r\n"));
	assert_true(gzip_ok("Accept-Encoding: *;q=0, gzip\r\n"));
	assert_false(gzip_ok("Accept-Encoding: identity\r\n"));
	assert_false(gzip_ok("Accept-Encoding: br, deflate\r\n"));
	assert_false(gzip_ok("Accept-Encoding: gzipx\r\n"));
	assert_false(gzip_ok("Accept-Encoding: gzip;q=1.5\r\n"));
	assert_false(gzip_ok("Accept-Encoding: gzip;q=abc\r\n"));
	assert_true(
		gzip_ok("Accept-Encoding: br\r\nAccept-Encoding: gzip\r\n"));
}

static void test_qvalue(void **state)
{
	(void)state;
	assert_int_equal(encoding_qvalue("1", 1), 1000);
	assert_int_equal(encoding_qvalue("0", 1), 0);
	assert_int_equal(encoding_qvalue("0.5", 3), 500);
	assert_int_equal(encoding_qvalue("0.123", 5), 123);
	assert_int_equal(encoding_qvalue("1.000", 5), 1000);
	assert_int_equal(encoding_qvalue("1.001", 5), -1);
	assert_int_equal(encoding_qvalue("0.1234", 6), -1);
	assert_int_equal(encoding_qvalue("2", 1), -1);
	assert_int_equal(encoding_qvalue(".5", 2), -1);
	assert_int_equal(encoding_qvalue("", 0), -1);
}

static const char *type(const char *name)
{
	return mime_type(name, strlen(name));
}

static void test_mime(void **state)
{
	(void)state;
	assert_string_equal(type("index.html"), "text/html; charset=utf-8");
	assert_string_equal(type("A.HTML"), "text/html; charset=utf-8");
	assert_string_equal(type("x.css"), "text/css; charset=utf-8");
	assert_string_equal(type("app.js"), "text/javascript; charset=utf-8");
	assert_string_equal(type("p.png"), "image/png");
	assert_string_equal(type("a.tar.gz"), "application/gzip");
	assert_string_equal(type("README"), "application/octet-stream");
	assert_string_equal(type("a.unknown"), "application/octet-stream");
	assert_string_equal(type("dir.d/file"), "application/octet-stream");
	assert_string_equal(type("trailing."), "application/octet-stream");
}

static size_t head(const struct resp *r, char *out, size_t cap)
{
	size_t n = resp_head(out, cap, r, "Sun, 06 Nov 1994 08:49:37 GMT");

	if (n)
		out[n] = '\0';
	return n;
}

static void test_resp_ok(void **state)
{
	struct resp r = { 0 };
	char out[1024];

	(void)state;
	r.status = 206;
	r.keep_alive = 1;
	r.ctype = "text/plain";
	r.has_length = 1;
	r.length = 2;
	r.has_validators = 1;
	r.mtime = 784111777;
	r.etag = "\"e\"";
	r.etag_len = 3;
	r.accept_ranges = 1;
	r.partial = 1;
	r.first = 1;
	r.last = 2;
	r.size = 10;
	r.vary = 1;
	assert_true(head(&r, out, sizeof(out)) > 0);
	assert_non_null(strstr(out, "HTTP/1.1 206 Partial Content\r\n"));
	assert_non_null(strstr(out, "\r\nContent-Length: 2\r\n"));
	assert_non_null(strstr(out, "\r\nContent-Range: bytes 1-2/10\r\n"));
	assert_non_null(strstr(out, "\r\nETag: \"e\"\r\n"));
	assert_non_null(strstr(out, "\r\nLast-Modified: Sun, 06 Nov 1994"));
	assert_non_null(strstr(out, "\r\nVary: Accept-Encoding\r\n"));
	assert_non_null(strstr(out, "\r\nConnection: keep-alive\r\n\r\n"));
	assert_int_equal(head(&r, out, 40), 0);
}

static void test_resp_not_modified(void **state)
{
	struct resp r = { 0 };
	char out[1024];

	(void)state;
	r.status = 304;
	r.no_body = 1;
	r.ctype = "text/plain";
	r.has_length = 1;
	r.length = 5;
	r.has_validators = 1;
	r.etag = "\"e\"";
	r.etag_len = 3;
	assert_true(head(&r, out, sizeof(out)) > 0);
	assert_null(strstr(out, "Content-Length"));
	assert_null(strstr(out, "Content-Type"));
	assert_non_null(strstr(out, "ETag: \"e\""));
}

static void test_resp_errors(void **state)
{
	struct resp r = { 0 };
	char out[1024];
	size_t n;

	(void)state;
	r.keep_alive = 1;
	r.unsatisfiable = 1;
	r.size = 42;
	resp_error(&r, 416);
	assert_true(r.keep_alive);
	assert_true(head(&r, out, sizeof(out)) > 0);
	assert_non_null(strstr(out, "416 Range Not Satisfiable\r\n"));
	assert_non_null(strstr(out, "Content-Range: bytes */42\r\n"));
	resp_error_body(416, &n);
	assert_int_equal(r.length, n);
	memset(&r, 0, sizeof(r));
	r.keep_alive = 1;
	resp_error(&r, 400);
	assert_false(r.keep_alive);
	head(&r, out, sizeof(out));
	assert_non_null(strstr(out, "Connection: close\r\n"));
	assert_string_equal(resp_reason(431),
			    "Request Header Fields Too Large");
	assert_string_equal(resp_reason(299), "Internal Server Error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_date_against_gmtime),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_accept_gzip),
		cmocka_unit_test(test_qvalue),
		cmocka_unit_test(test_mime),
		cmocka_unit_test(test_resp_ok),
		cmocka_unit_test(test_resp_not_modified),
		cmocka_unit_test(test_resp_errors),
	};

	return cmocka_run_group_tests_name("httpd header fields", tests, NULL,
					   NULL);
}
