// SPDX-License-Identifier: GPL-2.0
/*
 * S1AP parser (TS 36.413 9.1, 9.3; X.691 ALIGNED PER): the reading half of
 * libs1ap. One table per message says which IEs it has, with the
 * criticality and presence TS 36.413 9.1 assigns; one decoder per IE type
 * fills the builders' structs. Every read is bounded by the innermost open
 * type (per_read.c); nothing recurses; every loop is bounded by a count
 * that is bounded by the storage in struct s1ap_message.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "s1ap.h"
#include "per_read.h"
#include "s1ap_parse.h"

#define REJECT	S1AP_CRIT_REJECT
#define IGNORE	S1AP_CRIT_IGNORE
#define NOTIFY	S1AP_CRIT_NOTIFY

/* What an IE holds: one decoder each. */
enum ie_kind {
	K_MME_ID,		/* uint32_t */
	K_ENB_ID,		/* uint32_t */
	K_NAS,			/* struct s1ap_nas */
	K_CAUSE,		/* struct s1ap_cause */
	K_TAI,			/* struct s1ap_tai */
	K_ECGI,			/* struct s1ap_ecgi */
	K_RRC_CAUSE,		/* uint8_t */
	K_S_TMSI,		/* struct s1ap_initial_ue_message */
	K_GUMMEI,		/* struct s1ap_initial_ue_message */
	K_GLOBAL_ENB_ID,	/* struct s1ap_s1_setup_request */
	K_ENB_NAME,		/* struct s1ap_s1_setup_request */
	K_SUPPORTED_TAS,	/* struct s1ap_s1_setup_request */
	K_PAGING_DRX,		/* uint8_t */
	K_MME_NAME,		/* struct s1ap_s1_setup_response */
	K_SERVED_GUMMEIS,	/* struct s1ap_s1_setup_response */
	K_RELATIVE_CAPACITY,	/* uint8_t */
	K_TIME_TO_WAIT,		/* struct s1ap_s1_setup_failure */
	K_CRIT_DIAG,		/* const struct s1ap_crit_diag * */
	K_UE_AMBR,		/* struct s1ap_initial_context_setup_request */
	K_ERABS_CTXT_SU_REQ,	/* struct s1ap_initial_context_setup_request */
	K_UE_SEC_CAPS,		/* struct s1ap_initial_context_setup_request */
	K_SECURITY_KEY,		/* struct s1ap_initial_context_setup_request */
	K_ERABS_CTXT_SU_RES,	/* struct s1ap_initial_context_setup_response */
	K_ERABS_FAILED,		/* struct s1ap_initial_context_setup_response */
	K_UE_S1AP_IDS,		/* struct s1ap_ue_context_release_command */
	K_RADIO_CAPABILITY,	/* struct s1ap_ue_capability_info_indication */
	K_RADIO_CAPABILITY_ICS,	/* struct s1ap_initial_context_setup_request */
	K_RESET_TYPE,		/* struct s1ap_reset */
	K_CONNS_ACK,		/* struct s1ap_reset_acknowledge */
	K_SKIP,			/* understood, not needed: skipped */
};

struct ie_spec {
	uint16_t id;
	uint8_t crit;		/* TS 36.413 9.1 */
	bool mandatory;
	uint8_t kind;		/* enum ie_kind */
	uint16_t off;		/* of the field in struct s1ap_message */
	int16_t has_off;	/* of its presence flag, -1: none */
};

#define M(id, crit, kind, field) \
	{ id, crit, true, kind, offsetof(struct s1ap_message, u.field), -1 }
#define O(id, crit, kind, field, has) \
	{ id, crit, false, kind, offsetof(struct s1ap_message, u.field), \
	  offsetof(struct s1ap_message, u.has) }
#define O_(id, crit, kind, field) \
	{ id, crit, false, kind, offsetof(struct s1ap_message, u.field), -1 }
/*
 * Optional IEs of criticality reject that nassecd and the simulator do
 * not use: known, so they are not "not comprehended" (TS 36.413 10.3.4.2)
 * and do not fail the message; their contents are skipped.
 */
#define SKIP(id, crit)	{ id, crit, false, K_SKIP, 0, -1 }

/* IEs this file only skips (TS 36.413 9.3.6). */
enum {
	IE_CS_FALLBACK_INDICATOR = 108,
	IE_CSG_ID = 127,
	IE_CSG_ID_LIST = 128,
	IE_CELL_ACCESS_MODE = 145,
	IE_RELAY_NODE_INDICATOR = 160,
	IE_GW_CONTEXT_RELEASE_INDICATION = 164,
};

/* ------------------------------------------------------------------ */
/* The messages (TS 36.413 9.1)                                        */

static const struct ie_spec s1_setup_request[] = {
	M(S1AP_IE_GLOBAL_ENB_ID, REJECT, K_GLOBAL_ENB_ID, s1_setup_request),
	O_(S1AP_IE_ENB_NAME, IGNORE, K_ENB_NAME, s1_setup_request),
	M(S1AP_IE_SUPPORTED_TAS, REJECT, K_SUPPORTED_TAS, s1_setup_request),
	M(S1AP_IE_DEFAULT_PAGING_DRX, IGNORE, K_PAGING_DRX,
	  s1_setup_request.paging_drx),
	SKIP(IE_CSG_ID_LIST, REJECT),
};

static const struct ie_spec s1_setup_response[] = {
	O_(S1AP_IE_MME_NAME, IGNORE, K_MME_NAME, s1_setup_response),
	M(S1AP_IE_SERVED_GUMMEIS, REJECT, K_SERVED_GUMMEIS,
	  s1_setup_response),
	M(S1AP_IE_RELATIVE_MME_CAPACITY, IGNORE, K_RELATIVE_CAPACITY,
	  s1_setup_response.relative_capacity),
};

static const struct ie_spec s1_setup_failure[] = {
	M(S1AP_IE_CAUSE, IGNORE, K_CAUSE, s1_setup_failure.cause),
	O_(S1AP_IE_TIME_TO_WAIT, IGNORE, K_TIME_TO_WAIT, s1_setup_failure),
	O_(S1AP_IE_CRITICALITY_DIAGNOSTICS, IGNORE, K_CRIT_DIAG,
	   s1_setup_failure.diag),
};

