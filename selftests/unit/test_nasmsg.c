// SPDX-License-Identifier: GPL-2.0
/*
 * libnas (tools/lib/nas): every EMM/ESM message it knows, built with all
 * of its optional IEs and with none, must decode to what it was built
 * from and re-encode to the same octets; every prefix of it must fail to
 * decode or be an IE boundary of the non-imperative part; messages from
 * other implementations (open5gs's NAS unit tests, taken as facts) must
 * decode to the values read off their bytes; malformed and unknown input
 * must give the documented errno and STATUS cause.
 *
 * test_nasmsg --dump DIR writes each built message as DIR/NAME.bin and the
 * tshark fields it must decode to as DIR/NAME.expect (nasmsg-tshark.sh);
 * --corpus DIR writes them as fuzz_nasmsg seeds (a direction octet first).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nas_desc.h"
#include "nas_msg.h"
#include "tap.h"
#include "ue_nas.h"

#define MSG_MAX 4096

/* ------------------------------------------------------------------ */
/* Builders: one per message, full = every optional IE                 */

static const uint8_t pco[] = { 0x80, 0x00, 0x0d, 0x00 };	/* DNS IPv4 */
static const uint8_t epco[] = { 0x80, 0x00, 0x0d, 0x00 };
static const uint8_t rand_[16] = {
	0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
	0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35,
};
static const uint8_t autn[16] = {
	0xaa, 0x68, 0x9c, 0x64, 0x83, 0x70, 0x80, 0x00,
	0x6a, 0x4b, 0x21, 0xee, 0x2c, 0x1f, 0x2f, 0x6a,
};

/* ESM containers are built into these (one per message kind). */
static uint8_t esm_buf[4][256];

static void plmn(struct nas_plmn *p)
{
	if (nas_plmn_from_digits(p, "001", "01"))
		abort();
}

static void guti(struct nas_mobile_id *id, uint32_t m_tmsi)
{
	memset(id, 0, sizeof(*id));
	id->type = NAS_ID_GUTI;
	plmn(&id->guti.plmn);
	id->guti.mme_group = 0x8001;
	id->guti.mme_code = 0x1a;
	id->guti.m_tmsi = m_tmsi;
}

static void imsi(struct nas_mobile_id *id, const char *digits)
{
	memset(id, 0, sizeof(*id));
	id->type = NAS_ID_IMSI;
	strcpy(id->digits, digits);
}

static void esm_init(struct nas_msg *m, uint8_t type, enum nas_msg_dir dir,
		     uint8_t ebi, uint8_t pti)
{
	nas_msg_init(m, NAS_MSG_PD_ESM, type, dir);
	m->ebi = ebi;
	m->pti = pti;
}

static void b_pdn_conn_req(struct nas_msg *m, bool full)
{
	struct nas_pdn_conn_req *p = &m->u.pdn_req;

	esm_init(m, NAS_ESM_PDN_CONN_REQ, NAS_MSG_UL, 0, 1);
	p->request_type = 1;
	p->pdn_type = NAS_PDN_IPV4;
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_PCR_EIT) | NAS_OPT(NAS_O_PCR_APN) |
		 NAS_OPT(NAS_O_PCR_PCO) | NAS_OPT(NAS_O_PCR_DEVICE_PROPS) |
		 NAS_OPT(NAS_O_PCR_EPCO);
	p->eit = 1;
	strcpy(p->apn.name, "internet.example");
	p->pco = (struct nas_buf){ pco, sizeof(pco) };
	p->device_props = 1;
	p->epco = (struct nas_buf){ epco, sizeof(epco) };
}

static void b_pdn_conn_rej(struct nas_msg *m, bool full)
{
	struct nas_pdn_conn_rej *p = &m->u.pdn_rej;

	esm_init(m, NAS_ESM_PDN_CONN_REJ, NAS_MSG_DL, 0, 1);
	p->esm_cause = 27;	/* missing or unknown APN */
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_PCJ_PCO) | NAS_OPT(NAS_O_PCJ_BACKOFF) |
		 NAS_OPT(NAS_O_PCJ_REATTEMPT) | NAS_OPT(NAS_O_PCJ_EPCO);
	p->pco = (struct nas_buf){ pco, sizeof(pco) };
	p->backoff = 0x21;
	p->reattempt = (struct nas_buf){ (const uint8_t *)"\x00", 1 };
	p->epco = (struct nas_buf){ epco, sizeof(epco) };
}

static void b_esm_info_req(struct nas_msg *m, bool full)
{
	(void)full;
	esm_init(m, NAS_ESM_INFO_REQUEST, NAS_MSG_DL, 0, 1);
}

static void b_esm_info_resp(struct nas_msg *m, bool full)
{
	struct nas_esm_info_resp *p = &m->u.esm_info_resp;

	esm_init(m, NAS_ESM_INFO_RESPONSE, NAS_MSG_UL, 0, 1);
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_EIR_APN) | NAS_OPT(NAS_O_EIR_PCO) |
		 NAS_OPT(NAS_O_EIR_EPCO);
	strcpy(p->apn.name, "ims");
	p->pco = (struct nas_buf){ pco, sizeof(pco) };
	p->epco = (struct nas_buf){ epco, sizeof(epco) };
}

static void b_adb_req(struct nas_msg *m, bool full)
{
	static const uint8_t neg_qos[] = {
		0x0b, 0x92, 0x1f, 0x91, 0x96, 0xfe, 0xfe, 0x74, 0x72, 0x03,
		0x00, 0x00,
	};
	struct nas_act_def_bearer_req *p = &m->u.adb_req;
	static const uint8_t ip[4] = { 10, 45, 0, 2 };

	esm_init(m, NAS_ESM_ACT_DEF_BEARER_REQ, NAS_MSG_DL, 5, 1);
	p->qos.qci = 9;
	strcpy(p->apn.name, "internet");
	p->pdn_addr.type = NAS_PDN_IPV4;
	memcpy(p->pdn_addr.ipv4, ip, 4);
	if (!full)
		return;
	/* QCI 1 with MBR/GBR UL/DL 64 kbps (9.9.4.3). */
	p->qos.qci = 1;
	p->qos.nrates = 4;
	memset(p->qos.rates, 0x40, 4);
	m->opt = NAS_OPT(NAS_O_ADB_TI) | NAS_OPT(NAS_O_ADB_NEG_QOS) |
		 NAS_OPT(NAS_O_ADB_LLC_SAPI) | NAS_OPT(NAS_O_ADB_RADIO_PRIO) |
		 NAS_OPT(NAS_O_ADB_PFI) | NAS_OPT(NAS_O_ADB_APN_AMBR) |
		 NAS_OPT(NAS_O_ADB_ESM_CAUSE) | NAS_OPT(NAS_O_ADB_PCO) |
		 NAS_OPT(NAS_O_ADB_CONN_TYPE) | NAS_OPT(NAS_O_ADB_EPCO);
	p->ti = (struct nas_buf){ (const uint8_t *)"\x10", 1 };
	p->neg_qos = (struct nas_buf){ neg_qos, sizeof(neg_qos) };
	p->llc_sapi = 3;
	p->radio_prio = 1;
	p->pfi = (struct nas_buf){ (const uint8_t *)"\x80", 1 };
	p->apn_ambr = (struct nas_buf){ (const uint8_t *)"\xfe\xfe", 2 };
	p->esm_cause = 50;	/* PDN type IPv4 only allowed */
	p->pco = (struct nas_buf){ pco, sizeof(pco) };
	p->conn_type = 1;
	p->epco = (struct nas_buf){ epco, sizeof(epco) };
}

static void b_adb_acc(struct nas_msg *m, bool full)
{
	esm_init(m, NAS_ESM_ACT_DEF_BEARER_ACC, NAS_MSG_UL, 5, 0);
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_ADA_PCO) | NAS_OPT(NAS_O_ADA_EPCO);
	m->u.adb_acc.pco = (struct nas_buf){ pco, sizeof(pco) };
	m->u.adb_acc.epco = (struct nas_buf){ epco, sizeof(epco) };
}

static void b_adb_rej(struct nas_msg *m, bool full)
{
	esm_init(m, NAS_ESM_ACT_DEF_BEARER_REJ, NAS_MSG_UL, 5, 0);
	m->u.adb_rej.esm_cause = 31;	/* request rejected, unspecified */
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_ADJ_PCO) | NAS_OPT(NAS_O_ADJ_EPCO);
	m->u.adb_rej.pco = (struct nas_buf){ pco, sizeof(pco) };
	m->u.adb_rej.epco = (struct nas_buf){ epco, sizeof(epco) };
}

static void b_esm_status(struct nas_msg *m, bool full)
{
	(void)full;
	esm_init(m, NAS_ESM_STATUS, NAS_MSG_DL, 5, 0);
	m->u.esm_status.esm_cause = 43;	/* invalid EPS bearer identity */
}

/* The ESM message container of an EMM message, from another builder. */
static struct nas_buf esm_of(void (*build)(struct nas_msg *, bool), bool full,
			     int slot)
{
	struct nas_msg esm;
	struct nas_buf c;

	build(&esm, full);
	if (nas_msg_esm_encode(&esm, esm_buf[slot], sizeof(esm_buf[slot]),
			       &c) < 0)
		abort();
	return c;
}

static void emm_init(struct nas_msg *m, uint8_t type, enum nas_msg_dir dir)
{
	nas_msg_init(m, NAS_MSG_PD_EMM, type, dir);
}

