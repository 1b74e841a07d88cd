/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to libnas: a message is a table of IE descriptors, in the order
 * of its TS 24.301 clause 8 table; nas_msg.c walks the tables to decode and
 * encode. nas_emm.c and nas_esm.c hold them.
 */
#ifndef NASSEC_NAS_DESC_H
#define NASSEC_NAS_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "nas_ie.h"

/* What an IE's value maps onto in struct nas_msg. */
enum nas_iek {
	NAS_K_SPARE,		/* spare half octet: 0 out, ignored in */
	NAS_K_U4,		/* uint8_t, half octet */
	NAS_K_U8,		/* uint8_t, one octet */
	NAS_K_ARRAY,		/* uint8_t[max], exactly max octets */
	NAS_K_BUF,		/* struct nas_buf into the message */
	NAS_K_KSI,		/* struct nas_ksi (half octet) */
	NAS_K_ALGS,		/* struct nas_algs */
	NAS_K_ID_EPS,		/* struct nas_mobile_id, 9.9.3.12 */
	NAS_K_ID,		/* struct nas_mobile_id, 24.008 10.5.1.4 */
	NAS_K_UE_NET_CAP,
	NAS_K_UE_SEC_CAP,
	NAS_K_TAI,
	NAS_K_TAI_LIST,
	NAS_K_APN,
	NAS_K_PDN_ADDR,
	NAS_K_EPS_QOS,
	NAS_K_RES,		/* struct nas_res */
};

struct nas_ie_desc {
	const char *name;
	uint8_t iei;		/* TV1: the IEI in bits 8-5, bits 4-1 zero */
	uint8_t fmt;		/* enum nas_ief */
	uint8_t kind;		/* enum nas_iek */
	int8_t bit;		/* NAS_O_*, -1: mandatory */
	uint16_t min, max;	/* value length bounds (TS 24.301 8.x) */
	uint16_t off;		/* offset of the field in struct nas_msg */
	/* For U4/U8: is v a value the IE may carry? NULL: any. */
	bool (*valid)(uint8_t v);
};

/* Direction a message travels in (enum nas_msg_dir), or both. */
#define NAS_DIR_UL	NAS_MSG_UL
#define NAS_DIR_DL	NAS_MSG_DL
#define NAS_DIR_BOTH	(-1)

struct nas_msg_desc {
	uint8_t pd, type;
	int8_t dir;		/* NAS_DIR_* */
	const char *name;
	const struct nas_ie_desc *ies;
	uint8_t nies;
	/* Conditions across IEs (24.301 7.7.2); sets diag->cause. */
	void (*check)(const struct nas_msg *m, struct nas_diag *d);
};

#define NAS_FIELD(msg, f) offsetof(struct nas_msg, u.msg.f)
/* Table rows: a mandatory IE of message msg (field f), an optional one
 * with its IEI and presence bit NAS_O_<bit>, a spare half octet.
 */
#define NAS_IE_M(n, fmt, kind, min, max, msg, f, valid) \
	{ n, 0, NAS_IEF_##fmt, NAS_K_##kind, -1, min, max, \
	  NAS_FIELD(msg, f), valid }
#define NAS_IE_O(n, iei, bit, fmt, kind, min, max, msg, f, valid) \
	{ n, iei, NAS_IEF_##fmt, NAS_K_##kind, NAS_O_##bit, min, max, \
	  NAS_FIELD(msg, f), valid }
#define NAS_IE_SPARE_HI(msg) \
	{ "spare half octet", 0, NAS_IEF_V_HI, NAS_K_SPARE, -1, 0, 0, 0, \
	  NULL }
#define NAS_DESC(pd_, type_, dir_, name_, ies_, check_) \
	{ .pd = (pd_), .type = (type_), .dir = (dir_), .name = (name_), \
	  .ies = (ies_), .nies = sizeof(ies_) / sizeof((ies_)[0]), \
	  .check = (check_) }

extern const struct nas_msg_desc nas_emm_msgs[];
extern const size_t nas_emm_nmsgs;
extern const struct nas_msg_desc nas_esm_msgs[];
extern const size_t nas_esm_nmsgs;

#endif /* NASSEC_NAS_DESC_H */
