// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of kmod/nas.c: header codec, COUNT estimation, replay window
 * and protect/unprotect against the rules in DESIGN.md. The UE side is
 * written here independently with OpenSSL's AES-CMAC / AES-CTR (128-EIA2 /
 * 128-EEA2), which are first checked against TS 33.401 C.1/C.2.
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nas.h"
#include "tap.h"
#include "vectors.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- 128-EIA2 / 128-EEA2 with OpenSSL (TS 33.401 B.1.3, B.2.3) ---- */

static EVP_MAC *cmac_alg;

static int eia2(const u8 key[16], u32 count, u8 bearer, u8 dir,
		const u8 *data, size_t len, u8 mac[4])
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
						 "AES-128-CBC", 0),
		OSSL_PARAM_construct_end(),
	};
	u8 m0[8] = { count >> 24, count >> 16, count >> 8, count,
		     (u8)(bearer << 3 | dir << 2), 0, 0, 0 };
	u8 full[16];
	size_t out = 0;
	EVP_MAC_CTX *c;
	int ok;

	if (!cmac_alg)
		cmac_alg = EVP_MAC_fetch(NULL, "CMAC", NULL);
	c = cmac_alg ? EVP_MAC_CTX_new(cmac_alg) : NULL;
	if (!c)
		return -ENOMEM;
	ok = EVP_MAC_init(c, key, 16, params) &&
	     EVP_MAC_update(c, m0, sizeof(m0)) &&
	     EVP_MAC_update(c, data, len) &&
	     EVP_MAC_final(c, full, &out, sizeof(full)) && out == 16;
	EVP_MAC_CTX_free(c);
	if (!ok)
		return -EIO;
	memcpy(mac, full, 4);
	return 0;
}

static int eea2(const u8 key[16], u32 count, u8 bearer, u8 dir,
		u8 *buf, size_t len)
{
	u8 iv[16] = { count >> 24, count >> 16, count >> 8, count,
		      (u8)(bearer << 3 | dir << 2) };
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int out = 0, ok;

	if (!c)
		return -ENOMEM;
	ok = EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv) &&
	     (len == 0 || EVP_EncryptUpdate(c, buf, &out, buf, (int)len));
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -EIO;
}

/*
 * The crypto handed to nas.c: EIA2/EEA2 for alg 2, and a recorder that
 * counts calls, remembers the last arguments and can be told to fail.
 */
struct test_crypto {
	unsigned int mac_calls, cipher_calls;
	u8 last_alg, last_bearer, last_dir;
	u32 last_count, last_len;
	int fail_mac, fail_cipher;	/* errno to return, 0 = work */
};

static struct test_crypto rec;

static int test_mac(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		    u8 bearer, u8 dir, const u8 *data, u32 len,
		    u8 mac[NAS_MAC_LEN])
{
	struct test_crypto *t = priv;

	t->mac_calls++;
	t->last_alg = alg;
	t->last_count = count;
	t->last_bearer = bearer;
	t->last_dir = dir;
	t->last_len = len;
	if (t->fail_mac)
		return t->fail_mac;
	if (alg != 2)
		return -ENOENT;
	return eia2(key, count, bearer, dir, data, len, mac);
}

static int test_cipher(void *priv, u8 alg, const u8 key[NAS_KEY_LEN],
		       u32 count, u8 bearer, u8 dir, u8 *buf, u32 len)
{
	struct test_crypto *t = priv;

	t->cipher_calls++;
	t->last_alg = alg;
	t->last_count = count;
	t->last_bearer = bearer;
	t->last_dir = dir;
	t->last_len = len;
	if (t->fail_cipher)
		return t->fail_cipher;
	if (alg != 2)
		return -ENOENT;
	return eea2(key, count, bearer, dir, buf, len);
}

static const struct nas_crypto crypto = {
	.mac = test_mac,
	.cipher = test_cipher,
	.priv = &rec,
};

static void rec_reset(void)
{
	memset(&rec, 0, sizeof(rec));
}

/* ---- vectors: the test crypto itself must be right ---- */

/* Every octet-aligned EIA2 record of dir/name (NULL: $NASSEC_VECTORS); records of any length. */
static void check_eia2_file(const char *dir, const char *name, const char *what)
{
	struct vec_file vf;
	unsigned int i, n = 0, bad = 0;
	u8 key[16], want[4], got[4], *msg;
	u64 count, bearer, dir_bit, bits;
	long len;

	if (vec_load(&vf, dir, name)) {
		tap_result(false, "%s loads", name);
		return;
	}
	for (i = 0; i < vf.nrec; i++) {
		const struct vec_record *r = &vf.rec[i];

		if (vec_u64(r, "length", &bits) || bits % 8)
			continue;	/* NAS is whole octets */
		n++;
		len = vec_bytes_alloc(r, "message", &msg);
		if (vec_bytes(r, "key", key, 16) != 16 ||
		    vec_u64(r, "count", &count) ||
		    vec_u64(r, "bearer", &bearer) ||
		    vec_u64(r, "direction", &dir_bit) ||
		    len != (long)(bits / 8) ||
		    vec_bytes(r, "mac", want, 4) != 4 ||
		    eia2(key, count, bearer, dir_bit, msg, len, got) ||
		    memcmp(got, want, 4)) {
			tap_diag("eia2 record at line %u differs", r->line);
			bad++;
		}
		free(msg);
	}
	tap_result(n > 0 && !bad, "test EIA2 (OpenSSL CMAC) matches %u octet-aligned %s", n, what);
	vec_free(&vf);
}

static void check_eea2_file(const char *dir, const char *name, const char *what)
{
	struct vec_file vf;
	unsigned int i, bad = 0;
	u8 key[16], *msg, *want;
	u64 count, bearer, dir_bit, bits;

	if (vec_load(&vf, dir, name)) {
		tap_result(false, "%s loads", name);
		return;
	}
	for (i = 0; i < vf.nrec; i++) {
		const struct vec_record *r = &vf.rec[i];
		long pl, cl;

		pl = vec_bytes_alloc(r, "plaintext", &msg);
		cl = vec_bytes_alloc(r, "ciphertext", &want);
		if (vec_bytes(r, "key", key, 16) != 16 ||
		    vec_u64(r, "count", &count) ||
		    vec_u64(r, "bearer", &bearer) ||
		    vec_u64(r, "direction", &dir_bit) ||
		    vec_u64(r, "length", &bits) ||
		    pl != (long)((bits + 7) / 8) || cl != pl ||
		    eea2(key, count, bearer, dir_bit, msg, pl)) {
			bad++;
		} else {
			if (bits % 8)	/* the vectors zero the unused trailing bits */
				msg[pl - 1] &= (u8)(0xff << (8 - bits % 8));
			if (memcmp(msg, want, pl)) {
				tap_diag("eea2 record at line %u differs", r->line);
				bad++;
			}
		}
		free(msg);
		free(want);
	}
	tap_result(vf.nrec > 0 && !bad, "test EEA2 (OpenSSL AES-CTR) matches %u %s",
		   vf.nrec, what);
	vec_free(&vf);
}

static void test_vectors(void)
{
	check_eia2_file(NULL, "eia2.txt", "TS 33.401 C.2 sets");
	check_eea2_file(NULL, "eea2.txt", "TS 33.401 C.1 sets");
}

/*
 * The expected values of the large records, computed another way than the
 * harness's EVP CTR / EVP_MAC CMAC: AES-128 block by block (ECB), the
 * counter and the CMAC chaining (RFC 4493) done here.
 */
