// SPDX-License-Identifier: GPL-2.0
/*
 * The S1AP walker (kmod/s1ap.c) against the builder (tools/lib/s1ap),
 * against S1AP messages captured on live networks, and against hand-made
 * malformed PDUs. Every built message must walk to exactly the ids and
 * NAS-PDU it was built from, every proper prefix must be "truncated", and
 * random corruption must never yield an offset outside the buffer.
 *
 * test_s1ap --dump DIR writes each message as DIR/NAME.bin with the
 * values it must decode to in DIR/NAME.expect, for s1ap-tshark.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s1ap.h"
#include "s1ap_build.h"
#include "s1ap_raw.h"
#include "tap.h"

#define MSG_MAX	20000

/* ------------------------------------------------------------------ */
/* Inputs                                                              */

/* TS 24.301 8.2.21 SECURITY MODE COMPLETE, integrity protected and
 * ciphered with the new context (from the capture below).
 */
static const uint8_t nas_smc_complete[] = {
	0x47, 0x6b, 0x8f, 0x5f, 0x64, 0x00, 0x07, 0x5e,
};

/* SECURITY MODE COMMAND (8.2.20): EEA0/EIA2, KSI 0, caps EEA0-3/EIA0-3. */
static const uint8_t nas_smc[] = {
	0x37, 0x11, 0x22, 0x33, 0x44, 0x00, 0x07, 0x5d, 0x02, 0x00, 0x02,
	0xf0, 0xf0,
};

/* A ciphered downlink EMM message (header type 2): MAC, SQN, payload. */
static const uint8_t nas_ciphered[] = {
	0x27, 0xa1, 0xb2, 0xc3, 0xd4, 0x05, 0x9e, 0x1d, 0x52, 0x33, 0x0c,
	0x7f, 0x48, 0xe0, 0x16, 0x2a, 0x91, 0x5b, 0xc4, 0x07, 0x6d, 0xf8,
};

static const uint8_t nas_ciphered2[] = {
	0x27, 0x0f, 0x1e, 0x2d, 0x3c, 0x06, 0x44, 0x55, 0x66, 0x77,
};

/* Long enough for two-octet lengths at every level (X.691 10.9.3.7). */
static uint8_t nas_long[600];

static uint8_t nas_attach_request[47];	/* from the Initial UE capture */

static const struct s1ap_plmn plmn_00101 = { { 0x00, 0xf1, 0x10 } };

/* ------------------------------------------------------------------ */
/* S1AP messages captured on live networks (facts, not code): eNB-side  */
/* captures kept by the open5gs project's S1AP tests and an MME's       */
/* Initial Context Setup Request kept by srsRAN's RRC tests. Expected   */
/* values read off the bytes by hand (TS 36.413, X.691) and confirmed   */
/* with tshark 4.0.                                                     */

struct capture {
	const char *name;
	const char *hex;
	int status;
	uint8_t pdu_type, procedure, sender;
	int has_mme;
	uint32_t mme;
	int has_enb;
	uint32_t enb;
	uint32_t nas_offset, nas_len;
	uint8_t nas_dir;
	uint16_t ie_count;
};

static const struct capture captures[] = {
	{ "real-uplink-nas-smc-complete",
	  "000d403500000500000005c00100009d000800020001001a000908476b8f5f64"
	  "00075e006440080000f1101079baf0004340060000f1105ba0",
	  S1AP_OK, 0, 13, S1AP_SENDER_ENB, 1, 0x0100009d, 1, 1, 27, 8,
	  S1AP_NAS_UPLINK, 5 },
	{ "real-initial-ue-attach",
	  "000c4058000005000800020001001a00302f177ca0b388020741020809101010"
	  "3254869104e060c04000050221d031d15c0a003103e5e0349011035758a65d01"
	  "00004300060000f11030390064400800 00f1101079baf00086400130",
	  S1AP_OK, 0, 12, S1AP_SENDER_ENB, 0, 0, 1, 1, 18, 47,
	  S1AP_NAS_UPLINK, 5 },
	{ "real-uplink-nas-esm-info-response",
	  "000d40808d00000500000005c00100009d00080002000100 1a006160275c0667"
	  "58010221da280908696e7465726e6574274a80c223150100001510c09a2626c0"
	  "9a2626c09a2626c09a2626c223150200 0015103d3dda5c724cc497354ae64653"
	  "45a80880211001000010810600000000830600000000000d00000a0000644008"
	  "0000f1101079baf0004340060000f1105ba0",
	  S1AP_OK, 0, 13, S1AP_SENDER_ENB, 1, 0x0100009d, 1, 1, 28, 96,
	  S1AP_NAS_UPLINK, 5 },
	{ "real-uplink-nas-3-octet-enb-id",
	  "000d403d0000050000000200f80008000 48003e993001a00121117c651b5f907"
	  "07560879421200000000300064400800 27f4120006402000434006 0027f41230"
	  "39",
	  S1AP_OK, 0, 13, S1AP_SENDER_ENB, 1, 248, 1, 0x03e993, 26, 17,
	  S1AP_NAS_UPLINK, 5 },
	{ "real-ics-failure",
	  "400900150000030000400200020008400200010002400200 00",
	  S1AP_ENONAS, 2, 9, S1AP_SENDER_ENB, 1, 2, 1, 1, 0, 0,
	  S1AP_NAS_NONE, 3 },
	{ "real-ue-capability-info",
	  "001640809c000003000000 05c00100009d0008000200 01004a408085808304"
	  "040003 04ec598007000820 81839b4e1e3ff8fff1ffc7ff8ffe3ffc7ff1ffe3"
	  "ff8fff1ffc7ff8ffe3ffc7ff1ffdfd3ffa7a2060090e194e9525c8c2fd800000"
	  "00e03fe7ff5f60000000384fe9ffd3d8000000021033035758a66014042f6513"
	  "b8800d2f0831c1a53432b259ef989007000cdd9c6331200e0019a332c662401c"
	  "003200",
	  S1AP_ENONAS, 0, 22, S1AP_SENDER_ENB, 1, 0x0100009d, 1, 1, 0, 0,
	  S1AP_NAS_NONE, 3 },
	{ "real-ics-request",
	  "00090080c60000060000000200640008000200010042000a183b9aca00603b9a"
	  "ca000018007800003400734500093c0f800a0021f0b7361c5664273e5b04b702"
	  "0742023e060009f107000700375266c101091b0774657374313233066d6e6330"
	  "3730066d636339303104677072730501c0a80302270e8080210a0300000a8106"
	  "0808080850 0bf609f107800101f67e72691309f10700012305f4f67e7269006b"
	  "000518000c0000004900204525e49a77c8d5cf263363eb5bb9c3439b9eb3861f"
	  "a8a7cf435407ae422b63b9",
	  S1AP_OK, 0, 9, S1AP_SENDER_MME, 1, 100, 1, 1, 58, 100,
	  S1AP_NAS_DOWNLINK, 6 },
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Walks a copy in an exact-size heap buffer, so a sanitizer sees overreads. */
static int walk_exact(const uint8_t *msg, size_t len, struct s1ap_info *info)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	if (!copy)
		abort();
	memcpy(copy, msg, len);
	r = s1ap_walk(copy, len, info);
	free(copy);
	return r;
}

