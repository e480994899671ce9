// SPDX-License-Identifier: MIT
// encoding.h: content negotiation for precompressed files (Accept-Encoding).

#ifndef HTTPD_ENCODING_H
#define HTTPD_ENCODING_H

#include "http.h"

/* Whether the request accepts gzip: listed as gzip or x-gzip with q > 0,
 * or not listed but covered by "*" with q > 0. No Accept-Encoding means
 * no (the uncompressed file is always the safe answer). */
int accept_gzip(const struct http_req *req);

/* A qvalue ("0", "0.5", "1.000") in thousandths, or -1 if malformed. */
int encoding_qvalue(const char *p, size_t n);

#endif /* HTTPD_ENCODING_H */
