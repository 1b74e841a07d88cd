// SPDX-License-Identifier: GPL-2.0
/*
 * MILENAGE, K_ASME and EPS-AKA, each checked against something else: the
 * 3GPP test sets in $NASSEC_VECTORS/milenage.txt, K_ASME vectors from other
 * code bases in kdf.txt plus the openssl CLI's HMAC, and a simulated USIM
 * written here (its own SQN array, MAC check and K_ASME on EVP_Q_mac).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../aka.h"
#include "eps_kdf.h"
#include "../milenage.h"
#include "tap.h"
/* The daemon's test link line carries only tap.c; the vectors reader is one file. */
#include "usim.h"
#include "vectors.h"

static char *hex(const uint8_t *b, size_t n)
{
	static char buf[4][129];
	static unsigned int which;
	char *s = buf[which++ % 4];
	size_t i;

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	s[2 * n] = '\0';
	return s;
}

/* splitmix64: a seeded source the tests can replay. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void rng_fill(uint8_t *b, size_t n)
{
	while (n--)
		*b++ = (uint8_t)rng_next();
}

/* ---- MILENAGE against TS 35.207/35.208 ---- */

struct mil_field {
	const char *name;
	long len;
	uint8_t *buf;
};

/* Field as bytes of exactly len octets (parsed at any length first). */
static int field_exact(const struct vec_record *r, const char *name, uint8_t *out, long len)
{
	uint8_t *b;
	long n = vec_bytes_alloc(r, name, &b);

	if (n < 0)
		return -1;
	if (n != len) {
		free(b);
		return -2;
	}
	memcpy(out, b, len);
	free(b);
	return 0;
}

static void test_milenage_sets(void)
{
	struct vec_file vf;
	unsigned int i, ran = 0;
	int err;

	err = vec_load(&vf, NULL, "milenage.txt");
	if (!tap_result(!err, "milenage: the 3GPP test sets load from $NASSEC_VECTORS/milenage.txt")) {
		tap_diag("vec_load: %s (NASSEC_VECTORS=%s)", strerror(-err),
			 getenv("NASSEC_VECTORS") ?: "unset");
		return;
	}
	for (i = 0; i < vf.nrec; i++) {
		const struct vec_record *r = &vf.rec[i];
		const char *alg = vec_get(r, "alg"), *src = vec_get(r, "source");
		uint8_t k[16], rand[16], sqn[6], amf[2], op[16], opc[16], opc_calc[16];
		uint8_t f1[8], f1s[8], f2[8], f3[16], f4[16], f5[6], f5s[6];
		uint8_t g1[8], g1s[8], g2[8], g3[16], g4[16], g5[6], g5s[6];
		bool has_op, has_opc, ok = true;

		if (!alg || strcmp(alg, "milenage"))
			continue;
		has_op = vec_get(r, "op");
		has_opc = vec_get(r, "opc");
		if (field_exact(r, "k", k, 16) || field_exact(r, "rand", rand, 16) ||
		    field_exact(r, "sqn", sqn, 6) || field_exact(r, "amf", amf, 2) ||
		    (has_op && field_exact(r, "op", op, 16)) ||
		    (has_opc && field_exact(r, "opc", opc, 16)) || (!has_op && !has_opc) ||
		    field_exact(r, "f1", f1, 8) || field_exact(r, "f1star", f1s, 8) ||
		    field_exact(r, "f2", f2, 8) || field_exact(r, "f3", f3, 16) ||
		    field_exact(r, "f4", f4, 16) || field_exact(r, "f5", f5, 6) ||
		    field_exact(r, "f5star", f5s, 6)) {
			tap_result(false, "milenage: %s (line %u) has every field at its length",
				   src ?: "?", r->line);
			continue;
		}
		ran++;
		if (has_op) {
			if (milenage_opc(k, op, opc_calc)) {
				ok = false;
				tap_diag("milenage_opc failed");
			} else if (has_opc && memcmp(opc_calc, opc, 16)) {
				ok = false;
				tap_diag("OPc %s, want %s", hex(opc_calc, 16), hex(opc, 16));
			}
			if (!has_opc)
				memcpy(opc, opc_calc, 16);
		}
		if (milenage_f1(k, opc, rand, sqn, amf, g1, g1s) ||
		    milenage_f2345(k, opc, rand, g2, g3, g4, g5, g5s)) {
			tap_result(false, "milenage: %s: the functions run", src ?: "?");
			continue;
		}
#define CHK(got, want, n) do { \
		if (memcmp(got, want, n)) { \
			ok = false; \
			tap_diag(#want " %s, want %s", hex(got, n), hex(want, n)); \
		} \
	} while (0)
		CHK(g1, f1, 8);
		CHK(g1s, f1s, 8);
		CHK(g2, f2, 8);
		CHK(g3, f3, 16);
		CHK(g4, f4, 16);
		CHK(g5, f5, 6);
		CHK(g5s, f5s, 6);
#undef CHK
		/* Each output alone (the others NULL) must match too. */
		memset(g5s, 0, sizeof(g5s));
		memset(g1s, 0, sizeof(g1s));
		if (milenage_f2345(k, opc, rand, NULL, NULL, NULL, NULL, g5s) ||
		    memcmp(g5s, f5s, 6) ||
		    milenage_f1(k, opc, rand, sqn, amf, NULL, g1s) || memcmp(g1s, f1s, 8)) {
			ok = false;
			tap_diag("f1*/f5* alone differ");
		}
		tap_result(ok, "milenage: %s: %sf1 f1* f2 f3 f4 f5 f5* bit-exact", src ?: "?",
			   has_op ? "OPc from OP, " : "");
	}
	tap_result(ran > 0, "milenage: at least one test set ran (%u)", ran);
	vec_free(&vf);
}

