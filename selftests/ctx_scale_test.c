// SPDX-License-Identifier: GPL-2.0
/*
 * A million UE contexts in a fresh network namespace: created, all found
 * by one dump (each UE id exactly once, every field checked), a random
 * sample looked up one by one, deleted; the memory per context reported
 * from /proc/slabinfo and /proc/vmallocinfo (the rhashtable's buckets).
 *
 * The bulk phases write raw netlink messages, many per sendmsg and no ACK
 * but the last of a batch (errors are always answered), from one thread
 * and socket per CPU on disjoint UE id ranges. Building each request with
 * libnl (a zeroed 64 KiB message) cost more than the kernel's work under
 * TCG, where the test VM runs.
 *
 * NASSEC_SCALE_CONTEXTS changes the number (default 1,000,000).
 */
// nassec-ldlibs: -lnl-genl-3 -lnl-3 -lpthread
// nassec-timeout: 420
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nassec_client.h"

#define BATCH		256	/* requests per sendmsg */
#define REQ_MAX		128	/* octets of the largest request (CTX_NEW: 92) */
#define SAMPLE		10000	/* individual GETs */
#define MAX_WORKERS	8

struct slab {
	unsigned long active, total, objsize, per_slab, slabs, pages_per_slab;
	bool found;
};

static struct slab slabinfo(void)
{
	struct slab s = { 0 };
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512];

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long tunables[3], active_slabs;

		if (strncmp(line, "nassec_ctx ", 11))
			continue;
		/* name active total objsize objperslab pagesperslab :
		 * tunables l b s : slabdata active_slabs num_slabs s */
		if (sscanf(line + 11,
			   "%lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu",
			   &s.active, &s.total, &s.objsize, &s.per_slab,
			   &s.pages_per_slab, &tunables[0], &tunables[1],
			   &tunables[2], &active_slabs, &s.slabs) == 10)
			s.found = true;
	}
	if (f)
		fclose(f);
	return s;
}

/* Octets vmalloc'ed for rhashtable bucket arrays, all tables together. */
static unsigned long rhashtable_buckets_bytes(void)
{
	FILE *f = fopen("/proc/vmallocinfo", "r");
	unsigned long sum = 0, size;
	char line[512];

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "bucket_table_alloc") &&
		    sscanf(line, "%*s %lu", &size) == 1)
			sum += size;
	if (f)
		fclose(f);
	return sum;
}

/* SLUB's per-CPU partial list length for the cache (objects), if shown. */
static unsigned long slab_cpu_partial(void)
{
	FILE *f = fopen("/sys/kernel/slab/nassec_ctx/cpu_partial", "r");
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

/* What CTX_NEW loads for a UE id, so every reply can be checked. */
static uint8_t ue_eksi(uint32_t ue) { return ue % 7; }
static uint8_t ue_eia(uint32_t ue) { return 1 + ue % 3; }
static uint8_t ue_eea(uint32_t ue) { return ue % 4; }

static void ue_kasme(uint32_t ue, uint8_t kasme[NASSEC_KASME_LEN])
{
	int i;

	for (i = 0; i < NASSEC_KASME_LEN; i++)
		kasme[i] = (uint8_t)(ue >> (8 * (i % 4))) ^ (uint8_t)(i * 37);
}

/* Raw netlink encoding: one request at a time into a batch buffer. */
struct req {
	uint8_t *buf;
	size_t off, start, nest;
};

static void req_start(struct req *r, int family, uint8_t cmd, uint16_t flags,
		      uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(r->buf + r->off);
	struct genlmsghdr *gh = (struct genlmsghdr *)(nlh + 1);

	r->start = r->off;
	nlh->nlmsg_type = (uint16_t)family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	gh->cmd = cmd;
	gh->version = NASSEC_GENL_VERSION;
	gh->reserved = 0;
	r->off += NLMSG_HDRLEN + GENL_HDRLEN;
}

static void req_attr(struct req *r, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->off);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(a + 1, data, len);
	memset((uint8_t *)(a + 1) + len, 0, NLA_ALIGN(len) - len);
	r->off += NLA_HDRLEN + NLA_ALIGN(len);
}

static void req_u8(struct req *r, uint16_t type, uint8_t v)
{
	req_attr(r, type, &v, 1);
}

static void req_nest_start(struct req *r, uint16_t type)
{
	r->nest = r->off;
	req_attr(r, type | NLA_F_NESTED, NULL, 0);
}

