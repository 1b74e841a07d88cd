// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded, seeded fuzzer for nassec.ko's kernel interfaces, run in the
 * test VM (Debian has no syzkaller). Four parts, one test each, each in a
 * network namespace of its own:
 *
 *   netlink  raw generic netlink: every command, random attribute sets
 *            against the policies (wrong types, lengths, flags, nests,
 *            unknown ids, truncation, dumps, several messages per
 *            datagram); every answer must be a well-formed ack, error,
 *            done or reply, and no reply may carry a key it should not.
 *   ctx      threads running random context operations over a small UE
 *            id space so they collide; one thread keeps a model of ids
 *            only it touches and checks the kernel against it.
 *   pdu      PDU_PROTECT/UNPROTECT of valid, mutated and random PDUs;
 *            valid ones are built and checked with independent crypto
 *            (tools/lib/ue/ue_nas.c), so a verdict or MAC that is wrong is found.
 *   sock     threads racing attach, detach, accept, connect, close,
 *            shutdown, peel-off, send (with and without PROTECT) and
 *            receive on shared SCTP sockets over loopback.
 *
 * A part passes when the kernel answered everything it had to, nothing
 * was malformed, and afterwards its namespace is clean: every socket
 * closed and off SOCK_LIST, every context deleted and CTX_COUNT 0. The
 * last test checks that the module reference count came back, so rmmod
 * (done by the VM runner, which then checks the kernel log for KASAN,
 * lockdep, UBSAN and WARN) is possible.
 *
 *   NASSEC_FUZZ_SEED     64-bit seed (default: from the clock); printed,
 *                        so a failing run can be replayed
 *   NASSEC_FUZZ_SECONDS  total duration (default 60), split over the parts
 *
 * The runner raises this program's limit by NASSEC_FUZZ_SECONDS; see
 * selftests/vm/README.md.
 */
// nassec-timeout: 300
// nassec-ldlibs: -I../tools/lib/s1ap -I../kmod ../tools/lib/s1ap/*.c ../tools/lib/ue/ue_nas.c lib/s1ap_peer.c -lnl-genl-3 -lnl-3 -lIPSec_MB -lcrypto -lpthread
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sctp.h>

#pragma GCC diagnostic ignored "-Wsign-compare"

#include "fuzz_rng.h"
#include "kselftest_harness.h"
#include "nassec_client.h"
#include "s1ap_build.h"
#include "s1ap_peer.h"
#include "ue_nas.h"

/* ---- run parameters ---- */

static uint64_t fuzz_seed;
static unsigned int fuzz_seconds = 60;
static long module_refs_before = -1;

/* Share of the total time per part, in percent. */
enum { PART_NETLINK, PART_CTX, PART_PDU, PART_SOCK, PART_NUM };
static const unsigned int part_share[PART_NUM] = { 30, 20, 20, 30 };
static const char *const part_name[PART_NUM] = { "netlink", "ctx", "pdu", "sock" };

static long module_refcnt(void)
{
	FILE *f = fopen("/sys/module/nassec/refcnt", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* Taint flags M(4) B(5) D(7) W(9) L(14): a kernel bug was seen. */
#define BAD_TAINT ((1UL << 4) | (1UL << 5) | (1UL << 7) | (1UL << 9) | (1UL << 14))

static unsigned long kernel_taint(void)
{
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");
	unsigned long n = 0;

	if (f) {
		if (fscanf(f, "%lu", &n) != 1)
			n = 0;
		fclose(f);
	}
	return n;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double part_seconds(int part)
{
	return fuzz_seconds * part_share[part] / 100.0;
}

/* ---- tallies: executions and outcomes by errno, failures ---- */

#define TALLY_ERRNOS	256
#define MAX_FAIL_LOG	10

struct tally {
	pthread_mutex_t lock;
	uint64_t execs;
	uint64_t by_errno[TALLY_ERRNOS];	/* [0]: success, [e]: -e */
	uint64_t silent;			/* no answer, and none due */
	uint64_t failures;
	const char *part;
};

static void tally_init(struct tally *t, const char *part)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
	t->part = part;
}

static void tally_errno(struct tally *t, int err)
{
	int e = err < 0 ? -err : err;

	pthread_mutex_lock(&t->lock);
	t->by_errno[e < TALLY_ERRNOS ? e : TALLY_ERRNOS - 1]++;
	pthread_mutex_unlock(&t->lock);
}

static void tally_exec(struct tally *t)
{
	pthread_mutex_lock(&t->lock);
	t->execs++;
	pthread_mutex_unlock(&t->lock);
}

static void __attribute__((format(printf, 2, 3)))
fuzz_fail(struct tally *t, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&t->lock);
	if (t->failures++ < MAX_FAIL_LOG) {
		printf("# %s: FAILURE (seed %" PRIu64 "): ", t->part, fuzz_seed);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		fflush(stdout);
	}
	pthread_mutex_unlock(&t->lock);
}

static const char *errno_name(int e)
{
	const char *n = e ? strerrorname_np(e) : "ok";

	return n ? n : "?";
}

static void tally_report(struct tally *t, double seconds)
{
	char line[2048];
	size_t off;
	int e;

	off = snprintf(line, sizeof(line),
		       "# %s: %" PRIu64 " executions in %.1f s, %" PRIu64
		       " failures; outcomes by errno:", t->part, t->execs,
		       seconds, t->failures);
	for (e = 0; e < TALLY_ERRNOS && off < sizeof(line) - 64; e++)
		if (t->by_errno[e])
			off += snprintf(line + off, sizeof(line) - off,
					" %s %" PRIu64, errno_name(e),
					t->by_errno[e]);
	if (t->silent && off < sizeof(line) - 64)
		snprintf(line + off, sizeof(line) - off, " (no answer) %" PRIu64,
			 t->silent);
	printf("%s\n", line);
	fflush(stdout);
}

/* ---- shared helpers ---- */

#define ID_SPACE	8	/* UE ids 0..7 shared by every thread of a part */

static const uint32_t interesting_u32[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 0x7f, 0x80, 0xff, 0x100, 0xfff,
	0xffff, 0x10000, NASSEC_COUNT_THRESHOLD - 1, NASSEC_COUNT_THRESHOLD,
	NASSEC_COUNT_MAX - 1, NASSEC_COUNT_MAX, NASSEC_COUNT_MAX + 1,
	1U << 24, (1U << 24) + 1, 0x7fffffff, 0x80000000, 0xfffffffe,
	0xffffffff,
};

static uint32_t fuzz_u32(struct fuzz_rng *r)
{
	switch (fuzz_below(r, 4)) {
	case 0:
		return (uint32_t)fuzz_rng_next(r);
	case 1:
		return fuzz_below(r, 16);
	default:
		return fuzz_pick(r, interesting_u32);
	}
}

/* A UE id: mostly from the shared space, so operations collide. */
static uint32_t fuzz_ue(struct fuzz_rng *r)
{
	return fuzz_chance(r, 95) ? fuzz_below(r, ID_SPACE) : fuzz_u32(r);
}

static void fuzz_kasme(struct fuzz_rng *r, uint8_t kasme[NASSEC_KASME_LEN])
{
	fuzz_fill(r, kasme, NASSEC_KASME_LEN);
}

/* The UE side's crypto library keeps global state: one caller at a time. */
static pthread_mutex_t ue_lock = PTHREAD_MUTEX_INITIALIZER;

static int ue_init_locked(struct ue_nas *ue, const uint8_t kasme[32],
			  uint8_t eia, uint8_t eea)
{
	int err;

	pthread_mutex_lock(&ue_lock);
	err = ue_nas_init(ue, kasme, eia, eea);
	pthread_mutex_unlock(&ue_lock);
	return err;
}

static void ue_protect_locked(const struct ue_nas *ue, uint8_t sht,
			      uint32_t count, int dir, const uint8_t *plain,
			      size_t len, uint8_t *out)
{
	pthread_mutex_lock(&ue_lock);
	ue_nas_protect(ue, sht, count, dir, plain, len, out);
	pthread_mutex_unlock(&ue_lock);
}

static int ue_unprotect_locked(const struct ue_nas *ue, uint32_t count,
			       int dir, uint8_t *pdu, size_t len)
{
	int err;

	pthread_mutex_lock(&ue_lock);
	err = ue_nas_unprotect(ue, count, dir, pdu, len);
	pthread_mutex_unlock(&ue_lock);
	return err;
}

/* A plain EMM message body: PD EMM, a message type, random IEs. */
static size_t fuzz_plain_nas(struct fuzz_rng *r, uint8_t *buf, size_t max)
{
	size_t len = 2 + fuzz_below(r, fuzz_chance(r, 90) ? 64 : max - 1);

	if (len > max)
		len = max;
	fuzz_fill(r, buf, len);
	buf[0] = 0x07;
	return len;
}

/* Every context of ue ids 0..n-1 deleted; -errno of the first failure. */
static int ctx_del_range(struct nlc *c, uint32_t first, uint32_t n)
{
	for (uint32_t ue = first; ue < first + n; ue++) {
		int err = nlc_ctx_del(c, ue);

		if (err && err != -ENOENT)
			return err;
	}
	return 0;
}

static void count_ctx(struct nlattr **tb, void *arg)
{
	(void)tb;
	(*(unsigned int *)arg)++;
}

struct id_list {
	uint32_t ids[4096];
	unsigned int n;
};

static void collect_ctx(struct nlattr **tb, void *arg)
{
	struct id_list *l = arg;

	if (tb[NASSEC_A_UE_ID] && l->n < 4096)
		l->ids[l->n++] = nla_get_u32(tb[NASSEC_A_UE_ID]);
}

static void count_sock(struct nlattr **tb, void *arg)
{
	if (tb[NASSEC_A_SOCK])
		(*(unsigned int *)arg)++;
}

/*
 * The namespace's invariants after a part: no socket on SOCK_LIST (closes
 * unhook synchronously, but give lingering ones a moment), and, after
 * every context that can exist was deleted, CTX_COUNT 0 and an empty dump.
 */
static void check_clean(struct tally *t, struct nlc *c, const uint32_t *ids,
			size_t nids)
{
	struct nlc_ns_stats st;
	unsigned int socks = 0, ctxs = 0;
	int err, i;

	for (i = 0; i < 50; i++) {
		socks = 0;
		err = nlc_dump(c, NASSEC_CMD_SOCK_LIST, count_sock, &socks, NULL);
		if (err || !socks)
			break;
		usleep(100 * 1000);
	}
	if (err)
		fuzz_fail(t, "SOCK_LIST dump after the run: %s", strerror(-err));
	else if (socks)
		fuzz_fail(t, "%u sockets still on SOCK_LIST after all were closed",
			  socks);

	for (size_t k = 0; k < nids; k++) {
		err = nlc_ctx_del(c, ids[k]);
		if (err && err != -ENOENT)
			fuzz_fail(t, "CTX_DEL %u after the run: %s", ids[k],
				  strerror(-err));
	}
	err = ctx_del_range(c, 0, ID_SPACE);
	if (err)
		fuzz_fail(t, "CTX_DEL after the run: %s", strerror(-err));
	/* And the random ids the dump knows. */
	{
		struct id_list *l = calloc(1, sizeof(*l));

		if (l && !nlc_dump(c, NASSEC_CMD_CTX_GET, collect_ctx, l, NULL))
			for (unsigned int k = 0; k < l->n; k++) {
				err = nlc_ctx_del(c, l->ids[k]);
				if (err)
					fuzz_fail(t, "CTX_DEL %u the dump listed: %s",
						  l->ids[k], strerror(-err));
			}
		free(l);
	}
	err = nlc_dump(c, NASSEC_CMD_CTX_GET, count_ctx, &ctxs, NULL);
	if (err || ctxs)
		fuzz_fail(t, "CTX_GET dump after deleting all: %d contexts, %s",
			  ctxs, strerror(-err));
	err = nlc_stats(c, &st);
	if (err || st.ctx_count)
		fuzz_fail(t, "STATS_GET after deleting all: CTX_COUNT %u, %s",
			  st.ctx_count, strerror(-err));
}

FIXTURE(kfuzz) {
	struct nlc nl;
	struct tally t;
	double deadline, start;
	unsigned long taint;
};

FIXTURE_SETUP(kfuzz)
{
	ASSERT_EQ(0, peer_private_netns()) TH_LOG("unshare: %s", strerror(errno));
	ASSERT_EQ(0, nlc_open(&self->nl)) TH_LOG("nassec family not found");
	self->start = now_s();
}

FIXTURE_TEARDOWN(kfuzz)
{
	nlc_close(&self->nl);
}

static void part_begin(FIXTURE_DATA(kfuzz) *self, int part)
{
	tally_init(&self->t, part_name[part]);
	self->start = now_s();
	self->deadline = self->start + part_seconds(part);
	printf("# %s: seed %" PRIu64 " (NASSEC_FUZZ_SEED=%" PRIu64
	       " replays it), %.1f s of NASSEC_FUZZ_SECONDS=%u\n",
	       part_name[part], fuzz_seed, fuzz_seed, part_seconds(part),
	       fuzz_seconds);
	fflush(stdout);
	self->taint = kernel_taint();
}

/*
 * Kernel health during the part: taint flags that mean a kernel bug (as
 * the VM runner's log check reads them) gained since part_begin().
 */
static void check_taint(struct tally *t, unsigned long before, const char *when)
{
	unsigned long gained = kernel_taint() & ~before & BAD_TAINT;

	if (gained)
		fuzz_fail(t, "kernel taint %#lx gained %s (W: a WARN, D: an oops, "
			  "B: bad page, L: soft lockup): see dmesg", gained, when);
}

static void part_end(FIXTURE_DATA(kfuzz) *self)
{
	check_taint(&self->t, self->taint, "during this part");
	tally_report(&self->t, now_s() - self->start);
}

/* ==== part 1: raw generic netlink ==== */

/*
 * What each attribute is, for building requests and checking replies.
 * reply: may appear in a reply of the family (kasme: EXPORT only).
 */
enum atype { AT_NONE, AT_U8, AT_U32, AT_S32, AT_U64, AT_BIN, AT_NEST };

struct aspec {
	uint8_t type;
	uint8_t reply;
	uint16_t len;			/* AT_BIN: exact length; 0: 1..max */
	const struct aspec *nest;
	uint16_t nest_max;
};

static const struct aspec slot_spec[NASSEC_SLOT_A_MAX + 1] = {
	[NASSEC_SLOT_A_KASME] = { .type = AT_BIN, .reply = 1, .len = NASSEC_KASME_LEN },
	[NASSEC_SLOT_A_EKSI] = { .type = AT_U8, .reply = 1 },
	[NASSEC_SLOT_A_EIA] = { .type = AT_U8, .reply = 1 },
	[NASSEC_SLOT_A_EEA] = { .type = AT_U8, .reply = 1 },
	[NASSEC_SLOT_A_UL_COUNT] = { .type = AT_U32, .reply = 1 },
	[NASSEC_SLOT_A_DL_COUNT] = { .type = AT_U32, .reply = 1 },
};

static const struct aspec pdu_spec[NASSEC_PDU_A_MAX + 1] = {
	[NASSEC_PDU_A_DATA] = { .type = AT_BIN, .reply = 1, .len = 0 },
	[NASSEC_PDU_A_SEC_HDR_TYPE] = { .type = AT_U8, .reply = 1 },
	[NASSEC_PDU_A_VERDICT] = { .type = AT_U32, .reply = 1 },
	[NASSEC_PDU_A_COUNT] = { .type = AT_U32, .reply = 1 },
	[NASSEC_PDU_A_ERROR] = { .type = AT_S32, .reply = 1 },
	[NASSEC_PDU_A_FLAGS] = { .type = AT_U32, .reply = 1 },
};

static const struct aspec stat_spec[NASSEC_STAT_A_MAX + 1] = {
	[NASSEC_STAT_A_UL_OK ... NASSEC_STAT_A_DL_BLOCKED] = { .type = AT_U64, .reply = 1 },
	[NASSEC_STAT_A_PAD] = { .type = AT_BIN, .reply = 1, .len = 0 },
};

static const struct aspec sock_spec[NASSEC_SOCK_A_MAX + 1] = {
	[NASSEC_SOCK_A_ID] = { .type = AT_U64, .reply = 1 },
	[NASSEC_SOCK_A_TYPE] = { .type = AT_U32, .reply = 1 },
	[NASSEC_SOCK_A_LISTENING] = { .type = AT_U8, .reply = 1 },
	[NASSEC_SOCK_A_PARENT_ID] = { .type = AT_U64, .reply = 1 },
	[NASSEC_SOCK_A_RX_MSGS ... NASSEC_SOCK_A_TX_REFUSED] = { .type = AT_U64, .reply = 1 },
	[NASSEC_SOCK_A_PAD] = { .type = AT_BIN, .reply = 1, .len = 0 },
};

#define NEST(spec, max) \
	{ .type = AT_NEST, .reply = 1, .nest = (spec), .nest_max = (max) }

static const struct aspec top_spec[NASSEC_A_MAX + 1] = {
	[NASSEC_A_UE_ID] = { .type = AT_U32, .reply = 1 },
	[NASSEC_A_SLOT_CUR] = NEST(slot_spec, NASSEC_SLOT_A_MAX),
	[NASSEC_A_SLOT_NEW] = NEST(slot_spec, NASSEC_SLOT_A_MAX),
	[NASSEC_A_CTX_FLAGS] = { .type = AT_U32, .reply = 1 },
	[NASSEC_A_FROZEN] = { .type = AT_U8, .reply = 0 },
	[NASSEC_A_DROP_NEW] = { .type = AT_U8, .reply = 0 },
	[NASSEC_A_CTX_STATS] = NEST(stat_spec, NASSEC_STAT_A_MAX),
	[NASSEC_A_IDLE_MS] = { .type = AT_U64, .reply = 1 },
	[NASSEC_A_PDU] = NEST(pdu_spec, NASSEC_PDU_A_MAX),
	[NASSEC_A_UL_COUNT] = { .type = AT_U32, .reply = 0 },
	[NASSEC_A_KENB] = { .type = AT_BIN, .reply = 1, .len = NASSEC_KENB_LEN },
	[NASSEC_A_SYNC_INPUT] = { .type = AT_BIN, .reply = 0, .len = NASSEC_NH_LEN },
	[NASSEC_A_NH] = { .type = AT_BIN, .reply = 1, .len = NASSEC_NH_LEN },
	[NASSEC_A_SOCK_FD] = { .type = AT_S32, .reply = 0 },
	[NASSEC_A_SOCK_ID] = { .type = AT_U64, .reply = 0 },
	[NASSEC_A_SOCK] = NEST(sock_spec, NASSEC_SOCK_A_MAX),
	[NASSEC_A_NS_STATS] = NEST(stat_spec, NASSEC_STAT_A_MAX),
	[NASSEC_A_CTX_COUNT] = { .type = AT_U32, .reply = 1 },
	[NASSEC_A_MAX_CTX] = { .type = AT_U32, .reply = 1 },
	[NASSEC_A_EVENT] = { .type = AT_U32, .reply = 0 },
	[NASSEC_A_COUNT] = { .type = AT_U32, .reply = 0 },
	[NASSEC_A_VERDICT] = { .type = AT_U32, .reply = 0 },
	[NASSEC_A_PAD] = { .type = AT_BIN, .reply = 1, .len = 0 },
};

/* The attributes each command's policy knows, tried most often. */
static const uint16_t cmd_attrs[NASSEC_CMD_MAX + 1][6] = {
	[NASSEC_CMD_CTX_NEW] = { NASSEC_A_UE_ID, NASSEC_A_SLOT_CUR, NASSEC_A_SLOT_NEW },
	[NASSEC_CMD_CTX_SET] = { NASSEC_A_UE_ID, NASSEC_A_SLOT_NEW, NASSEC_A_FROZEN,
				 NASSEC_A_DROP_NEW },
	[NASSEC_CMD_CTX_DEL] = { NASSEC_A_UE_ID },
	[NASSEC_CMD_CTX_GET] = { NASSEC_A_UE_ID },
	[NASSEC_CMD_CTX_EXPORT] = { NASSEC_A_UE_ID },
	[NASSEC_CMD_CTX_IMPORT] = { NASSEC_A_UE_ID, NASSEC_A_SLOT_CUR, NASSEC_A_SLOT_NEW },
	[NASSEC_CMD_PDU_PROTECT] = { NASSEC_A_UE_ID, NASSEC_A_PDU },
	[NASSEC_CMD_PDU_UNPROTECT] = { NASSEC_A_UE_ID, NASSEC_A_PDU },
	[NASSEC_CMD_DERIVE_KENB] = { NASSEC_A_UE_ID, NASSEC_A_UL_COUNT },
	[NASSEC_CMD_DERIVE_NH] = { NASSEC_A_UE_ID, NASSEC_A_SYNC_INPUT },
	[NASSEC_CMD_SOCK_ATTACH] = { NASSEC_A_SOCK_FD },
	[NASSEC_CMD_SOCK_DETACH] = { NASSEC_A_SOCK_FD, NASSEC_A_SOCK_ID },
	[NASSEC_CMD_CONFIG_SET] = { NASSEC_A_MAX_CTX },
};

#define NLFZ_BUF	(64 * 1024)
#define NLFZ_MSGS	3

struct nlfz {
	struct fuzz_rng r;
	int fd;
	uint32_t portid;
	uint16_t family;
	uint32_t seq;
	struct tally *t;
	uint64_t inos[4];		/* of the SCTP sockets it may attach */
	uint8_t *buf;			/* the request being built */
	size_t len;
	uint8_t *rbuf;
	/* The messages of the datagram being sent. */
	struct {
		uint32_t seq;
		uint8_t cmd;
		bool due;		/* an ack, error or done must come */
		bool answered;
		bool dump;
	} m[NLFZ_MSGS];
	int nmsgs;
};

static bool room(struct nlfz *z, size_t n)
{
	return z->len + n <= NLFZ_BUF;
}

/* An attribute header and payload, padded; returns its offset or -1. */
static long put_attr(struct nlfz *z, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr *a;
	long off = (long)z->len;

	if (!room(z, NLA_ALIGN(NLA_HDRLEN + len)) || len > 0xffff - NLA_HDRLEN)
		return -1;
	a = (struct nlattr *)(z->buf + z->len);
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (data)
		memcpy(a + 1, data, len);
	else
		fuzz_fill(&z->r, a + 1, len);
	memset(z->buf + z->len + NLA_HDRLEN + len, 0,
	       NLA_ALIGN(len) - len);
	z->len += NLA_ALIGN(NLA_HDRLEN + len);
	return off;
}

static size_t wrong_len(struct fuzz_rng *r, size_t right)
{
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 31,
				       32, 33, 64, 255 };
	size_t len;

	do
		len = fuzz_chance(r, 80) ? fuzz_pick(r, lens) : fuzz_below(r, 600);
	while (len == right);
	return len;
}

