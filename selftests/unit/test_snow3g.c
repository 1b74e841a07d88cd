// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/snow3g.c on the host: the SNOW 3G keystream sets of TS 35.217, every
 * 128-EEA1 and 128-EIA1 record bit-exact at its bit length, the streaming
 * APIs against the one-shot ones over random splits, and random messages
 * against Intel ipsec-mb as an independent implementation.
 */
#include <intel-ipsec-mb.h>

#include "cores_test.h"
#include "snow3g.h"

/* The file prints k0..k3 and IV0..IV3 in that order (its header). */
static void snow3g_words(const uint8_t key[16], const uint8_t iv[16],
			 uint32_t *bulk, uint32_t *by_word, size_t words)
{
	uint32_t k[4], v[4];
	struct snow3g st, st2;
	size_t i;

	for (i = 0; i < 4; i++) {
		k[i] = (uint32_t)key[4 * i] << 24 | key[4 * i + 1] << 16 |
		       key[4 * i + 2] << 8 | key[4 * i + 3];
		v[i] = (uint32_t)iv[4 * i] << 24 | iv[4 * i + 1] << 16 |
		       iv[4 * i + 2] << 8 | iv[4 * i + 3];
	}
	snow3g_init(&st, k, v);
	st2 = st;
	snow3g_keystream(&st, bulk, words);
	for (i = 0; i < words; i++)
		by_word[i] = snow3g_next(&st2);
}

/* 128-EEA1 through the streaming API over a random split, trailing bits masked. */
static void eea1_stream(const struct lte_vec *v, const uint8_t *in, uint8_t *out)
{
	struct snow3g_f8 c;
	size_t done = 0, n;

	snow3g_f8_init(&c, v->key, v->count, v->bearer, v->direction);
	while (done < v->len) {
		n = rng_chunk(v->len - done);
		snow3g_f8_xor(&c, out + done, in + done, n);
		done += n;
	}
	if (v->bits % 8)
		out[v->len - 1] &= (uint8_t)(0xff00 >> (v->bits % 8));
}

static uint32_t eia1_stream(const struct lte_vec *v, const uint8_t *msg, size_t len)
{
	struct snow3g_f9 m;
	size_t done = 0, n;

	snow3g_f9_init(&m, v->key, v->count, (uint32_t)v->bearer << 27, v->direction);
	while (done < len) {
		n = rng_chunk(len - done);
		snow3g_f9_update(&m, msg + done, n);
		done += n;
	}
	return snow3g_f9_final(&m);
}

/* 128-EIA1 as UIA2 f9 with FRESH = BEARER << 27 (TS 33.401 B.2.2). */
static void eia1_as_f9(const struct lte_vec *v, int *ok)
{
	uint32_t mac = snow3g_f9(v->key, v->count, (uint32_t)v->bearer << 27,
				 v->direction, v->data, v->bits);

	CHECK(*ok, mac == v->mac, "f9 with FRESH = BEARER << 27: %08x", mac);
}

static uint32_t eia1(const uint8_t key[16], uint32_t count, uint8_t bearer,
		     uint8_t direction, const uint8_t *msg, uint32_t bits)
{
	return snow3g_eia1(key, count, bearer, direction, msg, bits);
}

static const struct lte_core snow3g_core = {
	.name = "snow3g", .eea_name = "eea1", .eia_name = "eia1",
	.keystream = snow3g_words,
	.eea = snow3g_eea1, .eia = eia1,
	.eea_stream = eea1_stream, .eia_stream = eia1_stream,
	.eia_more = eia1_as_f9,
};

/* Keystream words drawn in random-sized pieces equal word-by-word output. */
static void test_keystream_chunks(void)
{
	uint32_t k[4], iv[4], a[300], b[300];
	struct snow3g s1, s2;
	int ok = 1, round, i;
	size_t done, n;

	for (round = 0; round < 50; round++) {
		for (i = 0; i < 4; i++) {
			k[i] = (uint32_t)rng_next();
			iv[i] = (uint32_t)rng_next();
		}
		snow3g_init(&s1, k, iv);
		s2 = s1;
		for (i = 0; i < 300; i++)
			a[i] = snow3g_next(&s1);
		for (done = 0; done < 300; done += n) {
			n = rng_below(40);
			n = n < 300 - done ? n : 300 - done;
			snow3g_keystream(&s2, b + done, n);
		}
		CHECK(ok, !memcmp(a, b, sizeof(a)), "round %d differs", round);
	}
	tap_result(ok, "snow3g keystream in random-sized pieces equals snow3g_next");
}

