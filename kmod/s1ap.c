// SPDX-License-Identifier: GPL-2.0
/*
 * S1AP walker: one pass over the ALIGNED PER encoding (X.691) of an
 * S1AP-PDU (TS 36.413 9.3), reading only what locates the UE ids and the
 * NAS-PDUs and skipping everything else by its length. Every read is
 * checked against the end of the innermost enclosing encoding; nothing
 * recurses, every loop is bounded by a count that is itself bounded.
 */
#include "nassec_types.h"
#include "s1ap.h"

/*
 * Longest buffer the walker scans: the outer open type is at most 16383
 * octets (longer needs fragmentation, unsupported), so anything longer is
 * rejected anyway; the cap keeps bit positions far from overflow.
 */
#define S1AP_SCAN_MAX	(1u << 16)

/*
 * A reader over bits [bit, end) of the message. Positions stay relative to
 * the whole message, so a NAS-PDU offset needs no translation. Running past
 * end yields 'overrun': S1AP_ETRUNCATED for the outermost reader (the buffer
 * ended early), S1AP_EMALFORMED inside an open type whose length was
 * already checked against the buffer.
 */
struct per {
	const u8 *msg;
	size_t bit;
	size_t end;		/* always a multiple of 8 */
	int overrun;
};

/* IEs seen at the top level, for duplicate and presence checks. */
#define SEEN_MME_UE_ID	0x01
#define SEEN_ENB_UE_ID	0x02
#define SEEN_NAS_PDU	0x04
#define SEEN_ERAB_LIST	0x08

/* Where a message keeps its NAS-PDUs. */
enum nas_place {
	NAS_IN_NONE,
	NAS_IN_TOP,		/* ProtocolIE NAS-PDU (id 26) */
	NAS_IN_CTXT_SU_REQ,	/* E-RABToBeSetupItemCtxtSUReq: optional */
	NAS_IN_BEARER_SU_REQ,	/* E-RABToBeSetupItemBearerSUReq: mandatory */
	NAS_IN_BEARER_MOD_REQ,	/* E-RABToBeModifiedItemBearerModReq: mandatory */
};

struct layout {
	u8 place;		/* enum nas_place */
	u8 nas_dir;		/* enum s1ap_nas_dir */
	u8 required;		/* SEEN_* the message must carry */
	u16 list_ie;		/* ProtocolIE-ID of the E-RAB list */
	u16 item_ie;		/* ProtocolIE-ID of its items */
};

/* The next n bits (1 <= n <= 25: they span at most four octets). */
static int per_bits(struct per *p, unsigned int n, u32 *val)
{
	size_t i, last;
	u32 v = 0;

	*val = 0;
	if (n > p->end - p->bit)
		return p->overrun;
	last = (p->bit + n - 1) >> 3;
	for (i = p->bit >> 3; i <= last; i++)
		v = v << 8 | p->msg[i];
	v >>= 7 - ((p->bit + n - 1) & 7);
	*val = v & (((u32)1 << n) - 1);
	p->bit += n;
	return 0;
}

/* end is a multiple of 8, so aligning never passes it. */
static void per_align(struct per *p)
{
	p->bit = (p->bit + 7) & ~(size_t)7;
}

static int per_skip_bits(struct per *p, size_t n)
{
	if (n > p->end - p->bit)
		return p->overrun;
	p->bit += n;
	return 0;
}

/* n octet-aligned octets; *off is their message offset. */
static int per_octets(struct per *p, size_t n, size_t *off)
{
	per_align(p);
	*off = 0;
	if (n > (p->end - p->bit) >> 3)
		return p->overrun;
	*off = p->bit >> 3;
	p->bit += n << 3;
	return 0;
}

static int per_u8(struct per *p, u32 *val)
{
	size_t off;
	int err = per_octets(p, 1, &off);

	*val = err ? 0 : p->msg[off];
	return err;
}

