// SPDX-License-Identifier: GPL-2.0
/* Operator policy: algorithm choice, UE security capability, 4.4.4.3 list. */
#include "emm_int.h"

/*
 * TS 33.401 7.2.4.2.1 / 5.1.3.1: the MME takes the highest-priority
 * algorithm of its configured list that the UE supports (and, here, that
 * the subscriber's override allows). EIA0 is for unauthenticated
 * emergency calls only (33.401 5.1.4.2), so callers pass allow_null false
 * for integrity whatever the list says.
 */
int emm_select_alg(const uint8_t *prio, unsigned int n, uint8_t ue_mask, uint8_t allowed,
		   bool allow_null)
{
	for (unsigned int i = 0; i < n; i++) {
		uint8_t alg = prio[i];

		if (alg > 7 || (alg == NASSEC_ALG_NULL && !allow_null))
			continue;
		if (!(ue_mask & (1U << alg)))
			continue;
		if (allowed && !(allowed & (1U << alg)))
			continue;
		return alg;
	}
	return -1;
}

/*
 * TS 24.301 9.9.3.36, 5.4.3.2: the UE security capability replayed in the
 * SECURITY MODE COMMAND is built from what the UE sent in its UE network
 * capability (9.9.3.34: EEA, EIA, and, for a UMTS-capable UE, UEA and UIA
 * whose bit 8 is UCS2 there but spare here) and, for a GPRS-capable UE,
 * the GEA bits of its MS network capability, so the UE can see that no one
 * stripped anything on the way (bidding-down protection, 33.401 7.2.4.4).
 */
unsigned int emm_ue_sec_cap(const struct emm_attach_req *req, uint8_t *cap)
{
	unsigned int len = 0;

	if (req->net_cap_len < 2)
		return 0;
	cap[len++] = req->net_cap[0];
	cap[len++] = req->net_cap[1];
	if (req->net_cap_len >= 4) {
		cap[len++] = req->net_cap[2];
		cap[len++] = req->net_cap[3] & 0x7f;
	}
	if (req->has_gea) {
		if (len == 2) {
			/* Octet 7 cannot come without octets 5-6: no UMTS algorithms. */
			cap[len++] = 0;
			cap[len++] = 0;
		}
		cap[len++] = req->gea & 0x7f;
	}
	return len;
}

/*
 * TS 24.301 4.4.4.3, for a message that is plain, failed its check or could
 * not be checked:
 * - once secure exchange is established on the connection (a message
 *   verified there, or SECURITY MODE COMPLETE), nothing unverified is
 *   processed: it is discarded;
 * - before that, the messages a UE sends when it has no context, or one we
 *   do not share, are processed: ATTACH REQUEST, IDENTITY RESPONSE (to our
 *   request for the IMSI), AUTHENTICATION RESPONSE and FAILURE, SECURITY
 *   MODE REJECT, DETACH REQUEST and ACCEPT, TRACKING AREA UPDATE REQUEST;
 *   when a current EPS security context exists also SERVICE REQUEST
 *   (the procedure that needs it comes later);
 * - anything else is discarded.
 */
bool emm_allowed_unprotected(const struct emm_ue *ue, const struct emm_nas_in *m)
{
	if (ue->flags & EMM_UE_F_SECURE)
		return false;
	switch (m->msg_type) {
	case EMM_MSG_ATTACH_REQUEST:
	case EMM_MSG_AUTH_RESPONSE:
	case EMM_MSG_AUTH_FAILURE:
	case EMM_MSG_SMC_REJECT:
	case EMM_MSG_DETACH_REQUEST:
	case EMM_MSG_DETACH_ACCEPT:
	case EMM_MSG_TAU_REQUEST:
		return true;
	case EMM_MSG_IDENTITY_RESPONSE:
		return ue->sub == EMM_S_IDENTITY && m->identity.type == EMM_ID_IMSI;
	case EMM_MSG_SERVICE_REQUEST:
		return ue->flags & EMM_UE_F_CUR_CTX;
	}
	return false;
}
