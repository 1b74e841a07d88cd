// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for libs1ap's parser (s1ap_parse) and, through
 * s1ap_build_message(), its builders. Any input must give one of the
 * documented results; on success every pointer into the input stays
 * inside it, and building the parse then parsing and building again is a
 * fixed point (decode -> build -> decode -> build yields the same octets).
 * Out-of-bounds reads are ASan's to catch (libFuzzer's input is exact).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "s1ap.h"
#include "s1ap_build.h"
#include "s1ap_parse.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

static int inside(const uint8_t *p, size_t n, const uint8_t *buf, size_t len)
{
	return p >= buf && n <= len && (size_t)(p - buf) <= len - n;
}

/* Whatever the message points at lies in the input. */
static void check_pointers(const struct s1ap_message *m, const uint8_t *buf,
			   size_t len)
{
	const struct s1ap_nas *nas = NULL;
	size_t i;

	switch (m->type) {
	case S1AP_MSG_INITIAL_UE_MESSAGE:
		nas = &m->u.initial_ue.nas;
		break;
	case S1AP_MSG_UPLINK_NAS_TRANSPORT:
		nas = &m->u.uplink_nas.nas;
		break;
	case S1AP_MSG_DOWNLINK_NAS_TRANSPORT:
		nas = &m->u.downlink_nas.nas;
		break;
	case S1AP_MSG_NAS_NON_DELIVERY_INDICATION:
		nas = &m->u.nas_non_delivery.nas;
		break;
	case S1AP_MSG_UE_CAPABILITY_INFO_INDICATION:
		check(!m->u.ue_capability.radio_capability_len ||
		      inside(m->u.ue_capability.radio_capability,
			     m->u.ue_capability.radio_capability_len, buf,
			     len));
		break;
	case S1AP_MSG_INITIAL_CONTEXT_SETUP_REQUEST:
		check(m->u.ics_request.n_erabs <= S1AP_PARSE_MAX_ERABS);
		for (i = 0; i < m->u.ics_request.n_erabs; i++) {
			const struct s1ap_nas *n = &m->u.ics_request.erabs[i].nas;

			check(!n->len || inside(n->data, n->len, buf, len));
		}
		break;
	default:
		break;
	}
	if (nas)
		check(!nas->len || inside(nas->data, nas->len, buf, len));
	check(m->diag.n_ies <= S1AP_CRIT_DIAG_MAX_IES);
	check(m->n_missing <= S1AP_PARSE_MAX_MISSING);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t b1[1 << 16], b2[1 << 16];
	static struct s1ap_message m, m2;
	int r, l1, l2;

	r = s1ap_parse(data, size, &m);
	check(r == 0 || r == -EBADMSG || r == -ENOMSG || r == -ERANGE ||
	      r == -EPROTO || r == -ENOENT);
	if (r)
		return 0;
	check(m.type > S1AP_MSG_UNKNOWN && m.type < S1AP_MSG_COUNT);
	check_pointers(&m, data, size);

	/* A parse a builder refuses (e.g. a missing ignorable IE left
	 * zero, a list whose items were all of unknown ids) is fine; one
	 * it takes must come back the same.
	 */
	l1 = s1ap_build_message(b1, sizeof(b1), &m);
	check(l1 > 0 || l1 == -EINVAL);
	if (l1 <= 0)
		return 0;
	r = s1ap_parse(b1, l1, &m2);
	check(r == 0 && m2.type == m.type);
	l2 = s1ap_build_message(b2, sizeof(b2), &m2);
	check(l2 == l1 && !memcmp(b1, b2, l1));
	return 0;
}
