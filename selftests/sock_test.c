// SPDX-License-Identifier: GPL-2.0
/*
 * Inline NAS security on attached SCTP sockets: an MME network namespace
 * and an eNB network namespace joined by veth, S1AP over SCTP between
 * them, contexts programmed over generic netlink. The UE side of NAS
 * security runs on ipsec-mb/OpenSSL (tools/lib/ue/ue_nas.c), never on the module.
 */
// nassec-ldlibs: -I../tools/lib/s1ap -I../kmod ../tools/lib/s1ap/*.c ../tools/lib/ue/ue_nas.c -lnl-genl-3 -lnl-3 -lIPSec_MB -lcrypto
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sctp.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

/* The harness compares its operands as given: literals with u32 fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "../uapi/linux/nassec.h"
#include "kselftest_harness.h"
#include "s1ap_build.h"
#include "ue_nas.h"

#define MME_ADDR	"10.200.0.1"
#define ENB_ADDR	"10.200.0.2"
#define S1AP_PPID	NASSEC_S1AP_PPID
#define ENB_UE_ID	7
#define MSG_CAP		4096

/* ---- generic netlink ---- */

struct nl {
	struct nl_sock *sk;
	int family;
};

struct nl_result {
	int error;	/* 1 while waiting, then 0 or a negative errno */
	int (*parse)(struct nlattr **attrs, void *arg);
	void *arg;
};

static int nl_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	((struct nl_result *)arg)->error = e->error;
	return NL_STOP;
}

static int nl_on_done(struct nl_msg *m, void *arg)
{
	((struct nl_result *)arg)->error = 0;
	return NL_STOP;
}

static int nl_on_valid(struct nl_msg *m, void *arg)
{
	struct nl_result *r = arg;
	struct nlattr *attrs[NASSEC_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(m), 0, attrs, NASSEC_A_MAX, NULL) < 0)
		return NL_SKIP;
	if (r->parse)
		r->parse(attrs, r->arg);
	return NL_OK;
}

static int nl_open(struct nl *nl)
{
	nl->sk = nl_socket_alloc();
	if (!nl->sk || genl_connect(nl->sk))
		return -1;
	nl->family = genl_ctrl_resolve(nl->sk, NASSEC_GENL_NAME);
	return nl->family < 0 ? -1 : 0;
}

static struct nl_msg *nl_msg(struct nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags, cmd,
		    NASSEC_GENL_VERSION);
	return msg;
}

/* Sends msg (freed), waits for the ack/done; 0 or a negative errno. */
static int nl_run(struct nl *nl, struct nl_msg *msg,
		  int (*parse)(struct nlattr **, void *), void *arg)
{
	struct nl_result r = { .error = 1, .parse = parse, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	nl_cb_err(cb, NL_CB_CUSTOM, nl_on_error, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, nl_on_done, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, nl_on_done, &r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nl_on_valid, &r);
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	while (err >= 0 && r.error > 0)
		err = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	/* libnl reports a kernel error as its own code too: ours wins. */
	return r.error <= 0 ? r.error : -EIO;
}

static int ctx_new(struct nl *nl, uint32_t ue_id, const uint8_t kasme[32],
		   uint8_t eia, uint8_t eea)
{
	struct nl_msg *msg = nl_msg(nl, NASSEC_CMD_CTX_NEW, 0);
	struct nlattr *slot;

	nla_put_u32(msg, NASSEC_A_UE_ID, ue_id);
	slot = nla_nest_start(msg, NASSEC_A_SLOT_CUR | NLA_F_NESTED);
	nla_put(msg, NASSEC_SLOT_A_KASME, 32, kasme);
	nla_put_u8(msg, NASSEC_SLOT_A_EKSI, 1);
	nla_put_u8(msg, NASSEC_SLOT_A_EIA, eia);
	nla_put_u8(msg, NASSEC_SLOT_A_EEA, eea);
	nla_nest_end(msg, slot);
	return nl_run(nl, msg, NULL, NULL);
}

static int ctx_del(struct nl *nl, uint32_t ue_id)
{
	struct nl_msg *msg = nl_msg(nl, NASSEC_CMD_CTX_DEL, 0);

	nla_put_u32(msg, NASSEC_A_UE_ID, ue_id);
	return nl_run(nl, msg, NULL, NULL);
}

static int ctx_freeze(struct nl *nl, uint32_t ue_id, int frozen)
{
	struct nl_msg *msg = nl_msg(nl, NASSEC_CMD_CTX_SET, 0);

	nla_put_u32(msg, NASSEC_A_UE_ID, ue_id);
	nla_put_u8(msg, NASSEC_A_FROZEN, frozen);
	return nl_run(nl, msg, NULL, NULL);
}

static int sock_attach(struct nl *nl, int fd)
{
	struct nl_msg *msg = nl_msg(nl, NASSEC_CMD_SOCK_ATTACH, 0);

	nla_put_s32(msg, NASSEC_A_SOCK_FD, fd);
	return nl_run(nl, msg, NULL, NULL);
}

static int sock_detach_fd(struct nl *nl, int fd)
{
	struct nl_msg *msg = nl_msg(nl, NASSEC_CMD_SOCK_DETACH, 0);

	nla_put_s32(msg, NASSEC_A_SOCK_FD, fd);
	return nl_run(nl, msg, NULL, NULL);
}

static int sock_detach_id(struct nl *nl, uint64_t id)
{
	struct nl_msg *msg = nl_msg(nl, NASSEC_CMD_SOCK_DETACH, 0);

	nla_put_u64(msg, NASSEC_A_SOCK_ID, id);
	return nl_run(nl, msg, NULL, NULL);
}

struct sock_entry {
	uint64_t id, parent_id;
	uint32_t type;
	uint8_t listening;
	uint64_t c[NASSEC_SOCK_A_MAX + 1];
};

struct sock_table {
	struct sock_entry e[16];
	int n;
};

static int sock_list_parse(struct nlattr **attrs, void *arg)
{
	struct sock_table *t = arg;
	struct nlattr *a[NASSEC_SOCK_A_MAX + 1];
	struct sock_entry *e;
	int i;

	if (!attrs[NASSEC_A_SOCK] || t->n == 16 ||
	    nla_parse_nested(a, NASSEC_SOCK_A_MAX, attrs[NASSEC_A_SOCK], NULL))
		return -1;
	e = &t->e[t->n++];
	memset(e, 0, sizeof(*e));
	if (a[NASSEC_SOCK_A_ID])
		e->id = nla_get_u64(a[NASSEC_SOCK_A_ID]);
	if (a[NASSEC_SOCK_A_PARENT_ID])
		e->parent_id = nla_get_u64(a[NASSEC_SOCK_A_PARENT_ID]);
	if (a[NASSEC_SOCK_A_TYPE])
		e->type = nla_get_u32(a[NASSEC_SOCK_A_TYPE]);
	if (a[NASSEC_SOCK_A_LISTENING])
		e->listening = nla_get_u8(a[NASSEC_SOCK_A_LISTENING]);
	for (i = NASSEC_SOCK_A_RX_MSGS; i <= NASSEC_SOCK_A_TX_REFUSED; i++)
		if (a[i])
			e->c[i] = nla_get_u64(a[i]);
	return 0;
}

static int sock_list(struct nl *nl, struct sock_table *t)
{
	t->n = 0;
	return nl_run(nl, nl_msg(nl, NASSEC_CMD_SOCK_LIST, NLM_F_DUMP),
		      sock_list_parse, t);
}

static struct sock_entry *sock_find(struct sock_table *t, uint64_t id)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].id == id)
			return &t->e[i];
	return NULL;
}