static void b_attach_request(struct nas_msg *m, bool full)
{
	static const uint8_t netcap_min[] = { 0xe0, 0xe0 };
	static const uint8_t netcap[] = { 0xf0, 0x70, 0xc0, 0x40, 0x19 };
	struct nas_attach_request *p = &m->u.attach_req;

	emm_init(m, NAS_EMM_ATTACH_REQUEST, NAS_MSG_UL);
	p->attach_type = 1;
	p->ksi.ksi = 7;
	imsi(&p->id, "001010123456789");
	p->ue_net_cap.len = sizeof(netcap_min);
	memcpy(p->ue_net_cap.octets, netcap_min, sizeof(netcap_min));
	p->esm = esm_of(b_pdn_conn_req, full, 0);
	if (!full)
		return;
	guti(&p->id, 0xc0ffee01);
	p->ksi.ksi = 3;
	p->ue_net_cap.len = sizeof(netcap);
	memcpy(p->ue_net_cap.octets, netcap, sizeof(netcap));
	m->opt = (uint32_t)NAS_OPT(NAS_O_AR_UE_ADD_SEC_CAP + 1) - 1;
	p->old_ptmsi_sig = (struct nas_buf){ (const uint8_t *)"\x01\x02\x03", 3 };
	guti(&p->add_guti, 0x12345678);
	plmn(&p->last_tai.plmn);
	p->last_tai.tac = 0x3039;
	p->drx = (struct nas_buf){ (const uint8_t *)"\x0a\x00", 2 };
	p->ms_net_cap = (struct nas_buf){ (const uint8_t *)"\xe5\xe0\x34", 3 };
	p->old_lai = (struct nas_buf){ (const uint8_t *)"\x00\xf1\x10\x12\x34",
				       5 };
	p->tmsi_status = 0;
	p->ms_cm2 = (struct nas_buf){ (const uint8_t *)"\x57\x58\xa6", 3 };
	p->ms_cm3 = (struct nas_buf){ (const uint8_t *)"\x60\x14\x04\xef\x65"
				      "\x23\x3b\x88\x78\xd2\x90", 11 };
	p->codecs = (struct nas_buf){ (const uint8_t *)"\x04\x02\x60\x04\x00"
				      "\x02\x1f\x02", 8 };
	p->add_update_type = 1;
	p->voice_pref = (struct nas_buf){ (const uint8_t *)"\x01", 1 };
	p->device_props = 1;
	p->old_guti_type = 1;
	p->ms_net_feat = 1;
	p->nri = (struct nas_buf){ (const uint8_t *)"\x12\x34", 2 };
	p->t3324 = 0x21;
	p->t3412_ext = 0x05;
	p->edrx = (struct nas_buf){ (const uint8_t *)"\x05", 1 };
	p->ue_add_sec_cap = (struct nas_buf){ (const uint8_t *)"\x80\x00\x80\x00",
					      4 };
}

static void tai_list(struct nas_tai_list *l, bool full)
{
	struct nas_tai_part *p = &l->part[0];

	memset(l, 0, sizeof(*l));
	l->nparts = 1;
	p->type = 0;
	p->n = 1;
	plmn(&p->tai[0].plmn);
	p->tai[0].tac = 1;
	if (!full)
		return;
	l->nparts = 3;
	p->n = 2;
	plmn(&p->tai[1].plmn);
	p->tai[1].tac = 7;
	p = &l->part[1];
	p->type = 1;
	p->n = 3;
	plmn(&p->tai[0].plmn);
	p->tai[0].tac = 100;
	plmn(&p->tai[1].plmn);
	p->tai[1].tac = 101;
	plmn(&p->tai[2].plmn);
	p->tai[2].tac = 102;
	p = &l->part[2];
	p->type = 2;
	p->n = 2;
	plmn(&p->tai[0].plmn);
	p->tai[0].tac = 200;
	if (nas_plmn_from_digits(&p->tai[1].plmn, "310", "410"))
		abort();
	p->tai[1].tac = 300;
}

static void b_attach_accept(struct nas_msg *m, bool full)
{
	struct nas_attach_accept *p = &m->u.attach_acc;

	emm_init(m, NAS_EMM_ATTACH_ACCEPT, NAS_MSG_DL);
	p->result = 1;
	p->t3412 = nas_gprs_timer_from_secs(54 * 60);
	tai_list(&p->tai_list, full);
	p->esm = esm_of(b_adb_req, full, 1);
	if (!full)
		return;
	p->result = 2;
	m->opt = (uint32_t)NAS_OPT(NAS_O_AA_EDRX + 1) - 1;
	guti(&p->guti, 0xdeadbeef);
	p->lai = (struct nas_buf){ (const uint8_t *)"\x00\xf1\x10\xff\xfd", 5 };
	p->ms_id.type = NAS_ID_TMSI;
	p->ms_id.tmsi = 0x00e102d4;
	p->emm_cause = 16;	/* MSC temporarily not reachable */
	p->t3402 = 0x2c;
	p->t3423 = 0x23;
	p->eplmns = (struct nas_buf){ (const uint8_t *)"\x13\x00\x14", 3 };
	p->ecn_list = (struct nas_buf){ (const uint8_t *)"\x03\x1f\x19\xf1", 4 };
	p->eps_net_feat = (struct nas_buf){ (const uint8_t *)"\x01", 1 };
	p->add_update_result = 1;
	p->t3412_ext = 0x21;
	p->t3324 = 0x21;
	p->edrx = (struct nas_buf){ (const uint8_t *)"\x05", 1 };
}

static void b_attach_complete(struct nas_msg *m, bool full)
{
	emm_init(m, NAS_EMM_ATTACH_COMPLETE, NAS_MSG_UL);
	m->u.attach_cpl.esm = esm_of(b_adb_acc, full, 2);
}

static void b_attach_reject(struct nas_msg *m, bool full)
{
	struct nas_attach_reject *p = &m->u.attach_rej;

	emm_init(m, NAS_EMM_ATTACH_REJECT, NAS_MSG_DL);
	p->emm_cause = 15;	/* no suitable cells in tracking area */
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_AJ_ESM) | NAS_OPT(NAS_O_AJ_T3346) |
		 NAS_OPT(NAS_O_AJ_T3402) | NAS_OPT(NAS_O_AJ_EXT_CAUSE);
	p->esm = esm_of(b_pdn_conn_rej, true, 3);
	p->t3346 = 0x21;
	p->t3402 = 0x2c;
	p->ext_cause = 1;
}

static void b_detach_request_ul(struct nas_msg *m, bool full)
{
	struct nas_detach_request *p = &m->u.detach_req;

	emm_init(m, NAS_EMM_DETACH_REQUEST, NAS_MSG_UL);
	p->detach_type = 1;		/* EPS detach */
	p->ksi.ksi = 2;
	imsi(&p->id, "001010000000001");
	if (!full)
		return;
	p->detach_type = 0x08 | 3;	/* switch off, combined */
	guti(&p->id, 0xc0ffee01);
}

static void b_detach_request_dl(struct nas_msg *m, bool full)
{
	emm_init(m, NAS_EMM_DETACH_REQUEST, NAS_MSG_DL);
	m->u.detach_req.detach_type = 1;	/* re-attach required */
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_DR_EMM_CAUSE);
	m->u.detach_req.emm_cause = 7;	/* EPS services not allowed */
}

static void b_detach_accept_ul(struct nas_msg *m, bool full)
{
	(void)full;
	emm_init(m, NAS_EMM_DETACH_ACCEPT, NAS_MSG_UL);
}

static void b_detach_accept_dl(struct nas_msg *m, bool full)
{
	(void)full;
	emm_init(m, NAS_EMM_DETACH_ACCEPT, NAS_MSG_DL);
}

static void b_auth_request(struct nas_msg *m, bool full)
{
	emm_init(m, NAS_EMM_AUTH_REQUEST, NAS_MSG_DL);
	m->u.auth_req.ksi.ksi = full ? 6 : 0;
	memcpy(m->u.auth_req.rand, rand_, 16);
	memcpy(m->u.auth_req.autn, autn, 16);
}

static void b_auth_response(struct nas_msg *m, bool full)
{
	static const uint8_t res[16] = {
		0xa5, 0x42, 0x11, 0xd5, 0xe3, 0xba, 0x50, 0xbf,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	};

	emm_init(m, NAS_EMM_AUTH_RESPONSE, NAS_MSG_UL);
	m->u.auth_resp.res.len = full ? 16 : 4;
	memcpy(m->u.auth_resp.res.v, res, 16);
}

static void b_auth_reject(struct nas_msg *m, bool full)
{
	(void)full;
	emm_init(m, NAS_EMM_AUTH_REJECT, NAS_MSG_DL);
}

static void b_auth_failure(struct nas_msg *m, bool full)
{
	emm_init(m, NAS_EMM_AUTH_FAILURE, NAS_MSG_UL);
	m->u.auth_fail.emm_cause = NAS_EMM_CAUSE_MAC_FAILURE;
	if (!full)
		return;
	m->u.auth_fail.emm_cause = NAS_EMM_CAUSE_SYNCH_FAILURE;
	m->opt = NAS_OPT(NAS_O_AF_AUTS);
	memcpy(m->u.auth_fail.auts, rand_, 14);
}

static void b_identity_request(struct nas_msg *m, bool full)
{
	emm_init(m, NAS_EMM_IDENTITY_REQUEST, NAS_MSG_DL);
	m->u.id_req.id_type = full ? NAS_ID_IMEISV : NAS_ID_IMSI;
}