/* ---- K_ASME ---- */

static void test_sn_id(void)
{
	static const struct {
		const char *mcc, *mnc;
		uint8_t want[3];
	} ok[] = {
		{ "001", "01", { 0x00, 0xf1, 0x10 } },
		{ "208", "93", { 0x02, 0xf8, 0x39 } },
		{ "310", "410", { 0x13, 0x00, 0x14 } },
		{ "208", "034", { 0x02, 0x48, 0x30 } },
		{ "999", "999", { 0x99, 0x99, 0x99 } },
	};
	static const char *const bad[][2] = {
		{ "20", "01" }, { "2088", "01" }, { "2a8", "01" }, { "208", "1" },
		{ "208", "1234" }, { "208", "0x" }, { "", "" }, { "208", " 1" },
	};
	bool good = true;
	unsigned int i;
	uint8_t id[3];

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(id, 0xee, sizeof(id));
		if (kdf_sn_id(ok[i].mcc, ok[i].mnc, id) || memcmp(id, ok[i].want, 3)) {
			good = false;
			tap_diag("%s/%s -> %s", ok[i].mcc, ok[i].mnc, hex(id, 3));
		}
	}
	tap_result(good, "kdf: the serving network id is the TS 24.008 PLMN coding (2- and 3-digit MNC)");
	good = true;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (kdf_sn_id(bad[i][0], bad[i][1], id) != -EINVAL) {
			good = false;
			tap_diag("accepted '%s'/'%s'", bad[i][0], bad[i][1]);
		}
	good &= kdf_sn_id(NULL, "01", id) == -EINVAL;
	tap_result(good, "kdf: an MCC or MNC that is not 3 or 2..3 digits is refused");
}

/* K_ASME through the openssl CLI: a second HMAC-SHA-256, driven as a user would. */
static int openssl_kasme(const uint8_t ck[16], const uint8_t ik[16], const uint8_t sn[3],
			 const uint8_t sqnak[6], uint8_t out[32])
{
	char path[] = "/tmp/nassec-kdf-XXXXXX", cmd[512], line[256];
	uint8_t s[14] = { 0x10, sn[0], sn[1], sn[2], 0x00, 0x03 };
	FILE *p;
	int fd, rc = -1;

	memcpy(s + 6, sqnak, 6);
	s[12] = 0x00;
	s[13] = 0x06;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, s, sizeof(s)) != (ssize_t)sizeof(s)) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "openssl mac -digest SHA256 -macopt hexkey:%s%s -in %s HMAC 2>/dev/null",
		 hex(ck, 16), hex(ik, 16), path);
	p = popen(cmd, "r");
	if (p) {
		if (fgets(line, sizeof(line), p)) {
			line[strcspn(line, "\r\n")] = '\0';
			if (vec_hex(line, out, 32) == 32)
				rc = 0;
		}
		if (pclose(p))
			rc = -1;
	}
	unlink(path);
	return rc;
}

