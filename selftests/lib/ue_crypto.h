/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UE side of the kselftests: NAS keys, MACs and ciphering computed in
 * userspace with implementations independent of the module's (OpenSSL for
 * HMAC-SHA-256 and AES, Intel ipsec-mb for SNOW 3G and ZUC). Header-only;
 * link -lIPSec_MB -lcrypto.
 */
#ifndef NASSEC_UE_CRYPTO_H
#define NASSEC_UE_CRYPTO_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <intel-ipsec-mb.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

/* TS 33.220 B.2 with TS 33.401 A.3/A.4/A.7 inputs: HMAC-SHA-256 keyed by KASME. */
static inline void ue_kdf(const uint8_t kasme[32], const uint8_t *s,
			  size_t s_len, uint8_t out[32])
{
	unsigned int len = 32;

	HMAC(EVP_sha256(), kasme, 32, s, s_len, out, &len);
}

/* A.7: type 1 = NAS-enc, 2 = NAS-int; the 128 least significant bits. */
static inline void ue_nas_key(const uint8_t kasme[32], uint8_t type,
			      uint8_t alg, uint8_t key[16])
{
	uint8_t s[7] = { 0x15, type, 0x00, 0x01, alg, 0x00, 0x01 };
	uint8_t out[32];

	ue_kdf(kasme, s, sizeof(s), out);
	memcpy(key, out + 16, 16);
}

/* A.3 */
static inline void ue_kenb(const uint8_t kasme[32], uint32_t count,
			   uint8_t kenb[32])
{
	uint8_t s[7] = { 0x11, count >> 24, count >> 16, count >> 8, count,
			 0x00, 0x04 };

	ue_kdf(kasme, s, sizeof(s), kenb);
}

/* A.4 */
static inline void ue_nh(const uint8_t kasme[32], const uint8_t sync[32],
			 uint8_t nh[32])
{
	uint8_t s[35];

	s[0] = 0x12;
	memcpy(s + 1, sync, 32);
	s[33] = 0x00;
	s[34] = 0x20;
	ue_kdf(kasme, s, sizeof(s), nh);
}

static inline IMB_MGR *ue_mb(void)
{
	static IMB_MGR *mgr;

	if (!mgr) {
		mgr = alloc_mb_mgr(0);
		if (mgr)
			init_mb_mgr_auto(mgr, NULL);
	}
	return mgr;
}

/* TS 33.401 B.1.3: the EEA2 counter block; B.2.3: the EIA2 prefix. */
static inline void ue_params(uint8_t p[16], uint32_t count, uint8_t bearer,
			     uint8_t dir)
{
	memset(p, 0, 16);
	p[0] = count >> 24;
	p[1] = count >> 16;
	p[2] = count >> 8;
	p[3] = count;
	p[4] = (bearer & 0x1f) << 3 | (dir & 1) << 2;
}

/* 128-EEA{0..3} over len octets, in place. */
static inline bool ue_eea(uint8_t alg, const uint8_t key[16], uint32_t count,
			  uint8_t bearer, uint8_t dir, uint8_t *buf,
			  uint32_t len)
{
	IMB_MGR *mb = ue_mb();
	uint8_t iv[16];

	ue_params(iv, count, bearer, dir);
	switch (alg) {
	case 0:
		return true;
	case 1: {
		/* UEA2 IV: COUNT | BEARER DIR 0 | COUNT | BEARER DIR 0 */
		snow3g_key_schedule_t ks;

		if (!mb || IMB_SNOW3G_INIT_KEY_SCHED(mb, key, &ks))
			return false;
		memcpy(iv + 8, iv, 8);
		IMB_SNOW3G_F8_1_BUFFER(mb, &ks, iv, buf, buf, len);
		return true;
	}
	case 2: {
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		int out = 0;
		bool ok = c &&
			EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv) &&
			EVP_EncryptUpdate(c, buf, &out, buf, (int)len);

		EVP_CIPHER_CTX_free(c);
		return ok;
	}
	case 3:
		if (!mb)
			return false;
		memcpy(iv + 8, iv, 8);
		IMB_ZUC_EEA3_1_BUFFER(mb, key, iv, buf, buf, len);
		return true;
	}
	return false;
}

/* 128-EIA{0..3} over len octets; mac as sent on the wire. */
static inline bool ue_eia(uint8_t alg, const uint8_t key[16], uint32_t count,
			  uint8_t bearer, uint8_t dir, const uint8_t *data,
			  uint32_t len, uint8_t mac[4])
{
	IMB_MGR *mb = ue_mb();
	uint8_t iv[16];

	memset(mac, 0, 4);
	switch (alg) {
	case 0:
		return true;
	case 1: {
		/* UIA2 IV with FRESH = BEARER << 27 (TS 33.401 B.2.2). */
		snow3g_key_schedule_t ks;
		uint32_t fresh = (uint32_t)bearer << 27, tag;

		if (!mb || IMB_SNOW3G_INIT_KEY_SCHED(mb, key, &ks))
			return false;
		iv[0] = count >> 24; iv[1] = count >> 16;
		iv[2] = count >> 8; iv[3] = count;
		iv[4] = fresh >> 24; iv[5] = fresh >> 16;
		iv[6] = fresh >> 8; iv[7] = fresh;
		memcpy(iv + 8, iv, 8);
		iv[8] ^= (uint8_t)(dir << 7);
		iv[14] ^= (uint8_t)(dir << 7);
		IMB_SNOW3G_F9_1_BUFFER(mb, &ks, iv, data, (uint64_t)len * 8,
				       &tag);
		memcpy(mac, &tag, 4);
		return true;
	}
	case 2: {
		EVP_MAC *alg_cmac = EVP_MAC_fetch(NULL, "CMAC", NULL);
		EVP_MAC_CTX *c = alg_cmac ? EVP_MAC_CTX_new(alg_cmac) : NULL;
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
							 "AES-128-CBC", 0),
			OSSL_PARAM_construct_end(),
		};
		uint8_t full[16];
		size_t out = 0;
		bool ok;

		ue_params(iv, count, bearer, dir);
		ok = c && EVP_MAC_init(c, key, 16, params) &&
			EVP_MAC_update(c, iv, 8) &&
			EVP_MAC_update(c, data, len) &&
			EVP_MAC_final(c, full, &out, sizeof(full)) && out == 16;
		EVP_MAC_CTX_free(c);
		EVP_MAC_free(alg_cmac);
		if (ok)
			memcpy(mac, full, 4);
		return ok;
	}
	case 3: {
		uint32_t tag;

		if (!mb)
			return false;
		/* TS 35.221 EIA3 IV. */
		ue_params(iv, count, bearer, 0);
		memcpy(iv + 8, iv, 8);
		iv[8] ^= (uint8_t)(dir << 7);
		iv[14] ^= (uint8_t)(dir << 7);
		IMB_ZUC_EIA3_1_BUFFER(mb, key, iv, data, len * 8, &tag);
		memcpy(mac, &tag, 4);
		return true;
	}
	}
	return false;
}

#endif /* NASSEC_UE_CRYPTO_H */
