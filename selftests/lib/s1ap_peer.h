/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The eNB end of S1-MME for the inline-offload tests and the bench: a
 * private network namespace, SCTP sockets that send S1AP (PPID 18) by
 * default, and a receive that returns the nassec verdict with the message.
 */
#ifndef NASSEC_S1AP_PEER_H
#define NASSEC_S1AP_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../uapi/linux/nassec.h"

#define S1AP_PPID	NASSEC_S1AP_PPID

/* unshare(CLONE_NEWNET) and bring lo up: 0 or -1 (errno). */
int peer_private_netns(void);
/* Makes every send on fd carry PPID 18 (SCTP_DEFAULT_SNDINFO): 0 or -1. */
int peer_default_s1ap_ppid(int fd);
/*
 * SCTP socket connected to 127.0.0.1:port, with a small send buffer (see
 * s1ap_peer.c); -1 on failure.
 */
int peer_connect(int type, uint16_t port);
/*
 * SCTP socket of type bound to 127.0.0.1:port and listening, with a big
 * receive buffer (needs CAP_NET_ADMIN); -1 on failure.
 */
int peer_listen(int type, uint16_t port);

struct peer_rx {
	bool has_verdict;
	bool eor;			/* MSG_EOR: the whole message was read */
	uint32_t assoc_id;		/* SCTP_RCVINFO, when enabled */
	uint32_t ppid;
	struct nassec_verdict_info vi;
};

/*
 * One message (notifications are skipped) with a control buffer big enough
 * for SCTP_RCVINFO and the verdict. Its length, or -1 with errno.
 */
ssize_t peer_recv(int fd, void *buf, size_t cap, struct peer_rx *rx);

/*
 * An Uplink NAS Transport (TS 36.413 9.1.7.3) for mme_ue_id carrying nas;
 * its length (or a negative errno) and, in *nas_offset, where nas starts.
 */
int peer_build_uplink(uint8_t *buf, size_t cap, uint32_t mme_ue_id,
		      uint32_t enb_ue_id, const uint8_t *nas, size_t nas_len,
		      size_t *nas_offset);

#endif /* NASSEC_S1AP_PEER_H */
