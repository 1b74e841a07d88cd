/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libnas: the plain NAS messages of EMM and ESM (TS 24.301 clauses 8 and 9)
 * for nassecd (decodes UE->network, encodes network->UE) and the eNB/UE
 * simulator (the reverse). Security protection (header types 1-4) is the
 * kernel's; nas_msg_outer() only tells where the plain message is.
 *
 * Decoding never allocates: structured IEs are copied into struct nas_msg,
 * opaque IEs (struct nas_buf) point into the decoded buffer, which must
 * outlive the message. Encoding reads the same structure.
 *
 * Errors (negative errno):
 *  -EBADMSG   truncated or malformed message or mandatory IE (length outside
 *             the IE's bounds in TS 24.301 8.x tables);
 *  -EPROTO    a mandatory IE's value is semantically invalid (a reserved
 *             identity type, a PDN address that does not match its type...);
 *  -ENOMSG    unknown protocol discriminator or message type, or a
 *             message in the direction it does not travel (24.301 7.4);
 *  -EPROTO    also: an EMM header with a security header type (not plain);
 *  -EOPNOTSUPP an unknown IE encoded as "comprehension required"
 *             (TS 24.007 11.2.4: IEI bits 8..5 = 0000);
 *  -ENOSPC    encode buffer too small;
 *  -EINVAL    a field to encode is out of its range, or the message is
 *             not one of these in m->dir.
 * struct nas_diag says which EMM/ESM cause a STATUS answer would carry
 * (TS 24.301 7.3-7.7) and where the problem was.
 *
 * The non-imperative part is read as TS 24.301 7.6-7.7 and TS 24.007 11.2.4
 * say: IEs in any order; an unknown IE is skipped by its format (bit 8 set:
 * one octet; 0x78-0x7F: TLV-E; else TLV) unless comprehension required;
 * of a repeated IE the first counts; a known optional IE of a length or
 * value its IE does not allow is treated as absent.
 */
#ifndef NASSEC_NAS_MSG_H
#define NASSEC_NAS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* TS 24.007 11.2.3.1.1 protocol discriminators. */
#define NAS_MSG_PD_ESM		0x2
#define NAS_MSG_PD_EMM		0x7

/* TS 24.301 9.3.1 security header types. */
#define NAS_MSG_SHT_PLAIN		0
#define NAS_MSG_SHT_INT			1
#define NAS_MSG_SHT_INT_CIPH		2
#define NAS_MSG_SHT_INT_NEW		3
#define NAS_MSG_SHT_INT_CIPH_NEW	4
#define NAS_MSG_SHT_SERVICE_REQ		12	/* 13-15 are read as 12 */
/* TS 24.301 9.1: SHT/PD, MAC (4), SQN (1), then the plain message. */
#define NAS_MSG_SEC_HDR_LEN		6

/* TS 24.301 9.8 table 9.8.1: EMM message types. */
enum nas_emm_type {
	NAS_EMM_ATTACH_REQUEST		= 0x41,
	NAS_EMM_ATTACH_ACCEPT		= 0x42,
	NAS_EMM_ATTACH_COMPLETE		= 0x43,
	NAS_EMM_ATTACH_REJECT		= 0x44,
	NAS_EMM_DETACH_REQUEST		= 0x45,
	NAS_EMM_DETACH_ACCEPT		= 0x46,
	NAS_EMM_AUTH_REQUEST		= 0x52,
	NAS_EMM_AUTH_RESPONSE		= 0x53,
	NAS_EMM_AUTH_REJECT		= 0x54,
	NAS_EMM_IDENTITY_REQUEST	= 0x55,
	NAS_EMM_IDENTITY_RESPONSE	= 0x56,
	NAS_EMM_AUTH_FAILURE		= 0x5c,
	NAS_EMM_SMC			= 0x5d,
	NAS_EMM_SMC_COMPLETE		= 0x5e,
	NAS_EMM_SMC_REJECT		= 0x5f,
	NAS_EMM_STATUS			= 0x60,
	NAS_EMM_INFORMATION		= 0x61,
};

