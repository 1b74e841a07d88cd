// SPDX-License-Identifier: LGPL-2.1-or-later
/* Per-UE EPS security contexts: new, import, set, del, get, dump, export. */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

NASSEC_EXPORT void nassec_ctx_wipe(struct nassec_ctx *c)
{
	for (int i = 0; i < NASSEC_SLOTS; i++)
		explicit_bzero(c->slot[i].kasme, sizeof(c->slot[i].kasme));
}

static const uint16_t slot_attr[NASSEC_SLOTS] = {
	[NASSEC_SLOT_CUR] = NASSEC_A_SLOT_CUR,
	[NASSEC_SLOT_NEW] = NASSEC_A_SLOT_NEW,
};

static int ctx_load(struct nassec *h, uint8_t cmd, const struct nassec_ctx *c)
{
	struct nassec_req req;
	int err;

	err = nassec_req_init(h, &req, cmd, NASSEC_REQ_SECRET,
			      MNL_ATTR_HDRLEN + 4 + NASSEC_SLOTS * NASSEC_SLOT_SPACE);
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_UE_ID, c->ue_id);
	for (int i = 0; i < NASSEC_SLOTS; i++)
		if (c->slot[i].present)
			nassec_put_slot(req.nlh, slot_attr[i], &c->slot[i]);
	return nassec_req_run(h, &req, NULL, NULL);
}

NASSEC_EXPORT int nassec_ctx_new(struct nassec *h, const struct nassec_ctx *c)
{
	return ctx_load(h, NASSEC_CMD_CTX_NEW, c);
}

NASSEC_EXPORT int nassec_ctx_import(struct nassec *h, const struct nassec_ctx *c)
{
	return ctx_load(h, NASSEC_CMD_CTX_IMPORT, c);
}

NASSEC_EXPORT int nassec_ctx_set(struct nassec *h, const struct nassec_ctx_change *change)
{
	struct nassec_req req;
	int err;

	if (change->freeze && change->thaw)
		return nassec_fail(h, -EINVAL, "freeze and thaw at once");
	err = nassec_req_init(h, &req, NASSEC_CMD_CTX_SET, NASSEC_REQ_SECRET,
			      4 * MNL_ATTR_HDRLEN + 3 * 4 + NASSEC_SLOT_SPACE);
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_UE_ID, change->ue_id);
	if (change->new_slot)
		nassec_put_slot(req.nlh, NASSEC_A_SLOT_NEW, change->new_slot);
	if (change->freeze || change->thaw)
		mnl_attr_put_u8(req.nlh, NASSEC_A_FROZEN, change->freeze ? 1 : 0);
	if (change->drop_new)
		mnl_attr_put_u8(req.nlh, NASSEC_A_DROP_NEW, 1);
	return nassec_req_run(h, &req, NULL, NULL);
}

NASSEC_EXPORT int nassec_ctx_freeze(struct nassec *h, uint32_t ue_id, bool frozen)
{
	struct nassec_ctx_change change = {
		.ue_id = ue_id, .freeze = frozen, .thaw = !frozen,
	};

	return nassec_ctx_set(h, &change);
}

NASSEC_EXPORT int nassec_ctx_del(struct nassec *h, uint32_t ue_id)
{
	struct nassec_req req;
	int err;

	err = nassec_req_init(h, &req, NASSEC_CMD_CTX_DEL, 0, MNL_ATTR_HDRLEN + 4);
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_UE_ID, ue_id);
	return nassec_req_run(h, &req, NULL, NULL);
}

static void parse_ctx(const struct nlmsghdr *nlh, struct nassec_ctx *c)
{
	const struct nlattr *a;

	memset(c, 0, sizeof(*c));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case NASSEC_A_UE_ID:
			c->ue_id = (uint32_t)nassec_attr_uint(a);
			break;
		case NASSEC_A_CTX_FLAGS:
			c->flags = (uint32_t)nassec_attr_uint(a);
			break;
		case NASSEC_A_SLOT_CUR:
			nassec_parse_slot(a, &c->slot[NASSEC_SLOT_CUR]);
			break;
		case NASSEC_A_SLOT_NEW:
			nassec_parse_slot(a, &c->slot[NASSEC_SLOT_NEW]);
			break;
		case NASSEC_A_CTX_STATS:
			nassec_parse_stats(a, &c->stats);
			c->has_stats = true;
			break;
		case NASSEC_A_IDLE_MS:
			c->idle_ms = nassec_attr_uint(a);
			c->has_idle_ms = true;
			break;
		}
	}
}

struct one_ctx {
	struct nassec_ctx *out;
	bool seen;
};

static int one_ctx_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct one_ctx *one = arg;

	parse_ctx(nlh, one->out);
	one->seen = true;
	return 0;
}

static int ctx_one(struct nassec *h, uint8_t cmd, unsigned int flags,
		   uint32_t ue_id, struct nassec_ctx *out)
{
	struct one_ctx one = { .out = out };
	struct nassec_req req;
	int err;

	memset(out, 0, sizeof(*out));
	err = nassec_req_init(h, &req, cmd, flags, MNL_ATTR_HDRLEN + 4);
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_UE_ID, ue_id);
	err = nassec_req_run(h, &req, one_ctx_reply, &one);
	if (err) {
		nassec_ctx_wipe(out);
		return err;
	}
	if (!one.seen)
		return nassec_fail(h, -EPROTO, "no context in the reply");
	return 0;
}

NASSEC_EXPORT int nassec_ctx_get(struct nassec *h, uint32_t ue_id, struct nassec_ctx *out)
{
	return ctx_one(h, NASSEC_CMD_CTX_GET, 0, ue_id, out);
}

NASSEC_EXPORT int nassec_ctx_export(struct nassec *h, uint32_t ue_id, struct nassec_ctx *out)
{
	return ctx_one(h, NASSEC_CMD_CTX_EXPORT, NASSEC_REQ_SECRET, ue_id, out);
}

struct ctx_walk {
	nassec_ctx_cb cb;
	void *arg;
	int seen;
};

static int ctx_walk_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct ctx_walk *walk = arg;
	struct nassec_ctx c;

	parse_ctx(nlh, &c);
	walk->seen++;
	return walk->cb ? walk->cb(&c, walk->arg) : 0;
}

NASSEC_EXPORT int nassec_ctx_dump(struct nassec *h, nassec_ctx_cb cb, void *arg)
{
	struct ctx_walk walk = { .cb = cb, .arg = arg };
	struct nassec_req req;
	int err;

	err = nassec_req_init(h, &req, NASSEC_CMD_CTX_GET, NASSEC_REQ_DUMP, 0);
	if (err)
		return err;
	err = nassec_req_run(h, &req, ctx_walk_reply, &walk);
	return err ? err : walk.seen;
}