/* Random messages of random bit lengths against Intel ipsec-mb. */
static void test_against_ipsec_mb(void)
{
	static uint8_t msg[2048], ours[2048], theirs[2048];
	IMB_MGR *mgr = alloc_mb_mgr(0);
	snow3g_key_schedule_t ks;
	uint8_t key[16], iv[16];
	int ok_f8 = 1, ok_f9 = 1, ok_uia2 = 1, round;

	if (!mgr) {
		tap_result(false, "ipsec-mb: alloc_mb_mgr failed");
		return;
	}
	init_mb_mgr_auto(mgr, NULL);
	for (round = 0; round < 1000; round++) {
		uint32_t count = (uint32_t)rng_next(), fresh = (uint32_t)rng_next(), bits, tag;
		uint8_t bearer = rng_below(32), dir = rng_below(2);
		size_t len;

		bits = rng_below(round < 800 ? 2400 : 16000);
		len = (bits + 7) / 8;
		rng_fill(key, 16);
		rng_fill(msg, len);
		IMB_SNOW3G_INIT_KEY_SCHED(mgr, key, &ks);

		snow3g_f8_iv_gen(count, bearer, dir, iv);
		memset(theirs, 0, sizeof(theirs));
		IMB_SNOW3G_F8_1_BUFFER_BIT(mgr, &ks, iv, msg, theirs, bits, 0);
		if (bits % 8)
			theirs[len - 1] &= (uint8_t)(0xff00 >> (bits % 8));
		snow3g_eea1(key, count, bearer, dir, ours, msg, bits);
		CHECK(ok_f8, !memcmp(ours, theirs, len), "eea1 %u bits differ (round %d)", bits, round);

		snow3g_f9_iv_gen(count, (uint32_t)bearer << 27, dir, iv);
		IMB_SNOW3G_F9_1_BUFFER(mgr, &ks, iv, msg, bits, &tag);
		CHECK(ok_f9, snow3g_eia1(key, count, bearer, dir, msg, bits) ==
		      (uint32_t)__builtin_bswap32(tag), "eia1 %u bits differ (round %d)", bits, round);

		snow3g_f9_iv_gen(count, fresh, dir, iv);
		IMB_SNOW3G_F9_1_BUFFER(mgr, &ks, iv, msg, bits, &tag);
		CHECK(ok_uia2, snow3g_f9(key, count, fresh, dir, msg, bits) ==
		      (uint32_t)__builtin_bswap32(tag), "f9 %u bits differ (round %d)", bits, round);
	}
	free_mb_mgr(mgr);
	tap_result(ok_f8, "eea1 equals ipsec-mb SNOW3G_F8_1_BUFFER_BIT: 1000 random messages, random bit lengths");
	tap_result(ok_f9, "eia1 equals ipsec-mb SNOW3G_F9_1_BUFFER: 1000 random messages, random bit lengths");
	tap_result(ok_uia2, "UIA2 f9 with random FRESH equals ipsec-mb: 1000 random messages");
}

/* The large records' expected values, from ipsec-mb. */
static int ref_eea1(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		    const uint8_t *in, uint8_t *out, uint32_t bits)
{
	IMB_MGR *mgr = alloc_mb_mgr(0);
	snow3g_key_schedule_t ks;
	uint8_t iv[16];

	if (!mgr)
		return -1;
	init_mb_mgr_auto(mgr, NULL);
	IMB_SNOW3G_INIT_KEY_SCHED(mgr, key, &ks);
	snow3g_f8_iv_gen(count, bearer, dir, iv);
	memset(out, 0, (bits + 7) / 8);
	IMB_SNOW3G_F8_1_BUFFER_BIT(mgr, &ks, iv, in, out, bits, 0);
	if (bits % 8)
		out[bits / 8] &= (uint8_t)(0xff00 >> (bits % 8));
	free_mb_mgr(mgr);
	return 0;
}

static int ref_eia1(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
		    const uint8_t *msg, uint32_t bits, uint32_t *mac)
{
	IMB_MGR *mgr = alloc_mb_mgr(0);
	snow3g_key_schedule_t ks;
	uint8_t iv[16];
	uint32_t tag;

	if (!mgr)
		return -1;
	init_mb_mgr_auto(mgr, NULL);
	IMB_SNOW3G_INIT_KEY_SCHED(mgr, key, &ks);
	snow3g_f9_iv_gen(count, (uint32_t)bearer << 27, dir, iv);
	IMB_SNOW3G_F9_1_BUFFER(mgr, &ks, iv, msg, bits, &tag);
	*mac = __builtin_bswap32(tag);
	free_mb_mgr(mgr);
	return 0;
}

static const struct lte_ref ipsec_mb_ref = { .eea = ref_eea1, .eia = ref_eia1 };

int main(void)
{
	rng_seed();
	run_file(&snow3g_core, "snow3g.txt", lte_test_keystream_record);
	run_file(&snow3g_core, "eea1.txt", lte_test_eea_record);
	run_file(&snow3g_core, "eia1.txt", lte_test_eia_record);
	test_keystream_chunks();
	lte_test_stream_equals_oneshot(&snow3g_core);
	test_against_ipsec_mb();
	/* longer than any fixed buffer the harness ever had (4096 octets) */
	lte_test_large_records(&snow3g_core, &ipsec_mb_ref, 40000, 39999);
	return tap_finish();
}
