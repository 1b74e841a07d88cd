/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the SNOW 3G and ZUC core tests: a seeded PRNG (seed
 * from $NASSEC_SEED, printed so a failure can be replayed), vector file
 * loading that fails loudly, the parsed form of an EEA/EIA record, and the
 * record tests both cores run, called through a struct lte_core.
 */
#ifndef NASSEC_CORES_TEST_H
#define NASSEC_CORES_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "vectors.h"

static uint64_t rng_state;

static inline void rng_seed(void)
{
	const char *env = getenv("NASSEC_SEED");

	rng_state = env ? strtoull(env, NULL, 0) : 0x6e61737365632d31ULL;
	if (!rng_state)
		rng_state = 1;
	tap_diag("random tests use NASSEC_SEED=0x%" PRIx64, rng_state);
}

/* xorshift64*: reproducible, not cryptographic. */
static inline uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static inline uint32_t rng_below(uint32_t n)
{
	return (uint32_t)(rng_next() >> 32) % n;
}

static inline void rng_fill(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rng_next();
}

/* Next chunk of a random split: 0..70 octets, empty chunks included. */
static inline size_t rng_chunk(size_t left)
{
	size_t n = rng_below(8) == 0 ? 0 : rng_below(71);

	return n < left ? n : left;
}

/*
 * Loads NAME from dir (NULL: $NASSEC_VECTORS); a missing or empty file is
 * a failed test.
 */
static inline int load_vectors(struct vec_file *vf, const char *dir, const char *name)
{
	int err = vec_load(vf, dir, name);

	if (err) {
		if (!dir)
			dir = getenv("NASSEC_VECTORS") ? getenv("NASSEC_VECTORS") : "unset";
		tap_result(false, "%s: load from %s: %s", name, dir, strerror(-err));
		return -1;
	}
	if (!vf->nrec) {
		tap_result(false, "%s: no records in %s", name, vf->path);
		vec_free(vf);
		return -1;
	}
	tap_diag("%s: %u records", vf->path, vf->nrec);
	return 0;
}

/*
 * One EEA or EIA test record; data is plaintext or message, out ciphertext
 * (EEA only), both allocated to the record's length: start zeroed, parse,
 * lte_vec_free().
 */
struct lte_vec {
	const char *source;
	uint8_t key[16];
	uint32_t count;
	uint8_t bearer, direction;
	uint32_t bits;
	size_t len;		/* ceil(bits / 8) */
	uint8_t *data;
	uint8_t *out;
	uint32_t mac;
};

static inline void lte_vec_free(struct lte_vec *v)
{
	free(v->data);
	free(v->out);
	v->data = NULL;
	v->out = NULL;
}

/* Parses a record (of any length); on a malformed one prints why and returns -1. */
static inline int lte_vec_parse(const struct vec_record *r, struct lte_vec *v, int cipher)
{
	uint64_t count, bearer, direction, bits;
	uint8_t mac[4], *data;
	long n;

	lte_vec_free(v);
	v->source = vec_get(r, "source");
	if (!v->source)
		v->source = "(no source)";
	if (vec_bytes(r, "key", v->key, 16) != 16 || vec_u64(r, "count", &count) ||
	    vec_u64(r, "bearer", &bearer) || vec_u64(r, "direction", &direction) ||
	    vec_u64(r, "length", &bits) || count > UINT32_MAX || bearer > 31 ||
	    direction > 1 || bits > UINT32_MAX - 7) {
		tap_diag("record at line %u: bad key/count/bearer/direction/length", r->line);
		return -1;
	}
	v->count = (uint32_t)count;
	v->bearer = (uint8_t)bearer;
	v->direction = (uint8_t)direction;
	v->bits = (uint32_t)bits;
	v->len = (v->bits + 7) / 8;
	n = vec_bytes_alloc(r, cipher ? "plaintext" : "message", &v->data);
	if (n < 0 || (size_t)n != v->len) {
		tap_diag("record at line %u: data is not ceil(length/8) octets", r->line);
		return -1;
	}
	/* one zero octet more: the LENGTH + 1 checks read a bit past it */
	data = realloc(v->data, v->len + 1);
	if (!data)
		return -1;
	v->data = data;
	v->data[v->len] = 0;
	if (cipher) {
		n = vec_bytes_alloc(r, "ciphertext", &v->out);
		if (n < 0 || (size_t)n != v->len) {
			tap_diag("record at line %u: ciphertext is not ceil(length/8) octets",
				 r->line);
			return -1;
		}
	} else {
		if (vec_bytes(r, "mac", mac, 4) != 4) {
			tap_diag("record at line %u: mac is not 4 octets", r->line);
			return -1;
		}
		v->mac = (uint32_t)mac[0] << 24 | mac[1] << 16 | mac[2] << 8 | mac[3];
	}
	return 0;
}

