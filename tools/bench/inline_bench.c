// SPDX-License-Identifier: GPL-2.0
/*
 * inline_bench: uplink NAS messages per second through an MME's S1-MME
 * socket, the same S1AP Uplink NAS Transport traffic four ways:
 *
 *   inline        attached socket, the kernel verifies and deciphers in
 *                 recvmsg and hands over a verdict cmsg
 *   netlink x1    plain socket; userspace finds the NAS-PDU (kmod/s1ap.c)
 *                 and asks the kernel over generic netlink, one PDU a call
 *   netlink x32   the same, up to 32 PDUs of one UE per call
 *   userspace     plain socket; kmod/nas.c (COUNT, replay window) with the
 *                 algorithms on Intel ipsec-mb, no kernel help
 *
 * The UE side (tools/lib/ue/ue_nas.c, OpenSSL/ipsec-mb) is precomputed; one eNB
 * process sends bursts of 32 messages per UE; every verdict and every
 * deciphered message is checked, so a fast wrong path cannot win. Needs
 * nassec.ko and root (it makes a network namespace of its own): run it in
 * the VM with selftests/vm/bench-vm.sh (make bench-vm).
 *
 *   inline_bench [-n MSGS] [-u UES] [-a ALG]   (NASSEC_BENCH_MSGS sets -n)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <nassec/nassec.h>
#include "nas.h"
#include "nas_ipsecmb.h"
#include "s1ap.h"
#include "s1ap_peer.h"
#include "ue_nas.h"

#define PORT		36412
#define BURST		32	/* messages per UE in a row, and the netlink batch */
#define PLAIN_LEN	32
#define NAS_LEN		(UE_NAS_HDR_LEN + PLAIN_LEN)
#define SLOT		160

enum mode { INLINE, NETLINK_1, NETLINK_32, USERSPACE, MODES };

static const char *const mode_name[MODES] = {
	[INLINE] = "inline (attached socket)",
	[NETLINK_1] = "netlink unprotect x1",
	[NETLINK_32] = "netlink unprotect x32",
	[USERSPACE] = "userspace ipsec-mb",
};

static size_t n_msgs = 100000, n_ues = 64;
static uint8_t alg = NASSEC_ALG_AES;
static uint8_t (*kasmes)[32];
static uint8_t (*nas_pdus)[NAS_LEN];	/* the UE's, per message */
static uint32_t *msg_ue, *msg_count;
static struct nas_crypto crypto;
static struct nas_ctx *user_ctx;	/* USERSPACE: the MME's own contexts */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void plain_of(uint32_t ue, uint32_t count, uint8_t out[PLAIN_LEN])
{
	for (int i = 0; i < PLAIN_LEN; i++)
		out[i] = (uint8_t)(ue * 7 + count * 13 + i);
	out[0] = 0x07;		/* EMM */
	out[1] = 0x63;		/* UPLINK NAS TRANSPORT */
}

/* The UE side, once for all modes: bursts of BURST messages per UE. */
static int precompute(void)
{
	uint32_t *next = calloc(n_ues, sizeof(*next));
	uint8_t plain[PLAIN_LEN];
	struct ue_nas *ues = calloc(n_ues, sizeof(*ues));

	kasmes = calloc(n_ues, 32);
	nas_pdus = calloc(n_msgs, NAS_LEN);
	msg_ue = calloc(n_msgs, sizeof(*msg_ue));
	msg_count = calloc(n_msgs, sizeof(*msg_count));
	if (!next || !ues || !kasmes || !nas_pdus || !msg_ue || !msg_count)
		return -1;
	for (size_t u = 0; u < n_ues; u++) {
		for (int i = 0; i < 32; i++)
			kasmes[u][i] = (uint8_t)(u * 29 + i * 3 + 1);
		if (ue_nas_init(&ues[u], kasmes[u], alg, alg))
			return -1;
	}
	for (size_t i = 0; i < n_msgs; i++) {
		uint32_t ue = (i / BURST) % n_ues;

		msg_ue[i] = ue;
		msg_count[i] = next[ue]++;
		plain_of(ue, msg_count[i], plain);
		ue_nas_protect(&ues[ue], NASSEC_SHT_INTEGRITY_CIPHERED, msg_count[i],
			       UE_NAS_DIR_UL, plain, PLAIN_LEN, nas_pdus[i]);
	}
	free(next);
	free(ues);
	return 0;
}

static uint32_t ue_id_of(enum mode m, uint32_t ue)
{
	return 100000 * (m + 1) + ue;	/* fresh contexts per mode */
}

