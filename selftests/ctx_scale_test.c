// SPDX-License-Identifier: GPL-2.0
/*
 * A million UE contexts in one namespace: created, each looked up once,
 * dumped, deleted; the memory per context reported from /proc/slabinfo.
 * Requests are pipelined (many per sendmsg, no ACK unless an error) so the
 * run measures the module rather than round trips. NASSEC_SCALE_CONTEXTS
 * overrides the count.
 */
// nassec-ldlibs: -lnl-genl-3 -lnl-3
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nassec_client.h"

#define BATCH 256

struct slab {
	unsigned long active, total, objsize, slabs, pages_per_slab;
	bool found;
};

static struct slab slabinfo(void)
{
	struct slab s = { 0 };
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512];

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long per_slab, tunables[3], active_slabs;

		if (strncmp(line, "nassec_ctx ", 11))
			continue;
		/* name active total objsize objperslab pagesperslab :
		 * tunables l b s : slabdata active_slabs num_slabs s */
		if (sscanf(line + 11,
			   "%lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu",
			   &s.active, &s.total, &s.objsize, &per_slab,
			   &s.pages_per_slab, &tunables[0], &tunables[1],
			   &tunables[2], &active_slabs, &s.slabs) == 10)
			s.found = true;
	}
	if (f)
		fclose(f);
	return s;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Appends the request in m (freed) to buf without asking for an ACK. */
static size_t append(uint8_t *buf, size_t off, struct nl_msg *m, uint32_t seq)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);

	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	memcpy(buf + off, nlh, nlh->nlmsg_len);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	nlmsg_free(m);
	return off;
}

/*
 * Reads answers until the one with seq 'last': counts error messages with
 * a nonzero error and replies whose UE id is marked in 'want'.
 */
static int drain(int fd, uint32_t last, unsigned char *want,
		 unsigned int *errors, unsigned int *replies)
{
	static uint8_t rbuf[1 << 20];

	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *nlh;
		int len = (int)n;

		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error)
					(*errors)++;
				if (nlh->nlmsg_seq == last)
					return 0;
				continue;
			}
			if (replies) {
				struct nlattr *tb[NASSEC_A_MAX + 1];
				uint32_t ue;

				if (genlmsg_parse(nlh, 0, tb, NASSEC_A_MAX, NULL) ||
				    !tb[NASSEC_A_UE_ID])
					continue;
				ue = nla_get_u32(tb[NASSEC_A_UE_ID]);
				if (want[ue] == 1) {
					want[ue] = 2;
					(*replies)++;
				}
			}
		}
	}
}

/* A request with an ACK and seq 'seq' that ends a pipelined batch. */
static size_t append_sync(struct nlc *c, uint8_t *buf, size_t off,
			  uint32_t seq)
{
	struct nl_msg *m = nlc_msg(c, NASSEC_CMD_STATS_GET);
	size_t end = append(buf, off, m, seq);

	((struct nlmsghdr *)(buf + off))->nlmsg_flags =
		NLM_F_REQUEST | NLM_F_ACK;
	return end;
}

enum op { OP_NEW, OP_GET, OP_DEL };

/* Runs op for UE ids 1..n; returns the errors the kernel reported. */
static unsigned int run(struct nlc *c, enum op op, unsigned int n,
			unsigned char *want, unsigned int *replies)
{
	static uint8_t kasme[32] = { 1, 2, 3 };
	static uint8_t buf[BATCH * 256 + 256];
	static const uint8_t cmds[] = { NASSEC_CMD_CTX_NEW, NASSEC_CMD_CTX_GET,
					NASSEC_CMD_CTX_DEL };
	int fd = nl_socket_get_fd(c->sk);
	unsigned int ue = 1, errors = 0, i;
	uint32_t seq = 1;

	while (ue <= n) {
		size_t off = 0;

		for (i = 0; i < BATCH && ue <= n; i++, ue++) {
			struct nl_msg *m = nlc_msg(c, cmds[op]);

			nla_put_u32(m, NASSEC_A_UE_ID, ue);
			if (op == OP_NEW) {
				struct nlc_slot cur = NLC_SLOT(kasme, 1, 2, 2);

				kasme[31] = (uint8_t)ue;
				nlc_put_slot(m, NASSEC_A_SLOT_CUR, &cur);
			}
			off = append(buf, off, m, seq++);
		}
		off = append_sync(c, buf, off, seq);
		if (send(fd, buf, off, 0) != (ssize_t)off ||
		    drain(fd, seq, want, &errors, replies))
			return ~0u;
		seq++;
	}
	return errors;
}

