// SPDX-License-Identifier: GPL-2.0
/*
 * libs1ap as one codec: every message nassecd and the eNB simulator
 * exchange is built, parsed back and compared field by field, and built
 * again from the parse to the same octets; every truncation and every
 * inner cut of every message fails cleanly; hand-made PDUs (an encoder
 * here, independent of the library) carry bad enumerations, out-of-range
 * values, overlong lengths, unknown IEs of each criticality and missing
 * IEs; S1AP captured from real eNBs and MMEs decodes to the values read
 * off the bytes by hand (TS 36.413, X.691) and checked with tshark 4.0.
 *
 * test_s1ap_codec --dump DIR writes every built message as DIR/NAME.bin
 * with the fields tshark must show in DIR/NAME.expect, for s1ap-tshark.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s1ap.h"
#include "s1ap_build.h"
#include "s1ap_parse.h"
#include "s1ap_raw.h"
#include "tap.h"

#define MSG_MAX	8192

/* ------------------------------------------------------------------ */
/* Inputs                                                              */

static const uint8_t nas_smc_complete[] = {
	0x47, 0x6b, 0x8f, 0x5f, 0x64, 0x00, 0x07, 0x5e,
};

static const uint8_t nas_smc[] = {
	0x37, 0x11, 0x22, 0x33, 0x44, 0x00, 0x07, 0x5d, 0x02, 0x00, 0x02,
	0xf0, 0xf0,
};

/* A ciphered downlink EMM message (header type 2): MAC, SQN, payload. */
static const uint8_t nas_ciphered[] = {
	0x27, 0xa1, 0xb2, 0xc3, 0xd4, 0x05, 0x9e, 0x1d, 0x52, 0x33, 0x0c,
	0x7f, 0x48, 0xe0, 0x16, 0x2a, 0x91, 0x5b, 0xc4, 0x07, 0x6d, 0xf8,
};

static uint8_t nas_long[600];

/* The UERadioCapability of the captured UE Capability Info Indication. */
static uint8_t radio_cap[131];

static const uint8_t kenb[32] = {
	0x45, 0x25, 0xe4, 0x9a, 0x77, 0xc8, 0xd5, 0xcf, 0x26, 0x33, 0x63,
	0xeb, 0x5b, 0xb9, 0xc3, 0x43, 0x9b, 0x9e, 0xb3, 0x86, 0x1f, 0xa8,
	0xa7, 0xcf, 0x43, 0x54, 0x07, 0xae, 0x42, 0x2b, 0x63, 0xb9,
};

static const struct s1ap_plmn plmn_00101 = { { 0x00, 0xf1, 0x10 } };
static const struct s1ap_gbr_qos gbr = { 128000, 256000, 64000, 32000 };

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/*
 * Parses a copy in an exact-size heap buffer (so ASan sees any overread);
 * the copy stays alive in *keep (the message points into it) until freed.
 */
static int parse_exact(const uint8_t *msg, size_t len, struct s1ap_message *m,
		       uint8_t **keep)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	if (!copy)
		abort();
	memcpy(copy, msg, len);
	r = s1ap_parse(copy, len, m);
	if (keep)
		*keep = copy;
	else
		free(copy);
	return r;
}

static const char *err_name(int err)
{
	switch (err) {
	case 0: return "0";
	case -EBADMSG: return "-EBADMSG";
	case -ENOMSG: return "-ENOMSG";
	case -ERANGE: return "-ERANGE";
	case -EPROTO: return "-EPROTO";
	case -ENOENT: return "-ENOENT";
	case -EINVAL: return "-EINVAL";
	case -ENOSPC: return "-ENOSPC";
	default: return "other";
	}
}

/* Field checks: the first that fails is named in a diagnostic. */
static const char *failed_check;
#define CHECK(cond) do { if (!(cond)) { failed_check = #cond; return false; } } while (0)

static bool nas_eq(const struct s1ap_nas *n, const uint8_t *data, size_t len)
{
	return n->len == len && n->data && !memcmp(n->data, data, len);
}

static bool plmn_eq(const struct s1ap_plmn *a, const struct s1ap_plmn *b)
{
	return !memcmp(a->octets, b->octets, 3);
}

static bool tai_eq(const struct s1ap_tai *a, const struct s1ap_tai *b)
{
	return plmn_eq(&a->plmn, &b->plmn) && a->tac == b->tac;
}

static bool ecgi_eq(const struct s1ap_ecgi *a, const struct s1ap_ecgi *b)
{
	return plmn_eq(&a->plmn, &b->plmn) && a->cell_id == b->cell_id;
}

static bool addr_eq(const struct s1ap_transport_address *a,
		    const struct s1ap_transport_address *b)
{
	return a->len == b->len && !memcmp(a->octets, b->octets, a->len);
}

static bool cause_eq(const struct s1ap_cause *a, const struct s1ap_cause *b)
{
	return a->group == b->group && a->value == b->value;
}

static bool ids_eq(const struct s1ap_ue_ids *a, const struct s1ap_ue_ids *b)
{
	return a->mme_ue_id == b->mme_ue_id && a->enb_ue_id == b->enb_ue_id;
}

static bool diag_eq(const struct s1ap_crit_diag *a,
		    const struct s1ap_crit_diag *b)
{
	unsigned int i;

	if (!a || !b)
		return a == b;
	if (a->has_procedure_code != b->has_procedure_code ||
	    a->has_triggering_message != b->has_triggering_message ||
	    a->has_procedure_criticality != b->has_procedure_criticality ||
	    a->n_ies != b->n_ies)
		return false;
	if ((a->has_procedure_code && a->procedure_code != b->procedure_code) ||
	    (a->has_triggering_message &&
	     a->triggering_message != b->triggering_message) ||
	    (a->has_procedure_criticality &&
	     a->procedure_criticality != b->procedure_criticality))
		return false;
	for (i = 0; i < a->n_ies; i++)
		if (a->ies[i].criticality != b->ies[i].criticality ||
		    a->ies[i].ie_id != b->ies[i].ie_id ||
		    a->ies[i].type_of_error != b->ies[i].type_of_error)
			return false;
	return true;
}

static bool qos_eq(const struct s1ap_erab_qos *a, const struct s1ap_erab_qos *b)
{
	if (a->qci != b->qci || a->priority_level != b->priority_level ||
	    a->may_trigger_preemption != b->may_trigger_preemption ||
	    a->preemptable != b->preemptable || !a->gbr != !b->gbr)
		return false;
	return !a->gbr || (a->gbr->mbr_dl == b->gbr->mbr_dl &&
			   a->gbr->mbr_ul == b->gbr->mbr_ul &&
			   a->gbr->gbr_dl == b->gbr->gbr_dl &&
			   a->gbr->gbr_ul == b->gbr->gbr_ul);
}

/* ------------------------------------------------------------------ */
/* The messages, both directions                                       */

/* eNB -> MME */
static const struct s1ap_plmn bplmns[] = { { { 0x00, 0xf1, 0x10 } },
					   { { 0x62, 0xf2, 0x20 } } };
static const struct s1ap_supported_ta tas[] = {
	{ 0x3039, bplmns, 2 }, { 0x0001, bplmns + 1, 1 } };
static const struct s1ap_s1_setup_request setup_req = {
	.plmn = { { 0x00, 0xf1, 0x10 } }, .enb_id = 0x19b,
	.enb_name = "nassec-enb1", .tas = tas, .n_tas = 2,
	.paging_drx = S1AP_PAGING_DRX_128,
};
static const struct s1ap_s1_setup_request setup_req_home = {
	.plmn = { { 0x62, 0xf2, 0x20 } }, .enb_id = 0xabcdef1, .home_enb = true,
	.tas = tas + 1, .n_tas = 1, .paging_drx = S1AP_PAGING_DRX_256,
};

/* MME -> eNB */
static const uint16_t groups[] = { 0x8001, 0x0002 };
static const uint8_t codes[] = { 0x01, 0x7f, 0xfe };
static const struct s1ap_served_gummei gummeis[] = {
	{ &plmn_00101, 1, groups, 2, codes, 3 },
	{ bplmns, 2, groups + 1, 1, codes + 2, 1 },
};
static const struct s1ap_s1_setup_response setup_rsp = {
	.mme_name = "nassec-mme", .gummeis = gummeis, .n_gummeis = 1,
	.relative_capacity = 255,
};
static const struct s1ap_s1_setup_response setup_rsp_two = {
	.gummeis = gummeis, .n_gummeis = 2, .relative_capacity = 10,
};

static const struct s1ap_crit_diag diag_two = {
	.has_procedure_code = true, .procedure_code = 13,
	.has_triggering_message = true,
	.triggering_message = S1AP_PDU_INITIATING,
	.has_procedure_criticality = true,
	.procedure_criticality = S1AP_CRIT_IGNORE,
	.n_ies = 2,
	.ies = { { S1AP_CRIT_REJECT, 26, S1AP_ERROR_MISSING },
		 { S1AP_CRIT_REJECT, 4711, S1AP_ERROR_NOT_UNDERSTOOD } },
};
static const struct s1ap_crit_diag diag_proc = {
	.has_procedure_code = true, .procedure_code = 17,
	.has_triggering_message = true,
	.triggering_message = S1AP_PDU_INITIATING,
};
static const struct s1ap_s1_setup_failure setup_fail = {
	.cause = { S1AP_CAUSE_MISC, S1AP_CAUSE_MISC_UNKNOWN_PLMN },
	.has_time_to_wait = true, .time_to_wait = S1AP_TIME_TO_WAIT_10S,
	.diag = &diag_proc,
};
static const struct s1ap_s1_setup_failure setup_fail_plain = {
	.cause = { S1AP_CAUSE_PROTOCOL,
		   S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT },
};

static const struct s1ap_initial_ue_message initial_ue = {
	.enb_ue_id = 1, .nas = { nas_smc_complete, sizeof(nas_smc_complete) },
	.tai = { { { 0x00, 0xf1, 0x10 } }, 0x3039 },
	.ecgi = { { { 0x00, 0xf1, 0x10 } }, 0x1079baf },
	.rrc_cause = S1AP_RRC_MO_SIGNALLING,
};
static const struct s1ap_initial_ue_message initial_ue_guti = {
	.enb_ue_id = 0xffffff, .nas = { nas_smc, sizeof(nas_smc) },
	.tai = { { { 0x62, 0xf2, 0x20 } }, 0xfffe },
	.ecgi = { { { 0x62, 0xf2, 0x20 } }, 0xfffffff },
	.rrc_cause = S1AP_RRC_MO_VOICE_CALL,	/* an extension value */
	.has_s_tmsi = true, .mmec = 0x7f, .m_tmsi = 0xc0ffee01,
	.has_gummei = true,
	.gummei = { { { 0x62, 0xf2, 0x20 } }, 0x8001, 0x7f },
};

static const struct s1ap_uplink_nas_transport uplink = {
	.ids = { 0x0100009d, 1 },
	.nas = { nas_smc_complete, sizeof(nas_smc_complete) },
	.ecgi = { { { 0x00, 0xf1, 0x10 } }, 0x1079baf },
	.tai = { { { 0x00, 0xf1, 0x10 } }, 0x5ba0 },
};
static const struct s1ap_downlink_nas_transport downlink = {
	.ids = { 7, 0xabcdef }, .nas = { nas_smc, sizeof(nas_smc) },
};
static struct s1ap_downlink_nas_transport downlink_long = {
	.ids = { 0xffffffff, 0 }, .nas = { nas_long, sizeof(nas_long) },
};