static bool info_in_bounds(int r, const struct s1ap_info *i, size_t len)
{
	if (r == S1AP_OK)
		return i->nas_count >= 1 && i->nas_len >= 1 &&
		       i->nas_offset <= len && i->nas_len <= len - i->nas_offset &&
		       i->nas_dir != S1AP_NAS_NONE;
	if (r == S1AP_ENONAS)
		return i->nas_count == 0 && i->nas_dir == S1AP_NAS_NONE;
	return r == S1AP_ETRUNCATED || r == S1AP_EMALFORMED ||
	       r == S1AP_EUNSUPPORTED;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* ------------------------------------------------------------------ */
/* Built messages                                                      */

struct msg_case {
	const char *name;
	int (*build)(uint8_t *buf, size_t cap, size_t *nas_offset);
	int status;
	uint8_t pdu_type, procedure, sender, nas_dir;
	int has_mme;
	uint32_t mme;
	int has_enb;
	uint32_t enb;
	const uint8_t *nas;	/* the first NAS-PDU built in */
	size_t nas_len;
	unsigned int nas_count;
};

static const struct s1ap_tai tai = { { { 0x00, 0xf1, 0x10 } }, 0x3039 };
static const struct s1ap_ecgi ecgi = { { { 0x00, 0xf1, 0x10 } }, 0x1079baf };
static const struct s1ap_transport_address sgw_v4 = {
	{ 192, 168, 3, 2 }, 4 };
static const struct s1ap_transport_address enb_v6 = {
	{ 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42 }, 16 };
static const struct s1ap_gbr_qos gbr = { 128000, 128000, 64000, 64000 };

static int b_s1_setup_request(uint8_t *buf, size_t cap, size_t *nas)
{
	static const struct s1ap_plmn bplmns[] = {
		{ { 0x00, 0xf1, 0x10 } }, { { 0x62, 0xf2, 0x20 } } };
	static const struct s1ap_supported_ta tas[] = {
		{ 0x3039, bplmns, 2 }, { 0x0001, bplmns, 1 } };
	struct s1ap_s1_setup_request r = {
		.plmn = plmn_00101, .enb_id = 0x19b, .enb_name = "nassec-enb1",
		.tas = tas, .n_tas = 2, .paging_drx = S1AP_PAGING_DRX_128,
	};

	*nas = 0;
	return s1ap_build_s1_setup_request(buf, cap, &r);
}

static int b_s1_setup_request_home(uint8_t *buf, size_t cap, size_t *nas)
{
	static const struct s1ap_supported_ta tas[] = {
		{ 0x0007, &plmn_00101, 1 } };
	struct s1ap_s1_setup_request r = {
		.plmn = plmn_00101, .enb_id = 0xabcdef1, .home_enb = true,
		.tas = tas, .n_tas = 1, .paging_drx = S1AP_PAGING_DRX_32,
	};

	*nas = 0;
	return s1ap_build_s1_setup_request(buf, cap, &r);
}

static int b_s1_setup_response(uint8_t *buf, size_t cap, size_t *nas)
{
	static const uint16_t groups[] = { 0x8001, 0x0002 };
	static const uint8_t codes[] = { 0x01, 0x7f, 0xfe };
	static const struct s1ap_served_gummei g[] = {
		{ &plmn_00101, 1, groups, 2, codes, 3 } };
	struct s1ap_s1_setup_response r = {
		.mme_name = "nassec-mme", .gummeis = g, .n_gummeis = 1,
		.relative_capacity = 255,
	};

	*nas = 0;
	return s1ap_build_s1_setup_response(buf, cap, &r);
}

static int b_initial_ue(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_initial_ue_message r = {
		.enb_ue_id = 1,
		.nas = { nas_attach_request, sizeof(nas_attach_request) },
		.tai = tai, .ecgi = ecgi, .rrc_cause = S1AP_RRC_MO_SIGNALLING,
	};

	return s1ap_build_initial_ue_message(buf, cap, &r, nas);
}

static int b_initial_ue_s_tmsi(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_initial_ue_message r = {
		.enb_ue_id = 0xffffff,
		.nas = { nas_smc_complete, sizeof(nas_smc_complete) },
		.tai = tai, .ecgi = ecgi,
		.rrc_cause = S1AP_RRC_MO_VOICE_CALL,	/* an extension value */
		.has_s_tmsi = true, .mmec = 0x01, .m_tmsi = 0xc0ffee01,
	};

	return s1ap_build_initial_ue_message(buf, cap, &r, nas);
}

static int b_uplink_nas(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_uplink_nas_transport r = {
		.ids = { 0x0100009d, 1 },
		.nas = { nas_smc_complete, sizeof(nas_smc_complete) },
		.ecgi = { { { 0x00, 0xf1, 0x10 } }, 0x1079baf },
		.tai = { { { 0x00, 0xf1, 0x10 } }, 0x5ba0 },
	};

	return s1ap_build_uplink_nas_transport(buf, cap, &r, nas);
}

static int b_downlink_nas(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_downlink_nas_transport r = {
		.ids = { 7, 0xabcdef },
		.nas = { nas_smc, sizeof(nas_smc) },
	};

	return s1ap_build_downlink_nas_transport(buf, cap, &r, nas);
}

static int b_downlink_nas_long(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_downlink_nas_transport r = {
		.ids = { 0xffffffff, 0 },
		.nas = { nas_long, sizeof(nas_long) },
	};

	return s1ap_build_downlink_nas_transport(buf, cap, &r, nas);
}

static const uint8_t kenb[32] = {
	0x45, 0x25, 0xe4, 0x9a, 0x77, 0xc8, 0xd5, 0xcf, 0x26, 0x33, 0x63,
	0xeb, 0x5b, 0xb9, 0xc3, 0x43, 0x9b, 0x9e, 0xb3, 0x86, 0x1f, 0xa8,
	0xa7, 0xcf, 0x43, 0x54, 0x07, 0xae, 0x42, 0x2b, 0x63, 0xb9,
};

static int b_ics_request(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_erab e = {
		.erab_id = 5, .qos = { 9, 15, false, false, NULL },
		.sgw_address = sgw_v4, .sgw_teid = 0xb7361c56,
		.nas = { nas_ciphered, sizeof(nas_ciphered) },
	};
	struct s1ap_initial_context_setup_request r = {
		.ids = { 100, 1 }, .ue_ambr_dl = 1000000000,
		.ue_ambr_ul = 1000000000, .erabs = &e, .n_erabs = 1,
		.eea_caps = 0xe000, .eia_caps = 0xe000,
	};

	memcpy(r.kenb, kenb, sizeof(kenb));
	return s1ap_build_initial_context_setup_request(buf, cap, &r, nas);
}

static int b_ics_request_no_nas(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_erab e = {
		.erab_id = 6, .qos = { 1, 2, true, true, &gbr },
		.sgw_address = sgw_v4, .sgw_teid = 1,
	};
	struct s1ap_initial_context_setup_request r = {
		.ids = { 3, 4 }, .ue_ambr_dl = 10000000000ull, .ue_ambr_ul = 0,
		.erabs = &e, .n_erabs = 1, .eea_caps = 0x4000,
		.eia_caps = 0x4000,
	};

	memcpy(r.kenb, kenb, sizeof(kenb));
	return s1ap_build_initial_context_setup_request(buf, cap, &r, nas);
}

static int b_ics_request_two(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_erab e[2] = {
		{ .erab_id = 5, .qos = { 9, 15, false, false, NULL },
		  .sgw_address = sgw_v4, .sgw_teid = 0x01020304,
		  .nas = { nas_long, sizeof(nas_long) } },
		{ .erab_id = 6, .qos = { 1, 2, true, false, &gbr },
		  .sgw_address = enb_v6, .sgw_teid = 0x05060708,
		  .nas = { nas_ciphered2, sizeof(nas_ciphered2) } },
	};
	struct s1ap_initial_context_setup_request r = {
		.ids = { 0x12345678, 0x00abcd }, .ue_ambr_dl = 50000000,
		.ue_ambr_ul = 20000000, .erabs = e, .n_erabs = 2,
		.eea_caps = 0xe000, .eia_caps = 0xc000,
	};

	memcpy(r.kenb, kenb, sizeof(kenb));
	return s1ap_build_initial_context_setup_request(buf, cap, &r, nas);
}

static int b_ics_response(uint8_t *buf, size_t cap, size_t *nas)
{
	static const struct s1ap_erab_setup e[] = {
		{ 5, { { 10, 0, 0, 1 }, 4 }, 0x11223344 },
		{ 6, { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			 0, 0x42 }, 16 }, 0x55667788 },
	};
	struct s1ap_initial_context_setup_response r = {
		.ids = { 100, 1 }, .erabs = e, .n_erabs = 2,
	};

	*nas = 0;
	return s1ap_build_initial_context_setup_response(buf, cap, &r);
}