/* The MME's contexts for mode m: in the kernel, or its own for USERSPACE. */
static int contexts(struct nassec *h, enum mode m)
{
	for (size_t u = 0; u < n_ues; u++) {
		struct nassec_ctx c = { .ue_id = ue_id_of(m, u) };
		struct nassec_slot *cur = &c.slot[NASSEC_SLOT_CUR];
		struct ue_nas keys;
		int err;

		if (m == USERSPACE) {
			if (ue_nas_init(&keys, kasmes[u], alg, alg))
				return -1;
			nas_slot_init(&user_ctx[u].cur, 1, alg, alg, 0, 0);
			memcpy(user_ctx[u].cur.k_nas_int, keys.k_int, 16);
			memcpy(user_ctx[u].cur.k_nas_enc, keys.k_enc, 16);
			continue;
		}
		cur->present = cur->has_kasme = true;
		cur->eksi = 1;
		cur->eia = cur->eea = alg;
		memcpy(cur->kasme, kasmes[u], 32);
		err = nassec_ctx_new(h, &c);
		nassec_ctx_wipe(&c);
		if (err)
			return err;
	}
	return 0;
}

/* The eNB: every message of the run, in order, BURST per sendmmsg. */
static void enb_send(enum mode m, int fd)
{
	static uint8_t bufs[BURST][SLOT];
	struct mmsghdr mm[BURST];
	struct iovec iov[BURST];

	for (size_t i = 0; i < n_msgs; i += BURST) {
		size_t n = n_msgs - i < BURST ? n_msgs - i : BURST;
		int done;

		for (size_t k = 0; k < n; k++) {
			int len = peer_build_uplink(bufs[k], SLOT,
						    ue_id_of(m, msg_ue[i + k]), 1,
						    nas_pdus[i + k], NAS_LEN, NULL);

			if (len <= 0)
				_exit(1);
			iov[k] = (struct iovec){ .iov_base = bufs[k], .iov_len = len };
			memset(&mm[k], 0, sizeof(mm[k]));
			mm[k].msg_hdr.msg_iov = &iov[k];
			mm[k].msg_hdr.msg_iovlen = 1;
		}
		for (size_t k = 0; k < n; k += done) {
			done = sendmmsg(fd, mm + k, n - k, 0);
			if (done <= 0)
				_exit(1);
		}
	}
	_exit(0);
}

struct run {
	size_t received, verified;
	/* NETLINK_32: PDUs of one UE waiting for a call */
	struct nassec_pdu batch[BURST];
	uint8_t in[BURST][NAS_LEN], out[BURST][NASSEC_PDU_MAX];
	size_t batch_n, batch_first;
	uint32_t batch_ue;
};

static void check(struct run *r, size_t i, uint32_t verdict, uint32_t count,
		  const uint8_t *inner)
{
	uint8_t plain[PLAIN_LEN];

	plain_of(msg_ue[i], msg_count[i], plain);
	if (verdict == NASSEC_VERDICT_OK && count == msg_count[i] &&
	    !memcmp(inner, plain, PLAIN_LEN))
		r->verified++;
}

static int flush_batch(struct nassec *h, struct run *r)
{
	int err;

	if (!r->batch_n)
		return 0;
	err = nassec_pdu_unprotect(h, r->batch_ue, r->batch, r->batch_n);
	for (size_t k = 0; !err && k < r->batch_n; k++)
		check(r, r->batch_first + k, r->batch[k].verdict, r->batch[k].count,
		      r->batch[k].out);
	r->batch_n = 0;
	return err;
}

/* One received message, the way mode m handles it. */
static int mme_handle(struct nassec *h, enum mode m, struct run *r,
		      uint8_t *msg, size_t len, const struct peer_rx *rx)
{
	size_t i = r->received++;
	struct s1ap_info info;
	struct nas_result res;

	if (m == INLINE) {
		if (rx->has_verdict && rx->vi.nas_len == NAS_LEN)
			check(r, i, rx->vi.verdict, rx->vi.count,
			      msg + rx->vi.nas_offset + UE_NAS_HDR_LEN);
		return 0;
	}
	if (s1ap_walk(msg, len, &info) != S1AP_OK || !info.has_mme_ue_id ||
	    info.nas_len != NAS_LEN)
		return 0;	/* counted as received, not verified */
	if (m == USERSPACE) {
		uint32_t ue = info.mme_ue_id - ue_id_of(m, 0);

		if (ue < n_ues &&
		    nas_unprotect(&user_ctx[ue], &crypto, msg + info.nas_offset,
				  info.nas_len, &res) == NAS_VERDICT_OK)
			check(r, i, res.verdict, res.count,
			      msg + info.nas_offset + res.msg_off);
		return 0;
	}
	if (r->batch_n && (r->batch_ue != info.mme_ue_id ||
			   r->batch_n == (m == NETLINK_32 ? BURST : 1))) {
		int err = flush_batch(h, r);

		if (err)
			return err;
	}
	if (!r->batch_n) {
		r->batch_ue = info.mme_ue_id;
		r->batch_first = i;
	}
	memcpy(r->in[r->batch_n], msg + info.nas_offset, NAS_LEN);
	r->batch[r->batch_n] = (struct nassec_pdu){
		.in = r->in[r->batch_n], .in_len = NAS_LEN,
		.out = r->out[r->batch_n], .out_cap = NASSEC_PDU_MAX,
	};
	r->batch_n++;
	/* A whole burst, or the last message: no reason to wait. */
	if (r->batch_n == (m == NETLINK_32 ? BURST : 1) || r->received == n_msgs)
		return flush_batch(h, r);
	return 0;
}

