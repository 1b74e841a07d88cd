/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPS NAS security core (TS 24.301 4.4, 9.1-9.3; TS 33.401 7.2): security
 * header codec, uplink NAS COUNT estimation, the replay window, and
 * protect/unprotect over a UE's two EPS security context slots.
 *
 * Freestanding: no allocation, no globals, no locks and no crypto of its
 * own. The caller owns struct nas_ctx and serialises access to it; MAC and
 * cipher come in through struct nas_crypto.
 *
 * Locking contract (the kernel glue holds a per-context lock):
 *   - every function taking a struct nas_ctx pointer needs that lock
 *     (nas_rx_prepare and nas_tx_prepare read several fields and need a
 *     consistent snapshot; the rest modify the context);
 *   - nas_rx_verify, nas_rx_decipher and nas_tx_seal touch only the
 *     caller's struct nas_rx / nas_tx and the PDU, never the context, so
 *     they run without the lock and may sleep if the crypto does;
 *   - nas_unprotect and nas_protect do everything in one go: hold the lock
 *     across them, so only with crypto that does not sleep, or a mutex.
 * struct nas_rx / nas_tx hold copies of the keys: wipe them
 * (nas_rx_wipe/nas_tx_wipe) on every path, success or not.
 */
#ifndef NASSEC_NAS_H
#define NASSEC_NAS_H

#include "nassec_types.h"
/* The ABI numbers (uapi, only <linux/types.h>); nas.c's names alias them. */
#include <linux/nassec.h>

/* TS 24.301 9.2: protocol discriminators. */
#define NAS_PD_ESM		2
#define NAS_PD_EMM		7

/* TS 24.301 9.3.1: security header types (high nibble of octet 1). */
#define NAS_SHT_PLAIN			NASSEC_SHT_PLAIN
#define NAS_SHT_INTEGRITY		NASSEC_SHT_INTEGRITY
#define NAS_SHT_INTEGRITY_CIPHERED	NASSEC_SHT_INTEGRITY_CIPHERED
/* SECURITY MODE COMMAND */
#define NAS_SHT_INTEGRITY_NEW_CTX	NASSEC_SHT_INTEGRITY_NEW_CTX
/* SECURITY MODE COMPLETE */
#define NAS_SHT_INTEGRITY_CIPHERED_NEW_CTX NASSEC_SHT_INTEGRITY_CIPHERED_NEW_CTX
/* 13-15 are read as 12 */
#define NAS_SHT_SERVICE_REQUEST		NASSEC_SHT_SERVICE_REQUEST

/* TS 24.301 9.1: header(1) + MAC(4) + SQN(1), then the plain NAS message. */
#define NAS_HDR_LEN		NASSEC_NAS_HDR_LEN
#define NAS_MAC_LEN		4
#define NAS_SQN_OFF		5
/* PD + message type (TS 24.301 9.2, 9.8): the smallest EMM message. */
#define NAS_EMM_MIN_LEN		2
/* EBI/PD + PTI + message type (TS 24.301 9.3.2, 9.4, 9.8). */
#define NAS_ESM_MIN_LEN		3
#define NAS_PROTECTED_MIN_LEN	(NAS_HDR_LEN + NAS_EMM_MIN_LEN)
/* TS 24.301 8.2.25: SERVICE REQUEST is exactly 4 octets. */
#define NAS_SR_LEN		4
#define NAS_SR_SHORT_MAC_LEN	2

/* TS 33.401 8.1.1 / B.1: BEARER is 0 for NAS; DIRECTION 0 up, 1 down. */
#define NAS_BEARER		0
#define NAS_DIR_UPLINK		0
#define NAS_DIR_DOWNLINK	1

/* TS 33.401 5.1.3.2 / 5.1.4.2: EEA0 / EIA0. */
#define NAS_ALG_NULL		NASSEC_ALG_NULL
#define NAS_KEY_LEN		NASSEC_KEY_LEN
#define NAS_KASME_LEN		NASSEC_KASME_LEN

/*
 * TS 24.301 4.4.3.1: NAS COUNT = overflow(16) | SQN(8), fed to the
 * algorithms as 0x00 | NAS COUNT. It never wraps: the last usable value is
 * NAS_COUNT_MAX. At NAS_COUNT_THRESHOLD 2^16 messages are left, time enough
 * for AKA and SMC.
 */
