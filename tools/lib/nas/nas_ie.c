// SPDX-License-Identifier: GPL-2.0
/*
 * libnas: bounded reader/writer, TS 24.007 11.2 IE formats and the value
 * codecs of the structured EMM/ESM IEs (TS 24.301 9.9, TS 24.008 10.5).
 */
#include <errno.h>
#include <string.h>

#include "nas_ie.h"

int nas_rd_take(struct nas_rd *r, size_t n, const uint8_t **p)
{
	if (nas_rd_left(r) < n)
		return -EBADMSG;
	*p = r->p + r->off;
	r->off += n;
	return 0;
}

int nas_rd_u8(struct nas_rd *r, uint8_t *v)
{
	const uint8_t *p;
	int err = nas_rd_take(r, 1, &p);

	if (!err)
		*v = *p;
	return err;
}

int nas_wr_bytes(struct nas_wr *w, const void *p, size_t n)
{
	if (w->cap - w->off < n)
		return -ENOSPC;
	if (n)
		memcpy(w->p + w->off, p, n);
	w->off += n;
	return 0;
}

int nas_wr_u8(struct nas_wr *w, uint8_t v)
{
	return nas_wr_bytes(w, &v, 1);
}

unsigned int nas_ief_len_octets(enum nas_ief f)
{
	switch (f) {
	case NAS_IEF_LV:
	case NAS_IEF_TLV:
		return 1;
	case NAS_IEF_LVE:
	case NAS_IEF_TLVE:
		return 2;
	default:
		return 0;
	}
}

bool nas_ief_has_iei(enum nas_ief f)
{
	return f == NAS_IEF_TV || f == NAS_IEF_TLV || f == NAS_IEF_TLVE;
}

int nas_ie_get(struct nas_rd *r, enum nas_ief f, size_t min, size_t max,
	       const uint8_t **v, size_t *len)
{
	unsigned int lo = nas_ief_len_octets(f);
	const uint8_t *l;
	size_t n = max;
	int err;

	if (lo) {
		err = nas_rd_take(r, lo, &l);
		if (err)
			return err;
		n = lo == 1 ? l[0] : (size_t)l[0] << 8 | l[1];
	}
	err = nas_rd_take(r, n, v);
	if (err)
		return err;
	*len = n;
	return n < min || n > max ? -ERANGE : 0;
}

int nas_ie_skip_unknown(struct nas_rd *r, uint8_t iei)
{
	const uint8_t *v;
	size_t len;

	/* TS 24.007 11.2.4: bit 8 set: type 1 or 2, one octet in all. */
	if (iei & 0x80)
		return nas_rd_take(r, 1, &v);
	if (nas_rd_take(r, 1, &v))
		return -EBADMSG;
	/* TS 24.007 11.2.4: in EPS MM/SM, bits 8-4 = 01111 mean TLV-E. */
	if ((iei & 0xf8) == 0x78)
		return nas_ie_get(r, NAS_IEF_LVE, 0, 65535, &v, &len);
	return nas_ie_get(r, NAS_IEF_LV, 0, 255, &v, &len);
}

int nas_ie_open(struct nas_wr *w, enum nas_ief f, uint8_t iei, size_t *mark)
{
	static const uint8_t zero[2];
	int err = 0;

	if (nas_ief_has_iei(f))
		err = nas_wr_u8(w, iei);
	*mark = w->off;
	if (!err)
		err = nas_wr_bytes(w, zero, nas_ief_len_octets(f));
	return err;
}

int nas_ie_close(struct nas_wr *w, enum nas_ief f, size_t mark, size_t min,
		 size_t max)
{
	unsigned int lo = nas_ief_len_octets(f);
	size_t n = w->off - mark - lo;

	if (n < min || n > max)
		return -EINVAL;
	if (lo == 1) {
		w->p[mark] = n;
	} else if (lo == 2) {
		w->p[mark] = n >> 8;
		w->p[mark + 1] = n & 0xff;
	}
	return 0;
}

/*
 * Identity digits (TS 24.008 10.5.1.4, TS 24.301 9.9.3.12): digit 1 in
 * bits 8-5 of the first octet with odd/even (bit 4) and the type (bits
 * 3-1), then two digits an octet, low nibble first; an even count ends
 * with the filler 1111.
 */
static int nas_digits_dec(const uint8_t *v, size_t len, char *out,
			  size_t min, size_t max)
{
	bool odd = v[0] & 0x08;
	size_t n = 0, i;

	for (i = 0; i < 2 * len - 1; i++) {
		uint8_t d = i & 1 ? v[(i + 1) / 2] & 0x0f : v[(i + 1) / 2] >> 4;

		if (i == 2 * len - 2 && !odd) {
			if (d != 0x0f)
				return -EPROTO;
			break;
		}
		if (d > 9 || n >= max)
			return -EPROTO;
		out[n++] = '0' + d;
	}
	out[n] = '\0';
	return n < min ? -EPROTO : 0;
}

