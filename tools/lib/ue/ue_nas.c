// SPDX-License-Identifier: GPL-2.0
/* The UE's side of NAS security on ipsec-mb and OpenSSL: see ue_nas.h. */
#include <string.h>

#include <intel-ipsec-mb.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include "ue_nas.h"

#define UE_NAS_BEARER	0	/* TS 33.401 8.1.1 */

static IMB_MGR *ue_nas_mgr(void)
{
	static IMB_MGR *mgr;

	if (!mgr) {
		mgr = alloc_mb_mgr(0);
		if (mgr)
			init_mb_mgr_auto(mgr, NULL);
	}
	return mgr;
}

/* TS 33.220 B.2 with TS 33.401 Annex A inputs: HMAC-SHA-256 keyed by KASME. */
static int ue_kdf(const uint8_t kasme[32], const uint8_t *s, size_t s_len,
		  uint8_t out[32])
{
	unsigned int out_len = 32;

	return HMAC(EVP_sha256(), kasme, 32, s, s_len, out, &out_len) ? 0 : -1;
}

int ue_kenb(const uint8_t kasme[32], uint32_t ul_count, uint8_t kenb[32])
{
	const uint8_t s[7] = { 0x11, ul_count >> 24, ul_count >> 16,
			       ul_count >> 8, ul_count, 0x00, 0x04 };

	return ue_kdf(kasme, s, sizeof(s), kenb);
}

int ue_nh(const uint8_t kasme[32], const uint8_t sync[32], uint8_t nh[32])
{
	uint8_t s[35];

	s[0] = 0x12;
	memcpy(s + 1, sync, 32);
	s[33] = 0x00;
	s[34] = 0x20;
	return ue_kdf(kasme, s, sizeof(s), nh);
}

int ue_nas_key(const uint8_t kasme[32], uint8_t type, uint8_t alg,
	       uint8_t key[16])
{
	const uint8_t s[7] = { 0x15, type, 0x00, 0x01, alg, 0x00, 0x01 };
	uint8_t out[32];

	if (ue_kdf(kasme, s, sizeof(s), out))
		return -1;
	memcpy(key, out + 16, 16);	/* the 128 least significant bits */
	return 0;
}

/* COUNT | BEARER(5) | DIRECTION(1) | 0^26: EIA2's CMAC prefix, EEA2's IV. */
static void ue_count_block(uint32_t count, int dir, uint8_t out[16])
{
	memset(out, 0, 16);
	out[0] = count >> 24;
	out[1] = count >> 16;
	out[2] = count >> 8;
	out[3] = count;
	out[4] = (uint8_t)(UE_NAS_BEARER << 3 | (dir & 1) << 2);
}

/* TS 33.401 B.2.3: 128-EIA2 is AES-CMAC; the MAC is its first 32 bits. */
static int ue_eia2(const uint8_t key[16], uint32_t count, int dir,
		   const uint8_t *msg, size_t len, uint8_t mac[4])
{
	EVP_MAC *cmac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = cmac ? EVP_MAC_CTX_new(cmac) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
						 "AES-128-CBC", 0),
		OSSL_PARAM_construct_end(),
	};
	uint8_t head[16], full[16];
	size_t out_len = 0;
	int ok;

	ue_count_block(count, dir, head);
	ok = ctx && EVP_MAC_init(ctx, key, 16, params) &&
	     EVP_MAC_update(ctx, head, 8) &&
	     EVP_MAC_update(ctx, msg, len) &&
	     EVP_MAC_final(ctx, full, &out_len, sizeof(full)) && out_len == 16;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(cmac);
	if (!ok)
		return -1;
	memcpy(mac, full, 4);
	return 0;
}

int ue_eia(uint8_t alg, const uint8_t key[16], uint32_t count, int dir,
	   const uint8_t *msg, size_t len, uint8_t mac[4])
{
	IMB_MGR *mgr = ue_nas_mgr();
	snow3g_key_schedule_t ks;
	uint8_t iv[16];
	uint32_t tag = 0;

	memset(mac, 0, 4);
	switch (alg) {
	case 0:
		return 0;
	case 1:
		/* TS 33.401 B.2.2: UIA2 with FRESH = BEARER << 27 */
		if (!mgr || IMB_SNOW3G_INIT_KEY_SCHED(mgr, key, &ks) ||
		    snow3g_f9_iv_gen(count, (uint32_t)UE_NAS_BEARER << 27,
				     (uint8_t)dir, iv))
			return -1;
		IMB_SNOW3G_F9_1_BUFFER(mgr, &ks, iv, msg, (uint64_t)len * 8,
				       &tag);
		break;
	case 2:
		return ue_eia2(key, count, dir, msg, len, mac);
	case 3:
		if (!mgr || zuc_eia3_iv_gen(count, UE_NAS_BEARER, (uint8_t)dir,
					    iv))
			return -1;
		IMB_ZUC_EIA3_1_BUFFER(mgr, key, iv, msg, (uint32_t)len * 8,
				      &tag);
		break;
	default:
		return -1;
	}
	memcpy(mac, &tag, 4);
	return 0;
}

