// SPDX-License-Identifier: GPL-2.0
/* The UE's side of NAS security on ipsec-mb and OpenSSL: see ue_nas.h. */
#include <string.h>

#include <intel-ipsec-mb.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include "ue_nas.h"

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

/* TS 33.401 A.7: KDF(KASME, FC 0x15, P0 = distinguisher, P1 = alg id). */
static int ue_nas_kdf(const uint8_t kasme[32], uint8_t distinguisher,
		      uint8_t alg, uint8_t key[16])
{
	const uint8_t s[7] = { 0x15, distinguisher, 0x00, 0x01, alg, 0x00, 0x01 };
	uint8_t out[32];
	unsigned int out_len = sizeof(out);

	if (!HMAC(EVP_sha256(), kasme, 32, s, sizeof(s), out, &out_len))
		return -1;
	memcpy(key, out + 16, 16);	/* the 128 least significant bits */
	return 0;
}

int ue_nas_init(struct ue_nas *ue, const uint8_t kasme[32], uint8_t eia,
		uint8_t eea)
{
	ue->eia = eia;
	ue->eea = eea;
	if (ue_nas_kdf(kasme, 0x01, eea, ue->k_enc) ||
	    ue_nas_kdf(kasme, 0x02, eia, ue->k_int))
		return -1;
	return ue_nas_mgr() ? 0 : -1;
}

/* COUNT | BEARER(5) | DIRECTION(1) | 0^26: EIA2's CMAC prefix, EEA2's IV. */
static void ue_nas_block(uint32_t count, int dir, uint8_t out[16])
{
	memset(out, 0, 16);
	out[0] = count >> 24;
	out[1] = count >> 16;
	out[2] = count >> 8;
	out[3] = count;
	out[4] = (uint8_t)(dir << 2);	/* BEARER 0 */
}

static void ue_nas_cmac(const uint8_t key[16], uint32_t count, int dir,
			const uint8_t *msg, size_t len, uint8_t mac[4])
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(m);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string("cipher", "AES-128-CBC", 0),
		OSSL_PARAM_construct_end(),
	};
	uint8_t head[16], full[16];
	size_t out_len = sizeof(full);

	ue_nas_block(count, dir, head);
	EVP_MAC_init(ctx, key, 16, params);
	EVP_MAC_update(ctx, head, 8);
	EVP_MAC_update(ctx, msg, len);
	EVP_MAC_final(ctx, full, &out_len, sizeof(full));
	memcpy(mac, full, 4);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(m);
}

void ue_nas_mac(const struct ue_nas *ue, uint32_t count, int dir,
		const uint8_t *msg, size_t len, uint8_t mac[4])
{
	IMB_MGR *mgr = ue_nas_mgr();
	snow3g_key_schedule_t ks;
	uint8_t iv[16];
	uint32_t tag = 0;

	switch (ue->eia) {
	case 1:
		IMB_SNOW3G_INIT_KEY_SCHED(mgr, ue->k_int, &ks);
		snow3g_f9_iv_gen(count, 0, dir, iv);	/* FRESH = BEARER << 27 */
		IMB_SNOW3G_F9_1_BUFFER(mgr, &ks, iv, msg, len * 8, &tag);
		memcpy(mac, &tag, 4);
		break;
	case 2:
		ue_nas_cmac(ue->k_int, count, dir, msg, len, mac);
		break;
	case 3:
		zuc_eia3_iv_gen(count, 0, dir, iv);
		IMB_ZUC_EIA3_1_BUFFER(mgr, ue->k_int, iv, msg, len * 8, &tag);
		memcpy(mac, &tag, 4);
		break;
	default:
		memset(mac, 0, 4);
	}
}

void ue_nas_cipher(const struct ue_nas *ue, uint32_t count, int dir,
		   uint8_t *buf, size_t len)
{
	IMB_MGR *mgr = ue_nas_mgr();
	snow3g_key_schedule_t ks;
	EVP_CIPHER_CTX *ctx;
	uint8_t iv[16];
	int n;

	switch (ue->eea) {
	case 1:
		IMB_SNOW3G_INIT_KEY_SCHED(mgr, ue->k_enc, &ks);
		snow3g_f8_iv_gen(count, 0, dir, iv);
		IMB_SNOW3G_F8_1_BUFFER(mgr, &ks, iv, buf, buf, len);
		break;
	case 2:
		ue_nas_block(count, dir, iv);
		ctx = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, ue->k_enc, iv);
		EVP_EncryptUpdate(ctx, buf, &n, buf, (int)len);
		EVP_CIPHER_CTX_free(ctx);
		break;
	case 3:
		zuc_eea3_iv_gen(count, 0, dir, iv);
		IMB_ZUC_EEA3_1_BUFFER(mgr, ue->k_enc, iv, buf, buf, len);
		break;
	default:
		break;	/* EEA0 */
	}
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
		ue_nas_cipher(ue, count, dir, out + UE_NAS_HDR_LEN, len);
	/* TS 24.301 4.4.3.3: the MAC covers SQN and the (ciphered) message. */
	ue_nas_mac(ue, count, dir, out + 5, len + 1, out + 1);
}

int ue_nas_unprotect(const struct ue_nas *ue, uint32_t count, int dir,
		     uint8_t *pdu, size_t len)
{
	uint8_t mac[4];

	if (len < UE_NAS_HDR_LEN)
		return -1;
	ue_nas_mac(ue, count, dir, pdu + 5, len - 5, mac);
	if (memcmp(mac, pdu + 1, 4))
		return -1;
	if (ue_nas_ciphers(pdu[0] >> 4))
		ue_nas_cipher(ue, count, dir, pdu + UE_NAS_HDR_LEN,
			      len - UE_NAS_HDR_LEN);
	return 0;
}
