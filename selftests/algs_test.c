// SPDX-License-Identifier: GPL-2.0
// nassec-ldlibs: -lIPSec_MB -lcrypto
/*
 * The LTE algorithms as userspace sees them through AF_ALG: nassec's own
 * snow3g-uea2 / zuc-eea3 / snow3g-uia2 / zuc-eia3 and the kernel's ctr(aes) /
 * cmac(aes), all with the one convention of the module (kmod/algs.h): a
 * 16-octet IV COUNT|BEARER|DIRECTION|0^90 for the ciphers, an 8-octet
 * COUNT|BEARER|DIRECTION|0^26 block leading the MAC input.
 *
 * Every record of $NASSEC_VECTORS/{eea,eia}{1,2,3}.txt is run. AF_ALG works
 * on octets: ciphertexts are compared on their whole octets, official MACs
 * only for byte-aligned records; the other MAC records are cut to whole
 * octets and checked against an independent implementation instead (Intel
 * ipsec-mb for SNOW 3G and ZUC, OpenSSL for AES-CMAC).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_alg.h>

#include <intel-ipsec-mb.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

/* diagnostics (records not run, counts) belong in the TAP report */
#define TH_LOG_STREAM stdout
#include "kselftest_harness.h"
#include "vectors.h"

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

#define KEY_LEN 16
#define IV_LEN 16
#define MAC_PREFIX_LEN 8
#define MAC_LEN 4

/*
 * One record of an eea*.txt / eia*.txt file, decoded. Records may be of any
 * length (3GPP sets run to tens of thousands of bits): in and out are
 * allocated to the record, and so are two scratch buffers of
 * MAC_PREFIX_LEN + octets for the tests' outputs and MAC inputs. Start
 * zeroed; lte_record_free() when done.
 */
struct lte_record {
	uint8_t key[KEY_LEN];
	uint32_t count;
	uint8_t bearer, dir;
	uint64_t bits;
	uint8_t *in;		/* plaintext or message */
	size_t octets;		/* whole octets of in: bits / 8 */
	uint8_t *out;		/* ciphertext or MAC */
	uint8_t *scratch[2];
	const char *source;
	unsigned int line;
};

static void lte_record_free(struct lte_record *rec)
{
	free(rec->in);
	free(rec->out);
	free(rec->scratch[0]);
	free(rec->scratch[1]);
	rec->in = rec->out = rec->scratch[0] = rec->scratch[1] = NULL;
}

/* 0, or -1 when a field is missing or malformed. */
static int lte_record_decode(const struct vec_record *r, int integrity,
			     struct lte_record *rec)
{
	uint64_t count, bearer, dir;
	long in_len, out_len;

	lte_record_free(rec);
	rec->source = vec_get(r, "source");
	rec->line = r->line;
	if (!rec->source || vec_bytes(r, "key", rec->key, KEY_LEN) != KEY_LEN ||
	    vec_u64(r, "count", &count) || count > UINT32_MAX ||
	    vec_u64(r, "bearer", &bearer) || bearer > 31 ||
	    vec_u64(r, "direction", &dir) || dir > 1 ||
	    vec_u64(r, "length", &rec->bits))
		return -1;
	rec->count = count;
	rec->bearer = bearer;
	rec->dir = dir;
	rec->octets = rec->bits / 8;
	in_len = vec_bytes_alloc(r, integrity ? "message" : "plaintext", &rec->in);
	out_len = vec_bytes_alloc(r, integrity ? "mac" : "ciphertext", &rec->out);
	if (in_len < 0 || (uint64_t)in_len != (rec->bits + 7) / 8)
		return -1;
	if (out_len != (integrity ? MAC_LEN : in_len))
		return -1;
	rec->scratch[0] = calloc(1, MAC_PREFIX_LEN + in_len);
	rec->scratch[1] = calloc(1, MAC_PREFIX_LEN + in_len);
	return rec->scratch[0] && rec->scratch[1] ? 0 : -1;
}

