// SPDX-License-Identifier: GPL-2.0
/*
 * Inline NAS security on SCTP sockets the MME owns.
 *
 * Attaching swaps sk->sk_prot for a module-owned copy of the socket's
 * original proto (one copy per distinct original: sctp_prot, sctpv6_prot),
 * as kTLS and ovpn do. The copy wraps:
 *   sendmsg	protect the NAS-PDU a SOL_NASSEC cmsg names, then send;
 *   recvmsg	verify and decipher uplink NAS in S1AP, add a verdict cmsg;
 *   close	unhook, then the original close;
 *   init	sctp_accept() allocates accepted sockets from the listener's
 *		CURRENT sk_prot (sctp_v4/v6_create_accept_sk) and calls ->init:
 *		such a child is attached here, whoever called accept;
 *   destroy	sctp_accept() may still free that child through
 *		sk_common_release(), which calls ->destroy, never ->close;
 *   accept	names the child's parent and gives it the listener's mode;
 *   getsockopt	NASSEC_SOCKOPT_STATE; SCTP peel-off serialised against recvmsg;
 *   setsockopt	SCTP_FRAGMENT_INTERLEAVE is refused while attached: recvmsg
 *		reads the parts of a partially delivered message back to back.
 *
 * Invariant: sk->sk_prot is one of our copies if and only if the socket's
 * state (struct nassec_sock, on sk_user_data) is installed and holds a
 * module reference. Only close (or ->destroy of a child accept dropped)
 * restores the original proto. SOCK_DETACH keeps the copy and the state
 * in "detached" mode: plain receive, plain sends pass, a PROTECT cmsg fails
 * with EBADFD, so a sender that still believes in the offload never puts a
 * NAS-PDU on the wire in clear. Detached sockets leave SOCK_LIST and may be
 * attached again.
 *
 * The state is reference counted: the attachment holds one reference and
 * every wrapper call in flight holds one, so a close racing with a blocked
 * call never frees state under it.
 *
 * Unload: every socket on a copy pins the module (the state holds a module
 * reference, dropped from an RCU callback after the state is freed; exit
 * waits for those). rmmod fails with EBUSY until those sockets are closed.
 * A wrapper keeps a reference (to the state, or without state to the
 * module) until it returns, however long it waits in SCTP, and fails with
 * EBADFD when the module is already going. The proto copies pin SCTP.
 */
#include <linux/module.h>
#include <linux/net.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uio.h>
#include <linux/socket.h>
#include <linux/rculist.h>
#include <net/sock.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/genetlink.h>
#include <net/compat.h>
#include <net/sctp/sctp.h>
#include <net/sctp/ulpevent.h>
#include <linux/nassec.h>

#include "sock.h"
#include "sock_nas.h"

/* Room for SCTP's own receive cmsgs (rcvinfo, sndrcvinfo, nxtinfo, time). */
#define NASSEC_SOCK_CTRL_MAX	256

enum nassec_sock_counter {
	NASSEC_SC_RX_MSGS,
	NASSEC_SC_RX_NAS_OK,
	NASSEC_SC_RX_NAS_FAIL,
	NASSEC_SC_TX_MSGS,
	NASSEC_SC_TX_PROTECTED,
	NASSEC_SC_TX_REFUSED,
	NASSEC_SC_NUM
};

/* One received S1AP message, read whole, delivered in as many parts as asked. */
struct nassec_sock_rx {
	u8 *buf;
	size_t cap;
	size_t len;		/* octets read from SCTP so far */
	size_t off;		/* octets delivered to the user so far */
	bool complete;		/* whole message in buf, verdict computed */
	bool oversize;		/* larger than NASSEC_SOCK_MSG_MAX: rest passes through */
	sctp_assoc_t assoc_id;	/* of the first part: continuations must match */
	bool mid_skb;		/* the last read may have left part of its skb */
	bool orphan;		/* began mid-message: MALFORMED, never verified */
	struct nassec_verdict_info vi;
	u8 ctrl[NASSEC_SOCK_CTRL_MAX];	/* SCTP's cmsgs of the first read */
	size_t ctrl_len;
	unsigned int ctrl_flags;	/* MSG_CTRUNC from SCTP */
	struct sockaddr_storage name;
	int namelen;
};

struct nassec_sock {
	struct sock *sk;
	struct proto *orig;
	struct net *net;		/* not referenced: the socket holds it */
	struct list_head node;		/* nassec_sock_net.socks, while attached */
	u64 seq;			/* order of attachment, for dumps */
	refcount_t ref;
	bool closed;			/* unhooked for good; under lock_sock */
	bool detached;			/* SOCK_DETACH'ed; written under lock_sock */
	bool rx_held;			/* rx holds part of a message; under rx_lock */
	bool accepted;
	u64 parent_id;
	struct mutex rx_lock;		/* one reader at a time; guards rx */
	struct nassec_sock_rx rx;
	atomic64_t counters[NASSEC_SC_NUM];
	struct rcu_head rcu;
};

struct nassec_sock_net {
	spinlock_t lock;		/* guards socks and seq */
	struct list_head socks;		/* ascending nassec_sock.seq */
	u64 seq;			/* of the last attachment */
};

/* The module-owned copy of one original proto. */
struct nassec_proto {
	struct proto *orig;
	struct proto prot;
};

static unsigned int nassec_sock_net_id __read_mostly;
static struct nassec_proto nassec_protos[2];	/* SCTP over IPv4 and IPv6 */
static DEFINE_MUTEX(nassec_proto_lock);

static struct nassec_sock_net *nassec_sock_net(const struct net *net)
{
	return net_generic(net, nassec_sock_net_id);
}

static struct nassec_proto *nassec_proto_of(const struct proto *prot)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(nassec_protos); i++)
		if (prot == &nassec_protos[i].prot)
			return &nassec_protos[i];
	return NULL;
}

static void nassec_sock_free_rcu(struct rcu_head *rcu)
{
	struct nassec_sock *st = container_of(rcu, struct nassec_sock, rcu);

	/* Plaintext NAS of a message never delivered in full. */
	kvfree_sensitive(st->rx.buf, st->rx.cap);
	kfree(st);
	module_put(THIS_MODULE);
}

