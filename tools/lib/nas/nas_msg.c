// SPDX-License-Identifier: GPL-2.0
/*
 * libnas: the message walker. Decodes and encodes a plain EMM/ESM message
 * from its descriptor table (nas_desc.h): the imperative part (V, LV,
 * LV-E) in order, then the non-imperative part (TS 24.007 11.2.5).
 */
#include <errno.h>
#include <string.h>

#include "nas_desc.h"

static const struct nas_msg_desc *nas_msg_find(uint8_t pd, uint8_t type,
					       int dir)
{
	const struct nas_msg_desc *t = pd == NAS_MSG_PD_EMM ? nas_emm_msgs :
				       nas_esm_msgs;
	size_t n = pd == NAS_MSG_PD_EMM ? nas_emm_nmsgs : nas_esm_nmsgs, i;

	if (pd != NAS_MSG_PD_EMM && pd != NAS_MSG_PD_ESM)
		return NULL;
	for (i = 0; i < n; i++)
		if (t[i].type == type && (t[i].dir < 0 || dir < 0 ||
					  t[i].dir == dir))
			return &t[i];
	return NULL;
}

const char *nas_msg_name(uint8_t pd, uint8_t type)
{
	const struct nas_msg_desc *d = nas_msg_find(pd, type, -1);

	return d ? d->name : "unknown";
}

void nas_msg_init(struct nas_msg *m, uint8_t pd, uint8_t type,
		  enum nas_msg_dir dir)
{
	memset(m, 0, sizeof(*m));
	m->pd = pd;
	m->type = type;
	m->dir = dir;
}

static void nas_diag_set(struct nas_diag *d, uint8_t cause, uint8_t iei,
			 size_t off)
{
	if (d->cause)
		return;
	d->cause = cause;
	d->iei = iei;
	d->offset = off;
}

/* Stores a value read for ie into m. 0 or -EPROTO. */
static int nas_ie_store(const struct nas_ie_desc *ie, const uint8_t *v,
			size_t len, struct nas_msg *m)
{
	void *f = (uint8_t *)m + ie->off;
	struct nas_buf *b = f;
	struct nas_ksi *k = f;
	struct nas_algs *a = f;
	struct nas_res *res = f;
	uint8_t *u = f;

	switch (ie->kind) {
	case NAS_K_SPARE:
		return 0;
	case NAS_K_U4:
	case NAS_K_U8:
		if (ie->valid && !ie->valid(v[0]))
			return -EPROTO;
		*u = v[0];
		return 0;
	case NAS_K_ARRAY:
		memcpy(f, v, len);
		return 0;
	case NAS_K_BUF:
		b->data = v;
		b->len = len;
		return 0;
	case NAS_K_KSI:
		/* 9.9.3.21: TSC bit 4, NAS key set identifier bits 3-1. */
		k->tsc = v[0] >> 3 & 1;
		k->ksi = v[0] & 7;
		return 0;
	case NAS_K_ALGS:
		/* 9.9.3.23: EEA bits 7-5, EIA bits 3-1; 8 and 4 spare. */
		a->eea = v[0] >> 4 & 7;
		a->eia = v[0] & 7;
		return 0;
	case NAS_K_ID_EPS:
		return nas_ie_mobile_id_dec(v, len, true, f);
	case NAS_K_ID:
		return nas_ie_mobile_id_dec(v, len, false, f);
	case NAS_K_UE_NET_CAP:
		return nas_ie_ue_net_cap_dec(v, len, f);
	case NAS_K_UE_SEC_CAP:
		return nas_ie_ue_sec_cap_dec(v, len, f);
	case NAS_K_TAI:
		return nas_ie_tai_dec(v, len, f);
	case NAS_K_TAI_LIST:
		return nas_ie_tai_list_dec(v, len, f);
	case NAS_K_APN:
		return nas_ie_apn_dec(v, len, f);
	case NAS_K_PDN_ADDR:
		return nas_ie_pdn_addr_dec(v, len, f);
	case NAS_K_EPS_QOS:
		return nas_ie_eps_qos_dec(v, len, f);
	case NAS_K_RES:
		res->len = len;
		memcpy(res->v, v, len);
		return 0;
	}
	return -EPROTO;
}

/* Half-octet and type 1 values live in the low nibble of v. */
static int nas_ie_store_nibble(const struct nas_ie_desc *ie, uint8_t v,
			       struct nas_msg *m)
{
	v &= 0x0f;
	return nas_ie_store(ie, &v, 1, m);
}

