/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the SCTP socket selftests (sock_edge_test, sock_race_test) share:
 * socket options, one recvmsg with its control messages sorted out, an S1AP
 * send with an optional PROTECT cmsg, the messages they exchange, and the
 * module's reference count.
 */
#ifndef NASSEC_SCTP_TEST_H
#define NASSEC_SCTP_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <linux/nassec.h>

#include "ue_nas.h"

#define SK_CTRL_CAP	512	/* the largest control buffer sk_recv offers */

/* EMM INFORMATION (TS 24.301 8.2.13) with a network name: a plain NAS message. */
extern const uint8_t sk_plain_nas[20];

int sk_set_int(int fd, int level, int name, int val);
int sk_set_rcvtimeo(int fd, int ms);
/* The loopback address of family (AF_INET or AF_INET6) at port; its length. */
socklen_t sk_loopback(int family, uint16_t port, struct sockaddr_storage *ss);
/* The socket's inode number: its SOCK_ID in SOCK_LIST; 0 on error. */
uint64_t sk_ino(int fd);

/* What one recvmsg returned, control messages sorted out. */
struct sk_rx {
	ssize_t len;
	int flags;			/* msg_flags */
	size_t controllen;		/* as returned */
	bool has_verdict;		/* any SOL_NASSEC cmsg */
	struct nassec_verdict_info vi;	/* when it was a well-formed verdict */
	bool has_rcvinfo;
	uint32_t ppid;			/* host order */
	uint32_t assoc_id;
};

/* One recvmsg offering ctrl_len (<= SK_CTRL_CAP, 0: none) octets of control. */
ssize_t sk_recv(int fd, void *buf, size_t cap, size_t ctrl_len, struct sk_rx *rx);
/* One S1AP message, with a PROTECT cmsg when pi is given; to: one-to-many peer. */
ssize_t sk_send_s1ap(int fd, const void *buf, size_t len,
		     const struct nassec_protect_info *pi,
		     const struct sockaddr_storage *to, socklen_t to_len);

/*
 * Uplink NAS Transport for (ue_id, enb_ue_id) carrying plain (len octets)
 * protected by the UE with count (type 2); its length or -1, *nas_off where
 * the NAS-PDU starts.
 */
int sk_build_ul(const struct ue_nas *ue, uint32_t count, const uint8_t *plain,
		size_t len, uint32_t ue_id, uint32_t enb_ue_id, uint8_t *msg,
		size_t cap, size_t *nas_off);
/* Downlink NAS Transport with UE_NAS_HDR_LEN octets reserved before sk_plain_nas. */
int sk_build_dl(uint32_t ue_id, uint32_t enb_ue_id, uint8_t *msg, size_t cap,
		size_t *nas_off);
/* Uplink generic NAS transport (TS 24.301 8.2.31) of len (>= 6) octets in all. */
void sk_big_nas(uint8_t *nas, size_t len);

/* The thread *tid names sleeps (in a syscall): 0, or -1 after 3 s. */
int sk_task_sleeping(volatile pid_t *tid);
/* The module's reference count, or -1. */
long sk_module_refcnt(void);
/* The count once RCU-deferred puts of closed sockets have gone: stable for 0.5 s. */
long sk_module_refcnt_settled(void);

#endif /* NASSEC_SCTP_TEST_H */
