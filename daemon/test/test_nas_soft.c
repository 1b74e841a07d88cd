// SPDX-License-Identifier: GPL-2.0
/*
 * nas_security = daemon: the userspace backend (nas_sec_soft.c) behind
 * the interface the S1AP path and the EMM edge use, against a UE on other
 * crypto (tools/lib/ue/ue_nas.c: ipsec-mb and OpenSSL). For every EIA1-3
 * x EEA0-3 pair it runs what nassec.ko is held to (DESIGN.md, TS 24.301
 * 4.4.3, 5.4.3; TS 33.401 7.2.4.4): SMC under the new context with header
 * type 3 and DL COUNT 0, a verified SECURITY MODE COMPLETE (type 4)
 * promoting it, replays, MAC failures that change nothing, plain messages,
 * reserved and downlink-only header types, COUNT estimation across SQN
 * wrap-around and reordering inside the window, KeNB (A.3) on the right
 * COUNT, the Initial UE Message check, dropping and deleting contexts.
 * Each check names the rule it holds; breaking the rule fails it.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "nas_sec.h"
#include "s1ap_build.h"
#include "tap.h"
#include "ue_nas.h"

#define UE_ID		0x1234
#define ENB_UE_ID	77

static struct nas_sec *sec;
static struct ue_nas ue;		/* the UE's side of the context */
static uint8_t kasme[32];

/* A short EMM message with a body, so ciphering shows. */
static const uint8_t plain[] = { 0x07, 0x43, 0x00, 0x03, 0x52, 0x00, 0xc2, 0x11, 0x22 };

/* An uplink NAS Transport carrying pdu, as the eNB sends it. */
static int ul_s1ap(const uint8_t *pdu, size_t len, uint8_t *buf, size_t cap, size_t *off)
{
	struct s1ap_uplink_nas_transport m = {
		.ids = { .mme_ue_id = UE_ID, .enb_ue_id = ENB_UE_ID },
		.nas = { .data = pdu, .len = len },
	};

	return s1ap_build_uplink_nas_transport(buf, cap, &m, off);
}

struct ul_result {
	struct nassec_verdict_info vi;
	bool deciphered;	/* the NAS-PDU's message is the plain one */
	bool untouched;		/* the NAS-PDU is exactly as sent */
};

/*
 * The UE protects plain with sht at count (corrupt: flip a bit of the
 * MAC or the message after protection) and the backend checks it.
 */
static struct ul_result ul(uint8_t sht, uint32_t count, int corrupt)
{
	uint8_t pdu[64], sent[64], msg[256];
	size_t len = UE_NAS_HDR_LEN + sizeof(plain), off = 0;
	struct ul_result r = { 0 };
	int n;

	if (sht)
		ue_nas_protect(&ue, sht, count, UE_NAS_DIR_UL, plain, sizeof(plain), pdu);
	else
		memcpy(pdu, plain, len = sizeof(plain));
	if (corrupt == 1)
		pdu[2] ^= 0x01;		/* the MAC */
	else if (corrupt == 2)
		pdu[len - 1] ^= 0x80;	/* the (ciphered) message */
	memcpy(sent, pdu, len);
	n = ul_s1ap(pdu, len, msg, sizeof(msg), &off);
	if (n < 0 || nas_sec_rx(sec, NULL, msg, n, &r.vi)) {
		r.vi.verdict = 0;
		return r;
	}
	r.untouched = !memcmp(msg + off, sent, len);
	r.deciphered = len == UE_NAS_HDR_LEN + sizeof(plain) &&
		       !memcmp(msg + off + UE_NAS_HDR_LEN, plain, sizeof(plain));
	return r;
}

/*
 * A downlink NAS Transport with the plain message behind 6 reserved
 * octets, protected by the backend; the UE then checks it at want_count.
 * Returns the backend's error, or 1 when the UE refuses what came out.
 */
static int dl(uint8_t sht, uint32_t want_count)
{
	uint8_t pdu[64] = { 0 }, msg[256];
	struct s1ap_downlink_nas_transport m = {
		.ids = { .mme_ue_id = UE_ID, .enb_ue_id = ENB_UE_ID },
		.nas = { .data = pdu, .len = UE_NAS_HDR_LEN + sizeof(plain) },
	};
	struct nassec_protect_info pi = { .ue_id = UE_ID, .sec_hdr_type = sht };
	struct msghdr mh = { 0 };
	size_t off = 0;
	int n, err;

	memcpy(pdu + UE_NAS_HDR_LEN, plain, sizeof(plain));
	n = s1ap_build_downlink_nas_transport(msg, sizeof(msg), &m, &off);
	if (n < 0)
		return n;
	pi.nas_offset = off;
	pi.nas_len = m.nas.len;
	err = nas_sec_tx(sec, -1, &mh, 0, msg, n, &pi);
	if (err)
		return err;
	/* header type and SQN as TS 24.301 9.1 and 4.4.3.1 say */
	if (msg[off] != (uint8_t)(sht << 4 | 0x07) || msg[off + 5] != (uint8_t)want_count)
		return 1;
	if (ue_nas_unprotect(&ue, want_count, UE_NAS_DIR_DL, msg + off, m.nas.len))
		return 1;
	return memcmp(msg + off + UE_NAS_HDR_LEN, plain, sizeof(plain)) ? 1 : 0;
}

