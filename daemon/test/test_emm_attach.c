// SPDX-License-Identifier: GPL-2.0
/* Attach, identification and authentication (TS 24.301 5.5.1, 5.4.4, 5.4.2). */
#include "test_emm.h"

static struct emm_h H;

static void attach_with_imsi_asks_for_a_vector(void)
{
	struct emm_h *h = &H;
	const struct emm_action *a;

	emm_h_init(h);
	emm_h_attach(h);
	a = emm_h_act(h, EMM_ACT_AKA_GET_VECTOR);
	tap_result(a && !strcmp(a->imsi, TEST_IMSI) && emm_h_nas_count(h) == 0 &&
		   h->ue.state == EMM_COMMON_PROC_INIT && h->ue.proc == EMM_P_ATTACH,
		   "attach with an IMSI asks the AKA edge for a vector and sends nothing yet");
}

static void vector_sends_authentication_request_under_t3460(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	n = emm_h_nas(h, EMM_MSG_AUTH_REQUEST);
	tap_result(n && n->sec_hdr == NASSEC_SHT_PLAIN && n->auth_req.ksi == 0 &&
		   n->auth_req.rand[0] == 0x11 && n->auth_req.autn[15] == 0x22 &&
		   emm_h_timer_started(h, EMM_T3460, 6000) && h->ue.sub == EMM_S_AUTH,
		   "a vector sends a plain AUTHENTICATION REQUEST (RAND, AUTN, KSI 0) and starts T3460 (6 s)");
}

static void right_res_starts_security_mode(void)
{
	struct emm_h *h = &H;

	emm_h_init(h);
	emm_h_to_smc(h);
	tap_result(emm_h_timer_stopped(h, EMM_T3460) && emm_h_nas(h, EMM_MSG_SMC) &&
		   h->ue.sub == EMM_S_SMC && h->ctr.c[EMM_C_AUTH_OK] == 1,
		   "the right RES stops T3460 and starts the security mode procedure");
}

static void wrong_res_from_imsi_ue_is_rejected(void)
{
	struct emm_h *h = &H;
	const struct emm_action *f, *rel;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, false);
	f = emm_h_failed(h);
	rel = emm_h_act(h, EMM_ACT_SEND_RELEASE);
	tap_result(emm_h_nas(h, EMM_MSG_AUTH_REJECT) && !emm_h_nas(h, EMM_MSG_SMC) &&
		   f && f->fail.reason == EMM_FAIL_AUTH_REJECTED && rel &&
		   rel->s1_cause.group == EMM_S1_CAUSE_NAS &&
		   rel->s1_cause.value == EMM_S1_NAS_AUTH_FAILURE &&
		   h->ue.state == EMM_DEREGISTERED,
		   "a wrong RES from a UE that gave its IMSI gets AUTHENTICATION REJECT and a release (5.4.2.5)");
	tap_result(h->ctr.attach_failed[EMM_FAIL_AUTH_REJECTED] == 1 &&
		   h->ctr.c[EMM_C_AUTH_REJECT_SENT] == 1,
		   "the authentication reject is counted as an attach failure by reason");
}

static void wrong_res_length_is_a_wrong_res(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	m = emm_h_nas_ev(h, EMM_MSG_AUTH_RESPONSE, NASSEC_VERDICT_PLAIN);
	memcpy(m->auth_rsp.res, h->xres, 4);
	m->auth_rsp.res_len = 4;	/* a prefix of XRES */
	emm_h_step(h);
	tap_result(emm_h_nas(h, EMM_MSG_AUTH_REJECT) && !emm_h_nas(h, EMM_MSG_SMC),
		   "a RES that is a prefix of XRES is a wrong RES");
}