static uint64_t inode_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

/* ---- SCTP ---- */

/* One S1AP message; pi: a NASSEC_CMSG_PROTECT to add, or NULL. */
static ssize_t send_msg(int fd, const void *buf, size_t len, uint32_t ppid,
			const struct nassec_protect_info *pi,
			const struct sockaddr_in *to)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct sctp_sndinfo)) +
			 CMSG_SPACE(sizeof(struct nassec_protect_info))];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = {
		.msg_name = (void *)to,
		.msg_namelen = to ? sizeof(*to) : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctrl.buf,
	};
	struct sctp_sndinfo info = { .snd_ppid = htonl(ppid) };
	struct cmsghdr *c;

	memset(&ctrl, 0, sizeof(ctrl));
	mh.msg_controllen = CMSG_SPACE(sizeof(info)) +
			    (pi ? CMSG_SPACE(sizeof(*pi)) : 0);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_SCTP;
	c->cmsg_type = SCTP_SNDINFO;
	c->cmsg_len = CMSG_LEN(sizeof(info));
	memcpy(CMSG_DATA(c), &info, sizeof(info));
	if (pi) {
		c = CMSG_NXTHDR(&mh, c);
		c->cmsg_level = SOL_NASSEC;
		c->cmsg_type = NASSEC_CMSG_PROTECT;
		c->cmsg_len = CMSG_LEN(sizeof(*pi));
		memcpy(CMSG_DATA(c), pi, sizeof(*pi));
	}
	return sendmsg(fd, &mh, 0);
}

struct rx {
	ssize_t len;
	int flags;		/* msg_flags */
	bool has_verdict;
	struct nassec_verdict_info vi;
	uint32_t ppid;
	bool has_ppid;
};

/*
 * One recvmsg with a control buffer of ctrl_len octets; notifications are
 * skipped. -1 with errno on failure.
 */
static ssize_t recv_msg(int fd, void *buf, size_t cap, size_t ctrl_len,
			int flags, struct rx *rx)
{
	union {
		char buf[1024];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr mh;
	struct cmsghdr *c;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctrl_len ? ctrl.buf : NULL;
		mh.msg_controllen = ctrl_len;
		memset(rx, 0, sizeof(*rx));
		rx->len = recvmsg(fd, &mh, flags);
		if (rx->len < 0)
			return -1;
		if (!(mh.msg_flags & MSG_NOTIFICATION))
			break;
	}
	rx->flags = mh.msg_flags;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_NASSEC && c->cmsg_type == NASSEC_CMSG_VERDICT &&
		    c->cmsg_len == CMSG_LEN(sizeof(rx->vi))) {
			memcpy(&rx->vi, CMSG_DATA(c), sizeof(rx->vi));
			rx->has_verdict = true;
		}
		if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO) {
			struct sctp_rcvinfo ri;

			memcpy(&ri, CMSG_DATA(c), sizeof(ri));
			rx->ppid = ntohl(ri.rcv_ppid);
			rx->has_ppid = true;
		}
	}
	return rx->len;
}

static int enable_rcvinfo(int fd)
{
	int on = 1;

	return setsockopt(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on));
}

