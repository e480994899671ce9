// SPDX-License-Identifier: MIT
// random.c: ChaCha20 keystream as the kernel's random generator, rekeyed
// after every request so earlier output cannot be recomputed.

#define LOG_COMP "random"
#include <kiln/arch.h>
#include <kiln/log.h>
#include <kiln/random.h>
#include <stdint.h>
#include <string.h>

static uint32_t key[8];
static uint64_t counter;

#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)           \
	do {                     \
		a += b;          \
		d ^= a;          \
		d = ROTL(d, 16); \
		c += d;          \
		b ^= c;          \
		b = ROTL(b, 12); \
		a += b;          \
		d ^= a;          \
		d = ROTL(d, 8);  \
		c += d;          \
		b ^= c;          \
		b = ROTL(b, 7);  \
	} while (0)

static void chacha_block(uint32_t out[16])
{
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint32_t x[16];

	memcpy(&in[4], key, sizeof(key));
	in[12] = (uint32_t)counter;
	in[13] = (uint32_t)(counter >> 32);
	counter++;
	memcpy(x, in, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + in[i];
}

static void rekey(void)
{
	uint32_t b[16];

	chacha_block(b);
	memcpy(key, b, sizeof(key));
	memset(b, 0, sizeof(b));
}

void random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;
	uint32_t b[16];

	while (n) {
		size_t k = n < sizeof(b) ? n : sizeof(b);

		chacha_block(b);
		memcpy(p, b, k);
		p += k;
		n -= k;
	}
	memset(b, 0, sizeof(b));
	rekey();
}

void random_init(void)
{
	int hw = 0;

	for (int i = 0; i < 8; i++) {
		uint64_t v;

		if (arch_hw_random(&v)) {
			key[i] ^= (uint32_t)v ^ (uint32_t)(v >> 32);
			hw++;
		}
	}
	/* Counter jitter: weak alone, so it is mixed in, never trusted. */
	for (int i = 0; i < 64; i++) {
		uint64_t t = arch_counter();

		key[i % 8] =
			ROTL(key[i % 8], 5) ^ (uint32_t)t ^ (uint32_t)(t >> 32);
		rekey();
	}
	if (hw)
		log_info("seeded from the CPU's random instruction");
	else
		log_warn(
			"no hardware entropy; seeded from counter jitter only");
}
