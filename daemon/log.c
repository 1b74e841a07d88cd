// SPDX-License-Identifier: GPL-2.0
/* nassecd's log: the journal with per-UE fields, or stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include "log.h"

static enum config_log_level current = LOG_LEVEL_INFO;

void log_set_level(enum config_log_level level)
{
	current = level;
}

enum config_log_level log_get_level(void)
{
	return current;
}

static int syslog_priority(enum config_log_level level)
{
	static const int prio[] = {
		[LOG_LEVEL_ERR] = LOG_ERR, [LOG_LEVEL_WARNING] = LOG_WARNING,
		[LOG_LEVEL_NOTICE] = LOG_NOTICE, [LOG_LEVEL_INFO] = LOG_INFO,
		[LOG_LEVEL_DEBUG] = LOG_DEBUG,
	};

	return prio[level];
}

void log_msg(enum config_log_level level, const struct log_ctx *ctx,
	     const char *fmt, ...)
{
	static const struct log_ctx none;
	char text[1024], prefix[128] = "";
	char ue_id[24] = "";
	va_list ap;

	if (level > current)
		return;
	if (!ctx)
		ctx = &none;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (ctx->mme_ue_id)
		snprintf(ue_id, sizeof(ue_id), "%u", ctx->mme_ue_id);
	if (getenv("JOURNAL_STREAM")) {
		sd_journal_send("MESSAGE=%s", text, "PRIORITY=%d", syslog_priority(level),
				"IMSI=%s", ctx->imsi ? ctx->imsi : "",
				"MME_UE_S1AP_ID=%s", ue_id,
				"ENB=%s", ctx->enb ? ctx->enb : "", NULL);
		return;
	}
	/* stderr: "nassecd: info: enb X imsi Y ue Z: text" */
	snprintf(prefix, sizeof(prefix), "%s%s%s%s%s%s",
		 ctx->enb ? " enb " : "", ctx->enb ? ctx->enb : "",
		 ctx->imsi ? " imsi " : "", ctx->imsi ? ctx->imsi : "",
		 ue_id[0] ? " ue " : "", ue_id);
	fprintf(stderr, "nassecd: %s:%s%s %s\n", config_log_level_name(level),
		prefix, prefix[0] ? ":" : "", text);
}
