// SPDX-License-Identifier: GPL-2.0
/*
 * libnassec against the real module: what the CLI test cannot reach
 * cheaply. Dumps that span many netlink messages, PDU batches bigger than
 * one request, per-PDU errors, the kernel's extack text, EXPORT vs GET key
 * handling, the events socket, and the SOL_NASSEC cmsg helpers.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/sctp.h>

#include "kselftest_harness.h"
#include "../tools/lib/nassec/nassec.h"

#define UE_BASE		0x70000000u
#define DUMP_CTXS	600	/* a few hundred contexts fill several dump skbs */

static void fill_slot(struct nassec_slot *s, uint8_t seed)
{
	memset(s, 0, sizeof(*s));
	s->present = true;
	s->has_kasme = true;
	for (int i = 0; i < NASSEC_KASME_LEN; i++)
		s->kasme[i] = (uint8_t)(seed + i);
	s->eksi = 1;
	s->eia = NASSEC_ALG_AES;
	s->eea = NASSEC_ALG_AES;
}

static int add_ctx(struct nassec *h, uint32_t ue_id)
{
	struct nassec_ctx c = { .ue_id = ue_id };
	int err;

	fill_slot(&c.slot[NASSEC_SLOT_CUR], (uint8_t)ue_id);
	err = nassec_ctx_new(h, &c);
	nassec_ctx_wipe(&c);
	return err;
}

FIXTURE(lib)
{
	struct nassec *h;
};

FIXTURE_SETUP(lib)
{
	int err = nassec_open(&self->h);

	ASSERT_EQ(0, err) TH_LOG("nassec_open: %s: %s", strerror(-err),
				 nassec_last_error(self->h));
	ASSERT_EQ((unsigned int)NASSEC_GENL_VERSION, nassec_family_version(self->h));
}

FIXTURE_TEARDOWN(lib)
{
	nassec_close(self->h);
}

struct seen {
	unsigned char *hit;
	int dupes;
	int foreign;
};

static int mark_ctx(const struct nassec_ctx *c, void *arg)
{
	struct seen *s = arg;
	uint32_t i = c->ue_id - UE_BASE;

	if (c->ue_id < UE_BASE || i >= DUMP_CTXS) {
		s->foreign++;
		return 0;
	}
	if (s->hit[i]++)
		s->dupes++;
	return 0;
}

static int stop_at_third(const struct nassec_ctx *c, void *arg)
{
	int *calls = arg;

	(void)c;
	return ++*calls == 3 ? -ECANCELED : 0;
}

TEST_F(lib, dump_spanning_many_messages_reports_each_context_once)
{
	struct seen s = { .hit = calloc(DUMP_CTXS, 1) };
	struct nassec_ctx one;
	int n, calls = 0, misses = 0;

	ASSERT_NE(NULL, s.hit);
	for (uint32_t i = 0; i < DUMP_CTXS; i++)
		ASSERT_EQ(0, add_ctx(self->h, UE_BASE + i)) TH_LOG("%s", nassec_last_error(self->h));
	n = nassec_ctx_dump(self->h, mark_ctx, &s);
	EXPECT_EQ(DUMP_CTXS, n - s.foreign);
	EXPECT_EQ(0, s.dupes);
	for (int i = 0; i < DUMP_CTXS; i++)
		misses += s.hit[i] != 1;
	EXPECT_EQ(0, misses);
	/* A callback error stops the walk, and the socket is still usable after. */
	EXPECT_EQ(-ECANCELED, nassec_ctx_dump(self->h, stop_at_third, &calls));
	EXPECT_EQ(3, calls);
	EXPECT_EQ(0, nassec_ctx_get(self->h, UE_BASE, &one));
	EXPECT_EQ(UE_BASE, one.ue_id);
	for (uint32_t i = 0; i < DUMP_CTXS; i++)
		EXPECT_EQ(0, nassec_ctx_del(self->h, UE_BASE + i));
	free(s.hit);
}