static int per_u16(struct per *p, u32 *val)
{
	size_t off;
	int err = per_octets(p, 2, &off);

	*val = err ? 0 : (u32)p->msg[off] << 8 | p->msg[off + 1];
	return err;
}

/* X.691 10.9.3.6-7: aligned length determinant below 16K; 10.9.3.8
 * fragments would split the value, so they are not followed.
 */
static int per_length(struct per *p, size_t *len)
{
	u32 first, second;
	int err;

	err = per_u8(p, &first);
	if (err)
		return err;
	if (!(first & 0x80)) {
		*len = first;
		return 0;
	}
	if (first & 0x40)
		return S1AP_EUNSUPPORTED;
	err = per_u8(p, &second);
	if (err)
		return err;
	*len = (first & 0x3f) << 8 | second;
	return 0;
}

/* X.691 10.2: an open type is a length and a complete encoding of at
 * least one octet; 'sub' reads just that encoding.
 */
static int per_open_type(struct per *p, struct per *sub)
{
	size_t len, off;
	int err;

	err = per_length(p, &len);
	if (err)
		return err;
	if (!len)
		return S1AP_EMALFORMED;
	err = per_octets(p, len, &off);
	if (err)
		return err;
	sub->msg = p->msg;
	sub->bit = off << 3;
	sub->end = (off + len) << 3;
	sub->overrun = S1AP_EMALFORMED;
	return 0;
}

/* A sub-encoding must be used up but for the padding of its last octet. */
static int per_done(const struct per *p)
{
	return ((p->bit + 7) & ~(size_t)7) == p->end ? 0 : S1AP_EMALFORMED;
}

/* criticality ENUMERATED {reject, ignore, notify}: 2 bits, 3 is invalid. */
static int per_criticality(struct per *p, u32 *crit)
{
	int err = per_bits(p, 2, crit);

	if (!err && *crit > S1AP_CRIT_NOTIFY)
		return S1AP_EMALFORMED;
	return err;
}

/*
 * MME-UE-S1AP-ID (0..2^32-1) and eNB-UE-S1AP-ID (0..2^24-1) have ranges
 * above 64K: X.691 10.5.7.4 encodes the octet count - 1 in 2 bits, then the
 * value in that many aligned octets.
 */
static int per_ue_id(struct per *p, unsigned int max_octets, u32 *id)
{
	u32 n, v = 0;
	size_t off, i;
	int err;

	err = per_bits(p, 2, &n);
	if (err)
		return err;
	if (++n > max_octets)
		return S1AP_EMALFORMED;
	err = per_octets(p, n, &off);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		v = v << 8 | p->msg[off + i];
	*id = v;
	return 0;
}

/*
 * ProtocolExtensionContainer (TS 36.413 9.3.7): SIZE (1..65535) OF
 * {id, criticality, open type}; the count - 1 fills two aligned octets.
 */
static int skip_extension_container(struct per *p)
{
	struct per field;
	u32 n, v, i;
	int err;

	err = per_u16(p, &n);
	if (err)
		return err;
	if (++n > S1AP_MAX_LIST)
		return S1AP_EUNSUPPORTED;
	for (i = 0; i < n; i++) {
		err = per_u16(p, &v);
		if (!err)
			err = per_criticality(p, &v);
		if (!err)
			err = per_open_type(p, &field);
		if (err)
			return err;
	}
	return 0;
}

/*
 * X.691 19.7-19.9: SEQUENCE extension additions are a bitmap whose length
 * is a normally small length (0 then n - 1 in 6 bits), then one open type
 * per present addition.
 */
static int skip_extension_additions(struct per *p)
{
	struct per addition;
	u32 large, n, bit, present = 0, i;
	int err;

	err = per_bits(p, 1, &large);
	if (err)
		return err;
	if (large)
		return S1AP_EUNSUPPORTED;
	err = per_bits(p, 6, &n);
	if (err)
		return err;
	for (i = 0; i <= n; i++) {
		err = per_bits(p, 1, &bit);
		if (err)
			return err;
		present += bit;
	}
	for (i = 0; i < present; i++) {
		err = per_open_type(p, &addition);
		if (err)
			return err;
	}
	return 0;
}

