/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the emm*.c files only: one step's context and the procedure entry points. */
#ifndef NASSEC_EMM_INT_H
#define NASSEC_EMM_INT_H

#include "emm.h"

struct emm_step_ctx {
	const struct emm_env *env;
	const struct emm_config *cfg;
	struct emm_ue *ue;
	uint64_t now;
	struct emm_actions *out;
	struct emm_action scratch;	/* absorbs actions past EMM_MAX_ACTIONS */
};

struct emm_action *emm_emit(struct emm_step_ctx *c, uint8_t type);
void emm_count(struct emm_step_ctx *c, uint8_t ctr);
void emm_timer_start(struct emm_step_ctx *c, uint8_t id);
void emm_timer_again(struct emm_step_ctx *c);
void emm_timer_stop(struct emm_step_ctx *c);
/* Security header for a downlink message on this connection (24.301 4.4.4.2). */
uint8_t emm_dl_sec_hdr(const struct emm_ue *ue);
struct emm_nas_out *emm_send(struct emm_step_ctx *c, uint8_t msg_type);
void emm_release(struct emm_step_ctx *c, uint8_t group, uint8_t value);
void emm_wipe_vector(struct emm_ue *ue);
void emm_drop_new_slot(struct emm_step_ctx *c);
void emm_free_pdn(struct emm_step_ctx *c);
void emm_memzero(void *p, size_t n);
/* Expiry bookkeeping: true when this expiry is the last one (abort). */
bool emm_timer_exhausted(struct emm_step_ctx *c, uint8_t retx);

/* emm_attach.c */
void emm_attach_request(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_attach_identity(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_attach_security_done(struct emm_step_ctx *c);
void emm_attach_replayed(struct emm_step_ctx *c, const struct emm_attach_req *r);
void emm_attach_esm_info(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_attach_complete(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_attach_timer(struct emm_step_ctx *c);
void emm_attach_reject(struct emm_step_ctx *c, uint8_t cause, uint8_t esm_cause);
void emm_attach_fail(struct emm_step_ctx *c, uint8_t reason, uint8_t cause);
void emm_identity_start(struct emm_step_ctx *c);

/* emm_auth.c */
void emm_auth_start(struct emm_step_ctx *c);
void emm_auth_vector(struct emm_step_ctx *c, const struct emm_aka_vec *v);
void emm_auth_response(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_auth_failure(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_auth_timer(struct emm_step_ctx *c);
void emm_auth_reject(struct emm_step_ctx *c);
uint8_t emm_next_ksi(const struct emm_ue *ue);

/* emm_smc.c */
void emm_smc_start(struct emm_step_ctx *c);
void emm_smc_complete(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_smc_reject(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_smc_timer(struct emm_step_ctx *c);

/* emm_detach.c */
void emm_detach_request(struct emm_step_ctx *c, const struct emm_nas_in *m);
void emm_detach_accept(struct emm_step_ctx *c);
void emm_detach_cli(struct emm_step_ctx *c, uint8_t type);
void emm_detach_timer(struct emm_step_ctx *c);
void emm_release_request(struct emm_step_ctx *c, const struct emm_s1_cause *cause);
void emm_release_complete(struct emm_step_ctx *c);
void emm_link_lost(struct emm_step_ctx *c);
void emm_abort_procedure(struct emm_step_ctx *c, uint8_t reason);

#endif /* NASSEC_EMM_INT_H */
