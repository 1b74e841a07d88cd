// SPDX-License-Identifier: GPL-2.0
/*
 * Attached SCTP sockets under races and odd orders: accept() already
 * waiting when its listener is attached or detached, the module's lifetime
 * under such sockets, detached sockets and PROTECT, partially delivered
 * messages cut short (ABORT) or held across a detach or a peel-off. Each
 * test runs in a private network namespace on loopback.
 */
// nassec-ldlibs: -I../tools/lib/s1ap -I../kmod ../tools/lib/s1ap/*.c ../tools/lib/ue/ue_nas.c lib/s1ap_peer.c lib/sctp_test.c -lnl-genl-3 -lnl-3 -lIPSec_MB -lcrypto -lpthread
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/sctp.h>

/* The harness compares its operands as given: literals with u32 fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "kselftest_harness.h"
#include "nassec_client.h"
#include "s1ap_build.h"
#include "s1ap_peer.h"
#include "sctp_test.h"
#include "ue_nas.h"

#define MME_PORT	36412
#define ENB_UE_ID	7
#define UE_ID		1001
#define MSG_CAP		65536
#define CTRL_CAP	512
#define BIG_NAS		16000	/* a message SCTP must deliver in parts */
#define PD_POINT	1000
#define PD_MAXSEG	512

static const uint8_t kasme[32] = {
	0x3c, 0x91, 0x0e, 0x62, 0x9c, 0x44, 0x71, 0xd3, 0x08, 0xfa, 0x27,
	0x6e, 0xb0, 0x13, 0x95, 0x4d, 0x2c, 0xe8, 0x71, 0x06, 0xaa, 0x3f,
	0x59, 0xc2, 0x17, 0x84, 0x6b, 0xde, 0x30, 0x0f, 0x92, 0x45,
};

/* ---- netlink and socket state ---- */

struct list_find {
	uint64_t id;
	int found;
	uint64_t parent;
};

static void list_each(struct nlattr **tb, void *arg)
{
	struct nlattr *a[NASSEC_SOCK_A_MAX + 1];
	struct list_find *f = arg;

	if (!tb[NASSEC_A_SOCK] ||
	    nla_parse_nested(a, NASSEC_SOCK_A_MAX, tb[NASSEC_A_SOCK], NULL) ||
	    !a[NASSEC_SOCK_A_ID] || nla_get_u64(a[NASSEC_SOCK_A_ID]) != f->id)
		return;
	f->found++;
	if (a[NASSEC_SOCK_A_PARENT_ID])
		f->parent = nla_get_u64(a[NASSEC_SOCK_A_PARENT_ID]);
}

/* How often SOCK_LIST shows fd (0 or 1), -1 on error; *parent its parent. */
static int listed(struct nlc *c, int fd, uint64_t *parent)
{
	struct list_find f = { .id = sk_ino(fd) };

	if (nlc_dump(c, NASSEC_CMD_SOCK_LIST, list_each, &f, NULL))
		return -1;
	if (parent)
		*parent = f.parent;
	return f.found;
}

/* NASSEC_SOCKOPT_STATE, or -errno. */
static int sock_state(int fd)
{
	int val = 0;
	socklen_t len = sizeof(val);

	if (getsockopt(fd, SOL_NASSEC, NASSEC_SOCKOPT_STATE, &val, &len))
		return -errno;
	return len == sizeof(val) ? val : -EPROTO;
}

/* ---- sockets ---- */

