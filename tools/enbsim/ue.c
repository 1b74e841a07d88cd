// SPDX-License-Identifier: GPL-2.0
/*
 * The UE: a state machine driven by the S1AP messages its eNB receives for
 * it, its timer and its eNB's association. It checks everything the
 * network sends with its own crypto (tools/lib/ue): AUTN (MAC, SQN
 * freshness) in the USIM, the SECURITY MODE COMMAND's MAC under the new
 * keys and its replayed capabilities, KeNB in the Initial Context Setup
 * Request against its own TS 33.401 A.3, every protected downlink PDU's
 * MAC and ciphering, and downlink COUNTs only ever going up (its own
 * replay check, TS 24.301 4.4.3.1-2). A UE ends with one verdict, pass or
 * fail, with a cause (grouped in the report) and a detail.
 */
#include <stdarg.h>
#include <string.h>

#include "enbsim.h"
#include "s1ap_build.h"
#include "s1ap_parse.h"

#define PDU_MAX		1024

static const char *const state_names[UE_STATE_COUNT] = {
	[UE_IDLE] = "idle",
	[UE_WAIT_AUTH] = "wait-auth",
	[UE_WAIT_SMC] = "wait-smc",
	[UE_WAIT_ACCEPT] = "wait-accept",
	[UE_REGISTERED] = "registered",
	[UE_WAIT_DETACH_ACCEPT] = "wait-detach-accept",
	[UE_WAIT_RELEASE] = "wait-release",
	[UE_DONE] = "done",
};

const char *ue_state_name(unsigned int s)
{
	return s < UE_STATE_COUNT ? state_names[s] : "?";
}

static uint64_t now(const struct ue_env *env)
{
	return env->now(env->arg);
}

static void arm(struct ue *u, const struct ue_env *env, unsigned int ms)
{
	u->deadline_us = now(env) + (uint64_t)ms * 1000;
	env->timer(env->arg, u);
}

static void disarm(struct ue *u, const struct ue_env *env)
{
	u->deadline_us = 0;
	env->timer(env->arg, u);
}

/* Waiting states run the UE-side guard timer (--timeout). */
static void set_state(struct ue *u, const struct ue_env *env, enum ue_state s)
{
	u->state = s;
	if (s == UE_DONE || s == UE_REGISTERED)
		disarm(u, env);
	else
		arm(u, env, env->cfg->timeout_ms);
}

static void send_release_request(struct ue *u, const struct ue_env *env, uint8_t cause)
{
	struct s1ap_ue_context_release_request m = {
		.ids = { .mme_ue_id = u->mme_ue_id, .enb_ue_id = u->enb_ue_id },
		.cause = { S1AP_CAUSE_RADIO_NETWORK, cause },
	};
	uint8_t buf[128];
	int len = s1ap_build_ue_context_release_request(buf, sizeof(buf), &m);

	if (len > 0)
		env->send(env->arg, u, buf, (size_t)len);
}

static void finish(struct ue *u, const struct ue_env *env, enum verdict v)
{
	if (u->verdict)
		return;
	u->verdict = v;
	if (v == VERDICT_PASS)
		env->rep->passed++;
	set_state(u, env, UE_DONE);
	env->done(env->arg, u);
}

/*
 * The UE fails with cause (grouped in the report) and a detail. While the
 * MME still holds an S1 connection for it, the eNB asks for its release
 * (as on radio link failure) so a failed UE leaves nothing behind.
 */
