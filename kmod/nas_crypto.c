// SPDX-License-Identifier: GPL-2.0
/*
 * NAS ciphering and integrity over the crypto API (nas_crypto.h).
 *
 * tfms are allocated once, by generic name, in a pool of sets: one set per
 * possible CPU, capped at NAS_POOL_MAX_SETS. A set holds the tfm of every
 * algorithm another module serves (nassec's own SNOW 3G and ZUC are called
 * directly, see nas_probe()) with a preallocated request, and a mutex; a
 * call takes the first free set starting at its CPU's, keys the tfm, runs
 * one request and waits. At most one call per CPU runs at a time unless a
 * call sleeps on an async driver, so this bounds contention while the pool
 * stays small: about 2-5 kB of slab per set with AES-NI (measured in the
 * test VM with the pool_sets parameter), against the same per UE if every
 * context owned its tfms; per-UE contexts hold only keys. Keying per call
 * is one AES key expansion for EEA2 (plus one block for the CMAC subkeys
 * of EIA2); SNOW 3G and ZUC state depends on COUNT anyway.
 */
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>

#include "algs.h"
#include "nas_crypto.h"
#include "snow3g.h"
#include "zuc.h"

#define NAS_POOL_MAX_SETS	64
#define NAS_DIGEST_MAX		16	/* cmac(aes); the LTE MACs use 4 */

static unsigned int pool_sets;
module_param(pool_sets, uint, 0444);
MODULE_PARM_DESC(pool_sets,
		 "NAS crypto tfm sets (default 0: one per possible CPU, at most 64)");

static const char * const nas_cipher_names[NASSEC_NAS_ALG_COUNT] = {
	[NASSEC_ALG_SNOW3G] = "snow3g-uea2",
	[NASSEC_ALG_AES] = "ctr(aes)",
	[NASSEC_ALG_ZUC] = "zuc-eea3",
};

static const char * const nas_mac_names[NASSEC_NAS_ALG_COUNT] = {
	[NASSEC_ALG_SNOW3G] = "snow3g-uia2",
	[NASSEC_ALG_AES] = "cmac(aes)",
	[NASSEC_ALG_ZUC] = "zuc-eia3",
};

struct nas_tfm_set {
	struct mutex lock;	/* one caller uses the set at a time */
	struct crypto_skcipher *cipher[NASSEC_NAS_ALG_COUNT];
	struct skcipher_request *cipher_req[NASSEC_NAS_ALG_COUNT];
	struct crypto_ahash *mac[NASSEC_NAS_ALG_COUNT];
	struct ahash_request *mac_req[NASSEC_NAS_ALG_COUNT];
	struct scatterlist sg[2];
	u8 iv[NASSEC_LTE_IV_SIZE];
	/* a driver may DMA from here on: no cache line shared with the rest */
	u8 prefix[NASSEC_LTE_MAC_PREFIX] __aligned(ARCH_DMA_MINALIGN);
	u8 digest[NAS_DIGEST_MAX];
} ____cacheline_aligned;	/* sets are used from different CPUs */

static struct nas_tfm_set *nas_pool;
static unsigned int nas_pool_sets;

const char *nassec_nas_alg_name(u8 alg, bool integrity)
{
	static const char * const eea[] = {
		"128-EEA0", "128-EEA1", "128-EEA2", "128-EEA3"
	};
	static const char * const eia[] = {
		"128-EIA0", "128-EIA1", "128-EIA2", "128-EIA3"
	};

	if (alg >= NASSEC_NAS_ALG_COUNT)
		return "unknown";
	return integrity ? eia[alg] : eea[alg];
}

/*
 * Our own algorithms are called directly, never through a pooled tfm: a
 * tfm pins the module that registered its algorithm (crypto_mod_get(), and
 * once more for the shash under an ahash), so tfms of nassec's own SNOW 3G
 * and ZUC held from init to exit would keep nassec's refcount above zero
 * and rmmod would never reach nassec_exit(). Dropping those references by
 * hand would depend on how many a given kernel's crypto core takes.
 * Instead the pool asks the crypto API which implementation is best (a
 * probe tfm, freed at once) and keeps a tfm only when another module
 * serves the name (an accelerator, AES-NI): an ordinary reference on that
 * module. When the answer is nassec's own *-generic driver, the NAS path
 * runs the same cores that driver runs (algs.c), without the tfm detour.
 */
