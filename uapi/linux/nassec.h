/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * nassec: in-kernel LTE NAS security (TS 24.301 4.4, TS 33.401) for MMEs.
 *
 * The one ABI between nassec.ko and userspace: the generic netlink family
 * "nassec", its multicast group "events", and the control messages used on
 * attached SCTP sockets.
 *
 * Conventions
 * - A UE is named by a u32 UE id: the MME-UE-S1AP-ID the MME assigned.
 *   Contexts live per network namespace.
 * - Each context has a *current* EPS security context slot and a *new*
 *   (non-current) slot, as TS 33.401 7.2.4/7.2.5 and TS 24.301 4.4.2 name
 *   them. K_NASint/K_NASenc are derived in the kernel (TS 33.401 A.7) and
 *   never leave it; KASME leaves it only through NASSEC_CMD_CTX_EXPORT.
 * - NAS COUNT values are 24-bit (overflow(16) | SQN(8)); the attributes
 *   carry them in a u32 whose top octet is 0.
 * - Every command ("admin") needs CAP_NET_ADMIN in the user namespace
 *   owning the network namespace, the read-only ones (CTX_GET, SOCK_LIST,
 *   STATS_GET) included: UE ids, COUNTs, eKSIs and socket ids are an MME's
 *   subscriber state. Without it a request fails with EPERM. Root of a
 *   user namespace of one's own administers the network namespaces that
 *   user namespace owns, nothing else. Only CTX_EXPORT returns KASME.
 * - Policies are strict: unknown attributes, wrong lengths and out-of-range
 *   values are rejected with an extack message naming the attribute, and
 *   nothing is changed.
 */
#ifndef _UAPI_LINUX_NASSEC_H
#define _UAPI_LINUX_NASSEC_H

#include <linux/types.h>

#define NASSEC_GENL_NAME		"nassec"
#define NASSEC_GENL_VERSION		1
#define NASSEC_MCGRP_EVENTS		"events"	/* joining needs CAP_NET_ADMIN, as admin commands */

#define NASSEC_KEY_LEN			16	/* K_NASint, K_NASenc, algorithm keys */
#define NASSEC_KASME_LEN		32
#define NASSEC_KENB_LEN			32
#define NASSEC_NH_LEN			32
#define NASSEC_COUNT_MAX		0xffffffU	/* last usable 24-bit NAS COUNT */
#define NASSEC_EKSI_NONE		7	/* TS 24.301 9.9.3.21: no key available */
#define NASSEC_NAS_HDR_LEN		6	/* sec hdr/PD + MAC(4) + SQN */
#define NASSEC_S1AP_PPID		18	/* TS 36.412 7: SCTP payload protocol id of S1AP */

/* TS 33.401 5.1.3.2 / 5.1.4.2: algorithm identifiers (EEA0-3, EIA0-3). */
enum nassec_alg {
	NASSEC_ALG_NULL = 0,	/* EEA0 / EIA0; EIA0 only for emergency, policy-gated */
	NASSEC_ALG_SNOW3G = 1,	/* 128-EEA1 / 128-EIA1 */
	NASSEC_ALG_AES = 2,	/* 128-EEA2 / 128-EIA2 */
	NASSEC_ALG_ZUC = 3,	/* 128-EEA3 / 128-EIA3 */
	__NASSEC_ALG_MAX
};
#define NASSEC_ALG_MAX (__NASSEC_ALG_MAX - 1)

/* TS 24.301 9.3.1: security header type (high nibble of the first octet). */
enum nassec_sec_hdr {
	NASSEC_SHT_PLAIN = 0,
	NASSEC_SHT_INTEGRITY = 1,
	NASSEC_SHT_INTEGRITY_CIPHERED = 2,
	NASSEC_SHT_INTEGRITY_NEW_CTX = 3,		/* SECURITY MODE COMMAND */
	NASSEC_SHT_INTEGRITY_CIPHERED_NEW_CTX = 4,	/* SECURITY MODE COMPLETE */
	NASSEC_SHT_SERVICE_REQUEST = 12,		/* 13-15 are read as 12 */
};

