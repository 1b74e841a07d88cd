// SPDX-License-Identifier: GPL-2.0
/*
 * EMM core: the step function, the 24.301 4.4.4.3 gate in front of every
 * uplink message, timers, and the helpers the procedures share.
 */
#include <string.h>

#include "emm_int.h"

void emm_memzero(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n--)
		*v++ = 0;
}

void emm_config_defaults(struct emm_config *cfg)
{
	static const uint8_t eia[] = { NASSEC_ALG_AES, NASSEC_ALG_SNOW3G, NASSEC_ALG_ZUC };
	static const uint8_t eea[] = { NASSEC_ALG_AES, NASSEC_ALG_SNOW3G, NASSEC_ALG_ZUC,
				       NASSEC_ALG_NULL };

	memset(cfg, 0, sizeof(*cfg));
	memcpy(cfg->eia_prio, eia, sizeof(eia));
	cfg->n_eia = sizeof(eia);
	memcpy(cfg->eea_prio, eea, sizeof(eea));
	cfg->n_eea = sizeof(eea);
	/* TS 24.301 10.2 (Table 10.2.2): the network's timers. */
	cfg->t3460_ms = 6000;
	cfg->t3470_ms = 6000;
	cfg->t3450_ms = 6000;
	cfg->t3422_ms = 6000;
	cfg->t3489_ms = 4000;
	cfg->max_retx = 4;
	cfg->esm_info_retx = 2;
	cfg->max_resyncs = 2;
	/*
	 * IMSI unknown in the store: TS 29.272 Annex A maps the HSS's
	 * DIAMETER_ERROR_USER_UNKNOWN to #8 for an attach. #3 (illegal UE) is
	 * for a UE that failed authentication, #15 is a roaming restriction
	 * that makes the UE retry elsewhere; #8 tells the UE its USIM is not
	 * good for EPS here, so it stops loading us with attempts (5.5.1.2.5).
	 */
	cfg->unknown_imsi_cause = EMM_CAUSE_EPS_AND_NON_EPS_NOT_ALLOWED;
	cfg->reuse_verified_guti = true;
	cfg->t3412_s = 54 * 60;
	cfg->qci = 9;
	cfg->apn = "internet";
}

void emm_ue_init(struct emm_ue *ue)
{
	memset(ue, 0, sizeof(*ue));
	ue->cur_ksi = NASSEC_EKSI_NONE;
	ue->new_ksi = NASSEC_EKSI_NONE;
}

struct emm_action *emm_emit(struct emm_step_ctx *c, uint8_t type)
{
	struct emm_action *a;

	if (c->out->n >= EMM_MAX_ACTIONS) {
		c->out->overflow = true;
		a = &c->scratch;
	} else {
		a = &c->out->a[c->out->n++];
	}
	memset(a, 0, sizeof(*a));
	a->type = type;
	return a;
}

void emm_count(struct emm_step_ctx *c, uint8_t ctr)
{
	emm_emit(c, EMM_ACT_COUNTER)->counter = ctr;
}

static uint32_t timer_ms(const struct emm_config *cfg, uint8_t id)
{
	switch (id) {
	case EMM_T3460:
		return cfg->t3460_ms;
	case EMM_T3470:
		return cfg->t3470_ms;
	case EMM_T3450:
		return cfg->t3450_ms;
	case EMM_T3422:
		return cfg->t3422_ms;
	case EMM_T3489:
		return cfg->t3489_ms;
	}
	return 0;
}

/* One NAS timer runs per UE: the procedures it guards never overlap. */
void emm_timer_start(struct emm_step_ctx *c, uint8_t id)
{
	struct emm_action *a;

	if (c->ue->timer && c->ue->timer != id)
		emm_timer_stop(c);
	c->ue->timer = id;
	c->ue->expiries = 0;
	c->ue->deadline_ms = c->now + timer_ms(c->cfg, id);
	a = emm_emit(c, EMM_ACT_TIMER_START);
	a->timer.id = id;
	a->timer.ms = timer_ms(c->cfg, id);
}

/* Restart after a retransmission; the expiry count goes on. */
void emm_timer_again(struct emm_step_ctx *c)
{
	struct emm_action *a;

	c->ue->deadline_ms = c->now + timer_ms(c->cfg, c->ue->timer);
	a = emm_emit(c, EMM_ACT_TIMER_START);
	a->timer.id = c->ue->timer;
	a->timer.ms = timer_ms(c->cfg, c->ue->timer);
}