static bool nas_own_cipher[NASSEC_NAS_ALG_COUNT];
static bool nas_own_mac[NASSEC_NAS_ALG_COUNT];
static const char *nas_cipher_driver[NASSEC_NAS_ALG_COUNT];
static const char *nas_mac_driver[NASSEC_NAS_ALG_COUNT];

static int nas_probe(void)
{
	struct crypto_skcipher *cipher;
	struct crypto_ahash *mac;
	unsigned int a;

	for (a = NASSEC_ALG_NULL + 1; a < NASSEC_NAS_ALG_COUNT; a++) {
		cipher = crypto_alloc_skcipher(nas_cipher_names[a], 0, 0);
		if (IS_ERR(cipher)) {
			pr_err("nassec: cannot allocate %s: %ld\n",
			       nas_cipher_names[a], PTR_ERR(cipher));
			return PTR_ERR(cipher);
		}
		nas_own_cipher[a] =
			crypto_skcipher_tfm(cipher)->__crt_alg->cra_module ==
			THIS_MODULE;
		/* driver names of registered algorithms outlive the tfm */
		nas_cipher_driver[a] = nas_own_cipher[a] ?
			crypto_skcipher_driver_name(cipher) : NULL;
		crypto_free_skcipher(cipher);

		mac = crypto_alloc_ahash(nas_mac_names[a], 0, 0);
		if (IS_ERR(mac)) {
			pr_err("nassec: cannot allocate %s: %ld\n",
			       nas_mac_names[a], PTR_ERR(mac));
			return PTR_ERR(mac);
		}
		nas_own_mac[a] =
			crypto_ahash_tfm(mac)->__crt_alg->cra_module ==
			THIS_MODULE;
		nas_mac_driver[a] = nas_own_mac[a] ?
			crypto_ahash_driver_name(mac) : NULL;
		crypto_free_ahash(mac);
	}
	return 0;
}

/* 128-EEA1 / 128-EEA3 on nassec's own cores (TS 33.401 B.1.2, B.1.4). */
static void nas_own_cipher_run(u8 alg, const u8 key[16], u32 count, u8 bearer,
			       u8 dir, u8 *buf, unsigned int len)
{
	union {
		struct snow3g_f8 snow;
		struct zuc_eea3 zuc;
	} st;

	if (alg == NASSEC_ALG_SNOW3G) {
		snow3g_f8_init(&st.snow, key, count, bearer, dir);
		snow3g_f8_xor(&st.snow, buf, buf, len);
	} else {
		zuc_eea3_init(&st.zuc, key, count, bearer, dir);
		zuc_eea3_xor(&st.zuc, buf, buf, len);
	}
	memzero_explicit(&st, sizeof(st));
}

/* 128-EIA1 (FRESH = BEARER << 27, TS 33.401 B.2.2) / 128-EIA3. */
static void nas_own_mac_run(u8 alg, const u8 key[16], u32 count, u8 bearer,
			    u8 dir, const u8 *data, unsigned int len, u8 mac[4])
{
	union {
		struct snow3g_f9 snow;
		struct zuc_eia3 zuc;
	} st;

	if (alg == NASSEC_ALG_SNOW3G) {
		snow3g_f9_init(&st.snow, key, count, (u32)bearer << 27, dir);
		snow3g_f9_update(&st.snow, data, len);
		put_unaligned_be32(snow3g_f9_final(&st.snow), mac);
	} else {
		zuc_eia3_init(&st.zuc, key, count, bearer, dir);
		zuc_eia3_update(&st.zuc, data, len);
		put_unaligned_be32(zuc_eia3_final(&st.zuc), mac);
	}
	memzero_explicit(&st, sizeof(st));
}

static void nas_set_free(struct nas_tfm_set *set)
{
	unsigned int a;

	for (a = 0; a < NASSEC_NAS_ALG_COUNT; a++) {
		skcipher_request_free(set->cipher_req[a]);
		crypto_free_skcipher(set->cipher[a]);
		ahash_request_free(set->mac_req[a]);
		crypto_free_ahash(set->mac[a]);
	}
	memset(set, 0, sizeof(*set));
}

