// SPDX-License-Identifier: MIT
// test_cpio.c: host unit tests for the cpio newc reader, on archives that
// the system's cpio makes from a temporary tree at test time: every entry
// read back, then the archive cut at every length and damaged in every
// field. Each parse runs on a heap copy of exactly the input's size, so
// ASan reports any read outside it; a step bound catches a loop.

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cpio.h"

#define MAX_ENTRIES 64

static char tree[64];
static unsigned char *arc; /* the archive cpio made */
static size_t arc_len;

struct result {
	int rc; /* cpio_next's last return */
	int n; /* entries read */
	char names[MAX_ENTRIES][64];
	size_t offs[MAX_ENTRIES];
	size_t sizes[MAX_ENTRIES];
	unsigned nlinks[MAX_ENTRIES];
	char why[CPIO_WHY_MAX];
};

/* Reads all of a copy of buf; every entry's body must lie in the input. */
static void parse(const void *buf, size_t len, struct result *res)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct cpio_reader r;
	struct cpio_entry e;
	int steps = 0;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	memset(res, 0, sizeof(*res));
	cpio_open(&r, copy, len);
	while ((res->rc = cpio_next(&r, &e)) > 0) {
		const unsigned char *d = e.data;

		assert_true(++steps < 100000);
		assert_true(d >= copy && d + e.size <= copy + len);
		assert_int_equal(strlen(e.name), e.namelen);
		if (res->n < MAX_ENTRIES) {
			snprintf(res->names[res->n], 64, "%s", e.name);
			res->offs[res->n] = e.offset;
			res->sizes[res->n] = e.size;
			res->nlinks[res->n] = e.nlink;
		}
		res->n++;
	}
	if (res->rc < 0)
		snprintf(res->why, sizeof(res->why), "%s", r.why);
	free(copy);
}

static int run(const char *cmd)
{
	int rc = system(cmd);

	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	return rc;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc(n ? (size_t)n : 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* A small tree: files of several sizes, an empty file and directory, a
 * symlink, two hard links and a name with a space. */
static int setup(void **state)
{
	char cmd[1024], path[128];

	(void)state;
	snprintf(tree, sizeof(tree), "/tmp/kiln-cpio.XXXXXX");
	if (!mkdtemp(tree))
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p t/sub/deep t/empty && "
		 "printf hello > t/a && : > t/zero && "
		 "head -c 5000 /dev/urandom > t/sub/big && "
		 "printf 'x y' > 't/sub/with space' && "
		 "ln -s ../a t/sub/link && printf linked > t/h1 && "
		 "ln t/h1 t/sub/h2 && "
		 "find t | LC_ALL=C sort | cpio -o -H newc --quiet > arc",
		 tree);
	if (run(cmd))
		return -1;
	snprintf(path, sizeof(path), "%s/arc", tree);
	arc = slurp(path, &arc_len);
	return arc ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tree);
	free(arc);
	return run(cmd);
}

static int find(const struct result *res, const char *name)
{
	for (int i = 0; i < res->n && i < MAX_ENTRIES; i++) {
		if (strcmp(res->names[i], name) == 0)
			return i;
	}
	return -1;
}

static void test_reads_real_archive(void **state)
{
	struct result res;
	int a, h1, h2;

	(void)state;
	parse(arc, arc_len, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.n, 11);
	a = find(&res, "t/a");
	assert_true(a >= 0);
	assert_int_equal(res.sizes[a], 5);
	assert_true(find(&res, "t/sub/with space") >= 0);
	assert_int_equal(res.sizes[find(&res, "t/sub/big")], 5000);
	assert_int_equal(res.sizes[find(&res, "t/sub/link")], 4);
	/* Hard links: both names, nlink 2, the data on the last only. */
	h1 = find(&res, "t/h1");
	h2 = find(&res, "t/sub/h2");
	assert_true(h1 >= 0 && h2 >= 0);
	assert_int_equal(res.nlinks[h1], 2);
	assert_int_equal(res.sizes[h1] + res.sizes[h2], 6);
}

