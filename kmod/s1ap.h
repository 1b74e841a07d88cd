/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded, single-pass walker over S1AP PDUs (TS 36.413 9.3, ALIGNED PER
 * X.691): finds the procedure, the UE S1AP ids and the NAS-PDU(s) of one
 * SCTP message (PPID 18) without copying or allocating. Freestanding: the
 * same source runs in nassec.ko and in host tests and fuzzers.
 *
 * NAS-PDUs are located in (TS 36.413 9.1, Rel-17):
 *   uplink, eNB -> MME:  Initial UE Message (12), Uplink NAS Transport (13)
 *   downlink, MME -> eNB: Downlink NAS Transport (11), E-RAB Release Command
 *                         (7, optional), Initial Context Setup Request (9,
 *                         optional nAS-PDU of each E-RABToBeSetupItemCtxtSUReq),
 *                         E-RAB Setup Request (5) and E-RAB Modify Request (6)
 *                         (nAS-PDU of each bearer item)
 *   NAS Non Delivery Indication (16): sent by the eNB, but it returns a
 *                         downlink NAS-PDU the MME protected itself, so its
 *                         NAS direction is downlink.
 * Not followed: Reroute NAS Request (52) carries a whole Initial UE Message
 * as an OCTET STRING; the MME only ever sends it, and the NAS-PDU inside
 * was walked when that Initial UE Message arrived. Private Message (39)
 * has no ProtocolIE-Container. Every other message (UE Context Release,
 * Connection Establishment Indication, NAS Delivery Indication, ...) has no
 * NAS-PDU: its ids are still reported.
 */
#ifndef NASSEC_S1AP_H
#define NASSEC_S1AP_H

#include "nassec_types.h"
#include <linux/nassec.h>

/* TS 36.412 7: SCTP payload protocol identifier and well-known port. */
#define S1AP_SCTP_PPID		NASSEC_S1AP_PPID
#define S1AP_SCTP_PORT		36412

/* Walker limits; valid APER beyond them is reported as S1AP_EUNSUPPORTED. */
#define S1AP_MAX_IES		256	/* IEs in one ProtocolIE-Container */
#define S1AP_MAX_LIST		256	/* maxnoofE-RABs; extension containers */

/* S1AP-PDU CHOICE alternatives (TS 36.413 9.3.2). */
enum s1ap_pdu_type {
	S1AP_PDU_INITIATING = 0,
	S1AP_PDU_SUCCESSFUL = 1,
	S1AP_PDU_UNSUCCESSFUL = 2,
};

/* Procedure codes this project names (TS 36.413 9.3.6). */
enum s1ap_procedure {
	S1AP_PROC_E_RAB_SETUP = 5,
	S1AP_PROC_E_RAB_MODIFY = 6,
	S1AP_PROC_E_RAB_RELEASE = 7,
	S1AP_PROC_INITIAL_CONTEXT_SETUP = 9,
	S1AP_PROC_DOWNLINK_NAS_TRANSPORT = 11,
	S1AP_PROC_INITIAL_UE_MESSAGE = 12,
	S1AP_PROC_UPLINK_NAS_TRANSPORT = 13,
	S1AP_PROC_RESET = 14,
	S1AP_PROC_ERROR_INDICATION = 15,
	S1AP_PROC_NAS_NON_DELIVERY_INDICATION = 16,
	S1AP_PROC_S1_SETUP = 17,
	S1AP_PROC_UE_CONTEXT_RELEASE_REQUEST = 18,
	S1AP_PROC_UE_CAPABILITY_INFO_INDICATION = 22,
	S1AP_PROC_UE_CONTEXT_RELEASE = 23,
	S1AP_PROC_PRIVATE_MESSAGE = 39,
	S1AP_PROC_REROUTE_NAS_REQUEST = 52,
	S1AP_PROC_LAST = 66,	/* MME Early Status Transfer, Rel-17 */
};

/* ProtocolIE-IDs this project names (TS 36.413 9.3.6). */
enum s1ap_ie_id {
	S1AP_IE_MME_UE_S1AP_ID = 0,
	S1AP_IE_CAUSE = 2,
	S1AP_IE_ENB_UE_S1AP_ID = 8,
	S1AP_IE_E_RAB_TO_BE_SETUP_LIST_BEARER_SU_REQ = 16,
	S1AP_IE_E_RAB_TO_BE_SETUP_ITEM_BEARER_SU_REQ = 17,
	S1AP_IE_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ = 24,
	S1AP_IE_NAS_PDU = 26,
	S1AP_IE_E_RAB_TO_BE_MODIFIED_LIST_BEARER_MOD_REQ = 30,
	S1AP_IE_E_RAB_TO_BE_RELEASED_LIST = 33,
	S1AP_IE_E_RAB_ITEM = 35,
	S1AP_IE_E_RAB_TO_BE_MODIFIED_ITEM_BEARER_MOD_REQ = 36,
	S1AP_IE_E_RAB_FAILED_TO_SETUP_LIST_CTXT_SU_RES = 48,
	S1AP_IE_E_RAB_SETUP_ITEM_CTXT_SU_RES = 50,
	S1AP_IE_E_RAB_SETUP_LIST_CTXT_SU_RES = 51,
	S1AP_IE_E_RAB_TO_BE_SETUP_ITEM_CTXT_SU_REQ = 52,
	S1AP_IE_CRITICALITY_DIAGNOSTICS = 58,
	S1AP_IE_GLOBAL_ENB_ID = 59,
	S1AP_IE_ENB_NAME = 60,
	S1AP_IE_MME_NAME = 61,
	S1AP_IE_SUPPORTED_TAS = 64,
	S1AP_IE_TIME_TO_WAIT = 65,
	S1AP_IE_UE_AGGREGATE_MAXIMUM_BITRATE = 66,
	S1AP_IE_TAI = 67,
	S1AP_IE_SECURITY_KEY = 73,
	S1AP_IE_UE_RADIO_CAPABILITY = 74,
	S1AP_IE_GUMMEI_ID = 75,
	S1AP_IE_RELATIVE_MME_CAPACITY = 87,
	S1AP_IE_UE_ASSOCIATED_LOGICAL_S1_CONNECTION_ITEM = 91,
	S1AP_IE_RESET_TYPE = 92,
	S1AP_IE_UE_ASSOCIATED_LOGICAL_S1_CONNECTION_LIST_RES_ACK = 93,
	S1AP_IE_S_TMSI = 96,
	S1AP_IE_UE_S1AP_IDS = 99,
	S1AP_IE_EUTRAN_CGI = 100,
	S1AP_IE_SERVED_GUMMEIS = 105,
	S1AP_IE_UE_SECURITY_CAPABILITIES = 107,
	S1AP_IE_RRC_ESTABLISHMENT_CAUSE = 134,
	S1AP_IE_DEFAULT_PAGING_DRX = 137,
};

