// SPDX-License-Identifier: MIT
// kiln-step.c: runs one build step (a compile, link, pack...) and records
// its peak memory and wall time, so every build can say which step grew.
//
//   kiln-step NAME -- COMMAND [ARGS...]
//
// The peak covers the step's whole process tree. Where a cgroup v2 with
// the memory controller can be delegated to us (KILN_CGROUP=DIR, or the
// cgroup we run in), the step runs in a child cgroup and its memory.peak
// is read; otherwise it is the largest resident set of the step's
// processes, from the rusage that wait4 returns. The report line says
// which. The environment steers the rest:
//   KILN_REPORT=FILE     append "name method peak_kib wall_ms status
//                        start_ms" (tab-separated) to FILE
//   KILN_BUILD_T0=MS     build start (ms since the epoch), for start_ms
//   MEMBUDGET=SIZE       fail the step when its peak is above SIZE

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *step_name;

static void die(int status, const char *fmt, const char *arg)
{
	fprintf(stderr, "kiln-step: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(status);
}

static uint64_t now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

// "64M", "1.5G", "200MiB", "65536K", "1048576" (bytes): binary units.
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	double v;
	double mul = 1;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || v < 0)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		mul = 1024.0;
		break;
	case 'M':
		mul = 1024.0 * 1024;
		break;
	case 'G':
		mul = 1024.0 * 1024 * 1024;
		break;
	case 'B':
	case '\0':
		break;
	default:
		return -1;
	}
	if (*end && toupper((unsigned char)*end) != 'B')
		end++;
	if (*end == 'i' || *end == 'I')
		end++;
	if (toupper((unsigned char)*end) == 'B')
		end++;
	if (*end)
		return -1;
	*out = (uint64_t)(v * mul);
	return 0;
}

static int read_u64(const char *path, uint64_t *v)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%" SCNu64, v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static int file_has_word(const char *path, const char *word)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	size_t n;
	char *p;
	size_t wl = strlen(word);

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (p = buf; (p = strstr(p, word)); p += wl)
		if ((p == buf || isspace((unsigned char)p[-1])) &&
		    (!p[wl] || isspace((unsigned char)p[wl])))
			return 1;
	return 0;
}

// The cgroup v2 directory we run in, if the memory controller is enabled
// for its children (so a child cgroup gets memory.peak).
static int cgroup_parent(char *dir, size_t len)
{
	char line[PATH_MAX], mnt[PATH_MAX] = "", own[PATH_MAX] = "";
	char ctl[PATH_MAX + 32];
	const char *env = getenv("KILN_CGROUP");
	FILE *f;

	if (env && *env) {
		snprintf(dir, len, "%s", env);
	} else {
		f = fopen("/proc/self/mountinfo", "r");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f)) {
			char *sep = strstr(line, " - cgroup2 ");
			char path[PATH_MAX];

			if (sep &&
			    sscanf(line, "%*s %*s %*s %*s %4095s", path) == 1) {
				snprintf(mnt, sizeof(mnt), "%s", path);
				break;
			}
		}
		fclose(f);
		f = fopen("/proc/self/cgroup", "r");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f))
			if (strncmp(line, "0::", 3) == 0)
				sscanf(line + 3, "%4095s", own);
		fclose(f);
		if (!*mnt || !*own)
			return -1;
		snprintf(dir, len, "%s%s", mnt, strcmp(own, "/") ? own : "");
	}
	snprintf(ctl, sizeof(ctl), "%s/cgroup.subtree_control", dir);
	return file_has_word(ctl, "memory") ? 0 : -1;
}

// Makes DIR/kiln-step-PID; 0 when the child can be moved into it.
static int cgroup_make(char *cg, size_t len)
{
	char parent[PATH_MAX];

	if (getenv("KILN_NO_CGROUP") || cgroup_parent(parent, sizeof(parent)))
		return -1;
	snprintf(cg, len, "%s/kiln-step-%ld", parent, (long)getpid());
	return mkdir(cg, 0755);
}

// In the child: a refused move is told to the parent through the pipe,
// which then runs the step again without a cgroup.
static void cgroup_enter(const char *cg, int tell)
{
	char path[PATH_MAX + 16];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "0", 1) != 1) {
		if (write(tell, "c", 1) != 1)
			_exit(126);
		_exit(125);
	}
	close(fd);
}