static int aes_blocks(const u8 key[16], const u8 *in, u8 *out, size_t len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0, ok;

	if (!c)
		return -1;
	ok = EVP_EncryptInit_ex(c, EVP_aes_128_ecb(), NULL, key, NULL) &&
	     EVP_CIPHER_CTX_set_padding(c, 0) &&
	     EVP_EncryptUpdate(c, out, &n, in, (int)len) && n == (int)len;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

static int ref_eea2(const u8 key[16], u32 count, u8 bearer, u8 dir,
		    const u8 *in, u8 *out, size_t len)
{
	u8 ctr[16] = { count >> 24, count >> 16, count >> 8, count,
		       (u8)(bearer << 3 | dir << 2) }, ks[16];
	size_t i;
	int b;

	for (i = 0; i < len; i++) {
		if (i % 16 == 0) {
			if (aes_blocks(key, ctr, ks, 16))
				return -1;
			for (b = 15; b >= 0 && !++ctr[b]; b--)
				;
		}
		out[i] = in[i] ^ ks[i % 16];
	}
	return 0;
}

static void cmac_dbl(u8 b[16])
{
	u8 carry = b[0] >> 7;
	int i;

	for (i = 0; i < 15; i++)
		b[i] = (u8)(b[i] << 1 | b[i + 1] >> 7);
	b[15] = (u8)(b[15] << 1) ^ (carry ? 0x87 : 0);
}

static int ref_eia2(const u8 key[16], u32 count, u8 bearer, u8 dir,
		    const u8 *msg, size_t len, u8 mac[4])
{
	size_t total = 8 + len, nblk = total ? (total + 15) / 16 : 1, i, j;
	u8 *m = calloc(nblk, 16), k1[16] = { 0 }, x[16] = { 0 };
	int err = -1;

	if (!m || aes_blocks(key, k1, k1, 16))
		goto out;
	m[0] = count >> 24;
	m[1] = count >> 16;
	m[2] = count >> 8;
	m[3] = count;
	m[4] = (u8)(bearer << 3 | dir << 2);
	memcpy(m + 8, msg, len);
	cmac_dbl(k1);			/* K1 */
	if (total % 16) {		/* padded last block: K2 */
		m[total] = 0x80;
		cmac_dbl(k1);
	}
	for (i = 0; i < nblk; i++) {
		for (j = 0; j < 16; j++)
			x[j] ^= m[16 * i + j] ^ (i == nblk - 1 ? k1[j] : 0);
		if (aes_blocks(key, x, x, 16))
			goto out;
	}
	memcpy(mac, x, 4);
	err = 0;
out:
	free(m);
	return err;
}

static void put_hex(FILE *f, const char *name, const u8 *p, size_t n)
{
	fprintf(f, "%s = ", name);
	while (n--)
		fprintf(f, "%02x", *p++);
	fputc('\n', f);
}

/*
 * 3GPP test sets run to tens of thousands of bits: a 20000-bit EEA2 and
 * EIA2 record written by the test goes through the same loader and checks
 * as the TS 33.401 files (which once had to fit a 512-octet buffer).
 */
static void test_vectors_of_any_length(void)
{
	enum { BITS = 20000, LEN = BITS / 8 };
	char dir[] = "/tmp/nassec-nas-vectors.XXXXXX", path[256];
	static u8 msg[LEN], ct[LEN];
	u8 key[16], mac[4];
	FILE *f;
	size_t i;

	for (i = 0; i < 16; i++)
		key[i] = (u8)(0x3c + 7 * i);
	for (i = 0; i < LEN; i++)
		msg[i] = (u8)(i * 131 + 17);
	if (!mkdtemp(dir) || ref_eea2(key, 0x398a59b4, 0x15, 1, msg, ct, LEN) ||
	    ref_eia2(key, 0x398a59b4, 0x15, 1, msg, LEN, mac)) {
		tap_result(false, "large vector records could not be made");
		return;
	}
	snprintf(path, sizeof(path), "%s/eea2.txt", dir);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "source = %d-bit record made by the test\n", BITS);
		put_hex(f, "key", key, 16);
		fprintf(f, "count = 0x398a59b4\nbearer = 0x15\ndirection = 1\nlength = %d\n", BITS);
		put_hex(f, "plaintext", msg, LEN);
		put_hex(f, "ciphertext", ct, LEN);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/eia2.txt", dir);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "source = %d-bit record made by the test\n", BITS);
		put_hex(f, "key", key, 16);
		fprintf(f, "count = 0x398a59b4\nbearer = 0x15\ndirection = 1\nlength = %d\n", BITS);
		put_hex(f, "message", msg, LEN);
		put_hex(f, "mac", mac, 4);
		fclose(f);
	}
	check_eia2_file(dir, "eia2.txt", "20000-bit records");
	check_eea2_file(dir, "eea2.txt", "20000-bit records");
	unlink(path);
	snprintf(path, sizeof(path), "%s/eea2.txt", dir);
	unlink(path);
	rmdir(dir);
}

/* ---- header codec ---- */

static enum nas_verdict parse_copy(const u8 *src, u32 len, struct nas_hdr *h)
{
	/* An exact-size heap copy, so ASan sees any read past len. */
	u8 *p = malloc(len ? len : 1);
	enum nas_verdict v;

	memcpy(p, src, len);
	v = nas_hdr_parse(p, len, h);
	free(p);
	return v;
}

