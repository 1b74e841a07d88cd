// SPDX-License-Identifier: GPL-2.0
/*
 * MILENAGE (TS 35.206 section 4) on OpenSSL's AES-128: the kernel function
 * E_K is one ECB block, so one cipher context keyed with K serves every
 * block of a call.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "milenage.h"

#define BLK 16

struct milenage_aes {
	EVP_CIPHER_CTX *ctx;
};

static int aes_init(struct milenage_aes *a, const uint8_t k[MILENAGE_K_LEN])
{
	a->ctx = EVP_CIPHER_CTX_new();
	if (!a->ctx)
		return -EIO;
	if (EVP_EncryptInit_ex(a->ctx, EVP_aes_128_ecb(), NULL, k, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(a->ctx, 0) != 1) {
		EVP_CIPHER_CTX_free(a->ctx);
		a->ctx = NULL;
		return -EIO;
	}
	return 0;
}

/* EVP_CIPHER_CTX_free cleanses the expanded key schedule. */
static void aes_done(struct milenage_aes *a)
{
	EVP_CIPHER_CTX_free(a->ctx);
	a->ctx = NULL;
}

static int aes_block(struct milenage_aes *a, const uint8_t in[BLK], uint8_t out[BLK])
{
	int len = 0;

	if (EVP_EncryptUpdate(a->ctx, out, &len, in, BLK) != 1 || len != BLK)
		return -EIO;
	return 0;
}

static void xor_block(uint8_t *dst, const uint8_t *a, const uint8_t *b)
{
	int i;

	for (i = 0; i < BLK; i++)
		dst[i] = a[i] ^ b[i];
}

/* TS 35.206 4.1: rot(x, r) rotates x left by r bits; every r is whole octets. */
static void rot_block(uint8_t dst[BLK], const uint8_t src[BLK], unsigned int r_bits)
{
	unsigned int i, r = r_bits / 8;

	for (i = 0; i < BLK; i++)
		dst[i] = src[(i + r) % BLK];
}

int milenage_opc(const uint8_t k[MILENAGE_K_LEN], const uint8_t op[MILENAGE_OP_LEN],
		 uint8_t opc[MILENAGE_OP_LEN])
{
	struct milenage_aes a;
	uint8_t e[BLK];
	int err;

	err = aes_init(&a, k);
	if (err)
		return err;
	err = aes_block(&a, op, e);
	if (!err)
		xor_block(opc, e, op);
	aes_done(&a);
	OPENSSL_cleanse(e, sizeof(e));
	return err;
}

/* TEMP = E_K(RAND xor OPc), the value every function starts from. */
static int milenage_temp(struct milenage_aes *a, const uint8_t opc[BLK],
			 const uint8_t rand[BLK], uint8_t temp[BLK])
{
	uint8_t x[BLK];
	int err;

	xor_block(x, rand, opc);
	err = aes_block(a, x, temp);
	OPENSSL_cleanse(x, sizeof(x));
	return err;
}

int milenage_f1(const uint8_t k[MILENAGE_K_LEN], const uint8_t opc[MILENAGE_OP_LEN],
		const uint8_t rand[MILENAGE_RAND_LEN], const uint8_t sqn[MILENAGE_SQN_LEN],
		const uint8_t amf[MILENAGE_AMF_LEN], uint8_t mac_a[MILENAGE_MAC_LEN],
		uint8_t mac_s[MILENAGE_MAC_LEN])
{
	uint8_t temp[BLK], in1[BLK], x[BLK], y[BLK], out[BLK];
	struct milenage_aes a;
	int err;

	err = aes_init(&a, k);
	if (err)
		return err;
	err = milenage_temp(&a, opc, rand, temp);
	if (err)
		goto out;

	/* IN1 = SQN || AMF || SQN || AMF; r1 = 64, c1 = 0. */
	memcpy(in1, sqn, MILENAGE_SQN_LEN);
	memcpy(in1 + 6, amf, MILENAGE_AMF_LEN);
	memcpy(in1 + 8, in1, 8);
	xor_block(x, in1, opc);
	rot_block(y, x, 64);
	xor_block(x, y, temp);
	err = aes_block(&a, x, out);
	if (err)
		goto out;
	xor_block(out, out, opc);
	if (mac_a)
		memcpy(mac_a, out, MILENAGE_MAC_LEN);
	if (mac_s)
		memcpy(mac_s, out + 8, MILENAGE_MAC_LEN);
out:
	aes_done(&a);
	OPENSSL_cleanse(temp, sizeof(temp));
	OPENSSL_cleanse(in1, sizeof(in1));
	OPENSSL_cleanse(x, sizeof(x));
	OPENSSL_cleanse(y, sizeof(y));
	OPENSSL_cleanse(out, sizeof(out));
	return err;
}