static void test_crc_format(void **state)
{
	unsigned char *b = malloc(arc_len);
	struct result plain, crc;

	(void)state;
	parse(arc, arc_len, &plain);
	memcpy(b, arc, arc_len);
	for (int i = 0; i < plain.n; i++)
		memcpy(b + plain.offs[i], "070702", 6);
	parse(b, arc_len, &crc);
	assert_int_equal(crc.rc, 0);
	assert_int_equal(crc.n, plain.n);
	free(b);
}

/* Where the trailer's name ends: any shorter input lacks it. */
static size_t trailer_end(void)
{
	for (size_t i = 0; i + 10 <= arc_len; i++) {
		if (memcmp(arc + i, "TRAILER!!!", 10) == 0)
			return i + 11;
	}
	fail();
	return 0;
}

static void test_truncated_everywhere(void **state)
{
	size_t end = trailer_end();
	struct result res;

	(void)state;
	for (size_t len = 0; len <= arc_len; len++) {
		parse(arc, len, &res);
		if (len == 0 || len >= end) {
			assert_int_equal(res.rc, 0);
			continue;
		}
		assert_int_equal(res.rc, -1);
		assert_non_null(strstr(res.why, "cpio "));
		assert_non_null(strstr(res.why, "offset"));
	}
}

static void test_missing_trailer(void **state)
{
	size_t end = trailer_end();
	struct result res;

	(void)state;
	parse(arc, end - 11 - 110, &res);
	assert_int_equal(res.rc, -1);
	assert_non_null(strstr(res.why, "without TRAILER!!!"));
	assert_non_null(strstr(res.why, "after '"));
}

static const char *const fields[] = {
	"ino",	     "mode",	 "uid",	     "gid",	 "nlink",
	"mtime",     "filesize", "devmajor", "devminor", "rdevmajor",
	"rdevminor", "namesize", "check",
};

/* A non-hex character in any digit of any field of any entry: an error
 * naming the field, and the entry when its name is still readable. */
static void test_bad_hex_everywhere(void **state)
{
	unsigned char *b = malloc(arc_len);
	struct result good, res;
	char want[80];

	(void)state;
	parse(arc, arc_len, &good);
	for (int i = 0; i < good.n; i++) {
		for (int fld = 0; fld < 13; fld++) {
			for (int d = 0; d < 8; d++) {
				memcpy(b, arc, arc_len);
				b[good.offs[i] + 6 + 8 * fld + d] = 'g';
				parse(b, arc_len, &res);
				assert_int_equal(res.rc, -1);
				snprintf(want, sizeof(want), "field %s ",
					 fields[fld]);
				assert_non_null(strstr(res.why, want));
				if (fld == 11)
					continue;
				snprintf(want, sizeof(want), "('%s')",
					 good.names[i]);
				assert_non_null(strstr(res.why, want));
			}
		}
	}
	free(b);
}

static void set_field(unsigned char *h, int fld, uint32_t v)
{
	char hex[9];

	snprintf(hex, sizeof(hex), "%08X", v);
	memcpy(h + 6 + 8 * fld, hex, 8);
}

/* Odd values in every field of every entry: the reader ends, with an
 * error or not, and never reads outside the input. */
static void test_odd_values_everywhere(void **state)
{
	static const uint32_t vals[] = { 0,	     1,		 3,
					 0x7fffffff, 0x80000000, 0xfffffff0,
					 0xffffffff, 4096,	 4097 };
	unsigned char *b = malloc(arc_len);
	struct result good, res;

	(void)state;
	parse(arc, arc_len, &good);
	for (int i = 0; i < good.n; i++) {
		for (int fld = 0; fld < 13; fld++) {
			for (size_t k = 0; k < sizeof(vals) / sizeof(vals[0]);
			     k++) {
				memcpy(b, arc, arc_len);
				set_field(b + good.offs[i], fld, vals[k]);
				parse(b, arc_len, &res);
				if (res.rc < 0)
					assert_true(strlen(res.why) > 10);
			}
		}
	}
	free(b);
}