static int nas_digits_enc(struct nas_wr *w, uint8_t type, const char *digits,
			  size_t min, size_t max)
{
	size_t n = strnlen(digits, max + 1), i;
	uint8_t o;
	int err;

	if (n < min || n > max)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return -EINVAL;
	o = (digits[0] - '0') << 4 | (n & 1 ? 0x08 : 0) | type;
	err = nas_wr_u8(w, o);
	for (i = 1; !err && i < n; i += 2) {
		o = digits[i] - '0';
		o |= (i + 1 < n ? digits[i + 1] - '0' : 0x0f) << 4;
		err = nas_wr_u8(w, o);
	}
	return err;
}

static void nas_plmn_dec(const uint8_t *v, struct nas_plmn *p)
{
	memcpy(p->octets, v, 3);
}

int nas_ie_mobile_id_dec(const uint8_t *v, size_t len, bool eps,
			 struct nas_mobile_id *id)
{
	uint8_t t;

	memset(id, 0, sizeof(*id));
	if (!len)
		return -EPROTO;
	t = v[0] & 0x07;
	if (eps && t == 6) {
		/* 9.9.3.12: GUTI, 11 octets of contents. */
		if (len != 11)
			return -EPROTO;
		id->type = NAS_ID_GUTI;
		nas_plmn_dec(v + 1, &id->guti.plmn);
		id->guti.mme_group = v[4] << 8 | v[5];
		id->guti.mme_code = v[6];
		id->guti.m_tmsi = (uint32_t)v[7] << 24 | v[8] << 16 |
				  v[9] << 8 | v[10];
		return 0;
	}
	if (!eps && t == 4) {
		/* 10.5.1.4: TMSI/P-TMSI/M-TMSI, 4 octets after the first. */
		if (len != 5)
			return -EPROTO;
		id->type = NAS_ID_TMSI;
		id->tmsi = (uint32_t)v[1] << 24 | v[2] << 16 | v[3] << 8 | v[4];
		return 0;
	}
	if (!eps && t == 0) {
		/* 10.5.1.4: "no identity" (digits 0, even, type 000) has
		 * one octet; up to 3 are tolerated.
		 */
		if (len > 3)
			return -EPROTO;
		id->type = NAS_ID_NONE;
		return 0;
	}
	if (t == 1) {
		id->type = NAS_ID_IMSI;
		/* TS 23.003 2.2: MCC (3) + MNC (2..3) + MSIN, 15 at most. */
		return nas_digits_dec(v, len, id->digits, 6, 15);
	}
	if ((eps && t == 3) || (!eps && t == 2)) {
		id->type = NAS_ID_IMEI;
		return nas_digits_dec(v, len, id->digits, 15, 15);
	}
	if (!eps && t == 3) {
		id->type = NAS_ID_IMEISV;
		return nas_digits_dec(v, len, id->digits, 16, 16);
	}
	return -EPROTO;
}

int nas_ie_mobile_id_enc(struct nas_wr *w, bool eps,
			 const struct nas_mobile_id *id)
{
	uint8_t o[11];

	switch (id->type) {
	case NAS_ID_IMSI:
		return nas_digits_enc(w, 1, id->digits, 6, 15);
	case NAS_ID_IMEI:
		return nas_digits_enc(w, eps ? 3 : 2, id->digits, 15, 15);
	case NAS_ID_IMEISV:
		if (eps)
			return -EINVAL;
		return nas_digits_enc(w, 3, id->digits, 16, 16);
	case NAS_ID_GUTI:
		if (!eps)
			return -EINVAL;
		o[0] = 0xf6;
		memcpy(o + 1, id->guti.plmn.octets, 3);
		o[4] = id->guti.mme_group >> 8;
		o[5] = id->guti.mme_group & 0xff;
		o[6] = id->guti.mme_code;
		o[7] = id->guti.m_tmsi >> 24;
		o[8] = id->guti.m_tmsi >> 16;
		o[9] = id->guti.m_tmsi >> 8;
		o[10] = id->guti.m_tmsi;
		return nas_wr_bytes(w, o, 11);
	case NAS_ID_NONE:
		if (eps)
			return -EINVAL;
		return nas_wr_u8(w, 0x00);
	case NAS_ID_TMSI:
		if (eps)
			return -EINVAL;
		o[0] = 0xf4;
		o[1] = id->tmsi >> 24;
		o[2] = id->tmsi >> 16;
		o[3] = id->tmsi >> 8;
		o[4] = id->tmsi;
		return nas_wr_bytes(w, o, 5);
	default:
		return -EINVAL;
	}
}