static const struct ie_spec initial_ue[] = {
	M(S1AP_IE_ENB_UE_S1AP_ID, REJECT, K_ENB_ID, initial_ue.enb_ue_id),
	M(S1AP_IE_NAS_PDU, REJECT, K_NAS, initial_ue.nas),
	M(S1AP_IE_TAI, REJECT, K_TAI, initial_ue.tai),
	M(S1AP_IE_EUTRAN_CGI, IGNORE, K_ECGI, initial_ue.ecgi),
	M(S1AP_IE_RRC_ESTABLISHMENT_CAUSE, IGNORE, K_RRC_CAUSE,
	  initial_ue.rrc_cause),
	O_(S1AP_IE_S_TMSI, REJECT, K_S_TMSI, initial_ue),
	O_(S1AP_IE_GUMMEI_ID, REJECT, K_GUMMEI, initial_ue),
	SKIP(IE_CSG_ID, REJECT),
	SKIP(IE_CELL_ACCESS_MODE, REJECT),
	SKIP(IE_RELAY_NODE_INDICATOR, REJECT),
};

static const struct ie_spec uplink_nas[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, REJECT, K_MME_ID, uplink_nas.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, REJECT, K_ENB_ID, uplink_nas.ids.enb_ue_id),
	M(S1AP_IE_NAS_PDU, REJECT, K_NAS, uplink_nas.nas),
	M(S1AP_IE_EUTRAN_CGI, IGNORE, K_ECGI, uplink_nas.ecgi),
	M(S1AP_IE_TAI, IGNORE, K_TAI, uplink_nas.tai),
};

static const struct ie_spec downlink_nas[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, REJECT, K_MME_ID,
	  downlink_nas.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, REJECT, K_ENB_ID,
	  downlink_nas.ids.enb_ue_id),
	M(S1AP_IE_NAS_PDU, REJECT, K_NAS, downlink_nas.nas),
};

static const struct ie_spec ics_request[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, REJECT, K_MME_ID, ics_request.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, REJECT, K_ENB_ID, ics_request.ids.enb_ue_id),
	M(S1AP_IE_UE_AGGREGATE_MAXIMUM_BITRATE, REJECT, K_UE_AMBR,
	  ics_request),
	M(S1AP_IE_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ, REJECT,
	  K_ERABS_CTXT_SU_REQ, ics_request),
	M(S1AP_IE_UE_SECURITY_CAPABILITIES, REJECT, K_UE_SEC_CAPS,
	  ics_request),
	M(S1AP_IE_SECURITY_KEY, REJECT, K_SECURITY_KEY, ics_request),
	O_(S1AP_IE_UE_RADIO_CAPABILITY, IGNORE, K_RADIO_CAPABILITY_ICS,
	   ics_request),
	SKIP(IE_CS_FALLBACK_INDICATOR, REJECT),
};

static const struct ie_spec ics_response[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, IGNORE, K_MME_ID,
	  ics_response.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, IGNORE, K_ENB_ID,
	  ics_response.ids.enb_ue_id),
	M(S1AP_IE_E_RAB_SETUP_LIST_CTXT_SU_RES, IGNORE, K_ERABS_CTXT_SU_RES,
	  ics_response),
	O_(S1AP_IE_E_RAB_FAILED_TO_SETUP_LIST_CTXT_SU_RES, IGNORE,
	   K_ERABS_FAILED, ics_response),
};

static const struct ie_spec ics_failure[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, IGNORE, K_MME_ID, ics_failure.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, IGNORE, K_ENB_ID, ics_failure.ids.enb_ue_id),
	M(S1AP_IE_CAUSE, IGNORE, K_CAUSE, ics_failure.cause),
	O_(S1AP_IE_CRITICALITY_DIAGNOSTICS, IGNORE, K_CRIT_DIAG,
	   ics_failure.diag),
};

static const struct ie_spec release_request[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, REJECT, K_MME_ID,
	  release_request.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, REJECT, K_ENB_ID,
	  release_request.ids.enb_ue_id),
	M(S1AP_IE_CAUSE, IGNORE, K_CAUSE, release_request.cause),
	SKIP(IE_GW_CONTEXT_RELEASE_INDICATION, REJECT),
};

static const struct ie_spec release_command[] = {
	M(S1AP_IE_UE_S1AP_IDS, REJECT, K_UE_S1AP_IDS, release_command),
	M(S1AP_IE_CAUSE, IGNORE, K_CAUSE, release_command.cause),
};

static const struct ie_spec release_complete[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, IGNORE, K_MME_ID,
	  release_complete.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, IGNORE, K_ENB_ID,
	  release_complete.enb_ue_id),
};

static const struct ie_spec ue_capability[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, REJECT, K_MME_ID,
	  ue_capability.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, REJECT, K_ENB_ID,
	  ue_capability.ids.enb_ue_id),
	M(S1AP_IE_UE_RADIO_CAPABILITY, IGNORE, K_RADIO_CAPABILITY,
	  ue_capability),
};

static const struct ie_spec nas_non_delivery[] = {
	M(S1AP_IE_MME_UE_S1AP_ID, REJECT, K_MME_ID,
	  nas_non_delivery.ids.mme_ue_id),
	M(S1AP_IE_ENB_UE_S1AP_ID, REJECT, K_ENB_ID,
	  nas_non_delivery.ids.enb_ue_id),
	M(S1AP_IE_NAS_PDU, IGNORE, K_NAS, nas_non_delivery.nas),
	M(S1AP_IE_CAUSE, IGNORE, K_CAUSE, nas_non_delivery.cause),
};

static const struct ie_spec error_indication[] = {
	O(S1AP_IE_MME_UE_S1AP_ID, IGNORE, K_MME_ID,
	  error_indication.ids.mme_ue_id, error_indication.has_mme_ue_id),
	O(S1AP_IE_ENB_UE_S1AP_ID, IGNORE, K_ENB_ID,
	  error_indication.ids.enb_ue_id, error_indication.has_enb_ue_id),
	O(S1AP_IE_CAUSE, IGNORE, K_CAUSE, error_indication.cause,
	  error_indication.has_cause),
	O_(S1AP_IE_CRITICALITY_DIAGNOSTICS, IGNORE, K_CRIT_DIAG,
	   error_indication.diag),
};

static const struct ie_spec reset[] = {
	M(S1AP_IE_CAUSE, IGNORE, K_CAUSE, reset.cause),
	M(S1AP_IE_RESET_TYPE, REJECT, K_RESET_TYPE, reset),
};

static const struct ie_spec reset_ack[] = {
	O_(S1AP_IE_UE_ASSOCIATED_LOGICAL_S1_CONNECTION_LIST_RES_ACK, IGNORE,
	   K_CONNS_ACK, reset_ack),
	O_(S1AP_IE_CRITICALITY_DIAGNOSTICS, IGNORE, K_CRIT_DIAG,
	   reset_ack.diag),
};

