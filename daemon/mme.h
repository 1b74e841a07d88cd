/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MME: everything nassecd holds, owned by one event loop. main.c
 * creates it; the S1AP handler, the EMM glue and the control socket work
 * on it.
 */
#ifndef NASSECD_MME_H
#define NASSECD_MME_H

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-event.h>

#include "config.h"
#include "emm.h"
#include "enb.h"
#include "nas_sec.h"
#include "ue.h"

struct s1ap_path;
struct sub_store;
struct ctl;

/* The PDN address pool: one bit per address of [first, last]. */
struct ip_pool {
	uint32_t first, last;		/* host order */
	uint32_t next;			/* where the search for a free one starts */
	uint32_t used;
	uint64_t *bits;
};

struct mme {
	struct config cfg;
	const char *config_path;	/* NULL: the embedded default */
	sd_event *ev;
	uint64_t started_usec;		/* CLOCK_REALTIME */
	struct nas_sec *sec;		/* NAS security: nassec.ko or the daemon's own */
	struct s1ap_path *s1;
	struct sub_store *subs;
	struct ctl *ctl;
	struct enb_table enbs;
	struct ue_table ues;
	struct emm_config emm_cfg;
	struct emm_env emm_env;
	struct emm_counters counters;
	struct ip_pool pool;
	uint32_t next_teid;
	uint8_t sn_id[3];		/* serving network id (TS 24.301 9.9.3.32 PLMN) */
	uint64_t s1ap_messages;		/* read from eNBs */
	uint64_t s1ap_errors;		/* undecodable or refused S1AP messages */
	uint64_t nas_undecodable;	/* uplink NAS the codec refused */
};

/* Opens NAS security ([security] nas_security) and S1-MME; 0 or -errno (logged). */
int mme_start(struct mme *m);
/* SIGHUP: re-reads the file and applies what may change live. */
void mme_reload(struct mme *m);
/* Releases every UE, deletes the contexts it created, detaches, closes. */
void mme_stop(struct mme *m);

/* The emm_config and GUMMEI from the daemon's config (start and SIGHUP). */
void mme_apply_emm_config(struct mme *m);
/* Milliseconds of CLOCK_MONOTONIC: the "now" of every emm_step(). */
uint64_t mme_now_ms(void);

#endif /* NASSECD_MME_H */
