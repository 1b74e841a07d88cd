// SPDX-License-Identifier: GPL-2.0
/*
 * S1AP messages (TS 36.413 9.1) as ALIGNED PER. Each one is
 *   S1AP-PDU CHOICE -> {procedureCode, criticality, value open type}
 *   value: SEQUENCE { protocolIEs ProtocolIE-Container, ... }
 *   each IE: {id, criticality, value open type}
 * with the IE criticalities TS 36.413 9.3.3 assigns.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "s1ap.h"
#include "s1ap_build.h"
#include "s1ap_ies.h"

#define REJECT	S1AP_CRIT_REJECT
#define IGNORE	S1AP_CRIT_IGNORE

struct msg {
	struct per_writer w;
	size_t value;		/* the PDU's open type */
	size_t count_at;	/* octet offset of the IE count */
	unsigned int ies;
};

static void msg_begin(struct msg *m, uint8_t *buf, size_t cap,
		      enum s1ap_pdu_type type, uint8_t procedure,
		      unsigned int crit)
{
	per_init(&m->w, buf, cap);
	per_bits(&m->w, 0, 1);
	per_bits(&m->w, type, 2);
	per_constrained(&m->w, procedure, 0, 255);
	per_bits(&m->w, crit, 2);
	m->value = per_open_begin(&m->w);
	per_bits(&m->w, 0, 1);
	m->count_at = per_offset(&m->w);
	per_u16(&m->w, 0);
	m->ies = 0;
}

static int msg_end(struct msg *m, size_t *nas_offset)
{
	if (!m->w.err) {
		m->w.buf[m->count_at] = m->ies >> 8;
		m->w.buf[m->count_at + 1] = m->ies & 0xff;
	}
	per_open_end(&m->w, m->value);
	if (nas_offset)
		*nas_offset = m->w.marked && !m->w.err ? m->w.mark : 0;
	return per_finish(&m->w);
}

/* ProtocolIE-Field header; the caller writes the value, then ie_end(). */
static size_t ie_begin(struct per_writer *w, uint16_t id, unsigned int crit)
{
	per_u16(w, id);
	per_bits(w, crit, 2);
	return per_open_begin(w);
}

static void ie_end(struct msg *m, size_t open)
{
	per_open_end(&m->w, open);
	m->ies++;
}

static void ie_mme_ue_id(struct msg *m, uint32_t id, unsigned int crit)
{
	size_t ie = ie_begin(&m->w, S1AP_IE_MME_UE_S1AP_ID, crit);

	s1ap_put_mme_ue_id(&m->w, id);
	ie_end(m, ie);
}

static void ie_enb_ue_id(struct msg *m, uint32_t id, unsigned int crit)
{
	size_t ie = ie_begin(&m->w, S1AP_IE_ENB_UE_S1AP_ID, crit);

	s1ap_put_enb_ue_id(&m->w, id);
	ie_end(m, ie);
}

static void ie_ue_ids(struct msg *m, const struct s1ap_ue_ids *ids,
		      unsigned int crit)
{
	ie_mme_ue_id(m, ids->mme_ue_id, crit);
	ie_enb_ue_id(m, ids->enb_ue_id, crit);
}

static void ie_nas_pdu(struct msg *m, const struct s1ap_nas *nas,
		       unsigned int crit)
{
	size_t ie = ie_begin(&m->w, S1AP_IE_NAS_PDU, crit);

	s1ap_put_nas_pdu(&m->w, nas);
	ie_end(m, ie);
}

static void ie_cause(struct msg *m, const struct s1ap_cause *cause,
		     unsigned int crit)
{
	size_t ie = ie_begin(&m->w, S1AP_IE_CAUSE, crit);

	s1ap_put_cause(&m->w, cause);
	ie_end(m, ie);
}

static void ie_tai(struct msg *m, const struct s1ap_tai *tai,
		   unsigned int crit)
{
	size_t ie = ie_begin(&m->w, S1AP_IE_TAI, crit);

	s1ap_put_tai(&m->w, tai);
	ie_end(m, ie);
}

