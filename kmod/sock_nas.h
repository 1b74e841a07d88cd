/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The socket path's view of NAS: find the NAS-PDU in an S1AP message and
 * run the per-UE context on it. Process context; may sleep (crypto).
 */
#ifndef NASSEC_SOCK_NAS_H
#define NASSEC_SOCK_NAS_H

#include <linux/types.h>
#include <linux/nassec.h>

struct net;

/*
 * Protect in place the NAS-PDU at nas (pi->nas_len octets, the first
 * NASSEC_NAS_HDR_LEN reserved). Errors as struct nassec_protect_info says.
 */
int nassec_sock_nas_protect(struct net *net,
			    const struct nassec_protect_info *pi, u8 *nas);

/*
 * Walk the S1AP message (len octets) and, for an uplink NAS-PDU of a known
 * UE, verify, replay-check and decipher it in place. vi is always filled.
 */
void nassec_sock_nas_verify(struct net *net, u8 *msg, size_t len,
			    struct nassec_verdict_info *vi);

#endif /* NASSEC_SOCK_NAS_H */
