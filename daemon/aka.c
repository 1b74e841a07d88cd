// SPDX-License-Identifier: GPL-2.0
/* EPS-AKA, network side: TS 33.401 6.1 on TS 33.102 6.3 and MILENAGE. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>

#include "aka.h"
#include "eps_kdf.h"
#include "milenage.h"

int aka_random_getrandom(void *arg, uint8_t *buf, size_t len)
{
	(void)arg;
	while (len) {
		ssize_t n = getrandom(buf, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

void aka_sqn_put(uint64_t sqn, uint8_t out[AKA_SQN_LEN])
{
	int i;

	for (i = AKA_SQN_LEN - 1; i >= 0; i--) {
		out[i] = sqn & 0xff;
		sqn >>= 8;
	}
}

uint64_t aka_sqn_get(const uint8_t in[AKA_SQN_LEN])
{
	uint64_t sqn = 0;
	int i;

	for (i = 0; i < AKA_SQN_LEN; i++)
		sqn = sqn << 8 | in[i];
	return sqn;
}

void aka_keys_wipe(struct aka_keys *keys)
{
	OPENSSL_cleanse(keys, sizeof(*keys));
}

void aka_vector_wipe(struct aka_vector *av)
{
	OPENSSL_cleanse(av, sizeof(*av));
}

int aka_vector_make(const struct aka_keys *keys, uint64_t sqn,
		    const uint8_t sn_id[AKA_SN_ID_LEN], aka_random_fn rnd, void *rnd_arg,
		    struct aka_vector *av)
{
	uint8_t sqn_b[AKA_SQN_LEN], amf[AKA_AMF_LEN], mac_a[MILENAGE_MAC_LEN];
	uint8_t ck[MILENAGE_CK_LEN], ik[MILENAGE_IK_LEN], ak[MILENAGE_AK_LEN];
	uint8_t res[MILENAGE_RES_LEN];
	int err, i;

	memset(av, 0, sizeof(*av));
	if (sqn > AKA_SQN_MASK)
		return -EINVAL;
	if (!rnd)
		rnd = aka_random_getrandom;
	err = rnd(rnd_arg, av->rand, sizeof(av->rand));
	if (err)
		goto out;

	aka_sqn_put(sqn, sqn_b);
	memcpy(amf, keys->amf, sizeof(amf));
	amf[0] |= AKA_AMF_SEPARATION_BIT;

	err = milenage_f1(keys->k, keys->opc, av->rand, sqn_b, amf, mac_a, NULL);
	if (!err)
		err = milenage_f2345(keys->k, keys->opc, av->rand, res, ck, ik, ak, NULL);
	if (err)
		goto out;

	/* TS 33.102 6.3.2: AUTN = SQN xor AK || AMF || MAC. */
	for (i = 0; i < AKA_SQN_LEN; i++)
		av->autn[i] = sqn_b[i] ^ ak[i];
	memcpy(av->autn + 6, amf, AKA_AMF_LEN);
	memcpy(av->autn + 8, mac_a, MILENAGE_MAC_LEN);
	memcpy(av->xres, res, MILENAGE_RES_LEN);
	av->xres_len = MILENAGE_RES_LEN;
	av->sqn = sqn;

	/* TS 33.401 A.2: P1 is SQN xor AK, i.e. the first 6 octets of AUTN. */
	err = kdf_kasme(ck, ik, sn_id, av->autn, av->kasme);
out:
	if (err)
		aka_vector_wipe(av);
	OPENSSL_cleanse(ck, sizeof(ck));
	OPENSSL_cleanse(ik, sizeof(ik));
	OPENSSL_cleanse(ak, sizeof(ak));
	OPENSSL_cleanse(res, sizeof(res));
	OPENSSL_cleanse(mac_a, sizeof(mac_a));
	return err;
}

bool aka_res_ok(const struct aka_vector *av, const uint8_t *res, size_t res_len)
{
	if (!res || res_len < AKA_RES_MIN || res_len > AKA_RES_MAX ||
	    res_len != av->xres_len)
		return false;
	return CRYPTO_memcmp(res, av->xres, res_len) == 0;
}

int aka_auts_check(const struct aka_keys *keys, const uint8_t rand[AKA_RAND_LEN],
		   const uint8_t auts[AKA_AUTS_LEN], uint64_t *sqn_ms)
{
	/* TS 33.102 6.3.3: MAC-S is computed with a dummy AMF of all zeros. */
	static const uint8_t amf0[AKA_AMF_LEN];
	uint8_t ak_star[MILENAGE_AK_LEN], sqn_b[AKA_SQN_LEN], mac_s[MILENAGE_MAC_LEN];
	int err, i;

	err = milenage_f2345(keys->k, keys->opc, rand, NULL, NULL, NULL, NULL, ak_star);
	if (err)
		goto out;
	for (i = 0; i < AKA_SQN_LEN; i++)
		sqn_b[i] = auts[i] ^ ak_star[i];
	err = milenage_f1(keys->k, keys->opc, rand, sqn_b, amf0, NULL, mac_s);
	if (err)
		goto out;
	if (CRYPTO_memcmp(mac_s, auts + AKA_SQN_LEN, MILENAGE_MAC_LEN)) {
		err = -EBADMSG;
		goto out;
	}
	*sqn_ms = aka_sqn_get(sqn_b);
out:
	OPENSSL_cleanse(ak_star, sizeof(ak_star));
	OPENSSL_cleanse(sqn_b, sizeof(sqn_b));
	OPENSSL_cleanse(mac_s, sizeof(mac_s));
	return err;
}