/*
 * Uplink verdicts. Zero is deliberately not a verdict, so a verdict that
 * was never filled in is never mistaken for OK.
 */
enum nassec_verdict {
	NASSEC_VERDICT_OK = 1,		/* MAC verified, COUNT fresh, deciphered */
	NASSEC_VERDICT_MAC_FAIL,	/* MAC wrong: nothing changed, not deciphered */
	NASSEC_VERDICT_REPLAY,		/* COUNT already accepted or left the window */
	NASSEC_VERDICT_NO_CONTEXT,	/* unknown UE id, or the slot needed is empty */
	NASSEC_VERDICT_PLAIN,		/* security header type 0: no protection */
	NASSEC_VERDICT_MALFORMED,	/* reserved header type, truncated PDU */
	NASSEC_VERDICT_NOT_NAS,		/* socket path: S1AP message without an uplink NAS-PDU */
	__NASSEC_VERDICT_MAX
};

/* Context flags (NASSEC_A_CTX_FLAGS). */
#define NASSEC_CTX_F_FROZEN	(1U << 0)	/* no downlink NAS may be protected (TS 33.401 7.2.10) */
#define NASSEC_CTX_F_NEW_SLOT	(1U << 1)	/* the new (non-current) slot is loaded */
#define NASSEC_CTX_F_CUR_SLOT	(1U << 2)	/* the current slot is loaded */

enum nassec_cmd {
	NASSEC_CMD_UNSPEC,
	/*
	 * admin. Creates the context of UE_ID. Carries SLOT_CUR and/or
	 * SLOT_NEW, each with KASME, EKSI, EIA, EEA and optionally UL_COUNT
	 * (next expected uplink COUNT) and DL_COUNT (next downlink COUNT).
	 * -EEXIST if it exists, -ENOSPC when the namespace holds MAX_CTX.
	 */
	NASSEC_CMD_CTX_NEW,
	/*
	 * admin. Changes the context of UE_ID: SLOT_NEW loads the new slot
	 * (for a SECURITY MODE COMMAND; without KASME the current slot's
	 * KASME is reused, i.e. an algorithm change), FROZEN 1/0 freezes or
	 * thaws downlink, DROP_NEW 1 discards the new slot (SMC aborted).
	 */
	NASSEC_CMD_CTX_SET,
	NASSEC_CMD_CTX_DEL,	/* admin. UE_ID. Keys are wiped. */
	/*
	 * admin. GET with UE_ID: one context. Dump: all contexts of the namespace
	 * in a stable order, resumable across messages. Replies carry
	 * UE_ID, CTX_FLAGS, SLOT_CUR/SLOT_NEW (EKSI, EIA, EEA, UL_COUNT,
	 * DL_COUNT; never keys), CTX_STATS and IDLE_MS.
	 */
	NASSEC_CMD_CTX_GET,
	/*
	 * admin. S10 context transfer (TS 33.401 7.2.8/9.2): returns the
	 * slots of UE_ID with KASME, EKSI, EIA, EEA, UL_COUNT, DL_COUNT.
	 */
	NASSEC_CMD_CTX_EXPORT,
	/* admin. Like CTX_NEW with what CTX_EXPORT returned; counts required. */
	NASSEC_CMD_CTX_IMPORT,
	/*
	 * admin. Downlink: UE_ID and one or more PDU nests, each with
	 * PDU_SEC_HDR_TYPE (1, 2 or 3) and PDU_DATA = the plain NAS message.
	 * The reply has one PDU nest per request PDU, in order: PDU_DATA =
	 * the protected message, PDU_COUNT, or PDU_ERROR (negative errno).
	 */
	NASSEC_CMD_PDU_PROTECT,
	/*
	 * admin. Uplink: UE_ID and one or more PDU nests with PDU_DATA = the
	 * received NAS message. The reply has one PDU nest per request PDU:
	 * PDU_VERDICT, PDU_SEC_HDR_TYPE, PDU_COUNT (when estimated),
	 * PDU_DATA = the inner, deciphered message when the verdict is OK or
	 * PLAIN, and PDU_FLAGS (NASSEC_PDU_F_*).
	 */
	NASSEC_CMD_PDU_UNPROTECT,
	/*
	 * admin. TS 33.401 A.3: KeNB = KDF(KASME, FC 0x11, UL NAS COUNT) from
	 * the current slot. UL_COUNT selects the COUNT (default: the last
	 * accepted one; -ENODATA if none was yet). Reply: KENB.
	 */
	NASSEC_CMD_DERIVE_KENB,
	/*
	 * admin. TS 33.401 A.4: NH = KDF(KASME, FC 0x12, SYNC-input) where
	 * SYNC_INPUT is the KeNB (first NH) or the previous NH. Reply: NH.
	 */
	NASSEC_CMD_DERIVE_NH,
	/*
	 * admin. SOCK_FD: an SCTP socket of the caller to offload (one-to-one
	 * or one-to-many), or a detached one to attach again. A socket
	 * accepted from an attached listener is attached, also when accept()
	 * was already waiting when the listener was attached; one accepted
	 * from a detached listener is detached; peeled-off ones are plain.
	 * Errors: EBADF/ENOTSOCK, EPROTONOSUPPORT (not SCTP), EXDEV (another
	 * namespace), EEXIST (attached already), EBUSY (sk_user_data taken
	 * by someone else), EOPNOTSUPP (SCTP_FRAGMENT_INTERLEAVE set).
	 * Each socket the module has attached, detached ones included, pins
	 * the module until it is closed: rmmod fails with EBUSY till then.
	 */
	NASSEC_CMD_SOCK_ATTACH,
	/*
	 * admin. SOCK_FD or SOCK_ID: stop the offload. The socket reads and
	 * writes plain from then on, except that a PROTECT cmsg fails with
	 * EBADFD (nothing sent) until the socket is closed or attached again:
	 * a sender unaware of the detach never puts a NAS-PDU out in clear.
	 * getsockopt NASSEC_SOCKOPT_STATE says NASSEC_SOCK_DETACHED; SOCK_LIST
	 * no longer shows it. ENOENT if not attached (or detached already);
	 * EBUSY while a message is only partly read (its rest is held by the
	 * module: read it first).
	 */
	NASSEC_CMD_SOCK_DETACH,
	/* admin. Dump: one SOCK nest per attached (not detached) socket of the namespace. */
	NASSEC_CMD_SOCK_LIST,
	/* admin. Namespace totals: NS_STATS, CTX_COUNT, MAX_CTX. */
	NASSEC_CMD_STATS_GET,
	/* admin. MAX_CTX: the namespace's context limit. */
	NASSEC_CMD_CONFIG_SET,
	/* Multicast on "events": EVENT, UE_ID and the attributes it names. */
	NASSEC_CMD_EVENT,
	__NASSEC_CMD_MAX
};
#define NASSEC_CMD_MAX (__NASSEC_CMD_MAX - 1)