static void b_identity_response(struct nas_msg *m, bool full)
{
	struct nas_mobile_id *id = &m->u.id_resp.id;

	emm_init(m, NAS_EMM_IDENTITY_RESPONSE, NAS_MSG_UL);
	imsi(id, "001010123456789");
	if (!full)
		return;
	id->type = NAS_ID_IMEISV;
	strcpy(id->digits, "3534900698733016");
}

static void b_smc(struct nas_msg *m, bool full)
{
	struct nas_smc *p = &m->u.smc;
	struct nas_ue_net_cap nc = {
		.len = 5, .octets = { 0xf0, 0x70, 0xc0, 0x40, 0x19 },
	};

	emm_init(m, NAS_EMM_SMC, NAS_MSG_DL);
	p->algs.eea = 0;
	p->algs.eia = 2;
	p->ksi.ksi = 1;
	p->ue_sec_cap.len = 2;
	p->ue_sec_cap.octets[0] = 0xe0;
	p->ue_sec_cap.octets[1] = 0xe0;
	if (!full)
		return;
	p->algs.eea = 2;
	if (nas_ue_net_cap_parse(&nc))
		abort();
	nas_ue_sec_cap_from_net_cap(&p->ue_sec_cap, &nc, true, 0x60);
	m->opt = (uint32_t)NAS_OPT(NAS_O_SMC_UE_ADD_SEC_CAP + 1) - 1;
	p->imeisv_req = 1;
	memcpy(p->nonce_ue, "\x11\x22\x33\x44", 4);
	memcpy(p->nonce_mme, "\x55\x66\x77\x88", 4);
	memcpy(p->hash_mme, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
	p->ue_add_sec_cap = (struct nas_buf){ (const uint8_t *)"\x80\x00\x80\x00",
					      4 };
}

static void b_smc_complete(struct nas_msg *m, bool full)
{
	static uint8_t replay[MSG_MAX];
	struct nas_msg ar;
	int n;

	emm_init(m, NAS_EMM_SMC_COMPLETE, NAS_MSG_UL);
	if (!full)
		return;
	m->opt = NAS_OPT(NAS_O_SMCC_IMEISV) | NAS_OPT(NAS_O_SMCC_NAS_MSG);
	m->u.smc_cpl.imeisv.type = NAS_ID_IMEISV;
	strcpy(m->u.smc_cpl.imeisv.digits, "3534900698733016");
	b_attach_request(&ar, false);
	n = nas_msg_encode(&ar, replay, sizeof(replay));
	if (n < 0)
		abort();
	m->u.smc_cpl.nas_msg = (struct nas_buf){ replay, n };
}

static void b_smc_reject(struct nas_msg *m, bool full)
{
	(void)full;
	emm_init(m, NAS_EMM_SMC_REJECT, NAS_MSG_UL);
	m->u.smc_rej.emm_cause = NAS_EMM_CAUSE_UE_SEC_CAP_MISMATCH;
}

static void b_emm_status(struct nas_msg *m, bool full)
{
	(void)full;
	emm_init(m, NAS_EMM_STATUS, NAS_MSG_DL);
	m->u.emm_status.emm_cause = NAS_EMM_CAUSE_INVALID_MANDATORY_INFO;
}

static void b_emm_information(struct nas_msg *m, bool full)
{
	/* 24.008 10.5.3.5a: UCS2 (coding 001), no CI, then "nas". */
	static const uint8_t name[] = { 0x90, 0x00, 'n', 0x00, 'a', 0x00, 's' };
	struct nas_emm_information *p = &m->u.emm_info;

	emm_init(m, NAS_EMM_INFORMATION, NAS_MSG_DL);
	if (!full)
		return;
	m->opt = (uint32_t)NAS_OPT(NAS_O_EI_DST + 1) - 1;
	p->full_name = (struct nas_buf){ name, sizeof(name) };
	p->short_name = (struct nas_buf){ name, sizeof(name) };
	p->tz = 0x40;
	/* 2026-12-03 17:05:00, semi-octets swapped (24.008 10.5.3.9). */
	memcpy(p->time_tz, "\x62\x21\x30\x71\x50\x00\x40", 7);
	p->dst = 0;
}

/*
 * tshark's view of each message: fields (as tshark -T fields prints the
 * first occurrence) it must show. Types are checked for all.
 */
struct nas_case {
	const char *name;
	void (*build)(struct nas_msg *m, bool full);
	const char *expect_min, *expect_full;
};

static const struct nas_case cases[] = {
	{ "attach_request", b_attach_request,
	  "e212.imsi=001010123456789\nnas_eps.emm.eps_att_type=1\n"
	  "nas_eps.emm.nas_key_set_id=7\nnas_eps.esm_pdn_type=1\n",
	  "nas_eps.emm.m_tmsi=3237998081\nnas_eps.emm.mme_grp_id=32769\n"
	  "nas_eps.emm.nas_key_set_id=3\nnas_eps.emm.tai_tac=12345\n"
	  "gsm_a.gm.sm.apn=internet.example\n" },
	{ "attach_accept", b_attach_accept,
	  "nas_eps.emm.EPS_attach_result=1\nnas_eps.emm.tai_tac=1\n"
	  "nas_eps.esm.qci=9\nnas_eps.esm.pdn_ipv4=10.45.0.2\n"
	  "gsm_a.gm.sm.apn=internet\n",
	  "nas_eps.emm.EPS_attach_result=2\nnas_eps.emm.m_tmsi=3735928559\n"
	  "gsm_a.ie.mobileid.type=4\nnas_eps.emm.cause=16\n"
	  "nas_eps.esm.cause=50\n" },
	{ "attach_complete", b_attach_complete,
	  "nas_eps.bearer_id=5\n", "nas_eps.bearer_id=5\n" },
	{ "attach_reject", b_attach_reject,
	  "nas_eps.emm.cause=15\n",
	  "nas_eps.emm.cause=15\nnas_eps.esm.cause=27\n" },
	{ "detach_request_ul", b_detach_request_ul,
	  "nas_eps.emm.switch_off=0\nnas_eps.emm.detach_type_ul=1\n"
	  "e212.imsi=001010000000001\n",
	  "nas_eps.emm.switch_off=1\nnas_eps.emm.detach_type_ul=3\n"
	  "nas_eps.emm.m_tmsi=3237998081\n" },
	{ "detach_request_dl", b_detach_request_dl,
	  "nas_eps.emm.detach_type_dl=1\n",
	  "nas_eps.emm.detach_type_dl=1\nnas_eps.emm.cause=7\n" },
	{ "detach_accept_ul", b_detach_accept_ul, "", "" },
	{ "detach_accept_dl", b_detach_accept_dl, "", "" },
	{ "auth_request", b_auth_request,
	  "nas_eps.emm.nas_key_set_id=0\n"
	  "gsm_a.dtap.rand=23553cbe9637a89d218ae64dae47bf35\n"
	  "gsm_a.dtap.autn=aa689c64837080006a4b21ee2c1f2f6a\n",
	  "nas_eps.emm.nas_key_set_id=6\n" },
	{ "auth_response", b_auth_response,
	  "nas_eps.emm.res=a54211d5\n",
	  "nas_eps.emm.res=a54211d5e3ba50bf0102030405060708\n" },
	{ "auth_reject", b_auth_reject, "", "" },
	{ "auth_failure", b_auth_failure,
	  "nas_eps.emm.cause=20\n",
	  "nas_eps.emm.cause=21\n"
	  "gsm_a.dtap.auts=23553cbe9637a89d218ae64dae47\n" },
	{ "identity_request", b_identity_request,
	  "nas_eps.emm.id_type2=1\n", "nas_eps.emm.id_type2=3\n" },
	{ "identity_response", b_identity_response,
	  "e212.imsi=001010123456789\n", "gsm_a.imeisv=3534900698733016\n" },
	{ "security_mode_command", b_smc,
	  "nas_eps.emm.toi=2\nnas_eps.emm.toc=0\nnas_eps.emm.nas_key_set_id=1\n",
	  "nas_eps.emm.toi=2\nnas_eps.emm.toc=2\nnas_eps.emm.imeisv_req=1\n" },
	{ "security_mode_complete", b_smc_complete,
	  "", "gsm_a.imeisv=3534900698733016\n" },
	{ "security_mode_reject", b_smc_reject, "nas_eps.emm.cause=23\n", NULL },
	{ "emm_status", b_emm_status, "nas_eps.emm.cause=96\n", NULL },
	{ "emm_information", b_emm_information, "",
	  "gsm_a.dtap.text_string=nas\n" },
	{ "pdn_connectivity_request", b_pdn_conn_req,
	  "nas_eps.esm_pdn_type=1\nnas_eps.esm_request_type=1\n",
	  "gsm_a.gm.sm.apn=internet.example\n" },
	{ "pdn_connectivity_reject", b_pdn_conn_rej,
	  "nas_eps.esm.cause=27\n", "nas_eps.esm.cause=27\n" },
	{ "esm_information_request", b_esm_info_req, "", NULL },
	{ "esm_information_response", b_esm_info_resp, "",
	  "gsm_a.gm.sm.apn=ims\n" },
	{ "activate_default_bearer_request", b_adb_req,
	  "nas_eps.bearer_id=5\nnas_eps.esm.qci=9\n"
	  "nas_eps.esm.pdn_ipv4=10.45.0.2\ngsm_a.gm.sm.apn=internet\n",
	  "nas_eps.esm.qci=1\nnas_eps.esm.cause=50\n" },
	{ "activate_default_bearer_accept", b_adb_acc,
	  "nas_eps.bearer_id=5\n", "nas_eps.bearer_id=5\n" },
	{ "activate_default_bearer_reject", b_adb_rej,
	  "nas_eps.esm.cause=31\n", "nas_eps.esm.cause=31\n" },
	{ "esm_status", b_esm_status, "nas_eps.esm.cause=43\n", NULL },
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* ------------------------------------------------------------------ */
/* Round trip and truncation                                           */

static int encode(const struct nas_msg *m, uint8_t *buf)
{
	return nas_msg_encode(m, buf, MSG_MAX);
}

/* Decodes an exact-size heap copy, so that ASan sees any overread. */
static int decode_copy(const uint8_t *msg, size_t len, enum nas_msg_dir dir,
		       struct nas_msg *m, struct nas_diag *d)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	if (!copy)
		abort();
	memcpy(copy, msg, len);
	r = nas_msg_decode(copy, len, dir, m, d);
	free(copy);
	return r;
}

static void test_case(const struct nas_case *c, bool full)
{
	static uint8_t a[MSG_MAX], b[MSG_MAX];
	const char *v = full ? "all optional IEs" : "no optional IEs";
	struct nas_msg m, d;
	struct nas_diag diag;
	int n, n2, r;
	size_t len, bad = 0, ok_prefixes = 0;

	c->build(&m, full);
	n = encode(&m, a);
	if (!tap_result(n > 0, "%s with %s encodes (%d)", c->name, v, n))
		return;
	r = nas_msg_decode(a, n, m.dir, &d, &diag);
	tap_result(r == 0 && !diag.cause && !diag.unknown && !diag.ignored,
		   "%s with %s decodes cleanly (%d, cause %u)", c->name, v, r,
		   diag.cause);
	tap_result(d.pd == m.pd && d.type == m.type && d.opt == m.opt &&
		   d.ebi == m.ebi && d.pti == m.pti,
		   "%s with %s: header and optional IEs decode as built",
		   c->name, v);
	n2 = encode(&d, b);
	tap_result(n2 == n && !memcmp(a, b, n),
		   "%s with %s re-encodes to the same %d octets", c->name, v, n);
	for (len = 0; len < (size_t)n; len++) {
		/* An exact-size heap copy, so that ASan sees any overread;
		 * kept while d points into it. */
		uint8_t *copy = malloc(len ? len : 1);

		if (!copy)
			abort();
		memcpy(copy, a, len);
		r = nas_msg_decode(copy, len, m.dir, &d, &diag);
		if (!r) {
			/* Only a cut between two optional IEs may decode,
			 * and then to exactly that prefix. */
			n2 = encode(&d, b);
			if (n2 != (int)len || memcmp(a, b, len))
				bad++;
			ok_prefixes++;
		} else if (r != -EBADMSG) {
			bad++;
		}
		free(copy);
	}
	tap_result(!bad, "%s with %s: each of %d prefixes is -EBADMSG or an "
		   "IE boundary (%zu boundaries)", c->name, v, n, ok_prefixes);
	for (len = 0; len < (size_t)n; len++)
		if (nas_msg_encode(&m, b, len) != -ENOSPC)
			bad++;
	tap_result(!bad, "%s with %s: every buffer shorter than %d is -ENOSPC",
		   c->name, v, n);
}

/* ------------------------------------------------------------------ */
/* Messages of other implementations (facts)                          */

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;

	while (hex[0] && hex[1]) {
		unsigned int v;

		if (sscanf(hex, "%2x", &v) != 1)
			abort();
		out[n++] = v;
		hex += 2;
	}
	return n;
}