static void fail(struct ue *u, const struct ue_env *env, const char *cause,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void fail(struct ue *u, const struct ue_env *env, const char *cause,
		 const char *fmt, ...)
{
	va_list ap;

	if (u->verdict)
		return;
	va_start(ap, fmt);
	vsnprintf(u->why, sizeof(u->why), fmt, ap);
	va_end(ap);
	report_fail(env->rep, cause);
	if (u->have_mme_id && !u->released && u->enb)
		send_release_request(u, env, S1AP_CAUSE_RADIO_UNSPECIFIED);
	finish(u, env, VERDICT_FAIL);
}

static int send_s1(struct ue *u, const struct ue_env *env, const uint8_t *buf, int len)
{
	if (len <= 0 || env->send(env->arg, u, buf, (size_t)len)) {
		fail(u, env, "S1AP send failed", "in %s", ue_state_name(u->state));
		return -1;
	}
	return 0;
}

static const struct fault *fault_for(struct ue *u, uint8_t kind, uint8_t type)
{
	for (int i = 0; i < SCENARIO_MAX_FAULTS; i++) {
		const struct fault *f = &u->beh->faults[i];

		if (f->kind == kind && f->msg_type == type && u->fault_used[i] < f->times) {
			u->fault_used[i]++;
			return f;
		}
	}
	return NULL;
}

/* One NAS PDU uplink: in an Initial UE Message (initial) or Uplink NAS Transport. */
static int send_pdu(struct ue *u, const struct ue_env *env, const uint8_t *pdu, size_t len,
		    bool initial)
{
	uint8_t buf[PDU_MAX + 128];
	int n;

	if (initial) {
		struct s1ap_initial_ue_message m = {
			.enb_ue_id = u->enb_ue_id,
			.nas = { pdu, len },
			.rrc_cause = S1AP_RRC_MO_SIGNALLING,
		};

		s1ap_plmn_from_digits(&m.tai.plmn, env->cfg->mcc, env->cfg->mnc);
		m.tai.tac = env->cfg->tac;
		m.ecgi.plmn = m.tai.plmn;
		m.ecgi.cell_id = u->cell_id;
		n = s1ap_build_initial_ue_message(buf, sizeof(buf), &m, NULL);
	} else {
		struct s1ap_uplink_nas_transport m = {
			.ids = { .mme_ue_id = u->mme_ue_id, .enb_ue_id = u->enb_ue_id },
			.nas = { pdu, len },
		};

		s1ap_plmn_from_digits(&m.tai.plmn, env->cfg->mcc, env->cfg->mnc);
		m.tai.tac = env->cfg->tac;
		m.ecgi.plmn = m.tai.plmn;
		m.ecgi.cell_id = u->cell_id;
		n = s1ap_build_uplink_nas_transport(buf, sizeof(buf), &m, NULL);
	}
	if (send_s1(u, env, buf, n))
		return -1;
	env->rep->nas_ul++;
	u->t_step = now(env);
	return 0;
}

/*
 * Encodes m and sends it with security header type sht (0: plain) under
 * the UE's current context and next UL COUNT, applying the scenario's
 * uplink faults to it.
 */
static int send_nas(struct ue *u, const struct ue_env *env, const struct nas_msg *m,
		    uint8_t sht, bool initial)
{
	uint8_t plain[PDU_MAX], pdu[PDU_MAX + NAS_MSG_SEC_HDR_LEN];
	int len = nas_msg_encode(m, plain, sizeof(plain));
	size_t pdu_len;
	uint8_t type = m->pd == NAS_MSG_PD_EMM ? m->type : 0;

	if (len < 0) {
		fail(u, env, "NAS encode failed", "%s", nas_msg_name(m->pd, m->type));
		return -1;
	}
	if (sht == NAS_MSG_SHT_PLAIN) {
		memcpy(pdu, plain, (size_t)len);
		pdu_len = (size_t)len;
	} else {
		bool corrupt = fault_for(u, FAULT_CORRUPT_UL, type);

		if (sht == NAS_MSG_SHT_INT_CIPH_NEW) {
			u->smc_complete_count = u->ul_count;
			if (!corrupt && u->ul_count < 32)
				u->smc_complete_counts |= 1u << u->ul_count;
		}
		ue_nas_protect(&u->nas, sht, u->ul_count++, UE_NAS_DIR_UL, plain, (size_t)len, pdu);
		pdu_len = (size_t)len + UE_NAS_HDR_LEN;
		if (corrupt)
			pdu[1] ^= 0x01;	/* the MAC's first bit: the MME must discard it */
	}
	if (send_pdu(u, env, pdu, pdu_len, initial))
		return -1;
	if (sht != NAS_MSG_SHT_PLAIN && fault_for(u, FAULT_REPLAY_UL, type) &&
	    send_pdu(u, env, pdu, pdu_len, false))
		return -1;
	if (sht != NAS_MSG_SHT_PLAIN && fault_for(u, FAULT_PLAIN_UL, type) &&
	    send_pdu(u, env, plain, (size_t)len, false))
		return -1;
	return 0;
}

/* After the SMC every UE message is integrity protected and ciphered (24.301 4.4.5). */
static int send_secure(struct ue *u, const struct ue_env *env, const struct nas_msg *m)
{
	return send_nas(u, env, m, u->secure ? NAS_MSG_SHT_INT_CIPH : NAS_MSG_SHT_PLAIN, false);
}

void ue_setup(struct ue *u, const struct ue_env *env, unsigned int idx, struct enb *enb,
	      uint32_t enb_ue_id)
{
	const struct sim_config *c = env->cfg;
	const struct scenario *s = c->scenario;

	memset(u, 0, sizeof(*u));
	u->idx = idx;
	u->enb = enb;
	u->enb_ue_id = enb_ue_id;
	sim_imsi(c, idx, u->imsi);
	memcpy(u->usim.k, c->k, 16);
	memcpy(u->usim.opc, c->opc, 16);
	u->beh = &s->variants[idx % s->n_variants];
	if (u->beh->unlisted_imsi) {
		/* MCC MNC 99..9 counting down: --gen-subscribers counts up from 00..01. */
		int msin = 15 - (int)strlen(c->mcc) - (int)strlen(c->mnc);
		unsigned long long top = 1;

		for (int i = 0; i < msin; i++)
			top *= 10;
		snprintf(u->imsi, sizeof(u->imsi), "%s%s%0*llu", c->mcc, c->mnc, msin,
			 top - 1 - idx % (top / 2));
	}
	if (u->beh->eea_caps || u->beh->eia_caps) {
		u->eea_caps = u->beh->eea_caps;
		u->eia_caps = u->beh->eia_caps;
	} else if (c->spread) {
		/* Pair idx mod (|EIA| x |EEA|): the MME can select only that one. */
		int eias[SIM_MAX_ALGS], eeas[SIM_MAX_ALGS], ni = 0, ne = 0;

		for (int a = 0; a < SIM_MAX_ALGS; a++) {
			if (c->eia_mask & (1 << a))
				eias[ni++] = a;
			if (c->eea_mask & (1 << a))
				eeas[ne++] = a;
		}
		u->eia_caps = (uint8_t)(0x80 >> eias[(idx / ne) % ni]);
		u->eea_caps = (uint8_t)(0x80 >> eeas[idx % ne]);
	} else {
		/* TS 24.301 9.9.3.34: bit 8 is algorithm 0, bit 7 algorithm 1, ... */
		for (int a = 0; a < SIM_MAX_ALGS; a++) {
			if (c->eia_mask & (1 << a))
				u->eia_caps |= (uint8_t)(0x80 >> a);
			if (c->eea_mask & (1 << a))
				u->eea_caps |= (uint8_t)(0x80 >> a);
		}
	}
}

/*
 * ATTACH REQUEST in an Initial UE Message: with the IMSI and no key
 * (plain), or with the GUTI and eKSI of the context the UE kept,
 * integrity protected with it (TS 24.301 4.4.4.2, 5.5.1.2.2).
 */
static void send_attach_request(struct ue *u, const struct ue_env *env)
{
	bool guti = u->reattached;
	uint8_t esm_buf[64];
	struct nas_msg m, esm;

	nas_msg_init(&esm, NAS_MSG_PD_ESM, NAS_ESM_PDN_CONN_REQ, NAS_MSG_UL);
	esm.pti = 1;
	esm.u.pdn_req.request_type = 1;		/* initial request */
	esm.u.pdn_req.pdn_type = NAS_PDN_IPV4;
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_REQUEST, NAS_MSG_UL);
	m.u.attach_req.attach_type = 1;		/* EPS attach */
	if (guti) {
		m.u.attach_req.ksi.ksi = u->eksi;
		m.u.attach_req.id.type = NAS_ID_GUTI;
		m.u.attach_req.id.guti = u->guti;
	} else {
		m.u.attach_req.ksi.ksi = 7;	/* no key available */
		m.u.attach_req.id.type = NAS_ID_IMSI;
		memcpy(m.u.attach_req.id.digits, u->imsi, sizeof(u->imsi));
	}
	m.u.attach_req.ue_net_cap.len = 2;
	m.u.attach_req.ue_net_cap.octets[0] = u->eea_caps;
	m.u.attach_req.ue_net_cap.octets[1] = u->eia_caps;
	if (nas_msg_esm_encode(&esm, esm_buf, sizeof(esm_buf), &m.u.attach_req.esm) < 0) {
		fail(u, env, "NAS encode failed", "PDN CONNECTIVITY REQUEST");
		return;
	}
	set_state(u, env, UE_WAIT_AUTH);
	u->t_attach = now(env);
	if (send_nas(u, env, &m, guti ? NAS_MSG_SHT_INT : NAS_MSG_SHT_PLAIN, true))
		return;
	/* Whatever SMC answers this attach loads a new context in the MME. */
	u->smc_new = true;
	u->smc_dl_next = 0;
}

