// SPDX-License-Identifier: MIT
// syscall.c: the Linux system calls kiln implements, by name; numbers come
// from the target's musl header (build/<arch>/gen/sysnames.h).

#define LOG_COMP "syscall"
#include <kiln/arch.h>
#include <kiln/errno.h>
#include <kiln/file.h>
#include <kiln/fmt.h>
#include <kiln/log.h>
#include <kiln/loop.h>
#include <kiln/mm.h>
#include <kiln/poll.h>
#include <kiln/process.h>
#include <kiln/random.h>
#include <kiln/socket.h>
#include <kiln/time.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <string.h>
#include <sysnames.h>

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 1
#define MAP_PRIVATE 2
#define MAP_TYPE 0xf
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define TIMER_ABSTIME 1
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIOCGWINSZ 0x5413
#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#define NSIG 64
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ul)

#define PAGE_ALIGNED(a) (((a) & (PAGE_SIZE - 1)) == 0)
#define PAGE_UP(a) (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

struct timespec64 {
	int64_t sec;
	int64_t nsec;
};

struct sigaction64 { /* the kernel's layout, as musl passes it */
	uint64_t handler, flags, restorer, mask;
};

static const char *const sysnames[] = SYSNAMES_INIT;
static uint64_t warned[1024 / 64];
static uintptr_t brk_start, brk_cur;
static struct sigaction64 sigactions[NSIG];
static uint64_t sigmask;
static uint64_t rlimits[RLIM_NLIMITS][2];

void brk_init(uintptr_t start)
{
	brk_start = brk_cur = start;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlimits[i][0] = rlimits[i][1] = RLIM_INFINITY;
	rlimits[3][0] = USER_STACK_SIZE; /* RLIMIT_STACK */
	rlimits[7][0] = 1024; /* RLIMIT_NOFILE */
	rlimits[7][1] = 4096;
}

static int prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE | VM_READ : 0) |
	       (prot & PROT_EXEC ? VM_EXEC | VM_READ : 0);
}

static long sys_brk(uintptr_t want)
{
	uintptr_t old_end = PAGE_UP(brk_cur), new_end = PAGE_UP(want);

	if (want < brk_start || want - brk_start > USER_BRK_MAX)
		return (long)brk_cur;
	if (new_end > old_end) {
		if (uvm_add(old_end, new_end, VM_READ | VM_WRITE))
			return (long)brk_cur;
	} else if (new_end < old_end) {
		uvm_remove(new_end, old_end);
	}
	brk_cur = want;
	return (long)brk_cur;
}

static long sys_mmap(uintptr_t addr, size_t len, unsigned long prot,
		     unsigned long flags, long fd, long off)
{
	int type = flags & MAP_TYPE, vprot = prot_bits(prot), r;
	uintptr_t at;

	if (len == 0 || PAGE_UP(len) < len)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != 3)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return vfs_mmap(fd_file((int)fd), addr, len, prot, flags, off);
	if ((vprot & VM_WRITE) && (vprot & VM_EXEC))
		return -EACCES; /* kiln keeps W^X */
	len = PAGE_UP(len);

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!PAGE_ALIGNED(addr) || addr + len < addr ||
		    addr + len > USER_TOP || addr < PAGE_SIZE)
			return -EINVAL;
		at = addr;
		if (flags & MAP_FIXED_NOREPLACE) {
			for (uintptr_t a = at; a < at + len; a += PAGE_SIZE) {
				if (uvm_find(a))
					return -EEXIST;
			}
		} else {
			uvm_remove(at, at + len);
		}
	} else {
		at = uvm_find_free(len, addr & ~(PAGE_SIZE - 1));
		if (!at)
			return -ENOMEM;
	}
	r = uvm_add(at, at + len, vprot);
	if (r)
		return r;
	if ((flags & MAP_POPULATE) && vprot) {
		r = uvm_populate(at, len, vprot & VM_READ);
		if (r == -ENOMEM) {
			uvm_remove(at, at + len);
			return r;
		}
	}
	return (long)at;
}

