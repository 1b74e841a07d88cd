/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small, independent netlink client for the kselftests: libnl-genl-3
 * (not libnassec), so the tests check the kernel against a second reading
 * of uapi/linux/nassec.h. Header-only; link -lnl-genl-3 -lnl-3.
 *
 *   struct nlc c; nlc_open(&c);
 *   struct nl_msg *m = nlc_msg(&c, NASSEC_CMD_CTX_GET);
 *   nla_put_u32(m, NASSEC_A_UE_ID, 7);
 *   struct nlc_reply r; nlc_call(&c, m, &r);  (r.error, r.tb[], r.extack)
 *   nlc_reply_free(&r);
 */
#ifndef NASSEC_CLIENT_H
#define NASSEC_CLIENT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/nassec.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct nlc {
	struct nl_sock *sk;
	int family;
	int events_group;
};

/* What the kernel answered to one request. */
struct nlc_reply {
	int error;			/* 0 or -errno */
	char extack[256];		/* the extack message, "" if none */
	int32_t bad_offset;		/* NLMSGERR_ATTR_OFFS into the request, -1 */
	int32_t miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, -1 */
	struct nl_msg *msg;		/* the (last) reply message, or NULL */
	struct nlattr *tb[NASSEC_A_MAX + 1];
	unsigned int nmsgs;		/* reply messages seen (dumps) */
	bool done;
	/* Dumps: called for each reply message, if set. */
	void (*each)(struct nlattr **tb, void *arg);
	void *each_arg;
};

static inline int nlc_open(struct nlc *c)
{
	int one = 1;

	memset(c, 0, sizeof(*c));
	c->sk = nl_socket_alloc();
	if (!c->sk)
		return -ENOMEM;
	if (genl_connect(c->sk))
		goto fail;
	c->family = genl_ctrl_resolve(c->sk, NASSEC_GENL_NAME);
	if (c->family < 0)
		goto fail;
	c->events_group = genl_ctrl_resolve_grp(c->sk, NASSEC_GENL_NAME,
						NASSEC_MCGRP_EVENTS);
	/* Extended acks, and no echo of the request (it may hold keys). */
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_set_buffer_size(c->sk, 8 << 20, 8 << 20);
	return 0;
fail:
	nl_socket_free(c->sk);
	c->sk = NULL;
	return -ENOENT;
}

static inline void nlc_close(struct nlc *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
}

static inline struct nl_msg *nlc_msg_flags(struct nlc *c, uint8_t cmd,
					   int flags)
{
	struct nl_msg *m = nlmsg_alloc_size(64 * 1024);

	if (m && !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0,
			      flags, cmd, NASSEC_GENL_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static inline struct nl_msg *nlc_msg(struct nlc *c, uint8_t cmd)
{
	return nlc_msg_flags(c, cmd, 0);
}

static inline int nlc_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlc_reply *r = arg;
	struct nlattr *tb[NASSEC_A_MAX + 1];

	r->nmsgs++;
	if (r->each) {
		if (!genlmsg_parse(nlmsg_hdr(msg), 0, tb, NASSEC_A_MAX, NULL))
			r->each(tb, r->each_arg);
		return NL_OK;
	}
	if (r->msg)
		nlmsg_free(r->msg);
	nlmsg_get(msg);
	r->msg = msg;
	genlmsg_parse(nlmsg_hdr(msg), 0, r->tb, NASSEC_A_MAX, NULL);
	return NL_OK;
}

static inline int nlc_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *err,
			     void *arg)
{
	struct nlc_reply *r = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)err - NLMSG_HDRLEN);
	struct nlattr *attr;
	int rem;

	(void)nla;
	r->error = err->error;
	r->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	/* With NETLINK_CAP_ACK only the request's header is echoed. */
	attr = (struct nlattr *)((char *)err + sizeof(*err));
	rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(*err);
	for (; nla_ok(attr, rem); attr = nla_next(attr, &rem)) {
		switch (nla_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			snprintf(r->extack, sizeof(r->extack), "%s",
				 (char *)nla_data(attr));
			break;
		case NLMSGERR_ATTR_OFFS:
			r->bad_offset = nla_get_u32(attr);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			r->miss_type = nla_get_u32(attr);
			break;
		}
	}
	return NL_STOP;
}