#define NAS_COUNT_MAX		NASSEC_COUNT_MAX
#define NAS_COUNT_THRESHOLD	NASSEC_COUNT_THRESHOLD

/* Uplink replay window: COUNTs next-64 .. next-1 are remembered. */
#define NAS_REPLAY_WINDOW	64

/* Context flags. */
#define NAS_CTX_FROZEN		NASSEC_CTX_F_FROZEN

/* Result flags. */
#define NAS_F_PROMOTED		NASSEC_PDU_F_PROMOTED	/* a verified type 4 made next current */
#define NAS_F_THRESHOLD		NASSEC_PDU_F_THRESHOLD	/* COUNT >= NAS_COUNT_THRESHOLD */

/*
 * Uplink verdicts, the uapi's: zero is not a verdict, so one that was
 * never set is never mistaken for OK.
 */
enum nas_verdict {
	NAS_VERDICT_OK = NASSEC_VERDICT_OK,	/* verified, fresh, accepted, deciphered */
	NAS_VERDICT_MAC_FAIL = NASSEC_VERDICT_MAC_FAIL,	/* MAC wrong: nothing changed */
	/* COUNT accepted before, left the window, or exhausted */
	NAS_VERDICT_REPLAY = NASSEC_VERDICT_REPLAY,
	/* the slot the header type needs is empty */
	NAS_VERDICT_NO_CONTEXT = NASSEC_VERDICT_NO_CONTEXT,
	NAS_VERDICT_PLAIN = NASSEC_VERDICT_PLAIN,	/* not security protected */
	/* reserved header type, bad PD, bad length */
	NAS_VERDICT_MALFORMED = NASSEC_VERDICT_MALFORMED,
};

/* Replay window (RFC 6479, 64 entries): bit i set = COUNT next-1-i accepted. */
struct nas_replay {
	u32 next;	/* highest accepted COUNT + 1; the next expected COUNT */
	u64 seen;
};

enum nas_window {
	NAS_WIN_FRESH,		/* never accepted, may be */
	NAS_WIN_REPLAY,		/* accepted before */
	NAS_WIN_TOO_OLD,	/* below the window (or outside the COUNT space) */
};

/*
 * Starts a window whose next expected COUNT is next: 0 for a fresh context,
 * the transferred UL NAS COUNT for an imported one. Every COUNT below next
 * counts as already accepted.
 */
void nas_replay_init(struct nas_replay *w, u32 next);
/* Pure check: changes nothing. */
enum nas_window nas_replay_check(const struct nas_replay *w, u32 count);
/* Check again and record count; NAS_WIN_FRESH only if this call took it. */
enum nas_window nas_replay_commit(struct nas_replay *w, u32 count);

/*
 * TS 24.301 4.4.3.1: the full COUNT for a received SQN of sqn_bits bits
 * (8, or 5 for SERVICE REQUEST) given the next expected COUNT. The COUNT
 * with that SQN nearest next in the range [next - behind, next + ahead]:
 * behind = NAS_REPLAY_WINDOW for 8-bit SQNs (64 back, 191 ahead), a quarter
 * of the SQN space for 5-bit ones (8 back, 23 ahead); never below 0. May
 * return a value above NAS_COUNT_MAX: the COUNT space is used up.
 */
u32 nas_count_estimate(u32 next, u8 sqn, unsigned int sqn_bits);

/* The parsed first octets of an EPS NAS message. */
struct nas_hdr {
	u8 sht;		/* security header type; 13-15 read as 12; 0 for ESM */
	u8 pd;
	u8 sqn;		/* 8 bits, or 5 for SERVICE REQUEST */
	u8 sqn_bits;	/* 0 when not protected */
	u8 ksi;		/* SERVICE REQUEST only (TS 24.301 9.9.3.19) */
	u8 mac[NAS_MAC_LEN];	/* SERVICE REQUEST: short MAC in mac[2..3] */
	u32 msg_off;	/* the inner NAS message; the whole PDU if unprotected */
	u32 msg_len;
};

