/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The UE's side of NAS security for enbsim and the tests, on crypto
 * independent of the module and the daemon: Intel ipsec-mb (SNOW 3G, ZUC)
 * and OpenSSL (AES, HMAC). TS 33.401 Annex A key derivation,
 * 128-EIA/EEA{0..3} with BEARER 0 (TS 33.401 8.1.1), TS 24.301 4.4.3-4.4.5
 * message layout. Link tools/lib/ue/ue_nas.c with -lIPSec_MB -lcrypto.
 */
#ifndef NASSEC_UE_NAS_H
#define NASSEC_UE_NAS_H

#include <stddef.h>
#include <stdint.h>

#define UE_NAS_HDR_LEN	6	/* security header/PD, MAC(4), SQN */
#define UE_NAS_DIR_UL	0
#define UE_NAS_DIR_DL	1

/* TS 33.401 A.3: KeNB from KASME and the uplink NAS COUNT. 0 or -1. */
int ue_kenb(const uint8_t kasme[32], uint32_t ul_count, uint8_t kenb[32]);
/* A.4: NH from KASME and the SYNC-input (KeNB or the previous NH). 0 or -1. */
int ue_nh(const uint8_t kasme[32], const uint8_t sync[32], uint8_t nh[32]);
/* A.7: type 1 = K_NASenc, 2 = K_NASint, for algorithm identity alg. 0 or -1. */
int ue_nas_key(const uint8_t kasme[32], uint8_t type, uint8_t alg,
	       uint8_t key[16]);
/* 128-EIA<alg> over len octets; the 4 MAC octets as sent. 0 or -1. */
int ue_eia(uint8_t alg, const uint8_t key[16], uint32_t count, int dir,
	   const uint8_t *msg, size_t len, uint8_t mac[4]);
/* 128-EEA<alg> over len octets, in place. 0 or -1. */
int ue_eea(uint8_t alg, const uint8_t key[16], uint32_t count, int dir,
	   uint8_t *buf, size_t len);

/*
 * TS 33.401 Annex I: HASH_UE over the message the UE sent, to compare with
 * the SMC's HashMME: KDF keyed with 256 zero bits over the message, no FC,
 * the last 8 octets. 0 or -1.
 */
int ue_hash_ue(const uint8_t *msg, size_t len, uint8_t hash[8]);

/* One EPS security context's NAS keys and algorithms. */
struct ue_nas {
	uint8_t eia, eea;
	uint8_t k_int[16], k_enc[16];
};

/* TS 33.401 A.7: K_NASint and K_NASenc from KASME. 0 or -1. */
int ue_nas_init(struct ue_nas *ue, const uint8_t kasme[32], uint8_t eia,
		uint8_t eea);
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
