// SPDX-License-Identifier: GPL-2.0
/* The eNB end of S1-MME for the tests: see s1ap_peer.h. */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/sctp.h>

#include "s1ap_build.h"
#include "s1ap_peer.h"

int peer_private_netns(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd, err;

	if (unshare(CLONE_NEWNET))
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	err = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!err) {
		ifr.ifr_flags |= IFF_UP;
		err = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return err;
}

int peer_default_s1ap_ppid(int fd)
{
	struct sctp_sndinfo info = { .snd_ppid = htonl(S1AP_PPID) };

	return setsockopt(fd, IPPROTO_SCTP, SCTP_DEFAULT_SNDINFO, &info,
			  sizeof(info));
}

static void loopback(struct sockaddr_in *sin, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/*
 * Small messages cost the receiver far more buffer (skb truesize) than the
 * window SCTP advertises in data octets: with default buffers a fast
 * sender drives the association into zero-window probing and a crawl.
 * Keep what a sender has in flight (64 eNBs at once in the scale test)
 * well under what the receiver holds, and send without Nagle delays, as
 * an eNB does.
 */
#define PEER_SNDBUF	(128 << 10)
#define PEER_RCVBUF	(16 << 20)

int peer_connect(int type, uint16_t port)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, type, IPPROTO_SCTP), on = 1, sndbuf = PEER_SNDBUF;

	loopback(&sin, port);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) ||
	    setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on)) ||
	    connect(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    peer_default_s1ap_ppid(fd) ||
	    setsockopt(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on))) {
		close(fd);
		return -1;
	}
	return fd;
}

int peer_listen(int type, uint16_t port)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, type, IPPROTO_SCTP), on = 1, rcvbuf = PEER_RCVBUF;

	loopback(&sin, port);
	if (fd < 0)
		return -1;
	/* FORCE: above rmem_max; root in the test VM. Accepted sockets inherit it. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 128) ||
	    peer_default_s1ap_ppid(fd) ||
	    setsockopt(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on))) {
		close(fd);
		return -1;
	}
	return fd;
}

ssize_t peer_recv(int fd, void *buf, size_t cap, struct peer_rx *rx)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct sctp_rcvinfo)) +
			 CMSG_SPACE(sizeof(struct nassec_verdict_info)) + 64];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr mh;
	struct cmsghdr *c;
	ssize_t len;

	do {
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = ctrl.buf;
		mh.msg_controllen = sizeof(ctrl.buf);
		len = recvmsg(fd, &mh, 0);
		if (len < 0)
			return -1;
	} while (mh.msg_flags & MSG_NOTIFICATION);

	memset(rx, 0, sizeof(*rx));
	rx->eor = mh.msg_flags & MSG_EOR;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_NASSEC && c->cmsg_type == NASSEC_CMSG_VERDICT &&
		    c->cmsg_len == CMSG_LEN(sizeof(rx->vi))) {
			memcpy(&rx->vi, CMSG_DATA(c), sizeof(rx->vi));
			rx->has_verdict = true;
		} else if (c->cmsg_level == IPPROTO_SCTP &&
			   c->cmsg_type == SCTP_RCVINFO) {
			struct sctp_rcvinfo ri;

			memcpy(&ri, CMSG_DATA(c), sizeof(ri));
			rx->ppid = ntohl(ri.rcv_ppid);
			rx->assoc_id = ri.rcv_assoc_id;
		}
	}
	return len;
}

int peer_build_uplink(uint8_t *buf, size_t cap, uint32_t mme_ue_id,
		      uint32_t enb_ue_id, const uint8_t *nas, size_t nas_len,
		      size_t *nas_offset)
{
	struct s1ap_uplink_nas_transport m = {
		.ids = { .mme_ue_id = mme_ue_id, .enb_ue_id = enb_ue_id },
		.nas = { .data = nas, .len = nas_len },
		.ecgi = { .cell_id = 0x1234567 },
		.tai = { .tac = 1 },
	};

	s1ap_plmn_from_digits(&m.ecgi.plmn, "001", "01");
	m.tai.plmn = m.ecgi.plmn;
	return s1ap_build_uplink_nas_transport(buf, cap, &m, nas_offset);
}
