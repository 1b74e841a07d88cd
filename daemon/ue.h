/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UEs nassecd knows: registered ones (kept small, with their kernel
 * context for the next procedure) and those in a procedure. A UE's id is
 * its MME-UE-S1AP-ID on every S1 connection it has and the id of its
 * nassec.ko context, so a released UE comes back to the same context.
 */
#ifndef NASSECD_UE_H
#define NASSECD_UE_H

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-event.h>

#include "emm.h"
#include "eps_kdf.h"
#include "idmap.h"

#define UE_RADIO_CAP_MAX	8192	/* UE Capability Info Indication kept */

struct mme_ue {
	struct emm_ue emm;
	uint32_t id;			/* MME-UE-S1AP-ID, kernel context id */
	uint32_t enb_ue_id;		/* valid while assoc_id != 0 */
	uint32_t assoc_id;		/* the eNB's SCTP association, 0: no S1 connection */
	uint16_t stream;		/* SCTP stream the eNB uses for this UE */
	bool kctx;			/* nassec.ko holds a context for id */
	bool in_mtmsi;
	uint64_t imsi_key;		/* in the IMSI index, 0: not */
	uint32_t mtmsi_key;		/* in the M-TMSI index with this M-TMSI */
	uint32_t teid;			/* S1-U TEID handed out, 0: none */
	/* TS 33.401 Annex I over the last ATTACH REQUEST, for the SMC's HashMME. */
	uint8_t hash_mme[KDF_HASH_MME_LEN];
	sd_event_source *timer;
	uint8_t *radio_cap;		/* UE Capability Info Indication, malloc'd */
	uint16_t radio_cap_len;
	char imeisv[EMM_IMEISV_LEN + 1];
};

struct ue_table {
	struct idmap by_id, by_imsi, by_mtmsi;
	uint32_t next_id;
	uint64_t count;
};

void ue_table_init(struct ue_table *t);
/* Frees every UE (timers already gone with the event loop). */
void ue_table_free(struct ue_table *t);

/* A new UE with a fresh id; NULL when out of memory. */
struct mme_ue *ue_new(struct ue_table *t);
/* Removes it from every index and frees it (its timer too). */
void ue_free(struct ue_table *t, struct mme_ue *ue);

struct mme_ue *ue_by_id(const struct ue_table *t, uint32_t id);
struct mme_ue *ue_by_imsi(const struct ue_table *t, const char *imsi);
struct mme_ue *ue_by_mtmsi(const struct ue_table *t, uint32_t mtmsi);

/* Brings the IMSI and M-TMSI indexes in line with ue->emm (after a step). */
int ue_reindex(struct ue_table *t, struct mme_ue *ue);

/* IMSI digits as an index key (length in the top octet: leading zeros count). */
uint64_t ue_imsi_key(const char *imsi);

/* Octets nassecd holds for one idle registered UE (struct and indexes). */
size_t ue_bytes_per_ue(const struct ue_table *t);

#endif /* NASSECD_UE_H */
