/* SPDX-License-Identifier: MIT */
/*
 * cmdline.h: the kernel command line.
 *
 *   loglevel=debug env="HOME=/" -- "httpd" "--root" "/" virtio_mmio.device=...
 *
 * Before "--" every token is a kernel option, key or key=value. After it,
 * each double-quoted token is one program argument (kiln run quotes them
 * all); the first unquoted token ends the arguments and options resume,
 * which is where VMMs such as QEMU microvm and Firecracker append theirs.
 * Within quotes, \" and \\ stand for " and \.
 */
#ifndef KILN_CMDLINE_H
#define KILN_CMDLINE_H

#include <stdint.h>

#define CMDLINE_MAX_OPTS 128
#define CMDLINE_MAX_ARGS 1024

struct kopt {
	char *key;
	char *val; /* NULL for a bare key */
};

struct cmdline {
	struct kopt opt[CMDLINE_MAX_OPTS];
	int nopt;
	char *argv[CMDLINE_MAX_ARGS + 1];
	int argc;
	const char *error; /* set when parsing fails */
};

/* Parses buf in place. Returns 0, or -1 with c->error set. */
int cmdline_parse(char *buf, struct cmdline *c);
/* The value of the nth option named key (n from 0), or NULL. A bare key
 * gives "". */
const char *cmdline_get(const struct cmdline *c, const char *key, int n);

/* Parses a virtio_mmio.device= value, "SIZE@BASE:IRQ[:ID]" with SIZE
 * optionally in K or M, the format QEMU microvm and Firecracker append.
 * Returns 0, or -1 if malformed. */
int cmdline_virtio_mmio(const char *s, uint64_t *base, uint64_t *size,
			int *irq);

#endif
