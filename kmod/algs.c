// SPDX-License-Identifier: GPL-2.0
/*
 * The module's own LTE algorithms on the crypto API: skciphers snow3g-uea2
 * (128-EEA1) and zuc-eea3 (128-EEA3), shashes snow3g-uia2 (128-EIA1) and
 * zuc-eia3 (128-EIA3). Priority 100 and driver names *-generic, so any
 * accelerator that registers the same names wins. The IV / MAC-input
 * convention is the one of 128-EEA2/EIA2, see algs.h.
 */
#include <linux/module.h>
#include <crypto/internal/hash.h>
#include <crypto/internal/skcipher.h>

#include "algs.h"
#include "snow3g.h"
#include "zuc.h"

#define NASSEC_ALG_PRIORITY	100

struct lte_key_ctx {
	u8 key[NASSEC_LTE_KEY_SIZE];
};

static int lte_skcipher_setkey(struct crypto_skcipher *tfm, const u8 *key,
			       unsigned int keylen)
{
	struct lte_key_ctx *ctx = crypto_skcipher_ctx(tfm);

	/* min_keysize == max_keysize: the API refused other lengths. */
	memcpy(ctx->key, key, sizeof(ctx->key));
	return 0;
}

static int lte_shash_setkey(struct crypto_shash *tfm, const u8 *key,
			    unsigned int keylen)
{
	struct lte_key_ctx *ctx = crypto_shash_ctx(tfm);

	if (keylen != NASSEC_LTE_KEY_SIZE)
		return -EINVAL;
	memcpy(ctx->key, key, sizeof(ctx->key));
	return 0;
}

/*
 * Both ciphers: walk the request and xor the keystream in as it comes; the
 * cores keep the position inside a keystream word, so chunks of any length
 * chain. TS 33.401 B.1.2 / B.1.4: encryption and decryption are the same.
 */
static int snow3g_uea2_crypt(struct skcipher_request *req)
{
	struct crypto_skcipher *tfm = crypto_skcipher_reqtfm(req);
	const struct lte_key_ctx *ctx = crypto_skcipher_ctx(tfm);
	struct skcipher_walk walk;
	struct snow3g_f8 st;
	u8 bearer, dir;
	u32 count;
	int err;

	err = skcipher_walk_virt(&walk, req, false);
	if (!walk.nbytes)
		return err;

	nassec_lte_get_params(req->iv, &count, &bearer, &dir);
	snow3g_f8_init(&st, ctx->key, count, bearer, dir);
	while (walk.nbytes) {
		snow3g_f8_xor(&st, walk.dst.virt.addr, walk.src.virt.addr,
			      walk.nbytes);
		err = skcipher_walk_done(&walk, 0);
	}
	memzero_explicit(&st, sizeof(st));
	return err;
}

static int zuc_eea3_crypt(struct skcipher_request *req)
{
	struct crypto_skcipher *tfm = crypto_skcipher_reqtfm(req);
	const struct lte_key_ctx *ctx = crypto_skcipher_ctx(tfm);
	struct skcipher_walk walk;
	struct zuc_eea3 st;
	u8 bearer, dir;
	u32 count;
	int err;

	err = skcipher_walk_virt(&walk, req, false);
	if (!walk.nbytes)
		return err;

	nassec_lte_get_params(req->iv, &count, &bearer, &dir);
	zuc_eea3_init(&st, ctx->key, count, bearer, dir);
	while (walk.nbytes) {
		zuc_eea3_xor(&st, walk.dst.virt.addr, walk.src.virt.addr,
			     walk.nbytes);
		err = skcipher_walk_done(&walk, 0);
	}
	memzero_explicit(&st, sizeof(st));
	return err;
}

/*
 * The MACs. The first 8 octets of the hashed data carry COUNT, BEARER and
 * DIRECTION (algs.h); they are collected across updates, then start the
 * core, which MACs the octets that follow.
 */
struct lte_mac_prefix {
	u8 block[NASSEC_LTE_MAC_PREFIX];
	u8 fill;
};

/* Moves prefix octets out of *data; true once the prefix is complete. */
static bool lte_mac_take_prefix(struct lte_mac_prefix *p, const u8 **data,
				unsigned int *len)
{
	unsigned int n = min_t(unsigned int, *len,
			       NASSEC_LTE_MAC_PREFIX - p->fill);

	memcpy(p->block + p->fill, *data, n);
	p->fill += n;
	*data += n;
	*len -= n;
	return p->fill == NASSEC_LTE_MAC_PREFIX;
}

struct snow3g_uia2_desc {
	struct lte_mac_prefix prefix;
	struct snow3g_f9 f9;
};

static int snow3g_uia2_shash_update(struct shash_desc *desc, const u8 *data,
				    unsigned int len)
{
	const struct lte_key_ctx *ctx = crypto_shash_ctx(desc->tfm);
	struct snow3g_uia2_desc *d = shash_desc_ctx(desc);
	u8 bearer, dir;
	u32 count;

	if (d->prefix.fill < NASSEC_LTE_MAC_PREFIX) {
		if (!lte_mac_take_prefix(&d->prefix, &data, &len))
			return 0;
		nassec_lte_get_params(d->prefix.block, &count, &bearer, &dir);
		/* TS 33.401 B.2.2: 128-EIA1 is UIA2 with FRESH = BEARER << 27 */
		snow3g_f9_init(&d->f9, ctx->key, count, (u32)bearer << 27, dir);
	}
	snow3g_f9_update(&d->f9, data, len);
	return 0;
}

