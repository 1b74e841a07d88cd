// SPDX-License-Identifier: GPL-2.0
/*
 * NAS protect/unprotect through the module, checked against a UE side
 * built from independent code: K_NASint/K_NASenc derived here from KASME
 * with OpenSSL HMAC-SHA-256 (TS 33.401 A.7), SNOW 3G and ZUC from Intel
 * ipsec-mb, AES from OpenSSL. Then the semantics of TS 24.301 4.4 the
 * module holds: replay, reordering, MAC failure, security mode promotion,
 * SERVICE REQUEST, freeze, COUNT exhaustion; and a throughput figure.
 */
// nassec-ldlibs: ../tools/lib/ue/ue_nas.c -lnl-genl-3 -lnl-3 -lIPSec_MB -lcrypto
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The harness compares its operands as given: enum literals with u32 fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "kselftest_harness.h"
#include "nassec_client.h"
#include "ue_nas.h"

#define DL UE_NAS_DIR_DL
#define UL UE_NAS_DIR_UL

/* The UE's copy of one EPS security context. */
struct ue {
	uint8_t kasme[32];
	struct ue_nas nas;
	uint8_t eksi;
};

static void ue_init(struct ue *u, uint8_t seed, uint8_t eia, uint8_t eea)
{
	int i;

	for (i = 0; i < 32; i++)
		u->kasme[i] = (uint8_t)(seed * 37 + i * 11 + 1);
	u->eksi = seed % 7;
	ue_nas_init(&u->nas, u->kasme, eia, eea);
}

static struct nlc_slot ue_slot(const struct ue *u)
{
	return NLC_SLOT(u->kasme, u->eksi, u->nas.eia, u->nas.eea);
}

/* TS 24.301 9.1 / 4.4.3.3: an uplink PDU as the UE sends it. */
static uint32_t ue_uplink(const struct ue *u, uint8_t sht, uint32_t count,
			  const uint8_t *plain, uint32_t len, uint8_t *out)
{
	ue_nas_protect(&u->nas, sht, count, UL, plain, len, out);
	return len + UE_NAS_HDR_LEN;
}

/* TS 24.301 8.2.25: SERVICE REQUEST with KSI, 5-bit SQN and short MAC. */
static void ue_service_request(const struct ue *u, uint32_t count,
			       uint8_t out[4])
{
	uint8_t mac[4];

	out[0] = 0xc7;
	out[1] = (uint8_t)(u->eksi << 5 | (count & 0x1f));
	ue_eia(u->nas.eia, u->nas.k_int, count, UL, out, 2, mac);
	out[2] = mac[2];
	out[3] = mac[3];
}

/* Checks a downlink PDU like the UE would; on success plain gets the message. */
static bool ue_downlink_ok(const struct ue *u, const struct nlc_pdu *p,
			   uint8_t sht, uint32_t count, uint8_t *plain)
{
	uint8_t mac[4];

	if (p->len < 7 || p->data[0] != (uint8_t)(sht << 4 | 7) ||
	    p->data[5] != (count & 0xff))
		return false;
	ue_eia(u->nas.eia, u->nas.k_int, count, DL, p->data + 5, p->len - 5,
	       mac);
	if (memcmp(mac, p->data + 1, 4))
		return false;
	memcpy(plain, p->data + 6, p->len - 6);
	if (sht == 2)
		ue_eea(u->nas.eea, u->nas.k_enc, count, DL, plain, p->len - 6);
	return true;
}

/* An EMM message of len octets (PD 7, some message type, filler). */
static void emm_fill(uint8_t *m, uint32_t len, uint8_t seed)
{
	uint32_t i;

	m[0] = 0x07;
	m[1] = 0x5d;
	for (i = 2; i < len; i++)
		m[i] = (uint8_t)(seed + i * 7);
}

FIXTURE(algs) {
	struct nlc c;
	struct ue ue;
};

FIXTURE_VARIANT(algs) {
	uint8_t eia, eea;
};