static void synch_failure_resynchronises_twice_then_rejects(void)
{
	struct emm_h *h = &H;
	const struct emm_action *a;
	bool ok = true;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	for (int i = 0; i < 2; i++) {
		emm_h_auth_fail(h, EMM_CAUSE_SYNCH_FAILURE, true);
		a = emm_h_act(h, EMM_ACT_AKA_RESYNC);
		ok &= a && a->resync.auts[0] == 0x44 && a->resync.rand[0] == 0x11 &&
		      !strcmp(a->resync.imsi, TEST_IMSI) && emm_h_timer_stopped(h, EMM_T3460) &&
		      !emm_h_nas(h, EMM_MSG_AUTH_REJECT);
		emm_h_vector(h);
		ok &= emm_h_nas(h, EMM_MSG_AUTH_REQUEST) != NULL;
	}
	tap_result(ok, "synch failure (#21) with AUTS resynchronises and authenticates again (5.4.2.7 e)");
	emm_h_auth_fail(h, EMM_CAUSE_SYNCH_FAILURE, true);
	tap_result(!emm_h_act(h, EMM_ACT_AKA_RESYNC) && emm_h_nas(h, EMM_MSG_AUTH_REJECT) &&
		   emm_h_failed(h),
		   "a third synch failure in one attach gets AUTHENTICATION REJECT");
	tap_result(h->ctr.c[EMM_C_AUTH_RESYNC] == 3, "synch failures are counted");
}

static void synch_failure_without_auts_is_rejected(void)
{
	struct emm_h *h = &H;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	emm_h_auth_fail(h, EMM_CAUSE_SYNCH_FAILURE, false);
	tap_result(!emm_h_act(h, EMM_ACT_AKA_RESYNC) && emm_h_nas(h, EMM_MSG_AUTH_REJECT),
		   "a synch failure without AUTS gets AUTHENTICATION REJECT");
}

static void resync_that_fails_mac_s_is_rejected(void)
{
	struct emm_h *h = &H;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	emm_h_auth_fail(h, EMM_CAUSE_SYNCH_FAILURE, true);
	emm_h_vec_ev(h)->result = EMM_AKA_RESYNC_FAILED;
	emm_h_step(h);
	tap_result(emm_h_nas(h, EMM_MSG_AUTH_REJECT) && emm_h_failed(h),
		   "AUTS that fails MAC-S at the AKA edge gets AUTHENTICATION REJECT");
}

static void mac_failure_and_non_eps_from_imsi_ue_are_rejected(void)
{
	static const uint8_t causes[] = { EMM_CAUSE_MAC_FAILURE,
					  EMM_CAUSE_NON_EPS_AUTH_UNACCEPTABLE };
	struct emm_h *h = &H;

	for (unsigned int i = 0; i < 2; i++) {
		emm_h_init(h);
		emm_h_attach(h);
		emm_h_vector(h);
		emm_h_auth_fail(h, causes[i], false);
		tap_result(emm_h_nas(h, EMM_MSG_AUTH_REJECT) && !emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST) &&
			   emm_h_timer_stopped(h, EMM_T3460) && emm_h_failed(h),
			   "authentication failure #%u from a UE that gave its IMSI gets AUTHENTICATION REJECT (5.4.2.7)",
			   causes[i]);
	}
}

/* Registered, released, and back with an ATTACH REQUEST carrying our GUTI. */
static struct emm_attach_req *guti_attach_ev(struct emm_h *h, uint8_t verdict)
{
	struct emm_attach_req *r = emm_h_attach_ev(h, verdict);

	r->id.type = EMM_ID_GUTI;
	r->id.guti = h->ue.guti;
	r->ksi = h->ue.cur_ksi;
	h->ev.nas.ul_count = 5;
	return r;
}

static void registered_and_released(struct emm_h *h)
{
	emm_h_init(h);
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
}

