// SPDX-License-Identifier: GPL-2.0
/* ALIGNED PER writer (X.691); see per_write.h. */
#include <errno.h>
#include <string.h>

#include "per_write.h"

void per_init(struct per_writer *w, uint8_t *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = cap;
}

int per_finish(struct per_writer *w)
{
	if (w->err)
		return w->err;
	per_align(w);
	return w->err ? w->err : (int)(w->bit / 8);
}

void per_fail(struct per_writer *w, int err)
{
	if (!w->err)
		w->err = err;
}

void per_bits(struct per_writer *w, uint64_t v, unsigned int n)
{
	while (n-- && !w->err) {
		size_t octet = w->bit / 8;
		unsigned int shift = 7 - w->bit % 8;

		if (octet >= w->cap) {
			per_fail(w, -ENOSPC);
			return;
		}
		if (shift == 7)
			w->buf[octet] = 0;
		w->buf[octet] |= ((v >> n) & 1) << shift;
		w->bit++;
	}
}

void per_align(struct per_writer *w)
{
	/* Bits not yet written in a started octet are already zero. */
	w->bit = (w->bit + 7) & ~(size_t)7;
}

void per_octets(struct per_writer *w, const void *data, size_t n)
{
	per_align(w);
	if (w->err)
		return;
	if (w->bit / 8 > w->cap || n > w->cap - w->bit / 8) {
		per_fail(w, -ENOSPC);
		return;
	}
	if (n)
		memcpy(w->buf + w->bit / 8, data, n);
	w->bit += n * 8;
}

void per_u8(struct per_writer *w, uint8_t v)
{
	per_octets(w, &v, 1);
}

void per_u16(struct per_writer *w, uint16_t v)
{
	uint8_t be[2] = { v >> 8, v & 0xff };

	per_octets(w, be, 2);
}

size_t per_offset(struct per_writer *w)
{
	per_align(w);
	return w->bit / 8;
}

void per_length(struct per_writer *w, size_t len)
{
	if (len < 128) {
		per_u8(w, len);
	} else if (len < 16384) {
		per_u8(w, 0x80 | len >> 8);
		per_u8(w, len & 0xff);
	} else {
		per_fail(w, -EMSGSIZE);	/* X.691 10.9.3.8 fragments */
	}
}

size_t per_open_begin(struct per_writer *w)
{
	size_t start = per_offset(w);

	per_u8(w, 0);
	return start;
}

void per_open_end(struct per_writer *w, size_t start)
{
	size_t len;

	if (w->err)
		return;
	len = per_offset(w) - start - 1;
	if (!len) {
		/* X.691 10.2.1: an empty encoding becomes one zero octet. */
		per_u8(w, 0);
		len = 1;
	}
	if (len < 128) {
		w->buf[start] = len;
		return;
	}
	if (len >= 16384) {
		per_fail(w, -EMSGSIZE);
		return;
	}
	if (w->bit / 8 >= w->cap) {
		per_fail(w, -ENOSPC);
		return;
	}
	memmove(w->buf + start + 2, w->buf + start + 1, len);
	w->buf[start] = 0x80 | len >> 8;
	w->buf[start + 1] = len & 0xff;
	w->bit += 8;
	if (w->marked && w->mark > start)
		w->mark++;
}

static unsigned int bits_for_range(uint64_t range)
{
	unsigned int n = 0;

	while (n < 64 && ((uint64_t)1 << n) < range)
		n++;
	return n;
}

void per_constrained(struct per_writer *w, uint32_t v, uint32_t lb,
		     uint32_t ub)
{
	uint64_t range = (uint64_t)ub - lb + 1;

	if (v < lb || v > ub) {
		per_fail(w, -EINVAL);
		return;
	}
	v -= lb;
	if (range <= 255) {
		per_bits(w, v, bits_for_range(range));
	} else if (range == 256) {
		per_align(w);
		per_bits(w, v, 8);
	} else {
		per_align(w);
		per_bits(w, v, 16);
	}
}

void per_large_uint(struct per_writer *w, uint64_t v, unsigned int len_bits,
		    unsigned int max_octets)
{
	unsigned int n = 1;

	while (n < 8 && v >> (8 * n))
		n++;
	if (n > max_octets) {
		per_fail(w, -EINVAL);
		return;
	}
	per_bits(w, n - 1, len_bits);
	per_align(w);
	per_bits(w, v, 8 * n);
}

void per_enumerated(struct per_writer *w, unsigned int v, unsigned int root,
		    unsigned int extensions, bool extensible)
{
	if (v < root) {
		if (extensible)
			per_bits(w, 0, 1);
		per_bits(w, v, bits_for_range(root));
	} else if (extensible && v - root < extensions && v - root < 64) {
		/* X.691 14.3: extension bit, normally small number. */
		per_bits(w, 1, 1);
		per_bits(w, 0, 1);
		per_bits(w, v - root, 6);
	} else {
		per_fail(w, -EINVAL);
	}
}

void per_count(struct per_writer *w, size_t n, uint32_t lb, uint32_t ub)
{
	if (n < lb || n > ub) {
		per_fail(w, -EINVAL);
		return;
	}
	per_constrained(w, (uint32_t)n, lb, ub);
}

void per_mark(struct per_writer *w)
{
	size_t off = per_offset(w);

	if (!w->marked) {
		w->mark = off;
		w->marked = true;
	}
}