#define ALGS(i, e) \
	FIXTURE_VARIANT_ADD(algs, eia##i##_eea##e) { .eia = i, .eea = e }
ALGS(0, 0); ALGS(0, 1); ALGS(0, 2); ALGS(0, 3);
ALGS(1, 0); ALGS(1, 1); ALGS(1, 2); ALGS(1, 3);
ALGS(2, 0); ALGS(2, 1); ALGS(2, 2); ALGS(2, 3);
ALGS(3, 0); ALGS(3, 1); ALGS(3, 2); ALGS(3, 3);

FIXTURE_SETUP(algs)
{
	struct nlc_slot cur;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&self->c));
	ue_init(&self->ue, variant->eia * 4 + variant->eea + 1, variant->eia,
		variant->eea);
	cur = ue_slot(&self->ue);
	ASSERT_EQ(0, nlc_ctx_new(&self->c, 1, &cur, NULL));
}

FIXTURE_TEARDOWN(algs)
{
	nlc_close(&self->c);
}

TEST_F(algs, protect_and_unprotect_match_an_independent_ue)
{
	static const uint32_t lens[] = { 2, 3, 16, 17, 63, 301, 1500 };
	uint8_t plain[2000], got[2000], pdu[2100];
	uint32_t count = 0, i, n;
	struct nlc_pdu p;
	uint8_t sht;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (sht = 1; sht <= 2; sht++, count++) {
			emm_fill(plain, lens[i], (uint8_t)(i + sht));
			/* Downlink: the module protects, the UE verifies. */
			ASSERT_EQ(0, nlc_protect(&self->c, 1, sht, plain,
						 lens[i], &p));
			ASSERT_FALSE(p.has_error);
			EXPECT_EQ(count, p.count);
			EXPECT_EQ(lens[i] + 6, p.len);
			EXPECT_TRUE(ue_downlink_ok(&self->ue, &p, sht, count,
						   got));
			EXPECT_EQ(0, memcmp(plain, got, lens[i]));
			if (variant->eea && sht == 2 && lens[i] > 4)
				EXPECT_NE(0, memcmp(plain, p.data + 6, lens[i]));

			/* Uplink: the UE protects, the module verifies. */
			n = ue_uplink(&self->ue, sht, count, plain, lens[i],
				      pdu);
			ASSERT_EQ(0, nlc_unprotect(&self->c, 1, pdu, n, &p));
			EXPECT_EQ(NASSEC_VERDICT_OK, p.verdict);
			EXPECT_EQ(sht, (uint8_t)p.sht);
			EXPECT_TRUE(p.has_count);
			EXPECT_EQ(count, p.count);
			ASSERT_EQ(lens[i], p.len);
			EXPECT_EQ(0, memcmp(plain, p.data, lens[i]));
		}
	}
}

/* One UE context with EIA2/EEA2 (or as a test sets it up). */
FIXTURE(ue) {
	struct nlc c;
	struct ue ue;
	struct nl_sock *events;
};

FIXTURE_SETUP(ue)
{
	struct nlc_slot cur;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&self->c));
	self->events = nlc_events_open(&self->c);
	ASSERT_NE(NULL, self->events);
	ue_init(&self->ue, 9, 2, 2);
	cur = ue_slot(&self->ue);
	ASSERT_EQ(0, nlc_ctx_new(&self->c, 1, &cur, NULL));
}

FIXTURE_TEARDOWN(ue)
{
	nl_socket_free(self->events);
	nlc_close(&self->c);
}

static const uint8_t attach_complete[] = { 0x07, 0x43, 0x00, 0x03, 0x52, 0x00, 0xc2 };

/* Unprotects the UE's PDU with COUNT count; returns the verdict (0 on error). */
static int send_ul(struct nlc *c, const struct ue *u, uint8_t sht,
			uint32_t count, struct nlc_pdu *p)
{
	uint8_t pdu[64];
	uint32_t n = ue_uplink(u, sht, count, attach_complete,
			       sizeof(attach_complete), pdu);

	if (nlc_unprotect(c, 1, pdu, n, p))
		return 0;
	return p->verdict;
}