enum nassec_attr {
	NASSEC_A_UNSPEC,
	NASSEC_A_UE_ID,		/* u32 */
	NASSEC_A_SLOT_CUR,	/* nest, enum nassec_slot_attr */
	NASSEC_A_SLOT_NEW,	/* nest, enum nassec_slot_attr */
	NASSEC_A_CTX_FLAGS,	/* u32, NASSEC_CTX_F_*, replies only */
	NASSEC_A_FROZEN,	/* u8 0/1, CTX_SET */
	NASSEC_A_DROP_NEW,	/* u8 1, CTX_SET */
	NASSEC_A_CTX_STATS,	/* nest, enum nassec_stat_attr */
	NASSEC_A_IDLE_MS,	/* u64, ms since the context was last used */
	NASSEC_A_PDU,		/* nest, enum nassec_pdu_attr; repeated */
	NASSEC_A_UL_COUNT,	/* u32, 0..NASSEC_COUNT_MAX, DERIVE_KENB */
	NASSEC_A_KENB,		/* binary, NASSEC_KENB_LEN */
	NASSEC_A_SYNC_INPUT,	/* binary, 32 octets, DERIVE_NH */
	NASSEC_A_NH,		/* binary, NASSEC_NH_LEN */
	NASSEC_A_SOCK_FD,	/* s32 */
	NASSEC_A_SOCK_ID,	/* u64, the socket's inode number */
	NASSEC_A_SOCK,		/* nest, enum nassec_sock_attr; SOCK_LIST */
	NASSEC_A_NS_STATS,	/* nest, enum nassec_stat_attr, namespace totals */
	NASSEC_A_CTX_COUNT,	/* u32, contexts in the namespace */
	NASSEC_A_MAX_CTX,	/* u32, 1..2^24, the namespace's context limit */
	NASSEC_A_EVENT,		/* u32, enum nassec_event */
	NASSEC_A_COUNT,		/* u32, the NAS COUNT an event is about */
	NASSEC_A_VERDICT,	/* u32, enum nassec_verdict, in events */
	NASSEC_A_PAD,
	__NASSEC_A_MAX
};
#define NASSEC_A_MAX (__NASSEC_A_MAX - 1)

