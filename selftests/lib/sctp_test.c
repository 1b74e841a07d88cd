// SPDX-License-Identifier: GPL-2.0
/* Shared helpers of the SCTP socket selftests: see sctp_test.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <linux/sctp.h>

#include "s1ap_build.h"
#include "s1ap_peer.h"
#include "sctp_test.h"

const uint8_t sk_plain_nas[20] = {
	0x07, 0x61, 0x43, 0x06, 0x81, 0xc4, 0x74, 0x98, 0x4c, 0x02,
	0x47, 0x45, 0x46, 0x01, 0x02, 0x49, 0x00, 0x18, 0x30, 0x63,
};

int sk_set_int(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val));
}

int sk_set_rcvtimeo(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };

	return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

socklen_t sk_loopback(int family, uint16_t port, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = in6addr_loopback;
		return sizeof(*sin6);
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*sin);
}

uint64_t sk_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

ssize_t sk_recv(int fd, void *buf, size_t cap, size_t ctrl_len, struct sk_rx *rx)
{
	union {
		char buf[SK_CTRL_CAP];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctrl_len ? ctrl.buf : NULL,
		.msg_controllen = ctrl_len < sizeof(ctrl.buf) ? ctrl_len : sizeof(ctrl.buf),
	};
	struct cmsghdr *c;

	memset(rx, 0, sizeof(*rx));
	rx->len = recvmsg(fd, &mh, 0);
	if (rx->len < 0)
		return -1;
	rx->flags = mh.msg_flags;
	rx->controllen = mh.msg_controllen;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_NASSEC) {
			if (c->cmsg_type == NASSEC_CMSG_VERDICT &&
			    c->cmsg_len == CMSG_LEN(sizeof(rx->vi)))
				memcpy(&rx->vi, CMSG_DATA(c), sizeof(rx->vi));
			rx->has_verdict = true;
		} else if (c->cmsg_level == IPPROTO_SCTP &&
			   c->cmsg_type == SCTP_RCVINFO) {
			struct sctp_rcvinfo ri;

			memcpy(&ri, CMSG_DATA(c), sizeof(ri));
			rx->ppid = ntohl(ri.rcv_ppid);
			rx->assoc_id = ri.rcv_assoc_id;
			rx->has_rcvinfo = true;
		}
	}
	return rx->len;
}

ssize_t sk_send_s1ap(int fd, const void *buf, size_t len,
		     const struct nassec_protect_info *pi,
		     const struct sockaddr_storage *to, socklen_t to_len)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct nassec_protect_info))];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = {
		.msg_name = (void *)to,
		.msg_namelen = to ? to_len : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct cmsghdr *c;

	if (pi) {
		memset(&ctrl, 0, sizeof(ctrl));
		mh.msg_control = ctrl.buf;
		mh.msg_controllen = sizeof(ctrl.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_NASSEC;
		c->cmsg_type = NASSEC_CMSG_PROTECT;
		c->cmsg_len = CMSG_LEN(sizeof(*pi));
		memcpy(CMSG_DATA(c), pi, sizeof(*pi));
	}
	return sendmsg(fd, &mh, 0);
}

int sk_build_ul(const struct ue_nas *ue, uint32_t count, const uint8_t *plain,
		size_t len, uint32_t ue_id, uint32_t enb_ue_id, uint8_t *msg,
		size_t cap, size_t *nas_off)
{
	uint8_t *nas = malloc(UE_NAS_HDR_LEN + len);
	int n;

	if (!nas)
		return -1;
	ue_nas_protect(ue, 2, count, UE_NAS_DIR_UL, plain, len, nas);
	n = peer_build_uplink(msg, cap, ue_id, enb_ue_id, nas,
			      UE_NAS_HDR_LEN + len, nas_off);
	free(nas);
	return n;
}

int sk_build_dl(uint32_t ue_id, uint32_t enb_ue_id, uint8_t *msg, size_t cap,
		size_t *nas_off)
{
	uint8_t nas[UE_NAS_HDR_LEN + sizeof(sk_plain_nas)] = { 0 };
	struct s1ap_downlink_nas_transport m = {
		.ids = { .mme_ue_id = ue_id, .enb_ue_id = enb_ue_id },
		.nas = { .data = nas, .len = sizeof(nas) },
	};

	memcpy(nas + UE_NAS_HDR_LEN, sk_plain_nas, sizeof(sk_plain_nas));
	return s1ap_build_downlink_nas_transport(msg, cap, &m, nas_off);
}

void sk_big_nas(uint8_t *nas, size_t len)
{
	size_t i, clen = len - 5;

	nas[0] = 0x07;			/* EMM, plain */
	nas[1] = 0x69;			/* Uplink generic NAS transport */
	nas[2] = 0x01;			/* container type: LPP */
	nas[3] = clen >> 8;		/* LV-E */
	nas[4] = clen & 0xff;
	for (i = 5; i < len; i++)
		nas[i] = (uint8_t)(i * 31 + 7);
}

int sk_task_sleeping(volatile pid_t *tid)
{
	char path[64], stat[256], *p;
	int i;

	for (i = 0; i < 300; i++) {
		FILE *f;

		usleep(10000);
		if (!*tid)
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%d/stat", *tid);
		f = fopen(path, "r");
		if (!f)
			continue;
		p = fgets(stat, sizeof(stat), f) ? strrchr(stat, ')') : NULL;
		fclose(f);
		if (p && p[1] == ' ' && p[2] == 'S') {
			usleep(50000);	/* well inside the wait */
			return 0;
		}
	}
	return -1;
}

long sk_module_refcnt(void)
{
	char text[32];
	FILE *f = fopen("/sys/module/nassec/refcnt", "r");
	long n = -1;

	if (!f)
		return -1;
	if (fgets(text, sizeof(text), f))
		n = strtol(text, NULL, 10);
	fclose(f);
	return n;
}

long sk_module_refcnt_settled(void)
{
	long n = sk_module_refcnt(), prev;
	int same = 0, i;

	for (i = 0; i < 100 && same < 10; i++) {
		usleep(50000);
		prev = n;
		n = sk_module_refcnt();
		same = n == prev ? same + 1 : 0;
	}
	return n;
}
