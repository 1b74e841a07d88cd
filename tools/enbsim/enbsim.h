/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enbsim: M simulated eNBs (one SCTP association and S1 Setup each) and N
 * UEs spread over them, attaching through an MME. The UE side is a second
 * implementation of everything security-relevant (tools/lib/ue: MILENAGE
 * and the KDFs on OpenSSL, EIA/EEA on ipsec-mb/OpenSSL), its own NAS
 * COUNTs and replay handling, and its own checks of every message the
 * network sends; the S1AP and NAS codecs are the project's (libs1ap,
 * libnas), whose encodings tshark checks in the unit tests.
 *
 *   args.c      command line -> struct sim_config
 *   scenario.c  scenario name -> per-UE behaviour and expected outcome
 *   usim_state.c  the USIMs' SQN state kept in a file across runs
 *   ue.c        the UE state machine: S1AP/NAS in, S1AP/NAS out, verdicts
 *   enb.c       SCTP associations, S1 Setup, message routing to UEs
 *   report.c    latency samples, percentiles, the text and JSON report
 *   main.c      the event loop (epoll, a timer heap), pacing, progress
 */
#ifndef ENBSIM_H
#define ENBSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ue_nas.h"
#include "usim.h"
#include "nas_msg.h"

struct s1ap_message;

/* ---- scenarios (scenario.c) ---- */

/* A fault the UE applies to its own traffic (the radio or the UE misbehaving). */
enum fault_kind {
	FAULT_NONE = 0,
	FAULT_DROP_DL,		/* the first `times` DL NAS of msg_type never arrive */
	FAULT_CORRUPT_UL,	/* the first `times` UL NAS of msg_type get a bad MAC */
	FAULT_REPLAY_UL,	/* the first `times` UL NAS of msg_type are sent twice */
	FAULT_PLAIN_UL,		/* ... sent again without protection (after security) */
};

struct fault {
	uint8_t kind;		/* enum fault_kind */
	uint8_t msg_type;	/* EMM message type (enum nas_emm_type) */
	uint8_t times;
};

/* How a UE's run must end for a pass. */
enum outcome {
	OUTCOME_ATTACHED = 0,	/* ATTACH ACCEPT/COMPLETE (then detach if asked) */
	OUTCOME_ATTACH_REJECT,	/* ATTACH REJECT with expect.emm_cause, then release */
	OUTCOME_RELEASED,	/* released by the network without an ATTACH ACCEPT */
	OUTCOME_AUTH_REJECT,	/* AUTHENTICATION REJECT (TS 24.301 5.4.2.5), then release */
};

struct expect {
	uint8_t outcome;	/* enum outcome */
	uint8_t emm_cause;	/* OUTCOME_ATTACH_REJECT: the cause; 0: any */
	bool no_smc;		/* a SECURITY MODE COMMAND is a failure */
	bool no_auth;		/* an AUTHENTICATION REQUEST is a failure */
};

#define SCENARIO_MAX_FAULTS	4

/* What one UE does differently from a normal attach, and what it expects. */
struct ue_behaviour {
	const char *name;		/* variant name for verdict lines */
	/* UE network capability octets (TS 24.301 9.9.3.34); 0/0: the command line's. */
	uint8_t eea_caps, eia_caps;
	uint8_t smc_reject_cause;	/* answer SMC with SECURITY MODE REJECT (#23/#24) */
	uint8_t auth_fail_cause;	/* answer the first AUTHENTICATION REQUEST with FAILURE #20/#21 */
	/* Attach with the IMSI, detach, then attach again with the GUTI. */
	bool guti_reattach;
	/* Stay registered until the network detaches the UE (nassec ue detach). */
	bool await_network_detach;
	/* An IMSI --gen-subscribers never writes: the top of the MSIN range. */
	bool unlisted_imsi;
	/* SECURITY MODE COMPLETE carries a Replayed NAS message container of garbage. */
	bool smc_replay_garbage;
	struct fault faults[SCENARIO_MAX_FAULTS];
	struct expect expect;
};

