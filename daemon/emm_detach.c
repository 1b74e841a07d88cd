// SPDX-License-Identifier: GPL-2.0
/*
 * Detach (TS 24.301 5.5.2) and the end of a UE's S1 connection in its three
 * forms (TS 36.413 8.3.2-3): after a detach or a failed procedure (MME
 * initiated), on the eNB's request, and an association that is simply gone.
 * None of them touches the EPS security context: a UE keeps it in the
 * kernel for its next procedure (24.301 4.4.2.1, the UE stores it too).
 */
#include "emm_int.h"

/* Ends the running procedure without a message: release, reset, collision. */
void emm_abort_procedure(struct emm_step_ctx *c, uint8_t reason)
{
	struct emm_ue *ue = c->ue;

	switch (ue->proc) {
	case EMM_P_ATTACH:
		emm_attach_fail(c, reason, 0);
		return;
	case EMM_P_DETACH_NW:
		/* 5.5.2.3.4: lower layer failure: the detach completes locally. */
		emm_timer_stop(c);
		emm_free_pdn(c);
		ue->state = EMM_DEREGISTERED;
		ue->proc = EMM_P_NONE;
		ue->sub = EMM_S_IDLE;
		return;
	}
	emm_timer_stop(c);
}

/*
 * 5.5.2.2.2: DETACH REQUEST from the UE: DETACH ACCEPT unless it was a
 * switch-off, then the release. A running attach is aborted (5.5.1.2.7);
 * our own detach running at the same time ends here too (5.5.2.3.4).
 */
void emm_detach_request(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;

	emm_count(c, EMM_C_DETACH_UE);
	emm_abort_procedure(c, EMM_FAIL_ABORTED);
	emm_free_pdn(c);
	ue->state = EMM_DEREGISTERED;
	ue->proc = EMM_P_NONE;
	ue->sub = EMM_S_IDLE;
	if (!m->detach_req.switch_off)
		emm_send(c, EMM_MSG_DETACH_ACCEPT);
	emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_DETACH);
}

static void send_detach_request(struct emm_step_ctx *c)
{
	struct emm_nas_out *nas = emm_send(c, EMM_MSG_DETACH_REQUEST);

	nas->detach_req.type = c->ue->detach_type;
}

/*
 * 5.5.2.3.2: network-initiated detach (from the CLI): DETACH REQUEST, T3422.
 * A registered UE without a connection would be paged first; there is no
 * paging here, so it is detached locally (implicit detach, 5.3.7) and told
 * at its next contact.
 */
void emm_detach_cli(struct emm_step_ctx *c, uint8_t type)
{
	struct emm_ue *ue = c->ue;

	if (ue->proc == EMM_P_ATTACH) {
		emm_attach_fail(c, EMM_FAIL_ABORTED, 0);
		if (ue->flags & EMM_UE_F_CONNECTED)
			emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_DETACH);
		return;
	}
	if (ue->state != EMM_REGISTERED) {
		emm_count(c, EMM_C_DISCARD_UNEXPECTED);
		return;
	}
	emm_count(c, EMM_C_DETACH_NW);
	if (!(ue->flags & EMM_UE_F_CONNECTED) || ue->sub == EMM_S_RELEASING) {
		emm_free_pdn(c);
		ue->state = EMM_DEREGISTERED;
		return;
	}
	ue->detach_type = type;
	send_detach_request(c);
	emm_timer_start(c, EMM_T3422);
	ue->state = EMM_DEREG_INIT;
	ue->proc = EMM_P_DETACH_NW;
	ue->sub = EMM_S_DETACH;
}

/* 5.5.2.3.3: DETACH ACCEPT: stop T3422, EMM-DEREGISTERED, release. */
void emm_detach_accept(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;

	emm_timer_stop(c);
	emm_free_pdn(c);
	ue->state = EMM_DEREGISTERED;
	ue->proc = EMM_P_NONE;
	ue->sub = EMM_S_IDLE;
	emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_DETACH);
}

/* 5.5.2.3.4: four retransmissions, on the fifth expiry deregister anyway. */
void emm_detach_timer(struct emm_step_ctx *c)
{
	if (emm_timer_exhausted(c, c->cfg->max_retx)) {
		emm_count(c, EMM_C_TIMED_OUT);
		emm_detach_accept(c);
		return;
	}
	send_detach_request(c);
	emm_timer_again(c);
}

/*
 * UE Context Release Request from the eNB (radio lost, inactivity): a
 * running procedure is aborted; a registered UE stays registered (ECM-IDLE).
 * The command echoes the eNB's cause.
 */
void emm_release_request(struct emm_step_ctx *c, const struct emm_s1_cause *cause)
{
	struct emm_ue *ue = c->ue;

	if (!(ue->flags & EMM_UE_F_CONNECTED) || ue->sub == EMM_S_RELEASING)
		return;
	emm_abort_procedure(c, EMM_FAIL_RELEASED);
	emm_release(c, cause->group, cause->value);
}

static void connection_gone(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;
	bool keep = ue->state != EMM_DEREGISTERED ||
		    ((ue->flags & EMM_UE_F_GUTI) && (ue->flags & EMM_UE_F_CUR_CTX));

	emm_timer_stop(c);
	ue->flags &= ~(EMM_UE_F_CONNECTED | EMM_UE_F_SECURE);
	ue->proc = EMM_P_NONE;
	ue->sub = EMM_S_IDLE;
	/* A UE with nothing to come back to (no GUTI + context) can be forgotten. */
	emm_emit(c, EMM_ACT_RELEASE_UE)->forget = !keep;
}

void emm_release_complete(struct emm_step_ctx *c)
{
	if (!(c->ue->flags & EMM_UE_F_CONNECTED))
		return;
	emm_abort_procedure(c, EMM_FAIL_RELEASED);
	connection_gone(c);
}

/* Association lost or S1 Reset: no command can be sent, the connection is gone. */
void emm_link_lost(struct emm_step_ctx *c)
{
	if (!(c->ue->flags & EMM_UE_F_CONNECTED))
		return;
	emm_abort_procedure(c, EMM_FAIL_RELEASED);
	connection_gone(c);
}
