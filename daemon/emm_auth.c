// SPDX-License-Identifier: GPL-2.0
/* EPS authentication and key agreement, the network side (TS 24.301 5.4.2, TS 33.401 6.1). */
#include <string.h>

#include "emm_int.h"

/* TS 24.301 9.9.3.21: a new KSI differs from the current one; 7 means none. */
uint8_t emm_next_ksi(const struct emm_ue *ue)
{
	if (ue->cur_ksi >= NASSEC_EKSI_NONE)
		return 0;
	return (ue->cur_ksi + 1) % NASSEC_EKSI_NONE;
}

/* RES against XRES without an early exit (TS 33.401 6.1.1: no timing oracle). */
static bool res_equal(const uint8_t *a, const uint8_t *b, unsigned int len)
{
	uint8_t d = 0;

	for (unsigned int i = 0; i < len; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

void emm_auth_start(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;

	emm_wipe_vector(ue);
	ue->state = EMM_COMMON_PROC_INIT;
	ue->sub = EMM_S_AKA_VECTOR;
	emm_emit(c, EMM_ACT_AKA_GET_VECTOR)->imsi = ue->imsi;
}

static void send_auth_request(struct emm_step_ctx *c)
{
	struct emm_nas_out *nas = emm_send(c, EMM_MSG_AUTH_REQUEST);

	nas->auth_req.ksi = c->ue->new_ksi;
	nas->auth_req.rand = c->ue->rand;
	nas->auth_req.autn = c->ue->autn;
}

void emm_auth_vector(struct emm_step_ctx *c, const struct emm_aka_vec *v)
{
	struct emm_ue *ue = c->ue;

	switch (v->result) {
	case EMM_AKA_OK:
		break;
	case EMM_AKA_UNKNOWN_SUBSCRIBER:
		emm_attach_reject(c, c->cfg->unknown_imsi_cause, 0);
		return;
	case EMM_AKA_RESYNC_FAILED:
		/* TS 33.102 6.3.5: AUTS failed MAC-S; the UE is not who it says. */
		emm_auth_reject(c);
		return;
	default:
		emm_attach_reject(c, EMM_CAUSE_NETWORK_FAILURE, 0);
		return;
	}
	if (v->xres_len < 4 || v->xres_len > EMM_RES_MAX) {
		emm_attach_reject(c, EMM_CAUSE_NETWORK_FAILURE, 0);
		return;
	}
	memcpy(ue->rand, v->rand, sizeof(ue->rand));
	memcpy(ue->autn, v->autn, sizeof(ue->autn));
	memcpy(ue->xres, v->xres, v->xres_len);
	memcpy(ue->kasme, v->kasme, sizeof(ue->kasme));
	ue->xres_len = v->xres_len;
	ue->allowed_eia = v->allowed_eia;
	ue->allowed_eea = v->allowed_eea;
	ue->flags |= EMM_UE_F_VECTOR;
	ue->new_ksi = emm_next_ksi(ue);
	/* TS 24.301 5.4.2.2: the request carries RAND, AUTN and the new KSI; T3460 runs. */
	send_auth_request(c);
	emm_timer_start(c, EMM_T3460);
	ue->sub = EMM_S_AUTH;
	emm_count(c, EMM_C_AUTH_SENT);
}

/*
 * TS 24.301 5.4.2.5: after AUTHENTICATION REJECT every EMM procedure is
 * aborted and the connection released; the UE deletes its GUTI, TAI list
 * and KSI, so our GUTI and context for it are worthless from now on.
 */
void emm_auth_reject(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;

	emm_send(c, EMM_MSG_AUTH_REJECT);
	emm_count(c, EMM_C_AUTH_REJECT_SENT);
	ue->flags &= ~(EMM_UE_F_GUTI | EMM_UE_F_CUR_CTX);
	ue->cur_ksi = NASSEC_EKSI_NONE;
	emm_attach_fail(c, EMM_FAIL_AUTH_REJECTED, 0);
	emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_AUTH_FAILURE);
}

void emm_auth_response(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;
	bool ok;

	emm_timer_stop(c);
	ok = m->auth_rsp.res_len == ue->xres_len &&
	     res_equal(m->auth_rsp.res, ue->xres, ue->xres_len);
	if (ok) {
		emm_count(c, EMM_C_AUTH_OK);
		ue->flags &= ~(EMM_UE_F_IMSI_BY_GUTI | EMM_UE_F_RES_BAD);
		ue->resyncs = 0;
		emm_smc_start(c);
		return;
	}
	/*
	 * TS 24.301 5.4.2.5: a wrong RES from a UE we know only by GUTI
	 * starts identification (the GUTI may be someone else's); from a UE
	 * that gave its IMSI, AUTHENTICATION REJECT.
	 */
	if (ue->flags & EMM_UE_F_IMSI_BY_GUTI) {
		ue->flags |= EMM_UE_F_RES_BAD;
		emm_identity_start(c);
		return;
	}
	emm_auth_reject(c);
}

void emm_auth_failure(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;
	struct emm_action *a;

	emm_timer_stop(c);
	switch (m->auth_fail.cause) {
	case EMM_CAUSE_SYNCH_FAILURE:
		/*
		 * TS 24.301 5.4.2.7 e / TS 33.102 6.3.5: resynchronise the
		 * SQN with AUTS and authenticate again with a new vector;
		 * the network may stop after repeated synch failures: we
		 * resynchronise at most max_resyncs times per attach.
		 */
		emm_count(c, EMM_C_AUTH_RESYNC);
		if (!m->auth_fail.has_auts || ue->resyncs >= c->cfg->max_resyncs) {
			emm_auth_reject(c);
			return;
		}
		ue->resyncs++;
		a = emm_emit(c, EMM_ACT_AKA_RESYNC);
		memcpy(a->resync.auts, m->auth_fail.auts, EMM_AUTS_LEN);
		a->resync.rand = ue->rand;
		a->resync.imsi = ue->imsi;
		ue->sub = EMM_S_AKA_VECTOR;
		return;
	case EMM_CAUSE_MAC_FAILURE:
	case EMM_CAUSE_NON_EPS_AUTH_UNACCEPTABLE:
		/*
		 * TS 24.301 5.4.2.7 c/d: the UE refused our AUTN (#20) or a
		 * vector without the EPS separation bit (#26). If we took
		 * the IMSI from the GUTI, ask the UE who it is and retry;
		 * when the UE gave the IMSI itself, retrying the same store
		 * fails again: AUTHENTICATION REJECT.
		 */
		emm_count(c, m->auth_fail.cause == EMM_CAUSE_MAC_FAILURE ?
			     EMM_C_AUTH_MAC_FAILURE : EMM_C_AUTH_NON_EPS);
		if (ue->flags & EMM_UE_F_IMSI_BY_GUTI) {
			ue->flags &= ~EMM_UE_F_RES_BAD;
			emm_identity_start(c);
			return;
		}
		emm_auth_reject(c);
		return;
	}
	emm_auth_reject(c);
}

/* TS 24.301 5.4.2.7 b: T3460 retransmits the request four times, then aborts. */
void emm_auth_timer(struct emm_step_ctx *c)
{
	if (emm_timer_exhausted(c, c->cfg->max_retx)) {
		emm_count(c, EMM_C_TIMED_OUT);
		emm_attach_fail(c, EMM_FAIL_TIMEOUT, 0);
		emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_UNSPECIFIED);
		return;
	}
	send_auth_request(c);
	emm_timer_again(c);
	emm_count(c, EMM_C_AUTH_RETX);
}
