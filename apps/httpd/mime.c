// SPDX-License-Identifier: MIT
// mime.c: the table of common media types.

#include "mime.h"
#include "http.h"

#include <string.h>

#define UTF8 "; charset=utf-8"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ "html", "text/html" UTF8 },
	{ "htm", "text/html" UTF8 },
	{ "css", "text/css" UTF8 },
	{ "js", "text/javascript" UTF8 },
	{ "mjs", "text/javascript" UTF8 },
	{ "json", "application/json" },
	{ "map", "application/json" },
	{ "txt", "text/plain" UTF8 },
	{ "md", "text/markdown" UTF8 },
	{ "csv", "text/csv" UTF8 },
	{ "xml", "application/xml" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "avif", "image/avif" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "bmp", "image/bmp" },
	{ "woff", "font/woff" },
	{ "woff2", "font/woff2" },
	{ "ttf", "font/ttf" },
	{ "otf", "font/otf" },
	{ "wasm", "application/wasm" },
	{ "pdf", "application/pdf" },
	{ "zip", "application/zip" },
	{ "gz", "application/gzip" },
	{ "tar", "application/x-tar" },
	{ "mp4", "video/mp4" },
	{ "webm", "video/webm" },
	{ "mp3", "audio/mpeg" },
	{ "ogg", "audio/ogg" },
	{ "wav", "audio/wav" },
	{ "webmanifest", "application/manifest+json" },
};

const char *mime_type(const char *name, size_t n)
{
	size_t i, dot = n;

	while (dot > 0 && name[dot - 1] != '.' && name[dot - 1] != '/')
		dot--;
	if (dot == 0 || name[dot - 1] != '.')
		return "application/octet-stream";
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (http_str_ieq(name + dot, n - dot, types[i].ext))
			return types[i].type;
	}
	return "application/octet-stream";
}