void emm_timer_stop(struct emm_step_ctx *c)
{
	if (!c->ue->timer)
		return;
	emm_emit(c, EMM_ACT_TIMER_STOP)->timer.id = c->ue->timer;
	c->ue->timer = EMM_T_NONE;
	c->ue->expiries = 0;
	c->ue->deadline_ms = 0;
}

bool emm_timer_exhausted(struct emm_step_ctx *c, uint8_t retx)
{
	c->ue->expiries++;
	return c->ue->expiries > retx;
}

/*
 * TS 24.301 4.4.4.2: once secure exchange is established on the
 * connection, every downlink message is integrity protected and ciphered;
 * before it (first contact, or a UE whose initial message failed its
 * check), only plain messages can reach the UE.
 */
uint8_t emm_dl_sec_hdr(const struct emm_ue *ue)
{
	return (ue->flags & EMM_UE_F_SECURE) ? NASSEC_SHT_INTEGRITY_CIPHERED : NASSEC_SHT_PLAIN;
}

struct emm_nas_out *emm_send(struct emm_step_ctx *c, uint8_t msg_type)
{
	struct emm_action *a = emm_emit(c, EMM_ACT_SEND_NAS);

	a->nas.msg_type = msg_type;
	a->nas.sec_hdr = emm_dl_sec_hdr(c->ue);
	return &a->nas;
}

/* MME-initiated UE Context Release Command; the connection ends on Complete. */
void emm_release(struct emm_step_ctx *c, uint8_t group, uint8_t value)
{
	struct emm_action *a;

	emm_timer_stop(c);
	a = emm_emit(c, EMM_ACT_SEND_RELEASE);
	a->s1_cause.group = group;
	a->s1_cause.value = value;
	c->ue->proc = EMM_P_NONE;
	c->ue->sub = EMM_S_RELEASING;
	emm_count(c, EMM_C_RELEASE);
}

void emm_wipe_vector(struct emm_ue *ue)
{
	emm_memzero(ue->rand, sizeof(ue->rand));
	emm_memzero(ue->autn, sizeof(ue->autn));
	emm_memzero(ue->xres, sizeof(ue->xres));
	emm_memzero(ue->kasme, sizeof(ue->kasme));
	ue->xres_len = 0;
	ue->flags &= ~EMM_UE_F_VECTOR;
}

void emm_drop_new_slot(struct emm_step_ctx *c)
{
	if (!(c->ue->flags & EMM_UE_F_NEW_SLOT))
		return;
	emm_emit(c, EMM_ACT_KCTX_DROP_NEW);
	c->ue->flags &= ~EMM_UE_F_NEW_SLOT;
}

void emm_free_pdn(struct emm_step_ctx *c)
{
	if (!(c->ue->flags & EMM_UE_F_PDN))
		return;
	emm_emit(c, EMM_ACT_PDN_FREE)->ipv4 = c->ue->ipv4;
	c->ue->flags &= ~EMM_UE_F_PDN;
	c->ue->ipv4 = 0;
}

void emm_actions_clear(struct emm_actions *out)
{
	emm_memzero(out, sizeof(*out));
}

static uint8_t discard_reason(uint8_t verdict)
{
	switch (verdict) {
	case NASSEC_VERDICT_PLAIN:
		return EMM_C_DISCARD_PLAIN;
	case NASSEC_VERDICT_MAC_FAIL:
		return EMM_C_DISCARD_MAC_FAIL;
	case NASSEC_VERDICT_REPLAY:
		return EMM_C_DISCARD_REPLAY;
	case NASSEC_VERDICT_NO_CONTEXT:
		return EMM_C_DISCARD_NO_CONTEXT;
	}
	return EMM_C_DISCARD_MALFORMED;
}

/*
 * TS 24.301 4.4.4.3 / TS 33.401 5.1.4.1: a message the kernel verified is
 * processed and establishes secure exchange on this connection; a replay
 * never is (a MAC that verified on an old COUNT is an attacker's copy); a
 * plain, failed or context-less one only as emm_allowed_unprotected() says.
 */