TEST_F(lib, batch_larger_than_one_request_keeps_order_and_counts)
{
	enum { N = 24, LEN = 3000 };	/* 72 KB: several requests */
	static uint8_t in[N][LEN], out[N][NASSEC_PDU_MAX];
	struct nassec_pdu pdus[N];
	uint32_t ue = UE_BASE + 1000;

	ASSERT_EQ(0, add_ctx(self->h, ue));
	for (int i = 0; i < N; i++) {
		memset(in[i], i, LEN);
		in[i][0] = 0x07;	/* EMM */
		pdus[i] = (struct nassec_pdu){
			.in = in[i], .in_len = LEN, .out = out[i], .out_cap = sizeof(out[i]),
			.sec_hdr_type = NASSEC_SHT_INTEGRITY_CIPHERED,
		};
	}
	ASSERT_EQ(0, nassec_pdu_protect(self->h, ue, pdus, N)) TH_LOG("%s", nassec_last_error(self->h));
	for (int i = 0; i < N; i++) {
		EXPECT_EQ(0, pdus[i].error);
		EXPECT_TRUE(pdus[i].has_count);
		EXPECT_EQ((uint32_t)i, pdus[i].count);
		EXPECT_EQ((size_t)LEN + NASSEC_NAS_HDR_LEN, pdus[i].out_len);
		EXPECT_EQ(0x27, out[i][0]);
		EXPECT_EQ(i & 0xff, out[i][5]);	/* SQN */
	}
	EXPECT_EQ(0, nassec_ctx_del(self->h, ue));
}

TEST_F(lib, per_pdu_errors_and_small_output_buffers)
{
	static const uint8_t msg[] = { 0x07, 0x55, 0x01 };
	uint8_t out[16], tiny[4];
	struct nassec_pdu pdus[2] = {
		{ .in = msg, .in_len = sizeof(msg), .out = out, .out_cap = sizeof(out), .sec_hdr_type = 2 },
		{ .in = msg, .in_len = sizeof(msg), .out = tiny, .out_cap = sizeof(tiny), .sec_hdr_type = 2 },
	};
	uint32_t ue = UE_BASE + 1001;

	/* No context: the request succeeds, each PDU carries its own error. */
	ASSERT_EQ(0, nassec_pdu_protect(self->h, ue, pdus, 1));
	EXPECT_EQ(-ENOKEY, pdus[0].error);
	EXPECT_EQ(0u, pdus[0].out_len);
	ASSERT_EQ(0, add_ctx(self->h, ue));
	ASSERT_EQ(0, nassec_pdu_protect(self->h, ue, pdus, 2));
	EXPECT_EQ(0, pdus[0].error);
	EXPECT_EQ(9u, pdus[0].out_len);
	EXPECT_EQ(-EMSGSIZE, pdus[1].error);
	/* Frozen: downlink refused per PDU with EACCES. */
	ASSERT_EQ(0, nassec_ctx_freeze(self->h, ue, true));
	ASSERT_EQ(0, nassec_pdu_protect(self->h, ue, pdus, 1));
	EXPECT_EQ(-EACCES, pdus[0].error);
	/* The library refuses empty and oversized PDUs before sending. */
	pdus[0].in_len = 0;
	EXPECT_EQ(-EINVAL, nassec_pdu_protect(self->h, ue, pdus, 1));
	EXPECT_NE('\0', nassec_last_error(self->h)[0]);
	EXPECT_EQ(0, nassec_ctx_del(self->h, ue));
}

