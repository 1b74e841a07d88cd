// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim on the host: the command line, the report's arithmetic, and the
 * UE state machine against a scripted MME written here (AUTN, the SMC
 * and the ATTACH ACCEPT built with tools/lib/ue and libs1ap/libnas, fed
 * to ue_input() as parsed S1AP), with a fake clock and timer. TAP.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enbsim.h"
#include "s1ap_build.h"
#include "s1ap_parse.h"
#include "tap.h"

/* ---- command line ---- */

static int parse(struct sim_config *c, const char *line)
{
	char buf[512], *argv[32], *save = NULL;
	int argc = 0;
	FILE *null = fopen("/dev/null", "w");
	int ret;

	snprintf(buf, sizeof(buf), "enbsim %s", line);
	for (char *t = strtok_r(buf, " ", &save); t && argc < 31; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	ret = sim_parse_args(c, argc, argv, null, null);
	fclose(null);
	return ret;
}

static void test_args(void)
{
	struct sim_config c;

	tap_result(!parse(&c, "") && c.enbs == 1 && c.ues == 1 && c.port == 36412 &&
		   !strcmp(c.mme, "127.0.0.1") && c.eia_mask == 0xe && c.eea_mask == 0xf &&
		   !strcmp(c.scenario->name, "attach") && !c.detach && c.rate == 0,
		   "no options: one UE, one eNB, 127.0.0.1:36412, EIA1-3, EEA0-3, attach");
	tap_result(!parse(&c, "--mme 10.0.0.1 --port 36413 --enbs 4 --ues 1000 --imsi-base "
			  "001010000000100 --eia 2 --eea 0,2 --rate 50/s --concurrency 8 --detach "
			  "--json --scenario smc-reject") &&
		   !strcmp(c.mme, "10.0.0.1") && c.port == 36413 && c.enbs == 4 && c.ues == 1000 &&
		   c.imsi_base == 1010000000100ull && c.eia_mask == 0x4 && c.eea_mask == 0x5 &&
		   c.rate == 50 && c.concurrency == 8 && c.detach && c.json &&
		   !strcmp(c.scenario->name, "smc-reject"),
		   "every option is read (rate as N/s)");
	tap_result(parse(&c, "--eia 0") < 0 && parse(&c, "--eia 4") < 0 &&
		   parse(&c, "--eea 1,,2") < 0 && parse(&c, "--eea 1,") < 0 &&
		   sim_parse_alg_list("eia1,eia3", false) == 0xa,
		   "algorithm lists: EIA0 and unknown ids refused, eiaN spelling accepted");
	tap_result(parse(&c, "--ues 0") < 0 && parse(&c, "--port 70000") < 0 &&
		   parse(&c, "--imsi-base 12345") < 0 && parse(&c, "--k 00") < 0 &&
		   parse(&c, "--scenario nope") < 0 && parse(&c, "--rate 0") < 0 &&
		   parse(&c, "--bogus") < 0 && parse(&c, "extra") < 0 &&
		   parse(&c, "--imsi-base 999999999999999 --ues 2") < 0,
		   "bad values are usage errors");
	tap_result(parse(&c, "--help") == 1 && parse(&c, "--list-scenarios") == 1,
		   "--help and --list-scenarios end the run successfully");
	{
		char k[] = "000102030405060708090a0b0c0d0e0f";
		char *argv[] = { "enbsim", "--k", k, NULL };
		FILE *null = fopen("/dev/null", "w");

		tap_result(!sim_parse_args(&c, 3, argv, null, null) && c.k[15] == 0x0f &&
			   !strchr(k, '0'), "--k is read, then wiped from argv");
		fclose(null);
	}
}

static void test_subscribers(void)
{
	struct sim_config c;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	parse(&c, "--ues 2 --imsi-base 001010000000009");
	sim_write_subscribers(&c, f);
	fclose(f);
	tap_result(text && strstr(text, "\n001010000000009 465b5ce8b199b49faa5f0a2ee238a6bc "
				  "cd63cb71954a9f4e48a5994e37a02baf 8000 000000000000\n") &&
		   strstr(text, "\n001010000000010 "),
		   "--gen-subscribers: 'IMSI K OPc AMF SQN' lines, IMSIs counting up");
	free(text);
}

/* ---- report ---- */

static void test_percentile(void)
{
	uint32_t s100[100], one[1] = { 7 }, two[2] = { 1, 9 };

	for (int i = 0; i < 100; i++)
		s100[i] = (uint32_t)i + 1;
	tap_result(percentile(s100, 100, 50) == 50 && percentile(s100, 100, 99) == 99 &&
		   percentile(s100, 100, 100) == 100 && percentile(s100, 100, 1) == 1,
		   "nearest rank on 1..100: p50 50, p99 99, p100 100, p1 1");
	tap_result(percentile(one, 1, 50) == 7 && percentile(one, 1, 99) == 7 &&
		   percentile(two, 2, 50) == 1 && percentile(two, 2, 51) == 9 &&
		   percentile(two, 0, 50) == 0,
		   "one sample is every percentile; two samples split at 50; none gives 0");
}

static void test_report(void)
{
	struct sim_config c;
	struct report r;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	parse(&c, "--ues 4 --enbs 2 --detach");
	report_init(&r, 1);	/* grows past its first guess */
	for (uint32_t us = 4000; us >= 1000; us -= 1000)
		report_add(&r, PROC_ATTACH, us);
	report_fail(&r, "timeout in wait-smc");
	report_fail(&r, "ATTACH REJECT #23");
	report_fail(&r, "timeout in wait-smc");
	r.passed = 1;
	r.attached = 4;
	r.nas_ul = 10;
	r.nas_dl = 10;
	r.alg_pairs[2][1] = 4;
	r.started_us = 1000000;
	r.ended_us = 3000000;
	report_finish(&r);
	tap_result(r.lat[PROC_ATTACH].n == 4 && r.lat[PROC_ATTACH].us[0] == 1000 &&
		   r.failed == 3 && r.n_causes == 2 && r.causes[0].n == 2 &&
		   !strcmp(r.causes[0].cause, "timeout in wait-smc"),
		   "samples sorted, failures grouped by cause, the commonest first");
	f = open_memstream(&text, &len);
	report_json(&r, &c, f);
	fclose(f);
	tap_result(text && strstr(text, "\"attaches_per_s\":2.0,") &&
		   strstr(text, "\"nas_per_s\":10.0,") &&
		   strstr(text, "\"attach\":{\"n\":4,\"p50\":2.000,\"p99\":4.000,\"max\":4.000}") &&
		   strstr(text, "\"algorithms\":{\"EIA2/EEA1\":4}") &&
		   strstr(text, "\"failures\":{\"timeout in wait-smc\":2,\"ATTACH REJECT #23\":1}") &&
		   text[len - 1] == '\n',
		   "--json: rates over the run's 2 s, latencies in ms, pairs, causes");
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	report_text(&r, &c, f);
	fclose(f);
	tap_result(text && strstr(text, "4 UEs over 2 eNBs, scenario attach + detach: 1 passed, "
				  "3 failed in 2.00 s") &&
		   strstr(text, "attaches/s      2.0") && strstr(text, "EIA2/EEA1") &&
		   strstr(text, "     2  timeout in wait-smc"),
		   "text report: the headline, rates, pairs and causes");
	free(text);
	report_free(&r);
}

/* ---- the UE against a scripted MME ---- */

static const uint8_t RAND[16] = { 0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
				  0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35 };

struct fake {
	struct sim_config cfg;
	struct report rep;
	struct ue_env env;
	struct ue ue;
	uint64_t now;
	unsigned int done;
	/* What the eNB sent for the UE, parsed; the NAS of the last one. */
	uint8_t sent[16][1024];
	size_t sent_len[16];
	unsigned int n_sent;
	/* The network's side of the UE's security. */
	uint8_t kasme[32];
	struct ue_nas nas;
	uint32_t dl_count;
	uint32_t kenb_count;		/* the UL COUNT the MME's kernel accepted SMC COMPLETE at */
	uint8_t last_dl[1024];		/* the last DL NAS PDU, for a replay */
	size_t last_dl_len;
	unsigned int auths;		/* AUTHENTICATION REQUESTs sent */
};

static uint64_t fake_now(void *arg)
{
	return ((struct fake *)arg)->now;
}

static int fake_send(void *arg, struct ue *u, const uint8_t *buf, size_t len)
{
	struct fake *f = arg;

	(void)u;
	if (f->n_sent < 16 && len <= sizeof(f->sent[0])) {
		memcpy(f->sent[f->n_sent], buf, len);
		f->sent_len[f->n_sent++] = len;
	}
	return 0;
}

static void fake_timer(void *arg, struct ue *u)
{
	(void)arg;
	(void)u;
}

static void fake_done(void *arg, struct ue *u)
{
	(void)u;
	((struct fake *)arg)->done++;
}

static void fake_init(struct fake *f, const char *args)
{
	memset(f, 0, sizeof(*f));
	parse(&f->cfg, args);
	report_init(&f->rep, 4);
	f->env = (struct ue_env){
		.cfg = &f->cfg, .rep = &f->rep, .now = fake_now, .send = fake_send,
		.timer = fake_timer, .done = fake_done, .arg = f,
		.sn_id = { 0x00, 0xf1, 0x10 },
	};
	f->now = 1000000;
	ue_setup(&f->ue, &f->env, 0, NULL, 1);
	f->ue.cell_id = 0x100001;
}

/* The NAS PDU of the i-th message the eNB sent (Initial UE or Uplink NAS). */
static bool sent_nas(struct fake *f, unsigned int i, struct s1ap_message *m,
		     const uint8_t **nas, size_t *len)
{
	if (i >= f->n_sent || s1ap_parse(f->sent[i], f->sent_len[i], m))
		return false;
	if (m->type == S1AP_MSG_INITIAL_UE_MESSAGE) {
		*nas = m->u.initial_ue.nas.data;
		*len = m->u.initial_ue.nas.len;
	} else if (m->type == S1AP_MSG_UPLINK_NAS_TRANSPORT) {
		*nas = m->u.uplink_nas.nas.data;
		*len = m->u.uplink_nas.nas.len;
	} else {
		return false;
	}
	return true;
}

/* The plain UL message in the i-th send (deprotected with the network's keys). */
static bool sent_msg(struct fake *f, unsigned int i, struct nas_msg *out, uint8_t *sht)
{
	static struct s1ap_message m;
	static uint8_t pdu[1024];
	const uint8_t *nas;
	size_t len;

	if (!sent_nas(f, i, &m, &nas, &len) || len > sizeof(pdu))
		return false;
	memcpy(pdu, nas, len);
	*sht = pdu[0] >> 4;
	if (*sht) {
		if (ue_nas_unprotect(&f->nas, pdu[5], UE_NAS_DIR_UL, pdu, len))
			return false;
		return !nas_msg_decode(pdu + 6, len - 6, NAS_MSG_UL, out, NULL);
	}
	return !nas_msg_decode(pdu, len, NAS_MSG_UL, out, NULL);
}

static void deliver(struct fake *f, const uint8_t *buf, int len)
{
	static struct s1ap_message m;

	if (len > 0 && !s1ap_parse(buf, (size_t)len, &m))
		ue_input(&f->ue, &f->env, &m);
}

static void dl_nas(struct fake *f, const uint8_t *pdu, size_t len)
{
	struct s1ap_downlink_nas_transport dl = {
		.ids = { .mme_ue_id = 77, .enb_ue_id = f->ue.enb_ue_id },
		.nas = { pdu, len },
	};
	uint8_t buf[1200];

	if (pdu != f->last_dl && len <= sizeof(f->last_dl)) {
		memcpy(f->last_dl, pdu, len);
		f->last_dl_len = len;
	}
	deliver(f, buf, s1ap_build_downlink_nas_transport(buf, sizeof(buf), &dl, NULL));
}

static void dl_plain(struct fake *f, const struct nas_msg *m)
{
	uint8_t pdu[1024];
	int len = nas_msg_encode(m, pdu, sizeof(pdu));

	if (len > 0)
		dl_nas(f, pdu, (size_t)len);
}

static int protect(struct fake *f, uint8_t sht, const struct nas_msg *m, uint8_t *pdu)
{
	uint8_t plain[1024];
	int len = nas_msg_encode(m, plain, sizeof(plain));

	if (len < 0)
		return len;
	ue_nas_protect(&f->nas, sht, f->dl_count++, UE_NAS_DIR_DL, plain, (size_t)len, pdu);
	return len + UE_NAS_HDR_LEN;
}

/*
 * AUTHENTICATION REQUEST as an HSS would make it (TS 33.102 6.3.2): SQN
 * 32 first, then 64, 96, ... (SEQ counting up, IND 0).
 */
static void send_auth(struct fake *f)
{
	static const uint8_t amf[2] = { 0x80, 0x00 };
	uint8_t sqn[6] = { 0 };
	struct milenage_out o;
	uint8_t sqn_ak[6];
	struct nas_msg m;

	f->auths++;
	sqn[4] = (uint8_t)((32 * f->auths) >> 8);
	sqn[5] = (uint8_t)(32 * f->auths);
	usim_milenage(f->cfg.k, f->cfg.opc, RAND, sqn, amf, &o);
	for (int i = 0; i < 6; i++)
		sqn_ak[i] = sqn[i] ^ o.ak[i];
	usim_kasme(o.ck, o.ik, f->env.sn_id, sqn_ak, f->kasme);
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_AUTH_REQUEST, NAS_MSG_DL);
	m.u.auth_req.ksi.ksi = 1;
	memcpy(m.u.auth_req.rand, RAND, 16);
	memcpy(m.u.auth_req.autn, sqn_ak, 6);
	memcpy(m.u.auth_req.autn + 6, amf, 2);
	memcpy(m.u.auth_req.autn + 8, o.mac_a, 8);
	dl_plain(f, &m);
}

