/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libnassec: the netlink client of nassec.ko, shared by nassecd and the
 * nassec CLI. One handle = one netlink socket for requests (plus, after
 * nassec_events_subscribe(), one for the "events" multicast group).
 *
 * Conventions
 * - Every function that talks to the kernel returns 0 (or a count) on
 *   success and a negative errno on failure; the kernel's extended ACK
 *   message for the last failure, if it sent one, is nassec_last_error().
 * - Every request is sent with NLM_F_ACK and its own sequence number;
 *   replies with another sequence number (left over from an interrupted
 *   call) are skipped, EINTR is retried, dumps may span many messages.
 * - Key material passed in or out is wiped from the library's buffers
 *   (explicit_bzero) as soon as it has been sent or copied out; wiping the
 *   caller's own copies is the caller's job (nassec_ctx_wipe()).
 * - A handle is not thread-safe; use one per thread.
 *
 * The ABI itself (commands, attributes, verdicts, cmsg structs) is
 * <linux/nassec.h>, installed next to this header.
 */
#ifndef NASSEC_LIB_H
#define NASSEC_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <linux/nassec.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nassec;

/*
 * Opens a handle: resolves the "nassec" family and its "events" group.
 * -ENOENT: the module is not loaded. On failure *handle may still be set,
 * so that nassec_last_error(*handle) can say why; nassec_close() it
 * either way (nassec_close(NULL) is a no-op).
 */
int nassec_open(struct nassec **handle);
void nassec_close(struct nassec *h);
/* The kernel's (or the library's) one-line reason for the last failure,
 * or "" when there is none. Valid until the next call on h. */
const char *nassec_last_error(const struct nassec *h);
/* Generic netlink version the module reports (NASSEC_GENL_VERSION). */
unsigned int nassec_family_version(const struct nassec *h);

/* ---- contexts ---------------------------------------------------------- */

enum nassec_slot_index {
	NASSEC_SLOT_CUR,	/* current EPS security context */
	NASSEC_SLOT_NEW,	/* new (non-current) one, set up by SMC */
	NASSEC_SLOTS
};

struct nassec_slot {
	bool present;		/* in: send this slot; out: the slot is loaded */
	bool has_kasme;		/* in: CTX_NEW/IMPORT need it; out: EXPORT only */
	bool has_ul_count;
	bool has_dl_count;
	uint8_t eksi;
	uint8_t eia;		/* enum nassec_alg */
	uint8_t eea;		/* enum nassec_alg */
	uint32_t ul_count;	/* next expected uplink NAS COUNT */
	uint32_t dl_count;	/* next downlink NAS COUNT */
	uint8_t kasme[NASSEC_KASME_LEN];
};

struct nassec_stats {
	uint64_t ul_ok;
	uint64_t ul_mac_fail;
	uint64_t ul_replay;
	uint64_t ul_malformed;
	uint64_t ul_no_context;
	uint64_t dl_protected;
	uint64_t dl_blocked;
};

struct nassec_ctx {
	uint32_t ue_id;
	uint32_t flags;		/* out: NASSEC_CTX_F_* */
	bool has_stats;		/* out */
	bool has_idle_ms;	/* out */
	uint64_t idle_ms;
	struct nassec_stats stats;
	struct nassec_slot slot[NASSEC_SLOTS];
};

/* What CTX_SET changes; anything left at its zero value is unchanged. */
struct nassec_ctx_change {
	uint32_t ue_id;
	const struct nassec_slot *new_slot;	/* load the new slot (SMC) */
	bool freeze;				/* TS 33.401 7.2.10: stop downlink */
	bool thaw;
	bool drop_new;				/* SMC aborted: discard new slot */
};

/* Wipes the KASMEs of c (use on every struct you filled or got from EXPORT). */
void nassec_ctx_wipe(struct nassec_ctx *c);