/* Extension container and additions at the end of a SEQUENCE. */
static int skip_sequence_tail(struct per *p, u32 has_container, u32 extended)
{
	int err = 0;

	if (has_container)
		err = skip_extension_container(p);
	if (!err && extended)
		err = skip_extension_additions(p);
	return err;
}

/*
 * E-RAB-ID ::= INTEGER (0..15, ...): extension bit, then 4 bits, or outside
 * the root an unconstrained integer: length and octets (X.691 12.1).
 */
static int skip_erab_id(struct per *p)
{
	size_t len, off;
	u32 ext, v;
	int err;

	err = per_bits(p, 1, &ext);
	if (err)
		return err;
	if (!ext)
		return per_bits(p, 4, &v);
	err = per_length(p, &len);
	if (err)
		return err;
	if (!len)
		return S1AP_EMALFORMED;
	return per_octets(p, len, &off);
}

/* BitRate ::= INTEGER (0..10000000000): octet count - 1 in 3 bits (1..5). */
static int skip_bit_rate(struct per *p)
{
	size_t off;
	u32 n;
	int err;

	err = per_bits(p, 3, &n);
	if (err)
		return err;
	if (++n > 5)
		return S1AP_EMALFORMED;
	return per_octets(p, n, &off);
}

/*
 * E-RABLevelQoSParameters ::= SEQUENCE { qCI INTEGER (0..255),
 * allocationRetentionPriority, gbrQosInformation OPTIONAL,
 * iE-Extensions OPTIONAL, ... } (TS 36.413 9.3.4).
 */
static int skip_erab_qos(struct per *p)
{
	u32 ext = 0, opt = 0, arp_ext = 0, arp_opt = 0, gbr_ext = 0, gbr_opt = 0;
	u32 v;
	int i, err;

	err = per_bits(p, 1, &ext);
	if (!err)
		err = per_bits(p, 2, &opt);
	if (!err)
		err = per_u8(p, &v);
	/* AllocationAndRetentionPriority: ext, option, priorityLevel (4 bits),
	 * pre-emptionCapability and -Vulnerability (1 bit each).
	 */
	if (!err)
		err = per_bits(p, 1, &arp_ext);
	if (!err)
		err = per_bits(p, 1, &arp_opt);
	if (!err)
		err = per_bits(p, 6, &v);
	if (!err)
		err = skip_sequence_tail(p, arp_opt, arp_ext);
	if (err)
		return err;
	if (opt & 2) {
		/* GBR-QosInformation: four BitRates. */
		err = per_bits(p, 1, &gbr_ext);
		if (!err)
			err = per_bits(p, 1, &gbr_opt);
		for (i = 0; i < 4 && !err; i++)
			err = skip_bit_rate(p);
		if (!err)
			err = skip_sequence_tail(p, gbr_opt, gbr_ext);
		if (err)
			return err;
	}
	return skip_sequence_tail(p, opt & 1, ext);
}

/*
 * TransportLayerAddress ::= BIT STRING (SIZE (1..160, ...)): extension
 * bit, length - 1 in 8 bits (or outside the root an aligned length), then
 * the bits, octet-aligned (X.691 16.11).
 */
static int skip_transport_address(struct per *p)
{
	size_t bits;
	u32 ext, v;
	int err;

	err = per_bits(p, 1, &ext);
	if (err)
		return err;
	if (!ext) {
		err = per_bits(p, 8, &v);
		if (err)
			return err;
		bits = (size_t)v + 1;
		if (bits > 160)
			return S1AP_EMALFORMED;
	} else {
		err = per_length(p, &bits);
		if (err)
			return err;
	}
	per_align(p);
	return per_skip_bits(p, bits);
}

static void record_nas_pdu(struct s1ap_info *info, size_t off, size_t len)
{
	if (!info->nas_count) {
		info->nas_offset = off;
		info->nas_len = len;
	}
	info->nas_count++;
}

