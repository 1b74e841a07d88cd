// SPDX-License-Identifier: LGPL-2.1-or-later
/* NAS PDU protect (downlink) and unprotect (uplink), several PDUs per request. */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

/*
 * Bound on the NAS octets per request, so request and reply stay well
 * inside socket buffers; a bigger batch goes out as several requests.
 */
#define BATCH_OCTETS	(32 * 1024)

#define PDU_SPACE(len) (3 * MNL_ATTR_HDRLEN + MNL_ALIGN(len) + 4)

struct pdu_reply {
	struct nassec_pdu *pdus;
	size_t n;
	size_t next;
	bool unprotect;
};

static void parse_pdu(const struct nlattr *nest, struct nassec_pdu *p, bool unprotect)
{
	const struct nlattr *tb[NASSEC_PDU_A_MAX + 1];

	nassec_attr_index(tb, NASSEC_PDU_A_MAX + 1, nest);
	if (tb[NASSEC_PDU_A_ERROR])
		p->error = (int32_t)(uint32_t)nassec_attr_uint(tb[NASSEC_PDU_A_ERROR]);
	if (tb[NASSEC_PDU_A_VERDICT])
		p->verdict = (uint32_t)nassec_attr_uint(tb[NASSEC_PDU_A_VERDICT]);
	if (tb[NASSEC_PDU_A_COUNT]) {
		p->count = (uint32_t)nassec_attr_uint(tb[NASSEC_PDU_A_COUNT]);
		p->has_count = true;
	}
	if (tb[NASSEC_PDU_A_FLAGS])
		p->flags = (uint32_t)nassec_attr_uint(tb[NASSEC_PDU_A_FLAGS]);
	if (unprotect && tb[NASSEC_PDU_A_SEC_HDR_TYPE])
		p->sec_hdr_type = (uint8_t)nassec_attr_uint(tb[NASSEC_PDU_A_SEC_HDR_TYPE]);
	if (tb[NASSEC_PDU_A_DATA]) {
		size_t len = mnl_attr_get_payload_len(tb[NASSEC_PDU_A_DATA]);

		if (len > p->out_cap || !p->out) {
			if (!p->error)
				p->error = -EMSGSIZE;
		} else {
			memcpy(p->out, mnl_attr_get_payload(tb[NASSEC_PDU_A_DATA]), len);
			p->out_len = len;
		}
	}
}

static int pdu_reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct pdu_reply *r = arg;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != NASSEC_A_PDU)
			continue;
		if (r->next >= r->n)
			return -EPROTO;
		parse_pdu(a, &r->pdus[r->next++], r->unprotect);
	}
	return 0;
}

/* Sends pdus[0..n) as one request. */
static int pdu_batch(struct nassec *h, uint8_t cmd, uint32_t ue_id,
		     struct nassec_pdu *pdus, size_t n, size_t space)
{
	struct pdu_reply reply = {
		.pdus = pdus, .n = n, .unprotect = cmd == NASSEC_CMD_PDU_UNPROTECT,
	};
	struct nassec_req req;
	int err;

	/* plain NAS: in a protect request, in an unprotect reply */
	err = nassec_req_init(h, &req, cmd, NASSEC_REQ_SECRET, MNL_ATTR_HDRLEN + 4 + space);
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_UE_ID, ue_id);
	for (size_t i = 0; i < n; i++) {
		struct nlattr *nest = mnl_attr_nest_start(req.nlh, NASSEC_A_PDU);

		if (!reply.unprotect)
			mnl_attr_put_u8(req.nlh, NASSEC_PDU_A_SEC_HDR_TYPE, pdus[i].sec_hdr_type);
		mnl_attr_put(req.nlh, NASSEC_PDU_A_DATA, pdus[i].in_len, pdus[i].in);
		mnl_attr_nest_end(req.nlh, nest);
	}
	err = nassec_req_run(h, &req, pdu_reply_cb, &reply);
	if (err == -EPROTO)
		return nassec_fail(h, err, "more PDUs in the reply than in the request");
	if (err)
		return err;
	if (reply.next != n)
		return nassec_fail(h, -EPROTO, "reply has %zu PDUs for %zu sent", reply.next, n);
	return 0;
}

static int pdu_run(struct nassec *h, uint8_t cmd, uint32_t ue_id,
		   struct nassec_pdu *pdus, size_t n)
{
	size_t first = 0;

	for (size_t i = 0; i < n; i++) {
		pdus[i].out_len = 0;
		pdus[i].error = 0;
		pdus[i].verdict = 0;
		pdus[i].count = 0;
		pdus[i].has_count = false;
		pdus[i].flags = 0;
		if (!pdus[i].in_len || pdus[i].in_len > NASSEC_PDU_MAX)
			return nassec_fail(h, -EINVAL, "PDU %zu: length %zu not in 1..%d",
					   i + 1, pdus[i].in_len, NASSEC_PDU_MAX);
	}
	while (first < n) {
		size_t space = 0, last = first;
		int err;

		while (last < n && (last == first || space + PDU_SPACE(pdus[last].in_len) <= BATCH_OCTETS))
			space += PDU_SPACE(pdus[last++].in_len);
		err = pdu_batch(h, cmd, ue_id, pdus + first, last - first, space);
		if (err)
			return err;
		first = last;
	}
	return 0;
}

NASSEC_EXPORT int nassec_pdu_protect(struct nassec *h, uint32_t ue_id,
				     struct nassec_pdu *pdus, size_t n)
{
	return pdu_run(h, NASSEC_CMD_PDU_PROTECT, ue_id, pdus, n);
}

NASSEC_EXPORT int nassec_pdu_unprotect(struct nassec *h, uint32_t ue_id,
				       struct nassec_pdu *pdus, size_t n)
{
	return pdu_run(h, NASSEC_CMD_PDU_UNPROTECT, ue_id, pdus, n);
}
