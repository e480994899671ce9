/* SPDX-License-Identifier: MIT */
/*
 * virtio_regs.h: virtio wire formats: the virtio-mmio register block
 * (version 1 legacy and version 2), status and feature bits, split
 * virtqueue rings and the virtio-net header. All little-endian.
 */
#ifndef KILN_VIRTIO_REGS_H
#define KILN_VIRTIO_REGS_H

#include <stdint.h>

/* virtio-mmio registers, byte offsets; all 32 bits wide. */
#define VIRTIO_MMIO_MAGIC 0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION 0x004 /* 1 legacy, 2 modern */
#define VIRTIO_MMIO_DEVICE_ID 0x008 /* 0: no device in this slot */
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE 0x028 /* version 1 only */
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_ALIGN 0x03c /* version 1 only */
#define VIRTIO_MMIO_QUEUE_PFN 0x040 /* version 1 only */
#define VIRTIO_MMIO_QUEUE_READY 0x044 /* version 2 only */
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080 /* version 2 from here on */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100 /* device-specific configuration */

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976u

/* InterruptStatus bits. */
#define VIRTIO_INT_USED 1u /* a used ring was updated */
#define VIRTIO_INT_CONFIG 2u /* configuration or status changed */

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* Device types. */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4
#define VIRTIO_ID_BALLOON 5
#define VIRTIO_ID_SCSI 8
#define VIRTIO_ID_9P 9
#define VIRTIO_ID_GPU 16
#define VIRTIO_ID_INPUT 18
#define VIRTIO_ID_VSOCK 19
#define VIRTIO_ID_FS 26

/* Transport feature bits. */
#define VIRTIO_F_ANY_LAYOUT (1ull << 27) /* legacy only */
#define VIRTIO_F_VERSION_1 (1ull << 32)

/* Split virtqueue. The legacy layout keeps the used ring on its own
 * page boundary after the descriptors and the available ring. */
#define VRING_LEGACY_ALIGN 4096u

#define VRING_DESC_F_NEXT 1u
#define VRING_DESC_F_WRITE 2u /* device writes this buffer */

#define VRING_AVAIL_F_NO_INTERRUPT 1u
#define VRING_USED_F_NO_NOTIFY 1u

struct vring_desc {
	uint64_t addr; /* physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* followed by used_event (unused by kiln) */
};

struct vring_used_elem {
	uint32_t id; /* head descriptor of the chain */
	uint32_t len; /* bytes the device wrote */
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[]; /* followed by avail_event */
};

/* virtio-net. */
#define VIRTIO_NET_F_MTU (1ull << 3)
#define VIRTIO_NET_F_MAC (1ull << 5)
#define VIRTIO_NET_F_MRG_RXBUF (1ull << 15)
#define VIRTIO_NET_F_STATUS (1ull << 16)

#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

/* Configuration space. */
#define VIRTIO_NET_CFG_MAC 0
#define VIRTIO_NET_CFG_STATUS 6
#define VIRTIO_NET_S_LINK_UP 1u

/* Header before every frame: 10 bytes on legacy devices without
 * MRG_RXBUF, 12 (with num_buffers) whenever VERSION_1 is accepted. */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

#define VIRTIO_NET_HDR_LEGACY 10u
#define VIRTIO_NET_HDR_MODERN 12u

#endif