static bool smc_hash_mme;	/* the next SMCs carry a HashMME */

static void send_smc(struct fake *f, uint8_t eia, uint8_t eea, bool bad_mac)
{
	struct nas_msg m;
	uint8_t pdu[256];
	int len;

	ue_nas_init(&f->nas, f->kasme, eia, eea);
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_SMC, NAS_MSG_DL);
	if (smc_hash_mme)
		m.opt |= NAS_OPT(NAS_O_SMC_HASHMME);
	m.u.smc.algs.eia = eia;
	m.u.smc.algs.eea = eea;
	m.u.smc.ksi.ksi = 1;
	m.u.smc.ue_sec_cap.len = 2;
	m.u.smc.ue_sec_cap.octets[0] = f->ue.eea_caps;
	m.u.smc.ue_sec_cap.octets[1] = f->ue.eia_caps;
	len = protect(f, NAS_MSG_SHT_INT_NEW, &m, pdu);
	if (bad_mac)
		pdu[2] ^= 0x80;
	dl_nas(f, pdu, (size_t)len);
}

static void send_ics(struct fake *f, bool good_kenb)
{
	struct nas_msg esm, m;
	uint8_t esm_buf[128], pdu[512], buf[1200];
	struct s1ap_erab erab = {
		.erab_id = 5, .qos = { .qci = 9, .priority_level = 8 },
		.sgw_address = { .octets = { 127, 0, 0, 1 }, .len = 4 }, .sgw_teid = 1,
	};
	struct s1ap_initial_context_setup_request ics = {
		.ids = { .mme_ue_id = 77, .enb_ue_id = f->ue.enb_ue_id },
		.ue_ambr_dl = 1000000, .ue_ambr_ul = 1000000, .erabs = &erab, .n_erabs = 1,
		.eea_caps = (uint16_t)((f->ue.eea_caps & 0x70) << 9),
		.eia_caps = (uint16_t)((f->ue.eia_caps & 0x70) << 9),
	};
	int len;

	nas_msg_init(&esm, NAS_MSG_PD_ESM, NAS_ESM_ACT_DEF_BEARER_REQ, NAS_MSG_DL);
	esm.ebi = 5;
	esm.pti = 1;
	esm.u.adb_req.qos.qci = 9;
	strcpy(esm.u.adb_req.apn.name, "internet");
	esm.u.adb_req.pdn_addr.type = NAS_PDN_IPV4;
	memcpy(esm.u.adb_req.pdn_addr.ipv4, (uint8_t[]){ 10, 45, 0, 2 }, 4);
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_ACCEPT, NAS_MSG_DL);
	m.u.attach_acc.result = 1;
	m.u.attach_acc.tai_list.nparts = 1;
	m.u.attach_acc.tai_list.part[0].n = 1;
	m.u.attach_acc.tai_list.part[0].tai[0].tac = 1;
	nas_plmn_from_digits(&m.u.attach_acc.tai_list.part[0].tai[0].plmn, "001", "01");
	m.opt |= NAS_OPT(NAS_O_AA_GUTI);
	m.u.attach_acc.guti.type = NAS_ID_GUTI;
	m.u.attach_acc.guti.guti.plmn = m.u.attach_acc.tai_list.part[0].tai[0].plmn;
	m.u.attach_acc.guti.guti.m_tmsi = 0xc0ffee;
	nas_msg_esm_encode(&esm, esm_buf, sizeof(esm_buf), &m.u.attach_acc.esm);
	len = protect(f, NAS_MSG_SHT_INT_CIPH, &m, pdu);
	erab.nas.data = pdu;
	erab.nas.len = (size_t)len;
	ue_kenb(f->kasme, f->kenb_count, ics.kenb);
	if (!good_kenb)
		ics.kenb[31] ^= 1;
	deliver(f, buf, s1ap_build_initial_context_setup_request(buf, sizeof(buf), &ics, NULL));
}

