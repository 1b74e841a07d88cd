/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TS 33.401 Annex A key derivations on the kernel's hmac(sha256): the
 * generic KDF of TS 33.220 B.2 keyed with KASME. Process context only.
 */
#ifndef NASSEC_KDF_H
#define NASSEC_KDF_H

#include <linux/types.h>
#include <linux/nassec.h>

/* TS 33.401 A.7: algorithm type distinguishers. */
#define NASSEC_KDF_NAS_ENC	0x01
#define NASSEC_KDF_NAS_INT	0x02

int nassec_kdf_init(void);
void nassec_kdf_exit(void);

/* A.7: K_NASenc or K_NASint, the 128 least significant bits of the output. */
int nassec_kdf_nas_key(const u8 kasme[NASSEC_KASME_LEN], u8 alg_type,
		       u8 alg_id, u8 key[NASSEC_KEY_LEN]);
/* Both NAS keys of a slot with one HMAC key setup. */
int nassec_kdf_nas_keys(const u8 kasme[NASSEC_KASME_LEN], u8 eia, u8 eea,
			u8 k_int[NASSEC_KEY_LEN], u8 k_enc[NASSEC_KEY_LEN]);
/* A.3: KeNB from the uplink NAS COUNT. */
int nassec_kdf_kenb(const u8 kasme[NASSEC_KASME_LEN], u32 ul_count,
		    u8 kenb[NASSEC_KENB_LEN]);
/* A.4: NH from the SYNC-input (KeNB for the first NH, else the previous NH). */
int nassec_kdf_nh(const u8 kasme[NASSEC_KASME_LEN],
		  const u8 sync_input[NASSEC_NH_LEN], u8 nh[NASSEC_NH_LEN]);

#endif /* NASSEC_KDF_H */
