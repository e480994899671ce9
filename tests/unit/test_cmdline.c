// SPDX-License-Identifier: MIT
// test_cmdline.c: host unit tests for the kernel command-line parser.

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <kiln/cmdline.h>

static struct cmdline cl;
static char *buf;

/* Parses a heap copy of s, sized exactly, so ASan sees any overread. */
static int parse(const char *s)
{
	free(buf);
	buf = strdup(s);
	assert_non_null(buf);
	return cmdline_parse(buf, &cl);
}

static void assert_opt(int i, const char *key, const char *val)
{
	assert_true(i < cl.nopt);
	assert_string_equal(cl.opt[i].key, key);
	if (val)
		assert_string_equal(cl.opt[i].val, val);
	else
		assert_null(cl.opt[i].val);
}

static void assert_args(int argc, const char *const *argv)
{
	assert_int_equal(cl.argc, argc);
	for (int i = 0; i < argc; i++)
		assert_string_equal(cl.argv[i], argv[i]);
	assert_null(cl.argv[argc]);
}

static void assert_fails(const char *s, const char *why)
{
	assert_int_equal(parse(s), -1);
	assert_non_null(cl.error);
	assert_non_null(strstr(cl.error, why));
}

static void test_empty(void **state)
{
	(void)state;
	cl.nopt = cl.argc = 99;
	assert_int_equal(parse(""), 0);
	assert_int_equal(cl.nopt, 0);
	assert_int_equal(cl.argc, 0);
	assert_null(cl.argv[0]);
	assert_null(cl.error);
	assert_null(cmdline_get(&cl, "", 0));
}

static void test_whitespace_only(void **state)
{
	(void)state;
	assert_int_equal(parse(" \t\n\r  \t"), 0);
	assert_int_equal(cl.nopt, 0);
	assert_int_equal(cl.argc, 0);
	assert_null(cl.error);
}

static void test_bare_and_keyvalue(void **state)
{
	(void)state;
	assert_int_equal(parse("quiet loglevel=debug empty= x=y=z"), 0);
	assert_int_equal(cl.nopt, 4);
	assert_int_equal(cl.argc, 0);
	assert_opt(0, "quiet", NULL);
	assert_opt(1, "loglevel", "debug");
	assert_opt(2, "empty", "");
	assert_opt(3, "x", "y=z");
	assert_string_equal(cmdline_get(&cl, "quiet", 0), "");
	assert_string_equal(cmdline_get(&cl, "loglevel", 0), "debug");
	assert_string_equal(cmdline_get(&cl, "x", 0), "y=z");
	assert_null(cmdline_get(&cl, "quiet", 1));
	assert_null(cmdline_get(&cl, "missing", 0));
	assert_null(cmdline_get(&cl, "log", 0));
	assert_null(cmdline_get(&cl, "loglevel=debug", 0));
}

static void test_tokens_in_place(void **state)
{
	(void)state;
	assert_int_equal(parse("a=1 bb -- \"x\" c"), 0);
	for (int i = 0; i < cl.nopt; i++) {
		assert_true(cl.opt[i].key >= buf);
		assert_true(cl.opt[i].key < buf + strlen("a=1 bb -- \"x\" c"));
	}
	assert_ptr_equal(cl.opt[0].key, buf);
	assert_ptr_equal(cl.opt[0].val, buf + 2);
	assert_ptr_equal(cl.opt[1].key, buf + 4);
}

static void test_quoted_values(void **state)
{
	(void)state;
	assert_int_equal(parse("env=\"A=b c\" env=\"HOME=/\" k=\"\" "
			       "q=pre\"mid dle\"post"),
			 0);
	assert_int_equal(cl.nopt, 4);
	assert_opt(0, "env", "A=b c");
	assert_opt(1, "env", "HOME=/");
	assert_opt(2, "k", "");
	assert_opt(3, "q", "premid dlepost");
}

