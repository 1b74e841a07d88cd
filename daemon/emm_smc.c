// SPDX-License-Identifier: GPL-2.0
/* NAS security mode control, the network side (TS 24.301 5.4.3, TS 33.401 7.2.4). */
#include "emm_int.h"

/* TS 24.301 9.9.3.36: bit 8 of the octet is algorithm 0, bit 1 algorithm 7. */
static uint8_t alg_mask(uint8_t octet)
{
	uint8_t m = 0;

	for (unsigned int alg = 0; alg < 8; alg++)
		if (octet & (0x80 >> alg))
			m |= 1U << alg;
	return m;
}

static void send_smc(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;
	struct emm_action *a = emm_emit(c, EMM_ACT_SEND_NAS);

	a->nas.msg_type = EMM_MSG_SMC;
	/* 24.301 4.4.5: the SMC is protected with the new context, not ciphered. */
	a->nas.sec_hdr = NASSEC_SHT_INTEGRITY_NEW_CTX;
	a->nas.smc.ksi = ue->new_ksi;
	a->nas.smc.eia = ue->new_eia;
	a->nas.smc.eea = ue->new_eea;
	a->nas.smc.ue_sec_cap_len = ue->ue_sec_cap_len;
	for (unsigned int i = 0; i < ue->ue_sec_cap_len; i++)
		a->nas.smc.ue_sec_cap[i] = ue->ue_sec_cap[i];
	a->nas.smc.imeisv_req = ue->flags & EMM_UE_F_IMEISV_REQ;
	/*
	 * 24.301 5.4.3.2: HashMME lets the UE check an initial message that
	 * went unprotected or failed its check; only when the operator asks
	 * for it (some UEs and eNBs refuse the IE).
	 */
	a->nas.smc.hash_mme = c->cfg->hash_mme && !(ue->flags & EMM_UE_F_INIT_VERIFIED);
	a->nas.smc.kasme = ue->kasme;
}

/*
 * TS 24.301 5.4.3.2 / TS 33.401 7.2.4.4: choose the algorithms, put the new
 * context into the kernel's new slot, then send the command under it
 * (security header type 3) and start T3460. No common integrity algorithm:
 * there is nothing the UE could accept, so the attach is rejected with #23
 * and no command goes out.
 */
void emm_smc_start(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;
	const struct emm_config *cfg = c->cfg;
	uint8_t ue_eea = ue->ue_sec_cap_len >= 2 ? alg_mask(ue->ue_sec_cap[0]) : 0;
	uint8_t ue_eia = ue->ue_sec_cap_len >= 2 ? alg_mask(ue->ue_sec_cap[1]) : 0;
	struct emm_action *a;
	int eia, eea;

	eia = emm_select_alg(cfg->eia_prio, cfg->n_eia, ue_eia, ue->allowed_eia, false);
	eea = emm_select_alg(cfg->eea_prio, cfg->n_eea, ue_eea, ue->allowed_eea, true);
	if (eia < 0 || eea < 0) {
		emm_attach_reject(c, EMM_CAUSE_UE_SEC_CAP_MISMATCH, 0);
		return;
	}
	ue->new_eia = eia;
	ue->new_eea = eea;
	a = emm_emit(c, EMM_ACT_KCTX_LOAD_NEW);
	a->slot.ksi = ue->new_ksi;
	a->slot.eia = eia;
	a->slot.eea = eea;
	a->slot.kasme = ue->kasme;
	ue->flags |= EMM_UE_F_NEW_SLOT;
	if (cfg->imeisv_request)
		ue->flags |= EMM_UE_F_IMEISV_REQ;
	else
		ue->flags &= ~EMM_UE_F_IMEISV_REQ;
	send_smc(c);
	emm_timer_start(c, EMM_T3460);
	ue->state = EMM_COMMON_PROC_INIT;
	ue->sub = EMM_S_SMC;
	emm_count(c, EMM_C_SMC_SENT);
}

/*
 * TS 24.301 5.4.3.4: a SECURITY MODE COMPLETE the kernel verified with the
 * new slot (header type 4) and promoted to current: stop T3460, the new
 * context is in use from now on. Anything else (another header type, a
 * failed check) was counted and is dropped; T3460 keeps running.
 */
void emm_smc_complete(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;

	if (m->sec_hdr != NASSEC_SHT_INTEGRITY_CIPHERED_NEW_CTX ||
	    m->verdict != NASSEC_VERDICT_OK || !m->promoted) {
		emm_count(c, EMM_C_DISCARD_UNEXPECTED);
		return;
	}
	emm_timer_stop(c);
	ue->flags |= EMM_UE_F_CUR_CTX | EMM_UE_F_SECURE;
	ue->flags &= ~EMM_UE_F_NEW_SLOT;
	ue->cur_ksi = ue->new_ksi;
	ue->eia = ue->new_eia;
	ue->eea = ue->new_eea;
	emm_wipe_vector(ue);
	emm_count(c, EMM_C_SMC_COMPLETE);
	/*
	 * 24.301 5.4.3.4: the UE includes its IMEISV when asked; one that
	 * did not is counted and the attach goes on (no cause is defined for
	 * the MME to reject it), an IMEISV we did not ask for is ignored.
	 */
	if (ue->flags & EMM_UE_F_IMEISV_REQ) {
		if (m->smc_complete.has_imeisv)
			emm_emit(c, EMM_ACT_STORE_IMEISV)->imeisv = m->smc_complete.imeisv;
		else
			emm_count(c, EMM_C_IMEISV_MISSING);
	}
	ue->flags &= ~EMM_UE_F_IMEISV_REQ;
	if (m->smc_complete.has_replayed_attach)
		emm_attach_replayed(c, &m->smc_complete.replayed_attach);
	ue->state = EMM_DEREGISTERED;
	emm_attach_security_done(c);
}

/*
 * TS 24.301 5.4.3.5: SECURITY MODE REJECT (#23 capability mismatch, #24
 * unspecified): stop T3460 and abort what started the procedure; both sides
 * go on with the context in use before, if any, so only the new slot goes.
 */
void emm_smc_reject(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	emm_timer_stop(c);
	emm_count(c, EMM_C_SMC_REJECTED);
	emm_drop_new_slot(c);
	emm_attach_fail(c, EMM_FAIL_SMC_REJECTED, m->smc_reject.cause);
	emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_UNSPECIFIED);
}

/*
 * TS 24.301 5.4.3.7 b: on each of the first four expiries of T3460 the
 * command goes again (a new NAS message: the kernel gives it the next DL
 * COUNT); on the fifth the procedure and the attach are aborted, the new
 * slot dropped and the UE released.
 */
void emm_smc_timer(struct emm_step_ctx *c)
{
	if (emm_timer_exhausted(c, c->cfg->max_retx)) {
		emm_count(c, EMM_C_SMC_TIMED_OUT);
		emm_count(c, EMM_C_TIMED_OUT);
		emm_drop_new_slot(c);
		emm_attach_fail(c, EMM_FAIL_TIMEOUT, 0);
		emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_UNSPECIFIED);
		return;
	}
	send_smc(c);
	emm_timer_again(c);
	emm_count(c, EMM_C_SMC_RETX);
}
