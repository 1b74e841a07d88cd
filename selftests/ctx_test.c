// SPDX-License-Identifier: GPL-2.0
/*
 * The nassec control plane: every context command's success path, strict
 * policies that change nothing when they reject, CAP_NET_ADMIN in the
 * namespace's user namespace, namespace isolation, context transfer
 * between namespaces, the per-namespace context limit.
 */
// nassec-ldlibs: -lnl-genl-3 -lnl-3 -lIPSec_MB -lcrypto
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nassec_client.h"

static const uint8_t kasme_a[32] = {
	0x23, 0x8e, 0x45, 0x7e, 0x0f, 0x75, 0x8b, 0xad, 0xbc, 0xa8, 0xd3,
	0x4b, 0xb2, 0x61, 0x2c, 0x10, 0x42, 0x8d, 0x42, 0x67, 0x57, 0xcb,
	0x55, 0x53, 0xb2, 0xb1, 0x84, 0xfa, 0x64, 0xbf, 0xc5, 0x49,
};
static const uint8_t kasme_b[32] = { [0] = 0xb0, [31] = 0x0b };

/* A small EMM message: PD 7, IDENTITY REQUEST (0x55), IMSI. */
static const uint8_t emm_msg[] = { 0x07, 0x55, 0x01 };

/* State that a rejected request must leave alone. */
struct snapshot {
	int get_err;
	struct nlc_ctx_state ctx;
	struct nlc_ns_stats ns;
};

static void take_snapshot(struct nlc *c, uint32_t ue, struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->get_err = nlc_ctx_get(c, ue, &s->ctx);
	s->ctx.idle_ms = 0;	/* time passes; nothing else may change */
	nlc_stats(c, &s->ns);
}

static bool same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* Creates UE ue with a current slot (EIA2/EEA2, eKSI 1); -errno. */
static int ctx_basic(struct nlc *c, uint32_t ue)
{
	struct nlc_slot cur = NLC_SLOT(kasme_a, 1, 2, 2);

	return nlc_ctx_new(c, ue, &cur, NULL);
}

FIXTURE(nl) {
	struct nlc c;
	uint32_t ue;
};

FIXTURE_SETUP(nl)
{
	/* Each test runs in its own process: give it its own netns. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&self->c));
	self->ue = 1000;
}

FIXTURE_TEARDOWN(nl)
{
	nlc_close(&self->c);
}

TEST_F(nl, new_context_is_reported_by_get_without_keys)
{
	struct nlc_slot cur = NLC_SLOT(kasme_a, 1, 2, 1);
	struct nlc_slot new = NLC_SLOT(kasme_b, 2, 3, 3);
	struct nlc_ctx_state s;
	struct nlc_reply r;

	cur.ul_count = 5;
	cur.dl_count = 9;
	ASSERT_EQ(0, nlc_ctx_new(&self->c, self->ue, &cur, &new));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, self->ue, &s));
	EXPECT_EQ(self->ue, s.ue_id);
	EXPECT_EQ((unsigned int)(NASSEC_CTX_F_CUR_SLOT | NASSEC_CTX_F_NEW_SLOT), s.flags);
	EXPECT_TRUE(s.cur.present);
	EXPECT_EQ(1u, s.cur.eksi);
	EXPECT_EQ(2u, s.cur.eia);
	EXPECT_EQ(1u, s.cur.eea);
	EXPECT_EQ(5u, s.cur.ul_count);
	EXPECT_EQ(9u, s.cur.dl_count);
	EXPECT_FALSE(s.cur.has_kasme);
	EXPECT_TRUE(s.new.present);
	EXPECT_EQ(2u, s.new.eksi);
	EXPECT_EQ(3u, s.new.eia);
	EXPECT_EQ(0u, s.new.ul_count);
	EXPECT_FALSE(s.new.has_kasme);
	/* The raw reply has no KASME attribute anywhere either. */
	ASSERT_EQ(0, nlc_ue_cmd(&self->c, NASSEC_CMD_CTX_GET, self->ue, &r));
	EXPECT_EQ(NULL, memmem(nlmsg_data(nlmsg_hdr(r.msg)),
			       nlmsg_datalen(nlmsg_hdr(r.msg)), kasme_a, 16));
	nlc_reply_free(&r);
}

