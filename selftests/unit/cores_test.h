/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the SNOW 3G and ZUC core tests: a seeded PRNG (seed
 * from $NASSEC_SEED, printed so a failure can be replayed), vector file
 * loading that fails loudly, and the parsed form of an EEA/EIA record.
 */
#ifndef NASSEC_CORES_TEST_H
#define NASSEC_CORES_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vectors.h"

#define CORES_MAX_MSG 4096

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

/* Loads NAME from $NASSEC_VECTORS; a missing or empty file is a failed test. */
static inline int load_vectors(struct vec_file *vf, const char *name)
{
	int err = vec_load(vf, NULL, name);

	if (err) {
		tap_result(false, "%s: load from $NASSEC_VECTORS (%s): %s", name,
			   getenv("NASSEC_VECTORS") ? getenv("NASSEC_VECTORS") : "unset",
			   strerror(-err));
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

/* One EEA or EIA test record; data is plaintext or message, out ciphertext. */
struct lte_vec {
	const char *source;
	uint8_t key[16];
	uint32_t count;
	uint8_t bearer, direction;
	uint32_t bits;
	size_t len;		/* ceil(bits / 8) */
	uint8_t data[CORES_MAX_MSG];
	uint8_t out[CORES_MAX_MSG];
	uint32_t mac;
};

/* Parses a record; on a malformed one prints why and returns -1. */
static inline int lte_vec_parse(const struct vec_record *r, struct lte_vec *v, int cipher)
{
	uint64_t count, bearer, direction, bits;
	uint8_t mac[4];
	long n;

	v->source = vec_get(r, "source");
	if (!v->source)
		v->source = "(no source)";
	if (vec_bytes(r, "key", v->key, 16) != 16 || vec_u64(r, "count", &count) ||
	    vec_u64(r, "bearer", &bearer) || vec_u64(r, "direction", &direction) ||
	    vec_u64(r, "length", &bits) || count > UINT32_MAX || bearer > 31 ||
	    direction > 1 || bits > 8 * CORES_MAX_MSG) {
		tap_diag("record at line %u: bad key/count/bearer/direction/length", r->line);
		return -1;
	}
	v->count = (uint32_t)count;
	v->bearer = (uint8_t)bearer;
	v->direction = (uint8_t)direction;
	v->bits = (uint32_t)bits;
	v->len = (v->bits + 7) / 8;
	n = vec_bytes(r, cipher ? "plaintext" : "message", v->data, sizeof(v->data));
	if (n < 0 || (size_t)n != v->len) {
		tap_diag("record at line %u: data is not ceil(length/8) octets", r->line);
		return -1;
	}
	if (cipher) {
		n = vec_bytes(r, "ciphertext", v->out, sizeof(v->out));
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

#endif /* NASSEC_CORES_TEST_H */