static void assert_field_fails(int fld, uint32_t v, const char *why)
{
	unsigned char *b = malloc(arc_len);
	struct result good, res;
	int i;

	parse(arc, arc_len, &good);
	i = find(&good, "t/sub/big");
	memcpy(b, arc, arc_len);
	set_field(b + good.offs[i], fld, v);
	parse(b, arc_len, &res);
	assert_int_equal(res.rc, -1);
	if (!strstr(res.why, why))
		fail_msg("'%s' lacks '%s'", res.why, why);
	free(b);
}

static void test_size_faults(void **state)
{
	(void)state;
	assert_field_fails(11, 0, "namesize is 0");
	assert_field_fails(11, 0xffffffff, "namesize");
	assert_field_fails(11, 5000, "namesize 5000 exceeds");
	assert_field_fails(11, 4, "not NUL-terminated");
	assert_field_fails(6, 0xffffffff, "runs past the end");
	assert_field_fails(6, 0x7fffffff, "runs past the end");
	assert_field_fails(1, 0170644, "no file type");
	assert_field_fails(1, 040755, "bytes of data");
	assert_field_fails(1, 0120777, "symlink target of 5000 bytes");
}

/* Archives one after another, with zero padding in multiples of 4. */
static void test_concatenated(void **state)
{
	size_t n = arc_len * 2 + 512;
	unsigned char *b = calloc(1, n);
	struct result res;

	(void)state;
	memcpy(b, arc, arc_len);
	memcpy(b + arc_len + 512, arc, arc_len);
	parse(b, n, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.n, 22);
	/* Back to back, no padding. */
	memcpy(b + arc_len, arc, arc_len);
	parse(b, arc_len * 2, &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.n, 22);
	/* Padding that leaves the next header off a multiple of 4. */
	memset(b + arc_len, 0, 2);
	memcpy(b + arc_len + 2, arc, arc_len);
	parse(b, arc_len * 2 + 2, &res);
	assert_int_equal(res.rc, -1);
	assert_non_null(strstr(res.why, "multiple of 4"));
	/* Junk after the first archive. */
	memset(b + arc_len, 'j', 200);
	parse(b, arc_len + 200, &res);
	assert_int_equal(res.rc, -1);
	assert_non_null(strstr(res.why, "bad magic"));
	/* An error in the second archive says so. */
	memcpy(b + arc_len, arc, arc_len);
	b[arc_len + 6] = 'z';
	parse(b, arc_len * 2, &res);
	assert_int_equal(res.rc, -1);
	assert_non_null(strstr(res.why, "archive 2"));
	free(b);
}

static void test_empty_and_zeros(void **state)
{
	unsigned char z[64] = { 0 };
	struct result res;

	(void)state;
	parse(z, 0, &res);
	assert_int_equal(res.rc, 0);
	parse(z, sizeof(z), &res);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.n, 0);
	parse("0707", 4, &res);
	assert_int_equal(res.rc, -1);
	assert_non_null(strstr(res.why, "truncated header"));
}

/* Random damage: 1 to 4 bytes changed, many times over. */
static void test_random_damage(void **state)
{
	unsigned char *b = malloc(arc_len);
	uint32_t seed = 12345;
	struct result res;

	(void)state;
	for (int t = 0; t < 20000; t++) {
		int k = 1 + t % 4;

		memcpy(b, arc, arc_len);
		for (int j = 0; j < k; j++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 8) % arc_len] = (unsigned char)(seed >> 24);
		}
		parse(b, arc_len, &res);
	}
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_real_archive),
		cmocka_unit_test(test_crc_format),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_missing_trailer),
		cmocka_unit_test(test_bad_hex_everywhere),
		cmocka_unit_test(test_odd_values_everywhere),
		cmocka_unit_test(test_size_faults),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_empty_and_zeros),
		cmocka_unit_test(test_random_damage),
	};

	return cmocka_run_group_tests_name("cpio", tests, setup, teardown);
}
