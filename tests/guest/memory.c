// SPDX-License-Identifier: MIT
// memory.c: brk, anonymous mmap, munmap, mprotect, madvise and malloc.

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE 4096ul
#define MIB (1ul << 20)

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static char *brk_to(char *want)
{
	return (char *)syscall(SYS_brk, want);
}

static char *map(void *hint, size_t len, int flags)
{
	char *p = mmap(hint, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static unsigned char page_byte(size_t i)
{
	return (unsigned char)(i * 7 + 1);
}

/* Writes a byte at the start and end of each page, then reads all back. */
static int touch_and_verify(char *p, size_t len)
{
	size_t pages = len / PAGE;

	for (size_t i = 0; i < pages; i++) {
		p[i * PAGE] = (char)page_byte(i);
		p[i * PAGE + PAGE - 1] = (char)page_byte(i + 1);
	}
	for (size_t i = 0; i < pages; i++) {
		if ((unsigned char)p[i * PAGE] != page_byte(i) ||
		    (unsigned char)p[i * PAGE + PAGE - 1] != page_byte(i + 1))
			return 0;
	}
	return 1;
}

static int all_zero(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i])
			return 0;
	}
	return 1;
}

/* Runs before anything calls malloc, which keeps its own view of brk. */
static void test_brk(void)
{
	char *start = brk_to(0), *cur = start, *base;
	int grew = 1;

	base = (char *)(((uintptr_t)start + PAGE - 1) & ~(PAGE - 1));
	while (grew && cur < base + 32 * MIB) {
		grew = brk_to(cur + MIB) == cur + MIB;
		if (grew)
			cur += MIB;
	}
	check("brk grows to 32 MiB in 1 MiB steps", grew);
	if (!grew)
		return;
	check("brk memory keeps what each page was given",
	      touch_and_verify(base, 31 * MIB));
	check("brk shrinks back to its start", brk_to(start) == start);
	check("brk grows again", brk_to(base + MIB) == base + MIB);
	check("brk memory is zero after shrinking and growing",
	      all_zero(base, MIB));
	check("brk shrinks back again", brk_to(start) == start);
}

static void test_big_mmap(void)
{
	size_t len = 64 * MIB;
	char *p = map(NULL, len, 0);

	check("mmap of 64 MiB", p != NULL);
	if (!p)
		return;
	check("64 MiB mapping keeps what each page was given",
	      touch_and_verify(p, len));
	check("munmap of 64 MiB", munmap(p, len) == 0);
	p = map(NULL, len, 0);
	check("64 MiB can be mapped again, zeroed",
	      p && all_zero(p, PAGE) && all_zero(p + len - PAGE, PAGE));
	if (p)
		munmap(p, len);
}

static void test_hint(void)
{
	char *p = map(NULL, 4 * PAGE, 0), *q;

	munmap(p, 4 * PAGE);
	q = map(p, 4 * PAGE, 0);
	check("mmap honours a free hint", q == p);
	munmap(q, 4 * PAGE);
}

static void test_fixed(void)
{
	char *p = map(NULL, 4 * PAGE, 0), *q;

	memset(p, 'A', 4 * PAGE);
	q = map(p + PAGE, PAGE, MAP_FIXED);
	check("MAP_FIXED over part of a mapping lands there", q == p + PAGE);
	check("MAP_FIXED page is zero", all_zero(p + PAGE, PAGE));
	check("pages around the MAP_FIXED page keep their data",
	      p[0] == 'A' && p[PAGE - 1] == 'A' && p[2 * PAGE] == 'A' &&
		      p[4 * PAGE - 1] == 'A');
	/* Linux says EEXIST; qemu-user treats the flag as a hint. Either
	 * way the mapping there must survive. */
	errno = 0;
	q = map(p + 2 * PAGE, PAGE, MAP_FIXED_NOREPLACE);
	check("MAP_FIXED_NOREPLACE leaves an existing mapping alone",
	      ((q == NULL && errno == EEXIST) || (q && q != p + 2 * PAGE)) &&
		      p[2 * PAGE] == 'A');
	if (q)
		munmap(q, PAGE);
	check("munmap of a hole in the middle", munmap(p + PAGE, PAGE) == 0);
	check("pages around the hole keep their data",
	      p[0] == 'A' && p[2 * PAGE] == 'A');
	munmap(p, 4 * PAGE);
}

