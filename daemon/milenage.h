/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MILENAGE (TS 35.206): the example 3GPP authentication and key generation
 * functions f1, f1*, f2, f3, f4, f5 and f5* on AES-128 (OpenSSL).
 *
 * Every function returns 0, or -EIO when OpenSSL fails (then no output is
 * meaningful). Outputs that are not wanted may be NULL. Intermediates are
 * wiped before returning.
 */
#ifndef NASSECD_MILENAGE_H
#define NASSECD_MILENAGE_H

#include <stdint.h>

#define MILENAGE_K_LEN		16
#define MILENAGE_OP_LEN		16
#define MILENAGE_RAND_LEN	16
#define MILENAGE_SQN_LEN	6
#define MILENAGE_AMF_LEN	2
#define MILENAGE_MAC_LEN	8	/* f1 = MAC-A, f1* = MAC-S */
#define MILENAGE_RES_LEN	8	/* f2 */
#define MILENAGE_CK_LEN		16	/* f3 */
#define MILENAGE_IK_LEN		16	/* f4 */
#define MILENAGE_AK_LEN		6	/* f5, f5* */

/* TS 35.206 4.1: OPc = OP xor E_K(OP). */
int milenage_opc(const uint8_t k[MILENAGE_K_LEN], const uint8_t op[MILENAGE_OP_LEN],
		 uint8_t opc[MILENAGE_OP_LEN]);

/* f1 (MAC-A) and f1* (MAC-S) over SQN || AMF. */
int milenage_f1(const uint8_t k[MILENAGE_K_LEN], const uint8_t opc[MILENAGE_OP_LEN],
		const uint8_t rand[MILENAGE_RAND_LEN], const uint8_t sqn[MILENAGE_SQN_LEN],
		const uint8_t amf[MILENAGE_AMF_LEN], uint8_t mac_a[MILENAGE_MAC_LEN],
		uint8_t mac_s[MILENAGE_MAC_LEN]);

/* f2 (RES), f3 (CK), f4 (IK), f5 (AK) and f5* (AK for resynchronisation). */
int milenage_f2345(const uint8_t k[MILENAGE_K_LEN], const uint8_t opc[MILENAGE_OP_LEN],
		   const uint8_t rand[MILENAGE_RAND_LEN], uint8_t res[MILENAGE_RES_LEN],
		   uint8_t ck[MILENAGE_CK_LEN], uint8_t ik[MILENAGE_IK_LEN],
		   uint8_t ak[MILENAGE_AK_LEN], uint8_t ak_star[MILENAGE_AK_LEN]);

#endif /* NASSECD_MILENAGE_H */