static void test_kasme(void)
{
	uint8_t ck[16], ik[16], sn[3], sqnak[6], want[32], got[32];
	struct vec_file vf;
	unsigned int i, ran = 0;
	bool cli_ok = true, have_cli;
	int err;

	err = vec_load(&vf, NULL, "kdf.txt");
	if (tap_result(!err, "kdf: kdf.txt loads")) {
		for (i = 0; i < vf.nrec; i++) {
			const struct vec_record *r = &vf.rec[i];
			const char *alg = vec_get(r, "alg");

			if (!alg || strcmp(alg, "kdf-kasme"))
				continue;
			if (field_exact(r, "ck", ck, 16) || field_exact(r, "ik", ik, 16) ||
			    field_exact(r, "sn_id", sn, 3) ||
			    field_exact(r, "sqn_xor_ak", sqnak, 6) ||
			    field_exact(r, "kasme", want, 32)) {
				tap_result(false, "kdf: kdf-kasme record at line %u is well formed",
					   r->line);
				continue;
			}
			ran++;
			err = kdf_kasme(ck, ik, sn, sqnak, got);
			if (!tap_result(!err && !memcmp(got, want, 32),
					"kdf: K_ASME of kdf.txt line %u (SN id %s)", r->line,
					hex(sn, 3)))
				tap_diag("got %s", hex(got, 32));
		}
		vec_free(&vf);
	}
	tap_result(ran > 0, "kdf: at least one K_ASME vector ran (%u)", ran);

	/* A2 against the openssl CLI over random inputs (seeded). */
	have_cli = system("openssl version >/dev/null 2>&1") == 0;
	if (!have_cli) {
		tap_result(true, "kdf: K_ASME equals the openssl CLI's HMAC # SKIP no openssl CLI");
		return;
	}
	for (i = 0; i < 16; i++) {
		rng_fill(ck, 16);
		rng_fill(ik, 16);
		rng_fill(sn, 3);
		rng_fill(sqnak, 6);
		if (kdf_kasme(ck, ik, sn, sqnak, got) || openssl_kasme(ck, ik, sn, sqnak, want) ||
		    memcmp(got, want, 32)) {
			cli_ok = false;
			tap_diag("input %u: ours %s", i, hex(got, 32));
			tap_diag("input %u: cli  %s", i, hex(want, 32));
		}
	}
	tap_result(cli_ok, "kdf: K_ASME equals `openssl mac HMAC` over FC 0x10 || SN id || 0x0003 || SQN^AK || 0x0006 (16 seeded inputs)");
}

/*
 * TS 33.401 Annex I HASH_MME over two plain ATTACH REQUESTs, with the
 * values a network sent for them in SECURITY MODE COMMANDs (a public
 * capture; the requests differ in one octet of the DRX parameter).
 */
static void test_hash_mme(void)
{
	static const struct {
		const char *request, *hash;
	} cap[] = {
		{ "07410108991007000020160605e0e000000000250243d011d1271d8080211001"
		  "000010810600000000830600000000000a00000d00001000c0d0c1", "b1e1115a6c47a750" },
		{ "07410108991007000020160605e0e000000000250244d011d1271d8080211001"
		  "000010810600000000830600000000000a00000d00001000c0d0c1", "6b9a4755adf9bf7e" },
	};
	uint8_t msg[128], want[KDF_HASH_MME_LEN], got[KDF_HASH_MME_LEN];

	for (unsigned int i = 0; i < sizeof(cap) / sizeof(cap[0]); i++) {
		size_t len = strlen(cap[i].request) / 2;

		for (size_t j = 0; j < len; j++)
			sscanf(cap[i].request + 2 * j, "%2hhx", &msg[j]);
		for (size_t j = 0; j < sizeof(want); j++)
			sscanf(cap[i].hash + 2 * j, "%2hhx", &want[j]);
		if (!tap_result(!kdf_hash_mme(msg, len, got) && !memcmp(got, want, sizeof(want)),
				"kdf: HASH_MME of captured ATTACH REQUEST %u is the network's %s",
				i + 1, cap[i].hash))
			tap_diag("got %s", hex(got, sizeof(got)));
	}
}

