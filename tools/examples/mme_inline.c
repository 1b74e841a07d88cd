// SPDX-License-Identifier: GPL-2.0
/*
 * mme_inline: the smallest MME that lets nassec.ko do NAS security inline
 * on its S1-MME socket. It listens on SCTP (one-to-one), attaches the
 * listener (accepted associations inherit the offload), accepts one eNB,
 * loads one UE's EPS security context, sends a Downlink NAS Transport
 * whose NAS-PDU the kernel protects on the way out, and prints the
 * verdict of each S1AP message it reads back.
 *
 *   mme_inline [-l ADDR] [-p PORT] [-u UE_ID] [-k KASME_HEX] [-i EIA] [-e EEA] [-n MSGS]
 *
 * Output, one line per event (the selftest example_test reads it):
 *   listening ADDR:PORT
 *   sent ue=UE count=0 nas_offset=N
 *   verdict ue=UE verdict=ok count=C sht=2 procedure=13 nas=<deciphered hex>
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/sctp.h>

#include <nassec/nassec.h>
#include "s1ap_build.h"

#define S1AP_PPID	NASSEC_S1AP_PPID
#define S1AP_PORT	36412

/* EMM INFORMATION (TS 24.301 8.2.13), the downlink NAS message we send. */
static const uint8_t emm_information[] = { 0x07, 0x61, 0x43, 0x03, 0x81, 0xc4, 0x74 };

static int fail(const char *what, int err)
{
	fprintf(stderr, "mme_inline: %s: %s\n", what, strerror(err));
	return 1;
}

static int parse_kasme(const char *hex, uint8_t kasme[NASSEC_KASME_LEN])
{
	for (int i = 0; i < NASSEC_KASME_LEN; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &kasme[i]) != 1)
			return -1;
	return hex[2 * NASSEC_KASME_LEN] ? -1 : 0;
}

/* The listening S1-MME socket, attached: every accepted association is too. */
static int s1mme_listen(struct nassec *h, const char *addr, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP), on = 1;

	if (fd < 0 || inet_pton(AF_INET, addr, &sin.sin_addr) != 1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 16))
		return -1;
	if (nassec_sock_attach(h, fd) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Downlink NAS Transport: the NAS-PDU starts with NASSEC_NAS_HDR_LEN
 * reserved octets; the kernel writes header, MAC and SQN there and ciphers
 * the rest (TS 24.301 4.4.5) as the message goes out.
 */
static int send_downlink_nas(struct nassec *h, int fd, uint32_t ue_id, uint32_t enb_ue_id)
{
	uint8_t nas[NASSEC_NAS_HDR_LEN + sizeof(emm_information)] = { 0 };
	uint8_t pdu[256], ctrl[CMSG_SPACE(sizeof(struct sctp_sndinfo)) +
			       NASSEC_CMSG_PROTECT_SPACE] __attribute__((aligned(8)));
	struct s1ap_downlink_nas_transport dl = {
		.ids = { .mme_ue_id = ue_id, .enb_ue_id = enb_ue_id },
		.nas = { .data = nas, .len = sizeof(nas) },
	};
	struct sctp_sndinfo sndinfo = { .snd_ppid = htonl(S1AP_PPID) };
	struct iovec iov = { .iov_base = pdu };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl };
	struct nassec_protect_info protect = {
		.ue_id = ue_id,
		.nas_len = sizeof(nas),
		.sec_hdr_type = NASSEC_SHT_INTEGRITY_CIPHERED,
	};
	struct cmsghdr *cm = (struct cmsghdr *)ctrl;
	size_t nas_offset;
	int len, err;

	memcpy(nas + NASSEC_NAS_HDR_LEN, emm_information, sizeof(emm_information));
	len = s1ap_build_downlink_nas_transport(pdu, sizeof(pdu), &dl, &nas_offset);
	if (len < 0)
		return len;
	iov.iov_len = len;
	protect.nas_offset = nas_offset;

	cm->cmsg_level = IPPROTO_SCTP;
	cm->cmsg_type = SCTP_SNDINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(sndinfo));
	memcpy(CMSG_DATA(cm), &sndinfo, sizeof(sndinfo));
	msg.msg_controllen = CMSG_SPACE(sizeof(sndinfo));
	/* Fails closed (-EBADFD) unless nassec.ko holds fd: never NAS in clear. */
	err = nassec_cmsg_add_protect(h, fd, &msg, sizeof(ctrl), &protect);
	if (err) {
		fprintf(stderr, "mme_inline: protected send: %s\n", nassec_last_error(h));
		return err;
	}
	if (sendmsg(fd, &msg, 0) != len)
		return -errno;	/* ENOKEY, EACCES (frozen), EOVERFLOW: nothing sent */
	printf("sent ue=%u count=0 nas_offset=%zu\n", ue_id, nas_offset);
	return 0;
}