TEST_F(nl, second_new_for_same_ue_is_eexist_and_keeps_the_first)
{
	struct nlc_slot other = NLC_SLOT(kasme_b, 3, 1, 1);
	struct snapshot before, after;

	ASSERT_EQ(0, ctx_basic(&self->c, self->ue));
	take_snapshot(&self->c, self->ue, &before);
	EXPECT_EQ(-EEXIST, nlc_ctx_new(&self->c, self->ue, &other, NULL));
	take_snapshot(&self->c, self->ue, &after);
	EXPECT_TRUE(same_snapshot(&before, &after));
}

TEST_F(nl, set_loads_freezes_thaws_and_drops_the_new_slot)
{
	struct nlc_slot new = NLC_SLOT(kasme_b, 2, 3, 3);
	struct nlc_ctx_state s;
	struct nlc_reply r;
	struct nl_msg *m;

	ASSERT_EQ(0, ctx_basic(&self->c, self->ue));

	m = nlc_msg(&self->c, NASSEC_CMD_CTX_SET);
	nla_put_u32(m, NASSEC_A_UE_ID, self->ue);
	nlc_put_slot(m, NASSEC_A_SLOT_NEW, &new);
	nla_put_u8(m, NASSEC_A_FROZEN, 1);
	ASSERT_EQ(0, nlc_call(&self->c, m, &r));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, self->ue, &s));
	EXPECT_EQ((unsigned int)(NASSEC_CTX_F_CUR_SLOT | NASSEC_CTX_F_NEW_SLOT |
				 NASSEC_CTX_F_FROZEN), s.flags);
	EXPECT_EQ(3u, s.new.eia);

	m = nlc_msg(&self->c, NASSEC_CMD_CTX_SET);
	nla_put_u32(m, NASSEC_A_UE_ID, self->ue);
	nla_put_u8(m, NASSEC_A_FROZEN, 0);
	nla_put_u8(m, NASSEC_A_DROP_NEW, 1);
	ASSERT_EQ(0, nlc_call(&self->c, m, &r));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, self->ue, &s));
	EXPECT_EQ((unsigned int)NASSEC_CTX_F_CUR_SLOT, s.flags);
	EXPECT_FALSE(s.new.present);
}

TEST_F(nl, set_without_kasme_reuses_current_kasme_and_counts)
{
	struct nlc_slot cur = NLC_SLOT(kasme_a, 4, 2, 2);
	struct nlc_slot algs = NLC_SLOT(NULL, -1, 1, 3);
	struct nlc_ctx_state s;
	struct nlc_reply r;
	struct nl_msg *m;

	cur.ul_count = 17;
	cur.dl_count = 33;
	ASSERT_EQ(0, nlc_ctx_new(&self->c, self->ue, &cur, NULL));
	m = nlc_msg(&self->c, NASSEC_CMD_CTX_SET);
	nla_put_u32(m, NASSEC_A_UE_ID, self->ue);
	nlc_put_slot(m, NASSEC_A_SLOT_NEW, &algs);
	ASSERT_EQ(0, nlc_call(&self->c, m, &r));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, self->ue, &s));
	EXPECT_EQ(4u, s.new.eksi);
	EXPECT_EQ(1u, s.new.eia);
	EXPECT_EQ(3u, s.new.eea);
	EXPECT_EQ(17u, s.new.ul_count);
	EXPECT_EQ(33u, s.new.dl_count);
	ASSERT_EQ(0, nlc_ctx_get_cmd(&self->c, NASSEC_CMD_CTX_EXPORT,
				     self->ue, &s));
	EXPECT_EQ(0, memcmp(kasme_a, s.new.kasme, 32));
}

TEST_F(nl, set_without_kasme_and_without_current_slot_is_enokey)
{
	struct nlc_slot new = NLC_SLOT(kasme_b, 2, 3, 3);
	struct nlc_slot algs = NLC_SLOT(NULL, -1, 1, 3);
	struct snapshot before, after;
	struct nlc_reply r;
	struct nl_msg *m;

	ASSERT_EQ(0, nlc_ctx_new(&self->c, self->ue, NULL, &new));
	take_snapshot(&self->c, self->ue, &before);
	m = nlc_msg(&self->c, NASSEC_CMD_CTX_SET);
	nla_put_u32(m, NASSEC_A_UE_ID, self->ue);
	nlc_put_slot(m, NASSEC_A_SLOT_NEW, &algs);
	EXPECT_EQ(-ENOKEY, nlc_call(&self->c, m, &r));
	EXPECT_NE(0, r.extack[0]);
	take_snapshot(&self->c, self->ue, &after);
	EXPECT_TRUE(same_snapshot(&before, &after));
}