int nassec_ctx_new(struct nassec *h, const struct nassec_ctx *c);
/* Like nassec_ctx_new with what nassec_ctx_export returned (counts required). */
int nassec_ctx_import(struct nassec *h, const struct nassec_ctx *c);
int nassec_ctx_set(struct nassec *h, const struct nassec_ctx_change *change);
int nassec_ctx_freeze(struct nassec *h, uint32_t ue_id, bool frozen);
int nassec_ctx_del(struct nassec *h, uint32_t ue_id);
/* One context, never keys. */
int nassec_ctx_get(struct nassec *h, uint32_t ue_id, struct nassec_ctx *out);
/*
 * All contexts of the namespace. cb returns 0 to go on; a negative value
 * stops the walk (the rest of the dump is drained) and is returned.
 * Otherwise returns the number of contexts seen.
 */
typedef int (*nassec_ctx_cb)(const struct nassec_ctx *c, void *arg);
int nassec_ctx_dump(struct nassec *h, nassec_ctx_cb cb, void *arg);
/* S10 context transfer: the slots with KASME. Wipe out afterwards. */
int nassec_ctx_export(struct nassec *h, uint32_t ue_id, struct nassec_ctx *out);

/* ---- NAS PDUs ------------------------------------------------------------ */

/*
 * One PDU of a protect/unprotect batch. The caller sets in/in_len, out and
 * out_cap (NASSEC_PDU_MAX is always enough) and, for protect, sec_hdr_type.
 * The library fills the rest. error != 0 means this PDU failed (e.g.
 * -EACCES frozen, -ENOKEY no slot, -EOVERFLOW COUNT exhausted, -EMSGSIZE
 * out_cap too small); the other PDUs of the batch are independent.
 */
struct nassec_pdu {
	const uint8_t *in;
	size_t in_len;
	uint8_t *out;
	size_t out_cap;
	size_t out_len;		/* out: 0 when no data came back */
	uint8_t sec_hdr_type;	/* protect: in (1, 2, 3); unprotect: out */
	bool has_count;
	int error;		/* out: 0 or negative errno */
	uint32_t verdict;	/* out, unprotect: enum nassec_verdict */
	uint32_t count;		/* out: NAS COUNT used or estimated */
	uint32_t flags;		/* out: NASSEC_PDU_F_* */
};

/* Returns 0 when the batch was processed (see each PDU's error/verdict). */
int nassec_pdu_protect(struct nassec *h, uint32_t ue_id,
		       struct nassec_pdu *pdus, size_t n);
int nassec_pdu_unprotect(struct nassec *h, uint32_t ue_id,
			 struct nassec_pdu *pdus, size_t n);

/* ---- key derivation (TS 33.401 Annex A) ------------------------------- */

#define NASSEC_UL_COUNT_LAST	UINT32_MAX	/* last accepted uplink COUNT */

/* A.3: KeNB from the current slot's KASME and an uplink NAS COUNT. */
int nassec_derive_kenb(struct nassec *h, uint32_t ue_id, uint32_t ul_count,
		       uint8_t kenb[NASSEC_KENB_LEN]);
/* A.4: NH from KASME and SYNC-input (the KeNB, or the previous NH). */
int nassec_derive_nh(struct nassec *h, uint32_t ue_id,
		     const uint8_t sync_input[NASSEC_NH_LEN],
		     uint8_t nh[NASSEC_NH_LEN]);

/* ---- namespace stats and configuration -------------------------------- */

struct nassec_ns_info {
	struct nassec_stats totals;
	uint32_t ctx_count;
	uint32_t max_ctx;
};

struct nassec_config {
	uint32_t max_ctx;	/* 0: unchanged */
};

int nassec_stats_get(struct nassec *h, struct nassec_ns_info *out);
int nassec_config_set(struct nassec *h, const struct nassec_config *cfg);

/* ---- SCTP socket offload ------------------------------------------------ */

struct nassec_sock_info {
	uint64_t id;		/* inode number */
	uint64_t parent_id;	/* 0 unless accepted from an attached listener */
	uint32_t type;		/* SOCK_STREAM or SOCK_SEQPACKET */
	bool listening;
	uint64_t rx_msgs, rx_nas_ok, rx_nas_fail;
	uint64_t tx_msgs, tx_protected, tx_refused;
};