/* TS 24.301 9.8 table 9.8.2: ESM message types. */
enum nas_esm_type {
	NAS_ESM_ACT_DEF_BEARER_REQ	= 0xc1,
	NAS_ESM_ACT_DEF_BEARER_ACC	= 0xc2,
	NAS_ESM_ACT_DEF_BEARER_REJ	= 0xc3,
	NAS_ESM_PDN_CONN_REQ		= 0xd0,
	NAS_ESM_PDN_CONN_REJ		= 0xd1,
	NAS_ESM_INFO_REQUEST		= 0xd9,
	NAS_ESM_INFO_RESPONSE		= 0xda,
	NAS_ESM_STATUS			= 0xe8,
};

/*
 * Direction: selects the Detach Request format (8.2.11); a message decoded
 * or encoded in the direction it does not travel in is unknown (-ENOMSG,
 * #97: 24.301 7.4).
 */
enum nas_msg_dir {
	NAS_MSG_UL = 0,		/* UE -> network */
	NAS_MSG_DL = 1,		/* network -> UE */
};

/* TS 24.301 9.9.3.9 / Annex A: EMM causes used by the codec and callers. */
enum {
	NAS_EMM_CAUSE_ILLEGAL_UE		= 3,
	NAS_EMM_CAUSE_EPS_NON_EPS_NOT_ALLOWED	= 8,
	NAS_EMM_CAUSE_MAC_FAILURE		= 20,
	NAS_EMM_CAUSE_SYNCH_FAILURE		= 21,
	NAS_EMM_CAUSE_UE_SEC_CAP_MISMATCH	= 23,
	NAS_EMM_CAUSE_SEC_MODE_REJ_UNSPEC	= 24,
	NAS_EMM_CAUSE_NON_EPS_AUTH_UNACCEPTABLE	= 26,
	NAS_EMM_CAUSE_SEMANTICALLY_INCORRECT	= 95,
	NAS_EMM_CAUSE_INVALID_MANDATORY_INFO	= 96,
	NAS_EMM_CAUSE_MSG_TYPE_NONEXISTENT	= 97,
	NAS_EMM_CAUSE_IE_NONEXISTENT		= 99,
	NAS_EMM_CAUSE_CONDITIONAL_IE_ERROR	= 100,
	NAS_EMM_CAUSE_PROTOCOL_ERROR		= 111,
};

/* Identity types, one list for the EPS mobile identity (9.9.3.12) and the
 * mobile identity (TS 24.008 10.5.1.4); the wire codes differ per IE.
 */
enum nas_id_type {
	NAS_ID_NONE = 0,
	NAS_ID_IMSI,
	NAS_ID_IMEI,
	NAS_ID_IMEISV,
	NAS_ID_TMSI,		/* 24.008 only: TMSI/P-TMSI/M-TMSI */
	NAS_ID_GUTI,		/* EPS mobile identity only */
};

/* TS 24.007 11.2.1.1.4 type 4 / 6 contents the codec keeps as octets. */
struct nas_buf {
	const uint8_t *data;
	uint16_t len;
};

/* PLMN identity as TS 24.008 10.5.1.13 codes it (3 BCD octets). */
struct nas_plmn {
	uint8_t octets[3];
};

struct nas_guti {
	struct nas_plmn plmn;
	uint16_t mme_group;
	uint8_t mme_code;
	uint32_t m_tmsi;
};

/* EPS mobile identity or mobile identity. digits: NUL-terminated
 * ('0'..'9') for IMSI (6..15), IMEI (15), IMEISV (16).
 */
struct nas_mobile_id {
	uint8_t type;			/* enum nas_id_type */
	char digits[17];
	struct nas_guti guti;		/* NAS_ID_GUTI */
	uint32_t tmsi;			/* NAS_ID_TMSI */
};

/* TS 24.301 9.9.3.32 tracking area identity. */
struct nas_tai {
	struct nas_plmn plmn;
	uint16_t tac;
};