static void test_header(void)
{
	static const u8 prot[] = { 0x27, 0xa1, 0xb2, 0xc3, 0xd4, 0x05,
				   0x07, 0x5e, 0x11 };
	struct nas_hdr h;
	u8 buf[16], mac[4] = { 1, 2, 3, 4 };
	unsigned int t;
	bool ok;
	u32 len;

	tap_result(parse_copy((const u8[]){ 0x07, 0x41, 0x71 }, 3, &h) ==
		   NAS_VERDICT_PLAIN && h.sht == 0 && h.pd == NAS_PD_EMM &&
		   h.msg_off == 0 && h.msg_len == 3 && h.sqn_bits == 0,
		   "plain EMM message parses as PLAIN, whole PDU is the message");
	tap_result(parse_copy((const u8[]){ 0x07, 0x41 }, 2, &h) ==
		   NAS_VERDICT_PLAIN &&
		   parse_copy((const u8[]){ 0x07 }, 1, &h) == NAS_VERDICT_MALFORMED &&
		   parse_copy(buf, 0, &h) == NAS_VERDICT_MALFORMED,
		   "plain EMM needs PD and message type: 2 octets PLAIN, 1 and 0 MALFORMED");
	tap_result(parse_copy((const u8[]){ 0x52, 0x01, 0xd0 }, 3, &h) ==
		   NAS_VERDICT_PLAIN && h.pd == NAS_PD_ESM && h.sht == 0 &&
		   parse_copy((const u8[]){ 0x52, 0x01 }, 2, &h) ==
		   NAS_VERDICT_MALFORMED,
		   "ESM: high nibble is the bearer id, not a header type; 3 octets minimum");
	ok = true;
	for (t = 0; t < 16; t++) {
		if (t == NAS_PD_EMM || t == NAS_PD_ESM)
			continue;
		memset(buf, 0, sizeof(buf));
		buf[0] = 0x20 | t;
		buf[6] = 0x07;
		ok &= parse_copy(buf, 10, &h) == NAS_VERDICT_MALFORMED;
	}
	tap_result(ok, "protocol discriminators other than EMM and ESM are MALFORMED");

	ok = true;
	for (t = 1; t <= 4; t++) {
		memcpy(buf, prot, sizeof(prot));
		buf[0] = t << 4 | NAS_PD_EMM;
		ok &= parse_copy(buf, sizeof(prot), &h) == NAS_VERDICT_OK &&
		      h.sht == t && h.sqn == 0x05 && h.sqn_bits == 8 &&
		      !memcmp(h.mac, prot + 1, 4) && h.msg_off == 6 &&
		      h.msg_len == sizeof(prot) - 6;
		ok &= parse_copy(buf, NAS_PROTECTED_MIN_LEN, &h) == NAS_VERDICT_OK &&
		      h.msg_len == 2;
		for (len = 0; len < NAS_PROTECTED_MIN_LEN; len++)
			ok &= parse_copy(buf, len, &h) == NAS_VERDICT_MALFORMED;
	}
	tap_result(ok, "types 1-4: MAC, SQN, inner message at 6; shorter than 8 octets MALFORMED");

	ok = true;
	for (t = 5; t <= 11; t++) {
		memcpy(buf, prot, sizeof(prot));
		buf[0] = t << 4 | NAS_PD_EMM;
		ok &= parse_copy(buf, sizeof(prot), &h) == NAS_VERDICT_MALFORMED;
		ok &= parse_copy(buf, 4, &h) == NAS_VERDICT_MALFORMED;
	}
	tap_result(ok, "reserved header types 5-11 are MALFORMED");

	ok = true;
	for (t = 12; t <= 15; t++) {
		buf[0] = t << 4 | NAS_PD_EMM;
		buf[1] = 5 << 5 | 0x13;
		buf[2] = 0xab;
		buf[3] = 0xcd;
		ok &= parse_copy(buf, 4, &h) == NAS_VERDICT_OK &&
		      h.sht == NAS_SHT_SERVICE_REQUEST && h.ksi == 5 &&
		      h.sqn == 0x13 && h.sqn_bits == 5 && h.mac[2] == 0xab &&
		      h.mac[3] == 0xcd && h.msg_off == 0 && h.msg_len == 4;
		for (len = 0; len < 8; len++)
			if (len != 4)
				ok &= parse_copy(buf, len, &h) == NAS_VERDICT_MALFORMED;
	}
	tap_result(ok, "types 12-15 are SERVICE REQUEST: KSI, 5-bit SQN, short MAC; exactly 4 octets");

	nas_hdr_build(buf, NAS_SHT_INTEGRITY_NEW_CTX, mac, 0x9a);
	buf[6] = 0x07;
	buf[7] = 0x5d;
	tap_result(buf[0] == 0x37 && parse_copy(buf, 8, &h) == NAS_VERDICT_OK &&
		   h.sht == 3 && h.sqn == 0x9a && !memcmp(h.mac, mac, 4),
		   "built downlink header parses back");
}

/* ---- COUNT estimation ---- */

static void test_estimate(void)
{
	u32 next, est, lo;
	unsigned int sqn, bits;
	bool ok;

	tap_result(nas_count_estimate(0, 0, 8) == 0 &&
		   nas_count_estimate(0, 5, 8) == 5 &&
		   nas_count_estimate(0, 0xff, 8) == 0xff &&
		   nas_count_estimate(0, 0xc0, 8) == 0xc0,
		   "fresh context: the SQN is the COUNT (overflow 0), never below 0");
	tap_result(nas_count_estimate(0x100, 0x00, 8) == 0x100 &&
		   nas_count_estimate(0xff, 0x00, 8) == 0x100 &&
		   nas_count_estimate(0x1fe, 0x01, 8) == 0x201,
		   "SQN wrap 255 -> 0 moves to the next overflow");
	tap_result(nas_count_estimate(0x102, 0xfe, 8) == 0xfe &&
		   nas_count_estimate(0x102, 0xc2, 8) == 0xc2 &&
		   nas_count_estimate(0x102, 0xc1, 8) == 0x1c1,
		   "reordered SQN across the wrap maps back to the previous overflow, 64 deep");
	tap_result(nas_count_estimate(0x150, 0x4f, 8) == 0x14f &&
		   nas_count_estimate(0x150, 0x10, 8) == 0x110 &&
		   nas_count_estimate(0x150, 0x0f, 8) == 0x20f &&
		   nas_count_estimate(0x150, 0x50, 8) == 0x150,
		   "window edge: 64 back stays in this overflow, 65 back is ahead");
	tap_result(nas_count_estimate(NAS_COUNT_MAX, 0xff, 8) == NAS_COUNT_MAX &&
		   nas_count_estimate(NAS_COUNT_MAX + 1, 0x00, 8) > NAS_COUNT_MAX &&
		   nas_count_estimate(NAS_COUNT_MAX + 1, 0xf0, 8) == 0xfffff0,
		   "at the top of the COUNT space estimates run past NAS_COUNT_MAX");
	tap_result(nas_count_estimate(0, 3, 5) == 3 &&
		   nas_count_estimate(0x40, 0x1f, 5) == 0x3f &&
		   nas_count_estimate(0x40, 0x00, 5) == 0x40 &&
		   nas_count_estimate(0x40, 0x17, 5) == 0x57 &&
		   nas_count_estimate(0x40, 0x18, 5) == 0x38 &&
		   nas_count_estimate(0x1e, 0x01, 5) == 0x21,
		   "5-bit SERVICE REQUEST SQN: 8 back, 23 ahead, wraps every 32");

	ok = true;
	for (bits = 5; bits <= 8; bits += 3) {
		u32 behind = bits == 8 ? 64 : 8, mod = 1U << bits;

		for (next = 0; next < 3 * 256 && ok; next += 7) {
			for (sqn = 0; sqn < mod; sqn++) {
				est = nas_count_estimate(next, sqn, bits);
				lo = next > behind ? next - behind : 0;
				if ((est & (mod - 1)) != sqn || est < lo ||
				    est >= lo + mod) {
					tap_diag("next %u sqn %u bits %u -> %u",
						 next, sqn, bits, est);
					ok = false;
					break;
				}
			}
		}
	}
	tap_result(ok, "every estimate carries the SQN and lies in the one window of 2^bits around next");
}

/* ---- replay window ---- */

