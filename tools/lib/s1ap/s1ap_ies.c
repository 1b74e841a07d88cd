// SPDX-License-Identifier: GPL-2.0
/*
 * S1AP IE encoders. Each comment gives the ASN.1 (TS 36.413 9.3.4) and
 * the X.691 rule that shapes the bits: extension bits and option bitmaps
 * first, fixed-size strings up to 16 bits unaligned, longer ones aligned.
 */
#include <errno.h>
#include <string.h>

#include "s1ap_ies.h"

/* Sequence preamble: extension bit (always 0 here) and option bits. */
static void put_preamble(struct per_writer *w, unsigned int options,
			 unsigned int n_options)
{
	per_bits(w, 0, 1);
	per_bits(w, options, n_options);
}

/* MME-UE-S1AP-ID ::= INTEGER (0..4294967295) */
void s1ap_put_mme_ue_id(struct per_writer *w, uint32_t id)
{
	per_large_uint(w, id, 2, 4);
}

/* ENB-UE-S1AP-ID ::= INTEGER (0..16777215) */
void s1ap_put_enb_ue_id(struct per_writer *w, uint32_t id)
{
	if (id > 0xffffff) {
		per_fail(w, -EINVAL);
		return;
	}
	per_large_uint(w, id, 2, 3);
}

/* PLMNidentity ::= OCTET STRING (SIZE (3)): fixed, > 2 octets: aligned. */
void s1ap_put_plmn(struct per_writer *w, const struct s1ap_plmn *plmn)
{
	per_octets(w, plmn->octets, 3);
}

/* TAI ::= SEQUENCE { pLMNidentity, tAC OCTET STRING (SIZE (2)), iE-Ext.. } */
void s1ap_put_tai(struct per_writer *w, const struct s1ap_tai *tai)
{
	put_preamble(w, 0, 1);
	s1ap_put_plmn(w, &tai->plmn);
	per_bits(w, tai->tac, 16);
}

/* EUTRAN-CGI ::= SEQUENCE { pLMNidentity, cell-ID BIT STRING (SIZE (28)),
 * iE-Extensions OPTIONAL, ... }
 */
void s1ap_put_ecgi(struct per_writer *w, const struct s1ap_ecgi *ecgi)
{
	if (ecgi->cell_id > 0x0fffffff) {
		per_fail(w, -EINVAL);
		return;
	}
	put_preamble(w, 0, 1);
	s1ap_put_plmn(w, &ecgi->plmn);
	per_align(w);
	per_bits(w, ecgi->cell_id, 28);
}

/*
 * Cause ::= CHOICE { radioNetwork, transport, nas, protocol, misc, ... }
 * of ENUMERATEDs; root and extension sizes per group (TS 36.413 9.3.4).
 */
void s1ap_put_cause(struct per_writer *w, const struct s1ap_cause *cause)
{
	static const struct {
		unsigned char root, extensions;
	} groups[] = {
		[S1AP_CAUSE_RADIO_NETWORK] = { 36, 8 },
		[S1AP_CAUSE_TRANSPORT] = { 2, 0 },
		[S1AP_CAUSE_NAS] = { 4, 2 },
		[S1AP_CAUSE_PROTOCOL] = { 7, 0 },
		[S1AP_CAUSE_MISC] = { 6, 0 },
	};

	if (cause->group > S1AP_CAUSE_MISC) {
		per_fail(w, -EINVAL);
		return;
	}
	per_bits(w, 0, 1);
	per_bits(w, cause->group, 3);
	per_enumerated(w, cause->value, groups[cause->group].root,
		       groups[cause->group].extensions, true);
}

/* NAS-PDU ::= OCTET STRING */
void s1ap_put_nas_pdu(struct per_writer *w, const struct s1ap_nas *nas)
{
	if (!nas->len || !nas->data) {
		per_fail(w, -EINVAL);
		return;
	}
	per_length(w, nas->len);
	per_mark(w);
	per_octets(w, nas->data, nas->len);
}