static void send_release(struct fake *f)
{
	struct s1ap_ue_context_release_command rc = {
		.ids = { .mme_ue_id = 77, .enb_ue_id = f->ue.enb_ue_id },
		.cause = { S1AP_CAUSE_NAS, S1AP_CAUSE_NAS_NORMAL_RELEASE },
	};
	uint8_t buf[128];

	deliver(f, buf, s1ap_build_ue_context_release_command(buf, sizeof(buf), &rc));
}

static void test_ue_attach(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m;
	uint8_t sht = 0;
	struct s1ap_message *sm = malloc(sizeof(*sm));

	fake_init(f, "--eia 2 --eea 0,1");
	ue_start(&f->ue, &f->env);
	tap_result(sent_msg(f, 0, &m, &sht) && !sht && m.type == NAS_EMM_ATTACH_REQUEST &&
		   !strcmp(m.u.attach_req.id.digits, "001010000000001") &&
		   m.u.attach_req.ue_net_cap.octets[0] == 0xc0 &&
		   m.u.attach_req.ue_net_cap.octets[1] == 0x20 && f->ue.state == UE_WAIT_AUTH,
		   "attach: a plain ATTACH REQUEST with the IMSI and capabilities EEA0,1 / EIA2");
	f->now += 3000;
	send_auth(f);
	tap_result(sent_msg(f, 1, &m, &sht) && !sht && m.type == NAS_EMM_AUTH_RESPONSE &&
		   f->ue.state == UE_WAIT_SMC && f->rep.lat[PROC_AKA].n == 1 &&
		   f->rep.lat[PROC_AKA].us[0] == 3000,
		   "attach: AUTN accepted by the USIM, RES sent, AKA latency 3 ms recorded");
	send_smc(f, 2, 1, true);
	tap_result(f->n_sent == 2 && f->ue.state == UE_WAIT_SMC && f->rep.dl_discarded == 1,
		   "attach: an SMC with a wrong MAC is discarded (no answer, still waiting)");
	f->dl_count = 1;
	send_smc(f, 2, 1, false);
	tap_result(sent_msg(f, 2, &m, &sht) && sht == NAS_MSG_SHT_INT_CIPH_NEW &&
		   m.type == NAS_EMM_SMC_COMPLETE && f->ue.state == UE_WAIT_ACCEPT &&
		   f->rep.alg_pairs[2][1] == 1,
		   "attach: the next SMC (COUNT 1) verifies; SMC COMPLETE with header type 4");
	dl_nas(f, f->last_dl, f->last_dl_len);
	tap_result(f->n_sent == 3 && f->rep.dl_discarded == 2 && f->ue.state == UE_WAIT_ACCEPT,
		   "attach: the same SMC again is refused by the UE's own replay check");
	send_ics(f, true);
	tap_result(f->n_sent == 5 && !s1ap_parse(f->sent[3], f->sent_len[3], sm) &&
		   sm->type == S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE &&
		   sent_msg(f, 4, &m, &sht) && sht == NAS_MSG_SHT_INT_CIPH &&
		   m.type == NAS_EMM_ATTACH_COMPLETE && f->ue.verdict == VERDICT_PASS &&
		   f->done == 1 && f->rep.passed == 1 && f->rep.attached == 1,
		   "attach: KeNB and ATTACH ACCEPT check out; ICS Response, ATTACH COMPLETE, pass");
	free(sm);
	report_free(&f->rep);
	free(f);
}