enum nassec_slot_attr {
	NASSEC_SLOT_A_UNSPEC,
	NASSEC_SLOT_A_KASME,	/* binary, NASSEC_KASME_LEN; in CTX_NEW/SET/IMPORT, EXPORT replies */
	NASSEC_SLOT_A_EKSI,	/* u8, 0..6 (TS 24.301 9.9.3.21; bit 3 = mapped context) */
	NASSEC_SLOT_A_EIA,	/* u8, enum nassec_alg */
	NASSEC_SLOT_A_EEA,	/* u8, enum nassec_alg */
	NASSEC_SLOT_A_UL_COUNT,	/* u32, next expected uplink NAS COUNT */
	NASSEC_SLOT_A_DL_COUNT,	/* u32, next downlink NAS COUNT to use */
	__NASSEC_SLOT_A_MAX
};
#define NASSEC_SLOT_A_MAX (__NASSEC_SLOT_A_MAX - 1)

enum nassec_pdu_attr {
	NASSEC_PDU_A_UNSPEC,
	NASSEC_PDU_A_DATA,		/* binary, 1..NASSEC_PDU_MAX octets */
	NASSEC_PDU_A_SEC_HDR_TYPE,	/* u8, enum nassec_sec_hdr */
	NASSEC_PDU_A_VERDICT,		/* u32, enum nassec_verdict */
	NASSEC_PDU_A_COUNT,		/* u32, the NAS COUNT used or estimated */
	NASSEC_PDU_A_ERROR,		/* s32, negative errno for this PDU */
	NASSEC_PDU_A_FLAGS,		/* u32, NASSEC_PDU_F_* */
	__NASSEC_PDU_A_MAX
};
#define NASSEC_PDU_A_MAX (__NASSEC_PDU_A_MAX - 1)
#define NASSEC_PDU_MAX		4096	/* largest NAS message accepted per call */

#define NASSEC_PDU_F_PROMOTED	(1U << 0)	/* a verified type 4 made the new slot current */
#define NASSEC_PDU_F_THRESHOLD	(1U << 1)	/* COUNT passed the re-key threshold */

enum nassec_stat_attr {
	NASSEC_STAT_A_UNSPEC,
	NASSEC_STAT_A_UL_OK,		/* u64 */
	NASSEC_STAT_A_UL_MAC_FAIL,	/* u64 */
	NASSEC_STAT_A_UL_REPLAY,	/* u64 */
	NASSEC_STAT_A_UL_MALFORMED,	/* u64 */
	NASSEC_STAT_A_UL_NO_CONTEXT,	/* u64 */
	NASSEC_STAT_A_DL_PROTECTED,	/* u64 */
	NASSEC_STAT_A_DL_BLOCKED,	/* u64, refused: frozen, COUNT exhausted, empty slot */
	NASSEC_STAT_A_PAD,
	__NASSEC_STAT_A_MAX
};
#define NASSEC_STAT_A_MAX (__NASSEC_STAT_A_MAX - 1)

