// SPDX-License-Identifier: GPL-2.0
/*
 * The edge of the EMM state machines. Uplink: the NAS security verdict and
 * the NAS codec's decode become one struct emm_event. Downlink: every
 * action of a step runs in order; the first that fails stops the list and
 * goes back to the machine as EMM_EV_ACTION_FAILED (TS 24.301 leaves the
 * reaction to the procedure). The machines never compute a NAS MAC: a
 * protected message leaves here as a plain one with 6 reserved octets
 * named for protection, and the backend (nas_sec.h: nassec.ko, or the
 * daemon's own with nas_security = daemon) fills them in.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "emm_edge.h"
#include "log.h"
#include "nas_msg.h"
#include "s1ap_path.h"
#include "subscriber.h"

#define NAS_BUF_MAX	1024	/* downlink NAS messages are small */
#define S1AP_BUF_MAX	2048

static struct mme *edge_mme;	/* the timers' callbacks find the MME here */

static struct log_ctx ue_ctx(const struct mme *m, const struct mme_ue *ue)
{
	const struct enb *e = ue->assoc_id ? enb_find((struct enb_table *)&m->enbs,
						       ue->assoc_id) : NULL;

	return (struct log_ctx){
		.imsi = ue->emm.flags & EMM_UE_F_IMSI ? ue->emm.imsi : NULL,
		.mme_ue_id = ue->id,
		.enb = e ? e->label : NULL,
	};
}

/* ---- uplink: the codec's message into the machine's terms ---- */

static void identity_from(const struct nas_mobile_id *id, struct emm_identity *out)
{
	memset(out, 0, sizeof(*out));
	switch (id->type) {
	case NAS_ID_IMSI:
		out->type = EMM_ID_IMSI;
		/* 6..15 digits (TS 23.003 2.2), checked by the codec */
		memcpy(out->imsi, id->digits, sizeof(out->imsi) - 1);
		break;
	case NAS_ID_GUTI:
		out->type = EMM_ID_GUTI;
		memcpy(out->guti.plmn, id->guti.plmn.octets, 3);
		out->guti.mmegi = id->guti.mme_group;
		out->guti.mmec = id->guti.mme_code;
		out->guti.mtmsi = id->guti.m_tmsi;
		break;
	case NAS_ID_IMEI:
	case NAS_ID_IMEISV:
		out->type = EMM_ID_IMEI;
		break;
	default:
		out->type = EMM_ID_NONE;
	}
}

static void attach_from(const struct nas_msg *n, struct emm_attach_req *a)
{
	const struct nas_attach_request *r = &n->u.attach_req;
	struct nas_msg esm;

	a->attach_type = r->attach_type;
	a->ksi = r->ksi.ksi;
	identity_from(&r->id, &a->id);
	a->net_cap_len = r->ue_net_cap.len;
	memcpy(a->net_cap, r->ue_net_cap.octets, r->ue_net_cap.len);
	/* TS 24.301 5.4.3.2: GEA from the MS network capability, when sent. */
	if (n->opt & NAS_OPT(NAS_O_AR_MS_NET_CAP)) {
		int gea = nas_ms_net_cap_gea(&r->ms_net_cap);

		a->has_gea = gea >= 0;
		a->gea = gea >= 0 ? (uint8_t)gea : 0;
	}
	if (!nas_msg_esm_decode(&r->esm, NAS_MSG_UL, &esm, NULL) &&
	    esm.type == NAS_ESM_PDN_CONN_REQ) {
		const struct nas_pdn_conn_req *p = &esm.u.pdn_req;

		a->pdn.pti = esm.pti;
		a->pdn.ebi = esm.ebi;
		a->pdn.pdn_type = p->pdn_type;
		a->pdn.esm_info_transfer = (esm.opt & NAS_OPT(NAS_O_PCR_EIT)) && (p->eit & 1);
		a->pdn.has_apn = esm.opt & NAS_OPT(NAS_O_PCR_APN);
		if (a->pdn.has_apn)
			snprintf(a->pdn.apn, sizeof(a->pdn.apn), "%s", p->apn.name);
	}
}

/*
 * TS 24.301 9.9.3.51: the Replayed NAS message container holds the ATTACH
 * REQUEST as the UE sent it, plain or with header type 1 (an initial
 * message is never ciphered). It came inside a SECURITY MODE COMPLETE the
 * kernel verified, so it is trusted as that; 0 or -EBADMSG.
 */
