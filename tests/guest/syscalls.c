// SPDX-License-Identifier: MIT
// syscalls.c: identity, random, tty, signal, limit and scheduler calls.

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifdef __x86_64__
#define MACHINE "x86_64"
#else
#define MACHINE "aarch64"
#endif

static int failures;

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

static void test_identity(void)
{
	struct utsname u;

	check("uname works", uname(&u) == 0);
	check("uname sysname is Linux", strcmp(u.sysname, "Linux") == 0);
	check("uname machine is " MACHINE, strcmp(u.machine, MACHINE) == 0);
	check("getpid is positive", getpid() > 0);
	check("gettid is getpid in a single thread", gettid() == getpid());
}

static void test_random(void)
{
	unsigned char a[64], b[64];

	check("getrandom of 64 bytes", getrandom(a, 64, 0) == 64);
	check("getrandom again", getrandom(b, 64, 0) == 64);
	check("two getrandom results differ", memcmp(a, b, 64) != 0);
	check("getrandom with GRND_NONBLOCK",
	      getrandom(a, 16, GRND_NONBLOCK) == 16);
	errno = 0;
	check("getrandom with unknown flags gives EINVAL",
	      getrandom(a, 16, 0x40000000) == -1 && errno == EINVAL);
}

static void test_tty(void)
{
	struct winsize ws;
	char c = 'x';

	errno = 0;
	check("ioctl(1, TIOCGWINSZ) on a non-terminal gives ENOTTY",
	      ioctl(1, TIOCGWINSZ, &ws) == -1 && errno == ENOTTY);
	check("isatty(1) is false", !isatty(1));
	errno = 0;
	check("write to a closed descriptor gives EBADF",
	      write(1000, &c, 1) == -1 && errno == EBADF);
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void test_sigaction(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 }, old;

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sa.sa_flags = SA_RESTART;
	check("sigaction(SIGUSR1) set", sigaction(SIGUSR1, &sa, NULL) == 0);
	memset(&old, 0, sizeof(old));
	check("sigaction(SIGUSR1) read back",
	      sigaction(SIGUSR1, NULL, &old) == 0);
	check("handler reads back", old.sa_handler == on_usr1);
	check("SA_RESTART reads back", (old.sa_flags & SA_RESTART) != 0);
	check("sa_mask reads back", sigismember(&old.sa_mask, SIGUSR2) == 1);
	sa.sa_handler = SIG_DFL;
	errno = 0;
	check("sigaction(SIGKILL) gives EINVAL",
	      sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
}

static void test_sigmask(void)
{
	sigset_t set, old;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGKILL);
	check("sigprocmask block", sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	check("sigprocmask read back",
	      sigprocmask(SIG_SETMASK, NULL, &old) == 0);
	check("SIGUSR1 is blocked", sigismember(&old, SIGUSR1) == 1);
	check("SIGKILL cannot be blocked", sigismember(&old, SIGKILL) == 0);
	check("sigprocmask unblock",
	      sigprocmask(SIG_UNBLOCK, &set, NULL) == 0 &&
		      sigprocmask(SIG_SETMASK, NULL, &old) == 0 &&
		      sigismember(&old, SIGUSR1) == 0);
}

static void test_rlimit(void)
{
	struct rlimit r, s;

	check("getrlimit(RLIMIT_STACK) works",
	      getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur > 0 &&
		      r.rlim_cur <= r.rlim_max);
	check("prlimit(0, RLIMIT_STACK) agrees with getrlimit",
	      prlimit(0, RLIMIT_STACK, NULL, &s) == 0 &&
		      s.rlim_cur == r.rlim_cur && s.rlim_max == r.rlim_max);
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_cur = 64;
	check("setrlimit(RLIMIT_NOFILE) lowers the soft limit",
	      setrlimit(RLIMIT_NOFILE, &r) == 0 &&
		      getrlimit(RLIMIT_NOFILE, &s) == 0 && s.rlim_cur == 64);
	r.rlim_max = 32; /* below the soft limit of 64 */
	errno = 0;
	check("setrlimit with soft above hard gives EINVAL",
	      setrlimit(RLIMIT_NOFILE, &r) == -1 && errno == EINVAL);
}

static void test_sched(void)
{
	cpu_set_t set;

	check("sched_yield returns 0", sched_yield() == 0);
	CPU_ZERO(&set);
	check("sched_getaffinity shows at least one CPU",
	      sched_getaffinity(0, sizeof(set), &set) == 0 &&
		      CPU_COUNT(&set) >= 1);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines between kernel logs */
	test_identity();
	test_random();
	test_tty();
	test_sigaction();
	test_sigmask();
	test_rlimit();
	test_sched();
	return failures ? 1 : 0;
}