TEST_F(lib, kernel_extack_text_is_kept)
{
	uint32_t ue = UE_BASE + 1002;
	struct nassec_ctx c = { .ue_id = ue };

	ASSERT_EQ(0, add_ctx(self->h, ue));
	EXPECT_EQ(-EEXIST, add_ctx(self->h, ue));
	EXPECT_NE('\0', nassec_last_error(self->h)[0]);
	TH_LOG("extack: %s", nassec_last_error(self->h));
	/* A policy violation (eKSI 7 = no key) names the problem. */
	fill_slot(&c.slot[NASSEC_SLOT_CUR], 1);
	c.ue_id = ue + 1;
	c.slot[NASSEC_SLOT_CUR].eksi = NASSEC_EKSI_NONE;
	EXPECT_EQ(-ERANGE, nassec_ctx_new(self->h, &c));
	EXPECT_NE('\0', nassec_last_error(self->h)[0]);
	/* A success clears it. */
	EXPECT_EQ(0, nassec_ctx_del(self->h, ue));
	EXPECT_STREQ("", nassec_last_error(self->h));
	EXPECT_EQ(-ENOENT, nassec_ctx_del(self->h, ue));
	nassec_ctx_wipe(&c);
}

TEST_F(lib, export_returns_kasme_and_get_never_does)
{
	uint32_t ue = UE_BASE + 1003;
	struct nassec_ctx in = { .ue_id = ue }, got, exp;

	fill_slot(&in.slot[NASSEC_SLOT_CUR], 0x40);
	in.slot[NASSEC_SLOT_CUR].has_ul_count = in.slot[NASSEC_SLOT_CUR].has_dl_count = true;
	in.slot[NASSEC_SLOT_CUR].ul_count = 77;
	in.slot[NASSEC_SLOT_CUR].dl_count = 88;
	ASSERT_EQ(0, nassec_ctx_import(self->h, &in)) TH_LOG("%s", nassec_last_error(self->h));
	ASSERT_EQ(0, nassec_ctx_get(self->h, ue, &got));
	EXPECT_FALSE(got.slot[NASSEC_SLOT_CUR].has_kasme);
	EXPECT_TRUE(got.has_stats);
	EXPECT_EQ(77u, got.slot[NASSEC_SLOT_CUR].ul_count);
	ASSERT_EQ(0, nassec_ctx_export(self->h, ue, &exp));
	EXPECT_TRUE(exp.slot[NASSEC_SLOT_CUR].has_kasme);
	EXPECT_EQ(0, memcmp(in.slot[NASSEC_SLOT_CUR].kasme, exp.slot[NASSEC_SLOT_CUR].kasme,
			    NASSEC_KASME_LEN));
	EXPECT_EQ(88u, exp.slot[NASSEC_SLOT_CUR].dl_count);
	EXPECT_FALSE(exp.slot[NASSEC_SLOT_NEW].present);
	nassec_ctx_wipe(&exp);
	nassec_ctx_wipe(&in);
	EXPECT_EQ(0, nassec_ctx_del(self->h, ue));
}

/* Waits for one event of type want for ue (others are skipped). */
static int wait_event(struct nassec *h, uint32_t want, uint32_t ue, struct nassec_event_info *ev)
{
	struct pollfd pfd = { .fd = nassec_events_fd(h), .events = POLLIN };

	for (int tries = 0; tries < 50; tries++) {
		int err = nassec_event_recv(h, ev);

		if (!err && ev->event == want && ev->ue_id == ue)
			return 0;
		if (err == -EAGAIN && poll(&pfd, 1, 100) < 0)
			return -errno;
		if (err && err != -EAGAIN)
			return err;
	}
	return -ETIMEDOUT;
}