void ue_start(struct ue *u, const struct ue_env *env)
{
	send_attach_request(u, env);
}

/* guti_reattach: released after the detach; a new S1 connection, same eNB-UE id. */
static void reattach(struct ue *u, const struct ue_env *env)
{
	u->reattached = true;
	u->have_mme_id = false;
	u->released = false;
	u->smc_seen = false;
	u->accept_seen = false;
	send_attach_request(u, env);
}

/*
 * TS 24.301 4.4.4.2: what a UE accepts without integrity protection (no
 * context yet, or the network could not use it).
 */
static bool plain_allowed(const struct nas_msg *m)
{
	if (m->pd != NAS_MSG_PD_EMM)
		return false;
	switch (m->type) {
	case NAS_EMM_IDENTITY_REQUEST:
	case NAS_EMM_AUTH_REQUEST:
	case NAS_EMM_AUTH_REJECT:
	case NAS_EMM_ATTACH_REJECT:
	case NAS_EMM_DETACH_ACCEPT:
		return true;
	}
	return false;
}

/* TS 24.301 4.4.3.1: the 24-bit COUNT from the 8-bit SQN, never below next. */
static uint32_t estimate_count(uint32_t next, uint8_t sqn)
{
	uint32_t c = (next & ~0xffu) | sqn;

	return c < next ? c + 0x100 : c;
}

/* A DL PDU refused: counted; a later timeout names the first one. */
static int refuse(struct ue *u, const struct ue_env *env, const char *why)
{
	env->rep->dl_discarded++;
	if (!u->note[0])
		snprintf(u->note, sizeof(u->note), "%s", why);
	return -1;
}

/*
 * A downlink NAS PDU: checked (MAC, COUNT), deciphered into buf and
 * decoded into m; the scenario's drops applied. 0, or -1 when the UE
 * discards it (a refusal is counted, a drop is not: it never arrived).
 */
