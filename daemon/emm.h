/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPS mobility management (TS 24.301 5) of one UE as a pure state machine.
 *
 * emm_step() takes one already-decoded fact (an uplink NAS message with the
 * kernel's verdict, a timer expiry, an AKA vector, an S1 event, a CLI
 * command) and the time, updates the UE and appends requests for the I/O
 * edges to an action list: send this NAS message asking the kernel for that
 * security header, load this slot, start that timer. It does no I/O, reads
 * no clock and allocates nothing; the only callbacks are the M-TMSI and PDN
 * address allocators of struct emm_env. The caller runs the actions in
 * order (order matters: the new slot is loaded before the SECURITY MODE
 * COMMAND that needs it) and feeds a failure back as EMM_EV_ACTION_FAILED.
 *
 * States: the EMM registration state of TS 24.301 5.1.3.4 (ue->state) is
 * kept apart from the specific procedure (ue->proc: attach, network detach;
 * later TAU, service request, handover) and its sub-state (ue->sub: which
 * common procedure runs or what is awaited), so a common procedure
 * (identification, authentication, security mode control) runs inside any
 * specific procedure and returns to it.
 *
 * Actions point into the UE (RAND, AUTN, KASME, IMSI) or into the event
 * (IMEISV) and the config (APN): run them before the next emm_step() on the
 * UE and before the event goes, then emm_actions_clear() wipes the list.
 * After a step the edge re-reads ue->guti (a new one goes out with ATTACH
 * ACCEPT) and ue->imsi (identification may change it) for its indexes; on
 * EMM_ACT_RELEASE_UE with .forget it may delete the kernel context and the
 * UE, which has no GUTI and context a later procedure could use.
 *
 * Connections: the first NAS event makes the UE connected; it stays so
 * until EMM_EV_RELEASE_COMPLETE or EMM_EV_LINK_LOST. The NAS message of an
 * Initial UE Message is marked .initial: it starts a new NAS signalling
 * connection, which replaces any old one (whose Release Complete the edge
 * then no longer delivers) and has no secure exchange yet.
 *
 * Downlink NAS COUNT: every send, retransmissions included, is a new NAS
 * message to the kernel, which protects it with the next DL COUNT; a
 * retransmission never reuses a COUNT (TS 33.401 7.2.4 / 24.301 4.4.3.1:
 * each COUNT protects one message only).
 */
#ifndef NASSEC_EMM_H
#define NASSEC_EMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/nassec.h>

/* TS 24.301 9.8: message types; ESM types do not overlap EMM ones. */
enum emm_msg {
	EMM_MSG_ATTACH_REQUEST = 0x41,
	EMM_MSG_ATTACH_ACCEPT = 0x42,
	EMM_MSG_ATTACH_COMPLETE = 0x43,
	EMM_MSG_ATTACH_REJECT = 0x44,
	EMM_MSG_DETACH_REQUEST = 0x45,
	EMM_MSG_DETACH_ACCEPT = 0x46,
	EMM_MSG_TAU_REQUEST = 0x48,
	EMM_MSG_SERVICE_REQUEST = 0xff,	/* pseudo type: it has none (header type 12) */
	EMM_MSG_AUTH_REQUEST = 0x52,
	EMM_MSG_AUTH_RESPONSE = 0x53,
	EMM_MSG_AUTH_REJECT = 0x54,
	EMM_MSG_AUTH_FAILURE = 0x5c,
	EMM_MSG_IDENTITY_REQUEST = 0x55,
	EMM_MSG_IDENTITY_RESPONSE = 0x56,
	EMM_MSG_SMC = 0x5d,
	EMM_MSG_SMC_COMPLETE = 0x5e,
	EMM_MSG_SMC_REJECT = 0x5f,
	EMM_MSG_EMM_STATUS = 0x60,
	EMM_MSG_EMM_INFORMATION = 0x61,
	EMM_MSG_ESM_INFO_REQUEST = 0xd9,
	EMM_MSG_ESM_INFO_RESPONSE = 0xda,
};