struct scenario {
	const char *name;
	const char *summary;
	/* UE i plays variants[i % n_variants]. */
	const struct ue_behaviour *variants;
	size_t n_variants;
	/* The scenario ends with the UE's procedure (no detach even if asked). */
	bool no_detach;
	/* Meaningless without --usim-state: refused without it. */
	bool needs_usim_state;
};

const struct scenario *scenario_find(const char *name);
const struct scenario *scenario_at(size_t i);	/* NULL past the end */

/* ---- configuration (args.c) ---- */

#define SIM_MAX_ALGS	4

struct sim_config {
	char mme[64];
	uint16_t port;
	unsigned int enbs, ues;
	uint64_t imsi_base;		/* first IMSI (15 digits) */
	uint8_t k[16], opc[16];
	char mcc[4], mnc[4];
	uint16_t tac;
	uint32_t enb_id_base;
	/* Algorithms the UEs support (bit i: EIAi / EEAi). */
	uint8_t eia_mask, eea_mask;
	bool spread;			/* UE i supports only pair i of EIA x EEA */
	const struct scenario *scenario;
	double rate;			/* attaches started per second; 0: no pacing */
	unsigned int concurrency;	/* UEs in progress at once */
	bool detach;
	unsigned int hold_ms;		/* registered time before the detach */
	/* Without detach: the eNB releases the UE after the attach (ECM-IDLE). */
	bool idle;
	unsigned int timeout_ms;	/* per UE state */
	bool json, verbose, quiet;
	/* --usim-state: the USIMs' highest accepted SQNs, kept across runs. */
	const char *usim_state;
	/* --gen-subscribers: write the import file and exit. */
	bool gen_subscribers;
	char amf[5];
};

/*
 * Parses argv into c (defaults first). 0: run; 1: done (help printed to
 * out); -1: a usage error, one line written to err.
 */
int sim_parse_args(struct sim_config *c, int argc, char **argv, FILE *out, FILE *err);
/* Algorithm mask from "1,2,3" (bits 0..3); -1 on a bad list. */
int sim_parse_alg_list(const char *s, bool allow_zero);
/* The IMSI of UE i (15 digits, NUL-terminated). */
void sim_imsi(const struct sim_config *c, unsigned int i, char out[16]);
/* nassecd's subscriber import lines for every UE (IMSI K OPc AMF SQN). */
int sim_write_subscribers(const struct sim_config *c, FILE *f);

/* ---- report (report.c) ---- */

enum proc {
	PROC_AKA,		/* ATTACH REQUEST sent -> AUTHENTICATION REQUEST */
	PROC_SMC,		/* AUTHENTICATION RESPONSE sent -> SECURITY MODE COMMAND */
	PROC_ACCEPT,		/* SECURITY MODE COMPLETE sent -> ATTACH ACCEPT */
	PROC_ATTACH,		/* ATTACH REQUEST sent -> ATTACH ACCEPT */
	PROC_DETACH,		/* DETACH REQUEST sent -> DETACH ACCEPT */
	PROC_COUNT,
};

struct latency {
	uint32_t *us;		/* samples, microseconds */
	size_t n, cap;
};

struct cause_count {
	char cause[80];
	unsigned int n;
};

#define REPORT_MAX_CAUSES	32

struct report {
	struct latency lat[PROC_COUNT];
	unsigned int passed, failed, attached, detached;
	uint64_t nas_ul, nas_dl;	/* NAS messages sent / received by UEs */
	uint64_t dl_discarded;		/* DL NAS the UEs refused (MAC, replay) */
	uint64_t s1ap_errors;		/* Error Indications and undecodable S1AP */
	uint64_t started_us, ended_us;
	struct cause_count causes[REPORT_MAX_CAUSES];
	unsigned int n_causes, other_causes;
	unsigned int alg_pairs[8][8];	/* [eia][eea] of accepted SMCs */
};

