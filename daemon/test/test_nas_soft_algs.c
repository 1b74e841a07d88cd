// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's own NAS algorithms (lte_algs.c) and key derivations
 * (eps_kdf.c), used with nas_security = daemon, bit-exact against every
 * set of $NASSEC_VECTORS: eea1-3.txt and eia1-3.txt (TS 33.401 Annex C,
 * TS 35.217, TS 35.223; LENGTH in bits, several not whole octets) and the
 * K_NASint/K_NASenc (A.7) and KeNB (A.3) records of kdf.txt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eps_kdf.h"
#include "lte_algs.h"
#include "tap.h"
#include "vectors.h"

struct set {
	uint8_t key[16];
	uint64_t count, bearer, dir, bits;
};

static bool read_set(const struct vec_record *r, struct set *s)
{
	return vec_bytes(r, "key", s->key, sizeof(s->key)) == 16 &&
	       !vec_u64(r, "count", &s->count) && !vec_u64(r, "bearer", &s->bearer) &&
	       !vec_u64(r, "direction", &s->dir) && !vec_u64(r, "length", &s->bits);
}

/* Every record of eeaN.txt: plaintext in, ciphertext out, and back. */
static void check_eea(struct lte_algs *a, uint8_t alg)
{
	char name[16];
	struct vec_file vf;
	unsigned int ok = 0, odd = 0;

	snprintf(name, sizeof(name), "eea%u.txt", alg);
	if (!tap_result(!vec_load(&vf, NULL, name) && vf.nrec > 0, "%s: test sets loaded", name))
		return;
	for (unsigned int i = 0; i < vf.nrec; i++) {
		const struct vec_record *r = &vf.rec[i];
		uint8_t *pt = NULL, *ct = NULL;
		long npt = vec_bytes_alloc(r, "plaintext", &pt);
		long nct = vec_bytes_alloc(r, "ciphertext", &ct);
		struct set s;
		bool good = read_set(r, &s) && npt >= 0 && npt == nct &&
			    (uint64_t)npt == (s.bits + 7) / 8;

		good = good && !lte_eea(a, alg, s.key, (uint32_t)s.count, (uint8_t)s.bearer,
					(uint8_t)s.dir, pt, (uint32_t)s.bits) &&
		       !memcmp(pt, ct, npt);
		/* EEA is its own inverse: deciphering gives the plaintext back. */
		good = good && !lte_eea(a, alg, s.key, (uint32_t)s.count, (uint8_t)s.bearer,
					(uint8_t)s.dir, pt, (uint32_t)s.bits);
		free(ct);
		ct = NULL;
		good = good && vec_bytes_alloc(r, "plaintext", &ct) == npt && !memcmp(pt, ct, npt);
		if (!good)
			tap_diag("%s line %u (%s): wrong", name, r->line, vec_get(r, "source"));
		ok += good;
		odd += good && s.bits % 8;
		free(pt);
		free(ct);
	}
	tap_result(ok == vf.nrec, "128-EEA%u: %u of %u sets bit-exact both ways (%u not whole octets)",
		   alg, ok, vf.nrec, odd);
	vec_free(&vf);
}

static void check_eia(struct lte_algs *a, uint8_t alg)
{
	char name[16];
	struct vec_file vf;
	unsigned int ok = 0, odd = 0, flipped = 0;

	snprintf(name, sizeof(name), "eia%u.txt", alg);
	if (!tap_result(!vec_load(&vf, NULL, name) && vf.nrec > 0, "%s: test sets loaded", name))
		return;
	for (unsigned int i = 0; i < vf.nrec; i++) {
		const struct vec_record *r = &vf.rec[i];
		uint8_t *msg = NULL, want[4], mac[4];
		long n = vec_bytes_alloc(r, "message", &msg);
		struct set s;
		bool good = read_set(r, &s) && n >= 0 && (uint64_t)n == (s.bits + 7) / 8 &&
			    vec_bytes(r, "mac", want, sizeof(want)) == 4 &&
			    !lte_eia(a, alg, s.key, (uint32_t)s.count, (uint8_t)s.bearer,
				     (uint8_t)s.dir, msg, s.bits, mac) &&
			    !memcmp(mac, want, 4);

		if (!good)
			tap_diag("%s line %u (%s): wrong MAC", name, r->line, vec_get(r, "source"));
		ok += good;
		odd += good && s.bits % 8;
		/* The last message bit counts, and bits past LENGTH do not. */
		if (good && s.bits) {
			uint64_t last = s.bits - 1;

			msg[last / 8] ^= (uint8_t)(0x80 >> (last % 8));
			lte_eia(a, alg, s.key, (uint32_t)s.count, (uint8_t)s.bearer,
				(uint8_t)s.dir, msg, s.bits, mac);
			flipped += !!memcmp(mac, want, 4);
			msg[last / 8] ^= (uint8_t)(0x80 >> (last % 8));
			if (s.bits % 8) {
				msg[last / 8] ^= 0x01;
				lte_eia(a, alg, s.key, (uint32_t)s.count, (uint8_t)s.bearer,
					(uint8_t)s.dir, msg, s.bits, mac);
				flipped -= !!memcmp(mac, want, 4);
			}
		} else if (good) {
			flipped++;
		}
		free(msg);
	}
	tap_result(ok == vf.nrec, "128-EIA%u: %u of %u sets bit-exact (%u not whole octets)",
		   alg, ok, vf.nrec, odd);
	tap_result(flipped == vf.nrec,
		   "128-EIA%u: flipping the last message bit changes the MAC, a bit past LENGTH does not",
		   alg);
	vec_free(&vf);
}