/* TS 24.301 9.9.3.9 / Annex A: the EMM causes this machine uses. */
enum emm_cause {
	EMM_CAUSE_ILLEGAL_UE = 3,
	EMM_CAUSE_EPS_AND_NON_EPS_NOT_ALLOWED = 8,
	EMM_CAUSE_UE_ID_NOT_DERIVED = 9,
	EMM_CAUSE_NO_SUITABLE_CELLS = 15,
	EMM_CAUSE_NETWORK_FAILURE = 17,
	EMM_CAUSE_ESM_FAILURE = 19,
	EMM_CAUSE_MAC_FAILURE = 20,
	EMM_CAUSE_SYNCH_FAILURE = 21,
	EMM_CAUSE_CONGESTION = 22,
	EMM_CAUSE_UE_SEC_CAP_MISMATCH = 23,
	EMM_CAUSE_SEC_MODE_REJECTED = 24,
	EMM_CAUSE_NON_EPS_AUTH_UNACCEPTABLE = 26,
	EMM_CAUSE_INVALID_MANDATORY_INFO = 96,
	EMM_CAUSE_PROTOCOL_ERROR = 111,
};

/* TS 24.301 9.9.4.4: ESM causes used in a PDN CONNECTIVITY REJECT. */
enum emm_esm_cause {
	EMM_ESM_INSUFFICIENT_RESOURCES = 26,
	EMM_ESM_UNKNOWN_APN = 27,
	EMM_ESM_PDN_IPV4_ONLY = 50,
	EMM_ESM_INFO_NOT_RECEIVED = 53,
	EMM_ESM_PROTOCOL_ERROR = 111,
};

/* TS 24.301 9.9.3.12: type of identity. */
enum emm_id_type {
	EMM_ID_NONE = 0,
	EMM_ID_IMSI = 1,
	EMM_ID_IMEI = 3,
	EMM_ID_GUTI = 6,
};

/* TS 24.301 9.9.4.10: PDN type. */
enum emm_pdn_type {
	EMM_PDN_IPV4 = 1,
	EMM_PDN_IPV6 = 2,
	EMM_PDN_IPV4V6 = 3,
};

#define EMM_IMSI_MAX		15
#define EMM_IMEISV_LEN		16
#define EMM_APN_MAX		100
#define EMM_UE_NET_CAP_MAX	13	/* TS 24.301 9.9.3.34: value part 2..13 */
#define EMM_UE_SEC_CAP_MAX	5	/* TS 24.301 9.9.3.36: EEA EIA [UEA UIA [GEA]] */
#define EMM_RES_MAX		16
#define EMM_AUTS_LEN		14
#define EMM_EBI_DEFAULT		5

struct emm_guti {
	uint8_t plmn[3];	/* TS 24.008 10.5.1.13 BCD order, as on the wire */
	uint8_t mmec;
	uint16_t mmegi;
	uint32_t mtmsi;
};

struct emm_identity {
	uint8_t type;			/* enum emm_id_type */
	char imsi[EMM_IMSI_MAX + 1];	/* digits, NUL-terminated (IMSI) */
	struct emm_guti guti;		/* (GUTI) */
};

/* PDN CONNECTIVITY REQUEST inside ATTACH REQUEST (TS 24.301 8.3.20). */
struct emm_pdn_req {
	uint8_t pti;
	uint8_t ebi;
	uint8_t pdn_type;		/* enum emm_pdn_type */
	bool esm_info_transfer;		/* ESM information transfer flag */
	bool has_apn;
	char apn[EMM_APN_MAX + 1];	/* dotted labels */
};

/* ATTACH REQUEST (TS 24.301 8.2.4), the fields the procedure needs. */
struct emm_attach_req {
	uint8_t attach_type;		/* 9.9.3.11: 1 EPS, 2 combined, 6 emergency */
	uint8_t ksi;			/* NAS key set identifier, 7 none */
	struct emm_identity id;
	uint8_t net_cap[EMM_UE_NET_CAP_MAX];	/* UE network capability value, raw */
	uint8_t net_cap_len;
	bool has_gea;			/* MS network capability present: GPRS */
	uint8_t gea;			/* GEA1-7 as UE security capability octet 7 */
	struct emm_pdn_req pdn;
};

