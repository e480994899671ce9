// SPDX-License-Identifier: MIT
// args.c: argv, the sorted environment, and auxv checked against the ELF.

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>

extern char **environ;
extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
extern char _start[] __attribute__((visibility("hidden")));

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_args(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] [%s]\n", i, argv[i]);
	check("argv[argc] is NULL", argv[argc] == NULL);
	check("environ follows argv", environ == argv + argc + 1);
}

static void print_env(void)
{
	size_t n = 0;
	char **v;

	while (environ[n])
		n++;
	v = malloc((n + 1) * sizeof(*v));
	memcpy(v, environ, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_str);
	printf("envc %zu\n", n);
	for (size_t i = 0; i < n; i++)
		printf("env [%s]\n", v[i]);
	free(v);
}

static int aux_present(unsigned long type)
{
	errno = 0;
	getauxval(type);
	return errno == 0;
}

static void check_present(void)
{
	static const struct {
		unsigned long type;
		const char *name;
	} t[] = {
		{ AT_PHDR, "AT_PHDR" },	  { AT_PHENT, "AT_PHENT" },
		{ AT_PHNUM, "AT_PHNUM" }, { AT_PAGESZ, "AT_PAGESZ" },
		{ AT_ENTRY, "AT_ENTRY" }, { AT_RANDOM, "AT_RANDOM" },
		{ AT_HWCAP, "AT_HWCAP" }, { AT_CLKTCK, "AT_CLKTCK" },
	};
	char what[64];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(what, sizeof(what), "%s present", t[i].name);
		check(what, aux_present(t[i].type));
	}
	check("AT_PAGESZ is 4096", getauxval(AT_PAGESZ) == 4096);
	check("AT_CLKTCK is 100", getauxval(AT_CLKTCK) == 100);
}

/* The load bias: where the first byte of the file is minus where the
 * headers say it should be (0 unless the program is position-independent). */
static uintptr_t load_bias(const Elf64_Phdr *ph, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			return (uintptr_t)&__ehdr_start - ph[i].p_vaddr;
	}
	return 0;
}

static void check_phdr(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	size_t n = getauxval(AT_PHNUM), covering = 0;
	uintptr_t entry = getauxval(AT_ENTRY), bias;

	check("AT_PHENT is sizeof(Elf64_Phdr)",
	      getauxval(AT_PHENT) == sizeof(Elf64_Phdr));
	check("AT_PHDR is the loaded ELF header's e_phoff",
	      (uintptr_t)ph == (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff);
	check("AT_PHNUM is e_phnum", n == __ehdr_start.e_phnum);
	bias = load_bias(ph, n);
	for (size_t i = 0; i < n; i++) {
		uintptr_t lo = ph[i].p_vaddr + bias, hi = lo + ph[i].p_memsz;

		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) &&
		    lo <= entry && entry < hi)
			covering++;
	}
	check("one executable PT_LOAD covers AT_ENTRY", covering == 1);
	check("AT_ENTRY is e_entry plus the load bias",
	      entry == __ehdr_start.e_entry + bias);
	check("AT_ENTRY is _start", entry == (uintptr_t)_start);
}

static void check_random(void)
{
	const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;

	for (int i = 0; r && i < 16; i++)
		nonzero |= r[i];
	check("AT_RANDOM bytes are not all zero", nonzero);
}

static void check_platform(void)
{
	const char *p = (const char *)getauxval(AT_PLATFORM);
	struct utsname u;

	uname(&u);
	check("AT_PLATFORM is the machine name",
	      p && strcmp(p, u.machine) == 0);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	print_args(argc, argv);
	print_env();
	check_present();
	check_phdr();
	check_random();
	check_platform();
	return failures ? 1 : 0;
}