/* ---- the USIM, written from TS 33.102 6.3.3 and Annex C for the tests ---- */

struct sim {
	uint8_t k[16], opc[16];
	unsigned int ind_bits;
	uint64_t seq_arr[1u << AKA_IND_BITS_MAX];	/* SEQ_MS(i) */
	uint64_t seq_ms;				/* highest accepted SEQ */
	bool check_delta;
};

enum sim_verdict { SIM_OK, SIM_MAC_FAIL, SIM_SYNCH_FAIL, SIM_NON_EPS };

/*
 * TS 33.102 6.3.3 at the USIM plus TS 33.401 6.1.1 at the ME: AK from RAND,
 * SQN, XMAC = MAC, the separation bit, then SQN freshness (C.2.2). On
 * success RES and K_ASME; on a synch failure AUTS.
 */
static enum sim_verdict usim_run(struct sim *u, const uint8_t rand[16], const uint8_t autn[16],
				  const uint8_t sn[3], uint8_t res[8], uint8_t kasme[32],
				  uint8_t auts[14])
{
	uint8_t ak[6], sqn[6], xmac[8], ck[16], ik[16], aks[6], sqnms[6], macs[8];
	struct milenage_out mo;
	static const uint8_t amf0[2];
	uint64_t seq, ind_mask = (UINT64_C(1) << u->ind_bits) - 1;
	unsigned int i, ind;

	/* The USIM's own MILENAGE (tools/lib/ue/usim.c), not the daemon's. */
	memset(sqn, 0, sizeof(sqn));
	if (usim_milenage(u->k, u->opc, rand, sqn, autn + 6, &mo))
		return SIM_MAC_FAIL;
	memcpy(ak, mo.ak, 6);
	memcpy(aks, mo.ak_star, 6);
	memcpy(res, mo.res, 8);
	memcpy(ck, mo.ck, 16);
	memcpy(ik, mo.ik, 16);
	for (i = 0; i < 6; i++)
		sqn[i] = autn[i] ^ ak[i];
	if (usim_milenage(u->k, u->opc, rand, sqn, autn + 6, &mo))
		return SIM_MAC_FAIL;
	memcpy(xmac, mo.mac_a, 8);
	if (memcmp(xmac, autn + 8, 8))
		return SIM_MAC_FAIL;
	if (!(autn[6] & 0x80))
		return SIM_NON_EPS;
	seq = aka_sqn_get(sqn) >> u->ind_bits;
	ind = aka_sqn_get(sqn) & ind_mask;
	if (seq <= u->seq_arr[ind] ||
	    (u->check_delta && seq > u->seq_ms && seq - u->seq_ms > AKA_DELTA)) {
		/* AUTS = SQN_MS xor AK* || MAC-S, with the dummy AMF (6.3.3). */
		aka_sqn_put(u->seq_ms << u->ind_bits, sqnms);
		if (usim_milenage(u->k, u->opc, rand, sqnms, amf0, &mo))
			return SIM_MAC_FAIL;
		memcpy(macs, mo.mac_s, 8);
		for (i = 0; i < 6; i++)
			auts[i] = sqnms[i] ^ aks[i];
		memcpy(auts + 6, macs, 8);
		return SIM_SYNCH_FAIL;
	}
	u->seq_arr[ind] = seq;
	if (seq > u->seq_ms)
		u->seq_ms = seq;
	return usim_kasme(ck, ik, sn, autn, kasme) ? SIM_MAC_FAIL : SIM_OK;
}