static void test_mprotect(void)
{
	char *p = map(NULL, 2 * PAGE, 0);

	strcpy(p, "kiln");
	check("mprotect to read-only", mprotect(p, PAGE, PROT_READ) == 0);
	check("read-only page still reads", strcmp(p, "kiln") == 0);
	errno = 0;
	check("the kernel will not write to a read-only page (EFAULT)",
	      getrandom(p, 16, 0) == -1 && errno == EFAULT);
	check("mprotect back to read-write",
	      mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0);
	strcpy(p, "oven");
	check("page is writable again", strcmp(p, "oven") == 0);
	check("mprotect to PROT_NONE", mprotect(p, PAGE, PROT_NONE) == 0);
	errno = 0;
	check("the kernel will not touch a PROT_NONE page (EFAULT)",
	      getrandom(p, 16, 0) == -1 && errno == EFAULT);
	check("mprotect from PROT_NONE back to read-write",
	      mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0);
	check("data survives PROT_NONE and back", strcmp(p, "oven") == 0);
	munmap(p, 2 * PAGE);
	errno = 0;
	check("mprotect of unmapped memory gives ENOMEM",
	      mprotect(p, PAGE, PROT_READ) == -1 && errno == ENOMEM);
}

static void test_madvise(void)
{
	char *p = map(NULL, 3 * PAGE, 0);

	memset(p, 'x', 3 * PAGE);
	check("madvise(MADV_DONTNEED)",
	      madvise(p + PAGE, PAGE, MADV_DONTNEED) == 0);
	check("MADV_DONTNEED page reads as zeros", all_zero(p + PAGE, PAGE));
	check("neighbours of the MADV_DONTNEED page keep their data",
	      p[PAGE - 1] == 'x' && p[2 * PAGE] == 'x');
	munmap(p, 3 * PAGE);
}

static void test_bad_args(void)
{
	char *p = map(NULL, 2 * PAGE, 0);

	errno = 0;
	check("munmap of an unaligned address gives EINVAL",
	      munmap(p + 1, PAGE) == -1 && errno == EINVAL);
	errno = 0;
	check("mmap of length 0 gives EINVAL",
	      map(NULL, 0, 0) == NULL && errno == EINVAL);
	munmap(p, 2 * PAGE);
}

static size_t size_for(int i)
{
	return 1 + ((size_t)i * 2654435761u) % ((size_t)1 << (i % 21));
}

static int malloc_round(int n)
{
	unsigned char *b[200];
	int ok = 1;

	for (int i = 0; i < n; i++) {
		b[i] = malloc(size_for(i));
		if (!b[i])
			return 0;
		memset(b[i], i, size_for(i));
	}
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < size_for(i); k += 97)
			ok &= b[i][k] == (unsigned char)i;
		ok &= b[i][size_for(i) - 1] == (unsigned char)i;
	}
	for (int i = 0; i < n; i += 2)
		free(b[i]);
	for (int i = 1; i < n; i += 2)
		free(b[i]);
	return ok;
}

static void test_malloc(void)
{
	char *p = calloc(1000, 100), *q;
	int ok = 1;

	check("malloc/free of 200 sizes up to 1 MiB, three rounds",
	      malloc_round(200) && malloc_round(200) && malloc_round(200));
	check("calloc gives zeros", p && all_zero(p, 100000));
	for (size_t n = 16; ok && n <= 4 * MIB; n *= 4) {
		q = realloc(p, n);
		ok = q != NULL && q[0] == 0;
		p = q;
		if (ok)
			memset(p, 0, n);
	}
	check("realloc grows to 4 MiB keeping data", ok);
	free(p);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	test_brk();
	test_big_mmap();
	test_hint();
	test_fixed();
	test_mprotect();
	test_madvise();
	test_bad_args();
	test_malloc();
	return failures ? 1 : 0;
}