int nas_ie_tai_dec(const uint8_t *v, size_t len, struct nas_tai *t)
{
	if (len != 5)
		return -EPROTO;
	nas_plmn_dec(v, &t->plmn);
	t->tac = v[3] << 8 | v[4];
	return 0;
}

int nas_ie_tai_enc(struct nas_wr *w, const struct nas_tai *t)
{
	uint8_t o[5] = { t->plmn.octets[0], t->plmn.octets[1],
			 t->plmn.octets[2], t->tac >> 8, t->tac & 0xff };

	return nas_wr_bytes(w, o, 5);
}

/* 9.9.3.33: partial lists, each "type of list" (bits 7-6) and "number of
 * elements" minus one (bits 5-1); type 3 is reserved.
 */
int nas_ie_tai_list_dec(const uint8_t *v, size_t len, struct nas_tai_list *l)
{
	size_t off = 0;

	memset(l, 0, sizeof(*l));
	while (off < len) {
		struct nas_tai_part *p;
		uint8_t type = v[off] >> 5 & 3, n = (v[off] & 0x1f) + 1, i;
		size_t need;

		if (l->nparts == NAS_TAI_LIST_MAX_PARTS || n > NAS_TAI_PART_MAX)
			return -EPROTO;
		need = type == 0 ? 3 + 2 * n : type == 1 ? 5 : 5 * n;
		if (type == 3 || len - off - 1 < need)
			return -EPROTO;
		p = &l->part[l->nparts++];
		p->type = type;
		p->n = n;
		off++;
		for (i = 0; i < n; i++) {
			struct nas_tai *t = &p->tai[i];

			if (type == 2) {
				nas_ie_tai_dec(v + off, 5, t);
				off += 5;
			} else if (type == 0) {
				nas_plmn_dec(v + off, &t->plmn);
				t->tac = v[off + 3 + 2 * i] << 8 |
					 v[off + 4 + 2 * i];
			} else {
				nas_plmn_dec(v + off, &t->plmn);
				t->tac = (v[off + 3] << 8 | v[off + 4]) + i;
			}
		}
		if (type != 2)
			off += need;
	}
	return l->nparts ? 0 : -EPROTO;
}

int nas_ie_tai_list_enc(struct nas_wr *w, const struct nas_tai_list *l)
{
	int err = 0;
	uint8_t i, j;

	if (!l->nparts || l->nparts > NAS_TAI_LIST_MAX_PARTS)
		return -EINVAL;
	for (i = 0; !err && i < l->nparts; i++) {
		const struct nas_tai_part *p = &l->part[i];

		if (p->type > 2 || !p->n || p->n > NAS_TAI_PART_MAX)
			return -EINVAL;
		err = nas_wr_u8(w, p->type << 5 | (p->n - 1));
		if (p->type != 2 && !err)
			err = nas_wr_bytes(w, p->tai[0].plmn.octets, 3);
		for (j = 0; !err && j < p->n; j++) {
			const struct nas_tai *t = &p->tai[j];
			uint8_t tac[2] = { t->tac >> 8, t->tac & 0xff };

			if (p->type == 2)
				err = nas_ie_tai_enc(w, t);
			else if (p->type == 0 || j == 0)
				err = nas_wr_bytes(w, tac, 2);
		}
	}
	return err;
}

/* TS 23.003 9.1 / 24.008 10.5.6.1: labels, each length-prefixed. */
int nas_ie_apn_dec(const uint8_t *v, size_t len, struct nas_apn *a)
{
	size_t off = 0, n = 0;

	memset(a, 0, sizeof(*a));
	if (!len || len > NAS_APN_MAX)
		return -EPROTO;
	while (off < len) {
		uint8_t l = v[off++], i;

		/* TS 23.003 9.1: DNS labels of 1..63 octets. */
		if (!l || l > 63 || l > len - off)
			return -EPROTO;
		if (n)
			a->name[n++] = '.';
		for (i = 0; i < l; i++) {
			char c = v[off + i];

			/* A dot or NUL in a label would not survive the
			 * dotted form.
			 */
			if (c == '.' || c == '\0')
				return -EPROTO;
			a->name[n++] = c;
		}
		off += l;
	}
	return 0;
}

