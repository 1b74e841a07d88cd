// SPDX-License-Identifier: GPL-2.0
/*
 * EPS NAS security core: header codec, uplink COUNT estimation, replay
 * window, protect/unprotect over the current and new EPS security context
 * slots. The contract is in nas.h.
 */
#include "nassec_types.h"
#include "nas.h"

enum nas_rx_stage {
	NAS_RX_IDLE,
	NAS_RX_PREPARED,
	NAS_RX_VERIFIED,
	NAS_RX_COMMITTED,
};

void nas_replay_init(struct nas_replay *w, u32 next)
{
	w->next = next;
	w->seen = ~0ULL;
}

enum nas_window nas_replay_check(const struct nas_replay *w, u32 count)
{
	u32 back;

	if (count > NAS_COUNT_MAX)
		return NAS_WIN_TOO_OLD;
	if (count >= w->next)
		return NAS_WIN_FRESH;
	back = w->next - count;		/* 1 = the highest accepted */
	if (back > NAS_REPLAY_WINDOW)
		return NAS_WIN_TOO_OLD;
	return (w->seen >> (back - 1)) & 1 ? NAS_WIN_REPLAY : NAS_WIN_FRESH;
}

enum nas_window nas_replay_commit(struct nas_replay *w, u32 count)
{
	enum nas_window st = nas_replay_check(w, count);
	u32 shift;

	if (st != NAS_WIN_FRESH)
		return st;
	if (count >= w->next) {
		shift = count - w->next + 1;
		w->seen = shift >= NAS_REPLAY_WINDOW ? 0 : w->seen << shift;
		w->seen |= 1;
		w->next = count + 1;
	} else {
		w->seen |= 1ULL << (w->next - count - 1);
	}
	return NAS_WIN_FRESH;
}

/*
 * TS 24.301 4.4.3.1: the receiver keeps the overflow counter and takes the
 * SQN from the message. A SQN a little behind the next expected one is a
 * reordered message (SCTP streams) of the same or the previous overflow
 * period, anything else is the current period or, if the SQN wrapped, the
 * next one.
 */
u32 nas_count_estimate(u32 next, u8 sqn, unsigned int sqn_bits)
{
	u32 mod = 1U << sqn_bits;
	u32 behind = sqn_bits == 8 ? NAS_REPLAY_WINDOW : mod / 4;
	u32 delta = (sqn - next) & (mod - 1);

	if (delta >= mod - behind && next >= mod - delta)
		return next - (mod - delta);
	return next + delta;
}

enum nas_verdict nas_hdr_parse(const u8 *pdu, u32 len, struct nas_hdr *h)
{
	u8 sht;

	memset(h, 0, sizeof(*h));
	if (len < 1)
		return NAS_VERDICT_MALFORMED;
	h->pd = pdu[0] & 0x0f;
	sht = pdu[0] >> 4;
	h->msg_len = len;

	/* TS 24.301 9.3.2: for ESM the high nibble is the EPS bearer id. */
	if (h->pd == NAS_PD_ESM)
		return len >= NAS_ESM_MIN_LEN ? NAS_VERDICT_PLAIN :
						NAS_VERDICT_MALFORMED;
	if (h->pd != NAS_PD_EMM)
		return NAS_VERDICT_MALFORMED;

	h->sht = sht;
	switch (sht) {
	case NAS_SHT_PLAIN:
		return len >= NAS_EMM_MIN_LEN ? NAS_VERDICT_PLAIN :
						NAS_VERDICT_MALFORMED;
	case NAS_SHT_INTEGRITY:
	case NAS_SHT_INTEGRITY_CIPHERED:
	case NAS_SHT_INTEGRITY_NEW_CTX:
	case NAS_SHT_INTEGRITY_CIPHERED_NEW_CTX:
		if (len < NAS_PROTECTED_MIN_LEN)
			return NAS_VERDICT_MALFORMED;
		memcpy(h->mac, pdu + 1, NAS_MAC_LEN);
		h->sqn = pdu[NAS_SQN_OFF];
		h->sqn_bits = 8;
		h->msg_off = NAS_HDR_LEN;
		h->msg_len = len - NAS_HDR_LEN;
		return NAS_VERDICT_OK;
	case NAS_SHT_SERVICE_REQUEST:
	case 13:
	case 14:
	case 15:
		/* TS 24.301 9.3.1: 13-15 are interpreted as 12. */
		h->sht = NAS_SHT_SERVICE_REQUEST;
		if (len != NAS_SR_LEN)
			return NAS_VERDICT_MALFORMED;
		/* TS 24.301 9.9.3.19: KSI (3 bits) | SQN (5 bits). */
		h->ksi = pdu[1] >> 5;
		h->sqn = pdu[1] & 0x1f;
		h->sqn_bits = 5;
		h->mac[2] = pdu[2];
		h->mac[3] = pdu[3];
		return NAS_VERDICT_OK;
	default:
		return NAS_VERDICT_MALFORMED;
	}
}