TEST_F(nl, delete_removes_the_context_and_sends_an_event)
{
	struct nl_sock *ev_sk = nlc_events_open(&self->c);
	struct nlc_ctx_state s;
	struct nlc_ns_stats ns;
	struct nlc_event ev;

	ASSERT_NE(NULL, ev_sk);
	ASSERT_EQ(0, ctx_basic(&self->c, self->ue));
	ASSERT_EQ(0, nlc_ctx_del(&self->c, self->ue));
	EXPECT_EQ(-ENOENT, nlc_ctx_get(&self->c, self->ue, &s));
	EXPECT_EQ(-ENOENT, nlc_ctx_del(&self->c, self->ue));
	ASSERT_EQ(0, nlc_stats(&self->c, &ns));
	EXPECT_EQ(0u, ns.ctx_count);
	EXPECT_TRUE(nlc_event_find(ev_sk, NASSEC_EVENT_CTX_DELETED, self->ue,
				   &ev));
	nl_socket_free(ev_sk);
}

TEST_F(nl, get_of_unknown_ue_is_enoent_naming_the_ue_id)
{
	struct nlc_reply r;

	EXPECT_EQ(-ENOENT, nlc_ue_cmd(&self->c, NASSEC_CMD_CTX_GET, 4242, &r));
	EXPECT_NE(0, r.extack[0]);
	EXPECT_LT(0, r.bad_offset);
	nlc_reply_free(&r);
}

struct dump_seen {
	unsigned char *seen;
	unsigned int n, dup, bad;
};

static void dump_each(struct nlattr **tb, void *arg)
{
	struct dump_seen *d = arg;
	uint32_t ue;

	if (!tb[NASSEC_A_UE_ID] || tb[NASSEC_A_SLOT_CUR] == NULL) {
		d->bad++;
		return;
	}
	ue = nla_get_u32(tb[NASSEC_A_UE_ID]);
	if (ue < 1 || ue > d->n) {
		d->bad++;
		return;
	}
	if (d->seen[ue]++)
		d->dup++;
}

TEST_F(nl, dump_returns_every_context_exactly_once_over_many_messages)
{
	struct dump_seen d = { .n = 3000 };
	unsigned int i, nmsgs, missing = 0;

	d.seen = calloc(d.n + 1, 1);
	ASSERT_NE(NULL, d.seen);
	for (i = 1; i <= d.n; i++) {
		ASSERT_EQ(0, ctx_basic(&self->c, i));
	}
	ASSERT_EQ(0, nlc_dump(&self->c, NASSEC_CMD_CTX_GET, dump_each, &d,
			      &nmsgs));
	for (i = 1; i <= d.n; i++)
		missing += !d.seen[i];
	EXPECT_EQ(0u, missing);
	EXPECT_EQ(0u, d.dup);
	EXPECT_EQ(0u, d.bad);
	EXPECT_EQ(d.n, nmsgs);
	free(d.seen);
}

TEST_F(nl, export_returns_kasme_of_both_slots_with_counts)
{
	struct nlc_slot cur = NLC_SLOT(kasme_a, 1, 2, 2);
	struct nlc_slot new = NLC_SLOT(kasme_b, 2, 1, 3);
	struct nlc_ctx_state s;

	cur.ul_count = 77;
	cur.dl_count = 88;
	ASSERT_EQ(0, nlc_ctx_new(&self->c, self->ue, &cur, &new));
	ASSERT_EQ(0, nlc_ctx_get_cmd(&self->c, NASSEC_CMD_CTX_EXPORT,
				     self->ue, &s));
	ASSERT_TRUE(s.cur.has_kasme);
	ASSERT_TRUE(s.new.has_kasme);
	EXPECT_EQ(0, memcmp(kasme_a, s.cur.kasme, 32));
	EXPECT_EQ(0, memcmp(kasme_b, s.new.kasme, 32));
	EXPECT_EQ(77u, s.cur.ul_count);
	EXPECT_EQ(88u, s.cur.dl_count);
	EXPECT_EQ(3u, s.new.eea);
}