static void ie_ecgi(struct msg *m, const struct s1ap_ecgi *ecgi,
		    unsigned int crit)
{
	size_t ie = ie_begin(&m->w, S1AP_IE_EUTRAN_CGI, crit);

	s1ap_put_ecgi(&m->w, ecgi);
	ie_end(m, ie);
}

static void ie_name(struct msg *m, uint16_t id, const char *name)
{
	size_t ie;

	if (!name)
		return;
	ie = ie_begin(&m->w, id, IGNORE);
	s1ap_put_name(&m->w, name);
	ie_end(m, ie);
}

/* Which E-RAB item a list holds (TS 36.413 9.3.3). */
enum erab_item {
	ITEM_CTXT_SU_REQ,	/* E-RABToBeSetupItemCtxtSUReq */
	ITEM_BEARER_SU_REQ,	/* E-RABToBeSetupItemBearerSUReq */
	ITEM_BEARER_MOD_REQ,	/* E-RABToBeModifiedItemBearerModReq */
};

static void put_erab_item(struct per_writer *w, const struct s1ap_erab *e,
			  enum erab_item kind)
{
	bool has_nas = e->nas.len != 0;

	per_bits(w, 0, 1);
	if (kind == ITEM_CTXT_SU_REQ)
		per_bits(w, has_nas, 1);	/* nAS-PDU OPTIONAL */
	per_bits(w, 0, 1);			/* iE-Extensions absent */
	s1ap_put_erab_id(w, e->erab_id);
	s1ap_put_erab_qos(w, &e->qos);
	if (kind != ITEM_BEARER_MOD_REQ) {
		s1ap_put_transport_address(w, &e->sgw_address);
		s1ap_put_gtp_teid(w, e->sgw_teid);
	}
	if (has_nas || kind != ITEM_CTXT_SU_REQ)
		s1ap_put_nas_pdu(w, &e->nas);
}

/* An E-RAB list IE: SEQUENCE (SIZE (1..256)) OF ProtocolIE-SingleContainer */
static void ie_erab_list(struct msg *m, uint16_t list_id, uint16_t item_id,
			 const struct s1ap_erab *erabs, size_t n,
			 enum erab_item kind)
{
	size_t ie = ie_begin(&m->w, list_id, REJECT), item, i;

	per_count(&m->w, n, 1, S1AP_MAX_LIST);
	for (i = 0; i < n && !m->w.err; i++) {
		item = ie_begin(&m->w, item_id, REJECT);
		put_erab_item(&m->w, &erabs[i], kind);
		per_open_end(&m->w, item);
	}
	ie_end(m, ie);
}

/* E-RABList (TS 36.413 9.2.1.36) of E-RABItem ::= SEQUENCE { e-RAB-ID,
 * cause, iE-Extensions OPTIONAL, ... }, every criticality ignore.
 */
static void ie_erab_items(struct msg *m, uint16_t list_id,
			  const struct s1ap_erab_release *erabs, size_t n)
{
	size_t ie = ie_begin(&m->w, list_id, IGNORE), item, i;

	per_count(&m->w, n, 1, S1AP_MAX_LIST);
	for (i = 0; i < n && !m->w.err; i++) {
		item = ie_begin(&m->w, S1AP_IE_E_RAB_ITEM, IGNORE);
		per_bits(&m->w, 0, 2);
		s1ap_put_erab_id(&m->w, erabs[i].erab_id);
		s1ap_put_cause(&m->w, &erabs[i].cause);
		per_open_end(&m->w, item);
	}
	ie_end(m, ie);
}

/* UERadioCapability ::= OCTET STRING, criticality ignore wherever used. */
static void ie_radio_capability(struct msg *m, const uint8_t *cap, size_t len)
{
	size_t ie = ie_begin(&m->w, S1AP_IE_UE_RADIO_CAPABILITY, IGNORE);

	if (!cap || !len)
		per_fail(&m->w, -EINVAL);
	per_length(&m->w, len);
	per_octets(&m->w, cap, len);
	ie_end(m, ie);
}

static void ie_crit_diag(struct msg *m, const struct s1ap_crit_diag *d)
{
	size_t ie;

	if (!d)
		return;
	ie = ie_begin(&m->w, S1AP_IE_CRITICALITY_DIAGNOSTICS, IGNORE);
	s1ap_put_crit_diag(&m->w, d);
	ie_end(m, ie);
}

