// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "nassec": policies, then the ops table, then
 * one function per command. Policies are strict and per op, so a request
 * is rejected before anything changes; what a policy cannot say (required
 * attributes) is checked before the first change as well.
 */
#include <linux/netlink.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "ctx.h"
#include "nas.h"
#include "netlink.h"
#include "sock.h"

static struct genl_family nassec_family;

static struct netlink_range_validation count_range = {
	.max = NASSEC_COUNT_MAX,
};

static struct netlink_range_validation max_ctx_range = {
	.min = 1,
	.max = 1U << 24,
};

static const struct nla_policy slot_policy[NASSEC_SLOT_A_MAX + 1] = {
	[NASSEC_SLOT_A_KASME] = NLA_POLICY_EXACT_LEN(NASSEC_KASME_LEN),
	/*
	 * A range, not a validation function: on a bad length 6.1 dumps the
	 * attribute's policy into the extack and reads min/max of a U8 (a
	 * function pointer there), which WARNs. 7 is refused in parse_slot.
	 */
	[NASSEC_SLOT_A_EKSI] = NLA_POLICY_MAX(NLA_U8, 15),
	[NASSEC_SLOT_A_EIA] = NLA_POLICY_MAX(NLA_U8, NASSEC_ALG_MAX),
	[NASSEC_SLOT_A_EEA] = NLA_POLICY_MAX(NLA_U8, NASSEC_ALG_MAX),
	[NASSEC_SLOT_A_UL_COUNT] = NLA_POLICY_FULL_RANGE(NLA_U32, &count_range),
	[NASSEC_SLOT_A_DL_COUNT] = NLA_POLICY_FULL_RANGE(NLA_U32, &count_range),
};

static const struct nla_policy protect_pdu_policy[NASSEC_PDU_A_MAX + 1] = {
	[NASSEC_PDU_A_DATA] = NLA_POLICY_RANGE(NLA_BINARY, 1, NASSEC_PDU_MAX),
	[NASSEC_PDU_A_SEC_HDR_TYPE] =
		NLA_POLICY_RANGE(NLA_U8, NASSEC_SHT_INTEGRITY,
				 NASSEC_SHT_INTEGRITY_NEW_CTX),
};

static const struct nla_policy unprotect_pdu_policy[NASSEC_PDU_A_MAX + 1] = {
	[NASSEC_PDU_A_DATA] = NLA_POLICY_RANGE(NLA_BINARY, 1, NASSEC_PDU_MAX),
};

static const struct nla_policy ue_policy[NASSEC_A_UE_ID + 1] = {
	[NASSEC_A_UE_ID] = { .type = NLA_U32 },
};

static const struct nla_policy ctx_new_policy[NASSEC_A_SLOT_NEW + 1] = {
	[NASSEC_A_UE_ID] = { .type = NLA_U32 },
	[NASSEC_A_SLOT_CUR] = NLA_POLICY_NESTED(slot_policy),
	[NASSEC_A_SLOT_NEW] = NLA_POLICY_NESTED(slot_policy),
};

static const struct nla_policy ctx_set_policy[NASSEC_A_DROP_NEW + 1] = {
	[NASSEC_A_UE_ID] = { .type = NLA_U32 },
	[NASSEC_A_SLOT_NEW] = NLA_POLICY_NESTED(slot_policy),
	[NASSEC_A_FROZEN] = NLA_POLICY_MAX(NLA_U8, 1),
	[NASSEC_A_DROP_NEW] = NLA_POLICY_RANGE(NLA_U8, 1, 1),
};

static const struct nla_policy protect_policy[NASSEC_A_PDU + 1] = {
	[NASSEC_A_UE_ID] = { .type = NLA_U32 },
	[NASSEC_A_PDU] = NLA_POLICY_NESTED(protect_pdu_policy),
};

static const struct nla_policy unprotect_policy[NASSEC_A_PDU + 1] = {
	[NASSEC_A_UE_ID] = { .type = NLA_U32 },
	[NASSEC_A_PDU] = NLA_POLICY_NESTED(unprotect_pdu_policy),
};

