// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The handle and the request/reply engine: one generic netlink request,
 * NLM_F_ACK always, replies matched by sequence number, extended ACK text
 * kept for nassec_last_error().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "internal.h"

#define RX_INITIAL	(32 * 1024)
#define SOCKBUF_WANTED	(1024 * 1024)

NASSEC_EXPORT const char *nassec_last_error(const struct nassec *h)
{
	return h ? h->error : "";
}

NASSEC_EXPORT unsigned int nassec_family_version(const struct nassec *h)
{
	return h->version;
}

int nassec_fail(struct nassec *h, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->error, sizeof(h->error), fmt, ap);
	va_end(ap);
	return err;
}

/* Replaces *buf by a bigger one; the old one may hold key material. */
static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	size_t new_cap = *cap ? *cap : RX_INITIAL;
	uint8_t *p;

	while (new_cap < need)
		new_cap *= 2;
	p = malloc(new_cap);
	if (!p)
		return -ENOMEM;
	if (*buf) {
		explicit_bzero(*buf, *cap);
		free(*buf);
	}
	*buf = p;
	*cap = new_cap;
	return 0;
}

ssize_t nassec_recv_datagram(int fd, uint8_t **buf, size_t *cap, int flags)
{
	for (;;) {
		/* Netlink reports the datagram's real size with MSG_TRUNC. */
		ssize_t len = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | flags);
		int err;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((size_t)len > *cap || !*buf) {
			err = grow(buf, cap, (size_t)len);
			if (err)
				return err;
		}
		len = recv(fd, *buf, *cap, flags);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		return len;
	}
}

static void set_bufsize(int fd)
{
	int size = SOCKBUF_WANTED;

	/* Best effort: big PDU batches and dumps fit in one go. */
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

/* Opens a netlink socket with extended ACKs and capped error echoes. */
static int open_socket(struct mnl_socket **out, int flags)
{
	struct mnl_socket *nl;
	int one = 1;
	int err;

	nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC | flags);
	if (!nl)
		return -errno;
	/*
	 * Capped ACKs: an error reply does not echo our request, so a
	 * rejected CTX_NEW does not bring its KASME back to us.
	 */
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	set_bufsize(mnl_socket_get_fd(nl));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(nl);
		return err;
	}
	*out = nl;
	return 0;
}

struct extack {
	const char *msg;
	uint32_t miss_type;
	bool has_miss_type;
};

static int extack_attr(const struct nlattr *a, void *data)
{
	struct extack *ext = data;

	switch (mnl_attr_get_type(a)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			ext->msg = mnl_attr_get_str(a);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_get_payload_len(a) == sizeof(uint32_t)) {
			ext->miss_type = mnl_attr_get_u32(a);
			ext->has_miss_type = true;
		}
		break;
	}
	return MNL_CB_OK;
}

/* Keeps the kernel's extack text of an error (or DONE) message. */
static void record_extack(struct nassec *h, const struct nlmsghdr *nlh, size_t tlv_offset)
{
	struct extack ext = { 0 };

	h->error[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (tlv_offset > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, (unsigned int)tlv_offset, extack_attr, &ext);
	if (ext.msg)
		snprintf(h->error, sizeof(h->error), "%s", ext.msg);
	else if (ext.has_miss_type)
		snprintf(h->error, sizeof(h->error), "missing attribute %u", ext.miss_type);
}

/* Returns 1 when the request is finished (ack, error or done), 0 to go on. */
static int handle_control(struct nassec *h, const struct nlmsghdr *nlh, int *result)
{
	const struct nlmsgerr *e;
	size_t off;

	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return 0;
	case NLMSG_OVERRUN:
		*result = nassec_fail(h, -ENOBUFS, "netlink reply lost (overrun)");
		return 1;
	case NLMSG_ERROR:
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
			*result = nassec_fail(h, -EBADMSG, "truncated netlink error message");
			return 1;
		}
		e = mnl_nlmsg_get_payload(nlh);
		if (e->error) {
			off = (nlh->nlmsg_flags & NLM_F_CAPPED) ? sizeof(*e) :
				sizeof(e->error) + e->msg.nlmsg_len;
			record_extack(h, nlh, off);
		}
		*result = e->error;
		return 1;
	case NLMSG_DONE:
		*result = 0;
		if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
			memcpy(result, mnl_nlmsg_get_payload(nlh), sizeof(int));
			if (*result)
				record_extack(h, nlh, sizeof(int));
		}
		return 1;
	}
	return -1;
}

int nassec_req_init(struct nassec *h, struct nassec_req *req, uint8_t cmd,
		    unsigned int flags, size_t attr_space)
{
	struct genlmsghdr *genl;
	size_t cap = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*genl)) + attr_space;

	req->nlh = calloc(1, cap);
	if (!req->nlh)
		return nassec_fail(h, -ENOMEM, "out of memory");
	req->cap = cap;
	req->flags = flags;
	mnl_nlmsg_put_header(req->nlh);
	req->nlh->nlmsg_type = h->family;
	req->nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (flags & NASSEC_REQ_DUMP)
		req->nlh->nlmsg_flags |= NLM_F_DUMP;
	genl = mnl_nlmsg_put_extra_header(req->nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = NASSEC_GENL_VERSION;
	return 0;
}