TEST_F(lib, events_socket_reports_mac_failure_and_deletion)
{
	static const uint8_t bogus[] = { 0x27, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x07, 0x56 };
	uint8_t out[NASSEC_PDU_MAX];
	struct nassec_pdu p = { .in = bogus, .in_len = sizeof(bogus), .out = out, .out_cap = sizeof(out) };
	struct nassec_event_info ev;
	uint32_t ue = UE_BASE + 1004;

	EXPECT_EQ(-1, nassec_events_fd(self->h));
	ASSERT_EQ(0, nassec_events_subscribe(self->h)) TH_LOG("%s", nassec_last_error(self->h));
	ASSERT_LE(0, nassec_events_fd(self->h));
	EXPECT_EQ(-EAGAIN, nassec_event_recv(self->h, &ev));
	ASSERT_EQ(0, add_ctx(self->h, ue));
	ASSERT_EQ(0, nassec_pdu_unprotect(self->h, ue, &p, 1));
	EXPECT_EQ((uint32_t)NASSEC_VERDICT_MAC_FAIL, p.verdict);
	EXPECT_EQ(0u, p.out_len);
	ASSERT_EQ(0, wait_event(self->h, NASSEC_EVENT_MAC_FAIL, ue, &ev));
	EXPECT_TRUE(ev.has_count);
	EXPECT_EQ(0u, ev.count);
	EXPECT_STREQ("mac-fail", nassec_event_name(ev.event));
	ASSERT_EQ(0, nassec_ctx_del(self->h, ue));
	EXPECT_EQ(0, wait_event(self->h, NASSEC_EVENT_CTX_DELETED, ue, &ev));
}

/* A one-to-many SCTP socket, as an MME's S1-MME endpoint. */
static int sctp_socket(void)
{
	return socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
}

/* A control buffer with an SCTP_SNDINFO in it and room for a PROTECT. */
struct ctl {
	struct msghdr msg;
	union {
		char buf[CMSG_SPACE(sizeof(struct sctp_sndinfo)) + NASSEC_CMSG_PROTECT_SPACE];
		struct cmsghdr align;
	};
};

static void ctl_init(struct ctl *c)
{
	struct cmsghdr *cm = (struct cmsghdr *)c->buf;

	memset(c, 0, sizeof(*c));
	cm->cmsg_level = IPPROTO_SCTP;
	cm->cmsg_type = SCTP_SNDINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
	c->msg.msg_control = c->buf;
	c->msg.msg_controllen = CMSG_SPACE(sizeof(struct sctp_sndinfo));
}

static const struct nassec_protect_info test_pi = {
	.ue_id = 5, .nas_offset = 20, .nas_len = 9, .sec_hdr_type = 2,
};

TEST_F(lib, cmsg_protect_is_appended_after_other_cmsgs_on_an_attached_socket)
{
	struct nassec_protect_info got;
	struct cmsghdr *cm;
	struct ctl c;
	int fd = sctp_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nassec_sock_attach(self->h, fd));
	EXPECT_EQ(NASSEC_SOCK_ATTACHED, nassec_sock_state(fd));
	ctl_init(&c);
	ASSERT_EQ(0, nassec_cmsg_add_protect(self->h, fd, &c.msg, sizeof(c.buf), &test_pi))
		TH_LOG("%s", nassec_last_error(self->h));
	EXPECT_EQ(sizeof(c.buf), c.msg.msg_controllen);
	cm = CMSG_NXTHDR(&c.msg, CMSG_FIRSTHDR(&c.msg));
	ASSERT_NE(NULL, cm);
	EXPECT_EQ(SOL_NASSEC, cm->cmsg_level);
	EXPECT_EQ(NASSEC_CMSG_PROTECT, cm->cmsg_type);
	memcpy(&got, CMSG_DATA(cm), sizeof(got));
	EXPECT_EQ(0, memcmp(&test_pi, &got, sizeof(got)));
	EXPECT_EQ(-ENOSPC, nassec_cmsg_add_protect(self->h, fd, &c.msg, sizeof(c.buf), &test_pi));
	close(fd);
}

/* Nothing appended, -EBADFD (or err), and the library says why. */
static void refused(struct __test_metadata *_metadata, struct nassec *h, int fd,
		    int err, const char *why)
{
	struct ctl c;
	size_t before;

	ctl_init(&c);
	before = c.msg.msg_controllen;
	EXPECT_EQ(err, nassec_cmsg_add_protect(h, fd, &c.msg, sizeof(c.buf), &test_pi));
	EXPECT_EQ(before, c.msg.msg_controllen);
	EXPECT_NE(NULL, strstr(nassec_last_error(h), why))
		TH_LOG("nassec_last_error: \"%s\"", nassec_last_error(h));
	/* Without a handle: the same refusal, no text to leave. */
	EXPECT_EQ(err, nassec_cmsg_add_protect(NULL, fd, &c.msg, sizeof(c.buf), &test_pi));
	EXPECT_EQ(before, c.msg.msg_controllen);
}