/* The imperative part. 0, -EBADMSG or -EPROTO. */
static int nas_decode_mandatory(const struct nas_ie_desc *ie,
				struct nas_rd *r, struct nas_msg *m)
{
	const uint8_t *v;
	size_t len;
	int err;

	switch (ie->fmt) {
	case NAS_IEF_V_LO:
		if (!nas_rd_left(r))
			return -EBADMSG;
		return nas_ie_store_nibble(ie, r->p[r->off], m);
	case NAS_IEF_V_HI:
		err = nas_rd_take(r, 1, &v);
		return err ? err : nas_ie_store_nibble(ie, v[0] >> 4, m);
	default:
		err = nas_ie_get(r, ie->fmt, ie->min, ie->max, &v, &len);
		/* 24.301 7.5.2: a mandatory IE of the wrong length is a
		 * syntactical error of the imperative part.
		 */
		if (err)
			return -EBADMSG;
		return nas_ie_store(ie, v, len, m);
	}
}

static const struct nas_ie_desc *nas_ie_find(const struct nas_msg_desc *d,
					     uint8_t iei)
{
	uint8_t i;

	for (i = 0; i < d->nies; i++) {
		const struct nas_ie_desc *ie = &d->ies[i];

		if (ie->bit < 0)
			continue;
		if (ie->fmt == NAS_IEF_TV1 ? ie->iei == (iei & 0xf0) :
		    ie->iei == iei)
			return ie;
	}
	return NULL;
}

/* The non-imperative part: each IE once, in any order. */
static int nas_decode_optional(const struct nas_msg_desc *d, struct nas_rd *r,
			       struct nas_msg *m, struct nas_diag *diag)
{
	while (nas_rd_left(r)) {
		size_t at = r->off, len;
		uint8_t iei = r->p[r->off];
		const struct nas_ie_desc *ie = nas_ie_find(d, iei);
		const uint8_t *v;
		int err;

		if (!ie) {
			/* TS 24.007 11.2.4: bits 8-5 = 0000 mean
			 * comprehension required; 24.301 7.5 answers it as
			 * invalid mandatory information.
			 */
			if (!(iei & 0xf0)) {
				nas_diag_set(diag,
					     NAS_EMM_CAUSE_INVALID_MANDATORY_INFO,
					     iei, at);
				return -EOPNOTSUPP;
			}
			/* 24.301 7.6.1: other unknown IEs are ignored. */
			if (nas_ie_skip_unknown(r, iei))
				return -EBADMSG;
			if (!diag->unknown++ && !diag->cause) {
				diag->iei = iei;
				diag->offset = at;
			}
			continue;
		}
		if (ie->fmt == NAS_IEF_TV1) {
			r->off++;
			v = &r->p[at];
			len = 1;
			err = 0;
		} else {
			r->off++;
			err = nas_ie_get(r, ie->fmt, ie->min, ie->max, &v, &len);
			if (err == -EBADMSG)
				return err;
		}
		/* 24.301 7.6.3: of a repeated IE only the first is handled. */
		if (m->opt & NAS_OPT(ie->bit)) {
			diag->ignored++;
			continue;
		}
		if (!err) {
			err = ie->fmt == NAS_IEF_TV1 ?
			      nas_ie_store_nibble(ie, v[0], m) :
			      nas_ie_store(ie, v, len, m);
		}
		/* 24.301 7.7.2: a syntactically incorrect optional IE is
		 * treated as not present.
		 */
		if (err) {
			diag->ignored++;
			continue;
		}
		m->opt |= NAS_OPT(ie->bit);
	}
	return 0;
}

int nas_msg_decode(const uint8_t *buf, size_t len, enum nas_msg_dir dir,
		   struct nas_msg *m, struct nas_diag *diag)
{
	struct nas_diag dummy;
	struct nas_rd r = { .p = buf, .len = len };
	const struct nas_msg_desc *d;
	const uint8_t *h;
	uint8_t pd, i;
	int err;