/* The deterministic RAND source the tests hand to aka_vector_make(). */
struct fixed_rand {
	const uint8_t *bytes;	/* NULL: the seeded generator */
	int fail;
	unsigned int calls;
};

static int test_rand(void *arg, uint8_t *buf, size_t len)
{
	struct fixed_rand *fr = arg;

	fr->calls++;
	if (fr->fail)
		return fr->fail;
	if (fr->bytes)
		memcpy(buf, fr->bytes, len);
	else
		rng_fill(buf, len);
	return 0;
}

/* TS 35.208 4.3.1 test set 1: public 3GPP test data. */
static const uint8_t set1_k[16] = {
	0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
	0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc };
static const uint8_t set1_opc[16] = {
	0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
	0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf };
static const uint8_t set1_rand[16] = {
	0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
	0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35 };
static const uint8_t set1_f1[8] = { 0x4a, 0x9f, 0xfa, 0xc3, 0x54, 0xdf, 0xaf, 0xb3 };
static const uint8_t set1_f2[8] = { 0xa5, 0x42, 0x11, 0xd5, 0xe3, 0xba, 0x50, 0xbf };
static const uint8_t set1_f5[6] = { 0xaa, 0x68, 0x9c, 0x64, 0x83, 0x70 };
static const uint8_t sn_208_93[3] = { 0x02, 0xf8, 0x39 };

static void set1_keys(struct aka_keys *keys, uint8_t amf0, uint8_t amf1)
{
	memcpy(keys->k, set1_k, 16);
	memcpy(keys->opc, set1_opc, 16);
	keys->amf[0] = amf0;
	keys->amf[1] = amf1;
}

static void usim_init(struct sim *u, unsigned int ind_bits)
{
	memset(u, 0, sizeof(*u));
	memcpy(u->k, set1_k, 16);
	memcpy(u->opc, set1_opc, 16);
	u->ind_bits = ind_bits;
	u->check_delta = true;
}

static void test_vector_known_answer(void)
{
	struct fixed_rand fr = { .bytes = set1_rand };
	const uint64_t sqn = UINT64_C(0xff9bb4d0b607);
	struct aka_keys keys;
	struct aka_vector av;
	uint8_t sqnak[6];
	bool ok;
	int i;

	/* Set 1's AMF b9b9 already has the separation bit: AUTN's MAC is f1 of the set. */
	set1_keys(&keys, 0xb9, 0xb9);
	ok = !aka_vector_make(&keys, sqn, sn_208_93, test_rand, &fr, &av);
	for (i = 0; i < 6; i++)
		sqnak[i] = (uint8_t)(sqn >> (40 - 8 * i)) ^ set1_f5[i];
	ok = ok && fr.calls == 1 && !memcmp(av.rand, set1_rand, 16) &&
	     !memcmp(av.autn, sqnak, 6) && av.autn[6] == 0xb9 && av.autn[7] == 0xb9 &&
	     !memcmp(av.autn + 8, set1_f1, 8) && av.xres_len == 8 &&
	     !memcmp(av.xres, set1_f2, 8) && av.sqn == sqn;
	if (!tap_result(ok, "aka: a vector on TS 35.208 set 1 has AUTN = SQN^f5 || AMF || f1 and XRES = f2"))
		tap_diag("autn %s xres %s", hex(av.autn, 16), hex(av.xres, av.xres_len));
	aka_vector_wipe(&av);
}

