// SPDX-License-Identifier: GPL-2.0
/*
 * Random walks through the EMM machine against a model of the kernel's
 * slots, checking invariants after every step:
 * - the SECURITY MODE COMMAND (type 3) goes only with a loaded new slot,
 *   and no Initial Context Setup (new KeNB) while one is loaded (TS 33.401
 *   7.2.10 rules 1-2); type 1/2 messages only with a current context;
 * - EIA0 is never loaded;
 * - exactly the timer the UE believes runs is running at the edge;
 * - a waiting sub-state always has its timer; no address leaks;
 * - KASME exists in the UE only while a vector is in use;
 * - the action list never overflows.
 */
#include <stdlib.h>

#include "test_emm.h"

static struct emm_h H;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint8_t running_timer;
static char why[160];
static struct emm_counters ctr;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static bool kasme_zero(const struct emm_ue *ue)
{
	for (unsigned int i = 0; i < sizeof(ue->kasme); i++)
		if (ue->kasme[i])
			return false;
	return true;
}

/* Runs the actions against the model; false (and why) on a broken rule. */
static bool edge(struct emm_h *h)
{
	bool forget = false;

	if (h->out.overflow) {
		snprintf(why, sizeof(why), "action list overflow");
		return false;
	}
	for (unsigned int i = 0; i < h->out.n; i++) {
		const struct emm_action *a = &h->out.a[i];

		switch (a->type) {
		case EMM_ACT_KCTX_LOAD_NEW:
			if (a->slot.eia == 0) {
				snprintf(why, sizeof(why), "EIA0 loaded");
				return false;
			}
			h->kernel_new = true;
			break;
		case EMM_ACT_KCTX_DROP_NEW:
			h->kernel_new = false;
			break;
		case EMM_ACT_SEND_NAS:
			if (a->nas.sec_hdr == NASSEC_SHT_INTEGRITY_NEW_CTX &&
			    (a->nas.msg_type != EMM_MSG_SMC || !h->kernel_new)) {
				snprintf(why, sizeof(why), "type 3 without a new slot (msg %#x)",
					 a->nas.msg_type);
				return false;
			}
			if (a->nas.msg_type == EMM_MSG_SMC &&
			    a->nas.sec_hdr != NASSEC_SHT_INTEGRITY_NEW_CTX) {
				snprintf(why, sizeof(why), "SMC not type 3");
				return false;
			}
			if (a->nas.sec_hdr == NASSEC_SHT_INTEGRITY_CIPHERED && !h->kernel_cur) {
				snprintf(why, sizeof(why), "type 2 without a current context (msg %#x)",
					 a->nas.msg_type);
				return false;
			}
			break;
		case EMM_ACT_SEND_ICS:
			if (h->kernel_new || !h->kernel_cur) {
				snprintf(why, sizeof(why), "ICS during SMC or without a context");
				return false;
			}
			break;
		case EMM_ACT_TIMER_START:
			running_timer = a->timer.id;
			break;
		case EMM_ACT_TIMER_STOP:
			if (a->timer.id != running_timer) {
				snprintf(why, sizeof(why), "stop of timer %u while %u runs", a->timer.id,
					 running_timer);
				return false;
			}
			running_timer = EMM_T_NONE;
			break;
		case EMM_ACT_PDN_FREE:
			h->ips_out--;
			break;
		case EMM_ACT_ATTACH_DONE:
			if (!h->kernel_cur) {
				snprintf(why, sizeof(why), "registered without a context");
				return false;
			}
			break;
		case EMM_ACT_RELEASE_UE:
			forget = a->forget;
			break;
		}
	}
	if (running_timer != h->ue.timer) {
		snprintf(why, sizeof(why), "edge runs timer %u, UE thinks %u", running_timer,
			 h->ue.timer);
		return false;
	}
	switch (h->ue.sub) {
	case EMM_S_IDENTITY:
	case EMM_S_AUTH:
	case EMM_S_SMC:
	case EMM_S_ESM_INFO:
	case EMM_S_ACCEPT:
	case EMM_S_DETACH:
		if (!h->ue.timer) {
			snprintf(why, sizeof(why), "sub-state %s without a timer",
				 emm_sub_name(h->ue.sub));
			return false;
		}
		break;
	}
	if (h->ips_out != !!(h->ue.flags & EMM_UE_F_PDN) ||
	    (h->ue.state == EMM_REGISTERED && !(h->ue.flags & EMM_UE_F_PDN))) {
		snprintf(why, sizeof(why), "address leak or loss (%u out)", h->ips_out);
		return false;
	}
	if (!(h->ue.flags & EMM_UE_F_VECTOR) && !kasme_zero(&h->ue)) {
		snprintf(why, sizeof(why), "KASME kept without a vector in use");
		return false;
	}
	if (!!(h->ue.flags & EMM_UE_F_NEW_SLOT) != h->kernel_new) {
		snprintf(why, sizeof(why), "UE and kernel disagree about the new slot");
		return false;
	}
	if (forget) {
		/* The edge deletes the kernel context and the UE. */
		emm_ue_init(&h->ue);
		h->kernel_cur = false;
		h->kernel_new = false;
	}
	return true;
}

