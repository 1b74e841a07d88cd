// SPDX-License-Identifier: GPL-2.0
/*
 * Per-UE EPS security contexts: a per-netns rhashtable keyed by UE id,
 * RCU lookups plus a reference while a caller works on a context, a
 * spinlock per context for its state (struct nas_ctx, nas.c's), and
 * RCU-deferred freeing that wipes the keys first.
 *
 * Crypto may sleep, so it never runs under the context lock: nas.c's
 * staged API takes what a PDU needs (COUNT, key copies) under the lock,
 * computes without it, then commits under it again (TS 24.301 4.4.3: COUNT
 * state changes only after the MAC verified; the replay check is repeated
 * at commit, and a context changed in between means starting over).
 */
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>
#include "ctx.h"
#include "kdf.h"
#include "nas.h"
#include "nas_crypto.h"
#include "netlink.h"

/* In nas_ctx.flags, beyond nas.c's: deleted, keys wiped, no more PDUs. */
#define CTX_F_DEAD		(1U << 31)

/* COUNT_THRESHOLD events already sent for the slots as they are now. */
#define CTX_WARNED_DL		(1U << 0)
#define CTX_WARNED_UL		(1U << 1)

/* An uplink PDU restarts at most this often when its slot changes under it. */
#define UL_TRIES		4

/*
 * Idle contexts are most of the memory: the slab object (this plus the
 * free pointer SLUB keeps outside objects of a cache with a constructor)
 * stays at or under 256 octets; ctx_scale_test reports it. Counters are
 * u32 here (a UE sends far fewer than 2^32 messages per context);
 * namespace totals are u64.
 */
struct nassec_ctx {
	struct rhash_head node;
	u32 ue_id;
	spinlock_t lock;		/* stats, warned, last_use, nas */
	refcount_t ref;			/* the table's plus one per user */
	u32 last_use;			/* jiffies, low 32 bits */
	union {
		u32 stats[NASSEC_ST_NUM];
		/*
		 * call_rcu() writes this only after the last reference is
		 * gone: the context is DEAD by then, and RCU-only readers
		 * (lookups, dumps) never read the counters of a DEAD one.
		 */
		struct rcu_head rcu;
	};
	u8 warned;			/* CTX_WARNED_* */
	struct nas_ctx nas;
};

static struct kmem_cache *ctx_cache;

static unsigned int max_contexts = 1U << 20;
module_param(max_contexts, uint, 0444);
MODULE_PARM_DESC(max_contexts,
		 "default limit of UE contexts per network namespace (1..2^24)");

static const struct rhashtable_params ctx_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct nassec_ctx, ue_id),
	.head_offset = offsetof(struct nassec_ctx, node),
	.automatic_shrinking = true,
};

static int ctx_mac(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		   u8 bearer, u8 dir, const u8 *data, u32 len,
		   u8 mac[NAS_MAC_LEN])
{
	return nassec_nas_mac(alg, key, count, bearer, dir, data, len, mac);
}

static int ctx_cipher(void *priv, u8 alg, const u8 key[NAS_KEY_LEN],
		      u32 count, u8 bearer, u8 dir, u8 *buf, u32 len)
{
	return nassec_nas_cipher(alg, key, count, bearer, dir, buf, len);
}

static const struct nas_crypto ctx_crypto = {
	.mac = ctx_mac,
	.cipher = ctx_cipher,
};

/*
 * Objects go back to the cache wiped, so the constructed state is all
 * zeroes. (A cache with a constructor is also never merged with another,
 * so /proc/slabinfo shows "nassec_ctx" and its object size.)
 */
static void ctx_ctor(void *obj)
{
	memset(obj, 0, sizeof(struct nassec_ctx));
}

static void ctx_free_rcu(struct rcu_head *rcu)
{
	struct nassec_ctx *ctx = container_of(rcu, struct nassec_ctx, rcu);

	memzero_explicit(ctx, sizeof(*ctx));
	kmem_cache_free(ctx_cache, ctx);
}