/* The module's parameter octets: COUNT(32) | BEARER(5) | DIRECTION(1) | 0. */
static void lte_params(uint8_t *p, size_t len, const struct lte_record *rec)
{
	memset(p, 0, len);
	p[0] = rec->count >> 24;
	p[1] = rec->count >> 16;
	p[2] = rec->count >> 8;
	p[3] = rec->count;
	p[4] = rec->bearer << 3 | rec->dir << 2;
}

/* An AF_ALG transform socket bound to type/name; -errno on failure. */
static int alg_bind(const char *type, const char *name)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	int fd, err;

	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s", type);
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", name);
	fd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static int alg_setkey(int tfm, const void *key, size_t len)
{
	return setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, len) ? -errno : 0;
}

/* An operation socket of a keyed transform; -errno on failure. */
static int alg_op(const char *type, const char *name, const uint8_t *key, size_t key_len)
{
	int tfm = alg_bind(type, name), op, err;

	if (tfm < 0)
		return tfm;
	err = alg_setkey(tfm, key, key_len);
	op = err ? err : accept(tfm, NULL, 0);
	if (op < 0 && !err)
		op = -errno;
	close(tfm);
	return op;
}

/*
 * sendmsg of data with, when iv is given, the operation and IV as control
 * messages (only the first send of a request carries them). Returns the
 * octets sent or -errno.
 */
static ssize_t cipher_send(int op, int decrypt, const uint8_t *iv, size_t iv_len,
			   const void *data, size_t len, int flags)
{
	union {
		char buf[CMSG_SPACE(sizeof(uint32_t)) +
			 CMSG_SPACE(sizeof(struct af_alg_iv) + IV_LEN)];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct af_alg_iv *alg_iv;
	struct cmsghdr *cmsg;
	ssize_t n;

	if (iv) {
		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(uint32_t)) +
				     CMSG_SPACE(sizeof(*alg_iv) + iv_len);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_ALG;
		cmsg->cmsg_type = ALG_SET_OP;
		cmsg->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		*(uint32_t *)CMSG_DATA(cmsg) = decrypt ? ALG_OP_DECRYPT : ALG_OP_ENCRYPT;
		cmsg = CMSG_NXTHDR(&msg, cmsg);
		cmsg->cmsg_level = SOL_ALG;
		cmsg->cmsg_type = ALG_SET_IV;
		cmsg->cmsg_len = CMSG_LEN(sizeof(*alg_iv) + iv_len);
		alg_iv = (struct af_alg_iv *)CMSG_DATA(cmsg);
		alg_iv->ivlen = iv_len;
		memcpy(alg_iv->iv, iv, iv_len);
	}
	n = sendmsg(op, &msg, flags);
	return n < 0 ? -errno : n;
}

/* Reads exactly len octets (a cipher result may come in pieces); -errno. */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (uint8_t *)buf + got, len - got);
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

/* The first offset in cuts (0-terminated, may be NULL) after from and before len, else len. */
static size_t next_cut(const size_t *cuts, size_t from, size_t len)
{
	size_t to = len;

	for (; cuts && *cuts; cuts++)
		if (*cuts > from && *cuts < to)
			to = *cuts;
	return to;
}

/*
 * One cipher request over len octets of in, sent in pieces split at the
 * offsets in cuts, all but the last with MSG_MORE. 0 or -errno.
 */