static void mac_failure_from_guti_ue_starts_identification(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;
	const struct emm_action *a;

	registered_and_released(h);
	h->cfg.reuse_verified_guti = false;
	guti_attach_ev(h, NASSEC_VERDICT_OK);
	emm_h_step(h);
	a = emm_h_act(h, EMM_ACT_AKA_GET_VECTOR);
	tap_result(a && !strcmp(a->imsi, TEST_IMSI) && !emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST),
		   "a verified GUTI attach with reuse off authenticates the IMSI the GUTI maps to");
	emm_h_vector(h);
	emm_h_auth_fail(h, EMM_CAUSE_MAC_FAILURE, false);
	tap_result(emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST) && !emm_h_nas(h, EMM_MSG_AUTH_REJECT) &&
		   emm_h_timer_started(h, EMM_T3470, 6000),
		   "MAC failure (#20) from a UE known by GUTI starts identification under T3470");
	m = emm_h_nas_ev(h, EMM_MSG_IDENTITY_RESPONSE, emm_h_ue_verdict(h));
	m->identity.type = EMM_ID_IMSI;
	strcpy(m->identity.imsi, TEST_IMSI);
	emm_h_step(h);
	tap_result(emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) && emm_h_timer_stopped(h, EMM_T3470),
		   "the IDENTITY RESPONSE after #20 authenticates again with a new vector");
	emm_h_vector(h);
	emm_h_auth_fail(h, EMM_CAUSE_MAC_FAILURE, false);
	tap_result(emm_h_nas(h, EMM_MSG_AUTH_REJECT) != NULL,
		   "a second #20 after the UE gave its IMSI gets AUTHENTICATION REJECT");
}

static void wrong_res_from_guti_ue_identifies_then_decides(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;
	const struct emm_action *a;

	registered_and_released(h);
	h->cfg.reuse_verified_guti = false;
	guti_attach_ev(h, NASSEC_VERDICT_OK);
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, false);
	tap_result(emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST) && !emm_h_nas(h, EMM_MSG_AUTH_REJECT),
		   "a wrong RES from a UE known by GUTI starts identification (5.4.2.5)");
	m = emm_h_nas_ev(h, EMM_MSG_IDENTITY_RESPONSE, emm_h_ue_verdict(h));
	m->identity.type = EMM_ID_IMSI;
	strcpy(m->identity.imsi, TEST_IMSI);
	emm_h_step(h);
	tap_result(emm_h_nas(h, EMM_MSG_AUTH_REJECT) && emm_h_failed(h),
		   "the same IMSI as the GUTI's after a wrong RES gets AUTHENTICATION REJECT");

	registered_and_released(h);
	h->cfg.reuse_verified_guti = false;
	guti_attach_ev(h, NASSEC_VERDICT_OK);
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, false);
	m = emm_h_nas_ev(h, EMM_MSG_IDENTITY_RESPONSE, emm_h_ue_verdict(h));
	m->identity.type = EMM_ID_IMSI;
	strcpy(m->identity.imsi, TEST_IMSI2);
	emm_h_step(h);
	a = emm_h_act(h, EMM_ACT_AKA_GET_VECTOR);
	tap_result(a && !strcmp(a->imsi, TEST_IMSI2) && !emm_h_nas(h, EMM_MSG_AUTH_REJECT),
		   "another IMSI after a wrong RES is authenticated afresh");
}

static void t3460_retransmits_the_authentication_request_then_aborts(void)
{
	struct emm_h *h = &H;
	bool ok = true;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	for (int i = 0; i < 4; i++) {
		const struct emm_nas_out *n;

		emm_h_expire(h);
		n = emm_h_nas(h, EMM_MSG_AUTH_REQUEST);
		ok &= n && n->auth_req.rand[0] == 0x11 && n->auth_req.ksi == 0 &&
		      emm_h_timer_started(h, EMM_T3460, 6000) && !emm_h_failed(h);
	}
	tap_result(ok && h->ctr.c[EMM_C_AUTH_RETX] == 4,
		   "T3460 expiries 1-4 resend the same AUTHENTICATION REQUEST and restart T3460");
	emm_h_expire(h);
	tap_result(emm_h_nas_count(h) == 0 && emm_h_failed(h) &&
		   emm_h_failed(h)->fail.reason == EMM_FAIL_TIMEOUT &&
		   emm_h_act(h, EMM_ACT_SEND_RELEASE) && h->ue.proc == EMM_P_NONE,
		   "the fifth T3460 expiry in authentication aborts the attach and releases the UE (5.4.2.7 b)");
}