static const struct nla_policy kenb_policy[NASSEC_A_UL_COUNT + 1] = {
	[NASSEC_A_UE_ID] = { .type = NLA_U32 },
	[NASSEC_A_UL_COUNT] = NLA_POLICY_FULL_RANGE(NLA_U32, &count_range),
};

static const struct nla_policy nh_policy[NASSEC_A_SYNC_INPUT + 1] = {
	[NASSEC_A_UE_ID] = { .type = NLA_U32 },
	[NASSEC_A_SYNC_INPUT] = NLA_POLICY_EXACT_LEN(NASSEC_NH_LEN),
};

static const struct nla_policy sock_attach_policy[NASSEC_A_SOCK_FD + 1] = {
	[NASSEC_A_SOCK_FD] = { .type = NLA_S32 },
};

static const struct nla_policy sock_detach_policy[NASSEC_A_SOCK_ID + 1] = {
	[NASSEC_A_SOCK_FD] = { .type = NLA_S32 },
	[NASSEC_A_SOCK_ID] = { .type = NLA_U64 },
};

static const struct nla_policy config_policy[NASSEC_A_MAX_CTX + 1] = {
	[NASSEC_A_MAX_CTX] = NLA_POLICY_FULL_RANGE(NLA_U32, &max_ctx_range),
};

/* Replies */

/*
 * A reply that carried keys (EXPORT's KASME, KeNB, NH) or plaintext NAS
 * and is dropped on an error path: wiped before it goes back. (A reply
 * handed to genlmsg_reply() belongs to the reader's socket from then on.)
 */
static void nl_free_wiped(struct sk_buff *msg)
{
	memzero_explicit(msg->head, skb_end_offset(msg));
	nlmsg_free(msg);
}