static bool is(const struct ul_result *r, uint32_t verdict)
{
	return r->vi.verdict == verdict && r->vi.ue_id == UE_ID;
}

static bool load(bool exists, uint8_t eia, uint8_t eea)
{
	struct nas_sec_slot slot = { .eksi = 1, .eia = eia, .eea = eea };

	getrandom(kasme, sizeof(kasme), 0);
	memcpy(slot.kasme, kasme, sizeof(kasme));
	return !nas_sec_load_new(sec, UE_ID, exists, &slot) && !ue_nas_init(&ue, kasme, eia, eea);
}

/* The whole story for one algorithm pair; false at the first broken rule. */
static bool pair(uint8_t eia, uint8_t eea)
{
	uint8_t kenb[32], want[32], out[64];
	struct nas_sec_result res;
	struct ul_result r;
	uint32_t c;

#define RULE(cond, ...) do { if (!(cond)) { tap_diag("EIA%u/EEA%u broke:", eia, eea); \
	tap_diag(__VA_ARGS__); return false; } } while (0)
	r = ul(2, 0, 0);
	RULE(is(&r, NASSEC_VERDICT_NO_CONTEXT) && r.untouched,
	     "no context: NO_CONTEXT, PDU untouched");
	RULE(dl(2, 0) == -ENOKEY, "no context: downlink refused with ENOKEY");
	RULE(load(false, eia, eea), "new context loaded");

	/* Only the new slot exists: types 1/2 need the current one. */
	RULE(dl(2, 0) == -ENOKEY, "before SMC: type 2 downlink has no current slot");
	RULE(nas_sec_derive_kenb(sec, UE_ID, NAS_SEC_UL_COUNT_LAST, kenb) == -ENOKEY,
	     "before SMC: KeNB has no current K_ASME");
	RULE(dl(3, 0) == 0, "SMC: type 3 under the new context, DL COUNT 0, never ciphered");
	r = ul(2, 0, 0);
	RULE(is(&r, NASSEC_VERDICT_NO_CONTEXT), "type 2 before promotion: no current slot");

	/* SECURITY MODE COMPLETE: verified with the new slot, then current. */
	r = ul(4, 0, 1);
	RULE(is(&r, NASSEC_VERDICT_MAC_FAIL) && !(r.vi.flags & NASSEC_PDU_F_PROMOTED) &&
	     r.untouched, "SMC COMPLETE with a bad MAC: MAC_FAIL, no promotion, not deciphered");
	r = ul(4, 0, 0);
	RULE(is(&r, NASSEC_VERDICT_OK) && (r.vi.flags & NASSEC_PDU_F_PROMOTED) &&
	     r.vi.count == 0 && r.vi.sec_hdr_type == 4 && r.deciphered,
	     "SMC COMPLETE: OK, promoted, COUNT 0, deciphered");
	r = ul(4, 0, 0);
	RULE(is(&r, NASSEC_VERDICT_REPLAY) && !(r.vi.flags & NASSEC_PDU_F_PROMOTED),
	     "SMC COMPLETE again: REPLAY in the now current context");

	/* The promoted slot's DL COUNT goes on after the SMC's 0. */
	RULE(dl(2, 1) == 0, "ATTACH ACCEPT: type 2 under the promoted context, DL COUNT 1");
	RULE(dl(1, 2) == 0, "type 1: integrity only, DL COUNT 2");
	RULE(dl(3, 0) == -ENOKEY, "type 3 once promoted: no new slot any more");
	RULE(dl(5, 0) == -EINVAL, "downlink header type 5 refused");

	/* A MAC failure changes nothing: the right message at that COUNT passes. */
	r = ul(2, 1, 2);
	RULE(is(&r, NASSEC_VERDICT_MAC_FAIL) && r.untouched, "tampered message: MAC_FAIL");
	r = ul(2, 1, 0);
	RULE(is(&r, NASSEC_VERDICT_OK) && r.vi.count == 1 && r.deciphered,
	     "the genuine COUNT 1 after a failed one: OK");
	RULE(!nas_sec_derive_kenb(sec, UE_ID, NAS_SEC_UL_COUNT_LAST, kenb) &&
	     !ue_kenb(kasme, 1, want) && !memcmp(kenb, want, 32),
	     "KeNB (A.3) on the last accepted uplink COUNT");
	RULE(!nas_sec_derive_kenb(sec, UE_ID, 0x123, kenb) &&
	     !ue_kenb(kasme, 0x123, want) && !memcmp(kenb, want, 32),
	     "KeNB (A.3) on a COUNT given");

	r = ul(0, 0, 0);
	RULE(is(&r, NASSEC_VERDICT_PLAIN) && r.untouched, "plain after security: PLAIN, untouched");
	r = ul(3, 2, 0);
	RULE(is(&r, NASSEC_VERDICT_MALFORMED), "uplink header type 3 (SMC is downlink only)");

	/* TS 24.301 4.4.3.1: the overflow counter follows the SQN round. */
	for (c = 2; c <= 300; c++) {
		r = ul(c % 3 ? 2 : 1, c, 0);
		RULE(is(&r, NASSEC_VERDICT_OK) && r.vi.count == c, "COUNT %u accepted", c);
	}
	r = ul(2, 310, 0);
	RULE(is(&r, NASSEC_VERDICT_OK) && r.vi.count == 310, "a gap forward: COUNT 310");
	r = ul(2, 305, 0);
	RULE(is(&r, NASSEC_VERDICT_OK) && r.vi.count == 305,
	     "reordered (SCTP streams): 305 after 310 inside the window");
	r = ul(2, 305, 0);
	RULE(is(&r, NASSEC_VERDICT_REPLAY) && r.vi.count == 305, "305 again: REPLAY");
	r = ul(2, 250, 0);
	RULE(is(&r, NASSEC_VERDICT_REPLAY) && r.vi.count == 250,
	     "250, accepted long ago, 61 behind: still REPLAY (window of 64)");
	r = ul(2, 306, 0);
	RULE(is(&r, NASSEC_VERDICT_OK) && r.vi.count == 306, "306, never seen, behind: OK");
	r = ul(2, 410, 0);
	RULE(is(&r, NASSEC_VERDICT_OK) && r.vi.count == 410,
	     "a jump of 100 over an SQN wrap is estimated right: COUNT 410");
	r = ul(2, 410 - 65, 0);
	RULE(r.vi.verdict == NASSEC_VERDICT_MAC_FAIL,
	     "a message 65 behind is read as the next SQN round: wrong COUNT, MAC fails");

	/* The Initial UE Message path: integrity-only message checked by id. */
	{
		uint8_t pdu[64];

		ue_nas_protect(&ue, 1, 411, UE_NAS_DIR_UL, plain, sizeof(plain), pdu);
		RULE(!nas_sec_unprotect(sec, UE_ID, pdu, UE_NAS_HDR_LEN + sizeof(plain), out,
					sizeof(out), &res) &&
		     res.verdict == NASSEC_VERDICT_OK && res.count == 411 &&
		     res.out_len == sizeof(plain) && !memcmp(out, plain, sizeof(plain)),
		     "Initial UE Message check: OK, COUNT 411, the inner message back");
		RULE(!nas_sec_unprotect(sec, UE_ID, pdu, UE_NAS_HDR_LEN + sizeof(plain), out,
					sizeof(out), &res) &&
		     res.verdict == NASSEC_VERDICT_REPLAY && !res.out_len,
		     "the same Initial UE Message again: REPLAY, nothing back");
		RULE(!nas_sec_unprotect(sec, UE_ID + 1, pdu, UE_NAS_HDR_LEN + sizeof(plain), out,
					sizeof(out), &res) &&
		     res.verdict == NASSEC_VERDICT_NO_CONTEXT,
		     "another UE id: NO_CONTEXT");
	}

	/* A second SMC on the existing context, aborted: the old one stays. */
	{
		struct ue_nas old = ue;
		uint8_t old_kasme[32];

		memcpy(old_kasme, kasme, 32);
		RULE(load(true, eia, eea), "a second new context on the existing one");
		RULE(dl(3, 0) == 0, "its SMC: DL COUNT 0 of the new slot");
		RULE(!nas_sec_drop_new(sec, UE_ID), "SMC aborted: new slot dropped");
		RULE(dl(3, 0) == -ENOKEY, "no new slot after the drop");
		ue = old;
		memcpy(kasme, old_kasme, 32);
		r = ul(2, 412, 0);
		RULE(is(&r, NASSEC_VERDICT_OK) && r.vi.count == 412,
		     "the old context still verifies (COUNT 412)");
		RULE(dl(2, 3) == 0, "and protects (DL COUNT 3)");
	}

	RULE(!nas_sec_del(sec, UE_ID) && nas_sec_del(sec, UE_ID) == -ENOENT,
	     "deleted once; a second delete is ENOENT");
	r = ul(2, 413, 0);
	RULE(is(&r, NASSEC_VERDICT_NO_CONTEXT), "deleted: NO_CONTEXT");
	RULE(nas_sec_derive_kenb(sec, UE_ID, 1, kenb) == -ENOENT, "deleted: no KeNB");
