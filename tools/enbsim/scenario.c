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

/*
 * TS 24.301 5.4.3.7 b: the first SECURITY MODE COMMANDs never reach the
 * UE. T3460 sends the command again, each time a new message with the next
 * downlink COUNT; a UE that hears one of the first five attaches, and when
 * all five are lost the MME aborts the attach and releases the UE.
 */
static const struct ue_behaviour smc_lost_ues[] = {
	{ .name = "smc-lost-1", .faults = { { FAULT_DROP_DL, NAS_EMM_SMC, 1 } } },
	{ .name = "smc-lost-2", .faults = { { FAULT_DROP_DL, NAS_EMM_SMC, 2 } } },
	{
		.name = "smc-lost-5", .faults = { { FAULT_DROP_DL, NAS_EMM_SMC, 5 } },
		.expect = { .outcome = OUTCOME_RELEASED },
	},
};

/*
 * TS 24.301 5.4.3.4: a SECURITY MODE COMPLETE whose MAC fails is discarded
 * (the kernel does not promote the new context); T3460 sends the command
 * again and the UE's next COMPLETE, correct, ends the procedure.
 */
static const struct ue_behaviour smc_complete_bad_mac_ues[] = {
	{
		.name = "smc-complete-bad-mac",
		.faults = { { FAULT_CORRUPT_UL, NAS_EMM_SMC_COMPLETE, 1 } },
	},
};

/*
 * TS 24.301 4.4.3.2 and 4.4.4.3: after security is active the network
 * discards a replayed uplink message (a COUNT already used) and a plain
 * one; the real ATTACH COMPLETE next to them still completes the attach.
 */
static const struct ue_behaviour uplink_replay_ues[] = {
	{
		.name = "uplink-replay",
		.faults = { { FAULT_REPLAY_UL, NAS_EMM_ATTACH_COMPLETE, 1 } },
	},
};

static const struct ue_behaviour uplink_plain_ues[] = {
	{
		.name = "uplink-plain",
		.faults = { { FAULT_PLAIN_UL, NAS_EMM_ATTACH_COMPLETE, 1 } },
	},
};

/*
 * TS 24.301 5.4.2.6 / TS 33.102 6.3.5: the USIM's SQN ran ahead, the UE
 * answers AUTHENTICATION FAILURE #21 with AUTS; the MME resynchronises
 * the store and authenticates again, and the attach completes.
 */
static const struct ue_behaviour auth_resync_ues[] = {
	{ .name = "auth-resync", .auth_fail_cause = NAS_EMM_CAUSE_SYNCH_FAILURE },
};

/*
 * TS 24.301 5.5.2.3: the UE attaches and stays registered until the
 * operator detaches it (`nassec ue detach`); it answers the DETACH REQUEST
 * with DETACH ACCEPT and the network releases it. No detach within
 * --timeout fails the UE.
 */
static const struct ue_behaviour network_detach_ues[] = {
	{ .name = "network-detach", .await_network_detach = true },
};

/*
 * TS 24.301 5.4.2.6 c: the UE answers AUTHENTICATION FAILURE #20 as if
 * AUTN's MAC were wrong. The UE attached with its IMSI, so identifying it
 * again cannot help: the network ends it with AUTHENTICATION REJECT
 * (5.4.2.5, allowed by the note under 5.4.2.6 c), no SMC, and releases it;
 * the UE deletes its GUTI and KSI and takes its USIM as invalid.
 */
static const struct ue_behaviour auth_mac_failure_ues[] = {
	{
		.name = "auth-mac-failure", .auth_fail_cause = NAS_EMM_CAUSE_MAC_FAILURE,
		.expect = { .outcome = OUTCOME_AUTH_REJECT, .no_smc = true },
	},
};

/*
 * An IMSI the subscriber store lacks: the HSS's DIAMETER_ERROR_USER_UNKNOWN,
 * which TS 29.272 Annex A maps to ATTACH REJECT #8 (EPS services and
 * non-EPS services not allowed); without a vector there is no
 * AUTHENTICATION REQUEST and no SMC.
 */
static const struct ue_behaviour unknown_imsi_ues[] = {
	{
		.name = "unknown-imsi", .unlisted_imsi = true,
		.expect = { .outcome = OUTCOME_ATTACH_REJECT,
			    .emm_cause = NAS_EMM_CAUSE_EPS_NON_EPS_NOT_ALLOWED,
			    .no_smc = true, .no_auth = true },
	},
};

/*
 * TS 33.102 C.1.1 / 6.3.3: a normal attach whose USIMs keep their SQN
 * state in --usim-state. Run it, restart the MME in between (kill -9),
 * run it again: the second run must see only fresh SQNs (an HSS commits
 * SEQ before the vector leaves it); a reused one fails the UE.
 */
static const struct ue_behaviour daemon_restart_ues[] = {
	{ .name = "daemon-restart" },
};

/*
 * TS 24.301 5.4.3.3-4: the UE answers the SMC with a Replayed NAS message
 * container (9.9.3.51) holding no ATTACH REQUEST at all. The MME cannot
 * take an attach from it and goes on with the one it has: attached.
 */
static const struct ue_behaviour smc_replay_garbage_ues[] = {
	{ .name = "smc-replay-garbage", .smc_replay_garbage = true },
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
	{ .name = "smc-lost",
	  .summary = "the first 1 / 2 / 5 SMCs lost (cycling): T3460 retransmits, 5 lost: release",
	  VARIANTS(smc_lost_ues) },
	{ .name = "smc-complete-bad-mac",
	  .summary = "the first SMC COMPLETE has a bad MAC: discarded, T3460 retransmits",
	  VARIANTS(smc_complete_bad_mac_ues) },
	{ .name = "uplink-replay",
	  .summary = "ATTACH COMPLETE sent twice with one COUNT: the copy is discarded",
	  VARIANTS(uplink_replay_ues) },
	{ .name = "uplink-plain",
	  .summary = "ATTACH COMPLETE sent again unprotected: discarded",
	  VARIANTS(uplink_plain_ues) },
	{ .name = "auth-resync",
	  .summary = "AUTHENTICATION FAILURE #21 with AUTS: resynchronised, attached",
	  VARIANTS(auth_resync_ues) },
	{ .name = "network-detach",
	  .summary = "attach, then wait for the network's DETACH REQUEST (nassec ue detach)",
	  VARIANTS(network_detach_ues) },
	{ .name = "auth-mac-failure",
	  .summary = "UE answers AUTHENTICATION FAILURE #20: AUTHENTICATION REJECT, no SMC",
	  VARIANTS(auth_mac_failure_ues), .no_detach = true },
	{ .name = "unknown-imsi",
	  .summary = "an IMSI the store lacks (MCC MNC 99..9): ATTACH REJECT #8, no AKA",
	  VARIANTS(unknown_imsi_ues), .no_detach = true },
	{ .name = "daemon-restart",
	  .summary = "attach with --usim-state (needed): a reused SQN fails the UE",
	  VARIANTS(daemon_restart_ues), .needs_usim_state = true },
	{ .name = "smc-replay-garbage",
	  .summary = "SMC COMPLETE with a Replayed NAS message container of garbage: ignored",
	  VARIANTS(smc_replay_garbage_ues) },
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