static void test_vector_roundtrip(void)
{
	struct fixed_rand fr = { 0 };
	struct aka_keys keys;
	struct aka_vector av, av2;
	struct sim u;
	uint8_t res[8], kasme[32], auts[14], bad[AKA_RES_MAX + 1];
	enum sim_verdict v;
	bool ok;
	size_t i;

	set1_keys(&keys, 0x00, 0x00);
	usim_init(&u, AKA_IND_BITS_DEFAULT);
	rng_state = 42;
	ok = !aka_vector_make(&keys, aka_sqn_make(1, 5), sn_208_93, test_rand, &fr, &av);
	v = usim_run(&u, av.rand, av.autn, sn_208_93, res, kasme, auts);
	tap_result(ok && v == SIM_OK,
		   "aka: the USIM accepts a fresh vector (MAC-A, separation bit, SQN)");
	tap_result(av.autn[6] == 0x80 && av.autn[7] == 0x00,
		   "aka: AUTN's AMF has the separation bit set though the stored AMF is 0000 (TS 33.401 6.1.1)");
	tap_result(!memcmp(kasme, av.kasme, 32),
		   "aka: the USIM's K_ASME (EVP_Q_mac) equals the vector's");
	tap_result(aka_res_ok(&av, res, 8), "aka: the USIM's RES passes the RES check");

	ok = true;
	for (i = 0; i < 8 * 8; i++) {
		memcpy(bad, res, 8);
		bad[i / 8] ^= 1u << (i % 8);
		ok &= !aka_res_ok(&av, bad, 8);
	}
	tap_result(ok, "aka: a RES with any one bit flipped fails the check");
	memcpy(bad, res, 8);
	memset(bad + 8, 0, sizeof(bad) - 8);
	ok = !aka_res_ok(&av, res, 4) && !aka_res_ok(&av, res, 3) && !aka_res_ok(&av, bad, 9) &&
	     !aka_res_ok(&av, bad, 16) && !aka_res_ok(&av, bad, 17) && !aka_res_ok(&av, NULL, 8) &&
	     !aka_res_ok(&av, res, 0);
	tap_result(ok, "aka: a RES of another length (prefix, zero-padded, <4, >16) fails the check");

	/* A replay of the same vector is a synch failure at the USIM. */
	v = usim_run(&u, av.rand, av.autn, sn_208_93, res, kasme, auts);
	tap_result(v == SIM_SYNCH_FAIL, "aka: the USIM refuses the same SQN twice (synch failure)");

	/* Tampered AUTN: the MAC fails. */
	memcpy(&av2, &av, sizeof(av));
	av2.autn[0] ^= 1;
	v = usim_run(&u, av2.rand, av2.autn, sn_208_93, res, kasme, auts);
	tap_result(v == SIM_MAC_FAIL, "aka: an AUTN with a flipped SQN bit fails MAC-A at the USIM");

	/* Deterministic source: the same seed gives the same vector; RAND comes from it. */
	rng_state = 42;
	ok = !aka_vector_make(&keys, aka_sqn_make(1, 5), sn_208_93, test_rand, &fr, &av2) &&
	     !memcmp(&av, &av2, sizeof(av));
	tap_result(ok, "aka: RAND comes from the caller's source (same seed, same vector)");

	fr.fail = -EAGAIN;
	ok = aka_vector_make(&keys, 5, sn_208_93, test_rand, &fr, &av2) == -EAGAIN;
	for (i = 0; i < sizeof(av2); i++)
		ok &= ((uint8_t *)&av2)[i] == 0;
	tap_result(ok, "aka: a failing random source fails the vector and leaves it wiped");
	fr.fail = 0;

	ok = aka_vector_make(&keys, AKA_SQN_MASK + 1, sn_208_93, test_rand, &fr, &av2) == -EINVAL;
	tap_result(ok, "aka: an SQN over 48 bits is refused");

	ok = !aka_vector_make(&keys, 7, sn_208_93, NULL, NULL, &av2) &&
	     memcmp(av2.rand, av.rand, 16);
	tap_result(ok, "aka: without a source RAND comes from getrandom");
	aka_vector_wipe(&av);
	aka_vector_wipe(&av2);
}

