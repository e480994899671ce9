/* SPDX-License-Identifier: MIT */
/*
 * virtio.h: the virtio-mmio transport (virtio_mmio.c) as its device
 * drivers see it: device setup, split virtqueues and interrupts.
 */
#ifndef KILN_VIRTIO_H
#define KILN_VIRTIO_H

#include <kiln/boot.h>
#include <kiln/virtio_regs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct virtio_dev {
	volatile uint8_t *regs;
	uint64_t base; /* physical, for the log */
	int irq;
	int version; /* 1 legacy, 2 modern */
	uint32_t type; /* VIRTIO_ID_* */
	uint64_t features; /* negotiated */
	/* InterruptStatus bits seen by the interrupt handler, for the
	 * driver's poller to take with virtio_take_events(). */
	volatile uint32_t events;
	bool irq_ok; /* false: no interrupt, the driver must poll */
};

/* A split virtqueue. Indices are free-running 16-bit counters; the ring
 * slot is the index modulo size (a power of two). */
struct virtq {
	struct virtio_dev *dev;
	uint16_t index; /* queue number on the device */
	uint16_t size;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t avail_idx; /* next available entry we write */
	uint16_t published; /* avail_idx as the device last saw it */
	uint16_t used_idx; /* next used entry we read */
	uint64_t mem_pa;
	size_t mem_pages;
};

/* Called by kmain once interrupts work: finds and starts every device. */
void virtio_probe(struct boot_info *bi);

/* Register access. */
uint32_t virtio_read(struct virtio_dev *v, unsigned off);
void virtio_write(struct virtio_dev *v, unsigned off, uint32_t val);
/* Copies n bytes of device configuration from off, consistently (the
 * generation counter on version 2). 0 or -EIO. */
int virtio_config_read(struct virtio_dev *v, unsigned off, void *buf, size_t n);
uint32_t virtio_status(struct virtio_dev *v);

/* Setup, in this order: virtio_negotiate(), virtq_setup() for each queue,
 * virtio_start(). On any error the driver calls virtio_fail(). */
/* Accepts the features in want that the device offers (VERSION_1 is added
 * on version 2); the result is in v->features. 0, -ENODEV or -EIO. */
int virtio_negotiate(struct virtio_dev *v, uint64_t want);
/* Allocates and installs queue index with at most max entries. 0 or
 * -ENODEV, -ENOMEM, -EBUSY. */
int virtq_setup(struct virtio_dev *v, struct virtq *q, uint16_t index,
		uint16_t max);
/* Sets DRIVER_OK and checks the device took it. 0 or -EIO. */
int virtio_start(struct virtio_dev *v);
/* Resets the device, marks it FAILED and frees the queues given (count
 * n, qs may be NULL). */
void virtio_fail(struct virtio_dev *v, struct virtq *qs, int n);
/* Registers the transport's interrupt handler; sets v->irq_ok. */
void virtio_irq_enable(struct virtio_dev *v);
/* Returns and clears the events the interrupt handler saw. */
uint32_t virtio_take_events(struct virtio_dev *v);

/* Queue operations. */
/* Offers the chain starting at descriptor head; invisible to the device
 * until virtq_kick(). */
void virtq_post(struct virtq *q, uint16_t head);
/* Publishes posted chains and notifies the device unless it said it is
 * busy anyway. */
void virtq_kick(struct virtq *q);
/* The next chain the device has finished with: its head, and the bytes
 * written in *len. -EAGAIN when none; -EIO if the device broke the ring. */
int virtq_next_used(struct virtq *q, uint32_t *len);
bool virtq_has_used(struct virtq *q);
/* Asks the device for (or spares us) interrupts for this queue. */
void virtq_interrupts(struct virtq *q, bool on);

/* Memory barrier for rings shared with the device. */
static inline void virtio_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Device drivers. */
int virtio_net_attach(struct virtio_dev *v);

#endif