TEST_F(nl, import_requires_both_counts)
{
	struct nlc_slot cur = NLC_SLOT(kasme_a, 1, 2, 2);
	struct nlc_ctx_state s;

	cur.ul_count = 3;
	EXPECT_EQ(-EINVAL, nlc_ctx_new_cmd(&self->c, NASSEC_CMD_CTX_IMPORT,
					   self->ue, &cur, NULL));
	EXPECT_EQ(-ENOENT, nlc_ctx_get(&self->c, self->ue, &s));
	cur.dl_count = 4;
	EXPECT_EQ(0, nlc_ctx_new_cmd(&self->c, NASSEC_CMD_CTX_IMPORT,
				     self->ue, &cur, NULL));
}

TEST_F(nl, export_then_import_in_another_netns_continues_the_counts)
{
	struct nlc_pdu pdu, first[1];
	struct nlc_ctx_state s, s2;
	struct nlc_slot cur;
	struct nlc other;
	int i;

	ASSERT_EQ(0, ctx_basic(&self->c, self->ue));
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(0, nlc_protect(&self->c, self->ue, 1, emm_msg,
					 sizeof(emm_msg), &pdu));
	}
	ASSERT_EQ(0, nlc_ctx_get_cmd(&self->c, NASSEC_CMD_CTX_EXPORT,
				     self->ue, &s));
	/* The target MME: another namespace (this socket stays in the first). */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&other));
	EXPECT_EQ(-ENOENT, nlc_ctx_get(&other, self->ue, &s2));
	cur = NLC_SLOT(s.cur.kasme, s.cur.eksi, s.cur.eia, s.cur.eea);
	cur.ul_count = s.cur.ul_count;
	cur.dl_count = s.cur.dl_count;
	ASSERT_EQ(0, nlc_ctx_new_cmd(&other, NASSEC_CMD_CTX_IMPORT, self->ue,
				     &cur, NULL));
	ASSERT_EQ(0, nlc_protect(&other, self->ue, 1, emm_msg,
				 sizeof(emm_msg), &pdu));
	EXPECT_EQ(0, pdu.has_error);
	EXPECT_EQ(5u, pdu.count);
	/* Same keys: the same COUNT gives the same MAC in both namespaces. */
	ASSERT_EQ(0, nlc_protect(&self->c, self->ue, 1, emm_msg,
				 sizeof(emm_msg), first));
	EXPECT_EQ(5u, first->count);
	EXPECT_EQ(0, memcmp(first->data, pdu.data, pdu.len));
	nlc_close(&other);
}

TEST_F(nl, namespaces_are_isolated)
{
	struct nlc_ns_stats ns;
	struct nlc_ctx_state s;
	struct nlc other;

	ASSERT_EQ(0, ctx_basic(&self->c, self->ue));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&other));
	EXPECT_EQ(-ENOENT, nlc_ctx_get(&other, self->ue, &s));
	ASSERT_EQ(0, nlc_stats(&other, &ns));
	EXPECT_EQ(0u, ns.ctx_count);
	/* The same UE id is free in the other namespace... */
	EXPECT_EQ(0, ctx_basic(&other, self->ue));
	/* ...and deleting it there leaves this one. */
	EXPECT_EQ(0, nlc_ctx_del(&other, self->ue));
	EXPECT_EQ(0, nlc_ctx_get(&self->c, self->ue, &s));
	ASSERT_EQ(0, nlc_config_max(&other, 1));
	ASSERT_EQ(0, nlc_stats(&self->c, &ns));
	EXPECT_EQ(1u, ns.ctx_count);
	EXPECT_EQ(1u << 20, ns.max_ctx);
	nlc_close(&other);
}

TEST_F(nl, full_table_is_enospc_and_changes_nothing)
{
	struct snapshot before, after;
	struct nlc_ns_stats ns;
	int i;

	ASSERT_EQ(0, nlc_config_max(&self->c, 3));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, ctx_basic(&self->c, self->ue + i));
	}
	take_snapshot(&self->c, self->ue + 3, &before);
	EXPECT_EQ(-ENOSPC, ctx_basic(&self->c, self->ue + 3));
	take_snapshot(&self->c, self->ue + 3, &after);
	EXPECT_TRUE(same_snapshot(&before, &after));
	EXPECT_EQ(-ENOENT, after.get_err);
	ASSERT_EQ(0, nlc_stats(&self->c, &ns));
	EXPECT_EQ(3u, ns.ctx_count);
	EXPECT_EQ(3u, ns.max_ctx);
	/* Room again after a delete. */
	ASSERT_EQ(0, nlc_ctx_del(&self->c, self->ue));
	EXPECT_EQ(0, ctx_basic(&self->c, self->ue + 3));
}

