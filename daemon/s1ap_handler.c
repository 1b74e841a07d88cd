// SPDX-License-Identifier: GPL-2.0
/*
 * S1AP handling (TS 36.413): per-eNB state (S1 Setup, Reset, association
 * loss) and the UE-associated messages, routed to the UE they name and
 * handed to the EMM edge. Non-UE-associated messages go out on stream 0,
 * UE-associated ones on the stream the eNB used for that UE (TS 36.412 7).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emm_edge.h"
#include "log.h"
#include "nas_msg.h"
#include "s1ap_handler.h"
#include "s1ap_parse.h"
#include "s1ap_path.h"

#define S1AP_OUT_MAX	4096

static int send_non_ue(struct mme *m, uint32_t assoc_id, const uint8_t *buf, int len)
{
	if (len < 0) {
		log_err("S1AP answer not built: %s", strerror(-len));
		return len;
	}
	return s1ap_path_send(m->s1, assoc_id, 0, buf, len, NULL);
}

/* TS 36.413 10.3: an Error Indication naming what could not be processed. */
static void error_indication(struct mme *m, uint32_t assoc_id, const struct s1ap_message *msg,
			     const struct s1ap_ue_ids *ids, uint8_t group, uint8_t value)
{
	struct s1ap_error_indication ei = {
		.has_cause = true,
		.cause = { group, value },
		.diag = msg && (msg->diag.has_procedure_code || msg->diag.n_ies) ? &msg->diag : NULL,
	};
	uint8_t buf[S1AP_OUT_MAX];

	if (ids) {
		ei.has_mme_ue_id = ids->mme_ue_id != 0;
		ei.has_enb_ue_id = true;
		ei.ids = *ids;
	}
	send_non_ue(m, assoc_id, buf, s1ap_build_error_indication(buf, sizeof(buf), &ei));
}

static bool plmn_served(const struct mme *m, const struct s1ap_plmn *p)
{
	struct s1ap_plmn ours;

	return !s1ap_plmn_from_digits(&ours, m->cfg.mcc, m->cfg.mnc) &&
	       !memcmp(ours.octets, p->octets, 3);
}

static void s1_setup(struct mme *m, struct enb *e, const struct s1ap_s1_setup_request *r)
{
	uint8_t buf[S1AP_OUT_MAX];
	bool served = false;

	/* TS 36.413 8.7.3.4: an eNB none of whose PLMNs we serve is refused. */
	for (size_t i = 0; i < r->n_tas && !served; i++)
		for (size_t j = 0; j < r->tas[i].n_bplmns && !served; j++)
			served = plmn_served(m, &r->tas[i].bplmns[j]);
	e->plmn = r->plmn;
	e->enb_id = r->enb_id;
	e->home = r->home_enb;
	snprintf(e->name, sizeof(e->name), "%s", r->enb_name ? r->enb_name : "");
	if (r->enb_name && *r->enb_name)
		snprintf(e->label, sizeof(e->label), "%.31s", r->enb_name);
	else
		snprintf(e->label, sizeof(e->label), "enb-%x", r->enb_id);
	e->n_tacs = 0;
	for (size_t i = 0; i < r->n_tas && e->n_tacs < ENB_MAX_TACS; i++)
		e->tacs[e->n_tacs++] = r->tas[i].tac;
	e->paging_drx = r->paging_drx;
	if (!served) {
		struct s1ap_s1_setup_failure f = {
			.cause = { S1AP_CAUSE_MISC, S1AP_CAUSE_MISC_UNKNOWN_PLMN },
			.has_time_to_wait = true,
			.time_to_wait = S1AP_TIME_TO_WAIT_10S,
		};
		struct log_ctx lc = { .enb = e->label };

		e->setup = false;
		log_msg(LOG_LEVEL_WARNING, &lc, "S1 Setup refused: no served PLMN (%s-%s)",
			m->cfg.mcc, m->cfg.mnc);
		send_non_ue(m, e->assoc_id, buf, s1ap_build_s1_setup_failure(buf, sizeof(buf), &f));
		return;
	}
	{
		struct s1ap_plmn plmn;
		uint16_t group = m->cfg.mme_group_id;
		uint8_t code = m->cfg.mme_code;
		struct s1ap_served_gummei g = {
			.plmns = &plmn, .n_plmns = 1,
			.mme_group_ids = &group, .n_mme_group_ids = 1,
			.mme_codes = &code, .n_mme_codes = 1,
		};
		struct s1ap_s1_setup_response rsp = {
			.mme_name = m->cfg.mme_name,
			.gummeis = &g, .n_gummeis = 1,
			.relative_capacity = m->cfg.relative_capacity,
		};
		struct log_ctx lc = { .enb = e->label };

		s1ap_plmn_from_digits(&plmn, m->cfg.mcc, m->cfg.mnc);
		if (!send_non_ue(m, e->assoc_id, buf,
				 s1ap_build_s1_setup_response(buf, sizeof(buf), &rsp))) {
			e->setup = true;
			log_msg(LOG_LEVEL_INFO, &lc, "S1 Setup: eNB id %x, %u TAC(s)", e->enb_id,
				e->n_tacs);
		}
	}
}