int s1ap_plmn_from_digits(struct s1ap_plmn *plmn, const char *mcc,
			  const char *mnc)
{
	size_t i, mnc_len = strlen(mnc);

	if (strlen(mcc) != 3 || mnc_len < 2 || mnc_len > 3)
		return -EINVAL;
	for (i = 0; i < 3; i++)
		if (!isdigit((unsigned char)mcc[i]))
			return -EINVAL;
	for (i = 0; i < mnc_len; i++)
		if (!isdigit((unsigned char)mnc[i]))
			return -EINVAL;
	/* TS 24.008 10.5.1.13: MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1, F filler */
	plmn->octets[0] = (mcc[1] - '0') << 4 | (mcc[0] - '0');
	plmn->octets[1] = (mnc_len == 3 ? mnc[2] - '0' : 0xf) << 4 |
			  (mcc[2] - '0');
	plmn->octets[2] = (mnc[1] - '0') << 4 | (mnc[0] - '0');
	return 0;
}

int s1ap_build_s1_setup_request(uint8_t *buf, size_t cap,
				const struct s1ap_s1_setup_request *r)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING, S1AP_PROC_S1_SETUP,
		  REJECT);
	ie = ie_begin(&m.w, S1AP_IE_GLOBAL_ENB_ID, REJECT);
	s1ap_put_global_enb_id(&m.w, &r->plmn, r->enb_id, r->home_enb);
	ie_end(&m, ie);
	ie_name(&m, S1AP_IE_ENB_NAME, r->enb_name);
	ie = ie_begin(&m.w, S1AP_IE_SUPPORTED_TAS, REJECT);
	s1ap_put_supported_tas(&m.w, r->tas, r->n_tas);
	ie_end(&m, ie);
	ie = ie_begin(&m.w, S1AP_IE_DEFAULT_PAGING_DRX, IGNORE);
	per_enumerated(&m.w, r->paging_drx, 4, 0, true);
	ie_end(&m, ie);
	return msg_end(&m, NULL);
}

int s1ap_build_s1_setup_response(uint8_t *buf, size_t cap,
				 const struct s1ap_s1_setup_response *r)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_SUCCESSFUL, S1AP_PROC_S1_SETUP,
		  REJECT);
	ie_name(&m, S1AP_IE_MME_NAME, r->mme_name);
	ie = ie_begin(&m.w, S1AP_IE_SERVED_GUMMEIS, REJECT);
	s1ap_put_served_gummeis(&m.w, r->gummeis, r->n_gummeis);
	ie_end(&m, ie);
	ie = ie_begin(&m.w, S1AP_IE_RELATIVE_MME_CAPACITY, IGNORE);
	per_constrained(&m.w, r->relative_capacity, 0, 255);
	ie_end(&m, ie);
	return msg_end(&m, NULL);
}

int s1ap_build_initial_ue_message(uint8_t *buf, size_t cap,
				  const struct s1ap_initial_ue_message *r,
				  size_t *nas_offset)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_INITIAL_UE_MESSAGE, IGNORE);
	ie_enb_ue_id(&m, r->enb_ue_id, REJECT);
	ie_nas_pdu(&m, &r->nas, REJECT);
	ie_tai(&m, &r->tai, REJECT);
	ie_ecgi(&m, &r->ecgi, IGNORE);
	ie = ie_begin(&m.w, S1AP_IE_RRC_ESTABLISHMENT_CAUSE, IGNORE);
	per_enumerated(&m.w, r->rrc_cause, 5, 3, true);
	ie_end(&m, ie);
	if (r->has_s_tmsi) {
		ie = ie_begin(&m.w, S1AP_IE_S_TMSI, REJECT);
		s1ap_put_s_tmsi(&m.w, r->mmec, r->m_tmsi);
		ie_end(&m, ie);
	}
	if (r->has_gummei) {
		ie = ie_begin(&m.w, S1AP_IE_GUMMEI_ID, REJECT);
		s1ap_put_gummei(&m.w, &r->gummei);
		ie_end(&m, ie);
	}
	return msg_end(&m, nas_offset);
}

