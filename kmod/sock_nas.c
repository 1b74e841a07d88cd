// SPDX-License-Identifier: GPL-2.0
/*
 * The socket path's glue between S1AP and the per-UE contexts: find the
 * NAS-PDU of a received S1AP message and verify it in place; protect the
 * NAS-PDU a sender named.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "ctx.h"
#include "nas.h"
#include "s1ap.h"
#include "sock_nas.h"

/*
 * The message buffers may be vmalloc'ed; the crypto wants the linear
 * mapping: the NAS-PDU goes through a kmalloc'ed copy.
 */
int nassec_sock_nas_protect(struct net *net,
			    const struct nassec_protect_info *pi, u8 *nas)
{
	u32 count, flags;
	u8 *pdu;
	int err;

	pdu = kmemdup(nas, pi->nas_len, GFP_KERNEL);
	if (!pdu)
		return -ENOMEM;
	err = nassec_ctx_protect(net, pi->ue_id, pi->sec_hdr_type, pdu,
				 pi->nas_len, &count, &flags);
	if (!err)
		memcpy(nas, pdu, pi->nas_len);
	kfree_sensitive(pdu);
	return err;
}

static void nassec_sock_nas_unprotect(struct net *net, u32 ue_id, u8 *nas,
				      u32 nas_len,
				      struct nassec_verdict_info *vi)
{
	struct nas_result res = {};
	u8 *pdu;
	int err;

	pdu = kmemdup(nas, nas_len, GFP_KERNEL);
	if (!pdu) {
		vi->verdict = NASSEC_VERDICT_MAC_FAIL;	/* not verified */
		return;
	}
	err = nassec_ctx_unprotect(net, ue_id, pdu, nas_len, &res);
	nas_verdict_info(vi, err, &res);
	/* Only an accepted PDU is deciphered; anything else stays as received. */
	if (vi->verdict == NASSEC_VERDICT_OK)
		memcpy(nas, pdu, nas_len);
	kfree_sensitive(pdu);
}

void nassec_sock_nas_verify(struct net *net, u8 *msg, size_t len,
			    struct nassec_verdict_info *vi)
{
	if (s1ap_nas_to_verify(msg, len, vi))
		nassec_sock_nas_unprotect(net, vi->ue_id, msg + vi->nas_offset,
					  vi->nas_len, vi);
}
