/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host harness for the EMM state machines: one UE, a fake clock, counting
 * allocators and event builders; every step's actions are kept for the
 * checks and summed into an MME's counters.
 */
#ifndef NASSEC_TEST_EMM_H
#define NASSEC_TEST_EMM_H

#include <stdio.h>
#include <string.h>

#include "emm.h"
#include "tap.h"

#define TEST_IMSI	"001010123456789"
#define TEST_IMSI2	"001010000000002"
#define TEST_IMEISV	"3534900698733190"

struct emm_h {
	struct emm_config cfg;
	struct emm_env env;
	struct emm_ue ue;
	struct emm_actions out;
	struct emm_counters ctr;
	struct emm_event ev;
	uint64_t now;
	uint32_t next_mtmsi;
	uint32_t next_ip;
	unsigned int ips_out;		/* allocated minus freed */
	bool pool_empty;
	bool kernel_new;		/* the fake kernel's new slot is loaded */
	bool kernel_cur;		/* ... its current slot */
	uint8_t kernel_cur_ksi;
	uint8_t xres[8];
};

static inline uint32_t emm_h_mtmsi(void *arg)
{
	struct emm_h *h = arg;

	return h->next_mtmsi++;
}

static inline int emm_h_ipv4(void *arg, uint32_t *ip)
{
	struct emm_h *h = arg;

	if (h->pool_empty)
		return -1;
	*ip = h->next_ip++;
	h->ips_out++;
	return 0;
}

static inline void emm_h_init(struct emm_h *h)
{
	static const uint8_t plmn[3] = { 0x00, 0xf1, 0x10 };

	memset(h, 0, sizeof(*h));
	emm_config_defaults(&h->cfg);
	memcpy(h->cfg.gummei.plmn, plmn, 3);
	h->cfg.gummei.mmegi = 0x8001;
	h->cfg.gummei.mmec = 0x01;
	h->env.cfg = &h->cfg;
	h->env.alloc_mtmsi = emm_h_mtmsi;
	h->env.alloc_ipv4 = emm_h_ipv4;
	h->env.arg = h;
	h->next_mtmsi = 0xc0000001;
	h->next_ip = 0x0a2d0002;
	h->now = 1000000;
	for (unsigned int i = 0; i < sizeof(h->xres); i++)
		h->xres[i] = 0xa0 + i;
	emm_ue_init(&h->ue);
}

/* The fake edge: keep the kernel's slot state as the actions say. */
static inline void emm_h_edge(struct emm_h *h)
{
	for (unsigned int i = 0; i < h->out.n; i++) {
		const struct emm_action *a = &h->out.a[i];

		switch (a->type) {
		case EMM_ACT_KCTX_LOAD_NEW:
			h->kernel_new = true;
			break;
		case EMM_ACT_KCTX_DROP_NEW:
			h->kernel_new = false;
			break;
		case EMM_ACT_PDN_FREE:
			h->ips_out--;
			break;
		}
	}
}

static inline void emm_h_step(struct emm_h *h)
{
	emm_step(&h->env, &h->ue, &h->ev, h->now, &h->out);
	emm_counters_apply(&h->ctr, &h->out);
	emm_h_edge(h);
}

static inline int emm_h_find_from(const struct emm_h *h, unsigned int from, uint8_t type)
{
	for (unsigned int i = from; i < h->out.n; i++)
		if (h->out.a[i].type == type)
			return i;
	return -1;
}

static inline int emm_h_find(const struct emm_h *h, uint8_t type)
{
	return emm_h_find_from(h, 0, type);
}

static inline const struct emm_action *emm_h_act(const struct emm_h *h, uint8_t type)
{
	int i = emm_h_find(h, type);

	return i < 0 ? NULL : &h->out.a[i];
}

static inline int emm_h_nas_idx(const struct emm_h *h, uint8_t msg)
{
	for (unsigned int i = 0; i < h->out.n; i++)
		if (h->out.a[i].type == EMM_ACT_SEND_NAS && h->out.a[i].nas.msg_type == msg)
			return i;
	return -1;
}