static int cipher_run(const char *name, const struct lte_record *rec, int decrypt,
		      const uint8_t *in, size_t len, const size_t *cuts, uint8_t *out)
{
	uint8_t iv[IV_LEN];
	size_t from = 0, to;
	ssize_t n;
	int op;

	lte_params(iv, sizeof(iv), rec);
	op = alg_op("skcipher", name, rec->key, KEY_LEN);
	if (op < 0)
		return op;
	do {
		to = next_cut(cuts, from, len);
		n = cipher_send(op, decrypt, from ? NULL : iv, IV_LEN, in + from,
				to - from, to < len ? MSG_MORE : 0);
		if (n >= 0 && (size_t)n != to - from)
			n = -EIO;
		from = to;
	} while (n >= 0 && from < len);
	if (n >= 0)
		n = read_full(op, out, len);
	close(op);
	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

/*
 * One MAC over the len octets of input (the 8-octet block and the message)
 * sent in pieces split at the offsets in cuts. mac gets the first 4 octets
 * of the digest. 0 or -errno.
 */
static int mac_run(const char *name, const uint8_t *key, const uint8_t *input,
		   size_t len, const size_t *cuts, uint8_t *mac)
{
	uint8_t digest[64];
	size_t from = 0, to;
	ssize_t n;
	int op;

	op = alg_op("hash", name, key, KEY_LEN);
	if (op < 0)
		return op;
	do {
		to = next_cut(cuts, from, len);
		n = send(op, input + from, to - from, to < len ? MSG_MORE : 0);
		if (n < 0)
			n = -errno;
		else if ((size_t)n != to - from)
			n = -EIO;
		from = to;
	} while (n >= 0 && from < len);
	if (n >= 0) {
		n = read(op, digest, sizeof(digest));
		if (n < 0)
			n = -errno;
	}
	close(op);
	if (n < 0)
		return n;
	if (n < MAC_LEN)
		return -EIO;
	memcpy(mac, digest, MAC_LEN);
	return 0;
}

/* The MAC input of a record cut to octets: parameter block, then message. */
static size_t mac_input(const struct lte_record *rec, uint8_t *input)
{
	lte_params(input, MAC_PREFIX_LEN, rec);
	memcpy(input + MAC_PREFIX_LEN, rec->in, rec->octets);
	return MAC_PREFIX_LEN + rec->octets;
}

enum lte_alg { LTE_SNOW3G = 1, LTE_AES = 2, LTE_ZUC = 3 };

/*
 * The reference MAC of a record's whole octets from an independent library;
 * -1 when the reference cannot compute it (ipsec-mb refuses empty messages).
 */
static int reference_mac(IMB_MGR *mb, enum lte_alg alg, const struct lte_record *rec,
			 uint8_t mac[MAC_LEN])
{
	uint8_t iv[16], *input, cmac[16];
	snow3g_key_schedule_t ks;
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx;
	size_t cmac_len;
	EVP_MAC *cmac_alg;
	int ok;

	switch (alg) {
	case LTE_SNOW3G:
		/* TS 33.401 B.2.2: FRESH = BEARER << 27 */
		if (!rec->octets || IMB_SNOW3G_INIT_KEY_SCHED(mb, rec->key, &ks) ||
		    snow3g_f9_iv_gen(rec->count, (uint32_t)rec->bearer << 27, rec->dir, iv))
			return -1;
		IMB_SNOW3G_F9_1_BUFFER(mb, &ks, iv, rec->in, rec->octets * 8, mac);
		return imb_get_errno(mb) ? -1 : 0;
	case LTE_ZUC:
		if (!rec->octets || zuc_eia3_iv_gen(rec->count, rec->bearer, rec->dir, iv))
			return -1;
		IMB_ZUC_EIA3_1_BUFFER(mb, rec->key, iv, rec->in, rec->octets * 8,
				      (uint32_t *)cmac);
		memcpy(mac, cmac, MAC_LEN);
		return imb_get_errno(mb) ? -1 : 0;
	case LTE_AES:
		cmac_alg = EVP_MAC_fetch(NULL, "CMAC", NULL);
		ctx = cmac_alg ? EVP_MAC_CTX_new(cmac_alg) : NULL;
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
							     "AES-128-CBC", 0);
		params[1] = OSSL_PARAM_construct_end();
		input = malloc(MAC_PREFIX_LEN + rec->octets);
		ok = ctx && input && EVP_MAC_init(ctx, rec->key, KEY_LEN, params) &&
		     EVP_MAC_update(ctx, input, mac_input(rec, input)) &&
		     EVP_MAC_final(ctx, cmac, &cmac_len, sizeof(cmac));
		free(input);
		EVP_MAC_CTX_free(ctx);
		EVP_MAC_free(cmac_alg);
		if (!ok)
			return -1;
		memcpy(mac, cmac, MAC_LEN);
		return 0;
	}
	return -1;
}

/* Loads a vector file; the test fails (not skips) when it is missing or empty. */
#define LOAD_VECTORS(vf, file) do {						\
	int __err = vec_load((vf), NULL, (file));				\
	ASSERT_EQ(0, __err) TH_LOG("cannot load %s from $NASSEC_VECTORS (%s): %s",	\
				   (file), getenv("NASSEC_VECTORS") ?: "unset",	\
				   strerror(-__err));				\
	ASSERT_LT(0U, (vf)->nrec) TH_LOG("%s has no records", (vf)->path);	\
} while (0)

