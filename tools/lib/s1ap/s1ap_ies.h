/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encoders of the S1AP information element types (TS 36.413 9.2 / 9.3.4)
 * the builders use. Internal to libs1ap. Range violations set -EINVAL on
 * the writer.
 */
#ifndef NASSEC_S1AP_IES_H
#define NASSEC_S1AP_IES_H

#include "per_write.h"
#include "s1ap_build.h"

void s1ap_put_mme_ue_id(struct per_writer *w, uint32_t id);
void s1ap_put_enb_ue_id(struct per_writer *w, uint32_t id);
void s1ap_put_plmn(struct per_writer *w, const struct s1ap_plmn *plmn);
void s1ap_put_tai(struct per_writer *w, const struct s1ap_tai *tai);
void s1ap_put_ecgi(struct per_writer *w, const struct s1ap_ecgi *ecgi);
void s1ap_put_cause(struct per_writer *w, const struct s1ap_cause *cause);
/* NAS-PDU: length, then the octets; marks the first one's offset. */
void s1ap_put_nas_pdu(struct per_writer *w, const struct s1ap_nas *nas);
void s1ap_put_bit_rate(struct per_writer *w, uint64_t bps);
void s1ap_put_erab_id(struct per_writer *w, uint8_t id);
void s1ap_put_erab_qos(struct per_writer *w, const struct s1ap_erab_qos *qos);
void s1ap_put_transport_address(struct per_writer *w,
				const struct s1ap_transport_address *a);
void s1ap_put_gtp_teid(struct per_writer *w, uint32_t teid);
/* ENBname / MMEname: PrintableString (SIZE (1..150, ...)). */
void s1ap_put_name(struct per_writer *w, const char *name);
void s1ap_put_global_enb_id(struct per_writer *w, const struct s1ap_plmn *plmn,
			    uint32_t enb_id, bool home);
void s1ap_put_supported_tas(struct per_writer *w,
			    const struct s1ap_supported_ta *tas, size_t n);
void s1ap_put_served_gummeis(struct per_writer *w,
			     const struct s1ap_served_gummei *g, size_t n);
void s1ap_put_ue_ambr(struct per_writer *w, uint64_t dl, uint64_t ul);
void s1ap_put_ue_security_capabilities(struct per_writer *w, uint16_t eea,
				       uint16_t eia);
void s1ap_put_s_tmsi(struct per_writer *w, uint8_t mmec, uint32_t m_tmsi);
void s1ap_put_gummei(struct per_writer *w, const struct s1ap_gummei *g);
void s1ap_put_crit_diag(struct per_writer *w, const struct s1ap_crit_diag *d);
void s1ap_put_s1_connection(struct per_writer *w,
			    const struct s1ap_s1_connection *c);
void s1ap_put_ue_s1ap_ids(struct per_writer *w, const struct s1ap_ue_ids *ids,
			  bool mme_id_only);

#endif /* NASSEC_S1AP_IES_H */
