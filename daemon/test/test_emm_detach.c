// SPDX-License-Identifier: GPL-2.0
/* Detach (TS 24.301 5.5.2), UE context release in its three forms, edges, counters. */
#include "test_emm.h"

static struct emm_h H;

static void detach(struct emm_h *h, bool switch_off, uint8_t verdict)
{
	struct emm_nas_in *m = emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, verdict);

	m->detach_req.switch_off = switch_off;
	m->detach_req.type = 1;
	emm_h_step(h);
}

static void ue_detach_normal_and_switch_off(void)
{
	struct emm_h *h = &H;
	const struct emm_action *rel;
	int acc, r;

	emm_h_init(h);
	emm_h_registered(h);
	detach(h, false, NASSEC_VERDICT_OK);
	acc = emm_h_nas_idx(h, EMM_MSG_DETACH_ACCEPT);
	r = emm_h_find(h, EMM_ACT_SEND_RELEASE);
	rel = r < 0 ? NULL : &h->out.a[r];
	tap_result(acc >= 0 && rel && acc < r && h->out.a[acc].nas.sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED &&
		   rel->s1_cause.group == EMM_S1_CAUSE_NAS && rel->s1_cause.value == EMM_S1_NAS_DETACH,
		   "a normal DETACH REQUEST gets a protected DETACH ACCEPT, then a release with cause detach");
	tap_result(h->ue.state == EMM_DEREGISTERED && h->ips_out == 0 &&
		   h->ctr.c[EMM_C_DETACH_UE] == 1,
		   "the UE is EMM-DEREGISTERED and its address is back in the pool");
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	tap_result(emm_h_act(h, EMM_ACT_RELEASE_UE) && !emm_h_act(h, EMM_ACT_RELEASE_UE)->forget &&
		   (h->ue.flags & EMM_UE_F_CUR_CTX) && (h->ue.flags & EMM_UE_F_GUTI) &&
		   !(h->ue.flags & EMM_UE_F_CONNECTED) && !(h->ue.flags & EMM_UE_F_SECURE),
		   "after Release Complete a detached UE keeps its GUTI and security context");

	emm_h_init(h);
	emm_h_registered(h);
	detach(h, true, NASSEC_VERDICT_OK);
	tap_result(!emm_h_nas(h, EMM_MSG_DETACH_ACCEPT) && emm_h_act(h, EMM_ACT_SEND_RELEASE) &&
		   h->ue.state == EMM_DEREGISTERED,
		   "a switch-off DETACH REQUEST gets no accept, only the release (5.5.2.2.2)");
}