static bool nas_gate(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	switch (m->verdict) {
	case NASSEC_VERDICT_OK:
		/* Header type 4 is SECURITY MODE COMPLETE and nothing else (9.3.1). */
		if (m->sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED_NEW_CTX &&
		    (m->msg_type != EMM_MSG_SMC_COMPLETE || !m->promoted)) {
			emm_count(c, EMM_C_DISCARD_UNEXPECTED);
			return false;
		}
		c->ue->flags |= EMM_UE_F_SECURE;
		if (m->msg_type == EMM_MSG_SMC_COMPLETE || m->msg_type == EMM_MSG_ATTACH_REQUEST)
			c->ue->kenb_ul_count = m->ul_count;
		return true;
	case NASSEC_VERDICT_PLAIN:
	case NASSEC_VERDICT_MAC_FAIL:
	case NASSEC_VERDICT_NO_CONTEXT:
		if (emm_allowed_unprotected(c->ue, m))
			return true;
		break;
	}
	emm_count(c, discard_reason(m->verdict));
	return false;
}

/*
 * An initial message opens a new NAS signalling connection (TS 23.401
 * 5.3.2.1: it replaces the old S1 connection). Secure exchange belongs to a
 * connection (TS 24.301 4.4.4.3), so it starts over; whatever ran on the old
 * connection is lost to the UE as well (it restarts its procedure), so it
 * is aborted as on a lower layer failure.
 */
static void new_connection(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;

	if (ue->proc != EMM_P_NONE)
		emm_abort_procedure(c, EMM_FAIL_RELEASED);
	emm_timer_stop(c);
	ue->flags &= ~EMM_UE_F_SECURE;
	ue->sub = EMM_S_IDLE;
}

static void on_nas(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;

	if (m->initial) {
		new_connection(c);
	} else if (ue->sub == EMM_S_RELEASING) {
		/* The release command is out: the rest of this connection is moot. */
		emm_count(c, EMM_C_DISCARD_UNEXPECTED);
		return;
	}
	ue->flags |= EMM_UE_F_CONNECTED;
	if (!nas_gate(c, m))
		return;
	switch (m->msg_type) {
	case EMM_MSG_ATTACH_REQUEST:
		emm_attach_request(c, m);
		return;
	case EMM_MSG_IDENTITY_RESPONSE:
		if (ue->sub == EMM_S_IDENTITY) {
			emm_attach_identity(c, m);
			return;
		}
		break;
	case EMM_MSG_AUTH_RESPONSE:
		if (ue->sub == EMM_S_AUTH) {
			emm_auth_response(c, m);
			return;
		}
		break;
	case EMM_MSG_AUTH_FAILURE:
		if (ue->sub == EMM_S_AUTH) {
			emm_auth_failure(c, m);
			return;
		}
		break;
	case EMM_MSG_SMC_COMPLETE:
		if (ue->sub == EMM_S_SMC) {
			emm_smc_complete(c, m);
			return;
		}
		break;
	case EMM_MSG_SMC_REJECT:
		if (ue->sub == EMM_S_SMC) {
			emm_smc_reject(c, m);
			return;
		}
		break;
	case EMM_MSG_ESM_INFO_RESPONSE:
		if (ue->sub == EMM_S_ESM_INFO) {
			emm_attach_esm_info(c, m);
			return;
		}
		break;
	case EMM_MSG_ATTACH_COMPLETE:
		if (ue->sub == EMM_S_ACCEPT) {
			emm_attach_complete(c, m);
			return;
		}
		break;
	case EMM_MSG_DETACH_REQUEST:
		emm_detach_request(c, m);
		return;
	case EMM_MSG_DETACH_ACCEPT:
		if (ue->sub == EMM_S_DETACH) {
			emm_detach_accept(c);
			return;
		}
		break;
	}
	/* Not expected now (TS 24.301 7.4 would answer EMM STATUS #98). */
	emm_count(c, EMM_C_DISCARD_UNEXPECTED);
}

static void on_timer(struct emm_step_ctx *c, uint8_t id)
{
	struct emm_ue *ue = c->ue;

	/* A stopped timer's expiry may already be queued at the edge. */
	if (!id || id != ue->timer || c->now < ue->deadline_ms) {
		emm_count(c, EMM_C_DISCARD_STALE_TIMER);
		return;
	}
	switch (id) {
	case EMM_T3460:
		if (ue->sub == EMM_S_AUTH)
			emm_auth_timer(c);
		else
			emm_smc_timer(c);
		return;
	case EMM_T3470:
	case EMM_T3450:
	case EMM_T3489:
		emm_attach_timer(c);
		return;
	case EMM_T3422:
		emm_detach_timer(c);
		return;
	}
}

