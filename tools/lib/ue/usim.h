/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UE's USIM and ME key handling for enbsim and the tests, written apart
 * from nassecd's AKA so a mistake in one cannot hide in the other:
 * MILENAGE (TS 35.206) on OpenSSL's AES block, the USIM's checks of
 * TS 33.102 6.3.3 (MAC, SQN freshness against the highest SQN seen, AUTS
 * on a synch failure) and TS 33.401 6.1.1's separation bit, and K_ASME
 * (TS 33.401 A.2) on OpenSSL's HMAC. Link with -lcrypto.
 */
#ifndef NASSEC_USIM_H
#define NASSEC_USIM_H

#include <stddef.h>
#include <stdint.h>

/* Every output of one MILENAGE run for (K, OPc, RAND, SQN, AMF). */
struct milenage_out {
	uint8_t mac_a[8], mac_s[8];	/* f1, f1* */
	uint8_t res[8];			/* f2 */
	uint8_t ck[16], ik[16];		/* f3, f4 */
	uint8_t ak[6], ak_star[6];	/* f5, f5* */
};

/* 0, or -1 when OpenSSL fails. */
int usim_milenage(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16],
		  const uint8_t sqn[6], const uint8_t amf[2], struct milenage_out *out);
/* OPc = OP xor E_K(OP). */
int usim_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16]);
/* TS 33.401 A.2: K_ASME from CK, IK, the serving network id and SQN xor AK. */
int usim_kasme(const uint8_t ck[16], const uint8_t ik[16], const uint8_t sn_id[3],
	       const uint8_t sqn_xor_ak[6], uint8_t kasme[32]);

struct usim {
	uint8_t k[16], opc[16];
	uint64_t sqn_max;		/* highest SQN accepted (48 bits) */
	uint64_t sqn_last;		/* SQN of the last AUTN whose MAC verified */
};

enum usim_result {
	USIM_OK = 0,
	USIM_MAC_FAILURE,		/* TS 24.301 cause #20 */
	USIM_SYNCH_FAILURE,		/* #21, with AUTS */
	USIM_NOT_EPS,			/* #26: separation bit clear */
	USIM_ERROR,
};

/*
 * Runs AUTHENTICATE on (RAND, AUTN) for the serving network sn_id. OK:
 * RES (8 octets) and K_ASME. SYNCH_FAILURE: AUTS (14 octets).
 */
enum usim_result usim_authenticate(struct usim *u, const uint8_t rand[16],
				   const uint8_t autn[16], const uint8_t sn_id[3],
				   uint8_t res[8], uint8_t kasme[32], uint8_t auts[14]);

#endif /* NASSEC_USIM_H */
