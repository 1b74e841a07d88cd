// SPDX-License-Identifier: LGPL-2.1-or-later
/* Printable names of verdicts, events and algorithms (one spelling everywhere). */
#include "internal.h"

#define NAME(table, i) \
	((i) < sizeof(table) / sizeof(table[0]) && table[i] ? table[i] : "?")

static const char *const verdict_names[] = {
	[NASSEC_VERDICT_OK] = "ok",
	[NASSEC_VERDICT_MAC_FAIL] = "mac-fail",
	[NASSEC_VERDICT_REPLAY] = "replay",
	[NASSEC_VERDICT_NO_CONTEXT] = "no-context",
	[NASSEC_VERDICT_PLAIN] = "plain",
	[NASSEC_VERDICT_MALFORMED] = "malformed",
	[NASSEC_VERDICT_NOT_NAS] = "not-nas",
};

static const char *const event_names[] = {
	[NASSEC_EVENT_MAC_FAIL] = "mac-fail",
	[NASSEC_EVENT_REPLAY] = "replay",
	[NASSEC_EVENT_MALFORMED] = "malformed",
	[NASSEC_EVENT_COUNT_THRESHOLD] = "count-threshold",
	[NASSEC_EVENT_PROMOTED] = "promoted",
	[NASSEC_EVENT_DL_BLOCKED] = "dl-blocked",
	[NASSEC_EVENT_CTX_DELETED] = "ctx-deleted",
};

static const char *const alg_names[] = {
	[NASSEC_ALG_NULL] = "null",
	[NASSEC_ALG_SNOW3G] = "snow3g",
	[NASSEC_ALG_AES] = "aes",
	[NASSEC_ALG_ZUC] = "zuc",
};

NASSEC_EXPORT const char *nassec_verdict_name(uint32_t verdict)
{
	return NAME(verdict_names, verdict);
}

NASSEC_EXPORT const char *nassec_event_name(uint32_t event)
{
	if (event == NASSEC_EVENT_LOST)
		return "events-lost";
	return NAME(event_names, event);
}

NASSEC_EXPORT const char *nassec_alg_name(uint32_t alg)
{
	return NAME(alg_names, alg);
}