static int put_slot(struct sk_buff *skb, int type,
		    const struct nassec_slot_info *s, bool with_keys)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if ((with_keys &&
	     nla_put(skb, NASSEC_SLOT_A_KASME, NASSEC_KASME_LEN, s->kasme)) ||
	    nla_put_u8(skb, NASSEC_SLOT_A_EKSI, s->eksi) ||
	    nla_put_u8(skb, NASSEC_SLOT_A_EIA, s->eia) ||
	    nla_put_u8(skb, NASSEC_SLOT_A_EEA, s->eea) ||
	    nla_put_u32(skb, NASSEC_SLOT_A_UL_COUNT, s->ul_count) ||
	    nla_put_u32(skb, NASSEC_SLOT_A_DL_COUNT, s->dl_count)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* enum nassec_stat i is reported as attribute i + 1 (same order). */
static int put_stats(struct sk_buff *skb, int type, const u64 *stats)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < NASSEC_ST_NUM; i++) {
		if (nla_put_u64_64bit(skb, NASSEC_STAT_A_UL_OK + i, stats[i],
				      NASSEC_STAT_A_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int put_ctx(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		   u8 cmd, const struct nassec_ctx_info *info, bool with_keys)
{
	void *hdr = genlmsg_put(skb, portid, seq, &nassec_family, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, NASSEC_A_UE_ID, info->ue_id) ||
	    nla_put_u32(skb, NASSEC_A_CTX_FLAGS, info->flags))
		goto out_cancel;
	if ((info->flags & NASSEC_CTX_F_CUR_SLOT) &&
	    put_slot(skb, NASSEC_A_SLOT_CUR, &info->cur, with_keys))
		goto out_cancel;
	if ((info->flags & NASSEC_CTX_F_NEW_SLOT) &&
	    put_slot(skb, NASSEC_A_SLOT_NEW, &info->new, with_keys))
		goto out_cancel;
	if (!with_keys &&
	    (put_stats(skb, NASSEC_A_CTX_STATS, info->stats) ||
	     nla_put_u64_64bit(skb, NASSEC_A_IDLE_MS, info->idle_ms,
			       NASSEC_A_PAD)))
		goto out_cancel;
	genlmsg_end(skb, hdr);
	return 0;

out_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Parses a slot nest (already validated by the policy). EIA and EEA are
 * always required; KASME and EKSI when need_kasme; both COUNTs when
 * need_counts (IMPORT).
 */
static int parse_slot(struct nlattr *nest, struct nassec_slot_cfg *cfg,
		      bool need_kasme, bool need_counts,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NASSEC_SLOT_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, NASSEC_SLOT_A_MAX, nest, slot_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, NASSEC_SLOT_A_EIA) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, NASSEC_SLOT_A_EEA) ||
	    (need_kasme &&
	     NL_REQ_ATTR_CHECK(extack, nest, tb, NASSEC_SLOT_A_KASME)) ||
	    ((need_kasme || tb[NASSEC_SLOT_A_KASME]) &&
	     NL_REQ_ATTR_CHECK(extack, nest, tb, NASSEC_SLOT_A_EKSI)) ||
	    (need_counts &&
	     (NL_REQ_ATTR_CHECK(extack, nest, tb, NASSEC_SLOT_A_UL_COUNT) ||
	      NL_REQ_ATTR_CHECK(extack, nest, tb, NASSEC_SLOT_A_DL_COUNT)))) {
		NL_SET_ERR_MSG(extack, "slot attribute missing");
		return -EINVAL;
	}
	memset(cfg, 0, sizeof(*cfg));
	cfg->eia = nla_get_u8(tb[NASSEC_SLOT_A_EIA]);
	cfg->eea = nla_get_u8(tb[NASSEC_SLOT_A_EEA]);
	if (tb[NASSEC_SLOT_A_KASME]) {
		cfg->has_kasme = true;
		nla_memcpy(cfg->kasme, tb[NASSEC_SLOT_A_KASME], NASSEC_KASME_LEN);
	}
	if (tb[NASSEC_SLOT_A_EKSI]) {
		cfg->has_eksi = true;
		cfg->eksi = nla_get_u8(tb[NASSEC_SLOT_A_EKSI]);
		/* TS 24.301 9.9.3.21: KSI 0-6 (7 = no key), bit 3 = mapped. */
		if ((cfg->eksi & 7) == NASSEC_EKSI_NONE) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NASSEC_SLOT_A_EKSI],
					    "eKSI must be 0-6 (+8 mapped)");
			return -ERANGE;
		}
	}
	if (tb[NASSEC_SLOT_A_UL_COUNT]) {
		cfg->has_ul_count = true;
		cfg->ul_count = nla_get_u32(tb[NASSEC_SLOT_A_UL_COUNT]);
	}
	if (tb[NASSEC_SLOT_A_DL_COUNT]) {
		cfg->has_dl_count = true;
		cfg->dl_count = nla_get_u32(tb[NASSEC_SLOT_A_DL_COUNT]);
	}
	return 0;
}

/* The KASME of a slot nest in the received message, wiped after use. */
static void wipe_slot_kasme(struct nlattr *nest)
{
	struct nlattr *attr;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == NASSEC_SLOT_A_KASME)
			memzero_explicit(nla_data(attr), nla_len(attr));
}

static void ctx_errmsg(struct genl_info *info, int err)
{
	struct nlattr *ue = info->attrs[NASSEC_A_UE_ID];

	switch (err) {
	case -ENOENT:
		NL_SET_ERR_MSG_ATTR(info->extack, ue, "no context for this UE id");
		break;
	case -EEXIST:
		NL_SET_ERR_MSG_ATTR(info->extack, ue, "UE id already has a context");
		break;
	case -ENOSPC:
		NL_SET_ERR_MSG_ATTR(info->extack, ue,
				    "namespace holds MAX_CTX contexts");
		break;
	case -ENOKEY:
		NL_SET_ERR_MSG_ATTR(info->extack, ue, "no current slot (KASME)");
		break;
	}
}