TEST_F(ue, replay_of_accepted_pdu_is_rejected)
{
	struct nlc_ctx_state s;
	struct nlc_event ev;
	struct nlc_pdu p;

	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &self->ue, 2, 0, &p));
	EXPECT_EQ(NASSEC_VERDICT_REPLAY, send_ul(&self->c, &self->ue, 2, 0, &p));
	EXPECT_FALSE(p.has_data);
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &s));
	EXPECT_EQ(1u, s.stats[NASSEC_STAT_A_UL_OK]);
	EXPECT_EQ(1u, s.stats[NASSEC_STAT_A_UL_REPLAY]);
	EXPECT_TRUE(nlc_event_find(self->events, NASSEC_EVENT_REPLAY, 1, &ev));
	EXPECT_EQ(0u, ev.count);
	EXPECT_EQ(NASSEC_VERDICT_REPLAY, ev.verdict);
}

TEST_F(ue, reordering_inside_the_window_is_accepted_once)
{
	static const uint32_t order[] = { 10, 7, 9, 8, 0, 60, 13, 12 };
	struct nlc_ctx_state s;
	struct nlc_pdu p;
	unsigned int i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		EXPECT_EQ(NASSEC_VERDICT_OK,
			  send_ul(&self->c, &self->ue, 1, order[i], &p));
		EXPECT_EQ(order[i], p.count);
	}
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		EXPECT_EQ(NASSEC_VERDICT_REPLAY,
			  send_ul(&self->c, &self->ue, 1, order[i], &p));
	}
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &s));
	EXPECT_EQ(61u, s.cur.ul_count);
}

TEST_F(ue, reordering_outside_the_window_is_rejected)
{
	struct nlc_ctx_state before, after;
	struct nlc_pdu p;

	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &self->ue, 1, 200, &p));
	/* 64 behind the next expected COUNT is the window's oldest entry. */
	EXPECT_EQ(NASSEC_VERDICT_OK,
		  send_ul(&self->c, &self->ue, 1, 201 - 64, &p));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &before));
	/* 65 behind: its SQN is read as a later COUNT and the MAC fails. */
	EXPECT_NE(NASSEC_VERDICT_OK,
		  send_ul(&self->c, &self->ue, 1, 201 - 65, &p));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &after));
	EXPECT_EQ(before.cur.ul_count, after.cur.ul_count);
	EXPECT_EQ(2u, after.stats[NASSEC_STAT_A_UL_OK]);
}

TEST_F(ue, mac_failure_changes_no_count_and_is_reported)
{
	struct nlc_ctx_state before, after;
	struct nlc_event ev;
	struct nlc_pdu p;
	uint8_t pdu[64];
	uint32_t n;

	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &self->ue, 2, 0, &p));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &before));
	n = ue_uplink(&self->ue, 2, 1, attach_complete,
		      sizeof(attach_complete), pdu);
	pdu[3] ^= 0x01;
	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, pdu, n, &p));
	EXPECT_EQ(NASSEC_VERDICT_MAC_FAIL, p.verdict);
	EXPECT_FALSE(p.has_data);
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &after));
	EXPECT_EQ(before.cur.ul_count, after.cur.ul_count);
	EXPECT_EQ(1u, after.stats[NASSEC_STAT_A_UL_MAC_FAIL]);
	EXPECT_TRUE(nlc_event_find(self->events, NASSEC_EVENT_MAC_FAIL, 1,
				   &ev));
	EXPECT_EQ(1u, ev.count);
	EXPECT_EQ(NASSEC_VERDICT_MAC_FAIL, ev.verdict);
	/* The genuine PDU with that COUNT is still fresh. */
	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &self->ue, 2, 1, &p));
}

