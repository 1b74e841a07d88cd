/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ALIGNED PER (X.691) reader over a caller buffer: the primitives the S1AP
 * parser is made of, the mirror of per_write.h. Nothing is copied or
 * allocated; octet strings come back as pointers into the buffer.
 *
 * Errors are sticky: the first one stops all reading (every later read
 * yields 0 / NULL) and is what per_get_error() returns:
 *   -EBADMSG  the encoding runs past its end (buffer or open type) or is
 *             inconsistent (a length beyond its bound, an empty open type)
 *   -ERANGE   well formed, but a value lies outside the range the ASN.1
 *             gives it (or outside the root of a type whose extensions this
 *             codec does not know)
 *   -EMSGSIZE a fragmented length (X.691 10.9.3.8, >= 16K): valid APER
 *             that S1AP never needs below 16K octets, not followed
 */
#ifndef NASSEC_PER_READ_H
#define NASSEC_PER_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct per_reader {
	const uint8_t *buf;
	size_t bit;		/* next bit to read */
	size_t end;		/* bit limit, a multiple of 8 */
	int err;		/* first error, 0 while all is well */
	/*
	 * The first ProtocolExtensionField skipped whose criticality is not
	 * ignore (TS 36.413 10.3.4.2: the receiver must report it).
	 */
	bool ext_unknown;
	uint8_t ext_crit;
	uint16_t ext_id;
};

void per_reader_init(struct per_reader *r, const uint8_t *buf, size_t len);
void per_reader_fail(struct per_reader *r, int err);
static inline int per_get_error(const struct per_reader *r)
{
	return r->err;
}

/* n <= 64 bits, most significant first, unaligned. */
uint64_t per_get_bits(struct per_reader *r, unsigned int n);
bool per_get_bit(struct per_reader *r);
/* Skip to the next octet boundary (never past end: end is aligned). */
void per_get_align(struct per_reader *r);
/* n octet-aligned octets: a pointer into the buffer, NULL on error. */
const uint8_t *per_get_octets(struct per_reader *r, size_t n);
uint8_t per_get_u8(struct per_reader *r);
uint16_t per_get_u16(struct per_reader *r);
uint32_t per_get_u32(struct per_reader *r);	/* aligned, 4 octets */

/* X.691 10.9.3.6-7 aligned length determinant (< 16K). */
size_t per_get_length(struct per_reader *r);

/*
 * X.691 10.2 open type: its length, then 'sub' reads exactly those octets
 * (at least one). The parent skips past them.
 */
void per_get_open(struct per_reader *r, struct per_reader *sub);
/*
 * A sub-encoding must be used up but for the padding of its last octet;
 * otherwise -EBADMSG. Returns the reader's error.
 */
int per_get_end(struct per_reader *r);

/* Constrained whole number lb..ub with range <= 64K (X.691 10.5.7.1-3);
 * a value above ub is -ERANGE.
 */
uint32_t per_get_constrained(struct per_reader *r, uint32_t lb, uint32_t ub);
/*
 * Constrained whole number with range above 64K (X.691 10.5.7.4): octet
 * count - 1 in len_bits bits, then that many aligned octets; more than
 * max_octets is -EBADMSG, a value above ub -ERANGE.
 */
uint64_t per_get_large_uint(struct per_reader *r, unsigned int len_bits,
			    unsigned int max_octets, uint64_t ub);
/*
 * ENUMERATED with 'root' root values and 'extensions' known additions
 * (X.691 14): an index outside both is -ERANGE. Returns root + i for
 * extension addition i.
 */
unsigned int per_get_enumerated(struct per_reader *r, unsigned int root,
				unsigned int extensions, bool extensible);
/* SEQUENCE OF count with SIZE (lb..ub), ub < 64K, not extensible. */
size_t per_get_count(struct per_reader *r, uint32_t lb, uint32_t ub);

/*
 * SEQUENCE tails: ProtocolExtensionContainer (TS 36.413 9.3.7: SIZE
 * (1..65535) OF {id, criticality, open type}) and extension additions
 * (X.691 19.7-19.9: a normally small length bitmap, one open type per
 * present addition). Both are read and dropped; a container field of
 * criticality reject or notify is noted in ext_*.
 */
void per_skip_ext_container(struct per_reader *r);
void per_skip_ext_additions(struct per_reader *r);
/* Carries src's unknown extension field (if any, and dst has none) up. */
void per_reader_merge_ext(struct per_reader *dst, const struct per_reader *src);
/* Both, as a SEQUENCE's preamble said. */
void per_skip_seq_tail(struct per_reader *r, bool has_container,
		       bool extended);

#endif /* NASSEC_PER_READ_H */
