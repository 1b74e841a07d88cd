/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SNOW 3G and ZUC on the kernel crypto API, and the one IV / MAC-input
 * convention every LTE algorithm of the module uses (TS 33.401 B.1.3, B.2.3:
 * the 128-EEA2 counter block and the 128-EIA2 CMAC input):
 *
 *   cipher IV (16 octets)  COUNT(32) | BEARER(5) | DIRECTION(1) | 0^90
 *   MAC input              COUNT(32) | BEARER(5) | DIRECTION(1) | 0^26 | message
 *
 * snow3g-uea2 / zuc-eea3 read COUNT, BEARER and DIRECTION from the IV and
 * ignore its zero bits; a request always starts at the first keystream
 * octet, so one request is one whole message (the IV is not advanced).
 * snow3g-uia2 / zuc-eia3 take those 8 octets as the start of the hashed
 * data (split across updates at will) and MAC only what follows; fewer than
 * 8 octets at final() is -EINVAL. Digests are the 32-bit MAC, big endian.
 */
#ifndef NASSEC_ALGS_H
#define NASSEC_ALGS_H

#include <linux/string.h>
#include <linux/types.h>
#include <asm/unaligned.h>

#define NASSEC_LTE_KEY_SIZE	16
#define NASSEC_LTE_IV_SIZE	16
#define NASSEC_LTE_MAC_PREFIX	8
#define NASSEC_LTE_MAC_SIZE	4

static inline void nassec_lte_put_params(u8 *p, u32 count, u8 bearer, u8 dir)
{
	put_unaligned_be32(count, p);
	p[4] = (bearer & 0x1f) << 3 | (dir & 1) << 2;
	memset(p + 5, 0, 3);
}

static inline void nassec_lte_get_params(const u8 *p, u32 *count, u8 *bearer,
					 u8 *dir)
{
	*count = get_unaligned_be32(p);
	*bearer = p[4] >> 3;
	*dir = (p[4] >> 2) & 1;
}

/* The 16-octet IV: the 8 parameter octets, then zeros. */
static inline void nassec_lte_iv(u8 iv[NASSEC_LTE_IV_SIZE], u32 count,
				 u8 bearer, u8 dir)
{
	nassec_lte_put_params(iv, count, bearer, dir);
	memset(iv + NASSEC_LTE_MAC_PREFIX, 0,
	       NASSEC_LTE_IV_SIZE - NASSEC_LTE_MAC_PREFIX);
}

int nassec_algs_register(void);
void nassec_algs_unregister(void);

#endif /* NASSEC_ALGS_H */
