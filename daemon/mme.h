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
#include <nassec/nassec.h>

#include "config.h"

struct s1ap_path;
struct sub_store;
struct ctl;

struct mme {
	struct config cfg;
	const char *config_path;	/* NULL: the embedded default */
	sd_event *ev;
	uint64_t started_usec;		/* CLOCK_REALTIME */
	struct nassec *nl;		/* libnassec: contexts, sockets */
	struct s1ap_path *s1;
	struct sub_store *subs;
	struct ctl *ctl;
	uint64_t s1ap_messages;		/* read from eNBs */
};

/* Opens the kernel handle and S1-MME; 0 or -errno (logged). */
int mme_start(struct mme *m);
/* SIGHUP: re-reads the file and applies what may change live. */
void mme_reload(struct mme *m);
/* Releases every UE, deletes the contexts it created, detaches, closes. */
void mme_stop(struct mme *m);

#endif /* NASSECD_MME_H */
