// SPDX-License-Identifier: GPL-2.0
/*
 * Security mode control (TS 24.301 5.4.3, TS 33.401 7.2.4) and the
 * integrity rules for uplink messages (TS 24.301 4.4.4.3).
 */
#include "test_emm.h"

static struct emm_h H;

#define BIT(n) (1U << (n))

static void algorithm_choice_is_the_first_supported_of_the_list(void)
{
	struct emm_config cfg;
	static const uint8_t eia_31[] = { 3, 1 };
	static const uint8_t eia_012[] = { 0, 1, 2 };

	emm_config_defaults(&cfg);
	tap_result(cfg.n_eia == 3 && cfg.eia_prio[0] == 2 && cfg.eia_prio[1] == 1 &&
		   cfg.eia_prio[2] == 3 && cfg.n_eea == 4 && cfg.eea_prio[0] == 2 &&
		   cfg.eea_prio[1] == 1 && cfg.eea_prio[2] == 3 && cfg.eea_prio[3] == 0,
		   "default lists are EIA2,EIA1,EIA3 and EEA2,EEA1,EEA3,EEA0");
	tap_result(emm_select_alg(cfg.eia_prio, cfg.n_eia, BIT(1) | BIT(2) | BIT(3), 0, false) == 2 &&
		   emm_select_alg(cfg.eia_prio, cfg.n_eia, BIT(1) | BIT(3), 0, false) == 1 &&
		   emm_select_alg(cfg.eia_prio, cfg.n_eia, BIT(3), 0, false) == 3,
		   "integrity: the first of the operator list the UE supports");
	tap_result(emm_select_alg(eia_31, 2, BIT(1) | BIT(2) | BIT(3), 0, false) == 3,
		   "the operator's order wins over the UE's");
	tap_result(emm_select_alg(eia_012, 3, BIT(0) | BIT(2), 0, false) == 2 &&
		   emm_select_alg(eia_012, 3, BIT(0), 0, false) < 0,
		   "EIA0 is never chosen for integrity, even when listed first");
	tap_result(emm_select_alg(cfg.eea_prio, cfg.n_eea, BIT(0), 0, true) == 0 &&
		   emm_select_alg(cfg.eea_prio, cfg.n_eea, BIT(0) | BIT(3), 0, true) == 3,
		   "ciphering falls back to EEA0 only when it is the first common one");
	tap_result(emm_select_alg(cfg.eia_prio, cfg.n_eia, BIT(1) | BIT(2) | BIT(3), BIT(3), false) == 3 &&
		   emm_select_alg(cfg.eia_prio, cfg.n_eia, BIT(1) | BIT(2), BIT(3), false) < 0,
		   "a subscriber's allowed algorithms narrow the operator list");
}

static void ue_security_capability_is_replayed_as_received(void)
{
	struct emm_attach_req r = { 0 };
	uint8_t cap[EMM_UE_SEC_CAP_MAX];
	unsigned int n;

	r.net_cap[0] = 0xf0;
	r.net_cap[1] = 0x70;
	r.net_cap_len = 2;
	n = emm_ue_sec_cap(&r, cap);
	tap_result(n == 2 && cap[0] == 0xf0 && cap[1] == 0x70,
		   "an E-UTRAN-only UE's capability is EEA and EIA octets only");
	r.net_cap[2] = 0xc0;
	r.net_cap[3] = 0xc0;	/* UCS2 + UIA1 */
	r.net_cap[4] = 0x12;	/* later octets are not security capabilities */
	r.net_cap_len = 5;
	n = emm_ue_sec_cap(&r, cap);
	tap_result(n == 4 && cap[2] == 0xc0 && cap[3] == 0x40,
		   "UEA/UIA octets are replayed, bit 8 (UCS2 in 9.9.3.34, spare in 9.9.3.36) cleared");
	r.has_gea = true;
	r.gea = 0x60;
	n = emm_ue_sec_cap(&r, cap);
	tap_result(n == 5 && cap[4] == 0x60, "a GPRS UE's GEA octet is replayed too");
}