/*
 * Parses pdu[0..len). Returns NAS_VERDICT_OK for a well-formed protected
 * message (types 1-4, 12), NAS_VERDICT_PLAIN for an unprotected EMM or ESM
 * message, NAS_VERDICT_MALFORMED otherwise (reserved types 5-11, PD other
 * than EMM/ESM, shorter than the type needs, SERVICE REQUEST not 4 octets).
 * Reads nothing beyond len.
 */
enum nas_verdict nas_hdr_parse(const u8 *pdu, u32 len, struct nas_hdr *h);
/* Writes the 6-octet downlink header: sht | PD EMM, MAC, SQN. */
void nas_hdr_build(u8 *pdu, u8 sht, const u8 mac[NAS_MAC_LEN], u8 sqn);

/* One EPS security context (TS 33.401 7.2). */
struct nas_slot {
	u8 kasme[NAS_KASME_LEN];	/* kept for KeNB/NH derivation and export */
	u8 k_nas_int[NAS_KEY_LEN];
	u8 k_nas_enc[NAS_KEY_LEN];
	u8 eia;
	u8 eea;
	u8 eksi;
	bool valid;
	u32 dl_count;			/* next downlink COUNT to use */
	struct nas_replay ul;		/* ul.next: next expected uplink COUNT */
};

enum nas_slot_id {
	NAS_SLOT_CUR,
	NAS_SLOT_NEXT,	/* the new, non-current context of an ongoing SMC */
};

struct nas_ctx {
	struct nas_slot cur;
	struct nas_slot next;
	u32 flags;		/* NAS_CTX_* */
	u32 generation;		/* bumped whenever a slot changes */
};

/*
 * Fills in everything but the keys and marks the slot valid; the caller
 * then puts KASME, K_NASint and K_NASenc in place.
 */
void nas_slot_init(struct nas_slot *s, u8 eksi, u8 eia, u8 eea,
		   u32 ul_next, u32 dl_next);
/* Replaces slot 'id' with a copy of *src (wiping what was there). */
void nas_ctx_install(struct nas_ctx *ctx, enum nas_slot_id id,
		     const struct nas_slot *src);
/* Wipes slot 'id' and marks it empty (SMC aborted, context deleted). */
void nas_ctx_drop(struct nas_ctx *ctx, enum nas_slot_id id);
/* next becomes cur; the old cur and the next slot are wiped. */
void nas_ctx_promote(struct nas_ctx *ctx);
/* Wipes both slots. */
void nas_ctx_wipe(struct nas_ctx *ctx);

/*
 * The algorithms, injected. alg is the EIA/EEA id (never 0: nas.c handles
 * EIA0/EEA0 itself), key 16 octets, count the 32-bit COUNT input, bearer
 * and dir as TS 33.401 B.1/B.2 take them, lengths in octets. mac writes the
 * 32-bit MAC (MSB first); cipher XORs the keystream over buf in place.
 * Return 0 or a negative errno.
 */
struct nas_crypto {
	int (*mac)(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		   u8 bearer, u8 dir, const u8 *data, u32 len,
		   u8 mac[NAS_MAC_LEN]);
	int (*cipher)(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		      u8 bearer, u8 dir, u8 *buf, u32 len);
	void *priv;
};

/* What happened to one uplink message. */
struct nas_result {
	u8 verdict;	/* enum nas_verdict; 0 if an error stopped processing */
	u8 sht;
	u8 pd;
	u8 ksi;		/* SERVICE REQUEST only */
	u8 flags;	/* NAS_F_* */
	bool count_valid;
	u32 count;	/* estimated uplink COUNT, when count_valid */
	u32 msg_off;	/* inner (deciphered once OK) message within the PDU */
	u32 msg_len;
};

/*
 * Uplink in stages, so the MAC can be computed outside the context lock:
 *
 *   lock; ret = nas_rx_prepare(ctx, pdu, len, &rx); unlock;
 *   if (!ret) ret = nas_rx_verify(&rx, crypto);
 *   if (!ret) { lock; ret = nas_rx_commit(ctx, &rx); unlock; }
 *   if (ret == -EAGAIN) start over (the context changed in between);
 *   if (!ret) ret = nas_rx_decipher(&rx, crypto);
 *   nas_rx_wipe(&rx);
 *
 * Each stage returns 0 to go on, a final enum nas_verdict (> 0, also in
 * rx.res.verdict) or a negative errno: -EAGAIN from commit when the
 * context's slots changed since prepare, -EINVAL when called out of order,
 * the crypto's error otherwise. Only decipher returns NAS_VERDICT_OK.
 * State changes only in commit, after the MAC verified; the PDU is only
 * written by decipher, after commit. An error from decipher leaves the
 * COUNT accepted but the message unusable: drop it.
 */