/* Records a failed sub-check of the current test case. */
#define CHECK(ok_var, cond, ...)			\
	do {						\
		if (!(cond)) {				\
			tap_diag(__VA_ARGS__);		\
			ok_var = 0;			\
		}					\
	} while (0)

static inline void hexdump_diag(const char *what, const uint8_t *p, size_t n)
{
	char line[2 * 64 + 1];
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		snprintf(line + 2 * i, 3, "%02x", p[i]);
	line[2 * i] = '\0';
	tap_diag("  %s: %s%s", what, line, n > 64 ? "..." : "");
}

/* A core under test: its keystream generator and its EEA/EIA pair. */
struct lte_core {
	const char *name, *eea_name, *eia_name;	/* "snow3g", "eea1", "eia1" */
	/* words of keystream from key and IV octets, by the bulk and the one-word call */
	void (*keystream)(const uint8_t key[16], const uint8_t iv[16],
			  uint32_t *bulk, uint32_t *by_word, size_t words);
	void (*eea)(const uint8_t key[16], uint32_t count, uint8_t bearer,
		    uint8_t direction, uint8_t *out, const uint8_t *in, uint32_t bits);
	uint32_t (*eia)(const uint8_t key[16], uint32_t count, uint8_t bearer,
			uint8_t direction, const uint8_t *msg, uint32_t bits);
	/* the streaming APIs over a random split (rng_chunk), trailing bits masked */
	void (*eea_stream)(const struct lte_vec *v, const uint8_t *in, uint8_t *out);
	uint32_t (*eia_stream)(const struct lte_vec *v, const uint8_t *msg, size_t len);
	/* optional: more checks of an EIA record's MAC; clears *ok on a failure */
	void (*eia_more)(const struct lte_vec *v, int *ok);
};

/* One keystream record: every word of the bulk and the one-word output. */
static inline void lte_test_keystream_record(const struct lte_core *c,
					     const struct vec_record *r)
{
	uint8_t key[16], iv[16], *want;
	const char *src = vec_get(r, "source");
	long n = vec_bytes_alloc(r, "keystream", &want);
	uint32_t *z = n > 0 ? calloc(n / 4 + 1, 4) : NULL;
	uint32_t *z2 = n > 0 ? calloc(n / 4 + 1, 4) : NULL;
	int ok = 1, i;

	if (vec_bytes(r, "key", key, 16) != 16 || vec_bytes(r, "iv", iv, 16) != 16 ||
	    n <= 0 || n % 4 || !z || !z2) {
		tap_result(false, "%s keystream, record at line %u: malformed", c->name,
			   r->line);
		goto out;
	}
	c->keystream(key, iv, z, z2, n / 4);
	for (i = 0; i < n / 4; i++) {
		uint32_t w = (uint32_t)want[4 * i] << 24 | want[4 * i + 1] << 16 |
			     want[4 * i + 2] << 8 | want[4 * i + 3];

		CHECK(ok, z[i] == w, "z%d = %08x, want %08x", i + 1, z[i], w);
		CHECK(ok, z2[i] == w, "%s_next z%d differs", c->name, i + 1);
	}
	tap_result(ok, "%s keystream: %s", c->name, src ? src : "(no source)");
out:
	free(want);
	free(z);
	free(z2);
}