/* An uplink NAS message after the kernel's checks. */
struct emm_nas_in {
	uint8_t msg_type;	/* enum emm_msg */
	uint8_t sec_hdr;	/* enum nassec_sec_hdr, as received */
	uint8_t verdict;	/* enum nassec_verdict */
	bool promoted;		/* NASSEC_PDU_F_PROMOTED: new slot became current */
	bool initial;		/* came in an Initial UE Message: a new connection */
	uint32_t ul_count;	/* estimated uplink COUNT (protected messages) */
	union {
		struct emm_attach_req attach;
		struct emm_identity identity;		/* IDENTITY RESPONSE */
		struct {
			uint8_t res[EMM_RES_MAX];
			uint8_t res_len;
		} auth_rsp;
		struct {
			uint8_t cause;
			bool has_auts;
			uint8_t auts[EMM_AUTS_LEN];
		} auth_fail;
		struct {
			bool has_imeisv;
			char imeisv[EMM_IMEISV_LEN + 1];
			/* 24.301 5.4.3.4: the UE's own ATTACH REQUEST, after a HashMME mismatch */
			bool has_replayed_attach;
			struct emm_attach_req replayed_attach;
		} smc_complete;
		struct {
			uint8_t cause;
		} smc_reject;
		struct {
			bool switch_off;
			uint8_t type;	/* 9.9.3.7 UL: 1 EPS, 3 combined */
			struct emm_identity id;
		} detach_req;
		struct {
			uint8_t pti;
			bool has_apn;
			char apn[EMM_APN_MAX + 1];
		} esm_info_rsp;
		struct {
			bool bearer_accepted;	/* ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT */
		} attach_complete;
		struct {
			uint8_t cause;
		} emm_status;
	};
};

enum emm_aka_result {
	EMM_AKA_OK = 1,
	EMM_AKA_UNKNOWN_SUBSCRIBER,	/* IMSI not in the store */
	EMM_AKA_RESYNC_FAILED,		/* AUTS failed MAC-S */
	EMM_AKA_ERROR,			/* store or crypto failure */
};

/* An authentication vector (or why there is none) from the AKA edge. */
struct emm_aka_vec {
	uint8_t result;			/* enum emm_aka_result */
	uint8_t xres_len;
	uint8_t allowed_eia;		/* subscriber override: bit n = EIAn, 0 none */
	uint8_t allowed_eea;
	uint8_t rand[16];
	uint8_t autn[16];
	uint8_t xres[EMM_RES_MAX];
	uint8_t kasme[NASSEC_KASME_LEN];
};

enum emm_ev_type {
	EMM_EV_NAS = 1,		/* .nas */
	EMM_EV_TIMER,		/* .timer */
	EMM_EV_AKA_VECTOR,	/* .vec: answer to AKA_GET_VECTOR / AKA_RESYNC */
	EMM_EV_ICS_RESPONSE,	/* Initial Context Setup Response */
	EMM_EV_ICS_FAILURE,	/* Initial Context Setup Failure */
	EMM_EV_RELEASE_REQUEST,	/* eNB's UE Context Release Request, .s1_cause */
	EMM_EV_RELEASE_COMPLETE,/* UE Context Release Complete */
	EMM_EV_LINK_LOST,	/* association lost or S1 Reset: no command possible */
	EMM_EV_CLI_DETACH,	/* network-initiated detach, .detach_type */
	EMM_EV_CLI_RELEASE,	/* MME-initiated release */
	EMM_EV_ACTION_FAILED,	/* .failed: an action could not be carried out */
};

enum emm_timer {
	EMM_T_NONE = 0,
	EMM_T3460,	/* authentication, security mode (24.301 5.4.2, 5.4.3) */
	EMM_T3470,	/* identification (5.4.4) */
	EMM_T3450,	/* attach accept (5.5.1.2.4) */
	EMM_T3422,	/* network detach (5.5.2.3) */
	EMM_T3489,	/* ESM information request (6.6.1.2) */
	__EMM_T_MAX
};