static void dump_count(struct nlattr **tb, void *arg)
{
	unsigned char *seen = arg;
	uint32_t ue;

	if (!tb[NASSEC_A_UE_ID])
		return;
	ue = nla_get_u32(tb[NASSEC_A_UE_ID]);
	seen[ue]++;
}

FIXTURE(scale) {
	int unused;
};

FIXTURE_SETUP(scale)
{
}

FIXTURE_TEARDOWN(scale)
{
}

/* Under TCG this takes minutes; the harness default is 30 s. */
TEST_F_TIMEOUT(scale, a_million_contexts_are_created_found_dumped_and_deleted,
	       900)
{
	const char *env = getenv("NASSEC_SCALE_CONTEXTS");
	unsigned int n = env ? (unsigned int)atoi(env) : 1000000;
	unsigned int replies = 0, i, once = 0;
	unsigned char *want, *seen;
	struct nlc_ns_stats ns;
	struct slab before, full, after;
	double t0, t_new, t_get, t_dump, t_del;
	struct nlc c;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&c));
	want = calloc(n + 1, 1);
	seen = calloc(n + 1, 1);
	ASSERT_NE(NULL, want);
	ASSERT_NE(NULL, seen);
	before = slabinfo();
	ASSERT_TRUE(before.found);

	t0 = now_s();
	ASSERT_EQ(0u, run(&c, OP_NEW, n, NULL, NULL));
	t_new = now_s() - t0;
	ksft_print_msg("created %u contexts in %.1fs\n", n, t_new);
	ASSERT_EQ(0, nlc_stats(&c, &ns));
	ASSERT_EQ(n, ns.ctx_count);
	full = slabinfo();

	memset(want + 1, 1, n);
	t0 = now_s();
	ASSERT_EQ(0u, run(&c, OP_GET, n, want, &replies));
	t_get = now_s() - t0;
	ksft_print_msg("looked up %u contexts in %.1fs\n", n, t_get);
	EXPECT_EQ(n, replies);

	t0 = now_s();
	ASSERT_EQ(0, nlc_dump(&c, NASSEC_CMD_CTX_GET, dump_count, seen, NULL));
	t_dump = now_s() - t0;
	for (i = 1; i <= n; i++)
		once += seen[i] == 1;
	EXPECT_EQ(n, once);

	t0 = now_s();
	ASSERT_EQ(0u, run(&c, OP_DEL, n, NULL, NULL));
	t_del = now_s() - t0;
	ASSERT_EQ(0, nlc_stats(&c, &ns));
	EXPECT_EQ(0u, ns.ctx_count);
	sleep(2);	/* RCU-deferred frees */
	after = slabinfo();

	ksft_print_msg("%u contexts: create %.1fs (%.0f/s), lookup %.1fs (%.0f/s), dump %.1fs, delete %.1fs (%.0f/s) (test VM: TCG unless NASSEC_KVM=1)\n",
		       n, t_new, n / t_new, t_get, n / t_get, t_dump, t_del,
		       n / t_del);
	ksft_print_msg("slab nassec_ctx: object size %lu bytes; with %u contexts %lu objects in %lu slabs of %lu pages = %.1f bytes per context incl. slab overhead (the rhashtable's bucket array is extra)\n",
		       full.objsize, n, full.total, full.slabs,
		       full.pages_per_slab,
		       (double)(full.slabs - before.slabs) * full.pages_per_slab *
		       getpagesize() / n);
	ksft_print_msg("slab nassec_ctx after deleting all: %lu active objects, %lu slabs\n",
		       after.active, after.slabs);
	EXPECT_GE(256ul, full.objsize);
	EXPECT_LE(n, full.active - before.active);
	EXPECT_GT(n / 100 + 1000, after.active);
	free(want);
	free(seen);
	nlc_close(&c);
}

TEST_HARNESS_MAIN