static void test_escapes(void **state)
{
	(void)state;
	assert_int_equal(parse("m=\"say \\\"hi\\\" \\\\ ok\" "
			       "-- \"\\\\\" \"a\\\"b\" \"c\\nd\""),
			 0);
	assert_opt(0, "m", "say \"hi\" \\ ok");
	assert_args(3, (const char *[]){ "\\", "a\"b", "c\\nd" });
}

static void test_args(void **state)
{
	(void)state;
	assert_int_equal(parse("loglevel=info -- \"httpd\" \"\" \"--root\" "
			       "\"a=b\" \"--\" \"x y\""),
			 0);
	assert_args(6, (const char *[]){ "httpd", "", "--root", "a=b", "--",
					 "x y" });
	assert_int_equal(cl.nopt, 1);
	assert_opt(0, "loglevel", "info");
}

static void test_options_after_args(void **state)
{
	(void)state;
	assert_int_equal(parse("quiet -- \"prog\" \"-v\" "
			       "virtio_mmio.device=512@0xfeb00e00:12 "
			       "virtio_mmio.device=512@0xfeb01000:13 "
			       "\"late\" console=ttyS0"),
			 0);
	assert_args(2, (const char *[]){ "prog", "-v" });
	assert_int_equal(cl.nopt, 5);
	assert_opt(0, "quiet", NULL);
	assert_opt(1, "virtio_mmio.device", "512@0xfeb00e00:12");
	assert_opt(2, "virtio_mmio.device", "512@0xfeb01000:13");
	assert_opt(3, "late", NULL);
	assert_opt(4, "console", "ttyS0");
}

static void test_separator_edges(void **state)
{
	(void)state;
	assert_int_equal(parse("a --"), 0);
	assert_int_equal(cl.nopt, 1);
	assert_args(0, NULL);

	assert_int_equal(parse("-- b=1"), 0);
	assert_args(0, NULL);
	assert_int_equal(cl.nopt, 1);
	assert_opt(0, "b", "1");

	/* A quoted "--" is an option name, not the separator. */
	assert_int_equal(parse("\"--\" \"x\""), 0);
	assert_args(0, NULL);
	assert_int_equal(cl.nopt, 2);
	assert_opt(0, "--", NULL);
	assert_opt(1, "x", NULL);

	/* "--x" is an ordinary option. */
	assert_int_equal(parse("--x \"y\""), 0);
	assert_args(0, NULL);
	assert_opt(0, "--x", NULL);
}

static void test_tabs_newlines(void **state)
{
	(void)state;
	assert_int_equal(parse("\ta=1\tb=2\n--\r\n\"x\ty\"\t\"z\"\nc=3\n"), 0);
	assert_args(2, (const char *[]){ "x\ty", "z" });
	assert_int_equal(cl.nopt, 3);
	assert_opt(0, "a", "1");
	assert_opt(1, "b", "2");
	assert_opt(2, "c", "3");
}

static void test_get_nth(void **state)
{
	(void)state;
	assert_int_equal(parse("k=0 other k k=2 -- \"k=3\" k=4"), 0);
	assert_string_equal(cmdline_get(&cl, "k", 0), "0");
	assert_string_equal(cmdline_get(&cl, "k", 1), "");
	assert_string_equal(cmdline_get(&cl, "k", 2), "2");
	assert_string_equal(cmdline_get(&cl, "k", 3), "4");
	assert_null(cmdline_get(&cl, "k", 4));
	assert_null(cmdline_get(&cl, "k", -1));
	assert_string_equal(cmdline_get(&cl, "other", 0), "");
	assert_args(1, (const char *[]){ "k=3" });
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	assert_fails("env=\"abc", "unterminated");
	assert_fails("a \"", "unterminated");
	assert_fails("-- \"ok\" \"abc", "unterminated");
	assert_fails("-- \"a\\\"", "unterminated");
	assert_fails("x=\"a\\\\\\\"", "unterminated");
}

static void test_empty_name(void **state)
{
	(void)state;
	assert_fails("=value", "empty name");
	assert_fails("ok \"\"", "empty name");
}

