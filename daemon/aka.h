/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPS-AKA on the network side (TS 33.401 6.1, TS 33.102 6.3): authentication
 * vectors from MILENAGE and K_ASME, the RES check, the AUTS check of a
 * synchronisation failure, and the SQN = SEQ || IND arithmetic of
 * TS 33.102 Annex C. The store of SEQ lives in subscriber.[ch]; everything
 * here is pure apart from the random source.
 */
#ifndef NASSECD_AKA_H
#define NASSECD_AKA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AKA_K_LEN	16
#define AKA_OPC_LEN	16
#define AKA_AMF_LEN	2
#define AKA_RAND_LEN	16
#define AKA_AUTN_LEN	16	/* SQN xor AK || AMF || MAC-A */
#define AKA_AUTS_LEN	14	/* SQN_MS xor AK* || MAC-S */
#define AKA_SQN_LEN	6
#define AKA_RES_MIN	4	/* TS 24.301 9.9.3.4: RES is 4..16 octets */
#define AKA_RES_MAX	16
#define AKA_KASME_LEN	32
#define AKA_SN_ID_LEN	3

#define AKA_SQN_BITS	48
#define AKA_SQN_MASK	((UINT64_C(1) << AKA_SQN_BITS) - 1)
/* TS 33.102 C.3.2: IND of 5 bits (an array of 32 SEQ_MS in the USIM). */
#define AKA_IND_BITS_DEFAULT	5
#define AKA_IND_BITS_MAX	16
/* TS 33.102 C.3.2: the USIM's optional limit on SEQ - SEQ_MS is 2^28. */
#define AKA_DELTA	(UINT64_C(1) << 28)

/* TS 33.401 6.1.1 / TS 33.102 Annex H: AMF bit 0 (MSB) = "separation bit". */
#define AKA_AMF_SEPARATION_BIT	0x80	/* in amf[0] */

/* A subscriber's long-term secrets as the vector functions need them. */
struct aka_keys {
	uint8_t k[AKA_K_LEN];
	uint8_t opc[AKA_OPC_LEN];
	uint8_t amf[AKA_AMF_LEN];
};

/* One EPS authentication vector (TS 33.401 6.1.2). */
struct aka_vector {
	uint8_t rand[AKA_RAND_LEN];
	uint8_t autn[AKA_AUTN_LEN];
	uint8_t xres[AKA_RES_MAX];
	uint8_t xres_len;
	uint8_t kasme[AKA_KASME_LEN];
	uint64_t sqn;		/* not secret; for logs and the resync rule */
};

/* Fills buf with len random octets; 0 or -errno. */
typedef int (*aka_random_fn)(void *arg, uint8_t *buf, size_t len);

/* The production source: getrandom(2), blocking until the pool is ready. */
int aka_random_getrandom(void *arg, uint8_t *buf, size_t len);

/*
 * Builds the vector for sqn (from sub_next_sqn: already durable) with a
 * fresh RAND from rnd (NULL: getrandom). The AMF in AUTN has the
 * separation bit set whatever keys->amf holds (TS 33.401 6.1.1: vectors
 * for E-UTRAN). Returns 0, -EINVAL (sqn over 48 bits) or -EIO; on error
 * *av is wiped.
 */
int aka_vector_make(const struct aka_keys *keys, uint64_t sqn,
		    const uint8_t sn_id[AKA_SN_ID_LEN], aka_random_fn rnd, void *rnd_arg,
		    struct aka_vector *av);

/*
 * TS 33.401 6.1.1: RES == XRES, compared in constant time. A RES of a
 * length outside 4..16 or other than XRES's never matches.
 */
bool aka_res_ok(const struct aka_vector *av, const uint8_t *res, size_t res_len);

/*
 * TS 33.102 6.3.5: checks the AUTS of a synchronisation failure against
 * the RAND the network sent: SQN_MS = AUTS[0..5] xor f5*(RAND), then
 * MAC-S = f1*(SQN_MS, RAND, AMF = 0x0000) (6.3.3) must equal AUTS[6..13].
 * Returns 0 with *sqn_ms set, -EBADMSG when MAC-S does not verify, -EIO.
 */
int aka_auts_check(const struct aka_keys *keys, const uint8_t rand[AKA_RAND_LEN],
		   const uint8_t auts[AKA_AUTS_LEN], uint64_t *sqn_ms);

void aka_keys_wipe(struct aka_keys *keys);
void aka_vector_wipe(struct aka_vector *av);

/*
 * SQN = SEQ || IND (TS 33.102 C.1.1), IND the low ind_bits. IND is
 * allocated cyclically from SEQ (C.1.2): consecutive vectors fall into
 * different entries of the USIM's array, so a vector used out of order
 * (one lost in a failed procedure, say) is still accepted.
 */
static inline bool aka_ind_bits_ok(unsigned int ind_bits)
{
	return ind_bits <= AKA_IND_BITS_MAX;
}

static inline uint64_t aka_seq_max(unsigned int ind_bits)
{
	return AKA_SQN_MASK >> ind_bits;
}

static inline uint64_t aka_sqn_make(uint64_t seq, unsigned int ind_bits)
{
	uint64_t ind = seq & ((UINT64_C(1) << ind_bits) - 1);

	return ((seq << ind_bits) | ind) & AKA_SQN_MASK;
}

static inline uint64_t aka_sqn_seq(uint64_t sqn, unsigned int ind_bits)
{
	return (sqn & AKA_SQN_MASK) >> ind_bits;
}

static inline unsigned int aka_sqn_ind(uint64_t sqn, unsigned int ind_bits)
{
	return (unsigned int)(sqn & ((UINT64_C(1) << ind_bits) - 1));
}

/*
 * SEQ_HE after a verified synchronisation failure (TS 33.102 6.3.5 c,
 * C.3.4): when the next fresh SQN generated from SEQ_HE (SEQ_HE + 1) would
 * be accepted by a USIM whose highest SEQ is SEQ_MS, SEQ_HE stays (moving
 * it back would hand out SQNs again); otherwise SEQ_HE = SEQ_MS and
 * generation continues from there.
 */
static inline uint64_t aka_resync_seq(uint64_t seq_he, uint64_t sqn_ms, unsigned int ind_bits)
{
	uint64_t seq_ms = aka_sqn_seq(sqn_ms, ind_bits);

	if (seq_he + 1 > seq_ms && seq_he + 1 - seq_ms <= AKA_DELTA)
		return seq_he;
	return seq_ms;
}

/* SQN as the 6 octets of AUTN (big-endian) and back. */
void aka_sqn_put(uint64_t sqn, uint8_t out[AKA_SQN_LEN]);
uint64_t aka_sqn_get(const uint8_t in[AKA_SQN_LEN]);

#endif /* NASSECD_AKA_H */