void nas_hdr_build(u8 *pdu, u8 sht, const u8 mac[NAS_MAC_LEN], u8 sqn)
{
	pdu[0] = sht << 4 | NAS_PD_EMM;
	memcpy(pdu + 1, mac, NAS_MAC_LEN);
	pdu[NAS_SQN_OFF] = sqn;
}

void nas_slot_init(struct nas_slot *s, u8 eksi, u8 eia, u8 eea,
		   u32 ul_next, u32 dl_next)
{
	s->eksi = eksi;
	s->eia = eia;
	s->eea = eea;
	s->dl_count = dl_next;
	nas_replay_init(&s->ul, ul_next);
	s->valid = true;
}

static struct nas_slot *nas_slot_of(struct nas_ctx *ctx, enum nas_slot_id id)
{
	return id == NAS_SLOT_NEXT ? &ctx->next : &ctx->cur;
}

void nas_ctx_install(struct nas_ctx *ctx, enum nas_slot_id id,
		     const struct nas_slot *src)
{
	struct nas_slot *s = nas_slot_of(ctx, id);

	nassec_wipe(s, sizeof(*s));
	*s = *src;
	ctx->generation++;
}

void nas_ctx_drop(struct nas_ctx *ctx, enum nas_slot_id id)
{
	nassec_wipe(nas_slot_of(ctx, id), sizeof(struct nas_slot));
	ctx->generation++;
}

/* TS 33.401 7.2.4.4: the SMC's context becomes current on SMC COMPLETE. */
void nas_ctx_promote(struct nas_ctx *ctx)
{
	nassec_wipe(&ctx->cur, sizeof(ctx->cur));
	ctx->cur = ctx->next;
	nassec_wipe(&ctx->next, sizeof(ctx->next));
	ctx->generation++;
}

void nas_ctx_wipe(struct nas_ctx *ctx)
{
	nassec_wipe(&ctx->cur, sizeof(ctx->cur));
	nassec_wipe(&ctx->next, sizeof(ctx->next));
	ctx->generation++;
}

/* TS 33.401 B.2: EIA0's MAC is all zeros. */
static int nas_mac(const struct nas_crypto *cr, u8 eia, const u8 *key,
		   u32 count, u8 dir, const u8 *data, u32 len,
		   u8 mac[NAS_MAC_LEN])
{
	if (eia == NAS_ALG_NULL) {
		memset(mac, 0, NAS_MAC_LEN);
		return 0;
	}
	return cr->mac(cr->priv, eia, key, count, NAS_BEARER, dir, data, len,
		       mac);
}

static int nas_cipher(const struct nas_crypto *cr, u8 eea, const u8 *key,
		      u32 count, u8 dir, u8 *buf, u32 len)
{
	if (eea == NAS_ALG_NULL)
		return 0;
	return cr->cipher(cr->priv, eea, key, count, NAS_BEARER, dir, buf, len);
}