/* BitRate ::= INTEGER (0..10000000000): 1..5 octets. */
void s1ap_put_bit_rate(struct per_writer *w, uint64_t bps)
{
	if (bps > 10000000000ull) {
		per_fail(w, -EINVAL);
		return;
	}
	per_large_uint(w, bps, 3, 5);
}

/* E-RAB-ID ::= INTEGER (0..15, ...) */
void s1ap_put_erab_id(struct per_writer *w, uint8_t id)
{
	per_bits(w, 0, 1);
	per_constrained(w, id, 0, 15);
}

/*
 * E-RABLevelQoSParameters ::= SEQUENCE { qCI INTEGER (0..255),
 *	allocationRetentionPriority SEQUENCE { priorityLevel INTEGER (0..15),
 *		pre-emptionCapability, pre-emptionVulnerability, iE-Ext.., ... },
 *	gbrQosInformation OPTIONAL, iE-Extensions OPTIONAL, ... }
 */
void s1ap_put_erab_qos(struct per_writer *w, const struct s1ap_erab_qos *qos)
{
	put_preamble(w, qos->gbr ? 2 : 0, 2);
	per_constrained(w, qos->qci, 0, 255);
	put_preamble(w, 0, 1);
	per_constrained(w, qos->priority_level, 0, 15);
	per_bits(w, qos->may_trigger_preemption, 1);
	per_bits(w, qos->preemptable, 1);
	if (qos->gbr) {
		put_preamble(w, 0, 1);
		s1ap_put_bit_rate(w, qos->gbr->mbr_dl);
		s1ap_put_bit_rate(w, qos->gbr->mbr_ul);
		s1ap_put_bit_rate(w, qos->gbr->gbr_dl);
		s1ap_put_bit_rate(w, qos->gbr->gbr_ul);
	}
}

/* TransportLayerAddress ::= BIT STRING (SIZE (1..160, ...)) */
void s1ap_put_transport_address(struct per_writer *w,
				const struct s1ap_transport_address *a)
{
	/* TS 36.414 5.1: 32 (IPv4), 128 (IPv6) or 160 (both) bits. */
	if (a->len != 4 && a->len != 16 && a->len != 20) {
		per_fail(w, -EINVAL);
		return;
	}
	per_bits(w, 0, 1);
	per_constrained(w, a->len * 8u, 1, 160);
	per_octets(w, a->octets, a->len);
}

/* GTP-TEID ::= OCTET STRING (SIZE (4)) */
void s1ap_put_gtp_teid(struct per_writer *w, uint32_t teid)
{
	per_align(w);
	per_bits(w, teid, 32);
}

/* PrintableString characters (X.680 41.4). */
static bool printable(const char *s)
{
	for (; *s; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || strchr(" '()+,-./:=?", *s)))
			return false;
	}
	return true;
}

/* PrintableString (SIZE (1..150, ...)): 8 bits per character, aligned. */
void s1ap_put_name(struct per_writer *w, const char *name)
{
	size_t len = strlen(name);

	if (!len || len > 150 || !printable(name)) {
		per_fail(w, -EINVAL);
		return;
	}
	per_bits(w, 0, 1);
	per_constrained(w, (uint32_t)len, 1, 150);
	per_octets(w, name, len);
}

/* Global-ENB-ID ::= SEQUENCE { pLMNidentity, eNB-ID CHOICE {
 * macroENB-ID BIT STRING (SIZE (20)), homeENB-ID BIT STRING (SIZE (28)),
 * ... }, iE-Extensions OPTIONAL, ... }
 */
void s1ap_put_global_enb_id(struct per_writer *w, const struct s1ap_plmn *plmn,
			    uint32_t enb_id, bool home)
{
	unsigned int bits = home ? 28 : 20;

	if (enb_id >> bits) {
		per_fail(w, -EINVAL);
		return;
	}
	put_preamble(w, 0, 1);
	s1ap_put_plmn(w, plmn);
	per_bits(w, 0, 1);
	per_bits(w, home, 1);
	per_align(w);
	per_bits(w, enb_id, bits);
}