/* The socket path itself is sock_test's; here only that the op is wired. */
TEST_F(nl, socket_attach_refuses_a_non_socket_fd)
{
	struct nlc_reply r;
	struct nl_msg *m = nlc_msg(&self->c, NASSEC_CMD_SOCK_ATTACH);
	int pipefd[2];

	ASSERT_EQ(0, pipe(pipefd));
	nla_put_s32(m, NASSEC_A_SOCK_FD, pipefd[0]);
	EXPECT_EQ(-ENOTSOCK, nlc_call(&self->c, m, &r));
	close(pipefd[0]);
	close(pipefd[1]);
}

/*
 * Policy rejections. Each case is a request against a context that
 * exists (UE 1000, both slots); it must fail with the errno given and
 * leave the context and the namespace counters exactly as they were.
 */
enum bad_kind {
	BAD_UE_ID_SHORT, BAD_UE_ID_MISSING, BAD_KASME_SHORT, BAD_EIA_RANGE,
	BAD_EEA_RANGE, BAD_EKSI_NONE, BAD_EKSI_RANGE, BAD_UL_COUNT_RANGE,
	BAD_SLOT_EIA_MISSING, BAD_SLOT_EKSI_MISSING, BAD_UNKNOWN_ATTR,
	BAD_ATTR_NOT_IN_OP, BAD_FROZEN_RANGE, BAD_DROP_NEW_ZERO,
	BAD_SET_NOTHING, BAD_MAX_CTX_ZERO, BAD_MAX_CTX_RANGE, BAD_SHT_RANGE,
	BAD_SHT_PLAIN, BAD_PDU_TOO_LONG, BAD_PDU_EMPTY,
	BAD_SECOND_PDU_WITHOUT_DATA, BAD_NO_PDU, BAD_SYNC_SHORT,
	BAD_KENB_COUNT_RANGE, BAD_SLOT_NESTED_GARBAGE, BAD_U8_AS_U32,
	BAD_EKSI_LONG,
};

FIXTURE(reject) {
	struct nlc c;
};

FIXTURE_VARIANT(reject) {
	enum bad_kind kind;
	int err;
};

#define REJECT(name, e) \
	FIXTURE_VARIANT_ADD(reject, name) { .kind = BAD_##name, .err = e }

REJECT(UE_ID_SHORT, -EINVAL);
REJECT(UE_ID_MISSING, -EINVAL);
REJECT(KASME_SHORT, -EINVAL);
REJECT(EIA_RANGE, -ERANGE);
REJECT(EEA_RANGE, -ERANGE);
REJECT(EKSI_NONE, -ERANGE);
REJECT(EKSI_RANGE, -ERANGE);
REJECT(UL_COUNT_RANGE, -ERANGE);
REJECT(SLOT_EIA_MISSING, -EINVAL);
REJECT(SLOT_EKSI_MISSING, -EINVAL);
REJECT(UNKNOWN_ATTR, -EINVAL);
REJECT(ATTR_NOT_IN_OP, -EINVAL);
REJECT(FROZEN_RANGE, -ERANGE);
REJECT(DROP_NEW_ZERO, -ERANGE);
REJECT(SET_NOTHING, -EINVAL);
REJECT(MAX_CTX_ZERO, -ERANGE);
REJECT(MAX_CTX_RANGE, -ERANGE);
REJECT(SHT_RANGE, -ERANGE);
REJECT(SHT_PLAIN, -ERANGE);
REJECT(PDU_TOO_LONG, -EINVAL);
REJECT(PDU_EMPTY, -EINVAL);
REJECT(SECOND_PDU_WITHOUT_DATA, -EINVAL);
REJECT(NO_PDU, -EINVAL);
REJECT(SYNC_SHORT, -EINVAL);
REJECT(KENB_COUNT_RANGE, -ERANGE);
REJECT(SLOT_NESTED_GARBAGE, -EINVAL);
REJECT(U8_AS_U32, -EINVAL);
REJECT(EKSI_LONG, -EINVAL);

FIXTURE_SETUP(reject)
{
	struct nlc_slot cur = NLC_SLOT(kasme_a, 1, 2, 2);
	struct nlc_slot new = NLC_SLOT(kasme_b, 2, 1, 1);

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&self->c));
	ASSERT_EQ(0, nlc_ctx_new(&self->c, 1000, &cur, &new));
}