static int replayed_attach(const struct nas_buf *c, struct emm_attach_req *a)
{
	struct nas_msg_outer o;
	struct nas_msg n;

	if (nas_msg_outer(c->data, c->len, &o) || o.pd != NAS_MSG_PD_EMM ||
	    o.sht > NASSEC_SHT_INTEGRITY || !o.inner_len ||
	    nas_msg_decode(c->data + o.inner_off, o.inner_len, NAS_MSG_UL, &n, NULL) ||
	    n.type != NAS_EMM_ATTACH_REQUEST)
		return -EBADMSG;
	attach_from(&n, a);
	return 0;
}

/* 0 when n is a message the machines take, filled into in. */
static int emm_in_from(const struct nas_msg *n, struct emm_nas_in *in)
{
	struct nas_msg esm;

	if (n->pd == NAS_MSG_PD_ESM) {
		if (n->type != NAS_ESM_INFO_RESPONSE)
			return -ENOMSG;	/* other ESM procedures: later work */
		in->msg_type = EMM_MSG_ESM_INFO_RESPONSE;
		in->esm_info_rsp.pti = n->pti;
		in->esm_info_rsp.has_apn = n->opt & NAS_OPT(NAS_O_EIR_APN);
		if (in->esm_info_rsp.has_apn)
			snprintf(in->esm_info_rsp.apn, sizeof(in->esm_info_rsp.apn), "%s",
				 n->u.esm_info_resp.apn.name);
		return 0;
	}
	in->msg_type = n->type;
	switch (n->type) {
	case NAS_EMM_ATTACH_REQUEST:
		attach_from(n, &in->attach);
		break;
	case NAS_EMM_IDENTITY_RESPONSE:
		identity_from(&n->u.id_resp.id, &in->identity);
		break;
	case NAS_EMM_AUTH_RESPONSE:
		in->auth_rsp.res_len = n->u.auth_resp.res.len;
		memcpy(in->auth_rsp.res, n->u.auth_resp.res.v, n->u.auth_resp.res.len);
		break;
	case NAS_EMM_AUTH_FAILURE:
		in->auth_fail.cause = n->u.auth_fail.emm_cause;
		in->auth_fail.has_auts = n->opt & NAS_OPT(NAS_O_AF_AUTS);
		memcpy(in->auth_fail.auts, n->u.auth_fail.auts, EMM_AUTS_LEN);
		break;
	case NAS_EMM_SMC_COMPLETE:
		in->smc_complete.has_imeisv = n->opt & NAS_OPT(NAS_O_SMCC_IMEISV);
		if (in->smc_complete.has_imeisv)
			snprintf(in->smc_complete.imeisv, sizeof(in->smc_complete.imeisv), "%s",
				 n->u.smc_cpl.imeisv.digits);
		if (n->opt & NAS_OPT(NAS_O_SMCC_NAS_MSG))
			in->smc_complete.has_replayed_attach =
				!replayed_attach(&n->u.smc_cpl.nas_msg,
						 &in->smc_complete.replayed_attach);
		break;
	case NAS_EMM_SMC_REJECT:
		in->smc_reject.cause = n->u.smc_rej.emm_cause;
		break;
	case NAS_EMM_DETACH_REQUEST:
		/* TS 24.301 9.9.3.7: bit 4 switch off, bits 3-1 the type */
		in->detach_req.switch_off = n->u.detach_req.detach_type & 0x08;
		in->detach_req.type = n->u.detach_req.detach_type & 0x07;
		identity_from(&n->u.detach_req.id, &in->detach_req.id);
		break;
	case NAS_EMM_ATTACH_COMPLETE:
		in->attach_complete.bearer_accepted =
			!nas_msg_esm_decode(&n->u.attach_cpl.esm, NAS_MSG_UL, &esm, NULL) &&
			esm.type == NAS_ESM_ACT_DEF_BEARER_ACC;
		break;
	case NAS_EMM_STATUS:
		in->emm_status.cause = n->u.emm_status.emm_cause;
		break;
	case NAS_EMM_DETACH_ACCEPT:
		break;
	default:
		return -ENOMSG;
	}
	return 0;
}

/* ---- downlink: build, wrap in S1AP, send with a PROTECT cmsg ---- */

/*
 * Sends a NAS message inside a Downlink NAS Transport (or, with ics, an
 * Initial Context Setup Request). sht 0: plain, else the kernel protects.
 */