static void nassec_sock_put(struct nassec_sock *st)
{
	if (refcount_dec_and_test(&st->ref))
		call_rcu(&st->rcu, nassec_sock_free_rcu);
}

static struct nassec_sock *nassec_sock_alloc(void)
{
	struct nassec_sock *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return NULL;
	refcount_set(&st->ref, 1);
	mutex_init(&st->rx_lock);
	INIT_LIST_HEAD(&st->node);
	return st;
}

/* A reference to the state of sk, or NULL when sk has none. */
static struct nassec_sock *nassec_sock_get(struct sock *sk)
{
	struct nassec_sock *st;

	/*
	 * Others keep NOCOPY data in sk_user_data too (a sockmap psock
	 * starts with its sk as well): only a socket on a copy is ours.
	 */
	if (!nassec_proto_of(READ_ONCE(sk->sk_prot)))
		return NULL;
	rcu_read_lock();
	st = __rcu_dereference_sk_user_data_with_flags(sk, SK_USER_DATA_NOCOPY);
	if (st && (st->sk != sk || !refcount_inc_not_zero(&st->ref)))
		st = NULL;
	rcu_read_unlock();
	return st;
}

/*
 * What a wrapper holds while it runs, however long it waits in SCTP: the
 * state, or (no state: only a child between sk_alloc() and ->init, or a
 * bug) the module itself. The original proto to call, or NULL when the
 * module is going away: the caller fails closed with EBADFD.
 */
static struct proto *nassec_sock_enter(struct sock *sk, struct nassec_sock **stp)
{
	struct nassec_proto *np = nassec_proto_of(READ_ONCE(sk->sk_prot));

	*stp = nassec_sock_get(sk);
	if (*stp)
		return (*stp)->orig;
	if (!try_module_get(THIS_MODULE))
		return NULL;
	return np ? np->orig : READ_ONCE(sk->sk_prot);
}

static void nassec_sock_leave(struct nassec_sock *st)
{
	if (st)
		nassec_sock_put(st);
	else
		module_put(THIS_MODULE);
}

static void nassec_sock_count(struct nassec_sock *st, enum nassec_sock_counter c)
{
	atomic64_inc(&st->counters[c]);
}

/* SOCK_LIST shows attached sockets only, in order of (re)attachment. */
static void nassec_sock_list_add(struct nassec_sock *st)
{
	struct nassec_sock_net *sn = nassec_sock_net(st->net);

	spin_lock(&sn->lock);
	st->seq = ++sn->seq;
	list_add_tail(&st->node, &sn->socks);
	spin_unlock(&sn->lock);
}

static void nassec_sock_list_del(struct nassec_sock *st)
{
	struct nassec_sock_net *sn = nassec_sock_net(st->net);

	spin_lock(&sn->lock);
	list_del_init(&st->node);
	spin_unlock(&sn->lock);
}

/*
 * Publish st on sk, attached. The caller owns sk: locked, or a child
 * accept has not handed out yet. The module reference is the state's.
 */
static void nassec_sock_install(struct sock *sk, struct nassec_sock *st,
				struct proto *orig)
{
	__module_get(THIS_MODULE);
	st->sk = sk;
	st->orig = orig;
	st->net = sock_net(sk);

	write_lock_bh(&sk->sk_callback_lock);
	__rcu_assign_sk_user_data_with_flags(sk, st, SK_USER_DATA_NOCOPY);
	write_unlock_bh(&sk->sk_callback_lock);
	nassec_sock_list_add(st);
}

/*
 * Undo nassec_sock_install for good: the original proto back, the state
 * unpublished, the attachment's reference dropped. Only for a socket
 * nobody else can reach any more (close, or a child accept dropped).
 */
static void __nassec_sock_unhook(struct nassec_sock *st)
{
	struct sock *sk = st->sk;

	if (st->closed)
		return;
	st->closed = true;
	WRITE_ONCE(sk->sk_prot, st->orig);
	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	if (!st->detached)
		nassec_sock_list_del(st);
	nassec_sock_put(st);
}

static void nassec_sock_unhook(struct nassec_sock *st)
{
	sock_owned_by_me(st->sk);
	__nassec_sock_unhook(st);
}

/* SOCK_DETACH: plain from now on, but PROTECT keeps failing. */
static void nassec_sock_set_detached(struct nassec_sock *st)
{
	sock_owned_by_me(st->sk);
	WRITE_ONCE(st->detached, true);
	nassec_sock_list_del(st);
}

/* ---- send ---- */

static int nassec_sock_parse_protect_kernel(struct msghdr *msg,
					    struct nassec_protect_info *pi)
{
	struct cmsghdr *cmsg;
	bool found = false;

	for_each_cmsghdr(cmsg, msg) {
		if (!CMSG_OK(msg, cmsg))
			return -EINVAL;
		if (cmsg->cmsg_level != SOL_NASSEC)
			continue;
		if (cmsg->cmsg_type != NASSEC_CMSG_PROTECT || found ||
		    cmsg->cmsg_len != CMSG_LEN(sizeof(*pi)))
			return -EINVAL;
		memcpy(pi, CMSG_DATA(cmsg), sizeof(*pi));
		found = true;
	}
	if (!found)
		return 0;
	if (pi->reserved[0] || pi->reserved[1] || pi->reserved[2])
		return -EINVAL;
	if (pi->sec_hdr_type != NASSEC_SHT_INTEGRITY &&
	    pi->sec_hdr_type != NASSEC_SHT_INTEGRITY_CIPHERED &&
	    pi->sec_hdr_type != NASSEC_SHT_INTEGRITY_NEW_CTX)
		return -EINVAL;
	return 1;
}

/*
 * 1 and *pi when the sender asked for protection, 0 when not, else an
 * errno. ____sys_sendmsg() hands protocols a kernel copy of any control
 * buffer (6.1 net/socket.c), so a user one comes only from other callers:
 * read it here rather than let a PROTECT in it go unseen.
 */
static int nassec_sock_parse_protect(struct msghdr *msg,
				     struct nassec_protect_info *pi)
{
	struct msghdr kmsg = {};
	void *ctrl;
	int err;