static void req_free(struct nassec_req *req)
{
	if (req->flags & NASSEC_REQ_SECRET)
		explicit_bzero(req->nlh, req->cap);
	free(req->nlh);
	req->nlh = NULL;
}

static int send_all(struct nassec *h, const struct nlmsghdr *nlh)
{
	ssize_t n;

	do {
		n = mnl_socket_sendto(h->nl, nlh, nlh->nlmsg_len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return nassec_fail(h, -errno, "netlink send: %s", strerror(errno));
	return 0;
}

/*
 * Reads until the request's ACK (doit) or DONE (dump). Messages with
 * another sequence number are leftovers of an earlier, interrupted call.
 * A callback error is kept, and the rest of the reply drained, so the
 * socket is clean for the next request.
 */
static int receive_reply(struct nassec *h, uint32_t seq, uint32_t portid,
			 nassec_reply_cb cb, void *arg, bool secret)
{
	int cb_err = 0;
	int result = 0;
	bool done = false;

	while (!done) {
		ssize_t len = nassec_recv_datagram(mnl_socket_get_fd(h->nl),
						   &h->rx, &h->rx_cap, 0);
		const struct nlmsghdr *nlh;
		int left;

		if (len < 0)
			return nassec_fail(h, (int)len, "netlink receive: %s", strerror((int)-len));
		left = (int)len;
		for (nlh = (const struct nlmsghdr *)h->rx; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq != seq ||
			    (nlh->nlmsg_pid && nlh->nlmsg_pid != portid))
				continue;
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE) {
				if (handle_control(h, nlh, &result) == 1) {
					done = true;
					break;
				}
				continue;
			}
			if (cb && !cb_err)
				cb_err = cb(nlh, arg);
		}
		if (secret)
			explicit_bzero(h->rx, (size_t)len);
	}
	if (result)
		return result;
	return cb_err;
}

int nassec_req_run(struct nassec *h, struct nassec_req *req,
		   nassec_reply_cb cb, void *arg)
{
	bool secret = req->flags & NASSEC_REQ_SECRET;
	uint32_t seq;
	int err;

	h->error[0] = '\0';
	seq = ++h->seq;
	if (!seq)
		seq = ++h->seq;
	req->nlh->nlmsg_seq = seq;
	err = send_all(h, req->nlh);
	req_free(req);
	if (err)
		return err;
	return receive_reply(h, seq, mnl_socket_get_portid(h->nl), cb, arg, secret);
}

struct family_info {
	uint16_t id;
	uint32_t version;
	uint32_t events_group;
};

static void parse_mcast_groups(const struct nlattr *groups, struct family_info *fi)
{
	const struct nlattr *grp, *a;

	mnl_attr_for_each_nested(grp, groups) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, grp) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(a);
			else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
				id = (uint32_t)nassec_attr_uint(a);
		}
		if (name && !strcmp(name, NASSEC_MCGRP_EVENTS))
			fi->events_group = id;
	}
}

static int family_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct family_info *fi = arg;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			fi->id = (uint16_t)nassec_attr_uint(a);
			break;
		case CTRL_ATTR_VERSION:
			fi->version = (uint32_t)nassec_attr_uint(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			parse_mcast_groups(a, fi);
			break;
		}
	}
	return 0;
}

static int resolve_family(struct nassec *h)
{
	struct family_info fi = { 0 };
	struct nassec_req req;
	struct genlmsghdr *genl;
	int err;

	h->family = GENL_ID_CTRL;
	err = nassec_req_init(h, &req, CTRL_CMD_GETFAMILY, 0,
			      MNL_ATTR_HDRLEN + MNL_ALIGN(sizeof(NASSEC_GENL_NAME)));
	if (err)
		return err;
	genl = mnl_nlmsg_get_payload(req.nlh);
	genl->version = 1;
	mnl_attr_put_strz(req.nlh, CTRL_ATTR_FAMILY_NAME, NASSEC_GENL_NAME);
	err = nassec_req_run(h, &req, family_reply, &fi);
	if (err == -ENOENT)
		return nassec_fail(h, err, "generic netlink family \"%s\" not found: is nassec.ko loaded?",
				   NASSEC_GENL_NAME);
	if (err)
		return err;
	if (!fi.id)
		return nassec_fail(h, -EPROTO, "family \"%s\" has no id", NASSEC_GENL_NAME);
	h->family = fi.id;
	h->version = fi.version;
	h->events_group = fi.events_group;
	return 0;
}

NASSEC_EXPORT int nassec_open(struct nassec **handle)
{
	struct nassec *h;
	int err;

	*handle = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	/* Sequence numbers start somewhere unlikely to match stale replies. */
	h->seq = (uint32_t)time(NULL) ^ (uint32_t)getpid() << 16;
	err = open_socket(&h->nl, 0);
	if (err) {
		free(h);
		return err;
	}
	err = resolve_family(h);
	if (err) {
		/* Keep the handle so the caller can read nassec_last_error(). */
		*handle = h;
		return err;
	}
	*handle = h;
	return 0;
}

NASSEC_EXPORT void nassec_close(struct nassec *h)
{
	if (!h)
		return;
	if (h->nl)
		mnl_socket_close(h->nl);
	if (h->ev)
		mnl_socket_close(h->ev);
	if (h->rx) {
		explicit_bzero(h->rx, h->rx_cap);
		free(h->rx);
	}
	free(h->evq);
	free(h);
}