static int set_rcvtimeo(int fd, int seconds)
{
	struct timeval tv = { .tv_sec = seconds };

	return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/* ---- namespaces ---- */

static int run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/*
 * The two namespaces and the veth between them are made once per program
 * (process spawns are slow in the TCG test VM); each test brings its own
 * sockets on its own port and its own context.
 */
static char mme_ns_name[32], enb_ns_name[32];
static pid_t netns_creator;
static bool netns_ready;

static void __attribute__((constructor)) netns_create(void)
{
	netns_creator = getpid();
	snprintf(mme_ns_name, sizeof(mme_ns_name), "nassec-mme-%d", netns_creator);
	snprintf(enb_ns_name, sizeof(enb_ns_name), "nassec-enb-%d", netns_creator);
	netns_ready = !run("ip netns add %s && ip netns add %s && "
			   "ip -n %s link add veth0 type veth peer name veth1 netns %s && "
			   "ip -n %s addr add %s/24 dev veth0 && ip -n %s link set veth0 up && "
			   "ip -n %s link set lo up && "
			   "ip -n %s addr add %s/24 dev veth1 && ip -n %s link set veth1 up && "
			   "ip -n %s link set lo up",
			   mme_ns_name, enb_ns_name, mme_ns_name, enb_ns_name,
			   mme_ns_name, MME_ADDR, mme_ns_name, mme_ns_name,
			   enb_ns_name, ENB_ADDR, enb_ns_name, enb_ns_name);
}

static void __attribute__((destructor)) netns_destroy(void)
{
	if (getpid() == netns_creator)
		run("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null",
		    mme_ns_name, enb_ns_name);
}

static int netns_open(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* ---- messages ---- */

/* EMM INFORMATION (TS 24.301 8.2.13) with a network name: the inner message. */
static const uint8_t plain_nas[] = {
	0x07, 0x61, 0x43, 0x06, 0x81, 0xc4, 0x74, 0x98, 0x4c, 0x02,
	0x47, 0x45, 0x46, 0x01, 0x02, 0x49, 0x00, 0x18, 0x30, 0x63,
};

static const uint8_t kasme_base[32] = {
	0x23, 0x8e, 0x45, 0x7e, 0x0f, 0x75, 0x8b, 0xad, 0xbc, 0xa8, 0xd3,
	0x4b, 0xb2, 0x61, 0x2c, 0x10, 0x42, 0x8d, 0x42, 0x6e, 0x00, 0xc3,
	0x43, 0x5d, 0x5b, 0x4c, 0x1b, 0x8c, 0x61, 0x0d, 0x5a, 0x6c,
};

static void test_plmn(struct s1ap_plmn *p)
{
	s1ap_plmn_from_digits(p, "001", "01");
}

/* Uplink NAS Transport carrying nas (len octets); returns its length. */
static int build_ul(uint8_t *buf, uint32_t ue_id, const uint8_t *nas, size_t len,
		    size_t *nas_off)
{
	struct s1ap_uplink_nas_transport m = {
		.ids = { .mme_ue_id = ue_id, .enb_ue_id = ENB_UE_ID },
		.nas = { .data = nas, .len = len },
		.ecgi = { .cell_id = 0x1234567 },
		.tai = { .tac = 1 },
	};

	test_plmn(&m.ecgi.plmn);
	test_plmn(&m.tai.plmn);
	return s1ap_build_uplink_nas_transport(buf, MSG_CAP, &m, nas_off);
}

/* Downlink NAS Transport with room for the header in front of plain_nas. */
static int build_dl(uint8_t *buf, uint32_t ue_id, size_t *nas_off)
{
	uint8_t nas[UE_NAS_HDR_LEN + sizeof(plain_nas)] = { 0 };
	struct s1ap_downlink_nas_transport m = {
		.ids = { .mme_ue_id = ue_id, .enb_ue_id = ENB_UE_ID },
		.nas = { .data = nas, .len = sizeof(nas) },
	};

	memcpy(nas + UE_NAS_HDR_LEN, plain_nas, sizeof(plain_nas));
	return s1ap_build_downlink_nas_transport(buf, MSG_CAP, &m, nas_off);
}

/* ---- fixture ---- */

struct peers {
	int mme_ns, enb_ns;
	struct nl nl;
	int listener;		/* the MME's bound socket */
	int mme;		/* the MME's socket of the association */
	int enb;
	struct sockaddr_in enb_addr;	/* for sends on a one-to-many socket */
	struct ue_nas ue;
	uint32_t ue_id;
};

static int peers_setup(struct peers *p, bool one_to_one, bool attach,
		       uint8_t eia, uint8_t eea)
{
	struct sockaddr_in mme = { .sin_family = AF_INET };
	socklen_t alen = sizeof(p->enb_addr);
	uint8_t kasme[32];
	int on = 1;

	memset(p, 0, sizeof(*p));
	p->listener = p->mme = p->enb = p->mme_ns = p->enb_ns = -1;
	if (!netns_ready)
		return -1;
	p->mme_ns = netns_open(mme_ns_name);
	p->enb_ns = netns_open(enb_ns_name);
	if (p->mme_ns < 0 || p->enb_ns < 0 || setns(p->mme_ns, CLONE_NEWNET))
		return -1;
	if (nl_open(&p->nl))
		return -1;

	/* Each test (a child process) on a port of its own. */
	mme.sin_port = htons(20000 + getpid() % 30000);
	p->listener = socket(AF_INET, one_to_one ? SOCK_STREAM : SOCK_SEQPACKET,
			     IPPROTO_SCTP);
	inet_pton(AF_INET, MME_ADDR, &mme.sin_addr);
	if (p->listener < 0 ||
	    setsockopt(p->listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    bind(p->listener, (void *)&mme, sizeof(mme)) || listen(p->listener, 8))
		return -1;
	if (attach && sock_attach(&p->nl, p->listener))
		return -1;

	if (setns(p->enb_ns, CLONE_NEWNET))
		return -1;
	p->enb = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (p->enb < 0 || connect(p->enb, (void *)&mme, sizeof(mme)))
		return -1;
	if (getsockname(p->enb, (void *)&p->enb_addr, &alen) ||
	    setns(p->mme_ns, CLONE_NEWNET))
		return -1;
	inet_pton(AF_INET, ENB_ADDR, &p->enb_addr.sin_addr);

	p->mme = one_to_one ? accept(p->listener, NULL, NULL) : p->listener;
	if (p->mme < 0 || enable_rcvinfo(p->mme) || enable_rcvinfo(p->enb) ||
	    set_rcvtimeo(p->mme, 5) || set_rcvtimeo(p->enb, 5))
		return -1;

	memcpy(kasme, kasme_base, sizeof(kasme));
	kasme[0] ^= (uint8_t)(eia << 4 | eea);
	p->ue_id = 1000 + eia * 10 + eea;
	ctx_del(&p->nl, p->ue_id);	/* left by an earlier test */
	if (ue_nas_init(&p->ue, kasme, eia, eea) ||
	    ctx_new(&p->nl, p->ue_id, kasme, eia, eea))
		return -1;
	return 0;
}

static void peers_teardown(struct peers *p)
{
	if (p->nl.sk) {
		ctx_del(&p->nl, p->ue_id);
		nl_socket_free(p->nl.sk);
	}
	if (p->enb >= 0)
		close(p->enb);
	if (p->mme >= 0 && p->mme != p->listener)
		close(p->mme);
	if (p->listener >= 0)
		close(p->listener);
	if (p->mme_ns >= 0)
		close(p->mme_ns);
	if (p->enb_ns >= 0)
		close(p->enb_ns);
}

/*
 * The MME sends a downlink NAS-PDU to the eNB; the return of sendmsg. As
 * every sender must (libnassec's nassec_cmsg_add_protect does the same), it
 * refuses with EBADFD unless the module holds the socket attached: SCTP
 * ignores a PROTECT cmsg it does not know and would send the PDU in clear.
 */
static ssize_t mme_send_dl(struct peers *p, uint32_t ue_id, uint8_t sht,
			   uint8_t *msg, int *len, size_t *nas_off)
{
	struct nassec_protect_info pi = { .ue_id = ue_id, .sec_hdr_type = sht };
	socklen_t optlen = sizeof(int);
	int state = 0;

	if (getsockopt(p->mme, SOL_NASSEC, NASSEC_SOCKOPT_STATE, &state,
		       &optlen) || state != NASSEC_SOCK_ATTACHED) {
		errno = EBADFD;
		return -1;
	}

	*len = build_dl(msg, ue_id, nas_off);
	if (*len < 0)
		return -1;
	pi.nas_offset = *nas_off;
	pi.nas_len = UE_NAS_HDR_LEN + sizeof(plain_nas);
	return send_msg(p->mme, msg, *len, S1AP_PPID, &pi,
			p->mme == p->listener ? &p->enb_addr : NULL);
}

/* Uplink NAS Transport with a NAS message the UE protected with count. */
static int build_ul_protected(struct peers *p, uint8_t sht, uint32_t count,
			      uint8_t *msg, size_t *nas_off, bool tamper)
{
	uint8_t nas[UE_NAS_HDR_LEN + sizeof(plain_nas)];

	ue_nas_protect(&p->ue, sht, count, UE_NAS_DIR_UL, plain_nas,
		       sizeof(plain_nas), nas);
	if (tamper)
		nas[2] ^= 0x01;
	return build_ul(msg, p->ue_id, nas, sizeof(nas), nas_off);
}

/* The eNB forwards it. */
static int enb_send_ul(struct peers *p, uint8_t sht, uint32_t count,
		       uint8_t *msg, size_t *nas_off, uint32_t ppid, bool tamper)
{
	int len = build_ul_protected(p, sht, count, msg, nas_off, tamper);

	if (len < 0 || send_msg(p->enb, msg, len, ppid, NULL, NULL) != len)
		return -1;
	return len;
}

FIXTURE(algs) {
	struct peers p;
};

FIXTURE_VARIANT(algs) {
	uint8_t eia, eea;
	bool one_to_one;
};

#define ALG_VARIANT(i, e, o, name)					\
	FIXTURE_VARIANT_ADD(algs, name) { .eia = i, .eea = e, .one_to_one = o }
ALG_VARIANT(1, 0, false, eia1_eea0);
ALG_VARIANT(1, 1, false, eia1_eea1);
ALG_VARIANT(1, 2, false, eia1_eea2);
ALG_VARIANT(1, 3, false, eia1_eea3);
ALG_VARIANT(2, 0, false, eia2_eea0);
ALG_VARIANT(2, 1, false, eia2_eea1);
ALG_VARIANT(2, 2, false, eia2_eea2);
ALG_VARIANT(2, 3, false, eia2_eea3);
ALG_VARIANT(3, 0, false, eia3_eea0);
ALG_VARIANT(3, 1, false, eia3_eea1);
ALG_VARIANT(3, 2, false, eia3_eea2);
ALG_VARIANT(3, 3, false, eia3_eea3);
ALG_VARIANT(1, 1, true, eia1_eea1_one_to_one);
ALG_VARIANT(2, 2, true, eia2_eea2_one_to_one);
ALG_VARIANT(3, 3, true, eia3_eea3_one_to_one);

FIXTURE_SETUP(algs)
{
	ASSERT_EQ(0, peers_setup(&self->p, variant->one_to_one, true,
				 variant->eia, variant->eea));
}

FIXTURE_TEARDOWN(algs)
{
	peers_teardown(&self->p);
}

TEST_F(algs, downlink_protected_on_send_verifies_at_the_ue)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off, nas_len = UE_NAS_HDR_LEN + sizeof(plain_nas);
	uint32_t count;
	struct rx rx;
	int len;

	for (count = 0; count < 3; count++) {
		ASSERT_LT(0, mme_send_dl(&self->p, self->p.ue_id, 2, msg, &len,
					 &nas_off));
		ASSERT_EQ(len, recv_msg(self->p.enb, got, sizeof(got), 1024, 0, &rx));
		EXPECT_EQ(S1AP_PPID, rx.ppid);
		/* Everything around the NAS-PDU is as the MME wrote it. */
		EXPECT_EQ(0, memcmp(got, msg, nas_off));
		EXPECT_EQ(0x27, got[nas_off]);
		EXPECT_EQ(count, got[nas_off + 5]);
		if (variant->eea)
			EXPECT_NE(0, memcmp(got + nas_off + UE_NAS_HDR_LEN,
					    plain_nas, sizeof(plain_nas)));
		EXPECT_EQ(0, ue_nas_unprotect(&self->p.ue, count, UE_NAS_DIR_DL,
					      got + nas_off, nas_len));
		EXPECT_EQ(0, memcmp(got + nas_off + UE_NAS_HDR_LEN, plain_nas,
				    sizeof(plain_nas)));
	}
}

TEST_F(algs, security_mode_command_type_is_integrity_only)
{
	uint8_t msg[MSG_CAP];
	size_t nas_off;
	int len;

	/* Type 3 needs the new slot, which this context does not have. */
	EXPECT_EQ(-1, mme_send_dl(&self->p, self->p.ue_id, 3, msg, &len, &nas_off));
	EXPECT_EQ(ENOKEY, errno);
}

TEST_F(algs, uplink_protected_by_the_ue_is_verified_and_deciphered)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	uint32_t count;
	struct rx rx;
	int len;

	for (count = 0; count < 3; count++) {
		len = enb_send_ul(&self->p, 2, count, msg, &nas_off, S1AP_PPID, false);
		ASSERT_LT(0, len);
		ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
		ASSERT_TRUE(rx.has_verdict);
		EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
		EXPECT_EQ(self->p.ue_id, rx.vi.ue_id);
		EXPECT_EQ(count, rx.vi.count);
		EXPECT_EQ(nas_off, rx.vi.nas_offset);
		EXPECT_EQ(UE_NAS_HDR_LEN + sizeof(plain_nas), rx.vi.nas_len);
		EXPECT_EQ(2, rx.vi.sec_hdr_type);
		EXPECT_EQ(13, rx.vi.procedure);
		EXPECT_TRUE(rx.flags & MSG_EOR);
		EXPECT_TRUE(rx.has_ppid);
		/* Header, MAC and SQN stay; the inner message is plain. */
		EXPECT_EQ(0, memcmp(got, msg, nas_off + UE_NAS_HDR_LEN));
		EXPECT_EQ(0, memcmp(got + nas_off + UE_NAS_HDR_LEN, plain_nas,
				    sizeof(plain_nas)));
	}
}

TEST_F(algs, tampered_mac_is_rejected_and_not_deciphered)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, true);
	ASSERT_LT(0, len);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_MAC_FAIL, rx.vi.verdict);
	EXPECT_EQ(0, memcmp(got, msg, len));
	/* The same COUNT with a good MAC is still accepted afterwards. */
	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
}