/* Like crypto_memneq: no early exit, the time says nothing about where. */
static bool nas_mac_equal(const u8 *a, const u8 *b, unsigned int n)
{
	u8 diff = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

static bool nas_sht_ciphered(u8 sht)
{
	return sht == NAS_SHT_INTEGRITY_CIPHERED ||
	       sht == NAS_SHT_INTEGRITY_CIPHERED_NEW_CTX;
}

static int nas_rx_finish(struct nas_rx *rx, enum nas_verdict v)
{
	rx->res.verdict = v;
	rx->stage = NAS_RX_IDLE;
	nassec_wipe(rx->k_int, sizeof(rx->k_int));
	nassec_wipe(rx->k_enc, sizeof(rx->k_enc));
	return v;
}

int nas_rx_prepare(const struct nas_ctx *ctx, u8 *pdu, u32 len,
		   struct nas_rx *rx)
{
	const struct nas_slot *s;
	enum nas_verdict v;
	struct nas_hdr h;
	u32 count;

	memset(rx, 0, sizeof(*rx));
	rx->pdu = pdu;
	rx->len = len;
	v = nas_hdr_parse(pdu, len, &h);
	rx->res.sht = h.sht;
	rx->res.pd = h.pd;
	rx->res.ksi = h.ksi;
	rx->res.msg_off = h.msg_off;
	rx->res.msg_len = h.msg_len;
	if (v != NAS_VERDICT_OK)
		return nas_rx_finish(rx, v);

	switch (h.sht) {
	case NAS_SHT_INTEGRITY_NEW_CTX:
		/* SECURITY MODE COMMAND only goes down (TS 24.301 5.4.3.2). */
		return nas_rx_finish(rx, NAS_VERDICT_MALFORMED);
	case NAS_SHT_INTEGRITY_CIPHERED_NEW_CTX:
		/*
		 * Verified with the new context. Once promoted, that context
		 * is current: a copy of the SMC COMPLETE then meets its own
		 * COUNT in cur's window and is reported as the replay it is.
		 */
		rx->slot = ctx->next.valid ? NAS_SLOT_NEXT : NAS_SLOT_CUR;
		break;
	default:
		rx->slot = NAS_SLOT_CUR;
		break;
	}
	s = rx->slot == NAS_SLOT_NEXT ? &ctx->next : &ctx->cur;
	if (!s->valid)
		return nas_rx_finish(rx, NAS_VERDICT_NO_CONTEXT);

	/* TS 24.301 4.4.3.1: estimate COUNT, then check it before the MAC. */
	count = nas_count_estimate(s->ul.next, h.sqn, h.sqn_bits);
	rx->res.count = count;
	rx->res.count_valid = count <= NAS_COUNT_MAX;
	if (nas_replay_check(&s->ul, count) != NAS_WIN_FRESH)
		return nas_rx_finish(rx, NAS_VERDICT_REPLAY);

	rx->eia = s->eia;
	rx->eea = s->eea;
	rx->sqn_bits = h.sqn_bits;
	memcpy(rx->mac, h.mac, NAS_MAC_LEN);
	memcpy(rx->k_int, s->k_nas_int, NAS_KEY_LEN);
	memcpy(rx->k_enc, s->k_nas_enc, NAS_KEY_LEN);
	rx->generation = ctx->generation;
	rx->stage = NAS_RX_PREPARED;
	return 0;
}

int nas_rx_verify(struct nas_rx *rx, const struct nas_crypto *cr)
{
	u8 mac[NAS_MAC_LEN];
	bool ok;
	int ret;

	if (rx->stage != NAS_RX_PREPARED)
		return -EINVAL;
	if (rx->sqn_bits == 5) {
		/*
		 * TS 24.301 9.9.3.28: the short MAC is the 2 least
		 * significant octets of the MAC over octets 1-2.
		 */
		ret = nas_mac(cr, rx->eia, rx->k_int, rx->res.count,
			      NAS_DIR_UPLINK, rx->pdu, 2, mac);
		ok = nas_mac_equal(mac + 2, rx->mac + 2, NAS_SR_SHORT_MAC_LEN);
	} else {
		/* TS 24.301 4.4.3.3: the MAC covers SQN || message. */
		ret = nas_mac(cr, rx->eia, rx->k_int, rx->res.count,
			      NAS_DIR_UPLINK, rx->pdu + NAS_SQN_OFF,
			      rx->len - NAS_SQN_OFF, mac);
		ok = nas_mac_equal(mac, rx->mac, NAS_MAC_LEN);
	}
	nassec_wipe(mac, sizeof(mac));
	if (ret)
		return ret;
	if (!ok)
		return nas_rx_finish(rx, NAS_VERDICT_MAC_FAIL);
	rx->stage = NAS_RX_VERIFIED;
	return 0;
}

int nas_rx_commit(struct nas_ctx *ctx, struct nas_rx *rx)
{
	struct nas_slot *s;

	if (rx->stage != NAS_RX_VERIFIED)
		return -EINVAL;
	if (ctx->generation != rx->generation)
		return -EAGAIN;
	s = nas_slot_of(ctx, rx->slot);
	/* Another message with this COUNT may have won since prepare. */
	if (nas_replay_commit(&s->ul, rx->res.count) != NAS_WIN_FRESH)
		return nas_rx_finish(rx, NAS_VERDICT_REPLAY);
	if (rx->slot == NAS_SLOT_NEXT) {
		nas_ctx_promote(ctx);
		rx->res.flags |= NAS_F_PROMOTED;
	}
	if (rx->res.count >= NAS_COUNT_THRESHOLD)
		rx->res.flags |= NAS_F_THRESHOLD;
	rx->stage = NAS_RX_COMMITTED;
	return 0;
}

int nas_rx_decipher(struct nas_rx *rx, const struct nas_crypto *cr)
{
	int ret = 0;

	if (rx->stage != NAS_RX_COMMITTED)
		return -EINVAL;
	if (nas_sht_ciphered(rx->res.sht))
		ret = nas_cipher(cr, rx->eea, rx->k_enc, rx->res.count,
				 NAS_DIR_UPLINK, rx->pdu + NAS_HDR_LEN,
				 rx->len - NAS_HDR_LEN);
	if (ret)
		return ret;
	return nas_rx_finish(rx, NAS_VERDICT_OK);
}

void nas_rx_wipe(struct nas_rx *rx)
{
	nassec_wipe(rx->k_int, sizeof(rx->k_int));
	nassec_wipe(rx->k_enc, sizeof(rx->k_enc));
	rx->stage = NAS_RX_IDLE;
}

int nas_unprotect(struct nas_ctx *ctx, const struct nas_crypto *cr,
		  u8 *pdu, u32 len, struct nas_result *res)
{
	struct nas_rx rx;
	int ret;

	ret = nas_rx_prepare(ctx, pdu, len, &rx);
	if (!ret)
		ret = nas_rx_verify(&rx, cr);
	if (!ret)
		ret = nas_rx_commit(ctx, &rx);
	if (!ret)
		ret = nas_rx_decipher(&rx, cr);
	*res = rx.res;
	nas_rx_wipe(&rx);
	return ret;
}

void nas_verdict_info(struct nassec_verdict_info *vi, int ret,
		      const struct nas_result *res)
{
	vi->verdict = res->verdict;
	vi->sec_hdr_type = res->sht;
	vi->flags = res->flags;
	if (res->count_valid)
		vi->count = res->count;
	/* A crypto failure leaves the PDU unverified or undeciphered. */
	if (ret < 0 || !res->verdict)
		vi->verdict = NASSEC_VERDICT_MAC_FAIL;
}

int nas_tx_prepare(struct nas_ctx *ctx, u8 sht, u32 len, struct nas_tx *tx)
{
	struct nas_slot *s;

	memset(tx, 0, sizeof(*tx));
	switch (sht) {
	case NAS_SHT_INTEGRITY:
	case NAS_SHT_INTEGRITY_CIPHERED:
		s = &ctx->cur;
		break;
	case NAS_SHT_INTEGRITY_NEW_CTX:
		/* TS 24.301 5.4.3.2: SMC goes under the new context. */
		s = &ctx->next;
		break;
	default:
		return -EINVAL;
	}
	if (len < NAS_PROTECTED_MIN_LEN)
		return -EBADMSG;
	if (ctx->flags & NAS_CTX_FROZEN)
		return -EACCES;
	if (!s->valid)
		return -ENOKEY;
	/* TS 33.401 7.2.9: re-key before NAS COUNT wraps; never reuse one. */
	if (s->dl_count > NAS_COUNT_MAX)
		return -EOVERFLOW;

	tx->sht = sht;
	tx->eia = s->eia;
	/* TS 24.301 5.4.3.2: SMC is integrity protected, never ciphered. */
	tx->eea = sht == NAS_SHT_INTEGRITY_CIPHERED ? s->eea : NAS_ALG_NULL;
	tx->count = s->dl_count++;
	if (tx->count >= NAS_COUNT_THRESHOLD)
		tx->flags |= NAS_F_THRESHOLD;
	memcpy(tx->k_int, s->k_nas_int, NAS_KEY_LEN);
	memcpy(tx->k_enc, s->k_nas_enc, NAS_KEY_LEN);
	return 0;
}

int nas_tx_seal(struct nas_tx *tx, const struct nas_crypto *cr,
		u8 *pdu, u32 len)
{
	u8 mac[NAS_MAC_LEN];
	int ret;

	if (len < NAS_PROTECTED_MIN_LEN)
		return -EBADMSG;
	ret = nas_cipher(cr, tx->eea, tx->k_enc, tx->count, NAS_DIR_DOWNLINK,
			 pdu + NAS_HDR_LEN, len - NAS_HDR_LEN);
	if (ret)
		return ret;
	pdu[NAS_SQN_OFF] = tx->count & 0xff;
	ret = nas_mac(cr, tx->eia, tx->k_int, tx->count, NAS_DIR_DOWNLINK,
		      pdu + NAS_SQN_OFF, len - NAS_SQN_OFF, mac);
	if (ret)
		return ret;
	nas_hdr_build(pdu, tx->sht, mac, tx->count & 0xff);
	return 0;
}

void nas_tx_wipe(struct nas_tx *tx)
{
	nassec_wipe(tx->k_int, sizeof(tx->k_int));
	nassec_wipe(tx->k_enc, sizeof(tx->k_enc));
}

int nas_protect(struct nas_ctx *ctx, const struct nas_crypto *cr, u8 sht,
		u8 *pdu, u32 len, struct nas_tx *tx)
{
	int ret;

	ret = nas_tx_prepare(ctx, sht, len, tx);
	if (!ret)
		ret = nas_tx_seal(tx, cr, pdu, len);
	nas_tx_wipe(tx);
	return ret;
}