/*
 * Decodes hex (a plain message, or one behind a security header) and
 * checks it re-encodes to the same octets; m points into buf.
 */
static int decode_known(const char *hex, enum nas_msg_dir dir, uint8_t *buf,
			struct nas_msg *m, const char *what)
{
	static uint8_t re[MSG_MAX];
	struct nas_msg_outer o;
	struct nas_diag diag;
	size_t n = unhex(hex, buf);
	int r;

	r = nas_msg_outer(buf, n, &o);
	if (!r)
		r = nas_msg_decode(buf + o.inner_off, o.inner_len, dir, m, &diag);
	tap_result(r == 0 && !diag.unknown && !diag.ignored && !diag.cause,
		   "%s decodes cleanly (%d)", what, r);
	if (r)
		return r;
	tap_result(nas_msg_encode(m, re, sizeof(re)) == (int)o.inner_len &&
		   !memcmp(buf + o.inner_off, re, o.inner_len),
		   "%s re-encodes to its %zu octets", what, o.inner_len);
	return 0;
}

/* Captures kept by pycrate's NAS tests (test/test_mobile.py), as facts:
 * expected values read off the bytes by hand (TS 24.301 8-9).
 */
static void test_pycrate_messages(void)
{
	static uint8_t buf[MSG_MAX];
	const struct nas_attach_accept *aa;
	struct nas_ue_sec_cap sc;
	const struct nas_guti *g;
	struct nas_msg m, esm;
	char mcc[4], mnc[4];

	if (!decode_known("17d2eba20a020741020bf602f8107500e0c301732f04e060c040"
			  "00240202d011d1271d8080211001000010810600000000830600"
			  "000000000d00000a000010005c0a003103e5e0341302f8100405"
			  "11035758a65d0100c1", NAS_MSG_UL, buf, &m,
			  "pycrate Attach request (header type 1)")) {
		g = &m.u.attach_req.id.guti;
		nas_plmn_to_digits(&g->plmn, mcc, mnc);
		tap_result(m.u.attach_req.id.type == NAS_ID_GUTI &&
			   !strcmp(mcc, "208") && !strcmp(mnc, "01") &&
			   g->mme_group == 29952 && g->mme_code == 224 &&
			   g->m_tmsi == 0xc301732f &&
			   m.u.attach_req.ue_net_cap.eea == 0x07 &&
			   m.u.attach_req.ue_net_cap.eia == 0x06 &&
			   (m.opt & NAS_OPT(NAS_O_AR_OLD_LAI)),
			   "pycrate Attach request: GUTI 208-01 MMEGI 29952 "
			   "MMEC 224 M-TMSI 0xc301732f, EEA0-2, EIA1-2");
		/* The same capture's SMC replays GEA octet 0x70. */
		tap_result(nas_ms_net_cap_gea(&m.u.attach_req.ms_net_cap) ==
			   0x70,
			   "pycrate Attach request: MS network capability "
			   "e5 e0 34 gives GEA1-3 (0x70)");
		nas_ue_sec_cap_from_net_cap(&sc, &m.u.attach_req.ue_net_cap, true,
					    0x70);
		tap_result(sc.len == 5 && !memcmp(sc.octets, "\xe0\x60\xc0\x40"
						  "\x70", 5),
			   "pycrate Attach request: its UE security capability "
			   "is the one its SMC replays (e0 60 c0 40 70)");
		tap_result(!nas_msg_esm_decode(&m.u.attach_req.esm, NAS_MSG_UL,
					       &esm, NULL) &&
			   esm.type == NAS_ESM_PDN_CONN_REQ && esm.pti == 2 &&
			   esm.u.pdn_req.eit == 1 && esm.u.pdn_req.pco.len == 29,
			   "pycrate Attach request: PDN connectivity request, "
			   "PTI 2, EIT, PCO of 29 octets");
	}
	if (!decode_known("170d22f6f1030756080900000000000000", NAS_MSG_UL, buf,
			  &m, "pycrate Identity response (header type 1)"))
		tap_result(m.u.id_resp.id.type == NAS_ID_IMSI &&
			   !strcmp(m.u.id_resp.id.digits, "000000000000000"),
			   "pycrate Identity response: IMSI 000000000000000");
	if (!decode_known("17450740e3040753083ec3a476f829b414", NAS_MSG_UL, buf,
			  &m, "pycrate Authentication response"))
		tap_result(m.u.auth_resp.res.len == 8 &&
			   !memcmp(m.u.auth_resp.res.v,
				   "\x3e\xc3\xa4\x76\xf8\x29\xb4\x14", 8),
			   "pycrate Authentication response: RES of 8 octets");
	if (!decode_known("075e23093395684292874145f0", NAS_MSG_UL, buf, &m,
			  "pycrate Security mode complete"))
		tap_result(m.u.smc_cpl.imeisv.type == NAS_ID_IMEISV &&
			   !strcmp(m.u.smc_cpl.imeisv.digits,
				   "3598624297814540"),
			   "pycrate Security mode complete: IMEISV "
			   "3598624297814540");
	if (!decode_known("0202da2807066f72616e6765", NAS_MSG_UL, buf, &m,
			  "pycrate ESM information response"))
		tap_result(m.pti == 2 &&
			   !strcmp(m.u.esm_info_resp.apn.name, "orange"),
			   "pycrate ESM information response: PTI 2, APN orange");
	if (!decode_known("0745630bf602f8108003c8c2e65e9a", NAS_MSG_UL, buf, &m,
			  "pycrate Detach request (UE originating)"))
		tap_result(m.u.detach_req.detach_type == 3 &&
			   m.u.detach_req.ksi.ksi == 6 &&
			   m.u.detach_req.id.guti.mme_group == 32771 &&
			   m.u.detach_req.id.guti.mme_code == 200 &&
			   m.u.detach_req.id.guti.m_tmsi == 0xc2e65e9a,
			   "pycrate Detach request: combined, KSI 6, GUTI MMEGI "
			   "32771 MMEC 200 M-TMSI 0xc2e65e9a");
	if (!decode_known("075206905ada1e7da557ada1e72650e21ee5e3104bfb73f6b455"
			  "8000b1903ab88a27237f", NAS_MSG_DL, buf, &m,
			  "pycrate Authentication request"))
		tap_result(m.u.auth_req.ksi.ksi == 6 &&
			   m.u.auth_req.rand[0] == 0x90 &&
			   m.u.auth_req.rand[15] == 0xe3 &&
			   m.u.auth_req.autn[0] == 0x4b &&
			   m.u.auth_req.autn[15] == 0x7f,
			   "pycrate Authentication request: KSI 6, RAND, AUTN");
	if (!decode_known("37e8a14bcf00075d220605e060c04070c1", NAS_MSG_DL, buf,
			  &m, "pycrate Security mode command (header type 3)"))
		tap_result(m.u.smc.algs.eea == 2 && m.u.smc.algs.eia == 2 &&
			   m.u.smc.ksi.ksi == 6 && m.u.smc.ue_sec_cap.len == 5 &&
			   m.u.smc.ue_sec_cap.octets[4] == 0x70 &&
			   m.u.smc.imeisv_req == 1,
			   "pycrate Security mode command: EEA2/EIA2, KSI 6, "
			   "5-octet capabilities with GEA, IMEISV requested");
	decode_known("0202d9", NAS_MSG_DL, buf, &m,
		     "pycrate ESM information request");
	if (!decode_known("07614308004f79d87d2e838c4508004f79d87d2e838c47710191"
			  "90616180490101", NAS_MSG_DL, buf, &m,
			  "pycrate EMM information"))
		tap_result(m.u.emm_info.full_name.len == 8 &&
			   m.u.emm_info.short_name.len == 8 &&
			   m.u.emm_info.time_tz[0] == 0x71 &&
			   m.u.emm_info.dst == 1 &&
			   !(m.opt & NAS_OPT(NAS_O_EI_TZ)),
			   "pycrate EMM information: names, time, DST");
	if (decode_known("07420249062302f810c4c000725202c101081a066f72616e6765"
			 "066d6e63303031066d6363323038046770727305010a7456415d"
			 "010030101c911f7396fefe734bffff00fa00fa00320384340100"
			 "5e06fefedddd1010272780000d04c0a80a6e80210a0300000a81"
			 "06c0a80a6e80210a0400000a83060000000000100205dc500bf6"
			 "02f8108003c8c2e65e9a1302f81004055949640103f05e0106",
			 NAS_MSG_DL, buf, &m, "pycrate Attach accept"))
		return;
	aa = &m.u.attach_acc;
	tap_result(aa->result == 2 && nas_gprs_timer_secs(aa->t3412) == 3240 &&
		   aa->tai_list.nparts == 1 && aa->tai_list.part[0].type == 1 &&
		   aa->tai_list.part[0].n == 4 &&
		   aa->tai_list.part[0].tai[3].tac == 0xc4c3 &&
		   aa->guti.guti.m_tmsi == 0xc2e65e9a && aa->t3423 == 0x49 &&
		   aa->t3412_ext == 0x06 &&
		   (m.opt & NAS_OPT(NAS_O_AA_ADD_UPDATE_RESULT)),
		   "pycrate Attach accept: combined, T3412 54 min, TACs "
		   "0xc4c0-0xc4c3, GUTI, T3423, T3412 extended");
	tap_result(!nas_msg_esm_decode(&aa->esm, NAS_MSG_DL, &esm, NULL) &&
		   esm.ebi == 5 && esm.pti == 2 && esm.u.adb_req.qos.qci == 8 &&
		   !strcmp(esm.u.adb_req.apn.name,
			   "orange.mnc001.mcc208.gprs") &&
		   !memcmp(esm.u.adb_req.pdn_addr.ipv4, "\x0a\x74\x56\x41", 4) &&
		   esm.u.adb_req.llc_sapi == 3 && esm.u.adb_req.radio_prio == 4 &&
		   esm.u.adb_req.apn_ambr.len == 6 && esm.u.adb_req.pco.len == 39,
		   "pycrate Attach accept: bearer 5, QCI 8, APN "
		   "orange.mnc001.mcc208.gprs, 10.116.86.65, APN-AMBR, PCO");
}