	if (!diag)
		diag = &dummy;
	memset(diag, 0, sizeof(*diag));
	memset(m, 0, sizeof(*m));
	m->dir = dir;
	if (nas_rd_take(&r, 2, &h))
		return -EBADMSG;
	pd = h[0] & 0x0f;
	m->pd = pd;
	if (pd == NAS_MSG_PD_ESM) {
		/* 9.3.2, 9.4: EPS bearer identity, PTI, message type. */
		m->ebi = h[0] >> 4;
		m->pti = h[1];
		if (nas_rd_u8(&r, &m->type))
			return -EBADMSG;
	} else if (pd == NAS_MSG_PD_EMM) {
		/* A protected PDU is not a plain message: nas_msg_outer(). */
		if (h[0] >> 4)
			return -EPROTO;
		m->type = h[1];
	} else {
		/* TS 24.007 11.2.3.1.1: unknown PD, the message is ignored. */
		return -ENOMSG;
	}
	d = nas_msg_find(pd, m->type, dir);
	if (!d) {
		nas_diag_set(diag, NAS_EMM_CAUSE_MSG_TYPE_NONEXISTENT, 0, r.off);
		return -ENOMSG;
	}
	for (i = 0; i < d->nies && d->ies[i].bit < 0; i++) {
		size_t at = r.off;

		err = nas_decode_mandatory(&d->ies[i], &r, m);
		if (err) {
			/* 24.301 7.4, 7.5: #96 invalid mandatory info. */
			nas_diag_set(diag,
				     NAS_EMM_CAUSE_INVALID_MANDATORY_INFO,
				     0, at);
			return err;
		}
	}
	err = nas_decode_optional(d, &r, m, diag);
	if (err) {
		if (err == -EBADMSG)
			nas_diag_set(diag,
				     NAS_EMM_CAUSE_INVALID_MANDATORY_INFO,
				     0, r.off);
		return err;
	}
	if (d->check)
		d->check(m, diag);
	return 0;
}

/* Writes ie's value from m. Length or -errno. */
static int nas_ie_put(const struct nas_ie_desc *ie, struct nas_wr *w,
		      const struct nas_msg *m)
{
	const void *f = (const uint8_t *)m + ie->off;
	const struct nas_buf *b = f;
	const struct nas_res *res = f;
	const uint8_t *u = f;

	switch (ie->kind) {
	case NAS_K_U8:
		if (ie->valid && !ie->valid(*u))
			return -EINVAL;
		return nas_wr_u8(w, *u);
	case NAS_K_ARRAY:
		return nas_wr_bytes(w, f, ie->max);
	case NAS_K_BUF:
		if (b->len && !b->data)
			return -EINVAL;
		return nas_wr_bytes(w, b->data, b->len);
	case NAS_K_ALGS: {
		const struct nas_algs *a = f;

		if (a->eea > 7 || a->eia > 7)
			return -EINVAL;
		return nas_wr_u8(w, a->eea << 4 | a->eia);
	}
	case NAS_K_ID_EPS:
		return nas_ie_mobile_id_enc(w, true, f);
	case NAS_K_ID:
		return nas_ie_mobile_id_enc(w, false, f);
	case NAS_K_UE_NET_CAP:
		return nas_ie_ue_net_cap_enc(w, f);
	case NAS_K_UE_SEC_CAP:
		return nas_ie_ue_sec_cap_enc(w, f);
	case NAS_K_TAI:
		return nas_ie_tai_enc(w, f);
	case NAS_K_TAI_LIST:
		return nas_ie_tai_list_enc(w, f);
	case NAS_K_APN:
		return nas_ie_apn_enc(w, f);
	case NAS_K_PDN_ADDR:
		return nas_ie_pdn_addr_enc(w, f);
	case NAS_K_EPS_QOS:
		return nas_ie_eps_qos_enc(w, f);
	case NAS_K_RES:
		if (res->len < 4 || res->len > 16)
			return -EINVAL;
		return nas_wr_bytes(w, res->v, res->len);
	default:
		return -EINVAL;
	}
}

/* A half octet's value (0..15) from m, or -EINVAL. */
static int nas_ie_nibble(const struct nas_ie_desc *ie, const struct nas_msg *m)
{
	const void *f = (const uint8_t *)m + ie->off;
	const struct nas_ksi *k = f;
	const uint8_t *u = f;

	switch (ie->kind) {
	case NAS_K_SPARE:
		return 0;
	case NAS_K_KSI:
		if (k->tsc > 1 || k->ksi > 7)
			return -EINVAL;
		return k->tsc << 3 | k->ksi;
	case NAS_K_U4:
		if (*u > 15 || (ie->valid && !ie->valid(*u)))
			return -EINVAL;
		return *u;
	default:
		return -EINVAL;
	}
}