static void req_nest_end(struct req *r)
{
	((struct nlattr *)(r->buf + r->nest))->nla_len = r->off - r->nest;
}

static void req_end(struct req *r)
{
	((struct nlmsghdr *)(r->buf + r->start))->nlmsg_len = r->off - r->start;
}

enum op { OP_NEW, OP_GET, OP_DEL };

static void req_op(struct req *r, int family, enum op op, uint32_t ue,
		   uint16_t flags, uint32_t seq)
{
	static const uint8_t cmds[] = { NASSEC_CMD_CTX_NEW, NASSEC_CMD_CTX_GET,
					NASSEC_CMD_CTX_DEL };
	uint8_t kasme[NASSEC_KASME_LEN];

	req_start(r, family, cmds[op], flags, seq);
	req_attr(r, NASSEC_A_UE_ID, &ue, sizeof(ue));
	if (op == OP_NEW) {
		ue_kasme(ue, kasme);
		req_nest_start(r, NASSEC_A_SLOT_CUR);
		req_attr(r, NASSEC_SLOT_A_KASME, kasme, sizeof(kasme));
		req_u8(r, NASSEC_SLOT_A_EKSI, ue_eksi(ue));
		req_u8(r, NASSEC_SLOT_A_EIA, ue_eia(ue));
		req_u8(r, NASSEC_SLOT_A_EEA, ue_eea(ue));
		req_nest_end(r);
	}
	req_end(r);
}

/*
 * A CTX_GET reply (single or dump) matches what CTX_NEW loaded for its UE
 * id: flags, eKSI, algorithms, fresh COUNTs. Returns the UE id, 0 if not.
 */
static uint32_t ctx_reply_ok(struct nlmsghdr *nlh, uint32_t max_ue)
{
	struct nlattr *tb[NASSEC_A_MAX + 1], *slot[NASSEC_SLOT_A_MAX + 1];
	uint32_t ue;

	if (genlmsg_parse(nlh, 0, tb, NASSEC_A_MAX, NULL) ||
	    !tb[NASSEC_A_UE_ID] || !tb[NASSEC_A_CTX_FLAGS] ||
	    !tb[NASSEC_A_SLOT_CUR] || tb[NASSEC_A_SLOT_NEW] ||
	    nla_parse_nested(slot, NASSEC_SLOT_A_MAX, tb[NASSEC_A_SLOT_CUR],
			     NULL))
		return 0;
	ue = nla_get_u32(tb[NASSEC_A_UE_ID]);
	if (!ue || ue > max_ue ||
	    nla_get_u32(tb[NASSEC_A_CTX_FLAGS]) != NASSEC_CTX_F_CUR_SLOT ||
	    slot[NASSEC_SLOT_A_KASME] || !slot[NASSEC_SLOT_A_EKSI] ||
	    !slot[NASSEC_SLOT_A_EIA] || !slot[NASSEC_SLOT_A_EEA] ||
	    !slot[NASSEC_SLOT_A_UL_COUNT] || !slot[NASSEC_SLOT_A_DL_COUNT] ||
	    nla_get_u8(slot[NASSEC_SLOT_A_EKSI]) != ue_eksi(ue) ||
	    nla_get_u8(slot[NASSEC_SLOT_A_EIA]) != ue_eia(ue) ||
	    nla_get_u8(slot[NASSEC_SLOT_A_EEA]) != ue_eea(ue) ||
	    nla_get_u32(slot[NASSEC_SLOT_A_UL_COUNT]) != 0 ||
	    nla_get_u32(slot[NASSEC_SLOT_A_DL_COUNT]) != 0)
		return 0;
	return ue;
}

/* One thread's share of a phase: its own socket, its own UE ids. */
struct worker {
	pthread_t thread;
	struct nlc c;
	int fd;
	enum op op;
	const uint32_t *ues;	/* the UE ids to work on */
	unsigned int n;
	uint32_t max_ue;
	unsigned char *seen;	/* OP_GET: replies per UE id (capped at 2) */
	uint8_t *buf, *rbuf;
	/* results */
	unsigned int errors, replies, bad_replies;
	int fail;		/* -errno of a socket error */
};

#define RBUF_LEN (1 << 20)

/*
 * Reads answers until the one to 'last': counts nonzero error messages and
 * checks replies.
 */