/* TS 33.401 B.1.3: 128-EEA2 is AES-128-CTR from the COUNT block. */
static int ue_eea2(const uint8_t key[16], uint32_t count, int dir,
		   uint8_t *buf, size_t len)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t iv[16];
	int out_len = 0, ok;

	ue_count_block(count, dir, iv);
	ok = ctx && EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, iv) &&
	     EVP_EncryptUpdate(ctx, buf, &out_len, buf, (int)len);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int ue_eea(uint8_t alg, const uint8_t key[16], uint32_t count, int dir,
	   uint8_t *buf, size_t len)
{
	IMB_MGR *mgr = ue_nas_mgr();
	snow3g_key_schedule_t ks;
	uint8_t iv[16];

	switch (alg) {
	case 0:
		return 0;
	case 1:
		if (!mgr || IMB_SNOW3G_INIT_KEY_SCHED(mgr, key, &ks) ||
		    snow3g_f8_iv_gen(count, UE_NAS_BEARER, (uint8_t)dir, iv))
			return -1;
		IMB_SNOW3G_F8_1_BUFFER(mgr, &ks, iv, buf, buf, len);
		return 0;
	case 2:
		return ue_eea2(key, count, dir, buf, len);
	case 3:
		if (!mgr || zuc_eea3_iv_gen(count, UE_NAS_BEARER, (uint8_t)dir,
					    iv))
			return -1;
		IMB_ZUC_EEA3_1_BUFFER(mgr, key, iv, buf, buf, len);
		return 0;
	}
	return -1;
}

int ue_nas_init(struct ue_nas *ue, const uint8_t kasme[32], uint8_t eia,
		uint8_t eea)
{
	ue->eia = eia;
	ue->eea = eea;
	if (ue_nas_key(kasme, 0x01, eea, ue->k_enc) ||
	    ue_nas_key(kasme, 0x02, eia, ue->k_int))
		return -1;
	return ue_nas_mgr() ? 0 : -1;
}

static int ue_nas_ciphers(uint8_t sht)
{
	return sht == 2 || sht == 4;
}

void ue_nas_protect(const struct ue_nas *ue, uint8_t sht, uint32_t count,
		    int dir, const uint8_t *plain, size_t len, uint8_t *out)
{
	out[0] = (uint8_t)(sht << 4 | 0x7);	/* EMM */
	out[5] = (uint8_t)count;		/* SQN: COUNT's low octet */
	memcpy(out + UE_NAS_HDR_LEN, plain, len);
	if (ue_nas_ciphers(sht))
		ue_eea(ue->eea, ue->k_enc, count, dir, out + UE_NAS_HDR_LEN,
		       len);
	/* TS 24.301 4.4.3.3: the MAC covers SQN and the (ciphered) message. */
	ue_eia(ue->eia, ue->k_int, count, dir, out + 5, len + 1, out + 1);
}

int ue_nas_unprotect(const struct ue_nas *ue, uint32_t count, int dir,
		     uint8_t *pdu, size_t len)
{
	uint8_t mac[4];

	if (len < UE_NAS_HDR_LEN)
		return -1;
	if (ue_eia(ue->eia, ue->k_int, count, dir, pdu + 5, len - 5, mac) ||
	    memcmp(mac, pdu + 1, 4))
		return -1;
	if (ue_nas_ciphers(pdu[0] >> 4) &&
	    ue_eea(ue->eea, ue->k_enc, count, dir, pdu + UE_NAS_HDR_LEN,
		   len - UE_NAS_HDR_LEN))
		return -1;
	return 0;
}

int ue_hash_ue(const uint8_t *msg, size_t len, uint8_t hash[8])
{
	static const uint8_t zeros[32];
	uint8_t out[32];
	size_t n = 0;

	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, zeros, sizeof(zeros), msg, len,
		       out, sizeof(out), &n) || n != sizeof(out))
		return -1;
	memcpy(hash, out + 24, 8);
	return 0;
}