int nas_ie_apn_enc(struct nas_wr *w, const struct nas_apn *a)
{
	size_t n = strnlen(a->name, sizeof(a->name)), start = 0, i;
	int err = 0;

	if (!n || n >= sizeof(a->name))
		return -EINVAL;
	for (i = 0; i <= n && !err; i++) {
		if (i < n && a->name[i] != '.')
			continue;
		if (i == start || i - start > 63)
			return -EINVAL;
		err = nas_wr_u8(w, i - start);
		if (!err)
			err = nas_wr_bytes(w, a->name + start, i - start);
		start = i + 1;
	}
	return err;
}

/* 9.9.4.9: PDN type, then 4 (IPv4), 8 (IPv6 interface id) or 12 octets. */
int nas_ie_pdn_addr_dec(const uint8_t *v, size_t len, struct nas_pdn_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!len)
		return -EPROTO;
	a->type = v[0] & 0x07;
	switch (a->type) {
	case NAS_PDN_IPV4:
		if (len != 5)
			return -EPROTO;
		memcpy(a->ipv4, v + 1, 4);
		return 0;
	case NAS_PDN_IPV6:
		if (len != 9)
			return -EPROTO;
		memcpy(a->ipv6_iid, v + 1, 8);
		return 0;
	case NAS_PDN_IPV4V6:
		if (len != 13)
			return -EPROTO;
		memcpy(a->ipv6_iid, v + 1, 8);
		memcpy(a->ipv4, v + 9, 4);
		return 0;
	default:
		return -EPROTO;
	}
}

int nas_ie_pdn_addr_enc(struct nas_wr *w, const struct nas_pdn_addr *a)
{
	int err;

	if (a->type < NAS_PDN_IPV4 || a->type > NAS_PDN_IPV4V6)
		return -EINVAL;
	err = nas_wr_u8(w, a->type);
	if (!err && a->type != NAS_PDN_IPV4)
		err = nas_wr_bytes(w, a->ipv6_iid, 8);
	if (!err && a->type != NAS_PDN_IPV6)
		err = nas_wr_bytes(w, a->ipv4, 4);
	return err;
}

int nas_ie_eps_qos_dec(const uint8_t *v, size_t len, struct nas_eps_qos *q)
{
	memset(q, 0, sizeof(*q));
	if (!len || len > 1 + sizeof(q->rates))
		return -EPROTO;
	q->qci = v[0];
	q->nrates = len - 1;
	memcpy(q->rates, v + 1, q->nrates);
	return 0;
}

int nas_ie_eps_qos_enc(struct nas_wr *w, const struct nas_eps_qos *q)
{
	int err;

	if (q->nrates > sizeof(q->rates))
		return -EINVAL;
	err = nas_wr_u8(w, q->qci);
	return err ? err : nas_wr_bytes(w, q->rates, q->nrates);
}

/* The EEA/EIA/UEA octets carry algorithm 0 in bit 8 down to 7 in bit 1. */
static uint8_t nas_alg_bits(uint8_t octet)
{
	uint8_t m = 0, i;

	for (i = 0; i < 8; i++)
		if (octet & (0x80 >> i))
			m |= 1u << i;
	return m;
}

int nas_ue_net_cap_parse(struct nas_ue_net_cap *c)
{
	if (c->len < 2 || c->len > NAS_UE_NET_CAP_MAX)
		return -EPROTO;
	c->eea = nas_alg_bits(c->octets[0]);
	c->eia = nas_alg_bits(c->octets[1]);
	c->has_uea = c->len >= 3;
	c->has_uia = c->len >= 4;
	c->uea = c->has_uea ? nas_alg_bits(c->octets[2]) : 0;
	/* Octet 6 bit 8 is UCS2 support, not UIA0; UIA1..7 in bits 7-1. */
	c->uia = c->has_uia ? nas_alg_bits(c->octets[3]) & 0xfe : 0;
	return 0;
}

int nas_ie_ue_net_cap_dec(const uint8_t *v, size_t len,
			  struct nas_ue_net_cap *c)
{
	memset(c, 0, sizeof(*c));
	if (len < 2 || len > NAS_UE_NET_CAP_MAX)
		return -EPROTO;
	c->len = len;
	memcpy(c->octets, v, len);
	return nas_ue_net_cap_parse(c);
}

int nas_ie_ue_net_cap_enc(struct nas_wr *w, const struct nas_ue_net_cap *c)
{
	if (c->len < 2 || c->len > NAS_UE_NET_CAP_MAX)
		return -EINVAL;
	return nas_wr_bytes(w, c->octets, c->len);
}