static inline const struct emm_nas_out *emm_h_nas(const struct emm_h *h, uint8_t msg)
{
	int i = emm_h_nas_idx(h, msg);

	return i < 0 ? NULL : &h->out.a[i].nas;
}

static inline unsigned int emm_h_nas_count(const struct emm_h *h)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < h->out.n; i++)
		n += h->out.a[i].type == EMM_ACT_SEND_NAS;
	return n;
}

static inline bool emm_h_counted(const struct emm_h *h, uint8_t ctr)
{
	for (unsigned int i = 0; i < h->out.n; i++)
		if (h->out.a[i].type == EMM_ACT_COUNTER && h->out.a[i].counter == ctr)
			return true;
	return false;
}

static inline bool emm_h_timer_started(const struct emm_h *h, uint8_t id, uint32_t ms)
{
	for (unsigned int i = 0; i < h->out.n; i++)
		if (h->out.a[i].type == EMM_ACT_TIMER_START && h->out.a[i].timer.id == id &&
		    (!ms || h->out.a[i].timer.ms == ms))
			return true;
	return false;
}

static inline bool emm_h_timer_stopped(const struct emm_h *h, uint8_t id)
{
	for (unsigned int i = 0; i < h->out.n; i++)
		if (h->out.a[i].type == EMM_ACT_TIMER_STOP && h->out.a[i].timer.id == id)
			return true;
	return false;
}

static inline const struct emm_action *emm_h_failed(const struct emm_h *h)
{
	return emm_h_act(h, EMM_ACT_ATTACH_FAILED);
}

/* ---- event builders ---- */

static inline struct emm_nas_in *emm_h_nas_ev(struct emm_h *h, uint8_t msg, uint8_t verdict)
{
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_NAS;
	h->ev.nas.msg_type = msg;
	h->ev.nas.verdict = verdict;
	h->ev.nas.sec_hdr = verdict == NASSEC_VERDICT_PLAIN ? NASSEC_SHT_PLAIN :
			    NASSEC_SHT_INTEGRITY_CIPHERED;
	return &h->ev.nas;
}

/* A UE with EEA0-3 / EIA1-3 (no EIA0), UMTS UEA0-2 / UIA1-2, UCS2 set. */
static inline struct emm_attach_req *emm_h_attach_ev(struct emm_h *h, uint8_t verdict)
{
	struct emm_nas_in *m = emm_h_nas_ev(h, EMM_MSG_ATTACH_REQUEST, verdict);
	struct emm_attach_req *r = &m->attach;

	m->initial = true;	/* an Initial UE Message, unless a test says otherwise */
	r->attach_type = 1;
	r->ksi = NASSEC_EKSI_NONE;
	r->id.type = EMM_ID_IMSI;
	strcpy(r->id.imsi, TEST_IMSI);
	r->net_cap[0] = 0xf0;	/* EEA0-3 */
	r->net_cap[1] = 0x70;	/* EIA1-3 */
	r->net_cap[2] = 0xe0;	/* UEA0-2 */
	r->net_cap[3] = 0xe0;	/* UCS2, UIA1-2 */
	r->net_cap_len = 4;
	r->pdn.pti = 7;
	r->pdn.pdn_type = EMM_PDN_IPV4;
	return r;
}

static inline void emm_h_attach(struct emm_h *h)
{
	emm_h_attach_ev(h, NASSEC_VERDICT_PLAIN);
	emm_h_step(h);
}

static inline struct emm_aka_vec *emm_h_vec_ev(struct emm_h *h)
{
	struct emm_aka_vec *v;

	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_AKA_VECTOR;
	v = &h->ev.vec;
	v->result = EMM_AKA_OK;
	memset(v->rand, 0x11, 16);
	memset(v->autn, 0x22, 16);
	memcpy(v->xres, h->xres, sizeof(h->xres));
	v->xres_len = sizeof(h->xres);
	memset(v->kasme, 0x33, sizeof(v->kasme));
	return v;
}