/* NAS-PDU ::= OCTET STRING: aligned length, then the octets. */
static int walk_nas_pdu(struct per *p, struct s1ap_info *info)
{
	size_t len, off;
	int err;

	err = per_length(p, &len);
	if (err)
		return err;
	/* TS 24.301 9: a NAS message has at least two octets; none is no PDU. */
	if (!len)
		return S1AP_EMALFORMED;
	err = per_octets(p, len, &off);
	if (err)
		return err;
	record_nas_pdu(info, off, len);
	return 0;
}

/*
 * E-RABToBeSetupItemCtxtSUReq / -BearerSUReq ::= SEQUENCE { e-RAB-ID,
 * e-RABlevelQoSParameters, transportLayerAddress, gTP-TEID,
 * nAS-PDU (OPTIONAL in CtxtSUReq), iE-Extensions OPTIONAL, ... };
 * E-RABToBeModifiedItemBearerModReq has no address and TEID.
 */
static int walk_erab_item(struct per *p, u8 place, struct s1ap_info *info)
{
	u32 ext, opt = 0, has_nas = 1, has_container = 0;
	size_t off;
	int err;

	err = per_bits(p, 1, &ext);
	if (err)
		return err;
	if (place == NAS_IN_CTXT_SU_REQ) {
		err = per_bits(p, 2, &opt);
		has_nas = opt >> 1;
		has_container = opt & 1;
	} else {
		err = per_bits(p, 1, &has_container);
	}
	if (!err)
		err = skip_erab_id(p);
	if (!err)
		err = skip_erab_qos(p);
	if (!err && place != NAS_IN_BEARER_MOD_REQ) {
		err = skip_transport_address(p);
		if (!err)	/* GTP-TEID ::= OCTET STRING (SIZE (4)) */
			err = per_octets(p, 4, &off);
	}
	if (!err && has_nas)
		err = walk_nas_pdu(p, info);
	if (!err)
		err = skip_sequence_tail(p, has_container, ext);
	return err ? err : per_done(p);
}

/*
 * SEQUENCE (SIZE (1..maxnoofE-RABs)) OF ProtocolIE-SingleContainer: the
 * count - 1 fills one aligned octet (range 256, X.691 10.5.7.2). Items of
 * other ids (a later release may add some) are skipped.
 */
static int walk_erab_list(struct per *p, const struct layout *l,
			  struct s1ap_info *info)
{
	struct per item;
	u32 n, id, crit, i;
	int err;

	err = per_u8(p, &n);
	for (i = 0; !err && i <= n; i++) {
		err = per_u16(p, &id);
		if (!err)
			err = per_criticality(p, &crit);
		if (!err)
			err = per_open_type(p, &item);
		if (!err && id == l->item_ie)
			err = walk_erab_item(&item, l->place, info);
	}
	return err ? err : per_done(p);
}

static int set_ue_id(u32 *dst, bool *has, u32 id)
{
	if (*has)
		return S1AP_EMALFORMED;	/* TS 36.413 10.3.5: IE repeated */
	*dst = id;
	*has = true;
	return 0;
}

/*
 * UE-S1AP-IDs ::= CHOICE { uE-S1AP-ID-pair SEQUENCE { mME-UE-S1AP-ID,
 * eNB-UE-S1AP-ID, iE-Extensions OPTIONAL, ... }, mME-UE-S1AP-ID, ... }
 * (UE Context Release Command). A future alternative carries no ids.
 */