/* Decodes record i; the test stops on a malformed record, naming its line. */
#define DECODE_RECORD(vf, i, integrity, out)					\
	ASSERT_EQ(0, lte_record_decode(&(vf)->rec[i], (integrity), (out)))	\
		TH_LOG("%s:%u: malformed record", (vf)->path, (vf)->rec[i].line)

FIXTURE(lte_cipher) {
	struct vec_file vf;
	struct lte_record rec;
};

FIXTURE_VARIANT(lte_cipher) {
	const char *name;
	const char *vectors;
};

FIXTURE_VARIANT_ADD(lte_cipher, snow3g_uea2) {
	.name = "snow3g-uea2",
	.vectors = "eea1.txt",
};

FIXTURE_VARIANT_ADD(lte_cipher, aes_ctr) {
	.name = "ctr(aes)",
	.vectors = "eea2.txt",
};

FIXTURE_VARIANT_ADD(lte_cipher, zuc_eea3) {
	.name = "zuc-eea3",
	.vectors = "eea3.txt",
};

FIXTURE_SETUP(lte_cipher)
{
	LOAD_VECTORS(&self->vf, variant->vectors);
}

FIXTURE_TEARDOWN(lte_cipher)
{
	lte_record_free(&self->rec);
	vec_free(&self->vf);
}

TEST_F(lte_cipher, every_3gpp_record_enciphers_and_deciphers)
{
	struct lte_record *rec = &self->rec;
	unsigned int i;

	for (i = 0; i < self->vf.nrec; i++) {
		DECODE_RECORD(&self->vf, i, 0, rec);
		ASSERT_EQ(0, cipher_run(variant->name, rec, 0, rec->in, rec->octets, NULL,
					self->rec.scratch[0]));
		EXPECT_EQ(0, memcmp(self->rec.scratch[0], rec->out, rec->octets))
			TH_LOG("%s:%u (%s): wrong ciphertext", self->vf.path, rec->line,
			       rec->source);
		ASSERT_EQ(0, cipher_run(variant->name, rec, 1, rec->out, rec->octets, NULL,
					self->rec.scratch[1]));
		EXPECT_EQ(0, memcmp(self->rec.scratch[1], rec->in, rec->octets))
			TH_LOG("%s:%u (%s): wrong plaintext after deciphering",
			       self->vf.path, rec->line, rec->source);
	}
	if (self->vf.nrec)
		TH_LOG("%u records of %s, compared on their whole octets",
		       self->vf.nrec, self->vf.path);
}

TEST_F(lte_cipher, sends_split_at_odd_offsets_give_the_same_ciphertext)
{
	static const size_t cuts[] = { 1, 4, 7, 18, 33, 34, 61, 99, 0 };
	struct lte_record *rec = &self->rec;
	unsigned int i;

	for (i = 0; i < self->vf.nrec; i++) {
		DECODE_RECORD(&self->vf, i, 0, rec);
		ASSERT_EQ(0, cipher_run(variant->name, rec, 0, rec->in, rec->octets, cuts,
					self->rec.scratch[0]));
		EXPECT_EQ(0, memcmp(self->rec.scratch[0], rec->out, rec->octets))
			TH_LOG("%s:%u (%s): wrong ciphertext from split sends",
			       self->vf.path, rec->line, rec->source);
	}
}

TEST_F(lte_cipher, keys_of_15_and_17_octets_are_refused)
{
	uint8_t key[17] = { 0 };
	int tfm = alg_bind("skcipher", variant->name);

	ASSERT_LE(0, tfm) TH_LOG("bind %s: %s", variant->name, strerror(-tfm));
	EXPECT_EQ(-EINVAL, alg_setkey(tfm, key, 15));
	EXPECT_EQ(-EINVAL, alg_setkey(tfm, key, 17));
	EXPECT_EQ(0, alg_setkey(tfm, key, 16));
	close(tfm);
}