static bool ue_listed(const struct mme_ue *ue, const struct s1ap_reset *reset)
{
	if (!reset || reset->all)
		return true;
	for (size_t j = 0; j < reset->n_conns; j++) {
		const struct s1ap_s1_connection *c = &reset->conns[j];

		if ((c->has_mme_ue_id && c->ids.mme_ue_id == ue->id) ||
		    (c->has_enb_ue_id && c->ids.enb_ue_id == ue->enb_ue_id))
			return true;
	}
	return false;
}

/*
 * Every UE with an S1 connection through assoc_id (or only those a partial
 * Reset lists) loses it. Ids first: a step may free its UE and reorder the
 * index.
 */
static void ues_lost(struct mme *m, uint32_t assoc_id, const struct s1ap_reset *reset)
{
	struct ue_table *t = &m->ues;
	struct emm_event ev = { .type = EMM_EV_LINK_LOST };
	uint32_t *ids;
	size_t n = 0;

	if (!t->count)
		return;
	ids = malloc(t->count * sizeof(*ids));
	if (!ids) {
		log_err("no memory to release the UEs of association %u", assoc_id);
		return;
	}
	for (size_t i = 0; t->by_id.slots && i <= t->by_id.mask && n < t->count; i++) {
		struct mme_ue *ue = t->by_id.slots[i].value;

		if (ue && ue->assoc_id == assoc_id && ue_listed(ue, reset))
			ids[n++] = ue->id;
	}
	for (size_t i = 0; i < n; i++) {
		struct mme_ue *ue = ue_by_id(t, ids[i]);

		if (ue && ue->assoc_id == assoc_id)
			edge_event(m, ue, &ev);
	}
	free(ids);
}

static void reset(struct mme *m, struct enb *e, const struct s1ap_reset *r)
{
	struct s1ap_reset_acknowledge ack = {
		.conns = r->all ? NULL : r->conns,
		.n_conns = r->all ? 0 : r->n_conns,
	};
	uint8_t buf[S1AP_OUT_MAX];

	ues_lost(m, e->assoc_id, r);
	send_non_ue(m, e->assoc_id, buf, s1ap_build_reset_acknowledge(buf, sizeof(buf), &ack));
}

/* The UE an Initial UE Message is about: known by GUTI/S-TMSI or IMSI, else new. */
static struct mme_ue *initial_ue(struct mme *m, const struct s1ap_initial_ue_message *r)
{
	struct nas_msg_outer o;
	struct mme_ue *ue = NULL;
	struct nas_msg n;

