/* SPDX-License-Identifier: GPL-2.0 */
/* The generic netlink family "nassec" (uapi/linux/nassec.h). */
#ifndef NASSEC_NETLINK_H
#define NASSEC_NETLINK_H

#include <linux/types.h>

struct net;

int nassec_nl_init(void);
void nassec_nl_exit(void);

/*
 * Multicast an enum nassec_event on "events" in net, if anyone listens.
 * count may be NULL; verdict 0 is left out. Process context, no locks held.
 */
void nassec_nl_event(struct net *net, u32 event, u32 ue_id, const u32 *count,
		     u32 verdict);

#endif /* NASSEC_NETLINK_H */
