/* SPDX-License-Identifier: MIT */
/* process.h: the one program kiln runs: loading, its stack, its end. */
#ifndef KILN_PROCESS_H
#define KILN_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#define SIGKILL 9
#define SIGSEGV 11
#define SIGBUS 7
#define SIGILL 4
#define SIGFPE 8
#define SIGTRAP 5

struct program {
	const void *file;
	size_t size;
	const char *path; /* AT_EXECFN and /proc/self/exe later */
	int argc;
	char **argv;
	int envc;
	char **envp;
};

/* Loads the program, builds its stack and enters it. On a bad file it logs
 * why and powers off with status 126. */
__attribute__((noreturn)) void program_start(const struct program *p);
__attribute__((noreturn)) void program_exit(int status);
/* Ends the program as the signal would on Linux: status 128 + sig. */
__attribute__((noreturn)) void program_kill(int sig, const char *why);

/* Sets the start of the brk heap (end of the loaded image). */
void brk_init(uintptr_t start);

/* Called by the ports' syscall entry. */
long syscall_dispatch(long nr, const long a[6]);

#endif