static void test_auts(void)
{
	struct fixed_rand fr = { 0 };
	struct aka_keys keys;
	struct aka_vector av;
	struct sim u;
	uint8_t res[8], kasme[32], auts[14], t[14], rand2[16];
	static const uint8_t amf8[2] = { 0x80, 0x00 };
	uint8_t aks[6], sqnb[6];
	uint64_t sqn_ms = 0, want;
	enum sim_verdict v;
	bool ok = true;
	unsigned int i, b;

	set1_keys(&keys, 0x80, 0x00);
	usim_init(&u, AKA_IND_BITS_DEFAULT);
	/* The USIM has seen SEQ 1000 (provisioned elsewhere); the HE is at 10. */
	u.seq_ms = 1000;
	for (i = 0; i < 32; i++)
		u.seq_arr[i] = 1000;
	rng_state = 7;
	aka_vector_make(&keys, aka_sqn_make(11, 5), sn_208_93, test_rand, &fr, &av);
	v = usim_run(&u, av.rand, av.autn, sn_208_93, res, kasme, auts);
	want = UINT64_C(1000) << 5;
	ok = v == SIM_SYNCH_FAIL && !aka_auts_check(&keys, av.rand, auts, &sqn_ms) &&
	     sqn_ms == want;
	if (!tap_result(ok, "aka: an AUTS from the USIM verifies and yields its SQN_MS"))
		tap_diag("verdict %d sqn_ms %llx want %llx", v, (unsigned long long)sqn_ms,
			 (unsigned long long)want);

	ok = true;
	for (i = 0; i < 14 * 8; i++) {
		memcpy(t, auts, 14);
		t[i / 8] ^= 1u << (i % 8);
		sqn_ms = 0x1234;
		ok &= aka_auts_check(&keys, av.rand, t, &sqn_ms) == -EBADMSG && sqn_ms == 0x1234;
	}
	tap_result(ok, "aka: an AUTS with any one of its 112 bits flipped fails MAC-S and leaves SQN_MS alone");

	memcpy(rand2, av.rand, 16);
	rand2[15] ^= 0x40;
	tap_result(aka_auts_check(&keys, rand2, auts, &sqn_ms) == -EBADMSG,
		   "aka: an AUTS checked against another RAND fails");

	/* MAC-S over the vector's AMF instead of the dummy 0000 (6.3.3) must fail. */
	milenage_f2345(keys.k, keys.opc, av.rand, NULL, NULL, NULL, NULL, aks);
	aka_sqn_put(want, sqnb);
	milenage_f1(keys.k, keys.opc, av.rand, sqnb, amf8, NULL, t + 6);
	for (b = 0; b < 6; b++)
		t[b] = sqnb[b] ^ aks[b];
	tap_result(aka_auts_check(&keys, av.rand, t, &sqn_ms) == -EBADMSG,
		   "aka: a MAC-S computed over a non-zero AMF fails (TS 33.102 6.3.3 dummy AMF)");

	/* Resync: continue from SEQ_MS; the next vector is accepted. */
	{
		uint64_t seq = aka_resync_seq(10, want, 5);

		aka_vector_make(&keys, aka_sqn_make(seq + 1, 5), sn_208_93, test_rand, &fr, &av);
		v = usim_run(&u, av.rand, av.autn, sn_208_93, res, kasme, auts);
		tap_result(seq == 1000 && v == SIM_OK && aka_res_ok(&av, res, 8),
			   "aka: after resync to SEQ_MS the next fresh vector is accepted");
	}
	aka_vector_wipe(&av);
	aka_keys_wipe(&keys);
}