	if (!msg->msg_controllen)
		return 0;
	if (!msg->msg_control_is_user)
		return nassec_sock_parse_protect_kernel(msg, pi);
	if (msg->msg_controllen > NASSEC_SOCK_MSG_MAX)
		return -ENOBUFS;
	ctrl = memdup_user(msg->msg_control_user, msg->msg_controllen);
	if (IS_ERR(ctrl))
		return PTR_ERR(ctrl);
	kmsg.msg_control = ctrl;
	kmsg.msg_controllen = msg->msg_controllen;
	err = nassec_sock_parse_protect_kernel(&kmsg, pi);
	kfree(ctrl);
	return err;
}

static int nassec_sock_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct nassec_protect_info pi;
	struct nassec_sock *st;
	struct msghdr kmsg;
	struct proto *orig;
	struct kvec kv;
	u8 *buf = NULL;
	int err;

	orig = nassec_sock_enter(sk, &st);
	if (!orig)
		return -EBADFD;
	err = nassec_sock_parse_protect(msg, &pi);
	if (err == 0) {
		err = orig->sendmsg(sk, msg, len);
		goto out_count;
	}
	if (err < 0)
		goto out_refused;
	/* Protection asked for and not available: never send it in clear. */
	err = -EBADFD;
	if (!st || READ_ONCE(st->detached))
		goto out_refused;

	err = -EMSGSIZE;
	if (len > NASSEC_SOCK_MSG_MAX)
		goto out_refused;
	err = -EBADMSG;
	if (pi.nas_len < NASSEC_NAS_HDR_LEN + 1 || pi.nas_offset > len ||
	    pi.nas_len > len - pi.nas_offset)
		goto out_refused;
	err = -ENOMEM;
	buf = kvmalloc(len, GFP_KERNEL);
	if (!buf)
		goto out_refused;
	err = -EFAULT;
	if (!copy_from_iter_full(buf, len, &msg->msg_iter))
		goto out_refused;
	err = nassec_sock_nas_protect(st->net, &pi, buf + pi.nas_offset);
	if (err)
		goto out_refused;

	/* SCTP skips cmsgs of other levels, ours included. */
	kmsg = *msg;
	kv.iov_base = buf;
	kv.iov_len = len;
	iov_iter_kvec(&kmsg.msg_iter, ITER_SOURCE, &kv, 1, len);
	err = orig->sendmsg(sk, &kmsg, len);
	if (err >= 0)
		nassec_sock_count(st, NASSEC_SC_TX_PROTECTED);
	goto out_count;

out_refused:
	if (st)
		nassec_sock_count(st, NASSEC_SC_TX_REFUSED);
out_count:
	if (err >= 0 && st)
		nassec_sock_count(st, NASSEC_SC_TX_MSGS);
	/* The plaintext NAS of a refused message too. */
	if (buf)
		kvfree_sensitive(buf, len);
	nassec_sock_leave(st);
	return err;
}

/* ---- receive ---- */

struct nassec_sock_head {
	u32 len;
	__be32 ppid;
	sctp_assoc_t assoc_id;
	bool notification;
	bool first_frag;	/* starts a message (SCTP DATA B bit) */
	bool eor;
};

/* What sits at the head of the receive queue, if anything. */
static bool nassec_sock_peek_head(struct sock *sk, struct nassec_sock_head *h)
{
	struct sctp_ulpevent *ev;
	struct sk_buff *skb;

	lock_sock(sk);
	skb = skb_peek(&sk->sk_receive_queue);
	if (skb) {
		ev = sctp_skb2event(skb);
		h->len = skb->len;
		h->ppid = (__force __be32)ev->ppid;
		/* Queued events hold their association. */
		h->assoc_id = ev->asoc ? ev->asoc->assoc_id : 0;
		h->notification = ev->msg_flags & MSG_NOTIFICATION;
		/* RFC 9260 3.3.1: the chunk's B bit, kept in msg_flags. */
		h->first_frag = ev->msg_flags & SCTP_DATA_FIRST_FRAG;
		h->eor = ev->msg_flags & MSG_EOR;
	}
	release_sock(sk);
	return skb;
}

/*
 * Block (as the caller's flags allow) until a message or notification is
 * queued, with SCTP's own semantics for errors, timeouts and EOF: a
 * zero-length MSG_PEEK read.
 */
static int nassec_sock_wait(struct sock *sk, struct proto *orig, int flags)
{
	struct msghdr kmsg = {};
	int addr_len = 0;

	might_sleep();
	iov_iter_kvec(&kmsg.msg_iter, ITER_DEST, NULL, 0, 0);
	return orig->recvmsg(sk, &kmsg, 0, (flags & MSG_DONTWAIT) | MSG_PEEK,
			     &addr_len);
}

/*
 * Whether the head of the queue continues the message rx holds: 1 yes,
 * 0 no (the message ends there), or a wait error. Without fragment
 * interleave SCTP queues a partially delivered message's parts back to
 * back, but not what follows its end: an ABORT flushes the partial
 * delivery lobby (another association's messages, notifications) behind
 * the parts already queued (6.1 sctp_ulpq_abort_pd, sctp_clear_pd), and
 * an ABORT or a peer's FORWARD-TSN moves the association's own held-back
 * messages in there too: a head that begins a message never continues
 * one, unless the last read stopped inside an skb whose rest is the head.
 */
static int nassec_sock_continues(struct sock *sk, struct proto *orig,
				 struct nassec_sock_rx *rx, int flags)
{
	struct nassec_sock_head h;
	int err;

	err = nassec_sock_wait(sk, orig, flags);
	if (err < 0)
		return err;
	if (!nassec_sock_peek_head(sk, &h))
		return 0;	/* EOF */
	return !h.notification && h.assoc_id == rx->assoc_id &&
	       (rx->mid_skb || !h.first_frag);
}

/* Control space the verdict takes, in the caller's (maybe 32-bit) layout. */
static size_t nassec_verdict_space(const struct msghdr *msg)
{
	size_t len = sizeof(struct nassec_verdict_info);

	if (IS_ENABLED(CONFIG_COMPAT) && (msg->msg_flags & MSG_CMSG_COMPAT))
		return sizeof(struct compat_cmsghdr) + ALIGN(len, sizeof(s32));
	return CMSG_SPACE(len);
}