/* Builds "-- " followed by n quoted args, or n options. */
static char *many(int n, bool args)
{
	char *s = malloc(16 * (size_t)n + 8), *p = s;

	assert_non_null(s);
	p += sprintf(p, "%s", args ? "--" : "");
	for (int i = 0; i < n; i++)
		p += sprintf(p, args ? " \"a%d\"" : " o%d=%d", i, i);
	return s;
}

static void test_arg_limit(void **state)
{
	char *s;

	(void)state;
	s = many(CMDLINE_MAX_ARGS, true);
	assert_int_equal(parse(s), 0);
	assert_int_equal(cl.argc, CMDLINE_MAX_ARGS);
	{
		char last[16];

		snprintf(last, sizeof(last), "a%d", CMDLINE_MAX_ARGS - 1);
		assert_string_equal(cl.argv[CMDLINE_MAX_ARGS - 1], last);
	}
	assert_null(cl.argv[CMDLINE_MAX_ARGS]);
	free(s);

	s = many(CMDLINE_MAX_ARGS + 1, true);
	assert_int_equal(parse(s), -1);
	assert_non_null(strstr(cl.error, "too many program arguments"));
	free(s);
}

static void test_opt_limit(void **state)
{
	char *s;

	(void)state;
	s = many(CMDLINE_MAX_OPTS, false);
	assert_int_equal(parse(s), 0);
	assert_int_equal(cl.nopt, CMDLINE_MAX_OPTS);
	assert_string_equal(cmdline_get(&cl, "o63", 0), "63");
	free(s);

	s = many(CMDLINE_MAX_OPTS + 1, false);
	assert_int_equal(parse(s), -1);
	assert_non_null(strstr(cl.error, "too many kernel options"));
	free(s);
}

static int teardown(void **state)
{
	(void)state;
	free(buf);
	buf = NULL;
	return 0;
}

static void test_virtio_mmio_good(void **state)
{
	uint64_t base, size;
	int irq;

	(void)state;
	assert_int_equal(
		cmdline_virtio_mmio("512@0xfeb00e00:12", &base, &size, &irq),
		0);
	assert_int_equal(base, 0xfeb00e00);
	assert_int_equal(size, 512);
	assert_int_equal(irq, 12);
	assert_int_equal(
		cmdline_virtio_mmio("4K@0xd0000000:5:2", &base, &size, &irq),
		0);
	assert_int_equal(size, 4096);
	assert_int_equal(base, 0xd0000000);
	assert_int_equal(irq, 5);
	assert_int_equal(
		cmdline_virtio_mmio("1M@4096:1023", &base, &size, &irq), 0);
	assert_int_equal(size, 1 << 20);
	assert_int_equal(base, 4096);
	assert_int_equal(irq, 1023);
}

static void test_virtio_mmio_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"512",
		"512@",
		"512@0xfeb00e00",
		"512@0xfeb00e00:",
		"@0xfeb00e00:12",
		"0@0xfeb00e00:12",
		"512@0xfeb00e00:1024",
		"512@0xfeb00e00:12:",
		"512@0xfeb00e00:12x",
		"512x@0x1000:1",
		"512@zz:1",
		"512@0x1000:1:2:3",
	};
	uint64_t base, size;
	int irq;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cmdline_virtio_mmio(bad[i], &base, &size, &irq) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_whitespace_only),
		cmocka_unit_test(test_bare_and_keyvalue),
		cmocka_unit_test(test_tokens_in_place),
		cmocka_unit_test(test_quoted_values),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_options_after_args),
		cmocka_unit_test(test_separator_edges),
		cmocka_unit_test(test_tabs_newlines),
		cmocka_unit_test(test_get_nth),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_empty_name),
		cmocka_unit_test(test_arg_limit),
		cmocka_unit_test(test_opt_limit),
		cmocka_unit_test(test_virtio_mmio_good),
		cmocka_unit_test(test_virtio_mmio_bad),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