/* The MME's listener: bound, listening, SCTP_RCVINFO on; -1 on failure. */
static int mme_listen(int type, int rcvbuf)
{
	struct sockaddr_storage sin;
	socklen_t len = sk_loopback(AF_INET, MME_PORT, &sin);
	int fd = socket(AF_INET, type, IPPROTO_SCTP);

	if (fd < 0)
		return -1;
	if (sk_set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1) ||
	    (rcvbuf && sk_set_int(fd, SOL_SOCKET, SO_RCVBUF, rcvbuf)) ||
	    bind(fd, (struct sockaddr *)&sin, len) || listen(fd, 8) ||
	    peer_default_s1ap_ppid(fd) ||
	    sk_set_int(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* An eNB associated with the MME (maxseg 0: the default); -1 on failure. */
static int enb_connect(int maxseg)
{
	struct sockaddr_storage sin;
	socklen_t len = sk_loopback(AF_INET, MME_PORT, &sin);
	int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);

	if (fd < 0)
		return -1;
	if (peer_default_s1ap_ppid(fd) ||
	    sk_set_int(fd, SOL_SOCKET, SO_SNDBUF, 1 << 20) ||
	    (maxseg && sk_set_int(fd, IPPROTO_SCTP, SCTP_MAXSEG, maxseg)) ||
	    connect(fd, (struct sockaddr *)&sin, len) || sk_set_rcvtimeo(fd, 5000)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- threads that wait in a system call ---- */

struct waiter {
	pthread_t thread;
	int fd;
	size_t cap;
	int ret;		/* accept's fd, or recv's length */
	int err;
	struct sk_rx rx;
	uint8_t *buf;
	volatile pid_t tid;
};

static void *acceptor_run(void *arg)
{
	struct waiter *w = arg;

	w->tid = gettid();
	w->ret = accept(w->fd, NULL, NULL);
	w->err = errno;
	return NULL;
}

static void *reader_run(void *arg)
{
	struct waiter *w = arg;

	w->tid = gettid();
	w->ret = sk_recv(w->fd, w->buf, w->cap, CTRL_CAP, &w->rx);
	w->err = errno;
	return NULL;
}

static int waiter_start(struct waiter *w, void *(*run)(void *), int fd,
			uint8_t *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->buf = buf;
	w->cap = cap;
	if (pthread_create(&w->thread, NULL, run, w))
		return -1;
	return sk_task_sleeping(&w->tid);
}

/* ---- fixture ---- */

FIXTURE(race) {
	struct nlc nl;
	struct ue_nas ue;
	long base;		/* module references before the test */
	int fds[8];
};

/* Only the ABORT test differs: SCTP_PARTIAL_DELIVERY_EVENT on or off. */
FIXTURE_VARIANT(race) {
	bool pd_event;
};

FIXTURE_VARIANT_ADD(race, pd_event_subscribed) { .pd_event = true };
FIXTURE_VARIANT_ADD(race, no_events) { .pd_event = false };

FIXTURE_SETUP(race)
{
	int i;

	for (i = 0; i < 8; i++)
		self->fds[i] = -1;
	self->base = sk_module_refcnt_settled();
	ASSERT_LE(0, self->base);
	ASSERT_EQ(0, peer_private_netns());
	ASSERT_EQ(0, nlc_open(&self->nl));
	ASSERT_EQ(0, ue_nas_init(&self->ue, kasme, 2, 2));
	ASSERT_EQ(0, nlc_ctx_new(&self->nl, UE_ID, &NLC_SLOT(kasme, 1, 2, 2),
				 NULL));
}

FIXTURE_TEARDOWN(race)
{
	int i;

	for (i = 0; i < 8; i++)
		if (self->fds[i] >= 0)
			close(self->fds[i]);
	nlc_ctx_del(&self->nl, UE_ID);
	nlc_close(&self->nl);
}

/* An uplink message enb -> mme: the verdict, 0 if none, -1 on failure. */
static int uplink_verdict(struct ue_nas *ue, uint32_t count, int enb, int mme)
{
	static uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct sk_rx rx;
	int len = sk_build_ul(ue, count, sk_plain_nas, sizeof(sk_plain_nas),
			      UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);

	if (len <= 0 || send(enb, msg, len, 0) != len ||
	    sk_recv(mme, got, sizeof(got), CTRL_CAP, &rx) != len)
		return -1;
	if (!rx.has_verdict)
		return 0;
	if (rx.vi.verdict == NASSEC_VERDICT_OK &&
	    memcmp(got + nas_off + UE_NAS_HDR_LEN, sk_plain_nas, sizeof(sk_plain_nas)))
		return -1;
	return rx.vi.verdict;
}

/* A protected downlink mme -> enb; 0 sent and arrived protected, else -errno. */
static int downlink_protected(int mme, int enb)
{
	static uint8_t msg[MSG_CAP], got[MSG_CAP];
	struct nassec_protect_info pi = { .ue_id = UE_ID, .sec_hdr_type = 2 };
	size_t nas_off;
	struct sk_rx rx;
	int len = sk_build_dl(UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);

	pi.nas_offset = nas_off;
	pi.nas_len = UE_NAS_HDR_LEN + sizeof(sk_plain_nas);
	if (sk_send_s1ap(mme, msg, len, &pi, NULL, 0) != len)
		return -errno;
	if (sk_recv(enb, got, sizeof(got), CTRL_CAP, &rx) != len)
		return -EIO;
	return got[nas_off] == 0x27 ? 0 : -EPROTO;	/* type 2, EMM */
}

/*
 * accept() waits in SCTP on a listener nobody attached yet; the listener
 * is attached; an eNB connects. SCTP builds the child from the listener's
 * proto as it is then: the child must be attached for real (state, verdicts,
 * SOCK_LIST, a module reference), and pin the module while it exists,
 * even while a read waits on it with the listener gone.
 */
TEST_F(race, accept_waiting_before_attach_returns_an_attached_socket)
{
	static struct waiter acc, rd;
	static uint8_t buf[MSG_CAP];
	uint64_t parent = 0;
	int lst, enb, mme;

	if (!variant->pd_event)
		SKIP(return, "one variant is enough");

	lst = self->fds[0] = mme_listen(SOCK_STREAM, 0);
	ASSERT_LE(0, lst);
	EXPECT_EQ(-EOPNOTSUPP, sock_state(lst));	/* never attached (IPv4) */
	ASSERT_EQ(0, waiter_start(&acc, acceptor_run, lst, NULL, 0));
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, lst));
	enb = self->fds[1] = enb_connect(0);
	ASSERT_LE(0, enb);
	ASSERT_EQ(0, pthread_join(acc.thread, NULL));
	mme = self->fds[2] = acc.ret;
	ASSERT_LE(0, mme);
	ASSERT_EQ(0, sk_set_rcvtimeo(mme, 5000));

	EXPECT_EQ(NASSEC_SOCK_ATTACHED, sock_state(mme));
	EXPECT_EQ(1, listed(&self->nl, mme, &parent));
	EXPECT_EQ(NASSEC_VERDICT_OK, uplink_verdict(&self->ue, 0, enb, mme));
	EXPECT_EQ(0, downlink_protected(mme, enb));
	EXPECT_EQ(self->base + 2, sk_module_refcnt_settled());

	/* The listener gone, the child alone pins the module. */
	close(lst);
	self->fds[0] = -1;
	ASSERT_EQ(self->base + 1, sk_module_refcnt_settled());
	ASSERT_EQ(0, sk_set_rcvtimeo(mme, 1500));
	ASSERT_EQ(0, waiter_start(&rd, reader_run, mme, buf, sizeof(buf)));
	EXPECT_EQ(-1, syscall(SYS_delete_module, "nassec", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	ASSERT_EQ(0, pthread_join(rd.thread, NULL));
	EXPECT_EQ(-1, rd.ret);
	EXPECT_EQ(EAGAIN, rd.err);
	close(mme);
	self->fds[2] = -1;
	EXPECT_EQ(self->base, sk_module_refcnt_settled());
}

/*
 * The listener's mode as SCTP builds the child decides the child's:
 * attached, or detached (plain, PROTECT refused), whether accept() began
 * before or after the change. Nothing is left pinned after the close.
 */
TEST_F(race, accepted_socket_takes_the_listener_mode_at_accept_time)
{
	static const struct {
		const char *ops;	/* a: attach, d: detach, in order */
		bool waiting;		/* accept() already waits meanwhile */
		int state;
	} step[] = {
		{ "a", true, NASSEC_SOCK_ATTACHED },
		{ "d", true, NASSEC_SOCK_DETACHED },
		{ "a", true, NASSEC_SOCK_ATTACHED },
		{ "da", true, NASSEC_SOCK_ATTACHED },
		{ "d", false, NASSEC_SOCK_DETACHED },
		{ "ad", true, NASSEC_SOCK_DETACHED },
		{ "a", false, NASSEC_SOCK_ATTACHED },
		{ "dada", true, NASSEC_SOCK_ATTACHED },
	};
	static struct waiter acc;
	int lst, enb, mme, i;
	const char *op;

	if (!variant->pd_event)
		SKIP(return, "one variant is enough");

	lst = self->fds[0] = mme_listen(SOCK_STREAM, 0);
	ASSERT_LE(0, lst);
	for (i = 0; i < (int)(sizeof(step) / sizeof(step[0])); i++) {
		if (step[i].waiting)
			ASSERT_EQ(0, waiter_start(&acc, acceptor_run, lst, NULL, 0));
		for (op = step[i].ops; *op; op++)
			ASSERT_EQ(0, *op == 'a' ? nlc_sock_attach(&self->nl, lst) :
						  nlc_sock_detach(&self->nl, lst));
		enb = self->fds[1] = enb_connect(0);
		ASSERT_LE(0, enb);
		if (step[i].waiting) {
			ASSERT_EQ(0, pthread_join(acc.thread, NULL));
			mme = acc.ret;
		} else {
			mme = accept(lst, NULL, NULL);
		}
		ASSERT_LE(0, mme);
		self->fds[2] = mme;
		ASSERT_EQ(0, sk_set_rcvtimeo(mme, 5000));
		EXPECT_EQ(step[i].state, sock_state(mme)) {
			TH_LOG("step %d (%s)", i, step[i].ops);
		}
		EXPECT_EQ(step[i].state == NASSEC_SOCK_ATTACHED,
			  listed(&self->nl, mme, NULL));
		EXPECT_EQ(step[i].state == NASSEC_SOCK_ATTACHED ?
			  NASSEC_VERDICT_OK : 0,
			  uplink_verdict(&self->ue, i, enb, mme));
		EXPECT_EQ(step[i].state == NASSEC_SOCK_ATTACHED ? 0 : -EBADFD,
			  downlink_protected(mme, enb));
		close(mme);
		close(enb);
		self->fds[1] = self->fds[2] = -1;
	}
	close(lst);
	self->fds[0] = -1;
	EXPECT_EQ(self->base, sk_module_refcnt_settled());
}

/*
 * A detached socket is plain but for PROTECT: a sender that asks for
 * protection gets EBADFD and nothing reaches the peer, until the socket is
 * attached again. It keeps its module reference until closed.
 */
TEST_F(race, detached_socket_refuses_protect_and_sends_nothing)
{
	static uint8_t msg[MSG_CAP], got[MSG_CAP];
	struct nassec_protect_info pi = { .ue_id = UE_ID, .sec_hdr_type = 2 };
	size_t nas_off;
	struct sk_rx rx;
	int lst, enb, mme, len, v6;

	if (!variant->pd_event)
		SKIP(return, "one variant is enough");

	v6 = self->fds[3] = socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP);
	ASSERT_LE(0, v6);
	EXPECT_EQ(-ENOPROTOOPT, sock_state(v6));	/* never attached (IPv6) */

	lst = self->fds[0] = mme_listen(SOCK_STREAM, 0);
	ASSERT_LE(0, lst);
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, lst));
	enb = self->fds[1] = enb_connect(0);
	ASSERT_LE(0, enb);
	mme = self->fds[2] = accept(lst, NULL, NULL);
	ASSERT_LE(0, mme);
	ASSERT_EQ(0, sk_set_rcvtimeo(mme, 5000));
	ASSERT_EQ(NASSEC_SOCK_ATTACHED, sock_state(mme));
	ASSERT_EQ(0, downlink_protected(mme, enb));

	ASSERT_EQ(0, nlc_sock_detach(&self->nl, mme));
	EXPECT_EQ(NASSEC_SOCK_DETACHED, sock_state(mme));
	EXPECT_EQ(0, listed(&self->nl, mme, NULL));
	EXPECT_EQ(-ENOENT, nlc_sock_detach(&self->nl, mme));
	EXPECT_EQ(-EBADFD, downlink_protected(mme, enb));
	/* Nothing went out: the next thing the eNB reads is a plain send. */
	len = sk_build_dl(UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);
	ASSERT_EQ(len, send(mme, msg, len, 0));
	ASSERT_EQ(len, sk_recv(enb, got, sizeof(got), CTRL_CAP, &rx));
	EXPECT_EQ(0, memcmp(got, msg, len));
	/* Receive is plain. */
	EXPECT_EQ(0, uplink_verdict(&self->ue, 0, enb, mme));
	/* Still pinned: listener and child. */
	EXPECT_EQ(self->base + 2, sk_module_refcnt_settled());
	EXPECT_EQ(-1, syscall(SYS_delete_module, "nassec", O_NONBLOCK));

	/* Detached, any PROTECT is refused so, even one it would find bad. */
	pi.nas_offset = nas_off;
	pi.nas_len = 3;
	EXPECT_EQ(-1, sk_send_s1ap(mme, msg, len, &pi, NULL, 0));
	EXPECT_EQ(EBADFD, errno);

	/* Attached again: the offload as before. */
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, mme));
	EXPECT_EQ(-EEXIST, nlc_sock_attach(&self->nl, mme));
	EXPECT_EQ(NASSEC_SOCK_ATTACHED, sock_state(mme));
	EXPECT_EQ(1, listed(&self->nl, mme, NULL));
	EXPECT_EQ(0, downlink_protected(mme, enb));
	EXPECT_EQ(NASSEC_VERDICT_OK, uplink_verdict(&self->ue, 1, enb, mme));

	close(mme);
	close(lst);
	self->fds[0] = self->fds[2] = -1;
	EXPECT_EQ(self->base, sk_module_refcnt_settled());
}