static void gen_attrs(struct nlfz *z, const struct aspec *spec, int max,
		      const uint16_t *likely, int depth);

/* One attribute of the given id, mostly as its spec says. */
static void gen_attr(struct nlfz *z, const struct aspec *spec, int max,
		     uint16_t id, int depth)
{
	struct fuzz_rng *r = &z->r;
	const struct aspec *s = id <= max ? &spec[id] : NULL;
	uint16_t type = id;
	uint8_t val[NASSEC_PDU_MAX + 64];
	size_t len = 0;
	uint32_t v32;
	uint64_t v64;
	long off;

	/* Flags a policy must look at: NESTED on a non-nest, BYTEORDER. */
	if (fuzz_chance(r, 3))
		type |= NLA_F_NET_BYTEORDER;
	if (s && s->type == AT_NEST ? fuzz_chance(r, 85) : fuzz_chance(r, 3))
		type |= NLA_F_NESTED;

	if (!s || s->type == AT_NONE) {
		len = fuzz_chance(r, 50) ? 4 : fuzz_below(r, 40);
		put_attr(z, type, NULL, len);
		return;
	}
	if (s->type == AT_NEST && depth < 3 && fuzz_chance(r, 92)) {
		off = put_attr(z, type, NULL, 0);
		if (off < 0)
			return;
		gen_attrs(z, s->nest, s->nest_max, NULL, depth + 1);
		((struct nlattr *)(z->buf + off))->nla_len =
			(uint16_t)(z->len - off);
		return;
	}
	switch (s->type) {
	case AT_U8:
		len = 1;
		val[0] = fuzz_chance(r, 70) ? (uint8_t)fuzz_below(r, 16) :
			 (uint8_t)fuzz_rng_next(r);
		break;
	case AT_U32:
	case AT_S32:
		len = 4;
		v32 = id == NASSEC_A_UE_ID && spec == top_spec ? fuzz_ue(r) :
		      fuzz_u32(r);
		if (spec == top_spec && id == NASSEC_A_SOCK_FD)
			v32 = fuzz_chance(r, 90) ? fuzz_below(r, 24) :
			      fuzz_u32(r);
		memcpy(val, &v32, 4);
		break;
	case AT_U64:
		len = 8;
		v64 = fuzz_chance(r, 50) ? z->inos[fuzz_below(r, 4)] :
		      fuzz_chance(r, 50) ? fuzz_u32(r) : fuzz_rng_next(r);
		memcpy(val, &v64, 8);
		break;
	case AT_BIN:
		len = s->len;
		if (!len) {
			static const size_t big[] = { 0, 1, 2, 5, 6, 7, 8, 9,
						      NASSEC_PDU_MAX - 1,
						      NASSEC_PDU_MAX,
						      NASSEC_PDU_MAX + 1 };

			len = fuzz_chance(r, 80) ? 1 + fuzz_below(r, 80) :
			      fuzz_pick(r, big);
		}
		fuzz_fill(r, val, len);
		if (len && fuzz_chance(r, 50))
			val[0] = (uint8_t)(fuzz_below(r, 16) << 4 | 0x07);
		break;
	default:		/* a nest sent as a scalar */
		len = fuzz_below(r, 12);
		fuzz_fill(r, val, len);
		break;
	}
	if (fuzz_chance(r, 8)) {
		len = wrong_len(r, len);
		if (len > sizeof(val))
			len = sizeof(val);
		fuzz_fill(r, val, len);
	}
	put_attr(z, type, val, len);
}

/* A random attribute set: likely ids, any known id, unknown ids. */
static void gen_attrs(struct nlfz *z, const struct aspec *spec, int max,
		      const uint16_t *likely, int depth)
{
	struct fuzz_rng *r = &z->r;
	int n = fuzz_chance(r, 10) ? 0 : 1 + fuzz_below(r, depth ? 6 : 5);
	int nlikely = 0;

	while (likely && nlikely < 6 && likely[nlikely])
		nlikely++;
	/* PDU commands: several PDU nests in one request. */
	if (likely && likely[1] == NASSEC_A_PDU && fuzz_chance(r, 40))
		n += fuzz_below(r, 8);
	for (int i = 0; i < n; i++) {
		uint16_t id;
		unsigned int p = fuzz_below(r, 100);

		if (nlikely && p < 70)
			id = likely[fuzz_below(r, nlikely)];
		else if (p < 93)
			id = (uint16_t)(1 + fuzz_below(r, max));
		else if (p < 97)
			id = (uint16_t)(max + 1 + fuzz_below(r, 4));
		else
			id = fuzz_chance(r, 30) ? 0 : fuzz_below(r, NLA_TYPE_MASK + 1);
		gen_attr(z, spec, max, id, depth);
	}
	/* Garbage after the attributes: a short or lying header. */
	if (fuzz_chance(r, 3)) {
		struct nlattr a = { .nla_len = (uint16_t)fuzz_below(r, 64),
				    .nla_type = (uint16_t)fuzz_below(r, 32) };
		size_t n2 = fuzz_below(r, sizeof(a) + 1);

		if (room(z, 8)) {
			memcpy(z->buf + z->len, &a, n2);
			z->len += n2;
		}
	}
}