static void check_kdf(void)
{
	struct vec_file vf;
	unsigned int knas = 0, knas_ok = 0, kenb = 0, kenb_ok = 0;

	if (!tap_result(!vec_load(&vf, NULL, "kdf.txt"), "kdf.txt loaded"))
		return;
	for (unsigned int i = 0; i < vf.nrec; i++) {
		const struct vec_record *r = &vf.rec[i];
		const char *alg = vec_get(r, "alg");
		uint8_t kasme[32], want[32], k_int[16], k_enc[16], out[32];
		uint64_t type, id, count;

		if (!alg || vec_bytes(r, "kasme", kasme, 32) != 32)
			continue;
		if (!strcmp(alg, "kdf-knas")) {
			knas++;
			/* One call gives both keys: ask for this record's as int and enc. */
			if (!vec_u64(r, "alg_type", &type) && !vec_u64(r, "alg_id", &id) &&
			    vec_bytes(r, "key", want, 16) == 16 &&
			    !kdf_nas_keys(kasme, (uint8_t)id, (uint8_t)id, k_int, k_enc))
				knas_ok += !memcmp(type == KDF_NAS_INT ? k_int : k_enc, want, 16);
		} else if (!strcmp(alg, "kdf-kenb")) {
			kenb++;
			if (!vec_u64(r, "ul_nas_count", &count) &&
			    vec_bytes(r, "kenb", want, 32) == 32 &&
			    !kdf_kenb(kasme, (uint32_t)count, out))
				kenb_ok += !memcmp(out, want, 32);
		}
	}
	tap_result(knas && knas_ok == knas, "TS 33.401 A.7 K_NASint/K_NASenc: %u of %u records",
		   knas_ok, knas);
	tap_result(kenb && kenb_ok == kenb, "TS 33.401 A.3 KeNB: %u of %u records", kenb_ok, kenb);
	vec_free(&vf);
}

int main(void)
{
	struct lte_algs *a = NULL;
	uint8_t key[16] = { 0 }, mac[4] = { 1, 2, 3, 4 }, buf[4] = { 9, 9, 9, 9 };

	if (!tap_result(!lte_algs_open(&a), "OpenSSL AES-128 ECB and CTR available"))
		return tap_finish();
	for (uint8_t alg = 1; alg <= 3; alg++) {
		check_eea(a, alg);
		check_eia(a, alg);
	}
	tap_result(!lte_eia(a, 0, key, 1, 0, 0, buf, 32, mac) && !mac[0] && !mac[3] &&
		   !lte_eea(a, 0, key, 1, 0, 0, buf, 32) && buf[0] == 9,
		   "EIA0 gives a zero MAC, EEA0 leaves the data alone (TS 33.401 B.0)");
	tap_result(lte_eia(a, 4, key, 0, 0, 0, buf, 8, mac) < 0 &&
		   lte_eea(a, 2, key, 0, 32, 0, buf, 8) < 0 &&
		   lte_eia(a, 2, key, 0, 0, 2, buf, 8, mac) < 0,
		   "an unknown algorithm, BEARER > 31 or DIRECTION > 1 is refused");
	check_kdf();
	lte_algs_close(a);
	return tap_finish();
}
