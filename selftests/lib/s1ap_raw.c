// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s1ap_raw.h"

long hex_parse(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;

		if (*hex == ' ')
			continue;
		if (*hex >= '0' && *hex <= '9')
			v = *hex - '0';
		else if (*hex >= 'a' && *hex <= 'f')
			v = *hex - 'a' + 10;
		else
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == max)
			return -1;
		out[n++] = hi << 4 | v;
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

void hex_format(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = '\0';
}

/* X.691 10.9: a length determinant below 16384, one octet under 128. */
static size_t put_length(uint8_t *p, size_t len)
{
	if (len < 128) {
		p[0] = len;
		return 1;
	}
	p[0] = 0x80 | len >> 8;
	p[1] = len & 0xff;
	return 2;
}

size_t s1ap_raw_assemble(uint8_t *out, size_t cap, uint8_t pdu_type, uint8_t procedure,
			 uint8_t seq_octet, const struct s1ap_raw_ie *ies, size_t n,
			 long count, const char *tail)
{
	static uint8_t value[16000];
	size_t v = 0, o = 0, i;
	long len;

	value[v++] = seq_octet;
	if (count < 0)
		count = n;
	value[v++] = count >> 8;
	value[v++] = count & 0xff;
	for (i = 0; i < n; i++) {
		uint8_t content[2048];

		len = hex_parse(ies[i].value, content, sizeof(content));
		if (len < 0 || v + 5 + len > sizeof(value))
			abort();
		value[v++] = ies[i].id >> 8;
		value[v++] = ies[i].id & 0xff;
		value[v++] = ies[i].crit << 6;
		v += put_length(value + v, len);
		memcpy(value + v, content, len);
		v += len;
	}
	if (tail) {
		len = hex_parse(tail, value + v, sizeof(value) - v);
		if (len < 0)
			abort();
		v += len;
	}
	if (v + 5 > cap)
		abort();
	out[o++] = pdu_type << 5;
	out[o++] = procedure;
	out[o++] = 0x40;
	o += put_length(out + o, v);
	memcpy(out + o, value, v);
	return o + v;
}