static uint8_t pick_verdict(struct emm_h *h)
{
	static const uint8_t bad[] = { NASSEC_VERDICT_PLAIN, NASSEC_VERDICT_MAC_FAIL,
				       NASSEC_VERDICT_REPLAY, NASSEC_VERDICT_NO_CONTEXT };

	if (h->kernel_cur && rnd(3))
		return NASSEC_VERDICT_OK;
	return bad[rnd(4)];
}

/* The event the running procedure waits for, so walks get far. */
static uint32_t expected(const struct emm_h *h)
{
	switch (h->ue.sub) {
	case EMM_S_AKA_VECTOR:
		return 2;
	case EMM_S_AUTH:
		return 3;
	case EMM_S_SMC:
		return rnd(3) ? 6 : 15;	/* sometimes the UE stays silent */
	case EMM_S_ESM_INFO:
		return 9;
	case EMM_S_ACCEPT:
		return 10;
	case EMM_S_IDENTITY:
		return 14;
	case EMM_S_RELEASING:
		return 18;
	}
	return h->ue.state == EMM_REGISTERED ? 12 + rnd(8) : 0;
}

static void random_event(struct emm_h *h)
{
	struct emm_nas_in *m;
	uint32_t k = rnd(2) ? expected(h) : rnd(22);

	h->now += rnd(3000);
	switch (k) {
	case 0:
	case 1:
		emm_h_attach_ev(h, pick_verdict(h));
		if (rnd(2)) {
			h->ev.nas.attach.id.type = EMM_ID_GUTI;
			h->ev.nas.attach.id.guti = h->ue.guti;
			h->ev.nas.attach.ksi = h->ue.cur_ksi;
		}
		h->ev.nas.initial = rnd(2);
		h->ev.nas.attach.pdn.esm_info_transfer = rnd(2);
		h->ev.nas.attach.pdn.pdn_type = 1 + rnd(3);
		if (!rnd(8))
			h->ev.nas.attach.net_cap[1] = 0x80;
		break;
	case 2:
		emm_h_vec_ev(h)->result = rnd(6) ? EMM_AKA_OK : 1 + rnd(4);
		h->ev.vec.allowed_eia = rnd(4) ? 0 : rnd(256);
		break;
	case 3:
	case 4:
		m = emm_h_nas_ev(h, EMM_MSG_AUTH_RESPONSE, pick_verdict(h));
		memcpy(m->auth_rsp.res, h->xres, sizeof(h->xres));
		m->auth_rsp.res_len = sizeof(h->xres);
		if (!rnd(4))
			m->auth_rsp.res[0] ^= 1;
		break;
	case 5:
		m = emm_h_nas_ev(h, EMM_MSG_AUTH_FAILURE, pick_verdict(h));
		m->auth_fail.cause = (uint8_t[]){ 20, 21, 26, 99 }[rnd(4)];
		m->auth_fail.has_auts = rnd(4);
		break;
	case 6:
	case 7:
		m = emm_h_smc_complete_ev(h);
		if (h->kernel_new && rnd(4)) {
			/* The kernel verified it with the new slot and promoted it. */
			h->kernel_new = false;
			h->kernel_cur = true;
		} else {
			m->verdict = pick_verdict(h);
			m->promoted = false;
			if (m->verdict == NASSEC_VERDICT_OK)
				m->sec_hdr = NASSEC_SHT_INTEGRITY_CIPHERED;
		}
		m->smc_complete.has_imeisv = rnd(2);
		strcpy(m->smc_complete.imeisv, TEST_IMEISV);
		break;
	case 8:
		m = emm_h_nas_ev(h, EMM_MSG_SMC_REJECT, pick_verdict(h));
		m->smc_reject.cause = 23 + rnd(2);
		break;
	case 9:
		m = emm_h_nas_ev(h, EMM_MSG_ESM_INFO_RESPONSE, pick_verdict(h));
		m->esm_info_rsp.pti = rnd(4) ? 7 : 3;
		m->esm_info_rsp.has_apn = rnd(2);
		strcpy(m->esm_info_rsp.apn, rnd(4) ? "internet" : "other");
		break;
	case 10:
	case 11:
		m = emm_h_nas_ev(h, EMM_MSG_ATTACH_COMPLETE, pick_verdict(h));
		m->attach_complete.bearer_accepted = rnd(8);
		break;
	case 12:
		m = emm_h_nas_ev(h, EMM_MSG_DETACH_REQUEST, pick_verdict(h));
		m->initial = !rnd(4);
		m->detach_req.switch_off = rnd(2);
		break;
	case 13:
		emm_h_nas_ev(h, EMM_MSG_DETACH_ACCEPT, pick_verdict(h));
		break;
	case 14:
		m = emm_h_nas_ev(h, EMM_MSG_IDENTITY_RESPONSE, pick_verdict(h));
		m->identity.type = rnd(4) ? EMM_ID_IMSI : EMM_ID_IMEI;
		strcpy(m->identity.imsi, rnd(2) ? TEST_IMSI : TEST_IMSI2);
		break;
	case 15:
	case 16:
	case 17:
		memset(&h->ev, 0, sizeof(h->ev));
		h->ev.type = EMM_EV_TIMER;
		h->ev.timer = rnd(4) ? h->ue.timer : rnd(__EMM_T_MAX);
		if (rnd(4))
			h->now = h->ue.deadline_ms > h->now ? h->ue.deadline_ms : h->now;
		break;
	case 18:
		memset(&h->ev, 0, sizeof(h->ev));
		h->ev.type = (uint8_t[]){ EMM_EV_RELEASE_REQUEST, EMM_EV_RELEASE_COMPLETE,
					  EMM_EV_LINK_LOST, EMM_EV_CLI_RELEASE,
					  EMM_EV_ICS_FAILURE, EMM_EV_ICS_RESPONSE }[rnd(6)];
		break;
	case 19:
		memset(&h->ev, 0, sizeof(h->ev));
		h->ev.type = EMM_EV_CLI_DETACH;
		h->ev.detach_type = 1 + rnd(2);
		break;
	case 20:
		memset(&h->ev, 0, sizeof(h->ev));
		h->ev.type = EMM_EV_ACTION_FAILED;
		h->ev.failed = 1 + rnd(EMM_ACT_RELEASE_UE);
		if (h->ev.failed == EMM_ACT_KCTX_LOAD_NEW)
			h->kernel_new = false;	/* it failed: nothing was loaded */
		break;
	default:
		emm_h_nas_ev(h, (uint8_t[]){ EMM_MSG_TAU_REQUEST, EMM_MSG_EMM_STATUS, 0x00,
					     EMM_MSG_SMC }[rnd(4)], pick_verdict(h));
		break;
	}
	/* What the kernel would say to protected traffic with no context at all. */
	if (h->ev.type == EMM_EV_NAS && h->ev.nas.verdict == NASSEC_VERDICT_OK &&
	    !h->kernel_cur && !h->ev.nas.promoted)
		h->ev.nas.verdict = NASSEC_VERDICT_NO_CONTEXT;
}