static void smc_loads_the_new_slot_before_the_command(void)
{
	struct emm_h *h = &H;
	int load, smc;
	const struct emm_action *l;
	const struct emm_nas_out *n;

	emm_h_init(h);
	emm_h_to_smc(h);
	load = emm_h_find(h, EMM_ACT_KCTX_LOAD_NEW);
	smc = emm_h_nas_idx(h, EMM_MSG_SMC);
	l = load < 0 ? NULL : &h->out.a[load];
	n = smc < 0 ? NULL : &h->out.a[smc].nas;
	tap_result(l && n && load < smc,
		   "the new slot goes into the kernel before the SECURITY MODE COMMAND");
	tap_result(l && l->slot.ksi == 0 && l->slot.eia == 2 && l->slot.eea == 2 &&
		   l->slot.kasme[0] == 0x33 && l->slot.kasme[31] == 0x33,
		   "the slot carries the vector's KASME, the eKSI and EIA2/EEA2");
	tap_result(n && n->sec_hdr == NASSEC_SHT_INTEGRITY_NEW_CTX && n->smc.eia == 2 &&
		   n->smc.eea == 2 && n->smc.ksi == 0,
		   "the command goes with security header type 3 and the chosen algorithms");
	tap_result(n && n->smc.ue_sec_cap_len == 4 && n->smc.ue_sec_cap[0] == 0xf0 &&
		   n->smc.ue_sec_cap[1] == 0x70 && n->smc.ue_sec_cap[2] == 0xe0 &&
		   n->smc.ue_sec_cap[3] == 0x60,
		   "the command replays the UE security capabilities, UMTS octets included");
	tap_result(n && !n->smc.imeisv_req && !n->smc.hash_mme,
		   "by default neither IMEISV nor HashMME is asked for");
	tap_result(emm_h_timer_started(h, EMM_T3460, 6000) && h->ctr.c[EMM_C_SMC_SENT] == 1,
		   "T3460 runs and the SMC is counted");
}

static void smc_options_follow_the_config(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;

	emm_h_init(h);
	h->cfg.imeisv_request = true;
	h->cfg.hash_mme = true;
	h->cfg.t3460_ms = 2500;
	emm_h_to_smc(h);
	n = emm_h_nas(h, EMM_MSG_SMC);
	tap_result(n && n->smc.imeisv_req && n->smc.hash_mme && n->smc.kasme &&
		   emm_h_timer_started(h, EMM_T3460, 2500),
		   "IMEISV request, HashMME (for an unprotected ATTACH REQUEST) and T3460 follow the config");

	emm_h_init(h);
	h->cfg.hash_mme = true;
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	h->cfg.reuse_verified_guti = false;
	emm_h_attach_ev(h, NASSEC_VERDICT_OK);
	h->ev.nas.attach.id.type = EMM_ID_GUTI;
	h->ev.nas.attach.id.guti = h->ue.guti;
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	n = emm_h_nas(h, EMM_MSG_SMC);
	tap_result(n && !n->smc.hash_mme,
		   "no HashMME when the kernel verified the ATTACH REQUEST (24.301 5.4.3.2)");
}

static void operator_lists_and_overrides_reach_the_command(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;

	emm_h_init(h);
	h->cfg.eia_prio[0] = 3;
	h->cfg.eia_prio[1] = 1;
	h->cfg.n_eia = 2;
	h->cfg.eea_prio[0] = 0;
	h->cfg.n_eea = 1;
	emm_h_to_smc(h);
	n = emm_h_nas(h, EMM_MSG_SMC);
	tap_result(n && n->smc.eia == 3 && n->smc.eea == 0,
		   "a configured list EIA3,EIA1 / EEA0 gives EIA3 and EEA0");

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vec_ev(h)->allowed_eia = BIT(1);
	h->ev.vec.allowed_eea = BIT(3) | BIT(0);
	emm_h_step(h);
	emm_h_auth_rsp(h, true);
	n = emm_h_nas(h, EMM_MSG_SMC);
	tap_result(n && n->smc.eia == 1 && n->smc.eea == 3,
		   "the subscriber override EIA1 / EEA3,EEA0 gives EIA1 and EEA3");
}

