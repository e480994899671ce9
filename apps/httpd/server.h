// SPDX-License-Identifier: MIT
// server.h: the server's state, its connections, and the pieces of the
// event loop: accepting, connection events, timers and serving requests.

#ifndef HTTPD_SERVER_H
#define HTTPD_SERVER_H

#include "date.h"
#include "fs.h"
#include "http.h"
#include "resp.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct config {
	const char *addr;
	unsigned port;
	const char *root;
	int head_timeout_ms; /* from the first byte of a request to its end */
	int idle_timeout_ms; /* between requests on a kept-alive connection */
	int send_timeout_ms; /* without progress while sending */
	int linger_ms; /* reading what a closed-on client still sends */
	unsigned max_conns;
	struct http_limits lim;
	int access_log;
};

enum conn_state { C_READ, C_WRITE, C_LINGER, C_CLOSED };

enum timer_kind { T_HEAD, T_IDLE, T_SEND, T_LINGER, T_COUNT, T_NONE = -1 };

struct conn {
	int fd;
	int state;
	int timer; /* enum timer_kind */
	int64_t deadline;
	struct conn *tprev, *tnext; /* in the timer's list, or the free list */
	unsigned rd_ready : 1; /* reading may not block (edge-triggered) */
	unsigned wr_ready : 1;
	unsigned keep_alive : 1;
	unsigned corked : 1;
	size_t in_start, in_len; /* unread input is in[in_start..in_len) */
	struct http_scan scan;
	size_t out_off, out_len; /* the response head in out[] */
	const char *body; /* a fixed text body (errors), or NULL */
	size_t body_off, body_len;
	int file_fd; /* the file being sent, or -1 */
	off_t file_off;
	uint64_t file_left;
	size_t lingered;
	char peer[48]; /* for the access log */
	char *in, *out;
};

/* Timers of one kind all last the same, so each list stays sorted. */
struct timer_list {
	struct conn *head, *tail;
	int64_t dur;
};

struct server {
	struct config cfg;
	int lfd, epfd;
	struct fs_root root;
	int64_t now; /* monotonic, ms */
	int64_t wall; /* seconds since the epoch */
	char date[HTTP_DATE_LEN + 1];
	unsigned nconns;
	struct conn *free; /* closed connections, kept for reuse */
	struct timer_list timers[T_COUNT];
	int accept_paused;
	int64_t accept_resume;
	int cork_ok;
	size_t in_cap, out_cap;
	char *path; /* scratch: the decoded path */
	char *loc; /* scratch: an encoded Location */
	struct http_req req;
	struct fs_file file, gz;
};

/* conn.c */
void conn_accepted(struct server *s, struct conn *c);
void conn_event(struct server *s, struct conn *c, uint32_t events);
void conn_close(struct server *s, struct conn *c);
void conn_start_response(struct server *s, struct conn *c, struct resp *r,
			 int file_fd, off_t off, uint64_t len);
void timer_set(struct server *s, struct conn *c, int kind);
void timers_run(struct server *s);
int timers_next(const struct server *s);

/* serve.c */
void serve_request(struct server *s, struct conn *c, size_t head_len);
void serve_error(struct server *s, struct conn *c, int status);

/* server.c */
int server_init(struct server *s, const struct config *cfg);
int server_run(struct server *s);

#endif /* HTTPD_SERVER_H */