TEST_F(algs, replay_of_accepted_pdu_is_rejected)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = enb_send_ul(&self->p, 2, 5, msg, &nas_off, S1AP_PPID, false);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
	ASSERT_EQ(len, send_msg(self->p.enb, msg, len, S1AP_PPID, NULL, NULL));
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_REPLAY, rx.vi.verdict);
	EXPECT_EQ(0, memcmp(got, msg, len));
}

/* ---- socket behaviour, one algorithm pair ---- */

FIXTURE(sock) {
	struct peers p;
};

FIXTURE_VARIANT(sock) {
	bool one_to_one;
};

FIXTURE_VARIANT_ADD(sock, one_to_many) { .one_to_one = false };
FIXTURE_VARIANT_ADD(sock, one_to_one) { .one_to_one = true };

FIXTURE_SETUP(sock)
{
	ASSERT_EQ(0, peers_setup(&self->p, variant->one_to_one, true, 2, 2));
}

FIXTURE_TEARDOWN(sock)
{
	peers_teardown(&self->p);
}

TEST_F(sock, unknown_ue_is_refused_on_send_and_unassociated_on_receive)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP], nas[UE_NAS_HDR_LEN + sizeof(plain_nas)];
	size_t nas_off;
	struct rx rx;
	int len;

	EXPECT_EQ(-1, mme_send_dl(&self->p, 4242, 2, msg, &len, &nas_off));
	EXPECT_EQ(ENOKEY, errno);

	ue_nas_protect(&self->p.ue, 2, 0, UE_NAS_DIR_UL, plain_nas,
		       sizeof(plain_nas), nas);
	len = build_ul(msg, 4242, nas, sizeof(nas), &nas_off);
	ASSERT_EQ(len, send_msg(self->p.enb, msg, len, S1AP_PPID, NULL, NULL));
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_NO_CONTEXT, rx.vi.verdict);
	EXPECT_EQ(4242, rx.vi.ue_id);
	EXPECT_EQ(0, memcmp(got, msg, len));
}

