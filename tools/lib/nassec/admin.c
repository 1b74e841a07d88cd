// SPDX-License-Identifier: LGPL-2.1-or-later
/* Namespace stats and configuration, and the SCTP socket offload commands. */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

static int stats_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct nassec_ns_info *ns = arg;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case NASSEC_A_NS_STATS:
			nassec_parse_stats(a, &ns->totals);
			break;
		case NASSEC_A_CTX_COUNT:
			ns->ctx_count = (uint32_t)nassec_attr_uint(a);
			break;
		case NASSEC_A_MAX_CTX:
			ns->max_ctx = (uint32_t)nassec_attr_uint(a);
			break;
		}
	}
	return 0;
}

NASSEC_EXPORT int nassec_stats_get(struct nassec *h, struct nassec_ns_info *out)
{
	struct nassec_req req;
	int err;

	memset(out, 0, sizeof(*out));
	err = nassec_req_init(h, &req, NASSEC_CMD_STATS_GET, 0, 0);
	if (err)
		return err;
	return nassec_req_run(h, &req, stats_reply, out);
}

NASSEC_EXPORT int nassec_config_set(struct nassec *h, const struct nassec_config *cfg)
{
	struct nassec_req req;
	int err;

	if (!cfg->max_ctx)
		return nassec_fail(h, -EINVAL, "nothing to configure");
	err = nassec_req_init(h, &req, NASSEC_CMD_CONFIG_SET, 0, MNL_ATTR_HDRLEN + 4);
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_MAX_CTX, cfg->max_ctx);
	return nassec_req_run(h, &req, NULL, NULL);
}

static int sock_cmd(struct nassec *h, uint8_t cmd, const int *fd, const uint64_t *id)
{
	struct nassec_req req;
	int err;

	err = nassec_req_init(h, &req, cmd, 0, MNL_ATTR_HDRLEN + 8);
	if (err)
		return err;
	if (fd)
		mnl_attr_put_u32(req.nlh, NASSEC_A_SOCK_FD, (uint32_t)*fd);
	if (id)
		mnl_attr_put_u64(req.nlh, NASSEC_A_SOCK_ID, *id);
	return nassec_req_run(h, &req, NULL, NULL);
}

NASSEC_EXPORT int nassec_sock_attach(struct nassec *h, int fd)
{
	return sock_cmd(h, NASSEC_CMD_SOCK_ATTACH, &fd, NULL);
}

NASSEC_EXPORT int nassec_sock_detach(struct nassec *h, int fd)
{
	return sock_cmd(h, NASSEC_CMD_SOCK_DETACH, &fd, NULL);
}

NASSEC_EXPORT int nassec_sock_detach_id(struct nassec *h, uint64_t sock_id)
{
	return sock_cmd(h, NASSEC_CMD_SOCK_DETACH, NULL, &sock_id);
}

static void parse_sock(const struct nlattr *nest, struct nassec_sock_info *s)
{
	const struct nlattr *tb[NASSEC_SOCK_A_MAX + 1];

	memset(s, 0, sizeof(*s));
	nassec_attr_index(tb, NASSEC_SOCK_A_MAX + 1, nest);
#define FIELD(field, attr) \
	do { if (tb[attr]) s->field = nassec_attr_uint(tb[attr]); } while (0)
	FIELD(id, NASSEC_SOCK_A_ID);
	FIELD(parent_id, NASSEC_SOCK_A_PARENT_ID);
	FIELD(type, NASSEC_SOCK_A_TYPE);
	FIELD(listening, NASSEC_SOCK_A_LISTENING);
	FIELD(rx_msgs, NASSEC_SOCK_A_RX_MSGS);
	FIELD(rx_nas_ok, NASSEC_SOCK_A_RX_NAS_OK);
	FIELD(rx_nas_fail, NASSEC_SOCK_A_RX_NAS_FAIL);
	FIELD(tx_msgs, NASSEC_SOCK_A_TX_MSGS);
	FIELD(tx_protected, NASSEC_SOCK_A_TX_PROTECTED);
	FIELD(tx_refused, NASSEC_SOCK_A_TX_REFUSED);
#undef FIELD
}

struct sock_walk {
	nassec_sock_cb cb;
	void *arg;
	int seen;
};

static int sock_walk_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct sock_walk *walk = arg;
	const struct nlattr *a;
	int err;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		struct nassec_sock_info s;

		if (mnl_attr_get_type(a) != NASSEC_A_SOCK)
			continue;
		parse_sock(a, &s);
		walk->seen++;
		if (walk->cb) {
			err = walk->cb(&s, walk->arg);
			if (err)
				return err;
		}
	}
	return 0;
}

NASSEC_EXPORT int nassec_sock_list(struct nassec *h, nassec_sock_cb cb, void *arg)
{
	struct sock_walk walk = { .cb = cb, .arg = arg };
	struct nassec_req req;
	int err;

	err = nassec_req_init(h, &req, NASSEC_CMD_SOCK_LIST, NASSEC_REQ_DUMP, 0);
	if (err)
		return err;
	err = nassec_req_run(h, &req, sock_walk_reply, &walk);
	return err ? err : walk.seen;
}