int report_init(struct report *r, size_t ues);
void report_free(struct report *r);
void report_add(struct report *r, enum proc p, uint64_t us);
void report_fail(struct report *r, const char *cause);
/* Nearest-rank percentile (0 < pct <= 100) of sorted samples; 0 if none. */
uint32_t percentile(const uint32_t *sorted, size_t n, double pct);
/* Sorts every latency array; call once before printing. */
void report_finish(struct report *r);
void report_text(const struct report *r, const struct sim_config *c, FILE *f);
void report_json(const struct report *r, const struct sim_config *c, FILE *f);
const char *proc_name(enum proc p);

/* ---- the UE (ue.c) ---- */

enum ue_state {
	UE_IDLE = 0,
	UE_WAIT_AUTH,
	UE_WAIT_SMC,
	UE_WAIT_ACCEPT,
	UE_REGISTERED,
	UE_WAIT_DETACH_ACCEPT,
	UE_WAIT_RELEASE,
	UE_DONE,
	UE_STATE_COUNT,
};

enum verdict {
	VERDICT_NONE = 0,
	VERDICT_PASS,
	VERDICT_FAIL,
};

struct enb;

struct ue {
	unsigned int idx;
	struct enb *enb;
	char imsi[16];
	struct usim usim;
	const struct ue_behaviour *beh;
	uint8_t eia_caps, eea_caps;	/* octets as sent */
	uint32_t enb_ue_id, mme_ue_id;
	bool have_mme_id, released;
	uint16_t stream;		/* SCTP stream of its UE-associated messages */
	uint32_t cell_id;		/* E-UTRAN cell id of its eNB */
	uint8_t state;			/* enum ue_state */
	uint8_t verdict;		/* enum verdict */
	bool smc_seen, accept_seen, reject_seen, auth_fail_sent, auth_reject_seen;
	bool reattached;		/* the GUTI attach of guti_reattach is under way */
	uint8_t reject_cause;
	/* EPS security: KASME from AKA, the NAS context after the SMC. */
	bool have_kasme, secure, counted_pair;
	/* A new SMC procedure: its context's COUNTs start at 0 (TS 24.301 4.4.3.1). */
	bool smc_new;
	uint32_t smc_dl_next;		/* next DL COUNT of the SMC's new context */
	uint8_t eksi;
	uint8_t kasme[32];
	struct ue_nas nas;
	uint32_t ul_count, dl_count;	/* next UL COUNT, next expected DL COUNT */
	uint32_t smc_complete_count;	/* UL COUNT of the last SECURITY MODE COMPLETE */
	/*
	 * Bit c: a SECURITY MODE COMPLETE went out with COUNT c and a good MAC.
	 * After a T3460 retransmission the UE answers each SMC and the MME
	 * derives KeNB from whichever COMPLETE it accepted (TS 33.401 A.3).
	 */
	uint32_t smc_complete_counts;
	/* TS 24.301 5.4.2.3: the last RAND and its RES, for a retransmitted request. */
	bool have_auth_res;
	uint8_t auth_rand[16], auth_res[8];
	uint8_t fault_used[SCENARIO_MAX_FAULTS];
	struct nas_guti guti;
	uint8_t ebi;
	/* Timer: a deadline in the loop's heap (gen invalidates old entries). */
	uint64_t deadline_us;
	uint32_t timer_gen;
	uint64_t t_attach, t_step;	/* ATTACH REQUEST sent, last UL sent */
	char note[64];			/* the first DL NAS refused, for a timeout's cause */
	char why[160];			/* FAIL: detail */
};