/* OUTn = E_K(rot(TEMP xor OPc, rn) xor cn) xor OPc, n = 2..5. */
static int milenage_out(struct milenage_aes *a, const uint8_t opc[BLK],
			const uint8_t temp[BLK], unsigned int r_bits, uint8_t c,
			uint8_t out[BLK])
{
	uint8_t x[BLK], y[BLK];
	int err;

	xor_block(x, temp, opc);
	rot_block(y, x, r_bits);
	/* cn differs from zero only in its last octet (TS 35.206 4.1). */
	y[BLK - 1] ^= c;
	err = aes_block(a, y, out);
	if (!err)
		xor_block(out, out, opc);
	OPENSSL_cleanse(x, sizeof(x));
	OPENSSL_cleanse(y, sizeof(y));
	return err;
}

int milenage_f2345(const uint8_t k[MILENAGE_K_LEN], const uint8_t opc[MILENAGE_OP_LEN],
		   const uint8_t rand[MILENAGE_RAND_LEN], uint8_t res[MILENAGE_RES_LEN],
		   uint8_t ck[MILENAGE_CK_LEN], uint8_t ik[MILENAGE_IK_LEN],
		   uint8_t ak[MILENAGE_AK_LEN], uint8_t ak_star[MILENAGE_AK_LEN])
{
	uint8_t temp[BLK], out[BLK];
	struct milenage_aes a;
	int err;

	err = aes_init(&a, k);
	if (err)
		return err;
	err = milenage_temp(&a, opc, rand, temp);
	if (err)
		goto out;

	/* OUT2 (r2 = 0, c2 = 1): f5 = bits 0..47, f2 = bits 64..127. */
	if (res || ak) {
		err = milenage_out(&a, opc, temp, 0, 0x01, out);
		if (err)
			goto out;
		if (ak)
			memcpy(ak, out, MILENAGE_AK_LEN);
		if (res)
			memcpy(res, out + 8, MILENAGE_RES_LEN);
	}
	/* OUT3 (r3 = 32, c3 = 2) = f3. */
	if (ck) {
		err = milenage_out(&a, opc, temp, 32, 0x02, out);
		if (err)
			goto out;
		memcpy(ck, out, MILENAGE_CK_LEN);
	}
	/* OUT4 (r4 = 64, c4 = 4) = f4. */
	if (ik) {
		err = milenage_out(&a, opc, temp, 64, 0x04, out);
		if (err)
			goto out;
		memcpy(ik, out, MILENAGE_IK_LEN);
	}
	/* OUT5 (r5 = 96, c5 = 8): f5* = bits 0..47. */
	if (ak_star) {
		err = milenage_out(&a, opc, temp, 96, 0x08, out);
		if (err)
			goto out;
		memcpy(ak_star, out, MILENAGE_AK_LEN);
	}
out:
	aes_done(&a);
	OPENSSL_cleanse(temp, sizeof(temp));
	OPENSSL_cleanse(out, sizeof(out));
	return err;
}
