// SPDX-License-Identifier: GPL-2.0
/*
 * TS 33.401 Annex A KDFs: KDF(key, S) = HMAC-SHA-256(key, S) with
 * S = FC || P0 || L0 || P1 || L1 ... (TS 33.220 B.2), Ln two octets.
 *
 * setkey changes an hmac(sha256) tfm, so each tfm serves one derivation
 * at a time, under its mutex. Context set-up runs them in bulk (a million
 * contexts: two million derivations) from every CPU, so there is one tfm
 * per possible CPU (at most KDF_TFMS_MAX); a caller takes its CPU's.
 */
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include "kdf.h"

#define KDF_OUT_LEN	32	/* SHA-256 */
#define KDF_S_MAX	(1 + NASSEC_NH_LEN + 2)
#define KDF_TFMS_MAX	64

struct kdf_tfm {
	struct mutex lock;	/* setkey and digests under one key */
	struct crypto_shash *tfm;
};

static struct kdf_tfm *kdf_tfms;
static unsigned int kdf_ntfms;

/*
 * One or more KDF outputs under the same key: out[i] = KDF(key, s[i]).
 * One setkey serves them all (the NAS keys come in pairs).
 */
static int kdf_multi(const u8 *key, const u8 *const *s, unsigned int s_len,
		     u8 (*out)[KDF_OUT_LEN], unsigned int n)
{
	static const u8 zero_key[NASSEC_KASME_LEN];
	/* Any tfm is correct; the CPU's own just avoids waiting. */
	struct kdf_tfm *k = &kdf_tfms[raw_smp_processor_id() % kdf_ntfms];
	unsigned int i;
	int err;

	mutex_lock(&k->lock);
	err = crypto_shash_setkey(k->tfm, key, NASSEC_KASME_LEN);
	for (i = 0; !err && i < n; i++)
		err = crypto_shash_tfm_digest(k->tfm, s[i], s_len, out[i]);
	/* Leave no KASME-derived HMAC state behind in the shared tfm. */
	crypto_shash_setkey(k->tfm, zero_key, sizeof(zero_key));
	mutex_unlock(&k->lock);
	return err;
}

static int kdf(const u8 *key, const u8 *s, unsigned int s_len,
	       u8 out[KDF_OUT_LEN])
{
	return kdf_multi(key, &s, s_len, (u8 (*)[KDF_OUT_LEN])out, 1);
}

/* Appends Pn and its two-octet length Ln to S at *pos. */
static void kdf_param(u8 *s, unsigned int *pos, const u8 *p, u16 len)
{
	memcpy(s + *pos, p, len);
	s[*pos + len] = len >> 8;
	s[*pos + len + 1] = len & 0xff;
	*pos += len + 2;
}

/* A.7: S = 0x15 || algorithm type distinguisher || 00 01 || alg id || 00 01 */
static void nas_key_s(u8 s[7], u8 alg_type, u8 alg_id)
{
	unsigned int pos = 1;

	s[0] = 0x15;
	kdf_param(s, &pos, &alg_type, 1);
	kdf_param(s, &pos, &alg_id, 1);
}

int nassec_kdf_nas_key(const u8 kasme[NASSEC_KASME_LEN], u8 alg_type,
		       u8 alg_id, u8 key[NASSEC_KEY_LEN])
{
	u8 s[7], out[KDF_OUT_LEN];
	int err;

	nas_key_s(s, alg_type, alg_id);
	err = kdf(kasme, s, sizeof(s), out);
	if (!err)
		memcpy(key, out + KDF_OUT_LEN - NASSEC_KEY_LEN, NASSEC_KEY_LEN);
	memzero_explicit(out, sizeof(out));
	return err;
}

int nassec_kdf_nas_keys(const u8 kasme[NASSEC_KASME_LEN], u8 eia, u8 eea,
			u8 k_int[NASSEC_KEY_LEN], u8 k_enc[NASSEC_KEY_LEN])
{
	u8 s_int[7], s_enc[7], out[2][KDF_OUT_LEN];
	const u8 *s[2] = { s_int, s_enc };
	int err;

	nas_key_s(s_int, NASSEC_KDF_NAS_INT, eia);
	nas_key_s(s_enc, NASSEC_KDF_NAS_ENC, eea);
	err = kdf_multi(kasme, s, sizeof(s_int), out, 2);
	if (!err) {
		memcpy(k_int, out[0] + KDF_OUT_LEN - NASSEC_KEY_LEN,
		       NASSEC_KEY_LEN);
		memcpy(k_enc, out[1] + KDF_OUT_LEN - NASSEC_KEY_LEN,
		       NASSEC_KEY_LEN);
	}
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

void nassec_kdf_exit(void)
{
	unsigned int i;

	for (i = 0; kdf_tfms && i < kdf_ntfms; i++)
		crypto_free_shash(kdf_tfms[i].tfm);	/* NULL-safe */
	kfree(kdf_tfms);
	kdf_tfms = NULL;
	kdf_ntfms = 0;
}

int nassec_kdf_init(void)
{
	unsigned int i, n = min_t(unsigned int, num_possible_cpus(),
				  KDF_TFMS_MAX);

	kdf_tfms = kcalloc(n, sizeof(*kdf_tfms), GFP_KERNEL);
	if (!kdf_tfms)
		return -ENOMEM;
	kdf_ntfms = n;
	for (i = 0; i < n; i++) {
		struct crypto_shash *tfm = crypto_alloc_shash("hmac(sha256)",
							      0, 0);

		if (IS_ERR(tfm)) {
			nassec_kdf_exit();
			return PTR_ERR(tfm);
		}
		mutex_init(&kdf_tfms[i].lock);
		kdf_tfms[i].tfm = tfm;
	}
	return 0;
}
