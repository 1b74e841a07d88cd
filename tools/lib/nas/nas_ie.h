/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to libnas: a bounded reader and writer, the IE formats of
 * TS 24.007 11.2.1.1 (V, LV, LV-E, TV, TLV, TLV-E, half octets) and the
 * value codecs of the structured IEs. Value decoders return 0 or -EPROTO
 * (a value the spec does not allow); value encoders the octets written,
 * -EINVAL (a field out of range) or -ENOSPC.
 */
#ifndef NASSEC_NAS_IE_H
#define NASSEC_NAS_IE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nas_msg.h"

struct nas_rd {
	const uint8_t *p;
	size_t len;
	size_t off;
};

static inline size_t nas_rd_left(const struct nas_rd *r)
{
	return r->len - r->off;
}

/* -EBADMSG when fewer than n octets are left. */
int nas_rd_take(struct nas_rd *r, size_t n, const uint8_t **p);
int nas_rd_u8(struct nas_rd *r, uint8_t *v);

struct nas_wr {
	uint8_t *p;
	size_t cap;
	size_t off;
};

/* -ENOSPC when fewer than n octets are left. */
int nas_wr_bytes(struct nas_wr *w, const void *p, size_t n);
int nas_wr_u8(struct nas_wr *w, uint8_t v);

/* TS 24.007 11.2.1.1 formats. */
enum nas_ief {
	NAS_IEF_V,	/* fixed length value */
	NAS_IEF_V_LO,	/* half octet, bits 1-4 of the next octet */
	NAS_IEF_V_HI,	/* half octet, bits 5-8 of the same octet */
	NAS_IEF_LV,
	NAS_IEF_LVE,
	NAS_IEF_TV1,	/* type 1: IEI bits 8-5, value bits 4-1 */
	NAS_IEF_TV,	/* type 3: IEI, fixed length value */
	NAS_IEF_TLV,
	NAS_IEF_TLVE,
};

/* Length octets in front of the value: 0, 1 (LV/TLV) or 2 (-E). */
unsigned int nas_ief_len_octets(enum nas_ief f);
bool nas_ief_has_iei(enum nas_ief f);

/*
 * Reads the value of an IE of format f (TV/TLV/TLV-E: the IEI already
 * read; V/TV: length fixed at max). 0, -EBADMSG (runs past the buffer) or
 * -ERANGE (length outside min..max; the IE was consumed all the same).
 */
int nas_ie_get(struct nas_rd *r, enum nas_ief f, size_t min, size_t max,
	       const uint8_t **v, size_t *len);
/*
 * Skips an IE whose IEI is not known in the message (TS 24.007 11.2.4,
 * TS 24.301 9.9.1): type 1/2 when bit 8 is set, TLV-E for the EPS IEIs
 * 0x78-0x7F, else TLV. 0 or -EBADMSG.
 */
int nas_ie_skip_unknown(struct nas_rd *r, uint8_t iei);

/*
 * Writing an IE with a length: nas_ie_open() writes the IEI (if any) and
 * leaves room for the length; the value follows; nas_ie_close() fills the
 * length in and checks it against min..max (-EINVAL).
 */
int nas_ie_open(struct nas_wr *w, enum nas_ief f, uint8_t iei, size_t *mark);
int nas_ie_close(struct nas_wr *w, enum nas_ief f, size_t mark, size_t min,
		 size_t max);

/* Value codecs. eps: EPS mobile identity (9.9.3.12), else TS 24.008
 * 10.5.1.4 mobile identity.
 */
int nas_ie_mobile_id_dec(const uint8_t *v, size_t len, bool eps,
			 struct nas_mobile_id *id);
int nas_ie_mobile_id_enc(struct nas_wr *w, bool eps,
			 const struct nas_mobile_id *id);
int nas_ie_tai_dec(const uint8_t *v, size_t len, struct nas_tai *t);
int nas_ie_tai_enc(struct nas_wr *w, const struct nas_tai *t);
int nas_ie_tai_list_dec(const uint8_t *v, size_t len, struct nas_tai_list *l);
int nas_ie_tai_list_enc(struct nas_wr *w, const struct nas_tai_list *l);
int nas_ie_apn_dec(const uint8_t *v, size_t len, struct nas_apn *a);
int nas_ie_apn_enc(struct nas_wr *w, const struct nas_apn *a);
int nas_ie_pdn_addr_dec(const uint8_t *v, size_t len, struct nas_pdn_addr *a);
int nas_ie_pdn_addr_enc(struct nas_wr *w, const struct nas_pdn_addr *a);
int nas_ie_eps_qos_dec(const uint8_t *v, size_t len, struct nas_eps_qos *q);
int nas_ie_eps_qos_enc(struct nas_wr *w, const struct nas_eps_qos *q);
int nas_ie_ue_net_cap_dec(const uint8_t *v, size_t len,
			  struct nas_ue_net_cap *c);
int nas_ie_ue_net_cap_enc(struct nas_wr *w, const struct nas_ue_net_cap *c);
int nas_ie_ue_sec_cap_dec(const uint8_t *v, size_t len,
			  struct nas_ue_sec_cap *c);
int nas_ie_ue_sec_cap_enc(struct nas_wr *w, const struct nas_ue_sec_cap *c);

#endif /* NASSEC_NAS_IE_H */