/* SupportedTAs ::= SEQUENCE (SIZE (1..256)) OF SEQUENCE { tAC,
 * broadcastPLMNs SEQUENCE (SIZE (1..6)) OF PLMNidentity, iE-Ext.., ... }
 */
void s1ap_put_supported_tas(struct per_writer *w,
			    const struct s1ap_supported_ta *tas, size_t n)
{
	size_t i, j;

	per_count(w, n, 1, 256);
	for (i = 0; i < n && !w->err; i++) {
		put_preamble(w, 0, 1);
		per_bits(w, tas[i].tac, 16);
		per_count(w, tas[i].n_bplmns, 1, 6);
		for (j = 0; j < tas[i].n_bplmns && !w->err; j++)
			s1ap_put_plmn(w, &tas[i].bplmns[j]);
	}
}

/* ServedGUMMEIs ::= SEQUENCE (SIZE (1..8)) OF SEQUENCE {
 * servedPLMNs (1..32 PLMNidentity), servedGroupIDs (1..65535 OCTET STRING
 * (SIZE (2))), servedMMECs (1..256 OCTET STRING (SIZE (1))), iE-Ext.., ... }
 */
void s1ap_put_served_gummeis(struct per_writer *w,
			     const struct s1ap_served_gummei *g, size_t n)
{
	size_t i, j;

	per_count(w, n, 1, 8);
	for (i = 0; i < n && !w->err; i++) {
		put_preamble(w, 0, 1);
		per_count(w, g[i].n_plmns, 1, 32);
		for (j = 0; j < g[i].n_plmns && !w->err; j++)
			s1ap_put_plmn(w, &g[i].plmns[j]);
		per_count(w, g[i].n_mme_group_ids, 1, 65535);
		for (j = 0; j < g[i].n_mme_group_ids && !w->err; j++)
			per_bits(w, g[i].mme_group_ids[j], 16);
		per_count(w, g[i].n_mme_codes, 1, 256);
		for (j = 0; j < g[i].n_mme_codes && !w->err; j++)
			per_bits(w, g[i].mme_codes[j], 8);
	}
}

/* UEAggregateMaximumBitrate ::= SEQUENCE { DL BitRate, UL BitRate, ... } */
void s1ap_put_ue_ambr(struct per_writer *w, uint64_t dl, uint64_t ul)
{
	put_preamble(w, 0, 1);
	s1ap_put_bit_rate(w, dl);
	s1ap_put_bit_rate(w, ul);
}

/* UESecurityCapabilities ::= SEQUENCE { encryptionAlgorithms BIT STRING
 * (SIZE (16, ...)), integrityProtectionAlgorithms BIT STRING (SIZE (16,
 * ...)), iE-Extensions OPTIONAL, ... }: 16 bits are not aligned.
 */
void s1ap_put_ue_security_capabilities(struct per_writer *w, uint16_t eea,
				       uint16_t eia)
{
	put_preamble(w, 0, 1);
	per_bits(w, 0, 1);
	per_bits(w, eea, 16);
	per_bits(w, 0, 1);
	per_bits(w, eia, 16);
}

/* S-TMSI ::= SEQUENCE { mMEC OCTET STRING (SIZE (1)), m-TMSI OCTET STRING
 * (SIZE (4)), iE-Extensions OPTIONAL, ... }
 */
void s1ap_put_s_tmsi(struct per_writer *w, uint8_t mmec, uint32_t m_tmsi)
{
	put_preamble(w, 0, 1);
	per_bits(w, mmec, 8);
	per_align(w);
	per_bits(w, m_tmsi, 32);
}

/* UE-S1AP-IDs ::= CHOICE { uE-S1AP-ID-pair SEQUENCE { mME-UE-S1AP-ID,
 * eNB-UE-S1AP-ID, iE-Extensions OPTIONAL, ... }, mME-UE-S1AP-ID, ... }
 */
