// SPDX-License-Identifier: MIT
// test_cond.c: unit tests of entity tags, preconditions and If-Range.

#include "unit.h"
#include "cond.h"
#include "date.h"

#define ETAG "\"64-5f5e100\""
#define MTIME 784111777 /* Sun, 06 Nov 1994 08:49:37 GMT */
#define OLDER "Sat, 05 Nov 1994 08:49:37 GMT"
#define SAME "Sun, 06 Nov 1994 08:49:37 GMT"
#define NEWER "Mon, 07 Nov 1994 08:49:37 GMT"

static struct http_req req;
static char buf[1024];
static const struct validators v = { ETAG, sizeof(ETAG) - 1, MTIME };

static int cond(const char *fields)
{
	assert_int_equal(parse_fields(fields, &req, buf, sizeof(buf)), 0);
	return cond_check(&req, &v);
}

static int if_range(const char *fields)
{
	assert_int_equal(parse_fields(fields, &req, buf, sizeof(buf)), 0);
	return cond_if_range(&req, &v);
}

static void test_etag_make(void **state)
{
	char e[ETAG_MAX];
	size_t n;

	(void)state;
	n = etag_make(100, 0, 100000000, e);
	assert_int_equal(n, sizeof(ETAG) - 1);
	assert_memory_equal(e, ETAG, n);
	n = etag_make(0, 0, 0, e);
	assert_memory_equal(e, "\"0-0\"", n);
	n = etag_make(UINT64_MAX, 4000000000LL, 999999999, e);
	assert_true(n < ETAG_MAX);
}

static int match(const char *list, int strong)
{
	return etag_list_match(list, strlen(list), ETAG, strlen(ETAG), strong);
}

static void test_list_match(void **state)
{
	(void)state;
	assert_true(match("*", 0));
	assert_true(match("*", 1));
	assert_true(match(ETAG, 0));
	assert_true(match(ETAG, 1));
	assert_true(match("W/" ETAG, 0));
	assert_false(match("W/" ETAG, 1));
	assert_true(match("\"a\", " ETAG, 0));
	assert_true(match("\"a\",W/" ETAG ",\"b\"", 0));
	assert_true(match("\"x,y\", " ETAG, 1));
	assert_false(match("\"a\", \"b\"", 0));
	assert_false(match("\"64-5f5e100", 0)); /* unterminated */
	assert_false(match("64-5f5e100", 0)); /* unquoted */
	assert_false(match("w/" ETAG, 0)); /* W is upper case */
	assert_false(match("\"a\"x, " ETAG, 0)); /* junk stops the list */
	assert_false(match("", 0));
	assert_false(match("**", 0));
}

static void test_if_none_match(void **state)
{
	(void)state;
	assert_int_equal(cond(""), 0);
	assert_int_equal(cond("If-None-Match: " ETAG "\r\n"), 304);
	assert_int_equal(cond("If-None-Match: W/" ETAG "\r\n"), 304);
	assert_int_equal(cond("If-None-Match: \"x\", " ETAG "\r\n"), 304);
	assert_int_equal(cond("If-None-Match: *\r\n"), 304);
	assert_int_equal(cond("If-None-Match: \"x\"\r\n"), 0);
	assert_int_equal(cond("If-None-Match: \"x\"\r\n"
			      "If-None-Match: " ETAG "\r\n"),
			 304);
}

static void test_if_modified_since(void **state)
{
	(void)state;
	assert_int_equal(cond("If-Modified-Since: " SAME "\r\n"), 304);
	assert_int_equal(cond("If-Modified-Since: " NEWER "\r\n"), 304);
	assert_int_equal(cond("If-Modified-Since: " OLDER "\r\n"), 0);
	assert_int_equal(
		cond("If-Modified-Since: Sunday, 06-Nov-94 08:49:37 GMT\r\n"),
		304);
	assert_int_equal(
		cond("If-Modified-Since: Sun Nov  6 08:49:37 1994\r\n"), 304);
	/* Invalid or repeated dates are ignored. */
	assert_int_equal(cond("If-Modified-Since: yesterday\r\n"), 0);
	assert_int_equal(cond("If-Modified-Since: " SAME "\r\n"
			      "If-Modified-Since: " SAME "\r\n"),
			 0);
}

/* If-None-Match wins over If-Modified-Since, either way round. */
static void test_precedence(void **state)
{
	(void)state;
	assert_int_equal(cond("If-None-Match: \"x\"\r\n"
			      "If-Modified-Since: " NEWER "\r\n"),
			 0);
	assert_int_equal(cond("If-None-Match: " ETAG "\r\n"
			      "If-Modified-Since: " OLDER "\r\n"),
			 304);
	assert_int_equal(cond("If-Modified-Since: " NEWER "\r\n"
			      "If-None-Match: \"x\"\r\n"),
			 0);
}

static void test_if_match(void **state)
{
	(void)state;
	assert_int_equal(cond("If-Match: " ETAG "\r\n"), 0);
	assert_int_equal(cond("If-Match: *\r\n"), 0);
	assert_int_equal(cond("If-Match: \"x\"\r\n"), 412);
	assert_int_equal(cond("If-Match: W/" ETAG "\r\n"), 412);
	assert_int_equal(cond("If-Unmodified-Since: " OLDER "\r\n"), 412);
	assert_int_equal(cond("If-Unmodified-Since: " SAME "\r\n"), 0);
	assert_int_equal(cond("If-Unmodified-Since: bad\r\n"), 0);
	/* If-Match present: If-Unmodified-Since is not looked at. */
	assert_int_equal(cond("If-Match: " ETAG "\r\n"
			      "If-Unmodified-Since: " OLDER "\r\n"),
			 0);
	/* If-Match is evaluated before If-None-Match. */
	assert_int_equal(cond("If-Match: \"x\"\r\n"
			      "If-None-Match: " ETAG "\r\n"),
			 412);
}

static void test_if_range(void **state)
{
	(void)state;
	assert_true(if_range(""));
	assert_true(if_range("If-Range: " ETAG "\r\n"));
	assert_false(if_range("If-Range: W/" ETAG "\r\n"));
	assert_false(if_range("If-Range: \"x\"\r\n"));
	assert_true(if_range("If-Range: " SAME "\r\n"));
	assert_false(if_range("If-Range: " NEWER "\r\n"));
	assert_false(if_range("If-Range: " OLDER "\r\n"));
	assert_false(if_range("If-Range: nonsense\r\n"));
	assert_false(if_range("If-Range:\r\n"));
	assert_false(if_range("If-Range: " ETAG "\r\nIf-Range: " ETAG "\r\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_etag_make),
		cmocka_unit_test(test_list_match),
		cmocka_unit_test(test_if_none_match),
		cmocka_unit_test(test_if_modified_since),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_if_match),
		cmocka_unit_test(test_if_range),
	};

	return cmocka_run_group_tests_name("httpd conditionals", tests, NULL,
					   NULL);
}
