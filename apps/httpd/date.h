// SPDX-License-Identifier: MIT
// date.h: HTTP dates (RFC 9110 5.6.7): IMF-fixdate out, all three forms in.

#ifndef HTTPD_DATE_H
#define HTTPD_DATE_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_DATE_LEN 29 /* "Sun, 06 Nov 1994 08:49:37 GMT" */

/* Writes the IMF-fixdate of t (seconds since the epoch) and a NUL into
 * out, which holds HTTP_DATE_LEN + 1 bytes. */
void http_date_format(int64_t t, char *out);

/* Parses an IMF-fixdate, an RFC 850 date or an asctime() date. Returns 0
 * with *t set, or -1. */
int http_date_parse(const char *s, size_t n, int64_t *t);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
int64_t date_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif /* HTTPD_DATE_H */
