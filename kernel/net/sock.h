/* SPDX-License-Identifier: MIT */
/* sock.h: kiln's sockets, internal to kernel/net: the state a socket file
 * keeps over its lwIP protocol control block. */
#ifndef KILN_NET_SOCK_H
#define KILN_NET_SOCK_H

#include <kiln/file.h>
#include <stdbool.h>
#include <stdint.h>

struct pbuf;
struct tcp_pcb;
struct udp_pcb;

#define SOCK_STREAM 1
#define SOCK_DGRAM 2

enum sock_state {
	SS_NEW, /* no address yet */
	SS_BOUND,
	SS_LISTENING,
	SS_CONNECTING,
	SS_CONNECTED,
	SS_CLOSED, /* reset, aborted or shut both ways */
};

struct dgram {
	struct dgram *next;
	struct pbuf *p;
	uint32_t addr; /* network order */
	uint16_t port; /* host order */
};

struct sock {
	int type;
	enum sock_state state;
	struct file *file;
	union {
		struct tcp_pcb *tcp;
		struct udp_pcb *udp;
	} pcb;
	int err; /* pending error for SO_ERROR and the next call */
	bool rx_eof; /* the peer sent FIN */
	bool tx_shut; /* shutdown(SHUT_WR) or close */
	bool reuseaddr, keepalive, nodelay;
	int rcvbuf, sndbuf;
	uint64_t rcvtimeo, sndtimeo; /* ns; 0 waits forever */
	/* TCP stream: received pbufs not yet read, and the offset read in
	 * the first one. */
	struct pbuf *rxq;
	uint16_t rx_off;
	size_t rx_bytes;
	/* Listening: connections lwIP accepted that accept() has not taken. */
	struct sock **acceptq;
	int acc_head, acc_len, backlog;
	struct sock *listener; /* for a child still in that queue */
	/* UDP: datagrams received, oldest first. */
	struct dgram *dq_head, *dq_tail;
	size_t dq_bytes;
};

static inline void sock_changed(struct sock *s)
{
	if (s->file)
		s->file->gen++;
}

struct sock *sock_alloc(int type);
void sock_free(struct sock *s);

/* TCP (sock_tcp.c) */
int tcp_sock_open(struct sock *s);
int tcp_sock_bind(struct sock *s, uint32_t addr, uint16_t port);
int tcp_sock_listen(struct sock *s, int backlog);
struct sock *tcp_sock_accept(struct sock *s);
int tcp_sock_connect(struct sock *s, uint32_t addr, uint16_t port);
long tcp_sock_recv(struct sock *s, const struct uiov *iov, int cnt, int flags);
long tcp_sock_send(struct sock *s, const struct uiov *iov, int cnt, int flags);
/* Queues bytes that stay valid and unchanged until acknowledged,
 * without copying them. */
long tcp_sock_send_ref(struct sock *s, const void *data, size_t len);
unsigned tcp_sock_poll(struct sock *s);
int tcp_sock_shutdown(struct sock *s, bool rd, bool wr);
void tcp_sock_close(struct sock *s);
int tcp_sock_name(struct sock *s, bool peer, uint32_t *addr, uint16_t *port);
void tcp_sock_apply_options(struct sock *s);

/* UDP (sock_udp.c) */
int udp_sock_open(struct sock *s);
int udp_sock_bind(struct sock *s, uint32_t addr, uint16_t port);
int udp_sock_connect(struct sock *s, uint32_t addr, uint16_t port);
long udp_sock_recv(struct sock *s, const struct uiov *iov, int cnt, int flags,
		   uint32_t *addr, uint16_t *port, size_t *full);
long udp_sock_send(struct sock *s, const struct uiov *iov, int cnt,
		   const uint32_t *addr, const uint16_t *port);
unsigned udp_sock_poll(struct sock *s);
void udp_sock_close(struct sock *s);
int udp_sock_name(struct sock *s, bool peer, uint32_t *addr, uint16_t *port);

/* Linux flags these layers look at. */
#define MSG_PEEK 0x2
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000

#endif