/* Association ids of a one-to-many socket (at most max). */
static int assoc_ids(int fd, sctp_assoc_t *ids, int max)
{
	union {
		struct sctp_assoc_ids a;
		char buf[sizeof(struct sctp_assoc_ids) + 8 * sizeof(sctp_assoc_t)];
	} u;
	socklen_t len = sizeof(u);
	int i;

	if (getsockopt(fd, IPPROTO_SCTP, SCTP_GET_ASSOC_ID_LIST, &u, &len))
		return -1;
	for (i = 0; i < (int)u.a.gaids_number_of_ids && i < max; i++)
		ids[i] = u.a.gaids_assoc_id[i];
	return i;
}

static int peel_off(int fd, sctp_assoc_t id)
{
	sctp_peeloff_arg_t arg = { .associd = id };
	socklen_t len = sizeof(arg);

	/* SCTP returns the new fd (also in arg.sd) as the call's value. */
	if (getsockopt(fd, IPPROTO_SCTP, SCTP_SOCKOPT_PEELOFF, &arg, &len) < 0)
		return -errno;
	return arg.sd;
}

/*
 * A message read in parts (short buffer) has its rest in the module:
 * peel-off then would move what follows to another socket and strand it.
 */
TEST_F(race, peel_off_while_a_message_is_half_read_is_refused)
{
	static uint8_t msg[MSG_CAP], got[MSG_CAP];
	sctp_assoc_t ids[2];
	size_t nas_off;
	struct sk_rx rx;
	int lst, a, b, len, pfd;

	if (!variant->pd_event)
		SKIP(return, "one variant is enough");

	lst = self->fds[0] = mme_listen(SOCK_SEQPACKET, 0);
	ASSERT_LE(0, lst);
	ASSERT_EQ(0, sk_set_rcvtimeo(lst, 5000));
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, lst));
	a = self->fds[1] = enb_connect(0);
	b = self->fds[2] = enb_connect(0);
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(2, assoc_ids(lst, ids, 2));

	len = sk_build_ul(&self->ue, 0, sk_plain_nas, sizeof(sk_plain_nas),
			  UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);
	ASSERT_EQ(len, send(a, msg, len, 0));
	ASSERT_EQ(16, sk_recv(lst, got, 16, CTRL_CAP, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_FALSE(rx.flags & MSG_EOR);
	EXPECT_EQ(-EBUSY, peel_off(lst, ids[0]));
	EXPECT_EQ(-EBUSY, peel_off(lst, ids[1]));
	EXPECT_EQ(-EBUSY, nlc_sock_detach(&self->nl, lst));
	ASSERT_EQ(len - 16, sk_recv(lst, got + 16, sizeof(got) - 16, CTRL_CAP, &rx));
	EXPECT_TRUE(rx.flags & MSG_EOR);
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
	pfd = peel_off(lst, ids[1]);
	EXPECT_LE(0, pfd);
	if (pfd >= 0)
		close(pfd);
}

/*
 * A message SCTP delivers in parts, cut short by its sender's ABORT, on a
 * one-to-many socket where another association's message waits in SCTP's
 * partial delivery lobby: the parts read end as one MALFORMED message with
 * MSG_EOR; what follows (the PD_ABORTED notification when subscribed, the
 * other association's message) is delivered separately and intact.
 */
TEST_F(race, partial_delivery_cut_short_by_abort_ends_the_message)
{
	static uint8_t plain[BIG_NAS], msg[MSG_CAP], small[MSG_CAP], got[MSG_CAP];
	struct sctp_event ev = { .se_type = SCTP_PARTIAL_DELIVERY_EVENT, .se_on = 1 };
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	uint32_t pd = PD_POINT;
	size_t nas_off;
	struct sk_rx rx;
	int lst, a, b, len, slen;

	sk_big_nas(plain, BIG_NAS);
	lst = self->fds[0] = mme_listen(SOCK_SEQPACKET, 2048);
	ASSERT_LE(0, lst);
	ASSERT_EQ(0, setsockopt(lst, IPPROTO_SCTP, SCTP_PARTIAL_DELIVERY_POINT,
				&pd, sizeof(pd)));
	if (variant->pd_event)
		ASSERT_EQ(0, setsockopt(lst, IPPROTO_SCTP, SCTP_EVENT, &ev,
					sizeof(ev)));
	ASSERT_EQ(0, sk_set_rcvtimeo(lst, 5000));
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, lst));
	a = self->fds[1] = enb_connect(PD_MAXSEG);
	b = self->fds[2] = enb_connect(0);
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);

	/* A's message stalls on the MME's small window, partly delivered. */
	len = sk_build_ul(&self->ue, 0, plain, sizeof(plain),
			  UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);
	ASSERT_LT(BIG_NAS, len);
	ASSERT_EQ(len, send(a, msg, len, 0));
	usleep(300000);
	/* B's goes to the lobby behind A's partial delivery. */
	slen = sk_build_ul(&self->ue, 1, sk_plain_nas, sizeof(sk_plain_nas),
			   UE_ID, ENB_UE_ID, small, MSG_CAP, &nas_off);
	ASSERT_EQ(slen, send(b, small, slen, 0));
	usleep(300000);
	ASSERT_EQ(0, setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(a);
	self->fds[1] = -1;
	usleep(300000);

	ASSERT_LT(0, sk_recv(lst, got, sizeof(got), CTRL_CAP, &rx));
	EXPECT_GT(len, rx.len);
	EXPECT_TRUE(rx.flags & MSG_EOR);
	EXPECT_FALSE(rx.flags & MSG_NOTIFICATION);
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_MALFORMED, rx.vi.verdict);
	EXPECT_EQ(0, memcmp(got, msg, rx.len));

	if (variant->pd_event) {
		ASSERT_LT(0, sk_recv(lst, got, sizeof(got), CTRL_CAP, &rx));
		EXPECT_TRUE(rx.flags & MSG_NOTIFICATION);
		EXPECT_FALSE(rx.has_verdict);
		EXPECT_EQ(SCTP_PARTIAL_DELIVERY_EVENT,
			  ((union sctp_notification *)got)->sn_header.sn_type);
	}
	ASSERT_EQ(slen, sk_recv(lst, got, sizeof(got), CTRL_CAP, &rx));
	EXPECT_TRUE(rx.flags & MSG_EOR);
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
	EXPECT_EQ(1, rx.vi.count);
	EXPECT_EQ(0, memcmp(got + nas_off + UE_NAS_HDR_LEN, sk_plain_nas,
			    sizeof(sk_plain_nas)));
}