static void test_known_messages(void)
{
	static uint8_t buf[MSG_MAX], re[MSG_MAX];
	struct nas_msg m, esm;
	struct nas_diag diag;
	char mcc[4], mnc[4];
	size_t n;
	int r;

	/* open5gs tests/unit nas-message-test.c, Attach request (UE). */
	n = unhex("0741020bf600f110000201030003e605f07000001000050215d011d1"
		  "5200f11030395c0a003103e5e0349011035758a65d0100e0c1", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_UL, &m, &diag);
	tap_result(r == 0 && m.type == NAS_EMM_ATTACH_REQUEST &&
		   !diag.unknown, "open5gs Attach request decodes (%d)", r);
	nas_plmn_to_digits(&m.u.attach_req.id.guti.plmn, mcc, mnc);
	tap_result(m.u.attach_req.attach_type == 2 &&
		   m.u.attach_req.ksi.ksi == 0 &&
		   m.u.attach_req.id.type == NAS_ID_GUTI &&
		   !strcmp(mcc, "001") && !strcmp(mnc, "01") &&
		   m.u.attach_req.id.guti.mme_group == 2 &&
		   m.u.attach_req.id.guti.mme_code == 1 &&
		   m.u.attach_req.id.guti.m_tmsi == 0x030003e6,
		   "open5gs Attach request: combined attach, GUTI 001-01 "
		   "group 2 code 1 M-TMSI 0x030003e6");
	tap_result(m.u.attach_req.ue_net_cap.len == 5 &&
		   m.u.attach_req.ue_net_cap.eea == 0x0f &&
		   m.u.attach_req.ue_net_cap.eia == 0x0e &&
		   m.u.attach_req.ue_net_cap.has_uia,
		   "open5gs Attach request: EEA0-3, EIA1-3, UMTS octets");
	tap_result(m.opt == (NAS_OPT(NAS_O_AR_LAST_TAI) | NAS_OPT(NAS_O_AR_DRX) |
			     NAS_OPT(NAS_O_AR_MS_NET_CAP) |
			     NAS_OPT(NAS_O_AR_TMSI_STATUS) |
			     NAS_OPT(NAS_O_AR_MS_CM2) |
			     NAS_OPT(NAS_O_AR_VOICE_PREF) |
			     NAS_OPT(NAS_O_AR_OLD_GUTI_TYPE) |
			     NAS_OPT(NAS_O_AR_MS_NET_FEAT)) &&
		   m.u.attach_req.last_tai.tac == 0x3039 &&
		   m.u.attach_req.ms_net_feat == 1,
		   "open5gs Attach request: its eight optional IEs");
	r = nas_msg_esm_decode(&m.u.attach_req.esm, NAS_MSG_UL, &esm, &diag);
	tap_result(r == 0 && esm.type == NAS_ESM_PDN_CONN_REQ &&
		   esm.pti == 0x15 && esm.u.pdn_req.pdn_type == NAS_PDN_IPV4 &&
		   esm.u.pdn_req.request_type == 1 &&
		   (esm.opt & NAS_OPT(NAS_O_PCR_EIT)) && esm.u.pdn_req.eit == 1,
		   "open5gs Attach request: PDN connectivity request, PTI "
		   "0x15, IPv4, ESM information transfer flag");
	tap_result(nas_msg_encode(&m, re, sizeof(re)) == (int)n &&
		   !memcmp(buf, re, n),
		   "open5gs Attach request re-encodes to its octets");

	/* open5gs: Attach accept (MME), encoded there from known fields. */
	n = unhex("07420223060014f799303900325201c101090908696e7465726e6574"
		  "05010ae1000a271b80802110020200108106c0a8a8018306c0a8a801"
		  "000d04c0a8a801500bf614f7992345e1000004561300f120fffd2305"
		  "f400e102d4640123", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_DL, &m, &diag);
	nas_plmn_to_digits(&m.u.attach_acc.tai_list.part[0].tai[0].plmn, mcc,
			   mnc);
	tap_result(r == 0 && m.u.attach_acc.result == 2 &&
		   nas_gprs_timer_secs(m.u.attach_acc.t3412) == 180 &&
		   m.u.attach_acc.tai_list.nparts == 1 &&
		   m.u.attach_acc.tai_list.part[0].tai[0].tac == 12345 &&
		   !strcmp(mcc, "417") && !strcmp(mnc, "99"),
		   "open5gs Attach accept: combined, T3412 3 min, TAI 417-99 "
		   "12345 (%d)", r);
	tap_result(m.u.attach_acc.guti.guti.mme_group == 9029 &&
		   m.u.attach_acc.guti.guti.mme_code == 225 &&
		   m.u.attach_acc.guti.guti.m_tmsi == 0x456 &&
		   m.u.attach_acc.ms_id.type == NAS_ID_TMSI &&
		   m.u.attach_acc.ms_id.tmsi == 0x00e102d4 &&
		   m.u.attach_acc.eps_net_feat.len == 1 &&
		   m.u.attach_acc.eps_net_feat.data[0] == 0x23,
		   "open5gs Attach accept: GUTI, TMSI, network features");
	r = nas_msg_esm_decode(&m.u.attach_acc.esm, NAS_MSG_DL, &esm, &diag);
	tap_result(r == 0 && esm.type == NAS_ESM_ACT_DEF_BEARER_REQ &&
		   esm.ebi == 5 && esm.pti == 1 && esm.u.adb_req.qos.qci == 9 &&
		   !strcmp(esm.u.adb_req.apn.name, "internet") &&
		   !memcmp(esm.u.adb_req.pdn_addr.ipv4, "\x0a\xe1\x00\x0a", 4) &&
		   esm.u.adb_req.pco.len == 27,
		   "open5gs Attach accept: default bearer 5, QCI 9, APN "
		   "internet, 10.225.0.10, PCO");
	tap_result(nas_msg_encode(&m, re, sizeof(re)) == (int)n &&
		   !memcmp(buf, re, n),
		   "open5gs Attach accept re-encodes to its octets");

	n = unhex("074300035200c2", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_UL, &m, NULL);
	tap_result(r == 0 && !nas_msg_esm_decode(&m.u.attach_cpl.esm,
						 NAS_MSG_UL, &esm, NULL) &&
		   esm.type == NAS_ESM_ACT_DEF_BEARER_ACC && esm.ebi == 5,
		   "open5gs Attach complete carries a bearer 5 accept");
	n = unhex("074411", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_DL, &m, NULL);
	tap_result(r == 0 && m.u.attach_rej.emm_cause == 17,
		   "open5gs Attach reject: #17 network failure");
	n = unhex("075501", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_DL, &m, NULL);
	tap_result(r == 0 && m.u.id_req.id_type == NAS_ID_IMSI,
		   "open5gs Identity request: IMSI");
	n = unhex("0756080910101032548651", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_UL, &m, NULL);
	tap_result(r == 0 && m.u.id_resp.id.type == NAS_ID_IMSI &&
		   !strcmp(m.u.id_resp.id.digits, "001010123456815"),
		   "open5gs Identity response: IMSI 001010123456815");

	test_pycrate_messages();

	/* Hand-made from TS 24.301 8.2.20: SMC EEA0/EIA2, KSI 0, caps
	 * EEA0-2/EIA1-2 (the SMC of test_s1ap's capture), and 8.2.7. */
	n = unhex("075d020002e060", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_DL, &m, NULL);
	tap_result(r == 0 && m.u.smc.algs.eea == 0 && m.u.smc.algs.eia == 2 &&
		   m.u.smc.ksi.ksi == 0 && m.u.smc.ue_sec_cap.len == 2 &&
		   m.u.smc.ue_sec_cap.octets[1] == 0x60,
		   "Security mode command EEA0/EIA2 KSI 0");
	n = unhex("07520123553cbe9637a89d218ae64dae47bf3510aa689c6483708000"
		  "6a4b21ee2c1f2f6a", buf);
	r = nas_msg_decode(buf, n, NAS_MSG_DL, &m, NULL);
	tap_result(r == 0 && m.u.auth_req.ksi.ksi == 1 &&
		   !memcmp(m.u.auth_req.rand, rand_, 16) &&
		   !memcmp(m.u.auth_req.autn, autn, 16),
		   "Authentication request: KSI 1, RAND, AUTN");
}