static void on_action_failed(struct emm_step_ctx *c, uint8_t what)
{
	struct emm_ue *ue = c->ue;

	if (what == EMM_ACT_SEND_RELEASE || what == EMM_ACT_RELEASE_UE) {
		emm_link_lost(c);
		return;
	}
	if (ue->sub == EMM_S_RELEASING)
		return;
	/* A NEW_SLOT that failed to load was never loaded. */
	if (what == EMM_ACT_KCTX_LOAD_NEW)
		ue->flags &= ~EMM_UE_F_NEW_SLOT;
	emm_abort_procedure(c, EMM_FAIL_ACTION);
	if (ue->flags & EMM_UE_F_CONNECTED)
		emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_UNSPECIFIED);
}

void emm_step(const struct emm_env *env, struct emm_ue *ue, const struct emm_event *ev,
	      uint64_t now_ms, struct emm_actions *out)
{
	struct emm_step_ctx c = {
		.env = env, .cfg = env->cfg, .ue = ue, .now = now_ms, .out = out,
	};

	out->n = 0;
	out->overflow = false;
	switch (ev->type) {
	case EMM_EV_NAS:
		on_nas(&c, &ev->nas);
		break;
	case EMM_EV_TIMER:
		on_timer(&c, ev->timer);
		break;
	case EMM_EV_AKA_VECTOR:
		if (ue->sub == EMM_S_AKA_VECTOR)
			emm_auth_vector(&c, &ev->vec);
		else
			emm_count(&c, EMM_C_DISCARD_UNEXPECTED);
		break;
	case EMM_EV_ICS_RESPONSE:
		break;
	case EMM_EV_ICS_FAILURE:
		emm_release_request(&c, &(struct emm_s1_cause){ EMM_S1_CAUSE_NAS,
								 EMM_S1_NAS_UNSPECIFIED });
		break;
	case EMM_EV_RELEASE_REQUEST:
		emm_release_request(&c, &ev->s1_cause);
		break;
	case EMM_EV_RELEASE_COMPLETE:
		emm_release_complete(&c);
		break;
	case EMM_EV_LINK_LOST:
		emm_link_lost(&c);
		break;
	case EMM_EV_CLI_DETACH:
		emm_detach_cli(&c, ev->detach_type);
		break;
	case EMM_EV_CLI_RELEASE:
		if (!(ue->flags & EMM_UE_F_CONNECTED) || ue->sub == EMM_S_RELEASING)
			break;
		emm_abort_procedure(&c, EMM_FAIL_RELEASED);
		emm_release(&c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_NORMAL);
		break;
	case EMM_EV_ACTION_FAILED:
		on_action_failed(&c, ev->failed);
		break;
	}
}

void emm_counters_apply(struct emm_counters *ctr, const struct emm_actions *acts)
{
	for (unsigned int i = 0; i < acts->n; i++) {
		const struct emm_action *a = &acts->a[i];

		switch (a->type) {
		case EMM_ACT_COUNTER:
			if (a->counter < __EMM_C_MAX)
				ctr->c[a->counter]++;
			break;
		case EMM_ACT_ATTACH_DONE:
			ctr->c[EMM_C_ATTACH_OK]++;
			break;
		case EMM_ACT_ATTACH_FAILED:
			ctr->c[EMM_C_ATTACH_FAILED]++;
			if (a->fail.reason < __EMM_FAIL_MAX)
				ctr->attach_failed[a->fail.reason]++;
			if (a->fail.reason == EMM_FAIL_REJECTED &&
			    a->fail.cause < sizeof(ctr->attach_reject_cause) /
					    sizeof(ctr->attach_reject_cause[0]))
				ctr->attach_reject_cause[a->fail.cause]++;
			break;
		}
	}
}