/* --idle: after the attach the eNB releases the UE (user inactivity); the release passes it. */
static void test_ue_idle(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct s1ap_message *sm = malloc(sizeof(*sm));
	struct sim_config c;

	tap_result(!parse(&c, "--idle") && c.idle && !c.detach &&
		   parse(&c, "--idle --detach") < 0,
		   "--idle is read and refused together with --detach");
	fake_init(f, "--idle");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	f->dl_count = 0;
	send_smc(f, 2, 2, false);
	send_ics(f, true);
	tap_result(f->n_sent == 6 && !s1ap_parse(f->sent[5], f->sent_len[5], sm) &&
		   sm->type == S1AP_MSG_UE_CONTEXT_RELEASE_REQUEST &&
		   sm->u.release_request.cause.group == S1AP_CAUSE_RADIO_NETWORK &&
		   sm->u.release_request.cause.value == S1AP_CAUSE_RADIO_USER_INACTIVITY &&
		   f->ue.state == UE_WAIT_RELEASE && !f->ue.verdict && f->rep.attached == 1,
		   "--idle: after ATTACH COMPLETE the eNB asks for the release, cause user inactivity");
	send_release(f);
	tap_result(f->n_sent == 7 && !s1ap_parse(f->sent[6], f->sent_len[6], sm) &&
		   sm->type == S1AP_MSG_UE_CONTEXT_RELEASE_COMPLETE &&
		   f->ue.verdict == VERDICT_PASS && f->rep.passed == 1 && f->rep.detached == 0,
		   "--idle: the release command is completed and the UE passes, attached, not detached");
	free(sm);
	report_free(&f->rep);
	free(f);
}