static void nassec_sock_rx_malformed(struct nassec_sock *st)
{
	memset(&st->rx.vi, 0, sizeof(st->rx.vi));
	st->rx.vi.verdict = NASSEC_VERDICT_MALFORMED;
	nassec_sock_count(st, NASSEC_SC_RX_MSGS);
	nassec_sock_count(st, NASSEC_SC_RX_NAS_FAIL);
}

/* Part of a message is read from SCTP and not all delivered yet. */
static bool nassec_sock_rx_busy(const struct nassec_sock_rx *rx)
{
	return rx->len || rx->complete || rx->oversize;
}

static void nassec_sock_rx_reset(struct nassec_sock *st)
{
	struct nassec_sock_rx *rx = &st->rx;

	lockdep_assert_held(&st->rx_lock);
	kvfree_sensitive(rx->buf, rx->cap);
	memset(rx, 0, sizeof(*rx));
	WRITE_ONCE(st->rx_held, false);
}

static void nassec_sock_inspect(struct nassec_sock *st, struct nassec_sock_rx *rx)
{
	struct nassec_verdict_info *vi = &rx->vi;

	nassec_sock_nas_verify(st->net, rx->buf, rx->len, vi);
	nassec_sock_count(st, NASSEC_SC_RX_MSGS);
	if (vi->verdict == NASSEC_VERDICT_OK)
		nassec_sock_count(st, NASSEC_SC_RX_NAS_OK);
	else if (vi->verdict != NASSEC_VERDICT_PLAIN &&
		 vi->verdict != NASSEC_VERDICT_NOT_NAS)
		nassec_sock_count(st, NASSEC_SC_RX_NAS_FAIL);
}

/* Read the next part of the current message into rx. */
static int nassec_sock_read_part(struct nassec_sock *st, int flags)
{
	struct nassec_sock_rx *rx = &st->rx;
	struct sock *sk = st->sk;
	struct msghdr kmsg = {};
	bool first = rx->len == 0;
	int addr_len = 0;
	struct kvec kv;
	int err;

	lockdep_assert_held(&st->rx_lock);
	if (!first) {
		err = nassec_sock_continues(sk, st->orig, rx, flags);
		if (err < 0)
			return err;
		if (!err) {
			/* Cut short: ends here, what follows is not consumed. */
			rx->complete = true;
			nassec_sock_rx_malformed(st);
			return 0;
		}
	}
	kv.iov_base = rx->buf + rx->len;
	kv.iov_len = rx->cap - rx->len;
	iov_iter_kvec(&kmsg.msg_iter, ITER_DEST, &kv, 1, kv.iov_len);
	if (first) {
		kmsg.msg_name = &rx->name;
		kmsg.msg_control = rx->ctrl;
		kmsg.msg_controllen = sizeof(rx->ctrl);
	}
	err = st->orig->recvmsg(sk, &kmsg, kv.iov_len, flags & MSG_DONTWAIT,
				&addr_len);
	if (err < 0)
		return err;
	if (first) {
		rx->namelen = addr_len;
		rx->ctrl_len = sizeof(rx->ctrl) - kmsg.msg_controllen;
		rx->ctrl_flags = kmsg.msg_flags & MSG_CTRUNC;
	}
	rx->len += err;
	rx->mid_skb = err == kv.iov_len && !(kmsg.msg_flags & MSG_EOR);
	WRITE_ONCE(st->rx_held, true);
	if (kmsg.msg_flags & MSG_EOR) {
		rx->complete = true;
		if (rx->orphan)
			nassec_sock_rx_malformed(st);
		else
			nassec_sock_inspect(st, rx);
	} else if (err == 0 || rx->len == rx->cap) {
		rx->oversize = true;	/* no room for the rest */
		nassec_sock_rx_malformed(st);
	}
	return 0;
}

/* SCTP's cmsgs of the message, then the verdict, into the caller's buffer. */
static int nassec_sock_put_cmsgs(struct msghdr *msg, struct nassec_sock_rx *rx)
{
	struct msghdr kmsg = {
		.msg_control = rx->ctrl,
		.msg_controllen = rx->ctrl_len,
	};
	size_t reserve = nassec_verdict_space(msg);
	struct cmsghdr *cmsg;
	int err = 0;

	msg->msg_flags |= rx->ctrl_flags;
	msg->msg_controllen -= reserve;
	for_each_cmsghdr(cmsg, &kmsg) {
		err = put_cmsg(msg, cmsg->cmsg_level, cmsg->cmsg_type,
			       cmsg->cmsg_len - CMSG_LEN(0), CMSG_DATA(cmsg));
		if (err)
			break;
	}
	msg->msg_controllen += reserve;
	if (err)
		return err;
	return put_cmsg(msg, SOL_NASSEC, NASSEC_CMSG_VERDICT, sizeof(rx->vi),
			&rx->vi);
}

/* Deliver (the next part of) the processed message in rx. */
static int nassec_sock_deliver(struct nassec_sock *st, struct msghdr *msg,
			       size_t len, int flags, int *addr_len)
{
	struct nassec_sock_rx *rx = &st->rx;
	size_t n = min(len, rx->len - rx->off);
	int err;

	lockdep_assert_held(&st->rx_lock);
	err = nassec_sock_put_cmsgs(msg, rx);
	if (err)
		return err;
	if (msg->msg_name && rx->namelen)
		memcpy(msg->msg_name, &rx->name, rx->namelen);
	*addr_len = rx->namelen;
	if (copy_to_iter(rx->buf + rx->off, n, &msg->msg_iter) != n)
		return -EFAULT;
	if (flags & MSG_PEEK)
		return n;
	rx->off += n;
	if (rx->off < rx->len || rx->oversize) {
		msg->msg_flags &= ~MSG_EOR;
		if (rx->off == rx->len) {	/* the rest passes through */
			kvfree_sensitive(rx->buf, rx->cap);
			rx->buf = NULL;
			rx->cap = rx->len = rx->off = 0;
		}
		return n;
	}
	msg->msg_flags |= MSG_EOR;
	nassec_sock_rx_reset(st);
	return n;
}

