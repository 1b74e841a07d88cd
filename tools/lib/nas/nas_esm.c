// SPDX-License-Identifier: GPL-2.0
/*
 * libnas: the ESM messages (TS 24.301 8.3) the attach needs, one table
 * each, in the order of the spec's table; value lengths as in nas_emm.c.
 */
#include "nas_desc.h"

#define M NAS_IE_M
#define O NAS_IE_O
/* 10.5.6.3 PCO: TLV 3-253; 9.9.4.26 extended PCO: TLV-E 4-65538. */
#define PCO(bit, msg) \
	O("Protocol configuration options", 0x27, bit, TLV, BUF, 1, 251, \
	  msg, pco, NULL)
#define EPCO(bit, msg) \
	O("Extended protocol configuration options", 0x7b, bit, TLVE, BUF, \
	  1, 65535, msg, epco, NULL)

/* 9.9.4.14: initial, handover, (unused: initial), emergency, handover of
 * emergency bearer services; the rest reserved.
 */
static bool request_type_ok(uint8_t v)
{
	return (v >= 1 && v <= 4) || v == 6;
}

/* 9.9.4.10: IPv4, IPv6, IPv4v6, (unused: IPv6), non-IP. */
static bool pdn_type_ok(uint8_t v)
{
	return v >= 1 && v <= 5;
}

static const struct nas_ie_desc pdn_conn_req[] = {
	M("Request type", V_LO, U4, 1, 1, pdn_req, request_type,
	  request_type_ok),
	M("PDN type", V_HI, U4, 1, 1, pdn_req, pdn_type, pdn_type_ok),
	O("ESM information transfer flag", 0xd0, PCR_EIT, TV1, U4, 1, 1,
	  pdn_req, eit, NULL),
	O("Access point name", 0x28, PCR_APN, TLV, APN, 1, 100, pdn_req, apn,
	  NULL),
	PCO(PCR_PCO, pdn_req),
	O("Device properties", 0xc0, PCR_DEVICE_PROPS, TV1, U4, 1, 1, pdn_req,
	  device_props, NULL),
	EPCO(PCR_EPCO, pdn_req),
};

static const struct nas_ie_desc pdn_conn_rej[] = {
	M("ESM cause", V, U8, 1, 1, pdn_rej, esm_cause, NULL),
	PCO(PCJ_PCO, pdn_rej),
	O("Back-off timer value", 0x37, PCJ_BACKOFF, TLV, U8, 1, 1, pdn_rej,
	  backoff, NULL),
	O("Re-attempt indicator", 0x6b, PCJ_REATTEMPT, TLV, BUF, 1, 1, pdn_rej,
	  reattempt, NULL),
	EPCO(PCJ_EPCO, pdn_rej),
};

static const struct nas_ie_desc esm_info_resp[] = {
	O("Access point name", 0x28, EIR_APN, TLV, APN, 1, 100, esm_info_resp,
	  apn, NULL),
	PCO(EIR_PCO, esm_info_resp),
	EPCO(EIR_EPCO, esm_info_resp),
};

static const struct nas_ie_desc adb_req[] = {
	M("EPS QoS", LV, EPS_QOS, 1, 13, adb_req, qos, NULL),
	M("Access point name", LV, APN, 1, 100, adb_req, apn, NULL),
	M("PDN address", LV, PDN_ADDR, 5, 13, adb_req, pdn_addr, NULL),
	O("Transaction identifier", 0x5d, ADB_TI, TLV, BUF, 1, 2, adb_req, ti,
	  NULL),
	O("Negotiated QoS", 0x30, ADB_NEG_QOS, TLV, BUF, 12, 20, adb_req,
	  neg_qos, NULL),
	O("Negotiated LLC SAPI", 0x32, ADB_LLC_SAPI, TV, U8, 1, 1, adb_req,
	  llc_sapi, NULL),
	O("Radio priority", 0x80, ADB_RADIO_PRIO, TV1, U4, 1, 1, adb_req,
	  radio_prio, NULL),
	O("Packet flow identifier", 0x34, ADB_PFI, TLV, BUF, 1, 1, adb_req,
	  pfi, NULL),
	O("APN-AMBR", 0x5e, ADB_APN_AMBR, TLV, BUF, 2, 6, adb_req, apn_ambr,
	  NULL),
	O("ESM cause", 0x58, ADB_ESM_CAUSE, TV, U8, 1, 1, adb_req, esm_cause,
	  NULL),
	PCO(ADB_PCO, adb_req),
	O("Connectivity type", 0xb0, ADB_CONN_TYPE, TV1, U4, 1, 1, adb_req,
	  conn_type, NULL),
	EPCO(ADB_EPCO, adb_req),
};

static const struct nas_ie_desc adb_acc[] = {
	PCO(ADA_PCO, adb_acc),
	EPCO(ADA_EPCO, adb_acc),
};

static const struct nas_ie_desc adb_rej[] = {
	M("ESM cause", V, U8, 1, 1, adb_rej, esm_cause, NULL),
	PCO(ADJ_PCO, adb_rej),
	EPCO(ADJ_EPCO, adb_rej),
};

static const struct nas_ie_desc esm_status[] = {
	M("ESM cause", V, U8, 1, 1, esm_status, esm_cause, NULL),
};

#define NAS_ESM(type, dir, name, ies) \
	NAS_DESC(NAS_MSG_PD_ESM, NAS_ESM_##type, NAS_DIR_##dir, name, ies, NULL)

const struct nas_msg_desc nas_esm_msgs[] = {
	NAS_ESM(ACT_DEF_BEARER_REQ, DL,
		"Activate default EPS bearer context request", adb_req),
	NAS_ESM(ACT_DEF_BEARER_ACC, UL,
		"Activate default EPS bearer context accept", adb_acc),
	NAS_ESM(ACT_DEF_BEARER_REJ, UL,
		"Activate default EPS bearer context reject", adb_rej),
	NAS_ESM(PDN_CONN_REQ, UL, "PDN connectivity request", pdn_conn_req),
	NAS_ESM(PDN_CONN_REJ, DL, "PDN connectivity reject", pdn_conn_rej),
	{ .pd = NAS_MSG_PD_ESM, .type = NAS_ESM_INFO_REQUEST, .dir = NAS_DIR_DL,
	  .name = "ESM information request" },
	NAS_ESM(INFO_RESPONSE, UL, "ESM information response", esm_info_resp),
	NAS_ESM(STATUS, BOTH, "ESM status", esm_status),
};
const size_t nas_esm_nmsgs = sizeof(nas_esm_msgs) / sizeof(nas_esm_msgs[0]);