static void test_ue_guti_reattach(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	uint8_t sht = 0, pdu[64];
	struct nas_msg m;
	bool ok;

	fake_init(f, "--scenario guti-reattach");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_smc(f, 2, 2, false);
	send_ics(f, true);
	ok = sent_msg(f, 5, &m, &sht) && sht == NAS_MSG_SHT_INT_CIPH &&
	     m.type == NAS_EMM_DETACH_REQUEST && m.u.detach_req.id.type == NAS_ID_GUTI &&
	     f->ue.state == UE_WAIT_DETACH_ACCEPT;
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_DETACH_ACCEPT, NAS_MSG_DL);
	dl_nas(f, pdu, (size_t)protect(f, NAS_MSG_SHT_INT_CIPH, &m, pdu));
	ok &= f->ue.state == UE_WAIT_RELEASE && f->rep.detached == 1;
	send_release(f);
	tap_result(ok && !f->ue.verdict && sent_msg(f, 7, &m, &sht) && sht == NAS_MSG_SHT_INT &&
		   m.type == NAS_EMM_ATTACH_REQUEST && m.u.attach_req.id.type == NAS_ID_GUTI &&
		   m.u.attach_req.id.guti.m_tmsi == 0xc0ffee && m.u.attach_req.ksi.ksi == 1 &&
		   f->ue.state == UE_WAIT_AUTH,
		   "guti-reattach: detach, release, then ATTACH REQUEST with the GUTI, integrity protected (COUNT 3)");
	f->dl_count = 0;
	send_auth(f);
	send_smc(f, 2, 2, false);
	send_ics(f, true);
	tap_result(f->ue.verdict == VERDICT_PASS && f->rep.attached == 2,
		   "guti-reattach: AKA and SMC again (COUNTs from 0), attached a second time: pass");
	report_free(&f->rep);
	free(f);
}

static void test_ue_bad_kenb(void)
{
	struct fake *f = calloc(1, sizeof(*f));

	fake_init(f, "--eia 1 --eea 3");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_smc(f, 1, 3, false);
	send_ics(f, false);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   f->rep.n_causes == 1 &&
		   !strcmp(f->rep.causes[0].cause, "KeNB differs from the UE's TS 33.401 A.3"),
		   "a KeNB other than the UE's own A.3 derivation fails the UE with that cause");
	report_free(&f->rep);
	free(f);
}

static void test_ue_eia0_and_caps(void)
{
	struct fake *f = calloc(1, sizeof(*f));

	fake_init(f, "--eia 2 --eea 2");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_smc(f, 0, 2, false);
	tap_result(f->ue.verdict == VERDICT_FAIL && !strcmp(f->rep.causes[0].cause,
							    "SMC selected EIA0"),
		   "an SMC selecting EIA0 fails the UE");
	report_free(&f->rep);
	fake_init(f, "--eia 2 --eea 2");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_smc(f, 1, 2, false);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   !strcmp(f->rep.causes[0].cause, "SMC selected algorithms the UE does not support"),
		   "an SMC selecting an algorithm the UE lacks fails the UE");
	report_free(&f->rep);
	free(f);
}

static void test_ue_no_common_alg(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m;

	fake_init(f, "--scenario no-common-alg");
	ue_start(&f->ue, &f->env);
	tap_result(f->ue.eia_caps == 0x80 && f->ue.eea_caps == 0x80,
		   "no-common-alg: the UE offers only EIA0/EEA0");
	send_auth(f);
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_REJECT, NAS_MSG_DL);
	m.u.attach_rej.emm_cause = 23;
	dl_plain(f, &m);
	tap_result(f->ue.state == UE_WAIT_RELEASE && !f->ue.verdict,
		   "no-common-alg: a plain ATTACH REJECT #23, then the UE waits for the release");
	send_release(f);
	tap_result(f->ue.verdict == VERDICT_PASS && f->rep.passed == 1,
		   "no-common-alg: released after the reject: pass");
	report_free(&f->rep);

	fake_init(f, "--scenario no-common-alg");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	m.u.attach_rej.emm_cause = 15;
	dl_plain(f, &m);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   !strcmp(f->rep.causes[0].cause, "ATTACH REJECT #15"),
		   "no-common-alg: a reject with another cause fails the UE");
	report_free(&f->rep);

	fake_init(f, "--scenario no-common-alg");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_smc(f, 0, 0, false);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   !strcmp(f->rep.causes[0].cause, "SECURITY MODE COMMAND sent (none expected)"),
		   "no-common-alg: an SMC fails the UE");
	report_free(&f->rep);
	free(f);
}

static void test_ue_smc_reject(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m;
	uint8_t sht = 0;
	bool ok = true;

	for (unsigned int i = 0; i < 2; i++) {
		fake_init(f, "--scenario smc-reject");
		ue_setup(&f->ue, &f->env, i, NULL, 1);
		ue_start(&f->ue, &f->env);
		send_auth(f);
		send_smc(f, 2, 2, false);
		ok &= sent_msg(f, 2, &m, &sht) && !sht && m.type == NAS_EMM_SMC_REJECT &&
		      m.u.smc_rej.emm_cause == (i ? 24 : 23) && f->ue.state == UE_WAIT_RELEASE;
		send_release(f);
		ok &= f->ue.verdict == VERDICT_PASS;
		report_free(&f->rep);
	}
	tap_result(ok, "smc-reject: UEs alternate plain SECURITY MODE REJECT #23 / #24; pass on release");
	free(f);
}

