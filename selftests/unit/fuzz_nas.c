// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kmod/nas.c: header parser, uplink unprotect (all at
 * once and staged), downlink protect, over a context the input sets up,
 * with a deterministic fake crypto. ASan/UBSan catch memory errors; the
 * harness aborts when a rule of nas.h is broken.
 *
 * Input: one config octet, 3 octets of the current slot's UL next COUNT,
 * then records of [len][op][len octets of PDU], up to 16.
 *   config bit 0 cur valid, 1 next valid, 2 frozen, 3 the harness writes
 *     the right MAC into every uplink PDU (to reach commit, promotion and
 *     deciphering), bits 4-5 EIA, 6-7 EEA of both slots.
 *   op bits 0-1: 0 unprotect, 1 staged unprotect with a slot change
 *     between verify and commit when bit 2 is set, 2 protect with header
 *     type op >> 4, 3 parse only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nas.h"

#define MAX_RECORDS 16

/* FNV-1a over everything that goes into a MAC: a stand-in, not crypto. */
static u32 fnv(u32 h, const u8 *p, u32 len)
{
	while (len--) {
		h ^= *p++;
		h *= 16777619U;
	}
	return h;
}

static int fake_mac(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		    u8 bearer, u8 dir, const u8 *data, u32 len,
		    u8 mac[NAS_MAC_LEN])
{
	u8 hdr[8] = { alg, bearer, dir, count >> 24, count >> 16, count >> 8,
		      count };
	u32 h = 2166136261U;

	(void)priv;
	if (alg > 3 || bearer || dir > 1)
		abort();
	h = fnv(h, key, NAS_KEY_LEN);
	h = fnv(h, hdr, sizeof(hdr));
	h = fnv(h, data, len);
	nassec_put_be32(mac, h);
	return 0;
}

static int fake_cipher(void *priv, u8 alg, const u8 key[NAS_KEY_LEN],
		       u32 count, u8 bearer, u8 dir, u8 *buf, u32 len)
{
	u32 s = fnv(2166136261U, key, NAS_KEY_LEN) ^ count ^ (u32)dir << 31;
	u32 i;

	(void)priv;
	if (alg == 0 || alg > 3 || bearer || dir > 1)
		abort();
	for (i = 0; i < len; i++) {
		s = s * 1103515245U + 12345U;
		buf[i] ^= s >> 16;
	}
	return 0;
}

static const struct nas_crypto fake = {
	.mac = fake_mac,
	.cipher = fake_cipher,
};

static void setup(struct nas_ctx *ctx, u8 cfg, u32 ul_next)
{
	struct nas_slot s;

	memset(ctx, 0, sizeof(*ctx));
	memset(&s, 0, sizeof(s));
	if (cfg & 1) {
		nas_slot_init(&s, 1, cfg >> 4 & 3, cfg >> 6 & 3, ul_next, 0);
		memset(s.k_nas_int, 0x11, NAS_KEY_LEN);
		memset(s.k_nas_enc, 0x22, NAS_KEY_LEN);
		nas_ctx_install(ctx, NAS_SLOT_CUR, &s);
	}
	if (cfg & 2) {
		nas_slot_init(&s, 2, cfg >> 4 & 3, cfg >> 6 & 3, 0, 0);
		memset(s.k_nas_int, 0x33, NAS_KEY_LEN);
		memset(s.k_nas_enc, 0x44, NAS_KEY_LEN);
		nas_ctx_install(ctx, NAS_SLOT_NEXT, &s);
	}
	if (cfg & 4)
		ctx->flags |= NAS_CTX_FROZEN;
}

/* Plays the UE: the MAC nas.c will expect, when it gets that far. */
static void fix_mac(const struct nas_ctx *ctx, u8 *pdu, u32 len)
{
	const struct nas_slot *s = &ctx->cur;
	struct nas_hdr h;
	u8 mac[NAS_MAC_LEN];
	u32 count;

	if (nas_hdr_parse(pdu, len, &h) != NAS_VERDICT_OK)
		return;
	if (h.sht == NAS_SHT_INTEGRITY_CIPHERED_NEW_CTX && ctx->next.valid)
		s = &ctx->next;
	if (!s->valid)
		return;
	count = nas_count_estimate(s->ul.next, h.sqn, h.sqn_bits);
	if (s->eia == 0) {
		memset(mac, 0, sizeof(mac));
	} else if (h.sqn_bits == 5) {
		fake_mac(NULL, s->eia, s->k_nas_int, count, 0, 0, pdu, 2, mac);
	} else {
		fake_mac(NULL, s->eia, s->k_nas_int, count, 0, 0, pdu + 5,
			 len - 5, mac);
	}
	if (h.sqn_bits == 5) {
		pdu[2] = mac[2];
		pdu[3] = mac[3];
	} else {
		memcpy(pdu + 1, mac, NAS_MAC_LEN);
	}
}