static int nas_encode_ie(const struct nas_ie_desc *ie, struct nas_wr *w,
			 const struct nas_msg *m)
{
	size_t mark;
	int v, err;

	switch (ie->fmt) {
	case NAS_IEF_V_LO:
		v = nas_ie_nibble(ie, m);
		if (v < 0)
			return v;
		if (w->off >= w->cap)
			return -ENOSPC;
		w->p[w->off] = v;
		return 0;
	case NAS_IEF_V_HI:
		v = nas_ie_nibble(ie, m);
		if (v < 0)
			return v;
		if (w->off >= w->cap)
			return -ENOSPC;
		/* The low half was written by the V_LO before it. */
		w->p[w->off++] |= v << 4;
		return 0;
	case NAS_IEF_TV1:
		v = nas_ie_nibble(ie, m);
		return v < 0 ? v : nas_wr_u8(w, ie->iei | v);
	default:
		err = nas_ie_open(w, ie->fmt, ie->iei, &mark);
		if (!err)
			err = nas_ie_put(ie, w, m);
		if (err)
			return err;
		/* V and TV have no length octet: the value must fit it. */
		if (ie->fmt == NAS_IEF_V || ie->fmt == NAS_IEF_TV)
			return w->off - mark == ie->max ? 0 : -EINVAL;
		return nas_ie_close(w, ie->fmt, mark, ie->min, ie->max);
	}
}

int nas_msg_encode(const struct nas_msg *m, uint8_t *buf, size_t cap)
{
	struct nas_wr w = { .p = buf, .cap = cap };
	const struct nas_msg_desc *d;
	uint8_t hdr[3];
	size_t hl = 2;
	int err = 0;
	uint8_t i;

	if (m->dir > NAS_MSG_DL)
		return -EINVAL;
	d = nas_msg_find(m->pd, m->type, m->dir);
	if (!d)
		return -EINVAL;
	if (m->pd == NAS_MSG_PD_ESM) {
		if (m->ebi > 15)
			return -EINVAL;
		hdr[0] = m->ebi << 4 | NAS_MSG_PD_ESM;
		hdr[1] = m->pti;
		hdr[2] = m->type;
		hl = 3;
	} else {
		hdr[0] = NAS_MSG_PD_EMM;
		hdr[1] = m->type;
	}
	err = nas_wr_bytes(&w, hdr, hl);
	for (i = 0; !err && i < d->nies; i++) {
		const struct nas_ie_desc *ie = &d->ies[i];

		if (ie->bit >= 0 && !(m->opt & NAS_OPT(ie->bit)))
			continue;
		err = nas_encode_ie(ie, &w, m);
	}
	return err ? err : (int)w.off;
}

int nas_msg_esm_decode(const struct nas_buf *c, enum nas_msg_dir dir,
		       struct nas_msg *esm, struct nas_diag *diag)
{
	int err;

	if (!c->data && c->len)
		return -EINVAL;
	err = nas_msg_decode(c->data, c->len, dir, esm, diag);
	/* 9.9.3.15: the container carries an ESM message only. */
	if (!err && esm->pd != NAS_MSG_PD_ESM)
		return -EPROTO;
	return err;
}

int nas_msg_esm_encode(const struct nas_msg *esm, uint8_t *buf, size_t cap,
		       struct nas_buf *c)
{
	int n;

	if (esm->pd != NAS_MSG_PD_ESM)
		return -EINVAL;
	n = nas_msg_encode(esm, buf, cap);
	if (n < 0)
		return n;
	c->data = buf;
	c->len = n;
	return n;
}

int nas_msg_outer(const uint8_t *pdu, size_t len, struct nas_msg_outer *o)
{
	memset(o, 0, sizeof(*o));
	if (len < 2)
		return -EBADMSG;
	o->pd = pdu[0] & 0x0f;
	if (o->pd == NAS_MSG_PD_ESM) {
		/* 9.3.2: an ESM message is never protected on its own. */
		o->inner_len = len;
		return 0;
	}
	if (o->pd != NAS_MSG_PD_EMM)
		return -EPROTO;
	o->sht = pdu[0] >> 4;
	switch (o->sht) {
	case NAS_MSG_SHT_PLAIN:
		o->inner_len = len;
		return 0;
	case NAS_MSG_SHT_INT:
	case NAS_MSG_SHT_INT_CIPH:
	case NAS_MSG_SHT_INT_NEW:
	case NAS_MSG_SHT_INT_CIPH_NEW:
		/* 9.1: SHT/PD, MAC (4), SQN, then at least SHT/PD + type. */
		if (len < NAS_MSG_SEC_HDR_LEN + 2)
			return -EBADMSG;
		o->sqn = pdu[5];
		o->inner_off = NAS_MSG_SEC_HDR_LEN;
		o->inner_len = len - NAS_MSG_SEC_HDR_LEN;
		return 0;
	default:
		if (o->sht < NAS_MSG_SHT_SERVICE_REQ)
			return -EPROTO;	/* 9.3.1: 5-11 not used */
		/* 8.2.25: SERVICE REQUEST, 4 octets, no plain message. */
		if (len < 4)
			return -EBADMSG;
		o->sht = NAS_MSG_SHT_SERVICE_REQ;
		return 0;
	}
}