static int open_dl(struct ue *u, const struct ue_env *env, const uint8_t *pdu, size_t len,
		   uint8_t *buf, struct nas_msg *m)
{
	uint8_t sht = len ? pdu[0] >> 4 : 0;
	struct ue_nas smc_nas;
	uint32_t count = 0;
	size_t off = 0;

	env->rep->nas_dl++;
	if (len < 2 || len > PDU_MAX)
		return refuse(u, env, "downlink NAS of a bad length");
	memcpy(buf, pdu, len);
	if ((pdu[0] & 0x0f) == NAS_MSG_PD_EMM && sht != NAS_MSG_SHT_PLAIN) {
		if (len <= UE_NAS_HDR_LEN)
			return refuse(u, env, "downlink NAS too short");
		off = UE_NAS_HDR_LEN;
		if (sht == NAS_MSG_SHT_INT_NEW) {
			/*
			 * SECURITY MODE COMMAND (24.301 5.4.3.3): the algorithms
			 * come from the unciphered message; its MAC is checked
			 * under keys derived from them and the new K_ASME.
			 */
			if (!u->have_kasme)
				return refuse(u, env, "SMC without a K_ASME");
			if (nas_msg_decode(buf + off, len - off, NAS_MSG_DL, m, NULL) ||
			    m->type != NAS_EMM_SMC)
				return refuse(u, env, "header type 3 on other than an SMC");
			if (ue_nas_init(&smc_nas, u->kasme, m->u.smc.algs.eia, m->u.smc.algs.eea))
				return refuse(u, env, "SMC algorithm unknown to the UE");
			/* Retransmissions continue the new context's COUNT. */
			count = estimate_count(u->smc_dl_next, pdu[5]);
			if (ue_nas_unprotect(&smc_nas, count, UE_NAS_DIR_DL, buf, len))
				return refuse(u, env, "SMC MAC wrong");
		} else if (sht == NAS_MSG_SHT_INT || sht == NAS_MSG_SHT_INT_CIPH) {
			if (!u->secure)
				return refuse(u, env, "protected NAS before the SMC");
			count = estimate_count(u->dl_count, pdu[5]);
			if (ue_nas_unprotect(&u->nas, count, UE_NAS_DIR_DL, buf, len))
				return refuse(u, env, "downlink MAC wrong (or replayed)");
		} else {
			return refuse(u, env, "downlink NAS of a reserved header type");
		}
	}
	if (nas_msg_decode(buf + off, len - off, NAS_MSG_DL, m, NULL))
		return refuse(u, env, "downlink NAS does not decode");
	if (!off && u->secure && !plain_allowed(m))
		return refuse(u, env, "plain NAS after security");
	if (m->pd == NAS_MSG_PD_EMM && fault_for(u, FAULT_DROP_DL, m->type)) {
		env->rep->nas_dl--;
		return -1;
	}
	/* Accepted: COUNTs only go up from here (the UE's replay check). */
	if (off && sht == NAS_MSG_SHT_INT_NEW) {
		u->nas = smc_nas;
		u->smc_dl_next = count + 1;
		if (u->smc_new)
			u->ul_count = 0;
		u->smc_new = false;
	}
	if (off)
		u->dl_count = count + 1;
	return 0;
}

static void on_auth_request(struct ue *u, const struct ue_env *env, const struct nas_msg *m)
{
	uint8_t res[8], auts[14];
	struct nas_msg r;
	enum usim_result ur;

	if (u->beh->expect.no_auth) {
		fail(u, env, "AUTHENTICATION REQUEST sent (none expected)", "in %s",
		     ue_state_name(u->state));
		return;
	}
	/*
	 * TS 24.301 5.4.2.3: T3460 sent the same request again (our answer was
	 * late, not lost): the stored RES goes back, the USIM is not asked
	 * twice, since it would see the SQN as used and ask for a resync.
	 */
	if (u->have_auth_res && !memcmp(u->auth_rand, m->u.auth_req.rand, 16)) {
		nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_AUTH_RESPONSE, NAS_MSG_UL);
		r.u.auth_resp.res.len = 8;
		memcpy(r.u.auth_resp.res.v, u->auth_res, 8);
		send_secure(u, env, &r);
		return;
	}
	ur = usim_authenticate(&u->usim, m->u.auth_req.rand, m->u.auth_req.autn, env->sn_id, res,
			       u->kasme, auts);
	if (u->state == UE_WAIT_AUTH)
		report_add(env->rep, PROC_AKA, now(env) - u->t_attach);
	/*
	 * The scenario's AUTHENTICATION FAILURE, once: #21 from a USIM whose
	 * SQN has run ahead (so AUTS is real and the network can resync,
	 * TS 33.102 6.3.5), #20 as if AUTN's MAC were wrong.
	 */
	if (ur == USIM_OK && u->beh->auth_fail_cause && !u->auth_fail_sent) {
		u->auth_fail_sent = true;
		if (u->beh->auth_fail_cause == NAS_EMM_CAUSE_SYNCH_FAILURE) {
			u->usim.sqn_max += 1u << 20;
			ur = usim_authenticate(&u->usim, m->u.auth_req.rand, m->u.auth_req.autn,
					       env->sn_id, res, u->kasme, auts);
		} else {
			ur = USIM_MAC_FAILURE;
		}
	}
	if (ur == USIM_OK) {
		if (env->sqn_accepted)
			env->sqn_accepted(env->arg, u);
		u->have_kasme = true;
		u->smc_new = true;
		u->smc_dl_next = 0;
		u->smc_complete_counts = 0;
		u->have_auth_res = true;
		memcpy(u->auth_rand, m->u.auth_req.rand, 16);
		memcpy(u->auth_res, res, 8);
		u->eksi = m->u.auth_req.ksi.ksi;
		nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_AUTH_RESPONSE, NAS_MSG_UL);
		r.u.auth_resp.res.len = 8;
		memcpy(r.u.auth_resp.res.v, res, 8);
		set_state(u, env, UE_WAIT_SMC);
		send_secure(u, env, &r);
		return;
	}
	/* TS 24.301 5.4.2.6: the UE's answers to an AUTN it refuses. */
	nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_AUTH_FAILURE, NAS_MSG_UL);
	r.u.auth_fail.emm_cause = ur == USIM_SYNCH_FAILURE ? NAS_EMM_CAUSE_SYNCH_FAILURE :
				  ur == USIM_NOT_EPS ? NAS_EMM_CAUSE_NON_EPS_AUTH_UNACCEPTABLE :
				  NAS_EMM_CAUSE_MAC_FAILURE;
	if (ur == USIM_SYNCH_FAILURE) {
		r.opt |= NAS_OPT(NAS_O_AF_AUTS);
		memcpy(r.u.auth_fail.auts, auts, sizeof(auts));
	}
	set_state(u, env, u->state);
	if (send_secure(u, env, &r))
		return;
	if (u->beh->auth_fail_cause)
		return;		/* the scenario's failure: the network answers it */
	/*
	 * TS 33.102 C.1.1: an SQN leaves the HSS once. One the USIM already
	 * accepted (or a lower one) means the network reused it, e.g. after a
	 * restart that lost its store's last SEQ: the UE asks for a resync,
	 * as it must, but the run counts the reuse as a failure.
	 */
	if (ur == USIM_SYNCH_FAILURE)
		fail(u, env, "SQN reused", "AUTN SQN %#llx, the USIM accepted %#llx already",
		     (unsigned long long)u->usim.sqn_last, (unsigned long long)u->usim.sqn_max);
	else
		fail(u, env, ur == USIM_MAC_FAILURE ? "AUTN refused: MAC wrong" :
			     ur == USIM_NOT_EPS ? "AUTN refused: no EPS separation bit" :
			     "USIM error", "AUTHENTICATION FAILURE #%u sent",
		     r.u.auth_fail.emm_cause);
}