/* The scenario hook for AUTHENTICATION FAILURE #21: a real AUTS, once. */
static void test_ue_synch_failure(void)
{
	static const uint8_t amf0[2];
	struct ue_behaviour b = { .name = "resync", .auth_fail_cause = 21 };
	struct fake *f = calloc(1, sizeof(*f));
	struct milenage_out o;
	uint8_t sht = 1, sqn_ms[6] = { 0 };
	uint64_t v = 0;
	struct nas_msg m;
	bool ok;

	fake_init(f, "");
	f->ue.beh = &b;
	ue_start(&f->ue, &f->env);
	send_auth(f);
	ok = sent_msg(f, 1, &m, &sht) && !sht && m.type == NAS_EMM_AUTH_FAILURE &&
	     m.u.auth_fail.emm_cause == 21 && (m.opt & NAS_OPT(NAS_O_AF_AUTS));
	/* TS 33.102 6.3.3: AUTS = SQN_MS xor AK* || MAC-S (f1* with AMF 0); f5* needs RAND only. */
	usim_milenage(f->cfg.k, f->cfg.opc, RAND, sqn_ms, amf0, &o);
	for (int i = 0; ok && i < 6; i++)
		sqn_ms[i] = m.u.auth_fail.auts[i] ^ o.ak_star[i];
	for (int i = 0; i < 6; i++)
		v = v << 8 | sqn_ms[i];
	usim_milenage(f->cfg.k, f->cfg.opc, RAND, sqn_ms, amf0, &o);
	tap_result(ok && v > 32 && !memcmp(o.mac_s, m.u.auth_fail.auts + 6, 8) && !f->ue.verdict,
		   "auth-failure #21 hook: AUTHENTICATION FAILURE with an AUTS whose MAC-S verifies, SQN_MS ahead");
	send_auth(f);
	tap_result(sent_msg(f, 2, &m, &sht) && m.type == NAS_EMM_AUTH_FAILURE,
		   "auth-failure #21 hook: the next SQN is still below SQN_MS: a real synch failure");
	report_free(&f->rep);
	free(f);
}

/* TS 24.301 5.4.2.6 c / 5.4.2.5: #20 answered, AUTHENTICATION REJECT expected. */
static void test_ue_auth_mac_failure(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m;
	uint8_t sht = 1;
	bool ok;

	fake_init(f, "--scenario auth-mac-failure");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	ok = sent_msg(f, 1, &m, &sht) && !sht && m.type == NAS_EMM_AUTH_FAILURE &&
	     m.u.auth_fail.emm_cause == 20 && !(m.opt & NAS_OPT(NAS_O_AF_AUTS)) && !f->ue.verdict;
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_AUTH_REJECT, NAS_MSG_DL);
	dl_plain(f, &m);
	ok &= f->ue.state == UE_WAIT_RELEASE && !f->ue.verdict && !f->ue.have_kasme &&
	      f->ue.eksi == 7;
	send_release(f);
	tap_result(ok && f->ue.verdict == VERDICT_PASS && f->rep.passed == 1,
		   "auth-mac-failure: AUTHENTICATION FAILURE #20, a plain AUTHENTICATION REJECT deletes the KSI, release: pass");
	report_free(&f->rep);

	fake_init(f, "--scenario auth-mac-failure");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_release(f);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   !strcmp(f->rep.causes[0].cause, "released without AUTHENTICATION REJECT"),
		   "auth-mac-failure: a release without AUTHENTICATION REJECT fails the UE");
	report_free(&f->rep);

	fake_init(f, "");
	ue_start(&f->ue, &f->env);
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_AUTH_REJECT, NAS_MSG_DL);
	dl_plain(f, &m);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   !strcmp(f->rep.causes[0].cause, "AUTHENTICATION REJECT"),
		   "attach: an AUTHENTICATION REJECT nobody expected fails the UE");
	report_free(&f->rep);
	free(f);
}

static void test_ue_unknown_imsi(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m;
	uint8_t sht = 1;
	bool ok;

	fake_init(f, "--scenario unknown-imsi");
	ue_start(&f->ue, &f->env);
	ok = !strcmp(f->ue.imsi, "001019999999999") && sent_msg(f, 0, &m, &sht) &&
	     !strcmp(m.u.attach_req.id.digits, "001019999999999");
	ue_setup(&f->ue, &f->env, 3, NULL, 1);
	ok &= !strcmp(f->ue.imsi, "001019999999996");
	tap_result(ok, "unknown-imsi: UE i attaches as MCC MNC 99..9 minus i, never a --gen-subscribers IMSI");
	fake_init(f, "--scenario unknown-imsi");
	ue_start(&f->ue, &f->env);
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_REJECT, NAS_MSG_DL);
	m.u.attach_rej.emm_cause = 8;
	dl_plain(f, &m);
	send_release(f);
	ok = f->ue.verdict == VERDICT_PASS;
	report_free(&f->rep);
	fake_init(f, "--scenario unknown-imsi");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	tap_result(ok && f->ue.verdict == VERDICT_FAIL && f->n_sent == 1 &&
		   !strcmp(f->rep.causes[0].cause, "AUTHENTICATION REQUEST sent (none expected)"),
		   "unknown-imsi: ATTACH REJECT #8 and release pass; an AUTHENTICATION REQUEST fails");
	report_free(&f->rep);
	free(f);
}