static void ctx_put(struct nassec_ctx *ctx)
{
	/* RCU readers may still be looking at it: free after a grace period. */
	if (refcount_dec_and_test(&ctx->ref))
		call_rcu(&ctx->rcu, ctx_free_rcu);
}

static struct nassec_ctx *ctx_get(struct net *net, u32 ue_id)
{
	struct nassec_ctx *ctx;

	rcu_read_lock();
	ctx = rhashtable_lookup(&nassec_net(net)->table, &ue_id, ctx_params);
	if (ctx && !refcount_inc_not_zero(&ctx->ref))
		ctx = NULL;
	rcu_read_unlock();
	return ctx;
}

static void ctx_count(struct net *net, struct nassec_ctx *ctx,
		      enum nassec_stat st)
{
	if (ctx) {
		lockdep_assert_held(&ctx->lock);
		ctx->stats[st]++;
	}
	atomic64_inc(&nassec_net(net)->stats[st]);
}

/*
 * Fills a slot from its configuration; base is the current slot for a
 * SLOT_NEW without KASME (an algorithm change: TS 33.401 7.2.4.4 keeps
 * KASME and the NAS COUNTs), NULL otherwise. Derives the NAS keys (A.7).
 */
static int slot_build(struct nas_slot *s, const struct nassec_slot_cfg *cfg,
		      const struct nas_slot *base)
{
	const u8 *kasme = cfg->kasme;
	u32 ul = 0, dl = 0;
	u8 eksi = cfg->eksi;
	int err;

	if (!cfg->has_kasme) {
		if (!base || !base->valid)
			return -ENOKEY;
		kasme = base->kasme;
		ul = base->ul.next;
		dl = base->dl_count;
		if (!cfg->has_eksi)
			eksi = base->eksi;
	} else if (!cfg->has_eksi) {
		return -EINVAL;
	}
	if (cfg->has_ul_count)
		ul = cfg->ul_count;
	if (cfg->has_dl_count)
		dl = cfg->dl_count;

	nas_slot_init(s, eksi, cfg->eia, cfg->eea, ul, dl);
	memcpy(s->kasme, kasme, NASSEC_KASME_LEN);
	err = nassec_kdf_nas_keys(kasme, cfg->eia, cfg->eea, s->k_nas_int,
				  s->k_nas_enc);
	if (err)
		memzero_explicit(s, sizeof(*s));
	return err;
}