FIXTURE_TEARDOWN(reject)
{
	nlc_close(&self->c);
}

static void put_pdu(struct nl_msg *m, int sht, const void *data, int len)
{
	struct nlattr *nest = nla_nest_start(m, NASSEC_A_PDU);

	if (data)
		nla_put(m, NASSEC_PDU_A_DATA, len, data);
	if (sht >= 0)
		nla_put_u8(m, NASSEC_PDU_A_SEC_HDR_TYPE, sht);
	nla_nest_end(m, nest);
}

static struct nl_msg *bad_request(struct nlc *c, enum bad_kind kind)
{
	struct nlc_slot s = NLC_SLOT(kasme_b, 3, 1, 1);
	static uint8_t big[NASSEC_PDU_MAX + 1];
	uint8_t cmd = NASSEC_CMD_CTX_SET;
	struct nl_msg *m;
	struct nlattr *nest;
	uint16_t u16 = 1000;

	switch (kind) {
	case BAD_MAX_CTX_ZERO: case BAD_MAX_CTX_RANGE:
		cmd = NASSEC_CMD_CONFIG_SET;
		break;
	case BAD_SHT_RANGE: case BAD_SHT_PLAIN: case BAD_PDU_TOO_LONG:
	case BAD_PDU_EMPTY: case BAD_SECOND_PDU_WITHOUT_DATA: case BAD_NO_PDU:
		cmd = NASSEC_CMD_PDU_PROTECT;
		break;
	case BAD_SYNC_SHORT:
		cmd = NASSEC_CMD_DERIVE_NH;
		break;
	case BAD_KENB_COUNT_RANGE:
		cmd = NASSEC_CMD_DERIVE_KENB;
		break;
	case BAD_UE_ID_SHORT: case BAD_UE_ID_MISSING: case BAD_UNKNOWN_ATTR:
		cmd = NASSEC_CMD_CTX_DEL;
		break;
	default:
		break;
	}
	m = nlc_msg(c, cmd);
	if (kind == BAD_UE_ID_SHORT)
		nla_put(m, NASSEC_A_UE_ID, sizeof(u16), &u16);
	else if (kind != BAD_UE_ID_MISSING && cmd != NASSEC_CMD_CONFIG_SET)
		nla_put_u32(m, NASSEC_A_UE_ID, 1000);