static void test_replay(void)
{
	struct nas_replay w, before;
	u32 c;
	bool ok;

	nas_replay_init(&w, 0);
	before = w;
	tap_result(nas_replay_check(&w, 0) == NAS_WIN_FRESH &&
		   nas_replay_check(&w, 0) == NAS_WIN_FRESH &&
		   !memcmp(&w, &before, sizeof(w)),
		   "check is pure: asking twice changes nothing");
	tap_result(nas_replay_commit(&w, 0) == NAS_WIN_FRESH &&
		   nas_replay_check(&w, 0) == NAS_WIN_REPLAY &&
		   nas_replay_commit(&w, 0) == NAS_WIN_REPLAY && w.next == 1,
		   "a COUNT is accepted once; the duplicate is a replay");

	nas_replay_init(&w, 0);
	nas_replay_commit(&w, 100);
	ok = true;
	for (c = 99; c >= 37; c--)
		ok &= nas_replay_commit(&w, c) == NAS_WIN_FRESH;
	ok &= nas_replay_check(&w, 36) == NAS_WIN_TOO_OLD;
	for (c = 37; c <= 100; c++)
		ok &= nas_replay_check(&w, c) == NAS_WIN_REPLAY;
	ok &= nas_replay_check(&w, 101) == NAS_WIN_FRESH;
	tap_result(ok && w.next == 101,
		   "reordering within 64 accepted once each, 64 behind too old");

	nas_replay_init(&w, 0);
	nas_replay_commit(&w, 0);
	nas_replay_commit(&w, 200);
	tap_result(nas_replay_check(&w, 136) == NAS_WIN_TOO_OLD &&
		   nas_replay_check(&w, 137) == NAS_WIN_FRESH &&
		   nas_replay_check(&w, 199) == NAS_WIN_FRESH &&
		   nas_replay_check(&w, 200) == NAS_WIN_REPLAY,
		   "a jump forward forgets what fell out, keeps the unseen gap open");

	nas_replay_init(&w, 5000);
	tap_result(nas_replay_check(&w, 4999) == NAS_WIN_REPLAY &&
		   nas_replay_check(&w, 4936) == NAS_WIN_REPLAY &&
		   nas_replay_check(&w, 4935) == NAS_WIN_TOO_OLD &&
		   nas_replay_check(&w, 5000) == NAS_WIN_FRESH,
		   "a window started at an imported COUNT treats everything below as used");

	nas_replay_init(&w, NAS_COUNT_MAX);
	tap_result(nas_replay_commit(&w, NAS_COUNT_MAX) == NAS_WIN_FRESH &&
		   nas_replay_check(&w, NAS_COUNT_MAX + 1) == NAS_WIN_TOO_OLD &&
		   nas_replay_commit(&w, NAS_COUNT_MAX + 1) == NAS_WIN_TOO_OLD,
		   "the last COUNT is accepted once, nothing beyond the 24-bit space");

	/* Against a plain model: a set of accepted COUNTs and the highest. */
	{
		static bool seen[65536];
		unsigned int i, fails = 0;
		int highest = -1;

		srand(1);
		nas_replay_init(&w, 0);
		memset(seen, 0, sizeof(seen));
		for (i = 0; i < 200000; i++) {
			enum nas_window want, got;

			c = (u32)(highest < 0 ? 0 : highest) + (rand() % 96) - 80;
			if ((int)c < 0 || c >= ARRAY_SIZE(seen))
				c = (u32)(rand() % 64);
			if (highest >= 0 && highest - (int)c >= 64)
				want = NAS_WIN_TOO_OLD;
			else if (seen[c])
				want = NAS_WIN_REPLAY;
			else
				want = NAS_WIN_FRESH;
			got = nas_replay_commit(&w, c);
			if (got != want && fails++ < 5)
				tap_diag("count %u: got %d want %d", c, got, want);
			if (want == NAS_WIN_FRESH) {
				seen[c] = true;
				if ((int)c > highest)
					highest = c;
			}
			if (highest > 60000)
				break;
		}
		tap_result(!fails && highest > 10000,
			   "random reorder/replay sequence agrees with a set model (%u steps)",
			   i);
	}
}

/* ---- protect / unprotect ---- */

static const u8 key_a_int[16] = { 0x2b, 0xd6, 0x45, 0x9f, 0x82, 0xc5, 0xb3, 0x00,
				  0x95, 0x2c, 0x49, 0x10, 0x48, 0x81, 0xff, 0x48 };
static const u8 key_a_enc[16] = { 0xd3, 0xc5, 0xd5, 0x92, 0x32, 0x7f, 0xb1, 0x1c,
				  0x40, 0x35, 0xc6, 0x68, 0x0a, 0xf8, 0xc6, 0xd1 };
static const u8 key_b_int[16] = { 0x7e, 0x5e, 0x94, 0x43, 0x1e, 0x11, 0xd7, 0x38,
				  0x28, 0xd7, 0x39, 0xcc, 0x6c, 0xed, 0x45, 0x73 };
static const u8 key_b_enc[16] = { 0x0a, 0x8b, 0x6b, 0xd8, 0xd9, 0xb0, 0x8b, 0x08,
				  0xd6, 0x4e, 0x32, 0xd1, 0x81, 0x77, 0x77, 0xfb };
static const u8 kasme_a[32] = { [0] = 0xa5, [7] = 0x11, [31] = 0x5a };
static const u8 kasme_b[32] = { [0] = 0xb6, [9] = 0x22, [31] = 0x6b };

/* An inner message: ATTACH ACCEPT-ish bytes; content does not matter. */
static const u8 inner[] = { 0x07, 0x42, 0x01, 0x49, 0x06, 0x00, 0x00, 0xf1,
			    0x10, 0x00, 0x01, 0x00, 0x2c, 0x52, 0x01, 0xc1 };

static void slot_make(struct nas_slot *s, u8 eksi, u8 eia, u8 eea,
		      const u8 *k_int, const u8 *k_enc, const u8 *kasme,
		      u32 ul, u32 dl)
{
	memset(s, 0, sizeof(*s));
	nas_slot_init(s, eksi, eia, eea, ul, dl);
	memcpy(s->k_nas_int, k_int, 16);
	memcpy(s->k_nas_enc, k_enc, 16);
	memcpy(s->kasme, kasme, 32);
}

/* A context with cur = A (EIA2/EEA2, eKSI 1) and, if want_next, next = B (eKSI 2). */
static void ctx_make(struct nas_ctx *ctx, bool want_next)
{
	struct nas_slot s;

	memset(ctx, 0, sizeof(*ctx));
	slot_make(&s, 1, 2, 2, key_a_int, key_a_enc, kasme_a, 0, 0);
	nas_ctx_install(ctx, NAS_SLOT_CUR, &s);
	if (want_next) {
		slot_make(&s, 2, 2, 2, key_b_int, key_b_enc, kasme_b, 0, 0);
		nas_ctx_install(ctx, NAS_SLOT_NEXT, &s);
	}
}

/*
 * The UE's side, independent of nas.c: TS 24.301 4.4.3 / 9.1, uplink.
 * Writes header + MAC + SQN + (ciphered) inner message; returns the length.
 */
static u32 ue_uplink(u8 *out, u8 sht, const u8 *k_int, const u8 *k_enc,
		     u8 eia, u8 eea, u32 count, const u8 *msg, u32 len)
{
	u8 mac[4] = { 0 };

	out[0] = sht << 4 | 7;
	out[5] = count & 0xff;
	memcpy(out + 6, msg, len);
	if ((sht == 2 || sht == 4) && eea == 2)
		eea2(k_enc, count, 0, 0, out + 6, len);
	if (eia == 2)
		eia2(k_int, count, 0, 0, out + 5, len + 1, mac);
	memcpy(out + 1, mac, 4);
	return len + 6;
}

/* SERVICE REQUEST (TS 24.301 8.2.25): KSI, 5-bit SQN, short MAC. */
static void ue_service_request(u8 out[4], u8 sht, const u8 *k_int, u8 ksi,
			       u32 count)
{
	u8 mac[4];

	out[0] = sht << 4 | 7;
	out[1] = ksi << 5 | (count & 0x1f);
	eia2(k_int, count, 0, 0, out, 2, mac);
	out[2] = mac[2];
	out[3] = mac[3];
}

/* The UE checking a downlink message: MAC over SQN || message, then decipher. */
static bool ue_downlink_ok(const u8 *pdu, u32 len, u8 sht, const u8 *k_int,
			   const u8 *k_enc, bool ciphered, u32 count,
			   const u8 *msg, u32 msg_len)
{
	u8 mac[4], plain[256];

	if (len != msg_len + 6 || pdu[0] != (sht << 4 | 7) ||
	    pdu[5] != (count & 0xff))
		return false;
	if (eia2(k_int, count, 0, 1, pdu + 5, len - 5, mac) ||
	    memcmp(mac, pdu + 1, 4))
		return false;
	memcpy(plain, pdu + 6, msg_len);
	if (ciphered) {
		if (!memcmp(plain, msg, msg_len))
			return false;	/* ciphering must change the bytes */
		eea2(k_enc, count, 0, 1, plain, msg_len);
	}
	return !memcmp(plain, msg, msg_len);
}