/* TS 24.301 9.9.3.33 TAI list. type 0: tai[0..n) share tai[0].plmn, any
 * TACs; type 1: tai[0] is the first of n consecutive TACs; type 2: n full
 * TAIs.
 */
#define NAS_TAI_LIST_MAX_PARTS	16
#define NAS_TAI_PART_MAX	16
struct nas_tai_part {
	uint8_t type;			/* 0, 1 or 2 */
	uint8_t n;			/* 1..16 */
	struct nas_tai tai[NAS_TAI_PART_MAX];
};
struct nas_tai_list {
	uint8_t nparts;
	struct nas_tai_part part[NAS_TAI_LIST_MAX_PARTS];
};

/* TS 24.301 9.9.3.34: raw octets (for replay) and the parsed bits. */
#define NAS_UE_NET_CAP_MAX	13
struct nas_ue_net_cap {
	uint8_t len;			/* 2..13 */
	uint8_t octets[NAS_UE_NET_CAP_MAX];
	/* Parsed on decode; bit i = EEAi / EIAi / UEAi / UIAi. */
	uint8_t eea, eia, uea, uia;
	bool has_uea, has_uia;		/* octets 5 / 6 present */
};

/* TS 24.301 9.9.3.36: replayed exactly in the SMC (octets 3..7). */
#define NAS_UE_SEC_CAP_MAX	5
struct nas_ue_sec_cap {
	uint8_t len;			/* 2..5: EEA, EIA, [UEA, [UIA, [GEA]]] */
	uint8_t octets[NAS_UE_SEC_CAP_MAX];
};

/* NAS key set identifier (9.9.3.21): TSC (1 = mapped) and KSI (7: none). */
struct nas_ksi {
	uint8_t tsc;
	uint8_t ksi;
};

/* Selected NAS security algorithms (9.9.3.23). */
struct nas_algs {
	uint8_t eea;			/* 0..7 */
	uint8_t eia;			/* 0..7 */
};

/* PDN type (9.9.4.10) and PDN address (9.9.4.9). */
enum {
	NAS_PDN_IPV4 = 1,
	NAS_PDN_IPV6 = 2,
	NAS_PDN_IPV4V6 = 3,
	NAS_PDN_NON_IP = 5,
};
struct nas_pdn_addr {
	uint8_t type;
	uint8_t ipv6_iid[8];		/* IPv6 / IPv4v6 */
	uint8_t ipv4[4];		/* IPv4 / IPv4v6, network order */
};

/* EPS QoS (9.9.4.3): QCI and the optional bit rate octets as sent. */
struct nas_eps_qos {
	uint8_t qci;
	uint8_t nrates;			/* 0..12 */
	uint8_t rates[12];
};

/* APN (TS 24.008 10.5.6.1), as a dotted name ("internet.mnc001..."). */
#define NAS_APN_MAX	100
struct nas_apn {
	char name[NAS_APN_MAX + 1];
};

/* Optional IE presence: bit (1 << NAS_O_*) in struct nas_msg.opt. */
#define NAS_OPT(bit) (1u << (bit))