static int walk_ue_s1ap_ids(struct per *p, struct s1ap_info *info)
{
	u32 ext, alt, pair_ext = 0, pair_opt = 0, mme = 0, enb = 0;
	int err;

	err = per_bits(p, 1, &ext);
	if (err || ext)
		return err;
	err = per_bits(p, 1, &alt);
	if (err)
		return err;
	if (alt) {
		err = per_ue_id(p, 4, &mme);
		if (!err)
			err = set_ue_id(&info->mme_ue_id, &info->has_mme_ue_id,
					mme);
		return err ? err : per_done(p);
	}
	err = per_bits(p, 1, &pair_ext);
	if (!err)
		err = per_bits(p, 1, &pair_opt);
	if (!err)
		err = per_ue_id(p, 4, &mme);
	if (!err)
		err = per_ue_id(p, 3, &enb);
	if (!err)
		err = skip_sequence_tail(p, pair_opt, pair_ext);
	if (!err)
		err = set_ue_id(&info->mme_ue_id, &info->has_mme_ue_id, mme);
	if (!err)
		err = set_ue_id(&info->enb_ue_id, &info->has_enb_ue_id, enb);
	return err ? err : per_done(p);
}

/* TS 36.413 9.1: which messages carry NAS-PDUs, where, and what they need. */
static void nas_layout(u8 pdu_type, u8 procedure, struct layout *l)
{
	const u8 ids = SEEN_MME_UE_ID | SEEN_ENB_UE_ID;

	memset(l, 0, sizeof(*l));
	if (pdu_type != S1AP_PDU_INITIATING)
		return;
	switch (procedure) {
	case S1AP_PROC_INITIAL_UE_MESSAGE:
		l->place = NAS_IN_TOP;
		l->nas_dir = S1AP_NAS_UPLINK;
		l->required = SEEN_ENB_UE_ID | SEEN_NAS_PDU;
		break;
	case S1AP_PROC_UPLINK_NAS_TRANSPORT:
		l->place = NAS_IN_TOP;
		l->nas_dir = S1AP_NAS_UPLINK;
		l->required = ids | SEEN_NAS_PDU;
		break;
	case S1AP_PROC_DOWNLINK_NAS_TRANSPORT:
	case S1AP_PROC_NAS_NON_DELIVERY_INDICATION:
		l->place = NAS_IN_TOP;
		l->nas_dir = S1AP_NAS_DOWNLINK;
		l->required = ids | SEEN_NAS_PDU;
		break;
	case S1AP_PROC_E_RAB_RELEASE:
		l->place = NAS_IN_TOP;
		l->nas_dir = S1AP_NAS_DOWNLINK;
		l->required = ids;
		break;
	case S1AP_PROC_INITIAL_CONTEXT_SETUP:
		l->place = NAS_IN_CTXT_SU_REQ;
		l->nas_dir = S1AP_NAS_DOWNLINK;
		l->required = ids | SEEN_ERAB_LIST;
		l->list_ie = S1AP_IE_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ;
		l->item_ie = S1AP_IE_E_RAB_TO_BE_SETUP_ITEM_CTXT_SU_REQ;
		break;
	case S1AP_PROC_E_RAB_SETUP:
		l->place = NAS_IN_BEARER_SU_REQ;
		l->nas_dir = S1AP_NAS_DOWNLINK;
		l->required = ids | SEEN_ERAB_LIST;
		l->list_ie = S1AP_IE_E_RAB_TO_BE_SETUP_LIST_BEARER_SU_REQ;
		l->item_ie = S1AP_IE_E_RAB_TO_BE_SETUP_ITEM_BEARER_SU_REQ;
		break;
	case S1AP_PROC_E_RAB_MODIFY:
		l->place = NAS_IN_BEARER_MOD_REQ;
		l->nas_dir = S1AP_NAS_DOWNLINK;
		l->required = ids | SEEN_ERAB_LIST;
		l->list_ie = S1AP_IE_E_RAB_TO_BE_MODIFIED_LIST_BEARER_MOD_REQ;
		l->item_ie = S1AP_IE_E_RAB_TO_BE_MODIFIED_ITEM_BEARER_MOD_REQ;
		break;
	}
}