static int dl(struct nas_ctx *ctx, u8 sht, u8 *pdu, struct nas_tx *tx)
{
	memcpy(pdu + 6, inner, sizeof(inner));
	return nas_protect(ctx, &crypto, sht, pdu, sizeof(inner) + 6, tx);
}

static int ul(struct nas_ctx *ctx, u8 *pdu, u32 len, struct nas_result *res)
{
	return nas_unprotect(ctx, &crypto, pdu, len, res);
}

static bool mem_contains(const void *hay, size_t n, const u8 *needle, size_t k)
{
	const u8 *h = hay;
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (!memcmp(h + i, needle, k))
			return true;
	return false;
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static void test_downlink(void)
{
	struct nas_ctx ctx, before;
	struct nas_tx tx;
	u8 pdu[64];
	int ret;
	bool ok;

	ctx_make(&ctx, false);
	rec_reset();
	ret = dl(&ctx, 1, pdu, &tx);
	tap_result(!ret && tx.count == 0 && ctx.cur.dl_count == 1 &&
		   rec.cipher_calls == 0 && rec.last_bearer == 0 &&
		   rec.last_dir == 1 &&
		   ue_downlink_ok(pdu, sizeof(inner) + 6, 1, key_a_int,
				  key_a_enc, false, 0, inner, sizeof(inner)),
		   "type 1: MAC over SQN || message with cur's K_NASint, COUNT 0, BEARER 0, downlink; not ciphered");

	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(!ret && tx.count == 1 && ctx.cur.dl_count == 2 &&
		   ue_downlink_ok(pdu, sizeof(inner) + 6, 2, key_a_int,
				  key_a_enc, true, 1, inner, sizeof(inner)),
		   "type 2: ciphered with EEA2 then MAC over SQN || ciphertext; COUNT increments after use");

	ctx.cur.dl_count = 0x1234;
	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(!ret && pdu[5] == 0x34 && tx.count == 0x1234 &&
		   ue_downlink_ok(pdu, sizeof(inner) + 6, 2, key_a_int,
				  key_a_enc, true, 0x1234, inner, sizeof(inner)),
		   "SQN is the DL COUNT's low octet; the full COUNT goes into the algorithms");

	/* Type 3 without a new slot. */
	ctx_make(&ctx, false);
	before = ctx;
	ret = dl(&ctx, 3, pdu, &tx);
	tap_result(ret == -ENOKEY && !memcmp(&ctx, &before, sizeof(ctx)),
		   "type 3 with no new slot: -ENOKEY, nothing used");

	ctx_make(&ctx, true);
	ctx.cur.dl_count = 7;
	ctx.next.eea = 2;
	rec_reset();
	ret = dl(&ctx, 3, pdu, &tx);
	ok = !ret && tx.count == 0 && ctx.next.dl_count == 1 &&
	     ctx.cur.dl_count == 7 && rec.cipher_calls == 0 &&
	     ue_downlink_ok(pdu, sizeof(inner) + 6, 3, key_b_int, key_b_enc,
			    false, 0, inner, sizeof(inner));
	ret = dl(&ctx, 3, pdu, &tx);
	ok &= !ret && tx.count == 1 && ctx.next.dl_count == 2;
	tap_result(ok, "type 3 (SMC): new slot's key and DL COUNT, never ciphered, retransmissions count on");
	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(!ret && tx.count == 7 && ctx.cur.dl_count == 8 &&
		   ue_downlink_ok(pdu, sizeof(inner) + 6, 2, key_a_int,
				  key_a_enc, true, 7, inner, sizeof(inner)),
		   "types 1/2 during an SMC stay on the current slot");

	ctx_make(&ctx, true);
	before = ctx;
	ok = true;
	ok &= dl(&ctx, 0, pdu, &tx) == -EINVAL;
	ok &= dl(&ctx, 4, pdu, &tx) == -EINVAL;
	ok &= dl(&ctx, 12, pdu, &tx) == -EINVAL;
	memcpy(pdu + 6, inner, 1);
	ok &= nas_protect(&ctx, &crypto, 2, pdu, 7, &tx) == -EBADMSG;
	tap_result(ok && !memcmp(&ctx, &before, sizeof(ctx)),
		   "protect refuses types 0, 4, 12 (-EINVAL) and an inner message under 2 octets (-EBADMSG) without using a COUNT");

	ctx_make(&ctx, true);
	ctx.flags |= NAS_CTX_FROZEN;
	before = ctx;
	ok = dl(&ctx, 1, pdu, &tx) == -EACCES && dl(&ctx, 2, pdu, &tx) == -EACCES &&
	     dl(&ctx, 3, pdu, &tx) == -EACCES;
	ok &= !memcmp(&ctx, &before, sizeof(ctx));
	ctx.flags &= ~NAS_CTX_FROZEN;
	ok &= dl(&ctx, 2, pdu, &tx) == 0 && tx.count == 0;
	tap_result(ok, "frozen context refuses all downlink with -EACCES, COUNTs untouched; thawed it protects again");

	ctx.flags |= NAS_CTX_FROZEN;
	{
		struct nas_result res;
		u32 len = ue_uplink(pdu, 4, key_b_int, key_b_enc, 2, 2, 0,
				    inner, sizeof(inner));

		ok = nas_unprotect(&ctx, &crypto, pdu, len, &res) ==
		     NAS_VERDICT_OK && (res.flags & NAS_F_PROMOTED);
		len = ue_uplink(pdu, 2, key_b_int, key_b_enc, 2, 2, 1, inner,
				sizeof(inner));
		ok &= nas_unprotect(&ctx, &crypto, pdu, len, &res) ==
		      NAS_VERDICT_OK && (ctx.flags & NAS_CTX_FROZEN);
	}
	tap_result(ok, "frozen blocks downlink only: uplink (and SMC COMPLETE promotion) still accepted");

	ctx_make(&ctx, false);
	ctx.cur.dl_count = NAS_COUNT_THRESHOLD - 1;
	ok = dl(&ctx, 1, pdu, &tx) == 0 && !(tx.flags & NAS_F_THRESHOLD);
	ok &= dl(&ctx, 1, pdu, &tx) == 0 && (tx.flags & NAS_F_THRESHOLD) &&
	      tx.count == NAS_COUNT_THRESHOLD;
	tap_result(ok && NAS_COUNT_THRESHOLD == 0xff0000,
		   "threshold flagged from COUNT 0xff0000 on (2^16 before the end), not before");

	ctx.cur.dl_count = NAS_COUNT_MAX;
	ok = dl(&ctx, 2, pdu, &tx) == 0 && tx.count == NAS_COUNT_MAX &&
	     (tx.flags & NAS_F_THRESHOLD) &&
	     ue_downlink_ok(pdu, sizeof(inner) + 6, 2, key_a_int, key_a_enc,
			    true, NAS_COUNT_MAX, inner, sizeof(inner));
	before = ctx;
	memcpy(pdu + 6, inner, sizeof(inner));
	ret = nas_protect(&ctx, &crypto, 2, pdu, sizeof(inner) + 6, &tx);
	ok &= ret == -EOVERFLOW && !memcmp(&ctx, &before, sizeof(ctx)) &&
	      !memcmp(pdu + 6, inner, sizeof(inner));
	tap_result(ok, "COUNT 2^24-1 is the last one used; then -EOVERFLOW, never a wrap");

	ctx_make(&ctx, false);
	ctx.cur.eia = 0;
	ctx.cur.eea = 0;
	rec_reset();
	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(!ret && rec.mac_calls == 0 && rec.cipher_calls == 0 &&
		   all_zero(pdu + 1, 4) && !memcmp(pdu + 6, inner, sizeof(inner)),
		   "EIA0/EEA0: zero MAC, message in the clear, the algorithms never called");

	ctx_make(&ctx, false);
	ctx.cur.eia = 1;
	ctx.cur.eea = 3;
	rec_reset();
	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(ret == -ENOENT && rec.cipher_calls == 1 && rec.last_alg == 3,
		   "the slot's EEA id reaches the crypto (alg 3 asked for), its error comes back");
	ctx.cur.eea = 0;
	rec_reset();
	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(ret == -ENOENT && rec.mac_calls == 1 && rec.last_alg == 1 &&
		   ctx.cur.dl_count == 2,
		   "the slot's EIA id reaches the crypto; a failed seal still spends its COUNT");

	ctx_make(&ctx, false);
	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(!ret && all_zero(tx.k_int, 16) && all_zero(tx.k_enc, 16),
		   "nas_protect leaves no key copy in the caller's nas_tx");
}

static void test_uplink(void)
{
	struct nas_ctx ctx, before;
	struct nas_result res;
	u8 pdu[64], copy[64], stash[16][64];
	u32 len, i, c;
	int ret;
	bool ok;

	/* plain */
	ctx_make(&ctx, true);
	before = ctx;
	memcpy(pdu, (const u8[]){ 0x07, 0x44, 0x09 }, 3);
	ret = ul(&ctx, pdu, 3, &res);
	tap_result(ret == NAS_VERDICT_PLAIN && res.verdict == NAS_VERDICT_PLAIN &&
		   res.msg_off == 0 && res.msg_len == 3 && !res.count_valid &&
		   !memcmp(&ctx, &before, sizeof(ctx)),
		   "plain message: verdict PLAIN, context untouched");

	/* type 1 and 2 */
	ctx_make(&ctx, false);
	len = ue_uplink(pdu, 1, key_a_int, key_a_enc, 2, 2, 0, inner, sizeof(inner));
	rec_reset();
	ret = ul(&ctx, pdu, len, &res);
	tap_result(ret == NAS_VERDICT_OK && res.verdict == NAS_VERDICT_OK &&
		   res.sht == 1 && res.count == 0 && res.count_valid &&
		   res.msg_off == 6 && res.msg_len == sizeof(inner) &&
		   !memcmp(pdu + 6, inner, sizeof(inner)) &&
		   rec.cipher_calls == 0 && rec.last_dir == 0 &&
		   rec.last_bearer == 0 && ctx.cur.ul.next == 1,
		   "type 1 from the UE verifies on cur (uplink, BEARER 0), not deciphered");

	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 2, 2, 1, inner, sizeof(inner));
	ret = ul(&ctx, pdu, len, &res);
	tap_result(ret == NAS_VERDICT_OK && res.count == 1 &&
		   !memcmp(pdu + res.msg_off, inner, sizeof(inner)) &&
		   ctx.cur.ul.next == 2,
		   "type 2 from the UE verifies and is deciphered in place");

	/* MAC failure: nothing changes, nothing deciphered */
	ok = true;
	for (i = 0; i < 3; i++) {
		len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 2, 2, 2, inner,
				sizeof(inner));
		if (i == 0)
			pdu[1] ^= 0x01;		/* MAC */
		else if (i == 1)
			pdu[len - 1] ^= 0x80;	/* message */
		else
			pdu[5] ^= 0x04;		/* SQN -> another COUNT */
		memcpy(copy, pdu, len);
		before = ctx;
		rec_reset();
		ret = ul(&ctx, pdu, len, &res);
		ok &= ret == NAS_VERDICT_MAC_FAIL &&
		      res.verdict == NAS_VERDICT_MAC_FAIL &&
		      !memcmp(&ctx, &before, sizeof(ctx)) &&
		      !memcmp(pdu, copy, len) && rec.cipher_calls == 0;
	}
	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 2, 2, 2, inner, sizeof(inner));
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK && res.count == 2;
	tap_result(ok, "MAC failure (MAC, body or SQN altered): COUNTs unchanged, PDU not deciphered; the genuine one then passes");

	/* replay */
	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 2, 2, 3, inner, sizeof(inner));
	memcpy(copy, pdu, len);
	ok = ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK;
	memcpy(pdu, copy, len);
	before = ctx;
	rec_reset();
	ret = ul(&ctx, pdu, len, &res);
	tap_result(ok && ret == NAS_VERDICT_REPLAY && res.count == 3 &&
		   !memcmp(&ctx, &before, sizeof(ctx)) && !memcmp(pdu, copy, len) &&
		   rec.cipher_calls == 0,
		   "an accepted message sent again is a REPLAY: not deciphered, nothing changes");

	/* reordering across the SQN wrap with real crypto */
	ctx_make(&ctx, false);
	nas_replay_init(&ctx.cur.ul, 250);
	for (i = 0; i < 12; i++)
		ue_uplink(stash[i], 2, key_a_int, key_a_enc, 2, 2, 250 + i,
			  inner, sizeof(inner));
	ok = true;
	{
		static const u8 order[12] = { 1, 0, 3, 2, 7, 5, 4, 6, 11, 9, 10, 8 };

		for (i = 0; i < 12; i++) {
			c = order[i];
			memcpy(pdu, stash[c], sizeof(inner) + 6);
			ok &= ul(&ctx, pdu, sizeof(inner) + 6, &res) ==
			      NAS_VERDICT_OK && res.count == 250 + c &&
			      !memcmp(pdu + 6, inner, sizeof(inner));
		}
		for (i = 0; i < 12; i++) {
			memcpy(pdu, stash[i], sizeof(inner) + 6);
			ok &= ul(&ctx, pdu, sizeof(inner) + 6, &res) ==
			      NAS_VERDICT_REPLAY;
		}
	}
	tap_result(ok && ctx.cur.ul.next == 262,
		   "reordered messages across SQN 255 -> 0 each accepted once with the right COUNT");

	/* the window's edge: 64 back is remembered, 65 back is taken as ahead */
	ctx_make(&ctx, false);
	nas_replay_init(&ctx.cur.ul, 80);
	len = ue_uplink(pdu, 1, key_a_int, key_a_enc, 2, 2, 16, inner, sizeof(inner));
	ok = ul(&ctx, pdu, len, &res) == NAS_VERDICT_REPLAY && res.count == 16;
	len = ue_uplink(pdu, 1, key_a_int, key_a_enc, 2, 2, 15, inner, sizeof(inner));
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_MAC_FAIL &&
	      res.count == 15 + 256 && ctx.cur.ul.next == 80;
	tap_result(ok, "a genuine old message is never accepted: 64 back REPLAY, 65 back estimated ahead and fails its MAC");

	/* no context */
	memset(&ctx, 0, sizeof(ctx));
	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 2, 2, 0, inner, sizeof(inner));
	ok = ul(&ctx, pdu, len, &res) == NAS_VERDICT_NO_CONTEXT;
	len = ue_uplink(pdu, 4, key_a_int, key_a_enc, 2, 2, 0, inner, sizeof(inner));
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_NO_CONTEXT;
	ue_service_request(pdu, 12, key_a_int, 1, 0);
	ok &= ul(&ctx, pdu, 4, &res) == NAS_VERDICT_NO_CONTEXT;
	tap_result(ok, "empty slots: types 2, 4 and 12 get NO_CONTEXT");

	/* malformed */
	ctx_make(&ctx, true);
	before = ctx;
	len = ue_uplink(pdu, 3, key_b_int, key_b_enc, 2, 2, 0, inner, sizeof(inner));
	ok = ul(&ctx, pdu, len, &res) == NAS_VERDICT_MALFORMED && res.sht == 3;
	pdu[0] = 0x57;
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_MALFORMED;
	pdu[0] = 0x27;
	ok &= ul(&ctx, pdu, 7, &res) == NAS_VERDICT_MALFORMED;
	tap_result(ok && !memcmp(&ctx, &before, sizeof(ctx)),
		   "uplink type 3, reserved type 5, truncated type 2: MALFORMED, context untouched");

	/* EIA0 / EEA0 */
	ctx_make(&ctx, false);
	ctx.cur.eia = 0;
	ctx.cur.eea = 0;
	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 0, 0, 0, inner, sizeof(inner));
	rec_reset();
	ok = ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK && rec.mac_calls == 0 &&
	     rec.cipher_calls == 0 && !memcmp(pdu + 6, inner, sizeof(inner));
	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 0, 0, 1, inner, sizeof(inner));
	pdu[4] = 1;
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_MAC_FAIL;
	tap_result(ok, "EIA0: only an all-zero MAC verifies; EEA0 leaves the message as is");

	/* threshold and exhaustion */
	ctx_make(&ctx, false);
	nas_replay_init(&ctx.cur.ul, NAS_COUNT_THRESHOLD - 1);
	len = ue_uplink(pdu, 1, key_a_int, key_a_enc, 2, 2, NAS_COUNT_THRESHOLD - 1,
			inner, sizeof(inner));
	ok = ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK &&
	     !(res.flags & NAS_F_THRESHOLD);
	len = ue_uplink(pdu, 1, key_a_int, key_a_enc, 2, 2, NAS_COUNT_THRESHOLD,
			inner, sizeof(inner));
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK &&
	      (res.flags & NAS_F_THRESHOLD);
	nas_replay_init(&ctx.cur.ul, NAS_COUNT_MAX);
	len = ue_uplink(pdu, 1, key_a_int, key_a_enc, 2, 2, NAS_COUNT_MAX,
			inner, sizeof(inner));
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK &&
	      res.count == NAS_COUNT_MAX;
	/* The UE cannot go on; anything now would need COUNT 2^24. */
	len = ue_uplink(pdu, 1, key_a_int, key_a_enc, 2, 2, NAS_COUNT_MAX + 1,
			inner, sizeof(inner));
	before = ctx;
	rec_reset();
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_REPLAY &&
	      !res.count_valid && rec.mac_calls == 0 &&
	      !memcmp(&ctx, &before, sizeof(ctx));
	tap_result(ok, "uplink: threshold flagged from 0xff0000, COUNT 2^24-1 accepted, nothing after it");
}