static int b_release_command(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_ue_context_release_command r = {
		.ids = { 0x0100009d, 0x123456 },
		.cause = { S1AP_CAUSE_NAS, S1AP_CAUSE_NAS_DETACH },
	};

	*nas = 0;
	return s1ap_build_ue_context_release_command(buf, cap, &r);
}

static int b_release_command_mme(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_ue_context_release_command r = {
		.ids = { 42, 0 }, .mme_id_only = true,
		.cause = { S1AP_CAUSE_RADIO_NETWORK,
			   S1AP_CAUSE_RADIO_USER_INACTIVITY },
	};

	*nas = 0;
	return s1ap_build_ue_context_release_command(buf, cap, &r);
}

static int b_release_complete(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_ue_ids ids = { 0x0100009d, 0x123456 };

	*nas = 0;
	return s1ap_build_ue_context_release_complete(buf, cap, &ids);
}

static int b_release_request(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_ue_context_release_request r = {
		.ids = { 9, 10 },
		.cause = { S1AP_CAUSE_RADIO_NETWORK,
			   S1AP_CAUSE_RADIO_CONNECTION_WITH_UE_LOST },
	};

	*nas = 0;
	return s1ap_build_ue_context_release_request(buf, cap, &r);
}

static int b_nas_non_delivery(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_nas_non_delivery_indication r = {
		.ids = { 7, 0xabcdef },
		.nas = { nas_smc, sizeof(nas_smc) },
		.cause = { S1AP_CAUSE_RADIO_NETWORK, 37 },	/* extension */
	};

	return s1ap_build_nas_non_delivery_indication(buf, cap, &r, nas);
}