/* TS 33.102 C.1.1: an SQN the USIM accepted before is a failure unless resync is the point. */
static void test_ue_sqn_reused(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m;
	uint8_t sht = 1;

	fake_init(f, "");
	f->ue.usim.sqn_max = 32;	/* send_auth's SQN, accepted in an earlier run */
	ue_start(&f->ue, &f->env);
	send_auth(f);
	tap_result(sent_msg(f, 1, &m, &sht) && m.type == NAS_EMM_AUTH_FAILURE &&
		   m.u.auth_fail.emm_cause == 21 && (m.opt & NAS_OPT(NAS_O_AF_AUTS)) &&
		   f->ue.verdict == VERDICT_FAIL && !strcmp(f->rep.causes[0].cause, "SQN reused") &&
		   strstr(f->ue.why, "0x20"),
		   "an AUTN with an SQN the USIM accepted already: #21 with AUTS sent, the UE fails 'SQN reused'");
	report_free(&f->rep);
	free(f);
}

/*
 * The MME's T3460 fired before the UE's answers arrived (a loaded MME): the
 * same AUTHENTICATION REQUEST twice, then two SMCs. TS 24.301 5.4.2.3: the
 * stored RES answers the copy; the MME derives KeNB from the first SECURITY
 * MODE COMPLETE it accepted, not the UE's last.
 */
static void test_ue_retransmitted_requests(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m, first;
	uint8_t sht = 1;

	fake_init(f, "--eia 2 --eea 2");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	dl_nas(f, f->last_dl, f->last_dl_len);
	tap_result(sent_msg(f, 1, &first, &sht) && sent_msg(f, 2, &m, &sht) && !sht &&
		   m.type == NAS_EMM_AUTH_RESPONSE && first.type == NAS_EMM_AUTH_RESPONSE &&
		   !memcmp(m.u.auth_resp.res.v, first.u.auth_resp.res.v, 8) &&
		   f->ue.verdict != VERDICT_FAIL && f->ue.state == UE_WAIT_SMC,
		   "a retransmitted AUTHENTICATION REQUEST (same RAND) gets the stored RES, the USIM is not asked again");
	send_smc(f, 2, 2, false);
	f->dl_count = 1;
	send_smc(f, 2, 2, false);
	tap_result(f->n_sent == 5 && sent_msg(f, 4, &m, &sht) && m.type == NAS_EMM_SMC_COMPLETE &&
		   f->ue.ul_count == 2, "a retransmitted SMC is answered with a second SMC COMPLETE (COUNT 1)");
	f->kenb_count = 0;
	send_ics(f, true);
	tap_result(f->ue.verdict == VERDICT_PASS && f->rep.attached == 1,
		   "KeNB from the first SMC COMPLETE's COUNT is accepted: attached");
	report_free(&f->rep);
	free(f);
}

static unsigned int saved;

static void count_saved(void *arg, struct ue *u)
{
	(void)arg;
	saved += u->usim.sqn_max == 32;
}

static void test_usim_state(void)
{
	char dir[] = "/tmp/enbsim-test.XXXXXX", path[64], tmp[80], *text = NULL;
	struct usim_state st, st2;
	struct fake *f = calloc(1, sizeof(*f));
	FILE *null = fopen("/dev/null", "w"), *fp;
	size_t len = 0;
	bool ok;

	if (!mkdtemp(dir)) {
		tap_result(false, "usim state: a temporary directory");
		return;
	}
	snprintf(path, sizeof(path), "%s/usim", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	ok = !usim_state_load(&st, path, null) && st.n == 0;
	ok &= !usim_state_set(&st, "001010000000002", 0x40) &&
	      !usim_state_set(&st, "001010000000001", 0x21) &&
	      !usim_state_set(&st, "001010000000002", 0x61) && st.n == 2 && !usim_state_save(&st);
	ok &= !usim_state_load(&st2, path, null) && st2.n == 2 &&
	      usim_state_get(&st2, "001010000000001") == 0x21 &&
	      usim_state_get(&st2, "001010000000002") == 0x61 &&
	      usim_state_get(&st2, "001010000000003") == 0 && access(tmp, F_OK);
	fp = fopen(path, "r");
	if (fp) {
		text = calloc(1, 256);
		len = fread(text, 1, 255, fp);
		fclose(fp);
	}
	tap_result(ok && text && len && strstr(text, "\n001010000000001 000000000021\n"),
		   "--usim-state: a missing file is empty; 'IMSI SQN' lines sorted, read back; no .tmp left");
	free(text);
	usim_state_free(&st);
	usim_state_free(&st2);
	fp = fopen(path, "w");
	if (fp) {
		fputs("001010000000001 zz\n", fp);
		fclose(fp);
	}
	tap_result(usim_state_load(&st, path, null) < 0 && st.n == 0,
		   "--usim-state: a bad line is refused");
	unlink(path);
	rmdir(dir);

	fake_init(f, "");
	f->env.sqn_accepted = count_saved;
	saved = 0;
	ue_start(&f->ue, &f->env);
	send_auth(f);
	tap_result(saved == 1 && f->ue.state == UE_WAIT_SMC,
		   "an accepted AUTN reaches the state hook with the new highest SQN before the RES");
	report_free(&f->rep);
	tap_result(parse(&f->cfg, "--scenario daemon-restart") < 0 &&
		   !parse(&f->cfg, "--scenario daemon-restart --usim-state /tmp/x") &&
		   !strcmp(f->cfg.usim_state, "/tmp/x"),
		   "daemon-restart needs --usim-state FILE");
	fclose(null);
	free(f);
}

static void test_ue_smc_replay_garbage(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct nas_msg m, inner;
	uint8_t sht = 0;

	fake_init(f, "--scenario smc-replay-garbage --eia 2 --eea 2");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	smc_hash_mme = true;
	send_smc(f, 2, 2, false);
	smc_hash_mme = false;
	tap_result(sent_msg(f, 2, &m, &sht) && m.type == NAS_EMM_SMC_COMPLETE &&
		   (m.opt & NAS_OPT(NAS_O_SMCC_NAS_MSG)) && m.u.smc_cpl.nas_msg.len == 5 &&
		   nas_msg_decode(m.u.smc_cpl.nas_msg.data, m.u.smc_cpl.nas_msg.len, NAS_MSG_UL,
				  &inner, NULL),
		   "smc-replay-garbage: SMC COMPLETE carries a Replayed NAS message container that does not decode");
	report_free(&f->rep);
	fake_init(f, "--scenario smc-replay-garbage --eia 2 --eea 2");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_smc(f, 2, 2, false);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   !strcmp(f->rep.causes[0].cause, "SMC without HashMME"),
		   "smc-replay-garbage: an SMC without HashMME fails the UE (the MME's hash_mme is off)");
	report_free(&f->rep);
	free(f);
}

