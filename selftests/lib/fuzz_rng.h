/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small seeded generator for the fuzzers: splitmix64 (Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", 2014), so one
 * printed 64-bit seed replays a whole run, and each part or thread gets a
 * stream of its own from fuzz_rng_fork(). Not for keys.
 */
#ifndef NASSEC_FUZZ_RNG_H
#define NASSEC_FUZZ_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fuzz_rng {
	uint64_t s;
};

static inline uint64_t fuzz_rng_next(struct fuzz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void fuzz_rng_seed(struct fuzz_rng *r, uint64_t seed)
{
	r->s = seed;
}

/* An independent stream for a part or thread, named by tag. */
static inline struct fuzz_rng fuzz_rng_fork(uint64_t seed, uint64_t tag)
{
	struct fuzz_rng r = { .s = seed ^ (tag * 0xd1b54a32d192ed03ULL) };

	fuzz_rng_next(&r);
	return r;
}

/* Uniform in 0..n-1 (0 when n is 0), by multiply-shift. */
static inline uint32_t fuzz_below(struct fuzz_rng *r, uint32_t n)
{
	return (uint32_t)(((fuzz_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability pct/100. */
static inline bool fuzz_chance(struct fuzz_rng *r, unsigned int pct)
{
	return fuzz_below(r, 100) < pct;
}

static inline void fuzz_fill(struct fuzz_rng *r, void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n) {
		uint64_t v = fuzz_rng_next(r);
		size_t k = n < 8 ? n : 8;

		for (size_t i = 0; i < k; i++, v >>= 8)
			*p++ = (uint8_t)v;
		n -= k;
	}
}

/* One of n values in a table. */
#define fuzz_pick(r, table) \
	((table)[fuzz_below((r), sizeof(table) / sizeof((table)[0]))])

#endif /* NASSEC_FUZZ_RNG_H */
