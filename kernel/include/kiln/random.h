/* SPDX-License-Identifier: MIT */
/* random.h: the kernel's ChaCha20 generator (getrandom, AT_RANDOM). */
#ifndef KILN_RANDOM_H
#define KILN_RANDOM_H

#include <stddef.h>

/* Seeds from the CPU's generator where there is one, and counter jitter;
 * logs which. */
void random_init(void);
void random_bytes(void *buf, size_t n);

#endif