static void unknown_imsi_gets_attach_reject_8(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;
	const struct emm_action *f;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vec_ev(h)->result = EMM_AKA_UNKNOWN_SUBSCRIBER;
	emm_h_step(h);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	f = emm_h_failed(h);
	tap_result(n && n->reject.cause == EMM_CAUSE_EPS_AND_NON_EPS_NOT_ALLOWED &&
		   n->sec_hdr == NASSEC_SHT_PLAIN && f && f->fail.reason == EMM_FAIL_REJECTED &&
		   f->fail.cause == 8 && emm_h_act(h, EMM_ACT_SEND_RELEASE) &&
		   !emm_h_nas(h, EMM_MSG_AUTH_REQUEST),
		   "an IMSI the store lacks gets a plain ATTACH REJECT #8 (TS 29.272 A) and a release");
	tap_result(h->ctr.attach_reject_cause[8] == 1 && h->ctr.c[EMM_C_ATTACH_FAILED] == 1,
		   "the reject is counted by cause");
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	tap_result(emm_h_act(h, EMM_ACT_RELEASE_UE) && emm_h_act(h, EMM_ACT_RELEASE_UE)->forget,
		   "a rejected UE with nothing to come back to is forgotten on Release Complete");

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vec_ev(h)->result = EMM_AKA_ERROR;
	emm_h_step(h);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	tap_result(n && n->reject.cause == EMM_CAUSE_NETWORK_FAILURE,
		   "a store failure gets ATTACH REJECT #17 (network failure)");
}

static void smc_complete_leads_to_attach_accept_in_ics(void)
{
	struct emm_h *h = &H;
	const struct emm_action *ics;
	int kenb, ics_i;

	emm_h_init(h);
	emm_h_to_smc(h);
	emm_h_smc_complete_ev(h)->ul_count = 0;
	emm_h_step(h);
	kenb = emm_h_find(h, EMM_ACT_KCTX_DERIVE_KENB);
	ics_i = emm_h_find(h, EMM_ACT_SEND_ICS);
	ics = ics_i < 0 ? NULL : &h->out.a[ics_i];
	tap_result(kenb >= 0 && ics && kenb < ics_i && h->out.a[kenb].ul_count == 0,
		   "KeNB is derived (with the SMC COMPLETE's uplink COUNT) before the Initial Context Setup");
	tap_result(ics && ics->accept.guti.mtmsi == 0xc0000001 && ics->accept.guti.mmegi == 0x8001 &&
		   ics->accept.guti.mmec == 1 && ics->accept.guti.plmn[1] == 0xf1 &&
		   ics->accept.ipv4 == 0x0a2d0002 && ics->accept.pti == 7 && ics->accept.ebi == 5 &&
		   ics->accept.t3412_s == 54 * 60 && ics->accept.esm_cause == 0 &&
		   !strcmp(ics->accept.apn, "internet") && ics->accept.qci == 9,
		   "ATTACH ACCEPT carries the GUTI (served GUMMEI + fresh M-TMSI), T3412 and the default bearer");
	tap_result(emm_h_timer_started(h, EMM_T3450, 6000) && h->ue.sub == EMM_S_ACCEPT &&
		   h->ue.state == EMM_DEREGISTERED && !emm_h_act(h, EMM_ACT_ATTACH_DONE),
		   "T3450 starts and the UE is not registered before ATTACH COMPLETE");
	emm_h_attach_complete(h, 1);
	tap_result(emm_h_act(h, EMM_ACT_ATTACH_DONE) && emm_h_timer_stopped(h, EMM_T3450) &&
		   h->ue.state == EMM_REGISTERED && h->ue.proc == EMM_P_NONE &&
		   h->ctr.c[EMM_C_ATTACH_OK] == 1,
		   "ATTACH COMPLETE stops T3450 and registers the UE");
}