static inline void emm_h_vector(struct emm_h *h)
{
	emm_h_vec_ev(h);
	emm_h_step(h);
}

/* A well-behaved UE: protected once secure exchange exists on the connection. */
static inline uint8_t emm_h_ue_verdict(const struct emm_h *h)
{
	return (h->ue.flags & EMM_UE_F_SECURE) ? NASSEC_VERDICT_OK : NASSEC_VERDICT_PLAIN;
}

static inline void emm_h_auth_rsp(struct emm_h *h, bool good)
{
	struct emm_nas_in *m = emm_h_nas_ev(h, EMM_MSG_AUTH_RESPONSE, emm_h_ue_verdict(h));

	memcpy(m->auth_rsp.res, h->xres, sizeof(h->xres));
	m->auth_rsp.res_len = sizeof(h->xres);
	if (!good)
		m->auth_rsp.res[3] ^= 1;
	emm_h_step(h);
}

static inline void emm_h_auth_fail(struct emm_h *h, uint8_t cause, bool auts)
{
	struct emm_nas_in *m = emm_h_nas_ev(h, EMM_MSG_AUTH_FAILURE, emm_h_ue_verdict(h));

	m->auth_fail.cause = cause;
	m->auth_fail.has_auts = auts;
	memset(m->auth_fail.auts, 0x44, EMM_AUTS_LEN);
	emm_h_step(h);
}

/* What the kernel reports for a SECURITY MODE COMPLETE it verified with the new slot. */
static inline struct emm_nas_in *emm_h_smc_complete_ev(struct emm_h *h)
{
	struct emm_nas_in *m = emm_h_nas_ev(h, EMM_MSG_SMC_COMPLETE, NASSEC_VERDICT_OK);

	m->sec_hdr = NASSEC_SHT_INTEGRITY_CIPHERED_NEW_CTX;
	m->promoted = true;
	m->ul_count = 0;
	return m;
}

static inline void emm_h_smc_complete(struct emm_h *h)
{
	emm_h_smc_complete_ev(h);
	emm_h_step(h);
	if (h->kernel_new) {
		h->kernel_new = false;
		h->kernel_cur = true;
	}
}

static inline void emm_h_attach_complete(struct emm_h *h, uint32_t count)
{
	struct emm_nas_in *m = emm_h_nas_ev(h, EMM_MSG_ATTACH_COMPLETE, NASSEC_VERDICT_OK);

	m->ul_count = count;
	m->attach_complete.bearer_accepted = true;
	emm_h_step(h);
}

static inline void emm_h_simple(struct emm_h *h, uint8_t type)
{
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = type;
	emm_h_step(h);
}

/* Lets the running timer expire: the clock moves to its deadline. */
static inline void emm_h_expire(struct emm_h *h)
{
	uint8_t id = h->ue.timer;

	h->now = h->ue.deadline_ms;
	memset(&h->ev, 0, sizeof(h->ev));
	h->ev.type = EMM_EV_TIMER;
	h->ev.timer = id;
	emm_h_step(h);
}

/* ATTACH REQUEST (IMSI) .. SECURITY MODE COMMAND sent. */
static inline void emm_h_to_smc(struct emm_h *h)
{
	emm_h_attach(h);
	emm_h_vector(h);
	emm_h_auth_rsp(h, true);
}

/* A whole attach; the UE ends EMM-REGISTERED with a current context. */
static inline void emm_h_registered(struct emm_h *h)
{
	emm_h_to_smc(h);
	emm_h_smc_complete(h);
	emm_h_attach_complete(h, 1);
}

static inline void emm_h_dump(const struct emm_h *h)
{
	for (unsigned int i = 0; i < h->out.n; i++) {
		const struct emm_action *a = &h->out.a[i];

		tap_diag("  action %u: type %u%s%02x", i, a->type,
			 a->type == EMM_ACT_SEND_NAS ? " msg " : " arg ",
			 a->type == EMM_ACT_SEND_NAS ? a->nas.msg_type : a->counter);
	}
}

#endif /* NASSEC_TEST_EMM_H */
