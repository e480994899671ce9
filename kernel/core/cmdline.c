// SPDX-License-Identifier: MIT
// cmdline.c: splits the kernel command line into options and argv.

#include <kiln/cmdline.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copies one token from *src to dst (in place, dst <= *src), removing
 * quotes and escapes. Sets *quoted when the token began with a quote. */
static int next_token(char **src, char **tok, bool *quoted, const char **err)
{
	char *s = *src, *d;
	bool inq = false;

	while (is_space(*s))
		s++;
	if (!*s)
		return 0;

	*quoted = *s == '"';
	*tok = d = s;
	for (; *s && (inq || !is_space(*s)); s++) {
		if (*s == '"') {
			inq = !inq;
		} else if (inq && *s == '\\' && (s[1] == '"' || s[1] == '\\')) {
			*d++ = *++s;
		} else {
			*d++ = *s;
		}
	}
	if (inq) {
		*err = "unterminated quote";
		return -1;
	}
	if (*s)
		s++;
	*d = '\0';
	*src = s;
	return 1;
}

int cmdline_parse(char *buf, struct cmdline *c)
{
	enum { OPTS, ARGS, AFTER } state = OPTS;
	char *s = buf, *tok;
	bool quoted;
	int r;

	memset(c, 0, sizeof(*c));
	while ((r = next_token(&s, &tok, &quoted, &c->error)) > 0) {
		if (state == OPTS && !quoted && strcmp(tok, "--") == 0) {
			state = ARGS;
			continue;
		}
		if (state == ARGS && quoted) {
			if (c->argc == CMDLINE_MAX_ARGS) {
				c->error = "too many program arguments";
				return -1;
			}
			c->argv[c->argc++] = tok;
			continue;
		}
		if (state == ARGS)
			state = AFTER;
		if (c->nopt == CMDLINE_MAX_OPTS) {
			c->error = "too many kernel options";
			return -1;
		}

		char *eq = strchr(tok, '=');

		c->opt[c->nopt].key = tok;
		c->opt[c->nopt].val = NULL;
		if (eq) {
			*eq = '\0';
			c->opt[c->nopt].val = eq + 1;
		}
		if (!*tok) {
			c->error = "option with an empty name";
			return -1;
		}
		c->nopt++;
	}
	return r < 0 ? -1 : 0;
}

const char *cmdline_get(const struct cmdline *c, const char *key, int n)
{
	for (int i = 0; i < c->nopt; i++) {
		if (strcmp(c->opt[i].key, key) == 0 && n-- == 0)
			return c->opt[i].val ? c->opt[i].val : "";
	}
	return NULL;
}

static int parse_u64(const char **s, uint64_t *v)
{
	char *end;

	*v = strtoul(*s, &end, 0);
	if (end == *s)
		return -1;
	*s = end;
	return 0;
}

int cmdline_virtio_mmio(const char *s, uint64_t *base, uint64_t *size, int *irq)
{
	uint64_t v;

	if (parse_u64(&s, size))
		return -1;
	if (*s == 'K' || *s == 'k')
		*size <<= 10, s++;
	else if (*s == 'M' || *s == 'm')
		*size <<= 20, s++;
	if (*s++ != '@' || parse_u64(&s, base) || *s++ != ':' ||
	    parse_u64(&s, &v) || v > 1023)
		return -1;
	*irq = (int)v;
	/* An optional ":id" (the platform device number) may follow. */
	if (*s == ':') {
		s++;
		if (parse_u64(&s, &v))
			return -1;
	}
	return *s || *size == 0 ? -1 : 0;
}