static int drain(struct worker *w, uint32_t last)
{
	for (;;) {
		ssize_t n = recv(w->fd, w->rbuf, RBUF_LEN, 0);
		size_t off, len = (size_t)n;
		struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		/* NLMSG_OK() mixes signedness: walk by hand. */
		for (off = 0; off + sizeof(*nlh) <= len;
		     off += NLMSG_ALIGN(nlh->nlmsg_len)) {
			nlh = (struct nlmsghdr *)(w->rbuf + off);
			if (nlh->nlmsg_len < sizeof(*nlh) ||
			    nlh->nlmsg_len > len - off)
				break;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error)
					w->errors++;
				if (nlh->nlmsg_seq == last)
					return 0;
			} else if (w->seen) {
				uint32_t ue = ctx_reply_ok(nlh, w->max_ue);

				if (!ue) {
					w->bad_replies++;
					continue;
				}
				w->replies++;
				if (w->seen[ue] < 2)
					w->seen[ue]++;
			}
		}
	}
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	unsigned int i = 0, k;
	uint32_t seq = 1;

	while (i < w->n) {
		struct req r = { .buf = w->buf };

		for (k = 0; k < BATCH && i < w->n; k++, i++) {
			/* Only the last of a batch asks for an ACK. */
			bool last = k == BATCH - 1 || i == w->n - 1;

			req_op(&r, w->c.family, w->op, w->ues[i],
			       last ? NLM_F_ACK : 0, seq++);
		}
		if (send(w->fd, w->buf, r.off, 0) != (ssize_t)r.off) {
			w->fail = -errno;
			break;
		}
		w->fail = drain(w, seq - 1);
		if (w->fail)
			break;
	}
	return NULL;
}

/*
 * Runs op on ues[0..n) split over nw workers; the sums of their results
 * into *total. Returns the seconds it took, or -1 on a socket error.
 */
static double run_phase(struct worker *w, unsigned int nw, enum op op,
			const uint32_t *ues, unsigned int n,
			unsigned char *seen, struct worker *total)
{
	double t0 = now_s();
	unsigned int i;

	memset(total, 0, sizeof(*total));
	for (i = 0; i < nw; i++) {
		w[i].op = op;
		w[i].ues = ues + (size_t)n * i / nw;
		w[i].n = (unsigned int)((size_t)n * (i + 1) / nw -
					(size_t)n * i / nw);
		w[i].seen = seen;
		w[i].errors = w[i].replies = w[i].bad_replies = 0;
		w[i].fail = 0;
		if (pthread_create(&w[i].thread, NULL, worker_run, &w[i]))
			return -1;
	}
	for (i = 0; i < nw; i++) {
		pthread_join(w[i].thread, NULL);
		total->errors += w[i].errors;
		total->replies += w[i].replies;
		total->bad_replies += w[i].bad_replies;
		if (w[i].fail)
			total->fail = w[i].fail;
	}
	return total->fail ? -1 : now_s() - t0;
}

/*
 * The whole table by one dump: seen[ue] counts each UE id (capped at 2);
 * *bad the replies that do not match. Returns the number of replies.
 */
static long dump_all(struct worker *w, unsigned char *seen, uint32_t max_ue,
		     unsigned int *bad)
{
	struct req r = { .buf = w->buf };
	long replies = 0;

	req_start(&r, w->c.family, NASSEC_CMD_CTX_GET, NLM_F_DUMP, 1);
	req_end(&r);
	if (send(w->fd, w->buf, r.off, 0) != (ssize_t)r.off)
		return -errno;
	for (;;) {
		ssize_t n = recv(w->fd, w->rbuf, RBUF_LEN, 0);
		size_t off, len = (size_t)n;
		struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		for (off = 0; off + sizeof(*nlh) <= len;
		     off += NLMSG_ALIGN(nlh->nlmsg_len)) {
			uint32_t ue;

			nlh = (struct nlmsghdr *)(w->rbuf + off);
			if (nlh->nlmsg_len < sizeof(*nlh) ||
			    nlh->nlmsg_len > len - off)
				break;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return replies;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error ?: -EPROTO;
			replies++;
			ue = ctx_reply_ok(nlh, max_ue);
			if (!ue)
				(*bad)++;
			else if (seen[ue] < 2)
				seen[ue]++;
		}
	}
}

static unsigned int count_value(const unsigned char *seen, uint32_t n,
				unsigned char v)
{
	unsigned int i, c = 0;

	for (i = 1; i <= n; i++)
		c += seen[i] == v;
	return c;
}

