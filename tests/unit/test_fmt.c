// SPDX-License-Identifier: MIT
// test_fmt.c: host unit tests for kvsnprintf, checked against fixed strings
// and against the host's vsnprintf where C defines the result.

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#include <kiln/fmt.h>

#define BUFSZ 256
#define SENTINEL 0x7f

/* Formats with kvsnprintf into a buffer of the given size and checks the
 * bytes after it were left alone. */
static int kfmt(char *out, size_t size, const char *fmt, va_list ap)
{
	char buf[BUFSZ + 8];
	int n;

	memset(buf, SENTINEL, sizeof(buf));
	n = kvsnprintf(buf, size, fmt, ap);
	for (size_t i = size; i < sizeof(buf); i++) {
		if ((unsigned char)buf[i] != SENTINEL)
			fail_msg("\"%s\": byte %zu written past size %zu", fmt,
				 i, size);
	}
	memcpy(out, buf, size);
	return n;
}

/* The host result truncated to size, as C99 snprintf defines it. */
static void check_size(const char *fmt, const char *want, int len, size_t size,
		       va_list ap)
{
	char got[BUFSZ + 8];
	int n = kfmt(got, size, fmt, ap);

	if (n != len)
		fail_msg("\"%s\" size %zu: returned %d, want %d", fmt, size, n,
			 len);
	if (size == 0)
		return;

	size_t keep = (size_t)len < size - 1 ? (size_t)len : size - 1;

	if (memcmp(got, want, keep) != 0 || got[keep] != '\0')
		fail_msg("\"%s\" size %zu: got \"%.*s\", want \"%.*s\"", fmt,
			 size, (int)keep, got, (int)keep, want);
}

/* kvsnprintf must agree with the host's vsnprintf at every buffer size. */
__attribute__((format(printf, 1, 2))) static void same(const char *fmt, ...)
{
	char want[BUFSZ];
	va_list ap, cp;
	int len;

	va_start(ap, fmt);
	va_copy(cp, ap);
	len = vsnprintf(want, sizeof(want), fmt, cp);
	va_end(cp);
	assert_true(len >= 0 && len < BUFSZ);

	for (size_t size = 0; size <= (size_t)len + 2; size++) {
		va_copy(cp, ap);
		check_size(fmt, want, len, size, cp);
		va_end(cp);
	}
	va_end(ap);
}

/* ksnprintf with a roomy buffer must give exactly want. */
#define EXPECT(want, ...)                                        \
	do {                                                     \
		char b_[BUFSZ];                                  \
		int n_ = ksnprintf(b_, sizeof(b_), __VA_ARGS__); \
		assert_string_equal(b_, want);                   \
		assert_int_equal(n_, strlen(want));              \
	} while (0)

static void test_conversions(void **state)
{
	(void)state;
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%i", -42);
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("777", "%o", 0777u);
	EXPECT("hello", "%s", "hello");
	EXPECT("z", "%c", 'z');
	EXPECT("100%", "%d%%", 100);
	EXPECT("a b 1 2 c", "%c %s %d %u %x", 'a', "b", 1, 2u, 12u);
	EXPECT("no conversions", "no conversions");
	EXPECT("", "%s", "");
	EXPECT("0", "%d", 0);
	EXPECT("0", "%x", 0u);
	EXPECT("0x1234", "%p", (void *)0x1234);
	EXPECT("0x0", "%p", NULL);
}

static void test_flags(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("+42", "%+d", 42);
	EXPECT("-42", "%+d", -42);
	EXPECT(" 42", "% d", 42);
	EXPECT("0xff", "%#x", 0xffu);
	EXPECT("0XFF", "%#X", 0xffu);
	EXPECT("0x0000ff", "%#08x", 0xffu);
	EXPECT("0", "%#x", 0u);
	EXPECT("  0x1f", "%#6x", 0x1fu);
	EXPECT("0x1f  |", "%-#6x|", 0x1fu);
}

static void test_width_precision(void **state)
{
	(void)state;
	EXPECT("007", "%.3d", 7);
	EXPECT("   -007", "%7.3d", -7);
	EXPECT("", "%.0d", 0);
	EXPECT("   ", "%3.0u", 0u);
	EXPECT("+", "%+.0d", 0);
	EXPECT("0x000ff", "%#.5x", 0xffu);
	EXPECT("he", "%.2s", "hello");
	EXPECT("   he", "%5.2s", "hello");
	EXPECT("he   |", "%-5.2s|", "hello");
	EXPECT("hello", "%3s", "hello");
	EXPECT("  x", "%3c", 'x');
	EXPECT("x  |", "%-3c|", 'x');
}