int nassec_ctx_new(struct net *net, u32 ue_id, const struct nassec_slot_cfg *cur,
		   const struct nassec_slot_cfg *new)
{
	struct nassec_net *nn = nassec_net(net);
	struct nassec_ctx *ctx;
	int err;

	might_sleep();	/* ctx.h: process context; KDF and crypto sleep */
	if (!cur && !new)
		return -EINVAL;
	ctx = kmem_cache_alloc(ctx_cache, GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->ue_id = ue_id;
	spin_lock_init(&ctx->lock);
	refcount_set(&ctx->ref, 1);
	ctx->last_use = jiffies;

	if (atomic_inc_return(&nn->nctx) > READ_ONCE(nn->max_ctx)) {
		err = -ENOSPC;
		goto out_uncount;
	}
	/* Not yet visible to anyone: no lock needed. */
	if (cur) {
		err = slot_build(&ctx->nas.cur, cur, NULL);
		if (err)
			goto out_uncount;
	}
	if (new) {
		err = slot_build(&ctx->nas.next, new, NULL);
		if (err)
			goto out_uncount;
	}
	err = rhashtable_lookup_insert_fast(&nn->table, &ctx->node, ctx_params);
	if (err)
		goto out_uncount;
	return 0;

out_uncount:
	atomic_dec(&nn->nctx);
	memzero_explicit(ctx, sizeof(*ctx));
	kmem_cache_free(ctx_cache, ctx);
	return err;
}

int nassec_ctx_set(struct net *net, u32 ue_id,
		   const struct nassec_ctx_change *chg)
{
	struct nas_slot *slot = NULL, *base = NULL;
	struct nassec_ctx *ctx;
	int err, tries = 0;
	u32 gen = 0;

	might_sleep();	/* ctx.h: process context; KDF and crypto sleep */
	ctx = ctx_get(net, ue_id);
	if (!ctx)
		return -ENOENT;
	if (chg->new_slot) {
		slot = kzalloc(sizeof(*slot), GFP_KERNEL);
		base = kzalloc(sizeof(*base), GFP_KERNEL);
		err = -ENOMEM;
		if (!slot || !base)
			goto out;
	}
again:
	if (chg->new_slot) {
		/* The KDF sleeps: build the slot first, from a copy of cur. */
		spin_lock(&ctx->lock);
		*base = ctx->nas.cur;
		gen = ctx->nas.generation;
		spin_unlock(&ctx->lock);
		err = slot_build(slot, chg->new_slot, base);
		if (err)
			goto out;
	}

	spin_lock(&ctx->lock);
	err = -ENOENT;
	if (ctx->nas.flags & CTX_F_DEAD)
		goto out_unlock;
	if (chg->new_slot && !chg->new_slot->has_kasme &&
	    gen != ctx->nas.generation) {
		/* cur changed (promotion) while deriving: derive again. */
		spin_unlock(&ctx->lock);
		err = -EAGAIN;
		if (++tries >= UL_TRIES)
			goto out;
		goto again;
	}
	if (chg->drop_new)
		nas_ctx_drop(&ctx->nas, NAS_SLOT_NEXT);
	if (chg->new_slot)
		nas_ctx_install(&ctx->nas, NAS_SLOT_NEXT, slot);
	if (chg->drop_new || chg->new_slot)
		ctx->warned = 0;
	if (chg->frozen == 1)
		ctx->nas.flags |= NAS_CTX_FROZEN;
	else if (chg->frozen == 0)
		ctx->nas.flags &= ~NAS_CTX_FROZEN;
	err = 0;
out_unlock:
	spin_unlock(&ctx->lock);
out:
	kfree_sensitive(slot);
	kfree_sensitive(base);
	ctx_put(ctx);
	return err;
}

/* Unpublished or deleted: wipe the keys now, whoever still holds a ref. */
static void ctx_kill(struct nassec_ctx *ctx)
{
	spin_lock(&ctx->lock);
	nas_ctx_wipe(&ctx->nas);
	ctx->nas.flags |= CTX_F_DEAD;
	spin_unlock(&ctx->lock);
}

int nassec_ctx_del(struct net *net, u32 ue_id)
{
	struct nassec_net *nn = nassec_net(net);
	struct nassec_ctx *ctx;

	rcu_read_lock();
	ctx = rhashtable_lookup(&nn->table, &ue_id, ctx_params);
	/* Only the caller that unlinks it drops the table's reference. */
	if (!ctx || rhashtable_remove_fast(&nn->table, &ctx->node, ctx_params)) {
		rcu_read_unlock();
		return -ENOENT;
	}
	rcu_read_unlock();
	atomic_dec(&nn->nctx);
	ctx_kill(ctx);
	nassec_nl_event(net, NASSEC_EVENT_CTX_DELETED, ue_id, NULL, 0);
	ctx_put(ctx);
	return 0;
}

static void slot_info(struct nassec_slot_info *si, const struct nas_slot *s,
		      bool with_keys)
{
	if (with_keys)
		memcpy(si->kasme, s->kasme, NASSEC_KASME_LEN);
	si->eksi = s->eksi;
	si->eia = s->eia;
	si->eea = s->eea;
	si->ul_count = s->ul.next;
	si->dl_count = s->dl_count;
}

static int ctx_info(struct nassec_ctx *ctx, struct nassec_ctx_info *info,
		    bool with_keys)
{
	int i;

	memset(info, 0, sizeof(*info));
	spin_lock(&ctx->lock);
	if (ctx->nas.flags & CTX_F_DEAD) {
		spin_unlock(&ctx->lock);
		return -ENOENT;
	}
	info->ue_id = ctx->ue_id;
	if (ctx->nas.flags & NAS_CTX_FROZEN)
		info->flags |= NASSEC_CTX_F_FROZEN;
	if (ctx->nas.cur.valid) {
		info->flags |= NASSEC_CTX_F_CUR_SLOT;
		slot_info(&info->cur, &ctx->nas.cur, with_keys);
	}
	if (ctx->nas.next.valid) {
		info->flags |= NASSEC_CTX_F_NEW_SLOT;
		slot_info(&info->new, &ctx->nas.next, with_keys);
	}
	for (i = 0; i < NASSEC_ST_NUM; i++)
		info->stats[i] = ctx->stats[i];
	info->idle_ms = jiffies_to_msecs((u32)jiffies - ctx->last_use);
	spin_unlock(&ctx->lock);
	return 0;
}

int nassec_ctx_info(struct net *net, u32 ue_id, struct nassec_ctx_info *info,
		    bool with_keys)
{
	struct nassec_ctx *ctx = ctx_get(net, ue_id);
	int err;

	if (!ctx)
		return -ENOENT;
	err = ctx_info(ctx, info, with_keys);
	ctx_put(ctx);
	return err;
}

struct rhashtable *nassec_ctx_table(struct net *net)
{
	return &nassec_net(net)->table;
}

/* A table walk: no reference, the object lives while RCU is held. */
int nassec_ctx_info_of(void *obj, struct nassec_ctx_info *info)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(),
			 "nassec: context walked outside rcu_read_lock");
	return ctx_info(obj, info, false);
}