TEST_F(ue, security_mode_command_uses_the_new_slot_and_complete_promotes_it)
{
	struct nlc_slot newslot;
	struct nlc_ctx_state s;
	struct nlc_event ev;
	struct nlc_reply r;
	struct nlc_pdu p;
	struct nl_msg *m;
	struct ue next;
	uint8_t smc[] = { 0x07, 0x5d, 0x31, 0x00, 0x02, 0xe0, 0xe0 };
	uint8_t got[16], pdu[64];
	uint32_t n;

	/* An old-context message first, so the COUNTs differ. */
	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &self->ue, 2, 5, &p));
	ue_init(&next, 77, 1, 3);
	newslot = ue_slot(&next);
	m = nlc_msg(&self->c, NASSEC_CMD_CTX_SET);
	nla_put_u32(m, NASSEC_A_UE_ID, 1);
	nlc_put_slot(m, NASSEC_A_SLOT_NEW, &newslot);
	ASSERT_EQ(0, nlc_call(&self->c, m, &r));

	/* SECURITY MODE COMMAND: type 3, new keys, never ciphered, COUNT 0. */
	ASSERT_EQ(0, nlc_protect(&self->c, 1, 3, smc, sizeof(smc), &p));
	ASSERT_FALSE(p.has_error);
	EXPECT_EQ(0u, p.count);
	EXPECT_TRUE(ue_downlink_ok(&next, &p, 3, 0, got));
	EXPECT_EQ(0, memcmp(smc, p.data + 6, sizeof(smc)));

	/* A type 4 with a wrong MAC promotes nothing. */
	n = ue_uplink(&next, 4, 0, attach_complete, sizeof(attach_complete),
		      pdu);
	pdu[1] ^= 0x80;
	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, pdu, n, &p));
	EXPECT_EQ(NASSEC_VERDICT_MAC_FAIL, p.verdict);
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &s));
	EXPECT_EQ((unsigned int)(NASSEC_CTX_F_CUR_SLOT | NASSEC_CTX_F_NEW_SLOT),
		  s.flags);

	/* SECURITY MODE COMPLETE: type 4 with the new keys promotes. */
	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &next, 4, 0, &p));
	EXPECT_EQ((unsigned int)NASSEC_PDU_F_PROMOTED, p.flags & NASSEC_PDU_F_PROMOTED);
	EXPECT_EQ(0, memcmp(attach_complete, p.data, sizeof(attach_complete)));
	EXPECT_TRUE(nlc_event_find(self->events, NASSEC_EVENT_PROMOTED, 1, &ev));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &s));
	EXPECT_EQ((unsigned int)NASSEC_CTX_F_CUR_SLOT, s.flags);
	EXPECT_EQ(1, s.cur.eia);
	EXPECT_EQ(3, s.cur.eea);
	EXPECT_EQ(1u, s.cur.ul_count);
	EXPECT_EQ(1u, s.cur.dl_count);

	/* The old keys are gone: the old context's messages fail. */
	EXPECT_EQ(NASSEC_VERDICT_MAC_FAIL,
		  send_ul(&self->c, &self->ue, 2, 6, &p));
	/* And types 1/2 now use the promoted context. */
	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &next, 2, 1, &p));
}

TEST_F(ue, security_mode_command_without_a_new_slot_is_refused)
{
	struct nlc_ctx_state s;
	struct nlc_pdu p;

	ASSERT_EQ(0, nlc_protect(&self->c, 1, 3, attach_complete,
				 sizeof(attach_complete), &p));
	EXPECT_TRUE(p.has_error);
	EXPECT_EQ(-ENOKEY, p.error);
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &s));
	EXPECT_EQ(1u, s.stats[NASSEC_STAT_A_DL_BLOCKED]);
	EXPECT_EQ(0u, s.stats[NASSEC_STAT_A_DL_PROTECTED]);
}

TEST_F(ue, service_request_short_mac_is_accepted_and_a_wrong_one_rejected)
{
	struct nlc_pdu p;
	uint8_t sr[4];

	ue_service_request(&self->ue, 0, sr);
	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, sr, 4, &p));
	EXPECT_EQ(NASSEC_VERDICT_OK, p.verdict);
	EXPECT_EQ(12, p.sht);
	EXPECT_EQ(0u, p.count);

	ue_service_request(&self->ue, 1, sr);
	sr[3] ^= 0x40;
	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, sr, 4, &p));
	EXPECT_EQ(NASSEC_VERDICT_MAC_FAIL, p.verdict);
	sr[3] ^= 0x40;
	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, sr, 4, &p));
	EXPECT_EQ(NASSEC_VERDICT_OK, p.verdict);
	/* Replayed SERVICE REQUEST. */
	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, sr, 4, &p));
	EXPECT_EQ(NASSEC_VERDICT_REPLAY, p.verdict);
}

static int set_frozen(struct nlc *c, uint8_t frozen)
{
	struct nl_msg *m = nlc_msg(c, NASSEC_CMD_CTX_SET);
	struct nlc_reply r;

	nla_put_u32(m, NASSEC_A_UE_ID, 1);
	nla_put_u8(m, NASSEC_A_FROZEN, frozen);
	return nlc_call(c, m, &r);
}