struct msg_spec {
	uint8_t pdu_type;
	uint8_t procedure;
	uint8_t n_ies;
	const struct ie_spec *ies;
	const char *name;
};

#define MSG(type, pdu, proc, table, name) \
	[type] = { pdu, proc, sizeof(table) / sizeof(table[0]), table, name }

static const struct msg_spec messages[S1AP_MSG_COUNT] = {
	MSG(S1AP_MSG_S1_SETUP_REQUEST, S1AP_PDU_INITIATING,
	    S1AP_PROC_S1_SETUP, s1_setup_request, "s1-setup-request"),
	MSG(S1AP_MSG_S1_SETUP_RESPONSE, S1AP_PDU_SUCCESSFUL,
	    S1AP_PROC_S1_SETUP, s1_setup_response, "s1-setup-response"),
	MSG(S1AP_MSG_S1_SETUP_FAILURE, S1AP_PDU_UNSUCCESSFUL,
	    S1AP_PROC_S1_SETUP, s1_setup_failure, "s1-setup-failure"),
	MSG(S1AP_MSG_INITIAL_UE_MESSAGE, S1AP_PDU_INITIATING,
	    S1AP_PROC_INITIAL_UE_MESSAGE, initial_ue, "initial-ue-message"),
	MSG(S1AP_MSG_UPLINK_NAS_TRANSPORT, S1AP_PDU_INITIATING,
	    S1AP_PROC_UPLINK_NAS_TRANSPORT, uplink_nas,
	    "uplink-nas-transport"),
	MSG(S1AP_MSG_DOWNLINK_NAS_TRANSPORT, S1AP_PDU_INITIATING,
	    S1AP_PROC_DOWNLINK_NAS_TRANSPORT, downlink_nas,
	    "downlink-nas-transport"),
	MSG(S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST, S1AP_PDU_INITIATING,
	    S1AP_PROC_INITIAL_CONTEXT_SETUP, ics_request,
	    "initial-context-setup-request"),
	MSG(S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE, S1AP_PDU_SUCCESSFUL,
	    S1AP_PROC_INITIAL_CONTEXT_SETUP, ics_response,
	    "initial-context-setup-response"),
	MSG(S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE, S1AP_PDU_UNSUCCESSFUL,
	    S1AP_PROC_INITIAL_CONTEXT_SETUP, ics_failure,
	    "initial-context-setup-failure"),
	MSG(S1AP_MSG_UE_CONTEXT_RELEASE_REQUEST, S1AP_PDU_INITIATING,
	    S1AP_PROC_UE_CONTEXT_RELEASE_REQUEST, release_request,
	    "ue-context-release-request"),
	MSG(S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND, S1AP_PDU_INITIATING,
	    S1AP_PROC_UE_CONTEXT_RELEASE, release_command,
	    "ue-context-release-command"),
	MSG(S1AP_MSG_UE_CONTEXT_RELEASE_COMPLETE, S1AP_PDU_SUCCESSFUL,
	    S1AP_PROC_UE_CONTEXT_RELEASE, release_complete,
	    "ue-context-release-complete"),
	MSG(S1AP_MSG_UE_CAPABILITY_INFO_INDICATION, S1AP_PDU_INITIATING,
	    S1AP_PROC_UE_CAPABILITY_INFO_INDICATION, ue_capability,
	    "ue-capability-info-indication"),
	MSG(S1AP_MSG_NAS_NON_DELIVERY_INDICATION, S1AP_PDU_INITIATING,
	    S1AP_PROC_NAS_NON_DELIVERY_INDICATION, nas_non_delivery,
	    "nas-non-delivery-indication"),
	MSG(S1AP_MSG_ERROR_INDICATION, S1AP_PDU_INITIATING,
	    S1AP_PROC_ERROR_INDICATION, error_indication, "error-indication"),
	MSG(S1AP_MSG_RESET, S1AP_PDU_INITIATING, S1AP_PROC_RESET, reset,
	    "reset"),
	MSG(S1AP_MSG_RESET_ACKNOWLEDGE, S1AP_PDU_SUCCESSFUL, S1AP_PROC_RESET,
	    reset_ack, "reset-acknowledge"),
};

/* ------------------------------------------------------------------ */
/* IE types (TS 36.413 9.3.4); the ASN.1 is in s1ap_ies.c's comments.  */

/* SEQUENCE preamble: extension bit, then n option bits. */
static bool get_preamble(struct per_reader *r, unsigned int n,
			 unsigned int *options)
{
	bool ext = per_get_bit(r);

	*options = (unsigned int)per_get_bits(r, n);
	return ext;
}

/* The common tail of SEQUENCEs whose only option is iE-Extensions. */
static void get_tail(struct per_reader *r, bool ext, unsigned int options)
{
	per_skip_seq_tail(r, options & 1, ext);
}

static uint32_t get_mme_ue_id(struct per_reader *r)
{
	return (uint32_t)per_get_large_uint(r, 2, 4, 0xffffffffu);
}

static uint32_t get_enb_ue_id(struct per_reader *r)
{
	return (uint32_t)per_get_large_uint(r, 2, 3, 0xffffff);
}

static void get_plmn(struct per_reader *r, struct s1ap_plmn *plmn)
{
	const uint8_t *p = per_get_octets(r, 3);

	if (p)
		memcpy(plmn->octets, p, 3);
}

static void get_tai(struct per_reader *r, struct s1ap_tai *tai)
{
	unsigned int opt;
	bool ext = get_preamble(r, 1, &opt);

	get_plmn(r, &tai->plmn);
	tai->tac = (uint16_t)per_get_bits(r, 16);
	get_tail(r, ext, opt);
}

static void get_ecgi(struct per_reader *r, struct s1ap_ecgi *ecgi)
{
	unsigned int opt;
	bool ext = get_preamble(r, 1, &opt);

	get_plmn(r, &ecgi->plmn);
	per_get_align(r);
	ecgi->cell_id = (uint32_t)per_get_bits(r, 28);
	get_tail(r, ext, opt);
}

static void get_cause(struct per_reader *r, struct s1ap_cause *cause)
{
	/* Root and extension sizes per group, as s1ap_put_cause(). */
	static const struct {
		unsigned char root, extensions;
	} groups[] = {
		{ 36, 8 }, { 2, 0 }, { 4, 2 }, { 7, 0 }, { 6, 0 },
	};
	unsigned int group;

	if (per_get_bit(r)) {	/* a Cause group from a later release */
		per_reader_fail(r, -ERANGE);
		return;
	}
	group = (unsigned int)per_get_bits(r, 3);
	if (!r->err && group > S1AP_CAUSE_MISC) {
		per_reader_fail(r, -ERANGE);
		return;
	}
	cause->group = group;
	cause->value = per_get_enumerated(r, groups[group].root,
					  groups[group].extensions, true);
}