/*
 * SCTP ignores cmsg levels it does not know: a PROTECT on a socket the
 * module does not hold would send the NAS-PDU in clear. The helper fails
 * closed instead.
 */
TEST_F(lib, cmsg_protect_refuses_a_socket_never_attached)
{
	int fd = sctp_socket(), state;

	ASSERT_LE(0, fd);
	/* ip_getsockopt's answer to a level it does not know */
	state = nassec_sock_state(fd);
	EXPECT_TRUE(state == -EOPNOTSUPP || state == -ENOPROTOOPT) TH_LOG("state %d", state);
	refused(_metadata, self->h, fd, -EBADFD, "not attached");
	close(fd);
	fd = socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP);
	if (fd >= 0) {	/* ipv6_getsockopt's: ENOPROTOOPT */
		EXPECT_EQ(-ENOPROTOOPT, nassec_sock_state(fd));
		refused(_metadata, self->h, fd, -EBADFD, "not attached");
		close(fd);
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, fd);
	refused(_metadata, self->h, fd, -EBADFD, "not attached");
	close(fd);
}

TEST_F(lib, cmsg_protect_refuses_a_detached_socket)
{
	int fd = sctp_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nassec_sock_attach(self->h, fd));
	ASSERT_EQ(0, nassec_sock_detach(self->h, fd));
	EXPECT_EQ(NASSEC_SOCK_DETACHED, nassec_sock_state(fd));
	refused(_metadata, self->h, fd, -EBADFD, "detached");
	close(fd);
}

TEST_F(lib, cmsg_protect_refuses_what_is_not_a_socket)
{
	int p[2];

	ASSERT_EQ(0, pipe(p));
	refused(_metadata, self->h, p[0], -ENOTSOCK, "not a socket");
	close(p[0]);
	close(p[1]);
	refused(_metadata, self->h, p[0], -EBADF, "not a socket");
}

TEST(cmsg_verdict_found_missing_or_truncated)
{
	union {
		char buf[NASSEC_CMSG_VERDICT_SPACE];
		struct cmsghdr align;
	} ctl;
	struct nassec_verdict_info vi = { .ue_id = 9, .verdict = NASSEC_VERDICT_OK, .count = 3 }, got;
	struct msghdr msg = { .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *cm = (struct cmsghdr *)ctl.buf;

	memset(&ctl, 0, sizeof(ctl));
	cm->cmsg_level = SOL_NASSEC;
	cm->cmsg_type = NASSEC_CMSG_VERDICT;
	cm->cmsg_len = CMSG_LEN(sizeof(vi));
	memcpy(CMSG_DATA(cm), &vi, sizeof(vi));
	ASSERT_EQ(0, nassec_cmsg_verdict(&msg, &got));
	EXPECT_EQ(0, memcmp(&vi, &got, sizeof(got)));
	msg.msg_flags = MSG_CTRUNC;
	EXPECT_EQ(-EMSGSIZE, nassec_cmsg_verdict(&msg, &got));
	msg.msg_flags = 0;
	cm->cmsg_type = NASSEC_CMSG_PROTECT;
	EXPECT_EQ(-ENOENT, nassec_cmsg_verdict(&msg, &got));
	cm->cmsg_type = NASSEC_CMSG_VERDICT;
	cm->cmsg_len = CMSG_LEN(sizeof(vi) - 4);
	EXPECT_EQ(-EBADMSG, nassec_cmsg_verdict(&msg, &got));
}

TEST_HARNESS_MAIN