static int send_nas(struct mme *m, struct mme_ue *ue, const struct nas_msg *n,
		    uint8_t sht, const struct s1ap_initial_context_setup_request *ics)
{
	uint8_t nas[NAS_BUF_MAX], s1ap[S1AP_BUF_MAX];
	size_t hdr = sht ? NAS_MSG_SEC_HDR_LEN : 0, nas_off = 0;
	struct nassec_protect_info pi = { .ue_id = ue->id, .sec_hdr_type = sht };
	int len, s1len, err;

	if (!ue->assoc_id)
		return -ENOTCONN;
	memset(nas, 0, hdr);
	len = nas_msg_encode(n, nas + hdr, sizeof(nas) - hdr);
	if (len < 0)
		return len;
	if (ics) {
		struct s1ap_initial_context_setup_request req = *ics;
		struct s1ap_erab erab = req.erabs[0];

		erab.nas.data = nas;
		erab.nas.len = hdr + len;
		req.erabs = &erab;
		s1len = s1ap_build_initial_context_setup_request(s1ap, sizeof(s1ap), &req,
								 &nas_off);
		explicit_bzero(&req.kenb, sizeof(req.kenb));
	} else {
		struct s1ap_downlink_nas_transport dl = {
			.ids = { .mme_ue_id = ue->id, .enb_ue_id = ue->enb_ue_id },
			.nas = { .data = nas, .len = hdr + len },
		};

		s1len = s1ap_build_downlink_nas_transport(s1ap, sizeof(s1ap), &dl, &nas_off);
	}
	explicit_bzero(nas, sizeof(nas));
	if (s1len < 0)
		return s1len;
	pi.nas_offset = nas_off;
	pi.nas_len = hdr + len;
	err = s1ap_path_send(m->s1, ue->assoc_id, ue->stream, s1ap, s1len, sht ? &pi : NULL);
	if (ics)
		explicit_bzero(s1ap, sizeof(s1ap));	/* it held KeNB */
	if (err) {
		struct log_ctx lc = ue_ctx(m, ue);

		log_msg(LOG_LEVEL_WARNING, &lc, "%s not sent: %s",
			nas_msg_name(n->pd, n->type), strerror(-err));
	}
	return err;
}

static void plmn_of(const struct mme *m, struct nas_plmn *p)
{
	nas_plmn_from_digits(p, m->cfg.mcc, m->cfg.mnc);
}

/* ATTACH ACCEPT with ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST (8.2.1, 8.3.6). */
static int build_accept(const struct mme *m, const struct emm_attach_accept *acc,
			struct nas_msg *n, uint8_t *esm_buf, size_t esm_cap)
{
	struct nas_attach_accept *a = &n->u.attach_acc;
	struct nas_act_def_bearer_req *b;
	struct nas_msg esm;
	struct nas_plmn plmn;
	uint32_t ip = htonl(acc->ipv4);
	int len;

	plmn_of(m, &plmn);
	nas_msg_init(&esm, NAS_MSG_PD_ESM, NAS_ESM_ACT_DEF_BEARER_REQ, NAS_MSG_DL);
	esm.ebi = acc->ebi;
	esm.pti = acc->pti;
	b = &esm.u.adb_req;
	b->qos.qci = acc->qci;
	snprintf(b->apn.name, sizeof(b->apn.name), "%s", acc->apn);
	b->pdn_addr.type = NAS_PDN_IPV4;
	memcpy(b->pdn_addr.ipv4, &ip, 4);
	if (acc->esm_cause) {
		esm.opt |= NAS_OPT(NAS_O_ADB_ESM_CAUSE);
		b->esm_cause = acc->esm_cause;
	}
	nas_msg_init(n, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_ACCEPT, NAS_MSG_DL);
	a->result = 1;		/* 9.9.3.10: EPS only */
	a->t3412 = nas_gprs_timer_from_secs(acc->t3412_s);
	/* One partial list of type 0: our PLMN and every served TAC. */
	a->tai_list.nparts = 1;
	a->tai_list.part[0].type = 0;
	a->tai_list.part[0].n = m->cfg.n_tacs;
	for (size_t i = 0; i < m->cfg.n_tacs && i < NAS_TAI_PART_MAX; i++) {
		a->tai_list.part[0].tai[i].plmn = plmn;
		a->tai_list.part[0].tai[i].tac = m->cfg.tacs[i];
	}
	n->opt |= NAS_OPT(NAS_O_AA_GUTI);
	a->guti.type = NAS_ID_GUTI;
	memcpy(a->guti.guti.plmn.octets, acc->guti.plmn, 3);
	a->guti.guti.mme_group = acc->guti.mmegi;
	a->guti.guti.mme_code = acc->guti.mmec;
	a->guti.guti.m_tmsi = acc->guti.mtmsi;
	len = nas_msg_esm_encode(&esm, esm_buf, esm_cap, &a->esm);
	return len < 0 ? len : 0;
}

