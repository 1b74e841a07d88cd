/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UE's side of NAS security for the tests, on crypto independent of
 * the module: Intel ipsec-mb (SNOW 3G, ZUC) and OpenSSL (AES, HMAC).
 * TS 24.301 4.4.3-4.4.5 message layout, TS 33.401 A.7 key derivation.
 */
#ifndef NASSEC_UE_NAS_H
#define NASSEC_UE_NAS_H

#include <stddef.h>
#include <stdint.h>

#define UE_NAS_HDR_LEN	6	/* security header/PD, MAC(4), SQN */
#define UE_NAS_DIR_UL	0
#define UE_NAS_DIR_DL	1

struct ue_nas {
	uint8_t eia, eea;
	uint8_t k_int[16], k_enc[16];
};

/* TS 33.401 A.7: K_NASint and K_NASenc from KASME. 0 or -1. */
int ue_nas_init(struct ue_nas *ue, const uint8_t kasme[32], uint8_t eia,
		uint8_t eea);
/* 128-EIA<eia> over msg (len octets), BEARER 0; the 4 MAC octets. */
void ue_nas_mac(const struct ue_nas *ue, uint32_t count, int dir,
		const uint8_t *msg, size_t len, uint8_t mac[4]);
/* 128-EEA<eea> in place, BEARER 0. */
void ue_nas_cipher(const struct ue_nas *ue, uint32_t count, int dir,
		   uint8_t *buf, size_t len);
/*
 * A protected NAS message of security header type sht (1-4) with EMM PD:
 * out gets UE_NAS_HDR_LEN + len octets. Types 2 and 4 cipher.
 */
void ue_nas_protect(const struct ue_nas *ue, uint8_t sht, uint32_t count,
		    int dir, const uint8_t *plain, size_t len, uint8_t *out);
/*
 * Checks the MAC of a protected message (len octets, header included)
 * against count and deciphers it in place if sht says so. 0 or -1 (MAC).
 */
int ue_nas_unprotect(const struct ue_nas *ue, uint32_t count, int dir,
		     uint8_t *pdu, size_t len);

#endif /* NASSEC_UE_NAS_H */