#undef RULE
	return true;
}

/* S1AP the walker cannot follow, a message with no NAS-PDU, a downlink one. */
static void s1ap_cases(void)
{
	static const uint8_t junk[] = { 0x00, 0x0d, 0x40, 0x7f, 0xff };
	struct nassec_verdict_info vi;
	uint8_t msg[256], copy[sizeof(junk)];
	struct s1ap_downlink_nas_transport d = {
		.ids = { .mme_ue_id = UE_ID, .enb_ue_id = ENB_UE_ID },
		.nas = { .data = plain, .len = sizeof(plain) },
	};
	size_t off;
	int n;

	memcpy(copy, junk, sizeof(junk));
	tap_result(!nas_sec_rx(sec, NULL, copy, sizeof(copy), &vi) &&
		   vi.verdict == NASSEC_VERDICT_MALFORMED,
		   "truncated S1AP: MALFORMED, as the kernel's walker says");
	n = s1ap_build_downlink_nas_transport(msg, sizeof(msg), &d, &off);
	tap_result(n > 0 && !nas_sec_rx(sec, NULL, msg, n, &vi) &&
		   vi.verdict == NASSEC_VERDICT_NOT_NAS,
		   "a downlink NAS-PDU coming back: NOT_NAS");
	{
		struct s1ap_ue_ids ids = { .mme_ue_id = UE_ID, .enb_ue_id = ENB_UE_ID };

		n = s1ap_build_ue_context_release_complete(msg, sizeof(msg), &ids);
		tap_result(n > 0 && !nas_sec_rx(sec, NULL, msg, n, &vi) &&
			   vi.verdict == NASSEC_VERDICT_NOT_NAS && vi.ue_id == UE_ID,
			   "UE Context Release Complete: NOT_NAS with the UE's id");
	}
	{
		struct s1ap_initial_ue_message im = {
			.enb_ue_id = ENB_UE_ID, .nas = { .data = plain, .len = sizeof(plain) },
		};
		uint8_t pdu[64];

		ue_nas_protect(&ue, 1, 0, UE_NAS_DIR_UL, plain, sizeof(plain), pdu);
		im.nas.data = pdu;
		im.nas.len = UE_NAS_HDR_LEN + sizeof(plain);
		n = s1ap_build_initial_ue_message(msg, sizeof(msg), &im, &off);
		tap_result(n > 0 && !nas_sec_rx(sec, NULL, msg, n, &vi) &&
			   vi.verdict == NASSEC_VERDICT_NO_CONTEXT && !vi.ue_id,
			   "protected Initial UE Message: NO_CONTEXT (no MME-UE-S1AP-ID yet)");
	}
}