static int lo_set(bool up)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err;

	if (fd < 0)
		return -1;
	err = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!err) {
		ifr.ifr_flags = up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP;
		err = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return err;
}

/*
 * A reader holds the first parts of a message and waits in SCTP for the
 * rest: SOCK_DETACH must refuse (EBUSY) rather than strand them, and the
 * reader then gets the whole message, verified.
 */
TEST_F(race, detach_while_a_reader_waits_for_the_rest_is_refused)
{
	static uint8_t plain[BIG_NAS], msg[MSG_CAP], got[MSG_CAP];
	static struct waiter rd;
	uint32_t pd = PD_POINT;
	size_t nas_off;
	int lst, a, mme, len;

	if (!variant->pd_event)
		SKIP(return, "one variant is enough");
	sk_big_nas(plain, BIG_NAS);
	lst = self->fds[0] = mme_listen(SOCK_STREAM, 2048);
	ASSERT_LE(0, lst);
	ASSERT_EQ(0, setsockopt(lst, IPPROTO_SCTP, SCTP_PARTIAL_DELIVERY_POINT,
				&pd, sizeof(pd)));
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, lst));
	a = self->fds[1] = enb_connect(PD_MAXSEG);
	ASSERT_LE(0, a);
	mme = self->fds[2] = accept(lst, NULL, NULL);
	ASSERT_LE(0, mme);
	ASSERT_EQ(0, sk_set_rcvtimeo(mme, 20000));

	len = sk_build_ul(&self->ue, 0, plain, sizeof(plain),
			  UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);
	ASSERT_EQ(len, send(a, msg, len, 0));
	usleep(300000);
	/* The rest cannot come while lo is down. */
	ASSERT_EQ(0, lo_set(false));
	ASSERT_EQ(0, waiter_start(&rd, reader_run, mme, got, sizeof(got)));
	EXPECT_EQ(-EBUSY, nlc_sock_detach(&self->nl, mme));
	ASSERT_EQ(0, lo_set(true));
	ASSERT_EQ(0, pthread_join(rd.thread, NULL));
	ASSERT_EQ(len, rd.ret);
	EXPECT_TRUE(rd.rx.flags & MSG_EOR);
	ASSERT_TRUE(rd.rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_OK, rd.rx.vi.verdict);
	EXPECT_EQ(0, memcmp(got + nas_off + UE_NAS_HDR_LEN, plain, BIG_NAS));
	EXPECT_EQ(0, nlc_sock_detach(&self->nl, mme));
}

