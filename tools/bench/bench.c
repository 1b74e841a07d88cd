// SPDX-License-Identifier: GPL-2.0
/*
 * ns per NAS message for 128-EEA1, EIA1, EEA3 and EIA3: the nassec cores
 * (kmod/snow3g.c, kmod/zuc.c, built as the module builds them) against
 * Intel ipsec-mb's single-buffer calls, in one run. Every message has a
 * new COUNT, so each call does the whole per-message work: IV, key loading,
 * 32 initialisation rounds, keystream, MAC. ipsec-mb's SNOW 3G key schedule
 * depends on the key only (once per UE key), so it is timed on its own line.
 * Before timing, both sides must give identical output for every size.
 */
#include <intel-ipsec-mb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "snow3g.h"
#include "zuc.h"

#define REPS 31
#define MAX_LEN 1500

enum alg { EEA1, EIA1, EEA3, EIA3, NALGS };

static const char *const alg_name[NALGS] = { "EEA1", "EIA1", "EEA3", "EIA3" };
static const size_t sizes[] = { 32, 64, 256, 1500 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

struct bench {
	IMB_MGR *mgr;
	snow3g_key_schedule_t sched;
	u8 key[16];
	u8 bearer, dir;
	u8 in[MAX_LEN];
	u8 out[MAX_LEN];
	u32 mac;
};

static volatile u32 sink;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The IVs ipsec-mb wants (TS 35.215 / 35.221 layouts, big-endian octets). */
static void iv_snow3g_f8(u8 iv[16], u32 count, u8 bearer, u8 dir)
{
	u32 w = (u32)bearer << 27 | (u32)(dir & 1) << 26;

	nassec_put_be32(iv, count);
	nassec_put_be32(iv + 4, w);
	nassec_put_be32(iv + 8, count);
	nassec_put_be32(iv + 12, w);
}

static void iv_snow3g_f9(u8 iv[16], u32 count, u32 fresh, u8 dir)
{
	nassec_put_be32(iv, count);
	nassec_put_be32(iv + 4, fresh);
	nassec_put_be32(iv + 8, count ^ (u32)(dir & 1) << 31);
	nassec_put_be32(iv + 12, fresh ^ (u32)(dir & 1) << 15);
}

static void iv_zuc(u8 iv[16], u32 count, u8 bearer, u8 dir, int eia)
{
	memset(iv, 0, 16);
	nassec_put_be32(iv, count);
	iv[4] = (u8)(bearer << 3 | (eia ? 0 : (dir & 1) << 2));
	memcpy(iv + 8, iv, 8);
	if (eia) {
		iv[8] ^= (u8)((dir & 1) << 7);
		iv[14] ^= (u8)((dir & 1) << 7);
	}
}

static void run_ours(struct bench *b, enum alg a, size_t len, u32 count, unsigned int n)
{
	u32 acc = 0;

	for (; n; n--, count++) {
		switch (a) {
		case EEA1:
			snow3g_eea1(b->key, count, b->bearer, b->dir, b->out, b->in, len * 8);
			break;
		case EIA1:
			acc ^= snow3g_eia1(b->key, count, b->bearer, b->dir, b->in, len * 8);
			break;
		case EEA3:
			zuc_eea3(b->key, count, b->bearer, b->dir, b->out, b->in, len * 8);
			break;
		default:
			acc ^= zuc_eia3(b->key, count, b->bearer, b->dir, b->in, len * 8);
			break;
		}
	}
	b->mac = acc;
	sink ^= acc ^ b->out[0];
}

static void run_ipsec(struct bench *b, enum alg a, size_t len, u32 count, unsigned int n)
{
	u32 acc = 0, tag;
	u8 iv[16];

	for (; n; n--, count++) {
		switch (a) {
		case EEA1:
			iv_snow3g_f8(iv, count, b->bearer, b->dir);
			IMB_SNOW3G_F8_1_BUFFER(b->mgr, &b->sched, iv, b->in, b->out, len);
			break;
		case EIA1:
			iv_snow3g_f9(iv, count, (u32)b->bearer << 27, b->dir);
			IMB_SNOW3G_F9_1_BUFFER(b->mgr, &b->sched, iv, b->in, len * 8, &tag);
			acc ^= __builtin_bswap32(tag);
			break;
		case EEA3:
			iv_zuc(iv, count, b->bearer, b->dir, 0);
			IMB_ZUC_EEA3_1_BUFFER(b->mgr, b->key, iv, b->in, b->out, len);
			break;
		default:
			iv_zuc(iv, count, b->bearer, b->dir, 1);
			IMB_ZUC_EIA3_1_BUFFER(b->mgr, b->key, iv, b->in, len * 8, &tag);
			acc ^= __builtin_bswap32(tag);
			break;
		}
	}
	b->mac = acc;
	sink ^= acc ^ b->out[0];
}

static void die(const char *fmt, const char *alg, size_t len, u32 count)
{
	fprintf(stderr, "bench: ");
	fprintf(stderr, fmt, alg, len, count);
	fputc('\n', stderr);
	exit(1);
}

/* Our IVs equal ipsec-mb's generators', and both sides give the same output. */
static void cross_check(struct bench *b)
{
	u8 ours[MAX_LEN], mine[16], theirs[16];
	u32 count, our_mac;
	size_t s;
	int a;

	for (count = 0; count < 64; count++) {
		iv_snow3g_f8(mine, count * 0x9e3779b9, b->bearer, b->dir);
		snow3g_f8_iv_gen(count * 0x9e3779b9, b->bearer, b->dir, theirs);
		if (memcmp(mine, theirs, 16))
			die("%s IV differs from snow3g_f8_iv_gen (%zu, %u)", "EEA1", 0, count);
		iv_snow3g_f9(mine, count * 0x9e3779b9, (u32)b->bearer << 27, b->dir);
		snow3g_f9_iv_gen(count * 0x9e3779b9, (u32)b->bearer << 27, b->dir, theirs);
		if (memcmp(mine, theirs, 16))
			die("%s IV differs from snow3g_f9_iv_gen (%zu, %u)", "EIA1", 0, count);
		iv_zuc(mine, count * 0x9e3779b9, b->bearer, b->dir, 0);
		zuc_eea3_iv_gen(count * 0x9e3779b9, b->bearer, b->dir, theirs);
		if (memcmp(mine, theirs, 16))
			die("%s IV differs from zuc_eea3_iv_gen (%zu, %u)", "EEA3", 0, count);
		iv_zuc(mine, count * 0x9e3779b9, b->bearer, b->dir, 1);
		zuc_eia3_iv_gen(count * 0x9e3779b9, b->bearer, b->dir, theirs);
		if (memcmp(mine, theirs, 16))
			die("%s IV differs from zuc_eia3_iv_gen (%zu, %u)", "EIA3", 0, count);
	}
	for (a = 0; a < NALGS; a++) {
		for (s = 0; s < NSIZES; s++) {
			for (count = 1000; count < 1016; count++) {
				run_ours(b, a, sizes[s], count, 1);
				memcpy(ours, b->out, sizes[s]);
				our_mac = b->mac;
				memset(b->out, 0, sizeof(b->out));
				run_ipsec(b, a, sizes[s], count, 1);
				if ((a == EEA1 || a == EEA3) && memcmp(ours, b->out, sizes[s]))
					die("%s output differs from ipsec-mb at %zu octets, COUNT %u",
					    alg_name[a], sizes[s], count);
				if ((a == EIA1 || a == EIA3) && our_mac != b->mac)
					die("%s MAC differs from ipsec-mb at %zu octets, COUNT %u",
					    alg_name[a], sizes[s], count);
			}
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/*
 * Messages per timed batch: some 50-200 us of work, short enough that most
 * batches run without being preempted on a shared machine; the median of
 * the batches then is the undisturbed speed.
 */
static unsigned int batch(size_t len)
{
	return len <= 64 ? 400 : len <= 256 ? 200 : 50;
}

int main(void)
{
	static struct bench b;
	double ours[REPS], theirs[REPS], t, sched_ns[REPS];
	unsigned int n, i;
	IMB_ARCH arch;
	size_t s;
	int a, r;

	b.mgr = alloc_mb_mgr(0);
	if (!b.mgr) {
		fprintf(stderr, "bench: alloc_mb_mgr failed\n");
		return 1;
	}
	init_mb_mgr_auto(b.mgr, &arch);
	for (i = 0; i < sizeof(b.key); i++)
		b.key[i] = (u8)(0x5a ^ (i * 37));
	for (i = 0; i < sizeof(b.in); i++)
		b.in[i] = (u8)(i * 131 + 7);
	b.bearer = 3;
	b.dir = 1;
	if (IMB_SNOW3G_INIT_KEY_SCHED(b.mgr, b.key, &b.sched))
		die("%s key schedule failed%zu%u", "ipsec-mb", 0, 0);
	cross_check(&b);

	printf("nassec cores vs Intel ipsec-mb %s (arch %s), single buffer, median of %d runs\n",
	       imb_get_version_str(), arch == IMB_ARCH_AVX512 ? "avx512" :
	       arch == IMB_ARCH_AVX2 ? "avx2" : arch == IMB_ARCH_AVX ? "avx" :
	       arch == IMB_ARCH_SSE ? "sse" : "other", REPS);
	printf("per message: new COUNT, IV, key loading + 32 init rounds, keystream/MAC; outputs cross-checked\n\n");
	printf("%-5s %6s %14s %16s %8s\n", "alg", "octets", "ours ns/msg", "ipsec-mb ns/msg", "ratio");
	for (a = 0; a < NALGS; a++) {
		for (s = 0; s < NSIZES; s++) {
			n = batch(sizes[s]);
			run_ours(&b, a, sizes[s], 0, n);	/* warm-up */
			run_ipsec(&b, a, sizes[s], 0, n);
			for (r = 0; r < REPS; r++) {
				t = now_ns();
				run_ours(&b, a, sizes[s], r * n, n);
				ours[r] = (now_ns() - t) / n;
				t = now_ns();
				run_ipsec(&b, a, sizes[s], r * n, n);
				theirs[r] = (now_ns() - t) / n;
			}
			t = median(ours, REPS);
			printf("%-5s %6zu %14.1f %16.1f %7.2fx\n", alg_name[a], sizes[s], t,
			       median(theirs, REPS), median(theirs, REPS) / t);
		}
	}
	for (r = 0; r < REPS; r++) {
		t = now_ns();
		for (i = 0; i < 4000; i++)
			IMB_SNOW3G_INIT_KEY_SCHED(b.mgr, b.key, &b.sched);
		sched_ns[r] = (now_ns() - t) / 4000;
	}
	printf("\nratio = ipsec-mb ns / ours ns. Not in the ipsec-mb column: its SNOW 3G key\n"
	       "schedule (once per key, IMB_SNOW3G_INIT_KEY_SCHED): %.1f ns. The cores have none.\n",
	       median(sched_ns, REPS));
	free_mb_mgr(b.mgr);
	return 0;
}
