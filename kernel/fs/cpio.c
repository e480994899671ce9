// SPDX-License-Identifier: MIT
// cpio.c: walks cpio newc archives with every field checked, so that a
// damaged or hostile archive gives an error naming the entry, never a read
// outside the input or a loop that does not end.

#include <kiln/fmt.h>
#include <stdarg.h>
#include <string.h>

#include "cpio.h"

#define HDR_LEN 110
#define NFIELDS 13
#define ALIGN4(x) (((x) + 3) & ~(size_t)3)

enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
};

static const char *const field_names[NFIELDS] = {
	"ino",	     "mode",	 "uid",	     "gid",	 "nlink",
	"mtime",     "filesize", "devmajor", "devminor", "rdevmajor",
	"rdevminor", "namesize", "check",
};

void cpio_open(struct cpio_reader *r, const void *archive, size_t size)
{
	memset(r, 0, sizeof(*r));
	r->base = archive;
	r->size = archive ? size : 0;
}

/* Fills r->why with where the reader is, then the fault. name is the
 * entry's when it could be read, else NULL. */
static int fail(struct cpio_reader *r, const char *name, const char *fmt, ...)
{
	char where[32] = "";
	va_list ap;
	int n;

	if (r->archive)
		ksnprintf(where, sizeof(where), "archive %u, ", r->archive + 1);
	if (name)
		n = ksnprintf(r->why, sizeof(r->why),
			      "cpio %sentry %u ('%.60s') at offset %#zx: ",
			      where, r->index + 1, name, r->pos);
	else if (r->index)
		n = ksnprintf(r->why, sizeof(r->why),
			      "cpio %sheader after '%s' at offset %#zx: ",
			      where, r->last, r->pos);
	else
		n = ksnprintf(r->why, sizeof(r->why),
			      "cpio %sheader at offset %#zx: ", where, r->pos);
	if (n < 0 || (size_t)n >= sizeof(r->why))
		return -1;
	va_start(ap, fmt);
	kvsnprintf(r->why + n, sizeof(r->why) - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Eight hex digits, no sign, no spaces. */
static int hex8(const unsigned char *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(p[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* The entry's name when the header is damaged elsewhere but its name is
 * sound, so that the message can say which entry it is. */
static const char *peek_name(const struct cpio_reader *r)
{
	const unsigned char *h = r->base + r->pos;
	size_t at = r->pos + HDR_LEN;
	uint32_t n;

	if (hex8(h + 6 + 8 * F_NAMESIZE, &n) || n == 0 || n > CPIO_NAME_MAX ||
	    n > r->size - at)
		return NULL;
	if (memchr(h + HDR_LEN, '\0', n) != h + HDR_LEN + n - 1)
		return NULL;
	return (const char *)h + HDR_LEN;
}

static int read_fields(struct cpio_reader *r, uint32_t f[NFIELDS])
{
	const unsigned char *h = r->base + r->pos;

	if (r->size - r->pos < HDR_LEN)
		return fail(r, NULL, "truncated header (%zu of %d bytes)",
			    r->size - r->pos, HDR_LEN);
	if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0)
		return fail(r, NULL,
			    "bad magic (not 070701 or 070702: is this "
			    "a newc archive?)");
	for (int i = 0; i < NFIELDS; i++) {
		if (hex8(h + 6 + 8 * i, &f[i]))
			return fail(r, peek_name(r),
				    "field %s is not eight hex digits",
				    field_names[i]);
	}
	return 0;
}

/* Checks the name: it fits, ends in its only NUL. */
static int read_name(struct cpio_reader *r, const uint32_t *f,
		     const char **name)
{
	size_t at = r->pos + HDR_LEN, n = f[F_NAMESIZE];
	const char *s = (const char *)r->base + at;

	if (n == 0)
		return fail(r, NULL, "namesize is 0 (it counts the NUL)");
	if (n > CPIO_NAME_MAX)
		return fail(r, NULL, "namesize %zu exceeds %d", n,
			    CPIO_NAME_MAX);
	if (n > r->size - at)
		return fail(r, NULL, "name (%zu bytes) runs past the end", n);
	if (s[n - 1] != '\0')
		return fail(r, NULL, "name is not NUL-terminated");
	if (memchr(s, '\0', n - 1))
		return fail(r, NULL, "name holds a NUL before its end");
	*name = s;
	return 0;
}

static int check_type(struct cpio_reader *r, const char *name,
		      const struct cpio_entry *e)
{
	switch (e->mode & CPIO_S_IFMT) {
	case CPIO_S_IFREG:
		return 0;
	case CPIO_S_IFLNK:
		if (e->size == 0)
			return fail(r, name, "symlink with an empty target");
		if (e->size >= CPIO_NAME_MAX)
			return fail(r, name, "symlink target of %zu bytes",
				    e->size);
		if (memchr(e->data, '\0', e->size))
			return fail(r, name, "symlink target holds a NUL");
		return 0;
	case CPIO_S_IFDIR:
	case CPIO_S_IFCHR:
	case CPIO_S_IFBLK:
	case CPIO_S_IFIFO:
	case CPIO_S_IFSOCK:
		if (e->size)
			return fail(r, name, "mode %#o with %zu bytes of data",
				    e->mode, e->size);
		return 0;
	default:
		return fail(r, name, "mode %#o is no file type", e->mode);
	}
}

/* The body follows the name at the next multiple of 4 and must lie
 * inside the input; so must the padding after it, except at the very end
 * of the input after a trailer. */
static int read_body(struct cpio_reader *r, const char *name, const uint32_t *f,
		     int trailer, size_t *next)
{
	size_t data = ALIGN4(r->pos + HDR_LEN + f[F_NAMESIZE]);
	size_t n = f[F_FILESIZE];

	if (data > r->size && !(trailer && n == 0))
		return fail(r, name,
			    "input ends in the padding after the name");
	if (data > r->size)
		data = r->size;
	if (n > r->size - data)
		return fail(r, name, "data (%zu bytes) runs past the end", n);
	*next = ALIGN4(data + n);
	if (*next > r->size)
		*next = r->size;
	return 0;
}

static void fill(struct cpio_reader *r, struct cpio_entry *e, const uint32_t *f,
		 const char *name)
{
	e->name = name;
	e->namelen = f[F_NAMESIZE] - 1;
	e->size = f[F_FILESIZE];
	e->data = r->base + ALIGN4(r->pos + HDR_LEN + f[F_NAMESIZE]);
	e->ino = f[F_INO];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->devmajor = f[F_DEVMAJOR];
	e->devminor = f[F_DEVMINOR];
	e->rdevmajor = f[F_RDEVMAJOR];
	e->rdevminor = f[F_RDEVMINOR];
	e->archive = r->archive;
	e->offset = r->pos;
}

/* Between archives: zero bytes, then a header on a multiple of 4. Returns
 * 1 if another archive starts, 0 at the end. */
static int next_archive(struct cpio_reader *r)
{
	while (r->pos < r->size && r->base[r->pos] == 0)
		r->pos++;
	if (r->pos == r->size)
		return 0;
	if (r->pos & 3)
		return fail(r, NULL,
			    "padding between archives is not a "
			    "multiple of 4 zero bytes");
	if (r->pos) /* the first archive is number 0 */
		r->archive++;
	r->index = 0;
	r->in_archive = 1;
	return 1;
}

static int one_entry(struct cpio_reader *r, struct cpio_entry *e)
{
	uint32_t f[NFIELDS];
	const char *name = NULL;
	size_t next = 0;
	int trailer;

	if (read_fields(r, f) || read_name(r, f, &name))
		return -1;
	trailer = strcmp(name, "TRAILER!!!") == 0;
	if (read_body(r, name, f, trailer, &next))
		return -1;
	if (trailer) {
		r->pos = next;
		r->in_archive = 0;
		return 0;
	}
	fill(r, e, f, name);
	if (check_type(r, name, e))
		return -1;
	ksnprintf(r->last, sizeof(r->last), "%s", name);
	r->pos = next;
	r->index++;
	return 1;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	for (;;) {
		int k;

		if (!r->in_archive) {
			k = next_archive(r);
			if (k <= 0)
				return k;
		}
		if (r->pos == r->size)
			return fail(r, NULL,
				    "the archive ends without TRAILER!!!");
		k = one_entry(r, e);
		if (k != 0)
			return k;
	}
}