/* CTX_NEW and CTX_IMPORT: the same but for which COUNTs are required. */
static int ctx_create(struct genl_info *info, bool import)
{
	struct nlattr *cur_nest = info->attrs[NASSEC_A_SLOT_CUR];
	struct nlattr *new_nest = info->attrs[NASSEC_A_SLOT_NEW];
	struct nassec_slot_cfg *cfg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_UE_ID)) {
		err = -EINVAL;
		goto out_wipe;
	}
	if (!cur_nest && !new_nest) {
		NL_SET_ERR_MSG(info->extack, "SLOT_CUR or SLOT_NEW required");
		err = -EINVAL;
		goto out_wipe;
	}
	cfg = kcalloc(2, sizeof(*cfg), GFP_KERNEL);
	err = -ENOMEM;
	if (!cfg)
		goto out_wipe;
	err = cur_nest ? parse_slot(cur_nest, &cfg[0], true, import,
				    info->extack) : 0;
	if (!err && new_nest)
		err = parse_slot(new_nest, &cfg[1], true, import, info->extack);
	if (!err) {
		err = nassec_ctx_new(genl_info_net(info),
				     nla_get_u32(info->attrs[NASSEC_A_UE_ID]),
				     cur_nest ? &cfg[0] : NULL,
				     new_nest ? &cfg[1] : NULL);
		ctx_errmsg(info, err);
	}
	kfree_sensitive(cfg);
out_wipe:
	wipe_slot_kasme(cur_nest);
	wipe_slot_kasme(new_nest);
	return err;
}

static int ctx_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ctx_create(info, false);
}

static int ctx_import_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ctx_create(info, true);
}

static int ctx_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *new_nest = info->attrs[NASSEC_A_SLOT_NEW];
	struct nassec_ctx_change chg = { .frozen = -1 };
	struct nassec_slot_cfg *cfg = NULL;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_UE_ID)) {
		err = -EINVAL;
		goto out_wipe;
	}
	if (!new_nest && !info->attrs[NASSEC_A_FROZEN] &&
	    !info->attrs[NASSEC_A_DROP_NEW]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to change: SLOT_NEW, FROZEN or DROP_NEW");
		err = -EINVAL;
		goto out_wipe;
	}
	if (new_nest) {
		cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
		err = -ENOMEM;
		if (!cfg)
			goto out_wipe;
		err = parse_slot(new_nest, cfg, false, false, info->extack);
		if (err)
			goto out_free;
		chg.new_slot = cfg;
	}
	if (info->attrs[NASSEC_A_FROZEN])
		chg.frozen = nla_get_u8(info->attrs[NASSEC_A_FROZEN]);
	chg.drop_new = !!info->attrs[NASSEC_A_DROP_NEW];

	err = nassec_ctx_set(genl_info_net(info),
			     nla_get_u32(info->attrs[NASSEC_A_UE_ID]), &chg);
	if (err == -ENOKEY)
		NL_SET_ERR_MSG_ATTR(info->extack, new_nest,
				    "no KASME given and no current slot");
	else
		ctx_errmsg(info, err);
out_free:
	kfree_sensitive(cfg);
out_wipe:
	wipe_slot_kasme(new_nest);
	return err;
}

static int ctx_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_UE_ID))
		return -EINVAL;
	err = nassec_ctx_del(genl_info_net(info),
			     nla_get_u32(info->attrs[NASSEC_A_UE_ID]));
	ctx_errmsg(info, err);
	return err;
}

/* CTX_GET and CTX_EXPORT: one context, with keys only for EXPORT. */
static int ctx_reply(struct genl_info *info, bool with_keys)
{
	struct nassec_ctx_info *ci;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_UE_ID))
		return -EINVAL;
	ci = kmalloc(sizeof(*ci), GFP_KERNEL);
	if (!ci)
		return -ENOMEM;
	err = nassec_ctx_info(genl_info_net(info),
			      nla_get_u32(info->attrs[NASSEC_A_UE_ID]), ci,
			      with_keys);
	if (err) {
		ctx_errmsg(info, err);
		goto out_free;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!msg)
		goto out_free;
	err = put_ctx(msg, info->snd_portid, info->snd_seq, 0,
		      info->genlhdr->cmd, ci, with_keys);
	if (err) {
		nl_free_wiped(msg);
		goto out_free;
	}
	err = genlmsg_reply(msg, info);
out_free:
	kfree_sensitive(ci);
	return err;
}

static int ctx_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ctx_reply(info, false);
}