static int send_ics(struct mme *m, struct mme_ue *ue, const struct emm_attach_accept *acc,
		    const uint8_t kenb[32])
{
	struct s1ap_initial_context_setup_request req = {
		.ids = { .mme_ue_id = ue->id, .enb_ue_id = ue->enb_ue_id },
		.ue_ambr_dl = m->cfg.ambr_dl, .ue_ambr_ul = m->cfg.ambr_ul,
		.n_erabs = 1,
	};
	struct s1ap_erab erab = {
		.erab_id = acc->ebi,
		.qos = { .qci = acc->qci, .priority_level = m->cfg.arp_priority },
	};
	uint8_t esm_buf[512];
	struct nas_msg n;
	int err;

	/* TS 36.414 5.1: 32-bit IPv4, 128-bit IPv6 or 160-bit both. */
	if (m->cfg.s1u_v4.family) {
		memcpy(erab.sgw_address.octets, &m->cfg.s1u_v4.v4, 4);
		erab.sgw_address.len = 4;
	}
	if (m->cfg.s1u_v6.family) {
		memcpy(erab.sgw_address.octets + erab.sgw_address.len, &m->cfg.s1u_v6.v6, 16);
		erab.sgw_address.len += 16;
	}
	if (!ue->teid) {
		ue->teid = m->next_teid;
		m->next_teid = m->next_teid >= m->cfg.teid_last ? m->cfg.teid_first :
			       m->next_teid + 1;
	}
	erab.sgw_teid = ue->teid;
	req.erabs = &erab;
	/* TS 36.413 9.2.1.40 from TS 24.301 9.9.3.36: EEA1-3/EIA1-3 bits. */
	req.eea_caps = (uint16_t)((ue->emm.ue_sec_cap[0] & 0x70) << 9);
	req.eia_caps = (uint16_t)((ue->emm.ue_sec_cap[1] & 0x70) << 9);
	memcpy(req.kenb, kenb, 32);
	err = build_accept(m, acc, &n, esm_buf, sizeof(esm_buf));
	if (!err)
		err = send_nas(m, ue, &n, NASSEC_SHT_INTEGRITY_CIPHERED, &req);
	explicit_bzero(req.kenb, sizeof(req.kenb));
	return err;
}

static uint8_t id_type_to_nas(uint8_t t)
{
	switch (t) {
	case EMM_ID_IMEI:
		return NAS_ID_IMEI;
	case EMM_ID_GUTI:
		return NAS_ID_GUTI;
	default:
		return NAS_ID_IMSI;
	}
}