int nassec_sock_attach(struct nassec *h, int fd);
int nassec_sock_detach(struct nassec *h, int fd);
int nassec_sock_detach_id(struct nassec *h, uint64_t sock_id);
typedef int (*nassec_sock_cb)(const struct nassec_sock_info *s, void *arg);
/* Like nassec_ctx_dump: returns the number of sockets seen. */
int nassec_sock_list(struct nassec *h, nassec_sock_cb cb, void *arg);

/* ---- events ----------------------------------------------------------- */

/* Not a kernel event: the socket overran and events were lost; resync. */
#define NASSEC_EVENT_LOST	0xffffffffU

struct nassec_event_info {
	uint32_t event;		/* enum nassec_event or NASSEC_EVENT_LOST */
	uint32_t ue_id;
	bool has_ue_id;
	bool has_count;
	bool has_verdict;
	uint32_t count;
	uint32_t verdict;	/* enum nassec_verdict */
};

/* Opens a non-blocking socket joined to the "events" group. */
int nassec_events_subscribe(struct nassec *h);
/* That socket, for epoll/poll (readable: call nassec_event_recv until -EAGAIN). */
int nassec_events_fd(const struct nassec *h);
/* Decodes one event: 0, -EAGAIN when none is queued, other -errno on error. */
int nassec_event_recv(struct nassec *h, struct nassec_event_info *ev);

/* ---- control messages on attached SCTP sockets (SOL_NASSEC) ---------- */

#define NASSEC_CMSG_PROTECT_SPACE CMSG_SPACE(sizeof(struct nassec_protect_info))
#define NASSEC_CMSG_VERDICT_SPACE CMSG_SPACE(sizeof(struct nassec_verdict_info))

/*
 * What nassec.ko does with socket fd (getsockopt NASSEC_SOCKOPT_STATE):
 * NASSEC_SOCK_ATTACHED, NASSEC_SOCK_DETACHED, or -errno: for a socket the
 * module has never held whatever the protocol says of an unknown level
 * (-ENOPROTOOPT for IPv6 SCTP, -EOPNOTSUPP for IPv4), -EBADF / -ENOTSOCK.
 */
int nassec_sock_state(int fd);
/*
 * Appends a NASSEC_CMSG_PROTECT to msg's control buffer (msg_control, whose
 * capacity is cap; msg_controllen octets are in use, so other cmsgs such
 * as SCTP_SNDINFO may come before or after). -ENOSPC if it does not fit.
 *
 * Fails closed: the message is for socket fd, and unless nassec.ko holds
 * it attached (nassec_sock_state() == NASSEC_SOCK_ATTACHED) nothing is
 * appended and -EBADFD is returned (-EBADF / -ENOTSOCK for an fd that is
 * no socket). SCTP ignores cmsg levels it does not know, so a PROTECT cmsg
 * on a socket the module does not hold would let the NAS-PDU go out in
 * clear. h may be NULL; otherwise nassec_last_error(h) says why. The check
 * costs one getsockopt per call.
 */
int nassec_cmsg_add_protect(struct nassec *h, int fd, struct msghdr *msg, size_t cap,
			    const struct nassec_protect_info *info);
/*
 * Copies the NASSEC_CMSG_VERDICT of a received message into out.
 * -EMSGSIZE if the control data was truncated (MSG_CTRUNC), -ENOENT if
 * there is none (socket not attached), -EBADMSG if it has a wrong size.
 */
int nassec_cmsg_verdict(const struct msghdr *msg, struct nassec_verdict_info *out);

/* ---- names ------------------------------------------------------------ */

/* Lower-case names for printing; "?" for unknown values. */
const char *nassec_verdict_name(uint32_t verdict);	/* "ok", "mac-fail", ... */
const char *nassec_event_name(uint32_t event);		/* "mac-fail", "promoted", ... */
const char *nassec_alg_name(uint32_t alg);		/* "null", "snow3g", "aes", "zuc" */

#ifdef __cplusplus
}
#endif

#endif /* NASSEC_LIB_H */