static inline int nlc_stop_cb(struct nl_msg *msg, void *arg)
{
	struct nlc_reply *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static inline void nlc_reply_free(struct nlc_reply *r)
{
	if (r->msg)
		nlmsg_free(r->msg);
	r->msg = NULL;
}

/*
 * Sends req (freed) and collects the answer; returns r->error. With each,
 * every reply message goes to each(tb, arg) (dumps) instead of r->msg.
 */
static inline int nlc_call_each(struct nlc *c, struct nl_msg *req,
				struct nlc_reply *r,
				void (*each)(struct nlattr **tb, void *arg),
				void *each_arg)
{
	struct nl_cb *cb;
	int err;

	memset(r, 0, sizeof(*r));
	r->each = each;
	r->each_arg = each_arg;
	r->bad_offset = -1;
	r->miss_type = -1;
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nlc_valid_cb, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, nlc_stop_cb, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, nlc_stop_cb, r);
	nl_cb_err(cb, NL_CB_CUSTOM, nlc_err_cb, r);
	err = nl_send_auto(c->sk, req);
	nlmsg_free(req);
	if (err < 0) {
		nl_cb_put(cb);
		r->error = -EIO;
		return r->error;
	}
	while (!r->done) {
		err = nl_recvmsgs(c->sk, cb);
		if (err < 0 && !r->done) {
			r->error = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	return r->error;
}

static inline int nlc_call(struct nlc *c, struct nl_msg *req,
			   struct nlc_reply *r)
{
	return nlc_call_each(c, req, r, NULL, NULL);
}

/* Dump: each(tb) for every reply message; returns the error. */
static inline int nlc_dump(struct nlc *c, uint8_t cmd,
			   void (*each)(struct nlattr **tb, void *arg),
			   void *arg, unsigned int *nmsgs)
{
	struct nl_msg *m = nlc_msg_flags(c, cmd, NLM_F_DUMP);
	struct nlc_reply r;
	int err;

	if (!m)
		return -ENOMEM;
	err = nlc_call_each(c, m, &r, each, arg);
	if (nmsgs)
		*nmsgs = r.nmsgs;
	nlc_reply_free(&r);
	return err;
}

/* One slot of CTX_NEW/SET/IMPORT; a field < 0 is left out. */
struct nlc_slot {
	const uint8_t *kasme;		/* 32 octets, NULL: left out */
	int eksi;
	int eia;
	int eea;
	int64_t ul_count;
	int64_t dl_count;
};

#define NLC_SLOT(k, e, i, c) \
	((struct nlc_slot){ .kasme = (k), .eksi = (e), .eia = (i), .eea = (c), \
			    .ul_count = -1, .dl_count = -1 })

static inline int nlc_put_slot(struct nl_msg *m, int type,
			       const struct nlc_slot *s)
{
	struct nlattr *nest = nla_nest_start(m, type);

	if (!nest)
		return -1;
	if ((s->kasme && nla_put(m, NASSEC_SLOT_A_KASME, NASSEC_KASME_LEN,
				 s->kasme)) ||
	    (s->eksi >= 0 && nla_put_u8(m, NASSEC_SLOT_A_EKSI, s->eksi)) ||
	    (s->eia >= 0 && nla_put_u8(m, NASSEC_SLOT_A_EIA, s->eia)) ||
	    (s->eea >= 0 && nla_put_u8(m, NASSEC_SLOT_A_EEA, s->eea)) ||
	    (s->ul_count >= 0 &&
	     nla_put_u32(m, NASSEC_SLOT_A_UL_COUNT, s->ul_count)) ||
	    (s->dl_count >= 0 &&
	     nla_put_u32(m, NASSEC_SLOT_A_DL_COUNT, s->dl_count)))
		return -1;
	nla_nest_end(m, nest);
	return 0;
}

/* CTX_NEW (or IMPORT) with either slot optional; returns -errno. */
static inline int nlc_ctx_new_cmd(struct nlc *c, uint8_t cmd, uint32_t ue,
				  const struct nlc_slot *cur,
				  const struct nlc_slot *new)
{
	struct nl_msg *m = nlc_msg(c, cmd);
	struct nlc_reply r;
	int err;

	if (!m || nla_put_u32(m, NASSEC_A_UE_ID, ue) ||
	    (cur && nlc_put_slot(m, NASSEC_A_SLOT_CUR, cur)) ||
	    (new && nlc_put_slot(m, NASSEC_A_SLOT_NEW, new)))
		return -ENOMEM;
	err = nlc_call(c, m, &r);
	nlc_reply_free(&r);
	return err;
}

static inline int nlc_ctx_new(struct nlc *c, uint32_t ue,
			      const struct nlc_slot *cur,
			      const struct nlc_slot *new)
{
	return nlc_ctx_new_cmd(c, NASSEC_CMD_CTX_NEW, ue, cur, new);
}

static inline int nlc_ue_cmd(struct nlc *c, uint8_t cmd, uint32_t ue,
			     struct nlc_reply *r)
{
	struct nl_msg *m = nlc_msg(c, cmd);

	if (!m || nla_put_u32(m, NASSEC_A_UE_ID, ue))
		return -ENOMEM;
	return nlc_call(c, m, r);
}

static inline int nlc_ctx_del(struct nlc *c, uint32_t ue)
{
	struct nlc_reply r;
	int err = nlc_ue_cmd(c, NASSEC_CMD_CTX_DEL, ue, &r);

	nlc_reply_free(&r);
	return err;
}

/* A context as CTX_GET reports it. */
struct nlc_slot_state {
	bool present;
	uint8_t eksi, eia, eea;
	uint32_t ul_count, dl_count;
	bool has_kasme;
	uint8_t kasme[NASSEC_KASME_LEN];
};

struct nlc_ctx_state {
	uint32_t ue_id;
	uint32_t flags;
	struct nlc_slot_state cur, new;
	uint64_t stats[NASSEC_STAT_A_MAX + 1];
	uint64_t idle_ms;
};

static inline void nlc_parse_slot(struct nlattr *nest, struct nlc_slot_state *s)
{
	struct nlattr *tb[NASSEC_SLOT_A_MAX + 1];

	memset(s, 0, sizeof(*s));
	if (!nest || nla_parse_nested(tb, NASSEC_SLOT_A_MAX, nest, NULL))
		return;
	s->present = true;
	if (tb[NASSEC_SLOT_A_EKSI])
		s->eksi = nla_get_u8(tb[NASSEC_SLOT_A_EKSI]);
	if (tb[NASSEC_SLOT_A_EIA])
		s->eia = nla_get_u8(tb[NASSEC_SLOT_A_EIA]);
	if (tb[NASSEC_SLOT_A_EEA])
		s->eea = nla_get_u8(tb[NASSEC_SLOT_A_EEA]);
	if (tb[NASSEC_SLOT_A_UL_COUNT])
		s->ul_count = nla_get_u32(tb[NASSEC_SLOT_A_UL_COUNT]);
	if (tb[NASSEC_SLOT_A_DL_COUNT])
		s->dl_count = nla_get_u32(tb[NASSEC_SLOT_A_DL_COUNT]);
	if (tb[NASSEC_SLOT_A_KASME] &&
	    nla_len(tb[NASSEC_SLOT_A_KASME]) == NASSEC_KASME_LEN) {
		s->has_kasme = true;
		memcpy(s->kasme, nla_data(tb[NASSEC_SLOT_A_KASME]),
		       NASSEC_KASME_LEN);
	}
}

static inline void nlc_parse_stats(struct nlattr *nest, uint64_t *stats)
{
	struct nlattr *tb[NASSEC_STAT_A_MAX + 1];
	int i;

	memset(stats, 0, sizeof(uint64_t) * (NASSEC_STAT_A_MAX + 1));
	if (!nest || nla_parse_nested(tb, NASSEC_STAT_A_MAX, nest, NULL))
		return;
	for (i = 1; i <= NASSEC_STAT_A_MAX; i++)
		if (tb[i] && i != NASSEC_STAT_A_PAD)
			stats[i] = nla_get_u64(tb[i]);
}

static inline void nlc_parse_ctx(struct nlattr **tb, struct nlc_ctx_state *s)
{
	memset(s, 0, sizeof(*s));
	if (tb[NASSEC_A_UE_ID])
		s->ue_id = nla_get_u32(tb[NASSEC_A_UE_ID]);
	if (tb[NASSEC_A_CTX_FLAGS])
		s->flags = nla_get_u32(tb[NASSEC_A_CTX_FLAGS]);
	nlc_parse_slot(tb[NASSEC_A_SLOT_CUR], &s->cur);
	nlc_parse_slot(tb[NASSEC_A_SLOT_NEW], &s->new);
	nlc_parse_stats(tb[NASSEC_A_CTX_STATS], s->stats);
	if (tb[NASSEC_A_IDLE_MS])
		s->idle_ms = nla_get_u64(tb[NASSEC_A_IDLE_MS]);
}

/* CTX_GET (or EXPORT) into *s; returns -errno. */
static inline int nlc_ctx_get_cmd(struct nlc *c, uint8_t cmd, uint32_t ue,
				  struct nlc_ctx_state *s)
{
	struct nlc_reply r;
	int err = nlc_ue_cmd(c, cmd, ue, &r);

	if (!err)
		nlc_parse_ctx(r.tb, s);
	nlc_reply_free(&r);
	return err;
}

static inline int nlc_ctx_get(struct nlc *c, uint32_t ue,
			      struct nlc_ctx_state *s)
{
	return nlc_ctx_get_cmd(c, NASSEC_CMD_CTX_GET, ue, s);
}

/* Namespace totals. */
struct nlc_ns_stats {
	uint64_t stats[NASSEC_STAT_A_MAX + 1];
	uint32_t ctx_count;
	uint32_t max_ctx;
};

static inline int nlc_stats(struct nlc *c, struct nlc_ns_stats *s)
{
	struct nl_msg *m = nlc_msg(c, NASSEC_CMD_STATS_GET);
	struct nlc_reply r;
	int err;

	memset(s, 0, sizeof(*s));
	if (!m)
		return -ENOMEM;
	err = nlc_call(c, m, &r);
	if (!err) {
		nlc_parse_stats(r.tb[NASSEC_A_NS_STATS], s->stats);
		if (r.tb[NASSEC_A_CTX_COUNT])
			s->ctx_count = nla_get_u32(r.tb[NASSEC_A_CTX_COUNT]);
		if (r.tb[NASSEC_A_MAX_CTX])
			s->max_ctx = nla_get_u32(r.tb[NASSEC_A_MAX_CTX]);
	}
	nlc_reply_free(&r);
	return err;
}

static inline int nlc_config_max(struct nlc *c, uint32_t max)
{
	struct nl_msg *m = nlc_msg(c, NASSEC_CMD_CONFIG_SET);
	struct nlc_reply r;
	int err;

	if (!m || nla_put_u32(m, NASSEC_A_MAX_CTX, max))
		return -ENOMEM;
	err = nlc_call(c, m, &r);
	nlc_reply_free(&r);
	return err;
}

/* SOCK_ATTACH or SOCK_DETACH of a socket by its fd. */
static inline int nlc_sock_fd_cmd(struct nlc *c, uint8_t cmd, int fd)
{
	struct nl_msg *m = nlc_msg(c, cmd);
	struct nlc_reply r;
	int err;

	if (!m || nla_put_s32(m, NASSEC_A_SOCK_FD, fd))
		return -ENOMEM;
	err = nlc_call(c, m, &r);
	nlc_reply_free(&r);
	return err;
}

static inline int nlc_sock_attach(struct nlc *c, int fd)
{
	return nlc_sock_fd_cmd(c, NASSEC_CMD_SOCK_ATTACH, fd);
}

static inline int nlc_sock_detach(struct nlc *c, int fd)
{
	return nlc_sock_fd_cmd(c, NASSEC_CMD_SOCK_DETACH, fd);
}

/* One PDU of a PDU_PROTECT/UNPROTECT reply. */
struct nlc_pdu {
	bool has_verdict, has_count, has_error, has_data;
	int verdict;		/* enum nassec_verdict, 0 if absent */
	uint32_t count, flags;
	int32_t error;
	uint8_t sht;
	uint32_t len;
	uint8_t data[NASSEC_PDU_MAX + NASSEC_NAS_HDR_LEN];
};

/* Fills out[0..max) from the PDU nests of a reply; returns how many. */
static inline unsigned int nlc_parse_pdus(struct nl_msg *msg,
					  struct nlc_pdu *out, unsigned int max)
{
	struct nlattr *tb[NASSEC_PDU_A_MAX + 1], *attr;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	unsigned int n = 0;
	int rem;

	nlmsg_for_each_attr(attr, nlh, GENL_HDRLEN, rem) {
		struct nlc_pdu *p;

		if (nla_type(attr) != NASSEC_A_PDU || n >= max)
			continue;
		p = &out[n++];
		memset(p, 0, offsetof(struct nlc_pdu, data));
		if (nla_parse_nested(tb, NASSEC_PDU_A_MAX, attr, NULL))
			continue;
		if (tb[NASSEC_PDU_A_VERDICT]) {
			p->has_verdict = true;
			p->verdict = (int)nla_get_u32(tb[NASSEC_PDU_A_VERDICT]);
		}
		if (tb[NASSEC_PDU_A_COUNT]) {
			p->has_count = true;
			p->count = nla_get_u32(tb[NASSEC_PDU_A_COUNT]);
		}
		if (tb[NASSEC_PDU_A_ERROR]) {
			p->has_error = true;
			p->error = (int32_t)nla_get_u32(tb[NASSEC_PDU_A_ERROR]);
		}
		if (tb[NASSEC_PDU_A_FLAGS])
			p->flags = nla_get_u32(tb[NASSEC_PDU_A_FLAGS]);
		if (tb[NASSEC_PDU_A_SEC_HDR_TYPE])
			p->sht = nla_get_u8(tb[NASSEC_PDU_A_SEC_HDR_TYPE]);
		if (tb[NASSEC_PDU_A_DATA] &&
		    nla_len(tb[NASSEC_PDU_A_DATA]) <= (int)sizeof(p->data)) {
			p->has_data = true;
			p->len = nla_len(tb[NASSEC_PDU_A_DATA]);
			memcpy(p->data, nla_data(tb[NASSEC_PDU_A_DATA]), p->len);
		}
	}
	return n;
}

/* One PDU to cmd, with a security header type unless sht < 0; *out gets the reply's PDU. */
static inline int nlc_pdu_call(struct nlc *c, uint8_t cmd, uint32_t ue, int sht,
			       const uint8_t *data, uint32_t len,
			       struct nlc_pdu *out)
{
	struct nl_msg *m = nlc_msg(c, cmd);
	struct nlattr *nest;
	struct nlc_reply r;
	int err;

	if (!m || nla_put_u32(m, NASSEC_A_UE_ID, ue))
		return -ENOMEM;
	nest = nla_nest_start(m, NASSEC_A_PDU);
	if (!nest || nla_put(m, NASSEC_PDU_A_DATA, len, data) ||
	    (sht >= 0 && nla_put_u8(m, NASSEC_PDU_A_SEC_HDR_TYPE, (uint8_t)sht)))
		return -ENOMEM;
	nla_nest_end(m, nest);
	err = nlc_call(c, m, &r);
	if (!err && (!r.msg || nlc_parse_pdus(r.msg, out, 1) != 1))
		err = -EPROTO;
	nlc_reply_free(&r);
	return err;
}

/* Protect one PDU (sht 1-3); *out gets the reply's PDU. Returns -errno. */
static inline int nlc_protect(struct nlc *c, uint32_t ue, uint8_t sht,
			      const uint8_t *plain, uint32_t len,
			      struct nlc_pdu *out)
{
	return nlc_pdu_call(c, NASSEC_CMD_PDU_PROTECT, ue, sht, plain, len, out);
}

/* Unprotect one PDU; *out gets the reply's PDU. Returns -errno. */
static inline int nlc_unprotect(struct nlc *c, uint32_t ue,
				const uint8_t *pdu, uint32_t len,
				struct nlc_pdu *out)
{
	return nlc_pdu_call(c, NASSEC_CMD_PDU_UNPROTECT, ue, -1, pdu, len, out);
}

/* Listening socket on the "events" group. */
static inline struct nl_sock *nlc_events_open(const struct nlc *c)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return NULL;
	nl_socket_disable_seq_check(sk);
	if (genl_connect(sk) || nl_socket_add_membership(sk, c->events_group)) {
		nl_socket_free(sk);
		return NULL;
	}
	nl_socket_set_nonblocking(sk);
	return sk;
}

struct nlc_event {
	uint32_t event, ue_id, count;
	int verdict;
	bool has_count;
};

static inline int nlc_event_cb(struct nl_msg *msg, void *arg)
{
	struct nlc_event *ev = arg;
	struct nlattr *tb[NASSEC_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NASSEC_A_MAX, NULL) ||
	    !tb[NASSEC_A_EVENT])
		return NL_OK;
	ev->event = nla_get_u32(tb[NASSEC_A_EVENT]);
	ev->ue_id = tb[NASSEC_A_UE_ID] ? nla_get_u32(tb[NASSEC_A_UE_ID]) : 0;
	ev->has_count = tb[NASSEC_A_COUNT];
	ev->count = ev->has_count ? nla_get_u32(tb[NASSEC_A_COUNT]) : 0;
	ev->verdict = tb[NASSEC_A_VERDICT] ?
		(int)nla_get_u32(tb[NASSEC_A_VERDICT]) : 0;
	return NL_STOP;
}

static inline int nlc_no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* The next queued event; false when none is queued. */
static inline bool nlc_event_next(struct nl_sock *sk, struct nlc_event *ev)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_CUSTOM);
	int err;

	memset(ev, 0, sizeof(*ev));
	/* Multicast messages carry no sequence number to check. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, nlc_no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nlc_event_cb, ev);
	err = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	return err >= 0 && ev->event;
}

/* Waits for an event of the given type for ue (skipping others). */
static inline bool nlc_event_find(struct nl_sock *sk, uint32_t type,
				  uint32_t ue, struct nlc_event *ev)
{
	while (nlc_event_next(sk, ev))
		if (ev->event == type && ev->ue_id == ue)
			return true;
	return false;
}

#endif /* NASSEC_CLIENT_H */
