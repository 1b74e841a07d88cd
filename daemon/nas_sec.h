/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who does NAS security (TS 24.301 4.4, TS 33.401 7.2) for nassecd: one
 * interface, two backends, chosen by [security] nas_security at start.
 *
 *   kernel  nas_sec_kernel.c: nassec.ko on the attached S1-MME socket
 *           (verdict cmsgs on receive, PROTECT cmsgs on send) and over
 *           netlink (contexts, Initial UE Message checks, KeNB), through
 *           libnassec. The default and the point of the project.
 *   daemon  nas_sec_soft.c: the same work in this process, on a plain
 *           SCTP socket: the contexts in a table here, the kernel's own
 *           freestanding core (kmod/nas.c: header types, COUNT estimation,
 *           replay window, new-context promotion) and S1AP walker
 *           (kmod/s1ap.c) compiled into the daemon, crypto in lte_algs.c.
 *           For comparing the offload with its absence, and for hosts
 *           without the module.
 *
 * Both give the S1AP path and the EMM edge the same answers: a struct
 * nassec_verdict_info per received S1AP message, a protected NAS-PDU in
 * place of the plain one on send, the same errnos. Keys given to a backend
 * are copied; the caller wipes its own copy.
 */
#ifndef NASSECD_NAS_SEC_H
#define NASSECD_NAS_SEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <linux/nassec.h>

enum nas_sec_mode {
	NAS_SEC_KERNEL,
	NAS_SEC_DAEMON,
};

/* A new (non-current) EPS security context for SMC (TS 33.401 7.2.4.4). */
struct nas_sec_slot {
	uint8_t eksi;
	uint8_t eia;
	uint8_t eea;
	uint8_t kasme[NASSEC_KASME_LEN];
};

#define NAS_SEC_UL_COUNT_LAST	UINT32_MAX	/* derive_kenb: the last accepted COUNT */

/* What an uplink check found (the libnassec PDU batch's per-PDU answer). */
struct nas_sec_result {
	uint32_t verdict;	/* enum nassec_verdict */
	uint32_t count;		/* estimated uplink COUNT, when protected */
	uint32_t flags;		/* NASSEC_PDU_F_* */
	size_t out_len;		/* the inner message in out; 0: none came back */
};

struct nas_sec;

struct nas_sec_ops {
	const char *name;	/* the config value: "kernel", "daemon" */
	void (*close)(struct nas_sec *s);
	int (*sock_attach)(struct nas_sec *s, int fd);
	void (*sock_detach)(struct nas_sec *s, int fd);
	int (*rx)(struct nas_sec *s, const struct msghdr *mh, uint8_t *msg, size_t len,
		  struct nassec_verdict_info *vi);
	int (*tx)(struct nas_sec *s, int fd, struct msghdr *mh, size_t cap, uint8_t *msg,
		  size_t len, const struct nassec_protect_info *pi);
	int (*load_new)(struct nas_sec *s, uint32_t ue_id, bool exists,
			const struct nas_sec_slot *slot);
	int (*drop_new)(struct nas_sec *s, uint32_t ue_id);
	int (*del)(struct nas_sec *s, uint32_t ue_id);
	int (*unprotect)(struct nas_sec *s, uint32_t ue_id, const uint8_t *pdu, size_t len,
			 uint8_t *out, size_t cap, struct nas_sec_result *res);
	int (*derive_kenb)(struct nas_sec *s, uint32_t ue_id, uint32_t ul_count,
			   uint8_t kenb[NASSEC_KENB_LEN]);
	const char *(*last_error)(const struct nas_sec *s);
};

struct nas_sec {
	const struct nas_sec_ops *ops;
};

/* The backends' constructors (nas_sec_kernel.c, nas_sec_soft.c). */
int nas_sec_kernel_open(struct nas_sec **out);
int nas_sec_soft_open(struct nas_sec **out);

/* Opens the backend of mode; 0 or -errno (logged). */
int nas_sec_open(enum nas_sec_mode mode, struct nas_sec **out);
void nas_sec_close(struct nas_sec *s);
const char *nas_sec_name(const struct nas_sec *s);
/* The config value's mode; -1 for an unknown name. */
int nas_sec_mode_from_name(const char *name);
const char *nas_sec_mode_name(enum nas_sec_mode mode);

/*
 * The S1-MME socket: attached before the first association (kernel), or
 * nothing to do (daemon). Detach on close.
 */
int nas_sec_sock_attach(struct nas_sec *s, int fd);
void nas_sec_sock_detach(struct nas_sec *s, int fd);

/*
 * One received S1AP message (PPID 18) of len octets in msg, as recvmsg
 * filled mh: the verdict of its uplink NAS-PDU into vi, the PDU deciphered
 * in place when the verdict is OK (DESIGN.md "receive"). 0, -ENOENT when
 * there is no verdict (nothing in msg was verified), other -errno.
 */
int nas_sec_rx(struct nas_sec *s, const struct msghdr *mh, uint8_t *msg, size_t len,
	       struct nassec_verdict_info *vi);

/*
 * Before sendmsg of msg (len octets, writable) on fd: have the NAS-PDU pi
 * names protected, either by appending a PROTECT cmsg to mh (control
 * buffer of cap octets) or by protecting msg in place. 0 or -errno, and
 * then nothing may be sent: ENOKEY (no context or slot), EACCES (frozen),
 * EOVERFLOW (DL COUNT used up), EINVAL/EBADMSG (bad header type or length),
 * EBADFD (kernel: the socket is not attached).
 */
int nas_sec_tx(struct nas_sec *s, int fd, struct msghdr *mh, size_t cap, uint8_t *msg,
	       size_t len, const struct nassec_protect_info *pi);

/*
 * Puts slot into ue_id's new-context slot with fresh COUNTs, creating the
 * context when exists is false (a stale one of that id is replaced).
 */
int nas_sec_load_new(struct nas_sec *s, uint32_t ue_id, bool exists,
		     const struct nas_sec_slot *slot);
/* SMC aborted: the new slot goes, the current one stays. */
int nas_sec_drop_new(struct nas_sec *s, uint32_t ue_id);
int nas_sec_del(struct nas_sec *s, uint32_t ue_id);

/*
 * Checks one uplink NAS-PDU with ue_id's context outside S1AP (the Initial
 * UE Message carries no MME-UE-S1AP-ID, so the socket path cannot): with
 * verdict OK or PLAIN the inner message is copied to out. 0 when checked
 * (see res->verdict), -errno when it could not be.
 */
int nas_sec_unprotect(struct nas_sec *s, uint32_t ue_id, const uint8_t *pdu, size_t len,
		      uint8_t *out, size_t cap, struct nas_sec_result *res);

/*
 * TS 33.401 A.3: KeNB from the current context's K_ASME and ul_count
 * (NAS_SEC_UL_COUNT_LAST: the last accepted uplink COUNT). -ENOENT no
 * context, -ENOKEY no current slot, -ENODATA nothing accepted yet.
 */
int nas_sec_derive_kenb(struct nas_sec *s, uint32_t ue_id, uint32_t ul_count,
			uint8_t kenb[NASSEC_KENB_LEN]);

/* One line on the last failure, or "". */
const char *nas_sec_last_error(const struct nas_sec *s);

#endif /* NASSECD_NAS_SEC_H */
