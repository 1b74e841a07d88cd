// SPDX-License-Identifier: GPL-2.0
/* TS 33.401 Annex B in userspace: the cores for EEA1/EIA1 and EEA3/EIA3, AES for 2. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "lte_algs.h"
#include "snow3g.h"
#include "zuc.h"

#define ALG_NULL	0
#define ALG_SNOW3G	1
#define ALG_AES		2
#define ALG_ZUC		3
#define AES_BLOCK	16

struct lte_algs {
	EVP_CIPHER_CTX *ecb;	/* CMAC's block cipher */
	EVP_CIPHER_CTX *ctr;
	EVP_CIPHER *aes_ecb, *aes_ctr;
};

int lte_algs_open(struct lte_algs **out)
{
	struct lte_algs *a = calloc(1, sizeof(*a));

	if (!a)
		return -ENOMEM;
	/* Fetched once: EVP_aes_128_* would look the implementation up per init. */
	a->aes_ecb = EVP_CIPHER_fetch(NULL, "AES-128-ECB", NULL);
	a->aes_ctr = EVP_CIPHER_fetch(NULL, "AES-128-CTR", NULL);
	a->ecb = EVP_CIPHER_CTX_new();
	a->ctr = EVP_CIPHER_CTX_new();
	if (!a->aes_ecb || !a->aes_ctr || !a->ecb || !a->ctr) {
		lte_algs_close(a);
		return -EIO;
	}
	*out = a;
	return 0;
}

void lte_algs_close(struct lte_algs *a)
{
	if (!a)
		return;
	/* _free cleanses the key schedules. */
	EVP_CIPHER_CTX_free(a->ecb);
	EVP_CIPHER_CTX_free(a->ctr);
	EVP_CIPHER_free(a->aes_ecb);
	EVP_CIPHER_free(a->aes_ctr);
	free(a);
}

/* TS 33.401 B.1.3 / B.2.3: COUNT | BEARER | DIRECTION | 0^26 (| 0^64). */
static void lte_params(uint8_t p[8], uint32_t count, uint8_t bearer, uint8_t dir)
{
	p[0] = count >> 24;
	p[1] = count >> 16;
	p[2] = count >> 8;
	p[3] = count;
	p[4] = (uint8_t)(bearer << 3 | dir << 2);
	p[5] = p[6] = p[7] = 0;
}

static int aes_block(struct lte_algs *a, const uint8_t in[AES_BLOCK], uint8_t out[AES_BLOCK])
{
	int n = 0;

	return EVP_EncryptUpdate(a->ecb, out, &n, in, AES_BLOCK) && n == AES_BLOCK ? 0 : -EIO;
}

/* NIST SP 800-38B: a subkey is the previous one doubled in GF(2^128). */
static void cmac_double(const uint8_t in[AES_BLOCK], uint8_t out[AES_BLOCK])
{
	uint8_t carry = in[0] >> 7;

	for (int i = 0; i < AES_BLOCK - 1; i++)
		out[i] = (uint8_t)(in[i] << 1 | in[i + 1] >> 7);
	out[AES_BLOCK - 1] = (uint8_t)(in[AES_BLOCK - 1] << 1 ^ (carry ? 0x87 : 0));
}

/* Octet i of M = params || message, with the bits past the length cleared. */
static uint8_t cmac_octet(const uint8_t params[8], const uint8_t *msg, uint64_t mbits,
			  uint64_t i)
{
	uint64_t off;
	uint8_t v;

	if (i < 8)
		return params[i];
	off = i - 8;
	v = msg[off];
	if (mbits - off * 8 < 8)
		v &= (uint8_t)(0xff00 >> (mbits - off * 8));
	return v;
}

/*
 * 128-EIA2 (TS 33.401 B.2.3): AES-CMAC over M = COUNT|BEARER|DIR|0^26 ||
 * MESSAGE of BLENGTH = LENGTH + 64 bits, which need not be whole octets:
 * SP 800-38B pads an incomplete last block with 1 0* and XORs K2, a
 * complete one takes K1, so the bit length matters and OpenSSL's octet
 * CMAC cannot serve the test sets.
 */