static void esm_information_is_asked_when_the_ue_set_the_flag(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;
	struct emm_nas_in *m;

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->pdn.esm_info_transfer = true;
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	emm_h_smc_complete(h);
	n = emm_h_nas(h, EMM_MSG_ESM_INFO_REQUEST);
	tap_result(n && n->pti == 7 && n->sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED &&
		   emm_h_timer_started(h, EMM_T3489, 4000) && !emm_h_act(h, EMM_ACT_SEND_ICS),
		   "with the ESM information transfer flag, ESM INFORMATION REQUEST (ciphered, T3489) comes before the accept");
	m = emm_h_nas_ev(h, EMM_MSG_ESM_INFO_RESPONSE, NASSEC_VERDICT_OK);
	m->esm_info_rsp.pti = 7;
	m->esm_info_rsp.has_apn = true;
	strcpy(m->esm_info_rsp.apn, "Internet");
	m->ul_count = 1;
	emm_h_step(h);
	tap_result(emm_h_act(h, EMM_ACT_SEND_ICS) && emm_h_timer_stopped(h, EMM_T3489) &&
		   emm_h_act(h, EMM_ACT_KCTX_DERIVE_KENB)->ul_count == 0,
		   "the ESM INFORMATION RESPONSE leads to the accept; KeNB keeps the SMC COMPLETE's uplink COUNT, as the UE");

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->pdn.esm_info_transfer = true;
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	emm_h_smc_complete(h);
	m = emm_h_nas_ev(h, EMM_MSG_ESM_INFO_RESPONSE, NASSEC_VERDICT_OK);
	m->esm_info_rsp.pti = 7;
	m->esm_info_rsp.has_apn = true;
	strcpy(m->esm_info_rsp.apn, "ims.example");
	emm_h_step(h);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	tap_result(n && n->reject.cause == EMM_CAUSE_ESM_FAILURE &&
		   n->reject.esm_cause == EMM_ESM_UNKNOWN_APN && n->reject.pti == 7 &&
		   n->sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED && !emm_h_act(h, EMM_ACT_SEND_ICS),
		   "an APN we do not serve gets ATTACH REJECT #19 with ESM cause #27, ciphered");
}

static void t3489_retries_twice_then_rejects_53(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;
	bool ok = true;

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->pdn.esm_info_transfer = true;
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	emm_h_smc_complete(h);
	for (int i = 0; i < 2; i++) {
		emm_h_expire(h);
		ok &= emm_h_nas(h, EMM_MSG_ESM_INFO_REQUEST) && emm_h_timer_started(h, EMM_T3489, 0);
	}
	emm_h_expire(h);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	tap_result(ok && n && n->reject.cause == EMM_CAUSE_ESM_FAILURE &&
		   n->reject.esm_cause == EMM_ESM_INFO_NOT_RECEIVED,
		   "T3489 resends ESM INFORMATION REQUEST twice, then ATTACH REJECT #19 / ESM #53 (6.6.1.2.6)");
}