static void rate_msg(const char *what, unsigned int n, double secs)
{
	ksft_print_msg("%-7s %8u in %6.1fs = %7.0f/s\n", what, n, secs,
		       secs > 0 ? n / secs : 0);
}

FIXTURE(scale) {
	struct worker w[MAX_WORKERS];
	unsigned int nw;
	uint32_t *ues;
	unsigned char *seen;
};

FIXTURE_SETUP(scale)
{
	unsigned int i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int rcvbuf = 8 << 20;

	/* Its own namespace: other programs' contexts are not counted. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	self->nw = cpus < 1 ? 1 : cpus > MAX_WORKERS ? MAX_WORKERS :
		(unsigned int)cpus;
	for (i = 0; i < self->nw; i++) {
		struct worker *w = &self->w[i];

		ASSERT_EQ(0, nlc_open(&w->c));
		w->fd = nl_socket_get_fd(w->c.sk);
		/* Root in the VM: past rmem_max, room for a batch of replies. */
		setsockopt(w->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			   sizeof(rcvbuf));
		w->buf = malloc(BATCH * REQ_MAX);
		w->rbuf = malloc(RBUF_LEN);
		ASSERT_NE(NULL, w->buf);
		ASSERT_NE(NULL, w->rbuf);
	}
}

FIXTURE_TEARDOWN(scale)
{
	unsigned int i;

	for (i = 0; i < self->nw; i++) {
		nlc_close(&self->w[i].c);
		free(self->w[i].buf);
		free(self->w[i].rbuf);
	}
	free(self->ues);
	free(self->seen);
}

/* The debug test kernel (selftests/vm/kdebug.config) has /proc/config.gz. */
static bool kernel_has_kasan(void)
{
	return system("zgrep -qx CONFIG_KASAN=y /proc/config.gz 2>/dev/null") == 0;
}

