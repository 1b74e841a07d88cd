// SPDX-License-Identifier: GPL-2.0
/*
 * libnas: the EMM messages (TS 24.301 8.2), one table each, in the order
 * of the spec's table. Lengths are of the value (without IEI and length
 * octets): the spec's "LV 5-12" is 4..11 here.
 */
#include "nas_desc.h"

#define M NAS_IE_M
#define O NAS_IE_O
#define SPARE_HI NAS_IE_SPARE_HI

/* 9.9.3.10: 1 EPS only, 2 combined; the rest reserved. */
static bool attach_result_ok(uint8_t v)
{
	return v == 1 || v == 2;
}

/* 9.9.3.22 identity type 2: IMSI, IMEI, IMEISV, TMSI. */
static bool id_type_ok(uint8_t v)
{
	return v >= 1 && v <= 4;
}

static const struct nas_ie_desc attach_request[] = {
	M("EPS attach type", V_LO, U4, 1, 1, attach_req, attach_type, NULL),
	M("NAS key set identifier", V_HI, KSI, 1, 1, attach_req, ksi, NULL),
	M("EPS mobile identity", LV, ID_EPS, 4, 11, attach_req, id, NULL),
	M("UE network capability", LV, UE_NET_CAP, 2, 13, attach_req,
	  ue_net_cap, NULL),
	M("ESM message container", LVE, BUF, 3, 65535, attach_req, esm, NULL),
	O("Old P-TMSI signature", 0x19, AR_OLD_PTMSI_SIG, TV, BUF, 3, 3,
	  attach_req, old_ptmsi_sig, NULL),
	O("Additional GUTI", 0x50, AR_ADD_GUTI, TLV, ID_EPS, 11, 11,
	  attach_req, add_guti, NULL),
	O("Last visited registered TAI", 0x52, AR_LAST_TAI, TV, TAI, 5, 5,
	  attach_req, last_tai, NULL),
	O("DRX parameter", 0x5c, AR_DRX, TV, BUF, 2, 2, attach_req, drx, NULL),
	O("MS network capability", 0x31, AR_MS_NET_CAP, TLV, BUF, 2, 8,
	  attach_req, ms_net_cap, NULL),
	O("Old location area identification", 0x13, AR_OLD_LAI, TV, BUF, 5, 5,
	  attach_req, old_lai, NULL),
	O("TMSI status", 0x90, AR_TMSI_STATUS, TV1, U4, 1, 1, attach_req,
	  tmsi_status, NULL),
	O("Mobile station classmark 2", 0x11, AR_MS_CM2, TLV, BUF, 3, 3,
	  attach_req, ms_cm2, NULL),
	O("Mobile station classmark 3", 0x20, AR_MS_CM3, TLV, BUF, 0, 32,
	  attach_req, ms_cm3, NULL),
	O("Supported codecs", 0x40, AR_CODECS, TLV, BUF, 3, 255, attach_req,
	  codecs, NULL),
	O("Additional update type", 0xf0, AR_ADD_UPDATE_TYPE, TV1, U4, 1, 1,
	  attach_req, add_update_type, NULL),
	O("Voice domain preference", 0x5d, AR_VOICE_PREF, TLV, BUF, 1, 1,
	  attach_req, voice_pref, NULL),
	O("Device properties", 0xd0, AR_DEVICE_PROPS, TV1, U4, 1, 1,
	  attach_req, device_props, NULL),
	O("Old GUTI type", 0xe0, AR_OLD_GUTI_TYPE, TV1, U4, 1, 1, attach_req,
	  old_guti_type, NULL),
	O("MS network feature support", 0xc0, AR_MS_NET_FEAT, TV1, U4, 1, 1,
	  attach_req, ms_net_feat, NULL),
	O("TMSI based NRI container", 0x10, AR_NRI, TLV, BUF, 2, 2,
	  attach_req, nri, NULL),
	O("T3324 value", 0x6a, AR_T3324, TLV, U8, 1, 1, attach_req, t3324,
	  NULL),
	O("T3412 extended value", 0x5e, AR_T3412_EXT, TLV, U8, 1, 1,
	  attach_req, t3412_ext, NULL),
	O("Extended DRX parameters", 0x6e, AR_EDRX, TLV, BUF, 1, 1, attach_req,
	  edrx, NULL),
	O("UE additional security capability", 0x6f, AR_UE_ADD_SEC_CAP, TLV,
	  BUF, 4, 4, attach_req, ue_add_sec_cap, NULL),
};