/* 8.2.4 ATTACH REQUEST */
enum {
	NAS_O_AR_OLD_PTMSI_SIG, NAS_O_AR_ADD_GUTI, NAS_O_AR_LAST_TAI,
	NAS_O_AR_DRX, NAS_O_AR_MS_NET_CAP, NAS_O_AR_OLD_LAI,
	NAS_O_AR_TMSI_STATUS, NAS_O_AR_MS_CM2, NAS_O_AR_MS_CM3,
	NAS_O_AR_CODECS, NAS_O_AR_ADD_UPDATE_TYPE, NAS_O_AR_VOICE_PREF,
	NAS_O_AR_DEVICE_PROPS, NAS_O_AR_OLD_GUTI_TYPE, NAS_O_AR_MS_NET_FEAT,
	NAS_O_AR_NRI, NAS_O_AR_T3324, NAS_O_AR_T3412_EXT, NAS_O_AR_EDRX,
	NAS_O_AR_UE_ADD_SEC_CAP,
};
struct nas_attach_request {
	uint8_t attach_type;		/* 9.9.3.11: 1 EPS, 2 combined, 6 emergency */
	struct nas_ksi ksi;
	struct nas_mobile_id id;
	struct nas_ue_net_cap ue_net_cap;
	struct nas_buf esm;		/* ESM message container */
	struct nas_buf old_ptmsi_sig;	/* 3 */
	struct nas_mobile_id add_guti;
	struct nas_tai last_tai;
	struct nas_buf drx;		/* 2 */
	struct nas_buf ms_net_cap;
	struct nas_buf old_lai;		/* 5 */
	uint8_t tmsi_status;
	struct nas_buf ms_cm2, ms_cm3, codecs;
	uint8_t add_update_type;
	struct nas_buf voice_pref;
	uint8_t device_props, old_guti_type, ms_net_feat;
	struct nas_buf nri;
	uint8_t t3324, t3412_ext;	/* GPRS timer 2 / 3 octet */
	struct nas_buf edrx, ue_add_sec_cap;
};

/* 8.2.1 ATTACH ACCEPT */
enum {
	NAS_O_AA_GUTI, NAS_O_AA_LAI, NAS_O_AA_MS_ID, NAS_O_AA_EMM_CAUSE,
	NAS_O_AA_T3402, NAS_O_AA_T3423, NAS_O_AA_EPLMNS, NAS_O_AA_ECN_LIST,
	NAS_O_AA_EPS_NET_FEAT, NAS_O_AA_ADD_UPDATE_RESULT, NAS_O_AA_T3412_EXT,
	NAS_O_AA_T3324, NAS_O_AA_EDRX,
};
struct nas_attach_accept {
	uint8_t result;			/* 9.9.3.10: 1 EPS only, 2 combined */
	uint8_t t3412;			/* GPRS timer octet (9.9.3.16) */
	struct nas_tai_list tai_list;
	struct nas_buf esm;
	struct nas_mobile_id guti;	/* type NAS_ID_GUTI */
	struct nas_buf lai;		/* 5 */
	struct nas_mobile_id ms_id;	/* 24.008 mobile identity */
	uint8_t emm_cause, t3402, t3423;
	struct nas_buf eplmns, ecn_list, eps_net_feat;
	uint8_t add_update_result;
	uint8_t t3412_ext, t3324;
	struct nas_buf edrx;
};

/* 8.2.2 ATTACH COMPLETE */
struct nas_attach_complete {
	struct nas_buf esm;
};

/* 8.2.3 ATTACH REJECT */
enum {
	NAS_O_AJ_ESM, NAS_O_AJ_T3346, NAS_O_AJ_T3402, NAS_O_AJ_EXT_CAUSE,
};
struct nas_attach_reject {
	uint8_t emm_cause;
	struct nas_buf esm;
	uint8_t t3346, t3402;		/* GPRS timer 2 octet */
	uint8_t ext_cause;
};

/* 8.2.11: UE-originating (UL) carries KSI and identity; network-
 * originating (DL) may carry an EMM cause.
 */
enum { NAS_O_DR_EMM_CAUSE };
struct nas_detach_request {
	uint8_t detach_type;		/* 9.9.3.7: bit 4 switch off, bits 3-1 type */
	struct nas_ksi ksi;		/* UL */
	struct nas_mobile_id id;	/* UL */
	uint8_t emm_cause;		/* DL, optional */
};

/* 8.2.5 AUTHENTICATION FAILURE (AUTS iff cause #21: 8.2.5.2) */
enum { NAS_O_AF_AUTS };
struct nas_auth_failure {
	uint8_t emm_cause;
	uint8_t auts[14];
};

/* 8.2.7 AUTHENTICATION REQUEST */
struct nas_auth_request {
	struct nas_ksi ksi;
	uint8_t rand[16];
	uint8_t autn[16];
};