/*
 * What a UE's EPS security context costs the daemon in this mode (nassec.ko
 * holds it otherwise: ~275 octets, README): malloc's own count over many.
 */
static void memory_per_context(void)
{
	enum { N = 200000 };
	struct nas_sec_slot slot = { .eksi = 1, .eia = 2, .eea = 2 };
	struct mallinfo2 before, after;
	unsigned int ok = 0;
	double per;

	before = mallinfo2();
	for (uint32_t id = 1; id <= N; id++)
		ok += !nas_sec_load_new(sec, id, false, &slot);
	after = mallinfo2();
	per = (double)(after.uordblks + after.hblkhd - before.uordblks - before.hblkhd) / N;
	tap_result(ok == N && per < 512,
		   "%u contexts held by the daemon: %.0f octets each (context and index)", ok, per);
	for (uint32_t id = 1; id <= N; id++)
		nas_sec_del(sec, id);
}

int main(void)
{
	if (!tap_result(!nas_sec_open(NAS_SEC_DAEMON, &sec) &&
			!strcmp(nas_sec_name(sec), "daemon"),
			"the daemon backend opens without nassec.ko"))
		return tap_finish();
	tap_result(!nas_sec_sock_attach(sec, -1), "attaching a socket is a no-op in the daemon");
	for (uint8_t eia = 1; eia <= 3; eia++)
		for (uint8_t eea = 0; eea <= 3; eea++) {
			bool ok = pair(eia, eea);

			tap_result(ok, "128-EIA%u/128-EEA%u: SMC, promotion, COUNTs, replay, "
				   "MAC failure, KeNB, drop and delete as nassec.ko does", eia, eea);
			nas_sec_del(sec, UE_ID);
		}
	s1ap_cases();
	memory_per_context();
	nas_sec_close(sec);
	return tap_finish();
}