static int send_emm(struct mme *m, struct mme_ue *ue, const struct emm_nas_out *o)
{
	uint8_t esm_buf[256];
	struct nas_msg n, esm;

	switch (o->msg_type) {
	case EMM_MSG_IDENTITY_REQUEST:
		nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_IDENTITY_REQUEST, NAS_MSG_DL);
		n.u.id_req.id_type = id_type_to_nas(o->id_type);
		break;
	case EMM_MSG_AUTH_REQUEST:
		nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_AUTH_REQUEST, NAS_MSG_DL);
		n.u.auth_req.ksi.ksi = o->auth_req.ksi;
		memcpy(n.u.auth_req.rand, o->auth_req.rand, 16);
		memcpy(n.u.auth_req.autn, o->auth_req.autn, 16);
		break;
	case EMM_MSG_AUTH_REJECT:
		nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_AUTH_REJECT, NAS_MSG_DL);
		break;
	case EMM_MSG_SMC:
		nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_SMC, NAS_MSG_DL);
		n.u.smc.algs.eea = o->smc.eea;
		n.u.smc.algs.eia = o->smc.eia;
		n.u.smc.ksi.ksi = o->smc.ksi;
		n.u.smc.ue_sec_cap.len = o->smc.ue_sec_cap_len;
		memcpy(n.u.smc.ue_sec_cap.octets, o->smc.ue_sec_cap, o->smc.ue_sec_cap_len);
		if (o->smc.imeisv_req) {
			n.opt |= NAS_OPT(NAS_O_SMC_IMEISV_REQ);
			n.u.smc.imeisv_req = 1;
		}
		if (o->smc.hash_mme) {
			n.opt |= NAS_OPT(NAS_O_SMC_HASHMME);
			memcpy(n.u.smc.hash_mme, ue->hash_mme, sizeof(n.u.smc.hash_mme));
		}
		break;
	case EMM_MSG_ATTACH_REJECT:
		nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_ATTACH_REJECT, NAS_MSG_DL);
		n.u.attach_rej.emm_cause = o->reject.cause;
		if (o->reject.esm_cause) {
			int len;

			/* TS 24.301 5.5.1.2.5: PDN CONNECTIVITY REJECT in the container. */
			nas_msg_init(&esm, NAS_MSG_PD_ESM, NAS_ESM_PDN_CONN_REJ, NAS_MSG_DL);
			esm.pti = o->reject.pti;
			esm.u.pdn_rej.esm_cause = o->reject.esm_cause;
			len = nas_msg_esm_encode(&esm, esm_buf, sizeof(esm_buf),
						 &n.u.attach_rej.esm);
			if (len < 0)
				return len;
			n.opt |= NAS_OPT(NAS_O_AJ_ESM);
		}
		break;
	case EMM_MSG_ATTACH_ACCEPT: {
		static uint8_t accept_esm[512];
		int err = build_accept(m, &o->accept, &n, accept_esm, sizeof(accept_esm));

		if (err)
			return err;
		break;
	}
	case EMM_MSG_DETACH_REQUEST:
		nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_DETACH_REQUEST, NAS_MSG_DL);
		n.u.detach_req.detach_type = o->detach_req.type;
		if (o->detach_req.cause) {
			n.opt |= NAS_OPT(NAS_O_DR_EMM_CAUSE);
			n.u.detach_req.emm_cause = o->detach_req.cause;
		}
		break;
	case EMM_MSG_DETACH_ACCEPT:
		nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_DETACH_ACCEPT, NAS_MSG_DL);
		break;
	case EMM_MSG_ESM_INFO_REQUEST:
		nas_msg_init(&n, NAS_MSG_PD_ESM, NAS_ESM_INFO_REQUEST, NAS_MSG_DL);
		n.pti = o->pti;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return send_nas(m, ue, &n, o->sec_hdr, NULL);
}

void edge_send_emm_status(struct mme *m, struct mme_ue *ue, uint8_t cause)
{
	struct nas_msg n;

	nas_msg_init(&n, NAS_MSG_PD_EMM, NAS_EMM_STATUS, NAS_MSG_DL);
	n.u.emm_status.emm_cause = cause;
	/* Protected once secure exchange runs (TS 24.301 4.4.4.2). */
	send_nas(m, ue, &n, ue->emm.flags & EMM_UE_F_SECURE ?
		 NASSEC_SHT_INTEGRITY_CIPHERED : NASSEC_SHT_PLAIN, NULL);
}

/* ---- kernel, store, timers ---- */

static int kctx_load_new(struct mme *m, struct mme_ue *ue, const struct emm_action *a)
{
	struct nas_sec_slot slot = { .eksi = a->slot.ksi, .eia = a->slot.eia, .eea = a->slot.eea };
	int err;

	memcpy(slot.kasme, a->slot.kasme, NASSEC_KASME_LEN);
	err = nas_sec_load_new(m->sec, ue->id, ue->kctx, &slot);
	explicit_bzero(slot.kasme, sizeof(slot.kasme));
	if (!err)
		ue->kctx = true;
	if (err) {
		struct log_ctx lc = ue_ctx(m, ue);

		log_msg(LOG_LEVEL_ERR, &lc, "loading the new NAS context: %s (%s)",
			strerror(-err), nas_sec_last_error(m->sec));
	}
	return err;
}

static void fill_vector(struct mme *m, const char *imsi, struct emm_aka_vec *vec, int err,
			const struct aka_vector *av)
{
	struct sub_info info;

	memset(vec, 0, sizeof(*vec));
	if (err == -ENOENT) {
		vec->result = EMM_AKA_UNKNOWN_SUBSCRIBER;
		return;
	}
	if (err) {
		vec->result = EMM_AKA_ERROR;
		log_err("AKA for %s: %s", imsi, sub_last_error(m->subs));
		return;
	}
	vec->result = EMM_AKA_OK;
	memcpy(vec->rand, av->rand, 16);
	memcpy(vec->autn, av->autn, 16);
	vec->xres_len = av->xres_len;
	memcpy(vec->xres, av->xres, av->xres_len);
	memcpy(vec->kasme, av->kasme, NASSEC_KASME_LEN);
	if (!sub_get_info(m->subs, imsi, &info) && info.alg_override) {
		vec->allowed_eia = info.eia_mask;
		vec->allowed_eea = info.eea_mask;
	}
}

