/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ALIGNED PER (X.691) writer into a caller buffer: the primitives the S1AP
 * builders are made of. Errors are sticky: the first one (-ENOSPC,
 * -EMSGSIZE, -EINVAL) stops all writing and is what per_finish() returns.
 */
#ifndef NASSEC_PER_WRITE_H
#define NASSEC_PER_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct per_writer {
	uint8_t *buf;
	size_t cap;		/* octets */
	size_t bit;		/* next bit to write */
	int err;		/* first error, 0 while all is well */
	size_t mark;		/* a tracked octet offset (the first NAS-PDU) */
	bool marked;
};

void per_init(struct per_writer *w, uint8_t *buf, size_t cap);
/* Octets written (the last one padded), or the first error. */
int per_finish(struct per_writer *w);
void per_fail(struct per_writer *w, int err);

/* The low n bits of v (n <= 64), most significant first, unaligned. */
void per_bits(struct per_writer *w, uint64_t v, unsigned int n);
/* Zero padding to the next octet boundary. */
void per_align(struct per_writer *w);
/* Octet-aligned octets. */
void per_octets(struct per_writer *w, const void *data, size_t n);
void per_u8(struct per_writer *w, uint8_t v);
void per_u16(struct per_writer *w, uint16_t v);
size_t per_offset(struct per_writer *w);	/* aligns, returns octet offset */

/* X.691 10.9.3.6-7: aligned length determinant; >= 16K is -EMSGSIZE. */
void per_length(struct per_writer *w, size_t len);

/*
 * X.691 10.2 open type: begin reserves a one-octet length, end fills it in
 * (moving the contents up one octet when the length needs two, so the
 * buffer never holds more than the final encoding). Returns the start.
 */
size_t per_open_begin(struct per_writer *w);
void per_open_end(struct per_writer *w, size_t start);

/* Constrained whole number lb..ub with range <= 64K (X.691 10.5.7.1-3). */
void per_constrained(struct per_writer *w, uint32_t v, uint32_t lb,
		     uint32_t ub);
/*
 * Constrained whole number with a range above 64K (X.691 10.5.7.4): the
 * octet count - 1 in len_bits bits, then the value in that many aligned
 * octets (at most max_octets).
 */
void per_large_uint(struct per_writer *w, uint64_t v, unsigned int len_bits,
		    unsigned int max_octets);
/*
 * ENUMERATED with 'root' root values and 'extensions' additions after the
 * extension marker (extensions 0: not extensible). X.691 14.
 */
void per_enumerated(struct per_writer *w, unsigned int v, unsigned int root,
		    unsigned int extensions, bool extensible);
/* SEQUENCE OF count with SIZE (lb..ub), ub < 64K (X.691 20.6). */
void per_count(struct per_writer *w, size_t n, uint32_t lb, uint32_t ub);
/* Records the current (aligned) octet offset once: the first NAS-PDU. */
void per_mark(struct per_writer *w);

#endif /* NASSEC_PER_WRITE_H */