static void test_star(void **state)
{
	(void)state;
	EXPECT("   42", "%*d", 5, 42);
	EXPECT("42   |", "%*d|", -5, 42);
	EXPECT("42   |", "%0*d|", -5, 42);
	EXPECT("0007", "%.*d", 4, 7);
	EXPECT("7", "%.*d", -1, 7);
	EXPECT("     abc", "%*.*s", 8, 3, "abcdef");
	EXPECT("abcdef", "%.*s", -3, "abcdef");
	EXPECT("ab|", "%.*s|", 2, "abcdef");
}

static void test_length_modifiers(void **state)
{
	(void)state;
	EXPECT("-56", "%hhd", (signed char)200);
	EXPECT("255", "%hhu", (unsigned char)0xff);
	EXPECT("-32768", "%hd", (short)-32768);
	EXPECT("2345", "%hx", (unsigned short)0x2345);
	EXPECT("-1", "%ld", -1L);
	EXPECT("123456789abcdef0", "%lx", 0x123456789abcdef0UL);
	EXPECT("-9223372036854775807", "%lld", -LLONG_MAX);
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT("-1", "%zd", (ssize_t)-1);
	EXPECT("-3", "%td", (ptrdiff_t)-3);
	EXPECT("ffffffffffffffff", "%jx", UINTMAX_MAX);
	EXPECT("-9223372036854775808", "%jd", INTMAX_MIN);
}

/* hh and h must cut values that were promoted to int down to their type. */
static void test_narrowing(void **state)
{
	(void)state;
	EXPECT("-56", "%hhd", 200);
	EXPECT("255", "%hhu", 0x1ff);
	EXPECT("-32768", "%hd", 0x18000);
	EXPECT("ffff", "%hx", 0x1ffff);
	EXPECT("1", "%hho", 0x101);
}

static void test_extremes(void **state)
{
	(void)state;
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("-9223372036854775808", "%ld", (long)INT64_MIN);
	EXPECT("9223372036854775807", "%lld", (long long)INT64_MAX);
	EXPECT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	EXPECT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	EXPECT("FFFFFFFFFFFFFFFF", "%llX", (unsigned long long)UINT64_MAX);
	EXPECT("1777777777777777777777", "%llo",
	       (unsigned long long)UINT64_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-000000009223372036854775808", "%028lld", (long long)INT64_MIN);
}

static void test_null_string(void **state)
{
	const char *volatile null = NULL; /* hidden from -Wformat-overflow */

	(void)state;
	EXPECT("(null)", "%s", null);
	EXPECT("    (null)", "%10s", null);
	EXPECT("[(null)]", "[%s]", null);
}

/* With a precision, %s may be given an array without a NUL. */
static void test_precision_unterminated(void **state)
{
	char *abc = malloc(3);
	char out[8];

	(void)state;
	assert_non_null(abc);
	memcpy(abc, "abc", 3);
	assert_int_equal(ksnprintf(out, sizeof(out), "%.3s", abc), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(ksnprintf(out, sizeof(out), "%.2s", abc), 2);
	assert_string_equal(out, "ab");
	free(abc);
}

static void test_truncation(void **state)
{
	char b[8];

	(void)state;
	memset(b, 'x', sizeof(b));
	assert_int_equal(ksnprintf(b, 4, "hello %d", 12345), 11);
	assert_string_equal(b, "hel");
	assert_int_equal(b[4], 'x');

	memset(b, 'x', sizeof(b));
	assert_int_equal(ksnprintf(b, 1, "%s", "abc"), 3);
	assert_int_equal(b[0], '\0');
	assert_int_equal(b[1], 'x');

	memset(b, 'x', sizeof(b));
	assert_int_equal(ksnprintf(b, 0, "%s", "abc"), 3);
	assert_int_equal(b[0], 'x');

	assert_int_equal(ksnprintf(NULL, 0, "%d %s", -100, "xyz"), 8);
	assert_int_equal(ksnprintf(b, sizeof(b), "%s", "1234567"), 7);
	assert_string_equal(b, "1234567");
	assert_int_equal(ksnprintf(b, sizeof(b), "%s", "12345678"), 8);
	assert_string_equal(b, "1234567");
}

/* Not promised by the header: a stray or unknown conversion must not
 * break the output. The formats are not literals so the compiler lets
 * them through. */
static void test_malformed(void **state)
{
	static const char *const fmts[] = { "ab%", "ab%-", "ab%5", "ab%.*" };
	const char *unknown = "a%qb";
	char b[16];

	(void)state;
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		assert_int_equal(ksnprintf(b, sizeof(b), fmts[i], 0), 2);
		assert_string_equal(b, "ab");
	}
	assert_int_equal(ksnprintf(b, sizeof(b), unknown, 0), 4);
	assert_string_equal(b, "a%qb");
}

static void test_against_host_ints(void **state)
{
	static const int v[] = { 0, 1, -1, 7, -7, 42, 1000, INT_MAX, INT_MIN };

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		same("%d", v[i]);
		same("%i|%5d|%-5d|%05d", v[i], v[i], v[i], v[i]);
		same("%+d % d %+05d % 05d", v[i], v[i], v[i], v[i]);
		same("%.3d %8.3d %-8.3d|", v[i], v[i], v[i]);
		same("%.0d %5.0d %+.0d", v[i], v[i], v[i]);
		same("%*d %-*d| %.*d %.*d", 6, v[i], 6, v[i], 4, v[i], -2,
		     v[i]);
		same("%hhd %hd %hhi %hi", v[i], v[i], v[i], v[i]);
		same("%u %x %X %o", v[i], v[i], v[i], v[i]);
		same("%#x %#X %#010x %#.0x %#8.4x", v[i], v[i], v[i], v[i],
		     v[i]);
		same("%08u %-8x| %.0o %12.10o", v[i], v[i], v[i], v[i]);
		same("%hhu %hu %hhx %hX", v[i], v[i], v[i], v[i]);
	}
}