/* S1AP Cause CHOICE (TS 36.413 9.2.1.3): group index and value. */
struct emm_s1_cause {
	uint8_t group;		/* 0 radioNetwork, 1 transport, 2 nas, 3 protocol, 4 misc */
	uint8_t value;
};

#define EMM_S1_CAUSE_NAS	2
#define EMM_S1_NAS_NORMAL	0
#define EMM_S1_NAS_AUTH_FAILURE	1
#define EMM_S1_NAS_DETACH	2
#define EMM_S1_NAS_UNSPECIFIED	3

struct emm_event {
	uint8_t type;		/* enum emm_ev_type */
	union {
		struct emm_nas_in nas;
		uint8_t timer;		/* enum emm_timer */
		struct emm_aka_vec vec;
		struct emm_s1_cause s1_cause;
		uint8_t detach_type;	/* 9.9.3.7 DL: 1 re-attach required, 2 not required */
		uint8_t failed;		/* enum emm_act_type */
	};
};

/* Parameters of ATTACH ACCEPT + ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST. */
struct emm_attach_accept {
	struct emm_guti guti;
	uint32_t t3412_s;
	uint32_t ipv4;		/* host order */
	uint8_t pti;
	uint8_t ebi;
	uint8_t pdn_type;	/* what was granted: IPv4 */
	uint8_t esm_cause;	/* 0, or #50 when IPv4v6 was asked and IPv4 given */
	uint8_t qci;
	const char *apn;	/* config's, valid until the next emm_step */
};

/* A downlink NAS message to build; the kernel protects it per .sec_hdr. */
struct emm_nas_out {
	uint8_t msg_type;	/* enum emm_msg */
	uint8_t sec_hdr;	/* enum nassec_sec_hdr: 0, 2 or 3 (SMC) */
	union {
		uint8_t id_type;			/* IDENTITY REQUEST */
		struct {
			uint8_t ksi;
			const uint8_t *rand;		/* 16 octets, valid until next step */
			const uint8_t *autn;
		} auth_req;
		struct {
			uint8_t ksi;
			uint8_t eia;
			uint8_t eea;
			uint8_t ue_sec_cap_len;
			uint8_t ue_sec_cap[EMM_UE_SEC_CAP_MAX];	/* replayed as received */
			bool imeisv_req;
			bool hash_mme;			/* edge adds HASH_MME of the ATTACH REQUEST */
			const uint8_t *kasme;
		} smc;
		struct {
			uint8_t cause;			/* enum emm_cause */
			uint8_t pti;			/* with an ESM failure */
			uint8_t esm_cause;		/* PDN CONNECTIVITY REJECT, 0 none */
		} reject;
		struct emm_attach_accept accept;	/* retransmission by DL NAS transport */
		struct {
			uint8_t type;
			uint8_t cause;			/* 0: none */
		} detach_req;
		uint8_t pti;				/* ESM INFORMATION REQUEST */
	};
};

enum emm_act_type {
	EMM_ACT_SEND_NAS = 1,		/* .nas over DL NAS Transport */
	EMM_ACT_KCTX_LOAD_NEW,		/* .slot into the kernel's new slot */
	EMM_ACT_KCTX_DROP_NEW,		/* wipe the kernel's new slot */
	EMM_ACT_KCTX_DERIVE_KENB,	/* .ul_count: A.3 KeNB for the next SEND_ICS */
	EMM_ACT_AKA_GET_VECTOR,		/* .imsi -> EMM_EV_AKA_VECTOR */
	EMM_ACT_AKA_RESYNC,		/* .resync -> EMM_EV_AKA_VECTOR */
	EMM_ACT_STORE_IMEISV,		/* .imeisv */
	EMM_ACT_SEND_ICS,		/* .accept inside Initial Context Setup Request, sec hdr 2 */
	EMM_ACT_SEND_RELEASE,		/* UE Context Release Command, .s1_cause */
	EMM_ACT_TIMER_START,		/* .timer.id for .timer.ms */
	EMM_ACT_TIMER_STOP,		/* .timer.id */
	EMM_ACT_COUNTER,		/* .counter */
	EMM_ACT_ATTACH_DONE,
	EMM_ACT_ATTACH_FAILED,		/* .fail */
	EMM_ACT_PDN_FREE,		/* .ipv4 back to the pool */
	EMM_ACT_RELEASE_UE,		/* S1 connection gone; .forget: nothing worth keeping */
};

