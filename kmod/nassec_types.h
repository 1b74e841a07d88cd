/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one header the freestanding cores (snow3g, zuc, nas, s1ap) include.
 * The same sources build into nassec.ko and, on the host, into unit tests,
 * fuzzers and benchmarks, so nothing here may depend on either world.
 */
#ifndef NASSEC_TYPES_H
#define NASSEC_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>

#define nassec_wipe(p, n) memzero_explicit(p, n)
#else
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

/* memzero_explicit: the empty asm keeps the compiler from dropping the memset. */
static inline void nassec_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/*
 * Kernel spellings the freestanding code uses (compiler_attributes.h);
 * __always_inline comes from glibc's <sys/cdefs.h>.
 */
#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif
#endif

static inline u32 nassec_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline void nassec_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline u32 nassec_rol32(u32 v, unsigned int n)
{
	return (v << (n & 31)) | (v >> ((32 - n) & 31));
}

#endif /* NASSEC_TYPES_H */