/* The runner's limit for this program is set by its nassec-timeout line. */
TEST_F_TIMEOUT(scale, a_million_contexts_are_created_found_dumped_and_deleted,
	       900)
{
	const char *env = getenv("NASSEC_SCALE_CONTEXTS");
	uint32_t n = env ? (uint32_t)strtoul(env, NULL, 0) : 1000000;
	unsigned int sample = n < SAMPLE ? n : SAMPLE, bad = 0, i, slack;
	unsigned long buckets_before, buckets_full, buckets_est, partial_slabs;
	struct slab before, full, after;
	struct worker sum;
	struct nlc_ns_stats ns;
	double t_new, t_dump, t_get, t_del, t0, t_free;
	bool kasan;
	long dumped;

	ASSERT_LT(0u, n);
	self->ues = malloc(sizeof(*self->ues) * n);
	self->seen = calloc((size_t)n + 1, 1);
	ASSERT_NE(NULL, self->ues);
	ASSERT_NE(NULL, self->seen);
	for (i = 0; i < n; i++)
		self->ues[i] = i + 1;
	for (i = 0; i < self->nw; i++)
		self->w[i].max_ue = n;
	ASSERT_EQ(0, nlc_stats(&self->w[0].c, &ns));
	ASSERT_EQ(0u, ns.ctx_count);
	ASSERT_LE(n, ns.max_ctx);
	before = slabinfo();
	ASSERT_TRUE(before.found);
	buckets_before = rhashtable_buckets_bytes();
	ksft_print_msg("%u contexts, %u threads with a socket each, %d requests per sendmsg (test VM: TCG unless NASSEC_KVM=1)\n",
		       n, self->nw, BATCH);

	/* Create: ids 1..n in order, each thread a contiguous range. */
	t_new = run_phase(self->w, self->nw, OP_NEW, self->ues, n, NULL, &sum);
	ASSERT_LE(0, t_new);
	EXPECT_EQ(0u, sum.errors);
	rate_msg("create", n, t_new);
	ASSERT_EQ(0, nlc_stats(&self->w[0].c, &ns));
	ASSERT_EQ(n, ns.ctx_count);
	full = slabinfo();
	/* The table grows in a worker after inserts: let it finish. */
	usleep(500000);
	buckets_full = rhashtable_buckets_bytes();

	/* Every context by one dump: each UE id exactly once, fields right. */
	t0 = now_s();
	dumped = dump_all(&self->w[0], self->seen, n, &bad);
	t_dump = now_s() - t0;
	ASSERT_LE(0, dumped);
	rate_msg("dump", (unsigned int)dumped, t_dump);
	EXPECT_EQ(n, (uint32_t)dumped);
	EXPECT_EQ(0u, bad);
	EXPECT_EQ(n, count_value(self->seen, n, 1));

	/* A random sample looked up one by one (Fisher-Yates prefix). */
	srandom((unsigned int)time(NULL));
	for (i = 0; i < sample; i++) {
		uint32_t j = i + (uint32_t)random() % (n - i), t = self->ues[i];

		self->ues[i] = self->ues[j];
		self->ues[j] = t;
	}
	memset(self->seen, 0, (size_t)n + 1);
	t_get = run_phase(self->w, self->nw, OP_GET, self->ues, sample,
			  self->seen, &sum);
	ASSERT_LE(0, t_get);
	rate_msg("lookup", sample, t_get);
	EXPECT_EQ(0u, sum.errors);
	EXPECT_EQ(0u, sum.bad_replies);
	EXPECT_EQ(sample, sum.replies);
	EXPECT_EQ(sample, count_value(self->seen, n, 1));

	/* Delete all, in a different order than created (the shuffle). */
	t_del = run_phase(self->w, self->nw, OP_DEL, self->ues, n, NULL, &sum);
	ASSERT_LE(0, t_del);
	rate_msg("delete", n, t_del);
	EXPECT_EQ(0u, sum.errors);
	ASSERT_EQ(0, nlc_stats(&self->w[0].c, &ns));
	EXPECT_EQ(0u, ns.ctx_count);

	/*
	 * Frees follow an RCU grace period. SLUB counts every object of the
	 * per-CPU slab and of the slabs on the per-CPU partial list as
	 * active, free or not; that list takes up to 2 * cpu_partial / (objects
	 * per slab) slabs, one more before it is drained. So "back to the
	 * baseline" allows per CPU that many slabs plus the CPU slab.
	 */
	partial_slabs = (2 * (slab_cpu_partial() ?: 30) + full.per_slab - 1) /
		full.per_slab + 1;
	slack = self->nw * (unsigned int)((1 + partial_slabs) * full.per_slab);
	/* KASAN's quarantine holds freed objects back from the slab. */
	kasan = kernel_has_kasan();
	t0 = now_s();
	do {
		usleep(200000);
		after = slabinfo();
	} while (!kasan && after.active > before.active + slack &&
		 now_s() - t0 < 60);
	t_free = now_s() - t0;

	ksft_print_msg("slab nassec_ctx: object size %lu octets, %lu per slab of %lu page(s); %u contexts took %lu slabs = %.1f octets per context\n",
		       full.objsize, full.per_slab, full.pages_per_slab, n,
		       full.slabs - before.slabs,
		       (double)(full.slabs - before.slabs) *
		       full.pages_per_slab * getpagesize() / n);
	/* Buckets are pointers; the table grows at 75% load (x2). */
	for (buckets_est = 1; buckets_est * 3 / 4 < n; buckets_est *= 2)
		;
	ksft_print_msg("rhashtable buckets: %lu octets measured (vmallocinfo), %lu expected (%lu buckets of 8), %.1f octets per context\n",
		       buckets_full - buckets_before, buckets_est * 8,
		       buckets_est, (double)(buckets_full - buckets_before) / n);
	ksft_print_msg("total about %.1f octets per context (slab + buckets)\n",
		       ((double)(full.slabs - before.slabs) *
			full.pages_per_slab * getpagesize() +
			(double)(buckets_full - buckets_before)) / n);
	ksft_print_msg("slab nassec_ctx active objects: %lu before, %lu with all, %lu %.1fs after deleting (allowed: before + %u for per-CPU caches)\n",
		       before.active, full.active, after.active, t_free, slack);
	/* The debug kernel's SLUB red zones and tracking make objects larger. */
	if (!kasan)
		EXPECT_GE(256ul, full.objsize);
	/*
	 * Not "full - before >= n": contexts of namespaces that earlier
	 * programs left are freed in the background, during this test too.
	 * The namespace's CTX_COUNT said n above.
	 */
	EXPECT_LE(n, full.active);
	if (kasan)
		ksft_print_msg("debug kernel: object size and slab return not checked (KASAN quarantine, SLUB debug)\n");
	else
		EXPECT_GE(before.active + slack, after.active);
}

TEST_HARNESS_MAIN