static void no_common_integrity_algorithm_rejects_without_smc(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->net_cap[1] = 0x80;	/* EIA0 only */
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	tap_result(n && n->reject.cause == EMM_CAUSE_UE_SEC_CAP_MISMATCH && !emm_h_nas(h, EMM_MSG_SMC) &&
		   !emm_h_act(h, EMM_ACT_KCTX_LOAD_NEW) && emm_h_failed(h) &&
		   emm_h_failed(h)->fail.cause == 23 && h->ctr.attach_reject_cause[23] == 1,
		   "a UE with no common integrity algorithm gets ATTACH REJECT #23 and no SMC");

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->net_cap[1] = 0x40;	/* EIA1 only */
	emm_h_step(h);
	emm_h_vec_ev(h)->allowed_eia = BIT(2);
	emm_h_step(h);
	emm_h_auth_rsp(h, true);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	tap_result(n && n->reject.cause == EMM_CAUSE_UE_SEC_CAP_MISMATCH && !emm_h_nas(h, EMM_MSG_SMC),
		   "a subscriber override that leaves no common EIA also gets ATTACH REJECT #23");
}

static void t3460_retransmits_the_command_then_aborts(void)
{
	struct emm_h *h = &H;
	bool ok = true;

	emm_h_init(h);
	emm_h_to_smc(h);
	for (int i = 0; i < 4; i++) {
		const struct emm_nas_out *n;

		emm_h_expire(h);
		n = emm_h_nas(h, EMM_MSG_SMC);
		ok &= n && n->sec_hdr == NASSEC_SHT_INTEGRITY_NEW_CTX && n->smc.eia == 2 &&
		      !emm_h_act(h, EMM_ACT_KCTX_LOAD_NEW) && !emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) &&
		      emm_h_timer_started(h, EMM_T3460, 6000) && !emm_h_failed(h);
	}
	tap_result(ok && h->ctr.c[EMM_C_SMC_RETX] == 4 && h->kernel_new,
		   "T3460 expiries 1-4 resend the command (a new message, new DL COUNT) with the slot kept");
	emm_h_expire(h);
	tap_result(emm_h_nas_count(h) == 0 && emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && !h->kernel_new &&
		   emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_TIMEOUT &&
		   emm_h_act(h, EMM_ACT_SEND_RELEASE) && h->ue.proc == EMM_P_NONE &&
		   h->ue.timer == EMM_T_NONE,
		   "the fifth T3460 expiry aborts SMC and attach, drops the new slot and releases the UE");
	tap_result(h->ctr.c[EMM_C_SMC_TIMED_OUT] == 1 && h->ctr.attach_failed[EMM_FAIL_TIMEOUT] == 1,
		   "the timeout is counted");
	h->ev.type = EMM_EV_TIMER;
	h->ev.timer = EMM_T3460;
	h->now += 6000;
	emm_h_step(h);
	tap_result(emm_h_nas_count(h) == 0 && emm_h_counted(h, EMM_C_DISCARD_STALE_TIMER),
		   "a late T3460 expiry after the abort sends nothing");
}