static int run_mode(struct nassec *h, enum mode m, double *secs, size_t *verified)
{
	static struct run r;
	uint8_t msg[SLOT * 2];
	int listener, enb, mme, status = 1, err = 0;
	struct peer_rx rx;
	double t0;
	pid_t pid;

	memset(&r, 0, sizeof(r));
	if (contexts(h, m))
		return -1;
	listener = peer_listen(SOCK_STREAM, PORT + m);
	if (listener < 0 || (m == INLINE && nassec_sock_attach(h, listener)))
		return -1;
	enb = peer_connect(SOCK_STREAM, PORT + m);
	mme = accept(listener, NULL, NULL);
	if (enb < 0 || mme < 0)
		return -1;

	t0 = now_s();
	pid = fork();
	if (!pid)
		enb_send(m, enb);
	while (!err && r.received < n_msgs) {
		ssize_t len = peer_recv(mme, msg, sizeof(msg), &rx);

		err = len <= 0 ? -1 : mme_handle(h, m, &r, msg, len, &rx);
	}
	*secs = now_s() - t0;
	waitpid(pid, &status, 0);
	*verified = r.verified;
	close(mme);
	close(enb);
	close(listener);
	return err || status ? -1 : 0;
}

int main(int argc, char **argv)
{
	double secs[MODES] = { 0 };
	size_t verified[MODES] = { 0 };
	struct nassec *h = NULL;
	const char *env = getenv("NASSEC_BENCH_MSGS");
	int opt, failed = 0;

	if (env && atol(env) > 0)
		n_msgs = atol(env);
	while ((opt = getopt(argc, argv, "n:u:a:")) != -1) {
		switch (opt) {
		case 'n': n_msgs = atol(optarg); break;
		case 'u': n_ues = atol(optarg); break;
		case 'a': alg = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-n MSGS] [-u UES] [-a 1|2|3]\n", argv[0]);
			return 2;
		}
	}
	if (!n_msgs || !n_ues || alg < 1 || alg > 3) {
		fprintf(stderr, "inline_bench: -n, -u > 0 and -a 1..3\n");
		return 2;
	}
	user_ctx = calloc(n_ues, sizeof(*user_ctx));
	if (!user_ctx || precompute() || nas_ipsecmb_init(&crypto)) {
		fprintf(stderr, "inline_bench: cannot set up the UE side\n");
		return 1;
	}
	if (peer_private_netns() || nassec_open(&h)) {
		fprintf(stderr, "inline_bench: needs root and nassec.ko loaded\n");
		return 1;
	}

	printf("inline_bench: %zu uplink NAS Transports per mode, %zu UEs, bursts of %d, "
	       "128-EIA%u/EEA%u, NAS-PDU %d octets\n", n_msgs, n_ues, BURST, alg, alg, NAS_LEN);
	for (int m = 0; m < MODES; m++)
		if (run_mode(h, m, &secs[m], &verified[m])) {
			fprintf(stderr, "inline_bench: %s failed\n", mode_name[m]);
			failed = 1;
		}

	printf("\n%-26s %10s %9s %12s %9s\n", "path", "verified", "seconds", "msg/s", "vs inline");
	for (int m = 0; m < MODES; m++) {
		double rate = secs[m] > 0 ? n_msgs / secs[m] : 0;
		double base = secs[INLINE] > 0 ? n_msgs / secs[INLINE] : 0;

		printf("%-26s %10zu %9.2f %12.0f %8.2fx\n", mode_name[m], verified[m],
		       secs[m], rate, base > 0 ? rate / base : 0);
		failed |= verified[m] != n_msgs;
	}
	if (!getenv("NASSEC_KVM") || strcmp(getenv("NASSEC_KVM"), "1"))
		printf("\nCaveat: measured in a TCG-emulated guest (no KVM): every instruction is\n"
		       "emulated, so these are not hardware numbers; only the ratios say something,\n"
		       "and even they are skewed (syscalls and crypto instructions emulate unevenly).\n");
	nassec_close(h);
	return failed;
}