int s1ap_build_uplink_nas_transport(uint8_t *buf, size_t cap,
				    const struct s1ap_uplink_nas_transport *r,
				    size_t *nas_offset)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_UPLINK_NAS_TRANSPORT, IGNORE);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_nas_pdu(&m, &r->nas, REJECT);
	ie_ecgi(&m, &r->ecgi, IGNORE);
	ie_tai(&m, &r->tai, IGNORE);
	return msg_end(&m, nas_offset);
}

int s1ap_build_downlink_nas_transport(uint8_t *buf, size_t cap,
				      const struct s1ap_downlink_nas_transport *r,
				      size_t *nas_offset)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_DOWNLINK_NAS_TRANSPORT, IGNORE);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_nas_pdu(&m, &r->nas, REJECT);
	return msg_end(&m, nas_offset);
}

int s1ap_build_initial_context_setup_request(uint8_t *buf, size_t cap,
		const struct s1ap_initial_context_setup_request *r,
		size_t *nas_offset)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_INITIAL_CONTEXT_SETUP, REJECT);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie = ie_begin(&m.w, S1AP_IE_UE_AGGREGATE_MAXIMUM_BITRATE, REJECT);
	s1ap_put_ue_ambr(&m.w, r->ue_ambr_dl, r->ue_ambr_ul);
	ie_end(&m, ie);
	ie_erab_list(&m, S1AP_IE_E_RAB_TO_BE_SETUP_LIST_CTXT_SU_REQ,
		     S1AP_IE_E_RAB_TO_BE_SETUP_ITEM_CTXT_SU_REQ, r->erabs,
		     r->n_erabs, ITEM_CTXT_SU_REQ);
	ie = ie_begin(&m.w, S1AP_IE_UE_SECURITY_CAPABILITIES, REJECT);
	s1ap_put_ue_security_capabilities(&m.w, r->eea_caps, r->eia_caps);
	ie_end(&m, ie);
	/* SecurityKey ::= BIT STRING (SIZE (256)): fixed, aligned. */
	ie = ie_begin(&m.w, S1AP_IE_SECURITY_KEY, REJECT);
	per_octets(&m.w, r->kenb, sizeof(r->kenb));
	ie_end(&m, ie);
	if (r->radio_capability_len)
		ie_radio_capability(&m, r->radio_capability,
				    r->radio_capability_len);
	return msg_end(&m, nas_offset);
}

int s1ap_build_initial_context_setup_response(uint8_t *buf, size_t cap,
		const struct s1ap_initial_context_setup_response *r)
{
	struct msg m;
	size_t ie, item, i;

	msg_begin(&m, buf, cap, S1AP_PDU_SUCCESSFUL,
		  S1AP_PROC_INITIAL_CONTEXT_SETUP, REJECT);
	ie_ue_ids(&m, &r->ids, IGNORE);
	/* E-RABSetupItemCtxtSURes ::= SEQUENCE { e-RAB-ID,
	 * transportLayerAddress, gTP-TEID, iE-Extensions OPTIONAL, ... }
	 */
	ie = ie_begin(&m.w, S1AP_IE_E_RAB_SETUP_LIST_CTXT_SU_RES, IGNORE);
	per_count(&m.w, r->n_erabs, 1, S1AP_MAX_LIST);
	for (i = 0; i < r->n_erabs && !m.w.err; i++) {
		item = ie_begin(&m.w, S1AP_IE_E_RAB_SETUP_ITEM_CTXT_SU_RES,
				IGNORE);
		per_bits(&m.w, 0, 2);
		s1ap_put_erab_id(&m.w, r->erabs[i].erab_id);
		s1ap_put_transport_address(&m.w, &r->erabs[i].enb_address);
		s1ap_put_gtp_teid(&m.w, r->erabs[i].enb_teid);
		per_open_end(&m.w, item);
	}
	ie_end(&m, ie);
	if (r->n_failed)
		ie_erab_items(&m, S1AP_IE_E_RAB_FAILED_TO_SETUP_LIST_CTXT_SU_RES,
			      r->failed, r->n_failed);
	return msg_end(&m, NULL);
}