TEST_F(ue, freeze_blocks_downlink_only)
{
	struct nlc_ctx_state s;
	struct nlc_event ev;
	struct nlc_pdu p;

	ASSERT_EQ(0, set_frozen(&self->c, 1));
	ASSERT_EQ(0, nlc_protect(&self->c, 1, 2, attach_complete,
				 sizeof(attach_complete), &p));
	EXPECT_TRUE(p.has_error);
	EXPECT_EQ(-EACCES, p.error);
	EXPECT_FALSE(p.has_data);
	EXPECT_TRUE(nlc_event_find(self->events, NASSEC_EVENT_DL_BLOCKED, 1,
				   &ev));
	/* Uplink still works while frozen. */
	EXPECT_EQ(NASSEC_VERDICT_OK, send_ul(&self->c, &self->ue, 2, 0, &p));
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &s));
	EXPECT_EQ(1u, s.stats[NASSEC_STAT_A_DL_BLOCKED]);
	EXPECT_EQ(0u, s.cur.dl_count);
	/* Thawed: the first downlink COUNT is still 0. */
	ASSERT_EQ(0, set_frozen(&self->c, 0));
	ASSERT_EQ(0, nlc_protect(&self->c, 1, 2, attach_complete,
				 sizeof(attach_complete), &p));
	EXPECT_FALSE(p.has_error);
	EXPECT_EQ(0u, p.count);
}

TEST_F(ue, count_exhaustion_warns_at_the_threshold_then_refuses)
{
	struct nlc_slot slot = ue_slot(&self->ue);
	struct nlc_event ev;
	struct nlc_pdu p;
	uint8_t got[16];

	slot.ul_count = 0;
	slot.dl_count = NASSEC_COUNT_THRESHOLD - 1;
	ASSERT_EQ(0, nlc_ctx_new_cmd(&self->c, NASSEC_CMD_CTX_IMPORT, 2,
				     &slot, NULL));
	ASSERT_EQ(0, nlc_protect(&self->c, 2, 1, attach_complete,
				 sizeof(attach_complete), &p));
	EXPECT_EQ(0u, p.flags & NASSEC_PDU_F_THRESHOLD);
	EXPECT_FALSE(nlc_event_find(self->events, NASSEC_EVENT_COUNT_THRESHOLD,
				    2, &ev));
	ASSERT_EQ(0, nlc_protect(&self->c, 2, 1, attach_complete,
				 sizeof(attach_complete), &p));
	EXPECT_EQ((unsigned int)NASSEC_COUNT_THRESHOLD, p.count);
	EXPECT_EQ((unsigned int)NASSEC_PDU_F_THRESHOLD,
		  p.flags & NASSEC_PDU_F_THRESHOLD);
	EXPECT_TRUE(nlc_event_find(self->events, NASSEC_EVENT_COUNT_THRESHOLD,
				   2, &ev));
	EXPECT_EQ((unsigned int)NASSEC_COUNT_THRESHOLD, ev.count);

	/* The last usable COUNT, then refusal. */
	slot.dl_count = NASSEC_COUNT_MAX;
	ASSERT_EQ(0, nlc_ctx_new_cmd(&self->c, NASSEC_CMD_CTX_IMPORT, 3,
				     &slot, NULL));
	ASSERT_EQ(0, nlc_protect(&self->c, 3, 1, attach_complete,
				 sizeof(attach_complete), &p));
	EXPECT_FALSE(p.has_error);
	EXPECT_EQ((unsigned int)NASSEC_COUNT_MAX, p.count);
	EXPECT_TRUE(ue_downlink_ok(&self->ue, &p, 1, NASSEC_COUNT_MAX, got));
	ASSERT_EQ(0, nlc_protect(&self->c, 3, 1, attach_complete,
				 sizeof(attach_complete), &p));
	EXPECT_TRUE(p.has_error);
	EXPECT_EQ(-EOVERFLOW, p.error);
	EXPECT_TRUE(nlc_event_find(self->events, NASSEC_EVENT_DL_BLOCKED, 3,
				   &ev));
}