/* OCTET STRING of at least one octet: NAS-PDU, UERadioCapability. */
static const uint8_t *get_octet_string(struct per_reader *r, size_t *len)
{
	*len = per_get_length(r);
	if (!r->err && !*len) {
		/* TS 24.301 9: no NAS message is empty. */
		per_reader_fail(r, -EBADMSG);
		return NULL;
	}
	return per_get_octets(r, *len);
}

static void get_nas(struct per_reader *r, struct s1ap_nas *nas)
{
	nas->data = get_octet_string(r, &nas->len);
	if (!nas->data)
		nas->len = 0;
}

static uint64_t get_bit_rate(struct per_reader *r)
{
	return per_get_large_uint(r, 3, 5, 10000000000ull);
}

static uint8_t get_erab_id(struct per_reader *r)
{
	if (per_get_bit(r)) {	/* E-RAB-ID ::= INTEGER (0..15, ...) */
		per_reader_fail(r, -ERANGE);
		return 0;
	}
	return (uint8_t)per_get_bits(r, 4);
}

static void get_erab_qos(struct per_reader *r, struct s1ap_erab_qos *qos,
			 struct s1ap_gbr_qos *gbr)
{
	unsigned int opt, arp_opt, gbr_opt;
	bool ext = get_preamble(r, 2, &opt), arp_ext, gbr_ext;

	qos->qci = (uint8_t)per_get_constrained(r, 0, 255);
	arp_ext = get_preamble(r, 1, &arp_opt);
	qos->priority_level = (uint8_t)per_get_bits(r, 4);
	qos->may_trigger_preemption = per_get_bit(r);
	qos->preemptable = per_get_bit(r);
	get_tail(r, arp_ext, arp_opt);
	qos->gbr = NULL;
	if (opt & 2) {
		gbr_ext = get_preamble(r, 1, &gbr_opt);
		gbr->mbr_dl = get_bit_rate(r);
		gbr->mbr_ul = get_bit_rate(r);
		gbr->gbr_dl = get_bit_rate(r);
		gbr->gbr_ul = get_bit_rate(r);
		get_tail(r, gbr_ext, gbr_opt);
		qos->gbr = gbr;
	}
	get_tail(r, ext, opt);
}

static void get_transport_address(struct per_reader *r,
				  struct s1ap_transport_address *a)
{
	const uint8_t *p;
	uint32_t bits;

	if (per_get_bit(r)) {	/* SIZE (1..160, ...): beyond 160 bits */
		per_reader_fail(r, -ERANGE);
		return;
	}
	bits = per_get_constrained(r, 1, 160);
	/* TS 36.414 5.1: IPv4, IPv6 or both. */
	if (!r->err && bits != 32 && bits != 128 && bits != 160) {
		per_reader_fail(r, -ERANGE);
		return;
	}
	p = per_get_octets(r, bits / 8);
	if (!p)
		return;
	a->len = bits / 8;
	memcpy(a->octets, p, a->len);
}

static uint32_t get_gtp_teid(struct per_reader *r)
{
	return per_get_u32(r);
}

static bool printable(const uint8_t *s, size_t n)
{
	static const char extra[] = " '()+,-./:=?";
	size_t i;

	for (i = 0; i < n; i++) {
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] && memchr(extra, s[i], sizeof(extra) - 1))))
			return false;
	}
	return true;
}

/* PrintableString (SIZE (1..150, ...)) into a 151-octet buffer. */
static const char *get_name(struct per_reader *r, char *out)
{
	const uint8_t *p;
	size_t len;

	if (per_get_bit(r)) {
		per_reader_fail(r, -ERANGE);
		return NULL;
	}
	len = per_get_constrained(r, 1, 150);
	p = per_get_octets(r, len);
	if (!p)
		return NULL;
	if (!printable(p, len)) {
		per_reader_fail(r, -ERANGE);
		return NULL;
	}
	memcpy(out, p, len);
	out[len] = '\0';
	return out;
}

static void get_global_enb_id(struct per_reader *r,
			      struct s1ap_s1_setup_request *s)
{
	unsigned int opt;
	bool ext = get_preamble(r, 1, &opt);

	get_plmn(r, &s->plmn);
	/* eNB-ID CHOICE: short/long macro eNB ids are later extensions. */
	if (per_get_bit(r)) {
		per_reader_fail(r, -ERANGE);
		return;
	}
	s->home_enb = per_get_bit(r);
	per_get_align(r);
	s->enb_id = (uint32_t)per_get_bits(r, s->home_enb ? 28 : 20);
	get_tail(r, ext, opt);
}

/* A SEQUENCE OF count that must fit the storage. */
static size_t get_list_count(struct per_reader *r, uint32_t lb, uint32_t ub,
			     size_t room)
{
	size_t n = per_get_count(r, lb, ub);

	if (!r->err && n > room) {
		per_reader_fail(r, -ERANGE);
		return 0;
	}
	return r->err ? 0 : n;
}

static void get_supported_tas(struct per_reader *r, struct s1ap_message *m)
{
	struct s1ap_s1_setup_request *s = &m->u.s1_setup_request;
	size_t n, i, j;

	n = get_list_count(r, 1, 256, S1AP_PARSE_MAX_TAS);
	for (i = 0; i < n && !r->err; i++) {
		struct s1ap_supported_ta *ta = &m->store.setup_req.tas[i];
		unsigned int opt;
		bool ext = get_preamble(r, 1, &opt);

		ta->tac = (uint16_t)per_get_bits(r, 16);
		ta->n_bplmns = get_list_count(r, 1, 6, S1AP_PARSE_MAX_BPLMNS);
		for (j = 0; j < ta->n_bplmns; j++)
			get_plmn(r, &m->store.setup_req.bplmns[i][j]);
		ta->bplmns = m->store.setup_req.bplmns[i];
		get_tail(r, ext, opt);
	}
	s->tas = m->store.setup_req.tas;
	s->n_tas = n;
}

