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

static void test_keystream_record(const struct vec_record *r)
{
	uint8_t key[16], iv[16], want[64];
	const char *src = vec_get(r, "source");
	long n = vec_bytes(r, "keystream", want, sizeof(want));
	struct zuc st, st2;
	uint32_t z[16];
	int ok = 1, i;

	if (vec_bytes(r, "key", key, 16) != 16 || vec_bytes(r, "iv", iv, 16) != 16 ||
	    n <= 0 || n % 4) {
		tap_result(false, "zuc keystream, record at line %u: malformed", r->line);
		return;
	}
	zuc_init(&st, key, iv);
	st2 = st;
	zuc_keystream(&st, z, n / 4);
	for (i = 0; i < n / 4; i++) {
		uint32_t w = (uint32_t)want[4 * i] << 24 | want[4 * i + 1] << 16 |
			     want[4 * i + 2] << 8 | want[4 * i + 3];

		CHECK(ok, z[i] == w, "z%d = %08x, want %08x", i + 1, z[i], w);
		CHECK(ok, zuc_next(&st2) == w, "zuc_next z%d differs", i + 1);
	}
	tap_result(ok, "zuc keystream: %s", src ? src : "(no source)");
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

static void test_eea3_record(const struct vec_record *r)
{
	static struct lte_vec v;
	static uint8_t buf[CORES_MAX_MSG];
	int ok = 1, split;

	if (lte_vec_parse(r, &v, 1)) {
		tap_result(false, "eea3 record at line %u: malformed", r->line);
		return;
	}
	zuc_eea3(v.key, v.count, v.bearer, v.direction, buf, v.data, v.bits);
	if (memcmp(buf, v.out, v.len)) {
		ok = 0;
		tap_diag("encryption differs from the ciphertext");
		hexdump_diag("got ", buf, v.len);
		hexdump_diag("want", v.out, v.len);
	}
	zuc_eea3(v.key, v.count, v.bearer, v.direction, buf, v.out, v.bits);
	CHECK(ok, !memcmp(buf, v.data, v.len), "decrypting the ciphertext does not give the plaintext");
	memcpy(buf, v.data, v.len);
	zuc_eea3(v.key, v.count, v.bearer, v.direction, buf, buf, v.bits);
	CHECK(ok, !memcmp(buf, v.out, v.len), "in-place encryption differs");
	for (split = 0; split < 3; split++) {
		eea3_stream(&v, v.data, buf);
		CHECK(ok, !memcmp(buf, v.out, v.len), "streaming (split %d) differs", split);
	}
	/* Each input matters: key, COUNT, BEARER, DIRECTION. */
	v.key[rng_below(16)] ^= 1 << rng_below(8);
	zuc_eea3(v.key, v.count, v.bearer, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores a key bit");
	lte_vec_parse(r, &v, 1);
	zuc_eea3(v.key, v.count + 1, v.bearer, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores COUNT");
	zuc_eea3(v.key, v.count, v.bearer ^ 1, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores BEARER");
	zuc_eea3(v.key, v.count, v.bearer, v.direction ^ 1, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores DIRECTION");
	tap_result(ok, "eea3 %s (%u bits)", v.source, v.bits);
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

static void test_eia3_record(const struct vec_record *r)
{
	static struct lte_vec v;
	uint32_t mac;
	int ok = 1, split, bit;

	if (lte_vec_parse(r, &v, 0)) {
		tap_result(false, "eia3 record at line %u: malformed", r->line);
		return;
	}
	mac = zuc_eia3(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
	CHECK(ok, mac == v.mac, "MAC %08x, want %08x", mac, v.mac);
	if (v.bits % 8 == 0) {
		for (split = 0; split < 3; split++) {
			mac = eia3_stream(&v, v.data, v.len);
			CHECK(ok, mac == v.mac, "streaming (split %d): %08x", split, mac);
		}
	} else {
		/* Bits past LENGTH are not message: flipping one changes nothing. */
		v.data[v.len - 1] ^= 1;
		mac = zuc_eia3(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
		CHECK(ok, mac == v.mac, "a bit past LENGTH changed the MAC");
		v.data[v.len - 1] ^= 1;
	}
	if (v.bits) {
		bit = rng_below(v.bits);
		v.data[bit / 8] ^= 0x80 >> (bit % 8);
		mac = zuc_eia3(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
		CHECK(ok, mac != v.mac, "MAC ignores message bit %d", bit);
		v.data[bit / 8] ^= 0x80 >> (bit % 8);
	}
	mac = zuc_eia3(v.key, v.count, v.bearer, v.direction, v.data, v.bits + 1);
	CHECK(ok, mac != v.mac, "MAC ignores LENGTH");
	v.key[rng_below(16)] ^= 1 << rng_below(8);
	CHECK(ok, zuc_eia3(v.key, v.count, v.bearer, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores a key bit");
	lte_vec_parse(r, &v, 0);
	CHECK(ok, zuc_eia3(v.key, v.count + 1, v.bearer, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores COUNT");
	CHECK(ok, zuc_eia3(v.key, v.count, v.bearer ^ 1, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores BEARER");
	CHECK(ok, zuc_eia3(v.key, v.count, v.bearer, v.direction ^ 1, v.data, v.bits) != v.mac,
	      "MAC ignores DIRECTION");
	tap_result(ok, "eia3 %s (%u bits)", v.source, v.bits);
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
		zuc_eea3(v.key, v.count, v.bearer, v.direction, one, v.data, v.bits);
		eea3_stream(&v, v.data, str);
		CHECK(ok_enc, !memcmp(one, str, v.len), "eea3 %zu octets differ", v.len);
		CHECK(ok_mac, zuc_eia3(v.key, v.count, v.bearer, v.direction, v.data, v.bits) ==
		      eia3_stream(&v, v.data, v.len), "eia3 %zu octets differ", v.len);
	}
	tap_result(ok_enc, "eea3 streaming equals one-shot: 300 random messages, random splits");
	tap_result(ok_mac, "eia3 streaming equals one-shot: 300 random messages, random splits");
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

int main(void)
{
	rng_seed();
	run_file("zuc.txt", test_keystream_record);
	run_file("eea3.txt", test_eea3_record);
	run_file("eia3.txt", test_eia3_record);
	test_keystream_chunks();
	test_stream_equals_oneshot();
	test_against_ipsec_mb();
	return tap_finish();
}