/* TS 36.413 8: the node that sends each procedure's initiating message. */
static u8 initiator(u8 procedure)
{
	switch (procedure) {
	case 0: case 2: case 3: case 4:		/* handover */
	case 8: case 12: case 13: case 16: case 17: case 18: case 20:
	case 22: case 24: case 28: case 29: case 32: case 33: case 37:
	case 40: case 42: case 45: case 47: case 49: case 50: case 51:
	case 53: case 55: case 56: case 57: case 58: case 60: case 62:
	case 63: case 64: case 65:
		return S1AP_SENDER_ENB;
	case 1: case 5: case 6: case 7: case 9: case 10: case 11: case 19:
	case 21: case 23: case 25: case 26: case 27: case 30: case 31:
	case 34: case 35: case 36: case 38: case 41: case 43: case 44:
	case 46: case 48: case 52: case 54: case 59: case 61: case 66:
		return S1AP_SENDER_MME;
	default:	/* Reset, Error Indication, Private Message, unknown */
		return S1AP_SENDER_UNKNOWN;
	}
}

static u8 sender(u8 pdu_type, u8 procedure)
{
	u8 node = initiator(procedure);

	if (pdu_type == S1AP_PDU_INITIATING || node == S1AP_SENDER_UNKNOWN)
		return node;
	return node == S1AP_SENDER_ENB ? S1AP_SENDER_MME : S1AP_SENDER_ENB;
}

static int walk_ie(struct per *ie, u32 id, const struct layout *l,
		   u8 *seen, struct s1ap_info *info)
{
	u32 ue_id;
	int err;

	switch (id) {
	case S1AP_IE_MME_UE_S1AP_ID:
		err = per_ue_id(ie, 4, &ue_id);
		if (!err)
			err = set_ue_id(&info->mme_ue_id, &info->has_mme_ue_id,
					ue_id);
		*seen |= SEEN_MME_UE_ID;
		break;
	case S1AP_IE_ENB_UE_S1AP_ID:
		err = per_ue_id(ie, 3, &ue_id);
		if (!err)
			err = set_ue_id(&info->enb_ue_id, &info->has_enb_ue_id,
					ue_id);
		*seen |= SEEN_ENB_UE_ID;
		break;
	case S1AP_IE_UE_S1AP_IDS:
		if (info->pdu_type != S1AP_PDU_INITIATING ||
		    info->procedure != S1AP_PROC_UE_CONTEXT_RELEASE)
			return 0;
		return walk_ue_s1ap_ids(ie, info);
	case S1AP_IE_NAS_PDU:
		if (l->place != NAS_IN_TOP)
			return 0;
		if (*seen & SEEN_NAS_PDU)
			return S1AP_EMALFORMED;
		*seen |= SEEN_NAS_PDU;
		err = walk_nas_pdu(ie, info);
		break;
	default:
		if (!l->list_ie || id != l->list_ie)
			return 0;
		if (*seen & SEEN_ERAB_LIST)
			return S1AP_EMALFORMED;
		*seen |= SEEN_ERAB_LIST;
		return walk_erab_list(ie, l, info);
	}
	return err ? err : per_done(ie);
}

/*
 * Every S1AP message is SEQUENCE { protocolIEs ProtocolIE-Container, ... };
 * the container is SIZE (0..65535) OF ProtocolIE-Field {id INTEGER
 * (0..65535), criticality, value open type}, its count in two aligned
 * octets (X.691 10.5.7.3).
 */
static int walk_message(struct per *p, struct s1ap_info *info)
{
	struct layout l;
	struct per ie;
	u32 ext, n, id, crit, i;
	u8 seen = 0;
	int err;

	nas_layout(info->pdu_type, info->procedure, &l);
	err = per_bits(p, 1, &ext);
	if (!err)
		err = per_u16(p, &n);
	if (err)
		return err;
	if (n > S1AP_MAX_IES)
		return S1AP_EUNSUPPORTED;
	info->ie_count = n;
	for (i = 0; i < n; i++) {
		err = per_u16(p, &id);
		if (!err)
			err = per_criticality(p, &crit);
		if (!err)
			err = per_open_type(p, &ie);
		if (!err)
			err = walk_ie(&ie, id, &l, &seen, info);
		if (err)
			return err;
	}
	if (ext) {
		err = skip_extension_additions(p);
		if (err)
			return err;
	}
	err = per_done(p);
	if (err)
		return err;
	if ((seen & l.required) != l.required)
		return S1AP_EMALFORMED;	/* TS 36.413 10.3.5: IE missing */
	if (!info->nas_count)
		return S1AP_ENONAS;
	info->nas_dir = l.nas_dir;
	return S1AP_OK;
}

