// SPDX-License-Identifier: GPL-2.0
/*
 * The UE table at a million registered UEs: every UE found by id, IMSI and
 * M-TMSI, and what each costs in daemon memory (malloc's own count, not an
 * estimate), which must stay small (issue: state per registered UE).
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ue.h"

#define N_UE	1000000

int main(void)
{
	struct mallinfo2 before, after;
	struct ue_table t;
	size_t missing = 0, per_ue;

	ue_table_init(&t);
	before = mallinfo2();
	for (unsigned int i = 0; i < N_UE; i++) {
		struct mme_ue *ue = ue_new(&t);

		if (!ue)
			break;
		snprintf(ue->emm.imsi, sizeof(ue->emm.imsi), "0010100%08u", i);
		ue->emm.guti.mtmsi = 0xc0000000u + i * 7919u;
		ue->emm.flags |= EMM_UE_F_IMSI | EMM_UE_F_GUTI;
		ue->emm.state = EMM_REGISTERED;
		ue_reindex(&t, ue);
	}
	after = mallinfo2();
	tap_result(t.count == N_UE, "%llu UEs registered", (unsigned long long)t.count);
	for (unsigned int i = 0; i < N_UE; i += 997) {
		char imsi[16];
		struct mme_ue *ue = ue_by_id(&t, i + 1);

		snprintf(imsi, sizeof(imsi), "0010100%08u", i);
		missing += !ue || ue_by_imsi(&t, imsi) != ue ||
			   ue_by_mtmsi(&t, 0xc0000000u + i * 7919u) != ue;
	}
	tap_result(!missing, "every sampled UE found by id, IMSI and M-TMSI (%zu missing)", missing);
	/* Small blocks (uordblks) and the mmap'd index tables (hblkhd). */
	per_ue = (after.uordblks + after.hblkhd - before.uordblks - before.hblkhd) / N_UE;
	tap_diag("sizeof(struct mme_ue) %zu, sizeof(struct emm_ue) %zu", sizeof(struct mme_ue),
		 sizeof(struct emm_ue));
	tap_result(per_ue < 512, "%zu octets of heap per registered UE (malloc's count; %zu by "
		   "ue_bytes_per_ue)", per_ue, ue_bytes_per_ue(&t));
	ue_table_free(&t);
	return tap_finish();
}
