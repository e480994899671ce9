// SPDX-License-Identifier: MIT
// path.h: request paths: percent-decoding once, removal of dot segments
// that refuses to climb above the root, and encoding again for Location.

#ifndef HTTPD_PATH_H
#define HTTPD_PATH_H

#include <stddef.h>

/* Decodes the percent-encoded path p[0..n) (starting with '/') into out,
 * which has room for n + 1 bytes, then removes dot segments and repeated
 * slashes. Returns the length (out is NUL-terminated) or -1, for a 400: a
 * bad escape, an encoded '/' or '\', a backslash, NUL or another control
 * byte, or a ".." that would leave the root. */
long path_normalize(const char *p, size_t n, char *out);

/* Removes ".", ".." and empty segments of a decoded path in place (s
 * starts with '/'). Returns the new length, or -1 when ".." would leave
 * the root. A trailing slash stays, and a final "." or ".." leaves one. */
long path_remove_dots(char *s, size_t n);

/* Percent-encodes a decoded path for a header field: bytes other than
 * unreserved, sub-delims, ':', '@' and '/' become %XX. Returns the length
 * written, or -1 if it needs more than cap bytes. */
long path_encode(const char *p, size_t n, char *out, size_t cap);

#endif /* HTTPD_PATH_H */
