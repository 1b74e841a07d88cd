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

static void test_keystream_record(const struct vec_record *r)
{
	uint8_t key[16], iv[16], want[64];
	uint32_t k[4], v[4], z[16];
	const char *src = vec_get(r, "source");
	struct snow3g st, st2;
	long n = vec_bytes(r, "keystream", want, sizeof(want));
	int ok = 1, i;

	if (vec_bytes(r, "key", key, 16) != 16 || vec_bytes(r, "iv", iv, 16) != 16 ||
	    n <= 0 || n % 4) {
		tap_result(false, "snow3g keystream, record at line %u: malformed", r->line);
		return;
	}
	/* The file prints k0..k3 and IV0..IV3 in that order (its header). */
	for (i = 0; i < 4; i++) {
		k[i] = (uint32_t)key[4 * i] << 24 | key[4 * i + 1] << 16 |
		       key[4 * i + 2] << 8 | key[4 * i + 3];
		v[i] = (uint32_t)iv[4 * i] << 24 | iv[4 * i + 1] << 16 |
		       iv[4 * i + 2] << 8 | iv[4 * i + 3];
	}
	snow3g_init(&st, k, v);
	st2 = st;
	snow3g_keystream(&st, z, n / 4);
	for (i = 0; i < n / 4; i++) {
		uint32_t w = (uint32_t)want[4 * i] << 24 | want[4 * i + 1] << 16 |
			     want[4 * i + 2] << 8 | want[4 * i + 3];

		CHECK(ok, z[i] == w, "z%d = %08x, want %08x", i + 1, z[i], w);
		CHECK(ok, snow3g_next(&st2) == w, "snow3g_next z%d differs", i + 1);
	}
	tap_result(ok, "snow3g keystream: %s", src ? src : "(no source)");
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

static void test_eea1_record(const struct vec_record *r)
{
	static struct lte_vec v;
	static uint8_t buf[CORES_MAX_MSG];
	int ok = 1, split;

	if (lte_vec_parse(r, &v, 1)) {
		tap_result(false, "eea1 record at line %u: malformed", r->line);
		return;
	}
	snow3g_eea1(v.key, v.count, v.bearer, v.direction, buf, v.data, v.bits);
	if (memcmp(buf, v.out, v.len)) {
		ok = 0;
		tap_diag("encryption differs from the ciphertext");
		hexdump_diag("got ", buf, v.len);
		hexdump_diag("want", v.out, v.len);
	}
	snow3g_eea1(v.key, v.count, v.bearer, v.direction, buf, v.out, v.bits);
	CHECK(ok, !memcmp(buf, v.data, v.len), "decrypting the ciphertext does not give the plaintext");
	memcpy(buf, v.data, v.len);
	snow3g_eea1(v.key, v.count, v.bearer, v.direction, buf, buf, v.bits);
	CHECK(ok, !memcmp(buf, v.out, v.len), "in-place encryption differs");
	for (split = 0; split < 3; split++) {
		eea1_stream(&v, v.data, buf);
		CHECK(ok, !memcmp(buf, v.out, v.len), "streaming (split %d) differs", split);
	}
	/* Each input matters: key, COUNT, BEARER, DIRECTION. */
	v.key[rng_below(16)] ^= 1 << rng_below(8);
	snow3g_eea1(v.key, v.count, v.bearer, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores a key bit");
	lte_vec_parse(r, &v, 1);
	snow3g_eea1(v.key, v.count + 1, v.bearer, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores COUNT");
	snow3g_eea1(v.key, v.count, v.bearer ^ 1, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores BEARER");
	snow3g_eea1(v.key, v.count, v.bearer, v.direction ^ 1, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores DIRECTION");
	tap_result(ok, "eea1 %s (%u bits)", v.source, v.bits);
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

static void test_eia1_record(const struct vec_record *r)
{
	static struct lte_vec v;
	uint32_t mac;
	int ok = 1, split, bit;

	if (lte_vec_parse(r, &v, 0)) {
		tap_result(false, "eia1 record at line %u: malformed", r->line);
		return;
	}
	mac = snow3g_eia1(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
	CHECK(ok, mac == v.mac, "MAC %08x, want %08x", mac, v.mac);
	mac = snow3g_f9(v.key, v.count, (uint32_t)v.bearer << 27, v.direction, v.data, v.bits);
	CHECK(ok, mac == v.mac, "f9 with FRESH = BEARER << 27: %08x", mac);
	if (v.bits % 8 == 0) {
		for (split = 0; split < 3; split++) {
			mac = eia1_stream(&v, v.data, v.len);
			CHECK(ok, mac == v.mac, "streaming (split %d): %08x", split, mac);
		}
	} else {
		/* Bits past LENGTH are not message: flipping one changes nothing. */
		v.data[v.len - 1] ^= 1;
		mac = snow3g_eia1(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
		CHECK(ok, mac == v.mac, "a bit past LENGTH changed the MAC");
		v.data[v.len - 1] ^= 1;
	}
	if (v.bits) {
		bit = rng_below(v.bits);
		v.data[bit / 8] ^= 0x80 >> (bit % 8);
		mac = snow3g_eia1(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
		CHECK(ok, mac != v.mac, "MAC ignores message bit %d", bit);
		v.data[bit / 8] ^= 0x80 >> (bit % 8);
	}
	mac = snow3g_eia1(v.key, v.count, v.bearer, v.direction, v.data, v.bits + 1);
	CHECK(ok, mac != v.mac, "MAC ignores LENGTH");
	v.key[rng_below(16)] ^= 1 << rng_below(8);
	CHECK(ok, snow3g_eia1(v.key, v.count, v.bearer, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores a key bit");
	lte_vec_parse(r, &v, 0);
	CHECK(ok, snow3g_eia1(v.key, v.count + 1, v.bearer, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores COUNT");
	CHECK(ok, snow3g_eia1(v.key, v.count, v.bearer ^ 1, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores BEARER");
	CHECK(ok, snow3g_eia1(v.key, v.count, v.bearer, v.direction ^ 1, v.data, v.bits) != v.mac,
	      "MAC ignores DIRECTION");
	tap_result(ok, "eia1 %s (%u bits)", v.source, v.bits);
}

static void run_file(const char *name, void (*test)(const struct vec_record *))
{
	struct vec_file vf;
	unsigned int i;

	if (load_vectors(&vf, name))
		return;
	for (i = 0; i < vf.nrec; i++)
		test(&vf.rec[i]);
	vec_free(&vf);
}

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

static void test_stream_equals_oneshot(void)
{
	static struct lte_vec v;
	static uint8_t one[CORES_MAX_MSG], str[CORES_MAX_MSG];
	int ok_enc = 1, ok_mac = 1, round;

	for (round = 0; round < 300; round++) {
		rng_fill(v.key, 16);
		v.count = (uint32_t)rng_next();
		v.bearer = rng_below(32);
		v.direction = rng_below(2);
		v.len = rng_below(round < 200 ? 300 : 2000);
		v.bits = v.len * 8;
		rng_fill(v.data, v.len);
		snow3g_eea1(v.key, v.count, v.bearer, v.direction, one, v.data, v.bits);
		eea1_stream(&v, v.data, str);
		CHECK(ok_enc, !memcmp(one, str, v.len), "eea1 %zu octets differ", v.len);
		CHECK(ok_mac, snow3g_eia1(v.key, v.count, v.bearer, v.direction, v.data, v.bits) ==
		      eia1_stream(&v, v.data, v.len), "eia1 %zu octets differ", v.len);
	}
	tap_result(ok_enc, "eea1 streaming equals one-shot: 300 random messages, random splits");
	tap_result(ok_mac, "eia1 streaming equals one-shot: 300 random messages, random splits");
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

int main(void)
{
	rng_seed();
	run_file("snow3g.txt", test_keystream_record);
	run_file("eea1.txt", test_eea1_record);
	run_file("eia1.txt", test_eia1_record);
	test_keystream_chunks();
	test_stream_equals_oneshot();
	test_against_ipsec_mb();
	return tap_finish();
}