static void verified_complete_continues_the_attach(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;
	const struct emm_action *st;
	bool wiped = true;

	emm_h_init(h);
	h->cfg.imeisv_request = true;
	emm_h_to_smc(h);
	m = emm_h_smc_complete_ev(h);
	m->smc_complete.has_imeisv = true;
	strcpy(m->smc_complete.imeisv, TEST_IMEISV);
	emm_h_step(h);
	st = emm_h_act(h, EMM_ACT_STORE_IMEISV);
	tap_result(emm_h_timer_stopped(h, EMM_T3460) && st && !strcmp(st->imeisv, TEST_IMEISV) &&
		   emm_h_act(h, EMM_ACT_SEND_ICS),
		   "a verified, promoted SMC COMPLETE stops T3460, stores the IMEISV and continues the attach");
	for (unsigned int i = 0; i < sizeof(h->ue.kasme); i++)
		wiped &= h->ue.kasme[i] == 0;
	tap_result((h->ue.flags & EMM_UE_F_CUR_CTX) && (h->ue.flags & EMM_UE_F_SECURE) &&
		   !(h->ue.flags & EMM_UE_F_NEW_SLOT) && h->ue.cur_ksi == 0 && h->ue.eia == 2 &&
		   wiped && h->ctr.c[EMM_C_SMC_COMPLETE] == 1,
		   "the new context is current and the UE's copy of KASME is wiped");

	emm_h_init(h);
	h->cfg.imeisv_request = true;
	emm_h_to_smc(h);
	emm_h_smc_complete(h);
	tap_result(!emm_h_act(h, EMM_ACT_STORE_IMEISV) && emm_h_act(h, EMM_ACT_SEND_ICS) &&
		   h->ctr.c[EMM_C_IMEISV_MISSING] == 1,
		   "a COMPLETE without the requested IMEISV is counted and the attach goes on");

	emm_h_init(h);
	emm_h_to_smc(h);
	m = emm_h_smc_complete_ev(h);
	m->smc_complete.has_imeisv = true;
	strcpy(m->smc_complete.imeisv, TEST_IMEISV);
	emm_h_step(h);
	tap_result(!emm_h_act(h, EMM_ACT_STORE_IMEISV) && emm_h_act(h, EMM_ACT_SEND_ICS),
		   "an IMEISV that was not asked for is not stored");
}

/*
 * 24.301 5.4.3.4: after a HashMME mismatch the UE puts its ATTACH REQUEST
 * into the SECURITY MODE COMPLETE; the attach goes on with that one's PDN
 * request (PTI, ESM information flag), not the one the network received.
 */
static void complete_with_replayed_attach(struct emm_h *h, struct emm_pdn_req pdn)
{
	struct emm_nas_in *m;

	emm_h_init(h);
	h->cfg.hash_mme = true;
	emm_h_to_smc(h);
	m = emm_h_smc_complete_ev(h);
	m->smc_complete.has_replayed_attach = true;
	m->smc_complete.replayed_attach = (struct emm_attach_req){
		.attach_type = 1, .ksi = 7, .pdn = pdn,
	};
	emm_h_step(h);
}

static void replayed_attach_request_replaces_the_received_one(void)
{
	struct emm_h *h = &H;
	const struct emm_action *ics;

	complete_with_replayed_attach(h, (struct emm_pdn_req){ .pti = 9, .pdn_type = EMM_PDN_IPV4 });
	ics = emm_h_act(h, EMM_ACT_SEND_ICS);
	tap_result(ics && ics->accept.pti == 9 && h->ctr.c[EMM_C_ATTACH_REPLAYED] == 1,
		   "a replayed ATTACH REQUEST's PTI (9) is the one the default bearer answers, counted");

	complete_with_replayed_attach(h, (struct emm_pdn_req){
		.pti = 4, .pdn_type = EMM_PDN_IPV4, .esm_info_transfer = true });
	tap_result(!emm_h_act(h, EMM_ACT_SEND_ICS) && emm_h_nas(h, EMM_MSG_ESM_INFO_REQUEST) &&
		   emm_h_nas(h, EMM_MSG_ESM_INFO_REQUEST)->pti == 4,
		   "a replayed ATTACH REQUEST's ESM information flag is honoured");
}

