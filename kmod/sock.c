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
 *		sk_prot and calls ->init on them: they are freed as the
 *		original's;
 *   accept	attaches the accepted socket (before anyone can read from it),
 *		the listener its parent;
 *   getsockopt	SCTP_SOCKOPT_PEELOFF is serialised against recvmsg, which
 *		relies on the head of the receive queue staying put;
 *   setsockopt	SCTP_FRAGMENT_INTERLEAVE is refused: recvmsg reads the
 *		parts of a partially delivered message back to back, which
 *		interleaved parts of other messages would break.
 *
 * Per-socket state (struct nassec_sock) hangs off sk_user_data (SCTP does
 * not use it for user sockets) and sits on a per-netns list for
 * SOCK_LIST/DETACH. It is reference counted: the attachment holds one
 * reference and every wrapper call in flight holds one, so a detach or
 * close racing with a blocked recvmsg never frees state under it.
 *
 * Unload: every attached socket pins the module (the state holds a module
 * reference, dropped from an RCU callback after the state is freed; exit
 * waits for those with rcu_barrier()). rmmod fails with EBUSY until all
 * sockets are detached or closed. A wrapper that found the socket attached
 * keeps that state until it returns, however long it then waits in SCTP
 * (accept, recvmsg, connectx), so a detach and rmmod meanwhile cannot free
 * the code it returns into. The proto copies pin the SCTP module.
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
	struct list_head node;		/* nassec_sock_net.socks */
	u64 seq;			/* order of attachment, for dumps */
	refcount_t ref;
	bool unhooked;			/* under lock_sock */
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

/* The original proto of sk, whether it is currently hooked or not. */
static struct proto *nassec_sock_orig(const struct sock *sk)
{
	struct proto *prot = READ_ONCE(sk->sk_prot);
	struct nassec_proto *np = nassec_proto_of(prot);

	return np ? np->orig : prot;
}