TEST_F(sock, bad_protect_cmsgs_are_refused_and_nothing_is_sent)
{
	struct nassec_protect_info pi = { .ue_id = self->p.ue_id, .sec_hdr_type = 2 };
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	const struct sockaddr_in *to;
	size_t nas_off;
	struct rx rx;
	int len;

	to = self->p.mme == self->p.listener ? &self->p.enb_addr : NULL;
	len = build_dl(msg, self->p.ue_id, &nas_off);
	ASSERT_LT(0, len);
	pi.nas_offset = nas_off;
	pi.nas_len = len - nas_off + 1;		/* past the end */
	EXPECT_EQ(-1, send_msg(self->p.mme, msg, len, S1AP_PPID, &pi, to));
	EXPECT_EQ(EBADMSG, errno);
	pi.nas_len = 6;				/* no room for a message */
	EXPECT_EQ(-1, send_msg(self->p.mme, msg, len, S1AP_PPID, &pi, to));
	EXPECT_EQ(EBADMSG, errno);
	pi.nas_len = UE_NAS_HDR_LEN + sizeof(plain_nas);
	pi.sec_hdr_type = 4;			/* uplink only */
	EXPECT_EQ(-1, send_msg(self->p.mme, msg, len, S1AP_PPID, &pi, to));
	EXPECT_EQ(EINVAL, errno);
	pi.sec_hdr_type = 2;
	pi.reserved[1] = 1;
	EXPECT_EQ(-1, send_msg(self->p.mme, msg, len, S1AP_PPID, &pi, to));
	EXPECT_EQ(EINVAL, errno);
	pi.reserved[1] = 0;
	ASSERT_EQ(0, ctx_freeze(&self->p.nl, self->p.ue_id, 1));
	EXPECT_EQ(-1, send_msg(self->p.mme, msg, len, S1AP_PPID, &pi, to));
	EXPECT_EQ(EACCES, errno);
	ASSERT_EQ(0, ctx_freeze(&self->p.nl, self->p.ue_id, 0));

	/* Nothing reached the eNB; the next good send uses COUNT 0. */
	EXPECT_EQ(-1, recv_msg(self->p.enb, got, sizeof(got), 1024, MSG_DONTWAIT, &rx));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(len, send_msg(self->p.mme, msg, len, S1AP_PPID, &pi, to));
	ASSERT_EQ(len, recv_msg(self->p.enb, got, sizeof(got), 1024, 0, &rx));
	EXPECT_EQ(0, got[nas_off + 5]);
	EXPECT_EQ(0, ue_nas_unprotect(&self->p.ue, 0, UE_NAS_DIR_DL, got + nas_off,
				      pi.nas_len));
}