/* ------------------------------------------------------------------ */
/* Malformed input                                                     */

static int dec(const char *hex, enum nas_msg_dir dir, struct nas_msg *m,
	       struct nas_diag *d)
{
	static uint8_t buf[MSG_MAX];

	return decode_copy(buf, unhex(hex, buf), dir, m, d);
}

static void test_malformed(void)
{
	struct nas_msg m;
	struct nas_diag d;
	int r;

	r = dec("07", NAS_MSG_UL, &m, &d);
	tap_result(r == -EBADMSG, "one octet is -EBADMSG (%d)", r);
	r = dec("0770", NAS_MSG_UL, &m, &d);
	tap_result(r == -ENOMSG && d.cause == 97,
		   "unknown EMM message type is -ENOMSG, #97 (%d, %u)", r,
		   d.cause);
	r = dec("0201ff", NAS_MSG_UL, &m, &d);
	tap_result(r == -ENOMSG && d.cause == 97,
		   "unknown ESM message type is -ENOMSG, #97 (%d)", r);
	r = dec("07420109066000f110000100035201c1", NAS_MSG_UL, &m, &d);
	tap_result(r == -ENOMSG && d.cause == 97,
		   "an Attach accept from the UE is -ENOMSG, #97 (7.4) (%d)", r);
	r = dec("075e", NAS_MSG_DL, &m, &d);
	tap_result(r == -ENOMSG && d.cause == 97,
		   "a Security mode complete to the UE is -ENOMSG (%d)", r);
	r = dec("0746b1", NAS_MSG_DL, &m, &d);
	tap_result(r == 0 && d.unknown == 1,
		   "Detach accept goes both ways (%d)", r);
	r = dec("0b41", NAS_MSG_UL, &m, &d);
	tap_result(r == -ENOMSG && !d.cause,
		   "unknown protocol discriminator is -ENOMSG, no STATUS (%d)",
		   r);
	r = dec("1741", NAS_MSG_UL, &m, &d);
	tap_result(r == -EPROTO, "a protected header is not plain (%d)", r);

	/* Overlong lengths. */
	r = dec("075308a54211d5", NAS_MSG_UL, &m, &d);
	tap_result(r == -EBADMSG && d.cause == 96 && d.offset == 2,
		   "RES length past the end is -EBADMSG, #96 at 2 (%d)", r);
	r = dec("075311a54211d5e3ba50bf0102030405060708aa", NAS_MSG_UL, &m, &d);
	tap_result(r == -EBADMSG, "RES of 17 octets is -EBADMSG (%d)", r);
	r = dec("075303a54211", NAS_MSG_UL, &m, &d);
	tap_result(r == -EBADMSG, "RES of 3 octets is -EBADMSG (%d)", r);
	r = dec("075d0200037060808080", NAS_MSG_DL, &m, &d);
	tap_result(r == 0 && m.u.smc.ue_sec_cap.len == 3,
		   "SMC with a 3-octet UE security capability decodes (%d)", r);
	r = dec("075d020006706080808080ff", NAS_MSG_DL, &m, &d);
	tap_result(r == -EBADMSG,
		   "SMC with a 6-octet UE security capability is -EBADMSG (%d)",
		   r);
	/* Optional IE too long for its spec length: ignored (7.7.2). */
	r = dec("075d020002e0e04f09000102030405060708", NAS_MSG_DL, &m, &d);
	tap_result(r == 0 && !(m.opt & NAS_OPT(NAS_O_SMC_HASHMME)) &&
		   d.ignored == 1,
		   "HashMME of 9 octets is ignored as incorrect (%d)", r);
	r = dec("075d020002e0e04f080001020304", NAS_MSG_DL, &m, &d);
	tap_result(r == -EBADMSG, "HashMME running past the end is -EBADMSG "
		   "(%d)", r);
	r = dec("074201091000f110", NAS_MSG_DL, &m, &d);
	tap_result(r == -EBADMSG, "TAI list LV past the end is -EBADMSG (%d)", r);
	r = dec("07430005520", NAS_MSG_UL, &m, &d);
	tap_result(r == -EBADMSG, "ESM container LV-E past the end is "
		   "-EBADMSG (%d)", r);

	/* Bad enumerations. */
	r = dec("075500", NAS_MSG_DL, &m, &d);
	tap_result(r == -EPROTO && d.cause == 96,
		   "identity type 0 is -EPROTO, #96 (%d)", r);
	r = dec("075505", NAS_MSG_DL, &m, &d);
	tap_result(r == -EPROTO, "identity type 5 is -EPROTO (%d)", r);
	r = dec("07420309060000f1100001000352c101", NAS_MSG_DL, &m, &d);
	tap_result(r == -EPROTO, "EPS attach result 3 is -EPROTO (%d)", r);
	r = dec("07420109066000f110000100035201c1", NAS_MSG_DL, &m, &d);
	tap_result(r == -EPROTO, "TAI list type 3 is -EPROTO (%d)", r);
	r = dec("0741710402f1100002e0e0000302d011", NAS_MSG_UL, &m, &d);
	tap_result(r == -EPROTO,
		   "EPS mobile identity type 2 is -EPROTO (%d)", r);
	r = dec("074171082910101032548651", NAS_MSG_UL, &m, &d);
	tap_result(r == -EBADMSG, "truncated Attach request is -EBADMSG (%d)",
		   r);
	r = dec("0756080910a010325486f1", NAS_MSG_UL, &m, &d);
	tap_result(r == -EPROTO, "IMSI digit 0xa is -EPROTO (%d)", r);
	r = dec("0756080110101032548651", NAS_MSG_UL, &m, &d);
	tap_result(r == -EPROTO, "IMSI even count without filler is -EPROTO "
		   "(%d)", r);
	r = dec("0201d001", NAS_MSG_UL, &m, &d);
	tap_result(r == -EPROTO, "PDN type 0 is -EPROTO (%d)", r);
	r = dec("0201d075", NAS_MSG_UL, &m, &d);
	tap_result(r == -EPROTO, "request type 5 / PDN type 7 is -EPROTO (%d)",
		   r);
	r = dec("5201c101090201610d01000000000000000000000000", NAS_MSG_DL, &m, &d);
	tap_result(r == -EPROTO, "PDN address IPv4 with 12 octets is -EPROTO "
		   "(%d)", r);
	r = dec("5201c101090200610501ac100001", NAS_MSG_DL, &m, &d);
	tap_result(r == -EPROTO, "APN with an empty label is -EPROTO (%d)", r);

	{
		char hex[400] = "5201c1010941";
		int i;

		/* A 64-octet label (TS 23.003 9.1: 63 at most). */
		strcat(hex, "40");
		for (i = 0; i < 64; i++)
			strcat(hex, "61");
		strcat(hex, "0501ac100001");
		r = dec(hex, NAS_MSG_DL, &m, &d);
		tap_result(r == -EPROTO, "APN label of 64 octets is -EPROTO "
			   "(%d)", r);
	}
	r = dec("07560100", NAS_MSG_UL, &m, &d);
	tap_result(r == 0 && m.u.id_resp.id.type == NAS_ID_NONE,
		   "Identity response with no identity decodes (%d)", r);
	r = dec("07560400000000", NAS_MSG_UL, &m, &d);
	tap_result(r == -EPROTO, "no identity in 4 octets is -EPROTO (%d)", r);

	/* Unknown IEs: 24.007 11.2.4. */
	r = dec("075d020002e0e0b5" "2f03010203" "7e0002aabb" "c1", NAS_MSG_DL,
		&m, &d);
	tap_result(r == 0 && d.unknown == 3 && d.iei == 0xb5 && !d.cause &&
		   (m.opt & NAS_OPT(NAS_O_SMC_IMEISV_REQ)) &&
		   m.u.smc.imeisv_req == 1,
		   "unknown type 1, TLV and TLV-E IEs are skipped (%d, %u)", r,
		   d.unknown);
	r = dec("075d020002e0e00f0101c1", NAS_MSG_DL, &m, &d);
	tap_result(r == -EOPNOTSUPP && d.cause == 96 && d.iei == 0x0f &&
		   d.offset == 7,
		   "unknown comprehension-required IE is -EOPNOTSUPP, #96, "
		   "IEI 0x0f at 7 (%d)", r);
	r = dec("075d020002e0e02f05010203", NAS_MSG_DL, &m, &d);
	tap_result(r == -EBADMSG, "unknown TLV past the end is -EBADMSG (%d)",
		   r);
	r = dec("075d020002e0e0c1c0", NAS_MSG_DL, &m, &d);
	tap_result(r == 0 && m.u.smc.imeisv_req == 1 && d.ignored == 1,
		   "a repeated IE: the first one counts (%d)", r);
	r = dec("076146", NAS_MSG_DL, &m, &d);
	tap_result(r == -EBADMSG, "EMM information: TV past the end is "
		   "-EBADMSG (%d)", r);

	/* Conditional IEs (8.2.5.2). */
	r = dec("075c15", NAS_MSG_UL, &m, &d);
	tap_result(r == 0 && d.cause == 100,
		   "synch failure without AUTS: #100 conditional IE error");
	r = dec("075c14", NAS_MSG_UL, &m, &d);
	tap_result(r == 0 && !d.cause, "MAC failure without AUTS is clean");
	r = dec("075e2305f412345678", NAS_MSG_UL, &m, &d);
	tap_result(r == 0 && !(m.opt & NAS_OPT(NAS_O_SMCC_IMEISV)),
		   "SMC complete: a TMSI where the IMEISV goes is ignored");
}

