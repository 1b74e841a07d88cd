/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nassecd's log: one line per event. Under systemd (JOURNAL_STREAM set) the
 * journal gets structured fields IMSI=, MME_UE_S1AP_ID=, ENB= besides the
 * text, so 'journalctl IMSI=001010000000001' follows one UE; elsewhere the
 * same context is written at the start of a line on stderr. Keys, RES and
 * other secrets are never passed here.
 */
#ifndef NASSECD_LOG_H
#define NASSECD_LOG_H

#include <stdint.h>

#include "config.h"

/* Who a line is about; any field may be empty / 0. */
struct log_ctx {
	const char *imsi;		/* digits */
	uint32_t mme_ue_id;		/* 0: none */
	const char *enb;		/* the eNB's name or global id */
};

void log_set_level(enum config_log_level level);
enum config_log_level log_get_level(void);

void log_msg(enum config_log_level level, const struct log_ctx *ctx,
	     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define log_err(...)	log_msg(LOG_LEVEL_ERR, NULL, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LEVEL_WARNING, NULL, __VA_ARGS__)
#define log_notice(...)	log_msg(LOG_LEVEL_NOTICE, NULL, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LEVEL_INFO, NULL, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LEVEL_DEBUG, NULL, __VA_ARGS__)

#endif /* NASSECD_LOG_H */
