// SPDX-License-Identifier: MIT
// sys_arch.c: what lwIP asks of the system without threads: a millisecond
// clock, random numbers and a place for its diagnostics.

#define LOG_COMP "lwip"
#include <kiln/fmt.h>
#include <kiln/log.h>
#include <kiln/random.h>
#include <kiln/time.h>
#include <stdarg.h>
#include <string.h>

#include "lwip/sys.h"

u32_t sys_now(void)
{
	return (u32_t)(time_ns() / 1000000);
}

uint32_t kiln_lwip_rand(void)
{
	uint32_t r;

	random_bytes(&r, sizeof(r));
	return r;
}

void kiln_lwip_diag(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[n - 1] = '\0';
	log_debug("%s", line);
}