static void test_encode_errors(void)
{
	uint8_t buf[MSG_MAX];
	struct nas_msg m;

	b_smc(&m, false);
	m.u.smc.algs.eea = 8;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: EEA 8 is -EINVAL");
	b_smc(&m, false);
	m.u.smc.ksi.ksi = 8;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: KSI 8 is -EINVAL");
	b_smc(&m, false);
	m.u.smc.ue_sec_cap.len = 6;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: a 6-octet UE security capability is -EINVAL");
	b_auth_response(&m, false);
	m.u.auth_resp.res.len = 3;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: RES of 3 octets is -EINVAL");
	b_identity_request(&m, false);
	m.u.id_req.id_type = 5;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: identity type 5 is -EINVAL");
	b_attach_request(&m, false);
	strcpy(m.u.attach_req.id.digits, "00101");
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: a 5-digit IMSI is -EINVAL");
	b_attach_request(&m, false);
	m.u.attach_req.id.type = NAS_ID_TMSI;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: a TMSI as EPS mobile identity is -EINVAL");
	b_adb_req(&m, false);
	strcpy(m.u.adb_req.apn.name, "internet..x");
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: APN with an empty label is -EINVAL");
	b_adb_req(&m, false);
	m.u.adb_req.pdn_addr.type = NAS_PDN_NON_IP;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: a non-IP PDN address is -EINVAL");
	b_attach_accept(&m, false);
	m.u.attach_acc.tai_list.nparts = 0;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: an empty TAI list is -EINVAL");
	b_attach_accept(&m, false);
	m.u.attach_acc.result = 3;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: EPS attach result 3 is -EINVAL");
	b_attach_reject(&m, true);
	m.u.attach_rej.esm.data = NULL;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: a container without data is -EINVAL");
	b_smc(&m, false);
	m.dir = NAS_MSG_UL;
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: a Security mode command uplink is -EINVAL");
	nas_msg_init(&m, NAS_MSG_PD_EMM, 0x70, NAS_MSG_DL);
	tap_result(nas_msg_encode(&m, buf, sizeof(buf)) == -EINVAL,
		   "encode: an unknown message type is -EINVAL");
}

/* Variants of the structured IEs the builders above do not use. */
static void test_ie_variants(void)
{
	static uint8_t a[MSG_MAX], b[MSG_MAX];
	struct nas_msg m, d;
	int n;

	b_attach_request(&m, false);
	m.u.attach_req.attach_type = 6;		/* emergency, with the IMEI */
	m.u.attach_req.id.type = NAS_ID_IMEI;
	strcpy(m.u.attach_req.id.digits, "353490069873319");
	m.u.attach_req.ue_net_cap.len = 13;
	n = encode(&m, a);
	tap_result(n > 0 && !nas_msg_decode(a, n, NAS_MSG_UL, &d, NULL) &&
		   d.u.attach_req.id.type == NAS_ID_IMEI &&
		   !strcmp(d.u.attach_req.id.digits, "353490069873319") &&
		   a[4] == 0x3b && d.u.attach_req.ue_net_cap.len == 13 &&
		   encode(&d, b) == n && !memcmp(a, b, n),
		   "EPS mobile identity IMEI (type 3), 13-octet UE network "
		   "capability");

	b_adb_req(&m, false);
	m.u.adb_req.pdn_addr.type = NAS_PDN_IPV4V6;
	memcpy(m.u.adb_req.pdn_addr.ipv6_iid, "\x02\x11\x22\xff\xfe\x33\x44\x55",
	       8);
	n = encode(&m, a);
	tap_result(n > 0 && !nas_msg_decode(a, n, NAS_MSG_DL, &d, NULL) &&
		   d.u.adb_req.pdn_addr.type == NAS_PDN_IPV4V6 &&
		   !memcmp(d.u.adb_req.pdn_addr.ipv6_iid, "\x02\x11", 2) &&
		   !memcmp(d.u.adb_req.pdn_addr.ipv4, "\x0a\x2d\x00\x02", 4),
		   "PDN address IPv4v6: interface identifier, then IPv4");
	m.u.adb_req.pdn_addr.type = NAS_PDN_IPV6;
	n = encode(&m, a);
	tap_result(n > 0 && !nas_msg_decode(a, n, NAS_MSG_DL, &d, NULL) &&
		   d.u.adb_req.pdn_addr.type == NAS_PDN_IPV6 &&
		   d.u.adb_req.pdn_addr.ipv6_iid[7] == 0x55,
		   "PDN address IPv6: interface identifier");

	b_identity_response(&m, false);
	m.u.id_resp.id.type = NAS_ID_TMSI;
	m.u.id_resp.id.tmsi = 0xc2e65e9a;
	n = encode(&m, a);
	tap_result(n == 8 && a[3] == 0xf4 &&
		   !nas_msg_decode(a, n, NAS_MSG_UL, &d, NULL) &&
		   d.u.id_resp.id.type == NAS_ID_TMSI &&
		   d.u.id_resp.id.tmsi == 0xc2e65e9a,
		   "mobile identity TMSI");
	m.u.id_resp.id.type = NAS_ID_IMEI;
	strcpy(m.u.id_resp.id.digits, "353490069873319");
	n = encode(&m, a);
	tap_result(n > 0 && a[3] == 0x3a &&
		   !nas_msg_decode(a, n, NAS_MSG_UL, &d, NULL) &&
		   d.u.id_resp.id.type == NAS_ID_IMEI,
		   "mobile identity IMEI (type 2)");
	m.u.id_resp.id.type = NAS_ID_GUTI;
	tap_result(encode(&m, a) == -EINVAL,
		   "encode: a GUTI as (24.008) mobile identity is -EINVAL");
}

/*
 * The outer header helper against the tests' independent UE-side NAS
 * security (tools/lib/ue/ue_nas.c): a Security mode complete protected
 * with header type 4 (EIA2/EEA2) is found at octet 6, with its SQN, and
 * decodes once deciphered.
 */
