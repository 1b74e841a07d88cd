// SPDX-License-Identifier: GPL-2.0
/*
 * The eNBs: one SCTP association each (one-to-one style, PPID 18), S1
 * Setup on stream 0, UE-associated messages on a stream per UE (TS 36.412
 * 7), and the routing of what the MME sends to the UE it names.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <linux/sctp.h>

#include "enbsim.h"
#include "s1ap_build.h"
#include "s1ap_parse.h"

#define S1AP_PPID	18	/* TS 36.412 7 */
#define ENB_STREAMS	16
#define SETUP_TIMEOUT_MS 10000

/* Sends one message on stream, waiting (bounded) when the socket is full. */
static int enb_send(struct enb *e, uint16_t stream, const uint8_t *buf, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctrl.buf, .msg_controllen = sizeof(ctrl.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	struct sctp_sndinfo si = { .snd_sid = stream, .snd_ppid = htonl(S1AP_PPID) };

	if (e->fd < 0)
		return -1;
	c->cmsg_level = IPPROTO_SCTP;
	c->cmsg_type = SCTP_SNDINFO;
	c->cmsg_len = CMSG_LEN(sizeof(si));
	memcpy(CMSG_DATA(c), &si, sizeof(si));
	for (int tries = 0; tries < 50; tries++) {
		struct pollfd p = { .fd = e->fd, .events = POLLOUT };
		ssize_t n = sendmsg(e->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n == (ssize_t)len)
			return 0;
		if (n >= 0 || (errno != EAGAIN && errno != EINTR))
			return -1;
		poll(&p, 1, 100);
	}
	return -1;
}

int enb_send_ue(void *arg, struct ue *u, const uint8_t *buf, size_t len)
{
	(void)arg;
	return enb_send(u->enb, u->stream, buf, len);
}

static int enb_connect(struct sim *s, struct enb *e, const struct sockaddr_in *sin)
{
	struct sctp_initmsg init = { .sinit_num_ostreams = ENB_STREAMS,
				     .sinit_max_instreams = ENB_STREAMS };
	struct sctp_status st;
	socklen_t sl = sizeof(st);
	int on = 1, sndbuf = 1 << 20;
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = e };

	e->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_SCTP);
	if (e->fd < 0)
		return -1;
	/* An eNB sends without Nagle delays; the buffer holds bursts of many UEs. */
	if (setsockopt(e->fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init)) ||
	    setsockopt(e->fd, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on)) ||
	    setsockopt(e->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) ||
	    connect(e->fd, (const struct sockaddr *)sin, sizeof(*sin)))
		return -1;
	memset(&st, 0, sizeof(st));
	e->ostreams = getsockopt(e->fd, IPPROTO_SCTP, SCTP_STATUS, &st, &sl) ? 1 :
		      st.sstat_outstrms;
	if (!e->ostreams)
		e->ostreams = 1;
	return epoll_ctl(s->epfd, EPOLL_CTL_ADD, e->fd, &ev);
}

static int send_s1_setup(struct sim *s, struct enb *e)
{
	struct s1ap_plmn plmn;
	struct s1ap_supported_ta ta = { .tac = s->cfg.tac, .bplmns = &plmn, .n_bplmns = 1 };
	char name[32];
	struct s1ap_s1_setup_request req = {
		.enb_id = e->enb_id, .enb_name = name, .tas = &ta, .n_tas = 1,
		.paging_drx = S1AP_PAGING_DRX_128,
	};
	uint8_t buf[512];
	int len;

	snprintf(name, sizeof(name), "enbsim-%u", e->idx + 1);
	s1ap_plmn_from_digits(&plmn, s->cfg.mcc, s->cfg.mnc);
	req.plmn = plmn;
	len = s1ap_build_s1_setup_request(buf, sizeof(buf), &req);
	return len > 0 ? enb_send(e, 0, buf, (size_t)len) : -1;
}