static void get_served_gummeis(struct per_reader *r, struct s1ap_message *m)
{
	struct s1ap_s1_setup_response *s = &m->u.s1_setup_response;
	size_t n, i, j;

	n = get_list_count(r, 1, 8, S1AP_PARSE_MAX_GUMMEIS);
	for (i = 0; i < n && !r->err; i++) {
		struct s1ap_served_gummei *g = &m->store.setup_rsp.gummeis[i];
		unsigned int opt;
		bool ext = get_preamble(r, 1, &opt);

		g->n_plmns = get_list_count(r, 1, 32,
					    S1AP_PARSE_MAX_SERVED_PLMNS);
		for (j = 0; j < g->n_plmns; j++)
			get_plmn(r, &m->store.setup_rsp.plmns[i][j]);
		g->n_mme_group_ids = get_list_count(r, 1, 65535,
						    S1AP_PARSE_MAX_GROUP_IDS);
		for (j = 0; j < g->n_mme_group_ids; j++)
			m->store.setup_rsp.groups[i][j] =
				(uint16_t)per_get_bits(r, 16);
		g->n_mme_codes = get_list_count(r, 1, 256,
						S1AP_PARSE_MAX_MME_CODES);
		for (j = 0; j < g->n_mme_codes; j++)
			m->store.setup_rsp.codes[i][j] =
				(uint8_t)per_get_bits(r, 8);
		g->plmns = m->store.setup_rsp.plmns[i];
		g->mme_group_ids = m->store.setup_rsp.groups[i];
		g->mme_codes = m->store.setup_rsp.codes[i];
		get_tail(r, ext, opt);
	}
	s->gummeis = m->store.setup_rsp.gummeis;
	s->n_gummeis = n;
}

static void get_crit_diag(struct per_reader *r, struct s1ap_crit_diag *d)
{
	unsigned int opt, i, item_opt;
	bool ext = get_preamble(r, 5, &opt), item_ext;

	memset(d, 0, sizeof(*d));
	d->has_procedure_code = opt >> 4 & 1;
	d->has_triggering_message = opt >> 3 & 1;
	d->has_procedure_criticality = opt >> 2 & 1;
	if (d->has_procedure_code)
		d->procedure_code = (uint8_t)per_get_constrained(r, 0, 255);
	if (d->has_triggering_message)
		d->triggering_message = per_get_enumerated(r, 3, 0, false);
	if (d->has_procedure_criticality)
		d->procedure_criticality = per_get_enumerated(r, 3, 0, false);
	if (opt & 2) {
		d->n_ies = get_list_count(r, 1, 256, S1AP_CRIT_DIAG_MAX_IES);
		for (i = 0; i < d->n_ies && !r->err; i++) {
			item_ext = get_preamble(r, 1, &item_opt);
			d->ies[i].criticality =
				per_get_enumerated(r, 3, 0, false);
			d->ies[i].ie_id =
				(uint16_t)per_get_constrained(r, 0, 65535);
			d->ies[i].type_of_error =
				per_get_enumerated(r, 2, 0, true);
			get_tail(r, item_ext, item_opt);
		}
	}
	get_tail(r, ext, opt);
}

static void get_ue_ambr(struct per_reader *r,
			struct s1ap_initial_context_setup_request *s)
{
	unsigned int opt;
	bool ext = get_preamble(r, 1, &opt);

	s->ue_ambr_dl = get_bit_rate(r);
	s->ue_ambr_ul = get_bit_rate(r);
	get_tail(r, ext, opt);
}

static void get_ue_sec_caps(struct per_reader *r,
			    struct s1ap_initial_context_setup_request *s)
{
	unsigned int opt;
	bool ext = get_preamble(r, 1, &opt);

	/* BIT STRING (SIZE (16, ...)): a size outside the root is unknown. */
	if (per_get_bit(r))
		per_reader_fail(r, -ERANGE);
	s->eea_caps = (uint16_t)per_get_bits(r, 16);
	if (per_get_bit(r))
		per_reader_fail(r, -ERANGE);
	s->eia_caps = (uint16_t)per_get_bits(r, 16);
	get_tail(r, ext, opt);
}

struct list_state {
	bool foreign;		/* an item of an unknown id, not ignorable */
	uint16_t foreign_id;
	uint8_t foreign_crit;
};

/*
 * ProtocolIE-SingleContainer items of a list IE: the item's id must be the
 * one the list holds; another id is an IE this parser does not know, and
 * its criticality decides (TS 36.413 10.3.4.2): ignore skips it, reject or
 * notify is remembered for the caller. Returns whether to decode 'item'.
 */
static bool get_list_item(struct per_reader *r, uint16_t item_id,
			  struct per_reader *item, struct list_state *ls)
{
	uint16_t id = per_get_u16(r);
	uint8_t crit = (uint8_t)per_get_bits(r, 2);

	if (!r->err && crit > NOTIFY)
		per_reader_fail(r, -EBADMSG);
	per_get_open(r, item);
	if (r->err)
		return false;
	if (id == item_id)
		return true;
	if (crit != IGNORE && !ls->foreign) {
		ls->foreign = true;
		ls->foreign_id = id;
		ls->foreign_crit = crit;
	}
	return false;
}

/* Sub-reader errors surface on the parent. */
static void end_item(struct per_reader *r, struct per_reader *item)
{
	per_reader_fail(r, per_get_end(item));
	per_reader_merge_ext(r, item);
}

static void get_erabs_ctxt_su_req(struct per_reader *r, struct s1ap_message *m,
				  struct list_state *ls)
{
	struct s1ap_initial_context_setup_request *s = &m->u.ics_request;
	struct per_reader item;
	size_t n, i, kept = 0;

	n = get_list_count(r, 1, 256, S1AP_PARSE_MAX_ERABS);
	for (i = 0; i < n && !r->err; i++) {
		struct s1ap_erab *e = &m->store.ics_req.erabs[kept];
		unsigned int opt;
		bool ext;

		if (!get_list_item(r, S1AP_IE_E_RAB_TO_BE_SETUP_ITEM_CTXT_SU_REQ,
				   &item, ls))
			continue;
		memset(e, 0, sizeof(*e));
		ext = get_preamble(&item, 2, &opt);
		e->erab_id = get_erab_id(&item);
		get_erab_qos(&item, &e->qos, &m->store.ics_req.gbr[kept]);
		get_transport_address(&item, &e->sgw_address);
		e->sgw_teid = get_gtp_teid(&item);
		if (opt & 2)
			get_nas(&item, &e->nas);
		get_tail(&item, ext, opt);
		end_item(r, &item);
		kept++;
	}
	s->erabs = m->store.ics_req.erabs;
	s->n_erabs = kept;
}

static void get_erabs_ctxt_su_res(struct per_reader *r, struct s1ap_message *m,
				  struct list_state *ls)
{
	struct s1ap_initial_context_setup_response *s = &m->u.ics_response;
	struct per_reader item;
	size_t n, i, kept = 0;

