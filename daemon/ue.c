// SPDX-License-Identifier: GPL-2.0
/* The UE table: UEs and their three indexes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ue.h"

void ue_table_init(struct ue_table *t)
{
	memset(t, 0, sizeof(*t));
	idmap_init(&t->by_id);
	idmap_init(&t->by_imsi);
	idmap_init(&t->by_mtmsi);
	t->next_id = 1;
}

static void ue_release_memory(struct mme_ue *ue)
{
	sd_event_source_disable_unref(ue->timer);
	free(ue->radio_cap);
	/* The UE struct holds the vector (RAND, XRES, KASME) during AKA. */
	explicit_bzero(ue, sizeof(*ue));
	free(ue);
}

void ue_table_free(struct ue_table *t)
{
	for (size_t i = 0; t->by_id.slots && i <= t->by_id.mask; i++)
		if (t->by_id.slots[i].value)
			ue_release_memory(t->by_id.slots[i].value);
	idmap_free(&t->by_id);
	idmap_free(&t->by_imsi);
	idmap_free(&t->by_mtmsi);
	t->count = 0;
}

uint64_t ue_imsi_key(const char *imsi)
{
	uint64_t v = 0;
	size_t n = strlen(imsi);

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(imsi[i] - '0');
	return v | (uint64_t)n << 56;
}

struct mme_ue *ue_new(struct ue_table *t)
{
	struct mme_ue *ue = calloc(1, sizeof(*ue));

	if (!ue)
		return NULL;
	/* MME-UE-S1AP-ID 0..2^32-1; 0 is kept for "none" in verdicts. */
	do {
		ue->id = t->next_id++;
		if (!t->next_id)
			t->next_id = 1;
	} while (!ue->id || idmap_get(&t->by_id, ue->id));
	if (idmap_put(&t->by_id, ue->id, ue)) {
		free(ue);
		return NULL;
	}
	emm_ue_init(&ue->emm);
	t->count++;
	return ue;
}

void ue_free(struct ue_table *t, struct mme_ue *ue)
{
	if (ue->imsi_key && idmap_get(&t->by_imsi, ue->imsi_key) == ue)
		idmap_del(&t->by_imsi, ue->imsi_key);
	if (ue->in_mtmsi && idmap_get(&t->by_mtmsi, ue->mtmsi_key) == ue)
		idmap_del(&t->by_mtmsi, ue->mtmsi_key);
	idmap_del(&t->by_id, ue->id);
	t->count--;
	ue_release_memory(ue);
}

struct mme_ue *ue_by_id(const struct ue_table *t, uint32_t id)
{
	return idmap_get(&t->by_id, id);
}

struct mme_ue *ue_by_imsi(const struct ue_table *t, const char *imsi)
{
	return idmap_get(&t->by_imsi, ue_imsi_key(imsi));
}

struct mme_ue *ue_by_mtmsi(const struct ue_table *t, uint32_t mtmsi)
{
	return idmap_get(&t->by_mtmsi, mtmsi);
}

int ue_reindex(struct ue_table *t, struct mme_ue *ue)
{
	uint64_t key = ue->emm.flags & EMM_UE_F_IMSI ? ue_imsi_key(ue->emm.imsi) : 0;
	bool has_guti = ue->emm.flags & EMM_UE_F_GUTI;
	int err = 0;

	if (key != ue->imsi_key) {
		if (ue->imsi_key && idmap_get(&t->by_imsi, ue->imsi_key) == ue)
			idmap_del(&t->by_imsi, ue->imsi_key);
		ue->imsi_key = 0;
		/* A UE with this IMSI elsewhere: the newer one takes the index. */
		if (key && !(err = idmap_put(&t->by_imsi, key, ue)))
			ue->imsi_key = key;
	}
	if (ue->in_mtmsi && (!has_guti || ue->mtmsi_key != ue->emm.guti.mtmsi)) {
		if (idmap_get(&t->by_mtmsi, ue->mtmsi_key) == ue)
			idmap_del(&t->by_mtmsi, ue->mtmsi_key);
		ue->in_mtmsi = false;
	}
	if (has_guti && !ue->in_mtmsi) {
		int e = idmap_put(&t->by_mtmsi, ue->emm.guti.mtmsi, ue);

		if (!e) {
			ue->mtmsi_key = ue->emm.guti.mtmsi;
			ue->in_mtmsi = true;
		}
		err = err ?: e;
	}
	return err;
}

size_t ue_bytes_per_ue(const struct ue_table *t)
{
	size_t idx = idmap_bytes(&t->by_id) + idmap_bytes(&t->by_imsi) +
		     idmap_bytes(&t->by_mtmsi);

	/* malloc rounds a block up to 16 octets and keeps 8 of its own. */
	return (sizeof(struct mme_ue) + 8 + 15) / 16 * 16 + (t->count ? idx / t->count : 0);
}
