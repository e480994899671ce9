// SPDX-License-Identifier: MIT
// mime.h: Content-Type by file name extension, from a built-in table.

#ifndef HTTPD_MIME_H
#define HTTPD_MIME_H

#include <stddef.h>

/* The media type for a file name (the last path segment), or
 * application/octet-stream. */
const char *mime_type(const char *name, size_t n);

#endif /* HTTPD_MIME_H */
