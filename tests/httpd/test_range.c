// SPDX-License-Identifier: MIT
// test_range.c: unit tests of Range parsing against a representation size.

#include "unit.h"
#include "range.h"

static void one(const char *v, uint64_t size, uint64_t first, uint64_t last)
{
	struct byte_range r = { 0, 0 };
	int rc = range_parse(v, strlen(v), size, &r);

	if (rc != RANGE_ONE)
		fail_msg("%s (size %llu): result %d, wanted one range", v,
			 (unsigned long long)size, rc);
	if (r.first != first || r.last != last)
		fail_msg("%s: %llu-%llu, wanted %llu-%llu", v,
			 (unsigned long long)r.first,
			 (unsigned long long)r.last, (unsigned long long)first,
			 (unsigned long long)last);
}

static int result(const char *v, uint64_t size)
{
	struct byte_range r;

	return range_parse(v, strlen(v), size, &r);
}

static void test_single(void **state)
{
	(void)state;
	one("bytes=0-0", 100, 0, 0);
	one("bytes=0-99", 100, 0, 99);
	one("bytes=10-19", 100, 10, 19);
	one("bytes=0-", 100, 0, 99);
	one("bytes=99-", 100, 99, 99);
	one("bytes=50-1000", 100, 50, 99);
	one("bytes=-10", 100, 90, 99);
	one("bytes=-100", 100, 0, 99);
	one("bytes=-200", 100, 0, 99);
	one("BYTES=1-2", 100, 1, 2);
	one("bytes=0-99999999999999999999999", 100, 0, 99);
	one("bytes=-99999999999999999999999", 100, 0, 99);
	one("bytes=1-2,", 100, 1, 2);
}

static void test_unsatisfiable(void **state)
{
	(void)state;
	assert_int_equal(result("bytes=100-", 100), RANGE_UNSATISFIABLE);
	assert_int_equal(result("bytes=100-200", 100), RANGE_UNSATISFIABLE);
	assert_int_equal(result("bytes=-0", 100), RANGE_UNSATISFIABLE);
	assert_int_equal(result("bytes=0-", 0), RANGE_UNSATISFIABLE);
	assert_int_equal(result("bytes=0-0", 0), RANGE_UNSATISFIABLE);
	assert_int_equal(result("bytes=-5", 0), RANGE_UNSATISFIABLE);
	assert_int_equal(result("bytes=99999999999999999999999-", 100),
			 RANGE_UNSATISFIABLE);
	assert_int_equal(result("bytes=200-300, 400-", 100),
			 RANGE_UNSATISFIABLE);
}

static void test_invalid_ignored(void **state)
{
	static const char *const bad[] = {
		"bytes=5-4", "bytes=abc", "bytes=",	 "bytes= ,",
		"bytes",     "items=0-1", "bytes 0-1",	 "bytes=0-1x",
		"bytes=--1", "bytes=1",	  "bytes=-",	 "bytes=0-1,2",
		"bytes=0_1", "=0-1",	  "bytes=0-1;x", "bytes=+1-2",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (result(bad[i], 100) != RANGE_IGNORE)
			fail_msg("not ignored: %s", bad[i]);
	}
}

static void test_several(void **state)
{
	(void)state;
	assert_int_equal(result("bytes=0-1,5-6", 100), RANGE_MANY);
	assert_int_equal(result("bytes=0-1, 200-300", 100), RANGE_MANY);
	assert_int_equal(result("bytes=-1,0-0", 100), RANGE_MANY);
	assert_int_equal(result("bytes=0-1,,5-6", 100), RANGE_MANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_unsatisfiable),
		cmocka_unit_test(test_invalid_ignored),
		cmocka_unit_test(test_several),
	};

	return cmocka_run_group_tests_name("httpd ranges", tests, NULL, NULL);
}