/*
 * While one reader waits in SCTP for the rest of a message, a MSG_DONTWAIT
 * read on the same socket returns EAGAIN at once instead of waiting for
 * that reader (found in review: it slept on the reader's lock).
 */
TEST_F(race, nonblocking_read_does_not_wait_for_a_reader_holding_a_message)
{
	static uint8_t plain[BIG_NAS], msg[MSG_CAP], got[MSG_CAP], other[MSG_CAP];
	static struct waiter rd;
	uint32_t pd = PD_POINT;
	struct timespec t0, t1;
	size_t nas_off;
	int lst, a, mme, len, ret, err;
	double waited;

	if (!variant->pd_event)
		SKIP(return, "one variant is enough");
	sk_big_nas(plain, BIG_NAS);
	lst = self->fds[0] = mme_listen(SOCK_STREAM, 2048);
	ASSERT_LE(0, lst);
	ASSERT_EQ(0, setsockopt(lst, IPPROTO_SCTP, SCTP_PARTIAL_DELIVERY_POINT,
				&pd, sizeof(pd)));
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, lst));
	a = self->fds[1] = enb_connect(PD_MAXSEG);
	ASSERT_LE(0, a);
	mme = self->fds[2] = accept(lst, NULL, NULL);
	ASSERT_LE(0, mme);
	ASSERT_EQ(0, sk_set_rcvtimeo(mme, 20000));

	len = sk_build_ul(&self->ue, 0, plain, sizeof(plain),
			  UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);
	ASSERT_EQ(len, send(a, msg, len, 0));
	usleep(300000);
	/* The rest cannot come while lo is down: the reader waits for it. */
	ASSERT_EQ(0, lo_set(false));
	ASSERT_EQ(0, waiter_start(&rd, reader_run, mme, got, sizeof(got)));
	usleep(500000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = recv(mme, other, sizeof(other), MSG_DONTWAIT);
	err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ASSERT_EQ(0, lo_set(true));
	waited = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EAGAIN, err);
	EXPECT_GT(2.0, waited);
	ASSERT_EQ(0, pthread_join(rd.thread, NULL));
	ASSERT_EQ(len, rd.ret);
	ASSERT_TRUE(rd.rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_OK, rd.rx.vi.verdict);
}