static void test_promotion(void)
{
	struct nas_ctx ctx, before;
	struct nas_result res;
	struct nas_tx tx;
	u8 pdu[64], smc_complete[64];
	u32 len;
	int ret;
	bool ok;

	ctx_make(&ctx, true);
	nas_replay_init(&ctx.cur.ul, 40);
	ctx.cur.dl_count = 30;
	/* MME sends SMC (type 3, COUNT 0 of the new context). */
	ok = dl(&ctx, 3, pdu, &tx) == 0 && tx.count == 0;

	/* A type 4 made with the old keys must not promote. */
	len = ue_uplink(pdu, 4, key_a_int, key_a_enc, 2, 2, 0, inner, sizeof(inner));
	before = ctx;
	ok &= ul(&ctx, pdu, len, &res) == NAS_VERDICT_MAC_FAIL &&
	      !memcmp(&ctx, &before, sizeof(ctx));
	tap_result(ok, "type 4 is verified with the new slot: old keys give MAC_FAIL, no promotion");

	/* Type 2 under the old context still works before SMC COMPLETE. */
	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 2, 2, 40, inner, sizeof(inner));
	tap_result(ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK && res.count == 40 &&
		   !(res.flags & NAS_F_PROMOTED) && ctx.next.valid,
		   "before SECURITY MODE COMPLETE uplink type 2 still uses the current slot");

	len = ue_uplink(smc_complete, 4, key_b_int, key_b_enc, 2, 2, 0, inner,
			sizeof(inner));
	memcpy(pdu, smc_complete, len);
	ret = ul(&ctx, pdu, len, &res);
	ok = ret == NAS_VERDICT_OK && (res.flags & NAS_F_PROMOTED) &&
	     res.sht == 4 && res.count == 0 &&
	     !memcmp(pdu + 6, inner, sizeof(inner));
	ok &= ctx.cur.valid && ctx.cur.eksi == 2 &&
	      !memcmp(ctx.cur.k_nas_int, key_b_int, 16) &&
	      !memcmp(ctx.cur.k_nas_enc, key_b_enc, 16) &&
	      !memcmp(ctx.cur.kasme, kasme_b, 32) &&
	      ctx.cur.ul.next == 1 && ctx.cur.dl_count == 1;
	tap_result(ok, "verified type 4 deciphers with the new keys and promotes new to current (COUNTs with it)");
	tap_result(!ctx.next.valid && all_zero(&ctx.next, sizeof(ctx.next)) &&
		   !mem_contains(&ctx, sizeof(ctx), key_a_int, 16) &&
		   !mem_contains(&ctx, sizeof(ctx), key_a_enc, 16) &&
		   !mem_contains(&ctx, sizeof(ctx), kasme_a, 32),
		   "promotion wipes the old keys and empties the new slot");

	ret = dl(&ctx, 2, pdu, &tx);
	tap_result(!ret && tx.count == 1 &&
		   ue_downlink_ok(pdu, sizeof(inner) + 6, 2, key_b_int, key_b_enc,
				  true, 1, inner, sizeof(inner)),
		   "after promotion downlink continues on the new context after the SMC's COUNT");

	memcpy(pdu, smc_complete, len);
	before = ctx;
	ret = ul(&ctx, pdu, len, &res);
	tap_result(ret == NAS_VERDICT_REPLAY && !(res.flags & NAS_F_PROMOTED) &&
		   !memcmp(&ctx, &before, sizeof(ctx)),
		   "the SECURITY MODE COMPLETE replayed after promotion is a REPLAY");

	len = ue_uplink(pdu, 2, key_a_int, key_a_enc, 2, 2, 41, inner, sizeof(inner));
	tap_result(ul(&ctx, pdu, len, &res) == NAS_VERDICT_MAC_FAIL,
		   "after promotion the old context's messages fail");
	len = ue_uplink(pdu, 2, key_b_int, key_b_enc, 2, 2, 1, inner, sizeof(inner));
	tap_result(ul(&ctx, pdu, len, &res) == NAS_VERDICT_OK && res.count == 1,
		   "after promotion the new context's messages pass");

	/* A new SMC while a context is current: a stale type 4 replay gets MAC_FAIL. */
	{
		struct nas_slot s;

		slot_make(&s, 3, 2, 2, key_a_int, key_a_enc, kasme_a, 0, 0);
		nas_ctx_install(&ctx, NAS_SLOT_NEXT, &s);
		memcpy(pdu, smc_complete, len);
		before = ctx;
		ok = ul(&ctx, pdu, len, &res) == NAS_VERDICT_MAC_FAIL &&
		     !memcmp(&ctx, &before, sizeof(ctx));
		nas_ctx_drop(&ctx, NAS_SLOT_NEXT);
		ok &= !ctx.next.valid && all_zero(&ctx.next, sizeof(ctx.next));
		tap_result(ok, "old SMC COMPLETE against a newer new slot fails; drop wipes the slot");
	}
}

