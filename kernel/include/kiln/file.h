/* SPDX-License-Identifier: MIT */
/*
 * file.h: open files and the descriptor table. A file's operations never
 * block: they return -EAGAIN, and the system-call layer (fd.c) waits in
 * the event loop until poll() reports the file ready, unless the file is
 * O_NONBLOCK. So blocking, timeouts and poll/select/epoll all rest on
 * one readiness function per file.
 */
#ifndef KILN_FILE_H
#define KILN_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Linux values, the same on x86_64 and arm64. */
#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100
#define POLLRDHUP 0x2000

#define O_ACCMODE 3
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_NONBLOCK 04000
#define O_CLOEXEC 02000000

#define FD_MAX 1024

/* A piece of the program's memory, as readv and writev pass them. */
struct uiov {
	uintptr_t base;
	size_t len;
};

struct file;

struct file_ops {
	const char *kind; /* "console", "socket", "eventfd", "epoll" */
	/* Move bytes between the file and the program's memory. Return the
	 * count, 0 at end of file, -EAGAIN when they would block. */
	long (*read)(struct file *f, const struct uiov *iov, int cnt);
	long (*write)(struct file *f, const struct uiov *iov, int cnt);
	/* Readiness now: POLLIN, POLLOUT, POLLERR, POLLHUP, POLLRDHUP. */
	unsigned (*poll)(struct file *f);
	long (*ioctl)(struct file *f, unsigned long req, uintptr_t arg);
	/* The last reference is gone. */
	void (*release)(struct file *f);
	/* A blocking write goes on until all is written (streams: sockets,
	 * the console), as Linux does; otherwise one write op is one call. */
	int whole_writes;
};

struct file {
	const struct file_ops *ops;
	void *priv;
	unsigned flags; /* O_ACCMODE bits and O_NONBLOCK */
	int refs;
	/* Bumped by the file's owner whenever readiness may have risen
	 * (data arrived, space freed, a peer closed): edge-triggered epoll
	 * reports an event once per change. */
	uint32_t gen;
	/* SO_RCVTIMEO and SO_SNDTIMEO in ns; 0 waits forever. */
	uint64_t rcvtimeo, sndtimeo;
};

struct file *file_new(const struct file_ops *ops, void *priv, unsigned flags);
void file_get(struct file *f);
void file_put(struct file *f);

/* Installs f at the lowest free descriptor >= min, taking a reference.
 * Returns the descriptor or -EMFILE. */
int fd_install(struct file *f, int min, int cloexec);
/* The file behind fd, without a new reference; NULL if none. */
struct file *fd_file(int fd);
/* The file's readiness, POLLRDNORM and POLLWRNORM included. */
unsigned file_poll(struct file *f);
/* Waits until f reports one of events (or an error or hang-up) or the
 * deadline (time_ns) passes. Returns the poll mask, 0 on timeout. */
unsigned file_wait(struct file *f, unsigned events, uint64_t deadline);

/* Calls op(ctx) until it returns something other than -EAGAIN, waiting
 * for events between tries, unless nonblock; gives -EAGAIN after timeout
 * ns (0: none). The one place where system calls block. */
long file_retry(struct file *f, unsigned events, int nonblock, uint64_t timeout,
		long (*op)(void *ctx), void *ctx);

/* Closes every descriptor, as a process's end does. */
void fd_close_all(void);

/* Sets up descriptors 0, 1 and 2 on the console. */
void fd_init(void);

/* System calls on descriptors (fd.c). */
long sys_read(long fd, uintptr_t buf, size_t n);
long sys_write(long fd, uintptr_t buf, size_t n);
long sys_readv(long fd, uintptr_t iov, long cnt);
long sys_writev(long fd, uintptr_t iov, long cnt);
long sys_close(long fd);
long sys_dup(long fd);
long sys_dup3(long fd, long to, long flags);
long sys_fcntl(long fd, long cmd, unsigned long arg);
long sys_ioctl(long fd, unsigned long req, uintptr_t arg);

/* Copies an iovec array from the program, checking count and lengths. */
int uiov_from_user(struct uiov *dst, uintptr_t src, long cnt);
/* Copies out of / into the program's buffers described by iov. */
long uiov_copy_out(const struct uiov *iov, int cnt, size_t skip,
		   const void *src, size_t n);
long uiov_copy_in(const struct uiov *iov, int cnt, size_t skip, void *dst,
		  size_t n);
size_t uiov_total(const struct uiov *iov, int cnt);
/* Drops the first n bytes from an iovec array, in place. */
void uiov_advance(struct uiov **iov, int *cnt, size_t n);

#endif