static void unverified_complete_is_discarded_and_t3460_runs_on(void)
{
	static const struct {
		uint8_t verdict, sec_hdr;
		bool promoted;
		uint8_t ctr;
		const char *what;
	} cases[] = {
		{ NASSEC_VERDICT_MAC_FAIL, 4, false, EMM_C_DISCARD_MAC_FAIL, "a MAC failure" },
		{ NASSEC_VERDICT_REPLAY, 4, false, EMM_C_DISCARD_REPLAY, "a replay" },
		{ NASSEC_VERDICT_PLAIN, 0, false, EMM_C_DISCARD_PLAIN, "a plain one" },
		{ NASSEC_VERDICT_NO_CONTEXT, 4, false, EMM_C_DISCARD_NO_CONTEXT, "no context" },
		{ NASSEC_VERDICT_OK, 4, false, EMM_C_DISCARD_UNEXPECTED, "not promoted" },
		{ NASSEC_VERDICT_OK, 2, false, EMM_C_DISCARD_UNEXPECTED, "old context (type 2)" },
	};
	struct emm_h *h = &H;

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct emm_nas_in *m;

		emm_h_init(h);
		emm_h_to_smc(h);
		m = emm_h_smc_complete_ev(h);
		m->verdict = cases[i].verdict;
		m->sec_hdr = cases[i].sec_hdr;
		m->promoted = cases[i].promoted;
		emm_h_step(h);
		tap_result(emm_h_counted(h, cases[i].ctr) && !emm_h_timer_stopped(h, EMM_T3460) &&
			   !emm_h_act(h, EMM_ACT_SEND_ICS) && h->ue.sub == EMM_S_SMC &&
			   !(h->ue.flags & EMM_UE_F_CUR_CTX),
			   "an SMC COMPLETE with %s is discarded, counted, and T3460 keeps running",
			   cases[i].what);
	}
	emm_h_expire(h);
	tap_result(emm_h_nas(h, EMM_MSG_SMC) != NULL, "... and its expiry still resends the command");
	emm_h_smc_complete(h);
	tap_result(emm_h_act(h, EMM_ACT_SEND_ICS) != NULL, "... and a good COMPLETE still completes");
}

static void smc_reject_aborts_and_keeps_the_old_context(void)
{
	static const uint8_t causes[] = { EMM_CAUSE_UE_SEC_CAP_MISMATCH, EMM_CAUSE_SEC_MODE_REJECTED };
	struct emm_h *h = &H;

	for (unsigned int i = 0; i < 2; i++) {
		struct emm_nas_in *m;

		emm_h_init(h);
		emm_h_to_smc(h);
		m = emm_h_nas_ev(h, EMM_MSG_SMC_REJECT, NASSEC_VERDICT_PLAIN);
		m->smc_reject.cause = causes[i];
		emm_h_step(h);
		tap_result(emm_h_timer_stopped(h, EMM_T3460) && emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) &&
			   !h->kernel_new && emm_h_failed(h) &&
			   emm_h_failed(h)->fail.reason == EMM_FAIL_SMC_REJECTED &&
			   emm_h_act(h, EMM_ACT_SEND_RELEASE) && emm_h_nas_count(h) == 0 &&
			   h->ctr.c[EMM_C_SMC_REJECTED] == 1,
			   "SECURITY MODE REJECT #%u stops T3460, drops the new slot and aborts the attach",
			   causes[i]);
	}

	emm_h_init(h);
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	emm_h_attach(h);		/* back plain: new AKA, new SMC */
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	emm_h_nas_ev(h, EMM_MSG_SMC_REJECT, NASSEC_VERDICT_MAC_FAIL)->smc_reject.cause = 24;
	emm_h_step(h);
	tap_result(emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && h->kernel_cur &&
		   (h->ue.flags & EMM_UE_F_CUR_CTX) && h->ue.cur_ksi == 0 && h->ue.eia == 2,
		   "a SECURITY MODE REJECT (even failing the check, 4.4.4.3) keeps the old current context");
}

