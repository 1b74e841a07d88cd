/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ZUC (TS 35.222) and its LTE uses 128-EEA3 / 128-EIA3 (TS 35.221).
 * Freestanding: all state lives in the caller's structs.
 */
#ifndef NASSEC_ZUC_H
#define NASSEC_ZUC_H

#include "nassec_types.h"

struct zuc {
	u32 s[16];		/* LFSR ring of 31-bit cells: s_i is s[(off + i) % 16] */
	u32 r1, r2;		/* F registers */
	u32 off;
};

/* TS 35.222 3.6: 16-octet key and IV. */
void zuc_init(struct zuc *st, const u8 key[16], const u8 iv[16]);
u32 zuc_next(struct zuc *st);
void zuc_keystream(struct zuc *st, u32 *ks, size_t words);

/* 128-EEA3 as a byte stream: xor may be called repeatedly with any lengths. */
struct zuc_eea3 {
	struct zuc core;
	u32 word;
	u8 used;		/* octets of word already consumed (0..4) */
};

void zuc_eea3_init(struct zuc_eea3 *c, const u8 key[16], u32 count,
		   u8 bearer, u8 direction);
void zuc_eea3_xor(struct zuc_eea3 *c, u8 *out, const u8 *in, size_t len);

/* One-shot 128-EEA3 over 'bits' bits; unused trailing bits of out zeroed. */
void zuc_eea3(const u8 key[16], u32 count, u8 bearer, u8 direction,
	      u8 *out, const u8 *in, u32 bits);

/* 128-EIA3 as a byte stream; the message length is the octets fed * 8. */
struct zuc_eia3 {
	struct zuc core;
	u32 t;			/* running tag */
	u32 cur, nxt;		/* keystream words covering the next 64 bits */
	u64 octets;
	u8 pending;		/* buffered octets not yet folded in (0..3) */
	u8 buf[4];
};

void zuc_eia3_init(struct zuc_eia3 *m, const u8 key[16], u32 count,
		   u8 bearer, u8 direction);
void zuc_eia3_update(struct zuc_eia3 *m, const u8 *data, size_t len);
u32 zuc_eia3_final(struct zuc_eia3 *m);

/* One-shot 128-EIA3 over 'bits' bits. */
u32 zuc_eia3(const u8 key[16], u32 count, u8 bearer, u8 direction,
	     const u8 *msg, u32 bits);

#endif /* NASSEC_ZUC_H */
