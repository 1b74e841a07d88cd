// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "events" multicast group on its own non-blocking socket, so an
 * event loop can poll it while requests go over the request socket.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

NASSEC_EXPORT int nassec_events_subscribe(struct nassec *h)
{
	struct mnl_socket *ev;
	int group;

	if (h->ev)
		return 0;
	if (!h->events_group)
		return nassec_fail(h, -ENOENT, "family has no \"%s\" group", NASSEC_MCGRP_EVENTS);
	ev = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!ev)
		return nassec_fail(h, -errno, "netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(ev, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	group = (int)h->events_group;
	if (mnl_socket_setsockopt(ev, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		goto fail;
	h->ev = ev;
	return 0;
fail:
	{
		int err = -errno;

		mnl_socket_close(ev);
		return nassec_fail(h, err, "joining \"%s\": %s", NASSEC_MCGRP_EVENTS, strerror(-err));
	}
}

NASSEC_EXPORT int nassec_events_fd(const struct nassec *h)
{
	return h->ev ? mnl_socket_get_fd(h->ev) : -1;
}

static void parse_event(const struct nlmsghdr *nlh, struct nassec_event_info *ev)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case NASSEC_A_EVENT:
			ev->event = (uint32_t)nassec_attr_uint(a);
			break;
		case NASSEC_A_UE_ID:
			ev->ue_id = (uint32_t)nassec_attr_uint(a);
			ev->has_ue_id = true;
			break;
		case NASSEC_A_COUNT:
			ev->count = (uint32_t)nassec_attr_uint(a);
			ev->has_count = true;
			break;
		case NASSEC_A_VERDICT:
			ev->verdict = (uint32_t)nassec_attr_uint(a);
			ev->has_verdict = true;
			break;
		}
	}
}

/* Returns 1 and fills ev when the queued datagram still holds an event. */
static int next_queued(struct nassec *h, struct nassec_event_info *ev)
{
	while (h->evq_off < h->evq_len) {
		const struct nlmsghdr *nlh = (const void *)(h->evq + h->evq_off);
		int left = (int)(h->evq_len - h->evq_off);

		if (!mnl_nlmsg_ok(nlh, left)) {
			h->evq_off = h->evq_len;
			break;
		}
		h->evq_off += MNL_ALIGN(nlh->nlmsg_len);
		if (nlh->nlmsg_type != h->family)
			continue;
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
			continue;
		if (((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd != NASSEC_CMD_EVENT)
			continue;
		parse_event(nlh, ev);
		return 1;
	}
	return 0;
}

NASSEC_EXPORT int nassec_event_recv(struct nassec *h, struct nassec_event_info *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (!h->ev)
		return nassec_fail(h, -EBADF, "not subscribed to events");
	for (;;) {
		ssize_t len;

		if (next_queued(h, ev))
			return 0;
		len = nassec_recv_datagram(mnl_socket_get_fd(h->ev), &h->evq, &h->evq_cap, 0);
		if (len == -ENOBUFS) {
			/* The socket overran: tell the caller, who must resync. */
			ev->event = NASSEC_EVENT_LOST;
			return 0;
		}
		if (len < 0)
			return (int)len;
		h->evq_len = (size_t)len;
		h->evq_off = 0;
	}
}