static void integrity_rules_of_4_4_4_3(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	emm_h_nas_ev(h, EMM_MSG_ATTACH_COMPLETE, NASSEC_VERDICT_PLAIN);
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_PLAIN) && h->ue.sub == EMM_S_AUTH,
		   "before security, a plain message not on the 4.4.4.3 list is discarded");
	m = emm_h_nas_ev(h, EMM_MSG_IDENTITY_RESPONSE, NASSEC_VERDICT_PLAIN);
	m->identity.type = EMM_ID_IMSI;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_PLAIN),
		   "a plain IDENTITY RESPONSE nobody asked for is discarded");
	emm_h_auth_rsp(h, true);
	tap_result(emm_h_nas(h, EMM_MSG_SMC) != NULL,
		   "a plain AUTHENTICATION RESPONSE is processed (on the list)");

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_NO_CONTEXT)->id.type = EMM_ID_GUTI;
	emm_h_step(h);
	m = emm_h_nas_ev(h, EMM_MSG_IDENTITY_RESPONSE, NASSEC_VERDICT_PLAIN);
	m->identity.type = EMM_ID_IMEI;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_PLAIN) && !emm_h_act(h, EMM_ACT_AKA_GET_VECTOR),
		   "a plain IDENTITY RESPONSE with an IMEI (we asked for the IMSI) is discarded");

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->pdn.esm_info_transfer = true;
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	emm_h_smc_complete(h);
	m = emm_h_nas_ev(h, EMM_MSG_ESM_INFO_RESPONSE, NASSEC_VERDICT_PLAIN);
	m->esm_info_rsp.pti = 7;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_PLAIN) && !emm_h_act(h, EMM_ACT_SEND_ICS),
		   "after security, a plain ESM INFORMATION RESPONSE is discarded");
	m = emm_h_nas_ev(h, EMM_MSG_ESM_INFO_RESPONSE, NASSEC_VERDICT_MAC_FAIL);
	m->esm_info_rsp.pti = 7;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_MAC_FAIL) && !emm_h_act(h, EMM_ACT_SEND_ICS),
		   "after security, one failing the MAC check is discarded");
	m = emm_h_nas_ev(h, EMM_MSG_ESM_INFO_RESPONSE, NASSEC_VERDICT_OK);
	m->esm_info_rsp.pti = 7;
	emm_h_step(h);
	emm_h_nas_ev(h, EMM_MSG_ATTACH_COMPLETE, NASSEC_VERDICT_REPLAY)->attach_complete.bearer_accepted = true;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_REPLAY) && !emm_h_act(h, EMM_ACT_ATTACH_DONE),
		   "a replayed ATTACH COMPLETE is discarded");
	m = emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, NASSEC_VERDICT_REPLAY);
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_REPLAY) && !emm_h_act(h, EMM_ACT_SEND_RELEASE),
		   "a replayed DETACH REQUEST is discarded even though the list has DETACH REQUEST");
	emm_h_attach_complete(h, 3);
	tap_result(emm_h_act(h, EMM_ACT_ATTACH_DONE) != NULL, "a verified ATTACH COMPLETE registers");
	m = emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, NASSEC_VERDICT_PLAIN);
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_PLAIN) && !emm_h_act(h, EMM_ACT_SEND_RELEASE) &&
		   h->ue.state == EMM_REGISTERED,
		   "once secure exchange is established, even a listed message (DETACH REQUEST) sent plain is discarded");
	emm_h_attach_ev(h, NASSEC_VERDICT_MAC_FAIL);
	h->ev.nas.initial = false;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_MAC_FAIL) && !emm_h_act(h, EMM_ACT_AKA_GET_VECTOR),
		   "... and so is an ATTACH REQUEST that fails the check");
	m = emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, NASSEC_VERDICT_OK);
	emm_h_step(h);
	tap_result(emm_h_nas(h, EMM_MSG_DETACH_ACCEPT) &&
		   emm_h_nas(h, EMM_MSG_DETACH_ACCEPT)->sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED,
		   "a verified DETACH REQUEST is processed and answered protected");

	/* A current context exists, but this connection has no secure exchange yet. */
	emm_h_init(h);
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, NASSEC_VERDICT_REPLAY);
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_REPLAY) && !emm_h_act(h, EMM_ACT_SEND_RELEASE) &&
		   h->ue.state == EMM_REGISTERED,
		   "on a new connection a replayed DETACH REQUEST is discarded though listed");
	m = emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, NASSEC_VERDICT_MAC_FAIL);
	m->detach_req.switch_off = false;
	emm_h_step(h);
	tap_result(emm_h_act(h, EMM_ACT_SEND_RELEASE) && h->ue.state == EMM_DEREGISTERED &&
		   emm_h_nas(h, EMM_MSG_DETACH_ACCEPT) &&
		   emm_h_nas(h, EMM_MSG_DETACH_ACCEPT)->sec_hdr == NASSEC_SHT_PLAIN,
		   "on a new connection a DETACH REQUEST failing the check is processed, answered plain");
	emm_h_init(h);
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	emm_h_nas_ev(h, EMM_MSG_EMM_STATUS, NASSEC_VERDICT_MAC_FAIL);
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_MAC_FAIL),
		   "on a new connection an unlisted message failing the check is discarded");

	emm_h_init(h);
	emm_h_to_smc(h);
	m = emm_h_nas_ev(h, EMM_MSG_ATTACH_COMPLETE, NASSEC_VERDICT_OK);
	m->sec_hdr = NASSEC_SHT_INTEGRITY_CIPHERED_NEW_CTX;
	m->promoted = true;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_UNEXPECTED) && !(h->ue.flags & EMM_UE_F_SECURE),
		   "header type 4 on anything but SMC COMPLETE is discarded");
}