/*
 * TS 24.301 5.4.2.5: AUTHENTICATION REJECT aborts the attach; the UE
 * deletes its GUTI, TAI list and KSI (and so its K_ASME), takes the USIM
 * as invalid for EPS services and, deregistered, waits for the network to
 * release the connection.
 */
static void on_auth_reject(struct ue *u, const struct ue_env *env)
{
	u->auth_reject_seen = true;
	u->have_kasme = false;
	u->secure = false;
	u->eksi = 7;
	memset(&u->guti, 0, sizeof(u->guti));
	explicit_bzero(u->kasme, sizeof(u->kasme));
	if (u->beh->expect.outcome != OUTCOME_AUTH_REJECT) {
		fail(u, env, "AUTHENTICATION REJECT", "in %s", ue_state_name(u->state));
		return;
	}
	set_state(u, env, UE_WAIT_RELEASE);
}

static void on_smc(struct ue *u, const struct ue_env *env, const struct nas_msg *m)
{
	const struct nas_smc *smc = &m->u.smc;
	struct nas_msg r;

	/* TS 24.301 5.4.2.3: the SMC ends the authentication's RAND/RES. */
	u->have_auth_res = false;
	explicit_bzero(u->auth_res, sizeof(u->auth_res));
	if (u->beh->expect.no_smc) {
		fail(u, env, "SECURITY MODE COMMAND sent (none expected)", "EIA%u/EEA%u",
		     smc->algs.eia, smc->algs.eea);
		return;
	}
	if (!u->smc_seen)
		report_add(env->rep, PROC_SMC, now(env) - u->t_step);
	u->smc_seen = true;
	/* TS 33.401 5.1.4.2 / 7.2.4.3: EIA0 only for emergency; never in a normal attach. */
	if (!smc->algs.eia) {
		fail(u, env, "SMC selected EIA0", "EEA%u", smc->algs.eea);
		return;
	}
	if (smc->algs.eia > 3 || smc->algs.eea > 3 ||
	    !(u->eia_caps & (0x80 >> smc->algs.eia)) || !(u->eea_caps & (0x80 >> smc->algs.eea))) {
		fail(u, env, "SMC selected algorithms the UE does not support",
		     "EIA%u/EEA%u for capabilities %02x/%02x", smc->algs.eia, smc->algs.eea,
		     u->eia_caps, u->eea_caps);
		return;
	}
	/* TS 24.301 5.4.3.3: the replayed capabilities must be what the UE sent. */
	if (smc->ue_sec_cap.len != 2 || smc->ue_sec_cap.octets[0] != u->eea_caps ||
	    smc->ue_sec_cap.octets[1] != u->eia_caps) {
		fail(u, env, "SMC replayed other UE security capabilities",
		     "len %u, %02x %02x for %02x %02x", smc->ue_sec_cap.len,
		     smc->ue_sec_cap.octets[0], smc->ue_sec_cap.octets[1], u->eea_caps,
		     u->eia_caps);
		return;
	}
	if (u->beh->smc_reject_cause) {
		/* TS 24.301 5.4.3.5: SECURITY MODE REJECT goes unprotected. */
		nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_SMC_REJECT, NAS_MSG_UL);
		r.u.smc_rej.emm_cause = u->beh->smc_reject_cause;
		set_state(u, env, UE_WAIT_RELEASE);
		send_nas(u, env, &r, NAS_MSG_SHT_PLAIN, false);
		return;
	}
	u->eksi = smc->ksi.ksi;
	u->secure = true;
	if (!u->counted_pair) {
		env->rep->alg_pairs[smc->algs.eia][smc->algs.eea]++;
		u->counted_pair = true;
	}
	nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_SMC_COMPLETE, NAS_MSG_UL);
	if (m->opt & NAS_OPT(NAS_O_SMC_IMEISV_REQ)) {
		r.opt |= NAS_OPT(NAS_O_SMCC_IMEISV);
		r.u.smc_cpl.imeisv.type = NAS_ID_IMEISV;
		snprintf(r.u.smc_cpl.imeisv.digits, sizeof(r.u.smc_cpl.imeisv.digits),
			 "3534490%07u01", u->idx % 10000000);
	}
	if (u->beh->smc_replay_garbage) {
		/*
		 * 9.9.3.51 of an ATTACH REQUEST cut short: the EPS mobile
		 * identity announces 8 octets and has 1. Not an attach the
		 * MME can go on with (5.4.3.4); it must keep its own.
		 */
		static const uint8_t cut[] = { 0x07, NAS_EMM_ATTACH_REQUEST, 0x71, 0x08, 0x09 };

		/* 5.4.3.3: the container answers a HashMME (the MME's hash_mme = yes). */
		if (!(m->opt & NAS_OPT(NAS_O_SMC_HASHMME))) {
			fail(u, env, "SMC without HashMME", "smc-replay-garbage needs hash_mme = yes");
			return;
		}
		r.opt |= NAS_OPT(NAS_O_SMCC_NAS_MSG);
		r.u.smc_cpl.nas_msg.data = cut;
		r.u.smc_cpl.nas_msg.len = sizeof(cut);
	}
	set_state(u, env, UE_WAIT_ACCEPT);
	send_nas(u, env, &r, NAS_MSG_SHT_INT_CIPH_NEW, false);
}

