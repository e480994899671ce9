// SPDX-License-Identifier: MIT
// clock.c: clocks, sleeps and their error cases; prints only ok/FAIL lines.

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#define NS 1000000000ll
#define MS 1000000ll
#define JAN_2024 1704067200ll /* 2024-01-01T00:00:00Z */
#define BAD_CLOCK 99

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static int64_t now(clockid_t id)
{
	struct timespec t;

	if (clock_gettime(id, &t))
		return -1;
	return t.tv_sec * NS + t.tv_nsec;
}

static void test_monotonic(void)
{
	int64_t prev = now(CLOCK_MONOTONIC), t;
	int ok = prev >= 0;

	for (int i = 0; i < 100000 && ok; i++) {
		t = now(CLOCK_MONOTONIC);
		ok = t >= prev;
		prev = t;
	}
	check("CLOCK_MONOTONIC never goes backwards in 100000 reads", ok);
	t = now(CLOCK_MONOTONIC);
	check("CLOCK_BOOTTIME is not behind CLOCK_MONOTONIC",
	      now(CLOCK_BOOTTIME) >= t);
}

static void test_realtime(void)
{
	int64_t rt = now(CLOCK_REALTIME), d;
	struct timeval tv;

	check("CLOCK_REALTIME is after 2024-01-01", rt / NS >= JAN_2024);
	check("gettimeofday works", gettimeofday(&tv, NULL) == 0);
	d = (tv.tv_sec * NS + tv.tv_usec * 1000ll) - rt;
	check("gettimeofday agrees with CLOCK_REALTIME within 1 s",
	      d > -NS && d < NS);
}

/*
 * Elapsed must be at least want; lateness only has to stay under 1 s, as
 * a loaded host (TCG on a shared machine) can delay any guest by tens of
 * milliseconds. Waking early, or never, is what this catches.
 */
static int on_time(int64_t start, int64_t want)
{
	int64_t got = now(CLOCK_MONOTONIC) - start;

	return got >= want && got < want + 1000 * MS;
}

static void test_nanosleep(void)
{
	static const int ms[] = { 10, 50, 100 };
	char what[64];

	for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		struct timespec req = { 0, ms[i] * MS };
		int64_t start = now(CLOCK_MONOTONIC);
		int r = nanosleep(&req, NULL);

		snprintf(what, sizeof(what),
			 "nanosleep %d ms: not early, < 1 s late", ms[i]);
		check(what, r == 0 && on_time(start, ms[i] * MS));
	}
	errno = 0;
	check("nanosleep with tv_nsec of 1e9 gives EINVAL",
	      nanosleep(&(struct timespec){ 0, NS }, NULL) == -1 &&
		      errno == EINVAL);
}

static void test_abstime(void)
{
	int64_t start = now(CLOCK_MONOTONIC), target = start + 50 * MS;
	struct timespec ts = { target / NS, target % NS };
	int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);

	check("clock_nanosleep TIMER_ABSTIME 50 ms ahead: on time",
	      r == 0 && on_time(start, 50 * MS));
	ts = (struct timespec){ 0, 0 }; /* the clock's zero: long past */
	start = now(CLOCK_MONOTONIC);
	r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	check("clock_nanosleep TIMER_ABSTIME in the past returns at once",
	      r == 0 && on_time(start, 0));
	ts = (struct timespec){ 0, 20 * MS };
	start = now(CLOCK_MONOTONIC);
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	check("clock_nanosleep relative 20 ms: on time",
	      r == 0 && on_time(start, 20 * MS));
}

static void test_getres(void)
{
	struct timespec res;

	check("clock_getres(CLOCK_MONOTONIC) is at most 1 ms",
	      clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 &&
		      res.tv_nsec > 0 && res.tv_nsec <= MS);
	check("clock_getres(CLOCK_REALTIME) is at most 1 ms",
	      clock_getres(CLOCK_REALTIME, &res) == 0 && res.tv_sec == 0 &&
		      res.tv_nsec > 0 && res.tv_nsec <= MS);
}

static void test_bad_clock(void)
{
	struct timespec t;

	errno = 0;
	check("clock_gettime of an invalid clock gives EINVAL",
	      clock_gettime(BAD_CLOCK, &t) == -1 && errno == EINVAL);
	errno = 0;
	check("clock_getres of an invalid clock gives EINVAL",
	      clock_getres(BAD_CLOCK, &t) == -1 && errno == EINVAL);
	check("clock_nanosleep on an invalid clock gives EINVAL",
	      clock_nanosleep(BAD_CLOCK, 0, &(struct timespec){ 0, 1 }, NULL) ==
		      EINVAL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	test_monotonic();
	test_realtime();
	test_nanosleep();
	test_abstime();
	test_getres();
	test_bad_clock();
	return failures ? 1 : 0;
}