	n = get_list_count(r, 1, 256, S1AP_PARSE_MAX_ERABS);
	for (i = 0; i < n && !r->err; i++) {
		struct s1ap_erab_setup *e = &m->store.ics_rsp.erabs[kept];
		unsigned int opt;
		bool ext;

		if (!get_list_item(r, S1AP_IE_E_RAB_SETUP_ITEM_CTXT_SU_RES,
				   &item, ls))
			continue;
		memset(e, 0, sizeof(*e));
		ext = get_preamble(&item, 1, &opt);
		e->erab_id = get_erab_id(&item);
		get_transport_address(&item, &e->enb_address);
		e->enb_teid = get_gtp_teid(&item);
		get_tail(&item, ext, opt);
		end_item(r, &item);
		kept++;
	}
	s->erabs = m->store.ics_rsp.erabs;
	s->n_erabs = kept;
}

static void get_erabs_failed(struct per_reader *r, struct s1ap_message *m,
			     struct list_state *ls)
{
	struct s1ap_initial_context_setup_response *s = &m->u.ics_response;
	struct per_reader item;
	size_t n, i, kept = 0;

	n = get_list_count(r, 1, 256, S1AP_PARSE_MAX_ERABS);
	for (i = 0; i < n && !r->err; i++) {
		struct s1ap_erab_release *e = &m->store.ics_rsp.failed[kept];
		unsigned int opt;
		bool ext;

		if (!get_list_item(r, S1AP_IE_E_RAB_ITEM, &item, ls))
			continue;
		ext = get_preamble(&item, 1, &opt);
		e->erab_id = get_erab_id(&item);
		get_cause(&item, &e->cause);
		get_tail(&item, ext, opt);
		end_item(r, &item);
		kept++;
	}
	s->failed = m->store.ics_rsp.failed;
	s->n_failed = kept;
}

static void get_ue_s1ap_ids(struct per_reader *r,
			    struct s1ap_ue_context_release_command *s)
{
	unsigned int opt;
	bool ext;

	if (per_get_bit(r)) {	/* a CHOICE alternative of a later release */
		per_reader_fail(r, -ERANGE);
		return;
	}
	s->mme_id_only = per_get_bit(r);
	if (s->mme_id_only) {
		s->ids.mme_ue_id = get_mme_ue_id(r);
		return;
	}
	ext = get_preamble(r, 1, &opt);
	s->ids.mme_ue_id = get_mme_ue_id(r);
	s->ids.enb_ue_id = get_enb_ue_id(r);
	get_tail(r, ext, opt);
}

static size_t get_connections(struct per_reader *r, struct s1ap_message *m,
			      struct list_state *ls)
{
	struct per_reader item;
	size_t n, i, kept = 0;

	n = get_list_count(r, 1, S1AP_MAX_RESET_CONNECTIONS,
			   S1AP_MAX_RESET_CONNECTIONS);
	for (i = 0; i < n && !r->err; i++) {
		struct s1ap_s1_connection *c = &m->store.conns[kept];
		unsigned int opt;
		bool ext;

		if (!get_list_item(r,
				   S1AP_IE_UE_ASSOCIATED_LOGICAL_S1_CONNECTION_ITEM,
				   &item, ls))
			continue;
		memset(c, 0, sizeof(*c));
		ext = get_preamble(&item, 3, &opt);
		c->has_mme_ue_id = opt >> 2 & 1;
		c->has_enb_ue_id = opt >> 1 & 1;
		if (c->has_mme_ue_id)
			c->ids.mme_ue_id = get_mme_ue_id(&item);
		if (c->has_enb_ue_id)
			c->ids.enb_ue_id = get_enb_ue_id(&item);
		get_tail(&item, ext, opt);
		end_item(r, &item);
		kept++;
	}
	return kept;
}

static void get_reset_type(struct per_reader *r, struct s1ap_message *m,
			   struct list_state *ls)
{
	struct s1ap_reset *s = &m->u.reset;

	if (per_get_bit(r)) {	/* a ResetType of a later release */
		per_reader_fail(r, -ERANGE);
		return;
	}
	s->all = !per_get_bit(r);
	if (s->all) {
		per_get_enumerated(r, 1, 0, true);	/* reset-all */
		return;
	}
	s->n_conns = get_connections(r, m, ls);
	s->conns = m->store.conns;
}

/* ------------------------------------------------------------------ */
/* The message walk                                                    */

