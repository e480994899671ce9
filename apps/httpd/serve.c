// SPDX-License-Identifier: MIT
// serve.c: from a parsed request to a response: method and path checks,
// the file below the root, gzip siblings, preconditions and ranges.

#include "server.h"
#include "cond.h"
#include "encoding.h"
#include "mime.h"
#include "path.h"
#include "range.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define INDEX "index.html"

/* One access log line: peer, date, request line, status, body bytes. */
static void log_access(struct server *s, struct conn *c,
		       const struct http_req *q, const struct resp *r)
{
	char line[512];
	int n, tn;

	if (!s->cfg.access_log)
		return;
	if (q && q->method != M_NONE && q->target.p) {
		tn = q->target.n > 300 ? 300 : (int)q->target.n;
		n = snprintf(line, sizeof(line),
			     "%s [%s] \"%.*s %.*s HTTP/%d.%d\" %d %llu\n",
			     c->peer, s->date, (int)q->method_name.n,
			     q->method_name.p, tn, q->target.p, q->major,
			     q->minor, r->status,
			     (unsigned long long)(r->no_body ? 0 : r->length));
	} else {
		n = snprintf(line, sizeof(line), "%s [%s] \"-\" %d %llu\n",
			     c->peer, s->date, r->status,
			     (unsigned long long)(r->no_body ? 0 : r->length));
	}
	if (n > (int)sizeof(line))
		n = sizeof(line);
	if (write(2, line, (size_t)n) < 0)
		s->cfg.access_log = 0; /* stderr is gone: stop logging */
}

void serve_error(struct server *s, struct conn *c, int status)
{
	const char *buf = c->in + c->in_start;
	struct resp r;

	memset(&r, 0, sizeof(r));
	r.no_body = http_peek_method(buf, c->in_len - c->in_start) == M_HEAD;
	resp_error(&r, status);
	r.keep_alive = 0;
	log_access(s, c, NULL, &r);
	conn_start_response(s, c, &r, -1, 0, 0);
}

static int check_method(const struct http_req *q, struct resp *r)
{
	if (q->method == M_GET || q->method == M_HEAD)
		return q->form == F_ORIGIN || q->form == F_ABSOLUTE ? 0 : 400;
	r->allow = 1;
	return q->method == M_OTHER ? 501 : 405;
}

/* A directory asked for without its slash: 301 to the same path with
 * one (and the query, if any). */
static int redirect(struct server *s, const struct http_req *q, struct resp *r,
		    size_t len)
{
	size_t cap = s->cfg.lim.max_line + 16;
	long n = path_encode(s->path, len, s->loc, cap);

	if (n < 0 || (size_t)n + q->query.n + 3 > cap)
		return 414;
	s->loc[n++] = '/';
	if (q->query.p) {
		s->loc[n++] = '?';
		memcpy(s->loc + n, q->query.p, q->query.n);
		n += (long)q->query.n;
	}
	r->location = s->loc;
	r->location_len = (size_t)n;
	return 301;
}

/* Picks the .gz sibling when the client takes gzip. Returns the file to
 * send; the other one is closed. */
static struct fs_file *pick_encoding(struct server *s, const struct http_req *q,
				     struct resp *r)
{
	struct fs_file *f = &s->file;
	const char *leaf = f->path + f->dir_len;
	size_t n = strlen(leaf);

	if (n >= 3 && memcmp(leaf + n - 3, ".gz", 3) == 0)
		return f;
	if (!accept_gzip(q)) {
		r->vary = fs_sibling_exists(f, ".gz");
		return f;
	}
	switch (fs_open_sibling(&s->root, f, ".gz", &s->gz)) {
	case FS_FILE:
		r->vary = 1;
		r->gzip = 1;
		fs_close(&s->root, f);
		return &s->gz;
	case 404:
		return f;
	default: /* there, but refused or broken: send the plain file */
		r->vary = 1;
		return f;
	}
}