int s1ap_build_ue_context_release_command(uint8_t *buf, size_t cap,
		const struct s1ap_ue_context_release_command *r)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_UE_CONTEXT_RELEASE, REJECT);
	ie = ie_begin(&m.w, S1AP_IE_UE_S1AP_IDS, REJECT);
	s1ap_put_ue_s1ap_ids(&m.w, &r->ids, r->mme_id_only);
	ie_end(&m, ie);
	ie_cause(&m, &r->cause, IGNORE);
	return msg_end(&m, NULL);
}

int s1ap_build_ue_context_release_complete(uint8_t *buf, size_t cap,
					   const struct s1ap_ue_ids *ids)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_SUCCESSFUL,
		  S1AP_PROC_UE_CONTEXT_RELEASE, REJECT);
	ie_ue_ids(&m, ids, IGNORE);
	return msg_end(&m, NULL);
}

int s1ap_build_ue_context_release_request(uint8_t *buf, size_t cap,
		const struct s1ap_ue_context_release_request *r)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_UE_CONTEXT_RELEASE_REQUEST, IGNORE);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_cause(&m, &r->cause, IGNORE);
	return msg_end(&m, NULL);
}

int s1ap_build_nas_non_delivery_indication(uint8_t *buf, size_t cap,
		const struct s1ap_nas_non_delivery_indication *r,
		size_t *nas_offset)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_NAS_NON_DELIVERY_INDICATION, IGNORE);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_nas_pdu(&m, &r->nas, IGNORE);
	ie_cause(&m, &r->cause, IGNORE);
	return msg_end(&m, nas_offset);
}

int s1ap_build_e_rab_setup_request(uint8_t *buf, size_t cap,
				   const struct s1ap_e_rab_setup_request *r,
				   size_t *nas_offset)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING, S1AP_PROC_E_RAB_SETUP,
		  REJECT);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_erab_list(&m, S1AP_IE_E_RAB_TO_BE_SETUP_LIST_BEARER_SU_REQ,
		     S1AP_IE_E_RAB_TO_BE_SETUP_ITEM_BEARER_SU_REQ, r->erabs,
		     r->n_erabs, ITEM_BEARER_SU_REQ);
	return msg_end(&m, nas_offset);
}

int s1ap_build_e_rab_modify_request(uint8_t *buf, size_t cap,
				    const struct s1ap_e_rab_modify_request *r,
				    size_t *nas_offset)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING, S1AP_PROC_E_RAB_MODIFY,
		  REJECT);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_erab_list(&m, S1AP_IE_E_RAB_TO_BE_MODIFIED_LIST_BEARER_MOD_REQ,
		     S1AP_IE_E_RAB_TO_BE_MODIFIED_ITEM_BEARER_MOD_REQ, r->erabs,
		     r->n_erabs, ITEM_BEARER_MOD_REQ);
	return msg_end(&m, nas_offset);
}

int s1ap_build_e_rab_release_command(uint8_t *buf, size_t cap,
				     const struct s1ap_e_rab_release_command *r,
				     size_t *nas_offset)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING, S1AP_PROC_E_RAB_RELEASE,
		  REJECT);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_erab_items(&m, S1AP_IE_E_RAB_TO_BE_RELEASED_LIST, r->erabs,
		      r->n_erabs);
	if (r->nas.len)
		ie_nas_pdu(&m, &r->nas, IGNORE);
	return msg_end(&m, nas_offset);
}

int s1ap_build_s1_setup_failure(uint8_t *buf, size_t cap,
				const struct s1ap_s1_setup_failure *r)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_UNSUCCESSFUL, S1AP_PROC_S1_SETUP,
		  REJECT);
	ie_cause(&m, &r->cause, IGNORE);
	if (r->has_time_to_wait) {
		/* TimeToWait ::= ENUMERATED {v1s, .., v60s, ...} */
		ie = ie_begin(&m.w, S1AP_IE_TIME_TO_WAIT, IGNORE);
		per_enumerated(&m.w, r->time_to_wait, 6, 0, true);
		ie_end(&m, ie);
	}
	ie_crit_diag(&m, r->diag);
	return msg_end(&m, NULL);
}

