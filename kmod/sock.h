/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inline NAS security on the MME's own SCTP sockets: the socket's struct
 * proto is swapped for a module-owned copy whose sendmsg protects downlink
 * NAS named by a SOL_NASSEC cmsg and whose recvmsg verifies and deciphers
 * uplink NAS inside S1AP (PPID 18) and reports a verdict cmsg.
 */
#ifndef NASSEC_SOCK_H
#define NASSEC_SOCK_H

#include <linux/types.h>

struct net;
struct sk_buff;
struct genl_info;
struct netlink_callback;
struct netlink_ext_ack;

/* Largest SCTP message the send and receive paths inspect. */
#define NASSEC_SOCK_MSG_MAX	(64 * 1024)

int nassec_sock_init(void);
void nassec_sock_exit(void);

int nassec_sock_attach(struct net *net, int fd, struct netlink_ext_ack *extack);
int nassec_sock_detach_fd(struct net *net, int fd,
			  struct netlink_ext_ack *extack);
int nassec_sock_detach_id(struct net *net, u64 id,
			  struct netlink_ext_ack *extack);

/* The genetlink handlers of SOCK_ATTACH, SOCK_DETACH and SOCK_LIST. */
int nassec_nl_sock_attach_doit(struct sk_buff *skb, struct genl_info *info);
int nassec_nl_sock_detach_doit(struct sk_buff *skb, struct genl_info *info);
int nassec_nl_sock_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* NASSEC_SOCK_H */