int s1ap_walk(const u8 *msg, size_t len, struct s1ap_info *info)
{
	struct per top, value;
	u32 ext, choice, procedure, crit;
	int err;

	memset(info, 0, sizeof(*info));
	top.msg = msg;
	top.bit = 0;
	top.end = (size_t)(len < S1AP_SCAN_MAX ? len : S1AP_SCAN_MAX) << 3;
	top.overrun = S1AP_ETRUNCATED;

	/* S1AP-PDU ::= CHOICE { initiatingMessage, successfulOutcome,
	 * unsuccessfulOutcome, ... }: extension bit and a 2-bit index.
	 */
	err = per_bits(&top, 1, &ext);
	if (err)
		return err;
	if (ext)
		return S1AP_EUNSUPPORTED;
	err = per_bits(&top, 2, &choice);
	if (err)
		return err;
	if (choice > S1AP_PDU_UNSUCCESSFUL)
		return S1AP_EMALFORMED;
	info->pdu_type = choice;

	/* SEQUENCE { procedureCode INTEGER (0..255), criticality, value } */
	err = per_u8(&top, &procedure);
	if (err)
		return err;
	info->procedure = procedure;
	info->sender = sender(choice, procedure);
	err = per_criticality(&top, &crit);
	if (err)
		return err;
	info->criticality = crit;
	err = per_open_type(&top, &value);
	if (err)
		return err;
	/* One SCTP message is exactly one PDU. */
	if (value.end >> 3 != len)
		return S1AP_EMALFORMED;
	if (procedure == S1AP_PROC_PRIVATE_MESSAGE)
		return S1AP_ENONAS;	/* PrivateIE-Container: opaque */
	return walk_message(&value, info);
}

bool s1ap_nas_to_verify(const u8 *msg, size_t len, struct nassec_verdict_info *vi)
{
	struct s1ap_info info;
	int ret;

	memset(vi, 0, sizeof(*vi));
	ret = s1ap_walk(msg, len, &info);
	vi->procedure = info.procedure;
	if (info.has_mme_ue_id)
		vi->ue_id = info.mme_ue_id;
	if (ret == S1AP_ENONAS) {
		vi->verdict = NASSEC_VERDICT_NOT_NAS;
		return false;
	}
	if (ret != S1AP_OK) {
		vi->verdict = NASSEC_VERDICT_MALFORMED;
		return false;
	}
	vi->nas_offset = info.nas_offset;
	vi->nas_len = info.nas_len;
	vi->sec_hdr_type = msg[info.nas_offset] >> 4;
	/* A downlink NAS-PDU coming back (NAS Non Delivery Indication). */
	if (info.nas_dir != S1AP_NAS_UPLINK) {
		vi->verdict = NASSEC_VERDICT_NOT_NAS;
		return false;
	}
	if (vi->sec_hdr_type == NASSEC_SHT_PLAIN) {
		vi->verdict = NASSEC_VERDICT_PLAIN;
		return false;
	}
	/* Initial UE Message: the MME has not named the UE yet. */
	if (!info.has_mme_ue_id) {
		vi->verdict = NASSEC_VERDICT_NO_CONTEXT;
		return false;
	}
	return true;
}

const char *s1ap_status_name(int status)
{
	switch (status) {
	case S1AP_OK:
		return "ok";
	case S1AP_ENONAS:
		return "no-nas";
	case S1AP_ETRUNCATED:
		return "truncated";
	case S1AP_EMALFORMED:
		return "malformed";
	case S1AP_EUNSUPPORTED:
		return "unsupported";
	default:
		return "unknown";
	}
}
