// SPDX-License-Identifier: MIT
// virtio_mmio.c: the virtio-mmio transport (version 1 legacy and version 2)
// and split virtqueues; finds devices and hands them to their drivers.

#define LOG_COMP "virtio"
#include <kiln/errno.h>
#include <kiln/irq.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/virtio.h>
#include <string.h>

#define RESET_SPINS 1000000 /* reads of Status while a reset settles */
#define CONFIG_TRIES 16 /* rereads while the configuration changes */
#define REGS_SIZE VIRTIO_MMIO_CONFIG

struct virtio_driver {
	uint32_t type;
	int (*attach)(struct virtio_dev *v);
};

static const struct virtio_driver drivers[] = {
	{ VIRTIO_ID_NET, virtio_net_attach },
};

static const struct {
	uint32_t type;
	const char *name;
} type_names[] = {
	{ VIRTIO_ID_NET, "net" },	  { VIRTIO_ID_BLOCK, "block" },
	{ VIRTIO_ID_CONSOLE, "console" }, { VIRTIO_ID_RNG, "entropy" },
	{ VIRTIO_ID_BALLOON, "balloon" }, { VIRTIO_ID_SCSI, "scsi" },
	{ VIRTIO_ID_9P, "9p" },		  { VIRTIO_ID_GPU, "gpu" },
	{ VIRTIO_ID_INPUT, "input" },	  { VIRTIO_ID_VSOCK, "vsock" },
	{ VIRTIO_ID_FS, "fs" },
};

/* TODO: move to arch MMIO accessors when the core gets them: KVM on arm64
 * cannot emulate a device load or store with writeback, and plain volatile
 * accesses only rely on the compiler not choosing one. */
uint32_t virtio_read(struct virtio_dev *v, unsigned off)
{
	return *(volatile uint32_t *)(v->regs + off);
}

void virtio_write(struct virtio_dev *v, unsigned off, uint32_t val)
{
	*(volatile uint32_t *)(v->regs + off) = val;
}

uint32_t virtio_status(struct virtio_dev *v)
{
	return virtio_read(v, VIRTIO_MMIO_STATUS);
}

static void status_set(struct virtio_dev *v, uint32_t bit)
{
	virtio_write(v, VIRTIO_MMIO_STATUS, virtio_status(v) | bit);
}

static void config_copy(struct virtio_dev *v, unsigned off, uint8_t *buf,
			size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = v->regs[VIRTIO_MMIO_CONFIG + off + i];
}

int virtio_config_read(struct virtio_dev *v, unsigned off, void *buf, size_t n)
{
	uint32_t gen;

	if (v->version == 1) {
		config_copy(v, off, buf, n);
		return 0;
	}
	for (int i = 0; i < CONFIG_TRIES; i++) {
		gen = virtio_read(v, VIRTIO_MMIO_CONFIG_GENERATION);
		config_copy(v, off, buf, n);
		if (virtio_read(v, VIRTIO_MMIO_CONFIG_GENERATION) == gen)
			return 0;
	}
	return -EIO;
}

/* Writing 0 resets the device; it reads back 0 once the reset is done. */
static int reset(struct virtio_dev *v)
{
	virtio_write(v, VIRTIO_MMIO_STATUS, 0);
	for (int i = 0; i < RESET_SPINS; i++)
		if (virtio_status(v) == 0)
			return 0;
	return -EIO;
}