static void send_detach(struct ue *u, const struct ue_env *env)
{
	struct nas_msg m;

	/* TS 24.301 5.5.2.2.1: normal detach, EPS, with the GUTI. */
	nas_msg_init(&m, NAS_MSG_PD_EMM, NAS_EMM_DETACH_REQUEST, NAS_MSG_UL);
	m.u.detach_req.detach_type = 1;
	m.u.detach_req.ksi.ksi = u->eksi;
	m.u.detach_req.id.type = NAS_ID_GUTI;
	m.u.detach_req.id.guti = u->guti;
	set_state(u, env, UE_WAIT_DETACH_ACCEPT);
	send_secure(u, env, &m);
}

/*
 * --idle: the eNB asks for the release at once, as after user inactivity
 * (TS 36.413 8.3.3.1); the MME keeps the UE EMM-REGISTERED in ECM-IDLE
 * (TS 23.401 5.3.5) and the release command ends the UE's run (on_release).
 */
static void go_idle(struct ue *u, const struct ue_env *env)
{
	set_state(u, env, UE_WAIT_RELEASE);
	send_release_request(u, env, S1AP_CAUSE_RADIO_USER_INACTIVITY);
}

/* The attach is complete: detach next, go idle, or the UE is done. */
static void registered(struct ue *u, const struct ue_env *env)
{
	set_state(u, env, UE_REGISTERED);
	if (u->beh->guti_reattach && !u->reattached)
		send_detach(u, env);
	else if (u->beh->await_network_detach)
		arm(u, env, env->cfg->timeout_ms);
	else if (env->cfg->idle && !env->cfg->scenario->no_detach)
		go_idle(u, env);
	else if (!env->cfg->detach || env->cfg->scenario->no_detach)
		finish(u, env, VERDICT_PASS);
	else if (env->cfg->hold_ms)
		arm(u, env, env->cfg->hold_ms);
	else
		send_detach(u, env);
}

static void on_attach_accept(struct ue *u, const struct ue_env *env, const struct nas_msg *m,
			     uint8_t erab_id)
{
	uint8_t esm_buf[64];
	struct nas_msg esm, r;
	uint64_t t = now(env);

	if (u->beh->expect.outcome != OUTCOME_ATTACHED) {
		fail(u, env, "ATTACH ACCEPT (expected none)", "in %s", ue_state_name(u->state));
		return;
	}
	report_add(env->rep, PROC_ACCEPT, t - u->t_step);
	report_add(env->rep, PROC_ATTACH, t - u->t_attach);
	if (!(m->opt & NAS_OPT(NAS_O_AA_GUTI)) || m->u.attach_acc.guti.type != NAS_ID_GUTI) {
		fail(u, env, "ATTACH ACCEPT without a GUTI", "opt %#x", m->opt);
		return;
	}
	u->guti = m->u.attach_acc.guti.guti;
	if (nas_msg_esm_decode(&m->u.attach_acc.esm, NAS_MSG_DL, &esm, NULL) ||
	    esm.type != NAS_ESM_ACT_DEF_BEARER_REQ || esm.ebi != erab_id) {
		fail(u, env, "ATTACH ACCEPT without the default bearer of the E-RAB",
		     "ESM type %#x, EBI %u, E-RAB %u", esm.type, esm.ebi, erab_id);
		return;
	}
	u->ebi = esm.ebi;
	u->accept_seen = true;
	env->rep->attached++;
	nas_msg_init(&esm, NAS_MSG_PD_ESM, NAS_ESM_ACT_DEF_BEARER_ACC, NAS_MSG_UL);
	esm.ebi = u->ebi;
	nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_COMPLETE, NAS_MSG_UL);
	if (nas_msg_esm_encode(&esm, esm_buf, sizeof(esm_buf), &r.u.attach_cpl.esm) < 0) {
		fail(u, env, "NAS encode failed", "ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT");
		return;
	}
	if (send_secure(u, env, &r))
		return;
	registered(u, env);
}