int main(int argc, char **argv)
{
	struct emm_h *h = &H;
	unsigned long steps = argc > 1 ? strtoul(argv[1], NULL, 0) : 300000;
	unsigned long walks = 0, done = 0;
	bool ok = true;

	if (argc > 2)
		rng = strtoull(argv[2], NULL, 0) | 1;

	emm_h_init(h);
	for (unsigned long i = 0; i < steps && ok; i++) {
		if (!rnd(400)) {
			/* A fresh UE now and then, so walks start from scratch too. */
			emm_h_init(h);
			running_timer = EMM_T_NONE;
			walks++;
		}
		random_event(h);
		emm_step(&h->env, &h->ue, &h->ev, h->now, &h->out);
		emm_counters_apply(&ctr, &h->out);
		ok = edge(h);
		if (!ok) {
			tap_diag("step %lu: event %u: %s (state %s, sub %s)", i, h->ev.type, why,
				 emm_state_name(h->ue.state), emm_sub_name(h->ue.sub));
			emm_h_dump(h);
		}
		done += emm_h_act(h, EMM_ACT_ATTACH_DONE) != NULL;
	}
	tap_diag("%lu steps, %lu fresh UEs, %lu attaches completed, %llu SMCs, %llu SMC rejects, "
		 "%llu SMC timeouts, %llu discarded plain", steps, walks, done,
		 (unsigned long long)ctr.c[EMM_C_SMC_SENT],
		 (unsigned long long)ctr.c[EMM_C_SMC_REJECTED],
		 (unsigned long long)ctr.c[EMM_C_SMC_TIMED_OUT],
		 (unsigned long long)ctr.c[EMM_C_DISCARD_PLAIN]);
	tap_result(ok, "random event sequences keep every invariant (slots, timers, addresses, keys)");
	tap_result(done > 100 && ctr.c[EMM_C_SMC_REJECTED] > 0 && ctr.c[EMM_C_SMC_TIMED_OUT] > 0,
		   "the walks reach registration, SMC reject and SMC timeout");
	return tap_finish();
}