/*
 * The tail of a message too large to inspect: straight from SCTP to the
 * caller, still with the MALFORMED verdict of its first part. A head that
 * does not continue it ends it: an empty part with MSG_EOR.
 */
static int nassec_sock_pass_oversize(struct nassec_sock *st, struct msghdr *msg,
				     size_t len, int flags, int *addr_len)
{
	size_t reserve = nassec_verdict_space(msg);
	struct nassec_sock_rx *rx = &st->rx;
	int ret, err;

	lockdep_assert_held(&st->rx_lock);
	ret = nassec_sock_continues(st->sk, st->orig, rx, flags);
	if (ret < 0)
		return ret;
	if (!ret) {
		err = put_cmsg(msg, SOL_NASSEC, NASSEC_CMSG_VERDICT,
			       sizeof(rx->vi), &rx->vi);
		if (err)
			return err;
		msg->msg_flags |= MSG_EOR;
		if (!(flags & MSG_PEEK))
			nassec_sock_rx_reset(st);
		return 0;
	}
	msg->msg_controllen -= reserve;
	ret = st->orig->recvmsg(st->sk, msg, len, flags, addr_len);
	msg->msg_controllen += reserve;
	if (ret < 0)
		return ret;
	if (!(flags & MSG_PEEK))
		rx->mid_skb = ret == len && !(msg->msg_flags & MSG_EOR);
	err = put_cmsg(msg, SOL_NASSEC, NASSEC_CMSG_VERDICT, sizeof(rx->vi),
		       &rx->vi);
	if (err)
		return err;
	if ((msg->msg_flags & MSG_EOR) && !(flags & MSG_PEEK))
		nassec_sock_rx_reset(st);
	return ret;
}

/* Inspect (if needed) and deliver the message rx holds or is reading. */
static int nassec_sock_recv_rx(struct nassec_sock *st, struct msghdr *msg,
			       size_t len, int flags, int *addr_len)
{
	struct nassec_sock_rx *rx = &st->rx;
	int err;

	lockdep_assert_held(&st->rx_lock);
	/* Before dequeuing: a verdict that cannot be shown is an error. */
	if (msg->msg_controllen < nassec_verdict_space(msg))
		return -EMSGSIZE;
	if (rx->oversize && rx->len == 0)
		return nassec_sock_pass_oversize(st, msg, len, flags, addr_len);

	/* SCTP partial delivery: the following reads are this message. */
	while (!rx->complete && !rx->oversize) {
		err = nassec_sock_read_part(st, flags);
		if (err < 0) {
			/* Nothing read yet: nothing to keep. */
			if (!rx->len)
				nassec_sock_rx_reset(st);
			return err;	/* else rx keeps what was read */
		}
	}
	return nassec_sock_deliver(st, msg, len, flags, addr_len);
}

/*
 * -EAGAIN when nothing is queued, else the result of reading what is at
 * the head of the queue.
 */
static int nassec_sock_recv_locked(struct nassec_sock *st, struct msghdr *msg,
				   size_t len, int flags, int *addr_len)
{
	struct nassec_sock_rx *rx = &st->rx;
	struct sock *sk = st->sk;
	struct nassec_sock_head h;

	lockdep_assert_held(&st->rx_lock);
	if (nassec_sock_rx_busy(rx))
		return nassec_sock_recv_rx(st, msg, len, flags, addr_len);
	if (!nassec_sock_peek_head(sk, &h))
		return -EAGAIN;
	/* Notifications, other protocols and peeks are SCTP's. */
	if (h.notification || h.ppid != cpu_to_be32(NASSEC_S1AP_PPID) ||
	    (flags & MSG_PEEK))
		return st->orig->recvmsg(sk, msg, len, flags, addr_len);
	if (msg->msg_controllen < nassec_verdict_space(msg))
		return -EMSGSIZE;
	rx->cap = h.eor ? min_t(size_t, h.len, NASSEC_SOCK_MSG_MAX) :
			  NASSEC_SOCK_MSG_MAX;
	rx->cap = max_t(size_t, rx->cap, 1);
	rx->assoc_id = h.assoc_id;
	/*
	 * The rest of a message whose start went by plain (another PPID, or
	 * read before the attach): a verdict would cover only its tail.
	 */
	rx->orphan = !h.first_frag;
	rx->buf = kvmalloc(rx->cap, GFP_KERNEL);
	if (!rx->buf) {
		nassec_sock_rx_reset(st);
		return -ENOMEM;
	}
	return nassec_sock_recv_rx(st, msg, len, flags, addr_len);
}