TEST_F(ue, several_pdus_in_one_request_get_one_reply_each_in_order)
{
	struct nl_msg *m = nlc_msg(&self->c, NASSEC_CMD_PDU_PROTECT);
	struct nlc_pdu out[3];
	struct nlc_reply r;
	struct nlattr *nest;
	int i;

	nla_put_u32(m, NASSEC_A_UE_ID, 1);
	for (i = 0; i < 3; i++) {
		nest = nla_nest_start(m, NASSEC_A_PDU);
		nla_put(m, NASSEC_PDU_A_DATA, sizeof(attach_complete),
			attach_complete);
		/* The middle one needs a new slot there is none of. */
		nla_put_u8(m, NASSEC_PDU_A_SEC_HDR_TYPE, i == 1 ? 3 : 2);
		nla_nest_end(m, nest);
	}
	ASSERT_EQ(0, nlc_call(&self->c, m, &r));
	ASSERT_EQ(3u, nlc_parse_pdus(r.msg, out, 3));
	nlc_reply_free(&r);
	EXPECT_FALSE(out[0].has_error);
	EXPECT_EQ(0u, out[0].count);
	EXPECT_TRUE(out[1].has_error);
	EXPECT_EQ(-ENOKEY, out[1].error);
	EXPECT_FALSE(out[2].has_error);
	EXPECT_EQ(1u, out[2].count);
}

TEST_F(ue, unknown_ue_plain_and_malformed_pdus_get_their_verdicts)
{
	static const uint8_t reserved_type[] = { 0x57, 0, 0, 0, 0, 0, 0x07, 0x43 };
	struct nlc_ns_stats ns;
	struct nlc_event ev;
	struct nlc_pdu p;
	uint8_t pdu[64];
	uint32_t n;

	n = ue_uplink(&self->ue, 1, 0, attach_complete,
		      sizeof(attach_complete), pdu);
	ASSERT_EQ(0, nlc_unprotect(&self->c, 99, pdu, n, &p));
	EXPECT_EQ(NASSEC_VERDICT_NO_CONTEXT, p.verdict);
	EXPECT_FALSE(p.has_data);

	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, attach_complete,
				   sizeof(attach_complete), &p));
	EXPECT_EQ(NASSEC_VERDICT_PLAIN, p.verdict);
	ASSERT_TRUE(p.has_data);
	EXPECT_EQ(0, memcmp(attach_complete, p.data, sizeof(attach_complete)));

	ASSERT_EQ(0, nlc_unprotect(&self->c, 1, reserved_type,
				   sizeof(reserved_type), &p));
	EXPECT_EQ(NASSEC_VERDICT_MALFORMED, p.verdict);
	EXPECT_TRUE(nlc_event_find(self->events, NASSEC_EVENT_MALFORMED, 1,
				   &ev));
	ASSERT_EQ(0, nlc_stats(&self->c, &ns));
	EXPECT_EQ(1u, ns.stats[NASSEC_STAT_A_UL_NO_CONTEXT]);
	EXPECT_EQ(1u, ns.stats[NASSEC_STAT_A_UL_MALFORMED]);
	EXPECT_EQ(0u, ns.stats[NASSEC_STAT_A_UL_OK]);
}

/*
 * Two processes race the same 400 uplink PDUs: the replay check repeated
 * at commit (after the MAC, outside the lock) lets each COUNT in once.
 * Every other copy is refused: as a REPLAY while it is within the window
 * of the COUNTs already accepted, and as a MAC failure when the other
 * process is more than the window ahead, since the 8-bit SQN is then
 * estimated (TS 24.301 4.4.3.1) to a later COUNT than the one it was
 * protected with.
 */