static void get_vector(struct mme *m, const char *imsi, struct emm_event *ev)
{
	struct aka_vector av;
	int err = sub_vector(m->subs, imsi, m->sn_id, NULL, NULL, &av);

	ev->type = EMM_EV_AKA_VECTOR;
	fill_vector(m, imsi, &ev->vec, err, &av);
	aka_vector_wipe(&av);
}

static void resync(struct mme *m, const struct emm_action *a, struct emm_event *ev)
{
	uint64_t sqn_ms;
	int err = sub_resync_auts(m->subs, a->resync.imsi, a->resync.rand, a->resync.auts,
				  &sqn_ms);

	if (err == -EBADMSG) {
		memset(&ev->vec, 0, sizeof(ev->vec));
		ev->type = EMM_EV_AKA_VECTOR;
		ev->vec.result = EMM_AKA_RESYNC_FAILED;
		return;
	}
	if (err) {
		ev->type = EMM_EV_AKA_VECTOR;
		fill_vector(m, a->resync.imsi, &ev->vec, err, NULL);
		return;
	}
	get_vector(m, a->resync.imsi, ev);
}

static int on_timer(sd_event_source *s, uint64_t usec, void *arg)
{
	struct mme_ue *ue = arg;
	struct emm_event ev = { .type = EMM_EV_TIMER, .timer = ue->emm.timer };

	(void)usec;
	if (ue->timer == s) {
		sd_event_source_disable_unref(ue->timer);
		ue->timer = NULL;
	}
	edge_event(edge_mme, ue, &ev);
	return 0;
}

/*
 * Armed at the machine's own deadline (mme_now_ms() + ms when it stepped),
 * not relative to sd-event's loop timestamp: that one is taken before the
 * step's work (netlink, KDF), so a relative timer could fire before the
 * deadline and be dropped as stale, and nothing would re-arm it (seen on
 * the debug kernel: T3460 and T3422 never retransmitted).
 */
static int timer_start(struct mme *m, struct mme_ue *ue, uint32_t ms)
{
	uint64_t at = ue->emm.deadline_ms ? ue->emm.deadline_ms : mme_now_ms() + ms;

	sd_event_source_disable_unref(ue->timer);
	ue->timer = NULL;
	return sd_event_add_time(m->ev, &ue->timer, CLOCK_MONOTONIC, at * 1000, 1000,
				 on_timer, ue);
}

static void pool_free(struct ip_pool *p, uint32_t ip)
{
	if (ip < p->first || ip > p->last)
		return;
	p->bits[(ip - p->first) / 64] &= ~(1ULL << ((ip - p->first) % 64));
	p->used--;
}

/* Ends the UE's S1 connection on our side; with forget, the UE too. */
static void release_ue(struct mme *m, struct mme_ue *ue, bool forget)
{
	struct enb *e = ue->assoc_id ? enb_find(&m->enbs, ue->assoc_id) : NULL;

	if (e && e->ues)
		e->ues--;
	ue->assoc_id = 0;
	sd_event_source_disable_unref(ue->timer);
	ue->timer = NULL;
	if (!forget)
		return;
	if (ue->kctx)
		nas_sec_del(m->sec, ue->id);
	ue_free(&m->ues, ue);
}

/*
 * Runs the actions in order. Returns true with *next set when the machine
 * must hear back at once (a vector, a failed action); *forget when the UE
 * is to go once the list is done.
 */
static bool run_actions(struct mme *m, struct mme_ue *ue, const struct emm_actions *acts,
			struct emm_event *next, bool *forget, bool *released)
{
	static uint8_t kenb[32];
	struct log_ctx lc = ue_ctx(m, ue);
	bool have_kenb = false, answer = false;
	int err = 0;