enum nassec_sock_attr {
	NASSEC_SOCK_A_UNSPEC,
	NASSEC_SOCK_A_ID,		/* u64, inode number */
	NASSEC_SOCK_A_TYPE,		/* u32, SOCK_STREAM or SOCK_SEQPACKET */
	NASSEC_SOCK_A_LISTENING,	/* u8 0/1 */
	NASSEC_SOCK_A_PARENT_ID,	/* u64, for sockets accepted from an attached listener */
	NASSEC_SOCK_A_RX_MSGS,		/* u64, S1AP messages received */
	NASSEC_SOCK_A_RX_NAS_OK,	/* u64 */
	NASSEC_SOCK_A_RX_NAS_FAIL,	/* u64, any uplink verdict but OK, PLAIN, NOT_NAS */
	NASSEC_SOCK_A_TX_MSGS,		/* u64 */
	NASSEC_SOCK_A_TX_PROTECTED,	/* u64 */
	NASSEC_SOCK_A_TX_REFUSED,	/* u64 */
	NASSEC_SOCK_A_PAD,
	__NASSEC_SOCK_A_MAX
};
#define NASSEC_SOCK_A_MAX (__NASSEC_SOCK_A_MAX - 1)

enum nassec_event {
	NASSEC_EVENT_UNSPEC,
	NASSEC_EVENT_MAC_FAIL,		/* UE_ID, COUNT, VERDICT */
	NASSEC_EVENT_REPLAY,		/* UE_ID, COUNT, VERDICT */
	NASSEC_EVENT_MALFORMED,		/* UE_ID */
	NASSEC_EVENT_COUNT_THRESHOLD,	/* UE_ID, COUNT: re-key now (AKA + SMC) */
	NASSEC_EVENT_PROMOTED,		/* UE_ID, COUNT: new slot became current */
	NASSEC_EVENT_DL_BLOCKED,	/* UE_ID: downlink refused (frozen or exhausted) */
	NASSEC_EVENT_CTX_DELETED,	/* UE_ID */
	__NASSEC_EVENT_MAX
};

/*
 * Downlink re-key threshold: an event is sent when a COUNT reaches this, so
 * the MME has 2^16 messages left to run AKA and SMC before COUNT runs out.
 */
#define NASSEC_COUNT_THRESHOLD	(NASSEC_COUNT_MAX - 0xffffU)

/*
 * Control messages on attached SCTP sockets, at level SOL_NASSEC. SCTP
 * ignores levels other than IPPROTO_SCTP: on a socket the module has never
 * attached a PROTECT cmsg is ignored and the NAS-PDU goes out as written,
 * in clear. Check NASSEC_SOCKOPT_STATE first. A detached socket refuses it.
 */
#define SOL_NASSEC		0x4e4153	/* "NAS" */

enum nassec_cmsg_type {
	NASSEC_CMSG_PROTECT = 1,	/* sendmsg: struct nassec_protect_info */
	NASSEC_CMSG_VERDICT = 2,	/* recvmsg: struct nassec_verdict_info */
};

/*
 * getsockopt(fd, SOL_NASSEC, NASSEC_SOCKOPT_STATE, &int, &len): what the
 * module does with this socket (len at least sizeof(int), else EINVAL;
 * other option names ENOPROTOOPT). A socket the module has never seen
 * fails with SCTP's answer to an unknown level, which is EOPNOTSUPP on
 * IPv4 and ENOPROTOOPT on IPv6 sockets (6.1 ip_getsockopt /
 * ipv6_getsockopt), so a sender can tell before it builds a protected send
 * that the PROTECT cmsg would be ignored and the NAS-PDU go out in clear.
 */
#define NASSEC_SOCKOPT_STATE	1
enum nassec_sock_state {
	NASSEC_SOCK_ATTACHED = 1,	/* verdicts on receive, PROTECT honoured */
	NASSEC_SOCK_DETACHED = 2,	/* plain, but PROTECT fails (EBADFD) until close */
};