TEST_F(ue, concurrent_uplink_accepts_each_count_exactly_once)
{
	enum { N = 400, PROCS = 2 };
	struct nlc_ctx_state s;
	int i, status;

	for (i = 0; i < PROCS; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (!pid) {
			struct nlc c;
			struct nlc_pdu p;
			uint32_t k;

			if (nlc_open(&c))
				_exit(1);
			for (k = 0; k < N; k++)
				if (!send_ul(&c, &self->ue, 2, k, &p))
					_exit(2);
			_exit(0);
		}
	}
	for (i = 0; i < PROCS; i++) {
		ASSERT_LT(0, wait(&status));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	ASSERT_EQ(0, nlc_ctx_get(&self->c, 1, &s));
	EXPECT_EQ((uint64_t)N, s.stats[NASSEC_STAT_A_UL_OK]);
	EXPECT_EQ((uint64_t)N * (PROCS - 1),
		  s.stats[NASSEC_STAT_A_UL_REPLAY] +
		  s.stats[NASSEC_STAT_A_UL_MAC_FAIL]);
	EXPECT_EQ((uint32_t)N, s.cur.ul_count);
}

/* Two processes protect at once: no downlink COUNT is used twice. */
TEST_F(ue, concurrent_downlink_never_reuses_a_count)
{
	enum { N = 400, PROCS = 2 };
	unsigned char *used;
	uint32_t *counts;
	int i, status, dup = 0;

	counts = mmap(NULL, sizeof(uint32_t) * N * PROCS,
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, counts);
	for (i = 0; i < PROCS; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (!pid) {
			struct nlc_pdu p;
			struct nlc c;
			int k;

			if (nlc_open(&c))
				_exit(1);
			for (k = 0; k < N; k++) {
				if (nlc_protect(&c, 1, 2, attach_complete,
						sizeof(attach_complete), &p) ||
				    p.has_error)
					_exit(2);
				counts[i * N + k] = p.count;
			}
			_exit(0);
		}
	}
	for (i = 0; i < PROCS; i++) {
		ASSERT_LT(0, wait(&status));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	used = calloc(N * PROCS, 1);
	ASSERT_NE(NULL, used);
	for (i = 0; i < N * PROCS; i++) {
		if (counts[i] >= N * PROCS || used[counts[i]]++)
			dup++;
	}
	EXPECT_EQ(0, dup);
	free(used);
	munmap(counts, sizeof(uint32_t) * N * PROCS);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* PDUs per second through one request type with batch PDUs per call. */
static double rate(struct nlc *c, const struct ue *u, uint8_t cmd,
		   unsigned int batch, double seconds, uint32_t *count)
{
	static uint8_t msg[64];
	unsigned int done = 0, i;
	double busy = 0, t;
	uint8_t pdu[64 + 6];
	struct nlc_reply r;

	emm_fill(msg, sizeof(msg), 3);
	/* Only the calls are timed, not the UE side building PDUs. */
	while (busy < seconds) {
		struct nl_msg *m = nlc_msg(c, cmd);

		nla_put_u32(m, NASSEC_A_UE_ID, 1);
		for (i = 0; i < batch; i++) {
			struct nlattr *nest = nla_nest_start(m, NASSEC_A_PDU);

			if (cmd == NASSEC_CMD_PDU_PROTECT) {
				nla_put(m, NASSEC_PDU_A_DATA, sizeof(msg), msg);
				nla_put_u8(m, NASSEC_PDU_A_SEC_HDR_TYPE, 2);
			} else {
				uint32_t n = ue_uplink(u, 2, (*count)++, msg,
						       sizeof(msg), pdu);

				nla_put(m, NASSEC_PDU_A_DATA, n, pdu);
			}
			nla_nest_end(m, nest);
		}
		t = now_s();
		if (nlc_call(c, m, &r))
			return -1;
		busy += now_s() - t;
		nlc_reply_free(&r);
		done += batch;
	}
	return done / busy;
}

TEST_F(ue, throughput_of_protect_and_unprotect)
{
	static const unsigned int batches[] = { 1, 32 };
	uint32_t count = 0;
	unsigned int i;
	double p, u;

	for (i = 0; i < 2; i++) {
		p = rate(&self->c, &self->ue, NASSEC_CMD_PDU_PROTECT,
			 batches[i], 1.5, &count);
		u = rate(&self->c, &self->ue, NASSEC_CMD_PDU_UNPROTECT,
			 batches[i], 1.5, &count);
		ASSERT_LT(0, p);
		ASSERT_LT(0, u);
		ksft_print_msg("EIA2/EEA2 64-octet messages, %u PDU(s) per call: protect %.0f/s, unprotect %.0f/s%s\n",
			       batches[i], p, u,
			       " (test VM: emulated by TCG unless NASSEC_KVM=1)");
	}
}

TEST_HARNESS_MAIN