static void test_protected(void)
{
	static const uint8_t kasme[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static uint8_t plain[MSG_MAX], pdu[MSG_MAX + 6], re[MSG_MAX];
	struct nas_msg_outer o;
	struct nas_msg m, d;
	struct ue_nas ue;
	int n;

	b_smc_complete(&m, true);
	n = encode(&m, plain);
	if (!tap_result(n > 0 && !ue_nas_init(&ue, kasme, 2, 2),
			"protected: message and UE keys"))
		return;
	ue_nas_protect(&ue, NAS_MSG_SHT_INT_CIPH_NEW, 0x1234, UE_NAS_DIR_UL,
		       plain, n, pdu);
	tap_result(!nas_msg_outer(pdu, n + 6, &o) && o.pd == NAS_MSG_PD_EMM &&
		   o.sht == 4 && o.inner_off == 6 && o.inner_len == (size_t)n &&
		   o.sqn == 0x34 && memcmp(pdu + 6, plain, n),
		   "protected: type 4, ciphered message at 6 (%d octets), "
		   "SQN 0x34", n);
	tap_result(!ue_nas_unprotect(&ue, 0x1234, UE_NAS_DIR_UL, pdu, n + 6) &&
		   !nas_msg_decode(pdu + o.inner_off, o.inner_len, NAS_MSG_UL,
				   &d, NULL) &&
		   d.type == NAS_EMM_SMC_COMPLETE && encode(&d, re) == n &&
		   !memcmp(re, plain, n),
		   "protected: deciphered, it decodes to the message sent");
}

static void test_helpers(void)
{
	uint8_t pdu[16] = { 0x37, 1, 2, 3, 4, 9, 0x07, 0x5d };
	struct nas_ue_net_cap nc = { .len = 2, .octets = { 0xf0, 0x70 } };
	struct nas_ue_sec_cap sc;
	struct nas_msg_outer o;
	struct nas_plmn p;
	char mcc[4], mnc[4];

	tap_result(!nas_msg_outer(pdu, 8, &o) && o.sht == 3 && o.pd == 7 &&
		   o.inner_off == 6 && o.inner_len == 2 && o.sqn == 9,
		   "outer: type 3 header, plain message at 6");
	tap_result(nas_msg_outer(pdu, 7, &o) == -EBADMSG,
		   "outer: a protected PDU of 7 octets is -EBADMSG");
	pdu[0] = 0x07;
	tap_result(!nas_msg_outer(pdu, 2, &o) && o.sht == 0 &&
		   o.inner_off == 0 && o.inner_len == 2, "outer: plain EMM");
	pdu[0] = 0x52;
	tap_result(!nas_msg_outer(pdu, 3, &o) && o.pd == 2 && o.sht == 0 &&
		   o.inner_len == 3, "outer: ESM (the nibble is the EBI)");
	pdu[0] = 0xc7;
	tap_result(!nas_msg_outer(pdu, 4, &o) && o.sht == 12 && !o.inner_len,
		   "outer: SERVICE REQUEST");
	pdu[0] = 0xf7;
	tap_result(!nas_msg_outer(pdu, 4, &o) && o.sht == 12,
		   "outer: type 15 reads as 12");
	pdu[0] = 0x57;
	tap_result(nas_msg_outer(pdu, 8, &o) == -EPROTO,
		   "outer: type 5 is -EPROTO");
	pdu[0] = 0x0b;
	tap_result(nas_msg_outer(pdu, 8, &o) == -EPROTO,
		   "outer: PD 11 is -EPROTO");

	tap_result(!nas_ue_net_cap_parse(&nc) && nc.eea == 0x0f &&
		   nc.eia == 0x0e && !nc.has_uea,
		   "UE network capability f0 70: EEA0-3, EIA1-3");
	tap_result(nas_ms_net_cap_gea(&(struct nas_buf){ (const uint8_t *)"\x80",
							1 }) == -EPROTO,
		   "GEA from a 1-octet MS network capability is -EPROTO");
	nas_ue_sec_cap_from_net_cap(&sc, &nc, true, 0x60);
	tap_result(sc.len == 2 && sc.octets[0] == 0xf0 && sc.octets[1] == 0x70,
		   "UE security capability without UMTS octets has no GEA");
	nc = (struct nas_ue_net_cap){ .len = 5,
				      .octets = { 0xf0, 0x70, 0xc0, 0xc0, 1 } };
	nas_ue_net_cap_parse(&nc);
	nas_ue_sec_cap_from_net_cap(&sc, &nc, true, 0xe0);
	tap_result(sc.len == 5 && sc.octets[2] == 0xc0 &&
		   sc.octets[3] == 0x40 && sc.octets[4] == 0x60,
		   "UE security capability: UEA, UIA without UCS2, GEA");
	tap_result(nas_gprs_timer_secs(nas_gprs_timer_from_secs(3240)) == 3240 &&
		   nas_gprs_timer_from_secs(3240) == 0x49 &&
		   nas_gprs_timer_secs(0x23) == 180 &&
		   nas_gprs_timer_secs(0x05) == 10 &&
		   nas_gprs_timer_secs(0xe0) == UINT32_MAX,
		   "GPRS timer: 54 min is 9 decihours, 0x23 3 min");
	tap_result(nas_gprs_timer3_secs(0x21) == 3600 &&
		   nas_gprs_timer3_secs(0xa5) == 300 &&
		   nas_gprs_timer3_secs(0xe1) == UINT32_MAX,
		   "GPRS timer 3: 1 h, 5 min, deactivated");
	tap_result(!nas_plmn_from_digits(&p, "310", "410") &&
		   !memcmp(p.octets, "\x13\x00\x14", 3),
		   "PLMN 310-410 is 13 00 14");
	nas_plmn_to_digits(&p, mcc, mnc);
	tap_result(!strcmp(mcc, "310") && !strcmp(mnc, "410"),
		   "PLMN 13 00 14 reads 310-410");
	tap_result(nas_plmn_from_digits(&p, "31", "410") == -EINVAL &&
		   nas_plmn_from_digits(&p, "310", "4a") == -EINVAL,
		   "PLMN digits: bad lengths and digits are -EINVAL");
	tap_result(!strcmp(nas_msg_name(NAS_MSG_PD_EMM, NAS_EMM_SMC),
			   "Security mode command") &&
		   !strcmp(nas_msg_name(NAS_MSG_PD_ESM, 0x01), "unknown"),
		   "message names");
}

/* ------------------------------------------------------------------ */
/* Dumps                                                               */

static int write_file(const char *dir, const char *name, const char *ext,
		      const void *data, size_t len)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* A fuzz_nasmsg encoder seed (config bit 2): see its header. */
static int corpus_encoder(const char *dir, const char *name,
			  const struct nas_msg *m)
{
	static uint8_t seed[75 + sizeof(m->u)];
	char file[300];
	size_t i, j, n = nas_emm_nmsgs + nas_esm_nmsgs;
	const struct nas_msg_desc *d = NULL;
	struct nas_msg c = *m;

	for (i = 0; i < n; i++) {
		d = i < nas_emm_nmsgs ? &nas_emm_msgs[i] :
		    &nas_esm_msgs[i - nas_emm_nmsgs];
		if (d->pd == m->pd && d->type == m->type &&
		    (d->dir < 0 || d->dir == m->dir))
			break;
	}
	if (i == n)
		return -1;
	/* The fuzzer points them into its input: no addresses in seeds. */
	for (j = 0; j < d->nies; j++)
		if (d->ies[j].kind == NAS_K_BUF)
			((struct nas_buf *)((uint8_t *)&c +
					    d->ies[j].off))->data = NULL;
	seed[0] = 4 | m->dir;
	seed[1] = i;
	seed[2] = 0xff;
	seed[3] = 0xff;
	memcpy(seed + 4, &m->opt, 4);
	seed[8] = m->ebi;
	seed[9] = m->pti;
	seed[10] = 64;
	for (i = 0; i < 64; i++)
		seed[11 + i] = 0x52 + i % 3;
	memcpy(seed + 75, &c.u, sizeof(c.u));
	/* The union's trailing zeros are implied. */
	for (n = sizeof(seed); n > 75 && !seed[n - 1]; n--)
		;
	snprintf(file, sizeof(file), "enc_%s", name);
	return write_file(dir, file, "", seed, n);
}

static int dump(const char *dir, bool corpus)
{
	static uint8_t buf[MSG_MAX + 1];
	char name[256], expect[1024];
	struct nas_msg m;
	size_t i;
	int full, n;

	for (i = 0; i < N_CASES; i++) {
		const struct nas_case *c = &cases[i];

		for (full = 0; full < 2; full++) {
			const char *e = full ? c->expect_full : c->expect_min;

			if (!e)
				continue;
			c->build(&m, full);
			n = nas_msg_encode(&m, buf + 1, MSG_MAX);
			if (n < 0)
				return 1;
			snprintf(name, sizeof(name), "%s_%s", c->name,
				 full ? "full" : "min");
			if (corpus) {
				buf[0] = m.dir;
				if (write_file(dir, name, "", buf, n + 1) ||
				    corpus_encoder(dir, name, &m))
					return 1;
				continue;
			}
			snprintf(expect, sizeof(expect), "%s=0x%02x\n%s",
				 m.pd == NAS_MSG_PD_EMM ?
				 "nas_eps.nas_msg_emm_type" :
				 "nas_eps.nas_msg_esm_type", m.type, e);
			if (write_file(dir, name, ".bin", buf + 1, n) ||
			    write_file(dir, name, ".expect", expect,
				       strlen(expect)))
				return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc == 3 && !strcmp(argv[1], "--dump"))
		return dump(argv[2], false);
	if (argc == 3 && !strcmp(argv[1], "--corpus"))
		return dump(argv[2], true);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--dump DIR | --corpus DIR]\n",
			argv[0]);
		return 2;
	}
	for (i = 0; i < N_CASES; i++) {
		test_case(&cases[i], false);
		if (cases[i].expect_full)
			test_case(&cases[i], true);
	}
	test_known_messages();
	test_malformed();
	test_encode_errors();
	test_ie_variants();
	test_protected();
	test_helpers();
	return tap_finish();
}