static long sys_munmap(uintptr_t addr, size_t len)
{
	if (!PAGE_ALIGNED(addr) || len == 0 || addr + len < addr ||
	    addr + len > USER_TOP)
		return -EINVAL;
	uvm_remove(addr, PAGE_UP(addr + len));
	return 0;
}

static long sys_mprotect(uintptr_t addr, size_t len, unsigned long prot)
{
	int vprot = prot_bits(prot);

	if (!PAGE_ALIGNED(addr) || addr + len < addr)
		return -EINVAL;
	if (prot & ~7ul)
		return -EINVAL;
	if ((vprot & VM_WRITE) && (vprot & VM_EXEC))
		return -EACCES;
	if (len == 0)
		return 0;
	return uvm_protect(addr, PAGE_UP(addr + len), vprot);
}

static long sys_madvise(uintptr_t addr, size_t len, long advice)
{
	uintptr_t end = PAGE_UP(addr + len);

	if (!PAGE_ALIGNED(addr) || end < addr)
		return -EINVAL;
	if (advice == MADV_DONTNEED || advice == MADV_FREE) {
		/* Dropping the pages gives zeros on the next touch, as Linux
		 * does for private anonymous memory. */
		for (uintptr_t a = addr; a < end; a += PAGE_SIZE) {
			const struct vma *v = uvm_find(a);

			if (!v)
				return -ENOMEM;
		}
		uvm_discard(addr, end);
	}
	return 0;
}

static long put_timespec(uintptr_t dst, uint64_t ns)
{
	struct timespec64 ts = { (int64_t)(ns / NSEC_PER_SEC),
				 (int64_t)(ns % NSEC_PER_SEC) };

	return copy_to_user(dst, &ts, sizeof(ts)) ? -EFAULT : 0;
}