	for (unsigned int i = 0; i < acts->n && !err; i++) {
		const struct emm_action *a = &acts->a[i];

		switch (a->type) {
		case EMM_ACT_SEND_NAS:
			err = send_emm(m, ue, &a->nas);
			break;
		case EMM_ACT_KCTX_LOAD_NEW:
			err = kctx_load_new(m, ue, a);
			break;
		case EMM_ACT_KCTX_DROP_NEW:
			if (ue->kctx)
				nas_sec_drop_new(m->sec, ue->id);
			break;
		case EMM_ACT_KCTX_DERIVE_KENB:
			/* TS 33.401 A.3 with the COUNT of the last uplink message. */
			err = nas_sec_derive_kenb(m->sec, ue->id, a->ul_count, kenb);
			have_kenb = !err;
			break;
		case EMM_ACT_AKA_GET_VECTOR:
			get_vector(m, a->imsi, next);
			answer = true;
			break;
		case EMM_ACT_AKA_RESYNC:
			resync(m, a, next);
			answer = true;
			break;
		case EMM_ACT_STORE_IMEISV:
			snprintf(ue->imeisv, sizeof(ue->imeisv), "%s", a->imeisv);
			break;
		case EMM_ACT_SEND_ICS:
			err = have_kenb ? send_ics(m, ue, &a->accept, kenb) : -ENOKEY;
			break;
		case EMM_ACT_SEND_RELEASE:
			if (ue->assoc_id) {
				struct s1ap_ue_context_release_command rc = {
					.ids = { .mme_ue_id = ue->id, .enb_ue_id = ue->enb_ue_id },
					.cause = { a->s1_cause.group, a->s1_cause.value },
				};
				uint8_t buf[64];
				int len = s1ap_build_ue_context_release_command(buf, sizeof(buf),
										 &rc);

				err = len < 0 ? len : s1ap_path_send(m->s1, ue->assoc_id,
								     ue->stream, buf, len, NULL);
			}
			break;
		case EMM_ACT_TIMER_START:
			err = timer_start(m, ue, a->timer.ms);
			break;
		case EMM_ACT_TIMER_STOP:
			sd_event_source_disable_unref(ue->timer);
			ue->timer = NULL;
			break;
		case EMM_ACT_ATTACH_DONE:
			log_msg(LOG_LEVEL_INFO, &lc, "attached");
			break;
		case EMM_ACT_ATTACH_FAILED:
			log_msg(LOG_LEVEL_NOTICE, &lc, "attach failed: %s%s%.0u",
				emm_fail_name(a->fail.reason), a->fail.cause ? ", cause #" : "",
				a->fail.cause);
			break;
		case EMM_ACT_PDN_FREE:
			pool_free(&m->pool, a->ipv4);
			break;
		case EMM_ACT_RELEASE_UE:
			*released = true;
			*forget = a->forget;
			break;
		case EMM_ACT_COUNTER:
			break;	/* emm_counters_apply() */
		}
		if (err) {
			log_msg(LOG_LEVEL_WARNING, &lc, "action %u failed: %s", a->type,
				strerror(-err));
			memset(next, 0, sizeof(*next));
			next->type = EMM_EV_ACTION_FAILED;
			next->failed = a->type;
			answer = true;
		}
	}
	explicit_bzero(kenb, sizeof(kenb));
	return answer;
}

void edge_event(struct mme *m, struct mme_ue *ue, const struct emm_event *first)
{
	struct emm_actions acts;
	struct emm_event cur, next;
	const struct emm_event *ev = first;

	/* Each answer is one more step; a machine never asks more than a few. */
	for (int steps = 0; ev && steps < 8; steps++) {
		bool forget = false, released = false, again;

		if (ev == &next) {	/* the answer of the last step: next is reused */
			cur = next;
			ev = &cur;
		}
		memset(&next, 0, sizeof(next));
		emm_step(&m->emm_env, &ue->emm, ev, mme_now_ms(), &acts);
		if (log_get_level() >= LOG_LEVEL_DEBUG) {
			struct log_ctx lc = ue_ctx(m, ue);
			char list[128] = "";

			for (unsigned int i = 0, used = 0; i < acts.n && used < sizeof(list); i++)
				used += snprintf(list + used, sizeof(list) - used, " %u",
						 acts.a[i].type);
			log_msg(LOG_LEVEL_DEBUG, &lc, "event %u (nas 0x%02x) in %s/%s: actions%s",
				ev->type, ev->type == EMM_EV_NAS ? ev->nas.msg_type : 0,
				emm_state_name(ue->emm.state), emm_sub_name(ue->emm.sub), list);
		}
		again = run_actions(m, ue, &acts, &next, &forget, &released);
		emm_counters_apply(&m->counters, &acts);
		emm_actions_clear(&acts);
		if (released) {
			release_ue(m, ue, forget);
			if (forget)
				break;
		}
		ue_reindex(&m->ues, ue);
		ev = again ? &next : NULL;
	}
	explicit_bzero(&cur, sizeof(cur));
	explicit_bzero(&next, sizeof(next));
}