static const struct s1ap_erab ics_erab = {
	.erab_id = 5, .qos = { 9, 15, false, false, NULL },
	.sgw_address = { { 192, 168, 3, 2 }, 4 }, .sgw_teid = 0xb7361c56,
	.nas = { nas_ciphered, sizeof(nas_ciphered) },
};
static struct s1ap_initial_context_setup_request ics_req = {
	.ids = { 100, 1 }, .ue_ambr_dl = 1000000000, .ue_ambr_ul = 500000000,
	.erabs = &ics_erab, .n_erabs = 1,
	.eea_caps = 0xe000, .eia_caps = 0xe000,
};
static const struct s1ap_erab ics_erabs_dual[] = {
	{ .erab_id = 6, .qos = { 1, 2, true, true, &gbr },
	  .sgw_address = { { 10, 0, 0, 7, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
			     0, 0, 0, 0, 0, 0, 0, 0x07 }, 20 },
	  .sgw_teid = 1, .nas = { nas_long, sizeof(nas_long) } },
	{ .erab_id = 15, .qos = { 255, 0, false, true, NULL },
	  .sgw_address = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			     0, 0, 0x42 }, 16 }, .sgw_teid = 0xffffffff },
};
static struct s1ap_initial_context_setup_request ics_req_dual = {
	.ids = { 0xffffffff, 0xffffff }, .ue_ambr_dl = 10000000000ull,
	.ue_ambr_ul = 0, .erabs = ics_erabs_dual, .n_erabs = 2,
	.eea_caps = 0x4000, .eia_caps = 0x2000,
	.radio_capability = radio_cap,
	.radio_capability_len = sizeof(radio_cap),
};

static const struct s1ap_erab_setup ics_setup[] = {
	{ 5, { { 10, 0, 0, 1 }, 4 }, 0x11223344 },
	{ 6, { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		 0x42 }, 16 }, 0x55667788 },
};
static const struct s1ap_erab_release ics_failed[] = {
	{ 7, { S1AP_CAUSE_RADIO_NETWORK, 27 } },
	{ 8, { S1AP_CAUSE_TRANSPORT,
	       S1AP_CAUSE_TRANSPORT_RESOURCE_UNAVAILABLE } },
};
static const struct s1ap_initial_context_setup_response ics_rsp = {
	.ids = { 100, 1 }, .erabs = ics_setup, .n_erabs = 2,
};
static const struct s1ap_initial_context_setup_response ics_rsp_failed = {
	.ids = { 100, 1 }, .erabs = ics_setup, .n_erabs = 1,
	.failed = ics_failed, .n_failed = 2,
};
static const struct s1ap_initial_context_setup_failure ics_fail = {
	.ids = { 100, 1 },
	.cause = { S1AP_CAUSE_RADIO_NETWORK,
		   S1AP_CAUSE_RADIO_ALGORITHMS_NOT_SUPPORTED },
};
static const struct s1ap_initial_context_setup_failure ics_fail_diag = {
	.ids = { 3, 4 }, .cause = { S1AP_CAUSE_PROTOCOL,
				    S1AP_CAUSE_PROTOCOL_SEMANTIC_ERROR },
	.diag = &diag_two,
};

static const struct s1ap_ue_context_release_request rel_req = {
	.ids = { 9, 10 },
	.cause = { S1AP_CAUSE_RADIO_NETWORK,
		   S1AP_CAUSE_RADIO_CONNECTION_WITH_UE_LOST },
};
static const struct s1ap_ue_context_release_command rel_cmd = {
	.ids = { 0x0100009d, 0x123456 },
	.cause = { S1AP_CAUSE_NAS, S1AP_CAUSE_NAS_DETACH },
};
static const struct s1ap_ue_context_release_command rel_cmd_mme = {
	.ids = { 42, 0 }, .mme_id_only = true,
	.cause = { S1AP_CAUSE_NAS, 5 },	/* uE-not-in-PLMN-ServingArea */
};
static const struct s1ap_ue_ids rel_complete = { 0x0100009d, 0x123456 };
static const struct s1ap_ue_capability_info_indication ue_cap = {
	.ids = { 0x0100009d, 1 }, .radio_capability = radio_cap,
	.radio_capability_len = sizeof(radio_cap),
};
static const struct s1ap_nas_non_delivery_indication non_delivery = {
	.ids = { 7, 0xabcdef }, .nas = { nas_smc, sizeof(nas_smc) },
	.cause = { S1AP_CAUSE_RADIO_NETWORK, 37 },	/* an extension value */
};

/* Either direction */
static const struct s1ap_error_indication err_ind = {
	.has_mme_ue_id = true, .has_enb_ue_id = true, .ids = { 5, 6 },
	.has_cause = true,
	.cause = { S1AP_CAUSE_PROTOCOL,
		   S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT },
	.diag = &diag_two,
};
static const struct s1ap_error_indication err_ind_enb = {
	.has_enb_ue_id = true, .ids = { 0, 77 }, .has_cause = true,
	.cause = { S1AP_CAUSE_RADIO_NETWORK,
		   S1AP_CAUSE_RADIO_UNKNOWN_ENB_UE_S1AP_ID },
};
static const struct s1ap_reset reset_all = {
	.cause = { S1AP_CAUSE_MISC, 3 }, .all = true,	/* om-intervention */
};
static const struct s1ap_s1_connection conns[] = {
	{ true, true, { 1, 2 } },
	{ true, false, { 0xffffffff, 0 } },
	{ false, true, { 0, 0xffffff } },
};
static const struct s1ap_reset reset_part = {
	.cause = { S1AP_CAUSE_TRANSPORT, 1 }, .conns = conns, .n_conns = 3,
};
static const struct s1ap_reset_acknowledge reset_ack = {
	.conns = conns, .n_conns = 2, .diag = &diag_two,
};
static const struct s1ap_reset_acknowledge reset_ack_all = { 0 };

/* ------------------------------------------------------------------ */
/* Cases                                                               */

struct codec_case {
	const char *name;
	unsigned int type;		/* enum s1ap_msg_type */
	uint8_t pdu_type, procedure;
	int (*build)(uint8_t *buf, size_t cap);
	bool (*check)(const struct s1ap_message *m);
	/* tshark fields this message must show, "field=value" lines */
	const char *tshark;
};

#define BUILD(fn, builder, input) \
static int fn(uint8_t *buf, size_t cap) \
{ \
	return builder(buf, cap, &input); \
}
#define BUILD_NAS(fn, builder, input) \
static int fn(uint8_t *buf, size_t cap) \
{ \
	return builder(buf, cap, &input, NULL); \
}

BUILD(b_setup_req, s1ap_build_s1_setup_request, setup_req)
BUILD(b_setup_req_home, s1ap_build_s1_setup_request, setup_req_home)
BUILD(b_setup_rsp, s1ap_build_s1_setup_response, setup_rsp)
BUILD(b_setup_rsp_two, s1ap_build_s1_setup_response, setup_rsp_two)
BUILD(b_setup_fail, s1ap_build_s1_setup_failure, setup_fail)
BUILD(b_setup_fail_plain, s1ap_build_s1_setup_failure, setup_fail_plain)
BUILD_NAS(b_initial_ue, s1ap_build_initial_ue_message, initial_ue)
BUILD_NAS(b_initial_ue_guti, s1ap_build_initial_ue_message, initial_ue_guti)
BUILD_NAS(b_uplink, s1ap_build_uplink_nas_transport, uplink)
BUILD_NAS(b_downlink, s1ap_build_downlink_nas_transport, downlink)
BUILD_NAS(b_downlink_long, s1ap_build_downlink_nas_transport, downlink_long)
BUILD_NAS(b_ics_req, s1ap_build_initial_context_setup_request, ics_req)
BUILD_NAS(b_ics_req_dual, s1ap_build_initial_context_setup_request,
	  ics_req_dual)
BUILD(b_ics_rsp, s1ap_build_initial_context_setup_response, ics_rsp)
BUILD(b_ics_rsp_failed, s1ap_build_initial_context_setup_response,
      ics_rsp_failed)
BUILD(b_ics_fail, s1ap_build_initial_context_setup_failure, ics_fail)
BUILD(b_ics_fail_diag, s1ap_build_initial_context_setup_failure,
      ics_fail_diag)
BUILD(b_rel_req, s1ap_build_ue_context_release_request, rel_req)
BUILD(b_rel_cmd, s1ap_build_ue_context_release_command, rel_cmd)
BUILD(b_rel_cmd_mme, s1ap_build_ue_context_release_command, rel_cmd_mme)
BUILD(b_rel_complete, s1ap_build_ue_context_release_complete, rel_complete)
BUILD(b_ue_cap, s1ap_build_ue_capability_info_indication, ue_cap)
BUILD_NAS(b_non_delivery, s1ap_build_nas_non_delivery_indication,
	  non_delivery)
BUILD(b_err_ind, s1ap_build_error_indication, err_ind)
BUILD(b_err_ind_enb, s1ap_build_error_indication, err_ind_enb)
BUILD(b_reset_all, s1ap_build_reset, reset_all)
BUILD(b_reset_part, s1ap_build_reset, reset_part)
BUILD(b_reset_ack, s1ap_build_reset_acknowledge, reset_ack)
BUILD(b_reset_ack_all, s1ap_build_reset_acknowledge, reset_ack_all)

/*
 * The daemon's path for a bad message: an Uplink NAS Transport without
 * its NAS-PDU fails with -ENOENT; the Error Indication carries the ids it
 * had, the cause s1ap_parse_cause() gives and the parse's diagnostics.
 */
static struct s1ap_message bad_parse;
static uint8_t bad_msg[64];

static int b_err_ind_from_parse(uint8_t *buf, size_t cap)
{
	static const struct s1ap_raw_ie ies[] = {
		{ S1AP_IE_MME_UE_S1AP_ID, 0, "0005" },
		{ S1AP_IE_ENB_UE_S1AP_ID, 0, "0001" },
		{ S1AP_IE_EUTRAN_CGI, 1, "0000f1101079baf0" },
		{ S1AP_IE_TAI, 1, "0000f1103039" },
	};
	struct s1ap_error_indication ei = {
		.has_mme_ue_id = true, .has_enb_ue_id = true, .has_cause = true,
		.diag = &bad_parse.diag,
	};
	size_t len = s1ap_raw_assemble(bad_msg, sizeof(bad_msg), 0, 13, 0, ies, 4, -1, NULL);

	if (s1ap_parse(bad_msg, len, &bad_parse) != -ENOENT ||
	    s1ap_parse_cause(-ENOENT, &bad_parse, &ei.cause) != 1)
		return -EINVAL;
	ei.ids = bad_parse.u.uplink_nas.ids;
	return s1ap_build_error_indication(buf, cap, &ei);
}

static bool c_err_ind_from_parse(const struct s1ap_message *m)
{
	const struct s1ap_error_indication *g = &m->u.error_indication;
	const struct s1ap_crit_diag *d = g->diag;

	CHECK(g->has_mme_ue_id && g->ids.mme_ue_id == 5);
	CHECK(g->has_enb_ue_id && g->ids.enb_ue_id == 1);
	CHECK(g->has_cause && g->cause.group == S1AP_CAUSE_PROTOCOL);
	CHECK(g->cause.value == S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT);
	CHECK(d && d->has_procedure_code && d->procedure_code == 13);
	CHECK(d->has_triggering_message &&
	      d->triggering_message == S1AP_PDU_INITIATING);
	CHECK(d->has_procedure_criticality &&
	      d->procedure_criticality == S1AP_CRIT_IGNORE);
	CHECK(d->n_ies == 1 && d->ies[0].ie_id == S1AP_IE_NAS_PDU);
	CHECK(d->ies[0].criticality == S1AP_CRIT_REJECT);
	CHECK(d->ies[0].type_of_error == S1AP_ERROR_MISSING);
	return true;
}

static bool c_setup_req_of(const struct s1ap_s1_setup_request *g,
			   const struct s1ap_s1_setup_request *w)
{
	size_t i, j;

	CHECK(plmn_eq(&g->plmn, &w->plmn));
	CHECK(g->enb_id == w->enb_id && g->home_enb == w->home_enb);
	CHECK(!g->enb_name == !w->enb_name);
	CHECK(!w->enb_name || !strcmp(g->enb_name, w->enb_name));
	CHECK(g->n_tas == w->n_tas);
	for (i = 0; i < w->n_tas; i++) {
		CHECK(g->tas[i].tac == w->tas[i].tac);
		CHECK(g->tas[i].n_bplmns == w->tas[i].n_bplmns);
		for (j = 0; j < w->tas[i].n_bplmns; j++)
			CHECK(plmn_eq(&g->tas[i].bplmns[j],
				      &w->tas[i].bplmns[j]));
	}
	CHECK(g->paging_drx == w->paging_drx);
	return true;
}

