// SPDX-License-Identifier: GPL-2.0
/* Attach (TS 24.301 5.5.1) and identification (5.4.4), the network side. */
#include <string.h>
#include <strings.h>

#include "emm_int.h"

#define ATTACH_TRANSIENT_FLAGS (EMM_UE_F_IMSI_BY_GUTI | EMM_UE_F_RES_BAD | \
				EMM_UE_F_INIT_VERIFIED | EMM_UE_F_ESM_INFO | \
				EMM_UE_F_IMEISV_REQ | EMM_UE_F_APN_BAD)

static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 16777619U;
	return h;
}

/* 5.5.1.2.7 d/e compare a repeated ATTACH REQUEST's IEs with the running one's. */
static uint32_t attach_fingerprint(const struct emm_attach_req *r)
{
	uint32_t h = 2166136261U;

	h = fnv(h, &r->attach_type, 1);
	h = fnv(h, &r->ksi, 1);
	h = fnv(h, &r->id.type, 1);
	if (r->id.type == EMM_ID_GUTI) {
		h = fnv(h, r->id.guti.plmn, 3);
		h = fnv(h, &r->id.guti.mmegi, 2);
		h = fnv(h, &r->id.guti.mmec, 1);
		h = fnv(h, &r->id.guti.mtmsi, 4);
	} else {
		h = fnv(h, r->id.imsi, strnlen(r->id.imsi, EMM_IMSI_MAX));
	}
	h = fnv(h, &r->net_cap_len, 1);
	h = fnv(h, r->net_cap, r->net_cap_len < EMM_UE_NET_CAP_MAX ?
		r->net_cap_len : EMM_UE_NET_CAP_MAX);
	h = fnv(h, &r->has_gea, 1);
	h = fnv(h, &r->gea, 1);
	h = fnv(h, &r->pdn.pti, 1);
	h = fnv(h, &r->pdn.pdn_type, 1);
	h = fnv(h, &r->pdn.esm_info_transfer, 1);
	return h;
}

static bool guti_eq(const struct emm_guti *a, const struct emm_guti *b)
{
	return !memcmp(a->plmn, b->plmn, 3) && a->mmegi == b->mmegi && a->mmec == b->mmec &&
	       a->mtmsi == b->mtmsi;
}

/* APN labels compare without regard to case (TS 23.003 9.1). */
static bool apn_served(const struct emm_config *cfg, const char *apn)
{
	return cfg->apn && !strcasecmp(cfg->apn, apn);
}

void emm_attach_fail(struct emm_step_ctx *c, uint8_t reason, uint8_t cause)
{
	struct emm_ue *ue = c->ue;
	struct emm_action *a;

	if (ue->proc != EMM_P_ATTACH)
		return;
	emm_timer_stop(c);
	emm_drop_new_slot(c);
	emm_wipe_vector(ue);
	emm_free_pdn(c);
	ue->flags &= ~ATTACH_TRANSIENT_FLAGS;
	ue->proc = EMM_P_NONE;
	ue->sub = EMM_S_IDLE;
	ue->state = EMM_DEREGISTERED;
	ue->attach_fp = 0;
	a = emm_emit(c, EMM_ACT_ATTACH_FAILED);
	a->fail.reason = reason;
	a->fail.cause = cause;
}

/*
 * TS 24.301 5.5.1.2.5: ATTACH REJECT (with a PDN CONNECTIVITY REJECT for
 * #19), then the release; sent protected only if secure exchange exists.
 */
void emm_attach_reject(struct emm_step_ctx *c, uint8_t cause, uint8_t esm_cause)
{
	struct emm_nas_out *nas = emm_send(c, EMM_MSG_ATTACH_REJECT);

	nas->reject.cause = cause;
	nas->reject.pti = c->ue->pti;
	nas->reject.esm_cause = esm_cause;
	emm_attach_fail(c, EMM_FAIL_REJECTED, cause);
	emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_NORMAL);
}

static void send_identity_request(struct emm_step_ctx *c)
{
	emm_send(c, EMM_MSG_IDENTITY_REQUEST)->id_type = EMM_ID_IMSI;
}

/* TS 24.301 5.4.4.2: IDENTITY REQUEST for the IMSI, T3470. */
void emm_identity_start(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;

	emm_wipe_vector(ue);
	send_identity_request(c);
	emm_timer_start(c, EMM_T3470);
	ue->state = EMM_COMMON_PROC_INIT;
	ue->sub = EMM_S_IDENTITY;
	emm_count(c, EMM_C_IDENTITY_SENT);
}