static const struct nas_ie_desc attach_accept[] = {
	M("EPS attach result", V_LO, U4, 1, 1, attach_acc, result,
	  attach_result_ok),
	SPARE_HI(attach_acc),
	M("T3412 value", V, U8, 1, 1, attach_acc, t3412, NULL),
	M("TAI list", LV, TAI_LIST, 6, 96, attach_acc, tai_list, NULL),
	M("ESM message container", LVE, BUF, 3, 65535, attach_acc, esm, NULL),
	O("GUTI", 0x50, AA_GUTI, TLV, ID_EPS, 11, 11, attach_acc, guti, NULL),
	O("Location area identification", 0x13, AA_LAI, TV, BUF, 5, 5,
	  attach_acc, lai, NULL),
	O("MS identity", 0x23, AA_MS_ID, TLV, ID, 5, 8, attach_acc, ms_id,
	  NULL),
	O("EMM cause", 0x53, AA_EMM_CAUSE, TV, U8, 1, 1, attach_acc, emm_cause,
	  NULL),
	O("T3402 value", 0x17, AA_T3402, TV, U8, 1, 1, attach_acc, t3402, NULL),
	O("T3423 value", 0x59, AA_T3423, TV, U8, 1, 1, attach_acc, t3423, NULL),
	O("Equivalent PLMNs", 0x4a, AA_EPLMNS, TLV, BUF, 3, 45, attach_acc,
	  eplmns, NULL),
	O("Emergency number list", 0x34, AA_ECN_LIST, TLV, BUF, 3, 48,
	  attach_acc, ecn_list, NULL),
	O("EPS network feature support", 0x64, AA_EPS_NET_FEAT, TLV, BUF, 1, 2,
	  attach_acc, eps_net_feat, NULL),
	O("Additional update result", 0xf0, AA_ADD_UPDATE_RESULT, TV1, U4, 1,
	  1, attach_acc, add_update_result, NULL),
	O("T3412 extended value", 0x5e, AA_T3412_EXT, TLV, U8, 1, 1,
	  attach_acc, t3412_ext, NULL),
	O("T3324 value", 0x6a, AA_T3324, TLV, U8, 1, 1, attach_acc, t3324,
	  NULL),
	O("Extended DRX parameters", 0x6e, AA_EDRX, TLV, BUF, 1, 1, attach_acc,
	  edrx, NULL),
};

static const struct nas_ie_desc attach_complete[] = {
	M("ESM message container", LVE, BUF, 3, 65535, attach_cpl, esm, NULL),
};

static const struct nas_ie_desc attach_reject[] = {
	M("EMM cause", V, U8, 1, 1, attach_rej, emm_cause, NULL),
	O("ESM message container", 0x78, AJ_ESM, TLVE, BUF, 3, 65535,
	  attach_rej, esm, NULL),
	O("T3346 value", 0x5f, AJ_T3346, TLV, U8, 1, 1, attach_rej, t3346,
	  NULL),
	O("T3402 value", 0x16, AJ_T3402, TLV, U8, 1, 1, attach_rej, t3402,
	  NULL),
	O("Extended EMM cause", 0xa0, AJ_EXT_CAUSE, TV1, U4, 1, 1, attach_rej,
	  ext_cause, NULL),
};

