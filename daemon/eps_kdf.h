/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TS 33.220 B.2 key derivation function (HMAC-SHA-256 over
 * FC || P0 || L0 || ... || Pn || Ln) and its EPS use for K_ASME
 * (TS 33.401 A.2), with the serving network identity it takes.
 */
#ifndef NASSECD_EPS_KDF_H
#define NASSECD_EPS_KDF_H

#include <stddef.h>
#include <stdint.h>

#define KDF_OUT_LEN	32
#define KDF_SN_ID_LEN	3
#define KDF_SQN_XOR_AK_LEN 6
#define KDF_FC_KASME	0x10	/* TS 33.401 A.2 */
#define KDF_HASH_MME_LEN 8	/* TS 24.301 9.9.3.50 */
#define KDF_FC_KENB	0x11	/* TS 33.401 A.3 */
#define KDF_FC_NAS_KEY	0x15	/* TS 33.401 A.7 */
#define KDF_NAS_ENC	0x01	/* A.7 algorithm type distinguishers */
#define KDF_NAS_INT	0x02
#define KDF_NAS_KEY_LEN	16

struct kdf_param {
	const uint8_t *data;
	uint16_t len;		/* Li: two octets, big-endian, in S */
};

/*
 * out = HMAC-SHA-256(key, FC || P0 || L0 || ...). Returns 0, -EINVAL when
 * the string would exceed its bound, or -EIO when OpenSSL fails.
 */
int kdf_derive(const uint8_t *key, size_t key_len, uint8_t fc,
	       const struct kdf_param *p, unsigned int np, uint8_t out[KDF_OUT_LEN]);

/*
 * The serving network identity for K_ASME (TS 33.401 A.2: MCC and MNC
 * coded as the PLMN identity of TS 24.008 10.5.1.13, so a two-digit MNC
 * has its third digit as 0xF). mcc: 3 decimal digits; mnc: 2 or 3.
 * Returns 0 or -EINVAL.
 */
int kdf_sn_id(const char *mcc, const char *mnc, uint8_t sn_id[KDF_SN_ID_LEN]);

/*
 * TS 33.401 A.2: K_ASME = KDF(CK || IK, FC = 0x10, P0 = SN id,
 * P1 = SQN xor AK). Returns 0 or -EIO.
 */
int kdf_kasme(const uint8_t ck[16], const uint8_t ik[16],
	      const uint8_t sn_id[KDF_SN_ID_LEN],
	      const uint8_t sqn_xor_ak[KDF_SQN_XOR_AK_LEN], uint8_t kasme[KDF_OUT_LEN]);

/*
 * TS 33.401 Annex I: HASH_MME over a whole NAS message as received (the
 * UE's HASH_UE over the one it sent): the TS 33.220 B.2 KDF keyed with
 * 256 zero bits and the message as S, without an FC octet; the 64 least
 * significant bits of the output. Returns 0 or -EIO.
 */
int kdf_hash_mme(const uint8_t *msg, size_t len, uint8_t hash[KDF_HASH_MME_LEN]);

/*
 * TS 33.401 A.7: K_NASint and K_NASenc, each the 128 least significant
 * bits of KDF(K_ASME, FC = 0x15, P0 = distinguisher, P1 = algorithm id).
 * Used only where the daemon keeps NAS security itself (nas_sec_soft.c);
 * nassec.ko derives its own. Returns 0 or -EIO.
 */
int kdf_nas_keys(const uint8_t kasme[KDF_OUT_LEN], uint8_t eia, uint8_t eea,
		 uint8_t k_int[KDF_NAS_KEY_LEN], uint8_t k_enc[KDF_NAS_KEY_LEN]);

/* TS 33.401 A.3: KeNB = KDF(K_ASME, FC = 0x11, P0 = uplink NAS COUNT). */
int kdf_kenb(const uint8_t kasme[KDF_OUT_LEN], uint32_t ul_count,
	     uint8_t kenb[KDF_OUT_LEN]);

#endif /* NASSECD_EPS_KDF_H */
