// SPDX-License-Identifier: LGPL-2.1-or-later
/* TS 33.401 Annex A derivations done in the kernel from the context's KASME. */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

struct key_out {
	uint16_t type;
	uint8_t *key;
	size_t len;
	bool seen;
};

static int key_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct key_out *k = arg;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == k->type &&
		    mnl_attr_get_payload_len(a) == k->len) {
			memcpy(k->key, mnl_attr_get_payload(a), k->len);
			k->seen = true;
		}
	}
	return 0;
}

static int derive(struct nassec *h, struct nassec_req *req, struct key_out *k)
{
	int err = nassec_req_run(h, req, key_reply, k);

	if (err)
		return err;
	if (!k->seen)
		return nassec_fail(h, -EPROTO, "no key in the reply");
	return 0;
}

NASSEC_EXPORT int nassec_derive_kenb(struct nassec *h, uint32_t ue_id, uint32_t ul_count,
				     uint8_t kenb[NASSEC_KENB_LEN])
{
	struct key_out k = { .type = NASSEC_A_KENB, .key = kenb, .len = NASSEC_KENB_LEN };
	struct nassec_req req;
	int err;

	err = nassec_req_init(h, &req, NASSEC_CMD_DERIVE_KENB, NASSEC_REQ_SECRET,
			      2 * (MNL_ATTR_HDRLEN + 4));
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_UE_ID, ue_id);
	if (ul_count != NASSEC_UL_COUNT_LAST)
		mnl_attr_put_u32(req.nlh, NASSEC_A_UL_COUNT, ul_count);
	return derive(h, &req, &k);
}

NASSEC_EXPORT int nassec_derive_nh(struct nassec *h, uint32_t ue_id,
				   const uint8_t sync_input[NASSEC_NH_LEN],
				   uint8_t nh[NASSEC_NH_LEN])
{
	struct key_out k = { .type = NASSEC_A_NH, .key = nh, .len = NASSEC_NH_LEN };
	struct nassec_req req;
	int err;

	err = nassec_req_init(h, &req, NASSEC_CMD_DERIVE_NH, NASSEC_REQ_SECRET,
			      2 * MNL_ATTR_HDRLEN + 4 + NASSEC_NH_LEN);
	if (err)
		return err;
	mnl_attr_put_u32(req.nlh, NASSEC_A_UE_ID, ue_id);
	mnl_attr_put(req.nlh, NASSEC_A_SYNC_INPUT, NASSEC_NH_LEN, sync_input);
	return derive(h, &req, &k);
}
