/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-made S1AP PDUs for the codec tests: an encoder written apart from
 * the codecs under test (kmod/s1ap.c, tools/lib/s1ap), so a shared mistake
 * cannot pass unseen, and free to write what they must refuse (wrong
 * counts, unknown IEs, bad criticality, trailing octets).
 */
#ifndef NASSEC_S1AP_RAW_H
#define NASSEC_S1AP_RAW_H

#include <stddef.h>
#include <stdint.h>

struct s1ap_raw_ie {
	uint16_t id;
	uint8_t crit;		/* Criticality: 0 reject, 1 ignore, 2 notify */
	const char *value;	/* hex of the open type's contents */
};

/*
 * Hex to octets, spaces between digits allowed; the count, or -1 (odd
 * count of digits, a character other than 0-9 a-f, more than max).
 */
long hex_parse(const char *hex, uint8_t *out, size_t max);
/* n octets as 2n lower-case hex digits and a NUL. */
void hex_format(const uint8_t *b, size_t n, char *out);

/*
 * One S1AP-PDU (TS 36.413 9.3, ALIGNED PER): the choice (pdu_type), the
 * procedure code, criticality reject, then the message: its SEQUENCE octet
 * (the extension bit), the IE count (count < 0: the real n), the IEs, then
 * 'tail' (hex, extension additions; NULL for none). Aborts if the result
 * does not fit in cap octets: the tests' own inputs are wrong then.
 */
size_t s1ap_raw_assemble(uint8_t *out, size_t cap, uint8_t pdu_type, uint8_t procedure,
			 uint8_t seq_octet, const struct s1ap_raw_ie *ies, size_t n,
			 long count, const char *tail);

#endif