/* 8.2.8 AUTHENTICATION RESPONSE: RES (9.9.3.4), 4..16 octets. */
struct nas_res {
	uint8_t len;
	uint8_t v[16];
};
struct nas_auth_response {
	struct nas_res res;
};

/* 8.2.13 EMM INFORMATION */
enum {
	NAS_O_EI_FULL_NAME, NAS_O_EI_SHORT_NAME, NAS_O_EI_TZ,
	NAS_O_EI_TIME_TZ, NAS_O_EI_DST,
};
struct nas_emm_information {
	struct nas_buf full_name, short_name;	/* 24.008 10.5.3.5a contents */
	uint8_t tz;			/* 9.9.3.29 */
	uint8_t time_tz[7];		/* 9.9.3.30: Y M D h m s TZ, BCD */
	uint8_t dst;			/* 9.9.3.6 contents octet */
};

/* 8.2.14 EMM STATUS, 8.2.22 SECURITY MODE REJECT: an EMM cause. */
struct nas_emm_cause_msg {
	uint8_t emm_cause;
};

/* 8.2.18 IDENTITY REQUEST */
struct nas_identity_request {
	uint8_t id_type;		/* 9.9.3.22: enum nas_id_type, IMSI..TMSI */
};

/* 8.2.19 IDENTITY RESPONSE */
struct nas_identity_response {
	struct nas_mobile_id id;
};

/* 8.2.20 SECURITY MODE COMMAND */
enum {
	NAS_O_SMC_IMEISV_REQ, NAS_O_SMC_NONCE_UE, NAS_O_SMC_NONCE_MME,
	NAS_O_SMC_HASHMME, NAS_O_SMC_UE_ADD_SEC_CAP,
};
struct nas_smc {
	struct nas_algs algs;
	struct nas_ksi ksi;
	struct nas_ue_sec_cap ue_sec_cap;
	uint8_t imeisv_req;		/* 9.9.3.28: 1 requested */
	uint8_t nonce_ue[4], nonce_mme[4];
	uint8_t hash_mme[8];		/* 9.9.3.50 */
	struct nas_buf ue_add_sec_cap;
};

/* 8.2.21 SECURITY MODE COMPLETE */
enum { NAS_O_SMCC_IMEISV, NAS_O_SMCC_NAS_MSG };
struct nas_smc_complete {
	struct nas_mobile_id imeisv;	/* type NAS_ID_IMEISV */
	struct nas_buf nas_msg;		/* replayed NAS message container */
};

/* ESM: 8.3.20 PDN CONNECTIVITY REQUEST */
enum {
	NAS_O_PCR_EIT, NAS_O_PCR_APN, NAS_O_PCR_PCO, NAS_O_PCR_DEVICE_PROPS,
	NAS_O_PCR_EPCO,
};
struct nas_pdn_conn_req {
	uint8_t request_type;		/* 9.9.4.14: 1 initial, 2 handover, 4 emergency */
	uint8_t pdn_type;
	uint8_t eit;			/* ESM information transfer flag (9.9.4.5) */
	struct nas_apn apn;
	struct nas_buf pco;		/* 24.008 10.5.6.3 contents */
	uint8_t device_props;
	struct nas_buf epco;		/* 9.9.4.26 */
};

/* 8.3.19 PDN CONNECTIVITY REJECT */
enum { NAS_O_PCJ_PCO, NAS_O_PCJ_BACKOFF, NAS_O_PCJ_REATTEMPT, NAS_O_PCJ_EPCO };
struct nas_pdn_conn_rej {
	uint8_t esm_cause;
	struct nas_buf pco;
	uint8_t backoff;		/* GPRS timer 3 octet */
	struct nas_buf reattempt;
	struct nas_buf epco;
};

/* 8.3.14 ESM INFORMATION RESPONSE */
enum { NAS_O_EIR_APN, NAS_O_EIR_PCO, NAS_O_EIR_EPCO };
struct nas_esm_info_resp {
	struct nas_apn apn;
	struct nas_buf pco, epco;
};