TEST_F(sock, send_without_cmsg_passes_through_unchanged)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = build_dl(msg, self->p.ue_id, &nas_off);
	ASSERT_EQ(len, send_msg(self->p.mme, msg, len, S1AP_PPID, NULL,
				self->p.mme == self->p.listener ? &self->p.enb_addr : NULL));
	ASSERT_EQ(len, recv_msg(self->p.enb, got, sizeof(got), 1024, 0, &rx));
	EXPECT_EQ(0, memcmp(got, msg, len));
}

TEST_F(sock, other_ppid_passes_through_without_verdict)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, 46, false);
	ASSERT_LT(0, len);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	EXPECT_FALSE(rx.has_verdict);
	EXPECT_EQ(46, rx.ppid);
	EXPECT_EQ(0, memcmp(got, msg, len));
}

TEST_F(sock, malformed_and_truncated_s1ap_get_malformed_verdict)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = build_ul_protected(&self->p, 2, 0, msg, &nas_off, false);
	ASSERT_LT(0, len);
	/* Cut inside the NAS-PDU. */
	ASSERT_EQ(nas_off + 3, send_msg(self->p.enb, msg, nas_off + 3, S1AP_PPID,
					NULL, NULL));
	ASSERT_EQ(nas_off + 3, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_MALFORMED, rx.vi.verdict);
	EXPECT_EQ(0, memcmp(got, msg, nas_off + 3));
	/* Junk. */
	memset(msg, 0xff, 40);
	ASSERT_EQ(40, send_msg(self->p.enb, msg, 40, S1AP_PPID, NULL, NULL));
	ASSERT_EQ(40, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_MALFORMED, rx.vi.verdict);
}

TEST_F(sock, s1ap_without_nas_gets_not_nas_and_plain_nas_gets_plain)
{
	struct s1ap_ue_context_release_request rel = {
		.ids = { .mme_ue_id = self->p.ue_id, .enb_ue_id = ENB_UE_ID },
		.cause = { .group = S1AP_CAUSE_RADIO_NETWORK,
			   .value = S1AP_CAUSE_RADIO_USER_INACTIVITY },
	};
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = s1ap_build_ue_context_release_request(msg, sizeof(msg), &rel);
	ASSERT_LT(0, len);
	ASSERT_EQ(len, send_msg(self->p.enb, msg, len, S1AP_PPID, NULL, NULL));
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_NOT_NAS, rx.vi.verdict);
	EXPECT_EQ(self->p.ue_id, rx.vi.ue_id);
	EXPECT_EQ(0, rx.vi.nas_len);
	EXPECT_EQ(0, memcmp(got, msg, len));

	len = build_ul(msg, self->p.ue_id, plain_nas, sizeof(plain_nas), &nas_off);
	ASSERT_EQ(len, send_msg(self->p.enb, msg, len, S1AP_PPID, NULL, NULL));
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_PLAIN, rx.vi.verdict);
	EXPECT_EQ(0, memcmp(got, msg, len));
}

TEST_F(sock, peek_shows_the_message_as_received_without_verdict)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, MSG_PEEK, &rx));
	EXPECT_FALSE(rx.has_verdict);
	EXPECT_EQ(0, memcmp(got, msg, len));
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
	EXPECT_EQ(0, memcmp(got + nas_off + UE_NAS_HDR_LEN, plain_nas,
			    sizeof(plain_nas)));
}