/* One request message at z->len; returns its index in z->m or -1. */
static int gen_msg(struct nlfz *z, bool first)
{
	struct fuzz_rng *r = &z->r;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	size_t start = z->len, cut;
	uint8_t cmd;
	int idx = z->nmsgs;
	bool lie_long = false;

	if (idx >= NLFZ_MSGS || !room(z, NLMSG_HDRLEN + GENL_HDRLEN + 64))
		return -1;
	cmd = fuzz_chance(r, 92) ? (uint8_t)(1 + fuzz_below(r, NASSEC_CMD_MAX)) :
	      fuzz_chance(r, 50) ? 0 : (uint8_t)fuzz_rng_next(r);
	nlh = (struct nlmsghdr *)(z->buf + start);
	memset(nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = z->family;
	if (fuzz_chance(r, 1))
		nlh->nlmsg_type = (uint16_t)fuzz_below(r, NLMSG_MIN_TYPE);
	nlh->nlmsg_flags = NLM_F_REQUEST;
	if (fuzz_chance(r, 3))
		nlh->nlmsg_flags = 0;
	if (fuzz_chance(r, 75))
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (fuzz_chance(r, cmd == NASSEC_CMD_CTX_GET ||
			   cmd == NASSEC_CMD_SOCK_LIST ? 50 : 10))
		nlh->nlmsg_flags |= NLM_F_DUMP;
	if (fuzz_chance(r, 10))
		nlh->nlmsg_flags |= (uint16_t)(fuzz_rng_next(r) &
					       (NLM_F_ECHO | NLM_F_ATOMIC |
						NLM_F_EXCL | NLM_F_CREATE |
						NLM_F_APPEND | NLM_F_NONREC));
	nlh->nlmsg_seq = ++z->seq;
	nlh->nlmsg_pid = fuzz_chance(r, 2) ? (uint32_t)fuzz_rng_next(r) : 0;
	g = (struct genlmsghdr *)(z->buf + start + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = fuzz_chance(r, 95) ? NASSEC_GENL_VERSION :
		     (uint8_t)fuzz_rng_next(r);
	if (fuzz_chance(r, 3))
		g->reserved = (uint16_t)fuzz_rng_next(r);
	z->len = start + NLMSG_HDRLEN + GENL_HDRLEN;
	gen_attrs(z, top_spec, NASSEC_A_MAX,
		  cmd <= NASSEC_CMD_MAX ? cmd_attrs[cmd] : NULL, 0);
	nlh->nlmsg_len = (uint32_t)(z->len - start);
	/* The next message starts where af_netlink looks: aligned. */
	memset(z->buf + z->len, 0, NLMSG_ALIGN(z->len) - z->len);
	z->len = NLMSG_ALIGN(z->len);

	/* Message-level damage. */
	switch (fuzz_chance(r, 12) ? fuzz_below(r, 4) : 9) {
	case 0:		/* cut short: the last attribute now overruns */
		cut = fuzz_below(r, nlh->nlmsg_len - NLMSG_HDRLEN + 1);
		nlh->nlmsg_len = NLMSG_HDRLEN + cut;
		z->len = start + NLMSG_ALIGN(nlh->nlmsg_len);
		break;
	case 1:		/* claims more than the datagram holds: dropped */
		if (first) {
			nlh->nlmsg_len += 1 + fuzz_below(r, 256);
			lie_long = true;
		}
		break;
	case 2:		/* header shorter than a header */
		if (first) {
			nlh->nlmsg_len = fuzz_below(r, NLMSG_HDRLEN);
			lie_long = true;	/* rest of the datagram ignored */
		}
		break;
	case 3:		/* not a multiple of 4 */
		nlh->nlmsg_len -= fuzz_below(r, 4);
		z->len = start + NLMSG_ALIGN(nlh->nlmsg_len);
		break;
	}
	z->m[idx].seq = nlh->nlmsg_seq;
	z->m[idx].cmd = cmd;
	z->m[idx].dump = nlh->nlmsg_flags & NLM_F_DUMP;
	z->m[idx].answered = false;
	/*
	 * af_netlink answers every request that has NLM_F_ACK with an ack
	 * or error, and a started dump with NLMSG_DONE; a message with a
	 * length the datagram cannot hold ends the datagram unanswered.
	 */
	z->m[idx].due = !lie_long && nlh->nlmsg_len >= NLMSG_HDRLEN &&
			(nlh->nlmsg_flags & NLM_F_REQUEST) &&
			((nlh->nlmsg_flags & NLM_F_ACK) ||
			 ((nlh->nlmsg_flags & NLM_F_DUMP) &&
			  nlh->nlmsg_type == z->family));
	z->nmsgs++;
	return lie_long ? -1 : idx;
}

/* ---- reply checks ---- */

static bool check_attrs(struct nlfz *z, const uint8_t *p, size_t len,
			const struct aspec *spec, int max, uint8_t cmd,
			int depth, char *why, size_t whylen)
{
	const struct nlattr *a;
	size_t off = 0;

	while (off + NLA_HDRLEN <= len) {
		const struct aspec *s;
		uint16_t type, alen;

		a = (const struct nlattr *)(p + off);
		type = a->nla_type & NLA_TYPE_MASK;
		alen = a->nla_len;
		if (alen < NLA_HDRLEN || off + alen > len) {
			snprintf(why, whylen, "attribute %u (depth %d) length %u overruns %zu",
				 type, depth, alen, len - off);
			return false;
		}
		s = type <= max ? &spec[type] : NULL;
		if (!s || s->type == AT_NONE || !s->reply) {
			snprintf(why, whylen, "unexpected attribute %u (depth %d) in reply to cmd %u",
				 type, depth, cmd);
			return false;
		}
		alen -= NLA_HDRLEN;
		switch (s->type) {
		case AT_U8:
			if (alen != 1)
				goto bad_len;
			break;
		case AT_U32:
		case AT_S32:
			if (alen != 4)
				goto bad_len;
			break;
		case AT_U64:
			if (alen != 8)
				goto bad_len;
			break;
		case AT_BIN:
			if (s->len && alen != s->len)
				goto bad_len;
			break;
		case AT_NEST:
			if (!check_attrs(z, (const uint8_t *)(a + 1), alen,
					 s->nest, s->nest_max, cmd, depth + 1,
					 why, whylen))
				return false;
			break;
		}
		/* Keys only where the ABI says: KASME in EXPORT, KeNB/NH in DERIVE. */
		if ((spec == slot_spec && type == NASSEC_SLOT_A_KASME &&
		     cmd != NASSEC_CMD_CTX_EXPORT) ||
		    (spec == top_spec && type == NASSEC_A_KENB &&
		     cmd != NASSEC_CMD_DERIVE_KENB) ||
		    (spec == top_spec && type == NASSEC_A_NH &&
		     cmd != NASSEC_CMD_DERIVE_NH)) {
			snprintf(why, whylen, "key attribute %u in a reply to cmd %u",
				 type, cmd);
			return false;
		}
		if (spec == pdu_spec && type == NASSEC_PDU_A_VERDICT) {
			uint32_t v;

			memcpy(&v, a + 1, 4);
			if (v < NASSEC_VERDICT_OK || v >= __NASSEC_VERDICT_MAX) {
				snprintf(why, whylen, "PDU verdict %u", v);
				return false;
			}
		}
		off += NLA_ALIGN(a->nla_len);
		continue;
bad_len:
		snprintf(why, whylen, "attribute %u (depth %d) of length %u in reply to cmd %u",
			 type, depth, alen, cmd);
		return false;
	}
	if (off < len && len - off >= NLA_HDRLEN) {
		snprintf(why, whylen, "%zu trailing octets", len - off);
		return false;
	}
	return true;
}

static int msg_index(struct nlfz *z, uint32_t seq)
{
	for (int i = 0; i < z->nmsgs; i++)
		if (z->m[i].seq == seq)
			return i;
	return -1;
}

/* The extended ack TLVs after an error or done. */
static bool check_ack_tlvs(const uint8_t *p, size_t len, char *why,
			   size_t whylen)
{
	size_t off = 0;

	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const struct nlattr *)(p + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > len) {
			snprintf(why, whylen, "ack TLV overruns");
			return false;
		}
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    (a->nla_len == NLA_HDRLEN ||
		     p[off + a->nla_len - 1] != '\0')) {
			snprintf(why, whylen, "extack message not a C string");
			return false;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return true;
}

/*
 * One datagram from the kernel: every message well-formed, addressed to
 * us, answering one of the requests (or the marker, marker_seq), with
 * NLMSG_ERROR codes that are errnos and genl replies that check_attrs
 * accepts. Sets *marker_acked when the marker's ack came.
 */
static bool check_datagram(struct nlfz *z, const uint8_t *buf, size_t len,
			   uint32_t marker_seq, bool *marker_acked, char *why,
			   size_t whylen)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	size_t rem = len;

	if (!NLMSG_OK(nlh, rem)) {
		snprintf(why, whylen, "datagram of %zu octets holds no message", len);
		return false;
	}
	for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
		size_t plen = nlh->nlmsg_len - NLMSG_HDRLEN;
		const uint8_t *pl = NLMSG_DATA(nlh);
		bool marker = nlh->nlmsg_seq == marker_seq;
		int i = msg_index(z, nlh->nlmsg_seq);

		if (nlh->nlmsg_pid != z->portid) {
			snprintf(why, whylen, "reply to port %u, we are %u",
				 nlh->nlmsg_pid, z->portid);
			return false;
		}
		if (!marker && i < 0) {
			snprintf(why, whylen, "reply (type %u) with seq %u we never sent",
				 nlh->nlmsg_type, nlh->nlmsg_seq);
			return false;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = (const void *)pl;
			size_t elen;

			if (plen < sizeof(*e)) {
				snprintf(why, whylen, "NLMSG_ERROR of %zu octets", plen);
				return false;
			}
			if (e->error > 0 || e->error < -4095) {
				snprintf(why, whylen, "NLMSG_ERROR code %d", e->error);
				return false;
			}
			if (e->msg.nlmsg_seq != nlh->nlmsg_seq) {
				snprintf(why, whylen, "error echoes seq %u, sent as %u",
					 e->msg.nlmsg_seq, nlh->nlmsg_seq);
				return false;
			}
			/* Capped acks echo the header, full ones the request. */
			elen = sizeof(*e);
			if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
			    e->msg.nlmsg_len > sizeof(e->msg))
				elen += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg);
			if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
			    (elen > plen ||
			     !check_ack_tlvs(pl + elen, plen - elen, why, whylen)))
				return false;
			if (marker) {
				if (e->error) {
					snprintf(why, whylen, "marker STATS_GET failed: %d",
						 e->error);
					return false;
				}
				*marker_acked = true;
			} else {
				if (!z->m[i].answered)
					tally_errno(z->t, e->error);
				z->m[i].answered = true;
			}
		} else if (nlh->nlmsg_type == NLMSG_DONE) {
			int err;

			if (plen < sizeof(int) || marker || !z->m[i].dump) {
				snprintf(why, whylen, "NLMSG_DONE of %zu octets to %s",
					 plen, marker ? "the marker" : "a non-dump");
				return false;
			}
			memcpy(&err, pl, sizeof(err));
			if (err > 0 || err < -4095) {
				snprintf(why, whylen, "NLMSG_DONE code %d", err);
				return false;
			}
			z->m[i].answered = true;
			tally_errno(z->t, err);
		} else if (nlh->nlmsg_type == z->family) {
			const struct genlmsghdr *g = (const void *)pl;
			uint8_t want = marker ? NASSEC_CMD_STATS_GET : z->m[i].cmd;

			if (plen < GENL_HDRLEN) {
				snprintf(why, whylen, "genl reply of %zu octets", plen);
				return false;
			}
			if (g->cmd != want) {
				snprintf(why, whylen, "reply cmd %u to cmd %u",
					 g->cmd, want);
				return false;
			}
			if (!check_attrs(z, pl + GENL_HDRLEN, plen - GENL_HDRLEN,
					 top_spec, NASSEC_A_MAX, g->cmd, 0, why,
					 whylen))
				return false;
			if (!marker && !z->m[i].dump && !z->m[i].answered) {
				z->m[i].answered = true;	/* a doit's reply */
				tally_errno(z->t, 0);
			}
		} else {
			snprintf(why, whylen, "message type %u", nlh->nlmsg_type);
			return false;
		}
	}
	if (rem >= NLMSG_HDRLEN) {
		snprintf(why, whylen, "%zu octets after the last message", rem);
		return false;
	}
	return true;
}