static int nas_set_alloc_cipher(struct nas_tfm_set *set, unsigned int a)
{
	struct crypto_skcipher *tfm;

	tfm = crypto_alloc_skcipher(nas_cipher_names[a], 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	set->cipher[a] = tfm;
	set->cipher_req[a] = skcipher_request_alloc(tfm, GFP_KERNEL);
	return set->cipher_req[a] ? 0 : -ENOMEM;
}

static int nas_set_alloc_mac(struct nas_tfm_set *set, unsigned int a)
{
	struct crypto_ahash *tfm;

	tfm = crypto_alloc_ahash(nas_mac_names[a], 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	set->mac[a] = tfm;
	if (crypto_ahash_digestsize(tfm) > NAS_DIGEST_MAX ||
	    crypto_ahash_digestsize(tfm) < NASSEC_LTE_MAC_SIZE)
		return -EINVAL;
	set->mac_req[a] = ahash_request_alloc(tfm, GFP_KERNEL);
	return set->mac_req[a] ? 0 : -ENOMEM;
}

static int nas_set_alloc(struct nas_tfm_set *set)
{
	const char *name;
	unsigned int a;
	int err;

	mutex_init(&set->lock);
	for (a = NASSEC_ALG_NULL + 1; a < NASSEC_NAS_ALG_COUNT; a++) {
		name = nas_cipher_names[a];
		err = nas_own_cipher[a] ? 0 : nas_set_alloc_cipher(set, a);
		if (err)
			goto out_free;
		name = nas_mac_names[a];
		err = nas_own_mac[a] ? 0 : nas_set_alloc_mac(set, a);
		if (err)
			goto out_free;
	}
	return 0;

out_free:
	pr_err("nassec: cannot allocate %s: %d\n", name, err);
	nas_set_free(set);
	return err;
}

/* The first free set from this CPU's on; else wait for this CPU's set. */
static struct nas_tfm_set *nas_set_get(void)
{
	unsigned int home = raw_smp_processor_id() % nas_pool_sets, i;
	struct nas_tfm_set *set;

	for (i = 0; i < nas_pool_sets; i++) {
		set = &nas_pool[(home + i) % nas_pool_sets];
		if (mutex_trylock(&set->lock))
			return set;
	}
	set = &nas_pool[home];
	mutex_lock(&set->lock);
	return set;
}

static const u8 nas_zero_key[NASSEC_LTE_KEY_SIZE];

/*
 * A keyed tfm holds the UE's K_NASenc/K_NASint (or their AES schedule):
 * key it with zeroes before the set goes back, so no key outlives its
 * call in the pool (as kdf.c does with KASME). It cannot fail for these
 * algorithms and key size; if it ever did, the next call rekeys anyway.
 */
static void nas_set_put_cipher(struct nas_tfm_set *set, u8 alg)
{
	lockdep_assert_held(&set->lock);
	crypto_skcipher_setkey(set->cipher[alg], nas_zero_key,
			       sizeof(nas_zero_key));
	mutex_unlock(&set->lock);
}

static void nas_set_put_mac(struct nas_tfm_set *set, u8 alg)
{
	lockdep_assert_held(&set->lock);
	crypto_ahash_setkey(set->mac[alg], nas_zero_key, sizeof(nas_zero_key));
	mutex_unlock(&set->lock);
}

/* Drivers get scatterlists: only linear-mapped memory may be handed over. */
static bool nas_buf_ok(const void *buf, unsigned int len)
{
	if (!len)
		return true;
	return !WARN_ONCE(!virt_addr_valid(buf) ||
			  !virt_addr_valid((const u8 *)buf + len - 1),
			  "nassec: NAS buffer %p not in the linear mapping\n",
			  buf);
}

static bool nas_params_ok(u8 alg, u8 bearer, u8 dir)
{
	return alg < NASSEC_NAS_ALG_COUNT && bearer < 32 && dir < 2;
}

int nassec_nas_cipher(u8 alg, const u8 key[16], u32 count, u8 bearer, u8 dir,
		      u8 *buf, unsigned int len)
{
	struct skcipher_request *req;
	struct nas_tfm_set *set;
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	/* nas_crypto.h: process context, whoever serves alg (set mutex, waits) */
	might_sleep();
	if (!nas_params_ok(alg, bearer, dir))
		return -EINVAL;
	if (alg == NASSEC_ALG_NULL || !len)
		return 0;
	if (!nas_buf_ok(buf, len))
		return -EFAULT;
	if (nas_own_cipher[alg]) {
		nas_own_cipher_run(alg, key, count, bearer, dir, buf, len);
		return 0;
	}

	set = nas_set_get();
	req = set->cipher_req[alg];
	err = crypto_skcipher_setkey(set->cipher[alg], key, NASSEC_LTE_KEY_SIZE);
	if (err)
		goto out_put;
	nassec_lte_iv(set->iv, count, bearer, dir);
	sg_init_one(&set->sg[0], buf, len);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				      CRYPTO_TFM_REQ_MAY_BACKLOG,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &set->sg[0], &set->sg[0], len, set->iv);
	err = crypto_wait_req(crypto_skcipher_encrypt(req), &wait);
out_put:
	nas_set_put_cipher(set, alg);
	return err;
}

int nassec_nas_mac(u8 alg, const u8 key[16], u32 count, u8 bearer, u8 dir,
		   const u8 *data, unsigned int len, u8 mac[4])
{
	struct ahash_request *req;
	struct nas_tfm_set *set;
	DECLARE_CRYPTO_WAIT(wait);
	int err;

	/* nas_crypto.h: process context, whoever serves alg (set mutex, waits) */
	might_sleep();
	if (!nas_params_ok(alg, bearer, dir))
		return -EINVAL;
	if (alg == NASSEC_ALG_NULL) {
		memset(mac, 0, NASSEC_LTE_MAC_SIZE);
		return 0;
	}
	if (!nas_buf_ok(data, len))
		return -EFAULT;
	if (nas_own_mac[alg]) {
		nas_own_mac_run(alg, key, count, bearer, dir, data, len, mac);
		return 0;
	}

	set = nas_set_get();
	req = set->mac_req[alg];
	err = crypto_ahash_setkey(set->mac[alg], key, NASSEC_LTE_KEY_SIZE);
	if (err)
		goto out_put;
	/* TS 33.401 B.2.3: the MAC input starts with COUNT|BEARER|DIR|0^26 */
	nassec_lte_put_params(set->prefix, count, bearer, dir);
	if (len) {
		sg_init_table(set->sg, 2);
		sg_set_buf(&set->sg[1], data, len);
	} else {
		sg_init_table(set->sg, 1);
	}
	sg_set_buf(&set->sg[0], set->prefix, NASSEC_LTE_MAC_PREFIX);
	ahash_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				   CRYPTO_TFM_REQ_MAY_BACKLOG,
				   crypto_req_done, &wait);
	ahash_request_set_crypt(req, set->sg, set->digest,
				NASSEC_LTE_MAC_PREFIX + len);
	err = crypto_wait_req(crypto_ahash_digest(req), &wait);
	/* 128-EIA2: the MAC is the 32 most significant bits of the CMAC */
	if (!err)
		memcpy(mac, set->digest, NASSEC_LTE_MAC_SIZE);
out_put:
	nas_set_put_mac(set, alg);
	return err;
}