/* 8.2.11.1: UE originating detach. */
static const struct nas_ie_desc detach_request_ul[] = {
	M("Detach type", V_LO, U4, 1, 1, detach_req, detach_type, NULL),
	M("NAS key set identifier", V_HI, KSI, 1, 1, detach_req, ksi, NULL),
	M("EPS mobile identity", LV, ID_EPS, 4, 11, detach_req, id, NULL),
};

/* 8.2.11.2: UE terminated detach. */
static const struct nas_ie_desc detach_request_dl[] = {
	M("Detach type", V_LO, U4, 1, 1, detach_req, detach_type, NULL),
	SPARE_HI(detach_req),
	O("EMM cause", 0x53, DR_EMM_CAUSE, TV, U8, 1, 1, detach_req, emm_cause,
	  NULL),
};

static const struct nas_ie_desc auth_failure[] = {
	M("EMM cause", V, U8, 1, 1, auth_fail, emm_cause, NULL),
	O("Authentication failure parameter", 0x30, AF_AUTS, TLV, ARRAY, 14,
	  14, auth_fail, auts, NULL),
};

static const struct nas_ie_desc auth_request[] = {
	M("NAS key set identifier", V_LO, KSI, 1, 1, auth_req, ksi, NULL),
	SPARE_HI(auth_req),
	M("RAND", V, ARRAY, 16, 16, auth_req, rand, NULL),
	M("AUTN", LV, ARRAY, 16, 16, auth_req, autn, NULL),
};

static const struct nas_ie_desc auth_response[] = {
	M("Authentication response parameter", LV, RES, 4, 16, auth_resp, res,
	  NULL),
};

static const struct nas_ie_desc emm_information[] = {
	O("Full name for network", 0x43, EI_FULL_NAME, TLV, BUF, 1, 255,
	  emm_info, full_name, NULL),
	O("Short name for network", 0x45, EI_SHORT_NAME, TLV, BUF, 1, 255,
	  emm_info, short_name, NULL),
	O("Local time zone", 0x46, EI_TZ, TV, U8, 1, 1, emm_info, tz, NULL),
	O("Universal time and local time zone", 0x47, EI_TIME_TZ, TV, ARRAY,
	  7, 7, emm_info, time_tz, NULL),
	O("Network daylight saving time", 0x49, EI_DST, TLV, U8, 1, 1,
	  emm_info, dst, NULL),
};

static const struct nas_ie_desc emm_status[] = {
	M("EMM cause", V, U8, 1, 1, emm_status, emm_cause, NULL),
};

static const struct nas_ie_desc identity_request[] = {
	M("Identity type", V_LO, U4, 1, 1, id_req, id_type, id_type_ok),
	SPARE_HI(id_req),
};

static const struct nas_ie_desc identity_response[] = {
	M("Mobile identity", LV, ID, 1, 9, id_resp, id, NULL),
};

static const struct nas_ie_desc smc[] = {
	M("Selected NAS security algorithms", V, ALGS, 1, 1, smc, algs, NULL),
	M("NAS key set identifier", V_LO, KSI, 1, 1, smc, ksi, NULL),
	SPARE_HI(smc),
	M("Replayed UE security capabilities", LV, UE_SEC_CAP, 2, 5, smc,
	  ue_sec_cap, NULL),
	O("IMEISV request", 0xc0, SMC_IMEISV_REQ, TV1, U4, 1, 1, smc,
	  imeisv_req, NULL),
	O("Replayed nonceUE", 0x55, SMC_NONCE_UE, TV, ARRAY, 4, 4, smc,
	  nonce_ue, NULL),
	O("NonceMME", 0x56, SMC_NONCE_MME, TV, ARRAY, 4, 4, smc, nonce_mme,
	  NULL),
	O("HashMME", 0x4f, SMC_HASHMME, TLV, ARRAY, 8, 8, smc, hash_mme, NULL),
	O("Replayed UE additional security capability", 0x6f,
	  SMC_UE_ADD_SEC_CAP, TLV, BUF, 4, 4, smc, ue_add_sec_cap, NULL),
};