void s1ap_put_ue_s1ap_ids(struct per_writer *w, const struct s1ap_ue_ids *ids,
			  bool mme_id_only)
{
	per_bits(w, 0, 1);
	per_bits(w, mme_id_only, 1);
	if (mme_id_only) {
		s1ap_put_mme_ue_id(w, ids->mme_ue_id);
		return;
	}
	put_preamble(w, 0, 1);
	s1ap_put_mme_ue_id(w, ids->mme_ue_id);
	s1ap_put_enb_ue_id(w, ids->enb_ue_id);
}

/* GUMMEI ::= SEQUENCE { pLMN-Identity, mME-Group-ID OCTET STRING (SIZE (2)),
 * mME-Code OCTET STRING (SIZE (1)), iE-Extensions OPTIONAL, ... }
 */
void s1ap_put_gummei(struct per_writer *w, const struct s1ap_gummei *g)
{
	put_preamble(w, 0, 1);
	s1ap_put_plmn(w, &g->plmn);
	per_bits(w, g->mme_group_id, 16);
	per_bits(w, g->mme_code, 8);
}

/*
 * CriticalityDiagnostics ::= SEQUENCE { procedureCode OPTIONAL,
 *	triggeringMessage ENUMERATED {3 values} OPTIONAL,
 *	procedureCriticality OPTIONAL,
 *	iEsCriticalityDiagnostics SEQUENCE (SIZE (1..256)) OF SEQUENCE {
 *		iECriticality, iE-ID, typeOfError ENUMERATED {not-understood,
 *		missing, ...}, iE-Extensions OPTIONAL, ... } OPTIONAL,
 *	iE-Extensions OPTIONAL, ... }
 */
void s1ap_put_crit_diag(struct per_writer *w, const struct s1ap_crit_diag *d)
{
	unsigned int i;

	if (d->n_ies > S1AP_CRIT_DIAG_MAX_IES ||
	    (d->has_triggering_message && d->triggering_message > 2) ||
	    (d->has_procedure_criticality && d->procedure_criticality > 2)) {
		per_fail(w, -EINVAL);
		return;
	}
	put_preamble(w, d->has_procedure_code << 4 |
		     d->has_triggering_message << 3 |
		     d->has_procedure_criticality << 2 | (d->n_ies != 0) << 1,
		     5);
	if (d->has_procedure_code)
		per_constrained(w, d->procedure_code, 0, 255);
	if (d->has_triggering_message)
		per_bits(w, d->triggering_message, 2);
	if (d->has_procedure_criticality)
		per_bits(w, d->procedure_criticality, 2);
	if (!d->n_ies)
		return;
	per_count(w, d->n_ies, 1, 256);
	for (i = 0; i < d->n_ies && !w->err; i++) {
		if (d->ies[i].criticality > 2 || d->ies[i].type_of_error > 1) {
			per_fail(w, -EINVAL);
			return;
		}
		put_preamble(w, 0, 1);
		per_bits(w, d->ies[i].criticality, 2);
		per_constrained(w, d->ies[i].ie_id, 0, 65535);
		per_enumerated(w, d->ies[i].type_of_error, 2, 0, true);
	}
}

/* UE-associatedLogicalS1-ConnectionItem ::= SEQUENCE { mME-UE-S1AP-ID
 * OPTIONAL, eNB-UE-S1AP-ID OPTIONAL, iE-Extensions OPTIONAL, ... }
 */
void s1ap_put_s1_connection(struct per_writer *w,
			    const struct s1ap_s1_connection *c)
{
	put_preamble(w, c->has_mme_ue_id << 2 | c->has_enb_ue_id << 1, 3);
	if (c->has_mme_ue_id)
		s1ap_put_mme_ue_id(w, c->ids.mme_ue_id);
	if (c->has_enb_ue_id)
		s1ap_put_enb_ue_id(w, c->ids.enb_ue_id);
}