static void network_detach_with_t3422(void)
{
	struct emm_h *h = &H;
	const struct emm_nas_out *n;
	bool ok = true;

	emm_h_init(h);
	emm_h_registered(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_CLI_DETACH;
	h->ev.detach_type = 1;
	emm_h_step(h);
	n = emm_h_nas(h, EMM_MSG_DETACH_REQUEST);
	tap_result(n && n->detach_req.type == 1 && n->sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED &&
		   emm_h_timer_started(h, EMM_T3422, 6000) && h->ue.state == EMM_DEREG_INIT,
		   "a network detach sends DETACH REQUEST, starts T3422, EMM-DEREGISTERED-INITIATED");
	emm_h_nas_ev(h, EMM_MSG_DETACH_ACCEPT, NASSEC_VERDICT_OK);
	emm_h_step(h);
	tap_result(emm_h_timer_stopped(h, EMM_T3422) && h->ue.state == EMM_DEREGISTERED &&
		   emm_h_act(h, EMM_ACT_SEND_RELEASE) && h->ips_out == 0 &&
		   h->ctr.c[EMM_C_DETACH_NW] == 1,
		   "DETACH ACCEPT stops T3422, deregisters and releases");

	emm_h_init(h);
	emm_h_registered(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_CLI_DETACH;
	h->ev.detach_type = 2;
	emm_h_step(h);
	for (int i = 0; i < 4; i++) {
		emm_h_expire(h);
		n = emm_h_nas(h, EMM_MSG_DETACH_REQUEST);
		ok &= n && n->detach_req.type == 2 && emm_h_timer_started(h, EMM_T3422, 0) &&
		      h->ue.state == EMM_DEREG_INIT;
	}
	tap_result(ok, "T3422 expiries 1-4 resend the DETACH REQUEST");
	emm_h_expire(h);
	tap_result(emm_h_nas_count(h) == 0 && h->ue.state == EMM_DEREGISTERED &&
		   emm_h_act(h, EMM_ACT_SEND_RELEASE) && h->ips_out == 0,
		   "the fifth T3422 expiry deregisters the UE anyway (5.5.2.3.4)");

	emm_h_init(h);
	emm_h_registered(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_CLI_DETACH;
	h->ev.detach_type = 1;
	emm_h_step(h);
	detach(h, false, NASSEC_VERDICT_OK);
	tap_result(emm_h_timer_stopped(h, EMM_T3422) && emm_h_nas(h, EMM_MSG_DETACH_ACCEPT) &&
		   h->ue.state == EMM_DEREGISTERED,
		   "a DETACH REQUEST from the UE during our detach is accepted (collision, 5.5.2.3.4)");

	emm_h_init(h);
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_CLI_DETACH;
	h->ev.detach_type = 1;
	emm_h_step(h);
	tap_result(emm_h_nas_count(h) == 0 && h->ue.state == EMM_DEREGISTERED && h->ips_out == 0,
		   "a network detach of an idle UE (no paging here) is local");
}

static void network_detach_outside_registration(void)
{
	struct emm_h *h = &H;

	emm_h_init(h);
	emm_h_to_smc(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_CLI_DETACH;
	h->ev.detach_type = 2;
	emm_h_step(h);
	tap_result(emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_ABORTED &&
		   emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && emm_h_act(h, EMM_ACT_SEND_RELEASE) &&
		   !emm_h_nas(h, EMM_MSG_DETACH_REQUEST),
		   "a network detach during an attach aborts it and releases the UE");

	emm_h_init(h);
	emm_h_simple(h, EMM_EV_CLI_DETACH);
	tap_result(h->out.n == 1 && emm_h_counted(h, EMM_C_DISCARD_UNEXPECTED),
		   "a network detach of a deregistered UE does nothing");
}

static void three_forms_of_release(void)
{
	struct emm_h *h = &H;
	const struct emm_action *rel;

	/* eNB-requested during SMC. */
	emm_h_init(h);
	emm_h_to_smc(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_RELEASE_REQUEST;
	h->ev.s1_cause.group = 0;
	h->ev.s1_cause.value = 20;	/* radioNetwork user-inactivity */
	emm_h_step(h);
	rel = emm_h_act(h, EMM_ACT_SEND_RELEASE);
	tap_result(rel && rel->s1_cause.group == 0 && rel->s1_cause.value == 20 &&
		   emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && emm_h_failed(h) &&
		   emm_h_failed(h)->fail.reason == EMM_FAIL_RELEASED && h->ue.timer == EMM_T_NONE,
		   "an eNB release request during SMC aborts the attach, drops the slot, echoes the cause");
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	tap_result(emm_h_act(h, EMM_ACT_RELEASE_UE) && emm_h_act(h, EMM_ACT_RELEASE_UE)->forget,
		   "a UE released before it had a context is forgotten");

	/* eNB-requested for a registered UE. */
	emm_h_init(h);
	emm_h_registered(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_RELEASE_REQUEST;
	emm_h_step(h);
	emm_h_simple(h, EMM_EV_RELEASE_COMPLETE);
	tap_result(h->ue.state == EMM_REGISTERED && (h->ue.flags & EMM_UE_F_CUR_CTX) &&
		   !(h->ue.flags & EMM_UE_F_SECURE) && h->ips_out == 1 &&
		   !emm_h_act(h, EMM_ACT_RELEASE_UE)->forget,
		   "a released registered UE stays registered with its context and address");

	/* MME-initiated (CLI). */
	emm_h_init(h);
	emm_h_registered(h);
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	rel = emm_h_act(h, EMM_ACT_SEND_RELEASE);
	tap_result(rel && rel->s1_cause.group == EMM_S1_CAUSE_NAS &&
		   rel->s1_cause.value == EMM_S1_NAS_NORMAL && h->ue.sub == EMM_S_RELEASING,
		   "an MME-initiated release sends the command with NAS normal-release");
	emm_h_simple(h, EMM_EV_CLI_RELEASE);
	tap_result(!emm_h_act(h, EMM_ACT_SEND_RELEASE), "a second release while releasing sends nothing");
	detach(h, false, NASSEC_VERDICT_OK);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_UNEXPECTED) && emm_h_nas_count(h) == 0 &&
		   h->ue.state == EMM_REGISTERED,
		   "a NAS message on a connection being released is dropped");
	emm_h_attach(h);
	tap_result(emm_h_act(h, EMM_ACT_AKA_GET_VECTOR) && (h->ue.flags & EMM_UE_F_CONNECTED) &&
		   !(h->ue.flags & EMM_UE_F_SECURE),
		   "a new connection (Initial UE Message) serves the next ATTACH REQUEST");

	/* Association lost. */
	emm_h_init(h);
	emm_h_to_smc(h);
	emm_h_simple(h, EMM_EV_LINK_LOST);
	tap_result(!emm_h_act(h, EMM_ACT_SEND_RELEASE) && emm_h_act(h, EMM_ACT_RELEASE_UE) &&
		   emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && emm_h_failed(h) &&
		   !(h->ue.flags & EMM_UE_F_CONNECTED),
		   "a lost association ends the connection without a command and aborts the attach");

	/* Network detach interrupted by the eNB. */
	emm_h_init(h);
	emm_h_registered(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_CLI_DETACH;
	h->ev.detach_type = 1;
	emm_h_step(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_RELEASE_REQUEST;
	emm_h_step(h);
	tap_result(h->ue.state == EMM_DEREGISTERED && emm_h_timer_stopped(h, EMM_T3422),
		   "a release during our detach completes the detach locally (5.5.2.3.4)");
}

static void edges_and_stale_events(void)
{
	struct emm_h *h = &H;

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_TIMER;
	h->ev.timer = EMM_T3460;
	h->now += 10;		/* earlier than the deadline */
	emm_h_step(h);
	tap_result(emm_h_nas_count(h) == 0 && emm_h_counted(h, EMM_C_DISCARD_STALE_TIMER),
		   "an early timer event is ignored");
	h->ev.timer = EMM_T3450;
	h->now = h->ue.deadline_ms;
	emm_h_step(h);
	tap_result(emm_h_nas_count(h) == 0 && emm_h_counted(h, EMM_C_DISCARD_STALE_TIMER),
		   "an expiry of a timer that is not running is ignored");
	emm_h_vector(h);
	tap_result(emm_h_counted(h, EMM_C_DISCARD_UNEXPECTED) && emm_h_nas_count(h) == 0,
		   "a vector nobody waits for is ignored");

	emm_h_init(h);
	emm_h_attach(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_ACTION_FAILED;
	h->ev.failed = EMM_ACT_KCTX_LOAD_NEW;
	emm_h_step(h);
	tap_result(emm_h_failed(h) && emm_h_failed(h)->fail.reason == EMM_FAIL_ACTION &&
		   !emm_h_act(h, EMM_ACT_KCTX_DROP_NEW) && emm_h_act(h, EMM_ACT_SEND_RELEASE),
		   "a slot that failed to load aborts the attach (nothing to drop) and releases");

	emm_h_init(h);
	emm_h_registered(h);
	tap_result(!h->out.overflow, "no step needed more actions than the list holds");
	emm_actions_clear(&h->out);
	tap_result(h->out.n == 0, "emm_actions_clear empties the list");
}

static void counters_have_names(void)
{
	bool ok = true;

	for (unsigned int i = 0; i < __EMM_C_MAX; i++)
		ok &= strcmp(emm_counter_name(i), "?") != 0;
	for (unsigned int i = 0; i < __EMM_FAIL_MAX; i++)
		ok &= strcmp(emm_fail_name(i), "?") != 0;
	tap_result(ok && !strcmp(emm_state_name(EMM_REGISTERED), "EMM-REGISTERED") &&
		   !strcmp(emm_sub_name(EMM_S_SMC), "security-mode"),
		   "every counter, failure reason, state and sub-state has a name");
}

int main(void)
{
	ue_detach_normal_and_switch_off();
	network_detach_with_t3422();
	network_detach_outside_registration();
	three_forms_of_release();
	edges_and_stale_events();
	counters_have_names();
	return tap_finish();
}