static int ctx_export_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ctx_reply(info, true);
}

/*
 * The dump keeps an rhashtable walker across messages: an object that did
 * not fit is where the next message starts (rhashtable_walk_peek), so each
 * context is sent once while the table is not resized during the dump.
 */
static int ctx_dump_start(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = kmalloc(sizeof(*iter), GFP_KERNEL);

	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(nassec_ctx_table(sock_net(cb->skb->sk)), iter);
	cb->args[0] = (long)iter;
	return 0;
}

static int ctx_dump_done(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];

	if (iter) {
		rhashtable_walk_exit(iter);
		kfree(iter);
	}
	return 0;
}

static int ctx_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	struct nassec_ctx_info ci;
	int err = 0;
	void *obj;

	rhashtable_walk_start(iter);
	for (obj = rhashtable_walk_peek(iter); obj;
	     obj = rhashtable_walk_next(iter)) {
		if (IS_ERR(obj)) {
			if (PTR_ERR(obj) == -EAGAIN)
				continue;	/* resized: it starts over */
			err = PTR_ERR(obj);
			break;
		}
		if (nassec_ctx_info_of(obj, &ci))
			continue;		/* being deleted */
		if (put_ctx(skb, NETLINK_CB(cb->skb).portid,
			    cb->nlh->nlmsg_seq, NLM_F_MULTI, NASSEC_CMD_CTX_GET,
			    &ci, false))
			break;			/* full: resume here */
	}
	rhashtable_walk_stop(iter);
	return err ?: skb->len;
}

/* The PDU nests of a request, all checked before the first is processed. */
static int pdus_check(struct genl_info *info, const struct nla_policy *policy,
		      bool need_sht, size_t *reply_size)
{
	struct nlattr *tb[NASSEC_PDU_A_MAX + 1];
	struct nlattr *pdu;
	unsigned int n = 0;
	int rem, err;

	*reply_size = nla_total_size(sizeof(u32));
	nlmsg_for_each_attr(pdu, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(pdu) != NASSEC_A_PDU)
			continue;
		err = nla_parse_nested(tb, NASSEC_PDU_A_MAX, pdu, policy,
				       info->extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(info->extack, pdu, tb, NASSEC_PDU_A_DATA) ||
		    (need_sht && NL_REQ_ATTR_CHECK(info->extack, pdu, tb,
						   NASSEC_PDU_A_SEC_HDR_TYPE))) {
			NL_SET_ERR_MSG(info->extack, "PDU attribute missing");
			return -EINVAL;
		}
		*reply_size += nla_total_size(0) +
			nla_total_size(nla_len(tb[NASSEC_PDU_A_DATA]) +
				       NASSEC_NAS_HDR_LEN) +
			5 * nla_total_size(sizeof(u32));
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "no PDU");
		return -EINVAL;
	}
	return 0;
}