static void on_attach_reject(struct ue *u, const struct ue_env *env, const struct nas_msg *m)
{
	const struct expect *e = &u->beh->expect;
	uint8_t cause = m->u.attach_rej.emm_cause;
	char what[48];

	u->reject_seen = true;
	u->reject_cause = cause;
	if ((e->outcome == OUTCOME_ATTACH_REJECT && (!e->emm_cause || e->emm_cause == cause)) ||
	    e->outcome == OUTCOME_RELEASED) {
		set_state(u, env, UE_WAIT_RELEASE);
		return;
	}
	snprintf(what, sizeof(what), "ATTACH REJECT #%u", cause);
	fail(u, env, what, "in %s", ue_state_name(u->state));
}

/* One accepted downlink NAS message. */
static void on_nas(struct ue *u, const struct ue_env *env, const struct nas_msg *m)
{
	struct nas_msg r;

	if (m->pd == NAS_MSG_PD_ESM) {
		if (m->type == NAS_ESM_INFO_REQUEST) {
			/* TS 24.301 6.6.1.2: the APN the UE wants (none: the default). */
			nas_msg_init(&r, NAS_MSG_PD_ESM, NAS_ESM_INFO_RESPONSE, NAS_MSG_UL);
			r.pti = m->pti;
			send_secure(u, env, &r);
		}
		return;
	}
	switch (m->type) {
	case NAS_EMM_AUTH_REQUEST:
		on_auth_request(u, env, m);
		break;
	case NAS_EMM_SMC:
		on_smc(u, env, m);
		break;
	case NAS_EMM_ATTACH_REJECT:
		on_attach_reject(u, env, m);
		break;
	case NAS_EMM_AUTH_REJECT:
		on_auth_reject(u, env);
		break;
	case NAS_EMM_IDENTITY_REQUEST:
		nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_IDENTITY_RESPONSE, NAS_MSG_UL);
		r.u.id_resp.id.type = NAS_ID_IMSI;
		memcpy(r.u.id_resp.id.digits, u->imsi, sizeof(u->imsi));
		send_secure(u, env, &r);
		break;
	case NAS_EMM_DETACH_ACCEPT:
		if (u->state != UE_WAIT_DETACH_ACCEPT)
			break;
		report_add(env->rep, PROC_DETACH, now(env) - u->t_step);
		env->rep->detached++;
		set_state(u, env, UE_WAIT_RELEASE);
		break;
	case NAS_EMM_DETACH_REQUEST:
		/* TS 24.301 5.5.2.3.2: network-initiated detach is answered. */
		nas_msg_init(&r, NAS_MSG_PD_EMM, NAS_EMM_DETACH_ACCEPT, NAS_MSG_UL);
		if (send_secure(u, env, &r))
			break;
		if (u->beh->await_network_detach && u->state == UE_REGISTERED) {
			env->rep->detached++;
			set_state(u, env, UE_WAIT_RELEASE);	/* the release ends it */
			break;
		}
		fail(u, env, "detached by the network", "in %s", ue_state_name(u->state));
		break;
	default:
		break;		/* EMM INFORMATION, EMM STATUS: nothing to do */
	}
}


static bool kenb_matches(const struct ue *u, const uint8_t kenb[32])
{
	uint8_t mine[32];
	bool same = false;

	for (uint32_t c = 0; !same && c < 32; c++)
		if (u->smc_complete_counts & (1u << c))
			same = !ue_kenb(u->kasme, c, mine) && !memcmp(mine, kenb, 32);
	explicit_bzero(mine, sizeof(mine));
	return same;
}

static void on_ics_request(struct ue *u, const struct ue_env *env,
			   const struct s1ap_initial_context_setup_request *ics)
{
	uint8_t buf[PDU_MAX], out[256];
	struct nas_msg m;
	int len;

	if (!ics->n_erabs || !ics->erabs[0].nas.len) {
		fail(u, env, "Initial Context Setup Request without ATTACH ACCEPT", "%zu E-RABs",
		     ics->n_erabs);
		return;
	}
	if (open_dl(u, env, ics->erabs[0].nas.data, ics->erabs[0].nas.len, buf, &m))
		return;		/* the UE never saw it: its timer runs on */
	if (m.pd != NAS_MSG_PD_EMM || m.type != NAS_EMM_ATTACH_ACCEPT) {
		on_nas(u, env, &m);
		return;
	}
	/* TS 24.301 5.5.1.2.4: ATTACH ACCEPT integrity protected and ciphered. */
	if (ics->erabs[0].nas.data[0] >> 4 != NAS_MSG_SHT_INT_CIPH) {
		fail(u, env, "ATTACH ACCEPT not integrity protected and ciphered",
		     "header type %u", ics->erabs[0].nas.data[0] >> 4);
		return;
	}
	/*
	 * TS 33.401 A.3 / 7.2.6.1: KeNB from the COUNT of SECURITY MODE
	 * COMPLETE, the last one sent or, after a retransmitted SMC, one the
	 * MME may have accepted first.
	 */
	if (!kenb_matches(u, ics->kenb)) {
		fail(u, env, "KeNB differs from the UE's TS 33.401 A.3",
		     "uplink COUNT %u", u->smc_complete_count);
		return;
	}
	/* TS 36.413 9.2.1.40: the eNB's copy of the capabilities (EEA1-3/EIA1-3 bits). */
	if (ics->eea_caps != (uint16_t)((u->eea_caps & 0x70) << 9) ||
	    ics->eia_caps != (uint16_t)((u->eia_caps & 0x70) << 9)) {
		fail(u, env, "UE security capabilities in S1AP differ", "%04x/%04x",
		     ics->eea_caps, ics->eia_caps);
		return;
	}
	{
		struct s1ap_erab_setup es = {
			.erab_id = ics->erabs[0].erab_id,
			.enb_teid = 0x10000000u | u->enb_ue_id,
			.enb_address = { .octets = { 127, 0, 0, 1 }, .len = 4 },
		};
		struct s1ap_initial_context_setup_response rsp = {
			.ids = { .mme_ue_id = u->mme_ue_id, .enb_ue_id = u->enb_ue_id },
			.erabs = &es, .n_erabs = 1,
		};

		len = s1ap_build_initial_context_setup_response(out, sizeof(out), &rsp);
		if (send_s1(u, env, out, len))
			return;
	}
	on_attach_accept(u, env, &m, ics->erabs[0].erab_id);
}