static const char *const counter_names[__EMM_C_MAX] = {
	[EMM_C_ATTACH_REQUEST] = "attach_requests",
	[EMM_C_ATTACH_OK] = "attaches_ok",
	[EMM_C_ATTACH_FAILED] = "attaches_failed",
	[EMM_C_IDENTITY_SENT] = "identity_sent",
	[EMM_C_IDENTITY_RETX] = "identity_retransmitted",
	[EMM_C_AUTH_SENT] = "auth_sent",
	[EMM_C_AUTH_RETX] = "auth_retransmitted",
	[EMM_C_AUTH_OK] = "auth_ok",
	[EMM_C_AUTH_REJECT_SENT] = "auth_rejected",
	[EMM_C_AUTH_RESYNC] = "auth_resync",
	[EMM_C_AUTH_MAC_FAILURE] = "auth_ue_mac_failure",
	[EMM_C_AUTH_NON_EPS] = "auth_ue_non_eps",
	[EMM_C_SMC_SENT] = "smc_sent",
	[EMM_C_SMC_RETX] = "smc_retransmitted",
	[EMM_C_SMC_COMPLETE] = "smc_complete",
	[EMM_C_SMC_REJECTED] = "smc_rejected",
	[EMM_C_SMC_TIMED_OUT] = "smc_timed_out",
	[EMM_C_IMEISV_MISSING] = "imeisv_missing",
	[EMM_C_ATTACH_REPLAYED] = "attach_replayed",
	[EMM_C_GUTI_REUSED] = "guti_context_reused",
	[EMM_C_ESM_INFO_SENT] = "esm_info_sent",
	[EMM_C_ACCEPT_RETX] = "attach_accept_retransmitted",
	[EMM_C_DETACH_UE] = "detach_by_ue",
	[EMM_C_DETACH_NW] = "detach_by_network",
	[EMM_C_RELEASE] = "release_commands",
	[EMM_C_TIMED_OUT] = "procedures_timed_out",
	[EMM_C_DISCARD_PLAIN] = "discarded_plain",
	[EMM_C_DISCARD_MAC_FAIL] = "discarded_mac_failure",
	[EMM_C_DISCARD_REPLAY] = "discarded_replay",
	[EMM_C_DISCARD_NO_CONTEXT] = "discarded_no_context",
	[EMM_C_DISCARD_MALFORMED] = "discarded_malformed",
	[EMM_C_DISCARD_UNEXPECTED] = "discarded_unexpected",
	[EMM_C_DISCARD_STALE_TIMER] = "stale_timer_expiries",
};

const char *emm_counter_name(unsigned int c)
{
	return c < __EMM_C_MAX && counter_names[c] ? counter_names[c] : "?";
}

const char *emm_fail_name(unsigned int f)
{
	static const char *const n[__EMM_FAIL_MAX] = {
		[EMM_FAIL_REJECTED] = "rejected",
		[EMM_FAIL_AUTH_REJECTED] = "auth_rejected",
		[EMM_FAIL_SMC_REJECTED] = "smc_rejected",
		[EMM_FAIL_TIMEOUT] = "timed_out",
		[EMM_FAIL_RELEASED] = "released",
		[EMM_FAIL_ACTION] = "edge_failure",
		[EMM_FAIL_ABORTED] = "aborted",
		[EMM_FAIL_ESM] = "bearer_refused",
	};

	return f < __EMM_FAIL_MAX && n[f] ? n[f] : "?";
}

const char *emm_state_name(unsigned int s)
{
	static const char *const n[] = {
		[EMM_DEREGISTERED] = "EMM-DEREGISTERED",
		[EMM_COMMON_PROC_INIT] = "EMM-COMMON-PROCEDURE-INITIATED",
		[EMM_REGISTERED] = "EMM-REGISTERED",
		[EMM_DEREG_INIT] = "EMM-DEREGISTERED-INITIATED",
	};

	return s < sizeof(n) / sizeof(n[0]) ? n[s] : "?";
}

const char *emm_sub_name(unsigned int s)
{
	static const char *const n[] = {
		[EMM_S_IDLE] = "idle",
		[EMM_S_IDENTITY] = "identification",
		[EMM_S_AKA_VECTOR] = "vector",
		[EMM_S_AUTH] = "authentication",
		[EMM_S_SMC] = "security-mode",
		[EMM_S_ESM_INFO] = "esm-information",
		[EMM_S_ACCEPT] = "attach-accept",
		[EMM_S_DETACH] = "detach",
		[EMM_S_RELEASING] = "releasing",
	};

	return s < sizeof(n) / sizeof(n[0]) ? n[s] : "?";
}