static void decode_ie(struct per_reader *r, struct s1ap_message *m,
		      const struct ie_spec *s, struct list_state *ls)
{
	void *p = (char *)m + s->off;
	unsigned int opt;
	bool ext;

	switch (s->kind) {
	case K_MME_ID:
		*(uint32_t *)p = get_mme_ue_id(r);
		break;
	case K_ENB_ID:
		*(uint32_t *)p = get_enb_ue_id(r);
		break;
	case K_NAS:
		get_nas(r, p);
		break;
	case K_CAUSE:
		get_cause(r, p);
		break;
	case K_TAI:
		get_tai(r, p);
		break;
	case K_ECGI:
		get_ecgi(r, p);
		break;
	case K_RRC_CAUSE:
		*(uint8_t *)p = per_get_enumerated(r, 5, 3, true);
		break;
	case K_S_TMSI: {
		struct s1ap_initial_ue_message *u = p;

		ext = get_preamble(r, 1, &opt);
		u->has_s_tmsi = true;
		u->mmec = (uint8_t)per_get_bits(r, 8);
		u->m_tmsi = per_get_u32(r);
		get_tail(r, ext, opt);
		break;
	}
	case K_GUMMEI: {
		struct s1ap_initial_ue_message *u = p;

		ext = get_preamble(r, 1, &opt);
		u->has_gummei = true;
		get_plmn(r, &u->gummei.plmn);
		u->gummei.mme_group_id = (uint16_t)per_get_bits(r, 16);
		u->gummei.mme_code = (uint8_t)per_get_bits(r, 8);
		get_tail(r, ext, opt);
		break;
	}
	case K_GLOBAL_ENB_ID:
		get_global_enb_id(r, p);
		break;
	case K_ENB_NAME:
		m->u.s1_setup_request.enb_name =
			get_name(r, m->store.setup_req.enb_name);
		break;
	case K_SUPPORTED_TAS:
		get_supported_tas(r, m);
		break;
	case K_PAGING_DRX:
		*(uint8_t *)p = per_get_enumerated(r, 4, 0, true);
		break;
	case K_MME_NAME:
		m->u.s1_setup_response.mme_name =
			get_name(r, m->store.setup_rsp.mme_name);
		break;
	case K_SERVED_GUMMEIS:
		get_served_gummeis(r, m);
		break;
	case K_RELATIVE_CAPACITY:
		*(uint8_t *)p = (uint8_t)per_get_constrained(r, 0, 255);
		break;
	case K_TIME_TO_WAIT:
		m->u.s1_setup_failure.has_time_to_wait = true;
		m->u.s1_setup_failure.time_to_wait =
			per_get_enumerated(r, 6, 0, true);
		break;
	case K_CRIT_DIAG:
		get_crit_diag(r, &m->rx_diag);
		*(const struct s1ap_crit_diag **)p = &m->rx_diag;
		break;
	case K_UE_AMBR:
		get_ue_ambr(r, p);
		break;
	case K_ERABS_CTXT_SU_REQ:
		get_erabs_ctxt_su_req(r, m, ls);
		break;
	case K_UE_SEC_CAPS:
		get_ue_sec_caps(r, p);
		break;
	case K_SECURITY_KEY: {
		/* SecurityKey ::= BIT STRING (SIZE (256)): aligned. */
		const uint8_t *key = per_get_octets(r, 32);

		if (key)
			memcpy(m->u.ics_request.kenb, key, 32);
		break;
	}
	case K_ERABS_CTXT_SU_RES:
		get_erabs_ctxt_su_res(r, m, ls);
		break;
	case K_ERABS_FAILED:
		get_erabs_failed(r, m, ls);
		break;
	case K_UE_S1AP_IDS:
		get_ue_s1ap_ids(r, p);
		break;
	case K_RADIO_CAPABILITY: {
		struct s1ap_ue_capability_info_indication *u = p;

		u->radio_capability = get_octet_string(r,
						       &u->radio_capability_len);
		if (!u->radio_capability)
			u->radio_capability_len = 0;
		break;
	}
	case K_RADIO_CAPABILITY_ICS: {
		struct s1ap_initial_context_setup_request *u = p;

		u->radio_capability = get_octet_string(r,
						       &u->radio_capability_len);
		if (!u->radio_capability)
			u->radio_capability_len = 0;
		break;
	}
	case K_RESET_TYPE:
		get_reset_type(r, m, ls);
		break;
	case K_CONNS_ACK:
		m->u.reset_ack.n_conns = get_connections(r, m, ls);
		m->u.reset_ack.conns = m->store.conns;
		break;
	case K_SKIP:
		r->bit = r->end;
		break;
	}
	if (s->has_off >= 0)
		*((bool *)((char *)m + s->has_off)) = true;
}

static void diag_add(struct s1ap_message *m, uint8_t crit, uint16_t id,
		     uint8_t type)
{
	struct s1ap_crit_diag_ie *e;

	if (m->diag.n_ies >= S1AP_CRIT_DIAG_MAX_IES)
		return;
	e = &m->diag.ies[m->diag.n_ies++];
	e->criticality = crit;
	e->ie_id = id;
	e->type_of_error = type;
}

/* Keeps the most severe result: -EBADMSG, -ERANGE, -EPROTO, -ENOENT. */
static int worse(int have, int err)
{
	static const int order[] = { -EBADMSG, -EMSGSIZE, -ERANGE, -EPROTO,
				     -ENOENT, 0 };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (have == order[i])
			return have;
		if (err == order[i])
			return err;
	}
	return have;
}

static int parse_ies(struct per_reader *r, struct s1ap_message *m,
		     const struct msg_spec *spec)
{
	struct per_reader ie;
	uint32_t seen = 0;
	size_t n, i, k;
	bool ext;
	int err = 0, e;

	ext = per_get_bit(r);
	n = per_get_u16(r);	/* ProtocolIE-Container: SIZE (0..65535) */
	for (i = 0; i < n && !r->err; i++) {
		struct list_state ls = { false, 0, 0 };
		uint16_t id = per_get_u16(r);
		uint8_t crit = (uint8_t)per_get_bits(r, 2);

		if (!r->err && crit > NOTIFY)
			per_reader_fail(r, -EBADMSG);
		per_get_open(r, &ie);
		if (r->err)
			break;
		for (k = 0; k < spec->n_ies && spec->ies[k].id != id; k++)
			;
		if (k == spec->n_ies) {
			/* TS 36.413 10.3.4.2: by the IE's own criticality. */
			if (crit == REJECT)
				err = worse(err, -EPROTO);
			if (crit != IGNORE)
				diag_add(m, crit, id, S1AP_ERROR_NOT_UNDERSTOOD);
			continue;
		}
		if (seen & 1u << k) {
			/* 10.3.6: an IE more often than allowed. */
			per_reader_fail(r, -EBADMSG);
			break;
		}
		seen |= 1u << k;
		decode_ie(&ie, m, &spec->ies[k], &ls);
		e = per_get_end(&ie);
		if (e == -ERANGE) {
			/* A value not understood: report the IE. */
			diag_add(m, crit, id, S1AP_ERROR_NOT_UNDERSTOOD);
			err = worse(err, e);
		} else if (e) {
			per_reader_fail(r, e);
		} else if (ls.foreign) {
			if (ls.foreign_crit == REJECT)
				err = worse(err, -EPROTO);
			diag_add(m, ls.foreign_crit, ls.foreign_id,
				 S1AP_ERROR_NOT_UNDERSTOOD);
		} else if (ie.ext_unknown) {
			/* An extension field not comprehended: the same. */
			if (ie.ext_crit == REJECT)
				err = worse(err, -EPROTO);
			diag_add(m, ie.ext_crit, ie.ext_id,
				 S1AP_ERROR_NOT_UNDERSTOOD);
		}
	}
	if (!r->err && ext)
		per_skip_ext_additions(r);
	if (per_get_end(r))
		return per_get_error(r);
	for (k = 0; k < spec->n_ies; k++) {
		const struct ie_spec *s = &spec->ies[k];

		if (!s->mandatory || seen & 1u << k)
			continue;
		if (s->crit == REJECT) {
			diag_add(m, s->crit, s->id, S1AP_ERROR_MISSING);
			err = worse(err, -ENOENT);
		} else if (m->n_missing < S1AP_PARSE_MAX_MISSING) {
			/* 10.3.5: ignore the missing IE, go on. */
			m->missing[m->n_missing++] = s->id;
		}
	}
	return err;
}

