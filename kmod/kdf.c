// SPDX-License-Identifier: GPL-2.0
/*
 * TS 33.401 Annex A KDFs: KDF(key, S) = HMAC-SHA-256(key, S) with
 * S = FC || P0 || L0 || P1 || L1 ... (TS 33.220 B.2), Ln two octets.
 *
 * One hmac(sha256) tfm serves all callers: setkey changes the tfm, so
 * derivations are serialised by a mutex. They are rare (context set-up,
 * KeNB/NH on request) and short, so a pool would buy nothing.
 */
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include "kdf.h"

#define KDF_OUT_LEN	32	/* SHA-256 */
#define KDF_S_MAX	(1 + NASSEC_NH_LEN + 2)

static struct crypto_shash *kdf_tfm;
static DEFINE_MUTEX(kdf_lock);

static int kdf(const u8 *key, const u8 *s, unsigned int s_len,
	       u8 out[KDF_OUT_LEN])
{
	static const u8 zero_key[NASSEC_KASME_LEN];
	int err;

	mutex_lock(&kdf_lock);
	err = crypto_shash_setkey(kdf_tfm, key, NASSEC_KASME_LEN);
	if (!err)
		err = crypto_shash_tfm_digest(kdf_tfm, s, s_len, out);
	/* Leave no KASME-derived HMAC state behind in the shared tfm. */
	crypto_shash_setkey(kdf_tfm, zero_key, sizeof(zero_key));
	mutex_unlock(&kdf_lock);
	return err;
}

/* Appends Pn and its two-octet length Ln to S at *pos. */
static void kdf_param(u8 *s, unsigned int *pos, const u8 *p, u16 len)
{
	memcpy(s + *pos, p, len);
	s[*pos + len] = len >> 8;
	s[*pos + len + 1] = len & 0xff;
	*pos += len + 2;
}

int nassec_kdf_nas_key(const u8 kasme[NASSEC_KASME_LEN], u8 alg_type,
		       u8 alg_id, u8 key[NASSEC_KEY_LEN])
{
	u8 s[1 + 3 + 3], out[KDF_OUT_LEN];
	unsigned int pos = 1;
	int err;

	s[0] = 0x15;
	kdf_param(s, &pos, &alg_type, 1);
	kdf_param(s, &pos, &alg_id, 1);
	err = kdf(kasme, s, pos, out);
	if (!err)
		memcpy(key, out + KDF_OUT_LEN - NASSEC_KEY_LEN, NASSEC_KEY_LEN);
	memzero_explicit(out, sizeof(out));
	return err;
}

int nassec_kdf_kenb(const u8 kasme[NASSEC_KASME_LEN], u32 ul_count,
		    u8 kenb[NASSEC_KENB_LEN])
{
	u8 s[1 + 4 + 2];
	__be32 count = cpu_to_be32(ul_count);
	unsigned int pos = 1;

	s[0] = 0x11;
	kdf_param(s, &pos, (const u8 *)&count, sizeof(count));
	return kdf(kasme, s, pos, kenb);
}

int nassec_kdf_nh(const u8 kasme[NASSEC_KASME_LEN],
		  const u8 sync_input[NASSEC_NH_LEN], u8 nh[NASSEC_NH_LEN])
{
	u8 s[KDF_S_MAX];
	unsigned int pos = 1;
	int err;

	s[0] = 0x12;
	kdf_param(s, &pos, sync_input, NASSEC_NH_LEN);
	err = kdf(kasme, s, pos, nh);
	memzero_explicit(s, sizeof(s));
	return err;
}

int nassec_kdf_init(void)
{
	kdf_tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(kdf_tfm)) {
		int err = PTR_ERR(kdf_tfm);

		kdf_tfm = NULL;
		return err;
	}
	return 0;
}

void nassec_kdf_exit(void)
{
	crypto_free_shash(kdf_tfm);
	kdf_tfm = NULL;
}
