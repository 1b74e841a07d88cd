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
 * With config bit 2, the encoder is fuzzed instead: the input is the image
 * of a struct nas_msg of one of the known messages (its struct nas_buf
 * fields pointed into the rest of the input), encoded into a heap buffer
 * of the size the input asks for; the encoder must stay inside it, fail
 * only with -ENOSPC or -EINVAL, and what it encodes must decode, cleanly,
 * to the same optional IEs and encode to the same octets.
 *
 * Input: one config octet (bit 0: direction, bit 1: read it as a NAS PDU
 * with a security header first, bit 2: fuzz the encoder), then the
 * message (or the encoder's input: message index, 2 octets of buffer
 * size, 4 of optional IE bits, EBI, PTI, data length and data, then the
 * image of the union, zeros when short).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nas_desc.h"
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

static void check_encode(const uint8_t *data, size_t size)
{
	static uint8_t re[MSG_MAX];
	const struct nas_msg_desc *d;
	struct nas_msg m, m2;
	struct nas_diag diag;
	size_t cap, img, pool_len, i;
	uint32_t mask = 0;
	const uint8_t *pool;
	uint8_t *buf;
	int n, r;

	if (size < 10)
		return;
	i = data[0] % (nas_emm_nmsgs + nas_esm_nmsgs);
	d = i < nas_emm_nmsgs ? &nas_emm_msgs[i] :
	    &nas_esm_msgs[i - nas_emm_nmsgs];
	cap = (size_t)data[1] << 8 | data[2];
	memset(&m, 0, sizeof(m));
	m.pd = d->pd;
	m.type = d->type;
	m.dir = d->dir < 0 ? data[3] & 1 : d->dir;
	memcpy(&m.opt, data + 3, sizeof(m.opt));
	m.ebi = data[7] & 0x0f;
	m.pti = data[8];
	pool_len = data[9] < size - 10 ? data[9] : size - 10;
	pool = data + 10;
	data += 10 + pool_len;
	size -= 10 + pool_len;
	img = size < sizeof(m.u) ? size : sizeof(m.u);
	memcpy(&m.u, data, img);
	for (i = 0; i < d->nies; i++) {
		struct nas_buf *b = (struct nas_buf *)((uint8_t *)&m +
						       d->ies[i].off);

		if (d->ies[i].bit >= 0)
			mask |= NAS_OPT(d->ies[i].bit);
		if (d->ies[i].kind != NAS_K_BUF)
			continue;
		b->data = pool;
		b->len %= pool_len + 1;
	}

	buf = malloc(cap ? cap : 1);
	if (!buf)
		abort();
	n = nas_msg_encode(&m, buf, cap);
	if (n < 0) {
		free(buf);
		if (n != -ENOSPC && n != -EINVAL)
			abort();
		return;
	}
	if ((size_t)n > cap)
		abort();
	r = nas_msg_decode(buf, n, m.dir, &m2, &diag);
	if (r || diag.unknown || diag.ignored || m2.opt != (m.opt & mask) ||
	    nas_msg_encode(&m2, re, sizeof(re)) != n || memcmp(buf, re, n))
		abort();
	free(buf);
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
	if (cfg & 4) {
		check_encode(data, size);
		return 0;
	}
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