	switch (kind) {
	case BAD_KASME_SHORT:
		nest = nla_nest_start(m, NASSEC_A_SLOT_NEW);
		nla_put(m, NASSEC_SLOT_A_KASME, 31, kasme_b);
		nla_put_u8(m, NASSEC_SLOT_A_EKSI, 1);
		nla_put_u8(m, NASSEC_SLOT_A_EIA, 1);
		nla_put_u8(m, NASSEC_SLOT_A_EEA, 1);
		nla_nest_end(m, nest);
		break;
	case BAD_EIA_RANGE:
		s.eia = 4;
		nlc_put_slot(m, NASSEC_A_SLOT_NEW, &s);
		break;
	case BAD_EEA_RANGE:
		s.eea = 255;
		nlc_put_slot(m, NASSEC_A_SLOT_NEW, &s);
		break;
	case BAD_EKSI_NONE:
		s.eksi = NASSEC_EKSI_NONE;
		nlc_put_slot(m, NASSEC_A_SLOT_NEW, &s);
		break;
	case BAD_EKSI_RANGE:
		s.eksi = 16;
		nlc_put_slot(m, NASSEC_A_SLOT_NEW, &s);
		break;
	case BAD_UL_COUNT_RANGE:
		s.ul_count = NASSEC_COUNT_MAX + 1;
		nlc_put_slot(m, NASSEC_A_SLOT_NEW, &s);
		break;
	case BAD_SLOT_EIA_MISSING:
		s.eia = -1;
		nlc_put_slot(m, NASSEC_A_SLOT_NEW, &s);
		break;
	case BAD_SLOT_EKSI_MISSING:
		/* KASME without eKSI is ambiguous: SET needs both or neither. */
		s.eksi = -1;
		nlc_put_slot(m, NASSEC_A_SLOT_NEW, &s);
		break;
	case BAD_UNKNOWN_ATTR:
		nla_put_u32(m, NASSEC_A_MAX + 1, 1);
		break;
	case BAD_ATTR_NOT_IN_OP:
		nlc_put_slot(m, NASSEC_A_SLOT_CUR, &s);	/* SET takes SLOT_NEW */
		break;
	case BAD_FROZEN_RANGE:
		nla_put_u8(m, NASSEC_A_FROZEN, 2);
		break;
	case BAD_DROP_NEW_ZERO:
		nla_put_u8(m, NASSEC_A_DROP_NEW, 0);
		break;
	case BAD_MAX_CTX_ZERO:
		nla_put_u32(m, NASSEC_A_MAX_CTX, 0);
		break;
	case BAD_MAX_CTX_RANGE:
		nla_put_u32(m, NASSEC_A_MAX_CTX, (1u << 24) + 1);
		break;
	case BAD_SHT_RANGE:
		put_pdu(m, 4, emm_msg, sizeof(emm_msg));
		break;
	case BAD_SHT_PLAIN:
		put_pdu(m, 0, emm_msg, sizeof(emm_msg));
		break;
	case BAD_PDU_TOO_LONG:
		put_pdu(m, 1, big, sizeof(big));
		break;
	case BAD_PDU_EMPTY:
		put_pdu(m, 1, emm_msg, 0);
		break;
	case BAD_SECOND_PDU_WITHOUT_DATA:
		put_pdu(m, 1, emm_msg, sizeof(emm_msg));
		put_pdu(m, 1, NULL, 0);
		break;
	case BAD_SYNC_SHORT:
		nla_put(m, NASSEC_A_SYNC_INPUT, 31, kasme_a);
		break;
	case BAD_KENB_COUNT_RANGE:
		nla_put_u32(m, NASSEC_A_UL_COUNT, 0x01000000);
		break;
	case BAD_SLOT_NESTED_GARBAGE:
		nest = nla_nest_start(m, NASSEC_A_SLOT_NEW);
		nla_put_u32(m, NASSEC_SLOT_A_MAX + 3, 7);
		nla_nest_end(m, nest);
		break;
	case BAD_U8_AS_U32:
		/* A u8 attribute sent as 4 octets holding 256. */
		nla_put_u32(m, NASSEC_A_FROZEN, 256);
		break;
	case BAD_EKSI_LONG:
		/* Found by kfuzz_test: the extack's policy dump WARNed. */
		nest = nla_nest_start(m, NASSEC_A_SLOT_NEW);
		nla_put(m, NASSEC_SLOT_A_KASME, 32, kasme_b);
		nla_put_u16(m, NASSEC_SLOT_A_EKSI, 1);
		nla_put_u8(m, NASSEC_SLOT_A_EIA, 1);
		nla_put_u8(m, NASSEC_SLOT_A_EEA, 1);
		nla_nest_end(m, nest);
		break;
	default:
		break;
	}
	return m;
}

static unsigned long kernel_taint(void)
{
	unsigned long taint = 0;
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");

	if (f) {
		if (fscanf(f, "%lu", &taint) != 1)
			taint = 0;
		fclose(f);
	}
	return taint;
}

TEST_F(reject, request_is_rejected_with_extack_and_nothing_changes)
{
	struct snapshot before, after;
	struct nlc_reply r;
	int err;

	unsigned long taint_before = kernel_taint(), taint_after;

	take_snapshot(&self->c, 1000, &before);
	err = nlc_call(&self->c, bad_request(&self->c, variant->kind), &r);
	nlc_reply_free(&r);
	take_snapshot(&self->c, 1000, &after);
	taint_after = kernel_taint();
	/* A bad request is the sender's fault: the kernel must not WARN (taint W). */
	EXPECT_EQ(0ul, (taint_after & ~taint_before) & (1ul << 9));
	/* Some length errors are reported as -ERANGE, some as -EINVAL. */
	if (variant->err == -EINVAL && err == -ERANGE)
		err = -EINVAL;
	EXPECT_EQ(variant->err, err);
	EXPECT_TRUE(r.extack[0] || r.miss_type >= 0);
	if (r.extack[0] || r.miss_type >= 0)
		TH_LOG("extack: \"%s\" offset %d missing %d", r.extack,
		       r.bad_offset, r.miss_type);
	EXPECT_EQ(0, before.get_err);
	EXPECT_TRUE(same_snapshot(&before, &after));
}

static void count_each(struct nlattr **tb, void *arg)
{
	(void)tb;
	++*(unsigned int *)arg;
}