static long get_timespec(uintptr_t src, uint64_t *ns)
{
	struct timespec64 ts;

	if (copy_from_user(&ts, src, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (uint64_t)ts.sec > UINT64_MAX / NSEC_PER_SEC - 1
		      ? UINT64_MAX
		      : (uint64_t)ts.sec * NSEC_PER_SEC + ts.nsec;
	return 0;
}

static long clock_read(long id, uint64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = time_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID: /* one program, always running */
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = time_ns();
		return 0;
	default:
		return -EINVAL;
	}
}

static long sys_clock_gettime(long id, uintptr_t ts)
{
	uint64_t ns;
	long r = clock_read(id, &ns);

	return r ? r : put_timespec(ts, ns);
}

static long sys_clock_getres(long id, uintptr_t ts)
{
	uint64_t ns;
	long r = clock_read(id, &ns);

	if (r)
		return r;
	return ts ? put_timespec(ts, 1) : 0;
}

static long sys_gettimeofday(uintptr_t tv, uintptr_t tz)
{
	uint64_t ns = time_realtime_ns();
	int64_t v[2] = { (int64_t)(ns / NSEC_PER_SEC),
			 (int64_t)(ns % NSEC_PER_SEC / 1000) };
	int32_t zone[2] = { 0, 0 };

	if (tv && copy_to_user(tv, v, sizeof(v)))
		return -EFAULT;
	if (tz && copy_to_user(tz, zone, sizeof(zone)))
		return -EFAULT;
	return 0;
}

static long sleep_until(uint64_t deadline)
{
	loop_wait(deadline, NULL, NULL);
	return 0;
}

static long sys_nanosleep(uintptr_t req, uintptr_t rem)
{
	uint64_t ns, now = time_ns();
	long r = get_timespec(req, &ns);

	if (r)
		return r;
	return sleep_until(ns > UINT64_MAX - now ? UINT64_MAX : now + ns);
}

static long sys_clock_nanosleep(long id, long flags, uintptr_t req,
				uintptr_t rem)
{
	uint64_t ns, now, base = 0;
	long r = clock_read(id, &now);

	if (r)
		return r;
	if (id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	r = get_timespec(req, &ns);
	if (r)
		return r;
	if (flags & TIMER_ABSTIME) {
		/* Turn the target into monotonic time. now was read first,
		 * so for the monotonic clocks it may lag: clamp at 0. */
		uint64_t mono = time_ns();

		base = now > mono ? now - mono : 0;
		return sleep_until(ns > base ? ns - base : 0);
	}
	now = time_ns();
	return sleep_until(ns > UINT64_MAX - now ? UINT64_MAX : now + ns);
}

static long sys_getrandom(uintptr_t buf, size_t n, unsigned long flags)
{
	unsigned char tmp[256];
	size_t done = 0;

	if (flags &
	    ~(unsigned long)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (n > 33554431)
		n = 33554431; /* Linux's cap for one call */
	while (done < n) {
		size_t k = n - done < sizeof(tmp) ? n - done : sizeof(tmp);

		random_bytes(tmp, k);
		if (copy_to_user(buf + done, tmp, k))
			return done ? (long)done : -EFAULT;
		done += k;
	}
	memset(tmp, 0, sizeof(tmp));
	return (long)done;
}

static long sys_uname(uintptr_t buf)
{
	char u[6][65];

	memset(u, 0, sizeof(u));
	ksnprintf(u[0], 65, "Linux");
	ksnprintf(u[1], 65, "kiln");
	ksnprintf(u[2], 65, "6.1.0-kiln");
	ksnprintf(u[3], 65, "kiln %s", KILN_VERSION);
	ksnprintf(u[4], 65, "%s", arch_uname_machine());
	ksnprintf(u[5], 65, "(none)");
	return copy_to_user(buf, u, sizeof(u)) ? -EFAULT : 0;
}

static long sys_rt_sigaction(long sig, uintptr_t act, uintptr_t old,
			     size_t setsize)
{
	struct sigaction64 a;

	if (setsize != 8)
		return -EINVAL;
	if (sig < 1 || sig > NSIG || (act && (sig == 9 || sig == 19)))
		return -EINVAL;
	if (act && copy_from_user(&a, act, sizeof(a)))
		return -EFAULT;
	if (old && copy_to_user(old, &sigactions[sig - 1], sizeof(a)))
		return -EFAULT;
	if (act)
		sigactions[sig - 1] = a; /* kept; no signal is delivered */
	return 0;
}

static long sys_rt_sigprocmask(long how, uintptr_t set, uintptr_t old,
			       size_t setsize)
{
	uint64_t s;

	if (setsize != 8)
		return -EINVAL;
	if (old && copy_to_user(old, &sigmask, 8))
		return -EFAULT;
	if (!set)
		return 0;
	if (copy_from_user(&s, set, 8))
		return -EFAULT;
	s &= ~((1ull << 8) | (1ull << 18)); /* SIGKILL, SIGSTOP */
	switch (how) {
	case 0:
		sigmask |= s;
		break;
	case 1:
		sigmask &= ~s;
		break;
	case 2:
		sigmask = s;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static long sys_prlimit64(long pid, long res, uintptr_t new, uintptr_t old)
{
	uint64_t lim[2];

	if (pid != 0 && pid != 1)
		return -ESRCH;
	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new &&copy_from_user(lim, new, sizeof(lim)))
		return -EFAULT;
	if (new &&lim[0] > lim[1])
		return -EINVAL;
	if (new &&lim[1] > rlimits[res][1])
		return -EPERM;
	if (old && copy_to_user(old, rlimits[res], sizeof(lim)))
		return -EFAULT;
	if (new) {
		rlimits[res][0] = lim[0];
		rlimits[res][1] = lim[1];
	}
	return 0;
}

static long sys_sched_getaffinity(long pid, size_t len, uintptr_t mask)
{
	uint64_t one = 1;

	if (pid != 0 && pid != 1)
		return -ESRCH;
	if (len < sizeof(one) || len % sizeof(one))
		return -EINVAL;
	return copy_to_user(mask, &one, sizeof(one)) ? -EFAULT
						     : (long)sizeof(one);
}

static long unknown(long nr)
{
	const char *name = NULL;

	if (nr >= 0 && (size_t)nr < sizeof(sysnames) / sizeof(sysnames[0]))
		name = sysnames[nr];
	if (nr < 0 || nr >= 1024 || !(warned[nr / 64] & (1ull << (nr % 64)))) {
		log_warn("unimplemented syscall %s (%ld) returns ENOSYS",
			 name ? name : "unknown", nr);
		if (nr >= 0 && nr < 1024)
			warned[nr / 64] |= 1ull << (nr % 64);
	}
	return -ENOSYS;
}

long syscall_dispatch(long nr, const long a[6])
{
	switch (nr) {
	case NR_read:
		return sys_read(a[0], a[1], a[2]);
	case NR_write:
		return sys_write(a[0], a[1], a[2]);
	case NR_readv:
		return sys_readv(a[0], a[1], a[2]);
	case NR_writev:
		return sys_writev(a[0], a[1], a[2]);
	case NR_close:
		return sys_close(a[0]);
	case NR_dup:
		return sys_dup(a[0]);
	case NR_dup3:
		return sys_dup3(a[0], a[1], a[2]);
#ifdef NR_dup2
	case NR_dup2:
		/* dup2 onto itself checks the descriptor and succeeds. */
		if (a[0] == a[1])
			return fd_file((int)a[0]) ? a[1] : -EBADF;
		return sys_dup3(a[0], a[1], 0);
#endif
	case NR_fcntl:
		return sys_fcntl(a[0], a[1], a[2]);
	case NR_openat:
		return sys_openat(a[0], a[1], a[2], a[3]);
#ifdef NR_open
	case NR_open:
		return sys_open(a[0], a[1], a[2]);
#endif
#ifdef NR_creat
	case NR_creat:
		/* O_CREAT | O_WRONLY | O_TRUNC */
		return sys_open(a[0], 01101, a[1]);
#endif
	case NR_lseek:
		return sys_lseek(a[0], a[1], a[2]);
	case NR_pread64:
		return sys_pread64(a[0], a[1], a[2], a[3]);
	case NR_pwrite64:
		return sys_pwrite64(a[0], a[1], a[2], a[3]);
	case NR_preadv:
		return sys_preadv(a[0], a[1], a[2], a[3]);
	case NR_preadv2:
		return sys_preadv2(a[0], a[1], a[2], a[3], a[5]);
	case NR_fstat:
		return sys_fstat(a[0], a[1]);
	case NR_newfstatat:
		return sys_newfstatat(a[0], a[1], a[2], a[3]);
#ifdef NR_stat
	case NR_stat:
		return sys_stat(a[0], a[1]);
#endif
#ifdef NR_lstat
	case NR_lstat:
		return sys_lstat(a[0], a[1]);
#endif
	case NR_statx:
		return sys_statx(a[0], a[1], a[2], a[3], a[4]);
	case NR_faccessat:
		return sys_faccessat(a[0], a[1], a[2]);
	case NR_faccessat2:
		return sys_faccessat2(a[0], a[1], a[2], a[3]);
#ifdef NR_access
	case NR_access:
		return sys_access(a[0], a[1]);
#endif
	case NR_readlinkat:
		return sys_readlinkat(a[0], a[1], a[2], a[3]);
#ifdef NR_readlink
	case NR_readlink:
		return sys_readlink(a[0], a[1], a[2]);
#endif
	case NR_getdents64:
		return sys_getdents64(a[0], a[1], a[2]);
	case NR_getcwd:
		return sys_getcwd(a[0], a[1]);
	case NR_chdir:
		return sys_chdir(a[0]);
	case NR_fchdir:
		return sys_fchdir(a[0]);
	case NR_sendfile:
		return sys_sendfile(a[0], a[1], a[2], a[3]);
	case NR_mkdirat:
		return sys_mkdirat(a[0], a[1], a[2]);
	case NR_mknodat:
		return sys_mknodat(a[0], a[1], a[2], a[3]);
	case NR_symlinkat:
		return sys_symlinkat(a[0], a[1], a[2]);
	case NR_linkat:
		return sys_linkat(a[0], a[1], a[2], a[3], a[4]);
	case NR_unlinkat:
		return sys_unlinkat(a[0], a[1], a[2]);
#ifdef NR_renameat
	case NR_renameat:
		return sys_renameat2(a[0], a[1], a[2], a[3], 0);
#endif
	case NR_renameat2:
		return sys_renameat2(a[0], a[1], a[2], a[3], a[4]);
	case NR_fchmodat:
		return sys_fchmodat2(a[0], a[1], a[2], 0);
#ifdef NR_fchmodat2
	case NR_fchmodat2:
		return sys_fchmodat2(a[0], a[1], a[2], a[3]);
#endif
	case NR_fchownat:
		return sys_fchownat(a[0], a[1], a[2], a[3], a[4]);
	case NR_utimensat:
		return sys_utimensat(a[0], a[1], a[2], a[3]);
	case NR_fchmod:
	case NR_fchown:
		return sys_fchange(a[0]);
	case NR_truncate:
		return sys_truncate(a[0], a[1]);
	case NR_ftruncate:
		return sys_ftruncate(a[0], a[1]);
	case NR_fsync:
	case NR_fdatasync:
		return sys_fsync(a[0]);
	case NR_statfs:
		return sys_statfs(a[0], a[1]);
	case NR_fstatfs:
		return sys_fstatfs(a[0], a[1]);
#ifdef NR_mkdir /* x86_64's older calls: relative to AT_FDCWD (-100) */
	case NR_mkdir:
		return sys_mkdirat(-100, a[0], a[1]);
	case NR_mknod:
		return sys_mknodat(-100, a[0], a[1], a[2]);
	case NR_symlink:
		return sys_symlinkat(a[0], -100, a[1]);
	case NR_link:
		return sys_linkat(-100, a[0], -100, a[1], 0);
	case NR_unlink:
		return sys_unlinkat(-100, a[0], 0);
	case NR_rmdir:
		return sys_unlinkat(-100, a[0], 0x200); /* AT_REMOVEDIR */
	case NR_rename:
		return sys_renameat2(-100, a[0], -100, a[1], 0);
	case NR_chmod:
		return sys_fchmodat2(-100, a[0], a[1], 0);
	case NR_chown:
		return sys_fchownat(-100, a[0], a[1], a[2], 0);
	case NR_lchown:
		return sys_fchownat(-100, a[0], a[1], a[2], 0x100);
	case NR_utime:
	case NR_utimes:
		return sys_utimensat(-100, a[0], a[1], 0);
#endif
	case NR_socket:
		return sys_socket(a[0], a[1], a[2]);
	case NR_bind:
		return sys_bind(a[0], a[1], a[2]);
	case NR_listen:
		return sys_listen(a[0], a[1]);
	case NR_accept:
		return sys_accept4(a[0], a[1], a[2], 0);
	case NR_accept4:
		return sys_accept4(a[0], a[1], a[2], a[3]);
	case NR_connect:
		return sys_connect(a[0], a[1], a[2]);
	case NR_recvfrom:
		return sys_recvfrom(a[0], a[1], a[2], a[3], a[4], a[5]);
	case NR_sendto:
		return sys_sendto(a[0], a[1], a[2], a[3], a[4], a[5]);
	case NR_recvmsg:
		return sys_recvmsg(a[0], a[1], a[2]);
	case NR_sendmsg:
		return sys_sendmsg(a[0], a[1], a[2]);
	case NR_shutdown:
		return sys_shutdown(a[0], a[1]);
	case NR_getsockname:
		return sys_getsockname(a[0], a[1], a[2]);
	case NR_getpeername:
		return sys_getpeername(a[0], a[1], a[2]);
	case NR_setsockopt:
		return sys_setsockopt(a[0], a[1], a[2], a[3], a[4]);
	case NR_getsockopt:
		return sys_getsockopt(a[0], a[1], a[2], a[3], a[4]);
	case NR_ppoll:
		return sys_ppoll(a[0], a[1], a[2], a[3], a[4]);
#ifdef NR_poll
	case NR_poll:
		return sys_poll(a[0], a[1], a[2]);
#endif
	case NR_pselect6:
		return sys_pselect6(a[0], a[1], a[2], a[3], a[4], a[5]);
#ifdef NR_select
	case NR_select:
		return sys_select(a[0], a[1], a[2], a[3], a[4]);
#endif
	case NR_epoll_create1:
		return sys_epoll_create1(a[0]);
#ifdef NR_epoll_create
	case NR_epoll_create:
		return sys_epoll_create(a[0]);
#endif
	case NR_epoll_ctl:
		return sys_epoll_ctl(a[0], a[1], a[2], a[3]);
	case NR_epoll_pwait:
		return sys_epoll_pwait(a[0], a[1], a[2], a[3], a[4], a[5]);
	case NR_epoll_pwait2:
		return sys_epoll_pwait2(a[0], a[1], a[2], a[3], a[4], a[5]);
#ifdef NR_epoll_wait
	case NR_epoll_wait:
		return sys_epoll_pwait(a[0], a[1], a[2], a[3], 0, 0);
#endif
	case NR_eventfd2:
		return sys_eventfd2(a[0], a[1]);
#ifdef NR_eventfd
	case NR_eventfd:
		return sys_eventfd2(a[0], 0);
#endif
	case NR_exit:
	case NR_exit_group:
		program_exit((int)a[0]);
	case NR_brk:
		return sys_brk(a[0]);
	case NR_mmap:
		return sys_mmap(a[0], a[1], a[2], a[3], a[4], a[5]);
	case NR_munmap:
		return sys_munmap(a[0], a[1]);
	case NR_mprotect:
		return sys_mprotect(a[0], a[1], a[2]);
	case NR_madvise:
		return sys_madvise(a[0], a[1], a[2]);
	case NR_set_tid_address:
	case NR_getpid:
	case NR_gettid:
		return 1;
	case NR_getppid:
	case NR_getuid:
	case NR_geteuid:
	case NR_getgid:
	case NR_getegid:
		return 0;
	case NR_ioctl:
		return sys_ioctl(a[0], a[1], a[2]);
	case NR_clock_gettime:
		return sys_clock_gettime(a[0], a[1]);
	case NR_clock_getres:
		return sys_clock_getres(a[0], a[1]);
	case NR_gettimeofday:
		return sys_gettimeofday(a[0], a[1]);
	case NR_nanosleep:
		return sys_nanosleep(a[0], a[1]);
	case NR_clock_nanosleep:
		return sys_clock_nanosleep(a[0], a[1], a[2], a[3]);
	case NR_getrandom:
		return sys_getrandom(a[0], a[1], a[2]);
	case NR_uname:
		return sys_uname(a[0]);
	case NR_rt_sigaction:
		return sys_rt_sigaction(a[0], a[1], a[2], a[3]);
	case NR_rt_sigprocmask:
		return sys_rt_sigprocmask(a[0], a[1], a[2], a[3]);
	case NR_sigaltstack:
		return 0;
	case NR_prlimit64:
		return sys_prlimit64(a[0], a[1], a[2], a[3]);
	case NR_sched_yield:
		loop_poll(); /* the devices are the other runnable work */
		return 0;
	case NR_sched_getaffinity:
		return sys_sched_getaffinity(a[0], a[1], a[2]);
#ifdef NR_arch_prctl
	case NR_arch_prctl:
		return arch_prctl(a[0], a[1]);
#endif
	default:
		return unknown(nr);
	}
}