static int snow3g_uia2_shash_final(struct shash_desc *desc, u8 *out)
{
	struct snow3g_uia2_desc *d = shash_desc_ctx(desc);
	int err = -EINVAL;

	if (d->prefix.fill == NASSEC_LTE_MAC_PREFIX) {
		put_unaligned_be32(snow3g_f9_final(&d->f9), out);
		err = 0;
	}
	memzero_explicit(d, sizeof(*d));
	return err;
}

struct zuc_eia3_desc {
	struct lte_mac_prefix prefix;
	struct zuc_eia3 eia3;
};

/* Both MAC descriptors start with their prefix. */
static_assert(offsetof(struct snow3g_uia2_desc, prefix) == 0);
static_assert(offsetof(struct zuc_eia3_desc, prefix) == 0);

static int lte_mac_shash_init(struct shash_desc *desc)
{
	struct lte_mac_prefix *prefix = shash_desc_ctx(desc);

	prefix->fill = 0;
	return 0;
}

static int zuc_eia3_shash_update(struct shash_desc *desc, const u8 *data,
				 unsigned int len)
{
	const struct lte_key_ctx *ctx = crypto_shash_ctx(desc->tfm);
	struct zuc_eia3_desc *d = shash_desc_ctx(desc);
	u8 bearer, dir;
	u32 count;

	if (d->prefix.fill < NASSEC_LTE_MAC_PREFIX) {
		if (!lte_mac_take_prefix(&d->prefix, &data, &len))
			return 0;
		nassec_lte_get_params(d->prefix.block, &count, &bearer, &dir);
		zuc_eia3_init(&d->eia3, ctx->key, count, bearer, dir);
	}
	zuc_eia3_update(&d->eia3, data, len);
	return 0;
}

static int zuc_eia3_shash_final(struct shash_desc *desc, u8 *out)
{
	struct zuc_eia3_desc *d = shash_desc_ctx(desc);
	int err = -EINVAL;

	if (d->prefix.fill == NASSEC_LTE_MAC_PREFIX) {
		put_unaligned_be32(zuc_eia3_final(&d->eia3), out);
		err = 0;
	}
	memzero_explicit(d, sizeof(*d));
	return err;
}

#define LTE_ALG_BASE(_name, _driver, _ctxsize)				\
	.cra_name = _name,						\
	.cra_driver_name = _driver,					\
	.cra_priority = NASSEC_ALG_PRIORITY,				\
	.cra_blocksize = 1,						\
	.cra_ctxsize = _ctxsize,					\
	.cra_module = THIS_MODULE

/*
 * Stream ciphers: block size 1, chunk size the 32-bit keystream word both
 * generators produce (as ctr(aes) gives its 16-octet block).
 */
static struct skcipher_alg lte_skciphers[] = {
	{
		.base = { LTE_ALG_BASE("snow3g-uea2", "snow3g-uea2-generic",
				       sizeof(struct lte_key_ctx)) },
		.min_keysize = NASSEC_LTE_KEY_SIZE,
		.max_keysize = NASSEC_LTE_KEY_SIZE,
		.ivsize = NASSEC_LTE_IV_SIZE,
		.chunksize = 4,
		.setkey = lte_skcipher_setkey,
		.encrypt = snow3g_uea2_crypt,
		.decrypt = snow3g_uea2_crypt,
	}, {
		.base = { LTE_ALG_BASE("zuc-eea3", "zuc-eea3-generic",
				       sizeof(struct lte_key_ctx)) },
		.min_keysize = NASSEC_LTE_KEY_SIZE,
		.max_keysize = NASSEC_LTE_KEY_SIZE,
		.ivsize = NASSEC_LTE_IV_SIZE,
		.chunksize = 4,
		.setkey = lte_skcipher_setkey,
		.encrypt = zuc_eea3_crypt,
		.decrypt = zuc_eea3_crypt,
	},
};

/* The default export/import copy the whole descriptor (statesize = descsize). */
static struct shash_alg lte_shashes[] = {
	{
		.base = { LTE_ALG_BASE("snow3g-uia2", "snow3g-uia2-generic",
				       sizeof(struct lte_key_ctx)) },
		.digestsize = NASSEC_LTE_MAC_SIZE,
		.descsize = sizeof(struct snow3g_uia2_desc),
		.setkey = lte_shash_setkey,
		.init = lte_mac_shash_init,
		.update = snow3g_uia2_shash_update,
		.final = snow3g_uia2_shash_final,
	}, {
		.base = { LTE_ALG_BASE("zuc-eia3", "zuc-eia3-generic",
				       sizeof(struct lte_key_ctx)) },
		.digestsize = NASSEC_LTE_MAC_SIZE,
		.descsize = sizeof(struct zuc_eia3_desc),
		.setkey = lte_shash_setkey,
		.init = lte_mac_shash_init,
		.update = zuc_eia3_shash_update,
		.final = zuc_eia3_shash_final,
	},
};

int nassec_algs_register(void)
{
	int err;

	err = crypto_register_skciphers(lte_skciphers,
					ARRAY_SIZE(lte_skciphers));
	if (err)
		return err;
	err = crypto_register_shashes(lte_shashes, ARRAY_SIZE(lte_shashes));
	if (err)
		crypto_unregister_skciphers(lte_skciphers,
					    ARRAY_SIZE(lte_skciphers));
	return err;
}

void nassec_algs_unregister(void)
{
	crypto_unregister_shashes(lte_shashes, ARRAY_SIZE(lte_shashes));
	crypto_unregister_skciphers(lte_skciphers, ARRAY_SIZE(lte_skciphers));
}
