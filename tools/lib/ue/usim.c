// SPDX-License-Identifier: GPL-2.0
/* The tests' USIM: see usim.h. */
#include <string.h>
#include <openssl/evp.h>

#include "usim.h"

/* One AES-128 block with K. */
static int aes_block(const uint8_t k[16], const uint8_t in[16], uint8_t out[16])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int len = 0, ok;

	ok = c && EVP_EncryptInit_ex(c, EVP_aes_128_ecb(), NULL, k, NULL) &&
	     EVP_CIPHER_CTX_set_padding(c, 0) &&
	     EVP_EncryptUpdate(c, out, &len, in, 16) && len == 16;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

/*
 * TS 35.206 4.1: OUTn = E_K(rot(X xor OPc, r) xor c) xor OPc, where X is
 * TEMP (n = 2..5) or TEMP xor rot(IN1 xor OPc, r1) handled by the caller;
 * r is a whole number of octets for every n, c has one bit set in its
 * last octet (c1 = 0).
 */
static int out_n(const uint8_t k[16], const uint8_t opc[16], const uint8_t x[16],
		 unsigned int r_octets, uint8_t c_last, uint8_t out[16])
{
	uint8_t in[16];

	for (int i = 0; i < 16; i++)
		in[i] = x[(i + r_octets) % 16] ^ opc[(i + r_octets) % 16];
	in[15] ^= c_last;
	if (aes_block(k, in, out))
		return -1;
	for (int i = 0; i < 16; i++)
		out[i] ^= opc[i];
	return 0;
}

int usim_milenage(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		  const uint8_t sqn[6], const uint8_t amf[2], struct milenage_out *o)
{
	uint8_t temp[16], x[16], in1[16], out[16];

	for (int i = 0; i < 16; i++)
		x[i] = rand[i] ^ opc[i];
	if (aes_block(k, x, temp))
		return -1;
	/* f1/f1*: IN1 = SQN || AMF || SQN || AMF, r1 = 64 bits, c1 = 0. */
	memcpy(in1, sqn, 6);
	memcpy(in1 + 6, amf, 2);
	memcpy(in1 + 8, in1, 8);
	for (int i = 0; i < 16; i++)
		x[i] = in1[(i + 8) % 16] ^ opc[(i + 8) % 16] ^ temp[i];
	if (aes_block(k, x, out))
		return -1;
	for (int i = 0; i < 16; i++)
		out[i] ^= opc[i];
	memcpy(o->mac_a, out, 8);
	memcpy(o->mac_s, out + 8, 8);
	if (out_n(k, opc, temp, 0, 1, out))	/* f2, f5: r2 = 0, c2 = 1 */
		return -1;
	memcpy(o->ak, out, 6);
	memcpy(o->res, out + 8, 8);
	if (out_n(k, opc, temp, 4, 2, o->ck) ||	/* f3: r3 = 32 bits, c3 = 2 */
	    out_n(k, opc, temp, 8, 4, o->ik))		/* f4: r4 = 64 bits, c4 = 4 */
		return -1;
	if (out_n(k, opc, temp, 12, 8, out))	/* f5*: r5 = 96 bits, c5 = 8 */
		return -1;
	memcpy(o->ak_star, out, 6);
	return 0;
}

int usim_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16])
{
	if (aes_block(k, op, opc))
		return -1;
	for (int i = 0; i < 16; i++)
		opc[i] ^= op[i];
	return 0;
}

int usim_kasme(const uint8_t ck[16], const uint8_t ik[16], const uint8_t sn_id[3],
	       const uint8_t sqn_xor_ak[6], uint8_t kasme[32])
{
	/* S = FC(0x10) || P0 (SN id) || L0 (3) || P1 (SQN xor AK) || L1 (6) */
	uint8_t key[32], s[14] = { 0x10, sn_id[0], sn_id[1], sn_id[2], 0x00, 0x03 };
	size_t len = 0;

	memcpy(key, ck, 16);
	memcpy(key + 16, ik, 16);
	memcpy(s + 6, sqn_xor_ak, 6);
	s[12] = 0x00;
	s[13] = 0x06;
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, sizeof(key), s, sizeof(s),
		       kasme, 32, &len) || len != 32)
		return -1;
	return 0;
}

static uint64_t sqn_value(const uint8_t b[6])
{
	uint64_t v = 0;

	for (int i = 0; i < 6; i++)
		v = v << 8 | b[i];
	return v;
}

enum usim_result usim_authenticate(struct usim *u, const uint8_t rand[16],
				   const uint8_t autn[16], const uint8_t sn_id[3],
				   uint8_t res[8], uint8_t kasme[32], uint8_t auts[14])
{
	static const uint8_t amf_resync[2];
	struct milenage_out o, rs;
	uint8_t sqn[6], sqn_ms[6];
	uint64_t seen;

	/* AK from RAND alone (SQN does not enter f5), then SQN, then XMAC. */
	memset(sqn, 0, sizeof(sqn));
	if (usim_milenage(u->k, u->opc, rand, sqn, autn + 6, &o))
		return USIM_ERROR;
	for (int i = 0; i < 6; i++)
		sqn[i] = autn[i] ^ o.ak[i];
	if (usim_milenage(u->k, u->opc, rand, sqn, autn + 6, &o))
		return USIM_ERROR;
	if (memcmp(o.mac_a, autn + 8, 8))
		return USIM_MAC_FAILURE;
	/* TS 33.401 6.1.1: E-UTRAN vectors carry the AMF separation bit. */
	if (!(autn[6] & 0x80))
		return USIM_NOT_EPS;
	seen = sqn_value(sqn);
	u->sqn_last = seen;
	if (seen <= u->sqn_max) {
		/* TS 33.102 6.3.3: AUTS = SQN_MS xor f5* || f1*(SQN_MS, AMF 0). */
		for (int i = 0; i < 6; i++)
			sqn_ms[i] = (uint8_t)(u->sqn_max >> (40 - 8 * i));
		if (usim_milenage(u->k, u->opc, rand, sqn_ms, amf_resync, &rs))
			return USIM_ERROR;
		for (int i = 0; i < 6; i++)
			auts[i] = sqn_ms[i] ^ rs.ak_star[i];
		memcpy(auts + 6, rs.mac_s, 8);
		return USIM_SYNCH_FAILURE;
	}
	u->sqn_max = seen;
	memcpy(res, o.res, 8);
	return usim_kasme(o.ck, o.ik, sn_id, autn, kasme) ? USIM_ERROR : USIM_OK;
}