static void pdn_type_and_pool_decide_the_bearer(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;
	const struct emm_action *ics;

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->pdn.pdn_type = EMM_PDN_IPV6;
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	emm_h_smc_complete(h);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	tap_result(n && n->reject.cause == EMM_CAUSE_ESM_FAILURE &&
		   n->reject.esm_cause == EMM_ESM_PDN_IPV4_ONLY && h->ips_out == 0,
		   "an IPv6-only PDN request gets ATTACH REJECT #19 with ESM #50 (the pool is IPv4)");

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->pdn.pdn_type = EMM_PDN_IPV4V6;
	emm_h_step(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	emm_h_smc_complete(h);
	ics = emm_h_act(h, EMM_ACT_SEND_ICS);
	tap_result(ics && ics->accept.pdn_type == EMM_PDN_IPV4 &&
		   ics->accept.esm_cause == EMM_ESM_PDN_IPV4_ONLY,
		   "an IPv4v6 request gets IPv4 with ESM cause #50 in the default bearer request");

	emm_h_init(h);
	h->pool_empty = true;
	emm_h_to_smc(h);
	emm_h_smc_complete(h);
	n = emm_h_nas(h, EMM_MSG_ATTACH_REJECT);
	tap_result(n && n->reject.cause == EMM_CAUSE_ESM_FAILURE &&
		   n->reject.esm_cause == EMM_ESM_INSUFFICIENT_RESOURCES,
		   "an empty address pool gets ATTACH REJECT #19 with ESM #26");
}

static void t3450_retransmits_the_accept_then_aborts(void)
{
	struct emm_h *h = &H;
	bool ok = true;

	emm_h_init(h);
	emm_h_to_smc(h);
	emm_h_smc_complete(h);
	for (int i = 0; i < 4; i++) {
		const struct emm_nas_out *n;

		emm_h_expire(h);
		n = emm_h_nas(h, EMM_MSG_ATTACH_ACCEPT);
		ok &= n && n->sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED &&
		      n->accept.guti.mtmsi == 0xc0000001 && n->accept.ipv4 == 0x0a2d0002 &&
		      emm_h_timer_started(h, EMM_T3450, 6000) && !emm_h_act(h, EMM_ACT_SEND_ICS);
	}
	tap_result(ok && h->ctr.c[EMM_C_ACCEPT_RETX] == 4,
		   "T3450 expiries 1-4 resend the same ATTACH ACCEPT (DL NAS transport, new COUNT each)");
	emm_h_expire(h);
	tap_result(emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_TIMEOUT &&
		   emm_h_act(h, EMM_ACT_PDN_FREE) && h->ips_out == 0 &&
		   emm_h_act(h, EMM_ACT_SEND_RELEASE) && (h->ue.flags & EMM_UE_F_GUTI),
		   "the fifth T3450 expiry aborts the attach, frees the address, keeps the GUTI (5.5.1.2.7 c)");
}

static void bearer_refused_in_attach_complete_fails_the_attach(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;

	emm_h_init(h);
	emm_h_to_smc(h);
	emm_h_smc_complete(h);
	m = emm_h_nas_ev(h, EMM_MSG_ATTACH_COMPLETE, NASSEC_VERDICT_OK);
	m->attach_complete.bearer_accepted = false;
	emm_h_step(h);
	tap_result(emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_ESM &&
		   h->ue.state == EMM_DEREGISTERED && h->ips_out == 0,
		   "an ATTACH COMPLETE with the default bearer refused fails the attach");
}

static void verified_guti_attach_reuses_the_context(void)
{
	struct emm_h *h = &H;
	uint8_t ksi;
	int kenb;

	registered_and_released(h);
	ksi = h->ue.cur_ksi;
	tap_result(!(h->ue.flags & EMM_UE_F_CONNECTED) && (h->ue.flags & EMM_UE_F_CUR_CTX) &&
		   h->kernel_cur && h->ue.state == EMM_REGISTERED,
		   "a released UE stays registered and keeps its EPS security context");
	guti_attach_ev(h, NASSEC_VERDICT_OK);
	emm_h_step(h);
	kenb = emm_h_find(h, EMM_ACT_KCTX_DERIVE_KENB);
	tap_result(!emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) && !emm_h_nas(h, EMM_MSG_SMC) &&
		   !emm_h_act(h, EMM_ACT_KCTX_LOAD_NEW) && kenb >= 0 &&
		   h->out.a[kenb].ul_count == 5 && emm_h_act(h, EMM_ACT_SEND_ICS) &&
		   h->ue.cur_ksi == ksi && h->ctr.c[EMM_C_GUTI_REUSED] == 1,
		   "an ATTACH REQUEST with our GUTI that the kernel verified skips AKA and SMC (KeNB from its COUNT)");

	registered_and_released(h);
	guti_attach_ev(h, NASSEC_VERDICT_OK)->net_cap[1] = 0x40;	/* EIA1 only now */
	emm_h_step(h);
	tap_result(emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) && !emm_h_act(h, EMM_ACT_SEND_ICS),
		   "a verified GUTI attach with other UE capabilities is authenticated again");
}