/* The PDN CONNECTIVITY REQUEST's part of an ATTACH REQUEST (5.5.1.2.2). */
static void take_pdn_request(struct emm_step_ctx *c, const struct emm_attach_req *r)
{
	struct emm_ue *ue = c->ue;

	ue->pti = r->pdn.pti;
	ue->pdn_type = r->pdn.pdn_type;
	if (r->pdn.esm_info_transfer)
		ue->flags |= EMM_UE_F_ESM_INFO;
	if (r->pdn.has_apn && !apn_served(c->cfg, r->pdn.apn))
		ue->flags |= EMM_UE_F_APN_BAD;
}

static void begin_attach(struct emm_step_ctx *c, const struct emm_nas_in *m, uint32_t fp)
{
	struct emm_ue *ue = c->ue;
	const struct emm_attach_req *r = &m->attach;

	ue->proc = EMM_P_ATTACH;
	ue->sub = EMM_S_IDLE;
	ue->attach_fp = fp;
	ue->resyncs = 0;
	ue->flags &= ~ATTACH_TRANSIENT_FLAGS;
	if (m->verdict == NASSEC_VERDICT_OK)
		ue->flags |= EMM_UE_F_INIT_VERIFIED;
	take_pdn_request(c, r);
}

/*
 * TS 24.301 5.4.3.4: a SECURITY MODE COMPLETE with the Replayed NAS
 * message container: the attach goes on with the ATTACH REQUEST in it,
 * which the UE sent and protected, not with the one that reached us
 * (its HashMME did not match, so something on the way changed it).
 */
void emm_attach_replayed(struct emm_step_ctx *c, const struct emm_attach_req *r)
{
	struct emm_ue *ue = c->ue;

	if (ue->proc != EMM_P_ATTACH)
		return;
	ue->flags &= ~(EMM_UE_F_ESM_INFO | EMM_UE_F_APN_BAD);
	take_pdn_request(c, r);
	ue->attach_fp = attach_fingerprint(r);
	emm_count(c, EMM_C_ATTACH_REPLAYED);
}

static void fill_accept(struct emm_step_ctx *c, struct emm_attach_accept *acc)
{
	const struct emm_ue *ue = c->ue;

	acc->guti = ue->guti;
	acc->t3412_s = c->cfg->t3412_s;
	acc->ipv4 = ue->ipv4;
	acc->pti = ue->pti;
	acc->ebi = EMM_EBI_DEFAULT;
	acc->pdn_type = EMM_PDN_IPV4;
	/* TS 24.301 6.5.1.3: IPv4v6 asked, IPv4 given: say why with #50. */
	acc->esm_cause = ue->pdn_type == EMM_PDN_IPV4V6 ? EMM_ESM_PDN_IPV4_ONLY : 0;
	acc->qci = c->cfg->qci;
	acc->apn = c->cfg->apn;
}

static void resend_accept(struct emm_step_ctx *c)
{
	struct emm_nas_out *nas = emm_send(c, EMM_MSG_ATTACH_ACCEPT);

	/* Only ever sent under a current context (after SMC or a verified GUTI). */
	nas->sec_hdr = NASSEC_SHT_INTEGRITY_CIPHERED;
	fill_accept(c, &nas->accept);
}

/*
 * TS 24.301 5.5.1.2.4: ATTACH ACCEPT with the default bearer's ACTIVATE
 * DEFAULT EPS BEARER CONTEXT REQUEST inside the S1AP Initial Context
 * Setup Request, whose KeNB the kernel derives (TS 33.401 A.3) from the
 * uplink NAS COUNT of the last uplink NAS message it verified (7.2.6.1:
 * the UE uses the COUNT of its latest uplink message); then T3450.
 */
static void attach_accept(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;
	struct emm_action *a;

	if (ue->flags & EMM_UE_F_APN_BAD) {
		emm_attach_reject(c, EMM_CAUSE_ESM_FAILURE, EMM_ESM_UNKNOWN_APN);
		return;
	}
	if (ue->pdn_type == EMM_PDN_IPV6) {
		/* The pool is IPv4 (6.5.1.4: #50 PDN type IPv4 only allowed). */
		emm_attach_reject(c, EMM_CAUSE_ESM_FAILURE, EMM_ESM_PDN_IPV4_ONLY);
		return;
	}
	if (!(ue->flags & EMM_UE_F_PDN)) {
		if (!c->env->alloc_ipv4 || c->env->alloc_ipv4(c->env->arg, &ue->ipv4) < 0) {
			emm_attach_reject(c, EMM_CAUSE_ESM_FAILURE,
					  EMM_ESM_INSUFFICIENT_RESOURCES);
			return;
		}
		ue->flags |= EMM_UE_F_PDN;
	}
	/* 5.5.1.2.4: a new GUTI from the served GUMMEI and a fresh M-TMSI. */
	ue->guti = c->cfg->gummei;
	ue->guti.mtmsi = c->env->alloc_mtmsi ? c->env->alloc_mtmsi(c->env->arg) : 0;
	ue->flags |= EMM_UE_F_GUTI;
	emm_emit(c, EMM_ACT_KCTX_DERIVE_KENB)->ul_count = ue->kenb_ul_count;
	a = emm_emit(c, EMM_ACT_SEND_ICS);
	fill_accept(c, &a->accept);
	emm_timer_start(c, EMM_T3450);
	ue->state = EMM_DEREGISTERED;
	ue->sub = EMM_S_ACCEPT;
}

