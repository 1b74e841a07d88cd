// SPDX-License-Identifier: GPL-2.0
/*
 * NAS ciphering and integrity over the crypto API (nas_crypto.h).
 *
 * tfms are allocated once, by generic name, in a pool of sets: one set per
 * possible CPU, capped at NAS_POOL_MAX_SETS. A set holds every algorithm's
 * tfm and a preallocated request, and a mutex; a call takes the first free
 * set starting at its CPU's, keys the tfm, runs one request and waits. At
 * most one call per CPU runs at a time unless a call sleeps on an async
 * driver, so this bounds contention while the pool stays small: about
 * 2-5 kB of slab per set with AES-NI (measured in the test VM with the
 * pool_sets parameter), against the same per UE if every context owned its
 * tfms; per-UE contexts hold only keys. Keying per call is one AES key
 * expansion for EEA2 (plus one block for the CMAC subkeys of EIA2) and a
 * 16-octet copy for SNOW 3G and ZUC, whose state depends on COUNT anyway.
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

#define NAS_POOL_MAX_SETS	64
#define NAS_DIGEST_MAX		16	/* cmac(aes); the LTE MACs use 4 */

static unsigned int pool_sets;
module_param(pool_sets, uint, 0444);
MODULE_PARM_DESC(pool_sets,
		 "NAS crypto tfm sets (default 0: one per possible CPU, at most 64)");

static const char * const nas_cipher_names[NASSEC_NAS_ALG_COUNT] = {
	[NASSEC_NAS_ALG_SNOW3G] = "snow3g-uea2",
	[NASSEC_NAS_ALG_AES] = "ctr(aes)",
	[NASSEC_NAS_ALG_ZUC] = "zuc-eea3",
};

static const char * const nas_mac_names[NASSEC_NAS_ALG_COUNT] = {
	[NASSEC_NAS_ALG_SNOW3G] = "snow3g-uia2",
	[NASSEC_NAS_ALG_AES] = "cmac(aes)",
	[NASSEC_NAS_ALG_ZUC] = "zuc-eia3",
};

struct nas_tfm_set {
	struct mutex lock;	/* one caller uses the set at a time */
	struct crypto_skcipher *cipher[NASSEC_NAS_ALG_COUNT];
	struct skcipher_request *cipher_req[NASSEC_NAS_ALG_COUNT];
	struct crypto_ahash *mac[NASSEC_NAS_ALG_COUNT];
	struct ahash_request *mac_req[NASSEC_NAS_ALG_COUNT];
	/* references this set dropped on the module's own algorithms */
	u8 cipher_pins[NASSEC_NAS_ALG_COUNT];
	u8 mac_pins[NASSEC_NAS_ALG_COUNT];
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
 * A tfm of an algorithm this module registered holds references on the
 * module itself, so the pool would pin nassec and rmmod would always fail.
 * Give exactly those back while the pool owns the tfm (nas_repin() takes
 * them again before freeing it): one for the tfm's algorithm, and one more
 * for the shash tfm an ahash over an shash keeps inside (6.1
 * crypto_init_shash_ops_async()).
 */
static u8 nas_unpin(struct crypto_tfm *tfm)
{
	u8 pins = 1, i;

	if (tfm->__crt_alg->cra_module != THIS_MODULE)
		return 0;
	if (crypto_tfm_alg_type(tfm) == CRYPTO_ALG_TYPE_SHASH)
		pins++;
	for (i = 0; i < pins; i++)
		module_put(THIS_MODULE);
	return pins;
}

static void nas_repin(u8 pins)
{
	while (pins--)
		__module_get(THIS_MODULE);
}

static void nas_set_free(struct nas_tfm_set *set)
{
	unsigned int a;

	for (a = 0; a < NASSEC_NAS_ALG_COUNT; a++) {
		skcipher_request_free(set->cipher_req[a]);
		if (set->cipher[a]) {
			nas_repin(set->cipher_pins[a]);
			crypto_free_skcipher(set->cipher[a]);
		}
		ahash_request_free(set->mac_req[a]);
		if (set->mac[a]) {
			nas_repin(set->mac_pins[a]);
			crypto_free_ahash(set->mac[a]);
		}
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
	set->cipher_pins[a] = nas_unpin(crypto_skcipher_tfm(tfm));
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
	set->mac_pins[a] = nas_unpin(crypto_ahash_tfm(tfm));
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
	for (a = NASSEC_NAS_ALG_NULL + 1; a < NASSEC_NAS_ALG_COUNT; a++) {
		name = nas_cipher_names[a];
		err = nas_set_alloc_cipher(set, a);
		if (err)
			goto out_free;
		name = nas_mac_names[a];
		err = nas_set_alloc_mac(set, a);
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
	crypto_skcipher_setkey(set->cipher[alg], nas_zero_key,
			       sizeof(nas_zero_key));
	mutex_unlock(&set->lock);
}

static void nas_set_put_mac(struct nas_tfm_set *set, u8 alg)
{
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

	if (!nas_params_ok(alg, bearer, dir))
		return -EINVAL;
	if (alg == NASSEC_NAS_ALG_NULL || !len)
		return 0;
	if (!nas_buf_ok(buf, len))
		return -EFAULT;

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

	if (!nas_params_ok(alg, bearer, dir))
		return -EINVAL;
	if (alg == NASSEC_NAS_ALG_NULL) {
		memset(mac, 0, NASSEC_LTE_MAC_SIZE);
		return 0;
	}
	if (!nas_buf_ok(data, len))
		return -EFAULT;

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
	nas_pool = kcalloc(nas_pool_sets, sizeof(*nas_pool), GFP_KERNEL);
	if (!nas_pool)
		return -ENOMEM;

	for (i = 0; i < nas_pool_sets; i++) {
		err = nas_set_alloc(&nas_pool[i]);
		if (err)
			goto out_free;
	}

	for (a = NASSEC_NAS_ALG_NULL + 1; a < NASSEC_NAS_ALG_COUNT; a++) {
		pr_info("nassec: %s %s served by %s\n",
			nassec_nas_alg_name(a, false), nas_cipher_names[a],
			crypto_skcipher_driver_name(nas_pool[0].cipher[a]));
		pr_info("nassec: %s %s served by %s\n",
			nassec_nas_alg_name(a, true), nas_mac_names[a],
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