static bool c_setup_req(const struct s1ap_message *m)
{
	return c_setup_req_of(&m->u.s1_setup_request, &setup_req);
}

static bool c_setup_req_home(const struct s1ap_message *m)
{
	return c_setup_req_of(&m->u.s1_setup_request, &setup_req_home);
}

static bool c_setup_rsp_of(const struct s1ap_s1_setup_response *g,
			   const struct s1ap_s1_setup_response *w)
{
	size_t i, j;

	CHECK(!g->mme_name == !w->mme_name);
	CHECK(!w->mme_name || !strcmp(g->mme_name, w->mme_name));
	CHECK(g->n_gummeis == w->n_gummeis);
	for (i = 0; i < w->n_gummeis; i++) {
		const struct s1ap_served_gummei *a = &g->gummeis[i];
		const struct s1ap_served_gummei *b = &w->gummeis[i];

		CHECK(a->n_plmns == b->n_plmns);
		for (j = 0; j < b->n_plmns; j++)
			CHECK(plmn_eq(&a->plmns[j], &b->plmns[j]));
		CHECK(a->n_mme_group_ids == b->n_mme_group_ids);
		for (j = 0; j < b->n_mme_group_ids; j++)
			CHECK(a->mme_group_ids[j] == b->mme_group_ids[j]);
		CHECK(a->n_mme_codes == b->n_mme_codes);
		for (j = 0; j < b->n_mme_codes; j++)
			CHECK(a->mme_codes[j] == b->mme_codes[j]);
	}
	CHECK(g->relative_capacity == w->relative_capacity);
	return true;
}

static bool c_setup_rsp(const struct s1ap_message *m)
{
	return c_setup_rsp_of(&m->u.s1_setup_response, &setup_rsp);
}

static bool c_setup_rsp_two(const struct s1ap_message *m)
{
	return c_setup_rsp_of(&m->u.s1_setup_response, &setup_rsp_two);
}

static bool c_setup_fail_of(const struct s1ap_s1_setup_failure *g,
			    const struct s1ap_s1_setup_failure *w)
{
	CHECK(cause_eq(&g->cause, &w->cause));
	CHECK(g->has_time_to_wait == w->has_time_to_wait);
	CHECK(g->time_to_wait == w->time_to_wait);
	CHECK(diag_eq(g->diag, w->diag));
	return true;
}

static bool c_setup_fail(const struct s1ap_message *m)
{
	return c_setup_fail_of(&m->u.s1_setup_failure, &setup_fail);
}

static bool c_setup_fail_plain(const struct s1ap_message *m)
{
	return c_setup_fail_of(&m->u.s1_setup_failure, &setup_fail_plain);
}

static bool c_initial_ue_of(const struct s1ap_initial_ue_message *g,
			    const struct s1ap_initial_ue_message *w)
{
	CHECK(g->enb_ue_id == w->enb_ue_id);
	CHECK(nas_eq(&g->nas, w->nas.data, w->nas.len));
	CHECK(tai_eq(&g->tai, &w->tai));
	CHECK(ecgi_eq(&g->ecgi, &w->ecgi));
	CHECK(g->rrc_cause == w->rrc_cause);
	CHECK(g->has_s_tmsi == w->has_s_tmsi);
	CHECK(g->mmec == w->mmec && g->m_tmsi == w->m_tmsi);
	CHECK(g->has_gummei == w->has_gummei);
	CHECK(plmn_eq(&g->gummei.plmn, &w->gummei.plmn));
	CHECK(g->gummei.mme_group_id == w->gummei.mme_group_id);
	CHECK(g->gummei.mme_code == w->gummei.mme_code);
	return true;
}

static bool c_initial_ue(const struct s1ap_message *m)
{
	return c_initial_ue_of(&m->u.initial_ue, &initial_ue);
}

static bool c_initial_ue_guti(const struct s1ap_message *m)
{
	return c_initial_ue_of(&m->u.initial_ue, &initial_ue_guti);
}

static bool c_uplink(const struct s1ap_message *m)
{
	const struct s1ap_uplink_nas_transport *g = &m->u.uplink_nas;

	CHECK(ids_eq(&g->ids, &uplink.ids));
	CHECK(nas_eq(&g->nas, uplink.nas.data, uplink.nas.len));
	CHECK(ecgi_eq(&g->ecgi, &uplink.ecgi));
	CHECK(tai_eq(&g->tai, &uplink.tai));
	return true;
}

static bool c_downlink_of(const struct s1ap_downlink_nas_transport *g,
			  const struct s1ap_downlink_nas_transport *w)
{
	CHECK(ids_eq(&g->ids, &w->ids));
	CHECK(nas_eq(&g->nas, w->nas.data, w->nas.len));
	return true;
}

static bool c_downlink(const struct s1ap_message *m)
{
	return c_downlink_of(&m->u.downlink_nas, &downlink);
}

static bool c_downlink_long(const struct s1ap_message *m)
{
	return c_downlink_of(&m->u.downlink_nas, &downlink_long);
}

static bool c_ics_req_of(const struct s1ap_initial_context_setup_request *g,
			 const struct s1ap_initial_context_setup_request *w)
{
	size_t i;

	CHECK(ids_eq(&g->ids, &w->ids));
	CHECK(g->ue_ambr_dl == w->ue_ambr_dl && g->ue_ambr_ul == w->ue_ambr_ul);
	CHECK(g->n_erabs == w->n_erabs);
	for (i = 0; i < w->n_erabs; i++) {
		const struct s1ap_erab *a = &g->erabs[i], *b = &w->erabs[i];

		CHECK(a->erab_id == b->erab_id);
		CHECK(qos_eq(&a->qos, &b->qos));
		CHECK(addr_eq(&a->sgw_address, &b->sgw_address));
		CHECK(a->sgw_teid == b->sgw_teid);
		CHECK(a->nas.len == b->nas.len);
		CHECK(!b->nas.len || nas_eq(&a->nas, b->nas.data, b->nas.len));
	}
	CHECK(g->eea_caps == w->eea_caps && g->eia_caps == w->eia_caps);
	CHECK(!memcmp(g->kenb, w->kenb, sizeof(g->kenb)));
	CHECK(g->radio_capability_len == w->radio_capability_len);
	CHECK(!w->radio_capability_len ||
	      !memcmp(g->radio_capability, w->radio_capability,
		      w->radio_capability_len));
	return true;
}

static bool c_ics_req(const struct s1ap_message *m)
{
	return c_ics_req_of(&m->u.ics_request, &ics_req);
}

static bool c_ics_req_dual(const struct s1ap_message *m)
{
	return c_ics_req_of(&m->u.ics_request, &ics_req_dual);
}

static bool c_ics_rsp_of(const struct s1ap_initial_context_setup_response *g,
			 const struct s1ap_initial_context_setup_response *w)
{
	size_t i;

	CHECK(ids_eq(&g->ids, &w->ids));
	CHECK(g->n_erabs == w->n_erabs);
	for (i = 0; i < w->n_erabs; i++) {
		CHECK(g->erabs[i].erab_id == w->erabs[i].erab_id);
		CHECK(addr_eq(&g->erabs[i].enb_address,
			      &w->erabs[i].enb_address));
		CHECK(g->erabs[i].enb_teid == w->erabs[i].enb_teid);
	}
	CHECK(g->n_failed == w->n_failed);
	for (i = 0; i < w->n_failed; i++) {
		CHECK(g->failed[i].erab_id == w->failed[i].erab_id);
		CHECK(cause_eq(&g->failed[i].cause, &w->failed[i].cause));
	}
	return true;
}

static bool c_ics_rsp(const struct s1ap_message *m)
{
	return c_ics_rsp_of(&m->u.ics_response, &ics_rsp);
}

static bool c_ics_rsp_failed(const struct s1ap_message *m)
{
	return c_ics_rsp_of(&m->u.ics_response, &ics_rsp_failed);
}

static bool c_ics_fail_of(const struct s1ap_initial_context_setup_failure *g,
			  const struct s1ap_initial_context_setup_failure *w)
{
	CHECK(ids_eq(&g->ids, &w->ids));
	CHECK(cause_eq(&g->cause, &w->cause));
	CHECK(diag_eq(g->diag, w->diag));
	return true;
}

static bool c_ics_fail(const struct s1ap_message *m)
{
	return c_ics_fail_of(&m->u.ics_failure, &ics_fail);
}

static bool c_ics_fail_diag(const struct s1ap_message *m)
{
	return c_ics_fail_of(&m->u.ics_failure, &ics_fail_diag);
}

static bool c_rel_req(const struct s1ap_message *m)
{
	CHECK(ids_eq(&m->u.release_request.ids, &rel_req.ids));
	CHECK(cause_eq(&m->u.release_request.cause, &rel_req.cause));
	return true;
}

static bool c_rel_cmd_of(const struct s1ap_ue_context_release_command *g,
			 const struct s1ap_ue_context_release_command *w)
{
	CHECK(g->mme_id_only == w->mme_id_only);
	CHECK(g->ids.mme_ue_id == w->ids.mme_ue_id);
	CHECK(w->mme_id_only || g->ids.enb_ue_id == w->ids.enb_ue_id);
	CHECK(cause_eq(&g->cause, &w->cause));
	return true;
}

static bool c_rel_cmd(const struct s1ap_message *m)
{
	return c_rel_cmd_of(&m->u.release_command, &rel_cmd);
}

static bool c_rel_cmd_mme(const struct s1ap_message *m)
{
	return c_rel_cmd_of(&m->u.release_command, &rel_cmd_mme);
}

static bool c_rel_complete(const struct s1ap_message *m)
{
	CHECK(ids_eq(&m->u.release_complete, &rel_complete));
	return true;
}

static bool c_ue_cap(const struct s1ap_message *m)
{
	const struct s1ap_ue_capability_info_indication *g = &m->u.ue_capability;

	CHECK(ids_eq(&g->ids, &ue_cap.ids));
	CHECK(g->radio_capability_len == sizeof(radio_cap));
	CHECK(!memcmp(g->radio_capability, radio_cap, sizeof(radio_cap)));
	return true;
}

static bool c_non_delivery(const struct s1ap_message *m)
{
	const struct s1ap_nas_non_delivery_indication *g = &m->u.nas_non_delivery;

	CHECK(ids_eq(&g->ids, &non_delivery.ids));
	CHECK(nas_eq(&g->nas, nas_smc, sizeof(nas_smc)));
	CHECK(cause_eq(&g->cause, &non_delivery.cause));
	return true;
}

static bool c_err_ind_of(const struct s1ap_error_indication *g,
			 const struct s1ap_error_indication *w)
{
	CHECK(g->has_mme_ue_id == w->has_mme_ue_id);
	CHECK(g->has_enb_ue_id == w->has_enb_ue_id);
	CHECK(!w->has_mme_ue_id || g->ids.mme_ue_id == w->ids.mme_ue_id);
	CHECK(!w->has_enb_ue_id || g->ids.enb_ue_id == w->ids.enb_ue_id);
	CHECK(g->has_cause == w->has_cause);
	CHECK(!w->has_cause || cause_eq(&g->cause, &w->cause));
	CHECK(diag_eq(g->diag, w->diag));
	return true;
}

static bool c_err_ind(const struct s1ap_message *m)
{
	return c_err_ind_of(&m->u.error_indication, &err_ind);
}

static bool c_err_ind_enb(const struct s1ap_message *m)
{
	return c_err_ind_of(&m->u.error_indication, &err_ind_enb);
}

static bool conns_eq(const struct s1ap_s1_connection *a,
		     const struct s1ap_s1_connection *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		CHECK(a[i].has_mme_ue_id == b[i].has_mme_ue_id);
		CHECK(a[i].has_enb_ue_id == b[i].has_enb_ue_id);
		CHECK(!b[i].has_mme_ue_id ||
		      a[i].ids.mme_ue_id == b[i].ids.mme_ue_id);
		CHECK(!b[i].has_enb_ue_id ||
		      a[i].ids.enb_ue_id == b[i].ids.enb_ue_id);
	}
	return true;
}