static void test_service_request(void)
{
	struct nas_ctx ctx, before;
	struct nas_result res;
	u8 sr[8] = { 0 }, copy[4];
	bool ok;

	ctx_make(&ctx, false);
	nas_replay_init(&ctx.cur.ul, 30);
	ue_service_request(sr, 12, key_a_int, 1, 30);
	memcpy(copy, sr, 4);
	rec_reset();
	ok = ul(&ctx, sr, 4, &res) == NAS_VERDICT_OK && res.sht == 12 &&
	     res.count == 30 && res.ksi == 1 && ctx.cur.ul.next == 31 &&
	     rec.last_len == 2 && rec.last_dir == 0 && !memcmp(sr, copy, 4);
	tap_result(ok, "SERVICE REQUEST: short MAC over octets 1-2 with the full COUNT verifies");

	ue_service_request(sr, 12, key_a_int, 1, 33);
	tap_result(ul(&ctx, sr, 4, &res) == NAS_VERDICT_OK && res.count == 33,
		   "SERVICE REQUEST across the 5-bit SQN wrap (30 -> 33, SQN 1)");

	memcpy(sr, copy, 4);
	before = ctx;
	tap_result(ul(&ctx, sr, 4, &res) == NAS_VERDICT_REPLAY &&
		   !memcmp(&ctx, &before, sizeof(ctx)),
		   "SERVICE REQUEST replayed is a REPLAY");

	ok = true;
	{
		unsigned int i;

		for (i = 0; i < 3; i++) {
			ue_service_request(sr, 12, key_a_int, 1, 34);
			sr[i + 1] ^= i ? 0x01 : 0x20;	/* KSI, MAC hi, MAC lo */
			before = ctx;
			ok &= ul(&ctx, sr, 4, &res) == NAS_VERDICT_MAC_FAIL &&
			      !memcmp(&ctx, &before, sizeof(ctx));
		}
	}
	tap_result(ok, "SERVICE REQUEST with a wrong short MAC or altered KSI: MAC_FAIL, nothing changes");

	ue_service_request(sr, 13, key_a_int, 1, 34);
	tap_result(ul(&ctx, sr, 4, &res) == NAS_VERDICT_OK && res.sht == 12 &&
		   res.count == 34,
		   "header type 13 is read as a SERVICE REQUEST (12)");

	tap_result(ul(&ctx, sr, 5, &res) == NAS_VERDICT_MALFORMED &&
		   ul(&ctx, sr, 3, &res) == NAS_VERDICT_MALFORMED,
		   "SERVICE REQUEST of 3 or 5 octets is MALFORMED");
}