int nassec_nas_crypto_init(void)
{
	unsigned int i, a;
	int err;

	nas_pool_sets = pool_sets ? pool_sets : num_possible_cpus();
	nas_pool_sets = clamp(nas_pool_sets, 1U, (unsigned int)NAS_POOL_MAX_SETS);
	err = nas_probe();
	if (err)
		return err;
	nas_pool = kcalloc(nas_pool_sets, sizeof(*nas_pool), GFP_KERNEL);
	if (!nas_pool)
		return -ENOMEM;

	for (i = 0; i < nas_pool_sets; i++) {
		err = nas_set_alloc(&nas_pool[i]);
		if (err)
			goto out_free;
	}

	for (a = NASSEC_ALG_NULL + 1; a < NASSEC_NAS_ALG_COUNT; a++) {
		pr_info("nassec: %s %s served by %s\n",
			nassec_nas_alg_name(a, false), nas_cipher_names[a],
			nas_own_cipher[a] ? nas_cipher_driver[a] :
			crypto_skcipher_driver_name(nas_pool[0].cipher[a]));
		pr_info("nassec: %s %s served by %s\n",
			nassec_nas_alg_name(a, true), nas_mac_names[a],
			nas_own_mac[a] ? nas_mac_driver[a] :
			crypto_ahash_driver_name(nas_pool[0].mac[a]));
	}
	pr_info("nassec: NAS crypto pool: %u tfm sets\n", nas_pool_sets);
	return 0;

out_free:
	while (i--)
		nas_set_free(&nas_pool[i]);
	kfree(nas_pool);
	nas_pool = NULL;
	return err;
}

void nassec_nas_crypto_exit(void)
{
	unsigned int i;

	for (i = 0; i < nas_pool_sets; i++)
		nas_set_free(&nas_pool[i]);
	kfree(nas_pool);
	nas_pool = NULL;
	nas_pool_sets = 0;
}
