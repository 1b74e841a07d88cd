// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/zuc.c on the host: the ZUC keystream sets of TS 35.223, every
 * 128-EEA3 and 128-EIA3 record bit-exact at its bit length, the streaming
 * APIs against the one-shot ones over random splits, and random messages
 * against Intel ipsec-mb as an independent implementation.
 */
#include <intel-ipsec-mb.h>

#include "cores_test.h"
#include "zuc.h"

static void zuc_words(const uint8_t key[16], const uint8_t iv[16],
		      uint32_t *bulk, uint32_t *by_word, size_t words)
{
	struct zuc st, st2;
	size_t i;

	zuc_init(&st, key, iv);
	st2 = st;
	zuc_keystream(&st, bulk, words);
	for (i = 0; i < words; i++)
		by_word[i] = zuc_next(&st2);
}

/* 128-EEA3 through the streaming API over a random split, trailing bits masked. */
static void eea3_stream(const struct lte_vec *v, const uint8_t *in, uint8_t *out)
{
	struct zuc_eea3 c;
	size_t done = 0, n;

	zuc_eea3_init(&c, v->key, v->count, v->bearer, v->direction);
	while (done < v->len) {
		n = rng_chunk(v->len - done);
		zuc_eea3_xor(&c, out + done, in + done, n);
		done += n;
	}
	if (v->bits % 8)
		out[v->len - 1] &= (uint8_t)(0xff00 >> (v->bits % 8));
}

static uint32_t eia3_stream(const struct lte_vec *v, const uint8_t *msg, size_t len)
{
	struct zuc_eia3 m;
	size_t done = 0, n;

	zuc_eia3_init(&m, v->key, v->count, v->bearer, v->direction);
	while (done < len) {
		n = rng_chunk(len - done);
		zuc_eia3_update(&m, msg + done, n);
		done += n;
	}
	return zuc_eia3_final(&m);
}

static const struct lte_core zuc_core = {
	.name = "zuc", .eea_name = "eea3", .eia_name = "eia3",
	.keystream = zuc_words,
	.eea = zuc_eea3, .eia = zuc_eia3,
	.eea_stream = eea3_stream, .eia_stream = eia3_stream,
};

/* Keystream words drawn in random-sized pieces equal word-by-word output. */
static void test_keystream_chunks(void)
{
	uint32_t a[300], b[300];
	uint8_t key[16], iv[16];
	struct zuc s1, s2;
	int ok = 1, round, i;
	size_t done, n;

	for (round = 0; round < 50; round++) {
		rng_fill(key, 16);
		rng_fill(iv, 16);
		zuc_init(&s1, key, iv);
		s2 = s1;
		for (i = 0; i < 300; i++)
			a[i] = zuc_next(&s1);
		for (done = 0; done < 300; done += n) {
			n = rng_below(40);
			n = n < 300 - done ? n : 300 - done;
			zuc_keystream(&s2, b + done, n);
		}
		CHECK(ok, !memcmp(a, b, sizeof(a)), "round %d differs", round);
	}
	tap_result(ok, "zuc keystream in random-sized pieces equals zuc_next");
}

/*
 * Random messages against Intel ipsec-mb: EEA3 in whole octets (its
 * single-buffer call takes octets), EIA3 at random bit lengths.
 */
static void test_against_ipsec_mb(void)
{
	static uint8_t msg[2048], ours[2048], theirs[2048];
	IMB_MGR *mgr = alloc_mb_mgr(0);
	uint8_t key[16], iv[16];
	int ok_eea = 1, ok_eia = 1, round;

	if (!mgr) {
		tap_result(false, "ipsec-mb: alloc_mb_mgr failed");
		return;
	}
	init_mb_mgr_auto(mgr, NULL);
	for (round = 0; round < 1000; round++) {
		uint32_t count = (uint32_t)rng_next(), bits, tag;
		uint8_t bearer = rng_below(32), dir = rng_below(2);
		size_t len;

		bits = rng_below(round < 800 ? 2400 : 16000);
		len = (bits + 7) / 8;
		rng_fill(key, 16);
		rng_fill(msg, len);

		zuc_eea3_iv_gen(count, bearer, dir, iv);
		IMB_ZUC_EEA3_1_BUFFER(mgr, key, iv, msg, theirs, len);
		zuc_eea3(key, count, bearer, dir, ours, msg, len * 8);
		CHECK(ok_eea, !memcmp(ours, theirs, len), "eea3 %zu octets differ (round %d)", len, round);

		zuc_eia3_iv_gen(count, bearer, dir, iv);
		IMB_ZUC_EIA3_1_BUFFER(mgr, key, iv, msg, bits, &tag);
		CHECK(ok_eia, zuc_eia3(key, count, bearer, dir, msg, bits) ==
		      (uint32_t)__builtin_bswap32(tag), "eia3 %u bits differ (round %d)", bits, round);
	}
	free_mb_mgr(mgr);
	tap_result(ok_eea, "eea3 equals ipsec-mb ZUC_EEA3_1_BUFFER: 1000 random messages");
	tap_result(ok_eia, "eia3 equals ipsec-mb ZUC_EIA3_1_BUFFER: 1000 random messages, random bit lengths");
}

/* The large records' expected values, from ipsec-mb (EEA3 in whole octets). */
static int ref_eea3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		    const uint8_t *in, uint8_t *out, uint32_t bits)
{
	IMB_MGR *mgr = bits % 8 ? NULL : alloc_mb_mgr(0);
	uint8_t iv[16];

	if (!mgr)
		return -1;
	init_mb_mgr_auto(mgr, NULL);
	zuc_eea3_iv_gen(count, bearer, dir, iv);
	IMB_ZUC_EEA3_1_BUFFER(mgr, key, iv, in, out, bits / 8);
	free_mb_mgr(mgr);
	return 0;
}

static int ref_eia3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		    const uint8_t *msg, uint32_t bits, uint32_t *mac)
{
	IMB_MGR *mgr = alloc_mb_mgr(0);
	uint8_t iv[16];
	uint32_t tag;

	if (!mgr)
		return -1;
	init_mb_mgr_auto(mgr, NULL);
	zuc_eia3_iv_gen(count, bearer, dir, iv);
	IMB_ZUC_EIA3_1_BUFFER(mgr, key, iv, msg, bits, &tag);
	*mac = __builtin_bswap32(tag);
	free_mb_mgr(mgr);
	return 0;
}

static const struct lte_ref ipsec_mb_ref = { .eea = ref_eea3, .eia = ref_eia3 };

int main(void)
{
	rng_seed();
	run_file(&zuc_core, "zuc.txt", lte_test_keystream_record);
	run_file(&zuc_core, "eea3.txt", lte_test_eea_record);
	run_file(&zuc_core, "eia3.txt", lte_test_eia_record);
	test_keystream_chunks();
	lte_test_stream_equals_oneshot(&zuc_core);
	test_against_ipsec_mb();
	/* longer than any fixed buffer the harness ever had (4096 octets) */
	lte_test_large_records(&zuc_core, &ipsec_mb_ref, 40000, 39999);
	return tap_finish();
}
