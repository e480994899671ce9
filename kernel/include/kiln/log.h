/* SPDX-License-Identifier: MIT */
/*
 * log.h: levelled kernel log. Every line carries the time since boot, the
 * level and the component:  [    0.012345] I mm: 124 MiB free
 * A file sets LOG_COMP before including this header.
 */
#ifndef KILN_LOG_H
#define KILN_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

#ifndef LOG_COMP
#define LOG_COMP "kiln"
#endif

extern enum log_level log_threshold;

void klog(enum log_level lvl, const char *comp, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Parses "error", "warn", "info", "debug" or 0-3; returns -1 if unknown. */
int log_level_parse(const char *s);
/* The run's last line, printed at any log level: "kiln: exit status N".
 * kiln run takes its own exit status from it. */
void log_exit_status(int status);
/* Raw console output, also used for the program's stdout and stderr. */
void console_write(const char *s, unsigned long n);

#define log_err(...) klog(LOG_ERROR, LOG_COMP, __VA_ARGS__)
#define log_warn(...) klog(LOG_WARN, LOG_COMP, __VA_ARGS__)
#define log_info(...) klog(LOG_INFO, LOG_COMP, __VA_ARGS__)
#define log_debug(...) klog(LOG_DEBUG, LOG_COMP, __VA_ARGS__)

/* Prints the message with file:line and stops the machine; never allocates. */
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#define assert(c)                                          \
	do {                                               \
		if (!(c))                                  \
			panic("assertion failed: %s", #c); \
	} while (0)

#endif