/* Reply message and a scratch buffer crypto may use (not vmalloc, not stack). */
static struct sk_buff *pdu_reply_start(struct genl_info *info, size_t size,
				       u8 **buf, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return NULL;
	*buf = kmalloc(NASSEC_PDU_MAX + NASSEC_NAS_HDR_LEN, GFP_KERNEL);
	*hdr = *buf ? genlmsg_put_reply(msg, info, &nassec_family, 0,
					info->genlhdr->cmd) : NULL;
	if (!*hdr ||
	    nla_put_u32(msg, NASSEC_A_UE_ID,
			nla_get_u32(info->attrs[NASSEC_A_UE_ID]))) {
		kfree(*buf);
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int protect_one(struct net *net, u32 ue_id, struct nlattr *pdu,
		       struct sk_buff *msg, u8 *buf)
{
	struct nlattr *tb[NASSEC_PDU_A_MAX + 1], *nest;
	u32 len, count = 0, flags = 0;
	int err;

	nla_parse_nested(tb, NASSEC_PDU_A_MAX, pdu, protect_pdu_policy, NULL);
	len = nla_len(tb[NASSEC_PDU_A_DATA]);
	memcpy(buf + NASSEC_NAS_HDR_LEN, nla_data(tb[NASSEC_PDU_A_DATA]), len);
	len += NASSEC_NAS_HDR_LEN;
	err = nassec_ctx_protect(net, ue_id,
				 nla_get_u8(tb[NASSEC_PDU_A_SEC_HDR_TYPE]),
				 buf, len, &count, &flags);

	nest = nla_nest_start(msg, NASSEC_A_PDU);
	if (!nest)
		return -EMSGSIZE;
	if (err) {
		if (nla_put_s32(msg, NASSEC_PDU_A_ERROR, err))
			return -EMSGSIZE;
	} else if (nla_put(msg, NASSEC_PDU_A_DATA, len, buf) ||
		   nla_put_u32(msg, NASSEC_PDU_A_COUNT, count) ||
		   nla_put_u32(msg, NASSEC_PDU_A_FLAGS, flags)) {
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int unprotect_one(struct net *net, u32 ue_id, struct nlattr *pdu,
			 struct sk_buff *msg, u8 *buf)
{
	struct nlattr *tb[NASSEC_PDU_A_MAX + 1], *nest;
	struct nas_result res;
	bool inner;
	u32 len;
	int err;

	nla_parse_nested(tb, NASSEC_PDU_A_MAX, pdu, unprotect_pdu_policy, NULL);
	len = nla_len(tb[NASSEC_PDU_A_DATA]);
	memcpy(buf, nla_data(tb[NASSEC_PDU_A_DATA]), len);
	err = nassec_ctx_unprotect(net, ue_id, buf, len, &res);
	inner = !err && (res.verdict == NASSEC_VERDICT_OK ||
			 res.verdict == NASSEC_VERDICT_PLAIN);

	nest = nla_nest_start(msg, NASSEC_A_PDU);
	if (!nest ||
	    (res.verdict && nla_put_u32(msg, NASSEC_PDU_A_VERDICT, res.verdict)) ||
	    (err && nla_put_s32(msg, NASSEC_PDU_A_ERROR, err)) ||
	    nla_put_u8(msg, NASSEC_PDU_A_SEC_HDR_TYPE, res.sht) ||
	    (res.count_valid &&
	     nla_put_u32(msg, NASSEC_PDU_A_COUNT, res.count)) ||
	    (inner && nla_put(msg, NASSEC_PDU_A_DATA, res.msg_len,
			      buf + res.msg_off)) ||
	    nla_put_u32(msg, NASSEC_PDU_A_FLAGS, res.flags))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * PDU_PROTECT requests carry plain NAS messages: wiped in the received
 * message once protected, as KASME is (uplink requests carry what was on
 * the air already).
 */
static void pdus_wipe_plain(struct genl_info *info, bool protect)
{
	struct nlattr *pdu, *attr;
	int rem, rem2;

	if (!protect)
		return;
	nlmsg_for_each_attr(pdu, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(pdu) != NASSEC_A_PDU)
			continue;
		nla_for_each_nested(attr, pdu, rem2)
			if (nla_type(attr) == NASSEC_PDU_A_DATA)
				memzero_explicit(nla_data(attr), nla_len(attr));
	}
}

/* PDU_PROTECT / PDU_UNPROTECT: the PDUs in request order, one reply nest each. */
static int pdus_doit(struct genl_info *info, bool protect)
{
	struct net *net = genl_info_net(info);
	struct sk_buff *msg;
	struct nlattr *pdu;
	size_t size;
	int rem, err;
	void *hdr;
	u32 ue_id;
	u8 *buf;

	err = -EINVAL;
	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_UE_ID))
		goto out_wipe;
	err = pdus_check(info, protect ? protect_pdu_policy :
					 unprotect_pdu_policy,
			 protect, &size);
	if (err)
		goto out_wipe;
	err = -ENOMEM;
	msg = pdu_reply_start(info, size, &buf, &hdr);
	if (!msg)
		goto out_wipe;
	ue_id = nla_get_u32(info->attrs[NASSEC_A_UE_ID]);
	nlmsg_for_each_attr(pdu, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(pdu) != NASSEC_A_PDU)
			continue;
		err = protect ? protect_one(net, ue_id, pdu, msg, buf) :
				unprotect_one(net, ue_id, pdu, msg, buf);
		if (err)
			goto out_free;
	}
	genlmsg_end(msg, hdr);
	kfree_sensitive(buf);
	pdus_wipe_plain(info, protect);
	return genlmsg_reply(msg, info);

out_free:
	kfree_sensitive(buf);
	nl_free_wiped(msg);
out_wipe:
	pdus_wipe_plain(info, protect);
	return err;
}

static int pdu_protect_doit(struct sk_buff *skb, struct genl_info *info)
{
	return pdus_doit(info, true);
}

static int pdu_unprotect_doit(struct sk_buff *skb, struct genl_info *info)
{
	return pdus_doit(info, false);
}

/* DERIVE_KENB / DERIVE_NH: one 32-octet key in the reply. */
static int key_reply(struct genl_info *info, int type, const u8 *key)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(2 * nla_total_size(NASSEC_KENB_LEN), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nassec_family, 0,
				info->genlhdr->cmd);
	if (!hdr ||
	    nla_put_u32(msg, NASSEC_A_UE_ID,
			nla_get_u32(info->attrs[NASSEC_A_UE_ID])) ||
	    nla_put(msg, type, NASSEC_KENB_LEN, key)) {
		nl_free_wiped(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static void derive_errmsg(struct genl_info *info, int err)
{
	if (err == -ENODATA)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NASSEC_A_UE_ID],
				    "no uplink COUNT accepted yet: give UL_COUNT");
	else
		ctx_errmsg(info, err);
}

static int derive_kenb_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 kenb[NASSEC_KENB_LEN];
	u32 count, *pcount = NULL;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_UE_ID))
		return -EINVAL;
	if (info->attrs[NASSEC_A_UL_COUNT]) {
		count = nla_get_u32(info->attrs[NASSEC_A_UL_COUNT]);
		pcount = &count;
	}
	err = nassec_ctx_derive_kenb(genl_info_net(info),
				     nla_get_u32(info->attrs[NASSEC_A_UE_ID]),
				     pcount, kenb);
	if (!err)
		err = key_reply(info, NASSEC_A_KENB, kenb);
	else
		derive_errmsg(info, err);
	memzero_explicit(kenb, sizeof(kenb));
	return err;
}

