// SPDX-License-Identifier: MIT
// test_path.c: unit tests of percent-decoding, dot-segment removal and
// Location encoding: nothing may climb above the root.

#include "unit.h"
#include "path.h"

static char out[512];

/* Normalises in and compares with want (NULL: must be refused). */
static void check(const char *in, const char *want)
{
	long n = path_normalize(in, strlen(in), out);

	if (!want) {
		if (n >= 0)
			fail_msg("%s: accepted as %s", in, out);
		return;
	}
	if (n < 0)
		fail_msg("%s: refused, wanted %s", in, want);
	if ((size_t)n != strlen(want) || strcmp(out, want) != 0)
		fail_msg("%s: got %s, wanted %s", in, out, want);
}

static void test_plain(void **state)
{
	(void)state;
	check("/", "/");
	check("/a", "/a");
	check("/a/b", "/a/b");
	check("/a/b/", "/a/b/");
	check("/a//b", "/a/b");
	check("//a", "/a");
	check("/a/b//", "/a/b/");
	check("/.hidden", "/.hidden");
	check("/...", "/...");
	check("/a..b", "/a..b");
}

static void test_dots(void **state)
{
	(void)state;
	check("/.", "/");
	check("/./", "/");
	check("/a/.", "/a/");
	check("/a/./b", "/a/b");
	check("/a/../b", "/b");
	check("/a/b/..", "/a/");
	check("/a/b/../", "/a/");
	check("/a/b/../../c", "/c");
	check("/a/./../b/./c/..", "/b/");
}

static void test_escapes_refused(void **state)
{
	(void)state;
	check("/..", NULL);
	check("/../", NULL);
	check("/../etc/passwd", NULL);
	check("/a/../../etc/passwd", NULL);
	check("/a/../..", NULL);
	check("/./..", NULL);
}

static void test_decoding(void **state)
{
	(void)state;
	check("/%61%62", "/ab");
	check("/%7e", "/~");
	check("/a%20b", "/a b");
	check("/%c3%a9", "/\xc3\xa9");
	check("/%2e", "/");
	check("/%2e/x", "/x");
	check("/a/%2e%2e/b", "/b");
	check("/a/.%2e/b", "/b");
	check("/a/%2E%2E/b", "/b");
	/* Decoded once: a double encoding stays a literal name. */
	check("/%252e%252e/x", "/%2e%2e/x");
	check("/%252f", "/%2f");
}

static void test_traversal_encodings(void **state)
{
	(void)state;
	check("/%2e%2e", NULL);
	check("/%2e%2e/etc/passwd", NULL);
	check("/%2E%2E/%2E%2E/etc/passwd", NULL);
	check("/.%2e/x", NULL);
	check("/%2e./x", NULL);
	check("/a/%2e%2e/%2e%2e/x", NULL);
	check("/..%2fetc", NULL); /* an encoded slash */
	check("/a%2fb", NULL);
	check("/a%2Fb", NULL);
	check("/..%5cetc", NULL); /* an encoded backslash */
	check("/a%5Cb", NULL);
	check("/a\\b", NULL);
	check("/a%00b", NULL); /* NUL */
	check("/a%00", NULL);
	check("/a%0ab", NULL); /* control bytes */
	check("/a%0d%0a", NULL);
	check("/a%7f", NULL);
}

static void test_bad_escapes(void **state)
{
	(void)state;
	check("/%", NULL);
	check("/%4", NULL);
	check("/%zz", NULL);
	check("/%g1", NULL);
	check("/a%", NULL);
	check("", NULL);
	check("a", NULL);
	check("%2fa", NULL);
}

static void test_remove_dots_in_place(void **state)
{
	char s[] = "/x/../y/./z/";
	long n;

	(void)state;
	n = path_remove_dots(s, strlen(s));
	assert_int_equal(n, 5);
	assert_memory_equal(s, "/y/z/", 5);
	assert_int_equal(path_remove_dots(s, 0), -1);
}

static void test_encode(void **state)
{
	char e[64];
	long n;

	(void)state;
	n = path_encode("/a b/\xc3\xa9?#%", 10, e, sizeof(e));
	assert_true(n > 0);
	e[n] = '\0';
	assert_string_equal(e, "/a%20b/%C3%A9%3F%23%25");
	n = path_encode("/a-._~!$&'()*+,;=:@", 19, e, sizeof(e));
	assert_int_equal(n, 19);
	assert_int_equal(path_encode("/abc", 4, e, 3), -1);
	assert_int_equal(path_encode("/ ", 2, e, 3), -1);
}

/* Normalising, encoding and normalising again gives the same path: the
 * Location of a redirect names what was asked for. */
static void test_round_trip(void **state)
{
	static const char *const in[] = { "/a%20b/", "/%c3%a9/x", "/a/../b%3f",
					  "/%25" };
	char e[128], again[128];
	size_t i;
	long n, m;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		n = path_normalize(in[i], strlen(in[i]), out);
		assert_true(n >= 0);
		m = path_encode(out, (size_t)n, e, sizeof(e));
		assert_true(m >= 0 && (size_t)m <= strlen(in[i]));
		assert_int_equal(path_normalize(e, (size_t)m, again), n);
		assert_string_equal(again, out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_dots),
		cmocka_unit_test(test_escapes_refused),
		cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_traversal_encodings),
		cmocka_unit_test(test_bad_escapes),
		cmocka_unit_test(test_remove_dots_in_place),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests_name("httpd paths", tests, NULL, NULL);
}
