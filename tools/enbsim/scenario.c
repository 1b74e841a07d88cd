// SPDX-License-Identifier: GPL-2.0
/*
 * The scenarios: each a list of UE behaviours (UE i plays variant i mod n)
 * and the outcome the specification gives for it. A new scenario is a new
 * table entry; ue.c applies the overrides (capabilities, answers, faults).
 */
#include <string.h>

#include "enbsim.h"

/* A normal attach: algorithms from --eia/--eea (or --spread). */
static const struct ue_behaviour attach_ues[] = {
	{ .name = "attach" },
};

/*
 * TS 24.301 5.4.3.2 / TS 33.401 7.2.4.3: the UE supports only EIA0/EEA0,
 * which a normal attach never selects: ATTACH REJECT #23 (UE security
 * capabilities mismatch) after AKA, and no SECURITY MODE COMMAND.
 */
static const struct ue_behaviour no_common_alg_ues[] = {
	{
		.name = "no-common-alg", .eea_caps = 0x80, .eia_caps = 0x80,
		.expect = { .outcome = OUTCOME_ATTACH_REJECT,
			    .emm_cause = NAS_EMM_CAUSE_UE_SEC_CAP_MISMATCH, .no_smc = true },
	},
};

/*
 * TS 24.301 5.4.3.5: the UE answers SECURITY MODE REJECT, #23 or #24; the
 * MME aborts the procedure and the attach and releases the UE (no ATTACH
 * ACCEPT).
 */
static const struct ue_behaviour smc_reject_ues[] = {
	{
		.name = "smc-reject-23", .smc_reject_cause = NAS_EMM_CAUSE_UE_SEC_CAP_MISMATCH,
		.expect = { .outcome = OUTCOME_RELEASED },
	},
	{
		.name = "smc-reject-24", .smc_reject_cause = NAS_EMM_CAUSE_SEC_MODE_REJ_UNSPEC,
		.expect = { .outcome = OUTCOME_RELEASED },
	},
};

/*
 * TS 24.301 5.5.1.2.2: a UE that detached keeps its EPS security context
 * and attaches again with its GUTI, the ATTACH REQUEST integrity protected
 * with that context (4.4.4.2); the MME verifies it (and authenticates
 * again unless configured not to), then a normal attach follows.
 */
static const struct ue_behaviour guti_reattach_ues[] = {
	{ .name = "guti-reattach", .guti_reattach = true },
};

#define VARIANTS(a) .variants = (a), .n_variants = sizeof(a) / sizeof((a)[0])

static const struct scenario scenarios[] = {
	{ .name = "attach", .summary = "normal attach (and detach with --detach)",
	  VARIANTS(attach_ues) },
	{ .name = "no-common-alg",
	  .summary = "UE supports only EIA0/EEA0: ATTACH REJECT #23, no SMC",
	  VARIANTS(no_common_alg_ues), .no_detach = true },
	{ .name = "smc-reject",
	  .summary = "UE answers SECURITY MODE REJECT #23 / #24 (alternating): release",
	  VARIANTS(smc_reject_ues), .no_detach = true },
	{ .name = "guti-reattach",
	  .summary = "attach with the IMSI, detach, attach again with the GUTI",
	  VARIANTS(guti_reattach_ues) },
};

const struct scenario *scenario_find(const char *name)
{
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (!strcmp(scenarios[i].name, name))
			return &scenarios[i];
	return NULL;
}

const struct scenario *scenario_at(size_t i)
{
	return i < sizeof(scenarios) / sizeof(scenarios[0]) ? &scenarios[i] : NULL;
}
