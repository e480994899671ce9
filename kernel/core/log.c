// SPDX-License-Identifier: MIT
// log.c: the levelled, timestamped kernel log and panic.

#include <kiln/arch.h>
#include <kiln/fmt.h>
#include <kiln/log.h>
#include <kiln/time.h>
#include <string.h>

enum log_level log_threshold = LOG_INFO;

static const char level_char[] = { 'E', 'W', 'I', 'D' };
static const char *const level_name[] = { "error", "warn", "info", "debug" };

void console_write(const char *s, unsigned long n)
{
	while (n--)
		arch_console_putc(*s++);
}

static void vlog(enum log_level lvl, const char *comp, const char *fmt,
		 va_list ap)
{
	char line[512];
	uint64_t ns = time_ns();
	int n;

	n = ksnprintf(line, sizeof(line),
		      "[%5lu.%06lu] %c %s: ", (unsigned long)(ns / 1000000000),
		      (unsigned long)(ns % 1000000000 / 1000), level_char[lvl],
		      comp);
	n += kvsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	console_write(line, n);
}

void klog(enum log_level lvl, const char *comp, const char *fmt, ...)
{
	va_list ap;

	if (lvl > log_threshold)
		return;
	va_start(ap, fmt);
	vlog(lvl, comp, fmt, ap);
	va_end(ap);
}

static void log_always(enum log_level lvl, const char *comp, const char *fmt,
		       ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(lvl, comp, fmt, ap);
	va_end(ap);
}

void log_exit_status(int status)
{
	/* Printed whatever the log level: kiln run reads its status here. */
	log_always(LOG_INFO, "kiln", "exit status %d", status);
}

int log_level_parse(const char *s)
{
	for (int i = 0; i <= LOG_DEBUG; i++) {
		if (strcmp(s, level_name[i]) == 0 ||
		    (s[0] == '0' + i && s[1] == '\0'))
			return i;
	}
	return -1;
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_always(LOG_ERROR, "panic", "%s (at %s:%d)", msg, file, line);
	log_always(LOG_ERROR, "panic",
		   "kernel stopped; this is a kiln bug, "
		   "please report it with the log above");
	log_exit_status(255);
	arch_poweroff();
}
