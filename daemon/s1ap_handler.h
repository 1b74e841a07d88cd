/* SPDX-License-Identifier: GPL-2.0 */
/* S1AP handling: what the S1-MME path delivers, per eNB and per UE. */
#ifndef NASSECD_S1AP_HANDLER_H
#define NASSECD_S1AP_HANDLER_H

#include <stddef.h>
#include <stdint.h>
#include <nassec/nassec.h>

#include "mme.h"

void s1h_message(struct mme *m, uint32_t assoc_id, uint16_t stream, uint8_t *buf,
		 size_t len, const struct nassec_verdict_info *vi);
void s1h_assoc_up(struct mme *m, uint32_t assoc_id, uint16_t in, uint16_t out);
void s1h_assoc_down(struct mme *m, uint32_t assoc_id);

#endif /* NASSECD_S1AP_HANDLER_H */