static uint64_t device_features(struct virtio_dev *v)
{
	uint64_t f;

	virtio_write(v, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)virtio_read(v, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	virtio_write(v, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | virtio_read(v, VIRTIO_MMIO_DEVICE_FEATURES);
}

static void driver_features(struct virtio_dev *v, uint64_t f)
{
	virtio_write(v, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	virtio_write(v, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	virtio_write(v, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	virtio_write(v, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
}

int virtio_negotiate(struct virtio_dev *v, uint64_t want)
{
	uint64_t offered = device_features(v);

	if (v->version == 2) {
		if (!(offered & VIRTIO_F_VERSION_1)) {
			log_warn("%#lx: version 2 transport without "
				 "VIRTIO_F_VERSION_1",
				 (unsigned long)v->base);
			return -ENODEV;
		}
		want |= VIRTIO_F_VERSION_1;
	} else {
		want &= ~VIRTIO_F_VERSION_1;
	}
	v->features = offered & want;
	driver_features(v, v->features);
	log_debug("%#lx: features offered %#lx, accepted %#lx",
		  (unsigned long)v->base, (unsigned long)offered,
		  (unsigned long)v->features);

	if (v->version == 1) {
		virtio_write(v, VIRTIO_MMIO_GUEST_PAGE_SIZE, PAGE_SIZE);
		return 0;
	}
	status_set(v, VIRTIO_STATUS_FEATURES_OK);
	if (!(virtio_status(v) & VIRTIO_STATUS_FEATURES_OK)) {
		log_warn("%#lx: device refused features %#lx",
			 (unsigned long)v->base, (unsigned long)v->features);
		return -EIO;
	}
	return 0;
}

static size_t align_up(size_t x, size_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* The legacy layout, used for both versions: descriptors, the available
 * ring, then the used ring on the next page boundary. */
static size_t used_offset(uint16_t n)
{
	return align_up(sizeof(struct vring_desc) * n + 6 + 2 * n,
			VRING_LEGACY_ALIGN);
}

static size_t ring_pages(uint16_t n)
{
	size_t end = used_offset(n) + 6 + sizeof(struct vring_used_elem) * n;

	return align_up(end, PAGE_SIZE) / PAGE_SIZE;
}

/* Takes the largest power of two up to n whose rings fit in memory. */
static int ring_alloc(struct virtq *q, uint16_t n)
{
	uint16_t size = 1;
	uint8_t *mem;

	while (size <= n / 2)
		size *= 2;
	for (; size >= 2; size /= 2) {
		q->mem_pages = ring_pages(size);
		q->mem_pa = page_alloc(q->mem_pages);
		if (q->mem_pa)
			break;
	}
	if (!q->mem_pa)
		return -ENOMEM;

	mem = phys_to_virt(q->mem_pa);
	memset(mem, 0, q->mem_pages * PAGE_SIZE);
	q->size = size;
	q->desc = (struct vring_desc *)mem;
	q->avail = (struct vring_avail *)(mem + sizeof(*q->desc) * size);
	q->used = (struct vring_used *)(mem + used_offset(size));
	return 0;
}

static void write64(struct virtio_dev *v, unsigned lo, uint64_t val)
{
	virtio_write(v, lo, (uint32_t)val);
	virtio_write(v, lo + 4, (uint32_t)(val >> 32));
}

static int install(struct virtio_dev *v, struct virtq *q)
{
	uint64_t base = q->mem_pa;

	virtio_write(v, VIRTIO_MMIO_QUEUE_NUM, q->size);
	if (v->version == 1) {
		if ((base >> PAGE_SHIFT) > UINT32_MAX)
			return -ENOMEM;
		virtio_write(v, VIRTIO_MMIO_QUEUE_ALIGN, VRING_LEGACY_ALIGN);
		virtio_write(v, VIRTIO_MMIO_QUEUE_PFN,
			     (uint32_t)(base >> PAGE_SHIFT));
		return 0;
	}
	write64(v, VIRTIO_MMIO_QUEUE_DESC_LOW, base);
	write64(v, VIRTIO_MMIO_QUEUE_DRIVER_LOW,
		base + ((uint8_t *)q->avail - (uint8_t *)q->desc));
	write64(v, VIRTIO_MMIO_QUEUE_DEVICE_LOW,
		base + ((uint8_t *)q->used - (uint8_t *)q->desc));
	virtio_write(v, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

int virtq_setup(struct virtio_dev *v, struct virtq *q, uint16_t index,
		uint16_t max)
{
	unsigned in_use = v->version == 1 ? VIRTIO_MMIO_QUEUE_PFN
					  : VIRTIO_MMIO_QUEUE_READY;
	uint32_t nmax;
	int r;

	memset(q, 0, sizeof(*q));
	virtio_write(v, VIRTIO_MMIO_QUEUE_SEL, index);
	if (virtio_read(v, in_use))
		return -EBUSY;
	nmax = virtio_read(v, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (nmax == 0)
		return -ENODEV;
	r = ring_alloc(q, nmax < max ? (uint16_t)nmax : max);
	if (r)
		return r;

	q->dev = v;
	q->index = index;
	r = install(v, q);
	if (r) {
		page_free(q->mem_pa, q->mem_pages);
		q->mem_pa = 0;
	}
	return r;
}

int virtio_start(struct virtio_dev *v)
{
	uint32_t st;

	status_set(v, VIRTIO_STATUS_DRIVER_OK);
	st = virtio_status(v);
	if (st & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED) ||
	    !(st & VIRTIO_STATUS_DRIVER_OK)) {
		log_err("%#lx: device status %#x after DRIVER_OK",
			(unsigned long)v->base, st);
		return -EIO;
	}
	return 0;
}

void virtio_fail(struct virtio_dev *v, struct virtq *qs, int n)
{
	if (reset(v))
		log_warn("%#lx: reset did not complete",
			 (unsigned long)v->base);
	virtio_write(v, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED);
	for (int i = 0; i < n; i++) {
		if (qs[i].mem_pa)
			page_free(qs[i].mem_pa, qs[i].mem_pages);
		qs[i].mem_pa = 0;
	}
}

static void virtio_irq(void *arg)
{
	struct virtio_dev *v = arg;
	uint32_t st = virtio_read(v, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (st)
		virtio_write(v, VIRTIO_MMIO_INTERRUPT_ACK, st);
	v->events |= st;
}

void virtio_irq_enable(struct virtio_dev *v)
{
	int r = irq_register(v->irq, virtio_irq, v);

	v->irq_ok = r == 0;
	if (r)
		log_warn("%#lx: interrupt %d unavailable (%d); polling",
			 (unsigned long)v->base, v->irq, r);
}

uint32_t virtio_take_events(struct virtio_dev *v)
{
	uint32_t ev = v->events;

	v->events = 0;
	return ev;
}

static uint16_t load16(const uint16_t *p)
{
	return *(const volatile uint16_t *)p;
}

static void store16(uint16_t *p, uint16_t val)
{
	*(volatile uint16_t *)p = val;
}

void virtq_post(struct virtq *q, uint16_t head)
{
	store16(&q->avail->ring[q->avail_idx & (q->size - 1)], head);
	q->avail_idx++;
}

void virtq_kick(struct virtq *q)
{
	if (q->avail_idx == q->published)
		return;

	virtio_mb(); /* ring entries before the index that shows them */
	store16(&q->avail->idx, q->avail_idx);
	q->published = q->avail_idx;

	virtio_mb(); /* the index before reading the device's flag */
	if (!(load16(&q->used->flags) & VRING_USED_F_NO_NOTIFY))
		virtio_write(q->dev, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

bool virtq_has_used(struct virtq *q)
{
	return load16(&q->used->idx) != q->used_idx;
}

int virtq_next_used(struct virtq *q, uint32_t *len)
{
	uint16_t idx = load16(&q->used->idx);
	volatile struct vring_used_elem *e;
	uint32_t id;

	if (idx == q->used_idx)
		return -EAGAIN;
	if ((uint16_t)(idx - q->used_idx) > q->size)
		return -EIO;

	virtio_mb(); /* the index before the entry it covers */
	e = &q->used->ring[q->used_idx & (q->size - 1)];
	id = e->id;
	*len = e->len;
	q->used_idx++;
	return id < q->size ? (int)id : -EIO;
}

void virtq_interrupts(struct virtq *q, bool on)
{
	store16(&q->avail->flags, on ? 0 : VRING_AVAIL_F_NO_INTERRUPT);
	virtio_mb();
}

static const char *type_name(uint32_t type)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(*type_names); i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	return "unknown";
}

static const struct virtio_driver *driver_for(uint32_t type)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(*drivers); i++)
		if (drivers[i].type == type)
			return &drivers[i];
	return NULL;
}

/* Resets the device and announces a driver; then the driver takes over. */
static void attach(struct virtio_dev *v, const struct virtio_driver *drv)
{
	int r = reset(v);

	if (r) {
		log_warn("%#lx: reset did not complete; skipped",
			 (unsigned long)v->base);
		kfree(v);
		return;
	}
	status_set(v, VIRTIO_STATUS_ACKNOWLEDGE);
	status_set(v, VIRTIO_STATUS_DRIVER);
	r = drv->attach(v);
	if (r) {
		log_warn("%#lx: %s device not started (%d)",
			 (unsigned long)v->base, type_name(v->type), r);
		kfree(v);
	}
}

/* Returns false for an empty slot. */
static bool probe_slot(const struct mmio_slot *s, volatile uint8_t *regs)
{
	struct virtio_dev tmp = { .regs = regs, .base = s->base };
	const struct virtio_driver *drv;
	uint32_t magic = virtio_read(&tmp, VIRTIO_MMIO_MAGIC);
	uint32_t version = virtio_read(&tmp, VIRTIO_MMIO_VERSION);
	uint32_t type = virtio_read(&tmp, VIRTIO_MMIO_DEVICE_ID);
	struct virtio_dev *v;

	if (magic != VIRTIO_MMIO_MAGIC_VALUE || version < 1 || version > 2) {
		log_warn("%#lx: not a virtio-mmio device (magic %#x, version "
			 "%u)",
			 (unsigned long)s->base, magic, version);
		return true;
	}
	if (type == 0)
		return false;

	drv = driver_for(type);
	log_info("%#lx: virtio-mmio v%u irq %d: %s (type %u)%s",
		 (unsigned long)s->base, version, s->irq, type_name(type), type,
		 drv ? "" : ", no driver; skipped");
	if (!drv)
		return true;

	v = kzalloc(sizeof(*v));
	if (!v) {
		log_warn("%#lx: out of memory", (unsigned long)s->base);
		return true;
	}
	*v = tmp;
	v->irq = s->irq;
	v->version = (int)version;
	v->type = type;
	attach(v, drv);
	return true;
}

/*
 * Platforms pack their slots into a few pages (0x200 bytes each) and the
 * kernel has room for few device mappings, so slots are mapped as runs of
 * neighbouring pages, one mapping per run.
 */
struct run {
	uint64_t start, end;
	volatile uint8_t *va;
};

static int add_run(struct run *runs, int n, uint64_t start, uint64_t end)
{
	for (int i = 0; i < n; i++) {
		if (start <= runs[i].end && end >= runs[i].start) {
			if (start < runs[i].start)
				runs[i].start = start;
			if (end > runs[i].end)
				runs[i].end = end;
			return n;
		}
	}
	runs[n].start = start;
	runs[n].end = end;
	return n + 1;
}

static int plan_runs(const struct boot_info *bi, struct run *runs)
{
	int n = 0;

	for (int i = 0; i < bi->nvirtio; i++) {
		const struct mmio_slot *s = &bi->virtio[i];

		n = add_run(runs, n, s->base & ~(PAGE_SIZE - 1),
			    align_up(s->base + s->size, PAGE_SIZE));
	}
	/* A slot may have joined two runs apart at first: merge again. */
	for (int pass = 0; pass < n; pass++) {
		int m = 0;

		for (int i = 0; i < n; i++)
			m = add_run(runs, m, runs[i].start, runs[i].end);
		if (m == n)
			break;
		n = m;
	}
	return n;
}

static volatile uint8_t *slot_regs(const struct run *runs, int n,
				   const struct mmio_slot *s)
{
	for (int i = 0; i < n; i++)
		if (s->base >= runs[i].start && s->base < runs[i].end)
			return runs[i].va + (s->base - runs[i].start);
	return NULL;
}

void virtio_probe(struct boot_info *bi)
{
	struct run runs[BOOT_MAX_VIRTIO];
	int n = plan_runs(bi, runs), empty = 0;

	for (int i = 0; i < n; i++)
		runs[i].va = vm_map_device(runs[i].start,
					   runs[i].end - runs[i].start);
	for (int i = 0; i < bi->nvirtio; i++) {
		const struct mmio_slot *s = &bi->virtio[i];

		if (s->size < REGS_SIZE) {
			log_warn("%#lx: slot of %#lx bytes is too small",
				 (unsigned long)s->base,
				 (unsigned long)s->size);
			continue;
		}
		if (!probe_slot(s, slot_regs(runs, n, s)))
			empty++;
	}
	if (empty)
		log_debug("%d empty virtio-mmio slots", empty);
}