static void unverified_or_unknown_guti_starts_identification(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;
	const struct emm_action *a;

	registered_and_released(h);
	guti_attach_ev(h, NASSEC_VERDICT_MAC_FAIL);
	emm_h_step(h);
	tap_result(emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST) &&
		   emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST)->id_type == EMM_ID_IMSI &&
		   emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST)->sec_hdr == NASSEC_SHT_PLAIN &&
		   emm_h_timer_started(h, EMM_T3470, 6000) && !emm_h_act(h, EMM_ACT_SEND_ICS),
		   "an ATTACH REQUEST with our GUTI that failed the check gets a plain IDENTITY REQUEST (T3470)");
	m = emm_h_nas_ev(h, EMM_MSG_IDENTITY_RESPONSE, NASSEC_VERDICT_PLAIN);
	m->identity.type = EMM_ID_IMSI;
	strcpy(m->identity.imsi, TEST_IMSI);
	emm_h_step(h);
	a = emm_h_act(h, EMM_ACT_AKA_GET_VECTOR);
	tap_result(a && !strcmp(a->imsi, TEST_IMSI) && emm_h_timer_stopped(h, EMM_T3470),
		   "the IDENTITY RESPONSE (IMSI) leads to AKA");

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_NO_CONTEXT)->id.type = EMM_ID_GUTI;
	h->ev.nas.attach.id.guti.mtmsi = 0x12345678;
	emm_h_step(h);
	tap_result(emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST) && !emm_h_act(h, EMM_ACT_AKA_GET_VECTOR),
		   "an unknown GUTI starts identification");
}

static void t3470_retransmits_then_aborts(void)
{
	struct emm_h *h = &H;
	bool ok = true;

	emm_h_init(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_NO_CONTEXT)->id.type = EMM_ID_GUTI;
	emm_h_step(h);
	for (int i = 0; i < 4; i++) {
		emm_h_expire(h);
		ok &= emm_h_nas(h, EMM_MSG_IDENTITY_REQUEST) && emm_h_timer_started(h, EMM_T3470, 0) &&
		      !emm_h_failed(h);
	}
	emm_h_expire(h);
	tap_result(ok && emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_TIMEOUT &&
		   emm_h_nas_count(h) == 0 && emm_h_act(h, EMM_ACT_SEND_RELEASE) &&
		   h->ctr.c[EMM_C_IDENTITY_RETX] == 4,
		   "T3470 resends IDENTITY REQUEST four times and aborts on the fifth expiry (5.4.4.6)");
}

static void repeated_attach_requests_follow_5_5_1_2_7(void)
{
	struct emm_h *h = &H;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN);
	h->ev.nas.initial = false;
	emm_h_step(h);
	tap_result(!emm_h_failed(h) && !emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) &&
		   h->ue.sub == EMM_S_AUTH,
		   "the same ATTACH REQUEST again during authentication is ignored");
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->net_cap[0] = 0xe0;
	h->ev.nas.initial = false;
	emm_h_step(h);
	tap_result(emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_ABORTED &&
		   emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) && emm_h_timer_stopped(h, EMM_T3460),
		   "an ATTACH REQUEST with other IEs aborts the running attach and starts the new one");

	emm_h_init(h);
	emm_h_to_smc(h);
	emm_h_smc_complete(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_OK);
	h->ev.nas.initial = false;
	emm_h_step(h);
	tap_result(emm_h_nas(h, EMM_MSG_ATTACH_ACCEPT) && emm_h_timer_started(h, EMM_T3450, 0) &&
		   !emm_h_failed(h),
		   "the same ATTACH REQUEST after ATTACH ACCEPT gets the accept again");
}

