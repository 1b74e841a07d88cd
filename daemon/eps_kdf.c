// SPDX-License-Identifier: GPL-2.0
/* TS 33.220 B.2 KDF on OpenSSL's HMAC-SHA-256; the K_ASME use of TS 33.401 A.2. */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "eps_kdf.h"

/* Bounds S to what the EPS derivations need (K_ASME's S is 14 octets). */
#define KDF_S_MAX 256

int kdf_derive(const uint8_t *key, size_t key_len, uint8_t fc,
	       const struct kdf_param *p, unsigned int np, uint8_t out[KDF_OUT_LEN])
{
	uint8_t s[KDF_S_MAX];
	unsigned int i, md_len = 0;
	size_t n = 0;
	int err = 0;

	s[n++] = fc;
	for (i = 0; i < np; i++) {
		if (n + p[i].len + 2 > sizeof(s))
			return -EINVAL;
		memcpy(s + n, p[i].data, p[i].len);
		n += p[i].len;
		s[n++] = p[i].len >> 8;
		s[n++] = p[i].len & 0xff;
	}
	if (!HMAC(EVP_sha256(), key, (int)key_len, s, n, out, &md_len) ||
	    md_len != KDF_OUT_LEN)
		err = -EIO;
	/* S carries SQN xor AK and, for other FCs, COUNTs: not secret, but cheap. */
	OPENSSL_cleanse(s, sizeof(s));
	return err;
}

static int digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

int kdf_sn_id(const char *mcc, const char *mnc, uint8_t sn_id[KDF_SN_ID_LEN])
{
	int m1, m2, m3, n1, n2, n3;
	size_t mnc_len;

	if (!mcc || !mnc || strlen(mcc) != 3)
		return -EINVAL;
	mnc_len = strlen(mnc);
	if (mnc_len != 2 && mnc_len != 3)
		return -EINVAL;
	m1 = digit(mcc[0]);
	m2 = digit(mcc[1]);
	m3 = digit(mcc[2]);
	n1 = digit(mnc[0]);
	n2 = digit(mnc[1]);
	n3 = mnc_len == 3 ? digit(mnc[2]) : 0xf;
	if (m1 < 0 || m2 < 0 || m3 < 0 || n1 < 0 || n2 < 0 || n3 < 0)
		return -EINVAL;
	/* TS 24.008 10.5.1.13: MCC2|MCC1, MNC3|MCC3, MNC2|MNC1 (high|low nibble). */
	sn_id[0] = m2 << 4 | m1;
	sn_id[1] = n3 << 4 | m3;
	sn_id[2] = n2 << 4 | n1;
	return 0;
}

int kdf_kasme(const uint8_t ck[16], const uint8_t ik[16],
	      const uint8_t sn_id[KDF_SN_ID_LEN],
	      const uint8_t sqn_xor_ak[KDF_SQN_XOR_AK_LEN], uint8_t kasme[KDF_OUT_LEN])
{
	const struct kdf_param p[2] = {
		{ sn_id, KDF_SN_ID_LEN },
		{ sqn_xor_ak, KDF_SQN_XOR_AK_LEN },
	};
	uint8_t key[32];
	int err;

	/* TS 33.401 A.2: the key is CK || IK. */
	memcpy(key, ck, 16);
	memcpy(key + 16, ik, 16);
	err = kdf_derive(key, sizeof(key), KDF_FC_KASME, p, 2, kasme);
	OPENSSL_cleanse(key, sizeof(key));
	return err;
}

int kdf_hash_mme(const uint8_t *msg, size_t len, uint8_t hash[KDF_HASH_MME_LEN])
{
	static const uint8_t zero_key[32];
	uint8_t out[KDF_OUT_LEN];
	unsigned int md_len = 0;

	if (!HMAC(EVP_sha256(), zero_key, sizeof(zero_key), msg, len, out, &md_len) ||
	    md_len != KDF_OUT_LEN)
		return -EIO;
	memcpy(hash, out + KDF_OUT_LEN - KDF_HASH_MME_LEN, KDF_HASH_MME_LEN);
	return 0;
}

static int nas_key(const uint8_t kasme[KDF_OUT_LEN], uint8_t type, uint8_t alg,
		   uint8_t key[KDF_NAS_KEY_LEN])
{
	const struct kdf_param p[2] = { { &type, 1 }, { &alg, 1 } };
	uint8_t out[KDF_OUT_LEN];
	int err = kdf_derive(kasme, KDF_OUT_LEN, KDF_FC_NAS_KEY, p, 2, out);

	if (!err)
		memcpy(key, out + KDF_OUT_LEN - KDF_NAS_KEY_LEN, KDF_NAS_KEY_LEN);
	OPENSSL_cleanse(out, sizeof(out));
	return err;
}

int kdf_nas_keys(const uint8_t kasme[KDF_OUT_LEN], uint8_t eia, uint8_t eea,
		 uint8_t k_int[KDF_NAS_KEY_LEN], uint8_t k_enc[KDF_NAS_KEY_LEN])
{
	int err = nas_key(kasme, KDF_NAS_INT, eia, k_int);

	if (!err)
		err = nas_key(kasme, KDF_NAS_ENC, eea, k_enc);
	if (err) {
		OPENSSL_cleanse(k_int, KDF_NAS_KEY_LEN);
		OPENSSL_cleanse(k_enc, KDF_NAS_KEY_LEN);
	}
	return err;
}

int kdf_kenb(const uint8_t kasme[KDF_OUT_LEN], uint32_t ul_count, uint8_t kenb[KDF_OUT_LEN])
{
	const uint8_t count[4] = { ul_count >> 24, ul_count >> 16, ul_count >> 8, ul_count };
	const struct kdf_param p = { count, sizeof(count) };

	return kdf_derive(kasme, KDF_OUT_LEN, KDF_FC_KENB, &p, 1, kenb);
}