static unsigned int find_message(uint8_t pdu_type, uint8_t procedure)
{
	unsigned int t;

	for (t = 1; t < S1AP_MSG_COUNT; t++)
		if (messages[t].pdu_type == pdu_type &&
		    messages[t].procedure == procedure)
			return t;
	return S1AP_MSG_UNKNOWN;
}

int s1ap_parse(const uint8_t *msg, size_t len, struct s1ap_message *m)
{
	struct per_reader top, value;
	unsigned int choice;
	int err;

	memset(m, 0, sizeof(*m));
	per_reader_init(&top, msg, len);
	if (len >= (1u << 16))
		return -EBADMSG;

	/* S1AP-PDU ::= CHOICE { initiatingMessage, successfulOutcome,
	 * unsuccessfulOutcome, ... } of SEQUENCE { procedureCode
	 * INTEGER (0..255), criticality, value open type }.
	 */
	if (per_get_bit(&top)) {
		/* A PDU alternative of a later release. */
		return per_get_error(&top) ? per_get_error(&top) : -ENOMSG;
	}
	choice = (unsigned int)per_get_bits(&top, 2);
	m->procedure = per_get_u8(&top);
	m->criticality = (uint8_t)per_get_bits(&top, 2);
	if (per_get_error(&top))
		return per_get_error(&top);
	if (choice > S1AP_PDU_UNSUCCESSFUL || m->criticality > NOTIFY)
		return -EBADMSG;
	m->pdu_type = choice;
	m->diag.has_procedure_code = true;
	m->diag.procedure_code = m->procedure;
	m->diag.has_triggering_message = true;
	m->diag.triggering_message = m->pdu_type;
	m->diag.has_procedure_criticality = true;
	m->diag.procedure_criticality = m->criticality;

	per_get_open(&top, &value);
	if (per_get_error(&top))
		return -EBADMSG;
	/* One SCTP message is exactly one PDU. */
	if (value.end / 8 != len)
		return -EBADMSG;
	m->type = find_message(m->pdu_type, m->procedure);
	if (m->type == S1AP_MSG_UNKNOWN)
		return -ENOMSG;
	err = parse_ies(&value, m, &messages[m->type]);
	/* Fragmented lengths are never sent below 16K: malformed. */
	return err == -EMSGSIZE ? -EBADMSG : err;
}

int s1ap_parse_cause(int err, const struct s1ap_message *m,
		     struct s1ap_cause *cause)
{
	cause->group = S1AP_CAUSE_PROTOCOL;
	switch (err) {
	case 0:
		if (!m->diag.n_ies)
			return 0;
		cause->value = S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_IGNORE_NOTIFY;
		return 1;
	case -EBADMSG:
		cause->value = S1AP_CAUSE_PROTOCOL_TRANSFER_SYNTAX_ERROR;
		return 1;
	case -ENOMSG:
		/* 10.3.4.1: an unknown procedure of criticality ignore is
		 * dropped silently; reject and notify are reported.
		 */
		cause->value = S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT;
		if (m->criticality == IGNORE)
			return 0;
		if (m->criticality == NOTIFY)
			cause->value =
				S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_IGNORE_NOTIFY;
		return 1;
	case -ERANGE:
	case -EPROTO:
	case -ENOENT:
		cause->value = S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT;
		return 1;
	default:
		cause->value = S1AP_CAUSE_PROTOCOL_UNSPECIFIED;
		return 1;
	}
}

bool s1ap_message_missing(const struct s1ap_message *m, uint16_t ie_id)
{
	unsigned int i;

	for (i = 0; i < m->n_missing; i++)
		if (m->missing[i] == ie_id)
			return true;
	return false;
}

const char *s1ap_msg_type_name(unsigned int type)
{
	if (type == S1AP_MSG_UNKNOWN || type >= S1AP_MSG_COUNT)
		return "unknown";
	return messages[type].name;
}

int s1ap_build_message(uint8_t *buf, size_t cap, const struct s1ap_message *m)
{
	switch (m->type) {
	case S1AP_MSG_S1_SETUP_REQUEST:
		return s1ap_build_s1_setup_request(buf, cap,
						   &m->u.s1_setup_request);
	case S1AP_MSG_S1_SETUP_RESPONSE:
		return s1ap_build_s1_setup_response(buf, cap,
						    &m->u.s1_setup_response);
	case S1AP_MSG_S1_SETUP_FAILURE:
		return s1ap_build_s1_setup_failure(buf, cap,
						   &m->u.s1_setup_failure);
	case S1AP_MSG_INITIAL_UE_MESSAGE:
		return s1ap_build_initial_ue_message(buf, cap,
						     &m->u.initial_ue, NULL);
	case S1AP_MSG_UPLINK_NAS_TRANSPORT:
		return s1ap_build_uplink_nas_transport(buf, cap,
						       &m->u.uplink_nas, NULL);
	case S1AP_MSG_DOWNLINK_NAS_TRANSPORT:
		return s1ap_build_downlink_nas_transport(buf, cap,
							 &m->u.downlink_nas,
							 NULL);
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST:
		return s1ap_build_initial_context_setup_request(buf, cap,
				&m->u.ics_request, NULL);
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE:
		return s1ap_build_initial_context_setup_response(buf, cap,
				&m->u.ics_response);
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE:
		return s1ap_build_initial_context_setup_failure(buf, cap,
				&m->u.ics_failure);
	case S1AP_MSG_UE_CONTEXT_RELEASE_REQUEST:
		return s1ap_build_ue_context_release_request(buf, cap,
				&m->u.release_request);
	case S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND:
		return s1ap_build_ue_context_release_command(buf, cap,
				&m->u.release_command);
	case S1AP_MSG_UE_CONTEXT_RELEASE_COMPLETE:
		return s1ap_build_ue_context_release_complete(buf, cap,
				&m->u.release_complete);
	case S1AP_MSG_UE_CAPABILITY_INFO_INDICATION:
		return s1ap_build_ue_capability_info_indication(buf, cap,
				&m->u.ue_capability);
	case S1AP_MSG_NAS_NON_DELIVERY_INDICATION:
		return s1ap_build_nas_non_delivery_indication(buf, cap,
				&m->u.nas_non_delivery, NULL);
	case S1AP_MSG_ERROR_INDICATION:
		return s1ap_build_error_indication(buf, cap,
						   &m->u.error_indication);
	case S1AP_MSG_RESET:
		return s1ap_build_reset(buf, cap, &m->u.reset);
	case S1AP_MSG_RESET_ACKNOWLEDGE:
		return s1ap_build_reset_acknowledge(buf, cap, &m->u.reset_ack);
	default:
		return -ENOMSG;
	}
}