static void test_sqn(void)
{
	struct fixed_rand fr = { 0 };
	struct aka_keys keys;
	struct aka_vector av[40];
	struct sim u;
	uint8_t res[8], kasme[32], auts[14];
	unsigned int i, ind_bits;
	bool ok = true;

	tap_result(aka_sqn_make(1, 5) == 0x21 && aka_sqn_make(31, 5) == (31u << 5 | 31) &&
		   aka_sqn_make(32, 5) == (32u << 5) && aka_sqn_seq(0x21, 5) == 1 &&
		   aka_sqn_ind(0x21, 5) == 1 && aka_seq_max(5) == (AKA_SQN_MASK >> 5) &&
		   aka_sqn_make(aka_seq_max(5), 5) <= AKA_SQN_MASK &&
		   aka_sqn_make(77, 0) == 77,
		   "aka: SQN = SEQ || IND with IND = SEQ mod 2^a (TS 33.102 C.1.1, C.1.2)");

	/* SQN octets: big-endian, 48 bits. */
	{
		uint8_t b[6];

		aka_sqn_put(UINT64_C(0x0123456789ab), b);
		tap_result(b[0] == 0x01 && b[5] == 0xab &&
			   aka_sqn_get(b) == UINT64_C(0x0123456789ab),
			   "aka: SQN travels as 6 big-endian octets");
	}

	/*
	 * 32 vectors handed out with consecutive SEQs fall in the 32 IND
	 * slots, so the USIM accepts them in any order (here reversed); a
	 * 33rd that shares a slot with a later-used one is stale.
	 */
	set1_keys(&keys, 0x80, 0x00);
	for (ind_bits = 0; ind_bits <= 8; ind_bits += 4) {
		unsigned int n = ind_bits ? 1u << (ind_bits < 5 ? ind_bits : 5) : 1;

		usim_init(&u, ind_bits);
		rng_state = 99 + ind_bits;
		ok = true;
		for (i = 0; i < n; i++)
			ok &= !aka_vector_make(&keys, aka_sqn_make(100 + i, ind_bits), sn_208_93,
					       test_rand, &fr, &av[i]);
		for (i = n; i-- > 0;)
			ok &= usim_run(&u, av[i].rand, av[i].autn, sn_208_93, res, kasme,
				       auts) == SIM_OK;
		for (i = 0; i < n; i++)
			ok &= usim_run(&u, av[i].rand, av[i].autn, sn_208_93, res, kasme,
				       auts) == SIM_SYNCH_FAIL;
		tap_result(ok, "aka: IND of %u bits: %u outstanding vectors are accepted out of order, none twice",
			   ind_bits, n);
	}

	/* HE resync rule (TS 33.102 6.3.5): */
	tap_result(aka_resync_seq(10, aka_sqn_make(500, 5), 5) == 500,
		   "aka: resync moves SEQ_HE forward to a USIM that is ahead");
	tap_result(aka_resync_seq(600, aka_sqn_make(500, 5), 5) == 600 &&
		   aka_resync_seq(500, aka_sqn_make(500, 5), 5) == 500,
		   "aka: resync keeps SEQ_HE when its next SQN is fresh for the USIM (never back)");
	tap_result(aka_resync_seq(500 + AKA_DELTA + 1, aka_sqn_make(500, 5), 5) == 500 &&
		   aka_resync_seq(500 + AKA_DELTA - 1, aka_sqn_make(500, 5), 5) ==
			   500 + AKA_DELTA - 1,
		   "aka: resync resets SEQ_HE to SEQ_MS only beyond the USIM's delta 2^28");

	/* SEQ_HE far beyond delta: the USIM refuses; after resync it accepts. */
	usim_init(&u, 5);
	u.seq_ms = 3;
	rng_state = 5;
	aka_vector_make(&keys, aka_sqn_make(3 + AKA_DELTA + 10, 5), sn_208_93, test_rand, &fr, &av[0]);
	ok = usim_run(&u, av[0].rand, av[0].autn, sn_208_93, res, kasme, auts) == SIM_SYNCH_FAIL;
	{
		uint64_t sqn_ms = 0, seq;

		ok &= !aka_auts_check(&keys, av[0].rand, auts, &sqn_ms);
		seq = aka_resync_seq(3 + AKA_DELTA + 10, sqn_ms, 5);
		aka_vector_make(&keys, aka_sqn_make(seq + 1, 5), sn_208_93, test_rand, &fr, &av[1]);
		ok &= seq == 3 && usim_run(&u, av[1].rand, av[1].autn, sn_208_93, res, kasme,
					   auts) == SIM_OK;
	}
	tap_result(ok, "aka: a USIM refusing an SQN too far ahead accepts the next one after resync");
	for (i = 0; i < 40; i++)
		aka_vector_wipe(&av[i]);
	aka_keys_wipe(&keys);
}

int main(void)
{
	const char *seed = getenv("NASSEC_SEED");

	rng_state = seed ? strtoull(seed, NULL, 0) : 0x5eed;
	tap_diag("seed %llu", (unsigned long long)rng_state);
	test_milenage_sets();
	test_sn_id();
	test_kasme();
	test_hash_mme();
	test_vector_known_answer();
	test_vector_roundtrip();
	test_auts();
	test_sqn();
	return tap_finish();
}
