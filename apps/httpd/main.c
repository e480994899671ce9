// SPDX-License-Identifier: MIT
// main.c: kiln-httpd's command line: options, limits, signals, start-up.

#include "server.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define FDS_PER_CONN 2 /* the socket and the file being sent */
#define FDS_SPARE 16

static const char usage[] =
	"Usage: kiln-httpd [OPTION]...\n"
	"Serve the files below a directory over HTTP/1.1 (GET and HEAD).\n"
	"\n"
	"  --root DIR          document root (default: .)\n"
	"  --addr ADDR         numeric IPv4/IPv6 address (default: 0.0.0.0)\n"
	"  --port N            TCP port, 0 for any free one (default: 8080)\n"
	"  --head-timeout S    seconds to receive a request head (10)\n"
	"  --idle-timeout S    seconds a kept-alive connection waits (5)\n"
	"  --send-timeout S    seconds a stalled response waits (30)\n"
	"  --max-conns N       connections served at once (1024); more\n"
	"                      get 503 and are closed\n"
	"  --max-line BYTES    request line limit, else 414 (8192)\n"
	"  --max-head BYTES    request head limit, else 431 (16384)\n"
	"  --max-fields N      header field lines, else 431 (100)\n"
	"  --access-log        one line per request on stderr\n"
	"  --help              this text\n"
	"  --version           the version\n"
	"\n"
	"It prints \"kiln-httpd: listening on http://ADDR:PORT/\" when "
	"ready.\n";

enum {
	OPT_ROOT = 256,
	OPT_ADDR,
	OPT_PORT,
	OPT_HEAD_TIMEOUT,
	OPT_IDLE_TIMEOUT,
	OPT_SEND_TIMEOUT,
	OPT_MAX_CONNS,
	OPT_MAX_LINE,
	OPT_MAX_HEAD,
	OPT_MAX_FIELDS,
	OPT_ACCESS_LOG,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option options[] = {
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "addr", required_argument, NULL, OPT_ADDR },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "head-timeout", required_argument, NULL, OPT_HEAD_TIMEOUT },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "send-timeout", required_argument, NULL, OPT_SEND_TIMEOUT },
	{ "max-conns", required_argument, NULL, OPT_MAX_CONNS },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "max-head", required_argument, NULL, OPT_MAX_HEAD },
	{ "max-fields", required_argument, NULL, OPT_MAX_FIELDS },
	{ "access-log", no_argument, NULL, OPT_ACCESS_LOG },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* An integer option in [min, max], or exit 2 saying which one. */
static unsigned long number(const char *opt, const char *s, unsigned long min,
			    unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max) {
		fprintf(stderr,
			"kiln-httpd: --%s %s: expected a whole number from "
			"%lu to %lu\n",
			opt, s, min, max);
		exit(2);
	}
	return v;
}

static int seconds(const char *opt, const char *s)
{
	return (int)number(opt, s, 1, 86400) * 1000;
}

static void defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->addr = "0.0.0.0";
	c->port = 8080;
	c->root = ".";
	c->head_timeout_ms = 10000;
	c->idle_timeout_ms = 5000;
	c->send_timeout_ms = 30000;
	c->linger_ms = 2000;
	c->max_conns = 1024;
	c->lim.max_line = 8192;
	c->lim.max_head = 16384;
	c->lim.max_fields = 100;
}

static void option(struct config *c, int o, const char *arg)
{
	switch (o) {
	case OPT_ROOT:
		c->root = arg;
		break;
	case OPT_ADDR:
		c->addr = arg;
		break;
	case OPT_PORT:
		c->port = (unsigned)number("port", arg, 0, 65535);
		break;
	case OPT_HEAD_TIMEOUT:
		c->head_timeout_ms = seconds("head-timeout", arg);
		break;
	case OPT_IDLE_TIMEOUT:
		c->idle_timeout_ms = seconds("idle-timeout", arg);
		break;
	case OPT_SEND_TIMEOUT:
		c->send_timeout_ms = seconds("send-timeout", arg);
		break;
	case OPT_MAX_CONNS:
		c->max_conns = (unsigned)number("max-conns", arg, 1, 1000000);
		break;
	case OPT_MAX_LINE:
		c->lim.max_line = number("max-line", arg, 64, 1 << 20);
		break;
	case OPT_MAX_HEAD:
		c->lim.max_head = number("max-head", arg, 256, 1 << 22);
		break;
	case OPT_MAX_FIELDS:
		c->lim.max_fields =
			(unsigned)number("max-fields", arg, 1, 10000);
		break;
	case OPT_ACCESS_LOG:
		c->access_log = 1;
		break;
	}
}

static void parse_args(int argc, char **argv, struct config *c)
{
	int o;

	defaults(c);
	while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (o == OPT_HELP) {
			fputs(usage, stdout);
			exit(0);
		}
		if (o == OPT_VERSION) {
			puts("kiln-httpd " HTTPD_VERSION);
			exit(0);
		}
		if (o == '?') {
			fputs("kiln-httpd: see kiln-httpd --help\n", stderr);
			exit(2);
		}
		option(c, o, optarg);
	}
	if (optind < argc) {
		fprintf(stderr,
			"kiln-httpd: unexpected argument '%s' (options start "
			"with --; see --help)\n",
			argv[optind]);
		exit(2);
	}
	if (c->lim.max_line > c->lim.max_head) {
		fprintf(stderr,
			"kiln-httpd: --max-line %zu exceeds --max-head "
			"%zu; raise --max-head\n",
			c->lim.max_line, c->lim.max_head);
		exit(2);
	}
}

/* Each connection may hold two descriptors: raise the soft limit to fit,
 * or serve fewer connections and say so. */
static void fit_fd_limit(struct config *c)
{
	rlim_t need = (rlim_t)c->max_conns * FDS_PER_CONN + FDS_SPARE;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need
			      ? need
			      : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= need)
		return;
	c->max_conns =
		rl.rlim_cur > FDS_SPARE + FDS_PER_CONN
			? (unsigned)((rl.rlim_cur - FDS_SPARE) / FDS_PER_CONN)
			: 1;
	fprintf(stderr,
		"kiln-httpd: only %llu file descriptors allowed: serving at "
		"most %u connections (raise ulimit -n for more)\n",
		(unsigned long long)rl.rlim_cur, c->max_conns);
}

int main(int argc, char **argv)
{
	static struct server s;
	struct config cfg;

	parse_args(argc, argv, &cfg);
	signal(SIGPIPE, SIG_IGN); /* a vanished client is an EPIPE */
	fit_fd_limit(&cfg);
	if (server_init(&s, &cfg))
		return 1;
	fprintf(stderr,
		"kiln-httpd: listening on http://%s%s%s:%u/ (root %s)\n",
		strchr(cfg.addr, ':') ? "[" : "", cfg.addr,
		strchr(cfg.addr, ':') ? "]" : "", s.cfg.port,
		s.root.real ? s.root.real : cfg.root);
	return server_run(&s);
}
