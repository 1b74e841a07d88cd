/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NAS ciphering and integrity (TS 33.401 Annex B) for the rest of the
 * module: one call per NAS PDU, on the crypto API so that accelerators and
 * AES-NI serve the algorithms. The tfms live in a small pool of sets shared
 * by all callers (a per-UE context holds only keys and algorithm ids); each
 * call takes a set, sets the key, runs one request and waits for it.
 *
 * Rules for callers:
 * - process context: the calls sleep (set mutex, async completion);
 * - buf / data must be in the kernel's linear mapping (kmalloc, the page
 *   allocator, skb linear data): a driver may DMA from it through a
 *   scatterlist. Never the stack or vmalloc memory: with CONFIG_VMAP_STACK
 *   (Debian) both are refused with -EFAULT and a one-time warning;
 * - key may be anywhere: it is only read by the CPU;
 * - alg is the 3GPP algorithm identity (enum nassec_alg); another
 *   value, bearer > 31 or dir > 1 is -EINVAL.
 *
 * Key material: the key is copied only into the pooled tfm for the call
 * and replaced by zeroes before the set goes back (the crypto API frees tfm
 * contexts with kfree_sensitive()). nassec's own SNOW 3G and ZUC run on
 * state on the caller's stack, wiped after each call.
 */
#ifndef NASSEC_NAS_CRYPTO_H
#define NASSEC_NAS_CRYPTO_H

#include <linux/types.h>
#include <linux/nassec.h>

/* alg is enum nassec_alg: the 3GPP identities NASSEC_ALG_NULL..MAX. */
#define NASSEC_NAS_ALG_COUNT	(NASSEC_ALG_MAX + 1)

/*
 * 128-EEAx in place over len octets of buf. EEA0 leaves buf alone.
 * Encryption and decryption are the same operation. 0 or -errno.
 */
int nassec_nas_cipher(u8 alg, const u8 key[16], u32 count, u8 bearer, u8 dir,
		      u8 *buf, unsigned int len);

/*
 * 128-EIAx over len octets of data; mac gets the 32-bit NAS MAC as sent on
 * the wire (big endian). EIA0 gives four zero octets (TS 33.401 B.0).
 * 0 or -errno; mac is undefined on error.
 */
int nassec_nas_mac(u8 alg, const u8 key[16], u32 count, u8 bearer, u8 dir,
		   const u8 *data, unsigned int len, u8 mac[4]);

/* The spec name of an algorithm for log lines: "128-EEA2", "128-EIA3". */
const char *nassec_nas_alg_name(u8 alg, bool integrity);

int nassec_nas_crypto_init(void);
void nassec_nas_crypto_exit(void);

#endif /* NASSEC_NAS_CRYPTO_H */