static int b_erab_setup(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_erab e[2] = {
		{ .erab_id = 7, .qos = { 1, 3, false, true, &gbr },
		  .sgw_address = sgw_v4, .sgw_teid = 0xdeadbeef,
		  .nas = { nas_ciphered, sizeof(nas_ciphered) } },
		{ .erab_id = 8, .qos = { 5, 1, true, true, NULL },
		  .sgw_address = enb_v6, .sgw_teid = 0xcafe,
		  .nas = { nas_ciphered2, sizeof(nas_ciphered2) } },
	};
	struct s1ap_e_rab_setup_request r = {
		.ids = { 11, 12 }, .erabs = e, .n_erabs = 2,
	};

	return s1ap_build_e_rab_setup_request(buf, cap, &r, nas);
}

static int b_erab_modify(uint8_t *buf, size_t cap, size_t *nas)
{
	struct s1ap_erab e = {
		.erab_id = 7, .qos = { 2, 4, false, false, &gbr },
		.nas = { nas_ciphered2, sizeof(nas_ciphered2) },
	};
	struct s1ap_e_rab_modify_request r = {
		.ids = { 11, 12 }, .erabs = &e, .n_erabs = 1,
	};

	return s1ap_build_e_rab_modify_request(buf, cap, &r, nas);
}

static int b_erab_release(uint8_t *buf, size_t cap, size_t *nas)
{
	static const struct s1ap_erab_release e[] = {
		{ 7, { S1AP_CAUSE_NAS, S1AP_CAUSE_NAS_NORMAL_RELEASE } },
		{ 8, { S1AP_CAUSE_MISC, S1AP_CAUSE_MISC_UNSPECIFIED } },
	};
	struct s1ap_e_rab_release_command r = {
		.ids = { 11, 12 }, .erabs = e, .n_erabs = 2,
		.nas = { nas_ciphered, sizeof(nas_ciphered) },
	};

	return s1ap_build_e_rab_release_command(buf, cap, &r, nas);
}

static int b_erab_release_no_nas(uint8_t *buf, size_t cap, size_t *nas)
{
	static const struct s1ap_erab_release e[] = {
		{ 7, { S1AP_CAUSE_TRANSPORT, 1 } } };
	struct s1ap_e_rab_release_command r = {
		.ids = { 11, 12 }, .erabs = e, .n_erabs = 1,
	};

	return s1ap_build_e_rab_release_command(buf, cap, &r, nas);
}

#define UL	S1AP_NAS_UPLINK
#define DL	S1AP_NAS_DOWNLINK
#define NONE	S1AP_NAS_NONE
#define ENB	S1AP_SENDER_ENB
#define MME	S1AP_SENDER_MME

static const struct msg_case cases[] = {
	{ "s1-setup-request", b_s1_setup_request, S1AP_ENONAS, 0, 17, ENB,
	  NONE, 0, 0, 0, 0, NULL, 0, 0 },
	{ "s1-setup-request-home-enb", b_s1_setup_request_home, S1AP_ENONAS,
	  0, 17, ENB, NONE, 0, 0, 0, 0, NULL, 0, 0 },
	{ "s1-setup-response", b_s1_setup_response, S1AP_ENONAS, 1, 17, MME,
	  NONE, 0, 0, 0, 0, NULL, 0, 0 },
	{ "initial-ue-message", b_initial_ue, S1AP_OK, 0, 12, ENB, UL,
	  0, 0, 1, 1, nas_attach_request, sizeof(nas_attach_request), 1 },
	{ "initial-ue-message-s-tmsi", b_initial_ue_s_tmsi, S1AP_OK, 0, 12,
	  ENB, UL, 0, 0, 1, 0xffffff, nas_smc_complete,
	  sizeof(nas_smc_complete), 1 },
	{ "uplink-nas-transport", b_uplink_nas, S1AP_OK, 0, 13, ENB, UL,
	  1, 0x0100009d, 1, 1, nas_smc_complete, sizeof(nas_smc_complete),
	  1 },
	{ "downlink-nas-transport", b_downlink_nas, S1AP_OK, 0, 11, MME, DL,
	  1, 7, 1, 0xabcdef, nas_smc, sizeof(nas_smc), 1 },
	{ "downlink-nas-transport-long", b_downlink_nas_long, S1AP_OK, 0, 11,
	  MME, DL, 1, 0xffffffff, 1, 0, nas_long, sizeof(nas_long), 1 },
	{ "ics-request", b_ics_request, S1AP_OK, 0, 9, MME, DL, 1, 100, 1, 1,
	  nas_ciphered, sizeof(nas_ciphered), 1 },
	{ "ics-request-no-nas", b_ics_request_no_nas, S1AP_ENONAS, 0, 9, MME,
	  NONE, 1, 3, 1, 4, NULL, 0, 0 },
	{ "ics-request-two-erabs", b_ics_request_two, S1AP_OK, 0, 9, MME, DL,
	  1, 0x12345678, 1, 0xabcd, nas_long, sizeof(nas_long), 2 },
	{ "ics-response", b_ics_response, S1AP_ENONAS, 1, 9, ENB, NONE,
	  1, 100, 1, 1, NULL, 0, 0 },
	{ "ue-context-release-command", b_release_command, S1AP_ENONAS, 0, 23,
	  MME, NONE, 1, 0x0100009d, 1, 0x123456, NULL, 0, 0 },
	{ "ue-context-release-command-mme-id", b_release_command_mme,
	  S1AP_ENONAS, 0, 23, MME, NONE, 1, 42, 0, 0, NULL, 0, 0 },
	{ "ue-context-release-complete", b_release_complete, S1AP_ENONAS, 1,
	  23, ENB, NONE, 1, 0x0100009d, 1, 0x123456, NULL, 0, 0 },
	{ "ue-context-release-request", b_release_request, S1AP_ENONAS, 0, 18,
	  ENB, NONE, 1, 9, 1, 10, NULL, 0, 0 },
	{ "nas-non-delivery-indication", b_nas_non_delivery, S1AP_OK, 0, 16,
	  ENB, DL, 1, 7, 1, 0xabcdef, nas_smc, sizeof(nas_smc), 1 },
	{ "e-rab-setup-request", b_erab_setup, S1AP_OK, 0, 5, MME, DL, 1, 11,
	  1, 12, nas_ciphered, sizeof(nas_ciphered), 2 },
	{ "e-rab-modify-request", b_erab_modify, S1AP_OK, 0, 6, MME, DL, 1, 11,
	  1, 12, nas_ciphered2, sizeof(nas_ciphered2), 1 },
	{ "e-rab-release-command", b_erab_release, S1AP_OK, 0, 7, MME, DL, 1,
	  11, 1, 12, nas_ciphered, sizeof(nas_ciphered), 1 },
	{ "e-rab-release-command-no-nas", b_erab_release_no_nas, S1AP_ENONAS,
	  0, 7, MME, NONE, 1, 11, 1, 12, NULL, 0, 0 },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))