/* 8.3.6 ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST */
enum {
	NAS_O_ADB_TI, NAS_O_ADB_NEG_QOS, NAS_O_ADB_LLC_SAPI,
	NAS_O_ADB_RADIO_PRIO, NAS_O_ADB_PFI, NAS_O_ADB_APN_AMBR,
	NAS_O_ADB_ESM_CAUSE, NAS_O_ADB_PCO, NAS_O_ADB_CONN_TYPE,
	NAS_O_ADB_EPCO,
};
struct nas_act_def_bearer_req {
	struct nas_eps_qos qos;
	struct nas_apn apn;
	struct nas_pdn_addr pdn_addr;
	struct nas_buf ti, neg_qos;
	uint8_t llc_sapi, radio_prio;
	struct nas_buf pfi, apn_ambr;
	uint8_t esm_cause;
	struct nas_buf pco;
	uint8_t conn_type;
	struct nas_buf epco;
};

/* 8.3.4 ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT, 8.3.5 REJECT, and
 * 8.3.15 ESM STATUS: an optional / mandatory cause and PCOs.
 */
enum { NAS_O_ADA_PCO, NAS_O_ADA_EPCO };
struct nas_act_def_bearer_acc {
	struct nas_buf pco, epco;
};
enum { NAS_O_ADJ_PCO, NAS_O_ADJ_EPCO };
struct nas_act_def_bearer_rej {
	uint8_t esm_cause;
	struct nas_buf pco, epco;
};
struct nas_esm_status {
	uint8_t esm_cause;
};

struct nas_msg {
	uint8_t pd;			/* NAS_MSG_PD_EMM or NAS_MSG_PD_ESM */
	uint8_t type;			/* enum nas_emm_type / nas_esm_type */
	uint8_t dir;			/* enum nas_msg_dir */
	uint8_t ebi;			/* ESM: EPS bearer identity (9.3.2) */
	uint8_t pti;			/* ESM: procedure transaction id (9.4) */
	uint32_t opt;			/* NAS_OPT(NAS_O_*) of present optional IEs */
	union {
		struct nas_attach_request attach_req;
		struct nas_attach_accept attach_acc;
		struct nas_attach_complete attach_cpl;
		struct nas_attach_reject attach_rej;
		struct nas_detach_request detach_req;
		struct nas_auth_failure auth_fail;
		struct nas_auth_request auth_req;
		struct nas_auth_response auth_resp;
		struct nas_emm_information emm_info;
		struct nas_emm_cause_msg emm_status, smc_rej;
		struct nas_identity_request id_req;
		struct nas_identity_response id_resp;
		struct nas_smc smc;
		struct nas_smc_complete smc_cpl;
		struct nas_pdn_conn_req pdn_req;
		struct nas_pdn_conn_rej pdn_rej;
		struct nas_esm_info_resp esm_info_resp;
		struct nas_act_def_bearer_req adb_req;
		struct nas_act_def_bearer_acc adb_acc;
		struct nas_act_def_bearer_rej adb_rej;
		struct nas_esm_status esm_status;
	} u;
};

/* What a decode found beyond its return value. */
struct nas_diag {
	uint8_t cause;		/* EMM (or ESM) cause for a STATUS answer, 0: none:
				 * 96 invalid mandatory information (also an
				 * unknown comprehension-required IE, 24.301 7.5),
				 * 97 message type non-existent, 100 conditional
				 * IE error (the message decoded: 24.301 7.7.2
				 * lets the network try to treat it)
				 */
	uint8_t iei;		/* the IE at fault, or the first unknown one */
	uint32_t offset;	/* its offset in the message */
	uint8_t unknown;	/* unknown optional IEs skipped (7.6.1): a
				 * report would carry #99
				 */
	uint8_t ignored;	/* known optional IEs ignored: repeated (7.6.3)
				 * or syntactically incorrect (7.7.2)
				 */
};