static void attach_of_a_registered_ue_detaches_it_first(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *auth, *smc;

	emm_h_init(h);
	emm_h_registered(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN);
	h->ev.nas.initial = false;
	emm_h_step(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_PLAIN) && !emm_h_act(h, EMM_ACT_AKA_GET_VECTOR),
		   "a plain ATTACH REQUEST on the connection with secure exchange is discarded (4.4.4.3)");
	emm_h_attach(h);	/* the same UE on a new connection (Initial UE Message) */
	tap_result(emm_h_act(h, EMM_ACT_PDN_FREE) && emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) &&
		   h->ips_out == 0,
		   "an ATTACH REQUEST from a registered UE drops its bearer and attaches anew (5.5.1.2.7 f)");
	emm_h_vector(h);
	auth = emm_h_nas(h, EMM_MSG_AUTH_REQUEST);
	tap_result(auth && auth->auth_req.ksi != h->ue.cur_ksi && auth->auth_req.ksi != 7,
		   "the new authentication uses an eKSI other than the current one");
	tap_result(auth && auth->sec_hdr == NASSEC_SHT_PLAIN,
		   "an ATTACH REQUEST that was not verified is answered plain");
	emm_h_auth_rsp(h, true);
	smc = emm_h_nas(h, EMM_MSG_SMC);
	tap_result(smc && smc->smc.ksi == h->ue.new_ksi && smc->smc.ksi != h->ue.cur_ksi,
		   "the SECURITY MODE COMMAND names the fresh eKSI");
}

static void a_new_connection_starts_without_secure_exchange(void)
{
	struct emm_h *h = &H;

	emm_h_init(h);
	emm_h_to_smc(h);
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN)->net_cap[0] = 0xe0;
	emm_h_step(h);
	tap_result(emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_RELEASED &&
		   emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && !h->kernel_new &&
		   emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) && !emm_h_act(h, EMM_ACT_SEND_RELEASE),
		   "an ATTACH REQUEST on a new connection during SMC aborts the old attach and starts anew");

	emm_h_init(h);
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	emm_h_attach(h);	/* back before the Release Complete */
	tap_result(emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) && h->ue.sub == EMM_S_AKA_VECTOR,
		   "an ATTACH REQUEST on a new connection is served while the old one is released");
}

static void detach_during_attach_aborts_it(void)
{
	struct emm_h *h = &H;
	struct emm_nas_in *m;

	emm_h_init(h);
	emm_h_to_smc(h);
	m = emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, NASSEC_VERDICT_PLAIN);
	m->detach_req.switch_off = true;
	emm_h_step(h);
	tap_result(emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_ABORTED &&
		   emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && !h->kernel_new &&
		   emm_h_act(h, EMM_ACT_SEND_RELEASE) && !emm_h_nas(h, EMM_MSG_DETACH_ACCEPT),
		   "a switch-off DETACH REQUEST during SMC aborts the attach and drops the new slot");
}

int main(void)
{
	attach_with_imsi_asks_for_a_vector();
	vector_sends_authentication_request_under_t3460();
	right_res_starts_security_mode();
	wrong_res_from_imsi_ue_is_rejected();
	wrong_res_length_is_a_wrong_res();
	synch_failure_resynchronises_twice_then_rejects();
	synch_failure_without_auts_is_rejected();
	resync_that_fails_mac_s_is_rejected();
	mac_failure_and_non_eps_from_imsi_ue_are_rejected();
	mac_failure_from_guti_ue_starts_identification();
	wrong_res_from_guti_ue_identifies_then_decides();
	t3460_retransmits_the_authentication_request_then_aborts();
	unknown_imsi_gets_attach_reject_8();
	smc_complete_leads_to_attach_accept_in_ics();
	esm_information_is_asked_when_the_ue_set_the_flag();
	t3489_retries_twice_then_rejects_53();
	pdn_type_and_pool_decide_the_bearer();
	t3450_retransmits_the_accept_then_aborts();
	bearer_refused_in_attach_complete_fails_the_attach();
	verified_guti_attach_reuses_the_context();
	unverified_or_unknown_guti_starts_identification();
	t3470_retransmits_then_aborts();
	repeated_attach_requests_follow_5_5_1_2_7();
	attach_of_a_registered_ue_detaches_it_first();
	a_new_connection_starts_without_secure_exchange();
	detach_during_attach_aborts_it();
	return tap_finish();
}