#define N_CAPTURES (sizeof(captures) / sizeof(captures[0]))

static bool info_matches(const struct msg_case *c, int r,
			 const struct s1ap_info *i, const uint8_t *msg,
			 size_t nas_offset)
{
	if (r != c->status || i->pdu_type != c->pdu_type ||
	    i->procedure != c->procedure || i->sender != c->sender ||
	    i->nas_dir != c->nas_dir || i->has_mme_ue_id != !!c->has_mme ||
	    i->has_enb_ue_id != !!c->has_enb || i->nas_count != c->nas_count)
		return false;
	if (c->has_mme && i->mme_ue_id != c->mme)
		return false;
	if (c->has_enb && i->enb_ue_id != c->enb)
		return false;
	if (!c->nas)
		return nas_offset == 0;
	return i->nas_offset == nas_offset && i->nas_len == c->nas_len &&
	       !memcmp(msg + i->nas_offset, c->nas, c->nas_len);
}

static void test_built(const struct msg_case *c)
{
	static uint8_t msg[MSG_MAX], small[MSG_MAX];
	struct s1ap_info info;
	size_t nas_offset, off2, cut;
	int len, r, bad;

	len = c->build(msg, sizeof(msg), &nas_offset);
	if (!tap_result(len > 0, "%s: built (%d octets)", c->name, len))
		return;
	r = walk_exact(msg, len, &info);
	if (!tap_result(info_matches(c, r, &info, msg, nas_offset),
			"%s: walks to its ids and NAS-PDU", c->name))
		tap_diag("status %s, type %u proc %u sender %u dir %u, mme %d/%u enb %d/%u, nas %u@%u (built @%zu) count %u",
			 s1ap_status_name(r), info.pdu_type, info.procedure,
			 info.sender, info.nas_dir, info.has_mme_ue_id,
			 info.mme_ue_id, info.has_enb_ue_id, info.enb_ue_id,
			 info.nas_len, info.nas_offset, nas_offset,
			 info.nas_count);

	for (bad = 0, cut = 0; cut < (size_t)len; cut++) {
		r = walk_exact(msg, cut, &info);
		if (r != S1AP_ETRUNCATED && !bad++)
			tap_diag("prefix of %zu octets: %s", cut,
				 s1ap_status_name(r));
	}
	tap_result(!bad, "%s: all %d proper prefixes are truncated", c->name,
		   len);

	msg[len] = 0;
	r = walk_exact(msg, len + 1, &info);
	tap_result(r == S1AP_EMALFORMED, "%s: a trailing octet is malformed",
		   c->name);

	for (bad = 0, cut = 0; cut < (size_t)len; cut++) {
		r = c->build(small, cut, &off2);
		if (r != -ENOSPC && !bad++)
			tap_diag("capacity %zu: %d", cut, r);
	}
	r = c->build(small, len, &off2);
	tap_result(!bad && r == len && !memcmp(small, msg, len) &&
		   off2 == nas_offset,
		   "%s: -ENOSPC below %d octets, identical at exactly %d",
		   c->name, len, len);
}

