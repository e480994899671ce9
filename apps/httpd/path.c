// SPDX-License-Identifier: MIT
// path.c: decoding and normalising request paths (see path.h).

#include "path.h"

#include <string.h>

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes a decoded path may not hold: they would change how it splits or
 * cannot be part of a file name. */
static int is_refused(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

static long decode(const char *p, size_t n, char *out)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return -1;
			hi = hexval((unsigned char)p[i + 1]);
			lo = hexval((unsigned char)p[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			if (c == '/')
				return -1;
			i += 2;
		}
		if (is_refused(c))
			return -1;
		out[w++] = (char)c;
	}
	out[w] = '\0';
	return (long)w;
}

long path_normalize(const char *p, size_t n, char *out)
{
	long len;

	if (n == 0 || p[0] != '/')
		return -1;
	len = decode(p, n, out);
	if (len < 0)
		return -1;
	len = path_remove_dots(out, (size_t)len);
	if (len >= 0)
		out[len] = '\0';
	return len;
}

/* Drops the last segment of out[0..w), which ends with '/'. */
static size_t drop_segment(const char *out, size_t w)
{
	w--;
	while (w > 0 && out[w - 1] != '/')
		w--;
	return w;
}

long path_remove_dots(char *s, size_t n)
{
	size_t r = 1, w = 1, a, len;

	if (n == 0 || s[0] != '/')
		return -1;
	while (r < n) {
		a = r;
		while (r < n && s[r] != '/')
			r++;
		len = r - a;
		if (r < n)
			r++; /* past the slash */
		if (len == 0 || (len == 1 && s[a] == '.'))
			continue;
		if (len == 2 && s[a] == '.' && s[a + 1] == '.') {
			if (w == 1)
				return -1;
			w = drop_segment(s, w);
			continue;
		}
		memmove(s + w, s + a, len);
		w += len;
		if (r > a + len) /* the segment had a slash after it */
			s[w++] = '/';
	}
	return (long)w;
}

static int is_plain(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if (c >= '0' && c <= '9')
		return 1;
	return c && strchr("-._~!$&'()*+,;=:@/", c) != NULL;
}

long path_encode(const char *p, size_t n, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, w = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (is_plain(c)) {
			if (w + 1 > cap)
				return -1;
			out[w++] = (char)c;
			continue;
		}
		if (w + 3 > cap)
			return -1;
		out[w++] = '%';
		out[w++] = hex[c >> 4];
		out[w++] = hex[c & 15];
	}
	return (long)w;
}