static inline void lte_test_eea_record(const struct lte_core *c,
				       const struct vec_record *r)
{
	struct lte_vec v = { 0 };
	uint8_t *buf;
	int ok = 1, split;

	if (lte_vec_parse(r, &v, 1)) {
		tap_result(false, "%s record at line %u: malformed", c->eea_name, r->line);
		lte_vec_free(&v);
		return;
	}
	buf = malloc(v.len + 1);
	if (!buf) {
		tap_result(false, "%s record at line %u: out of memory", c->eea_name, r->line);
		lte_vec_free(&v);
		return;
	}
	c->eea(v.key, v.count, v.bearer, v.direction, buf, v.data, v.bits);
	if (memcmp(buf, v.out, v.len)) {
		ok = 0;
		tap_diag("encryption differs from the ciphertext");
		hexdump_diag("got ", buf, v.len);
		hexdump_diag("want", v.out, v.len);
	}
	c->eea(v.key, v.count, v.bearer, v.direction, buf, v.out, v.bits);
	CHECK(ok, !memcmp(buf, v.data, v.len), "decrypting the ciphertext does not give the plaintext");
	memcpy(buf, v.data, v.len);
	c->eea(v.key, v.count, v.bearer, v.direction, buf, buf, v.bits);
	CHECK(ok, !memcmp(buf, v.out, v.len), "in-place encryption differs");
	for (split = 0; split < 3; split++) {
		c->eea_stream(&v, v.data, buf);
		CHECK(ok, !memcmp(buf, v.out, v.len), "streaming (split %d) differs", split);
	}
	/* Each input matters: key, COUNT, BEARER, DIRECTION. */
	v.key[rng_below(16)] ^= 1 << rng_below(8);
	c->eea(v.key, v.count, v.bearer, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores a key bit");
	lte_vec_parse(r, &v, 1);
	c->eea(v.key, v.count + 1, v.bearer, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores COUNT");
	c->eea(v.key, v.count, v.bearer ^ 1, v.direction, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores BEARER");
	c->eea(v.key, v.count, v.bearer, v.direction ^ 1, buf, v.data, v.bits);
	CHECK(ok, memcmp(buf, v.out, v.len), "output ignores DIRECTION");
	tap_result(ok, "%s %s (%u bits)", c->eea_name, v.source, v.bits);
	free(buf);
	lte_vec_free(&v);
}

static inline void lte_test_eia_record(const struct lte_core *c,
				       const struct vec_record *r)
{
	struct lte_vec v = { 0 };
	uint32_t mac;
	int ok = 1, split, bit;

	if (lte_vec_parse(r, &v, 0)) {
		tap_result(false, "%s record at line %u: malformed", c->eia_name, r->line);
		lte_vec_free(&v);
		return;
	}
	mac = c->eia(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
	CHECK(ok, mac == v.mac, "MAC %08x, want %08x", mac, v.mac);
	if (c->eia_more)
		c->eia_more(&v, &ok);
	if (v.bits % 8 == 0) {
		for (split = 0; split < 3; split++) {
			mac = c->eia_stream(&v, v.data, v.len);
			CHECK(ok, mac == v.mac, "streaming (split %d): %08x", split, mac);
		}
	} else {
		/* Bits past LENGTH are not message: flipping one changes nothing. */
		v.data[v.len - 1] ^= 1;
		mac = c->eia(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
		CHECK(ok, mac == v.mac, "a bit past LENGTH changed the MAC");
		v.data[v.len - 1] ^= 1;
	}
	if (v.bits) {
		bit = rng_below(v.bits);
		v.data[bit / 8] ^= 0x80 >> (bit % 8);
		mac = c->eia(v.key, v.count, v.bearer, v.direction, v.data, v.bits);
		CHECK(ok, mac != v.mac, "MAC ignores message bit %d", bit);
		v.data[bit / 8] ^= 0x80 >> (bit % 8);
	}
	mac = c->eia(v.key, v.count, v.bearer, v.direction, v.data, v.bits + 1);
	CHECK(ok, mac != v.mac, "MAC ignores LENGTH");
	v.key[rng_below(16)] ^= 1 << rng_below(8);
	CHECK(ok, c->eia(v.key, v.count, v.bearer, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores a key bit");
	lte_vec_parse(r, &v, 0);
	CHECK(ok, c->eia(v.key, v.count + 1, v.bearer, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores COUNT");
	CHECK(ok, c->eia(v.key, v.count, v.bearer ^ 1, v.direction, v.data, v.bits) != v.mac,
	      "MAC ignores BEARER");
	CHECK(ok, c->eia(v.key, v.count, v.bearer, v.direction ^ 1, v.data, v.bits) != v.mac,
	      "MAC ignores DIRECTION");
	tap_result(ok, "%s %s (%u bits)", c->eia_name, v.source, v.bits);
	lte_vec_free(&v);
}

static inline void lte_test_stream_equals_oneshot(const struct lte_core *c)
{
	static uint8_t data[2000], one[2000], str[2000];
	struct lte_vec v = { .data = data };
	int ok_enc = 1, ok_mac = 1, round;

	for (round = 0; round < 300; round++) {
		rng_fill(v.key, 16);
		v.count = (uint32_t)rng_next();
		v.bearer = rng_below(32);
		v.direction = rng_below(2);
		v.len = rng_below(round < 200 ? 300 : 2000);
		v.bits = v.len * 8;
		rng_fill(v.data, v.len);
		c->eea(v.key, v.count, v.bearer, v.direction, one, v.data, v.bits);
		c->eea_stream(&v, v.data, str);
		CHECK(ok_enc, !memcmp(one, str, v.len), "%s %zu octets differ", c->eea_name,
		      v.len);
		CHECK(ok_mac, c->eia(v.key, v.count, v.bearer, v.direction, v.data, v.bits) ==
		      c->eia_stream(&v, v.data, v.len), "%s %zu octets differ", c->eia_name,
		      v.len);
	}
	tap_result(ok_enc, "%s streaming equals one-shot: 300 random messages, random splits",
		   c->eea_name);
	tap_result(ok_mac, "%s streaming equals one-shot: 300 random messages, random splits",
		   c->eia_name);
}

/*
 * Runs test on every record of NAME in dir (NULL: $NASSEC_VECTORS); a
 * missing or empty file is a failed test.
 */
static inline void run_file_in(const struct lte_core *c, const char *dir, const char *name,
			       void (*test)(const struct lte_core *c,
					    const struct vec_record *r))
{
	struct vec_file vf;
	unsigned int i;

	if (load_vectors(&vf, dir, name))
		return;
	for (i = 0; i < vf.nrec; i++)
		test(c, &vf.rec[i]);
	vec_free(&vf);
}

static inline void run_file(const struct lte_core *c, const char *name,
			    void (*test)(const struct lte_core *c,
					 const struct vec_record *r))
{
	run_file_in(c, NULL, name, test);
}

/* "name = hex" of n octets, as the ../shared/vectors files write them. */
static inline void vec_put_hex(FILE *f, const char *name, const uint8_t *p, size_t n)
{
	fprintf(f, "%s = ", name);
	while (n--)
		fprintf(f, "%02x", *p++);
	fputc('\n', f);
}

/* An independent implementation (ipsec-mb) the large records are computed with. */
struct lte_ref {
	/* whole octets in, ciphertext out; 0 or -1 */
	int (*eea)(const uint8_t key[16], uint32_t count, uint8_t bearer,
		   uint8_t direction, const uint8_t *in, uint8_t *out, uint32_t bits);
	int (*eia)(const uint8_t key[16], uint32_t count, uint8_t bearer,
		   uint8_t direction, const uint8_t *msg, uint32_t bits, uint32_t *mac);
};

/*
 * Records of any length go through the same loader and record tests as the
 * 3GPP files: an EEA record of eea_bits and an EIA record of eia_bits,
 * random, their ciphertext and MAC computed by ref, written as vector
 * files into a temporary directory, loaded with vec_load() and run by
 * lte_test_eea_record() / lte_test_eia_record().
 */
static inline void lte_test_large_records(const struct lte_core *c, const struct lte_ref *ref,
					  uint32_t eea_bits, uint32_t eia_bits)
{
	char dir[] = "/tmp/nassec-vectors.XXXXXX", path[256], eea_file[32], eia_file[32];
	uint32_t bits = eea_bits > eia_bits ? eea_bits : eia_bits, mac;
	size_t len = (bits + 7) / 8;
	/* slack: ipsec-mb's bit-length calls may touch whole words past the end */
	uint8_t key[16], *msg = calloc(1, len + 64), *out = calloc(1, len + 64);
	uint8_t bearer = rng_below(32), dir_bit = rng_below(2);
	uint32_t count = (uint32_t)rng_next();
	FILE *f;
	int ok = msg && out && mkdtemp(dir);

	snprintf(eea_file, sizeof(eea_file), "%s-large.txt", c->eea_name);
	snprintf(eia_file, sizeof(eia_file), "%s-large.txt", c->eia_name);
	if (ok) {
		rng_fill(key, 16);
		rng_fill(msg, len);
		ok = !ref->eea(key, count, bearer, dir_bit, msg, out, eea_bits) &&
		     !ref->eia(key, count, bearer, dir_bit, msg, eia_bits, &mac);
	}
	if (!ok) {
		tap_result(false, "%s: large records could not be made", c->name);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, eea_file);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "# made by the test, ciphertext from ipsec-mb\n"
			"source = random %u-bit record\n", eea_bits);
		vec_put_hex(f, "key", key, 16);
		fprintf(f, "count = 0x%08x\nbearer = %u\ndirection = %u\nlength = %u\n",
			count, bearer, dir_bit, eea_bits);
		vec_put_hex(f, "plaintext", msg, (eea_bits + 7) / 8);
		vec_put_hex(f, "ciphertext", out, (eea_bits + 7) / 8);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, eia_file);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "source = random %u-bit record\n", eia_bits);
		vec_put_hex(f, "key", key, 16);
		fprintf(f, "count = 0x%08x\nbearer = %u\ndirection = %u\nlength = %u\n",
			count, bearer, dir_bit, eia_bits);
		vec_put_hex(f, "message", msg, (eia_bits + 7) / 8);
		fprintf(f, "mac = %08x\n", mac);
		fclose(f);
	}
	run_file_in(c, dir, eea_file, lte_test_eea_record);
	run_file_in(c, dir, eia_file, lte_test_eia_record);
	snprintf(path, sizeof(path), "%s/%s", dir, eea_file);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", dir, eia_file);
	unlink(path);
	rmdir(dir);
out:
	free(msg);
	free(out);
}

#endif /* NASSEC_CORES_TEST_H */
