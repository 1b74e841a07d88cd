// SPDX-License-Identifier: GPL-2.0
/*
 * Inline offload at scale: 64 eNB associations into one attached
 * one-to-many MME socket, 10,000 UE contexts (SNOW 3G, AES and ZUC pairs
 * in turn), and a stream of Uplink NAS Transports protected by the UE side
 * of the test (ipsec-mb/OpenSSL, ../tools/lib/ue/ue_nas.c), precomputed before the
 * clock starts. Every verdict is checked against what was sent: OK with the
 * UE's id, its COUNT and the deciphered message for genuine PDUs, MAC_FAIL
 * for tampered ones, REPLAY for replays; per association nothing may be
 * lost or reordered; the socket's and the namespace's counters must agree.
 *
 * Messages: NASSEC_SCALE_MSGS, else 1,000,000; UEs: NASSEC_SCALE_UES, else
 * 10,000. Under TCG the path runs at about 9,000 messages/s and the million
 * takes about three minutes with its precomputation, hence the raised
 * per-program limit below.
 */
// nassec-timeout: 600
// nassec-ldlibs: -I../tools/lib -I../tools/lib/s1ap -I../kmod ../tools/lib/s1ap/*.c ../tools/lib/ue/ue_nas.c lib/s1ap_peer.c lib/tap.c -lIPSec_MB -lcrypto
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <nassec/nassec.h>
#include "s1ap_peer.h"
#include "tap.h"
#include "ue_nas.h"

#define N_ENB		64
#define MAX_UE		10000	/* NASSEC_SCALE_UES may ask for fewer */
#define UE_ID_BASE	1000
#define PORT		36412
#define SCALE_MSGS	1000000
#define REPLAY_EVERY	97	/* after every 97th genuine PDU of an eNB: a replay */
#define TAMPER_EVERY	101	/* before every 101st: a copy with a broken MAC */
#define SLOT		128	/* octets per precomputed S1AP message */
#define PLAIN_LEN	15
#define BATCH		32

enum kind { GENUINE, TAMPERED, REPLAYED };

struct item {
	uint32_t ue;		/* index 0..n_ue-1 */
	uint32_t count;
	uint8_t kind;
	uint8_t nas_off;
	uint8_t len;
};

struct enb {
	struct item *items;	/* in the order the eNB sends them */
	uint8_t *bytes;		/* SLOT octets per item, shared with the sender */
	size_t n, genuine;
	size_t next;		/* receiver: the item expected next */
	int fd;
	uint32_t assoc_id;
	bool assoc_known;
};

static struct enb enbs[N_ENB];
static uint8_t kasmes[MAX_UE][32];
static uint32_t n_ue = MAX_UE;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint8_t ue_alg(uint32_t ue)
{
	return ue % 3 + 1;	/* SNOW 3G, AES, ZUC for integrity and ciphering */
}

/* UPLINK NAS TRANSPORT (TS 24.301 8.2.30) whose container names UE and COUNT. */
static void plain_of(uint32_t ue, uint32_t count, uint8_t out[PLAIN_LEN])
{
	out[0] = 0x07;
	out[1] = 0x63;
	out[2] = PLAIN_LEN - 3;
	for (int i = 0; i < 4; i++) {
		out[3 + i] = (uint8_t)(ue >> (24 - 8 * i));
		out[7 + i] = (uint8_t)(count >> (24 - 8 * i));
		out[11 + i] = (uint8_t)(0xa5 ^ (ue + count + i));
	}
}

/* NASSEC_SCALE_UES: fewer contexts (the debug kernel), at least one per eNB. */
static uint32_t scale_ues(void)
{
	const char *s = getenv("NASSEC_SCALE_UES");
	long n = s ? atol(s) : 0;

	return n >= N_ENB && n <= MAX_UE ? (uint32_t)n : MAX_UE;
}

static size_t scale_msgs(void)
{
	const char *s = getenv("NASSEC_SCALE_MSGS");

	return s && atol(s) > 0 ? (size_t)atol(s) : SCALE_MSGS;
}