static const struct nas_ie_desc smc_complete[] = {
	O("IMEISV", 0x23, SMCC_IMEISV, TLV, ID, 9, 9, smc_cpl, imeisv, NULL),
	O("Replayed NAS message container", 0x79, SMCC_NAS_MSG, TLVE, BUF, 1,
	  65535, smc_cpl, nas_msg, NULL),
};

static const struct nas_ie_desc smc_reject[] = {
	M("EMM cause", V, U8, 1, 1, smc_rej, emm_cause, NULL),
};

/* 8.2.5.2: the failure parameter comes with #21 and only then. */
static void auth_failure_check(const struct nas_msg *m, struct nas_diag *d)
{
	bool auts = m->opt & NAS_OPT(NAS_O_AF_AUTS);

	if ((m->u.auth_fail.emm_cause == NAS_EMM_CAUSE_SYNCH_FAILURE) != auts &&
	    !d->cause)
		d->cause = NAS_EMM_CAUSE_CONDITIONAL_IE_ERROR;
}

/* 8.2.21: an IMEISV that is not an IMEISV is not the one asked for. */
static void smc_complete_check(const struct nas_msg *m, struct nas_diag *d)
{
	if ((m->opt & NAS_OPT(NAS_O_SMCC_IMEISV)) &&
	    m->u.smc_cpl.imeisv.type != NAS_ID_IMEISV && !d->cause)
		d->cause = NAS_EMM_CAUSE_CONDITIONAL_IE_ERROR;
}

#define NAS_EMM(type, dir, name, ies, check) \
	NAS_DESC(NAS_MSG_PD_EMM, NAS_EMM_##type, NAS_DIR_##dir, name, ies, check)
#define NAS_EMM0(t, d, n) \
	{ .pd = NAS_MSG_PD_EMM, .type = NAS_EMM_##t, .dir = NAS_DIR_##d, \
	  .name = (n) }

/* The direction each message travels in (table 9.8.1); the others, in the
 * wrong direction, are "non-existent" (24.301 7.4).
 */
const struct nas_msg_desc nas_emm_msgs[] = {
	NAS_EMM(ATTACH_REQUEST, UL, "Attach request", attach_request, NULL),
	NAS_EMM(ATTACH_ACCEPT, DL, "Attach accept", attach_accept, NULL),
	NAS_EMM(ATTACH_COMPLETE, UL, "Attach complete", attach_complete, NULL),
	NAS_EMM(ATTACH_REJECT, DL, "Attach reject", attach_reject, NULL),
	NAS_EMM(DETACH_REQUEST, UL, "Detach request",
		detach_request_ul, NULL),
	NAS_EMM(DETACH_REQUEST, DL, "Detach request",
		detach_request_dl, NULL),
	NAS_EMM0(DETACH_ACCEPT, BOTH, "Detach accept"),
	NAS_EMM(AUTH_REQUEST, DL, "Authentication request", auth_request,
		NULL),
	NAS_EMM(AUTH_RESPONSE, UL, "Authentication response", auth_response,
		NULL),
	NAS_EMM0(AUTH_REJECT, DL, "Authentication reject"),
	NAS_EMM(AUTH_FAILURE, UL, "Authentication failure", auth_failure,
		auth_failure_check),
	NAS_EMM(IDENTITY_REQUEST, DL, "Identity request", identity_request,
		NULL),
	NAS_EMM(IDENTITY_RESPONSE, UL, "Identity response", identity_response,
		NULL),
	NAS_EMM(SMC, DL, "Security mode command", smc, NULL),
	NAS_EMM(SMC_COMPLETE, UL, "Security mode complete", smc_complete,
		smc_complete_check),
	NAS_EMM(SMC_REJECT, UL, "Security mode reject", smc_reject, NULL),
	NAS_EMM(STATUS, BOTH, "EMM status", emm_status, NULL),
	NAS_EMM(INFORMATION, DL, "EMM information", emm_information, NULL),
};
const size_t nas_emm_nmsgs = sizeof(nas_emm_msgs) / sizeof(nas_emm_msgs[0]);
