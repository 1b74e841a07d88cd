// SPDX-License-Identifier: GPL-2.0
/* NAS algorithms on Intel ipsec-mb for kmod/nas.c: see nas_ipsecmb.h. */
#include <errno.h>
#include <string.h>
#include <intel-ipsec-mb.h>

#include "nas_ipsecmb.h"

#define NAS_MSG_MAX	4096

/* TS 33.401 B.1.3 / B.2.3: COUNT | BEARER(5) | DIRECTION(1) | 0^26 (| 0^64). */
static void block(uint8_t out[16], uint32_t count, uint8_t bearer, uint8_t dir)
{
	memset(out, 0, 16);
	out[0] = count >> 24;
	out[1] = count >> 16;
	out[2] = count >> 8;
	out[3] = count;
	out[4] = (uint8_t)((bearer & 0x1f) << 3 | (dir & 1) << 2);
}

static int run_job(IMB_MGR *mb, IMB_JOB *job)
{
	job = IMB_SUBMIT_JOB(mb);
	while (!job)
		job = IMB_FLUSH_JOB(mb);
	return job->status == IMB_STATUS_COMPLETED ? 0 : -EIO;
}

/* 128-EIA2: AES-CMAC over the 8-octet prefix and the message, 32 bits kept. */
static int eia2(IMB_MGR *mb, const uint8_t key[16], uint32_t count, uint8_t bearer,
		uint8_t dir, const uint8_t *data, uint32_t len, uint8_t mac[4])
{
	static uint8_t buf[8 + NAS_MSG_MAX];
	uint32_t enc[4 * 15] __attribute__((aligned(16)));
	uint32_t dec[4 * 15] __attribute__((aligned(16)));
	uint8_t sk1[16] __attribute__((aligned(16)));
	uint8_t sk2[16] __attribute__((aligned(16)));
	uint8_t pre[16], tag[16];
	IMB_JOB *job;

	if (len > NAS_MSG_MAX)
		return -EMSGSIZE;
	IMB_AES_KEYEXP_128(mb, key, enc, dec);
	IMB_AES_CMAC_SUBKEY_GEN_128(mb, enc, sk1, sk2);
	block(pre, count, bearer, dir);
	memcpy(buf, pre, 8);
	memcpy(buf + 8, data, len);
	job = IMB_GET_NEXT_JOB(mb);
	job->cipher_mode = IMB_CIPHER_NULL;
	job->cipher_direction = IMB_DIR_ENCRYPT;
	job->chain_order = IMB_ORDER_HASH_CIPHER;
	job->hash_alg = IMB_AUTH_AES_CMAC;
	job->src = buf;
	job->hash_start_src_offset_in_bytes = 0;
	job->msg_len_to_hash_in_bytes = 8 + len;
	job->u.CMAC._key_expanded = enc;
	job->u.CMAC._skey1 = sk1;
	job->u.CMAC._skey2 = sk2;
	job->auth_tag_output = tag;
	job->auth_tag_output_len_in_bytes = 16;
	if (run_job(mb, job))
		return -EIO;
	memcpy(mac, tag, 4);
	return 0;
}

/* 128-EEA2: AES-128-CTR with the counter block as IV. */
static int eea2(IMB_MGR *mb, const uint8_t key[16], uint32_t count, uint8_t bearer,
		uint8_t dir, uint8_t *buf, uint32_t len)
{
	uint32_t enc[4 * 15] __attribute__((aligned(16)));
	uint32_t dec[4 * 15] __attribute__((aligned(16)));
	uint8_t iv[16];
	IMB_JOB *job;

	IMB_AES_KEYEXP_128(mb, key, enc, dec);
	block(iv, count, bearer, dir);
	job = IMB_GET_NEXT_JOB(mb);
	job->cipher_mode = IMB_CIPHER_CNTR;
	job->cipher_direction = IMB_DIR_ENCRYPT;
	job->chain_order = IMB_ORDER_CIPHER_HASH;
	job->hash_alg = IMB_AUTH_NULL;
	job->enc_keys = enc;
	job->dec_keys = enc;
	job->key_len_in_bytes = 16;
	job->src = buf;
	job->dst = buf;
	job->cipher_start_src_offset_in_bytes = 0;
	job->msg_len_to_cipher_in_bytes = len;
	job->iv = iv;
	job->iv_len_in_bytes = 16;
	return run_job(mb, job);
}

static int mac_cb(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		  u8 bearer, u8 dir, const u8 *data, u32 len, u8 mac[NAS_MAC_LEN])
{
	IMB_MGR *mb = priv;
	snow3g_key_schedule_t ks;
	uint8_t iv[16];
	uint32_t tag;

	switch (alg) {
	case 1:
		if (IMB_SNOW3G_INIT_KEY_SCHED(mb, key, &ks))
			return -EINVAL;
		snow3g_f9_iv_gen(count, (uint32_t)bearer << 27, dir, iv);
		IMB_SNOW3G_F9_1_BUFFER(mb, &ks, iv, data, (uint64_t)len * 8, &tag);
		break;
	case 2:
		return eia2(mb, key, count, bearer, dir, data, len, mac);
	case 3:
		zuc_eia3_iv_gen(count, bearer, dir, iv);
		IMB_ZUC_EIA3_1_BUFFER(mb, key, iv, data, len * 8, &tag);
		break;
	default:
		return -EINVAL;
	}
	memcpy(mac, &tag, 4);	/* ipsec-mb leaves the MAC in wire order */
	return 0;
}

static int cipher_cb(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		     u8 bearer, u8 dir, u8 *buf, u32 len)
{
	IMB_MGR *mb = priv;
	snow3g_key_schedule_t ks;
	uint8_t iv[16];

	switch (alg) {
	case 1:
		if (IMB_SNOW3G_INIT_KEY_SCHED(mb, key, &ks))
			return -EINVAL;
		snow3g_f8_iv_gen(count, bearer, dir, iv);
		IMB_SNOW3G_F8_1_BUFFER(mb, &ks, iv, buf, buf, len);
		return 0;
	case 2:
		return eea2(mb, key, count, bearer, dir, buf, len);
	case 3:
		zuc_eea3_iv_gen(count, bearer, dir, iv);
		IMB_ZUC_EEA3_1_BUFFER(mb, key, iv, buf, buf, len);
		return 0;
	}
	return -EINVAL;
}

int nas_ipsecmb_init(struct nas_crypto *cr)
{
	IMB_MGR *mb = alloc_mb_mgr(0);

	if (!mb)
		return -1;
	init_mb_mgr_auto(mb, NULL);
	cr->mac = mac_cb;
	cr->cipher = cipher_cb;
	cr->priv = mb;
	return 0;
}