	if (r->has_s_tmsi && r->mmec == m->cfg.mme_code)
		ue = ue_by_mtmsi(&m->ues, r->m_tmsi);
	/* Plain or integrity-only: the identity can be read before checking. */
	if (!ue && !nas_msg_outer(r->nas.data, r->nas.len, &o) && o.inner_len &&
	    (o.sht == 0 || o.sht == NASSEC_SHT_INTEGRITY) &&
	    !nas_msg_decode(r->nas.data + o.inner_off, o.inner_len, NAS_MSG_UL, &n, NULL) &&
	    n.pd == NAS_MSG_PD_EMM && n.type == NAS_EMM_ATTACH_REQUEST) {
		const struct nas_mobile_id *id = &n.u.attach_req.id;

		if (id->type == NAS_ID_GUTI && id->guti.mme_code == m->cfg.mme_code &&
		    id->guti.mme_group == m->cfg.mme_group_id)
			ue = ue_by_mtmsi(&m->ues, id->guti.m_tmsi);
		else if (id->type == NAS_ID_IMSI)
			ue = ue_by_imsi(&m->ues, id->digits);
	}
	return ue ?: ue_new(&m->ues);
}

static void on_initial_ue(struct mme *m, struct enb *e, uint16_t stream,
			  const struct s1ap_initial_ue_message *r)
{
	struct mme_ue *ue = initial_ue(m, r);
	uint8_t plain[NASSEC_PDU_MAX];
	struct nas_msg_outer o;
	const uint8_t *pdu = r->nas.data;
	size_t len = r->nas.len;
	uint32_t verdict, count = 0, flags = 0;
	uint8_t sht;

	if (!ue) {
		log_err("no memory for a new UE");
		return;
	}
	if (ue->assoc_id && (ue->assoc_id != e->assoc_id || ue->enb_ue_id != r->enb_ue_id)) {
		struct log_ctx lc = { .mme_ue_id = ue->id, .enb = e->label };
		struct enb *old = enb_find(&m->enbs, ue->assoc_id);

		/* TS 23.401 5.3.2.1: the new connection replaces the old one. */
		log_msg(LOG_LEVEL_INFO, &lc, "new S1 connection replaces the one on assoc %u",
			ue->assoc_id);
		if (old && old->ues)
			old->ues--;
		ue->assoc_id = 0;
	}
	if (!ue->assoc_id)
		e->ues++;
	ue->assoc_id = e->assoc_id;
	ue->enb_ue_id = r->enb_ue_id;
	ue->stream = stream;
	ue->emm.flags |= EMM_UE_F_CONNECTED;
	if (nas_msg_outer(pdu, len, &o)) {
		m->nas_undecodable++;
		return;
	}
	sht = o.sht;
	verdict = sht ? NASSEC_VERDICT_NO_CONTEXT : NASSEC_VERDICT_PLAIN;
	/*
	 * The Initial UE Message carries no MME-UE-S1AP-ID, so the socket path
	 * cannot verify it: a UE we hold a context for is checked here, with
	 * that context (TS 24.301 4.4.4.3).
	 */
	if (sht && ue->kctx) {
		struct nas_sec_result res;

		if (!nas_sec_unprotect(m->sec, ue->id, pdu, len, plain, sizeof(plain), &res)) {
			verdict = res.verdict;
			count = res.count;
			flags = res.flags;
			if (res.out_len) {
				pdu = plain;
				len = res.out_len;
			}
		}
	}
	edge_uplink_nas(m, ue, pdu, len, verdict, count, flags, true);
	explicit_bzero(plain, sizeof(plain));
}

