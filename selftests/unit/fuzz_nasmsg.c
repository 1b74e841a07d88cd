// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for libnas (tools/lib/nas): the outer header helper,
 * the plain message decoder and the ESM container decoder over arbitrary
 * octets, and decode -> encode -> decode consistency: whatever decodes
 * must encode (-ENOSPC in one octet less), the encoding must decode again,
 * cleanly, to the same header and optional IEs, and encode to the same
 * octets (a fixed point after one normalisation of spare bits). ASan/UBSan catch memory errors; the
 * harness aborts when a rule of nas_msg.h is broken.
 *
 * Input: one config octet (bit 0: direction, bit 1: read it as a NAS PDU
 * with a security header first), then the message.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nas_msg.h"

#define MSG_MAX 70000

static bool documented_decode_error(int r)
{
	return r == -EBADMSG || r == -EPROTO || r == -ENOMSG ||
	       r == -EOPNOTSUPP;
}

static void check_container(const struct nas_buf *c, enum nas_msg_dir dir)
{
	struct nas_msg esm;
	struct nas_diag d;
	int r = nas_msg_esm_decode(c, dir, &esm, &d);

	if (r && !documented_decode_error(r))
		abort();
}

static void check_msg(const uint8_t *msg, size_t len, enum nas_msg_dir dir)
{
	static uint8_t a[MSG_MAX], b[MSG_MAX];
	struct nas_msg m, m2;
	struct nas_diag d;
	int r, n, n2;

	r = nas_msg_decode(msg, len, dir, &m, &d);
	if (r) {
		if (!documented_decode_error(r))
			abort();
		return;
	}
	if (m.dir != dir || d.offset > len)
		abort();
	if (m.pd == NAS_MSG_PD_EMM) {
		if (m.type == NAS_EMM_ATTACH_REQUEST)
			check_container(&m.u.attach_req.esm, dir);
		if (m.type == NAS_EMM_ATTACH_ACCEPT)
			check_container(&m.u.attach_acc.esm, dir);
		if (m.type == NAS_EMM_ATTACH_COMPLETE)
			check_container(&m.u.attach_cpl.esm, dir);
	}

	n = nas_msg_encode(&m, a, sizeof(a));
	if (n <= 0)
		abort();
	if (nas_msg_encode(&m, b, n - 1) != -ENOSPC)
		abort();
	r = nas_msg_decode(a, n, dir, &m2, &d);
	if (r || d.unknown || d.ignored || m2.pd != m.pd ||
	    m2.type != m.type || m2.opt != m.opt || m2.ebi != m.ebi ||
	    m2.pti != m.pti)
		abort();
	/* The encoding of a decoded encoding is a fixed point. */
	n2 = nas_msg_encode(&m2, b, sizeof(b));
	if (n2 != n || memcmp(a, b, n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum nas_msg_dir dir;
	struct nas_msg_outer o;
	uint8_t cfg;
	int r;

	if (!size)
		return 0;
	cfg = data[0];
	dir = cfg & 1 ? NAS_MSG_DL : NAS_MSG_UL;
	data++;
	size--;
	if (!(cfg & 2)) {
		check_msg(data, size, dir);
		return 0;
	}
	r = nas_msg_outer(data, size, &o);
	if (r) {
		if (r != -EBADMSG && r != -EPROTO)
			abort();
		return 0;
	}
	if (o.inner_off + o.inner_len > size)
		abort();
	if (o.inner_len)
		check_msg(data + o.inner_off, o.inner_len, dir);
	return 0;
}