/*
 * Decodes one plain EMM or ESM message of len octets (no security
 * header). dir selects the Detach formats. diag may be NULL. 0 or -errno.
 */
int nas_msg_decode(const uint8_t *buf, size_t len, enum nas_msg_dir dir,
		   struct nas_msg *m, struct nas_diag *diag);
/* Encodes m (m->dir: its direction, which selects the Detach formats).
 * Length or -errno; buf holds nothing useful after an error.
 */
int nas_msg_encode(const struct nas_msg *m, uint8_t *buf, size_t cap);
/* Initialises m for an EMM or ESM message of type (opt 0, fields 0). */
void nas_msg_init(struct nas_msg *m, uint8_t pd, uint8_t type,
		  enum nas_msg_dir dir);
/* Message name for logs ("Attach request"), "unknown" when unknown. */
const char *nas_msg_name(uint8_t pd, uint8_t type);

/*
 * ESM message container (9.9.3.15) of Attach Request/Accept/Complete/
 * Reject: decode the ESM message in c (must be ESM) or encode esm into
 * buf and point c at it. 0 / length or -errno.
 */
int nas_msg_esm_decode(const struct nas_buf *c, enum nas_msg_dir dir,
		       struct nas_msg *esm, struct nas_diag *diag);
int nas_msg_esm_encode(const struct nas_msg *esm, uint8_t *buf, size_t cap,
		       struct nas_buf *c);

/* The outer header of any NAS PDU (TS 24.301 9.1, 9.3.1). */
struct nas_msg_outer {
	uint8_t pd;
	uint8_t sht;		/* 0 for ESM (that nibble is the EBI) */
	size_t inner_off;	/* the plain message: types 0 and 1-4 */
	size_t inner_len;	/* 0 for a SERVICE REQUEST (types 12-15) */
	uint8_t sqn;		/* types 1-4 */
};
/* 0, -EBADMSG (too short) or -EPROTO (reserved header type, unknown PD). */
int nas_msg_outer(const uint8_t *pdu, size_t len, struct nas_msg_outer *o);

/* IE value helpers (nas_ie.c). */
/* mcc: 3 digits, mnc: 2 or 3. 0 or -EINVAL. */
int nas_plmn_from_digits(struct nas_plmn *p, const char *mcc, const char *mnc);
/* Writes "MCC" and "MNC" digits (NUL-terminated, 4 octets each). */
void nas_plmn_to_digits(const struct nas_plmn *p, char mcc[4], char mnc[4]);
/* GPRS timer (24.008 10.5.7.3) octet <-> seconds; UINT32_MAX: deactivated.
 * from_secs rounds down to the nearest representable value.
 */
uint32_t nas_gprs_timer_secs(uint8_t octet);
uint8_t nas_gprs_timer_from_secs(uint32_t secs);
/* GPRS timer 3 (24.008 10.5.7.4a). */
uint32_t nas_gprs_timer3_secs(uint8_t octet);
/* UE security capability for the SMC from the UE network capability
 * (TS 24.301 5.4.3.2: EEA/EIA, and UEA/UIA when the UE sent them), plus the
 * GEA octet when gea_present (from the MS network capability).
 */
void nas_ue_sec_cap_from_net_cap(struct nas_ue_sec_cap *sc,
				 const struct nas_ue_net_cap *nc,
				 bool gea_present, uint8_t gea);
/* The GEA octet of the UE security capability (9.9.3.36 octet 7: GEA1 in
 * bit 7 .. GEA7 in bit 1) from an MS network capability (TS 24.008
 * 10.5.5.12: GEA/1 octet 3 bit 8, GEA/2..7 octet 4 bits 7-2); -EPROTO when
 * it is shorter than 2 octets.
 */
int nas_ms_net_cap_gea(const struct nas_buf *ms_net_cap);
/* Fills the parsed fields of nc from its octets; 0 or -EPROTO (len < 2). */
int nas_ue_net_cap_parse(struct nas_ue_net_cap *nc);

#endif /* NASSEC_NAS_MSG_H */