static bool c_reset_of(const struct s1ap_reset *g, const struct s1ap_reset *w)
{
	CHECK(cause_eq(&g->cause, &w->cause));
	CHECK(g->all == w->all);
	CHECK(g->n_conns == w->n_conns);
	return conns_eq(g->conns, w->conns, w->n_conns);
}

static bool c_reset_all(const struct s1ap_message *m)
{
	return c_reset_of(&m->u.reset, &reset_all);
}

static bool c_reset_part(const struct s1ap_message *m)
{
	return c_reset_of(&m->u.reset, &reset_part);
}

static bool c_reset_ack_of(const struct s1ap_reset_acknowledge *g,
			   const struct s1ap_reset_acknowledge *w)
{
	CHECK(g->n_conns == w->n_conns);
	CHECK(diag_eq(g->diag, w->diag));
	return conns_eq(g->conns, w->conns, w->n_conns);
}

static bool c_reset_ack(const struct s1ap_message *m)
{
	return c_reset_ack_of(&m->u.reset_ack, &reset_ack);
}

static bool c_reset_ack_all(const struct s1ap_message *m)
{
	return c_reset_ack_of(&m->u.reset_ack, &reset_ack_all);
}

#define IM	S1AP_PDU_INITIATING
#define SO	S1AP_PDU_SUCCESSFUL
#define UO	S1AP_PDU_UNSUCCESSFUL