static void service_request_is_listed_only_with_a_current_context(void)
{
	struct emm_ue ue;
	struct emm_nas_in m = { .msg_type = EMM_MSG_SERVICE_REQUEST,
				.verdict = NASSEC_VERDICT_MAC_FAIL };

	emm_ue_init(&ue);
	tap_result(!emm_allowed_unprotected(&ue, &m),
		   "a SERVICE REQUEST failing its check is not processed without a current context");
	ue.flags |= EMM_UE_F_CUR_CTX;
	tap_result(emm_allowed_unprotected(&ue, &m),
		   "with a current context and no secure exchange yet it is (4.4.4.3)");
	ue.flags |= EMM_UE_F_SECURE;
	tap_result(!emm_allowed_unprotected(&ue, &m), "with secure exchange it is not");
}

static void ue_state_is_small(void)
{
	tap_diag("sizeof(struct emm_ue) = %zu bytes (per UE), struct emm_actions = %zu, "
		 "struct emm_event = %zu, struct emm_counters = %zu",
		 sizeof(struct emm_ue), sizeof(struct emm_actions), sizeof(struct emm_event),
		 sizeof(struct emm_counters));
	tap_result(sizeof(struct emm_ue) <= 192, "a UE's EMM state fits in 192 bytes");
}

int main(void)
{
	algorithm_choice_is_the_first_supported_of_the_list();
	ue_security_capability_is_replayed_as_received();
	smc_loads_the_new_slot_before_the_command();
	smc_options_follow_the_config();
	operator_lists_and_overrides_reach_the_command();
	no_common_integrity_algorithm_rejects_without_smc();
	t3460_retransmits_the_command_then_aborts();
	verified_complete_continues_the_attach();
	replayed_attach_request_replaces_the_received_one();
	unverified_complete_is_discarded_and_t3460_runs_on();
	smc_reject_aborts_and_keeps_the_old_context();
	integrity_rules_of_4_4_4_3();
	service_request_is_listed_only_with_a_current_context();
	ue_state_is_small();
	return tap_finish();
}