TEST_F(lte_cipher, an_8_octet_iv_is_refused)
{
	uint8_t data[16] = { 0 };
	int op;

	DECODE_RECORD(&self->vf, 0, 0, &self->rec);
	op = alg_op("skcipher", variant->name, self->rec.key, KEY_LEN);
	ASSERT_LE(0, op) TH_LOG("%s: %s", variant->name, strerror(-op));
	EXPECT_EQ(-EINVAL, cipher_send(op, 0, data, 8, data, sizeof(data), 0));
	/* the right length on the same socket still works */
	EXPECT_EQ((ssize_t)sizeof(data), cipher_send(op, 0, data, IV_LEN, data,
						     sizeof(data), 0));
	close(op);
}

FIXTURE(lte_mac) {
	struct vec_file vf;
	struct lte_record rec;
	IMB_MGR *mb;
};

FIXTURE_VARIANT(lte_mac) {
	const char *name;
	const char *vectors;
	enum lte_alg alg;
	int own;		/* registered by nassec: parses the 8-octet block */
};

FIXTURE_VARIANT_ADD(lte_mac, snow3g_uia2) {
	.name = "snow3g-uia2",
	.vectors = "eia1.txt",
	.alg = LTE_SNOW3G,
	.own = 1,
};

FIXTURE_VARIANT_ADD(lte_mac, aes_cmac) {
	.name = "cmac(aes)",
	.vectors = "eia2.txt",
	.alg = LTE_AES,
};

FIXTURE_VARIANT_ADD(lte_mac, zuc_eia3) {
	.name = "zuc-eia3",
	.vectors = "eia3.txt",
	.alg = LTE_ZUC,
	.own = 1,
};

FIXTURE_SETUP(lte_mac)
{
	LOAD_VECTORS(&self->vf, variant->vectors);
	self->mb = alloc_mb_mgr(0);
	ASSERT_NE(NULL, self->mb);
	init_mb_mgr_auto(self->mb, NULL);
}

FIXTURE_TEARDOWN(lte_mac)
{
	if (self->mb)
		free_mb_mgr(self->mb);
	lte_record_free(&self->rec);
	vec_free(&self->vf);
}

TEST_F(lte_mac, every_byte_aligned_3gpp_record_matches)
{
	struct lte_record *rec = &self->rec;
	unsigned int i, checked = 0;
	uint8_t mac[MAC_LEN];

	for (i = 0; i < self->vf.nrec; i++) {
		DECODE_RECORD(&self->vf, i, 1, rec);
		if (rec->bits % 8) {
			TH_LOG("not run: %s:%u (%s) is %llu bits, not whole octets",
			       self->vf.path, rec->line, rec->source,
			       (unsigned long long)rec->bits);
			continue;
		}
		ASSERT_EQ(0, mac_run(variant->name, rec->key, self->rec.scratch[0],
				     mac_input(rec, self->rec.scratch[0]), NULL, mac));
		EXPECT_EQ(0, memcmp(mac, rec->out, MAC_LEN))
			TH_LOG("%s:%u (%s): wrong MAC %02x%02x%02x%02x", self->vf.path,
			       rec->line, rec->source, mac[0], mac[1], mac[2], mac[3]);
		checked++;
	}
	if (!checked)
		SKIP(return, "%s has no byte-aligned record (see every_record_cut_to_octets_matches_the_reference)",
		     self->vf.path);
	TH_LOG("%u of %u records of %s are byte-aligned and match", checked,
	       self->vf.nrec, self->vf.path);
}

TEST_F(lte_mac, every_record_cut_to_octets_matches_the_reference)
{
	struct lte_record *rec = &self->rec;
	uint8_t mac[MAC_LEN], want[MAC_LEN];
	unsigned int i, checked = 0;

	for (i = 0; i < self->vf.nrec; i++) {
		DECODE_RECORD(&self->vf, i, 1, rec);
		if (reference_mac(self->mb, variant->alg, rec, want)) {
			TH_LOG("not run: %s:%u (%s): the reference cannot MAC %zu octets",
			       self->vf.path, rec->line, rec->source, rec->octets);
			continue;
		}
		ASSERT_EQ(0, mac_run(variant->name, rec->key, self->rec.scratch[0],
				     mac_input(rec, self->rec.scratch[0]), NULL, mac));
		EXPECT_EQ(0, memcmp(mac, want, MAC_LEN))
			TH_LOG("%s:%u (%s) cut to %zu octets: MAC %02x%02x%02x%02x, reference %02x%02x%02x%02x",
			       self->vf.path, rec->line, rec->source, rec->octets,
			       mac[0], mac[1], mac[2], mac[3], want[0], want[1], want[2], want[3]);
		checked++;
	}
	ASSERT_LT(0U, checked) TH_LOG("no record of %s could be checked", self->vf.path);
}

