// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the S1AP walker: any input must yield one of the
 * defined statuses, and on success a NAS-PDU that lies inside the input.
 * Out-of-bounds reads are ASan's to catch (the input buffer is exact).
 */
#include <stdint.h>
#include <stdlib.h>

#include "s1ap.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct s1ap_info info;
	int r = s1ap_walk(data, size, &info);

	switch (r) {
	case S1AP_OK:
		check(info.nas_count >= 1 && info.nas_len >= 1);
		check(info.nas_offset <= size &&
		      info.nas_len <= size - info.nas_offset);
		check(info.nas_dir == S1AP_NAS_UPLINK ||
		      info.nas_dir == S1AP_NAS_DOWNLINK);
		check(info.pdu_type == S1AP_PDU_INITIATING);
		break;
	case S1AP_ENONAS:
		check(info.nas_count == 0 && info.nas_dir == S1AP_NAS_NONE);
		break;
	case S1AP_ETRUNCATED:
	case S1AP_EMALFORMED:
	case S1AP_EUNSUPPORTED:
		break;
	default:
		abort();
	}
	if (r == S1AP_OK || r == S1AP_ENONAS)
		check(info.pdu_type <= S1AP_PDU_UNSUCCESSFUL &&
		      info.criticality <= S1AP_CRIT_NOTIFY &&
		      (!info.has_enb_ue_id || info.enb_ue_id <= 0xffffff));
	return 0;
}