/* The UE a UE-associated message names, if the pair of ids matches. */
static struct mme_ue *ue_of(struct mme *m, struct enb *e, const struct s1ap_ue_ids *ids,
			    const struct s1ap_message *msg)
{
	struct mme_ue *ue = ue_by_id(&m->ues, ids->mme_ue_id);

	if (ue && ue->assoc_id == e->assoc_id && ue->enb_ue_id == ids->enb_ue_id)
		return ue;
	/* TS 36.413 10.6: an unknown or inconsistent pair. */
	error_indication(m, e->assoc_id, msg, ids, S1AP_CAUSE_RADIO_NETWORK,
			 !ue ? S1AP_CAUSE_RADIO_UNKNOWN_MME_UE_S1AP_ID :
			 S1AP_CAUSE_RADIO_UNKNOWN_PAIR_UE_S1AP_ID);
	m->s1ap_errors++;
	return NULL;
}

static void on_uplink_nas(struct mme *m, struct enb *e, const struct s1ap_message *msg,
			  const struct nassec_verdict_info *vi)
{
	const struct s1ap_uplink_nas_transport *r = &msg->u.uplink_nas;
	struct mme_ue *ue = ue_of(m, e, &r->ids, msg);
	struct nas_msg_outer o;

	if (!ue)
		return;
	if (!vi || vi->ue_id != ue->id) {
		/* No verdict for this UE: nothing in it is verified. */
		if (nas_msg_outer(r->nas.data, r->nas.len, &o))
			return;
		edge_uplink_nas(m, ue, r->nas.data, r->nas.len,
				o.sht ? NASSEC_VERDICT_NO_CONTEXT : NASSEC_VERDICT_PLAIN, 0, 0, false);
		return;
	}
	edge_uplink_nas(m, ue, r->nas.data, r->nas.len, vi->verdict, vi->count, vi->flags,
			false);
}

static void on_ue_capability(struct mme *m, struct mme_ue *ue,
			     const struct s1ap_ue_capability_info_indication *r)
{
	size_t len = r->radio_capability_len;
	uint8_t *copy;

	(void)m;
	if (!len || len > UE_RADIO_CAP_MAX)
		return;
	copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, r->radio_capability, len);
	free(ue->radio_cap);
	ue->radio_cap = copy;
	ue->radio_cap_len = (uint16_t)len;
}

static void ue_message(struct mme *m, struct enb *e, const struct s1ap_message *msg,
		       const struct s1ap_ue_ids *ids, uint8_t ev_type)
{
	struct mme_ue *ue = ue_of(m, e, ids, msg);
	struct emm_event ev = { .type = ev_type };

	if (!ue)
		return;
	if (ev_type == EMM_EV_RELEASE_REQUEST) {
		ev.s1_cause.group = msg->u.release_request.cause.group;
		ev.s1_cause.value = msg->u.release_request.cause.value;
	}
	edge_event(m, ue, &ev);
}