/*
 * A one-to-one socket whose peer sent a message and then aborted: the
 * message first, then ECONNRESET, as on a plain socket; nothing held in
 * between (a detach passes), nothing left behind (kmemleak, debug kernel).
 */
TEST_F(race, message_before_an_abort_is_read_then_the_reset)
{
	static uint8_t msg[MSG_CAP], got[MSG_CAP];
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	size_t nas_off;
	struct sk_rx rx;
	int lst, a, mme, len, i;

	if (!variant->pd_event)
		SKIP(return, "one variant is enough");
	lst = self->fds[0] = mme_listen(SOCK_STREAM, 0);
	ASSERT_LE(0, lst);
	ASSERT_EQ(0, nlc_sock_attach(&self->nl, lst));
	for (i = 0; i < 4; i++) {
		a = enb_connect(0);
		ASSERT_LE(0, a);
		mme = accept(lst, NULL, NULL);
		ASSERT_LE(0, mme);
		self->fds[2] = mme;
		ASSERT_EQ(0, sk_set_rcvtimeo(mme, 5000));
		len = sk_build_ul(&self->ue, i, sk_plain_nas, sizeof(sk_plain_nas),
				  UE_ID, ENB_UE_ID, msg, MSG_CAP, &nas_off);
		ASSERT_EQ(len, send(a, msg, len, 0));
		usleep(100000);
		ASSERT_EQ(0, setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
		close(a);
		usleep(200000);
		ASSERT_EQ(len, sk_recv(mme, got, sizeof(got), CTRL_CAP, &rx));
		ASSERT_TRUE(rx.has_verdict);
		EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
		EXPECT_EQ(0, nlc_sock_detach(&self->nl, mme));
		EXPECT_EQ(-1, sk_recv(mme, got, sizeof(got), CTRL_CAP, &rx));
		EXPECT_EQ(ECONNRESET, errno);
		ASSERT_EQ(0, nlc_sock_attach(&self->nl, mme));
		close(mme);
		self->fds[2] = -1;
	}
}

TEST_HARNESS_MAIN
