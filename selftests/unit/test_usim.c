// SPDX-License-Identifier: GPL-2.0
/*
 * The system tests' USIM (tools/lib/ue/usim.c) against every MILENAGE set
 * in milenage.txt, and its AUTHENTICATE checks on a vector built here from
 * the same set: accepted once, MAC failure when tampered, synch failure
 * with a verifiable AUTS when replayed, the separation bit enforced.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "usim.h"
#include "vectors.h"

static bool field_eq(const struct vec_record *r, const char *name, const uint8_t *v, size_t n)
{
	uint8_t want[16];

	return vec_bytes(r, name, want, sizeof(want)) == (long)n && !memcmp(want, v, n);
}

int main(void)
{
	struct vec_file vf;
	unsigned int sets = 0, good = 0;

	if (!tap_result(!vec_load(&vf, NULL, "milenage.txt"), "milenage.txt loads"))
		return tap_finish();
	for (unsigned int i = 0; i < vf.nrec; i++) {
		const struct vec_record *r = &vf.rec[i];
		uint8_t k[16], rand[16], sqn[6], amf[2], op[16], opc[16], got_opc[16];
		struct milenage_out o;
		bool ok;

		if (vec_bytes(r, "k", k, 16) != 16 || vec_bytes(r, "rand", rand, 16) != 16 ||
		    vec_bytes(r, "sqn", sqn, 6) != 6 || vec_bytes(r, "amf", amf, 2) != 2)
			continue;
		if (vec_bytes(r, "opc", opc, 16) != 16)
			continue;
		sets++;
		ok = !usim_milenage(k, opc, rand, sqn, amf, &o) &&
		     field_eq(r, "f1", o.mac_a, 8) && field_eq(r, "f1star", o.mac_s, 8) &&
		     field_eq(r, "f2", o.res, 8) && field_eq(r, "f3", o.ck, 16) &&
		     field_eq(r, "f4", o.ik, 16) && field_eq(r, "f5", o.ak, 6) &&
		     field_eq(r, "f5star", o.ak_star, 6);
		if (vec_bytes(r, "op", op, 16) == 16)
			ok = ok && !usim_opc(k, op, got_opc) && !memcmp(got_opc, opc, 16);
		good += ok;
		tap_result(ok, "MILENAGE set at line %u: f1 f1* f2 f3 f4 f5 f5* (and OPc) bit-exact",
			   r->line);
	}
	tap_result(sets >= 6 && good == sets, "%u of %u sets", good, sets);

	/* AUTHENTICATE on a vector made from set 1's K/OPc with AMF 8000. */
	if (vf.nrec) {
		const struct vec_record *r = &vf.rec[0];
		static const uint8_t sn[3] = { 0x00, 0xf1, 0x10 }, sqn[6] = { 0, 0, 0, 0, 0, 0x40 };
		static const uint8_t amf[2] = { 0x80, 0x00 }, amf_no_sep[2] = { 0x00, 0x00 };
		uint8_t rand[16], autn[16], res[8], kasme[32], kasme2[32], auts[14];
		struct usim u = { 0 };
		struct milenage_out o, rs;
		uint8_t sqn_ms[6];

		vec_bytes(r, "k", u.k, 16);
		vec_bytes(r, "opc", u.opc, 16);
		vec_bytes(r, "rand", rand, 16);
		usim_milenage(u.k, u.opc, rand, sqn, amf, &o);
		for (int i = 0; i < 6; i++)
			autn[i] = sqn[i] ^ o.ak[i];
		memcpy(autn + 6, amf, 2);
		memcpy(autn + 8, o.mac_a, 8);
		tap_result(usim_authenticate(&u, rand, autn, sn, res, kasme, auts) == USIM_OK &&
			   !memcmp(res, o.res, 8) && u.sqn_max == 0x40,
			   "a fresh vector is accepted with RES = f2");
		usim_kasme(o.ck, o.ik, sn, autn, kasme2);
		tap_result(!memcmp(kasme, kasme2, 32), "K_ASME from CK, IK, SN id and SQN^AK");
		tap_result(usim_authenticate(&u, rand, autn, sn, res, kasme, auts) ==
			   USIM_SYNCH_FAILURE, "the same vector again is a synch failure");
		/* AUTS: SQN_MS (0x40) xor f5* || f1*(SQN_MS, AMF 0000). */
		memset(sqn_ms, 0, 6);
		usim_milenage(u.k, u.opc, rand, sqn_ms, (const uint8_t[2]){ 0, 0 }, &rs);
		for (int i = 0; i < 6; i++)
			sqn_ms[i] = auts[i] ^ rs.ak_star[i];
		usim_milenage(u.k, u.opc, rand, sqn_ms, (const uint8_t[2]){ 0, 0 }, &rs);
		tap_result(sqn_ms[5] == 0x40 && !memcmp(auts + 6, rs.mac_s, 8),
			   "AUTS carries SQN_MS under f5* and a MAC-S over AMF 0000");
		autn[15] ^= 1;
		tap_result(usim_authenticate(&u, rand, autn, sn, res, kasme, auts) ==
			   USIM_MAC_FAILURE, "a tampered AUTN is a MAC failure");
		usim_milenage(u.k, u.opc, rand, (const uint8_t[6]){ 0, 0, 0, 0, 0, 0x80 },
			      amf_no_sep, &o);
		for (int i = 0; i < 6; i++)
			autn[i] = (i == 5 ? 0x80 : 0) ^ o.ak[i];
		memcpy(autn + 6, amf_no_sep, 2);
		memcpy(autn + 8, o.mac_a, 8);
		tap_result(usim_authenticate(&u, rand, autn, sn, res, kasme, auts) == USIM_NOT_EPS,
			   "a vector without the separation bit is refused (TS 33.401 6.1.1)");
	}
	vec_free(&vf);
	return tap_finish();
}