void s1h_message(struct mme *m, uint32_t assoc_id, uint16_t stream, uint8_t *buf,
		 size_t len, const struct nassec_verdict_info *vi)
{
	static struct s1ap_message msg;	/* large: not on the stack */
	struct enb *e = enb_find(&m->enbs, assoc_id);
	int err;

	if (!e) {
		/* A message before COMM_UP was seen: take the association now. */
		e = enb_add(&m->enbs, assoc_id, 1, 1);
		if (!e)
			return;
	}
	e->rx_messages++;
	m->s1ap_messages++;
	err = s1ap_parse(buf, len, &msg);
	if (err) {
		struct log_ctx lc = { .enb = e->label };
		struct s1ap_cause cause;

		m->s1ap_errors++;
		log_msg(LOG_LEVEL_NOTICE, &lc, "S1AP %s refused: %s",
			s1ap_msg_type_name(msg.type), strerror(-err));
		/* TS 36.413 10.3: report unless the procedure says ignore. */
		if (s1ap_parse_cause(err, &msg, &cause) == 1)
			error_indication(m, assoc_id, &msg, NULL, cause.group, cause.value);
		return;
	}
	if (msg.type != S1AP_MSG_S1_SETUP_REQUEST && !e->setup) {
		/* TS 36.413 8.7.3.1: nothing else before S1 Setup. */
		error_indication(m, assoc_id, &msg, NULL, S1AP_CAUSE_PROTOCOL,
				 S1AP_CAUSE_PROTOCOL_NOT_COMPATIBLE_WITH_STATE);
		m->s1ap_errors++;
		return;
	}
	switch (msg.type) {
	case S1AP_MSG_S1_SETUP_REQUEST:
		s1_setup(m, e, &msg.u.s1_setup_request);
		break;
	case S1AP_MSG_INITIAL_UE_MESSAGE:
		on_initial_ue(m, e, stream, &msg.u.initial_ue);
		break;
	case S1AP_MSG_UPLINK_NAS_TRANSPORT:
		on_uplink_nas(m, e, &msg, vi);
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_RESPONSE:
		ue_message(m, e, &msg, &msg.u.ics_response.ids, EMM_EV_ICS_RESPONSE);
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_FAILURE:
		ue_message(m, e, &msg, &msg.u.ics_failure.ids, EMM_EV_ICS_FAILURE);
		break;
	case S1AP_MSG_UE_CONTEXT_RELEASE_REQUEST:
		ue_message(m, e, &msg, &msg.u.release_request.ids, EMM_EV_RELEASE_REQUEST);
		break;
	case S1AP_MSG_UE_CONTEXT_RELEASE_COMPLETE:
		ue_message(m, e, &msg, &msg.u.release_complete, EMM_EV_RELEASE_COMPLETE);
		break;
	case S1AP_MSG_UE_CAPABILITY_INFO_INDICATION: {
		struct mme_ue *ue = ue_of(m, e, &msg.u.ue_capability.ids, &msg);

		if (ue)
			on_ue_capability(m, ue, &msg.u.ue_capability);
		break;
	}
	case S1AP_MSG_NAS_NON_DELIVERY_INDICATION: {
		struct log_ctx lc = { .mme_ue_id = msg.u.nas_non_delivery.ids.mme_ue_id,
				      .enb = e->label };

		/* The NAS timers retransmit (TS 24.301 5.4.3.7 and the like). */
		log_msg(LOG_LEVEL_NOTICE, &lc, "NAS not delivered, cause %u/%u",
			msg.u.nas_non_delivery.cause.group, msg.u.nas_non_delivery.cause.value);
		break;
	}
	case S1AP_MSG_ERROR_INDICATION: {
		struct log_ctx lc = { .enb = e->label };

		log_msg(LOG_LEVEL_NOTICE, &lc, "Error Indication, cause %u/%u",
			msg.u.error_indication.cause.group, msg.u.error_indication.cause.value);
		break;
	}
	case S1AP_MSG_RESET:
		reset(m, e, &msg.u.reset);
		break;
	default:
		/* A message an MME never receives (an eNB-bound one). */
		error_indication(m, assoc_id, &msg, NULL, S1AP_CAUSE_PROTOCOL,
				 S1AP_CAUSE_PROTOCOL_NOT_COMPATIBLE_WITH_STATE);
		m->s1ap_errors++;
	}
}

void s1h_assoc_up(struct mme *m, uint32_t assoc_id, uint16_t in, uint16_t out)
{
	if (!enb_add(&m->enbs, assoc_id, in, out))
		log_err("no memory for eNB association %u", assoc_id);
	log_info("eNB association %u up (%u in, %u out streams)", assoc_id, in, out);
}

void s1h_assoc_down(struct mme *m, uint32_t assoc_id)
{
	struct enb *e = enb_find(&m->enbs, assoc_id);
	struct log_ctx lc = { .enb = e ? e->label : NULL };

	/* TS 23.401 5.3.5: the UEs of a lost eNB lose their S1 connection. */
	ues_lost(m, assoc_id, NULL);
	log_msg(LOG_LEVEL_INFO, &lc, "eNB association %u down", assoc_id);
	enb_remove(&m->enbs, assoc_id);
}