/* Counters of one MME (struct emm_counters), bumped by EMM_ACT_COUNTER. */
enum emm_ctr {
	EMM_C_ATTACH_REQUEST,
	EMM_C_ATTACH_OK,
	EMM_C_ATTACH_FAILED,
	EMM_C_IDENTITY_SENT,
	EMM_C_IDENTITY_RETX,
	EMM_C_AUTH_SENT,
	EMM_C_AUTH_RETX,
	EMM_C_AUTH_OK,
	EMM_C_AUTH_REJECT_SENT,
	EMM_C_AUTH_RESYNC,
	EMM_C_AUTH_MAC_FAILURE,
	EMM_C_AUTH_NON_EPS,
	EMM_C_SMC_SENT,
	EMM_C_SMC_RETX,
	EMM_C_SMC_COMPLETE,
	EMM_C_SMC_REJECTED,
	EMM_C_SMC_TIMED_OUT,
	EMM_C_IMEISV_MISSING,
	EMM_C_ATTACH_REPLAYED,		/* SMC COMPLETE carried the UE's ATTACH REQUEST */
	EMM_C_GUTI_REUSED,		/* attach with a verified GUTI skipped AKA */
	EMM_C_ESM_INFO_SENT,
	EMM_C_ACCEPT_RETX,
	EMM_C_DETACH_UE,
	EMM_C_DETACH_NW,
	EMM_C_RELEASE,
	EMM_C_TIMED_OUT,		/* any procedure aborted on the last expiry */
	EMM_C_DISCARD_PLAIN,		/* 24.301 4.4.4.3: unprotected, not allowed */
	EMM_C_DISCARD_MAC_FAIL,
	EMM_C_DISCARD_REPLAY,
	EMM_C_DISCARD_NO_CONTEXT,
	EMM_C_DISCARD_MALFORMED,
	EMM_C_DISCARD_UNEXPECTED,	/* not expected in this state */
	EMM_C_DISCARD_STALE_TIMER,
	__EMM_C_MAX
};

/* Why an attach failed (EMM_ACT_ATTACH_FAILED). */
enum emm_fail {
	EMM_FAIL_REJECTED = 0,		/* ATTACH REJECT sent with .cause */
	EMM_FAIL_AUTH_REJECTED,		/* AUTHENTICATION REJECT sent */
	EMM_FAIL_SMC_REJECTED,		/* SECURITY MODE REJECT received */
	EMM_FAIL_TIMEOUT,		/* last expiry of a timer */
	EMM_FAIL_RELEASED,		/* S1 released or lost meanwhile */
	EMM_FAIL_ACTION,		/* an edge failed */
	EMM_FAIL_ABORTED,		/* superseded by a new ATTACH or DETACH REQUEST */
	EMM_FAIL_ESM,			/* default bearer refused in ATTACH COMPLETE */
	__EMM_FAIL_MAX
};

struct emm_action {
	uint8_t type;			/* enum emm_act_type */
	union {
		struct emm_nas_out nas;
		struct {
			uint8_t ksi;
			uint8_t eia;
			uint8_t eea;
			const uint8_t *kasme;	/* NASSEC_KASME_LEN, valid until next step */
		} slot;
		uint32_t ul_count;
		const char *imsi;
		struct {
			uint8_t auts[EMM_AUTS_LEN];
			const uint8_t *rand;	/* 16 octets, valid until the next step */
			const char *imsi;
		} resync;
		const char *imeisv;
		struct emm_attach_accept accept;
		struct emm_s1_cause s1_cause;
		struct {
			uint8_t id;		/* enum emm_timer */
			uint32_t ms;
		} timer;
		uint8_t counter;		/* enum emm_ctr */
		struct {
			uint8_t reason;		/* enum emm_fail */
			uint8_t cause;		/* EMM cause with EMM_FAIL_REJECTED */
		} fail;
		uint32_t ipv4;
		bool forget;
	};
};