static void ctx_event_threshold(struct net *net, struct nassec_ctx *ctx,
				bool send, u32 count)
{
	if (send)
		nassec_nl_event(net, NASSEC_EVENT_COUNT_THRESHOLD, ctx->ue_id,
				&count, 0);
}

int nassec_ctx_protect(struct net *net, u32 ue_id, u8 sec_hdr_type, u8 *pdu,
		       u32 len, u32 *count, u32 *flags)
{
	struct nas_tx tx = {};
	struct nassec_ctx *ctx;
	bool warn = false;
	int err;

	might_sleep();	/* ctx.h: process context; KDF and crypto sleep */
	ctx = ctx_get(net, ue_id);
	if (!ctx)
		return -ENOKEY;

	spin_lock(&ctx->lock);
	if (ctx->nas.flags & CTX_F_DEAD)
		err = -ENOKEY;
	else
		err = nas_tx_prepare(&ctx->nas, sec_hdr_type, len, &tx);
	if (!err) {
		ctx->last_use = jiffies;
		if ((tx.flags & NAS_F_THRESHOLD) &&
		    !(ctx->warned & CTX_WARNED_DL)) {
			ctx->warned |= CTX_WARNED_DL;
			warn = true;
		}
	} else if (err == -EACCES || err == -EOVERFLOW || err == -ENOKEY) {
		ctx_count(net, ctx, NASSEC_ST_DL_BLOCKED);
	}
	spin_unlock(&ctx->lock);

	if (err) {
		if (err == -EACCES || err == -EOVERFLOW)
			nassec_nl_event(net, NASSEC_EVENT_DL_BLOCKED, ue_id,
					NULL, 0);
		goto out;
	}
	ctx_event_threshold(net, ctx, warn, tx.count);

	err = nas_tx_seal(&tx, &ctx_crypto, pdu, len);
	if (err)
		goto out;
	spin_lock(&ctx->lock);
	ctx_count(net, ctx, NASSEC_ST_DL_PROTECTED);
	spin_unlock(&ctx->lock);
	*count = tx.count;
	*flags = tx.flags & NAS_F_THRESHOLD ? NASSEC_PDU_F_THRESHOLD : 0;
out:
	nas_tx_wipe(&tx);
	ctx_put(ctx);
	return err;
}