static const struct codec_case cases[] = {
	{ "codec-s1-setup-request", S1AP_MSG_S1_SETUP_REQUEST, IM, 17,
	  b_setup_req, c_setup_req,
	  "s1ap.ENBname=nassec-enb1\ns1ap.macroENB_ID=0019b0\n"
	  "s1ap.tAC=12345|1\ns1ap.PagingDRX=2\n" },
	{ "codec-s1-setup-request-home-enb", S1AP_MSG_S1_SETUP_REQUEST, IM, 17,
	  b_setup_req_home, c_setup_req_home,
	  "s1ap.homeENB_ID=abcdef10\ns1ap.tAC=1\ns1ap.PagingDRX=3\n" },
	{ "codec-s1-setup-response", S1AP_MSG_S1_SETUP_RESPONSE, SO, 17,
	  b_setup_rsp, c_setup_rsp,
	  "s1ap.MMEname=nassec-mme\ns1ap.MME_Group_ID=32769|2\n"
	  "s1ap.MME_Code=1|127|254\ns1ap.RelativeMMECapacity=255\n" },
	{ "codec-s1-setup-response-two-gummeis", S1AP_MSG_S1_SETUP_RESPONSE,
	  SO, 17, b_setup_rsp_two, c_setup_rsp_two,
	  "s1ap.MME_Group_ID=32769|2|2\ns1ap.MME_Code=1|127|254|254\n"
	  "s1ap.RelativeMMECapacity=10\n" },
	{ "codec-s1-setup-failure", S1AP_MSG_S1_SETUP_FAILURE, UO, 17,
	  b_setup_fail, c_setup_fail,
	  "s1ap.misc=5\ns1ap.TimeToWait=3\ns1ap.triggeringMessage=0\n" },
	{ "codec-s1-setup-failure-cause-only", S1AP_MSG_S1_SETUP_FAILURE, UO,
	  17, b_setup_fail_plain, c_setup_fail_plain,
	  "s1ap.protocol=1\ns1ap.TimeToWait=\n" },
	{ "codec-initial-ue-message", S1AP_MSG_INITIAL_UE_MESSAGE, IM, 12,
	  b_initial_ue, c_initial_ue,
	  "s1ap.tAC=12345\ns1ap.CellIdentity=0x01079baf\n"
	  "s1ap.RRC_Establishment_Cause=3\n" },
	{ "codec-initial-ue-message-s-tmsi-gummei",
	  S1AP_MSG_INITIAL_UE_MESSAGE, IM, 12, b_initial_ue_guti,
	  c_initial_ue_guti,
	  "s1ap.tAC=65534\ns1ap.RRC_Establishment_Cause=6\n"
	  "s1ap.mMEC=127\ns1ap.m_TMSI=3237998081\n"
	  "s1ap.mME_Group_ID=32769\ns1ap.mME_Code=127\n" },
	{ "codec-uplink-nas-transport", S1AP_MSG_UPLINK_NAS_TRANSPORT, IM, 13,
	  b_uplink, c_uplink, "s1ap.tAC=23456\n" },
	{ "codec-downlink-nas-transport", S1AP_MSG_DOWNLINK_NAS_TRANSPORT, IM,
	  11, b_downlink, c_downlink, "" },
	{ "codec-downlink-nas-transport-long", S1AP_MSG_DOWNLINK_NAS_TRANSPORT,
	  IM, 11, b_downlink_long, c_downlink_long, "" },
	{ "codec-ics-request", S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST, IM, 9,
	  b_ics_req, c_ics_req,
	  "s1ap.uEaggregateMaximumBitRateDL=1000000000\n"
	  "s1ap.uEaggregateMaximumBitRateUL=500000000\n"
	  "s1ap.e_RAB_ID=5\ns1ap.qCI=9\n"
	  "s1ap.transportLayerAddressIPv4=192.168.3.2\n"
	  "s1ap.gTP_TEID=b7361c56\n"
	  "s1ap.encryptionAlgorithms.EEA1=1\n"
	  "s1ap.integrityProtectionAlgorithms.EIA3=1\n"
	  "s1ap.SecurityKey=4525e49a77c8d5cf263363eb5bb9c3439b9eb3861fa8a7cf435407ae422b63b9\n" },
	{ "codec-ics-request-dual-address-gbr",
	  S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST, IM, 9, b_ics_req_dual,
	  c_ics_req_dual,
	  "s1ap.uEaggregateMaximumBitRateDL=10000000000\n"
	  "s1ap.e_RAB_ID=6|15\ns1ap.qCI=1|255\n"
	  "s1ap.transportLayerAddressIPv4=10.0.0.7\n"
	  "s1ap.transportLayerAddressIPv6=2001:db8::7|2001:db8::42\n"
	  "s1ap.gTP_TEID=00000001|ffffffff\n"
	  "s1ap.encryptionAlgorithms.EEA1=0\n"
	  "s1ap.encryptionAlgorithms.EEA2=1\n"
	  "s1ap.integrityProtectionAlgorithms.EIA3=1\n"
	  "s1ap.UERadioCapability^=04040003\n" },
	{ "codec-ics-response", S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE, SO, 9,
	  b_ics_rsp, c_ics_rsp,
	  "s1ap.e_RAB_ID=5|6\ns1ap.transportLayerAddressIPv4=10.0.0.1\n"
	  "s1ap.transportLayerAddressIPv6=2001:db8::42\n"
	  "s1ap.gTP_TEID=11223344|55667788\n" },
	{ "codec-ics-response-failed-list",
	  S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE, SO, 9, b_ics_rsp_failed,
	  c_ics_rsp_failed,
	  "s1ap.e_RAB_ID=5|7|8\ns1ap.radioNetwork=27\ns1ap.transport=0\n" },
	{ "codec-ics-failure", S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE, UO, 9,
	  b_ics_fail, c_ics_fail, "s1ap.radioNetwork=32\n" },
	{ "codec-ics-failure-diagnostics",
	  S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE, UO, 9, b_ics_fail_diag,
	  c_ics_fail_diag,
	  "s1ap.protocol=4\ns1ap.procedureCriticality=1\n"
	  "s1ap.iE_ID=26|4711\ns1ap.typeOfError=1|0\n" },
	{ "codec-ue-context-release-request",
	  S1AP_MSG_UE_CONTEXT_RELEASE_REQUEST, IM, 18, b_rel_req, c_rel_req,
	  "s1ap.radioNetwork=21\n" },
	{ "codec-ue-context-release-command",
	  S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND, IM, 23, b_rel_cmd, c_rel_cmd,
	  "s1ap.nas=2\n" },
	{ "codec-ue-context-release-command-mme-id",
	  S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND, IM, 23, b_rel_cmd_mme,
	  c_rel_cmd_mme, "s1ap.nas=5\n" },
	{ "codec-ue-context-release-complete",
	  S1AP_MSG_UE_CONTEXT_RELEASE_COMPLETE, SO, 23, b_rel_complete,
	  c_rel_complete, "" },
	{ "codec-ue-capability-info-indication",
	  S1AP_MSG_UE_CAPABILITY_INFO_INDICATION, IM, 22, b_ue_cap, c_ue_cap,
	  "s1ap.UERadioCapability^=04040003" },
	{ "codec-nas-non-delivery-indication",
	  S1AP_MSG_NAS_NON_DELIVERY_INDICATION, IM, 16, b_non_delivery,
	  c_non_delivery, "s1ap.radioNetwork=37\n" },
	{ "codec-error-indication", S1AP_MSG_ERROR_INDICATION, IM, 15,
	  b_err_ind, c_err_ind,
	  "s1ap.protocol=1\ns1ap.procedureCode=15|13\n"
	  "s1ap.iE_ID=26|4711\ns1ap.typeOfError=1|0\n"
	  "s1ap.iECriticality=0|0\n" },
	{ "codec-error-indication-for-a-missing-nas-pdu",
	  S1AP_MSG_ERROR_INDICATION, IM, 15, b_err_ind_from_parse,
	  c_err_ind_from_parse,
	  "s1ap.protocol=1\ns1ap.procedureCode=15|13\n"
	  "s1ap.triggeringMessage=0\ns1ap.procedureCriticality=1\n"
	  "s1ap.iE_ID=26\ns1ap.iECriticality=0\ns1ap.typeOfError=1\n" },
	{ "codec-error-indication-enb-id", S1AP_MSG_ERROR_INDICATION, IM, 15,
	  b_err_ind_enb, c_err_ind_enb, "s1ap.radioNetwork=14\n" },
	{ "codec-reset-all", S1AP_MSG_RESET, IM, 14, b_reset_all, c_reset_all,
	  "s1ap.misc=3\ns1ap.ResetType=0\ns1ap.s1_Interface=0\n" },
	{ "codec-reset-part", S1AP_MSG_RESET, IM, 14, b_reset_part,
	  c_reset_part,
	  "s1ap.transport=1\ns1ap.ResetType=1\n"
	  "s1ap.MME_UE_S1AP_ID=1|1|4294967295|4294967295\n"
	  "s1ap.ENB_UE_S1AP_ID=2|2|16777215|16777215\n" },
	{ "codec-reset-acknowledge", S1AP_MSG_RESET_ACKNOWLEDGE, SO, 14,
	  b_reset_ack, c_reset_ack,
	  "s1ap.MME_UE_S1AP_ID=1|1|4294967295|4294967295\n"
	  "s1ap.ENB_UE_S1AP_ID=2|2\ns1ap.iE_ID=26|4711\n" },
	{ "codec-reset-acknowledge-empty", S1AP_MSG_RESET_ACKNOWLEDGE, SO, 14,
	  b_reset_ack_all, c_reset_ack_all, "" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* Built, parsed, compared; built again from the parse: the same octets. */
static void test_round_trip(const struct codec_case *c)
{
	static uint8_t msg[MSG_MAX], again[MSG_MAX];
	struct s1ap_message *m = malloc(sizeof(*m));
	uint8_t *keep = NULL;
	int len, len2, r;

	if (!m)
		abort();
	len = c->build(msg, sizeof(msg));
	if (!tap_result(len > 0, "%s: builds (%d octets)", c->name, len))
		goto out;
	r = parse_exact(msg, len, m, &keep);
	failed_check = "header";
	if (!tap_result(r == 0 && m->type == c->type &&
			m->pdu_type == c->pdu_type &&
			m->procedure == c->procedure && m->diag.n_ies == 0 &&
			m->n_missing == 0 && c->check(m),
			"%s: parses back to every field built in (%s)",
			c->name, s1ap_msg_type_name(c->type)))
		tap_diag("parse %s, type %s, failed: %s", err_name(r),
			 s1ap_msg_type_name(m->type), failed_check);
	len2 = s1ap_build_message(again, sizeof(again), m);
	tap_result(len2 == len && !memcmp(again, msg, len),
		   "%s: the parsed message builds to the same %d octets",
		   c->name, len);
out:
	free(keep);
	free(m);
}

/* Every proper prefix is -EBADMSG; so is every inner cut (the PDU length
 * mended to the shorter value, so only an inner length overruns).
 */
static void test_truncations(const struct codec_case *c)
{
	static uint8_t msg[MSG_MAX], cut[MSG_MAX];
	struct s1ap_message *m = malloc(sizeof(*m));
	int len, n, bad_prefix = 0, bad_cut = 0, first_prefix = -1;
	int first_cut = -1, r;
	size_t hdr;

	if (!m)
		abort();
	len = c->build(msg, sizeof(msg));
	if (len <= 0)
		abort();
	for (n = 0; n < len; n++) {
		r = parse_exact(msg, n, m, NULL);
		if (r != -EBADMSG && !bad_prefix++)
			first_prefix = n;
	}
	hdr = msg[3] & 0x80 ? 5 : 4;
	for (n = (int)hdr + 1; n < len; n++) {
		size_t v = n - hdr, o = 0;

		/* Header: type, procedure, criticality, a new length. */
		memcpy(cut, msg, 3);
		o = 3;
		if (v < 128) {
			cut[o++] = v;
		} else {
			cut[o++] = 0x80 | v >> 8;
			cut[o++] = v & 0xff;
		}
		memcpy(cut + o, msg + hdr, v);
		r = parse_exact(cut, o + v, m, NULL);
		if (r != -EBADMSG && !bad_cut++)
			first_cut = n;
	}
	if (!tap_result(!bad_prefix, "%s: all %d truncations are -EBADMSG",
			c->name, len))
		tap_diag("first at %d octets", first_prefix);
	if (!tap_result(!bad_cut,
			"%s: every inner cut (PDU length mended) is -EBADMSG",
			c->name))
		tap_diag("%d cuts, the first at %d octets", bad_cut,
			 first_cut);
	free(m);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/*
 * Random corruption: any result is one of the documented ones, and on
 * success what points into the message stays inside it and rebuilding
 * then parsing again is stable.
 */
static void test_corruption(const struct codec_case *c)
{
	static uint8_t msg[MSG_MAX], mut[MSG_MAX], b1[MSG_MAX], b2[MSG_MAX];
	struct s1ap_message *m = malloc(sizeof(*m)), *m2 = malloc(sizeof(*m2));
	int counts[6] = { 0 }, bad = 0, len, n, k, r, l1, l2;
	size_t mlen;

	if (!m || !m2)
		abort();
	len = c->build(msg, sizeof(msg));
	for (n = 0; n < 2000; n++) {
		mlen = len;
		memcpy(mut, msg, mlen);
		for (k = 1 + rng() % 3; k; k--)
			mut[rng() % mlen] ^= 1u << (rng() % 8);
		r = s1ap_parse(mut, mlen, m);
		switch (r) {
		case 0: counts[0]++; break;
		case -EBADMSG: counts[1]++; break;
		case -ERANGE: counts[2]++; break;
		case -EPROTO: counts[3]++; break;
		case -ENOENT: counts[4]++; break;
		case -ENOMSG: counts[5]++; break;
		default:
			if (!bad++)
				tap_diag("mutation %d: %d", n, r);
		}
		if (r)
			continue;
		l1 = s1ap_build_message(b1, sizeof(b1), m);
		if (l1 <= 0)
			continue;	/* e.g. a missing ignorable IE */
		r = s1ap_parse(b1, l1, m2);
		l2 = r ? r : s1ap_build_message(b2, sizeof(b2), m2);
		if ((r || l2 != l1 || memcmp(b1, b2, l1)) && !bad++)
			tap_diag("mutation %d: rebuild not stable (%s)", n,
				 err_name(r));
	}
	tap_result(!bad, "%s: 2000 bit flips give documented results (ok %d, badmsg %d, range %d, proto %d, noent %d, nomsg %d)",
		   c->name, counts[0], counts[1], counts[2], counts[3],
		   counts[4], counts[5]);
	free(m);
	free(m2);
}

/* ------------------------------------------------------------------ */
/* Hand-made PDUs                                                      */

#define MME_ID(hex)	{ S1AP_IE_MME_UE_S1AP_ID, 0, hex }
#define ENB_ID(hex)	{ S1AP_IE_ENB_UE_S1AP_ID, 0, hex }
#define NAS(hex)	{ S1AP_IE_NAS_PDU, 0, hex }
#define TAI(hex)	{ S1AP_IE_TAI, 1, hex }
#define ECGI(hex)	{ S1AP_IE_EUTRAN_CGI, 1, hex }
/* Global eNB ID macro 0x0019b of 00101; one TA 0x3039 of 00101. */
#define GENB		{ S1AP_IE_GLOBAL_ENB_ID, 0, "0000f110000019b0" }
#define TAS		{ S1AP_IE_SUPPORTED_TAS, 0, "000c0e4000f110" }
#define TAI_OK		TAI("0000f1103039")
#define ECGI_OK		ECGI("0000f1101079baf0")
/* ICS E-RAB list item, with an item id and the item's own encoding. */
#define ICS_ITEM	"4500093c0f80c0a80302b7361c5602075d"

struct raw_case {
	const char *name;
	uint8_t pdu_type, procedure, seq_octet;
	struct s1ap_raw_ie ies[7];
	size_t n;
	const char *tail;
	int status;
	/* the IE Criticality Diagnostics must name, 0xffff: none */
	uint16_t diag_ie;
	uint8_t diag_crit, diag_type;
	uint16_t missing;	/* an ignorable missing IE, 0: none (MME id is
				 * never the one tested) */
};

#define NO_DIAG		0xffff, 0, 0
#define DIAG(id, crit, type)	id, crit, type

static const struct raw_case raw_cases[] = {
	/* Well formed, with what the parser must skip. */
	{ "uplink NAS Transport as an eNB sends it", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d"), ECGI_OK, TAI_OK },
	  5, NULL, 0, NO_DIAG, 0 },
	{ "an unknown IE of criticality ignore is skipped", 0, 13, 0,
	  { { 4711, 1, "aabbcc" }, MME_ID("0005"), ENB_ID("0001"),
	    NAS("02075d"), ECGI_OK, TAI_OK }, 6, NULL, 0, NO_DIAG, 0 },
	{ "an unknown IE of criticality notify is skipped and reported",
	  0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d"), ECGI_OK, TAI_OK,
	    { 4712, 2, "00" } }, 6, NULL, 0,
	  DIAG(4712, S1AP_CRIT_NOTIFY, S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "message extension additions are skipped", 0, 13, 0x80,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d"), ECGI_OK, TAI_OK },
	  5, "01" "0100", 0, NO_DIAG, 0 },
	{ "a missing TAI (mandatory, ignore) is named, not fatal", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d"), ECGI_OK }, 4, NULL,
	  0, NO_DIAG, S1AP_IE_TAI },
	{ "Error Indication without any IE", 0, 15, 0, { { 0 } }, 0, NULL, 0,
	  NO_DIAG, 0 },
	{ "a NAS-PDU with a two-octet length under 128", 0, 11, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("8002075d") }, 3, NULL, 0,
	  NO_DIAG, 0 },
	{ "a TAI with an extension container and an addition", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d"), ECGI_OK,
	    TAI("c000f1103039" "0000" "0000" "40" "0100" "01" "0100") }, 5, NULL, 0, NO_DIAG,
	  0 },
	{ "a CSG-Id (known, criticality reject) is skipped", 0, 12, 0,
	  { ENB_ID("0001"), NAS("02075d"), TAI_OK, ECGI_OK, { 134, 1, "30" },
	    { 127, 0, "00000010" } }, 6, NULL, 0, NO_DIAG, 0 },
	{ "an ICS Response item of an unknown id, ignore, is skipped", 1, 9,
	  0,
	  { { 0, 1, "0064" }, { 8, 1, "0001" },
	    { 51, 1, "01" "111140" "01" "00"
		     "003240" "0a" "0a1f0a000001" "11223344" } }, 3, NULL, 0,
	  NO_DIAG, 0 },
	{ "an ICS Failure without eNB-UE-S1AP-ID (mandatory, ignore)", 2, 9,
	  0, { { 0, 1, "0064" }, { S1AP_IE_CAUSE, 1, "0000" } }, 2, NULL, 0,
	  NO_DIAG, S1AP_IE_ENB_UE_S1AP_ID },
	/* Reported so the daemon can answer (TS 36.413 10.3.4, 10.3.5). */
	{ "an unknown IE of criticality reject", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d"), ECGI_OK, TAI_OK,
	    { 4713, 0, "00" } }, 6, NULL, -EPROTO,
	  DIAG(4713, S1AP_CRIT_REJECT, S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "a missing NAS-PDU (mandatory, reject)", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), ECGI_OK, TAI_OK }, 4, NULL,
	  -ENOENT, DIAG(S1AP_IE_NAS_PDU, S1AP_CRIT_REJECT, S1AP_ERROR_MISSING),
	  0 },
	{ "a missing eNB-UE-S1AP-ID in an Initial UE Message", 0, 12, 0,
	  { NAS("02075d"), TAI_OK, ECGI_OK, { 134, 1, "30" } }, 4, NULL,
	  -ENOENT, DIAG(S1AP_IE_ENB_UE_S1AP_ID, S1AP_CRIT_REJECT,
			S1AP_ERROR_MISSING), 0 },
	{ "an ICS item of an unknown id with criticality reject", 0, 9, 0,
	  { MME_ID("0064"), ENB_ID("0001"), { 66, 0, "183b9aca00603b9aca00" },
	    { 24, 0, "01" "003400" "11" ICS_ITEM "1111000100" },
	    { 107, 0, "1800000000" },
	    { 73, 0, "0000000000000000000000000000000000000000000000000000000000000000" } },
	  6, NULL, -EPROTO, DIAG(4369, S1AP_CRIT_REJECT,
				 S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "a TAI extension field of criticality reject", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d"), ECGI_OK,
	    TAI("4000f1103039" "0000" "1234" "00" "0100") }, 5, NULL, -EPROTO,
	  DIAG(0x1234, S1AP_CRIT_REJECT, S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "an ICS item extension field of criticality notify", 1, 9, 0,
	  { { 0, 1, "0064" }, { 8, 1, "0001" },
	    { 51, 1, "00" "003240" "11" "4a1f0a000001" "11223344"
		     "0000" "4321" "80" "0100" } }, 3, NULL, 0,
	  DIAG(0x4321, S1AP_CRIT_NOTIFY, S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	/* Values outside their range: -ERANGE, the IE named. */
	{ "Paging DRX extension value none knows", 0, 17, 0,
	  { GENB, TAS, { S1AP_IE_DEFAULT_PAGING_DRX, 1, "80" } }, 3, NULL,
	  -ERANGE, DIAG(S1AP_IE_DEFAULT_PAGING_DRX, S1AP_CRIT_IGNORE,
			S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "RRC establishment cause extension 3 (only 0..2 known)", 0, 12, 0,
	  { ENB_ID("0001"), NAS("02075d"), TAI_OK, ECGI_OK, { 134, 1, "8c" } },
	  5, NULL, -ERANGE, DIAG(134, S1AP_CRIT_IGNORE,
				 S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "Cause group 5", 0, 18, 0,
	  { MME_ID("0005"), ENB_ID("0001"), { S1AP_IE_CAUSE, 1, "5000" } }, 3,
	  NULL, -ERANGE, DIAG(S1AP_IE_CAUSE, S1AP_CRIT_IGNORE,
			      S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "Cause protocol value 7 in a root of 7", 0, 18, 0,
	  { MME_ID("0005"), ENB_ID("0001"), { S1AP_IE_CAUSE, 1, "37" } }, 3,
	  NULL, -ERANGE, DIAG(S1AP_IE_CAUSE, S1AP_CRIT_IGNORE,
			      S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "Cause nas extension value 2 (0..1 known)", 0, 18, 0,
	  { MME_ID("0005"), ENB_ID("0001"), { S1AP_IE_CAUSE, 1, "2820" } }, 3,
	  NULL, -ERANGE, DIAG(S1AP_IE_CAUSE, S1AP_CRIT_IGNORE,
			      S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "a short macro eNB ID (a later CHOICE alternative)", 0, 17, 0,
	  { { S1AP_IE_GLOBAL_ENB_ID, 0, "0000f11080000000" }, TAS,
	    { S1AP_IE_DEFAULT_PAGING_DRX, 1, "00" } }, 3, NULL, -ERANGE,
	  DIAG(S1AP_IE_GLOBAL_ENB_ID, S1AP_CRIT_REJECT,
	       S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "an eNB name with a '*'", 0, 17, 0,
	  { GENB, { S1AP_IE_ENB_NAME, 1, "01006e2a78" }, TAS,
	    { S1AP_IE_DEFAULT_PAGING_DRX, 1, "00" } }, 4, NULL, -ERANGE,
	  DIAG(S1AP_IE_ENB_NAME, S1AP_CRIT_IGNORE, S1AP_ERROR_NOT_UNDERSTOOD),
	  0 },
	{ "an S1 transport address of 24 bits", 1, 9, 0,
	  { { 0, 1, "0064" }, { 8, 1, "0001" },
	    { 51, 1, "00" "003240" "09" "0a170a0001" "11223344" } }, 3, NULL,
	  -ERANGE, DIAG(51, S1AP_CRIT_IGNORE, S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "an E-RAB ID beyond 15 (extension)", 1, 9, 0,
	  { { 0, 1, "0064" }, { 8, 1, "0001" },
	    { 51, 1, "00" "003240" "0d" "2001100f80" "0a000001" "11223344" } },
	  3, NULL, -ERANGE, DIAG(51, S1AP_CRIT_IGNORE,
				 S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "a TimeToWait of 7 (root 0..5)", 2, 17, 0,
	  { { S1AP_IE_CAUSE, 1, "8a" }, { S1AP_IE_TIME_TO_WAIT, 1, "70" } }, 2,
	  NULL, -ERANGE, DIAG(S1AP_IE_TIME_TO_WAIT, S1AP_CRIT_IGNORE,
			      S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	{ "33 Supported TAs (storage holds 32)", 0, 17, 0,
	  { GENB, { S1AP_IE_SUPPORTED_TAS, 0, "20" },
	    { S1AP_IE_DEFAULT_PAGING_DRX, 1, "00" } }, 3, NULL, -ERANGE,
	  DIAG(S1AP_IE_SUPPORTED_TAS, S1AP_CRIT_REJECT,
	       S1AP_ERROR_NOT_UNDERSTOOD), 0 },
	/* Malformed: -EBADMSG. */
	{ "a repeated MME-UE-S1AP-ID", 0, 13, 0,
	  { MME_ID("0005"), MME_ID("0006"), ENB_ID("0001"), NAS("02075d") },
	  4, NULL, -EBADMSG, NO_DIAG, 0 },
	{ "an empty NAS-PDU", 0, 11, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("00") }, 3, NULL, -EBADMSG,
	  NO_DIAG, 0 },
	{ "a NAS-PDU longer than its IE", 0, 11, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("03075d") }, 3, NULL,
	  -EBADMSG, NO_DIAG, 0 },
	{ "a NAS-PDU length beyond the buffer (16383)", 0, 11, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("bfff075d") }, 3, NULL,
	  -EBADMSG, NO_DIAG, 0 },
	{ "a fragmented NAS-PDU length", 0, 11, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("c1075d") }, 3, NULL,
	  -EBADMSG, NO_DIAG, 0 },
	{ "an MME-UE-S1AP-ID with a stray octet", 0, 11, 0,
	  { MME_ID("000500"), ENB_ID("0001"), NAS("02075d") }, 3, NULL,
	  -EBADMSG, NO_DIAG, 0 },
	{ "an eNB-UE-S1AP-ID of four octets", 0, 11, 0,
	  { MME_ID("0005"), ENB_ID("c001020304"), NAS("02075d") }, 3, NULL,
	  -EBADMSG, NO_DIAG, 0 },
	{ "an IE of criticality 3", 0, 11, 0,
	  { MME_ID("0005"), { 8, 3, "0001" }, NAS("02075d") }, 3, NULL,
	  -EBADMSG, NO_DIAG, 0 },
	{ "an empty open type", 0, 11, 0,
	  { MME_ID("0005"), ENB_ID(""), NAS("02075d") }, 3, NULL, -EBADMSG,
	  NO_DIAG, 0 },
	{ "an ICS list counting two items, holding one", 1, 9, 0,
	  { { 0, 1, "0064" }, { 8, 1, "0001" },
	    { 51, 1, "01" "003240" "0a" "0a1f0a000001" "11223344" } }, 3, NULL,
	  -EBADMSG, NO_DIAG, 0 },
	/* Procedures this codec does not handle. */
	{ "Paging (10)", 0, 10, 0, { { 0 } }, 0, NULL, -ENOMSG, NO_DIAG, 0 },
	{ "a procedure code of 200", 0, 200, 0, { { 0 } }, 0, NULL, -ENOMSG,
	  NO_DIAG, 0 },
	{ "an unsuccessful outcome of Initial UE Message", 2, 12, 0,
	  { { 0 } }, 0, NULL, -ENOMSG, NO_DIAG, 0 },
};

static bool diag_names(const struct s1ap_message *m, const struct raw_case *c)
{
	unsigned int i;

	if (c->diag_ie == 0xffff)
		return c->status || m->diag.n_ies == 0;
	if (!m->diag.has_procedure_code ||
	    m->diag.procedure_code != c->procedure ||
	    !m->diag.has_triggering_message ||
	    m->diag.triggering_message != c->pdu_type)
		return false;
	for (i = 0; i < m->diag.n_ies; i++)
		if (m->diag.ies[i].ie_id == c->diag_ie &&
		    m->diag.ies[i].criticality == c->diag_crit &&
		    m->diag.ies[i].type_of_error == c->diag_type)
			return true;
	return false;
}

static void test_raw_cases(void)
{
	static uint8_t msg[MSG_MAX];
	struct s1ap_message *m = malloc(sizeof(*m));
	size_t i, len;
	int r;

	if (!m)
		abort();
	for (i = 0; i < sizeof(raw_cases) / sizeof(raw_cases[0]); i++) {
		const struct raw_case *c = &raw_cases[i];
		bool ok;

		len = s1ap_raw_assemble(msg, sizeof(msg), c->pdu_type, c->procedure,
					c->seq_octet, c->ies, c->n, -1, c->tail);
		r = parse_exact(msg, len, m, NULL);
		ok = r == c->status && diag_names(m, c) &&
		     (!c->missing || s1ap_message_missing(m, c->missing)) &&
		     (c->missing || !m->n_missing || r);
		if (!tap_result(ok, "raw: %s -> %s", c->name,
				err_name(c->status)))
			tap_diag("got %s, diag ies %u (first %u/%u/%u), missing %u",
				 err_name(r), m->diag.n_ies,
				 m->diag.ies[0].ie_id,
				 m->diag.ies[0].criticality,
				 m->diag.ies[0].type_of_error, m->n_missing);
	}
	free(m);
}

/* Header faults on a valid Downlink NAS Transport. */
static void test_header_faults(void)
{
	static uint8_t msg[MSG_MAX], bad[MSG_MAX + 1];
	struct s1ap_message *m = malloc(sizeof(*m));
	int len, r;

	if (!m)
		abort();
	len = b_downlink(msg, sizeof(msg));
	memcpy(bad, msg, len);
	bad[0] = 0x60;
	r = parse_exact(bad, len, m, NULL);
	tap_result(r == -EBADMSG, "header: S1AP-PDU choice 3 is -EBADMSG (%s)",
		   err_name(r));
	bad[0] = 0x80;
	r = parse_exact(bad, len, m, NULL);
	tap_result(r == -ENOMSG,
		   "header: an S1AP-PDU extension alternative is -ENOMSG (%s)",
		   err_name(r));
	memcpy(bad, msg, len);
	bad[2] = 0xc0;
	r = parse_exact(bad, len, m, NULL);
	tap_result(r == -EBADMSG,
		   "header: procedure criticality 3 is -EBADMSG (%s)",
		   err_name(r));
	memcpy(bad, msg, len);
	bad[len] = 0;
	r = parse_exact(bad, len + 1, m, NULL);
	tap_result(r == -EBADMSG,
		   "header: an octet after the PDU is -EBADMSG (%s)",
		   err_name(r));
	memcpy(bad, msg, len);
	bad[3] = 0xc1;
	r = parse_exact(bad, len, m, NULL);
	tap_result(r == -EBADMSG,
		   "header: a fragmented PDU length is -EBADMSG (%s)",
		   err_name(r));
	r = parse_exact(msg, 0, m, NULL);
	tap_result(r == -EBADMSG, "header: an empty buffer is -EBADMSG");
	free(m);
}

/* What the daemon reports for each result (TS 36.413 10.2, 10.3). */
static void test_parse_cause(void)
{
	static const struct {
		int err;
		uint8_t criticality, n_ies;
		int report;
		uint8_t value;
	} map[] = {
		{ 0, 0, 0, 0, 0 },
		{ 0, 0, 1, 1, S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_IGNORE_NOTIFY },
		{ -EBADMSG, 0, 0, 1, S1AP_CAUSE_PROTOCOL_TRANSFER_SYNTAX_ERROR },
		{ -ERANGE, 0, 1, 1, S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT },
		{ -EPROTO, 0, 1, 1, S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT },
		{ -ENOENT, 0, 1, 1, S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT },
		{ -ENOMSG, S1AP_CRIT_REJECT, 0, 1,
		  S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_REJECT },
		{ -ENOMSG, S1AP_CRIT_IGNORE, 0, 0, 0 },
		{ -ENOMSG, S1AP_CRIT_NOTIFY, 0, 1,
		  S1AP_CAUSE_PROTOCOL_ABSTRACT_SYNTAX_ERROR_IGNORE_NOTIFY },
	};
	struct s1ap_message *m = calloc(1, sizeof(*m));
	struct s1ap_cause cause;
	size_t i;
	int bad = 0, r;

	if (!m)
		abort();
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		m->criticality = map[i].criticality;
		m->diag.n_ies = map[i].n_ies;
		cause.group = 0xff;
		r = s1ap_parse_cause(map[i].err, m, &cause);
		if (r != map[i].report ||
		    (r && (cause.group != S1AP_CAUSE_PROTOCOL ||
			   cause.value != map[i].value)))
			bad++;
	}
	tap_result(!bad, "cause: each parse result maps to the TS 36.413 10.3 report");
	free(m);
}

/* ------------------------------------------------------------------ */
/* S1AP captured on real networks (facts: eNB/MME traffic kept in the   */
/* open5gs and srsRAN test suites and in a public S1AP fuzzing harness); */
/* values read off the bytes by hand and confirmed with tshark 4.0.     */

struct capture {
	const char *name;
	const char *hex;
	unsigned int type;
	bool rebuilds;		/* the builder reproduces it octet for octet */
	bool (*check)(const struct s1ap_message *m, const uint8_t *msg);
};

/* S1 Setup Request of a home eNB "JLT-621" (open5gs s1ap test). */
static bool cap_setup_jlt(const struct s1ap_message *m, const uint8_t *msg)
{
	const struct s1ap_s1_setup_request *s = &m->u.s1_setup_request;

	(void)msg;
	CHECK(plmn_eq(&s->plmn, &plmn_00101));
	CHECK(s->home_enb && s->enb_id == 0x54f6401);
	CHECK(s->enb_name && !strcmp(s->enb_name, "JLT-621"));
	CHECK(s->n_tas == 1 && s->tas[0].tac == 12345);
	CHECK(s->tas[0].n_bplmns == 1 &&
	      plmn_eq(&s->tas[0].bplmns[0], &plmn_00101));
	CHECK(s->paging_drx == S1AP_PAGING_DRX_32);
	return true;
}

/* S1 Setup Request of srsENB "srsenb01", MCC 315 MNC 010. */
static bool cap_setup_srs(const struct s1ap_message *m, const uint8_t *msg)
{
	static const struct s1ap_plmn p = { { 0x13, 0x05, 0x01 } };
	const struct s1ap_s1_setup_request *s = &m->u.s1_setup_request;

	(void)msg;
	CHECK(plmn_eq(&s->plmn, &p));
	CHECK(!s->home_enb && s->enb_id == 0x19b);
	CHECK(s->enb_name && !strcmp(s->enb_name, "srsenb01"));
	CHECK(s->n_tas == 1 && s->tas[0].tac == 7);
	CHECK(s->tas[0].n_bplmns == 1 && plmn_eq(&s->tas[0].bplmns[0], &p));
	CHECK(s->paging_drx == S1AP_PAGING_DRX_128);
	return true;
}

/* Initial UE Message with an Attach Request and a GUMMEI (open5gs). */
static bool cap_initial_gummei(const struct s1ap_message *m,
			       const uint8_t *msg)
{
	const struct s1ap_initial_ue_message *u = &m->u.initial_ue;

	CHECK(u->enb_ue_id == 1);
	CHECK(u->nas.len == 59 && u->nas.data == msg + 18);
	CHECK(u->nas.data[0] == 0x17 && u->nas.data[7] == 0x41);
	CHECK(plmn_eq(&u->tai.plmn, &plmn_00101) && u->tai.tac == 12345);
	CHECK(u->ecgi.cell_id == 0x8c33782);
	CHECK(u->rrc_cause == S1AP_RRC_MO_SIGNALLING && !u->has_s_tmsi);
	CHECK(u->has_gummei && plmn_eq(&u->gummei.plmn, &plmn_00101));
	CHECK(u->gummei.mme_group_id == 2 && u->gummei.mme_code == 1);
	return true;
}

/* Initial Context Setup Response, one E-RAB (open5gs). */
static bool cap_ics_rsp(const struct s1ap_message *m, const uint8_t *msg)
{
	static const uint8_t a[] = { 10, 1, 35, 198 };
	const struct s1ap_initial_context_setup_response *r =
		&m->u.ics_response;

	(void)msg;
	CHECK(r->ids.mme_ue_id == 0x020000bf && r->ids.enb_ue_id == 1);
	CHECK(r->n_erabs == 1 && r->erabs[0].erab_id == 5);
	CHECK(r->erabs[0].enb_address.len == 4 &&
	      !memcmp(r->erabs[0].enb_address.octets, a, 4));
	CHECK(r->erabs[0].enb_teid == 0x01000908 && r->n_failed == 0);
	return true;
}

/* Initial UE Message: Attach Request, PDN Connectivity (open5gs). */
static bool cap_initial_attach(const struct s1ap_message *m,
			       const uint8_t *msg)
{
	const struct s1ap_initial_ue_message *u = &m->u.initial_ue;

	CHECK(u->enb_ue_id == 1 && u->nas.len == 47 &&
	      u->nas.data == msg + 18);
	CHECK(u->tai.tac == 0x3039 && u->ecgi.cell_id == 0x1079baf);
	CHECK(u->rrc_cause == S1AP_RRC_MO_SIGNALLING);
	return true;
}

/* Uplink NAS Transport: Security Mode Complete (open5gs). */
static bool cap_uplink_smc(const struct s1ap_message *m, const uint8_t *msg)
{
	const struct s1ap_uplink_nas_transport *u = &m->u.uplink_nas;

	CHECK(u->ids.mme_ue_id == 0x0100009d && u->ids.enb_ue_id == 1);
	CHECK(u->nas.data == msg + 27 && nas_eq(&u->nas, nas_smc_complete, 8));
	CHECK(u->ecgi.cell_id == 0x1079baf && u->tai.tac == 0x5ba0);
	return true;
}

/* Uplink NAS Transport from an eNB with 3-octet eNB-UE-S1AP-IDs. */
static bool cap_uplink_3(const struct s1ap_message *m, const uint8_t *msg)
{
	const struct s1ap_uplink_nas_transport *u = &m->u.uplink_nas;

	CHECK(u->ids.mme_ue_id == 248 && u->ids.enb_ue_id == 0x03e993);
	CHECK(u->nas.len == 17 && u->nas.data == msg + 26);
	return true;
}

/* Initial Context Setup Request from an MME (srsRAN RRC test). */
static bool cap_ics_req(const struct s1ap_message *m, const uint8_t *msg)
{
	static const uint8_t a[] = { 10, 0, 33, 240 };
	const struct s1ap_initial_context_setup_request *r = &m->u.ics_request;

	CHECK(r->ids.mme_ue_id == 100 && r->ids.enb_ue_id == 1);
	CHECK(r->ue_ambr_dl == 1000000000 && r->ue_ambr_ul == 1000000000);
	CHECK(r->n_erabs == 1 && r->erabs[0].erab_id == 5);
	CHECK(r->erabs[0].qos.qci == 9 && r->erabs[0].qos.priority_level == 15);
	CHECK(!r->erabs[0].qos.gbr);
	CHECK(r->erabs[0].sgw_address.len == 4 &&
	      !memcmp(r->erabs[0].sgw_address.octets, a, 4));
	CHECK(r->erabs[0].sgw_teid == 0xb7361c56);
	CHECK(r->erabs[0].nas.len == 100 && r->erabs[0].nas.data == msg + 58);
	CHECK(r->eea_caps == 0xc000 && r->eia_caps == 0xc000);
	CHECK(!memcmp(r->kenb, kenb, 32));
	return true;
}

/* Initial Context Setup Failure, cause radioNetwork unspecified. */
static bool cap_ics_fail(const struct s1ap_message *m, const uint8_t *msg)
{
	const struct s1ap_initial_context_setup_failure *f = &m->u.ics_failure;

	(void)msg;
	CHECK(f->ids.mme_ue_id == 2 && f->ids.enb_ue_id == 1);
	CHECK(f->cause.group == S1AP_CAUSE_RADIO_NETWORK &&
	      f->cause.value == 0 && !f->diag);
	return true;
}

/* UE Capability Info Indication (open5gs). */
static bool cap_ue_cap(const struct s1ap_message *m, const uint8_t *msg)
{
	const struct s1ap_ue_capability_info_indication *u =
		&m->u.ue_capability;

	CHECK(u->ids.mme_ue_id == 0x0100009d && u->ids.enb_ue_id == 1);
	CHECK(u->radio_capability_len == 131);
	CHECK(u->radio_capability == msg + 30);
	CHECK(u->radio_capability[0] == 0x04 && u->radio_capability[3] == 0x03);
	return true;
}

static const struct capture captures[] = {
	{ "open5gs S1 Setup Request (home eNB JLT-621)",
	  "0011002d000004003b00090000f1104054f64010003c400903004a4c542d3632"
	  "3100400007000c0e4000f1100089400100",
	  S1AP_MSG_S1_SETUP_REQUEST, true, cap_setup_jlt },
	{ "srsENB S1 Setup Request (srsenb01)",
	  "0011002d000004003b0008001305010000 19b0003c400a0380737273656e6230"
	  "3100400007000001c01305010089400140",
	  S1AP_MSG_S1_SETUP_REQUEST, true, cap_setup_srs },
	{ "open5gs Initial UE Message with GUMMEI",
	  "000c406f000006000800020001001a003c3b17df675aa8050741020bf600f110"
	  "000201030003e605f07000001000050215d011d15200f11030395c0a003103e5"
	  "e0349011035758a65d0100e0c1004300060000f1103039006440080000f1108c"
	  "3378200086400130004b00070000f110000201",
	  S1AP_MSG_INITIAL_UE_MESSAGE, true, cap_initial_gummei },
	{ "open5gs Initial Context Setup Response",
	  "2009002500000300004005c0020000bf0008400200010033400f000032400a0a"
	  "1f0a0123c601000908",
	  S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE, true, cap_ics_rsp },
	{ "open5gs Initial UE Message (attach)",
	  "000c4058000005000800020001001a00302f177ca0b388020741020809101010"
	  "3254869104e060c04000050221d031d15c0a003103e5e0349011035758a65d01"
	  "00004300060000f11030390064400800 00f1101079baf00086400130",
	  S1AP_MSG_INITIAL_UE_MESSAGE, true, cap_initial_attach },
	{ "open5gs Uplink NAS Transport (SMC complete)",
	  "000d403500000500000005c00100009d000800020001001a000908476b8f5f64"
	  "00075e006440080000f1101079baf0004340060000f1105ba0",
	  S1AP_MSG_UPLINK_NAS_TRANSPORT, true, cap_uplink_smc },
	{ "Uplink NAS Transport with a 3-octet eNB-UE-S1AP-ID",
	  "000d403d0000050000000200f80008000 48003e993001a00121117c651b5f907"
	  "07560879421200000000300064400800 27f4120006402000434006 0027f41230"
	  "39",
	  S1AP_MSG_UPLINK_NAS_TRANSPORT, false, cap_uplink_3 },
	{ "srsRAN Initial Context Setup Request",
	  "00090080c60000060000000200640008000200010042000a183b9aca00603b9a"
	  "ca000018007800003400734500093c0f800a0021f0b7361c5664273e5b04b702"
	  "0742023e060009f107000700375266c101091b0774657374313233066d6e6330"
	  "3730066d636339303104677072730501c0a80302270e8080210a0300000a8106"
	  "0808080850 0bf609f107800101f67e72691309f10700012305f4f67e7269006b"
	  "000518000c0000004900204525e49a77c8d5cf263363eb5bb9c3439b9eb3861f"
	  "a8a7cf435407ae422b63b9",
	  S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST, true, cap_ics_req },
	{ "Initial Context Setup Failure",
	  "400900150000030000400200020008400200010002400200 00",
	  S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE, true, cap_ics_fail },
	{ "open5gs UE Capability Info Indication",
	  "001640809c000003000000 05c00100009d0008000200 01004a408085808304"
	  "040003 04ec598007000820 81839b4e1e3ff8fff1ffc7ff8ffe3ffc7ff1ffe3"
	  "ff8fff1ffc7ff8ffe3ffc7ff1ffdfd3ffa7a2060090e194e9525c8c2fd800000"
	  "00e03fe7ff5f60000000384fe9ffd3d8000000021033035758a66014042f6513"
	  "b8800d2f0831c1a53432b259ef989007000cdd9c6331200e0019a332c662401c"
	  "003200",
	  S1AP_MSG_UE_CAPABILITY_INFO_INDICATION, true, cap_ue_cap },
};

#define N_CAPTURES (sizeof(captures) / sizeof(captures[0]))

static void test_capture(const struct capture *c)
{
	static uint8_t msg[MSG_MAX], again[MSG_MAX];
	struct s1ap_message *m = malloc(sizeof(*m));
	long len = hex_parse(c->hex, msg, sizeof(msg));
	uint8_t *keep = NULL;
	int r, len2;

	if (!m)
		abort();
	if (!tap_result(len > 0, "capture: %s: hex parses (%ld octets)",
			c->name, len))
		goto out;
	r = parse_exact(msg, len, m, &keep);
	failed_check = "header";
	if (!tap_result(r == 0 && m->type == c->type && m->diag.n_ies == 0 &&
			c->check(m, keep),
			"capture: %s: decodes to the captured fields", c->name))
		tap_diag("parse %s, type %s, failed: %s", err_name(r),
			 s1ap_msg_type_name(m->type), failed_check);
	if (c->rebuilds) {
		len2 = s1ap_build_message(again, sizeof(again), m);
		tap_result(len2 == len && !memcmp(again, msg, len),
			   "capture: %s: builds again to the same %ld octets",
			   c->name, len);
	}
out:
	free(keep);
	free(m);
}

/* ------------------------------------------------------------------ */
/* Builder checks for the new builders                                 */

static void test_builder_errors(void)
{
	static uint8_t buf[MSG_MAX];
	struct s1ap_s1_setup_failure sf = setup_fail;
	struct s1ap_crit_diag d = diag_two;
	struct s1ap_error_indication ei = err_ind;
	struct s1ap_reset rs = reset_part;
	struct s1ap_ue_capability_info_indication uc = ue_cap;
	struct s1ap_initial_context_setup_request ir = ics_req;
	struct s1ap_erab e = ics_erab;

	sf.time_to_wait = 6;
	tap_result(s1ap_build_s1_setup_failure(buf, sizeof(buf), &sf) ==
		   -EINVAL, "builder: TimeToWait 6 is -EINVAL");
	d.n_ies = S1AP_CRIT_DIAG_MAX_IES + 1;
	ei.diag = &d;
	tap_result(s1ap_build_error_indication(buf, sizeof(buf), &ei) ==
		   -EINVAL, "builder: too many diagnostics IEs is -EINVAL");
	d = diag_two;
	d.ies[1].type_of_error = 2;
	tap_result(s1ap_build_error_indication(buf, sizeof(buf), &ei) ==
		   -EINVAL, "builder: typeOfError 2 is -EINVAL");
	rs.n_conns = 0;
	tap_result(s1ap_build_reset(buf, sizeof(buf), &rs) == -EINVAL,
		   "builder: a partial Reset of no connection is -EINVAL");
	uc.radio_capability_len = 0;
	tap_result(s1ap_build_ue_capability_info_indication(buf, sizeof(buf),
							    &uc) == -EINVAL,
		   "builder: an empty UE radio capability is -EINVAL");
	e.sgw_address.len = 8;
	ir.erabs = &e;
	tap_result(s1ap_build_initial_context_setup_request(buf, sizeof(buf),
							    &ir, NULL) ==
		   -EINVAL,
		   "builder: a 64-bit transport address is -EINVAL (TS 36.414 5.1)");
	tap_result(s1ap_build_reset(buf, 10, &reset_part) == -ENOSPC,
		   "builder: a Reset into 10 octets is -ENOSPC");
}

/* A Supported TAs list of 32 fits the storage, 33 is -ERANGE. */
static void test_storage_limits(void)
{
	static uint8_t buf[MSG_MAX];
	static struct s1ap_supported_ta many[S1AP_PARSE_MAX_TAS + 1];
	struct s1ap_s1_setup_request r = setup_req;
	struct s1ap_message *m = malloc(sizeof(*m));
	size_t i;
	int len, a, b;

	if (!m)
		abort();
	for (i = 0; i <= S1AP_PARSE_MAX_TAS; i++)
		many[i] = (struct s1ap_supported_ta){ (uint16_t)i, bplmns, 2 };
	r.tas = many;
	r.n_tas = S1AP_PARSE_MAX_TAS;
	len = s1ap_build_s1_setup_request(buf, sizeof(buf), &r);
	a = parse_exact(buf, len, m, NULL);
	r.n_tas++;
	len = s1ap_build_s1_setup_request(buf, sizeof(buf), &r);
	b = parse_exact(buf, len, m, NULL);
	tap_result(a == 0 && b == -ERANGE && m->diag.n_ies == 1 &&
		   m->diag.ies[0].ie_id == S1AP_IE_SUPPORTED_TAS,
		   "limits: 32 Supported TAs parse, 33 are -ERANGE naming the IE (%s, %s)",
		   err_name(a), err_name(b));
	free(m);
}

/* ------------------------------------------------------------------ */
/* Dump for the tshark cross-check                                     */

/* The ids and the first NAS-PDU of a message, as tshark and the kernel's
 * walker show them first.
 */
struct ue_view {
	bool has_mme, has_enb;
	uint32_t mme, enb;
	const struct s1ap_nas *nas;
};

static void ids_view(struct ue_view *v, const struct s1ap_ue_ids *ids)
{
	v->has_mme = v->has_enb = true;
	v->mme = ids->mme_ue_id;
	v->enb = ids->enb_ue_id;
}

static void ue_view(const struct s1ap_message *m, struct ue_view *v)
{
	memset(v, 0, sizeof(*v));
	switch (m->type) {
	case S1AP_MSG_INITIAL_UE_MESSAGE:
		v->has_enb = true;
		v->enb = m->u.initial_ue.enb_ue_id;
		v->nas = &m->u.initial_ue.nas;
		break;
	case S1AP_MSG_UPLINK_NAS_TRANSPORT:
		ids_view(v, &m->u.uplink_nas.ids);
		v->nas = &m->u.uplink_nas.nas;
		break;
	case S1AP_MSG_DOWNLINK_NAS_TRANSPORT:
		ids_view(v, &m->u.downlink_nas.ids);
		v->nas = &m->u.downlink_nas.nas;
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST:
		ids_view(v, &m->u.ics_request.ids);
		v->nas = &m->u.ics_request.erabs[0].nas;
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE:
		ids_view(v, &m->u.ics_response.ids);
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE:
		ids_view(v, &m->u.ics_failure.ids);
		break;
	case S1AP_MSG_UE_CONTEXT_RELEASE_REQUEST:
		ids_view(v, &m->u.release_request.ids);
		break;
	case S1AP_MSG_UE_CAPABILITY_INFO_INDICATION:
		ids_view(v, &m->u.ue_capability.ids);
		break;
	case S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND:
		v->has_mme = true;
		v->has_enb = !m->u.release_command.mme_id_only;
		v->mme = m->u.release_command.ids.mme_ue_id;
		v->enb = m->u.release_command.ids.enb_ue_id;
		break;
	case S1AP_MSG_UE_CONTEXT_RELEASE_COMPLETE:
		ids_view(v, &m->u.release_complete);
		break;
	case S1AP_MSG_NAS_NON_DELIVERY_INDICATION:
		ids_view(v, &m->u.nas_non_delivery.ids);
		v->nas = &m->u.nas_non_delivery.nas;
		break;
	case S1AP_MSG_ERROR_INDICATION:
		v->has_mme = m->u.error_indication.has_mme_ue_id;
		v->has_enb = m->u.error_indication.has_enb_ue_id;
		v->mme = m->u.error_indication.ids.mme_ue_id;
		v->enb = m->u.error_indication.ids.enb_ue_id;
		break;
	case S1AP_MSG_RESET:
	case S1AP_MSG_RESET_ACKNOWLEDGE: {
		const struct s1ap_s1_connection *cn =
			m->type == S1AP_MSG_RESET ?
			m->u.reset.conns : m->u.reset_ack.conns;
		size_t nc = m->type == S1AP_MSG_RESET ?
			m->u.reset.n_conns : m->u.reset_ack.n_conns;

		if (nc && (m->type == S1AP_MSG_RESET_ACKNOWLEDGE ||
			   !m->u.reset.all)) {
			v->has_mme = cn[0].has_mme_ue_id;
			v->has_enb = cn[0].has_enb_ue_id;
			v->mme = cn[0].ids.mme_ue_id;
			v->enb = cn[0].ids.enb_ue_id;
		}
		break;
	}
	default:
		break;
	}
}

/*
 * The kernel's walker (kmod/s1ap.c), a second reader of the same octets,
 * finds the same ids and first NAS-PDU in every built message; it does
 * not follow Reset lists, so their ids are not compared.
 */
static void test_walker_agrees(const struct codec_case *c)
{
	static uint8_t msg[MSG_MAX];
	struct s1ap_message *m = malloc(sizeof(*m));
	struct s1ap_info info;
	struct ue_view v;
	bool ok, reset;
	int len, r;

	if (!m)
		abort();
	len = c->build(msg, sizeof(msg));
	if (len <= 0 || s1ap_parse(msg, len, m))
		abort();
	ue_view(m, &v);
	r = s1ap_walk(msg, len, &info);
	reset = c->type == S1AP_MSG_RESET || c->type == S1AP_MSG_RESET_ACKNOWLEDGE;
	ok = (r == S1AP_OK || r == S1AP_ENONAS) &&
	     info.pdu_type == c->pdu_type && info.procedure == c->procedure;
	if (ok && !reset)
		ok = info.has_mme_ue_id == v.has_mme &&
		     info.has_enb_ue_id == v.has_enb &&
		     (!v.has_mme || info.mme_ue_id == v.mme) &&
		     (!v.has_enb || info.enb_ue_id == v.enb);
	if (ok && v.nas && v.nas->len)
		ok = r == S1AP_OK && info.nas_len == v.nas->len &&
		     info.nas_offset == (size_t)(v.nas->data - msg);
	if (!tap_result(ok, "%s: the kernel's walker finds the same ids and NAS-PDU",
			c->name))
		tap_diag("walk %s, ids %d/%u %d/%u, nas %u@%u", s1ap_status_name(r),
			 info.has_mme_ue_id, info.mme_ue_id, info.has_enb_ue_id,
			 info.enb_ue_id, info.nas_len, info.nas_offset);
	free(m);
}

static int dump(const char *dir)
{
	static uint8_t msg[MSG_MAX];
	static char hex[2 * MSG_MAX + 1];
	struct s1ap_message *m = malloc(sizeof(*m));
	char path[1024];
	size_t i;
	FILE *f;
	int len;

	if (!m)
		return 1;
	for (i = 0; i < N_CASES; i++) {
		const struct codec_case *c = &cases[i];
		struct ue_view v;

		len = c->build(msg, sizeof(msg));
		if (len <= 0 || s1ap_parse(msg, len, m))
			return 1;
		ue_view(m, &v);
		snprintf(path, sizeof(path), "%s/%s.bin", dir, c->name);
		f = fopen(path, "wb");
		if (!f || fwrite(msg, 1, len, f) != (size_t)len || fclose(f))
			return 1;
		snprintf(path, sizeof(path), "%s/%s.expect", dir, c->name);
		f = fopen(path, "w");
		if (!f)
			return 1;
		fprintf(f, "pdu=%u\nprocedure=%u\n", c->pdu_type, c->procedure);
		if (v.has_mme)
			fprintf(f, "mme=%u\n", v.mme);
		else
			fprintf(f, "mme=\n");
		if (v.has_enb)
			fprintf(f, "enb=%u\n", v.enb);
		else
			fprintf(f, "enb=\n");
		hex_format(v.nas ? v.nas->data : NULL, v.nas ? v.nas->len : 0, hex);
		fprintf(f, "nas=%s\n", hex);
		/* Key fields, as "f:tshark.field=value" lines. */
		{
			const char *s = c->tshark, *nl;

			for (; *s; s = nl + 1) {
				nl = strchr(s, '\n');
				if (!nl)
					break;
				fprintf(f, "f:%.*s\n", (int)(nl - s), s);
			}
		}
		if (fclose(f))
			return 1;
	}
	free(m);
	return 0;
}

static void init_inputs(void)
{
	static uint8_t msg[MSG_MAX];
	size_t i;

	nas_long[0] = 0x27;
	for (i = 1; i < sizeof(nas_long); i++)
		nas_long[i] = (uint8_t)(i * 37 + 11);
	memcpy(ics_req.kenb, kenb, sizeof(kenb));
	if (hex_parse(captures[N_CAPTURES - 1].hex, msg, sizeof(msg)) != 161)
		abort();
	memcpy(radio_cap, msg + 30, sizeof(radio_cap));
	for (i = 0; i < sizeof(kenb); i++)
		ics_req_dual.kenb[i] = (uint8_t)(0xff - i);
}

int main(int argc, char **argv)
{
	size_t i;

	init_inputs();
	if (argc == 3 && !strcmp(argv[1], "--dump"))
		return dump(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--dump DIR]\n", argv[0]);
		return 2;
	}
	for (i = 0; i < N_CASES; i++)
		test_round_trip(&cases[i]);
	for (i = 0; i < N_CASES; i++)
		test_truncations(&cases[i]);
	for (i = 0; i < N_CASES; i++)
		test_walker_agrees(&cases[i]);
	test_raw_cases();
	test_header_faults();
	for (i = 0; i < N_CAPTURES; i++)
		test_capture(&captures[i]);
	test_builder_errors();
	test_storage_limits();
	test_parse_cause();
	for (i = 0; i < N_CASES; i++)
		test_corruption(&cases[i]);
	return tap_finish();
}