/* TS 24.301 6.6.1.2: ESM INFORMATION REQUEST when the UE set the transfer flag. */
static void send_esm_info_request(struct emm_step_ctx *c)
{
	struct emm_nas_out *nas = emm_send(c, EMM_MSG_ESM_INFO_REQUEST);

	nas->pti = c->ue->pti;
}

void emm_attach_security_done(struct emm_step_ctx *c)
{
	struct emm_ue *ue = c->ue;

	if (ue->flags & EMM_UE_F_ESM_INFO) {
		send_esm_info_request(c);
		emm_timer_start(c, EMM_T3489);
		ue->sub = EMM_S_ESM_INFO;
		emm_count(c, EMM_C_ESM_INFO_SENT);
		return;
	}
	attach_accept(c);
}

void emm_attach_esm_info(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;

	if (m->esm_info_rsp.pti != ue->pti) {
		emm_count(c, EMM_C_DISCARD_UNEXPECTED);
		return;
	}
	emm_timer_stop(c);
	if (m->esm_info_rsp.has_apn && !apn_served(c->cfg, m->esm_info_rsp.apn))
		ue->flags |= EMM_UE_F_APN_BAD;
	attach_accept(c);
}

/* TS 24.301 5.5.1.2.4: ATTACH COMPLETE: stop T3450, EMM-REGISTERED. */
void emm_attach_complete(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;

	emm_timer_stop(c);
	if (!m->attach_complete.bearer_accepted) {
		/* No default bearer, no EPS service: the attach failed after all. */
		emm_attach_fail(c, EMM_FAIL_ESM, 0);
		emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_NORMAL);
		return;
	}
	ue->flags &= ~ATTACH_TRANSIENT_FLAGS;
	ue->state = EMM_REGISTERED;
	ue->proc = EMM_P_NONE;
	ue->sub = EMM_S_IDLE;
	ue->attach_fp = 0;
	emm_emit(c, EMM_ACT_ATTACH_DONE);
}

void emm_attach_identity(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;
	const char *imsi = m->identity.imsi;
	bool same, res_bad;

	if (m->identity.type != EMM_ID_IMSI || !imsi[0]) {
		/* Not what we asked for: T3470 goes on and repeats the request. */
		emm_count(c, EMM_C_DISCARD_UNEXPECTED);
		return;
	}
	emm_timer_stop(c);
	same = (ue->flags & EMM_UE_F_IMSI) && !strncmp(ue->imsi, imsi, EMM_IMSI_MAX);
	res_bad = ue->flags & EMM_UE_F_RES_BAD;
	ue->flags &= ~(EMM_UE_F_RES_BAD | EMM_UE_F_IMSI_BY_GUTI);
	/*
	 * TS 24.301 5.4.2.5: after a wrong RES, the same IMSI as the one the
	 * GUTI gave means the UE is not that subscriber: AUTHENTICATION
	 * REJECT; another IMSI is authenticated afresh.
	 */
	if (res_bad && same) {
		emm_auth_reject(c);
		return;
	}
	strncpy(ue->imsi, imsi, EMM_IMSI_MAX);
	ue->imsi[EMM_IMSI_MAX] = 0;
	ue->flags |= EMM_UE_F_IMSI;
	emm_auth_start(c);
}

/*
 * TS 24.301 5.5.1.2.2-3: an ATTACH REQUEST with the IMSI is authenticated;
 * one with a GUTI we issued, verified by the kernel with the context we
 * share with that UE, may go on under that context (policy
 * reuse_verified_guti), or be authenticated with the IMSI we hold for the
 * GUTI; a GUTI we do not know or a failed check starts identification.
 */