/* The send order of every eNB: its UEs round robin, with the sprinkles. */
static int plan(size_t msgs)
{
	for (int e = 0; e < N_ENB; e++) {
		struct enb *b = &enbs[e];
		size_t ues = (n_ue - e + N_ENB - 1) / N_ENB;	/* ue % N_ENB == e */
		size_t want = msgs / N_ENB + ((size_t)e < msgs % N_ENB);
		size_t cap = want + want / REPLAY_EVERY + want / TAMPER_EVERY + 2;

		/* Shared: the precompute workers fill in lengths and octets. */
		b->items = mmap(NULL, cap * sizeof(*b->items), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		b->bytes = mmap(NULL, cap * SLOT, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (b->items == MAP_FAILED || b->bytes == MAP_FAILED)
			return -1;
		for (size_t g = 0; g < want; g++) {
			uint32_t ue = e + (g % ues) * N_ENB, count = g / ues;

			if (g && g % TAMPER_EVERY == 0)
				b->items[b->n++] = (struct item){ .ue = ue, .count = count, .kind = TAMPERED };
			b->items[b->n++] = (struct item){ .ue = ue, .count = count, .kind = GENUINE };
			if (g && g % REPLAY_EVERY == 0)
				b->items[b->n++] = (struct item){ .ue = ue, .count = count, .kind = REPLAYED };
		}
		b->genuine = want;
	}
	return 0;
}

/* The UE side: protects every item of eNBs [from, to) into its slot. */
static int precompute(int from, int to)
{
	uint8_t nas[UE_NAS_HDR_LEN + PLAIN_LEN], plain[PLAIN_LEN];
	static struct ue_nas ues[MAX_UE / N_ENB + 1];
	uint8_t tmpl[MAX_UE / N_ENB + 1][SLOT], lens[MAX_UE / N_ENB + 1];
	uint8_t offs[MAX_UE / N_ENB + 1];

	for (int e = from; e < to; e++) {
		struct enb *b = &enbs[e];

		/* The S1AP around the NAS-PDU and the keys depend on the UE only. */
		for (uint32_t u = e, k = 0; u < n_ue; u += N_ENB, k++) {
			size_t nas_off;
			int len;

			memset(nas, 0, sizeof(nas));
			len = peer_build_uplink(tmpl[k], SLOT, UE_ID_BASE + u, u,
						nas, sizeof(nas), &nas_off);
			if (len <= 0 || ue_nas_init(&ues[k], kasmes[u], ue_alg(u), ue_alg(u)))
				return -1;
			lens[k] = len;
			offs[k] = nas_off;
		}
		for (size_t i = 0; i < b->n; i++) {
			struct item *it = &b->items[i];
			uint8_t *out = b->bytes + i * SLOT;
			uint32_t k = it->ue / N_ENB;

			it->nas_off = offs[k];
			it->len = lens[k];
			if (it->kind == REPLAYED) {
				memcpy(out, out - SLOT, SLOT);
				continue;
			}
			plain_of(it->ue, it->count, plain);
			memcpy(out, tmpl[k], it->len);
			ue_nas_protect(&ues[k], NASSEC_SHT_INTEGRITY_CIPHERED, it->count,
				       UE_NAS_DIR_UL, plain, PLAIN_LEN, out + it->nas_off);
			if (it->kind == TAMPERED)
				out[it->nas_off + 1 + it->count % 4] ^= 0x10;
		}
	}
	return 0;
}

/* Both CPUs protect half of the eNBs each. */
static int precompute_parallel(void)
{
	pid_t pid = fork();
	int status = 1, err;

	if (pid < 0)
		return -1;
	if (!pid)
		_exit(precompute(N_ENB / 2, N_ENB) ? 1 : 0);
	err = precompute(0, N_ENB / 2);
	waitpid(pid, &status, 0);
	return err || status ? -1 : 0;
}

/* The eNBs' side: every eNB in turn sends its next BATCH messages. */
static void send_all(void)
{
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	bool more = true;
	size_t sent[N_ENB] = { 0 };

	while (more) {
		more = false;
		for (int e = 0; e < N_ENB; e++) {
			struct enb *b = &enbs[e];
			size_t n = b->n - sent[e] < BATCH ? b->n - sent[e] : BATCH;
			int done;

			for (size_t i = 0; i < n; i++) {
				struct item *it = &b->items[sent[e] + i];

				iov[i].iov_base = b->bytes + (sent[e] + i) * SLOT;
				iov[i].iov_len = it->len;
				memset(&mm[i], 0, sizeof(mm[i]));
				mm[i].msg_hdr.msg_iov = &iov[i];
				mm[i].msg_hdr.msg_iovlen = 1;
			}
			for (size_t i = 0; i < n; i += done) {
				done = sendmmsg(b->fd, mm + i, n - i, 0);
				if (done <= 0)
					_exit(1);
			}
			sent[e] += n;
			more |= sent[e] < b->n;
		}
	}
	_exit(0);
}

struct tally {
	size_t received, ok, mac_fail, replay, wrong, foreign;
	int diags;
};

static void wrong(struct tally *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void wrong(struct tally *t, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	t->wrong++;
	if (t->diags++ >= 10)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	tap_diag("%s", line);
}

/* One received message against the item its association sent next. */
static void check(struct tally *t, const uint8_t *msg, size_t len,
		  const struct peer_rx *rx)
{
	static const uint32_t want[] = {
		[GENUINE] = NASSEC_VERDICT_OK,
		[TAMPERED] = NASSEC_VERDICT_MAC_FAIL,
		[REPLAYED] = NASSEC_VERDICT_REPLAY,
	};
	uint32_t ue = rx->vi.ue_id - UE_ID_BASE;
	uint8_t plain[PLAIN_LEN];
	const struct item *it;
	const uint8_t *sent;
	struct enb *b;

	t->received++;
	if (!rx->has_verdict || !rx->eor || ue >= n_ue) {
		wrong(t, "message without verdict, cut, or of unknown UE %u", rx->vi.ue_id);
		return;
	}
	b = &enbs[ue % N_ENB];
	if (!b->assoc_known) {
		b->assoc_id = rx->assoc_id;
		b->assoc_known = true;
	}
	if (b->assoc_id != rx->assoc_id) {
		t->foreign++;
		wrong(t, "UE %u of eNB %u arrived on association %u, not %u",
		      ue, ue % N_ENB, rx->assoc_id, b->assoc_id);
		return;
	}
	if (b->next >= b->n) {
		wrong(t, "eNB %u: more messages than it sent", ue % N_ENB);
		return;
	}
	it = &b->items[b->next];
	sent = b->bytes + b->next++ * SLOT;
	if (it->ue != ue || rx->vi.verdict != want[it->kind] ||
	    rx->vi.count != it->count || rx->vi.nas_offset != it->nas_off ||
	    len != it->len) {
		wrong(t, "eNB %u item %zu: ue %u verdict %s count %u, want ue %u %s count %u",
		      ue % N_ENB, b->next - 1, ue, nassec_verdict_name(rx->vi.verdict),
		      rx->vi.count, it->ue, nassec_verdict_name(want[it->kind]),
		      it->count);
		return;
	}
	plain_of(it->ue, it->count, plain);
	if (it->kind == GENUINE) {
		/* Header, MAC and SQN as sent; the rest deciphered. */
		if (memcmp(msg, sent, it->nas_off + UE_NAS_HDR_LEN) ||
		    memcmp(msg + it->nas_off + UE_NAS_HDR_LEN, plain, PLAIN_LEN))
			wrong(t, "UE %u COUNT %u: not deciphered right", ue, it->count);
		else
			t->ok++;
	} else if (memcmp(msg, sent, len)) {
		wrong(t, "UE %u COUNT %u: a rejected PDU was changed", ue, it->count);
	} else {
		it->kind == TAMPERED ? t->mac_fail++ : t->replay++;
	}
}

static void receive_all(int fd, size_t total, struct tally *t)
{
	uint8_t buf[SLOT * 2];
	struct peer_rx rx;
	ssize_t len;

	while (t->received < total) {
		len = peer_recv(fd, buf, sizeof(buf), &rx);
		if (len < 0) {
			wrong(t, "recvmsg after %zu messages: %s", t->received,
			      strerror(errno));
			return;
		}
		check(t, buf, len, &rx);
	}
}

struct sock_counts {
	uint64_t id;
	struct nassec_sock_info info;
	bool found;
};

static int sock_cb(const struct nassec_sock_info *s, void *arg)
{
	struct sock_counts *c = arg;

	if (s->id == c->id) {
		c->info = *s;
		c->found = true;
	}
	return 0;
}

int main(void)
{
	size_t msgs = scale_msgs(), total = 0, genuine = 0, tampered = 0, replayed = 0;
	struct nassec_ns_info before, after;
	struct sock_counts sc = { 0 };
	struct nassec *h = NULL;
	struct tally t = { 0 };
	int mme, err = 0, status = 1;
	double t0, t1;
	struct stat st;
	pid_t sender;

	n_ue = scale_ues();
	tap_diag("%zu genuine uplink messages (%s; the full run is %d), %d eNBs, %u UEs (the full run has %d)",
		 msgs, getenv("NASSEC_SCALE_MSGS") ? "NASSEC_SCALE_MSGS" :
		 "default", SCALE_MSGS, N_ENB, n_ue, MAX_UE);
	if (!tap_result(!peer_private_netns() && !nassec_open(&h),
			"private network namespace and libnassec handle"))
		return tap_finish();

	/* Contexts, one netlink round trip each: what an MME does after SMC. */
	t0 = now_s();
	for (uint32_t u = 0; u < n_ue && !err; u++) {
		struct nassec_ctx c = { .ue_id = UE_ID_BASE + u };
		struct nassec_slot *cur = &c.slot[NASSEC_SLOT_CUR];

		for (int i = 0; i < 32; i++)
			kasmes[u][i] = (uint8_t)(u * 131 + i * 7 + (u >> 8));
		cur->present = cur->has_kasme = true;
		cur->eksi = 1;
		cur->eia = cur->eea = ue_alg(u);
		memcpy(cur->kasme, kasmes[u], 32);
		err = nassec_ctx_new(h, &c);
		nassec_ctx_wipe(&c);
	}
	t1 = now_s();
	tap_result(!err, "%u UE contexts created (%.1f s, %.0f/s)%s%s", n_ue,
		   t1 - t0, n_ue / (t1 - t0), err ? ": " : "", err ? strerror(-err) : "");

	mme = peer_listen(SOCK_SEQPACKET, PORT);
	/*
	 * A lost message ends the run with a report instead of a hang.
	 * peer_listen/peer_connect size the buffers so that no association
	 * stalls on a zero window waiting for probes.
	 */
	if (mme >= 0)
		setsockopt(mme, SOL_SOCKET, SO_RCVTIMEO,
			   &(struct timeval){ .tv_sec = 10 }, sizeof(struct timeval));
	err = mme < 0 || nassec_sock_attach(h, mme);
	for (int e = 0; e < N_ENB && !err; e++) {
		enbs[e].fd = peer_connect(SOCK_STREAM, PORT);
		err = enbs[e].fd < 0;
	}
	if (!tap_result(!err, "%d eNB associations to one attached one-to-many socket", N_ENB))
		return tap_finish();

	t0 = now_s();
	err = plan(msgs) || precompute_parallel();
	t1 = now_s();
	for (int e = 0; e < N_ENB; e++) {
		total += enbs[e].n;
		genuine += enbs[e].genuine;
		for (size_t i = 0; i < enbs[e].n; i++) {
			tampered += enbs[e].items[i].kind == TAMPERED;
			replayed += enbs[e].items[i].kind == REPLAYED;
		}
	}
	if (!tap_result(!err, "UE side precomputed %zu messages (%zu genuine, %zu tampered, %zu replayed) in %.1f s",
			total, genuine, tampered, replayed, t1 - t0))
		return tap_finish();

	nassec_stats_get(h, &before);
	t0 = now_s();
	sender = fork();
	if (!sender)
		send_all();
	receive_all(mme, total, &t);
	t1 = now_s();
	if (t.received < total)
		kill(sender, SIGKILL);
	waitpid(sender, &status, 0);
	tap_diag("%zu messages through the attached socket in %.2f s: %.0f msg/s (%s)",
		 t.received, t1 - t0, t.received / (t1 - t0),
		 getenv("NASSEC_KVM") && !strcmp(getenv("NASSEC_KVM"), "1") ?
		 "KVM" : "TCG: emulated CPU, not a hardware figure");

	tap_result(status == 0, "all eNBs sent everything");
	err = 0;
	for (int e = 0; e < N_ENB; e++)
		if (enbs[e].next != enbs[e].n) {
			if (err++ < 5)
				tap_diag("eNB %d: %zu of %zu received", e, enbs[e].next, enbs[e].n);
		}
	tap_result(!err && t.received == total,
		   "nothing lost: every association delivered all it sent (%zu of %zu)",
		   t.received, total);
	tap_result(t.ok == genuine && !t.wrong,
		   "every genuine PDU ok with its UE, COUNT and deciphered message (%zu of %zu)",
		   t.ok, genuine);
	tap_result(t.mac_fail == tampered && t.replay == replayed && !t.foreign,
		   "tampered PDUs mac-fail (%zu of %zu), replays replay (%zu of %zu), untouched",
		   t.mac_fail, tampered, t.replay, replayed);

	fstat(mme, &st);
	sc.id = st.st_ino;
	nassec_sock_list(h, sock_cb, &sc);
	tap_result(sc.found && sc.info.rx_msgs == total &&
		   sc.info.rx_nas_ok == genuine &&
		   sc.info.rx_nas_fail == tampered + replayed,
		   "socket counters agree: rx %llu, ok %llu, fail %llu",
		   (unsigned long long)sc.info.rx_msgs,
		   (unsigned long long)sc.info.rx_nas_ok,
		   (unsigned long long)sc.info.rx_nas_fail);
	nassec_stats_get(h, &after);
	tap_result(after.totals.ul_ok - before.totals.ul_ok == genuine &&
		   after.totals.ul_mac_fail - before.totals.ul_mac_fail == tampered &&
		   after.totals.ul_replay - before.totals.ul_replay == replayed &&
		   after.ctx_count == n_ue,
		   "namespace stats agree: %d contexts, ul ok/mac-fail/replay +%llu/+%llu/+%llu",
		   after.ctx_count,
		   (unsigned long long)(after.totals.ul_ok - before.totals.ul_ok),
		   (unsigned long long)(after.totals.ul_mac_fail - before.totals.ul_mac_fail),
		   (unsigned long long)(after.totals.ul_replay - before.totals.ul_replay));

	for (int e = 0; e < N_ENB; e++)
		close(enbs[e].fd);
	close(mme);
	nassec_close(h);
	return tap_finish();
}