TEST_F(lte_mac, sends_split_inside_the_8_octet_block_give_the_same_mac)
{
	static const size_t cuts[] = { 1, 3, 7, 8, 9, 14, 33, 50, 51, 0 };
	struct lte_record *rec = &self->rec;
	uint8_t whole[MAC_LEN], split[MAC_LEN];
	uint8_t *pages, *straddling;
	unsigned int i;
	size_t len;

	/* also one send whose buffer crosses a page boundary 3 octets in */
	for (i = 0; i < self->vf.nrec; i++) {
		DECODE_RECORD(&self->vf, i, 1, rec);
		len = mac_input(rec, self->rec.scratch[0]);
		pages = aligned_alloc(4096, (len / 4096 + 2) * 4096);
		ASSERT_NE(NULL, pages);
		straddling = pages + 4096 - 3;
		ASSERT_EQ(0, mac_run(variant->name, rec->key, self->rec.scratch[0], len, NULL, whole));
		ASSERT_EQ(0, mac_run(variant->name, rec->key, self->rec.scratch[0], len, cuts, split));
		EXPECT_EQ(0, memcmp(whole, split, MAC_LEN))
			TH_LOG("%s:%u (%s): split sends give another MAC", self->vf.path,
			       rec->line, rec->source);
		memcpy(straddling, self->rec.scratch[0], len);
		ASSERT_EQ(0, mac_run(variant->name, rec->key, straddling, len, NULL, split));
		EXPECT_EQ(0, memcmp(whole, split, MAC_LEN))
			TH_LOG("%s:%u (%s): input across a page boundary gives another MAC",
			       self->vf.path, rec->line, rec->source);
		free(pages);
	}
}

/*
 * accept() on an operation socket clones the hash state (export/import):
 * both sockets finish the MAC and give the one of the uncut input.
 */
TEST_F(lte_mac, a_state_cloned_mid_mac_by_accept_gives_the_same_mac)
{
	static const size_t cuts[] = { 5, MAC_PREFIX_LEN + 5 };
	struct lte_record *rec = &self->rec;
	uint8_t whole[MAC_LEN], digest[2][64];
	unsigned int i, c;
	int op[2];
	size_t len;

	for (i = 0; i < self->vf.nrec; i++) {
		DECODE_RECORD(&self->vf, i, 1, rec);
		len = mac_input(rec, self->rec.scratch[0]);
		ASSERT_EQ(0, mac_run(variant->name, rec->key, self->rec.scratch[0], len, NULL, whole));
		for (c = 0; c < sizeof(cuts) / sizeof(cuts[0]) && cuts[c] < len; c++) {
			op[0] = alg_op("hash", variant->name, rec->key, KEY_LEN);
			ASSERT_LE(0, op[0]);
			ASSERT_EQ((ssize_t)cuts[c], send(op[0], self->rec.scratch[0], cuts[c], MSG_MORE));
			op[1] = accept(op[0], NULL, 0);
			ASSERT_LE(0, op[1]) TH_LOG("accept: %s", strerror(errno));
			for (int k = 0; k < 2; k++) {
				ASSERT_EQ((ssize_t)(len - cuts[c]),
					  send(op[k], self->rec.scratch[0] + cuts[c], len - cuts[c], 0));
				ASSERT_LE(MAC_LEN, read(op[k], digest[k], sizeof(digest[k])));
				EXPECT_EQ(0, memcmp(whole, digest[k], MAC_LEN))
					TH_LOG("%s:%u (%s): %s socket after accept at octet %zu gives another MAC",
					       self->vf.path, rec->line, rec->source,
					       k ? "the cloned" : "the original", cuts[c]);
				close(op[k]);
			}
		}
	}
}