int nas_ie_ue_sec_cap_dec(const uint8_t *v, size_t len,
			  struct nas_ue_sec_cap *c)
{
	memset(c, 0, sizeof(*c));
	if (len < 2 || len > NAS_UE_SEC_CAP_MAX)
		return -EPROTO;
	c->len = len;
	memcpy(c->octets, v, len);
	return 0;
}

int nas_ie_ue_sec_cap_enc(struct nas_wr *w, const struct nas_ue_sec_cap *c)
{
	if (c->len < 2 || c->len > NAS_UE_SEC_CAP_MAX)
		return -EINVAL;
	return nas_wr_bytes(w, c->octets, c->len);
}

void nas_ue_sec_cap_from_net_cap(struct nas_ue_sec_cap *sc,
				 const struct nas_ue_net_cap *nc,
				 bool gea_present, uint8_t gea)
{
	uint8_t n = nc->len < 4 ? nc->len : 4;

	memset(sc, 0, sizeof(*sc));
	memcpy(sc->octets, nc->octets, n);
	/* 9.9.3.36: octet 6 bit 8 and octet 7 bit 8 are spare. */
	if (n == 4)
		sc->octets[3] &= 0x7f;
	sc->len = n;
	/* The GEA octet can only follow a full UEA/UIA pair. */
	if (gea_present && n == 4) {
		sc->octets[4] = gea & 0x7f;
		sc->len = 5;
	}
}

int nas_ms_net_cap_gea(const struct nas_buf *ms_net_cap)
{
	const uint8_t *v = ms_net_cap->data;

	if (!v || ms_net_cap->len < 2)
		return -EPROTO;
	return (v[0] & 0x80) >> 1 | (v[1] >> 1 & 0x3f);
}

int nas_plmn_from_digits(struct nas_plmn *p, const char *mcc, const char *mnc)
{
	size_t lc = strnlen(mcc, 4), ln = strnlen(mnc, 4), i;
	uint8_t d[6];

	if (lc != 3 || ln < 2 || ln > 3)
		return -EINVAL;
	for (i = 0; i < 3; i++)
		d[i] = mcc[i] - '0';
	for (i = 0; i < ln; i++)
		d[3 + i] = mnc[i] - '0';
	for (i = 0; i < 3 + ln; i++)
		if (d[i] > 9)
			return -EINVAL;
	if (ln == 2)
		d[5] = 0x0f;
	/* TS 24.008 10.5.1.13 figure: MCC2|MCC1, MNC3|MCC3, MNC2|MNC1. */
	p->octets[0] = d[1] << 4 | d[0];
	p->octets[1] = d[5] << 4 | d[2];
	p->octets[2] = d[4] << 4 | d[3];
	return 0;
}

static char nas_hexdigit(uint8_t d)
{
	return d < 10 ? '0' + d : 'a' + d - 10;
}

void nas_plmn_to_digits(const struct nas_plmn *p, char mcc[4], char mnc[4])
{
	mcc[0] = nas_hexdigit(p->octets[0] & 0x0f);
	mcc[1] = nas_hexdigit(p->octets[0] >> 4);
	mcc[2] = nas_hexdigit(p->octets[1] & 0x0f);
	mcc[3] = '\0';
	mnc[0] = nas_hexdigit(p->octets[2] & 0x0f);
	mnc[1] = nas_hexdigit(p->octets[2] >> 4);
	mnc[2] = (p->octets[1] >> 4) == 0x0f ? '\0' :
		 nas_hexdigit(p->octets[1] >> 4);
	mnc[3] = '\0';
}

/* TS 24.008 10.5.7.3: unit in bits 8-6, value in bits 5-1. */
uint32_t nas_gprs_timer_secs(uint8_t octet)
{
	uint32_t v = octet & 0x1f;

	switch (octet >> 5) {
	case 0:
		return 2 * v;
	case 2:
		return 360 * v;
	case 7:
		return UINT32_MAX;
	default:	/* 1, and the others "as multiples of 1 minute" */
		return 60 * v;
	}
}

uint8_t nas_gprs_timer_from_secs(uint32_t secs)
{
	if (secs <= 2 * 31)
		return secs / 2;
	if (secs <= 60 * 31)
		return 1 << 5 | secs / 60;
	if (secs <= 360 * 31)
		return 2 << 5 | secs / 360;
	return 2 << 5 | 31;
}

/* TS 24.008 10.5.7.4a. */
uint32_t nas_gprs_timer3_secs(uint8_t octet)
{
	static const uint32_t unit[7] = {
		600, 3600, 36000, 2, 30, 60, 1152000,
	};

	if (octet >> 5 == 7)
		return UINT32_MAX;
	return unit[octet >> 5] * (octet & 0x1f);
}