static int derive_nh_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sync = info->attrs[NASSEC_A_SYNC_INPUT];
	u8 nh[NASSEC_NH_LEN];
	int err = -EINVAL;

	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_UE_ID) ||
	    GENL_REQ_ATTR_CHECK(info, NASSEC_A_SYNC_INPUT))
		goto out_wipe;
	err = nassec_ctx_derive_nh(genl_info_net(info),
				   nla_get_u32(info->attrs[NASSEC_A_UE_ID]),
				   nla_data(sync), nh);
	if (!err)
		err = key_reply(info, NASSEC_A_NH, nh);
	else
		derive_errmsg(info, err);
	memzero_explicit(nh, sizeof(nh));
out_wipe:
	if (sync)
		memzero_explicit(nla_data(sync), nla_len(sync));
	return err;
}

static int stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nassec_net *nn = nassec_net(genl_info_net(info));
	u64 stats[NASSEC_ST_NUM];
	struct sk_buff *msg;
	void *hdr;

	nassec_ns_stats(genl_info_net(info), stats);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nassec_family, 0,
				NASSEC_CMD_STATS_GET);
	if (!hdr || put_stats(msg, NASSEC_A_NS_STATS, stats) ||
	    nla_put_u32(msg, NASSEC_A_CTX_COUNT, atomic_read(&nn->nctx)) ||
	    nla_put_u32(msg, NASSEC_A_MAX_CTX, READ_ONCE(nn->max_ctx))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int config_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nassec_net *nn = nassec_net(genl_info_net(info));

	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_MAX_CTX))
		return -EINVAL;
	/* A limit below the current count only stops new contexts. */
	WRITE_ONCE(nn->max_ctx, nla_get_u32(info->attrs[NASSEC_A_MAX_CTX]));
	return 0;
}