static int eia2(struct lte_algs *a, const uint8_t key[LTE_KEY_LEN], uint32_t count,
		uint8_t bearer, uint8_t dir, const uint8_t *msg, uint64_t bits,
		uint8_t mac[LTE_MAC_LEN])
{
	uint8_t params[8], l[AES_BLOCK], k1[AES_BLOCK], k2[AES_BLOCK], x[AES_BLOCK] = { 0 };
	uint8_t blk[AES_BLOCK];
	uint64_t total = bits + 64, nblocks = (total + 127) / 128, octets = (total + 7) / 8;
	int err;

	lte_params(params, count, bearer, dir);
	if (!EVP_EncryptInit_ex2(a->ecb, a->aes_ecb, key, NULL, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(a->ecb, 0))
		return -EIO;
	err = aes_block(a, x, l);
	cmac_double(l, k1);
	cmac_double(k1, k2);
	for (uint64_t b = 0; !err && b < nblocks; b++) {
		bool last = b == nblocks - 1;
		uint64_t first = b * AES_BLOCK;

		for (int i = 0; i < AES_BLOCK; i++) {
			uint64_t o = first + i;

			blk[i] = o < octets ? cmac_octet(params, msg, bits, o) : 0;
		}
		if (last) {
			uint64_t used = total - b * 128;	/* 1..128 bits */

			if (used < 128)	/* the 1 of the padding */
				blk[used / 8] |= (uint8_t)(0x80 >> (used % 8));
			for (int i = 0; i < AES_BLOCK; i++)
				blk[i] ^= used == 128 ? k1[i] : k2[i];
		}
		for (int i = 0; i < AES_BLOCK; i++)
			x[i] ^= blk[i];
		err = aes_block(a, x, x);
	}
	/* the MAC is the 32 most significant bits of the CMAC */
	if (!err)
		memcpy(mac, x, LTE_MAC_LEN);
	OPENSSL_cleanse(l, sizeof(l));
	OPENSSL_cleanse(k1, sizeof(k1));
	OPENSSL_cleanse(k2, sizeof(k2));
	OPENSSL_cleanse(x, sizeof(x));
	OPENSSL_cleanse(blk, sizeof(blk));
	return err;
}

/* 128-EEA2 (TS 33.401 B.1.3): AES-CTR from the counter block COUNT|BEARER|DIR|0^90. */
static int eea2(struct lte_algs *a, const uint8_t key[LTE_KEY_LEN], uint32_t count,
		uint8_t bearer, uint8_t dir, uint8_t *buf, uint32_t octets)
{
	uint8_t iv[AES_BLOCK] = { 0 };
	int n = 0;

	lte_params(iv, count, bearer, dir);
	if (!EVP_EncryptInit_ex2(a->ctr, a->aes_ctr, key, iv, NULL) ||
	    !EVP_EncryptUpdate(a->ctr, buf, &n, buf, (int)octets) || (uint32_t)n != octets)
		return -EIO;
	return 0;
}

static bool params_ok(uint8_t alg, uint8_t bearer, uint8_t dir)
{
	return alg <= ALG_ZUC && bearer < 32 && dir < 2;
}

int lte_eia(struct lte_algs *a, uint8_t alg, const uint8_t key[LTE_KEY_LEN],
	    uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *msg,
	    uint64_t bits, uint8_t mac[LTE_MAC_LEN])
{
	uint32_t m;

	if (!params_ok(alg, bearer, dir))
		return -EINVAL;
	switch (alg) {
	case ALG_NULL:
		memset(mac, 0, LTE_MAC_LEN);
		return 0;
	case ALG_SNOW3G:	/* B.2.2: UIA2 with FRESH = BEARER << 27, in the core */
		m = snow3g_eia1(key, count, bearer, dir, msg, bits);
		break;
	case ALG_ZUC:
		if (bits > UINT32_MAX)
			return -EINVAL;
		m = zuc_eia3(key, count, bearer, dir, msg, (uint32_t)bits);
		break;
	default:
		return eia2(a, key, count, bearer, dir, msg, bits, mac);
	}
	nassec_put_be32(mac, m);
	return 0;
}

int lte_eea(struct lte_algs *a, uint8_t alg, const uint8_t key[LTE_KEY_LEN],
	    uint32_t count, uint8_t bearer, uint8_t dir, uint8_t *buf, uint32_t bits)
{
	uint32_t octets = (uint32_t)(((uint64_t)bits + 7) / 8);
	int err = 0;

	if (!params_ok(alg, bearer, dir))
		return -EINVAL;
	switch (alg) {
	case ALG_NULL:
		return 0;
	case ALG_SNOW3G:
		snow3g_eea1(key, count, bearer, dir, buf, buf, bits);
		break;
	case ALG_ZUC:
		zuc_eea3(key, count, bearer, dir, buf, buf, bits);
		break;
	default:
		err = eea2(a, key, count, bearer, dir, buf, octets);
		break;
	}
	/* TS 33.401 B.1: only LENGTH bits are output; the rest of the octet is 0. */
	if (!err && bits % 8)
		buf[octets - 1] &= (uint8_t)(0xff00 >> (bits % 8));
	return err;
}
