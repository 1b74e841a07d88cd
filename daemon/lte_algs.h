/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LTE NAS algorithms of TS 33.401 Annex B in userspace, for the daemon
 * when it does NAS security itself (nas_sec_soft.c): 128-EEA1/EIA1 and
 * 128-EEA3/EIA3 on the project's own SNOW 3G and ZUC cores (kmod/snow3g.c,
 * kmod/zuc.c, compiled here unchanged), 128-EEA2/EIA2 on OpenSSL's AES.
 * Lengths are in bits, as the 3GPP test sets give them; NAS messages are
 * whole octets. Not ipsec-mb: that is the test UE's crypto, kept apart so
 * that a mistake shared by both sides cannot pass unseen.
 */
#ifndef NASSECD_LTE_ALGS_H
#define NASSECD_LTE_ALGS_H

#include <stdint.h>

#define LTE_KEY_LEN	16
#define LTE_MAC_LEN	4

/* OpenSSL contexts, made once: keying per call is one AES key expansion. */
struct lte_algs;

int lte_algs_open(struct lte_algs **out);
void lte_algs_close(struct lte_algs *a);

/*
 * 128-EIAx (alg 1..3) over the first bits bits of msg; mac gets the 32-bit
 * MAC as sent (big endian). EIA0 (alg 0) gives zeros (TS 33.401 B.2.0).
 * 0, -EINVAL (unknown alg, bearer > 31, dir > 1) or -EIO (OpenSSL).
 */
int lte_eia(struct lte_algs *a, uint8_t alg, const uint8_t key[LTE_KEY_LEN],
	    uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *msg,
	    uint64_t bits, uint8_t mac[LTE_MAC_LEN]);

/*
 * 128-EEAx in place over the first bits bits of buf (ceil(bits/8) octets;
 * the unused bits of the last octet come out zero). EEA0 leaves buf alone.
 * 0, -EINVAL or -EIO.
 */
int lte_eea(struct lte_algs *a, uint8_t alg, const uint8_t key[LTE_KEY_LEN],
	    uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *buf, uint32_t bits);

#endif /* NASSECD_LTE_ALGS_H */