static int nassec_sock_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			       int flags, int *addr_len)
{
	struct nassec_sock *st;
	struct proto *orig;
	int err;

	might_sleep();
	orig = nassec_sock_enter(sk, &st);
	if (!orig)
		return -EBADFD;
	if (!st || (flags & MSG_ERRQUEUE)) {
		err = orig->recvmsg(sk, msg, len, flags, addr_len);
		goto out;
	}
	/*
	 * The head of the queue is inspected and dequeued under rx_lock;
	 * waiting for it happens outside, with SCTP's own semantics for
	 * timeouts, signals, errors and EOF.
	 */
	for (;;) {
		/* Another reader may wait in SCTP for the rest of a message. */
		if (flags & MSG_DONTWAIT)
			err = mutex_trylock(&st->rx_lock) ? 0 : -EAGAIN;
		else
			err = mutex_lock_interruptible(&st->rx_lock);
		if (err)
			break;
		/*
		 * Detached (maybe while this call waited): plain, once what
		 * rx holds of a message is delivered.
		 */
		if (READ_ONCE(st->detached) && !nassec_sock_rx_busy(&st->rx)) {
			mutex_unlock(&st->rx_lock);
			err = orig->recvmsg(sk, msg, len, flags, addr_len);
			break;
		}
		err = nassec_sock_recv_locked(st, msg, len, flags, addr_len);
		mutex_unlock(&st->rx_lock);
		if (err != -EAGAIN)
			break;
		err = nassec_sock_wait(sk, orig, flags);
		if (err < 0)
			break;
		/* A zero-length peek returned: a message, or EOF. */
		if (skb_queue_empty_lockless(&sk->sk_receive_queue) &&
		    (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
			break;
	}
out:
	nassec_sock_leave(st);
	return err;
}

/* ---- lifetime ---- */

static void nassec_sock_close(struct sock *sk, long timeout)
{
	struct proto *orig, *pinned;
	struct nassec_sock *st;

	might_sleep();
	pinned = nassec_sock_enter(sk, &st);
	/* No state and the module going: close all the same. */
	orig = pinned ?: nassec_proto_of(READ_ONCE(sk->sk_prot))->orig;
	lock_sock(sk);
	if (st)
		nassec_sock_unhook(st);
	else
		WRITE_ONCE(sk->sk_prot, orig);
	release_sock(sk);
	orig->close(sk, timeout);
	/* Held across the original close, which may linger. */
	if (pinned)
		nassec_sock_leave(st);
}

/*
 * A child sctp_accept() allocated from the listener's copy (6.1
 * sctp_v4/v6_create_accept_sk): attached before anyone can reach it, so
 * that a listener attached while accept() already waited in SCTP does not
 * hand out a socket on our copy without state. Its parent and mode are
 * settled in nassec_sock_accept() when accept came through us.
 */
static int nassec_sock_init_accepted(struct sock *sk)
{
	struct proto *orig = nassec_proto_of(sk->sk_prot)->orig;
	struct nassec_sock *st;
	int err;

	/* Freed by the original's slab and owner, whatever it is hooked to. */
	sk->sk_prot_creator = orig;
	st = nassec_sock_alloc();
	if (!st) {
		/* Fail closed: SCTP frees the child, accept fails. */
		WRITE_ONCE(sk->sk_prot, orig);
		return -ENOMEM;
	}
	err = orig->init(sk);
	if (err) {
		kfree(st);
		WRITE_ONCE(sk->sk_prot, orig);
		return err;
	}
	st->accepted = true;
	nassec_sock_install(sk, st, orig);
	return 0;
}

/*
 * sctp_accept() frees a child whose migration failed with
 * sk_common_release(), which calls ->destroy but never ->close: the child
 * unhooks itself here. Nobody else has the child, nor its lock to take
 * (the listener's is held, same lock class).
 */
static void nassec_sock_destroy(struct sock *sk)
{
	struct proto *orig = nassec_proto_of(sk->sk_prot)->orig;
	struct nassec_sock *st = nassec_sock_get(sk);

	if (st) {
		__nassec_sock_unhook(st);
		nassec_sock_put(st);
	} else {
		WRITE_ONCE(sk->sk_prot, orig);
	}
	if (orig->destroy)
		orig->destroy(sk);
}

static struct sock *nassec_sock_accept(struct sock *sk, int flags, int *err,
				       bool kern)
{
	struct nassec_sock *st, *cst;
	struct proto *orig;
	struct sock *newsk;

	might_sleep();
	orig = nassec_sock_enter(sk, &st);
	if (!orig) {
		*err = -EBADFD;
		return NULL;
	}
	newsk = orig->accept(sk, flags, err, kern);
	cst = newsk ? nassec_sock_get(newsk) : NULL;
	if (cst) {
		/* Not handed out yet: nobody reads from it before this. */
		lock_sock(newsk);
		WRITE_ONCE(cst->parent_id, sock_i_ino(sk));
		if ((!st || READ_ONCE(st->detached)) && !cst->detached)
			nassec_sock_set_detached(cst);
		release_sock(newsk);
		nassec_sock_put(cst);
	}
	nassec_sock_leave(st);
	return newsk;
}

static int nassec_sock_get_state(struct nassec_sock *st, int optname,
				 char __user *optval, int __user *optlen)
{
	int len, val;

	if (optname != NASSEC_SOCKOPT_STATE)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < (int)sizeof(val))
		return -EINVAL;
	val = READ_ONCE(st->detached) ? NASSEC_SOCK_DETACHED :
					NASSEC_SOCK_ATTACHED;
	len = sizeof(val);
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

static int nassec_sock_getsockopt(struct sock *sk, int level, int optname,
				  char __user *optval, int __user *optlen)
{
	struct nassec_sock *st;
	struct proto *orig;
	int err;

	might_sleep();
	orig = nassec_sock_enter(sk, &st);
	if (!orig)
		return -EBADFD;
	if (st && level == SOL_NASSEC) {
		err = nassec_sock_get_state(st, optname, optval, optlen);
		goto out;
	}
	if (!st || level != SOL_SCTP ||
	    (optname != SCTP_SOCKOPT_PEELOFF &&
	     optname != SCTP_SOCKOPT_PEELOFF_FLAGS)) {
		err = orig->getsockopt(sk, level, optname, optval, optlen);
		goto out;
	}
	/*
	 * Peel-off moves queued messages: not while recvmsg looks at them,
	 * nor while rx holds the first parts of one (its rest would go to
	 * the new socket).
	 */
	err = mutex_lock_interruptible(&st->rx_lock);
	if (err)
		goto out;
	if (nassec_sock_rx_busy(&st->rx))
		err = -EBUSY;
	else
		err = orig->getsockopt(sk, level, optname, optval, optlen);
	mutex_unlock(&st->rx_lock);
out:
	nassec_sock_leave(st);
	return err;
}

static int nassec_sock_setsockopt(struct sock *sk, int level, int optname,
				  sockptr_t optval, unsigned int optlen)
{
	struct nassec_sock *st;
	struct proto *orig;
	int val, err;

	/* SCTP_SOCKOPT_CONNECTX may wait for long: pinned meanwhile. */
	might_sleep();
	orig = nassec_sock_enter(sk, &st);
	if (!orig)
		return -EBADFD;
	/* SCTP refuses other sizes itself. */
	if (!st || level != SOL_SCTP ||
	    optname != SCTP_FRAGMENT_INTERLEAVE || optlen != sizeof(val)) {
		err = orig->setsockopt(sk, level, optname, optval, optlen);
		goto out;
	}
	/*
	 * A detached socket is plain, but a message rx still holds is read
	 * back to back: no interleaving until it is delivered.
	 */
	if (READ_ONCE(st->detached)) {
		err = mutex_lock_interruptible(&st->rx_lock);
		if (err)
			goto out;
		err = -EBUSY;
		if (!nassec_sock_rx_busy(&st->rx))
			err = orig->setsockopt(sk, level, optname, optval,
					       optlen);
		mutex_unlock(&st->rx_lock);
		goto out;
	}
	/* Read once: SCTP gets the value that was checked. */
	err = -EFAULT;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		goto out;
	err = -EOPNOTSUPP;
	if (val)
		goto out;
	err = orig->setsockopt(sk, level, optname, KERNEL_SOCKPTR(&val),
			       sizeof(val));
out:
	nassec_sock_leave(st);
	return err;
}

/* The copy of orig with our wrappers, built once per distinct original. */
static struct nassec_proto *nassec_proto_build(struct proto *orig)
{
	struct nassec_proto *np = NULL;
	int i;

	mutex_lock(&nassec_proto_lock);
	for (i = 0; i < ARRAY_SIZE(nassec_protos); i++) {
		if (nassec_protos[i].orig == orig) {
			np = &nassec_protos[i];
			goto out;
		}
		if (!nassec_protos[i].orig && !np)
			np = &nassec_protos[i];
	}
	/* Our wrappers call into it: it must outlive every copy. */
	if (!np || !try_module_get(orig->owner)) {
		np = NULL;
		goto out;
	}
	np->prot = *orig;
	np->prot.sendmsg = nassec_sock_sendmsg;
	np->prot.recvmsg = nassec_sock_recvmsg;
	np->prot.close = nassec_sock_close;
	np->prot.init = nassec_sock_init_accepted;
	np->prot.destroy = nassec_sock_destroy;
	np->prot.accept = nassec_sock_accept;
	np->prot.getsockopt = nassec_sock_getsockopt;
	np->prot.setsockopt = nassec_sock_setsockopt;
	np->orig = orig;
out:
	mutex_unlock(&nassec_proto_lock);
	return np;
}

/* ---- control ---- */

int nassec_sock_attach(struct net *net, int fd, struct netlink_ext_ack *extack)
{
	struct nassec_proto *np;
	struct nassec_sock *st;
	struct socket *sock;
	struct sock *sk;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "SOCK_FD is not a socket");
		return err;
	}
	sk = sock->sk;
	err = -EPROTONOSUPPORT;
	if (!sk || sk->sk_protocol != IPPROTO_SCTP ||
	    (sk->sk_family != AF_INET && sk->sk_family != AF_INET6) ||
	    (sk->sk_type != SOCK_STREAM && sk->sk_type != SOCK_SEQPACKET)) {
		NL_SET_ERR_MSG(extack, "SOCK_FD is not an SCTP socket");
		goto out_put_fd;
	}
	err = -EXDEV;
	if (!net_eq(sock_net(sk), net)) {
		NL_SET_ERR_MSG(extack, "socket is in another network namespace");
		goto out_put_fd;
	}
	err = -ENOMEM;
	st = nassec_sock_alloc();
	if (!st)
		goto out_put_fd;

	lock_sock(sk);
	err = -EOPNOTSUPP;
	if (sctp_sk(sk)->frag_interleave) {
		NL_SET_ERR_MSG(extack, "SCTP_FRAGMENT_INTERLEAVE is not supported");
		goto out_unlock;
	}
	if (nassec_proto_of(sk->sk_prot)) {
		/* Ours already: attached, or detached and attached again. */
		struct nassec_sock *cur = nassec_sock_get(sk);

		err = -EEXIST;
		if (cur && cur->detached && !cur->closed) {
			WRITE_ONCE(cur->detached, false);
			nassec_sock_list_add(cur);
			err = 0;
		} else {
			NL_SET_ERR_MSG(extack, "socket is already attached");
		}
		if (cur)
			nassec_sock_put(cur);
		goto out_unlock;
	}
	err = -EBUSY;
	if (rcu_access_pointer(sk->sk_user_data)) {
		NL_SET_ERR_MSG(extack, "socket is in use by another kernel user");
		goto out_unlock;
	}
	err = -EOPNOTSUPP;
	np = nassec_proto_build(sk->sk_prot);
	if (!np) {
		NL_SET_ERR_MSG(extack, "socket protocol cannot be offloaded");
		goto out_unlock;
	}
	nassec_sock_install(sk, st, np->orig);
	/* The state first: a copy never runs without it. */
	WRITE_ONCE(sk->sk_prot, &np->prot);
	st = NULL;
	err = 0;
out_unlock:
	release_sock(sk);
	kfree(st);
out_put_fd:
	sockfd_put(sock);
	return err;
}