TEST_F(sock, short_buffer_gets_the_message_in_parts_each_with_verdict)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP], part[16];
	size_t nas_off, have = 0;
	struct rx rx;
	int len, n;

	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_LT(0, len);
	do {
		n = recv_msg(self->p.mme, part, sizeof(part), 1024, 0, &rx);
		ASSERT_LT(0, n);
		ASSERT_TRUE(rx.has_verdict);
		EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
		ASSERT_GE(sizeof(got), have + n);
		memcpy(got + have, part, n);
		have += n;
		if (have < (size_t)len)
			EXPECT_FALSE(rx.flags & MSG_EOR);
	} while (!(rx.flags & MSG_EOR));
	EXPECT_EQ(len, have);
	EXPECT_EQ(0, memcmp(got, msg, nas_off + UE_NAS_HDR_LEN));
	EXPECT_EQ(0, memcmp(got + nas_off + UE_NAS_HDR_LEN, plain_nas,
			    sizeof(plain_nas)));
}

TEST_F(sock, too_small_control_buffer_fails_and_keeps_the_message)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	size_t nas_off;
	struct rx rx;
	int len;

	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_LT(0, len);
	EXPECT_EQ(-1, recv_msg(self->p.mme, got, sizeof(got), 0, 0, &rx));
	EXPECT_EQ(EMSGSIZE, errno);
	EXPECT_EQ(-1, recv_msg(self->p.mme, got, sizeof(got),
			       CMSG_SPACE(sizeof(struct nassec_verdict_info)) - 1,
			       0, &rx));
	EXPECT_EQ(EMSGSIZE, errno);
	/* Exactly the verdict's space: SCTP's own cmsgs are truncated. */
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got),
				CMSG_SPACE(sizeof(struct nassec_verdict_info)), 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
	EXPECT_TRUE(rx.flags & MSG_CTRUNC);
}

TEST_F(sock, oversized_s1ap_passes_through_with_malformed_verdict)
{
	static uint8_t msg[100000], got[200000];
	int big = 1 << 20, i, parts = 0;
	size_t have = 0;
	struct rx rx;
	ssize_t n;

	for (i = 0; i < (int)sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7);
	ASSERT_EQ(0, setsockopt(self->p.enb, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big)));
	ASSERT_EQ(0, setsockopt(self->p.mme, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big)));
	ASSERT_EQ(sizeof(msg), send_msg(self->p.enb, msg, sizeof(msg), S1AP_PPID,
					NULL, NULL));
	do {
		n = recv_msg(self->p.mme, got + have, sizeof(got) - have, 1024, 0, &rx);
		ASSERT_LT(0, n);
		ASSERT_TRUE(rx.has_verdict);
		EXPECT_EQ(NASSEC_VERDICT_MALFORMED, rx.vi.verdict);
		have += n;
		parts++;
	} while (!(rx.flags & MSG_EOR) && have < sizeof(got));
	EXPECT_EQ(sizeof(msg), have);
	EXPECT_LE(2, parts);
	EXPECT_EQ(0, memcmp(got, msg, sizeof(msg)));
	/* The socket is back to normal for the next message. */
	ASSERT_LT(0, enb_send_ul(&self->p, 2, 0, msg, &have, S1AP_PPID, false));
	ASSERT_LT(0, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
}

TEST_F(sock, attach_refuses_twice_non_sctp_and_other_namespaces)
{
	int udp = socket(AF_INET, SOCK_DGRAM, 0), pipefd[2];

	EXPECT_EQ(-EEXIST, sock_attach(&self->p.nl, self->p.listener));
	EXPECT_EQ(-EPROTONOSUPPORT, sock_attach(&self->p.nl, udp));
	ASSERT_EQ(0, pipe(pipefd));
	EXPECT_EQ(-ENOTSOCK, sock_attach(&self->p.nl, pipefd[0]));
	EXPECT_EQ(-EBADF, sock_attach(&self->p.nl, 9999));
	EXPECT_EQ(-EXDEV, sock_attach(&self->p.nl, self->p.enb));
	close(udp);
	close(pipefd[0]);
	close(pipefd[1]);
}

TEST_F(sock, list_shows_sockets_parents_and_counters)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	struct sock_table t;
	struct sock_entry *e;
	size_t nas_off;
	struct rx rx;
	int len;

	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_LT(0, mme_send_dl(&self->p, self->p.ue_id, 2, msg, &len, &nas_off));
	EXPECT_EQ(-1, mme_send_dl(&self->p, 4242, 2, msg, &len, &nas_off));

	ASSERT_EQ(0, sock_list(&self->p.nl, &t));
	e = sock_find(&t, inode_of(self->p.mme));
	ASSERT_NE(NULL, e);
	EXPECT_EQ(2, e->c[NASSEC_SOCK_A_RX_MSGS]);
	EXPECT_EQ(1, e->c[NASSEC_SOCK_A_RX_NAS_OK]);
	EXPECT_EQ(1, e->c[NASSEC_SOCK_A_RX_NAS_FAIL]);
	EXPECT_EQ(1, e->c[NASSEC_SOCK_A_TX_MSGS]);
	EXPECT_EQ(1, e->c[NASSEC_SOCK_A_TX_PROTECTED]);
	EXPECT_EQ(1, e->c[NASSEC_SOCK_A_TX_REFUSED]);
	if (variant->one_to_one) {
		EXPECT_EQ(2, t.n);
		EXPECT_EQ(inode_of(self->p.listener), e->parent_id);
		EXPECT_EQ(SOCK_STREAM, e->type);
		e = sock_find(&t, inode_of(self->p.listener));
		ASSERT_NE(NULL, e);
		EXPECT_EQ(1, e->listening);
	} else {
		EXPECT_EQ(1, t.n);
		EXPECT_EQ(SOCK_SEQPACKET, e->type);
		EXPECT_EQ(0, e->parent_id);
	}
}