static void test_against_host_wide(void **state)
{
	static const long long v[] = {
		0, -1, 1LL << 40, LLONG_MAX, LLONG_MIN, -123456789012345LL
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		long long x = v[i];

		same("%lld %ld %jd %zd %td", x, (long)x, (intmax_t)x,
		     (ssize_t)x, (ptrdiff_t)x);
		same("%llu %lx %jX %zo %#tx", (unsigned long long)x,
		     (unsigned long)x, (uintmax_t)x, (size_t)x, (ptrdiff_t)x);
		same("%+25lld|%-25lld|%025lld|% lld", x, x, x, x);
		same("%.20llx %#30.20llx %-#30llX|", x, x, x);
	}
}

static void test_against_host_strings(void **state)
{
	static const char *const v[] = { "", "a", "hello", "hello, world" };

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		same("%s|%10s|%-10s|", v[i], v[i], v[i]);
		same("%.0s|%.2s|%7.3s|%-7.3s|", v[i], v[i], v[i], v[i]);
		same("%*s|%-*s|%.*s|%*.*s|", 9, v[i], 9, v[i], 3, v[i], -9, 2,
		     v[i]);
	}
	same("%c%c%c %3c %-3c|", 'a', 'b', 'c', 'd', 'e');
	same("%% %5s %%%d%%", "pct", 50);
	same("plain text, no conversions");
	same("%p %20p %-20p|", (void *)0x1234, (void *)0xdeadbeef,
	     (void *)0xfffffffffff);
}

/*
 * C defines these flags as ignored in these combinations (or, for '+' and
 * ' ' on unsigned conversions, as having no effect); gcc warns about each,
 * which is the point here.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void test_ignored_flags(void **state)
{
	(void)state;
	EXPECT("+42", "%+ d", 42);
	EXPECT("42   |", "%-05d|", 42);
	EXPECT("    007", "%07.3d", 7);
	EXPECT("00000007", "%0*.*d", 8, -1, 7);
	EXPECT("42", "%+u", 42u);
	EXPECT("ff", "% x", 0xffu);
	EXPECT("0x1f", "%+#x", 0x1fu);
}

static void test_against_host_ignored_flags(void **state)
{
	static const int v[] = { 0, 1, -1, 42, INT_MAX, INT_MIN };

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		same("%+ d|% +d|%-05d|%08.3d|%0*.*d", v[i], v[i], v[i], v[i], 8,
		     -1, v[i]);
		same("%+u|% u|%+x|% X|%+o|%+#x|% o", v[i], v[i], v[i], v[i],
		     v[i], v[i], v[i]);
		same("%+5u|% 08x|%+-6X|", v[i], v[i], v[i]);
		same("%+llu|% llx", (long long)v[i], (long long)v[i]);
	}
}
#pragma GCC diagnostic pop

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_width_precision),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_narrowing),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_precision_unterminated),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_against_host_ints),
		cmocka_unit_test(test_against_host_wide),
		cmocka_unit_test(test_against_host_strings),
		cmocka_unit_test(test_ignored_flags),
		cmocka_unit_test(test_against_host_ignored_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