TEST_F(lte_mac, keys_of_15_and_17_octets_are_refused)
{
	uint8_t key[17] = { 0 };
	int tfm = alg_bind("hash", variant->name);

	ASSERT_LE(0, tfm) TH_LOG("bind %s: %s", variant->name, strerror(-tfm));
	EXPECT_EQ(-EINVAL, alg_setkey(tfm, key, 15));
	EXPECT_EQ(-EINVAL, alg_setkey(tfm, key, 17));
	EXPECT_EQ(0, alg_setkey(tfm, key, 16));
	close(tfm);
}

TEST_F(lte_mac, input_shorter_than_the_8_octet_block_is_refused)
{
	uint8_t mac[MAC_LEN];

	if (!variant->own)
		SKIP(return, "%s MACs inputs of any length", variant->name);
	DECODE_RECORD(&self->vf, 0, 1, &self->rec);
	mac_input(&self->rec, self->rec.scratch[0]);
	EXPECT_EQ(-EINVAL, mac_run(variant->name, self->rec.key, self->rec.scratch[0], 5, NULL, mac));
	EXPECT_EQ(-EINVAL, mac_run(variant->name, self->rec.key, self->rec.scratch[0], 0, NULL, mac));
	/* the block alone is an empty message: a MAC */
	EXPECT_EQ(0, mac_run(variant->name, self->rec.key, self->rec.scratch[0], MAC_PREFIX_LEN,
			     NULL, mac));
}

/* One /proc/crypto entry, the fields this test reads. */
struct proc_crypto_entry {
	char name[128], driver[128], module[128], type[128], selftest[128];
	int priority;
};

/* Finds the entry of name registered by module; 0 when found. */
static int proc_crypto_find(const char *name, const char *module,
			    struct proc_crypto_entry *e)
{
	FILE *f = fopen("/proc/crypto", "r");
	char line[256], key[64], value[128];
	int found = -1;

	if (!f)
		return -1;
	memset(e, 0, sizeof(*e));
	for (;;) {
		char *got = fgets(line, sizeof(line), f);

		if (!got || line[0] == '\n') {
			if (!strcmp(e->name, name) && !strcmp(e->module, module)) {
				found = 0;
				break;
			}
			memset(e, 0, sizeof(*e));
			if (!got)
				break;
			continue;
		}
		if (sscanf(line, "%63[^ :] : %127[^\n]", key, value) != 2)
			continue;
		if (!strcmp(key, "name"))
			snprintf(e->name, sizeof(e->name), "%s", value);
		else if (!strcmp(key, "driver"))
			snprintf(e->driver, sizeof(e->driver), "%s", value);
		else if (!strcmp(key, "module"))
			snprintf(e->module, sizeof(e->module), "%s", value);
		else if (!strcmp(key, "type"))
			snprintf(e->type, sizeof(e->type), "%s", value);
		else if (!strcmp(key, "selftest"))
			snprintf(e->selftest, sizeof(e->selftest), "%s", value);
		else if (!strcmp(key, "priority"))
			e->priority = atoi(value);
	}
	fclose(f);
	return found;
}

TEST(proc_crypto_lists_the_four_algorithms_of_nassec)
{
	static const struct { const char *name, *type; } algs[] = {
		{ "snow3g-uea2", "skcipher" }, { "zuc-eea3", "skcipher" },
		{ "snow3g-uia2", "shash" }, { "zuc-eia3", "shash" },
	};
	struct proc_crypto_entry e;
	char driver[80];
	unsigned int i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		ASSERT_EQ(0, proc_crypto_find(algs[i].name, "nassec", &e))
			TH_LOG("/proc/crypto has no %s of module nassec", algs[i].name);
		snprintf(driver, sizeof(driver), "%s-generic", algs[i].name);
		EXPECT_STREQ(driver, e.driver);
		EXPECT_STREQ(algs[i].type, e.type);
		EXPECT_EQ(100, e.priority);
		EXPECT_STREQ("passed", e.selftest);
	}
}

TEST_HARNESS_MAIN