void edge_uplink_nas(struct mme *m, struct mme_ue *ue, const uint8_t *pdu, size_t len,
		     uint32_t verdict, uint32_t count, uint32_t flags, bool initial)
{
	struct emm_event ev = { .type = EMM_EV_NAS };
	struct nas_msg_outer o;
	struct nas_diag diag = { 0 };
	struct nas_msg n;
	int err;

	if (nas_msg_outer(pdu, len, &o) || (o.sht && !o.inner_len)) {
		m->nas_undecodable++;
		return;
	}
	/* Ciphered and not deciphered by the kernel: nothing to read. */
	if (verdict != NASSEC_VERDICT_OK &&
	    (o.sht == NASSEC_SHT_INTEGRITY_CIPHERED ||
	     o.sht == NASSEC_SHT_INTEGRITY_CIPHERED_NEW_CTX)) {
		m->counters.c[verdict == NASSEC_VERDICT_REPLAY ? EMM_C_DISCARD_REPLAY :
			      verdict == NASSEC_VERDICT_MAC_FAIL ? EMM_C_DISCARD_MAC_FAIL :
			      EMM_C_DISCARD_NO_CONTEXT]++;
		return;
	}
	err = nas_msg_decode(pdu + o.inner_off, o.inner_len, NAS_MSG_UL, &n, &diag);
	if (err) {
		struct log_ctx lc = ue_ctx(m, ue);

		m->nas_undecodable++;
		log_msg(LOG_LEVEL_NOTICE, &lc, "uplink NAS refused: %s (cause #%u)",
			strerror(-err), diag.cause);
		/* TS 24.301 7.4-7.5: tell the UE, if we may talk to it. */
		if (diag.cause && (verdict == NASSEC_VERDICT_OK || !(ue->emm.flags & EMM_UE_F_SECURE)))
			edge_send_emm_status(m, ue, diag.cause);
		return;
	}
	if (emm_in_from(&n, &ev.nas)) {
		struct log_ctx lc = ue_ctx(m, ue);

		log_msg(LOG_LEVEL_DEBUG, &lc, "uplink %s not handled", nas_msg_name(n.pd, n.type));
		m->counters.c[EMM_C_DISCARD_UNEXPECTED]++;
		return;
	}
	/*
	 * TS 24.301 5.4.3.2: an ATTACH REQUEST that was not verified gets its
	 * HASH_MME into the SECURITY MODE COMMAND, over the octets received.
	 */
	if (n.type == NAS_EMM_ATTACH_REQUEST && n.pd == NAS_MSG_PD_EMM && m->emm_cfg.hash_mme &&
	    verdict != NASSEC_VERDICT_OK && kdf_hash_mme(pdu, len, ue->hash_mme))
		memset(ue->hash_mme, 0, sizeof(ue->hash_mme));
	ev.nas.sec_hdr = o.sht;
	ev.nas.verdict = (uint8_t)verdict;
	ev.nas.promoted = flags & NASSEC_PDU_F_PROMOTED;
	ev.nas.ul_count = count;
	ev.nas.initial = initial;
	edge_event(m, ue, &ev);
	explicit_bzero(&ev, sizeof(ev));
}

/* ---- allocators the machines call ---- */

static uint32_t alloc_mtmsi(void *arg)
{
	struct mme *m = arg;
	uint32_t v;

	/* TS 23.003 2.8.2.2.2: random, unused; 0xffffffff is reserved. */
	do {
		if (getrandom(&v, sizeof(v), 0) != sizeof(v))
			v = (uint32_t)mme_now_ms() * 2654435761u;
	} while (v == 0xffffffffu || ue_by_mtmsi(&m->ues, v));
	return v;
}

static int alloc_ipv4(void *arg, uint32_t *ipv4)
{
	struct ip_pool *p = &((struct mme *)arg)->pool;
	uint32_t size = p->last - p->first + 1;

	if (p->used >= size)
		return -ENOSPC;
	for (uint32_t i = 0; i < size; i++) {
		uint32_t off = (p->next - p->first + i) % size;

		if (!(p->bits[off / 64] & (1ULL << (off % 64)))) {
			p->bits[off / 64] |= 1ULL << (off % 64);
			p->used++;
			p->next = p->first + (off + 1) % size;
			*ipv4 = p->first + off;
			return 0;
		}
	}
	return -ENOSPC;
}

void edge_init(struct mme *m)
{
	edge_mme = m;
	m->emm_env.cfg = &m->emm_cfg;
	m->emm_env.alloc_mtmsi = alloc_mtmsi;
	m->emm_env.alloc_ipv4 = alloc_ipv4;
	m->emm_env.arg = m;
}