/*
 * The socket stays on our copy, with its state and module reference, so a
 * PROTECT keeps failing instead of going out in clear (see the top).
 */
static int nassec_sock_detach(struct nassec_sock *st,
			      struct netlink_ext_ack *extack)
{
	struct sock *sk = st->sk;
	int err = 0;

	lock_sock(sk);
	if (st->closed || st->detached) {
		NL_SET_ERR_MSG(extack, "socket is not attached");
		err = -ENOENT;
	} else if (READ_ONCE(st->rx_held)) {
		/*
		 * Read without rx_lock, which a reader waiting for the rest
		 * of a partially delivered message holds.
		 */
		NL_SET_ERR_MSG(extack, "a message is partly read");
		err = -EBUSY;
	} else {
		nassec_sock_set_detached(st);
	}
	release_sock(sk);
	return err;
}

int nassec_sock_detach_fd(struct net *net, int fd,
			  struct netlink_ext_ack *extack)
{
	struct nassec_sock *st;
	struct socket *sock;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "SOCK_FD is not a socket");
		return err;
	}
	err = -ENOENT;
	st = sock->sk ? nassec_sock_get(sock->sk) : NULL;
	if (st && net_eq(st->net, net))
		err = nassec_sock_detach(st, extack);
	else
		NL_SET_ERR_MSG(extack, "socket is not attached");
	if (st)
		nassec_sock_put(st);
	sockfd_put(sock);
	return err;
}

