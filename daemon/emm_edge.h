/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EMM state machines' I/O edge: uplink NAS (already checked by the NAS
 * security backend) decoded into emm events, and emm actions carried out:
 * NAS messages encoded and sent inside S1AP, named for protection, context
 * slots loaded and dropped, vectors fetched from the store, timers armed.
 */
#ifndef NASSECD_EMM_EDGE_H
#define NASSECD_EMM_EDGE_H

#include <stddef.h>
#include <stdint.h>

#include "mme.h"

void edge_init(struct mme *m);

/*
 * An uplink NAS-PDU of ue with what NAS security found: verdict, the
 * estimated COUNT, NASSEC_PDU_F_* flags. With verdict OK the inner message
 * is deciphered in place. initial: it came in an Initial UE Message (a
 * new NAS signalling connection, TS 24.301 4.4.4.3).
 */
void edge_uplink_nas(struct mme *m, struct mme_ue *ue, const uint8_t *pdu, size_t len,
		     uint32_t verdict, uint32_t count, uint32_t flags, bool initial);

/* Any other event (S1 ones, CLI commands): steps the UE and runs the actions. */
void edge_event(struct mme *m, struct mme_ue *ue, const struct emm_event *ev);

/* A plain S1AP-only answer: downlink NAS transport of an EMM STATUS. */
void edge_send_emm_status(struct mme *m, struct mme_ue *ue, uint8_t cause);

#endif /* NASSECD_EMM_EDGE_H */