/*
 * Every command needs CAP_NET_ADMIN in the user namespace owning the
 * network namespace, reads included: UE ids, COUNTs, eKSIs, algorithms and
 * socket inodes are an MME's subscriber state (WireGuard's GET_DEVICE and
 * xfrm's GETSA hold their reads to the same bar). Whoever may create a
 * user and network namespace of its own administers that one.
 */
static const struct genl_ops nassec_ops[] = {
	{
		.cmd = NASSEC_CMD_CTX_NEW,
		.doit = ctx_new_doit,
		.policy = ctx_new_policy,
		.maxattr = ARRAY_SIZE(ctx_new_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_CTX_SET,
		.doit = ctx_set_doit,
		.policy = ctx_set_policy,
		.maxattr = ARRAY_SIZE(ctx_set_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_CTX_DEL,
		.doit = ctx_del_doit,
		.policy = ue_policy,
		.maxattr = ARRAY_SIZE(ue_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_CTX_GET,
		.doit = ctx_get_doit,
		.start = ctx_dump_start,
		.dumpit = ctx_dumpit,
		.done = ctx_dump_done,
		.policy = ue_policy,
		.maxattr = ARRAY_SIZE(ue_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_CTX_EXPORT,
		.doit = ctx_export_doit,
		.policy = ue_policy,
		.maxattr = ARRAY_SIZE(ue_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_CTX_IMPORT,
		.doit = ctx_import_doit,
		.policy = ctx_new_policy,
		.maxattr = ARRAY_SIZE(ctx_new_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_PDU_PROTECT,
		.doit = pdu_protect_doit,
		.policy = protect_policy,
		.maxattr = ARRAY_SIZE(protect_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_PDU_UNPROTECT,
		.doit = pdu_unprotect_doit,
		.policy = unprotect_policy,
		.maxattr = ARRAY_SIZE(unprotect_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_DERIVE_KENB,
		.doit = derive_kenb_doit,
		.policy = kenb_policy,
		.maxattr = ARRAY_SIZE(kenb_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_DERIVE_NH,
		.doit = derive_nh_doit,
		.policy = nh_policy,
		.maxattr = ARRAY_SIZE(nh_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_SOCK_ATTACH,
		.doit = nassec_nl_sock_attach_doit,
		.policy = sock_attach_policy,
		.maxattr = ARRAY_SIZE(sock_attach_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_SOCK_DETACH,
		.doit = nassec_nl_sock_detach_doit,
		.policy = sock_detach_policy,
		.maxattr = ARRAY_SIZE(sock_detach_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_SOCK_LIST,
		.dumpit = nassec_nl_sock_list_dumpit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_STATS_GET,
		.doit = stats_get_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = NASSEC_CMD_CONFIG_SET,
		.doit = config_set_doit,
		.policy = config_policy,
		.maxattr = ARRAY_SIZE(config_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/* Events name UEs and COUNTs: listening needs CAP_NET_ADMIN too. */
static const struct genl_multicast_group nassec_mcgrps[] = {
	{ .name = NASSEC_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family nassec_family __ro_after_init = {
	.name = NASSEC_GENL_NAME,
	.version = NASSEC_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = nassec_ops,
	.n_ops = ARRAY_SIZE(nassec_ops),
	.mcgrps = nassec_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nassec_mcgrps),
};

void nassec_nl_event(struct net *net, u32 event, u32 ue_id, const u32 *count,
		     u32 verdict)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&nassec_family, net, 0))
		return;
	msg = genlmsg_new(4 * nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &nassec_family, 0, NASSEC_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, NASSEC_A_EVENT, event) ||
	    nla_put_u32(msg, NASSEC_A_UE_ID, ue_id) ||
	    (count && nla_put_u32(msg, NASSEC_A_COUNT, *count)) ||
	    (verdict && nla_put_u32(msg, NASSEC_A_VERDICT, verdict))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nassec_family, net, msg, 0, 0, GFP_KERNEL);
}

int nassec_nl_init(void)
{
	return genl_register_family(&nassec_family);
}

void nassec_nl_exit(void)
{
	genl_unregister_family(&nassec_family);
}