/* One S1AP message and its verdict; the control buffer must fit the verdict. */
static int print_next_verdict(int fd)
{
	uint8_t pdu[4096], ctrl[NASSEC_CMSG_VERDICT_SPACE + 64] __attribute__((aligned(8)));
	struct iovec iov = { .iov_base = pdu, .iov_len = sizeof(pdu) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctrl, .msg_controllen = sizeof(ctrl) };
	struct nassec_verdict_info v;
	ssize_t len;
	int err;

	do {
		msg.msg_controllen = sizeof(ctrl);
		len = recvmsg(fd, &msg, 0);
		if (len <= 0)
			return len ? -errno : -ECONNRESET;
	} while (msg.msg_flags & MSG_NOTIFICATION);	/* these carry no verdict */
	err = nassec_cmsg_verdict(&msg, &v);	/* never go on without it */
	if (err)
		return err;

	printf("verdict ue=%u verdict=%s count=%u sht=%u procedure=%u nas=",
	       v.ue_id, nassec_verdict_name(v.verdict), v.count, v.sec_hdr_type,
	       v.procedure);
	/* With OK the inner message is deciphered in place, after the header. */
	if (v.verdict == NASSEC_VERDICT_OK && v.nas_len > NASSEC_NAS_HDR_LEN &&
	    v.nas_offset + v.nas_len <= (size_t)len)
		for (uint32_t i = NASSEC_NAS_HDR_LEN; i < v.nas_len; i++)
			printf("%02x", pdu[v.nas_offset + i]);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *addr = "0.0.0.0";
	struct nassec_ctx ue = { .ue_id = 1 };
	struct nassec_slot *cur = &ue.slot[NASSEC_SLOT_CUR];
	int port = S1AP_PORT, msgs = 1, opt, listener, enb, err;
	struct nassec *h = NULL;

	cur->present = cur->has_kasme = true;
	cur->eia = cur->eea = NASSEC_ALG_AES;
	cur->eksi = 1;
	memset(cur->kasme, 0x11, sizeof(cur->kasme));	/* demo key; use -k */
	while ((opt = getopt(argc, argv, "l:p:u:k:i:e:n:")) != -1) {
		switch (opt) {
		case 'l': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'u': ue.ue_id = strtoul(optarg, NULL, 0); break;
		case 'k':
			if (parse_kasme(optarg, cur->kasme))
				return fail("-k", EINVAL);
			break;
		case 'i': cur->eia = atoi(optarg); break;
		case 'e': cur->eea = atoi(optarg); break;
		case 'n': msgs = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-l ADDR] [-p PORT] [-u UE_ID] [-k KASME_HEX] "
				"[-i EIA] [-e EEA] [-n MSGS]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	err = nassec_open(&h);
	if (err)
		return fail("nassec_open (is nassec.ko loaded?)", -err);
	listener = s1mme_listen(h, addr, port);
	if (listener < 0)
		return fail("listen/attach", errno);
	printf("listening %s:%d\n", addr, port);

	/* After S1 Setup and EPS-AKA a real MME knows KASME; here it is given. */
	err = nassec_ctx_new(h, &ue);
	nassec_ctx_wipe(&ue);
	if (err)
		return fail("nassec_ctx_new", -err);

	enb = accept(listener, NULL, NULL);
	if (enb < 0)
		return fail("accept", errno);
	err = send_downlink_nas(h, enb, ue.ue_id, 1);
	while (!err && msgs-- > 0)
		err = print_next_verdict(enb);
	if (err)
		return fail("S1AP", -err);

	nassec_ctx_del(h, ue.ue_id);
	close(enb);
	close(listener);	/* closing detaches */
	nassec_close(h);
	return 0;
}
