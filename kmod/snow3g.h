/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SNOW 3G (ETSI/SAGE UEA2&UIA2 Document 2, TS 35.216) and its LTE uses:
 * 128-EEA1 = UEA2 f8 and 128-EIA1 = UIA2 f9 with FRESH = BEARER << 27
 * (TS 33.401 B.1.2, B.2.2). Freestanding: all state lives in the caller's
 * structs, so any number of requests run at once.
 */
#ifndef NASSEC_SNOW3G_H
#define NASSEC_SNOW3G_H

#include "nassec_types.h"

struct snow3g {
	u32 s[16];		/* LFSR ring: s_i is s[(off + i) % 16] */
	u32 r1, r2, r3;		/* FSM registers */
	u32 off;
};

/* TS 35.216 4.1: key words k0..k3 and IV0..IV3 as the spec numbers them. */
void snow3g_init(struct snow3g *st, const u32 k[4], const u32 iv[4]);
/* Keystream mode: the next word z1, z2, ... */
u32 snow3g_next(struct snow3g *st);
void snow3g_keystream(struct snow3g *st, u32 *ks, size_t words);

/* 128-EEA1 as a byte stream: xor may be called repeatedly with any lengths. */
struct snow3g_f8 {
	struct snow3g core;
	u32 word;		/* current keystream word */
	u8 used;		/* octets of word already consumed (0..4) */
};

void snow3g_f8_init(struct snow3g_f8 *c, const u8 key[16], u32 count,
		    u8 bearer, u8 direction);
void snow3g_f8_xor(struct snow3g_f8 *c, u8 *out, const u8 *in, size_t len);

/*
 * One-shot 128-EEA1 over 'bits' bits (in and out may alias); the unused
 * trailing bits of the last octet of out are zeroed.
 */
void snow3g_eea1(const u8 key[16], u32 count, u8 bearer, u8 direction,
		 u8 *out, const u8 *in, u32 bits);

/* UIA2 f9 as a byte stream; the message length is the octets fed * 8. */
struct snow3g_f9 {
	u64 p[16];		/* n * P for 4-bit n; P = z1||z2 */
	u64 q;			/* Q = z3||z4 */
	u64 eval;		/* running polynomial evaluation */
	u32 z5;
	u64 octets;		/* message octets fed so far */
	u8 buf[8];		/* partial 64-bit block */
	u8 fill;
};

void snow3g_f9_init(struct snow3g_f9 *m, const u8 key[16], u32 count,
		    u32 fresh, u8 direction);
void snow3g_f9_update(struct snow3g_f9 *m, const u8 *data, size_t len);
u32 snow3g_f9_final(struct snow3g_f9 *m);

/* One-shot UIA2 f9 over 'bits' bits; 128-EIA1 passes fresh = bearer << 27. */
u32 snow3g_f9(const u8 key[16], u32 count, u32 fresh, u8 direction,
	      const u8 *msg, u64 bits);
u32 snow3g_eia1(const u8 key[16], u32 count, u8 bearer, u8 direction,
		const u8 *msg, u64 bits);

#endif /* NASSEC_SNOW3G_H */