static void test_staged(void)
{
	struct nas_ctx ctx, before;
	struct nas_rx a, b;
	struct nas_slot s;
	u8 pa[64], pb[64];
	u32 len;
	bool ok;

	ctx_make(&ctx, false);
	len = ue_uplink(pa, 2, key_a_int, key_a_enc, 2, 2, 0, inner, sizeof(inner));
	memcpy(pb, pa, len);
	ok = nas_rx_prepare(&ctx, pa, len, &a) == 0 &&
	     nas_rx_prepare(&ctx, pb, len, &b) == 0 &&
	     nas_rx_verify(&a, &crypto) == 0 && nas_rx_verify(&b, &crypto) == 0;
	ok &= nas_rx_commit(&ctx, &a) == 0;
	ok &= nas_rx_commit(&ctx, &b) == NAS_VERDICT_REPLAY &&
	      b.res.verdict == NAS_VERDICT_REPLAY;
	ok &= nas_rx_decipher(&b, &crypto) == -EINVAL &&
	      !memcmp(pb + 6, pa + 6, sizeof(inner));
	ok &= nas_rx_decipher(&a, &crypto) == NAS_VERDICT_OK &&
	      !memcmp(pa + 6, inner, sizeof(inner));
	nas_rx_wipe(&a);
	nas_rx_wipe(&b);
	tap_result(ok && all_zero(a.k_int, 16) && all_zero(a.k_enc, 16),
		   "commit race: two copies both verify, the second commit is a REPLAY and is never deciphered");

	len = ue_uplink(pa, 2, key_a_int, key_a_enc, 2, 2, 1, inner, sizeof(inner));
	before = ctx;
	ok = nas_rx_prepare(&ctx, pa, len, &a) == 0 &&
	     nas_rx_commit(&ctx, &a) == -EINVAL &&
	     nas_rx_decipher(&a, &crypto) == -EINVAL &&
	     !memcmp(&ctx, &before, sizeof(ctx));
	ok &= nas_rx_verify(&a, &crypto) == 0 &&
	      nas_rx_decipher(&a, &crypto) == -EINVAL;
	nas_rx_wipe(&a);
	tap_result(ok, "stages out of order are refused (-EINVAL): no commit without verify, no decipher without commit");

	ok = nas_rx_prepare(&ctx, pa, len, &a) == 0 &&
	     nas_rx_verify(&a, &crypto) == 0;
	slot_make(&s, 2, 2, 2, key_b_int, key_b_enc, kasme_b, 0, 0);
	nas_ctx_install(&ctx, NAS_SLOT_NEXT, &s);
	before = ctx;
	ok &= nas_rx_commit(&ctx, &a) == -EAGAIN &&
	      !memcmp(&ctx, &before, sizeof(ctx));
	nas_rx_wipe(&a);
	ok &= nas_rx_prepare(&ctx, pa, len, &a) == 0 &&
	      nas_rx_verify(&a, &crypto) == 0 && nas_rx_commit(&ctx, &a) == 0 &&
	      nas_rx_decipher(&a, &crypto) == NAS_VERDICT_OK;
	nas_rx_wipe(&a);
	tap_result(ok, "a slot change between prepare and commit gives -EAGAIN; a fresh prepare then succeeds");

	/* crypto errors: not a verdict, nothing changes */
	len = ue_uplink(pa, 2, key_a_int, key_a_enc, 2, 2, 2, inner, sizeof(inner));
	memcpy(pb, pa, len);
	before = ctx;
	rec_reset();
	rec.fail_mac = -EIO;
	{
		struct nas_result res;

		ok = nas_unprotect(&ctx, &crypto, pa, len, &res) == -EIO &&
		     res.verdict == 0 && !memcmp(&ctx, &before, sizeof(ctx)) &&
		     !memcmp(pa, pb, len);
		rec_reset();
		rec.fail_cipher = -EIO;
		ok &= nas_unprotect(&ctx, &crypto, pa, len, &res) == -EIO &&
		      res.verdict == 0;
		rec_reset();
	}
	tap_result(ok, "a crypto error is returned as an error with no verdict; a MAC error changes nothing");
}

int main(void)
{
	test_vectors();
	test_vectors_of_any_length();
	test_header();
	test_estimate();
	test_replay();
	test_downlink();
	test_uplink();
	test_promotion();
	test_service_request();
	test_staged();
	EVP_MAC_free(cmac_alg);
	return tap_finish();
}