static enum nassec_stat ul_stat(u8 verdict)
{
	switch (verdict) {
	case NAS_VERDICT_MAC_FAIL:
		return NASSEC_ST_UL_MAC_FAIL;
	case NAS_VERDICT_REPLAY:
		return NASSEC_ST_UL_REPLAY;
	case NAS_VERDICT_MALFORMED:
		return NASSEC_ST_UL_MALFORMED;
	case NAS_VERDICT_NO_CONTEXT:
		return NASSEC_ST_UL_NO_CONTEXT;
	default:
		return NASSEC_ST_NUM;
	}
}

static void ul_events(struct net *net, u32 ue_id, const struct nas_result *res,
		      bool warn)
{
	const u32 *count = res->count_valid ? &res->count : NULL;

	switch (res->verdict) {
	case NAS_VERDICT_MAC_FAIL:
		nassec_nl_event(net, NASSEC_EVENT_MAC_FAIL, ue_id, count,
				res->verdict);
		break;
	case NAS_VERDICT_REPLAY:
		nassec_nl_event(net, NASSEC_EVENT_REPLAY, ue_id, count,
				res->verdict);
		break;
	case NAS_VERDICT_MALFORMED:
		nassec_nl_event(net, NASSEC_EVENT_MALFORMED, ue_id, NULL, 0);
		break;
	}
	if (res->flags & NAS_F_PROMOTED)
		nassec_nl_event(net, NASSEC_EVENT_PROMOTED, ue_id, count, 0);
	if (warn)
		nassec_nl_event(net, NASSEC_EVENT_COUNT_THRESHOLD, ue_id,
				count, 0);
}

/* The commit stage. */
static int ul_commit(struct net *net, struct nassec_ctx *ctx,
		     struct nas_rx *rx, bool *warn)
{
	int ret;

	lockdep_assert_held(&ctx->lock);
	if (ctx->nas.flags & CTX_F_DEAD) {
		rx->res.verdict = NAS_VERDICT_NO_CONTEXT;
		return NAS_VERDICT_NO_CONTEXT;
	}
	ret = nas_rx_commit(&ctx->nas, rx);
	if (ret)
		return ret;
	ctx->last_use = jiffies;
	ctx_count(net, ctx, NASSEC_ST_UL_OK);
	if (rx->res.flags & NAS_F_PROMOTED)
		ctx->warned = 0;
	if ((rx->res.flags & NAS_F_THRESHOLD) &&
	    !(ctx->warned & CTX_WARNED_UL)) {
		ctx->warned |= CTX_WARNED_UL;
		*warn = true;
	}
	return 0;
}

int nassec_ctx_unprotect(struct net *net, u32 ue_id, u8 *pdu, u32 len,
			 struct nas_result *res)
{
	struct nassec_ctx *ctx;
	struct nas_rx rx;
	bool warn = false;
	int ret, tries = 0;
	enum nassec_stat st;

	might_sleep();	/* ctx.h: process context; KDF and crypto sleep */
	ctx = ctx_get(net, ue_id);
again:
	memset(&rx, 0, sizeof(rx));
	if (!ctx) {
		rx.res.verdict = NAS_VERDICT_NO_CONTEXT;
		ret = NAS_VERDICT_NO_CONTEXT;
		goto out_count;
	}
	spin_lock(&ctx->lock);
	if (ctx->nas.flags & CTX_F_DEAD) {
		rx.res.verdict = NAS_VERDICT_NO_CONTEXT;
		ret = NAS_VERDICT_NO_CONTEXT;
	} else {
		ret = nas_rx_prepare(&ctx->nas, pdu, len, &rx);
	}
	spin_unlock(&ctx->lock);