int enb_setup_all(struct sim *s)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(s->cfg.port) };
	unsigned int up = 0;
	uint64_t deadline;

	if (inet_pton(AF_INET, s->cfg.mme, &sin.sin_addr) != 1) {
		fprintf(stderr, "enbsim: --mme %s: not an IPv4 address\n", s->cfg.mme);
		return -1;
	}
	for (unsigned int i = 0; i < s->cfg.enbs; i++) {
		struct enb *e = &s->enbs[i];

		e->idx = i;
		e->enb_id = s->cfg.enb_id_base + i;
		if (enb_connect(s, e, &sin) || send_s1_setup(s, e)) {
			fprintf(stderr, "enbsim: eNB %u: SCTP to %s:%u: %s\n", i + 1, s->cfg.mme,
				s->cfg.port, strerror(errno));
			return -1;
		}
	}
	deadline = sim_now_us(s) + SETUP_TIMEOUT_MS * 1000ull;
	while (up < s->cfg.enbs) {
		struct epoll_event ev[16];
		int n = epoll_wait(s->epfd, ev, 16, 100);

		for (int k = 0; k < n; k++)
			enb_readable(s, ev[k].data.ptr);
		up = 0;
		for (unsigned int i = 0; i < s->cfg.enbs; i++) {
			if (s->enbs[i].fd < 0) {
				fprintf(stderr, "enbsim: eNB %u: S1 Setup failed\n", i + 1);
				return -1;
			}
			up += s->enbs[i].up;
		}
		if (sim_now_us(s) > deadline) {
			fprintf(stderr, "enbsim: S1 Setup: %u of %u eNBs answered in %d s\n", up,
				s->cfg.enbs, SETUP_TIMEOUT_MS / 1000);
			return -1;
		}
	}
	return 0;
}

static void enb_lost(struct sim *s, struct enb *e)
{
	if (e->fd >= 0) {
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, e->fd, NULL);
		close(e->fd);
	}
	e->fd = -1;
	e->up = false;
	for (unsigned int i = e->idx; i < s->next_ue && i < s->cfg.ues; i += s->cfg.enbs)
		ue_enb_lost(&s->ues[i], &s->env);
}

/* The UE an eNB-UE-S1AP-ID names on eNB e (ids are i / enbs + 1). */
static struct ue *ue_by_enb_id(struct sim *s, struct enb *e, uint32_t enb_ue_id)
{
	uint64_t i;

	if (!enb_ue_id)
		return NULL;
	i = (uint64_t)(enb_ue_id - 1) * s->cfg.enbs + e->idx;
	return i < s->next_ue ? &s->ues[i] : NULL;
}

static struct ue *ue_by_mme_id(struct sim *s, struct enb *e, uint32_t mme_ue_id)
{
	for (unsigned int i = e->idx; i < s->next_ue; i += s->cfg.enbs)
		if (s->ues[i].have_mme_id && s->ues[i].mme_ue_id == mme_ue_id)
			return &s->ues[i];
	return NULL;
}

static void dispatch(struct sim *s, struct enb *e, const struct s1ap_message *m)
{
	const struct s1ap_ue_ids *ids = NULL;
	struct ue *u;

	switch (m->type) {
	case S1AP_MSG_S1_SETUP_RESPONSE:
		e->up = true;
		return;
	case S1AP_MSG_S1_SETUP_FAILURE:
		enb_lost(s, e);
		return;
	case S1AP_MSG_ERROR_INDICATION:
		e->s1ap_errors++;
		return;
	case S1AP_MSG_DOWNLINK_NAS_TRANSPORT:
		ids = &m->u.downlink_nas.ids;
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST:
		ids = &m->u.ics_request.ids;
		break;
	case S1AP_MSG_UE_CONTEXT_RELEASE_COMMAND:
		ids = &m->u.release_command.ids;
		if (m->u.release_command.mme_id_only) {
			u = ue_by_mme_id(s, e, ids->mme_ue_id);
			if (u)
				ue_input(u, &s->env, m);
			return;
		}
		break;
	default:
		return;
	}
	u = ue_by_enb_id(s, e, ids->enb_ue_id);
	if (u)
		ue_input(u, &s->env, m);
}

void enb_readable(struct sim *s, struct enb *e)
{
	static struct s1ap_message msg;
	static uint8_t buf[16384];

	while (e->fd >= 0) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n = recvmsg(e->fd, &mh, MSG_DONTWAIT);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			enb_lost(s, e);
			return;
		}
		if (mh.msg_flags & MSG_NOTIFICATION)
			continue;
		/* S1AP messages are small; a partial one is a protocol error here. */
		if (!(mh.msg_flags & MSG_EOR) || s1ap_parse(buf, (size_t)n, &msg)) {
			e->s1ap_errors++;
			continue;
		}
		dispatch(s, e, &msg);
	}
}

void enb_close_all(struct sim *s)
{
	for (unsigned int i = 0; i < s->cfg.enbs; i++)
		if (s->enbs[i].fd >= 0) {
			close(s->enbs[i].fd);
			s->enbs[i].fd = -1;
		}
}