static void report(const char *method, uint64_t peak_kib, uint64_t wall,
		   int status, uint64_t start)
{
	const char *file = getenv("KILN_REPORT");
	char line[1024];
	char name[600];
	int n, fd;
	size_t i;

	if (!file || !*file)
		return;
	// One line per step: no tabs or newlines inside the name.
	snprintf(name, sizeof(name), "%s", step_name);
	for (i = 0; name[i]; i++)
		if (name[i] == '\t' || name[i] == '\n')
			name[i] = ' ';
	n = snprintf(line, sizeof(line),
		     "%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%d\t%" PRIu64 "\n",
		     name, method, peak_kib, wall, status, start);
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ENOENT) {
		// The report's folder is made on first use (mkdir -p).
		char dir[PATH_MAX];
		char *p;

		snprintf(dir, sizeof(dir), "%s", file);
		for (p = dir + 1; (p = strchr(p, '/')); p++) {
			*p = '\0';
			mkdir(dir, 0755);
			*p = '/';
		}
		fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			  0644);
	}
	if (fd < 0 || write(fd, line, (size_t)n) != n)
		fprintf(stderr, "kiln-step: cannot append to %s: %s\n", file,
			strerror(errno));
	if (fd >= 0)
		close(fd);
}

// Runs the step; -1 when it could not be moved into the cgroup CG.
static int run(char **argv, const char *cg, uint64_t *peak_kib,
	       const char **method)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	struct rusage ru;
	int tell[2];
	char c;
	pid_t pid;
	int st;

	if (pipe2(tell, O_CLOEXEC))
		die(126, "pipe: %s", strerror(errno));

	// Like system(): the terminal's Ctrl-C goes to the step, and we
	// report how it ended.
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid < 0)
		die(126, "fork: %s", strerror(errno));
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		if (cg)
			cgroup_enter(cg, tell[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "kiln-step: %s: %s\n", argv[0],
			strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(tell[1]);
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die(126, "wait4: %s", strerror(errno));
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (read(tell[0], &c, 1) == 1) {
		close(tell[0]);
		return -1;
	}
	close(tell[0]);
	*peak_kib = (uint64_t)ru.ru_maxrss;
	*method = "rusage";
	if (cg) {
		char path[PATH_MAX + 16];
		uint64_t bytes;

		snprintf(path, sizeof(path), "%s/memory.peak", cg);
		if (read_u64(path, &bytes) == 0) {
			*peak_kib = (bytes + 1023) / 1024;
			*method = "cgroup";
		}
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static void mib(char *buf, size_t len, uint64_t kib)
{
	snprintf(buf, len, "%.1f MiB", (double)kib / 1024.0);
}

int main(int argc, char **argv)
{
	const char *budget_env = getenv("MEMBUDGET"), *t0_env;
	uint64_t budget = 0, peak = 0, t0, start = 0, wall;
	const char *method;
	char cg[PATH_MAX + 64];
	char a[32], b[32];
	int have_cg, status, over;

	if (argc < 4 || strcmp(argv[2], "--") != 0)
		die(2, "%s", "usage: kiln-step NAME -- COMMAND [ARGS...]");
	step_name = argv[1];
	if (budget_env && *budget_env && parse_size(budget_env, &budget))
		die(2,
		    "MEMBUDGET='%s' is not a size (write it like 64M, 1.5G "
		    "or 200MiB)",
		    budget_env);

	t0_env = getenv("KILN_BUILD_T0");
	t0 = now_ms(CLOCK_MONOTONIC);
	if (t0_env && *t0_env) {
		uint64_t epoch0 = strtoull(t0_env, NULL, 10);
		uint64_t now = now_ms(CLOCK_REALTIME);

		start = now > epoch0 ? now - epoch0 : 0;
	}
	have_cg = cgroup_make(cg, sizeof(cg)) == 0;
	status = run(argv + 3, have_cg ? cg : NULL, &peak, &method);
	wall = now_ms(CLOCK_MONOTONIC) - t0;
	if (have_cg)
		rmdir(cg);
	if (status < 0) {
		// The move into the cgroup was refused: run without it.
		t0 = now_ms(CLOCK_MONOTONIC);
		status = run(argv + 3, NULL, &peak, &method);
		wall = now_ms(CLOCK_MONOTONIC) - t0;
	}
	over = status == 0 && budget && peak * 1024 > budget;
	// A step over the budget fails: its line says so (status 3).
	report(method, peak, wall, over ? 3 : status, start);

	if (status == 128 + SIGKILL) {
		mib(a, sizeof(a), peak);
		fprintf(stderr,
			"kiln: build step '%s' was killed (SIGKILL) at a peak "
			"of %s: out of memory? Build with fewer jobs (-j1) or "
			"free memory, and see build/report/last.tsv\n",
			step_name, a);
	}
	if (over) {
		mib(a, sizeof(a), peak);
		mib(b, sizeof(b), budget / 1024);
		fprintf(stderr,
			"kiln: build step '%s' peaked at %s (%s), over "
			"MEMBUDGET=%s (%s); raise MEMBUDGET or make the step "
			"smaller (LTO=0, fewer -j)\n",
			step_name, a, method, budget_env, b);
		return 3;
	}
	return status;
}