static int nlfz_open(struct nlfz *z, uint16_t family)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	struct timeval tv = { .tv_sec = 10 };
	int one = 1, rcvbuf = 4 << 20;

	z->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (z->fd < 0 || bind(z->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(z->fd, (struct sockaddr *)&sa, &salen))
		return -1;
	z->portid = sa.nl_pid;
	z->family = family;
	setsockopt(z->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(z->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(z->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	z->buf = calloc(1, NLFZ_BUF);
	z->rbuf = calloc(1, NLFZ_BUF * 4);
	return z->buf && z->rbuf ? 0 : -1;
}

/*
 * One execution: a datagram of 1-3 random requests, then a marker (a
 * plain STATS_GET with an ack) in a datagram of its own. Everything
 * before the marker's ack answers the requests; dumps still running are
 * drained after it. False when the kernel stopped answering.
 */
static bool nlfz_exec(struct nlfz *z)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} marker = {
		.nlh = { .nlmsg_len = sizeof(marker), .nlmsg_type = z->family,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK },
		.g = { .cmd = NASSEC_CMD_STATS_GET, .version = NASSEC_GENL_VERSION },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	bool acked = false;
	char why[256];
	int n, i;

	z->len = 0;
	z->nmsgs = 0;
	n = fuzz_chance(&z->r, 10) ? 2 + fuzz_below(&z->r, NLFZ_MSGS - 1) : 1;
	for (i = 0; i < n; i++)
		if (gen_msg(z, i == 0) < 0)
			break;
	/* Trailing garbage in the datagram. */
	if (fuzz_chance(&z->r, 3) && room(z, 16)) {
		size_t g = fuzz_below(&z->r, 16);

		fuzz_fill(&z->r, z->buf + z->len, g);
		z->len += g;
	}
	if (fuzz_chance(&z->r, 1)) {
		int on = (int)fuzz_below(&z->r, 2);

		setsockopt(z->fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
	}
	if (sendto(z->fd, z->buf, z->len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		tally_errno(z->t, errno);	/* e.g. a zero-length datagram */
	marker.nlh.nlmsg_seq = ++z->seq;
	if (sendto(z->fd, &marker, sizeof(marker), 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		fuzz_fail(z->t, "marker send: %s", strerror(errno));
		return false;
	}
	while (!acked) {
		ssize_t len = recv(z->fd, z->rbuf, NLFZ_BUF * 4, 0);

		if (len < 0) {
			fuzz_fail(z->t, "no answer to the marker after a request with cmd %u: %s",
				  z->m[0].cmd, strerror(errno));
			return false;
		}
		if (!check_datagram(z, z->rbuf, len, marker.nlh.nlmsg_seq,
				    &acked, why, sizeof(why)))
			fuzz_fail(z->t, "malformed reply to cmd %u: %s",
				  z->m[0].cmd, why);
	}
	/* The rest of a dump is produced as we read. */
	for (;;) {
		ssize_t len = recv(z->fd, z->rbuf, NLFZ_BUF * 4, MSG_DONTWAIT);

		if (len < 0)
			break;
		if (!check_datagram(z, z->rbuf, len, marker.nlh.nlmsg_seq,
				    &acked, why, sizeof(why)))
			fuzz_fail(z->t, "malformed reply to cmd %u: %s",
				  z->m[0].cmd, why);
	}
	for (i = 0; i < z->nmsgs; i++) {
		if (z->m[i].due && !z->m[i].answered)
			fuzz_fail(z->t, "request %d (cmd %u, seq %u) due an answer got none",
				  i, z->m[i].cmd, z->m[i].seq);
		if (!z->m[i].due && !z->m[i].answered)
			z->t->silent++;
	}
	return true;
}

/*
 * Inputs that once hurt the kernel, replayed before the random ones: each
 * is a request that must be refused without a kernel warning.
 */
struct corpus_entry {
	const char *what;
	uint8_t cmd;
	int slot;		/* nest the bad attribute goes in, 0: top level */
	uint16_t type;
	uint8_t len;
};

static const struct corpus_entry corpus[] = {
	/*
	 * 6.1's extack policy dump reads a U8 policy's min/max, which for
	 * NLA_POLICY_VALIDATE_FN share their room with the function
	 * pointer: WARN in nla_get_range_unsigned().
	 */
	{ "EKSI of 2 octets in SLOT_CUR of CTX_NEW", NASSEC_CMD_CTX_NEW,
	  NASSEC_A_SLOT_CUR, NASSEC_SLOT_A_EKSI, 2 },
	{ "EKSI of 0 octets in SLOT_NEW of CTX_SET", NASSEC_CMD_CTX_SET,
	  NASSEC_A_SLOT_NEW, NASSEC_SLOT_A_EKSI, 0 },
	{ "EIA of 4 octets in SLOT_CUR of CTX_IMPORT", NASSEC_CMD_CTX_IMPORT,
	  NASSEC_A_SLOT_CUR, NASSEC_SLOT_A_EIA, 4 },
	{ "UL_COUNT of 2 octets in DERIVE_KENB", NASSEC_CMD_DERIVE_KENB, 0,
	  NASSEC_A_UL_COUNT, 2 },
	{ "MAX_CTX of 8 octets in CONFIG_SET", NASSEC_CMD_CONFIG_SET, 0,
	  NASSEC_A_MAX_CTX, 8 },
	{ "SOCK_FD of 1 octet in SOCK_ATTACH", NASSEC_CMD_SOCK_ATTACH, 0,
	  NASSEC_A_SOCK_FD, 1 },
};

static void replay_corpus(struct tally *t, struct nlc *c)
{
	static const uint8_t zero[8];

	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		const struct corpus_entry *e = &corpus[i];
		struct nl_msg *m = nlc_msg(c, e->cmd);
		unsigned long taint = kernel_taint();
		struct nlattr *nest = NULL;
		struct nlc_reply r;
		int err;

		if (!m || nla_put_u32(m, NASSEC_A_UE_ID, 1))
			continue;
		if (e->slot)
			nest = nla_nest_start(m, e->slot);
		nla_put(m, e->type, e->len, zero);
		if (nest)
			nla_nest_end(m, nest);
		err = nlc_call(c, m, &r);
		nlc_reply_free(&r);
		t->execs++;
		tally_errno(t, err);
		if (err != -EINVAL && err != -ERANGE)
			fuzz_fail(t, "corpus: %s: got %d, expected EINVAL", e->what, err);
		check_taint(t, taint, e->what);
	}
}

static uint64_t inode_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

TEST_F(kfuzz, netlink_requests_get_well_formed_answers)
{
	struct nlfz z = { .t = &self->t };
	int sctp[4];
	uint32_t ids[1] = { 0 };

	part_begin(self, PART_NETLINK);
	z.r = fuzz_rng_fork(fuzz_seed, PART_NETLINK);
	ASSERT_EQ(0, nlfz_open(&z, (uint16_t)self->nl.family));
	/* SCTP sockets among the low fds, for SOCK_ATTACH/DETACH to find. */
	sctp[0] = peer_listen(SOCK_STREAM, 36412);
	sctp[1] = peer_listen(SOCK_SEQPACKET, 36413);
	sctp[2] = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	sctp[3] = socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP);
	for (int i = 0; i < 4; i++) {
		ASSERT_LE(0, sctp[i]);
		z.inos[i] = inode_of(sctp[i]);
	}
	replay_corpus(&self->t, &self->nl);
	while (now_s() < self->deadline) {
		self->t.execs++;
		if (!nlfz_exec(&z))
			break;
		/* A CONFIG_SET with a tiny MAX_CTX would starve CTX_NEW. */
		if (!(self->t.execs % 256))
			nlc_config_max(&self->nl, 1U << 16);
	}
	for (int i = 0; i < 4; i++)
		close(sctp[i]);
	close(z.fd);
	free(z.buf);
	free(z.rbuf);
	check_clean(&self->t, &self->nl, ids, 0);
	part_end(self);
	EXPECT_EQ(0, self->t.failures);
}


/* ==== part 2: context operations from racing threads ==== */

#define CTX_THREADS	4
#define MODEL_BASE	100	/* ids 100..103: thread 0's alone */
#define MODEL_IDS	4

struct model_ue {
	bool exists, frozen, cur, new;
};

struct ctxfz {
	struct fuzz_rng r;
	struct nlc nl;
	struct tally *t;
	double deadline;
	int idx;
	struct model_ue m[MODEL_IDS];
};

/* A slot, mostly valid; kasme is the caller's buffer. */
static struct nlc_slot fuzz_slot(struct fuzz_rng *r, uint8_t *kasme,
				 bool counts, bool valid)
{
	struct nlc_slot s;

	fuzz_fill(r, kasme, NASSEC_KASME_LEN);
	s = NLC_SLOT(kasme, (int)fuzz_below(r, 7) | (fuzz_chance(r, 10) ? 8 : 0),
		     (int)fuzz_below(r, 4), (int)fuzz_below(r, 4));
	if (counts || fuzz_chance(r, 30)) {
		s.ul_count = fuzz_chance(r, 50) ? fuzz_below(r, 300) :
			     fuzz_u32(r) & NASSEC_COUNT_MAX;
		s.dl_count = fuzz_chance(r, 50) ? fuzz_below(r, 300) :
			     fuzz_u32(r) & NASSEC_COUNT_MAX;
	}
	if (!valid) {
		switch (fuzz_below(r, 5)) {
		case 0:
			s.kasme = NULL;
			break;
		case 1:
			s.eksi = fuzz_chance(r, 50) ? 7 : 15;
			break;
		case 2:
			s.eia = fuzz_chance(r, 50) ? -1 : 4 + (int)fuzz_below(r, 252);
			break;
		case 3:
			s.eea = fuzz_chance(r, 50) ? -1 : 4 + (int)fuzz_below(r, 252);
			break;
		case 4:
			s.ul_count = NASSEC_COUNT_MAX + 1 + fuzz_below(r, 16);
			break;
		}
	}
	return s;
}

/* CTX_SET with any of SLOT_NEW, FROZEN, DROP_NEW (frozen < 0: left out). */
static int ctx_set(struct nlc *c, uint32_t ue, const struct nlc_slot *slot,
		   int frozen, bool drop_new)
{
	struct nl_msg *m = nlc_msg(c, NASSEC_CMD_CTX_SET);
	struct nlc_reply r;
	int err;

	if (!m || nla_put_u32(m, NASSEC_A_UE_ID, ue) ||
	    (slot && nlc_put_slot(m, NASSEC_A_SLOT_NEW, slot)) ||
	    (frozen >= 0 && nla_put_u8(m, NASSEC_A_FROZEN, (uint8_t)frozen)) ||
	    (drop_new && nla_put_u8(m, NASSEC_A_DROP_NEW, 1)))
		return -ENOMEM;
	err = nlc_call(c, m, &r);
	nlc_reply_free(&r);
	return err;
}

/* A GET or EXPORT reply says what the ABI promises. */
static void check_ctx_reply(struct tally *t, uint8_t cmd, uint32_t ue,
			    const struct nlc_ctx_state *s)
{
	bool exp = cmd == NASSEC_CMD_CTX_EXPORT;

	if (s->ue_id != ue)
		fuzz_fail(t, "cmd %u for UE %u answered for UE %u", cmd, ue, s->ue_id);
	if (!!(s->flags & NASSEC_CTX_F_CUR_SLOT) != s->cur.present ||
	    !!(s->flags & NASSEC_CTX_F_NEW_SLOT) != s->new.present)
		fuzz_fail(t, "cmd %u UE %u: flags %#x but slots cur %d new %d",
			  cmd, ue, s->flags, s->cur.present, s->new.present);
	if ((s->cur.present && s->cur.has_kasme != exp) ||
	    (s->new.present && s->new.has_kasme != exp))
		fuzz_fail(t, "cmd %u UE %u: KASME %s", cmd, ue,
			  exp ? "missing from EXPORT" : "in a GET reply");
	if ((s->cur.present && (s->cur.eia > 3 || s->cur.eea > 3)) ||
	    (s->new.present && (s->new.eia > 3 || s->new.eea > 3)))
		fuzz_fail(t, "cmd %u UE %u: algorithm out of range", cmd, ue);
}

/* DERIVE_KENB / DERIVE_NH: the reply holds one 32-octet key. */
static int derive(struct ctxfz *f, uint32_t ue, bool nh)
{
	uint8_t cmd = nh ? NASSEC_CMD_DERIVE_NH : NASSEC_CMD_DERIVE_KENB;
	struct nl_msg *m = nlc_msg(&f->nl, cmd);
	uint8_t sync[NASSEC_NH_LEN];
	struct nlc_reply r;
	int err, key = nh ? NASSEC_A_NH : NASSEC_A_KENB;

	fuzz_fill(&f->r, sync, sizeof(sync));
	if (!m || nla_put_u32(m, NASSEC_A_UE_ID, ue) ||
	    (nh && nla_put(m, NASSEC_A_SYNC_INPUT, sizeof(sync), sync)) ||
	    (!nh && fuzz_chance(&f->r, 60) &&
	     nla_put_u32(m, NASSEC_A_UL_COUNT, fuzz_u32(&f->r) & NASSEC_COUNT_MAX)))
		return -ENOMEM;
	err = nlc_call(&f->nl, m, &r);
	if (!err && (!r.tb[key] || nla_len(r.tb[key]) != 32))
		fuzz_fail(f->t, "DERIVE cmd %u UE %u: no 32-octet key in the reply",
			  cmd, ue);
	nlc_reply_free(&r);
	return err;
}

/* One random operation on the shared ids. */
static int ctxfz_random_op(struct ctxfz *f)
{
	struct fuzz_rng *r = &f->r;
	uint8_t k1[32], k2[32], buf[256];
	struct nlc_slot s1, s2;
	struct nlc_ctx_state st;
	struct nlc_ns_stats ns;
	struct nlc_pdu *pdu;
	uint32_t ue = fuzz_ue(r);
	bool valid = fuzz_chance(r, 85);
	unsigned int n;
	size_t len;
	int err, sel;

	switch (fuzz_below(r, 16)) {
	case 0:
	case 1:
		s1 = fuzz_slot(r, k1, false, valid);
		s2 = fuzz_slot(r, k2, false, true);
		sel = (int)fuzz_below(r, 3);
		return nlc_ctx_new(&f->nl, ue, sel != 1 ? &s1 : NULL,
				   sel != 0 ? &s2 : NULL);
	case 2:		/* import what an export returned, under another id */
		err = nlc_ctx_get_cmd(&f->nl, NASSEC_CMD_CTX_EXPORT, ue, &st);
		if (err)
			return err;
		check_ctx_reply(f->t, NASSEC_CMD_CTX_EXPORT, ue, &st);
		s1 = NLC_SLOT(st.cur.kasme, st.cur.eksi, st.cur.eia, st.cur.eea);
		s1.ul_count = st.cur.ul_count;
		s1.dl_count = st.cur.dl_count;
		s2 = NLC_SLOT(st.new.kasme, st.new.eksi, st.new.eia, st.new.eea);
		s2.ul_count = st.new.ul_count;
		s2.dl_count = st.new.dl_count;
		return nlc_ctx_new_cmd(&f->nl, NASSEC_CMD_CTX_IMPORT, fuzz_ue(r),
				       st.cur.present ? &s1 : NULL,
				       st.new.present ? &s2 : NULL);
	case 3:
		s1 = fuzz_slot(r, k1, true, valid);
		return nlc_ctx_new_cmd(&f->nl, NASSEC_CMD_CTX_IMPORT, ue, &s1,
				       fuzz_chance(r, 30) ? &s1 : NULL);
	case 4:
	case 5:
		s1 = fuzz_slot(r, k1, false, valid);
		if (fuzz_chance(r, 30))
			s1.kasme = NULL;	/* an algorithm change */
		sel = (int)fuzz_below(r, 8);
		return ctx_set(&f->nl, ue, sel & 1 ? &s1 : NULL,
			       sel & 2 ? (int)fuzz_below(r, 2) : -1,
			       sel & 4 || !sel);
	case 6:
		return nlc_ctx_del(&f->nl, ue);
	case 7:
	case 8:
		sel = fuzz_chance(r, 50) ? NASSEC_CMD_CTX_GET : NASSEC_CMD_CTX_EXPORT;
		err = nlc_ctx_get_cmd(&f->nl, (uint8_t)sel, ue, &st);
		if (!err)
			check_ctx_reply(f->t, (uint8_t)sel, ue, &st);
		return err;
	case 9:
		n = 0;
		return nlc_dump(&f->nl, NASSEC_CMD_CTX_GET, count_ctx, &n, NULL);
	case 10:
	case 11:
		return derive(f, ue, fuzz_chance(r, 50));
	case 12:
	case 13:
		pdu = malloc(sizeof(*pdu));
		if (!pdu)
			return -ENOMEM;
		if (fuzz_chance(r, 50)) {
			len = fuzz_plain_nas(r, buf, sizeof(buf));
			err = nlc_protect(&f->nl, ue, (uint8_t)(1 + fuzz_below(r, 3)),
					  buf, len, pdu);
			if (!err && !pdu->has_error &&
			    (!pdu->has_data || pdu->len != len + NASSEC_NAS_HDR_LEN ||
			     !pdu->has_count))
				fuzz_fail(f->t, "PROTECT UE %u: reply without error, data or COUNT",
					  ue);
		} else {
			len = 1 + fuzz_below(r, sizeof(buf) - 1);
			fuzz_fill(r, buf, len);
			err = nlc_unprotect(&f->nl, ue, buf, len, pdu);
			if (!err && !pdu->has_verdict)
				fuzz_fail(f->t, "UNPROTECT UE %u: reply without verdict", ue);
		}
		free(pdu);
		return err;
	case 14:
		return nlc_stats(&f->nl, &ns);
	default:
		/* Rarely a small limit, so ENOSPC paths run; then room again. */
		if (fuzz_chance(r, 20))
			return nlc_config_max(&f->nl, 1 + fuzz_below(r, ID_SPACE));
		return nlc_config_max(&f->nl, 1U << 16);
	}
}

/* Thread 0: ids no one else touches, checked against a model. */
static int ctxfz_model_op(struct ctxfz *f)
{
	struct fuzz_rng *r = &f->r;
	unsigned int i = fuzz_below(r, MODEL_IDS);
	uint32_t ue = MODEL_BASE + i;
	struct model_ue *m = &f->m[i];
	struct nlc_ctx_state st;
	uint8_t k1[32], k2[32];
	struct nlc_slot s1 = fuzz_slot(r, k1, false, true);
	struct nlc_slot s2 = fuzz_slot(r, k2, false, true);
	int err, want, sel, frozen;
	bool drop;

	switch (fuzz_below(r, 6)) {
	case 0:
		sel = (int)fuzz_below(r, 3);
		err = nlc_ctx_new(&f->nl, ue, sel != 1 ? &s1 : NULL,
				  sel != 0 ? &s2 : NULL);
		want = m->exists ? -EEXIST : 0;
		/*
		 * A random thread set a small limit; the limit is checked
		 * before the id, so an existing id can get ENOSPC too.
		 */
		if (err == -ENOSPC)
			return err;
		if (!err && !m->exists) {
			m->exists = true;
			m->frozen = false;
			m->cur = sel != 1;
			m->new = sel != 0;
		}
		break;
	case 1:
		err = nlc_ctx_del(&f->nl, ue);
		want = m->exists ? 0 : -ENOENT;
		m->exists = false;
		break;
	case 2:
	case 3:
		sel = (int)fuzz_below(r, 8);
		if (!sel)
			sel = 2;
		if (fuzz_chance(r, 30))
			s1.kasme = NULL;
		frozen = sel & 2 ? (int)fuzz_below(r, 2) : -1;
		drop = sel & 4;
		err = ctx_set(&f->nl, ue, sel & 1 ? &s1 : NULL, frozen, drop);
		want = !m->exists ? -ENOENT :
		       (sel & 1) && !s1.kasme && !m->cur ? -ENOKEY : 0;
		if (!err && m->exists) {
			if (frozen >= 0)
				m->frozen = frozen;
			if (drop)
				m->new = false;
			if (sel & 1)
				m->new = true;
		}
		break;
	default:
		err = nlc_ctx_get(&f->nl, ue, &st);
		want = m->exists ? 0 : -ENOENT;
		if (!err) {
			check_ctx_reply(f->t, NASSEC_CMD_CTX_GET, ue, &st);
			if (!!(st.flags & NASSEC_CTX_F_FROZEN) != m->frozen ||
			    st.cur.present != m->cur || st.new.present != m->new)
				fuzz_fail(f->t, "model UE %u: flags %#x, expected frozen %d cur %d new %d",
					  ue, st.flags, m->frozen, m->cur, m->new);
		}
		break;
	}
	if (err != want)
		fuzz_fail(f->t, "model UE %u: got %d (%s), expected %d",
			  ue, err, errno_name(-err), want);
	return err;
}

static void *ctxfz_thread(void *arg)
{
	struct ctxfz *f = arg;

	while (now_s() < f->deadline) {
		int err = f->idx == 0 && fuzz_chance(&f->r, 50) ?
			  ctxfz_model_op(f) : ctxfz_random_op(f);

		tally_exec(f->t);
		tally_errno(f->t, err);
		/* libnl's EIO: the kernel left a request unanswered. */
		if (err == -EIO)
			fuzz_fail(f->t, "a request got no answer");
	}
	return NULL;
}

TEST_F(kfuzz, ctx_operations_race_and_keep_their_invariants)
{
	struct ctxfz f[CTX_THREADS];
	pthread_t th[CTX_THREADS];
	uint32_t model_ids[MODEL_IDS];

	part_begin(self, PART_CTX);
	for (int i = 0; i < CTX_THREADS; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		f[i].r = fuzz_rng_fork(fuzz_seed, PART_CTX * 16 + i);
		f[i].t = &self->t;
		f[i].deadline = self->deadline;
		f[i].idx = i;
		ASSERT_EQ(0, nlc_open(&f[i].nl));
	}
	for (int i = 0; i < CTX_THREADS; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, ctxfz_thread, &f[i]));
	for (int i = 0; i < CTX_THREADS; i++) {
		pthread_join(th[i], NULL);
		nlc_close(&f[i].nl);
	}
	for (int i = 0; i < MODEL_IDS; i++)
		model_ids[i] = MODEL_BASE + i;
	check_clean(&self->t, &self->nl, model_ids, MODEL_IDS);
	part_end(self);
	EXPECT_EQ(0, self->t.failures);
}

/* ==== part 3: PDU protect/unprotect ==== */

#define PDU_THREADS	3
#define ORACLE_BASE	200	/* ids 200..203: thread 0's, checked */
#define ORACLE_IDS	4
#define PDU_BATCH	8
#define ACCEPTED_KEEP	8

struct oracle_ue {
	uint32_t id;
	bool created;
	struct ue_nas cur, next;	/* the UE's view of both slots */
	bool has_next;
	uint32_t ul_next, dl_next;	/* cur slot's COUNTs */
	uint32_t next_dl;		/* the new slot's DL COUNT */
	struct {
		uint8_t pdu[NASSEC_NAS_HDR_LEN + 128];
		size_t len;
	} acc[ACCEPTED_KEEP];
	unsigned int nacc;
};

struct pdufz {
	struct fuzz_rng r;
	struct nlc nl;
	struct tally *t;
	double deadline;
	int idx;
	struct oracle_ue o[ORACLE_IDS];
	struct nlc_pdu *out;		/* PDU_BATCH replies */
};

/*
 * One PDU_PROTECT (sht >= 0, one per PDU in shts) or PDU_UNPROTECT of n
 * PDUs; the reply's PDUs in f->out. -errno, or -EPROTO for a reply that
 * does not hold one well-formed PDU nest per request PDU.
 */
static int pdu_batch(struct pdufz *f, uint8_t cmd, uint32_t ue,
		     const uint8_t *const *data, const size_t *lens,
		     const int *shts, unsigned int n)
{
	struct nl_msg *m = nlc_msg(&f->nl, cmd);
	struct nlc_reply r;
	unsigned int got;
	int err;

	if (!m || nla_put_u32(m, NASSEC_A_UE_ID, ue))
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		struct nlattr *nest = nla_nest_start(m, NASSEC_A_PDU);

		if (!nest || nla_put(m, NASSEC_PDU_A_DATA, (int)lens[i], data[i]) ||
		    (shts && shts[i] >= 0 &&
		     nla_put_u8(m, NASSEC_PDU_A_SEC_HDR_TYPE, (uint8_t)shts[i])))
			return -ENOMEM;
		nla_nest_end(m, nest);
	}
	err = nlc_call(&f->nl, m, &r);
	if (!err) {
		got = r.msg ? nlc_parse_pdus(r.msg, f->out, PDU_BATCH) : 0;
		if (got != n) {
			fuzz_fail(f->t, "cmd %u with %u PDUs: %u in the reply", cmd, n, got);
			err = -EPROTO;
		}
		for (unsigned int i = 0; !err && i < n; i++) {
			struct nlc_pdu *p = &f->out[i];

			if (cmd == NASSEC_CMD_PDU_UNPROTECT &&
			    (!p->has_verdict || p->verdict < NASSEC_VERDICT_OK ||
			     p->verdict >= __NASSEC_VERDICT_MAX))
				fuzz_fail(f->t, "UNPROTECT PDU %u: verdict %d", i, p->verdict);
			if (cmd == NASSEC_CMD_PDU_PROTECT && !p->has_error &&
			    (!p->has_data || !p->has_count ||
			     p->len != lens[i] + NASSEC_NAS_HDR_LEN))
				fuzz_fail(f->t, "PROTECT PDU %u: no error, data or COUNT", i);
			if (p->has_error && p->error >= 0)
				fuzz_fail(f->t, "PDU %u: error %d is no errno", i, p->error);
		}
	}
	nlc_reply_free(&r);
	return err;
}

static int oracle_create(struct pdufz *f, struct oracle_ue *o)
{
	struct fuzz_rng *r = &f->r;
	uint8_t kasme[32];
	uint8_t eia = (uint8_t)(1 + fuzz_below(r, 3)), eea = (uint8_t)fuzz_below(r, 4);
	struct nlc_slot s = NLC_SLOT(kasme, 1, eia, eea);
	int err;

	fuzz_kasme(r, kasme);
	s.ul_count = o->ul_next = fuzz_chance(r, 70) ? 0 : fuzz_below(r, 1 << 20);
	s.dl_count = o->dl_next = fuzz_chance(r, 70) ? 0 : fuzz_below(r, 1 << 20);
	nlc_ctx_del(&f->nl, o->id);
	err = ue_init_locked(&o->cur, kasme, eia, eea);
	if (!err)
		err = nlc_ctx_new(&f->nl, o->id, &s, NULL);
	if (err) {
		fuzz_fail(f->t, "oracle CTX_NEW %u: %d", o->id, err);
		return err;
	}
	o->created = true;
	o->has_next = false;
	o->nacc = 0;
	return 0;
}

/* Fresh valid uplink PDUs in one request; all must be OK and deciphered. */
static int oracle_uplink(struct pdufz *f, struct oracle_ue *o)
{
	struct fuzz_rng *r = &f->r;
	unsigned int n = fuzz_chance(r, 70) ? 1 : 1 + fuzz_below(r, PDU_BATCH);
	uint8_t pdus[PDU_BATCH][NASSEC_NAS_HDR_LEN + 128];
	uint8_t plain[PDU_BATCH][128];
	const uint8_t *data[PDU_BATCH];
	size_t lens[PDU_BATCH], plens[PDU_BATCH];
	uint32_t counts[PDU_BATCH], c = o->ul_next;
	bool tamper = fuzz_chance(r, 15);
	unsigned int bad = fuzz_below(r, n);
	int err;

	for (unsigned int i = 0; i < n; i++) {
		uint8_t sht = fuzz_chance(r, 50) ? 1 : 2;

		c += fuzz_chance(r, 80) ? 0 : fuzz_below(r, 4);	/* gaps */
		counts[i] = c++;
		plens[i] = fuzz_plain_nas(r, plain[i], sizeof(plain[i]));
		ue_protect_locked(&o->cur, sht, counts[i], UE_NAS_DIR_UL,
				  plain[i], plens[i], pdus[i]);
		lens[i] = plens[i] + NASSEC_NAS_HDR_LEN;
		data[i] = pdus[i];
	}
	/* One PDU with a MAC the UE never sent. */
	if (tamper)
		pdus[bad][1 + fuzz_below(r, 4)] ^= (uint8_t)(1 + fuzz_below(r, 255));
	err = pdu_batch(f, NASSEC_CMD_PDU_UNPROTECT, o->id, data, lens, NULL, n);
	if (err)
		return err;
	for (unsigned int i = 0; i < n; i++) {
		struct nlc_pdu *p = &f->out[i];
		int want = tamper && i == bad ? NASSEC_VERDICT_MAC_FAIL :
			   NASSEC_VERDICT_OK;

		if (p->verdict != want ||
		    (want == NASSEC_VERDICT_OK &&
		     (p->count != counts[i] || !p->has_data ||
		      p->len != plens[i] || memcmp(p->data, plain[i], plens[i])))) {
			fuzz_fail(f->t, "UE %u uplink COUNT %u: verdict %d count %u len %u, expected verdict %d and the plain message",
				  o->id, counts[i], p->verdict, p->count, p->len, want);
			return -EPROTO;
		}
		if (want == NASSEC_VERDICT_OK) {
			o->ul_next = counts[i] + 1;
			memcpy(o->acc[o->nacc % ACCEPTED_KEEP].pdu, pdus[i], lens[i]);
			o->acc[o->nacc % ACCEPTED_KEEP].len = lens[i];
			o->nacc++;
		}
	}
	return 0;
}

/* An accepted PDU again: REPLAY, never OK. */
static int oracle_replay(struct pdufz *f, struct oracle_ue *o)
{
	unsigned int k = o->nacc < ACCEPTED_KEEP ? o->nacc : ACCEPTED_KEEP;
	unsigned int j;
	const uint8_t *data[1];
	size_t lens[1];
	int err;

	if (!k)
		return oracle_uplink(f, o);
	j = fuzz_below(&f->r, k);
	data[0] = o->acc[j].pdu;
	lens[0] = o->acc[j].len;
	err = pdu_batch(f, NASSEC_CMD_PDU_UNPROTECT, o->id, data, lens, NULL, 1);
	if (!err && f->out[0].verdict != NASSEC_VERDICT_REPLAY) {
		fuzz_fail(f->t, "UE %u: an accepted PDU replayed got verdict %d",
			  o->id, f->out[0].verdict);
		err = -EPROTO;
	}
	return err;
}

/* Downlink of sht 1/2 on cur, or 3 on the new slot: the UE must verify it. */
static int oracle_downlink(struct pdufz *f, struct oracle_ue *o, uint8_t sht)
{
	struct fuzz_rng *r = &f->r;
	uint8_t plain[NASSEC_PDU_MAX], *buf;
	const uint8_t *data[1] = { plain };
	size_t len, lens[1];
	int shts[1] = { sht }, err;
	struct ue_nas *ue = sht == 3 ? &o->next : &o->cur;
	uint32_t *dl = sht == 3 ? &o->next_dl : &o->dl_next;

	len = fuzz_chance(r, 95) ? fuzz_plain_nas(r, plain, 200) :
	      fuzz_plain_nas(r, plain, sizeof(plain));
	lens[0] = len;
	err = pdu_batch(f, NASSEC_CMD_PDU_PROTECT, o->id, data, lens, shts, 1);
	if (err)
		return err;
	buf = f->out[0].data;
	if (f->out[0].has_error || f->out[0].count != *dl ||
	    f->out[0].len != len + NASSEC_NAS_HDR_LEN || buf[0] >> 4 != sht ||
	    ue_unprotect_locked(ue, *dl, UE_NAS_DIR_DL, buf, f->out[0].len) ||
	    memcmp(buf + NASSEC_NAS_HDR_LEN, plain, len)) {
		fuzz_fail(f->t, "UE %u downlink type %u COUNT %u: error %d count %u: the UE cannot verify it",
			  o->id, sht, *dl, f->out[0].error, f->out[0].count);
		return -EPROTO;
	}
	(*dl)++;
	return 0;
}

/*
 * A security mode procedure: SET loads the new slot, SECURITY MODE
 * COMMAND (type 3) goes out on it, SECURITY MODE COMPLETE (type 4, UL
 * COUNT 0 of the new slot) promotes it (TS 33.401 7.2.4.4).
 */
static int oracle_smc(struct pdufz *f, struct oracle_ue *o)
{
	struct fuzz_rng *r = &f->r;
	uint8_t kasme[32], plain[64], pdu[NASSEC_NAS_HDR_LEN + 64];
	uint8_t eia = (uint8_t)(1 + fuzz_below(r, 3)), eea = (uint8_t)fuzz_below(r, 4);
	struct nlc_slot s = NLC_SLOT(kasme, 2, eia, eea);
	const uint8_t *data[1] = { pdu };
	size_t len, lens[1];
	int err;

	fuzz_kasme(r, kasme);
	if (ue_init_locked(&o->next, kasme, eia, eea))
		return -ENOMEM;
	err = ctx_set(&f->nl, o->id, &s, -1, false);
	if (err) {
		fuzz_fail(f->t, "UE %u: SET SLOT_NEW: %d", o->id, err);
		return err;
	}
	o->has_next = true;
	o->next_dl = 0;
	err = oracle_downlink(f, o, 3);
	if (err)
		return err;
	len = fuzz_plain_nas(r, plain, sizeof(plain));
	ue_protect_locked(&o->next, 4, 0, UE_NAS_DIR_UL, plain, len, pdu);
	lens[0] = len + NASSEC_NAS_HDR_LEN;
	err = pdu_batch(f, NASSEC_CMD_PDU_UNPROTECT, o->id, data, lens, NULL, 1);
	if (err)
		return err;
	if (f->out[0].verdict != NASSEC_VERDICT_OK ||
	    !(f->out[0].flags & NASSEC_PDU_F_PROMOTED) || f->out[0].count != 0 ||
	    f->out[0].len != len || memcmp(f->out[0].data, plain, len)) {
		fuzz_fail(f->t, "UE %u: SECURITY MODE COMPLETE got verdict %d flags %#x count %u",
			  o->id, f->out[0].verdict, f->out[0].flags, f->out[0].count);
		return -EPROTO;
	}
	o->cur = o->next;
	o->has_next = false;
	o->ul_next = 1;
	o->dl_next = o->next_dl;
	o->nacc = 0;
	return 0;
}

static void mutate(struct fuzz_rng *r, uint8_t *buf, size_t *len, size_t cap)
{
	unsigned int n = 1 + fuzz_below(r, 4);

	while (n--) {
		switch (fuzz_below(r, 6)) {
		case 0:
			if (*len)
				buf[fuzz_below(r, (uint32_t)*len)] ^= (uint8_t)(1 << fuzz_below(r, 8));
			break;
		case 1:		/* the security header type */
			if (*len)
				buf[0] = (uint8_t)(fuzz_below(r, 16) << 4 | (buf[0] & 0xf));
			break;
		case 2:		/* the protocol discriminator */
			if (*len)
				buf[0] = (uint8_t)((buf[0] & 0xf0) | fuzz_below(r, 16));
			break;
		case 3:		/* truncate */
			*len = 1 + fuzz_below(r, (uint32_t)*len);
			break;
		case 4:		/* extend */
			if (*len < cap) {
				size_t add = 1 + fuzz_below(r, (uint32_t)(cap - *len));

				fuzz_fill(r, buf + *len, add);
				*len += add;
			}
			break;
		case 5:		/* the SQN */
			if (*len > 5)
				buf[5] = (uint8_t)fuzz_rng_next(r);
			break;
		}
	}
}

/* Valid PDUs mutated: any verdict, but an OK must be at a fresh COUNT. */
static int oracle_mutated(struct pdufz *f, struct oracle_ue *o)
{
	struct fuzz_rng *r = &f->r;
	uint8_t plain[128], pdu[NASSEC_NAS_HDR_LEN + 256];
	const uint8_t *data[1] = { pdu };
	size_t len = fuzz_plain_nas(r, plain, sizeof(plain)), lens[1];
	int err;

	ue_protect_locked(&o->cur, (uint8_t)(1 + fuzz_below(r, 2)), o->ul_next,
			  UE_NAS_DIR_UL, plain, len, pdu);
	lens[0] = len + NASSEC_NAS_HDR_LEN;
	mutate(r, pdu, &lens[0], sizeof(pdu));
	err = pdu_batch(f, NASSEC_CMD_PDU_UNPROTECT, o->id, data, lens, NULL, 1);
	if (err)
		return err;
	if (f->out[0].verdict == NASSEC_VERDICT_OK) {
		if (f->out[0].count < o->ul_next) {
			fuzz_fail(f->t, "UE %u: a mutated PDU accepted at old COUNT %u (next %u)",
				  o->id, f->out[0].count, o->ul_next);
			return -EPROTO;
		}
		/*
		 * Only octet 0 is outside the MAC (TS 24.301 4.4.3.3): a new
		 * header type or PD over a valid PDU still verifies.
		 */
		o->ul_next = f->out[0].count + 1;
		/* A service request consumed COUNT differently: start over. */
		if ((pdu[0] >> 4) >= 12 || (f->out[0].flags & NASSEC_PDU_F_PROMOTED))
			o->created = false;
	}
	return 0;
}

static int pdufz_oracle_op(struct pdufz *f)
{
	struct oracle_ue *o = &f->o[fuzz_below(&f->r, ORACLE_IDS)];

	if (!o->created || fuzz_chance(&f->r, 1))
		return oracle_create(f, o);
	switch (fuzz_below(&f->r, 10)) {
	case 0:
	case 1:
	case 2:
		return oracle_uplink(f, o);
	case 3:
		return oracle_replay(f, o);
	case 4:
	case 5:
		return oracle_downlink(f, o, (uint8_t)(1 + fuzz_below(&f->r, 2)));
	case 6:
		return oracle_smc(f, o);
	default:
		return oracle_mutated(f, o);
	}
}

/* Shared ids: random PDUs, batches, and contexts changing under them. */
static int pdufz_random_op(struct pdufz *f)
{
	static const size_t big[] = { 1, 5, 6, 7, 8, 255, 256, 1500,
				      NASSEC_PDU_MAX - NASSEC_NAS_HDR_LEN,
				      NASSEC_PDU_MAX, NASSEC_PDU_MAX + 1 };
	struct fuzz_rng *r = &f->r;
	unsigned int n = fuzz_chance(r, 60) ? 1 : 1 + fuzz_below(r, PDU_BATCH);
	uint32_t ue = fuzz_below(r, 4);
	uint8_t *bufs[PDU_BATCH];
	const uint8_t *data[PDU_BATCH];
	size_t lens[PDU_BATCH];
	int shts[PDU_BATCH], err;
	uint8_t kasme[32];
	struct nlc_slot s;
	bool protect = fuzz_chance(r, 35);

	switch (fuzz_below(r, 12)) {
	case 0:
		s = fuzz_slot(r, kasme, false, true);
		return nlc_ctx_new(&f->nl, ue, &s, fuzz_chance(r, 30) ? &s : NULL);
	case 1:
		return nlc_ctx_del(&f->nl, ue);
	case 2:
		s = fuzz_slot(r, kasme, fuzz_chance(r, 50), true);
		return ctx_set(&f->nl, ue, fuzz_chance(r, 60) ? &s : NULL,
			       (int)fuzz_below(r, 2), fuzz_chance(r, 30));
	default:
		break;
	}
	for (unsigned int i = 0; i < n; i++) {
		lens[i] = fuzz_chance(r, 90) ? 1 + fuzz_below(r, 120) : fuzz_pick(r, big);
		bufs[i] = malloc(lens[i]);
		if (!bufs[i]) {
			n = i;
			break;
		}
		fuzz_fill(r, bufs[i], lens[i]);
		/* Mostly a plausible header: type, EMM or ESM. */
		bufs[i][0] = (uint8_t)(fuzz_below(r, 16) << 4 |
				       (fuzz_chance(r, 80) ? 0x7 : fuzz_below(r, 16)));
		data[i] = bufs[i];
		shts[i] = fuzz_chance(r, 95) ? 1 + (int)fuzz_below(r, 3) :
			  fuzz_chance(r, 50) ? -1 : (int)fuzz_below(r, 256);
	}
	err = pdu_batch(f, protect ? NASSEC_CMD_PDU_PROTECT : NASSEC_CMD_PDU_UNPROTECT,
			ue, data, lens, protect ? shts : NULL, n);
	for (unsigned int i = 0; i < n; i++)
		free(bufs[i]);
	return err;
}

static void *pdufz_thread(void *arg)
{
	struct pdufz *f = arg;

	while (now_s() < f->deadline) {
		int err = f->idx == 0 ? pdufz_oracle_op(f) : pdufz_random_op(f);

		tally_exec(f->t);
		tally_errno(f->t, err);
		if (err == -EIO)
			fuzz_fail(f->t, "a request got no answer");
		if (err == -EPROTO && f->idx == 0)
			f->o[0].created = f->o[1].created = f->o[2].created =
				f->o[3].created = false;
	}
	return NULL;
}

TEST_F(kfuzz, pdus_protected_and_checked_by_random_and_mutated_input)
{
	struct pdufz *f = calloc(PDU_THREADS, sizeof(*f));
	pthread_t th[PDU_THREADS];
	uint32_t ids[ORACLE_IDS];

	ASSERT_NE(NULL, f);
	part_begin(self, PART_PDU);
	/* The UE crypto library initialises itself on first use. */
	ASSERT_EQ(0, ue_init_locked(&f[0].o[0].cur, (uint8_t[32]){ 0 }, 2, 2));
	for (int i = 0; i < PDU_THREADS; i++) {
		f[i].r = fuzz_rng_fork(fuzz_seed, PART_PDU * 16 + i);
		f[i].t = &self->t;
		f[i].deadline = self->deadline;
		f[i].idx = i;
		f[i].out = calloc(PDU_BATCH, sizeof(*f[i].out));
		ASSERT_NE(NULL, f[i].out);
		for (int k = 0; k < ORACLE_IDS; k++)
			f[i].o[k].id = ORACLE_BASE + k;
		ASSERT_EQ(0, nlc_open(&f[i].nl));
	}
	for (int i = 0; i < PDU_THREADS; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, pdufz_thread, &f[i]));
	for (int i = 0; i < PDU_THREADS; i++) {
		pthread_join(th[i], NULL);
		nlc_close(&f[i].nl);
		free(f[i].out);
	}
	for (int i = 0; i < ORACLE_IDS; i++)
		ids[i] = ORACLE_BASE + i;
	check_clean(&self->t, &self->nl, ids, ORACLE_IDS);
	part_end(self);
	EXPECT_EQ(0, self->t.failures);
	free(f);
}

/* ==== part 4: SCTP sockets raced by threads ==== */

#define SOCK_THREADS	5
#define SOCK_ROUNDS	3
#define SLOTS		24
#define SOCK_UES	4	/* contexts 1..4, keys known to the eNB side */
#define PORT_ONE	36412	/* one-to-one listener */
#define PORT_MANY	36422	/* one-to-many socket */
#define STALE_INOS	16

enum slot_role { R_NONE, R_LISTEN, R_CHILD, R_MANY, R_CLIENT, R_PEELED };

struct fd_slot {
	pthread_rwlock_t lock;		/* users read-lock; close write-locks */
	int fd;
	int role;
	struct sockaddr_in local;	/* a client's address, for sends from R_MANY */
	bool to_many;			/* a client of the one-to-many socket */
};

struct sockfz_shared {
	struct fd_slot slot[SLOTS];
	pthread_mutex_t table_lock;	/* slot allocation, stale inodes */
	uint64_t stale[STALE_INOS];	/* inodes of closed sockets */
	unsigned int nstale;
	struct ue_nas ue[SOCK_UES + 1];
	uint8_t kasme[SOCK_UES + 1][32];
	uint32_t ul_count[SOCK_UES + 1];	/* next UL COUNT the eNB side uses */
	struct tally *t;
	double deadline;
};

struct sockfz {
	struct fuzz_rng r;
	struct nlc nl;
	struct sockfz_shared *sh;
	uint8_t *buf;
};

/* Read-locks a used slot of one of the roles (mask); its index or -1. */
static int slot_get(struct sockfz *f, unsigned int roles)
{
	unsigned int start = fuzz_below(&f->r, SLOTS);

	for (unsigned int k = 0; k < SLOTS; k++) {
		unsigned int i = (start + k) % SLOTS;
		struct fd_slot *s = &f->sh->slot[i];

		if (pthread_rwlock_rdlock(&s->lock))
			continue;
		if (s->fd >= 0 && (roles & (1U << s->role)))
			return (int)i;
		pthread_rwlock_unlock(&s->lock);
	}
	return -1;
}

static void slot_put(struct sockfz *f, int i)
{
	pthread_rwlock_unlock(&f->sh->slot[i].lock);
}

/* A new socket into a free slot (closed if there is none). */
static void slot_add(struct sockfz *f, int fd, int role, bool to_many)
{
	struct timeval tv = { .tv_usec = 50 * 1000 };
	socklen_t alen = sizeof(struct sockaddr_in);

	if (fd < 0)
		return;
	/* Blocking calls give up soon: a close waits for its users. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	for (unsigned int i = 0; i < SLOTS; i++) {
		struct fd_slot *s = &f->sh->slot[i];

		if (pthread_rwlock_trywrlock(&s->lock))
			continue;
		if (s->fd < 0) {
			s->fd = fd;
			s->role = role;
			s->to_many = to_many;
			memset(&s->local, 0, sizeof(s->local));
			getsockname(fd, (struct sockaddr *)&s->local, &alen);
			pthread_rwlock_unlock(&s->lock);
			return;
		}
		pthread_rwlock_unlock(&s->lock);
	}
	close(fd);
}

static void slot_close(struct sockfz *f, unsigned int i)
{
	struct fd_slot *s = &f->sh->slot[i];

	pthread_rwlock_wrlock(&s->lock);
	if (s->fd >= 0) {
		pthread_mutex_lock(&f->sh->table_lock);
		f->sh->stale[f->sh->nstale++ % STALE_INOS] = inode_of(s->fd);
		pthread_mutex_unlock(&f->sh->table_lock);
		close(s->fd);
		s->fd = -1;
		s->role = R_NONE;
	}
	pthread_rwlock_unlock(&s->lock);
}

static bool role_present(struct sockfz *f, int role)
{
	int i = slot_get(f, 1U << role);

	if (i < 0)
		return false;
	slot_put(f, i);
	return true;
}

static int sock_attach(struct nlc *c, int fd)
{
	return nlc_sock_fd_cmd(c, NASSEC_CMD_SOCK_ATTACH, fd);
}

static int sock_detach(struct nlc *c, int fd, uint64_t id)
{
	struct nl_msg *m = nlc_msg(c, NASSEC_CMD_SOCK_DETACH);
	struct nlc_reply r;
	int err;

	if (!m || (fd >= 0 ? nla_put_s32(m, NASSEC_A_SOCK_FD, fd) :
		   nla_put_u64(m, NASSEC_A_SOCK_ID, id)))
		return -ENOMEM;
	err = nlc_call(c, m, &r);
	nlc_reply_free(&r);
	return err;
}

struct sock_list_check {
	struct tally *t;
	unsigned int n;
};

static void check_sock_entry(struct nlattr **tb, void *arg)
{
	struct sock_list_check *c = arg;
	struct nlattr *a[NASSEC_SOCK_A_MAX + 1];
	uint32_t type;

	if (!tb[NASSEC_A_SOCK] ||
	    nla_parse_nested(a, NASSEC_SOCK_A_MAX, tb[NASSEC_A_SOCK], NULL) ||
	    !a[NASSEC_SOCK_A_ID] || !a[NASSEC_SOCK_A_TYPE]) {
		fuzz_fail(c->t, "SOCK_LIST entry without SOCK, ID or TYPE");
		return;
	}
	type = nla_get_u32(a[NASSEC_SOCK_A_TYPE]);
	if (type != SOCK_STREAM && type != SOCK_SEQPACKET)
		fuzz_fail(c->t, "SOCK_LIST entry of type %u", type);
	c->n++;
}

/* An S1AP message from the MME: Downlink NAS Transport, maybe PROTECT. */
static int sockfz_send_dl(struct sockfz *f, int i)
{
	struct fuzz_rng *r = &f->r;
	struct fd_slot *s = &f->sh->slot[i];
	uint8_t nas[NASSEC_NAS_HDR_LEN + 256] = { 0 };
	size_t plen = fuzz_plain_nas(r, nas + NASSEC_NAS_HDR_LEN, 256);
	uint32_t ue = fuzz_below(r, SOCK_UES + 2);
	struct s1ap_downlink_nas_transport m = {
		.ids = { .mme_ue_id = ue, .enb_ue_id = 7 },
		.nas = { .data = nas, .len = NASSEC_NAS_HDR_LEN + plen },
	};
	struct nassec_protect_info pi = { .ue_id = ue };
	union {
		char buf[CMSG_SPACE(sizeof(pi)) + CMSG_SPACE(sizeof(struct sctp_sndinfo))];
		struct cmsghdr align;
	} ctrl;
	struct sockaddr_in to;
	struct iovec iov;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	size_t off = 0;
	int len;

	len = s1ap_build_downlink_nas_transport(f->buf, 65536, &m, &off);
	if (len < 0)
		return len;
	iov.iov_base = f->buf;
	iov.iov_len = (size_t)len;
	if (s->role == R_MANY) {
		/* To one of the clients of the one-to-many socket. */
		int k = slot_get(f, 1U << R_CLIENT);

		if (k < 0)
			return -ENOTCONN;
		to = f->sh->slot[k].local;
		slot_put(f, k);
		mh.msg_name = &to;
		mh.msg_namelen = sizeof(to);
	}
	memset(&ctrl, 0, sizeof(ctrl));
	if (fuzz_chance(r, 75)) {
		pi.nas_offset = (uint32_t)off;
		pi.nas_len = (uint32_t)(NASSEC_NAS_HDR_LEN + plen);
		pi.sec_hdr_type = (uint8_t)(1 + fuzz_below(r, 2));
		if (fuzz_chance(r, 10)) {
			switch (fuzz_below(r, 5)) {
			case 0:
				pi.nas_offset = fuzz_u32(r);
				break;
			case 1:
				pi.nas_len = fuzz_u32(r);
				break;
			case 2:
				pi.sec_hdr_type = (uint8_t)fuzz_below(r, 16);
				break;
			case 3:
				pi.reserved[fuzz_below(r, 3)] = 1;
				break;
			case 4:
				pi.sec_hdr_type = 3;
				break;
			}
		}
		mh.msg_control = ctrl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_NASSEC;
		c->cmsg_type = NASSEC_CMSG_PROTECT;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		if (fuzz_chance(r, 3))
			c->cmsg_len -= 1 + fuzz_below(r, 4);
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	}
	return sendmsg(s->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* An S1AP message from the eNB: Uplink NAS Transport, valid or not. */
static int sockfz_send_ul(struct sockfz *f, int i)
{
	struct fuzz_rng *r = &f->r;
	struct sockfz_shared *sh = f->sh;
	uint8_t plain[200], nas[NASSEC_NAS_HDR_LEN + 200];
	uint32_t ue = 1 + fuzz_below(r, SOCK_UES);
	size_t plen = fuzz_plain_nas(r, plain, sizeof(plain)), nlen, off;
	uint32_t count;
	int len;

	pthread_mutex_lock(&sh->table_lock);
	count = sh->ul_count[ue]++;
	pthread_mutex_unlock(&sh->table_lock);
	ue_protect_locked(&sh->ue[ue], (uint8_t)(1 + fuzz_below(r, 2)), count,
			  UE_NAS_DIR_UL, plain, plen, nas);
	nlen = NASSEC_NAS_HDR_LEN + plen;
	if (fuzz_chance(r, 20))
		mutate(r, nas, &nlen, sizeof(nas));
	len = peer_build_uplink(f->buf, 65536, ue, 7, nas, nlen, &off);
	if (len < 0)
		return len;
	/* Sometimes garbage, big messages (partial delivery), other PPIDs. */
	if (fuzz_chance(r, 5)) {
		len = 1 + (int)fuzz_below(r, fuzz_chance(r, 50) ? 300 : 65536);
		fuzz_fill(r, f->buf, (size_t)len);
	} else if (fuzz_chance(r, 5)) {
		size_t mlen = (size_t)len;

		mutate(r, f->buf, &mlen, 65536);
		len = (int)mlen;
	}
	if (fuzz_chance(r, 5)) {
		struct sctp_sndinfo info = { .snd_ppid = htonl(fuzz_below(r, 64)) };
		union {
			char buf[CMSG_SPACE(sizeof(info))];
			struct cmsghdr align;
		} ctrl = { 0 };
		struct iovec iov = { .iov_base = f->buf, .iov_len = (size_t)len };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctrl.buf,
				     .msg_controllen = sizeof(ctrl.buf) };
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

		c->cmsg_level = IPPROTO_SCTP;
		c->cmsg_type = SCTP_SNDINFO;
		c->cmsg_len = CMSG_LEN(sizeof(info));
		memcpy(CMSG_DATA(c), &info, sizeof(info));
		return sendmsg(f->sh->slot[i].fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ?
		       -errno : 0;
	}
	return send(f->sh->slot[i].fd, f->buf, (size_t)len,
		    MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* A receive with a random buffer, control room and flags. */
static int sockfz_recv(struct sockfz *f, int i)
{
	static const size_t caps[] = { 0, 1, 7, 40, 64, 100, 1000, 4096, 65536 };
	static const size_t ctrls[] = { 0, 8, 16, 30, 40, 64, 128, 512 };
	struct fuzz_rng *r = &f->r;
	union {
		char buf[512];
		struct cmsghdr align;
	} ctrl;
	struct iovec iov = { .iov_base = f->buf, .iov_len = fuzz_pick(r, caps) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctrl.buf };
	struct cmsghdr *c;
	int flags = fuzz_chance(r, 70) ? MSG_DONTWAIT : 0;
	ssize_t n;

	mh.msg_controllen = fuzz_chance(r, 80) ? sizeof(ctrl.buf) : fuzz_pick(r, ctrls);
	if (fuzz_chance(r, 10))
		flags |= MSG_PEEK;
	n = recvmsg(f->sh->slot[i].fd, &mh, flags);
	if (n < 0)
		return -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		struct nassec_verdict_info vi;

		if (c->cmsg_level != SOL_NASSEC)
			continue;
		if (c->cmsg_type != NASSEC_CMSG_VERDICT ||
		    c->cmsg_len != CMSG_LEN(sizeof(vi))) {
			fuzz_fail(f->sh->t, "recvmsg: SOL_NASSEC cmsg type %d len %zu",
				  c->cmsg_type, (size_t)c->cmsg_len);
			continue;
		}
		memcpy(&vi, CMSG_DATA(c), sizeof(vi));
		if (vi.verdict < NASSEC_VERDICT_OK || vi.verdict >= __NASSEC_VERDICT_MAX)
			fuzz_fail(f->sh->t, "recvmsg: verdict %u", vi.verdict);
		else if (vi.nas_len &&
			 (uint64_t)vi.nas_offset + vi.nas_len > 65536)
			fuzz_fail(f->sh->t, "recvmsg: NAS-PDU at %u+%u", vi.nas_offset,
				  vi.nas_len);
	}
	return 0;
}

static int sockfz_op(struct sockfz *f)
{
	struct fuzz_rng *r = &f->r;
	struct sockfz_shared *sh = f->sh;
	const unsigned int any = (1U << R_LISTEN) | (1U << R_CHILD) |
				 (1U << R_MANY) | (1U << R_CLIENT) | (1U << R_PEELED);
	const unsigned int mme = (1U << R_CHILD) | (1U << R_MANY) | (1U << R_PEELED);
	struct sock_list_check lc = { .t = sh->t };
	int i, err = 0, fd, v;
	socklen_t vlen = sizeof(v);
	uint64_t id;
	uint8_t kasme[32];
	struct nlc_slot s;

	switch (fuzz_below(r, 20)) {
	case 0:		/* a new eNB association */
		if (fuzz_chance(r, 50))
			fd = peer_connect(SOCK_STREAM, PORT_ONE);
		else
			fd = peer_connect(fuzz_chance(r, 50) ? SOCK_STREAM : SOCK_SEQPACKET,
					  PORT_MANY);
		if (fd < 0)
			return -errno;
		slot_add(f, fd, R_CLIENT, false);
		return 0;
	case 1:
	case 2:		/* accept, racing attach and detach of the listener */
		i = slot_get(f, 1U << R_LISTEN);
		if (i < 0)
			return -ENOENT;
		fd = accept4(sh->slot[i].fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		err = fd < 0 ? -errno : 0;
		slot_put(f, i);
		slot_add(f, fd, R_CHILD, false);
		return err;
	case 3:
	case 4:
		i = slot_get(f, fuzz_chance(r, 90) ? mme | (1U << R_LISTEN) : any);
		if (i < 0)
			return -ENOENT;
		err = sock_attach(&f->nl, sh->slot[i].fd);
		slot_put(f, i);
		return err;
	case 5:
		i = slot_get(f, any);
		if (i < 0)
			return -ENOENT;
		err = sock_detach(&f->nl, sh->slot[i].fd, 0);
		slot_put(f, i);
		return err;
	case 6:		/* by inode, maybe of a socket closed meanwhile */
		pthread_mutex_lock(&sh->table_lock);
		id = sh->stale[fuzz_below(r, STALE_INOS)];
		pthread_mutex_unlock(&sh->table_lock);
		i = fuzz_chance(r, 70) ? slot_get(f, any) : -1;
		if (i >= 0) {
			id = inode_of(sh->slot[i].fd);
			slot_put(f, i);	/* the socket may close before the detach */
		}
		return sock_detach(&f->nl, -1, id);
	case 7:
	case 8:
	case 9:
		i = slot_get(f, mme);
		if (i < 0)
			return -ENOENT;
		err = sockfz_send_dl(f, i);
		slot_put(f, i);
		return err;
	case 10:
	case 11:
		i = slot_get(f, 1U << R_CLIENT);
		if (i < 0)
			return -ENOENT;
		err = sockfz_send_ul(f, i);
		slot_put(f, i);
		return err;
	case 12:
	case 13:
	case 14:
		i = slot_get(f, any);
		if (i < 0)
			return -ENOENT;
		err = sockfz_recv(f, i);
		slot_put(f, i);
		return err;
	case 15:
		if (fuzz_chance(r, 60)) {
			slot_close(f, fuzz_below(r, SLOTS));
			return 0;
		}
		i = slot_get(f, any);
		if (i < 0)
			return -ENOENT;
		err = shutdown(sh->slot[i].fd, fuzz_chance(r, 50) ? SHUT_WR : SHUT_RDWR) ?
		      -errno : 0;
		slot_put(f, i);
		return err;
	case 16:	/* peel an association off the one-to-many socket */
		i = slot_get(f, 1U << R_MANY);
		if (i < 0)
			return -ENOENT;
		{
			struct sctp_assoc_ids *ids = (void *)f->buf;
			sctp_peeloff_arg_t pe = { 0 };
			socklen_t len = 4096;

			err = getsockopt(sh->slot[i].fd, IPPROTO_SCTP,
					 SCTP_GET_ASSOC_ID_LIST, ids, &len) ? -errno : 0;
			if (!err && ids->gaids_number_of_ids) {
				pe.associd = ids->gaids_assoc_id[
					fuzz_below(r, ids->gaids_number_of_ids)];
				len = sizeof(pe);
				err = getsockopt(sh->slot[i].fd, IPPROTO_SCTP,
						 SCTP_SOCKOPT_PEELOFF, &pe, &len) ? -errno : 0;
			}
			slot_put(f, i);
			if (!err && pe.sd > 0)
				slot_add(f, pe.sd, R_PEELED, false);
		}
		return err;
	case 17:	/* socket options the module looks at */
		i = slot_get(f, any);
		if (i < 0)
			return -ENOENT;
		if (fuzz_chance(r, 50)) {
			err = getsockopt(sh->slot[i].fd, SOL_NASSEC, NASSEC_SOCKOPT_STATE,
					 &v, &vlen) ? -errno : 0;
			if (!err && v != NASSEC_SOCK_ATTACHED && v != NASSEC_SOCK_DETACHED)
				fuzz_fail(sh->t, "NASSEC_SOCKOPT_STATE %d", v);
		} else {
			v = fuzz_chance(r, 70) ? 0 : (int)fuzz_below(r, 3);
			err = setsockopt(sh->slot[i].fd, IPPROTO_SCTP,
					 SCTP_FRAGMENT_INTERLEAVE, &v, sizeof(v)) ? -errno : 0;
		}
		slot_put(f, i);
		return err;
	case 18:	/* the contexts change under the traffic */
		v = 1 + (int)fuzz_below(r, SOCK_UES);
		switch (fuzz_below(r, 4)) {
		case 0:
			return ctx_set(&f->nl, (uint32_t)v, NULL, (int)fuzz_below(r, 2),
				       false);
		case 1:
			return nlc_ctx_del(&f->nl, (uint32_t)v);
		default:
			memcpy(kasme, sh->kasme[v], 32);
			s = NLC_SLOT(kasme, 1, 2, 2);
			return nlc_ctx_new(&f->nl, (uint32_t)v, &s, NULL);
		}
	default:
		if (fuzz_chance(r, 70)) {
			err = nlc_dump(&f->nl, NASSEC_CMD_SOCK_LIST, check_sock_entry,
				       &lc, NULL);
			return err;
		}
		/* Listeners back when closed, so accept keeps racing. */
		if (!role_present(f, R_LISTEN))
			slot_add(f, peer_listen(SOCK_STREAM, PORT_ONE), R_LISTEN, false);
		if (!role_present(f, R_MANY))
			slot_add(f, peer_listen(SOCK_SEQPACKET, PORT_MANY), R_MANY, false);
		return 0;
	}
}

static void collect_sock(struct nlattr **tb, void *arg)
{
	struct nlattr *a[NASSEC_SOCK_A_MAX + 1];
	struct id_list *l = arg;

	if (tb[NASSEC_A_SOCK] && l->n < 4096 &&
	    !nla_parse_nested(a, NASSEC_SOCK_A_MAX, tb[NASSEC_A_SOCK], NULL) &&
	    a[NASSEC_SOCK_A_ID])
		l->ids[l->n++] = (uint32_t)nla_get_u64(a[NASSEC_SOCK_A_ID]);
}

/*
 * With the threads stopped: a socket SOCK_ATTACH calls attached already
 * (EEXIST: it is on the module's proto) must be on SOCK_LIST, else it
 * runs the module's wrappers without state, e.g. an accepted socket that
 * raced its listener's attach.
 */
static void check_attach_state(struct sockfz *f)
{
	static const char *const role[] = { "none", "listener", "accepted",
					    "one-to-many", "client", "peeled-off" };
	struct id_list *l = calloc(1, sizeof(*l));
	int err;

	if (!l)
		return;
	err = nlc_dump(&f->nl, NASSEC_CMD_SOCK_LIST, collect_sock, l, NULL);
	for (unsigned int i = 0; !err && i < SLOTS; i++) {
		struct fd_slot *s = &f->sh->slot[i];
		uint32_t ino;
		bool listed = false;

		if (s->fd < 0)
			continue;
		ino = (uint32_t)inode_of(s->fd);
		for (unsigned int k = 0; k < l->n; k++)
			listed |= l->ids[k] == ino;
		err = sock_attach(&f->nl, s->fd);
		if (err == -EEXIST && !listed)
			fuzz_fail(f->sh->t, "%s socket %u: SOCK_ATTACH says attached, SOCK_LIST does not list it",
				  role[s->role], ino);
		if (!err && listed)
			fuzz_fail(f->sh->t, "%s socket %u: listed, yet SOCK_ATTACH attached it again",
				  role[s->role], ino);
		err = 0;
	}
	free(l);
}

static void *sockfz_thread(void *arg)
{
	struct sockfz *f = arg;

	while (now_s() < f->sh->deadline) {
		int err = sockfz_op(f);

		tally_exec(f->sh->t);
		tally_errno(f->sh->t, err);
		if (err == -EIO)
			fuzz_fail(f->sh->t, "a netlink request got no answer");
	}
	return NULL;
}

TEST_F(kfuzz, sctp_sockets_raced_by_threads_leave_nothing_behind)
{
	struct sockfz_shared *sh = calloc(1, sizeof(*sh));
	struct sockfz f[SOCK_THREADS];
	pthread_t th[SOCK_THREADS];
	uint32_t ids[SOCK_UES];

	ASSERT_NE(NULL, sh);
	part_begin(self, PART_SOCK);
	sh->t = &self->t;
	sh->deadline = self->deadline;
	pthread_mutex_init(&sh->table_lock, NULL);
	for (int i = 0; i < SLOTS; i++) {
		pthread_rwlock_init(&sh->slot[i].lock, NULL);
		sh->slot[i].fd = -1;
	}
	for (int u = 1; u <= SOCK_UES; u++) {
		struct fuzz_rng r = fuzz_rng_fork(fuzz_seed, PART_SOCK * 64 + u);
		struct nlc_slot s = NLC_SLOT(sh->kasme[u], 1, 2, 2);

		fuzz_kasme(&r, sh->kasme[u]);
		ASSERT_EQ(0, ue_init_locked(&sh->ue[u], sh->kasme[u], 2, 2));
		ASSERT_EQ(0, nlc_ctx_new(&self->nl, (uint32_t)u, &s, NULL));
		ids[u - 1] = (uint32_t)u;
	}
	for (int i = 0; i < SOCK_THREADS; i++) {
		f[i].r = fuzz_rng_fork(fuzz_seed, PART_SOCK * 16 + i);
		f[i].sh = sh;
		f[i].buf = malloc(65536);
		ASSERT_NE(NULL, f[i].buf);
		ASSERT_EQ(0, nlc_open(&f[i].nl));
	}
	slot_add(&f[0], peer_listen(SOCK_STREAM, PORT_ONE), R_LISTEN, false);
	slot_add(&f[0], peer_listen(SOCK_SEQPACKET, PORT_MANY), R_MANY, false);
	ASSERT_TRUE(role_present(&f[0], R_LISTEN));
	ASSERT_TRUE(role_present(&f[0], R_MANY));

	/* In rounds, each ended by a check of every socket's state. */
	for (int round = 1; round <= SOCK_ROUNDS; round++) {
		sh->deadline = self->start +
			       part_seconds(PART_SOCK) * round / SOCK_ROUNDS;
		for (int i = 0; i < SOCK_THREADS; i++)
			ASSERT_EQ(0, pthread_create(&th[i], NULL, sockfz_thread, &f[i]));
		for (int i = 0; i < SOCK_THREADS; i++)
			pthread_join(th[i], NULL);
		check_attach_state(&f[0]);
	}
	for (int i = 0; i < SLOTS; i++)
		slot_close(&f[0], (unsigned int)i);
	for (int i = 0; i < SOCK_THREADS; i++) {
		nlc_close(&f[i].nl);
		free(f[i].buf);
	}
	check_clean(&self->t, &self->nl, ids, SOCK_UES);
	part_end(self);
	EXPECT_EQ(0, self->t.failures);
	free(sh);
}

/* ==== the end: the module can go ==== */

/* Last in the file, so last to run. */
TEST_F(kfuzz, module_references_come_back_after_the_parts)
{
	long refs = -1;

	if (module_refs_before < 0)
		SKIP(return, "no /sys/module/nassec/refcnt");
	/*
	 * Namespaces are torn down by a workqueue after their last user;
	 * 20 s, within the harness's 30 s for this test.
	 */
	for (int i = 0; i < 200; i++) {
		refs = module_refcnt();
		if (refs == module_refs_before)
			break;
		usleep(100 * 1000);
	}
	EXPECT_EQ(module_refs_before, refs);
}

/*
 * Seed, duration, and each test's harness limit from its share of the
 * duration (the harness's default is 30 s).
 */
static void __attribute__((constructor)) kfuzz_config(void)
{
	const char *s = getenv("NASSEC_FUZZ_SEED");
	const char *d = getenv("NASSEC_FUZZ_SECONDS");

	if (s && *s)
		fuzz_seed = strtoull(s, NULL, 0);
	else
		fuzz_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (d && *d && atoi(d) > 0)
		fuzz_seconds = (unsigned int)atoi(d);
	module_refs_before = module_refcnt();

	/* Setup and the checks after a part can take a while under KASAN. */
#define PART_LIMIT(part) ((int)(part_seconds(part) + 90))
	_kfuzz_netlink_requests_get_well_formed_answers_object.timeout =
		PART_LIMIT(PART_NETLINK);
	_kfuzz_ctx_operations_race_and_keep_their_invariants_object.timeout =
		PART_LIMIT(PART_CTX);
	_kfuzz_pdus_protected_and_checked_by_random_and_mutated_input_object.timeout =
		PART_LIMIT(PART_PDU);
	_kfuzz_sctp_sockets_raced_by_threads_leave_nothing_behind_object.timeout =
		PART_LIMIT(PART_SOCK);
}

TEST_HARNESS_MAIN