	if (!ret)
		ret = nas_rx_verify(&rx, &ctx_crypto);
	if (!ret) {
		spin_lock(&ctx->lock);
		ret = ul_commit(net, ctx, &rx, &warn);
		spin_unlock(&ctx->lock);
	}
	if (ret == -EAGAIN && ++tries < UL_TRIES) {
		nas_rx_wipe(&rx);
		goto again;
	}
	if (!ret)
		ret = nas_rx_decipher(&rx, &ctx_crypto);

out_count:
	st = ul_stat(rx.res.verdict);
	if (st != NASSEC_ST_NUM) {
		if (ctx)
			spin_lock(&ctx->lock);
		ctx_count(net, ctx, st);
		if (ctx)
			spin_unlock(&ctx->lock);
	}
	*res = rx.res;
	nas_rx_wipe(&rx);
	if (ctx) {
		ul_events(net, ue_id, res, warn);
		ctx_put(ctx);
	}
	return ret < 0 ? ret : 0;
}

/* A copy of the current slot's KASME for A.3/A.4, and its last UL COUNT. */
static int ctx_kasme(struct net *net, u32 ue_id, u8 kasme[NASSEC_KASME_LEN],
		     u32 *ul_next)
{
	struct nassec_ctx *ctx = ctx_get(net, ue_id);
	int err = 0;

	if (!ctx)
		return -ENOENT;
	spin_lock(&ctx->lock);
	if (!(ctx->nas.flags & CTX_F_DEAD) && ctx->nas.cur.valid) {
		memcpy(kasme, ctx->nas.cur.kasme, NASSEC_KASME_LEN);
		*ul_next = ctx->nas.cur.ul.next;
	} else {
		err = -ENOKEY;
	}
	spin_unlock(&ctx->lock);
	ctx_put(ctx);
	return err;
}

int nassec_ctx_derive_kenb(struct net *net, u32 ue_id, const u32 *ul_count,
			   u8 kenb[NASSEC_KENB_LEN])
{
	u8 kasme[NASSEC_KASME_LEN];
	u32 ul_next;
	int err;

	err = ctx_kasme(net, ue_id, kasme, &ul_next);
	if (err)
		return err;
	if (!ul_count && !ul_next) {
		err = -ENODATA;		/* nothing accepted yet */
	} else {
		ul_next--;
		err = nassec_kdf_kenb(kasme, ul_count ? *ul_count : ul_next,
				      kenb);
	}
	memzero_explicit(kasme, sizeof(kasme));
	return err;
}

int nassec_ctx_derive_nh(struct net *net, u32 ue_id,
			 const u8 sync_input[NASSEC_NH_LEN],
			 u8 nh[NASSEC_NH_LEN])
{
	u8 kasme[NASSEC_KASME_LEN];
	u32 ul_next;
	int err;

	err = ctx_kasme(net, ue_id, kasme, &ul_next);
	if (!err)
		err = nassec_kdf_nh(kasme, sync_input, nh);
	memzero_explicit(kasme, sizeof(kasme));
	return err;
}

void nassec_ns_stats(struct net *net, u64 stats[NASSEC_ST_NUM])
{
	struct nassec_net *nn = nassec_net(net);
	int i;

	for (i = 0; i < NASSEC_ST_NUM; i++)
		stats[i] = atomic64_read(&nn->stats[i]);
}

int nassec_ctx_net_init(struct net *net)
{
	struct nassec_net *nn = nassec_net(net);

	atomic_set(&nn->nctx, 0);
	nn->max_ctx = clamp(max_contexts, 1U, 1U << 24);
	return rhashtable_init(&nn->table, &ctx_params);
}

static void ctx_destroy(void *obj, void *arg)
{
	ctx_kill(obj);
	ctx_put(obj);
}

/* No user is left in a dying namespace: unlink and free everything. */
void nassec_ctx_net_exit(struct net *net)
{
	rhashtable_free_and_destroy(&nassec_net(net)->table, ctx_destroy, NULL);
}

int nassec_ctx_cache_init(void)
{
	ctx_cache = kmem_cache_create("nassec_ctx", sizeof(struct nassec_ctx),
				      0, SLAB_ACCOUNT, ctx_ctor);
	return ctx_cache ? 0 : -ENOMEM;
}

/* After every namespace is gone: wait for the deferred frees, then destroy. */
void nassec_ctx_cache_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(ctx_cache);
}