static void nassec_sock_free_rcu(struct rcu_head *rcu)
{
	struct nassec_sock *st = container_of(rcu, struct nassec_sock, rcu);

	kvfree(st->rx.buf);
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

/* A reference to the state of sk, or NULL when sk is not attached. */
static struct nassec_sock *nassec_sock_get(struct sock *sk)
{
	struct nassec_sock *st;

	rcu_read_lock();
	st = __rcu_dereference_sk_user_data_with_flags(sk, SK_USER_DATA_NOCOPY);
	if (st && (st->sk != sk || !refcount_inc_not_zero(&st->ref)))
		st = NULL;
	rcu_read_unlock();
	return st;
}

static void nassec_sock_count(struct nassec_sock *st, enum nassec_sock_counter c)
{
	atomic64_inc(&st->counters[c]);
}

/*
 * Publish st on sk. Called with sk locked (or, for an accepted socket, not
 * yet visible to anyone). The module reference is the attachment's.
 */
static void nassec_sock_install(struct sock *sk, struct nassec_sock *st,
				struct proto *orig)
{
	struct nassec_sock_net *sn = nassec_sock_net(sock_net(sk));

	__module_get(THIS_MODULE);
	st->sk = sk;
	st->orig = orig;
	st->net = sock_net(sk);

	write_lock_bh(&sk->sk_callback_lock);
	__rcu_assign_sk_user_data_with_flags(sk, st, SK_USER_DATA_NOCOPY);
	write_unlock_bh(&sk->sk_callback_lock);

	spin_lock(&sn->lock);
	st->seq = ++sn->seq;
	list_add_tail(&st->node, &sn->socks);
	spin_unlock(&sn->lock);
}

/*
 * Undo nassec_sock_install: the original proto back, state unpublished and
 * the attachment's reference dropped. Exactly one caller wins (detach or
 * close); the others get -ENOENT.
 */
static int nassec_sock_unhook(struct nassec_sock *st)
{
	struct nassec_sock_net *sn = nassec_sock_net(st->net);
	struct sock *sk = st->sk;

	lock_sock(sk);
	if (st->unhooked) {
		release_sock(sk);
		return -ENOENT;
	}
	WRITE_ONCE(st->unhooked, true);
	WRITE_ONCE(sk->sk_prot, st->orig);
	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	release_sock(sk);

	spin_lock(&sn->lock);
	list_del_init(&st->node);
	spin_unlock(&sn->lock);

	nassec_sock_put(st);
	return 0;
}

/* ---- send ---- */

static int nassec_sock_parse_protect(struct msghdr *msg,
				     struct nassec_protect_info *pi)
{
	struct cmsghdr *cmsg;
	bool found = false;

	if (msg->msg_control_is_user)
		return 0;
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

static int nassec_sock_sendmsg(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct proto *orig = nassec_sock_orig(sk);
	struct nassec_protect_info pi;
	struct nassec_sock *st;
	struct msghdr kmsg;
	struct kvec kv;
	u8 *buf = NULL;
	int err;

	st = nassec_sock_get(sk);
	if (!st)
		return orig->sendmsg(sk, msg, len);

	err = nassec_sock_parse_protect(msg, &pi);
	if (err == 0) {
		err = orig->sendmsg(sk, msg, len);
		goto out_count;
	}
	if (err < 0)
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
	nassec_sock_count(st, NASSEC_SC_TX_REFUSED);
out_count:
	if (err >= 0)
		nassec_sock_count(st, NASSEC_SC_TX_MSGS);
	kvfree(buf);
	nassec_sock_put(st);
	return err;
}

/* ---- receive ---- */

struct nassec_sock_head {
	u32 len;
	__be32 ppid;
	bool notification;
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
		h->notification = ev->msg_flags & MSG_NOTIFICATION;
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

	iov_iter_kvec(&kmsg.msg_iter, ITER_DEST, NULL, 0, 0);
	return orig->recvmsg(sk, &kmsg, 0, (flags & MSG_DONTWAIT) | MSG_PEEK,
			     &addr_len);
}

/* Control space the verdict takes, in the caller's (maybe 32-bit) layout. */
static size_t nassec_verdict_space(const struct msghdr *msg)
{
	size_t len = sizeof(struct nassec_verdict_info);

	if (IS_ENABLED(CONFIG_COMPAT) && (msg->msg_flags & MSG_CMSG_COMPAT))
		return sizeof(struct compat_cmsghdr) + ALIGN(len, sizeof(s32));
	return CMSG_SPACE(len);
}

/* Read the next part of the current message into rx. */
static int nassec_sock_read_part(struct sock *sk, struct proto *orig,
				 struct nassec_sock_rx *rx, int flags)
{
	struct msghdr kmsg = {};
	bool first = rx->len == 0;
	int addr_len = 0;
	struct kvec kv;
	int err;

	kv.iov_base = rx->buf + rx->len;
	kv.iov_len = rx->cap - rx->len;
	iov_iter_kvec(&kmsg.msg_iter, ITER_DEST, &kv, 1, kv.iov_len);
	if (first) {
		kmsg.msg_name = &rx->name;
		kmsg.msg_control = rx->ctrl;
		kmsg.msg_controllen = sizeof(rx->ctrl);
	}
	err = orig->recvmsg(sk, &kmsg, kv.iov_len, flags & MSG_DONTWAIT,
			    &addr_len);
	if (err < 0)
		return err;
	if (first) {
		rx->namelen = addr_len;
		rx->ctrl_len = sizeof(rx->ctrl) - kmsg.msg_controllen;
		rx->ctrl_flags = kmsg.msg_flags & MSG_CTRUNC;
	}
	rx->len += err;
	if (kmsg.msg_flags & MSG_EOR)
		rx->complete = true;
	else if (err == 0 || rx->len == rx->cap)
		rx->oversize = true;	/* no room for the rest */
	return 0;
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

/* Part of a message is read from SCTP and not all delivered yet. */
static bool nassec_sock_rx_busy(const struct nassec_sock_rx *rx)
{
	return rx->len || rx->complete || rx->oversize;
}

static void nassec_sock_rx_reset(struct nassec_sock_rx *rx)
{
	kvfree(rx->buf);
	memset(rx, 0, sizeof(*rx));
}

/* Deliver (the next part of) the processed message in rx. */
static int nassec_sock_deliver(struct msghdr *msg, size_t len, int flags,
			       int *addr_len, struct nassec_sock_rx *rx)
{
	size_t n = min(len, rx->len - rx->off);
	int err;

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
		if (rx->off == rx->len)		/* the rest passes through */
			rx->len = rx->off = 0;
		return n;
	}
	msg->msg_flags |= MSG_EOR;
	nassec_sock_rx_reset(rx);
	return n;
}

/*
 * The tail of a message too large to inspect: straight from SCTP to the
 * caller, still with the MALFORMED verdict of its first part.
 */
static int nassec_sock_pass_oversize(struct sock *sk, struct proto *orig,
				     struct msghdr *msg, size_t len, int flags,
				     int *addr_len, struct nassec_sock_rx *rx)
{
	size_t reserve = nassec_verdict_space(msg);
	int ret, err;

	msg->msg_controllen -= reserve;
	ret = orig->recvmsg(sk, msg, len, flags, addr_len);
	msg->msg_controllen += reserve;
	if (ret < 0)
		return ret;
	err = put_cmsg(msg, SOL_NASSEC, NASSEC_CMSG_VERDICT, sizeof(rx->vi),
		       &rx->vi);
	if (err)
		return err;
	if ((msg->msg_flags & MSG_EOR) && !(flags & MSG_PEEK))
		nassec_sock_rx_reset(rx);
	return ret;
}

/* Inspect (if needed) and deliver the message rx holds or is reading. */
static int nassec_sock_recv_rx(struct nassec_sock *st, struct msghdr *msg,
			       size_t len, int flags, int *addr_len)
{
	struct nassec_sock_rx *rx = &st->rx;
	int err;

	/* Before dequeuing: a verdict that cannot be shown is an error. */
	if (msg->msg_controllen < nassec_verdict_space(msg))
		return -EMSGSIZE;
	if (rx->oversize && rx->len == 0)
		return nassec_sock_pass_oversize(st->sk, st->orig, msg, len,
						 flags, addr_len, rx);

	/* SCTP partial delivery: the following reads are this message. */
	while (!rx->complete && !rx->oversize) {
		err = nassec_sock_read_part(st->sk, st->orig, rx, flags);
		if (err < 0)
			return err;	/* rx keeps what was read */
		if (rx->oversize) {
			memset(&rx->vi, 0, sizeof(rx->vi));
			rx->vi.verdict = NASSEC_VERDICT_MALFORMED;
			nassec_sock_count(st, NASSEC_SC_RX_MSGS);
			nassec_sock_count(st, NASSEC_SC_RX_NAS_FAIL);
		} else if (rx->complete) {
			nassec_sock_inspect(st, rx);
		}
	}
	return nassec_sock_deliver(msg, len, flags, addr_len, rx);
}

/*
 * With rx_lock held: -EAGAIN when nothing is queued, else the result of
 * reading what is at the head of the queue.
 */
static int nassec_sock_recv_locked(struct nassec_sock *st, struct msghdr *msg,
				   size_t len, int flags, int *addr_len)
{
	struct nassec_sock_rx *rx = &st->rx;
	struct sock *sk = st->sk;
	struct nassec_sock_head h;

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
	rx->buf = kvmalloc(max_t(size_t, rx->cap, 1), GFP_KERNEL);
	if (!rx->buf) {
		nassec_sock_rx_reset(rx);
		return -ENOMEM;
	}
	return nassec_sock_recv_rx(st, msg, len, flags, addr_len);
}

static int nassec_sock_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			       int flags, int *addr_len)
{
	struct nassec_sock *st, *pin = NULL;
	int err;

again:
	st = flags & MSG_ERRQUEUE ? NULL : nassec_sock_get(sk);
	if (!st) {
		err = nassec_sock_orig(sk)->recvmsg(sk, msg, len, flags,
						    addr_len);
		goto out_unpin;
	}
	/*
	 * The head of the queue is inspected and dequeued under rx_lock;
	 * waiting for it happens outside, with SCTP's own semantics for
	 * timeouts, signals, errors and EOF.
	 */
	for (;;) {
		err = mutex_lock_interruptible(&st->rx_lock);
		if (err)
			break;
		/*
		 * Detached while this call waited: what arrives now is read
		 * as the socket is now (plain, or attached afresh), else a
		 * message only partly delivered from rx would lose its rest.
		 */
		if (READ_ONCE(st->unhooked) && !nassec_sock_rx_busy(&st->rx)) {
			mutex_unlock(&st->rx_lock);
			/* Kept to the end: the module must outlive this call. */
			if (pin)
				nassec_sock_put(pin);
			pin = st;
			goto again;
		}
		err = nassec_sock_recv_locked(st, msg, len, flags, addr_len);
		mutex_unlock(&st->rx_lock);
		if (err != -EAGAIN)
			break;
		err = nassec_sock_wait(sk, st->orig, flags);
		if (err < 0)
			break;
		/* A zero-length peek returned: a message, or EOF. */
		if (skb_queue_empty_lockless(&sk->sk_receive_queue) &&
		    (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
			break;
	}
	nassec_sock_put(st);
out_unpin:
	if (pin)
		nassec_sock_put(pin);
	return err;
}

/* ---- lifetime ---- */

static void nassec_sock_close(struct sock *sk, long timeout)
{
	struct proto *orig = nassec_sock_orig(sk);
	struct nassec_sock *st = nassec_sock_get(sk);

	if (st)
		nassec_sock_unhook(st);
	orig->close(sk, timeout);
	/* Held across the original close, which may linger: pins the module. */
	if (st)
		nassec_sock_put(st);
}

/*
 * sctp_accept() allocates the accepted socket with the listener's sk_prot
 * (our copy) and calls ->init on it.
 */
static int nassec_sock_init_accepted(struct sock *sk)
{
	struct nassec_proto *np = nassec_proto_of(sk->sk_prot);

	/* Freed by the original's slab and owner, whatever it is hooked to. */
	sk->sk_prot_creator = np->orig;
	return np->orig->init(sk);
}

/*
 * The accepted socket is attached here, before it has a file anyone can
 * read from; not in ->init, since sctp_accept() may still fail after it
 * and free the socket through sk_common_release(), which never calls
 * ->close: the state would stay listed, with a freed socket.
 */
static struct sock *nassec_sock_accept(struct sock *sk, int flags, int *err,
				       bool kern)
{
	/* Held while accept waits: the module must outlive this call. */
	struct nassec_sock *pin = nassec_sock_get(sk);
	struct proto *orig = nassec_sock_orig(sk);
	struct sock *newsk = orig->accept(sk, flags, err, kern);
	struct nassec_proto *np;
	struct nassec_sock *st;

	np = newsk ? nassec_proto_of(READ_ONCE(newsk->sk_prot)) : NULL;
	if (np) {
		st = nassec_sock_alloc();
		lock_sock(newsk);
		if (st) {
			st->accepted = true;
			st->parent_id = sock_i_ino(sk);
			nassec_sock_install(newsk, st, np->orig);
		} else {
			/* Plain then: no copy may outlive the module. */
			WRITE_ONCE(newsk->sk_prot, np->orig);
		}
		release_sock(newsk);
	}
	if (pin)
		nassec_sock_put(pin);
	return newsk;
}

static int nassec_sock_getsockopt(struct sock *sk, int level, int optname,
				  char __user *optval, int __user *optlen)
{
	struct nassec_sock *st = nassec_sock_get(sk);	/* pins the module */
	struct proto *orig = nassec_sock_orig(sk);
	int err;

	if (!st || level != SOL_SCTP ||
	    (optname != SCTP_SOCKOPT_PEELOFF &&
	     optname != SCTP_SOCKOPT_PEELOFF_FLAGS)) {
		err = orig->getsockopt(sk, level, optname, optval, optlen);
		goto out;
	}
	/* Peel-off moves queued messages: not while recvmsg looks at them. */
	err = mutex_lock_interruptible(&st->rx_lock);
	if (!err) {
		err = orig->getsockopt(sk, level, optname, optval, optlen);
		mutex_unlock(&st->rx_lock);
	}
out:
	if (st)
		nassec_sock_put(st);
	return err;
}

static int nassec_sock_setsockopt(struct sock *sk, int level, int optname,
				  sockptr_t optval, unsigned int optlen)
{
	/* Pins the module: SCTP_SOCKOPT_CONNECTX may wait for long. */
	struct nassec_sock *st = nassec_sock_get(sk);
	struct proto *orig = nassec_sock_orig(sk);
	int val, err;

	/* SCTP refuses other sizes itself. */
	if (level != SOL_SCTP || optname != SCTP_FRAGMENT_INTERLEAVE ||
	    optlen != sizeof(val)) {
		err = orig->setsockopt(sk, level, optname, optval, optlen);
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
	if (st)
		nassec_sock_put(st);
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
	err = -EEXIST;
	if (nassec_proto_of(sk->sk_prot)) {
		NL_SET_ERR_MSG(extack, "socket is already attached");
		goto out_unlock;
	}
	err = -EBUSY;
	if (rcu_access_pointer(sk->sk_user_data)) {
		NL_SET_ERR_MSG(extack, "socket is in use by another kernel user");
		goto out_unlock;
	}
	err = -EOPNOTSUPP;
	if (sctp_sk(sk)->frag_interleave) {
		NL_SET_ERR_MSG(extack, "SCTP_FRAGMENT_INTERLEAVE is not supported");
		goto out_unlock;
	}
	np = nassec_proto_build(sk->sk_prot);
	if (!np) {
		NL_SET_ERR_MSG(extack, "socket protocol cannot be offloaded");
		goto out_unlock;
	}
	nassec_sock_install(sk, st, np->orig);
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

static int nassec_sock_detach(struct nassec_sock *st,
			      struct netlink_ext_ack *extack)
{
	int err;

	/*
	 * A reader blocked for data holds rx_lock; detach does not wait for
	 * it. Otherwise refuse while a message is only partly delivered: its
	 * rest lives here and would be lost.
	 */
	if (mutex_trylock(&st->rx_lock)) {
		if (st->rx.len || st->rx.oversize) {
			mutex_unlock(&st->rx_lock);
			NL_SET_ERR_MSG(extack, "a message is partly read");
			return -EBUSY;
		}
		err = nassec_sock_unhook(st);
		mutex_unlock(&st->rx_lock);
		return err;
	}
	return nassec_sock_unhook(st);
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
	    (st->parent_id &&
	     nla_put_u64_64bit(skb, NASSEC_SOCK_A_PARENT_ID, st->parent_id,
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
	rcu_barrier();	/* the last nassec_sock_free_rcu() has returned */
	for (i = 0; i < ARRAY_SIZE(nassec_protos); i++)
		if (nassec_protos[i].orig)
			module_put(nassec_protos[i].orig->owner);
}