void emm_attach_request(struct emm_step_ctx *c, const struct emm_nas_in *m)
{
	struct emm_ue *ue = c->ue;
	const struct emm_attach_req *r = &m->attach;
	uint32_t fp = attach_fingerprint(r);
	uint8_t cap[EMM_UE_SEC_CAP_MAX];
	unsigned int cap_len;
	bool same_cap, known, verified;

	emm_count(c, EMM_C_ATTACH_REQUEST);
	if (ue->proc == EMM_P_ATTACH) {
		if (fp == ue->attach_fp) {
			/*
			 * 5.5.1.2.7 d/e: the same request again. After ATTACH
			 * ACCEPT it is resent and T3450 restarted; before, the
			 * running attach simply goes on.
			 */
			if (ue->sub == EMM_S_ACCEPT) {
				resend_accept(c);
				emm_timer_start(c, EMM_T3450);
				return;
			}
			emm_count(c, EMM_C_DISCARD_UNEXPECTED);
			return;
		}
		/* 5.5.1.2.7 d/e: other IEs: abort the old attach, progress the new. */
		emm_attach_fail(c, EMM_FAIL_ABORTED, 0);
	} else if (ue->proc == EMM_P_DETACH_NW) {
		/* 5.5.2.3.4: an ATTACH REQUEST ends our detach; the attach goes on. */
		emm_abort_procedure(c, EMM_FAIL_ABORTED);
	}
	if (ue->state == EMM_REGISTERED) {
		/* 5.5.1.2.7 f: an attached UE attaches again: its bearer goes. */
		emm_free_pdn(c);
		ue->state = EMM_DEREGISTERED;
	}
	cap_len = emm_ue_sec_cap(r, cap);
	same_cap = cap_len == ue->ue_sec_cap_len && !memcmp(cap, ue->ue_sec_cap, cap_len);
	begin_attach(c, m, fp);
	if (cap_len < 2) {
		/* 24.301 9.9.3.34: the EEA and EIA octets are mandatory. */
		emm_attach_reject(c, EMM_CAUSE_INVALID_MANDATORY_INFO, 0);
		return;
	}
	memcpy(ue->ue_sec_cap, cap, cap_len);
	ue->ue_sec_cap_len = cap_len;
	verified = m->verdict == NASSEC_VERDICT_OK;

	switch (r->id.type) {
	case EMM_ID_IMSI:
		if (!r->id.imsi[0]) {
			emm_identity_start(c);
			return;
		}
		strncpy(ue->imsi, r->id.imsi, EMM_IMSI_MAX);
		ue->imsi[EMM_IMSI_MAX] = 0;
		ue->flags |= EMM_UE_F_IMSI;
		emm_auth_start(c);
		return;
	case EMM_ID_GUTI:
		known = (ue->flags & EMM_UE_F_GUTI) && (ue->flags & EMM_UE_F_IMSI) &&
			guti_eq(&r->id.guti, &ue->guti);
		if (known && verified && (ue->flags & EMM_UE_F_CUR_CTX) &&
		    c->cfg->reuse_verified_guti && r->ksi == ue->cur_ksi && same_cap) {
			/*
			 * The UE proved it holds our current context: no new
			 * AKA or SMC is needed (33.401 7.2.4.1), and its
			 * capabilities are the ones the context was set up
			 * with, so no bidding down can have happened.
			 */
			emm_count(c, EMM_C_GUTI_REUSED);
			emm_attach_security_done(c);
			return;
		}
		if (known && verified) {
			ue->flags |= EMM_UE_F_IMSI_BY_GUTI;
			emm_auth_start(c);
			return;
		}
		emm_identity_start(c);
		return;
	}
	emm_identity_start(c);
}

static void attach_timeout(struct emm_step_ctx *c)
{
	emm_count(c, EMM_C_TIMED_OUT);
	emm_attach_fail(c, EMM_FAIL_TIMEOUT, 0);
	emm_release(c, EMM_S1_CAUSE_NAS, EMM_S1_NAS_UNSPECIFIED);
}

void emm_attach_timer(struct emm_step_ctx *c)
{
	switch (c->ue->timer) {
	case EMM_T3470:
		/* 5.4.4.6 b: four retransmissions, abort on the fifth expiry. */
		if (emm_timer_exhausted(c, c->cfg->max_retx)) {
			attach_timeout(c);
			return;
		}
		send_identity_request(c);
		emm_count(c, EMM_C_IDENTITY_RETX);
		break;
	case EMM_T3489:
		/* 6.6.1.2.6: two retransmissions, then #53 in a PDN CONNECTIVITY REJECT. */
		if (emm_timer_exhausted(c, c->cfg->esm_info_retx)) {
			emm_count(c, EMM_C_TIMED_OUT);
			emm_attach_reject(c, EMM_CAUSE_ESM_FAILURE, EMM_ESM_INFO_NOT_RECEIVED);
			return;
		}
		send_esm_info_request(c);
		break;
	case EMM_T3450:
		/*
		 * 5.5.1.2.7 c: four retransmissions, abort on the fifth. The
		 * UE may hold the new GUTI, so we keep it and the context.
		 */
		if (emm_timer_exhausted(c, c->cfg->max_retx)) {
			attach_timeout(c);
			return;
		}
		resend_accept(c);
		emm_count(c, EMM_C_ACCEPT_RETX);
		break;
	default:
		return;
	}
	emm_timer_again(c);
}
