// SPDX-License-Identifier: MIT
// rootfs.c: the tree built from the boot archive. Inodes point into the
// archive for names, file bytes and symlink targets; a hash table over
// (directory, name) keeps lookups fast in directories of any size.

#define LOG_COMP "fs"
#include <kiln/errno.h>
#include <kiln/fmt.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/vfs.h>
#include <limits.h>
#include <string.h>

#include "fs.h"

#define DIR_MODE (S_IFDIR | 0755)

struct slot {
	struct inode *dir;
	uint32_t idx; /* into dir->kids */
	uint32_t hash;
};

/* A hard-linked file seen earlier in the same archive. */
struct link {
	unsigned archive;
	uint32_t major, minor, ino;
	struct inode *inode;
};

struct inode *fs_root;
struct inode *fs_cwd;

static struct slot *table;
static size_t table_cap, table_used;
static struct link *links;
static size_t nlinks, links_cap;
static uint64_t next_ino = 1;
static size_t n_files, n_dirs, n_bytes;

static uint32_t name_hash(const struct inode *dir, const char *s, size_t n)
{
	uint32_t h = 2166136261u ^ (uint32_t)((uintptr_t)dir >> 4);

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int table_grow(void)
{
	size_t cap = table_cap ? table_cap * 2 : 1024;
	struct slot *t = kzalloc(cap * sizeof(*t)), *old = table;

	if (!t)
		return -ENOMEM;
	for (size_t i = 0; i < table_cap; i++) {
		size_t j = old[i].hash & (cap - 1);

		if (!old[i].dir)
			continue;
		while (t[j].dir)
			j = (j + 1) & (cap - 1);
		t[j] = old[i];
	}
	table = t;
	table_cap = cap;
	kfree(old);
	return 0;
}

static struct slot *find_slot(struct inode *dir, const char *name, size_t len,
			      uint32_t h)
{
	size_t j;

	if (!table_cap)
		return NULL;
	for (j = h & (table_cap - 1); table[j].dir;
	     j = (j + 1) & (table_cap - 1)) {
		struct dentry *d;

		if (table[j].dir != dir || table[j].hash != h)
			continue;
		d = &dir->kids[table[j].idx];
		if (d->len == len && memcmp(d->name, name, len) == 0)
			return &table[j];
	}
	return &table[j];
}

struct inode *dir_find(struct inode *dir, const char *name, size_t len)
{
	struct slot *s = find_slot(dir, name, len, name_hash(dir, name, len));

	return s && s->dir ? dir->kids[s->idx].ino : NULL;
}

static struct inode *inode_new(uint32_t mode)
{
	struct inode *ino = kzalloc(sizeof(*ino));

	if (!ino)
		return NULL;
	ino->mode = mode;
	ino->ino = next_ino++;
	ino->nlink = S_ISDIR(mode) ? 2 : 0; /* dir_add counts names */
	if (S_ISDIR(mode))
		n_dirs++;
	return ino;
}

static int kids_grow(struct inode *dir)
{
	uint32_t cap = dir->cap ? dir->cap * 2 : 8;
	struct dentry *k = kmalloc(cap * sizeof(*k));

	if (!k)
		return -ENOMEM;
	if (dir->nkids)
		memcpy(k, dir->kids, dir->nkids * sizeof(*k));
	kfree(dir->kids);
	dir->kids = k;
	dir->cap = cap;
	return 0;
}

static void link_counts(struct inode *dir, struct inode *ino, int delta)
{
	if (S_ISDIR(ino->mode)) {
		dir->nlink += delta;
		if (delta > 0)
			ino->parent = dir;
	} else {
		ino->nlink += delta;
	}
}

/* Adds or replaces dir/name. A replaced directory's entries are lost, as
 * when a later archive entry takes the name over. */
static int dir_add(struct inode *dir, const char *name, size_t len,
		   struct inode *ino)
{
	uint32_t h = name_hash(dir, name, len);
	struct slot *s;

	if ((table_used + 1) * 2 > table_cap && table_grow())
		return -ENOMEM;
	s = find_slot(dir, name, len, h);
	if (s->dir) {
		struct dentry *d = &dir->kids[s->idx];

		link_counts(dir, d->ino, -1);
		d->ino = ino;
	} else {
		if (dir->nkids == dir->cap && kids_grow(dir))
			return -ENOMEM;
		*s = (struct slot){ dir, dir->nkids, h };
		dir->kids[dir->nkids++] =
			(struct dentry){ name, (uint16_t)len, ino };
		table_used++;
	}
	if (S_ISDIR(ino->mode)) {
		ino->name = name;
		ino->namelen = (uint16_t)len;
	}
	link_counts(dir, ino, 1);
	if (S_ISDIR(ino->mode))
		ino->nlink = ino->nlink < 2 ? 2 : ino->nlink;
	return 0;
}

/* The next component of an archive name: skips slashes and "." */
static size_t next_comp(const char *s, size_t n, size_t *at, size_t *len)
{
	size_t i = *at;

	for (;;) {
		size_t start;

		while (i < n && s[i] == '/')
			i++;
		start = i;
		while (i < n && s[i] != '/')
			i++;
		if (i - start == 1 && s[start] == '.')
			continue;
		*at = i;
		*len = i - start;
		return start;
	}
}

struct mount_ctx {
	struct cpio_reader rd;
	struct cpio_entry e;
	char why[CPIO_WHY_MAX + 64];
};

static int entry_fail(struct mount_ctx *m, const char *fault)
{
	ksnprintf(m->why, sizeof(m->why),
		  "cpio entry '%.80s' at offset %#zx: %s", m->e.name,
		  m->e.offset, fault);
	return -EINVAL;
}

/* The directory that will hold the entry's last component, made on the
 * way as needed; *last and *last_len give that component (empty for the
 * root itself). */
static int parent_of(struct mount_ctx *m, struct inode **dirp,
		     const char **last, size_t *last_len)
{
	const char *s = m->e.name;
	size_t n = m->e.namelen, at = 0, len, start;
	struct inode *dir = fs_root;

	start = next_comp(s, n, &at, &len);
	while (len) {
		size_t at2 = at, len2, start2 = next_comp(s, n, &at2, &len2);
		struct inode *sub;

		if (len > NAME_MAX)
			return entry_fail(m, "a name component over 255 bytes");
		if (len == 2 && s[start] == '.' && s[start + 1] == '.')
			return entry_fail(m, "'..' in the name");
		if (!len2)
			break;
		sub = dir_find(dir, s + start, len);
		if (!sub) {
			sub = inode_new(DIR_MODE);
			if (!sub || dir_add(dir, s + start, len, sub))
				return entry_fail(m, "out of memory");
		} else if (!S_ISDIR(sub->mode)) {
			return entry_fail(m, "a parent is not a directory");
		}
		dir = sub;
		start = start2, at = at2, len = len2;
	}
	*dirp = dir;
	*last = s + start;
	*last_len = len;
	return 0;
}

static void set_attrs(struct inode *ino, const struct cpio_entry *e)
{
	ino->mode = e->mode;
	ino->uid = e->uid;
	ino->gid = e->gid;
	ino->mtime = e->mtime;
	ino->rdev_major = e->rdevmajor;
	ino->rdev_minor = e->rdevminor;
	if (!S_ISDIR(e->mode)) {
		ino->data = e->data;
		ino->size = e->size;
	}
}

static struct link *find_link(const struct cpio_entry *e)
{
	for (size_t i = nlinks; i-- > 0;) {
		struct link *l = &links[i];

		if (l->archive == e->archive && l->ino == e->ino &&
		    l->major == e->devmajor && l->minor == e->devminor)
			return l;
	}
	return NULL;
}

static int remember_link(const struct cpio_entry *e, struct inode *ino)
{
	if (nlinks == links_cap) {
		size_t cap = links_cap ? links_cap * 2 : 16;
		struct link *l = kmalloc(cap * sizeof(*l));

		if (!l)
			return -ENOMEM;
		if (nlinks)
			memcpy(l, links, nlinks * sizeof(*l));
		kfree(links);
		links = l;
		links_cap = cap;
	}
	links[nlinks++] = (struct link){ e->archive, e->devmajor, e->devminor,
					 e->ino, ino };
	return 0;
}

/* A hard link: newc repeats the header for each name and puts the data
 * on the last one only. */
static struct inode *linked_inode(struct mount_ctx *m)
{
	const struct cpio_entry *e = &m->e;
	struct link *l = find_link(e);
	struct inode *ino;

	if (l) {
		if (e->size || !l->inode->size)
			set_attrs(l->inode, e);
		return l->inode;
	}
	ino = inode_new(e->mode);
	if (!ino || remember_link(e, ino))
		return NULL;
	set_attrs(ino, e);
	n_files++;
	return ino;
}

static int add_entry(struct mount_ctx *m)
{
	const struct cpio_entry *e = &m->e;
	struct inode *dir, *ino, *old;
	const char *last;
	size_t len;

	if (parent_of(m, &dir, &last, &len))
		return -EINVAL;
	if (!len) {
		if (!S_ISDIR(e->mode))
			return entry_fail(m,
					  "names the root, not as a directory");
		set_attrs(fs_root, e);
		return 0;
	}
	old = dir_find(dir, last, len);
	if (S_ISDIR(e->mode) && old && S_ISDIR(old->mode)) {
		set_attrs(old, e); /* a directory met again: new attributes */
		return 0;
	}
	if (S_ISREG(e->mode) && e->nlink > 1) {
		ino = linked_inode(m);
		if (ino == old)
			return 0;
	} else {
		ino = inode_new(e->mode);
		if (ino)
			set_attrs(ino, e);
		if (ino && !S_ISDIR(e->mode))
			n_files++;
	}
	if (!ino || dir_add(dir, last, len, ino))
		return entry_fail(m, "out of memory");
	n_bytes += S_ISREG(e->mode) ? e->size : 0;
	return 0;
}

/* dir/name as a directory, made if missing or not a directory. */
static struct inode *ensure_dir(struct inode *dir, const char *name)
{
	struct inode *d = dir_find(dir, name, strlen(name));

	if (d && S_ISDIR(d->mode))
		return d;
	d = inode_new(DIR_MODE);
	if (!d || dir_add(dir, name, strlen(name), d))
		return NULL;
	return d;
}

static int add_node(struct inode *dir, const char *name, uint32_t mode,
		    uint32_t major, uint32_t minor)
{
	struct inode *ino = inode_new(mode);

	if (!ino)
		return -ENOMEM;
	ino->rdev_major = major;
	ino->rdev_minor = minor;
	return dir_add(dir, name, strlen(name), ino);
}

static int add_specials(const char *exe_path)
{
	struct inode *dev = ensure_dir(fs_root, "dev");
	struct inode *proc = dev ? ensure_dir(fs_root, "proc") : NULL;
	struct inode *self = proc ? ensure_dir(proc, "self") : NULL;
	size_t n = strlen(exe_path);
	char *target = kmalloc(n + 1);
	struct inode *exe = inode_new(S_IFLNK | 0777);

	if (!self || !target || !exe)
		return -ENOMEM;
	if (add_node(dev, "null", S_IFCHR | 0666, 1, 3) ||
	    add_node(dev, "zero", S_IFCHR | 0666, 1, 5) ||
	    add_node(dev, "urandom", S_IFCHR | 0666, 1, 9) ||
	    add_node(dev, "console", S_IFCHR | 0600, 5, 1))
		return -ENOMEM;
	memcpy(target, exe_path, n + 1);
	exe->data = target;
	exe->size = n;
	return dir_add(self, "exe", 3, exe);
}

enum fs_dev inode_dev(const struct inode *ino)
{
	uint32_t maj = ino->rdev_major, min = ino->rdev_minor;

	if (!S_ISCHR(ino->mode))
		return DEV_NONE;
	if (maj == 1 && min == 3)
		return DEV_NULL;
	if (maj == 1 && min == 5)
		return DEV_ZERO;
	if (maj == 1 && (min == 8 || min == 9))
		return DEV_URANDOM;
	if (maj == 5 && min == 1)
		return DEV_CONSOLE;
	return DEV_NONE;
}

int rootfs_mount(const void *archive, size_t size, const char *exe_path,
		 const char **why)
{
	static struct mount_ctx m;
	int r;

	*why = m.why;
	fs_root = inode_new(DIR_MODE);
	if (!fs_root)
		return -ENOMEM;
	fs_root->parent = fs_root;
	fs_cwd = fs_root;
	cpio_open(&m.rd, archive, size);
	while ((r = cpio_next(&m.rd, &m.e)) > 0) {
		if (add_entry(&m))
			return -EINVAL;
	}
	if (r < 0) {
		ksnprintf(m.why, sizeof(m.why), "%s", m.rd.why);
		return -EINVAL;
	}
	kfree(links); /* hard links pair up within one archive only */
	links = NULL;
	nlinks = links_cap = 0;
	if (add_specials(exe_path)) {
		ksnprintf(m.why, sizeof(m.why), "out of memory for /dev");
		return -ENOMEM;
	}
	return 0;
}

int vfs_lookup(const char *path, struct inode **out)
{
	size_t n = strnlen(path, PATH_MAX);

	if (n == PATH_MAX)
		return -ENAMETOOLONG;
	if (n == 0)
		return -ENOENT;
	return fs_walk(fs_root, path, n, WALK_FOLLOW, out);
}

const void *inode_data(const struct inode *ino, size_t *size)
{
	*size = S_ISREG(ino->mode) ? ino->size : 0;
	return S_ISREG(ino->mode) ? ino->data : NULL;
}

void rootfs_stats(size_t *files, size_t *dirs, size_t *bytes)
{
	*files = n_files;
	*dirs = n_dirs;
	*bytes = n_bytes;
}