struct nas_rx {
	struct nas_result res;
	u8 *pdu;
	u32 len;
	u8 stage;
	u8 slot;		/* enum nas_slot_id verified against */
	u8 eia;
	u8 eea;
	u8 sqn_bits;
	u8 mac[NAS_MAC_LEN];	/* as received */
	u32 generation;
	u8 k_int[NAS_KEY_LEN];
	u8 k_enc[NAS_KEY_LEN];
};

int nas_rx_prepare(const struct nas_ctx *ctx, u8 *pdu, u32 len,
		   struct nas_rx *rx);
int nas_rx_verify(struct nas_rx *rx, const struct nas_crypto *cr);
int nas_rx_commit(struct nas_ctx *ctx, struct nas_rx *rx);
int nas_rx_decipher(struct nas_rx *rx, const struct nas_crypto *cr);
void nas_rx_wipe(struct nas_rx *rx);

/*
 * All stages at once: returns the verdict (> 0) or a negative errno; *res
 * is filled in either way. With NAS_VERDICT_OK, pdu[res->msg_off..] holds
 * the plain inner message.
 */
int nas_unprotect(struct nas_ctx *ctx, const struct nas_crypto *cr,
		  u8 *pdu, u32 len, struct nas_result *res);

/*
 * The second half of a received S1AP message's NAS verdict (the first is
 * s1ap_nas_to_verify): vi's verdict, header type, flags and COUNT from
 * what the uplink check of its NAS-PDU returned (ret) and found (res). An
 * error or a missing verdict reads as MAC_FAIL: the PDU is not verified,
 * and only an OK one may be taken as deciphered.
 */
void nas_verdict_info(struct nassec_verdict_info *vi, int ret,
		      const struct nas_result *res);

/*
 * Downlink in stages: prepare (under the lock) checks and reserves the
 * COUNT, seal (no lock) ciphers and MACs in place:
 *
 *   lock; ret = nas_tx_prepare(ctx, sht, len, &tx); unlock;
 *   if (!ret) ret = nas_tx_seal(&tx, crypto, pdu, len);
 *   nas_tx_wipe(&tx);
 *
 * pdu[0..6) is reserved for the header, MAC and SQN; the plain message
 * follows. Errors (nothing reserved, PDU untouched):
 *   -EINVAL     sht not 1, 2 or 3
 *   -EBADMSG    len < NAS_PROTECTED_MIN_LEN
 *   -EACCES     context frozen (TS 33.401 7.2.10 / inter-MME handover)
 *   -ENOKEY     the slot the type needs is empty (3: next; 1, 2: cur)
 *   -EOVERFLOW  the slot's DL COUNT is used up: re-key
 * A COUNT reserved by prepare is spent even if seal fails (a gap the UE
 * tolerates; reuse would not be safe).
 */
struct nas_tx {
	u8 sht;
	u8 eia;
	u8 eea;
	u8 flags;		/* NAS_F_THRESHOLD */
	u32 count;		/* the DL COUNT used */
	u8 k_int[NAS_KEY_LEN];
	u8 k_enc[NAS_KEY_LEN];
};

int nas_tx_prepare(struct nas_ctx *ctx, u8 sht, u32 len, struct nas_tx *tx);
int nas_tx_seal(struct nas_tx *tx, const struct nas_crypto *cr,
		u8 *pdu, u32 len);
void nas_tx_wipe(struct nas_tx *tx);

/* Both stages; tx keeps count and flags, its keys are wiped. */
int nas_protect(struct nas_ctx *ctx, const struct nas_crypto *cr, u8 sht,
		u8 *pdu, u32 len, struct nas_tx *tx);

#endif /* NASSEC_NAS_H */