int nassec_sock_detach_id(struct net *net, u64 id,
			  struct netlink_ext_ack *extack)
{
	struct nassec_sock_net *sn = nassec_sock_net(net);
	struct nassec_sock *st, *found = NULL;
	int err;

	/*
	 * The state holds no socket reference, but a socket on the list is
	 * alive: close takes it off (under this lock) before it goes away.
	 */
	spin_lock(&sn->lock);
	list_for_each_entry(st, &sn->socks, node) {
		if (sock_i_ino(st->sk) == id && refcount_inc_not_zero(&st->ref)) {
			sock_hold(st->sk);
			found = st;
			break;
		}
	}
	spin_unlock(&sn->lock);
	if (!found) {
		NL_SET_ERR_MSG(extack, "no attached socket has SOCK_ID");
		return -ENOENT;
	}
	err = nassec_sock_detach(found, extack);
	sock_put(found->sk);
	nassec_sock_put(found);
	return err;
}

/* ---- netlink ---- */

int nassec_nl_sock_attach_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, NASSEC_A_SOCK_FD))
		return -EINVAL;
	return nassec_sock_attach(genl_info_net(info),
				  nla_get_s32(info->attrs[NASSEC_A_SOCK_FD]),
				  info->extack);
}

int nassec_nl_sock_detach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);

	if (info->attrs[NASSEC_A_SOCK_FD])
		return nassec_sock_detach_fd(net,
					     nla_get_s32(info->attrs[NASSEC_A_SOCK_FD]),
					     info->extack);
	if (info->attrs[NASSEC_A_SOCK_ID])
		return nassec_sock_detach_id(net,
					     nla_get_u64(info->attrs[NASSEC_A_SOCK_ID]),
					     info->extack);
	NL_SET_ERR_MSG(info->extack, "SOCK_FD or SOCK_ID required");
	return -EINVAL;
}

static int nassec_sock_fill(struct sk_buff *skb, struct nassec_sock *st)
{
	static const u16 attr_of[NASSEC_SC_NUM] = {
		[NASSEC_SC_RX_MSGS] = NASSEC_SOCK_A_RX_MSGS,
		[NASSEC_SC_RX_NAS_OK] = NASSEC_SOCK_A_RX_NAS_OK,
		[NASSEC_SC_RX_NAS_FAIL] = NASSEC_SOCK_A_RX_NAS_FAIL,
		[NASSEC_SC_TX_MSGS] = NASSEC_SOCK_A_TX_MSGS,
		[NASSEC_SC_TX_PROTECTED] = NASSEC_SOCK_A_TX_PROTECTED,
		[NASSEC_SC_TX_REFUSED] = NASSEC_SOCK_A_TX_REFUSED,
	};
	struct sock *sk = st->sk;
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, NASSEC_A_SOCK);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, NASSEC_SOCK_A_ID, sock_i_ino(sk),
			      NASSEC_SOCK_A_PAD) ||
	    nla_put_u32(skb, NASSEC_SOCK_A_TYPE, sk->sk_type) ||
	    nla_put_u8(skb, NASSEC_SOCK_A_LISTENING,
		       sk->sk_state == SCTP_SS_LISTENING) ||
	    (READ_ONCE(st->parent_id) &&
	     nla_put_u64_64bit(skb, NASSEC_SOCK_A_PARENT_ID,
			       READ_ONCE(st->parent_id),
			       NASSEC_SOCK_A_PAD)))
		goto cancel;
	for (i = 0; i < NASSEC_SC_NUM; i++)
		if (nla_put_u64_64bit(skb, attr_of[i],
				      atomic64_read(&st->counters[i]),
				      NASSEC_SOCK_A_PAD))
			goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * The cursor, cb->args[0], is the seq of the last socket sent, not a
 * position: sockets detached meanwhile do not shift the rest past it.
 */
int nassec_nl_sock_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nassec_sock_net *sn = nassec_sock_net(sock_net(skb->sk));
	u64 last = cb->args[0];
	struct nassec_sock *st;
	void *hdr;

	spin_lock(&sn->lock);
	list_for_each_entry(st, &sn->socks, node) {
		if (st->seq <= last)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, genl_dumpit_info(cb)->family,
				  NLM_F_MULTI, NASSEC_CMD_SOCK_LIST);
		if (!hdr)
			break;
		if (nassec_sock_fill(skb, st)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		last = st->seq;
	}
	spin_unlock(&sn->lock);
	cb->args[0] = last;
	return skb->len;
}

/* ---- namespaces and module ---- */

static __net_init int nassec_sock_net_init(struct net *net)
{
	struct nassec_sock_net *sn = nassec_sock_net(net);

	spin_lock_init(&sn->lock);
	INIT_LIST_HEAD(&sn->socks);
	return 0;
}

/*
 * User sockets hold their namespace, so by the time it exits every
 * attached socket has been closed and unhooked itself.
 */
static __net_exit void nassec_sock_net_exit(struct net *net)
{
	WARN_ON_ONCE(!list_empty(&nassec_sock_net(net)->socks));
}

static struct pernet_operations nassec_sock_net_ops = {
	.init = nassec_sock_net_init,
	.exit = nassec_sock_net_exit,
	.id = &nassec_sock_net_id,
	.size = sizeof(struct nassec_sock_net),
};

int nassec_sock_init(void)
{
	return register_pernet_subsys(&nassec_sock_net_ops);
}

void nassec_sock_exit(void)
{
	int i;

	unregister_pernet_subsys(&nassec_sock_net_ops);
	/*
	 * A wrapper's last put may be a grace period from its return, and
	 * under preemptible RCU a task preempted between the two is not
	 * waited for by synchronize_rcu(): Tasks RCU waits for it.
	 */
	synchronize_rcu();
	synchronize_rcu_tasks();
	rcu_barrier();	/* the last nassec_sock_free_rcu() has returned */
	for (i = 0; i < ARRAY_SIZE(nassec_protos); i++)
		if (nassec_protos[i].orig)
			module_put(nassec_protos[i].orig->owner);
}