/*
 * Detached: plain, except that a PROTECT cmsg fails (EBADFD) and sends
 * nothing, so a sender unaware of the detach never puts NAS in clear.
 */
TEST_F(sock, detach_leaves_a_plain_socket_that_refuses_protect)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	struct sock_table t;
	size_t nas_off;
	struct rx rx;
	int len;

	if (variant->one_to_one) {
		ASSERT_EQ(0, sock_detach_id(&self->p.nl, inode_of(self->p.mme)));
	} else {
		ASSERT_EQ(0, sock_detach_fd(&self->p.nl, self->p.mme));
	}
	EXPECT_EQ(-ENOENT, sock_detach_fd(&self->p.nl, self->p.mme));
	ASSERT_EQ(0, sock_list(&self->p.nl, &t));
	EXPECT_EQ(NULL, sock_find(&t, inode_of(self->p.mme)));

	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	EXPECT_FALSE(rx.has_verdict);
	EXPECT_EQ(0, memcmp(got, msg, len));
	EXPECT_EQ(-1, mme_send_dl(&self->p, self->p.ue_id, 2, msg, &len, &nas_off));
	EXPECT_EQ(EBADFD, errno);
	/* Nothing went out: the eNB's next message is a plain send. */
	ASSERT_EQ(len, send_msg(self->p.mme, msg, len, S1AP_PPID, NULL,
				self->p.mme == self->p.listener ?
				&self->p.enb_addr : NULL));
	ASSERT_EQ(len, recv_msg(self->p.enb, got, sizeof(got), 1024, 0, &rx));
	EXPECT_EQ(0, memcmp(got, msg, len));
	/* And it can be attached again, PROTECT honoured. */
	EXPECT_EQ(0, sock_attach(&self->p.nl, self->p.mme));
	ASSERT_LT(0, mme_send_dl(&self->p, self->p.ue_id, 2, msg, &len, &nas_off));
	ASSERT_EQ(len, recv_msg(self->p.enb, got, sizeof(got), 1024, 0, &rx));
	EXPECT_EQ(0x27, got[nas_off]);
}

TEST_F(sock, detach_while_traffic_flows_loses_nothing)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP], sent[64][MSG_CAP];
	int lens[64], i, verified = 0, raw = 0, status;
	size_t nas_off;
	struct rx rx;
	pid_t pid;

	for (i = 0; i < 64; i++) {
		uint8_t nas[UE_NAS_HDR_LEN + sizeof(plain_nas)];

		ue_nas_protect(&self->p.ue, 2, i, UE_NAS_DIR_UL, plain_nas,
			       sizeof(plain_nas), nas);
		lens[i] = build_ul(sent[i], self->p.ue_id, nas, sizeof(nas), &nas_off);
		ASSERT_LT(0, lens[i]);
	}
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		for (i = 0; i < 64; i++)
			if (send_msg(self->p.enb, sent[i], lens[i], S1AP_PPID,
				     NULL, NULL) != lens[i])
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < 64; i++) {
		if (i == 20) {
			ASSERT_EQ(0, sock_detach_fd(&self->p.nl, self->p.mme));
		}
		ASSERT_EQ(lens[i], recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
		EXPECT_EQ(0, memcmp(got, sent[i], nas_off + UE_NAS_HDR_LEN));
		if (rx.has_verdict) {
			EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
			EXPECT_EQ(0, memcmp(got + nas_off + UE_NAS_HDR_LEN,
					    plain_nas, sizeof(plain_nas)));
			EXPECT_EQ(0, raw);	/* never verified after detach */
			verified++;
		} else {
			EXPECT_EQ(0, memcmp(got, sent[i], lens[i]));
			raw++;
		}
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	EXPECT_LE(20, verified);
	EXPECT_LE(44, raw);
	(void)msg;
}

TEST_F(sock, close_while_attached_cleans_up)
{
	struct sock_table t;

	if (self->p.mme != self->p.listener) {
		close(self->p.mme);
		self->p.mme = -1;
	}
	close(self->p.listener);
	self->p.listener = -1;
	/* The close is synchronous for the state, but give SCTP a moment. */
	ASSERT_EQ(0, sock_list(&self->p.nl, &t));
	EXPECT_EQ(0, t.n);
}

TEST_F(sock, module_cannot_unload_while_a_socket_is_attached)
{
	EXPECT_EQ(-1, syscall(SYS_delete_module, "nassec", O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
}

TEST_F(sock, accepted_socket_of_attached_listener_is_attached)
{
	uint8_t msg[MSG_CAP], got[MSG_CAP];
	struct sock_table t;
	size_t nas_off;
	struct rx rx;
	int len;

	if (!variant->one_to_one)
		SKIP(return, "one-to-many sockets have no accept()");
	ASSERT_EQ(0, sock_list(&self->p.nl, &t));
	ASSERT_NE(NULL, sock_find(&t, inode_of(self->p.mme)));
	/* Detaching the listener leaves the accepted socket attached. */
	ASSERT_EQ(0, sock_detach_fd(&self->p.nl, self->p.listener));
	len = enb_send_ul(&self->p, 2, 0, msg, &nas_off, S1AP_PPID, false);
	ASSERT_EQ(len, recv_msg(self->p.mme, got, sizeof(got), 1024, 0, &rx));
	ASSERT_TRUE(rx.has_verdict);
	EXPECT_EQ(NASSEC_VERDICT_OK, rx.vi.verdict);
}

TEST_HARNESS_MAIN