static void on_release(struct ue *u, const struct ue_env *env)
{
	const struct expect *e = &u->beh->expect;
	struct s1ap_ue_ids ids = { .mme_ue_id = u->mme_ue_id, .enb_ue_id = u->enb_ue_id };
	uint8_t buf[64];

	/* TS 36.413 8.3.3: an eNB always completes a release. */
	u->released = true;
	send_s1(u, env, buf, s1ap_build_ue_context_release_complete(buf, sizeof(buf), &ids));
	if (u->verdict)
		return;
	if (u->beh->guti_reattach && !u->reattached && u->state == UE_WAIT_RELEASE &&
	    u->accept_seen) {
		reattach(u, env);
		return;
	}
	/* Released after what the scenario expects: a detach, a reject, or nothing. */
	if ((e->outcome == OUTCOME_ATTACHED && u->state == UE_WAIT_RELEASE && u->accept_seen) ||
	    (e->outcome == OUTCOME_ATTACH_REJECT && u->reject_seen) ||
	    (e->outcome == OUTCOME_AUTH_REJECT && u->auth_reject_seen) ||
	    (e->outcome == OUTCOME_RELEASED && !u->accept_seen && !u->reject_seen)) {
		finish(u, env, VERDICT_PASS);
		return;
	}
	if (e->outcome == OUTCOME_ATTACH_REJECT && !u->reject_seen) {
		fail(u, env, "released without ATTACH REJECT", "in %s", ue_state_name(u->state));
		return;
	}
	if (e->outcome == OUTCOME_AUTH_REJECT) {
		fail(u, env, "released without AUTHENTICATION REJECT", "in %s",
		     ue_state_name(u->state));
		return;
	}
	{
		char cause[48];

		snprintf(cause, sizeof(cause), "released in %s", ue_state_name(u->state));
		fail(u, env, cause, "by the MME");
	}
}

void ue_input(struct ue *u, const struct ue_env *env, const struct s1ap_message *m)
{
	uint8_t buf[PDU_MAX];
	struct nas_msg nas;

	switch (m->type) {
	case S1AP_MSG_DOWNLINK_NAS_TRANSPORT:
		if (u->verdict)
			return;
		u->mme_ue_id = m->u.downlink_nas.ids.mme_ue_id;
		u->have_mme_id = true;
		if (!open_dl(u, env, m->u.downlink_nas.nas.data, m->u.downlink_nas.nas.len, buf,
			     &nas))
			on_nas(u, env, &nas);
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST:
		if (u->verdict)
			return;
		u->mme_ue_id = m->u.ics_request.ids.mme_ue_id;
		u->have_mme_id = true;
		on_ics_request(u, env, &m->u.ics_request);
		break;
	case S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND:
		if (!m->u.release_command.mme_id_only) {
			u->mme_ue_id = m->u.release_command.ids.mme_ue_id;
			u->have_mme_id = true;
		}
		on_release(u, env);
		break;
	default:
		break;
	}
}

void ue_timeout(struct ue *u, const struct ue_env *env)
{
	char cause[128];

	if (u->verdict)
		return;
	if (u->state == UE_REGISTERED && !u->beh->await_network_detach) {
		send_detach(u, env);	/* --hold is over */
		return;
	}
	if (u->note[0])
		snprintf(cause, sizeof(cause), "timeout in %s after: %s", ue_state_name(u->state),
			 u->note);
	else
		snprintf(cause, sizeof(cause), "timeout in %s", ue_state_name(u->state));
	fail(u, env, cause, "after %u ms", env->cfg->timeout_ms);
}

void ue_enb_lost(struct ue *u, const struct ue_env *env)
{
	char cause[64];

	if (u->verdict)
		return;
	u->released = true;
	snprintf(cause, sizeof(cause), "association lost in %s", ue_state_name(u->state));
	fail(u, env, cause, "eNB %u", u->cell_id >> 8);
}

void ue_interrupt(struct ue *u, const struct ue_env *env)
{
	char cause[64];

	if (u->verdict)
		return;
	snprintf(cause, sizeof(cause), "interrupted in %s", ue_state_name(u->state));
	fail(u, env, cause, "by a signal");
}