/* Criticality ENUMERATED (TS 36.413 9.3.5). */
enum s1ap_criticality {
	S1AP_CRIT_REJECT = 0,
	S1AP_CRIT_IGNORE = 1,
	S1AP_CRIT_NOTIFY = 2,
};

/* Which node sends this message (TS 36.413 8: initiator of each procedure). */
enum s1ap_sender {
	S1AP_SENDER_UNKNOWN = 0,	/* either node (Reset, Error Indication, ...) */
	S1AP_SENDER_ENB = 1,
	S1AP_SENDER_MME = 2,
};

/* Direction of the NAS-PDUs found: only uplink NAS is verified on receive. */
enum s1ap_nas_dir {
	S1AP_NAS_NONE = 0,
	S1AP_NAS_UPLINK = 1,	/* UE -> MME: verify, replay-check, decipher */
	S1AP_NAS_DOWNLINK = 2,	/* MME -> UE: protected by the MME */
};

/* s1ap_walk() results: 0, or one negative reason. */
enum s1ap_status {
	S1AP_OK = 0,		/* well formed; at least one NAS-PDU found */
	S1AP_ENONAS = -1,	/* well formed; no NAS-PDU (ids may be set) */
	S1AP_ETRUNCATED = -2,	/* the encoding runs past the buffer */
	S1AP_EMALFORMED = -3,	/* inconsistent encoding, missing/duplicate IE */
	S1AP_EUNSUPPORTED = -4,	/* valid APER the walker does not follow:
				 * fragmented lengths (>= 16K), S1AP-PDU
				 * extensions, lists beyond the limits above
				 */
};

struct s1ap_info {
	u8 pdu_type;		/* enum s1ap_pdu_type */
	u8 procedure;		/* procedureCode */
	u8 criticality;		/* enum s1ap_criticality of the procedure */
	u8 sender;		/* enum s1ap_sender */
	u8 nas_dir;		/* enum s1ap_nas_dir; NONE when nas_count is 0 */
	bool has_mme_ue_id;
	bool has_enb_ue_id;
	u16 ie_count;		/* top-level ProtocolIE-Fields */
	u16 nas_count;		/* NAS-PDUs found; E-RAB lists carry one per bearer */
	u32 mme_ue_id;		/* MME-UE-S1AP-ID, 0..2^32-1 (IE 0 or UE-S1AP-IDs) */
	u32 enb_ue_id;		/* eNB-UE-S1AP-ID, 0..2^24-1 (IE 8 or UE-S1AP-IDs) */
	u32 nas_offset;		/* first NAS-PDU: msg[nas_offset, +nas_len) */
	u32 nas_len;		/* octets, >= 1 when nas_count > 0 */
};

/*
 * Walks one S1AP-PDU. Returns S1AP_OK when a NAS-PDU was found, else a
 * negative enum s1ap_status. info is always written; on S1AP_OK and
 * S1AP_ENONAS every field is valid (absent ids have has_* false), on the
 * errors only what was read before the fault. Never reads outside
 * msg[0, len).
 */
int s1ap_walk(const u8 *msg, size_t len, struct s1ap_info *info);

/*
 * The first half of a received S1AP message's NAS verdict (DESIGN.md,
 * "receive"), shared by the socket path and by nassecd when it does NAS
 * security itself: walks msg and fills vi (UE id, procedure, NAS-PDU
 * position, header type). Returns true when that NAS-PDU is a protected
 * uplink one of a named UE, to be checked with vi->ue_id's context;
 * otherwise vi->verdict is final: NOT_NAS (no NAS-PDU, or a downlink one
 * coming back), MALFORMED, PLAIN, or NO_CONTEXT (Initial UE Message: no
 * MME-UE-S1AP-ID yet).
 */
bool s1ap_nas_to_verify(const u8 *msg, size_t len, struct nassec_verdict_info *vi);

/* Short name of a status, for logs ("ok", "no-nas", "truncated", ...). */
const char *s1ap_status_name(int status);

#endif /* NASSEC_S1AP_H */