/* What the UE needs from its surroundings: sends, timers, the clock, counters. */
struct ue_env {
	const struct sim_config *cfg;
	struct report *rep;
	uint8_t sn_id[3];		/* serving network id for K_ASME (PLMN) */
	uint64_t (*now)(void *arg);
	/* S1AP out: 0 or -1 (the UE then fails "send failed"). */
	int (*send)(void *arg, struct ue *u, const uint8_t *buf, size_t len);
	/* Arms (deadline_us != 0) or disarms the UE's timer. */
	void (*timer)(void *arg, struct ue *u);
	/* The UE reached a verdict (pass or fail). */
	void (*done)(void *arg, struct ue *u);
	/* Its USIM accepted an AUTN (a new highest SQN); may be NULL. */
	void (*sqn_accepted)(void *arg, struct ue *u);
	void *arg;
};

void ue_setup(struct ue *u, const struct ue_env *env, unsigned int idx, struct enb *enb,
	      uint32_t enb_ue_id);
/* Starts the attach: ATTACH REQUEST in an Initial UE Message. */
void ue_start(struct ue *u, const struct ue_env *env);
/* One S1AP message from the MME for this UE. */
void ue_input(struct ue *u, const struct ue_env *env, const struct s1ap_message *m);
/* Its timer expired. */
void ue_timeout(struct ue *u, const struct ue_env *env);
/* Its eNB's association went away. */
void ue_enb_lost(struct ue *u, const struct ue_env *env);
/* The run was interrupted (SIGINT/SIGTERM): an unfinished UE fails. */
void ue_interrupt(struct ue *u, const struct ue_env *env);
const char *ue_state_name(unsigned int s);

/* ---- the USIMs' state across runs (usim_state.c) ---- */

struct usim_entry {
	char imsi[16];
	uint64_t sqn_max;
};

/* Sorted by IMSI: USIMs of this run and of earlier runs the file holds. */
struct usim_state {
	const char *path;
	struct usim_entry *e;
	size_t n, cap;
};

/*
 * Reads path into st (a missing file is an empty state). 0, or -1 with a
 * line on err.
 */
int usim_state_load(struct usim_state *st, const char *path, FILE *err);
/* The highest SQN the USIM of imsi accepted; 0 if it never did. */
uint64_t usim_state_get(const struct usim_state *st, const char *imsi);
/* Records a new highest SQN; 0 or -1 (out of memory). */
int usim_state_set(struct usim_state *st, const char *imsi, uint64_t sqn_max);
/* Writes the file (a temporary file renamed over it); 0 or -1 with errno. */
int usim_state_save(const struct usim_state *st);
void usim_state_free(struct usim_state *st);

/* ---- eNBs (enb.c) and the run (main.c) ---- */

struct enb {
	unsigned int idx;
	uint32_t enb_id;
	int fd;				/* -1: closed or lost */
	bool up;			/* S1 Setup Response received */
	uint16_t ostreams;		/* negotiated outbound streams */
	uint64_t s1ap_errors;		/* Error Indications and undecodable S1AP */
};

struct timer_entry {
	uint64_t deadline_us;
	uint32_t ue, gen;
};

struct sim {
	struct sim_config cfg;
	struct ue_env env;
	struct report rep;
	struct enb *enbs;
	struct ue *ues;			/* UE i lives on eNB i % enbs */
	int epfd;
	struct timer_entry *heap;	/* min-heap by deadline; stale entries skipped */
	size_t heap_n, heap_cap;
	unsigned int next_ue, in_progress, finished;
	uint64_t next_start_us;
	bool progress;			/* a live line on the terminal */
	struct usim_state usims;	/* --usim-state */
	bool usim_save_failed;
};

/* Connects every eNB and runs S1 Setup; 0 or -1 (a line on stderr). */
int enb_setup_all(struct sim *s);
/* Reads what the MME sent eNB e and hands it to its UEs. */
void enb_readable(struct sim *s, struct enb *e);
/* ue_env.send: one S1AP message on the UE's eNB and stream. */
int enb_send_ue(void *arg, struct ue *u, const uint8_t *buf, size_t len);
void enb_close_all(struct sim *s);
uint64_t sim_now_us(void *arg);

#endif /* ENBSIM_H */