/* The fault hooks the failure scenarios are built from. */
static void test_ue_faults(void)
{
	struct ue_behaviour b = {
		.name = "faults",
		.faults = {
			{ FAULT_DROP_DL, NAS_EMM_SMC, 1 },
			{ FAULT_CORRUPT_UL, NAS_EMM_SMC_COMPLETE, 1 },
			{ FAULT_REPLAY_UL, NAS_EMM_ATTACH_COMPLETE, 1 },
		},
	};
	struct fake *f = calloc(1, sizeof(*f));
	struct s1ap_message *sm = malloc(sizeof(*sm));
	const uint8_t *nas = NULL;
	size_t len = 0;
	struct nas_msg m;
	uint8_t sht = 0;

	fake_init(f, "--eia 2 --eea 2");
	f->ue.beh = &b;
	ue_start(&f->ue, &f->env);
	send_auth(f);
	send_smc(f, 2, 2, false);
	tap_result(f->n_sent == 2 && f->ue.state == UE_WAIT_SMC && !f->rep.dl_discarded,
		   "drop-dl fault: the first SMC never reaches the UE (no answer, not a refusal)");
	send_smc(f, 2, 2, false);
	tap_result(f->n_sent == 3 && !sent_msg(f, 2, &m, &sht) &&
		   sent_nas(f, 2, sm, &nas, &len) && nas[0] >> 4 == NAS_MSG_SHT_INT_CIPH_NEW,
		   "corrupt-ul fault: the SMC retransmission (COUNT 1) is answered with a bad MAC");
	send_smc(f, 2, 2, false);
	tap_result(f->n_sent == 4 && sent_msg(f, 3, &m, &sht) && m.type == NAS_EMM_SMC_COMPLETE &&
		   f->ue.smc_complete_count == 1,
		   "after the fault the next SMC (COUNT 2) gets a good SMC COMPLETE at UL COUNT 1");
	f->kenb_count = 1;	/* TS 33.401 A.3: the COUNT of the COMPLETE it accepted */
	send_ics(f, true);
	tap_result(f->n_sent == 7 && sent_msg(f, 5, &m, &sht) && sent_msg(f, 6, &m, &sht) &&
		   m.type == NAS_EMM_ATTACH_COMPLETE && f->sent_len[5] == f->sent_len[6] &&
		   !memcmp(f->sent[5], f->sent[6], f->sent_len[5]),
		   "replay-ul fault: ATTACH COMPLETE is sent twice, the same PDU; KeNB from UL COUNT 1");
	free(sm);
	report_free(&f->rep);
	free(f);
}

static void test_ue_timeout(void)
{
	struct fake *f = calloc(1, sizeof(*f));

	fake_init(f, "--timeout 5");
	ue_start(&f->ue, &f->env);
	send_auth(f);
	tap_result(f->ue.deadline_us == f->now + 5000000,
		   "a waiting UE's timer is armed for --timeout");
	ue_timeout(&f->ue, &f->env);
	tap_result(f->ue.verdict == VERDICT_FAIL &&
		   !strcmp(f->rep.causes[0].cause, "timeout in wait-smc"),
		   "a UE whose timer runs out fails with 'timeout in STATE'");
	report_free(&f->rep);
	free(f);
}

static void test_spread(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	unsigned int seen = 0;

	fake_init(f, "--spread");
	for (unsigned int i = 0; i < 12; i++) {
		ue_setup(&f->ue, &f->env, i, NULL, 1);
		if (__builtin_popcount(f->ue.eia_caps) == 1 &&
		    __builtin_popcount(f->ue.eea_caps) == 1 && !(f->ue.eia_caps & 0x80))
			seen |= 1u << (((__builtin_clz(f->ue.eia_caps) - 24) - 1) * 4 +
				       (__builtin_clz(f->ue.eea_caps) - 24));
	}
	tap_result(seen == 0xfff, "--spread: 12 UEs offer the 12 pairs EIA1-3 x EEA0-3, one each");
	report_free(&f->rep);
	free(f);
}

int main(void)
{
	test_args();
	test_subscribers();
	test_percentile();
	test_report();
	test_ue_attach();
	test_ue_idle();
	test_ue_guti_reattach();
	test_ue_bad_kenb();
	test_ue_eia0_and_caps();
	test_ue_no_common_alg();
	test_ue_smc_reject();
	test_ue_synch_failure();
	test_ue_auth_mac_failure();
	test_ue_unknown_imsi();
	test_ue_sqn_reused();
	test_ue_retransmitted_requests();
	test_usim_state();
	test_ue_smc_replay_garbage();
	test_ue_faults();
	test_ue_timeout();
	test_spread();
	return tap_finish();
}