/* Range, under If-Range: 206, 416, or 200 for the whole file. */
static int apply_range(const struct http_req *q, const struct validators *v,
		       uint64_t size, struct resp *r)
{
	const struct http_str *h = http_field_one(q, HF_RANGE);
	struct byte_range br;

	if (q->method != M_GET || !h || !cond_if_range(q, v))
		return 200;
	switch (range_parse(h->p, h->n, size, &br)) {
	case RANGE_ONE:
		r->partial = 1;
		r->first = br.first;
		r->last = br.last;
		r->size = size;
		r->length = br.last - br.first + 1;
		return 206;
	case RANGE_UNSATISFIABLE:
		r->unsatisfiable = 1;
		r->size = size;
		return 416;
	default: /* none, invalid, or several: the whole file */
		return 200;
	}
}

static void send_file(struct server *s, struct conn *c,
		      const struct http_req *q, struct fs_file *f,
		      struct resp *r)
{
	int fd = f->fd;

	f->fd = -1;
	log_access(s, c, q, r);
	if (r->no_body || r->length == 0) {
		close(fd);
		fd = -1;
	}
	conn_start_response(s, c, r, fd, (off_t)r->first, r->length);
}

/* The file is open: negotiate, check preconditions, pick the range. */
static int serve_file(struct server *s, struct conn *c,
		      const struct http_req *q, struct resp *r,
		      const char *type_name)
{
	char etag[ETAG_MAX];
	struct fs_file *f = pick_encoding(s, q, r);
	uint64_t size = (uint64_t)f->st.st_size;
	struct validators v;
	int rc;

	v.etag = etag;
	v.etag_len = etag_make(size, f->st.st_mtim.tv_sec,
			       f->st.st_mtim.tv_nsec, etag);
	v.mtime = f->st.st_mtim.tv_sec;
	r->has_validators = 1;
	r->etag = v.etag;
	r->etag_len = v.etag_len;
	r->mtime = v.mtime;
	rc = cond_check(q, &v);
	if (rc) {
		fs_close(&s->root, f);
		return rc;
	}
	r->ctype = mime_type(type_name, strlen(type_name));
	r->has_length = 1;
	r->length = size;
	r->accept_ranges = 1;
	r->status = apply_range(q, &v, size, r);
	if (r->status == 416) {
		fs_close(&s->root, f);
		return 416;
	}
	send_file(s, c, q, f, r);
	fs_close(&s->root, f);
	return 0;
}

/* The name whose extension gives the type: the request's last segment,
 * or the index file's. */
static const char *type_name(const char *path, size_t len)
{
	const char *slash = memrchr(path, '/', len);

	return slash ? slash + 1 : path;
}

static int serve_path(struct server *s, struct conn *c,
		      const struct http_req *q, struct resp *r)
{
	long len = path_normalize(q->path.p, q->path.n, s->path);
	int rc;

	if (len < 0)
		return 400;
	rc = fs_open(&s->root, s->path, &s->file);
	if (rc == FS_DIR && s->path[len - 1] != '/')
		return redirect(s, q, r, (size_t)len);
	if (rc == FS_DIR) {
		memcpy(s->path + len, INDEX, sizeof(INDEX));
		len += (long)sizeof(INDEX) - 1;
		rc = fs_open(&s->root, s->path, &s->file);
		rc = rc == FS_DIR ? 404 : rc;
	}
	if (rc != FS_FILE)
		return rc;
	return serve_file(s, c, q, r, type_name(s->path, (size_t)len));
}

void serve_request(struct server *s, struct conn *c, size_t head_len)
{
	struct http_req *q = &s->req;
	struct resp r;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = http_parse_head(c->in + c->in_start, head_len, q);
	c->in_start += head_len;
	r.no_body = q->method == M_HEAD;
	r.keep_alive = !rc && q->keep_alive && !q->has_body;
	if (!rc)
		rc = check_method(q, &r);
	if (!rc)
		rc = serve_path(s, c, q, &r);
	if (!rc)
		return; /* a file is on its way */
	if (rc == 304) {
		r.status = 304;
		r.no_body = 1;
	} else {
		resp_error(&r, rc);
	}
	log_access(s, c, q, &r);
	conn_start_response(s, c, &r, -1, 0, 0);
}