int s1ap_build_initial_context_setup_failure(uint8_t *buf, size_t cap,
		const struct s1ap_initial_context_setup_failure *r)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_UNSUCCESSFUL,
		  S1AP_PROC_INITIAL_CONTEXT_SETUP, REJECT);
	ie_ue_ids(&m, &r->ids, IGNORE);
	ie_cause(&m, &r->cause, IGNORE);
	ie_crit_diag(&m, r->diag);
	return msg_end(&m, NULL);
}

int s1ap_build_ue_capability_info_indication(uint8_t *buf, size_t cap,
		const struct s1ap_ue_capability_info_indication *r)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_UE_CAPABILITY_INFO_INDICATION, IGNORE);
	ie_ue_ids(&m, &r->ids, REJECT);
	ie_radio_capability(&m, r->radio_capability, r->radio_capability_len);
	return msg_end(&m, NULL);
}

int s1ap_build_error_indication(uint8_t *buf, size_t cap,
				const struct s1ap_error_indication *r)
{
	struct msg m;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING,
		  S1AP_PROC_ERROR_INDICATION, IGNORE);
	if (r->has_mme_ue_id)
		ie_mme_ue_id(&m, r->ids.mme_ue_id, IGNORE);
	if (r->has_enb_ue_id)
		ie_enb_ue_id(&m, r->ids.enb_ue_id, IGNORE);
	if (r->has_cause)
		ie_cause(&m, &r->cause, IGNORE);
	ie_crit_diag(&m, r->diag);
	return msg_end(&m, NULL);
}

/* UE-associatedLogicalS1-ConnectionListRes(Ack): SEQUENCE (SIZE (1..256))
 * OF ProtocolIE-SingleContainer of UE-associatedLogicalS1-ConnectionItem.
 */
static void put_s1_connections(struct msg *m,
			       const struct s1ap_s1_connection *c, size_t n,
			       unsigned int crit)
{
	size_t item, i;

	per_count(&m->w, n, 1, S1AP_MAX_RESET_CONNECTIONS);
	for (i = 0; i < n && !m->w.err; i++) {
		item = ie_begin(&m->w,
				S1AP_IE_UE_ASSOCIATED_LOGICAL_S1_CONNECTION_ITEM,
				crit);
		s1ap_put_s1_connection(&m->w, &c[i]);
		per_open_end(&m->w, item);
	}
}

int s1ap_build_reset(uint8_t *buf, size_t cap, const struct s1ap_reset *r)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_INITIATING, S1AP_PROC_RESET, REJECT);
	ie_cause(&m, &r->cause, IGNORE);
	/* ResetType ::= CHOICE { s1-Interface ENUMERATED {reset-all, ...},
	 * partOfS1-Interface UE-associatedLogicalS1-ConnectionListRes, ... }
	 */
	ie = ie_begin(&m.w, S1AP_IE_RESET_TYPE, REJECT);
	per_bits(&m.w, 0, 1);
	per_bits(&m.w, !r->all, 1);
	if (r->all)
		per_enumerated(&m.w, 0, 1, 0, true);
	else
		put_s1_connections(&m, r->conns, r->n_conns, REJECT);
	ie_end(&m, ie);
	return msg_end(&m, NULL);
}

int s1ap_build_reset_acknowledge(uint8_t *buf, size_t cap,
				 const struct s1ap_reset_acknowledge *r)
{
	struct msg m;
	size_t ie;

	msg_begin(&m, buf, cap, S1AP_PDU_SUCCESSFUL, S1AP_PROC_RESET, REJECT);
	if (r->n_conns) {
		ie = ie_begin(&m.w,
			      S1AP_IE_UE_ASSOCIATED_LOGICAL_S1_CONNECTION_LIST_RES_ACK,
			      IGNORE);
		put_s1_connections(&m, r->conns, r->n_conns, IGNORE);
		ie_end(&m, ie);
	}
	ie_crit_diag(&m, r->diag);
	return msg_end(&m, NULL);
}