/* Random corruption: results stay within the buffer, never crash. */
static void test_corruption(const struct msg_case *c)
{
	static uint8_t msg[MSG_MAX], mut[MSG_MAX];
	struct s1ap_info info;
	size_t nas_offset, len;
	int built, n, k, r, bad = 0, counts[5] = { 0 };

	built = c->build(msg, sizeof(msg), &nas_offset);
	if (built <= 0)
		return;
	for (n = 0; n < 3000; n++) {
		len = built;
		memcpy(mut, msg, len);
		for (k = 1 + rng() % 4; k; k--) {
			switch (rng() % 4) {
			case 0:
				mut[rng() % len] ^= 1u << (rng() % 8);
				break;
			case 1:
				mut[rng() % len] = rng();
				break;
			case 2:
				if (len > 1)
					len -= 1 + rng() % (len / 8 + 1);
				break;
			default:
				mut[rng() % len] = (rng() & 1) ? 0xff : 0x00;
				break;
			}
		}
		r = walk_exact(mut, len, &info);
		if (!info_in_bounds(r, &info, len) && !bad++)
			tap_diag("mutation %d: status %d, nas %u@%u of %zu", n,
				 r, info.nas_len, info.nas_offset, len);
		if (r <= 0 && r >= -4)
			counts[-r]++;
	}
	tap_result(!bad, "%s: 3000 corruptions stay in bounds (ok %d, no-nas %d, truncated %d, malformed %d, unsupported %d)",
		   c->name, counts[0], counts[1], counts[2], counts[3],
		   counts[4]);
}

static void test_capture(const struct capture *c)
{
	static uint8_t msg[MSG_MAX];
	struct s1ap_info i;
	long len = hex_parse(c->hex, msg, sizeof(msg));
	int r;
	bool ok;

	if (!tap_result(len > 0, "%s: hex parses (%ld octets)", c->name, len))
		return;
	r = walk_exact(msg, len, &i);
	ok = r == c->status && i.pdu_type == c->pdu_type &&
	     i.procedure == c->procedure && i.sender == c->sender &&
	     i.has_mme_ue_id == !!c->has_mme && i.has_enb_ue_id == !!c->has_enb &&
	     (!c->has_mme || i.mme_ue_id == c->mme) &&
	     (!c->has_enb || i.enb_ue_id == c->enb) &&
	     i.nas_offset == c->nas_offset && i.nas_len == c->nas_len &&
	     i.nas_dir == c->nas_dir && i.ie_count == c->ie_count;
	if (!tap_result(ok, "%s: walks to the captured ids and NAS-PDU",
			c->name))
		tap_diag("status %s type %u proc %u mme %d/%u enb %d/%u nas %u@%u ies %u",
			 s1ap_status_name(r), i.pdu_type, i.procedure,
			 i.has_mme_ue_id, i.mme_ue_id, i.has_enb_ue_id,
			 i.enb_ue_id, i.nas_len, i.nas_offset, i.ie_count);
}

/* The builder reproduces captured messages octet for octet. */
static void test_builder_matches_captures(void)
{
	static uint8_t want[MSG_MAX], got[MSG_MAX];
	size_t nas_offset;
	long n;
	int len;

	n = hex_parse(captures[0].hex, want, sizeof(want));
	len = b_uplink_nas(got, sizeof(got), &nas_offset);
	tap_result(len == n && !memcmp(got, want, n) && nas_offset == 27,
		   "builder: Uplink NAS Transport equals the capture");

	n = hex_parse(captures[1].hex, want, sizeof(want));
	len = b_initial_ue(got, sizeof(got), &nas_offset);
	tap_result(len == n && !memcmp(got, want, n) && nas_offset == 18,
		   "builder: Initial UE Message equals the capture");
}

/* Out-of-range fields are refused, not truncated into the encoding. */
static void test_builder_errors(void)
{
	static uint8_t buf[MSG_MAX], big[16384];
	struct s1ap_plmn plmn;
	struct s1ap_downlink_nas_transport dl = {
		.ids = { 1, 0x1000000 }, .nas = { nas_smc, sizeof(nas_smc) },
	};
	struct s1ap_erab e = {
		.erab_id = 16, .qos = { 9, 15, false, false, NULL },
		.sgw_address = sgw_v4,
	};
	struct s1ap_e_rab_setup_request setup = {
		.ids = { 1, 2 }, .erabs = &e, .n_erabs = 1,
	};
	struct s1ap_uplink_nas_transport ul = {
		.ids = { 1, 2 }, .nas = { nas_smc, sizeof(nas_smc) },
		.ecgi = { plmn_00101, 0x10000000 }, .tai = tai,
	};
	struct s1ap_s1_setup_response rsp = {
		.mme_name = "bad_name", .n_gummeis = 0,
	};
	size_t off;

	tap_result(s1ap_build_downlink_nas_transport(buf, sizeof(buf), &dl,
						     &off) == -EINVAL,
		   "builder: eNB-UE-S1AP-ID above 2^24-1 is -EINVAL");
	dl.ids.enb_ue_id = 2;
	dl.nas.data = big;
	dl.nas.len = sizeof(big);
	tap_result(s1ap_build_downlink_nas_transport(buf, sizeof(buf), &dl,
						     &off) == -EMSGSIZE,
		   "builder: a 16K NAS-PDU is -EMSGSIZE (no fragmentation)");
	dl.nas.len = 0;
	tap_result(s1ap_build_downlink_nas_transport(buf, sizeof(buf), &dl,
						     &off) == -EINVAL,
		   "builder: an empty mandatory NAS-PDU is -EINVAL");
	e.nas.data = nas_smc;
	e.nas.len = sizeof(nas_smc);
	tap_result(s1ap_build_e_rab_setup_request(buf, sizeof(buf), &setup,
						  &off) == -EINVAL,
		   "builder: E-RAB ID 16 is -EINVAL");
	e.erab_id = 15;
	setup.n_erabs = 0;
	tap_result(s1ap_build_e_rab_setup_request(buf, sizeof(buf), &setup,
						  &off) == -EINVAL,
		   "builder: an empty E-RAB list is -EINVAL");
	tap_result(s1ap_build_uplink_nas_transport(buf, sizeof(buf), &ul,
						   &off) == -EINVAL,
		   "builder: a cell identity over 28 bits is -EINVAL");
	tap_result(s1ap_build_s1_setup_response(buf, sizeof(buf), &rsp) ==
		   -EINVAL, "builder: a name outside PrintableString is -EINVAL");
	tap_result(!s1ap_plmn_from_digits(&plmn, "001", "01") &&
		   !memcmp(plmn.octets, "\x00\xf1\x10", 3) &&
		   !s1ap_plmn_from_digits(&plmn, "310", "410") &&
		   !memcmp(plmn.octets, "\x13\x00\x14", 3) &&
		   s1ap_plmn_from_digits(&plmn, "01", "01") == -EINVAL &&
		   s1ap_plmn_from_digits(&plmn, "001", "0a") == -EINVAL,
		   "builder: PLMN identities per TS 24.008 10.5.1.13");
}

