/* SPDX-License-Identifier: MIT */
/* socket.h: the socket system calls (kernel/net/socket.c). AF_INET, TCP
 * and UDP, over lwIP; Linux's semantics and error numbers. */
#ifndef KILN_SOCKET_H
#define KILN_SOCKET_H

#include <stddef.h>
#include <stdint.h>

long sys_socket(long domain, long type, long proto);
long sys_bind(long fd, uintptr_t addr, long len);
long sys_listen(long fd, long backlog);
long sys_accept4(long fd, uintptr_t addr, uintptr_t len, long flags);
long sys_connect(long fd, uintptr_t addr, long len);
long sys_recvfrom(long fd, uintptr_t buf, size_t len, long flags,
		  uintptr_t addr, uintptr_t alen);
long sys_sendto(long fd, uintptr_t buf, size_t len, long flags, uintptr_t addr,
		long alen);
long sys_recvmsg(long fd, uintptr_t msg, long flags);
long sys_sendmsg(long fd, uintptr_t msg, long flags);
long sys_shutdown(long fd, long how);
long sys_getsockname(long fd, uintptr_t addr, uintptr_t len);
long sys_getpeername(long fd, uintptr_t addr, uintptr_t len);
long sys_setsockopt(long fd, long level, long opt, uintptr_t val, long len);
long sys_getsockopt(long fd, long level, long opt, uintptr_t val,
		    uintptr_t len);

struct file;
/* sendfile's path to a TCP socket: lwIP references data, which must not
 * change until the run ends (file bytes in the root archive). Returns
 * bytes queued or -errno; -EINVAL if f is not a TCP socket, so the caller
 * copies instead. */
long sock_sendfile(struct file *f, const void *data, size_t len, int nonblock);

#endif
