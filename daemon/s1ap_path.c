// SPDX-License-Identifier: GPL-2.0
/* S1-MME over one one-to-many SCTP socket, NAS security by the backend. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <nassec/nassec.h>

#include "log.h"
#include "s1ap_path.h"

struct s1ap_path {
	int fd;
	struct nas_sec *sec;
	sd_event_source *io;
	const struct s1ap_path_ops *ops;
	void *arg;
	bool discarding;	/* the rest of a message too large to read */
	uint8_t buf[S1AP_PATH_MSG_MAX];
	uint8_t txbuf[S1AP_PATH_MSG_MAX];	/* a message protected in place */
};

static socklen_t sockaddr_of(const struct config_addr *a, uint16_t port,
			     bool v6_socket, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6 || v6_socket) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (a->family == AF_INET6) {
			sin6->sin6_addr = a->v6;
		} else {	/* v4-mapped on a dual-stack socket */
			sin6->sin6_addr.s6_addr[10] = 0xff;
			sin6->sin6_addr.s6_addr[11] = 0xff;
			memcpy(&sin6->sin6_addr.s6_addr[12], &a->v4, 4);
		}
		return sizeof(*sin6);
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr = a->v4;
	return sizeof(*sin);
}

static void notification(struct s1ap_path *p, const union sctp_notification *n,
			 size_t len)
{
	const struct sctp_assoc_change *ac = &n->sn_assoc_change;

	if (len < sizeof(n->sn_header) || n->sn_header.sn_type != SCTP_ASSOC_CHANGE ||
	    len < sizeof(*ac))
		return;
	switch (ac->sac_state) {
	case SCTP_COMM_UP:
	case SCTP_RESTART:
		p->ops->assoc_up(p->arg, ac->sac_assoc_id, ac->sac_inbound_streams,
				 ac->sac_outbound_streams);
		break;
	case SCTP_COMM_LOST:
	case SCTP_SHUTDOWN_COMP:
	case SCTP_CANT_STR_ASSOC:
		p->ops->assoc_down(p->arg, ac->sac_assoc_id);
		break;
	}
}

/* Reads one message (or notification); 0, -EAGAIN when none is queued. */
static int read_one(struct s1ap_path *p)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct sctp_rcvinfo)) +
			 NASSEC_CMSG_VERDICT_SPACE + 64];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = p->buf, .iov_len = sizeof(p->buf) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctrl.buf, .msg_controllen = sizeof(ctrl.buf),
	};
	struct nassec_verdict_info vi;
	struct sctp_rcvinfo ri = { 0 };
	bool has_ri = false;
	struct cmsghdr *c;
	ssize_t n;
	int err;

	n = recvmsg(p->fd, &mh, MSG_DONTWAIT);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (mh.msg_flags & MSG_NOTIFICATION) {
		if (mh.msg_flags & MSG_EOR)
			notification(p, (const union sctp_notification *)p->buf, n);
		return 0;
	}
	if (p->discarding || !(mh.msg_flags & MSG_EOR)) {
		/* TS 36.412: S1AP messages fit; a larger one is not S1AP we serve. */
		if (!p->discarding)
			log_warn("S1AP message over %d octets dropped", S1AP_PATH_MSG_MAX);
		p->discarding = !(mh.msg_flags & MSG_EOR);
		return 0;
	}
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(ri))) {
			memcpy(&ri, CMSG_DATA(c), sizeof(ri));
			has_ri = true;
		}
	if (!has_ri) {
		log_warn("S1AP message without SCTP receive info dropped");
		return 0;
	}
	if (ntohl(ri.rcv_ppid) != NASSEC_S1AP_PPID) {
		log_debug("SCTP message with PPID %u dropped", ntohl(ri.rcv_ppid));
		return 0;
	}
	err = nas_sec_rx(p->sec, &mh, p->buf, n, &vi);
	if (err && err != -ENOENT) {
		log_err("S1AP message with an unreadable verdict dropped: %s", strerror(-err));
		return 0;
	}
	p->ops->message(p->arg, ri.rcv_assoc_id, ri.rcv_sid, p->buf, n, err ? NULL : &vi);
	/* Deciphered NAS and the rest: gone once handled. */
	explicit_bzero(p->buf, n);
	return 0;
}

static int on_readable(sd_event_source *s, int fd, uint32_t revents, void *arg)
{
	struct s1ap_path *p = arg;
	int i, err = 0;

	(void)s;
	(void)fd;
	(void)revents;
	/* A bounded batch, so timers and the control socket get their turn. */
	for (i = 0; i < 64 && !err; i++)
		err = read_one(p);
	if (err && err != -EAGAIN)
		log_err("S1-MME socket: %s", strerror(-err));
	return 0;
}

static int set_int(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val));
}