/* ------------------------------------------------------------------ */
/* Hand-made PDUs                                                      */

#define MME_ID(hex)	{ S1AP_IE_MME_UE_S1AP_ID, 0, hex }
#define ENB_ID(hex)	{ S1AP_IE_ENB_UE_S1AP_ID, 0, hex }
#define NAS(hex)	{ S1AP_IE_NAS_PDU, 0, hex }

struct raw_case {
	const char *name;
	uint8_t pdu_type, procedure, seq_octet;
	struct s1ap_raw_ie ies[6];
	size_t n;
	long count;
	const char *tail;
	int status;
	uint32_t nas_len;	/* when S1AP_OK */
};

/* ICS item: ext 0, nAS-PDU and iE-Extensions present, E-RAB-ID 5;
 * QoS with an extension addition (bitmap 1, open type "00"); IPv4
 * address, TEID 1; NAS-PDU "075d"; one extension field.
 */
#define ICS_ITEM_EXT \
	"003400" "1b" "65" "80093c" "010100" "0f80c0a80001" "00000001" "02075d" \
	"000000c2400100"

static const struct raw_case raw_cases[] = {
	{ "uplink NAS with a repeated MME-UE-S1AP-ID", 0, 13, 0,
	  { MME_ID("0005"), MME_ID("0006"), ENB_ID("0001"), NAS("02075d") },
	  4, -1, NULL, S1AP_EMALFORMED, 0 },
	{ "uplink NAS without its NAS-PDU", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001") }, 2, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "uplink NAS without MME-UE-S1AP-ID", 0, 13, 0,
	  { ENB_ID("0001"), NAS("02075d") }, 2, -1, NULL, S1AP_EMALFORMED, 0 },
	{ "uplink NAS with an empty NAS-PDU", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("00") }, 3, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "IE with an empty open type", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID(""), NAS("02075d") }, 3, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "MME-UE-S1AP-ID with a stray octet", 0, 13, 0,
	  { MME_ID("000500"), ENB_ID("0001"), NAS("02075d") }, 3, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "MME-UE-S1AP-ID shorter than its length", 0, 13, 0,
	  { MME_ID("c00102"), ENB_ID("0001"), NAS("02075d") }, 3, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "eNB-UE-S1AP-ID of four octets", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("c001020304"), NAS("02075d") }, 3, -1,
	  NULL, S1AP_EMALFORMED, 0 },
	{ "NAS-PDU longer than its IE", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("03075d") }, 3, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "IE count beyond the IEs", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d") }, 3, 4, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "IE criticality 3", 0, 13, 0,
	  { MME_ID("0005"), { 8, 3, "0001" }, NAS("02075d") }, 3, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "NAS-PDU with a two-octet length under 128", 0, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("8002075d") }, 3, -1, NULL,
	  S1AP_OK, 2 },
	{ "message extension additions are skipped", 0, 13, 0x80,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d") }, 3, -1,
	  "01" "0100", S1AP_OK, 2 },
	{ "unknown IEs are skipped", 0, 13, 0,
	  { { 9999, 1, "aabbcc" }, MME_ID("0005"), ENB_ID("0001"),
	    NAS("02075d") }, 4, -1, NULL, S1AP_OK, 2 },
	{ "NAS-PDU IE where none is defined is not taken", 0, 23, 0,
	  { { S1AP_IE_UE_S1AP_IDS, 0, "4005" }, NAS("02075d") }, 2, -1,
	  NULL, S1AP_ENONAS, 0 },
	{ "ICS item with extension container and QoS addition", 0, 9, 0,
	  { MME_ID("0005"), ENB_ID("0001"),
	    { S1AP_IE_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ, 0,
	      "00" ICS_ITEM_EXT } }, 3, -1, NULL, S1AP_OK, 2 },
	{ "ICS item with a NAS-PDU running past the item", 0, 9, 0,
	  { MME_ID("0005"), ENB_ID("0001"),
	    { S1AP_IE_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ, 0,
	      "00" "003400" "11" "45" "00093c" "0f80c0a80001" "00000001"
	      "05075d" } }, 3, -1, NULL, S1AP_EMALFORMED, 0 },
	{ "ICS list counting two items, holding one", 0, 9, 0,
	  { MME_ID("0005"), ENB_ID("0001"),
	    { S1AP_IE_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ, 0,
	      "01" ICS_ITEM_EXT } }, 3, -1, NULL, S1AP_EMALFORMED, 0 },
	{ "ICS request without its E-RAB list", 0, 9, 0,
	  { MME_ID("0005"), ENB_ID("0001") }, 2, -1, NULL,
	  S1AP_EMALFORMED, 0 },
	{ "Private Message is opaque", 0, 39, 0,
	  { MME_ID("0005") }, 1, -1, NULL, S1AP_ENONAS, 0 },
	{ "unknown procedure still yields its ids", 0, 200, 0,
	  { MME_ID("0005"), ENB_ID("0001") }, 2, -1, NULL, S1AP_ENONAS, 0 },
	{ "outcome of a NAS procedure carries no NAS", 1, 13, 0,
	  { MME_ID("0005"), ENB_ID("0001"), NAS("02075d") }, 3, -1, NULL,
	  S1AP_ENONAS, 0 },
};

