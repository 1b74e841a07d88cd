/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-UE EPS security contexts (TS 33.401 7.2, TS 24.301 4.4), per network
 * namespace, keyed by the u32 UE id, and the NAS protect/unprotect that
 * runs on them through nas.c. Callers are in process context: crypto may
 * sleep and runs outside every lock on copies of the keys.
 */
#ifndef NASSEC_CTX_H
#define NASSEC_CTX_H

#include <linux/atomic.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <net/netns/generic.h>
#include <linux/nassec.h>

struct net;
struct nas_result;

enum nassec_stat {
	NASSEC_ST_UL_OK,
	NASSEC_ST_UL_MAC_FAIL,
	NASSEC_ST_UL_REPLAY,
	NASSEC_ST_UL_MALFORMED,
	NASSEC_ST_UL_NO_CONTEXT,
	NASSEC_ST_DL_PROTECTED,
	NASSEC_ST_DL_BLOCKED,
	NASSEC_ST_NUM
};

/* The per-namespace state (net_generic, registered in main.c). */
struct nassec_net {
	struct rhashtable table;
	atomic_t nctx;
	u32 max_ctx;			/* READ_ONCE/WRITE_ONCE */
	atomic64_t stats[NASSEC_ST_NUM];
};

extern unsigned int nassec_net_id;

/* One slot as userspace configures it (CTX_NEW/SET/IMPORT). */
struct nassec_slot_cfg {
	u8 kasme[NASSEC_KASME_LEN];
	bool has_kasme;
	bool has_eksi;
	bool has_ul_count;
	bool has_dl_count;
	u8 eksi;
	u8 eia;
	u8 eea;
	u32 ul_count;
	u32 dl_count;
};

/* One slot as GET/EXPORT report it; kasme is filled only for EXPORT. */
struct nassec_slot_info {
	u8 kasme[NASSEC_KASME_LEN];
	u8 eksi;
	u8 eia;
	u8 eea;
	u32 ul_count;			/* next expected uplink COUNT */
	u32 dl_count;			/* next downlink COUNT */
};

struct nassec_ctx_info {
	u32 ue_id;
	u32 flags;			/* NASSEC_CTX_F_* */
	struct nassec_slot_info cur;
	struct nassec_slot_info new;
	u64 stats[NASSEC_ST_NUM];
	u64 idle_ms;
};

/* CTX_SET: what to change; everything is applied or nothing. */
struct nassec_ctx_change {
	const struct nassec_slot_cfg *new_slot;	/* NULL: leave the new slot */
	int frozen;				/* -1 leave, 0 thaw, 1 freeze */
	bool drop_new;
};

int nassec_ctx_cache_init(void);
void nassec_ctx_cache_exit(void);
int nassec_ctx_net_init(struct net *net);
void nassec_ctx_net_exit(struct net *net);

static inline struct nassec_net *nassec_net(const struct net *net)
{
	return net_generic(net, nassec_net_id);
}

/*
 * CTX_NEW/IMPORT: -EEXIST, -ENOSPC (namespace full), -ENOKEY (a slot
 * without KASME). Nothing is changed on error.
 */
int nassec_ctx_new(struct net *net, u32 ue_id, const struct nassec_slot_cfg *cur,
		   const struct nassec_slot_cfg *new);
/* -ENOENT, -ENOKEY (SLOT_NEW without KASME and no current slot). */
int nassec_ctx_set(struct net *net, u32 ue_id,
		   const struct nassec_ctx_change *chg);
int nassec_ctx_del(struct net *net, u32 ue_id);

/* GET/EXPORT; with_keys only for EXPORT (the caller wipes info). -ENOENT. */
int nassec_ctx_info(struct net *net, u32 ue_id, struct nassec_ctx_info *info,
		    bool with_keys);
/* For dumps: walk with rhashtable_walk_*(); fill with nassec_ctx_info_of(). */
struct rhashtable *nassec_ctx_table(struct net *net);
int nassec_ctx_info_of(void *obj, struct nassec_ctx_info *info);

/*
 * Downlink, in place: pdu[0..NASSEC_NAS_HDR_LEN) is reserved for header,
 * MAC and SQN, the plain message follows; len is the whole. pdu must be in
 * the linear mapping (not stack, not vmalloc). Errors: -ENOKEY (no context
 * or empty slot), -EACCES (frozen), -EOVERFLOW (COUNT used up), -EINVAL,
 * -EBADMSG, or the crypto's error.
 */
int nassec_ctx_protect(struct net *net, u32 ue_id, u8 sec_hdr_type, u8 *pdu,
		       u32 len, u32 *count, u32 *flags);
/*
 * Uplink, in place: res->verdict is always set (NO_CONTEXT for an unknown
 * UE). With OK the inner message at res->msg_off is deciphered. Returns 0,
 * or a negative errno when crypto failed (the PDU is then unusable).
 */
int nassec_ctx_unprotect(struct net *net, u32 ue_id, u8 *pdu, u32 len,
			 struct nas_result *res);

/* TS 33.401 A.3 from the current slot; ul_count NULL: the last accepted. */
int nassec_ctx_derive_kenb(struct net *net, u32 ue_id, const u32 *ul_count,
			   u8 kenb[NASSEC_KENB_LEN]);
/* TS 33.401 A.4 from the current slot. */
int nassec_ctx_derive_nh(struct net *net, u32 ue_id,
			 const u8 sync_input[NASSEC_NH_LEN],
			 u8 nh[NASSEC_NH_LEN]);

void nassec_ns_stats(struct net *net, u64 stats[NASSEC_ST_NUM]);

#endif /* NASSEC_CTX_H */