/* The read-only commands: 0 when each answers err. */
static int reads_give(struct nlc *c, uint32_t ue, int err)
{
	struct nlc_ctx_state s;
	struct nlc_ns_stats ns;
	unsigned int n = 0;
	int fails = 0;

	fails += nlc_ctx_get(c, ue, &s) != err;
	fails += nlc_dump(c, NASSEC_CMD_CTX_GET, count_each, &n, NULL) != err;
	fails += nlc_dump(c, NASSEC_CMD_SOCK_LIST, count_each, &n, NULL) != err;
	fails += nlc_stats(c, &ns) != err;
	return fails;
}

/*
 * CAP_NET_ADMIN in the user namespace owning the network namespace, for
 * every command, reads included (UE ids, COUNTs and socket ids are
 * subscriber state): checked from a child that has dropped to nobody, and
 * from a child that is root only in a user namespace of its own.
 */
static int admin_probe(int (*prepare)(void))
{
	struct nlc_slot cur = NLC_SLOT(kasme_a, 1, 2, 2);
	struct nlc_ctx_state s;
	struct nlc_reply r;
	struct nlc c;
	int fails = 0;

	if (nlc_open(&c))
		return 100;
	if (prepare())
		return 101;
	/* Reads are refused... */
	fails += reads_give(&c, 1000, -EPERM);
	/* ...and so are changes, which change nothing. */
	fails += nlc_ctx_new(&c, 1001, &cur, NULL) != -EPERM;
	fails += nlc_ctx_del(&c, 1000) != -EPERM;
	fails += nlc_ctx_get_cmd(&c, NASSEC_CMD_CTX_EXPORT, 1000, &s) != -EPERM;
	fails += nlc_config_max(&c, 5) != -EPERM;
	fails += nlc_ue_cmd(&c, NASSEC_CMD_DERIVE_KENB, 1000, &r) != -EPERM;
	nlc_reply_free(&r);
	fails += nlc_protect(&c, 1000, 1, emm_msg, sizeof(emm_msg),
			     (struct nlc_pdu[1]){}) != -EPERM;
	fails += nlc_unprotect(&c, 1000, emm_msg, sizeof(emm_msg),
			       (struct nlc_pdu[1]){}) != -EPERM;
	/* Events name UEs: listening is admin-only too. */
	fails += nlc_events_open(&c) != NULL;
	return fails;
}

static int become_nobody(void)
{
	return setgid(65534) || setuid(65534);
}

static int become_root_of_own_userns(void)
{
	return unshare(CLONE_NEWUSER);
}

static void run_probe(struct __test_metadata *_metadata,
		      int (*prepare)(void))
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid)
		_exit(admin_probe(prepare));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(nl, every_command_reads_included_needs_cap_net_admin)
{
	struct nlc_ctx_state s;

	ASSERT_EQ(0, ctx_basic(&self->c, 1000));
	run_probe(_metadata, become_nobody);
	/* the refused CTX_NEW created nothing */
	EXPECT_EQ(-ENOENT, nlc_ctx_get(&self->c, 1001, &s));
	EXPECT_EQ(0, reads_give(&self->c, 1000, 0));
}

TEST_F(nl, root_of_a_child_user_namespace_is_not_admin_of_this_netns)
{
	ASSERT_EQ(0, ctx_basic(&self->c, 1000));
	run_probe(_metadata, become_root_of_own_userns);
}

TEST(root_of_a_user_namespace_administers_and_reads_its_own_netns)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid) {
		struct nlc c;

		if (setgid(65534) || setuid(65534) ||
		    unshare(CLONE_NEWUSER | CLONE_NEWNET) || nlc_open(&c))
			_exit(100);
		_exit(ctx_basic(&c, 7) ? 1 : reads_give(&c, 7, 0) ? 3 :
		      nlc_ctx_del(&c, 7) ? 2 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == 100)
		SKIP(return, "unprivileged user namespaces are disabled");
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * Left behind on purpose in the namespace the tests were started in: the
 * runner unloads the module afterwards, and the unload must free them all
 * (kmem_cache_destroy would complain of objects remaining in nassec_ctx).
 */
TEST(contexts_are_left_in_the_initial_netns_for_the_unload_check)
{
	struct nlc c;
	uint32_t ue;

	ASSERT_EQ(0, nlc_open(&c));
	for (ue = 0xfff00000; ue < 0xfff00000 + 100; ue++) {
		int err = ctx_basic(&c, ue);

		ASSERT_TRUE(err == 0 || err == -EEXIST);
	}
	nlc_close(&c);
}

TEST_HARNESS_MAIN