#define EMM_MAX_ACTIONS	24

struct emm_actions {
	unsigned int n;
	bool overflow;		/* more were needed: a bug, the step was cut short */
	struct emm_action a[EMM_MAX_ACTIONS];
};

/* TS 24.301 5.1.3.4 (network side): EMM states of the MME. */
enum emm_state {
	EMM_DEREGISTERED = 0,
	EMM_COMMON_PROC_INIT,
	EMM_REGISTERED,
	EMM_DEREG_INIT,
};

enum emm_proc {
	EMM_P_NONE = 0,
	EMM_P_ATTACH,
	EMM_P_DETACH_NW,
};

/* What the running procedure waits for. */
enum emm_sub {
	EMM_S_IDLE = 0,
	EMM_S_IDENTITY,		/* IDENTITY REQUEST sent, T3470 */
	EMM_S_AKA_VECTOR,	/* AKA_GET_VECTOR / AKA_RESYNC asked */
	EMM_S_AUTH,		/* AUTHENTICATION REQUEST sent, T3460 */
	EMM_S_SMC,		/* SECURITY MODE COMMAND sent, T3460 */
	EMM_S_ESM_INFO,		/* ESM INFORMATION REQUEST sent, T3489 */
	EMM_S_ACCEPT,		/* ATTACH ACCEPT sent, T3450 */
	EMM_S_DETACH,		/* DETACH REQUEST sent, T3422 */
	EMM_S_RELEASING,	/* UE Context Release Command sent */
};

#define EMM_UE_F_CONNECTED	(1U << 0)	/* an S1 UE association exists */
#define EMM_UE_F_SECURE		(1U << 1)	/* secure exchange on this connection (4.4.4.3) */
#define EMM_UE_F_CUR_CTX	(1U << 2)	/* the kernel's current slot is loaded */
#define EMM_UE_F_NEW_SLOT	(1U << 3)	/* the kernel's new slot is loaded */
#define EMM_UE_F_GUTI		(1U << 4)	/* ue->guti was allocated by us */
#define EMM_UE_F_IMSI		(1U << 5)	/* ue->imsi is known */
#define EMM_UE_F_IMSI_BY_GUTI	(1U << 6)	/* IMSI from our GUTI map, not from the UE */
#define EMM_UE_F_IMEISV_REQ	(1U << 7)	/* the SMC asked for the IMEISV */
#define EMM_UE_F_INIT_VERIFIED	(1U << 8)	/* the ATTACH REQUEST passed the kernel's check */
#define EMM_UE_F_PDN		(1U << 9)	/* ue->ipv4 is allocated */
#define EMM_UE_F_VECTOR		(1U << 10)	/* ue->vec holds an unused KASME */
#define EMM_UE_F_ESM_INFO	(1U << 11)	/* the UE set the ESM information transfer flag */
#define EMM_UE_F_RES_BAD	(1U << 12)	/* identification follows a wrong RES */
#define EMM_UE_F_APN_BAD	(1U << 13)	/* the UE asked for an APN we do not serve */

/* One UE: kept for every registered UE, so it stays small. */
struct emm_ue {
	uint8_t state;		/* enum emm_state */
	uint8_t proc;		/* enum emm_proc */
	uint8_t sub;		/* enum emm_sub */
	uint8_t timer;		/* enum emm_timer running, EMM_T_NONE */
	uint8_t expiries;	/* of the running timer */
	uint8_t resyncs;	/* synch failures handled in this authentication */
	uint8_t cur_ksi;	/* eKSI of the current context, 7 none */
	uint8_t new_ksi;	/* eKSI of the vector being used */
	uint8_t eia, eea;	/* algorithms of the current context */
	uint8_t new_eia, new_eea;	/* chosen for the SECURITY MODE COMMAND */
	uint8_t detach_type;	/* of the network's DETACH REQUEST */
	uint8_t allowed_eia;	/* subscriber override masks, 0 none */
	uint8_t allowed_eea;
	uint16_t flags;		/* EMM_UE_F_* */
	uint8_t ue_sec_cap_len;
	uint8_t ue_sec_cap[EMM_UE_SEC_CAP_MAX];
	uint8_t pti;		/* of the PDN CONNECTIVITY REQUEST */
	uint8_t pdn_type;
	char imsi[EMM_IMSI_MAX + 1];
	struct emm_guti guti;
	uint32_t ipv4;
	/*
	 * KeNB's uplink COUNT (TS 33.401 A.3): that of the SECURITY MODE
	 * COMPLETE, or of a verified ATTACH REQUEST when no SMC follows; not
	 * of a later ESM INFORMATION RESPONSE, as the UE derives it at the SMC.
	 */
	uint32_t kenb_ul_count;
	uint32_t attach_fp;	/* fingerprint of the running ATTACH REQUEST's IEs */
	uint64_t deadline_ms;	/* of the running timer */
	/* Authentication vector: from AKA to the end of the SMC, then wiped. */
	uint8_t xres_len;
	uint8_t rand[16];
	uint8_t autn[16];
	uint8_t xres[EMM_RES_MAX];
	uint8_t kasme[NASSEC_KASME_LEN];
};

