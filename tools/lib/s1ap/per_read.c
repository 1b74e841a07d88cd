// SPDX-License-Identifier: GPL-2.0
/* ALIGNED PER reader (X.691); see per_read.h. */
#include <errno.h>
#include <string.h>

#include "per_read.h"

/*
 * Longest encoding read: an S1AP-PDU's outer open type is below 16K octets
 * (longer needs fragments), so this only keeps bit positions far from
 * overflow, as kmod/s1ap.c's S1AP_SCAN_MAX does.
 */
#define PER_READ_MAX	(1u << 16)

void per_reader_init(struct per_reader *r, const uint8_t *buf, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->end = (len < PER_READ_MAX ? len : PER_READ_MAX) * 8;
}

void per_reader_fail(struct per_reader *r, int err)
{
	if (!r->err)
		r->err = err;
}

uint64_t per_get_bits(struct per_reader *r, unsigned int n)
{
	uint64_t v = 0;

	if (r->err)
		return 0;
	if (n > 64 || n > r->end - r->bit) {
		per_reader_fail(r, -EBADMSG);
		return 0;
	}
	while (n--) {
		v = v << 1 | ((r->buf[r->bit / 8] >> (7 - r->bit % 8)) & 1);
		r->bit++;
	}
	return v;
}

bool per_get_bit(struct per_reader *r)
{
	return per_get_bits(r, 1);
}

void per_get_align(struct per_reader *r)
{
	if (!r->err)
		r->bit = (r->bit + 7) & ~(size_t)7;
}

const uint8_t *per_get_octets(struct per_reader *r, size_t n)
{
	const uint8_t *p;

	per_get_align(r);
	if (r->err)
		return NULL;
	if (n > (r->end - r->bit) / 8) {
		per_reader_fail(r, -EBADMSG);
		return NULL;
	}
	p = r->buf + r->bit / 8;
	r->bit += n * 8;
	return p;
}

uint8_t per_get_u8(struct per_reader *r)
{
	const uint8_t *p = per_get_octets(r, 1);

	return p ? p[0] : 0;
}

uint16_t per_get_u16(struct per_reader *r)
{
	const uint8_t *p = per_get_octets(r, 2);

	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

uint32_t per_get_u32(struct per_reader *r)
{
	const uint8_t *p = per_get_octets(r, 4);

	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		   (uint32_t)p[2] << 8 | p[3] : 0;
}

size_t per_get_length(struct per_reader *r)
{
	uint8_t first = per_get_u8(r);

	if (!(first & 0x80))
		return first;
	if (first & 0x40) {
		per_reader_fail(r, -EMSGSIZE);	/* X.691 10.9.3.8 fragment */
		return 0;
	}
	return (size_t)(first & 0x3f) << 8 | per_get_u8(r);
}

void per_get_open(struct per_reader *r, struct per_reader *sub)
{
	size_t len = per_get_length(r);
	const uint8_t *p;

	memset(sub, 0, sizeof(*sub));
	sub->buf = r->buf;
	/* X.691 10.2.1: never empty (an empty value is one zero octet). */
	if (!r->err && !len)
		per_reader_fail(r, -EBADMSG);
	p = per_get_octets(r, len);
	if (!p) {
		sub->err = r->err;
		return;
	}
	/* Positions stay relative to the whole buffer. */
	sub->bit = (size_t)(p - r->buf) * 8;
	sub->end = sub->bit + len * 8;
}

int per_get_end(struct per_reader *r)
{
	if (!r->err && ((r->bit + 7) & ~(size_t)7) != r->end)
		per_reader_fail(r, -EBADMSG);
	return r->err;
}

static unsigned int bits_for_range(uint64_t range)
{
	unsigned int n = 0;

	while (n < 64 && ((uint64_t)1 << n) < range)
		n++;
	return n;
}

uint32_t per_get_constrained(struct per_reader *r, uint32_t lb, uint32_t ub)
{
	uint64_t range = (uint64_t)ub - lb + 1, v;

	if (range <= 255) {
		v = per_get_bits(r, bits_for_range(range));
	} else if (range == 256) {
		per_get_align(r);
		v = per_get_bits(r, 8);
	} else {
		per_get_align(r);
		v = per_get_bits(r, 16);
	}
	if (!r->err && v > (uint64_t)ub - lb) {
		per_reader_fail(r, -ERANGE);
		return 0;
	}
	return r->err ? 0 : (uint32_t)(v + lb);
}

uint64_t per_get_large_uint(struct per_reader *r, unsigned int len_bits,
			    unsigned int max_octets, uint64_t ub)
{
	unsigned int n = (unsigned int)per_get_bits(r, len_bits) + 1;
	uint64_t v;

	if (!r->err && n > max_octets) {
		per_reader_fail(r, -EBADMSG);
		return 0;
	}
	per_get_align(r);
	v = per_get_bits(r, 8 * n);
	if (!r->err && v > ub) {
		per_reader_fail(r, -ERANGE);
		return 0;
	}
	return r->err ? 0 : v;
}

unsigned int per_get_enumerated(struct per_reader *r, unsigned int root,
				unsigned int extensions, bool extensible)
{
	uint64_t v;

	if (extensible && per_get_bit(r)) {
		/* X.691 14.3: normally small number; >= 64 is unknown too. */
		if (per_get_bit(r)) {
			per_reader_fail(r, -ERANGE);
			return 0;
		}
		v = per_get_bits(r, 6);
		if (!r->err && v >= extensions) {
			per_reader_fail(r, -ERANGE);
			return 0;
		}
		return r->err ? 0 : root + (unsigned int)v;
	}
	v = per_get_bits(r, bits_for_range(root));
	if (!r->err && v >= root) {
		per_reader_fail(r, -ERANGE);
		return 0;
	}
	return r->err ? 0 : (unsigned int)v;
}

size_t per_get_count(struct per_reader *r, uint32_t lb, uint32_t ub)
{
	return per_get_constrained(r, lb, ub);
}

void per_skip_ext_container(struct per_reader *r)
{
	struct per_reader field;
	size_t n = per_get_constrained(r, 1, 65535), i;

	for (i = 0; i < n && !r->err; i++) {
		uint16_t id = per_get_u16(r);
		uint8_t crit = (uint8_t)per_get_bits(r, 2);

		if (crit == 3)
			per_reader_fail(r, -EBADMSG);
		per_get_open(r, &field);
		/* Criticality ignore (1) is skipped silently. */
		if (!r->err && crit != 1 && !r->ext_unknown) {
			r->ext_unknown = true;
			r->ext_crit = crit;
			r->ext_id = id;
		}
	}
}

void per_reader_merge_ext(struct per_reader *dst, const struct per_reader *src)
{
	if (src->ext_unknown && !dst->ext_unknown) {
		dst->ext_unknown = true;
		dst->ext_crit = src->ext_crit;
		dst->ext_id = src->ext_id;
	}
}

void per_skip_ext_additions(struct per_reader *r)
{
	struct per_reader addition;
	unsigned int n, present = 0, i;

	if (per_get_bit(r)) {
		/* More than 64 additions: no S1AP type has that many. */
		per_reader_fail(r, -ERANGE);
		return;
	}
	n = (unsigned int)per_get_bits(r, 6) + 1;
	for (i = 0; i < n && !r->err; i++)
		present += per_get_bit(r);
	for (i = 0; i < present && !r->err; i++)
		per_get_open(r, &addition);
}

void per_skip_seq_tail(struct per_reader *r, bool has_container, bool extended)
{
	if (has_container)
		per_skip_ext_container(r);
	if (extended)
		per_skip_ext_additions(r);
}