static int setup_socket(struct s1ap_path *p, const struct config *cfg)
{
	struct sctp_event_subscribe events = { .sctp_association_event = 1 };
	struct sctp_initmsg init = { .sinit_num_ostreams = 16, .sinit_max_instreams = 16 };
	struct sctp_sndinfo dflt = { .snd_ppid = htonl(NASSEC_S1AP_PPID) };
	bool v6 = false;
	struct sockaddr_storage ss;
	socklen_t len;
	size_t i;

	for (i = 0; i < cfg->n_bind; i++)
		v6 |= cfg->bind[i].family == AF_INET6;
	p->fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_SEQPACKET | SOCK_CLOEXEC, IPPROTO_SCTP);
	if (p->fd < 0) {
		log_err("S1-MME: SCTP socket: %s (is the sctp module loaded?)", strerror(errno));
		return -errno;
	}
	if (set_int(p->fd, SOL_SOCKET, SO_REUSEADDR, 1) ||
	    setsockopt(p->fd, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof(events)) ||
	    setsockopt(p->fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init)) ||
	    setsockopt(p->fd, IPPROTO_SCTP, SCTP_DEFAULT_SNDINFO, &dflt, sizeof(dflt)) ||
	    set_int(p->fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1) ||
	    /*
	     * No Nagle: a message sent right after another (DETACH ACCEPT,
	     * then UE Context Release Command) would wait for the eNB's
	     * delayed SACK, 200 ms by default, on every procedure.
	     */
	    set_int(p->fd, IPPROTO_SCTP, SCTP_NODELAY, 1) ||
	    set_int(p->fd, SOL_SOCKET, SO_RCVBUF, 4 << 20) ||
	    set_int(p->fd, SOL_SOCKET, SO_SNDBUF, 4 << 20)) {
		log_err("S1-MME: socket options: %s", strerror(errno));
		return -errno;
	}
	for (i = 0; i < cfg->n_bind; i++) {
		len = sockaddr_of(&cfg->bind[i], cfg->port, v6, &ss);
		if (i ? sctp_bindx(p->fd, (struct sockaddr *)&ss, 1, SCTP_BINDX_ADD_ADDR) :
			bind(p->fd, (struct sockaddr *)&ss, len)) {
			char text[INET6_ADDRSTRLEN] = "?";

			inet_ntop(cfg->bind[i].family, &cfg->bind[i].v4, text, sizeof(text));
			log_err("S1-MME: bind %s port %u: %s", text, cfg->port, strerror(errno));
			return -errno;
		}
	}
	if (listen(p->fd, 64)) {
		log_err("S1-MME: listen: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

int s1ap_path_open(struct s1ap_path **out, const struct config *cfg,
		   struct nas_sec *sec, sd_event *ev,
		   const struct s1ap_path_ops *ops, void *arg)
{
	struct s1ap_path *p = calloc(1, sizeof(*p));
	int err;

	if (!p)
		return -ENOMEM;
	p->fd = -1;
	p->sec = sec;
	p->ops = ops;
	p->arg = arg;
	err = setup_socket(p, cfg);
	if (err)
		goto fail;
	/* Attached before the first association: nothing passes unverified. */
	err = nas_sec_sock_attach(sec, p->fd);
	if (err) {
		log_err("S1-MME: attach to nassec.ko: %s (%s)", strerror(-err),
			nas_sec_last_error(sec));
		goto fail;
	}
	err = sd_event_add_io(ev, &p->io, p->fd, EPOLLIN, on_readable, p);
	if (err < 0) {
		log_err("S1-MME: event loop: %s", strerror(-err));
		goto fail;
	}
	*out = p;
	return 0;
fail:
	if (p->fd >= 0)
		close(p->fd);
	free(p);
	return err;
}

int s1ap_path_send(struct s1ap_path *p, uint32_t assoc_id, uint16_t stream,
		   const uint8_t *msg, size_t len,
		   const struct nassec_protect_info *protect)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct sctp_sndinfo)) + NASSEC_CMSG_PROTECT_SPACE];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctrl.buf, .msg_controllen = CMSG_SPACE(sizeof(struct sctp_sndinfo)),
	};
	struct sctp_sndinfo si = {
		.snd_sid = stream,
		.snd_ppid = htonl(NASSEC_S1AP_PPID),
		.snd_assoc_id = assoc_id,
	};
	struct cmsghdr *c;
	int err;

	memset(&ctrl, 0, sizeof(ctrl));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_SCTP;
	c->cmsg_type = SCTP_SNDINFO;
	c->cmsg_len = CMSG_LEN(sizeof(si));
	memcpy(CMSG_DATA(c), &si, sizeof(si));
	if (protect) {
		/* A cmsg for the kernel, or protected here in a copy. */
		if (len > sizeof(p->txbuf))
			return -EMSGSIZE;
		memcpy(p->txbuf, msg, len);
		iov.iov_base = p->txbuf;
		err = nas_sec_tx(p->sec, p->fd, &mh, sizeof(ctrl.buf), p->txbuf, len, protect);
		if (!err && sendmsg(p->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			err = -errno;
		explicit_bzero(p->txbuf, len);	/* plain NAS, maybe KeNB */
		return err;
	}
	if (sendmsg(p->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

int s1ap_path_abort(struct s1ap_path *p, uint32_t assoc_id)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
		struct cmsghdr align;
	} ctrl;
	struct msghdr mh = { .msg_control = ctrl.buf, .msg_controllen = sizeof(ctrl.buf) };
	struct sctp_sndinfo si = { .snd_flags = SCTP_ABORT, .snd_assoc_id = assoc_id };
	struct cmsghdr *c;

	memset(&ctrl, 0, sizeof(ctrl));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_SCTP;
	c->cmsg_type = SCTP_SNDINFO;
	c->cmsg_len = CMSG_LEN(sizeof(si));
	memcpy(CMSG_DATA(c), &si, sizeof(si));
	return sendmsg(p->fd, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

int s1ap_path_fd(const struct s1ap_path *p)
{
	return p->fd;
}

void s1ap_path_close(struct s1ap_path *p)
{
	if (!p)
		return;
	sd_event_source_disable_unref(p->io);
	nas_sec_sock_detach(p->sec, p->fd);
	close(p->fd);
	free(p);
}