/*
 * sendmsg: protect the NAS-PDU at nas_offset (nas_len octets, the first
 * NASSEC_NAS_HDR_LEN reserved for header, MAC and SQN) inside the S1AP
 * message before it is sent. Errors, with nothing sent:
 *   EBADFD   the socket is detached (or the module is being unloaded):
 *            protection was asked for and cannot be had
 *   ENOKEY   no context for ue_id, or the slot the header type needs is empty
 *   EACCES   the context is frozen (inter-MME handover)
 *   EOVERFLOW the downlink COUNT is exhausted: re-key
 *   EBADMSG  nas_offset/nas_len outside the message, or nas_len < 8
 *            (6 octets of header, MAC, SQN and a 2-octet inner message)
 *   EINVAL   bad cmsg size, or sec_hdr_type not 1, 2 or 3
 * SCTP sends a message whole or not at all (never partly, MSG_MORE
 * included), but it can still refuse it after the PDU was protected
 * (EAGAIN on a full send buffer, EINTR, EPIPE, ENOMEM): that downlink
 * COUNT is then used up and the next message carries the one after it.
 * Never reusing a COUNT is the safe side (the refused ciphertext may not
 * be taken back); the UE takes a gap as long as the SQN (low 8 bits)
 * does not wrap past it (TS 24.301 4.4.3.1), so a sender must not retry a
 * refused protected message 256 times in a row without sending: wait for
 * room (poll POLLOUT) instead.
 */
struct nassec_protect_info {
	__u32 ue_id;
	__u32 nas_offset;
	__u32 nas_len;
	__u8 sec_hdr_type;
	__u8 reserved[3];	/* must be 0 */
};

/*
 * recvmsg: the verdict for every S1AP (PPID 18) message read from an
 * attached socket. With verdict OK the NAS-PDU at nas_offset holds the
 * deciphered inner message (header, MAC and SQN left in place). If the
 * control buffer cannot hold this, recvmsg fails with EMSGSIZE, so a
 * verdict is never lost: the check comes before the message is dequeued,
 * so it stays queued for a call with room. SCTP's own cmsgs come first and
 * may be truncated (MSG_CTRUNC) to leave the verdict its room.
 * - A buffer shorter than the message gets it in parts, without MSG_EOR
 *   until the last, each part with the same verdict.
 * - MSG_PEEK shows the message as it was received (still protected)
 *   without a verdict: only the read that consumes it is verified.
 * - Notifications and other PPIDs pass through untouched, without verdict.
 * - Messages over 64 KiB are not inspected: MALFORMED, passed through.
 * - SCTP partial delivery (SCTP_PARTIAL_DELIVERY_POINT) of a message up to
 *   64 KiB is reassembled first: the caller sees one verified message.
 * - A message SCTP delivers in parts whose next part is not data of the
 *   same association (an ABORT mid-message flushes notifications and, on
 *   one-to-many sockets, other associations' messages behind the parts
 *   already queued) ends there: the parts read so far are delivered as
 *   one message with verdict MALFORMED and MSG_EOR; what follows is not
 *   consumed and is read as usual. Past 64 KiB the end is an empty part
 *   with MSG_EOR.
 * - SCTP_SOCKOPT_PEELOFF fails with EBUSY while a message is partly read
 *   (its rest is held by the module).
 * - A recvmsg already waiting when the socket is detached reads what
 *   arrives after the detach as from a plain socket: no verdict (and one
 *   waiting when it is attached reads as from a plain socket too: attach
 *   before reading). A message partly read before the detach is finished
 *   as it began.
 * - A wrapper on a socket whose module is being unloaded fails with
 *   EBADFD (it cannot happen while the socket pins the module).
 * - SCTP_FRAGMENT_INTERLEAVE (any non-zero level, so also stream
 *   interleaving, which needs it) is not supported: parts of a message
 *   are read back to back. SOCK_ATTACH of a socket that has it, and
 *   setting it on an attached socket, fail with EOPNOTSUPP.
 */
struct nassec_verdict_info {
	__u32 ue_id;		/* MME-UE-S1AP-ID, 0 when absent */
	__u32 verdict;		/* enum nassec_verdict */
	__u32 nas_offset;	/* 0 and nas_len 0 when there is no NAS-PDU */
	__u32 nas_len;
	__u32 count;		/* estimated uplink NAS COUNT, when protected */
	__u8 sec_hdr_type;
	__u8 flags;		/* NASSEC_PDU_F_* */
	__u16 procedure;	/* S1AP procedure code */
};

#endif /* _UAPI_LINUX_NASSEC_H */