/* Operator policy and timers (the daemon's config). */
struct emm_config {
	uint8_t eia_prio[4];		/* first match wins; EIA0 is never chosen */
	uint8_t n_eia;
	uint8_t eea_prio[4];
	uint8_t n_eea;
	uint32_t t3460_ms;
	uint32_t t3470_ms;
	uint32_t t3450_ms;
	uint32_t t3422_ms;
	uint32_t t3489_ms;
	uint8_t max_retx;		/* retransmissions before the abort: 4 */
	uint8_t esm_info_retx;		/* T3489: 2 */
	uint8_t max_resyncs;		/* synch failures re-authenticated: 2 */
	uint8_t unknown_imsi_cause;	/* EMM cause for an IMSI the store lacks */
	bool imeisv_request;
	bool hash_mme;
	bool reuse_verified_guti;	/* skip AKA on an attach verified with our context */
	uint32_t t3412_s;
	uint8_t qci;
	struct emm_guti gummei;		/* plmn, mmegi, mmec of the served GUMMEI */
	const char *apn;
};

/* Allocators at the edge; the only calls out of emm_step(). */
struct emm_env {
	const struct emm_config *cfg;
	uint32_t (*alloc_mtmsi)(void *arg);
	int (*alloc_ipv4)(void *arg, uint32_t *ipv4);	/* 0 or -errno */
	void *arg;
};

struct emm_counters {
	uint64_t c[__EMM_C_MAX];
	uint64_t attach_failed[__EMM_FAIL_MAX];
	uint64_t attach_reject_cause[128];	/* EMM cause of each ATTACH REJECT */
};

void emm_config_defaults(struct emm_config *cfg);
/* A UE the edge has just met (Initial UE Message with no UE found). */
void emm_ue_init(struct emm_ue *ue);
void emm_step(const struct emm_env *env, struct emm_ue *ue, const struct emm_event *ev,
	      uint64_t now_ms, struct emm_actions *out);
/* Wipes key material the actions point at or carry (call after running them). */
void emm_actions_clear(struct emm_actions *out);

/* Policy (emm_policy.c). */
/* TS 33.401 7.2.4.2: first of the operator's list the UE supports and the subscriber allows. */
int emm_select_alg(const uint8_t *prio, unsigned int n, uint8_t ue_mask, uint8_t allowed,
		   bool allow_null);
/* TS 24.301 9.9.3.36 from 9.9.3.34 (+ MS network capability): UE security capability. */
unsigned int emm_ue_sec_cap(const struct emm_attach_req *req, uint8_t *cap);
/* TS 24.301 4.4.4.3: may this message be processed without a verified MAC? */
bool emm_allowed_unprotected(const struct emm_ue *ue, const struct emm_nas_in *m);

void emm_counters_apply(struct emm_counters *ctr, const struct emm_actions *acts);
const char *emm_counter_name(unsigned int c);
const char *emm_fail_name(unsigned int f);
const char *emm_state_name(unsigned int s);
const char *emm_sub_name(unsigned int s);

#endif /* NASSEC_EMM_H */