static void test_raw_cases(void)
{
	static uint8_t msg[MSG_MAX];
	struct s1ap_info info;
	size_t i, len;
	int r;

	for (i = 0; i < sizeof(raw_cases) / sizeof(raw_cases[0]); i++) {
		const struct raw_case *c = &raw_cases[i];

		len = s1ap_raw_assemble(msg, sizeof(msg), c->pdu_type, c->procedure,
					c->seq_octet, c->ies, c->n, c->count, c->tail);
		r = walk_exact(msg, len, &info);
		if (!tap_result(r == c->status &&
				(r != S1AP_OK || info.nas_len == c->nas_len),
				"raw: %s -> %s", c->name,
				s1ap_status_name(c->status)))
			tap_diag("got %s, nas %u@%u", s1ap_status_name(r),
				 info.nas_len, info.nas_offset);
	}
}

/* Header-level faults on a valid Downlink NAS Transport. */
static void test_header_faults(void)
{
	static uint8_t msg[MSG_MAX], bad[MSG_MAX];
	struct s1ap_info info;
	struct {
		const char *name;
		size_t at;
		uint8_t value;
		int status;
	} faults[] = {
		{ "S1AP-PDU choice index 3", 0, 0x60, S1AP_EMALFORMED },
		{ "S1AP-PDU extension alternative", 0, 0x80, S1AP_EUNSUPPORTED },
		{ "procedure criticality 3", 2, 0xc0, S1AP_EMALFORMED },
		{ "fragmented PDU length", 3, 0xc1, S1AP_EUNSUPPORTED },
		{ "PDU length one short", 3, 0, S1AP_EMALFORMED },
		{ "IE count 257", 5, 0x01, S1AP_EUNSUPPORTED },
	};
	size_t nas_offset, i;
	int len, r;

	len = b_downlink_nas(msg, sizeof(msg), &nas_offset);
	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		memcpy(bad, msg, len);
		if (faults[i].at == 3 && !faults[i].value)
			bad[3] = msg[3] - 1;
		else
			bad[faults[i].at] = faults[i].value;
		if (faults[i].at == 5)
			bad[6] = 0x01;
		r = walk_exact(bad, len, &info);
		tap_result(r == faults[i].status, "header: %s -> %s (got %s)",
			   faults[i].name, s1ap_status_name(faults[i].status),
			   s1ap_status_name(r));
	}
	r = walk_exact(msg, 0, &info);
	tap_result(r == S1AP_ETRUNCATED, "header: empty buffer is truncated");
}

/* ------------------------------------------------------------------ */
/* Dump for the tshark cross-check                                     */

static int dump_one(const char *dir, const char *name, const uint8_t *msg,
		    size_t len, int pdu_type, int procedure, int has_mme,
		    uint32_t mme, int has_enb, uint32_t enb,
		    const uint8_t *nas, size_t nas_len)
{
	static char hex[2 * MSG_MAX + 1];
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(msg, 1, len, f) != len || fclose(f))
		return -1;
	snprintf(path, sizeof(path), "%s/%s.expect", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "pdu=%d\nprocedure=%d\n", pdu_type, procedure);
	if (has_mme)
		fprintf(f, "mme=%u\n", mme);
	else
		fprintf(f, "mme=\n");
	if (has_enb)
		fprintf(f, "enb=%u\n", enb);
	else
		fprintf(f, "enb=\n");
	hex_format(nas, nas ? nas_len : 0, hex);
	fprintf(f, "nas=%s\n", hex);
	return fclose(f);
}

static int dump(const char *dir)
{
	static uint8_t msg[MSG_MAX];
	size_t i, nas_offset;
	long len;

	for (i = 0; i < N_CASES; i++) {
		const struct msg_case *c = &cases[i];

		len = c->build(msg, sizeof(msg), &nas_offset);
		if (len <= 0 ||
		    dump_one(dir, c->name, msg, len, c->pdu_type, c->procedure,
			     c->has_mme, c->mme, c->has_enb, c->enb, c->nas,
			     c->nas_len))
			return 1;
	}
	for (i = 0; i < N_CAPTURES; i++) {
		const struct capture *c = &captures[i];

		len = hex_parse(c->hex, msg, sizeof(msg));
		if (len <= 0 ||
		    dump_one(dir, c->name, msg, len, c->pdu_type, c->procedure,
			     c->has_mme, c->mme, c->has_enb, c->enb,
			     c->nas_len ? msg + c->nas_offset : NULL,
			     c->nas_len))
			return 1;
	}
	return 0;
}

static void init_inputs(void)
{
	static uint8_t ue[128];
	size_t i;

	/* The attach request inside the captured Initial UE Message. */
	if (hex_parse(captures[1].hex, ue, sizeof(ue)) < 65)
		abort();
	memcpy(nas_attach_request, ue + 18, sizeof(nas_attach_request));
	nas_long[0] = 0x27;
	for (i = 1; i < sizeof(nas_long); i++)
		nas_long[i] = (uint8_t)(i * 37 + 11);
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
		test_built(&cases[i]);
	for (i = 0; i < N_CAPTURES; i++)
		test_capture(&captures[i]);
	test_builder_matches_captures();
	test_builder_errors();
	test_raw_cases();
	test_header_faults();
	for (i = 0; i < N_CASES; i++)
		test_corruption(&cases[i]);
	return tap_finish();
}
