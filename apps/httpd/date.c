// SPDX-License-Identifier: MIT
// date.c: formatting and parsing HTTP dates without the C library's time
// zone machinery.

#include "date.h"

#include <string.h>

static const char wdays[7][4] = { "Thu", "Fri", "Sat", "Sun",
				  "Mon", "Tue", "Wed" };
static const char *const long_wdays[7] = { "Thursday", "Friday", "Saturday",
					   "Sunday",   "Monday", "Tuesday",
					   "Wednesday" };
static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

int64_t date_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static void put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void http_date_format(int64_t t, char *out)
{
	int64_t days = (t >= 0 ? t : t - 86399) / 86400, y;
	int64_t secs = t - days * 86400;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	memcpy(out, wdays[((days % 7) + 7) % 7], 3);
	memcpy(out + 3, ", ", 2);
	put2(out + 5, d);
	out[7] = ' ';
	memcpy(out + 8, months[m - 1], 3);
	out[11] = ' ';
	put2(out + 12, (unsigned)(y / 100 % 100));
	put2(out + 14, (unsigned)(y % 100));
	out[16] = ' ';
	put2(out + 17, (unsigned)(secs / 3600));
	out[19] = ':';
	put2(out + 20, (unsigned)(secs / 60 % 60));
	out[22] = ':';
	put2(out + 23, (unsigned)(secs % 60));
	memcpy(out + 25, " GMT", 5);
}

/* --- parsing --------------------------------------------------------- */

struct cursor {
	const char *p, *end;
};

static int lit(struct cursor *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return -1;
	c->p += n;
	return 0;
}

/* Exactly n digits. */
static int digits(struct cursor *c, unsigned n, unsigned *v)
{
	*v = 0;
	if ((size_t)(c->end - c->p) < n)
		return -1;
	while (n--) {
		if (*c->p < '0' || *c->p > '9')
			return -1;
		*v = *v * 10 + (unsigned)(*c->p++ - '0');
	}
	return 0;
}

static int month(struct cursor *c, unsigned *m)
{
	unsigned i;

	for (i = 0; i < 12; i++) {
		if (lit(c, months[i]) == 0) {
			*m = i + 1;
			return 0;
		}
	}
	return -1;
}

/* A day name from the table (3 letters or long), or -1. */
static int day_name(struct cursor *c, int longform)
{
	unsigned i;

	for (i = 0; i < 7; i++) {
		if (lit(c, longform ? long_wdays[i] : wdays[i]) == 0)
			return 0;
	}
	return -1;
}

/* "HH:MM:SS" */
static int clock_time(struct cursor *c, unsigned *s)
{
	unsigned h, m, sec;

	if (digits(c, 2, &h) || lit(c, ":") || digits(c, 2, &m) ||
	    lit(c, ":") || digits(c, 2, &sec))
		return -1;
	if (h > 23 || m > 59 || sec > 60)
		return -1;
	*s = h * 3600 + m * 60 + sec;
	return 0;
}

static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31 };

static int finish(int64_t y, unsigned m, unsigned d, unsigned s, int64_t *t)
{
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return -1;
	*t = date_days_from_civil(y, m, d) * 86400 + s;
	return 0;
}

/* Sun, 06 Nov 1994 08:49:37 GMT */
static int imf_fixdate(struct cursor c, int64_t *t)
{
	unsigned d, m, y, s;

	if (day_name(&c, 0) || lit(&c, ", ") || digits(&c, 2, &d) ||
	    lit(&c, " ") || month(&c, &m) || lit(&c, " ") ||
	    digits(&c, 4, &y) || lit(&c, " ") || clock_time(&c, &s) ||
	    lit(&c, " GMT") || c.p != c.end)
		return -1;
	return finish(y, m, d, s, t);
}

/* Sunday, 06-Nov-94 08:49:37 GMT; a two-digit year more than 50 years
 * ahead is taken to be in the past (RFC 9110 5.6.7), here read as
 * 1970-2069. */
static int rfc850(struct cursor c, int64_t *t)
{
	unsigned d, m, y, s;

	if (day_name(&c, 1) || lit(&c, ", ") || digits(&c, 2, &d) ||
	    lit(&c, "-") || month(&c, &m) || lit(&c, "-") ||
	    digits(&c, 2, &y) || lit(&c, " ") || clock_time(&c, &s) ||
	    lit(&c, " GMT") || c.p != c.end)
		return -1;
	return finish(y < 70 ? 2000 + y : 1900 + y, m, d, s, t);
}

/* Sun Nov  6 08:49:37 1994 */
static int asctime_date(struct cursor c, int64_t *t)
{
	unsigned d, m, y, s;

	if (day_name(&c, 0) || lit(&c, " ") || month(&c, &m) || lit(&c, " "))
		return -1;
	if (lit(&c, " ") == 0) {
		if (digits(&c, 1, &d))
			return -1;
	} else if (digits(&c, 2, &d)) {
		return -1;
	}
	if (lit(&c, " ") || clock_time(&c, &s) || lit(&c, " ") ||
	    digits(&c, 4, &y) || c.p != c.end)
		return -1;
	return finish(y, m, d, s, t);
}

int http_date_parse(const char *s, size_t n, int64_t *t)
{
	struct cursor c = { s, s + n };

	if (imf_fixdate(c, t) == 0 || rfc850(c, t) == 0 ||
	    asctime_date(c, t) == 0)
		return 0;
	return -1;
}