static void check_result(int ret, const struct nas_result *res, u32 len,
			 const struct nas_ctx *ctx, const struct nas_ctx *before,
			 const u8 *pdu, const u8 *orig)
{
	if (ret < 0)
		abort();	/* the fake crypto never fails */
	if (ret != res->verdict || ret < NAS_VERDICT_OK ||
	    ret > NAS_VERDICT_MALFORMED)
		abort();
	if (res->msg_off > len || res->msg_len > len - res->msg_off)
		abort();
	if (ret != NAS_VERDICT_OK) {
		/* A failed message changes nothing and is never deciphered. */
		if (memcmp(ctx, before, sizeof(*ctx)) || memcmp(pdu, orig, len))
			abort();
		return;
	}
	if (!res->count_valid || res->count > NAS_COUNT_MAX)
		abort();
	/* Accepted means recorded in the (now) current slot's window. */
	if (ctx->cur.ul.next <= res->count ||
	    nas_replay_check(&ctx->cur.ul, res->count) != NAS_WIN_REPLAY)
		abort();
	if ((res->flags & NAS_F_PROMOTED) && ctx->next.valid)
		abort();
}

static void uplink(struct nas_ctx *ctx, u8 op, u8 *pdu, u32 len)
{
	struct nas_ctx before = *ctx;
	struct nas_result res;
	u8 *orig = malloc(len ? len : 1);
	int ret;

	memcpy(orig, pdu, len);
	if ((op & 3) == 0) {
		ret = nas_unprotect(ctx, &fake, pdu, len, &res);
	} else {
		struct nas_rx rx;

		ret = nas_rx_prepare(ctx, pdu, len, &rx);
		if (!ret)
			ret = nas_rx_verify(&rx, &fake);
		if (!ret && (op & 4)) {
			/* The context changes under an in-flight message. */
			nas_ctx_drop(ctx, NAS_SLOT_NEXT);
			before = *ctx;
			if (nas_rx_commit(ctx, &rx) != -EAGAIN)
				abort();
			ret = nas_rx_prepare(ctx, pdu, len, &rx);
			if (!ret)
				ret = nas_rx_verify(&rx, &fake);
		}
		if (!ret)
			ret = nas_rx_commit(ctx, &rx);
		if (!ret)
			ret = nas_rx_decipher(&rx, &fake);
		res = rx.res;
		nas_rx_wipe(&rx);
	}
	check_result(ret, &res, len, ctx, &before, pdu, orig);

	/* Whatever was accepted is never accepted again. */
	if (ret == NAS_VERDICT_OK) {
		memcpy(pdu, orig, len);
		before = *ctx;
		if (nas_unprotect(ctx, &fake, pdu, len, &res) == NAS_VERDICT_OK)
			abort();
		check_result(res.verdict, &res, len, ctx, &before, pdu, orig);
	}
	free(orig);
}

static void downlink(struct nas_ctx *ctx, u8 sht, u8 *pdu, u32 len)
{
	struct nas_ctx before = *ctx;
	struct nas_tx tx;
	int ret;

	ret = nas_protect(ctx, &fake, sht, pdu, len, &tx);
	if (ret) {
		if (memcmp(ctx, &before, sizeof(*ctx)))
			abort();
		return;
	}
	if (tx.count > NAS_COUNT_MAX || pdu[0] >> 4 != sht ||
	    pdu[5] != (tx.count & 0xff) || (ctx->flags & NAS_CTX_FROZEN))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nas_ctx ctx;
	unsigned int n;
	struct nas_hdr h;
	u8 cfg;

	if (size < 4)
		return 0;
	cfg = data[0];
	setup(&ctx, cfg, (u32)data[1] << 16 | (u32)data[2] << 8 | data[3]);
	data += 4;
	size -= 4;

	for (n = 0; n < MAX_RECORDS && size >= 2; n++) {
		u32 len = data[0];
		u8 op = data[1];
		u8 *pdu;

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		/* Exact-size heap copy: any read past len is an ASan report. */
		pdu = malloc(len ? len : 1);
		memcpy(pdu, data, len);
		data += len;
		size -= len;

		switch (op & 3) {
		case 0:
		case 1:
			if (cfg & 8)
				fix_mac(&ctx, pdu, len);
			uplink(&ctx, op, pdu, len);
			break;
		case 2:
			downlink(&ctx, op >> 4, pdu, len);
			break;
		default:
			if (nas_hdr_parse(pdu, len, &h) == NAS_VERDICT_OK &&
			    (h.msg_off > len || h.msg_len > len - h.msg_off))
				abort();
			break;
		}
		free(pdu);
	}
	nas_ctx_wipe(&ctx);
	return 0;
}
