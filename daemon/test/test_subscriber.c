// SPDX-License-Identifier: GPL-2.0
/*
 * The subscriber store: add/get/del/list, refusals that change nothing,
 * all-or-nothing import with FILE:LINE errors, the AKA glue, and SQN
 * durability: processes handing out SQNs are killed with SIGKILL at seeded
 * random moments, and no SQN that left sub_next_sqn() ever comes out again.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <sqlite3.h>

#include "../aka.h"
#include "../milenage.h"
#include "../subscriber.h"
#include "tap.h"

static char dir[4096];

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

static const char *path_of(const char *name)
{
	static char buf[4][4200];
	static unsigned int which;
	char *p = buf[which++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
	return p;
}

static char *hex(const uint8_t *b, size_t n)
{
	static char buf[4][65];
	static unsigned int which;
	char *s = buf[which++ % 4];
	size_t i;

	for (i = 0; i < n && i < 32; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	s[2 * i] = '\0';
	return s;
}

static struct sub_store *open_new(const char *name)
{
	struct sub_store *s = NULL;
	const char *p = path_of(name);
	char side[4300];

	unlink(p);
	snprintf(side, sizeof(side), "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", p);
	unlink(side);
	if (sub_open(p, NULL, &s))
		return NULL;
	return s;
}

static void mkrec(struct sub_record *r, const char *imsi, bool op)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->info.imsi, sizeof(r->info.imsi), "%s", imsi);
	rng_fill(r->k, sizeof(r->k));
	rng_fill(op ? r->op : r->opc, 16);
	r->info.op_given = op;
	r->info.amf[0] = 0x80;
	r->info.amf[1] = (uint8_t)rng_next();
	r->info.seq = rng_next() % 1000;
}

/* ---- the whole content, to prove a refusal changed nothing ---- */

struct snap {
	struct sub_record rec[16];
	unsigned int n;
};

static int snap_cb(const struct sub_info *in, void *arg)
{
	struct snap *sn = arg;

	if (sn->n == 16)
		return -E2BIG;
	sn->rec[sn->n++].info = *in;
	return 0;
}

static int take_snap(struct sub_store *s, struct snap *sn)
{
	unsigned int i;
	int err;

	memset(sn, 0, sizeof(*sn));
	err = sub_list(s, snap_cb, sn);
	for (i = 0; !err && i < sn->n; i++) {
		char imsi[SUB_IMSI_MAX + 1];

		memcpy(imsi, sn->rec[i].info.imsi, sizeof(imsi));
		err = sub_get(s, imsi, &sn->rec[i]);
	}
	return err;
}

static bool snap_same(struct sub_store *s, const struct snap *before)
{
	struct snap now;
	bool same;

	if (take_snap(s, &now))
		return false;
	same = !memcmp(&now, before, sizeof(now));
	OPENSSL_cleanse(&now, sizeof(now));
	return same;
}

static bool rec_equal(const struct sub_record *a, const struct sub_record *b)
{
	return !memcmp(&a->info, &b->info, sizeof(a->info)) && !memcmp(a->k, b->k, 16) &&
	       !memcmp(a->opc, b->opc, 16) &&
	       (!a->info.op_given || !memcmp(a->op, b->op, 16));
}

/* ---- open ---- */

static int sql_int(const char *path, const char *sql, long long *v, char *text, size_t tlen)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		int r = sqlite3_step(st);

		if (r == SQLITE_ROW) {
			if (v)
				*v = sqlite3_column_int64(st, 0);
			if (text)
				snprintf(text, tlen, "%s", sqlite3_column_text(st, 0) ?
					 (const char *)sqlite3_column_text(st, 0) : "");
			rc = 0;
		} else if (r == SQLITE_DONE) {
			rc = 0;
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return rc;
}

static void test_open(void)
{
	struct sub_open_opts o4 = { .ind_bits = 4 }, o5 = { .ind_bits = 5 };
	struct sub_open_opts o3 = { .ind_bits = 3 }, obad = { .ind_bits = AKA_IND_BITS_MAX + 1 };
	struct sub_store *s = open_new("open.db");
	const char *p = path_of("open.db");
	long long v = -1;
	char mode[16] = "";
	struct stat st;
	bool ok;
	int err;

	if (!tap_result(s != NULL, "store: a new store is created"))
		return;
	sub_close(s);
	ok = !stat(p, &st) && (st.st_mode & 0777) == 0600;
	tap_result(ok, "store: the file holding keys is created mode 0600 (is %o)",
		   (unsigned int)(st.st_mode & 0777));
	ok = !sql_int(p, "PRAGMA user_version", &v, NULL, 0) && v == SUB_SCHEMA_VERSION &&
	     !sql_int(p, "PRAGMA journal_mode", NULL, mode, sizeof(mode)) && !strcmp(mode, "wal");
	tap_result(ok, "store: schema version %lld in PRAGMA user_version, journal_mode %s", v, mode);

	ok = !sub_open(p, NULL, &s) && sub_ind_bits(s) == AKA_IND_BITS_DEFAULT;
	sub_close(s);
	ok = ok && !sub_open(p, &o5, &s);
	sub_close(s);
	tap_result(ok, "store: reopening keeps IND at the default %d bits (TS 33.102 C.3.2)",
		   AKA_IND_BITS_DEFAULT);
	s = NULL;
	err = sub_open(p, &o4, &s);
	tap_result(err == -EINVAL && !s, "store: reopening with another IND length is refused");
	err = sub_open(p, &obad, &s);
	tap_result(err == -EINVAL && !s, "store: an IND length over %d bits is refused",
		   AKA_IND_BITS_MAX);

	unlink(path_of("ind3.db"));
	ok = !sub_open(path_of("ind3.db"), &o3, &s) && sub_ind_bits(s) == 3;
	sub_close(s);
	ok = ok && !sub_open(path_of("ind3.db"), NULL, &s) && sub_ind_bits(s) == 3;
	sub_close(s);
	tap_result(ok, "store: a store created with IND of 3 bits keeps 3");

	/* Not ours: a database with a table and no version; one from the future. */
	unlink(path_of("other.db"));
	sql_int(path_of("other.db"), "CREATE TABLE x (a)", NULL, NULL, 0);
	s = NULL;
	err = sub_open(path_of("other.db"), NULL, &s);
	tap_result(err == -EPROTO && !s, "store: another application's database is refused");
	sql_int(p, "PRAGMA user_version = 99", NULL, NULL, 0);
	err = sub_open(p, NULL, &s);
	tap_result(err == -EPROTO && !s, "store: a schema version from the future is refused");
	err = sub_open(path_of("no/such/dir.db"), NULL, &s);
	tap_result(err == -ENOENT && !s, "store: a path in a missing directory fails with ENOENT");
}

/* ---- add/get/del/list ---- */

static int count_cb(const struct sub_info *in, void *arg)
{
	char **prev = arg;

	if (*prev && strcmp(*prev, in->imsi) >= 0)
		return -EDOM;
	free(*prev);
	*prev = strdup(in->imsi);
	return 0;
}

static void test_crud(void)
{
	struct sub_store *s = open_new("crud.db");
	struct sub_record a, b, c, got;
	struct sub_info info;
	uint8_t opc[16];
	uint64_t n = 99;
	char *prev = NULL;
	bool ok;

	if (!s)
		return (void)tap_result(false, "crud: store opens");
	mkrec(&a, "001010123456789", false);
	mkrec(&b, "00101", true);
	mkrec(&c, "310410000000001", false);
	c.info.alg_override = true;
	c.info.eia_mask = 0x06;
	c.info.eea_mask = 0x0d;
	ok = !sub_add(s, &a) && !sub_add(s, &b) && !sub_add(s, &c) && !sub_count(s, &n) && n == 3;
	tap_result(ok, "crud: three subscribers are added and counted");

	ok = !sub_get(s, a.info.imsi, &got) && rec_equal(&got, &a) && !got.info.op_given;
	tap_result(ok, "crud: get returns K, OPc, AMF, SEQ as added (OPc given)");
	ok = !sub_get(s, b.info.imsi, &got) && got.info.op_given && !memcmp(got.op, b.op, 16) &&
	     !milenage_opc(b.k, b.op, opc) && !memcmp(got.opc, opc, 16);
	tap_result(ok, "crud: a subscriber added with OP keeps OP and has OPc = OP ^ E_K(OP)");
	ok = !sub_get_info(s, c.info.imsi, &info) && info.alg_override && info.eia_mask == 0x06 &&
	     info.eea_mask == 0x0d && !memcmp(&info, &c.info, sizeof(info));
	tap_result(ok, "crud: the per-subscriber algorithm override is kept");
	ok = !sub_get_info(s, a.info.imsi, &info) && !info.alg_override;
	tap_result(ok, "crud: no override unless given");

	ok = !sub_list(s, count_cb, &prev) && prev && !strcmp(prev, "310410000000001");
	free(prev);
	tap_result(ok, "crud: list walks every subscriber in IMSI order");

	ok = !sub_del(s, b.info.imsi) && sub_get(s, b.info.imsi, &got) == -ENOENT &&
	     !sub_count(s, &n) && n == 2 && sub_del(s, b.info.imsi) == -ENOENT;
	tap_result(ok, "crud: del removes one; get and del of it then say ENOENT");
	for (n = 0; n < sizeof(got); n++)
		ok &= ((uint8_t *)&got)[n] == 0;
	tap_result(ok, "crud: a failed get leaves the record zeroed");

	/* Across a close. */
	sub_close(s);
	ok = !sub_open(path_of("crud.db"), NULL, &s) && !sub_get(s, c.info.imsi, &got) &&
	     rec_equal(&got, &c);
	tap_result(ok, "crud: subscribers persist across close and open");
	sub_record_wipe(&got);
	sub_close(s);
}

static void test_refusals(void)
{
	struct sub_store *s = open_new("bad.db");
	struct sub_record a, r;
	struct snap before;
	uint64_t sqn;
	static const char *const bad_imsi[] = { "1234", "1234567890123456", "12345a", "", "12 345",
				   "-12345", "0010101234567890" };
	unsigned int i;
	bool ok = true;
	int err;

	if (!s)
		return (void)tap_result(false, "refusals: store opens");
	mkrec(&a, "001010000000042", false);
	sub_add(s, &a);
	if (take_snap(s, &before))
		return (void)tap_result(false, "refusals: snapshot");

	for (i = 0; i < sizeof(bad_imsi) / sizeof(bad_imsi[0]); i++) {
		mkrec(&r, "00101", false);
		/* Longer ones do not fit sub_info.imsi: del/get/next-SQN below take them. */
		if (strlen(bad_imsi[i]) < sizeof(r.info.imsi)) {
			snprintf(r.info.imsi, sizeof(r.info.imsi), "%s", bad_imsi[i]);
			err = sub_add(s, &r);
			if (err != -EINVAL || !snap_same(s, &before)) {
				ok = false;
				tap_diag("IMSI '%s': %d", bad_imsi[i], err);
			}
		}
		ok &= sub_del(s, bad_imsi[i]) == -EINVAL && sub_next_sqn(s, bad_imsi[i], &sqn) == -EINVAL &&
		      sub_get(s, bad_imsi[i], &r) == -EINVAL;
	}
	ok &= sub_del(s, NULL) == -EINVAL && sub_get_info(s, NULL, &r.info) == -EINVAL;
	tap_result(ok && snap_same(s, &before),
		   "refusals: IMSIs not of 5..15 digits are refused by add/del/get/next-SQN, nothing changes");

	mkrec(&r, a.info.imsi, false);
	err = sub_add(s, &r);
	tap_result(err == -EEXIST && snap_same(s, &before),
		   "refusals: adding an IMSI again is EEXIST and keeps the first K");
	ok = !strstr(sub_last_error(s), hex(r.k, 16)) && !strstr(sub_last_error(s), hex(a.k, 16));
	tap_result(ok, "refusals: the error says no key (%s)", sub_last_error(s));

	mkrec(&r, "001010000000043", false);
	r.info.seq = aka_seq_max(sub_ind_bits(s)) + 1;
	err = sub_add(s, &r);
	tap_result(err == -EINVAL && snap_same(s, &before), "refusals: a SEQ beyond 43 bits is refused");
	r.info.seq = 0;
	r.info.alg_override = true;
	r.info.eia_mask = 0;
	r.info.eea_mask = 1;
	err = sub_add(s, &r);
	tap_result(err == -EINVAL && snap_same(s, &before),
		   "refusals: an override allowing no EIA is refused");

	err = sub_next_sqn(s, "001010000000099", &sqn);
	tap_result(err == -ENOENT && snap_same(s, &before),
		   "refusals: next SQN of an unknown IMSI is ENOENT");
	err = sub_resync(s, "001010000000099", 5, NULL);
	tap_result(err == -ENOENT && snap_same(s, &before), "refusals: resync of an unknown IMSI is ENOENT");
	err = sub_resync(s, a.info.imsi, AKA_SQN_MASK + 1, NULL);
	tap_result(err == -EINVAL && snap_same(s, &before), "refusals: an SQN_MS over 48 bits is refused");
	sub_record_wipe(&r);
	OPENSSL_cleanse(&before, sizeof(before));
	sub_close(s);
}

/* ---- SQN ---- */

static void test_sqn(void)
{
	struct sub_store *s = open_new("sqn.db");
	struct sub_record a;
	struct sub_info in;
	uint64_t sqn, seq, i;
	bool ok = true;

	if (!s)
		return (void)tap_result(false, "sqn: store opens");
	mkrec(&a, "001010000000001", false);
	a.info.seq = 0;
	sub_add(s, &a);
	for (i = 1; i <= 40; i++) {
		ok &= !sub_next_sqn(s, a.info.imsi, &sqn) && sqn == aka_sqn_make(i, 5) &&
		      !sub_get_info(s, a.info.imsi, &in) && in.seq == i;
	}
	tap_result(ok, "sqn: each call hands out SEQ+1 with a cyclic IND and stores that SEQ");
	{
		long long v = -1;

		ok = !sub_next_sqn(s, a.info.imsi, &sqn) &&
		     !sql_int(path_of("sqn.db"), "SELECT seq FROM subscriber WHERE imsi = '001010000000001'",
			      &v, NULL, 0) && v == 41;
		tap_result(ok, "sqn: when next-SQN returns, another connection already reads the new SEQ (%lld)",
			   v);
	}
	sub_close(s);
	ok = !sub_open(path_of("sqn.db"), NULL, &s) && !sub_next_sqn(s, a.info.imsi, &sqn) &&
	     sqn == aka_sqn_make(42, 5);
	tap_result(ok, "sqn: after a reopen generation continues from the stored SEQ");

	ok = !sub_resync(s, a.info.imsi, aka_sqn_make(5000, 5), &seq) && seq == 5000 &&
	     !sub_next_sqn(s, a.info.imsi, &sqn) && sqn == aka_sqn_make(5001, 5);
	tap_result(ok, "sqn: resync to a USIM ahead stores SEQ_MS; the next SQN is SEQ_MS + 1");
	ok = !sub_resync(s, a.info.imsi, aka_sqn_make(100, 5), &seq) && seq == 5001 &&
	     !sub_get_info(s, a.info.imsi, &in) && in.seq == 5001;
	tap_result(ok, "sqn: resync to a USIM behind (within delta) never moves SEQ back");

	mkrec(&a, "001010000000002", false);
	a.info.seq = aka_seq_max(5);
	sub_add(s, &a);
	ok = sub_next_sqn(s, a.info.imsi, &sqn) == -EOVERFLOW && !sub_get_info(s, a.info.imsi, &in) &&
	     in.seq == aka_seq_max(5);
	tap_result(ok, "sqn: an exhausted SEQ is EOVERFLOW and stays");
	sub_record_wipe(&a);
	sub_close(s);
}

/* ---- the AKA glue, against a USIM computed here ---- */

static void test_glue(void)
{
	static const uint8_t sn[3] = { 0x00, 0xf1, 0x10 };
	struct sub_store *s = open_new("glue.db");
	struct sub_record a;
	struct sub_info in;
	struct aka_vector av;
	uint8_t ak[6], sqnb[6], xmac[8], res[8], aks[6], auts[14];
	static const uint8_t amf0[2];
	uint64_t sqn_ms = 0;
	unsigned int i;
	bool ok;

	if (!s)
		return (void)tap_result(false, "glue: store opens");
	mkrec(&a, "001010000000077", true);
	a.info.amf[0] = 0x00;
	a.info.seq = 10;
	sub_add(s, &a);
	sub_get(s, a.info.imsi, &a);

	ok = !sub_vector(s, a.info.imsi, sn, NULL, NULL, &av);
	milenage_f2345(a.k, a.opc, av.rand, res, NULL, NULL, ak, aks);
	for (i = 0; i < 6; i++)
		sqnb[i] = av.autn[i] ^ ak[i];
	milenage_f1(a.k, a.opc, av.rand, sqnb, av.autn + 6, xmac, NULL);
	ok = ok && !memcmp(xmac, av.autn + 8, 8) && aka_sqn_get(sqnb) == aka_sqn_make(11, 5) &&
	     av.autn[6] & 0x80 && aka_res_ok(&av, res, 8) && !sub_get_info(s, a.info.imsi, &in) &&
	     in.seq == 11;
	tap_result(ok, "glue: sub_vector takes the next SQN and gives a vector the USIM accepts");

	/* A synch failure from a USIM at SEQ 900. */
	aka_sqn_put(aka_sqn_make(900, 5), sqnb);
	milenage_f1(a.k, a.opc, av.rand, sqnb, amf0, NULL, auts + 6);
	for (i = 0; i < 6; i++)
		auts[i] = sqnb[i] ^ aks[i];
	auts[13] ^= 1;
	ok = sub_resync_auts(s, a.info.imsi, av.rand, auts, &sqn_ms) == -EBADMSG &&
	     !sub_get_info(s, a.info.imsi, &in) && in.seq == 11;
	tap_result(ok, "glue: a tampered AUTS is EBADMSG and leaves SEQ");
	auts[13] ^= 1;
	ok = !sub_resync_auts(s, a.info.imsi, av.rand, auts, &sqn_ms) &&
	     sqn_ms == aka_sqn_make(900, 5) && !sub_get_info(s, a.info.imsi, &in) && in.seq == 900;
	tap_result(ok, "glue: a valid AUTS resynchronises SEQ_HE to SEQ_MS durably");
	aka_vector_wipe(&av);
	sub_record_wipe(&a);
	sub_close(s);
}

/* ---- import ---- */

static const char *write_file(const char *name, const char *text)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

#define K1 "465b5ce8b199b49faa5f0a2ee238a6bc"
#define OPC1 "cd63cb71954a9f4e48a5994e37a02baf"
#define OP1 "cdc202d5123e20f62b6d676ac72cb318"
#define K2 "fec86ba6eb707ed08905757b1bb44b8f"

static void test_import(void)
{
	static const char good[] =
		"# IMSI K OPc|op:OP AMF SQN\n"
		"\n"
		"001010000000001 " K1 " " OPC1 " 8000 000000000020\n"
		"  001010000000002\t" K2 " op:" OP1 " 8000 0000000003e0   # trailing comment\r\n"
		"001010000000003 " K1 " " OPC1 " B9B9 FFFFFFFFFFFF eia:06 eea:0d\n";
	static const struct {
		const char *text;
		const char *want;	/* after "PATH:" */
	} bad[] = {
		{ "0010100000001x " K1 " " OPC1 " 8000 000000000000\n", "3: IMSI: " },
		{ "0010 " K1 " " OPC1 " 8000 000000000000\n", "3: IMSI: " },
		{ "001010000000009 " K2 "0 " OPC1 " 8000 000000000000\n", "3: K: " },
		{ "001010000000009 465b5ce8b199b49faa5f0a2ee238a6bg " OPC1 " 8000 000000000000\n", "3: K: " },
		{ "001010000000009 " K2 " " OPC1 "00 8000 000000000000\n", "3: OPc: " },
		{ "001010000000009 " K2 " op:" OPC1 "0 8000 000000000000\n", "3: OP: " },
		{ "001010000000009 " K2 " " OPC1 " 800 000000000000\n", "3: AMF: " },
		{ "001010000000009 " K2 " " OPC1 " 8000 00000000000\n", "3: SQN: " },
		{ "001010000000009 " K2 " " OPC1 " 8000\n", "3: SQN: missing" },
		{ "001010000000009 " K2 "\n", "3: OPc: missing" },
		{ "001010000000009 " K2 " " OPC1 " 8000 000000000000 foo\n", "3: line: " },
		{ "001010000000009 " K2 " " OPC1 " 8000 000000000000 eia:06\n", "3: eea: " },
		{ "001010000000009 " K2 " " OPC1 " 8000 000000000000 eia:00 eea:01\n", "3: eia: " },
		{ "001010000000002 " K2 " " OPC1 " 8000 000000000000\n", "3: IMSI: 001010000000002 also on line 2" },
		{ "001010000000042 " K2 " " OPC1 " 8000 000000000000\n", "3: IMSI: 001010000000042 already in the store" },
	};
	struct sub_store *s = open_new("import.db");
	struct sub_record r, pre;
	struct sub_info in;
	struct snap before;
	unsigned int cnt = 99, i;
	uint64_t n = 0;
	uint8_t opc[16];
	char text[1024], want[4400];
	const char *p;
	bool ok;
	int err;

	if (!s)
		return (void)tap_result(false, "import: store opens");
	mkrec(&pre, "001010000000042", false);
	sub_add(s, &pre);
	take_snap(s, &before);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* The bad line is the third, between two good ones. */
		snprintf(text, sizeof(text),
			 "# a good line, a bad one, a good one\n"
			 "001010000000002 " K1 " " OPC1 " 8000 000000000000\n%s"
			 "001010000000004 " K1 " " OPC1 " 8000 000000000000\n", bad[i].text);
		p = write_file("bad.txt", text);
		cnt = 99;
		err = sub_import(s, p, &cnt);
		snprintf(want, sizeof(want), "%s:%s", p, bad[i].want);
		ok = err == -EINVAL || err == -EEXIST;
		ok = ok && !strncmp(sub_last_error(s), want, strlen(want)) && cnt == 0 &&
		     snap_same(s, &before);
		ok = ok && !strstr(sub_last_error(s), K1) && !strstr(sub_last_error(s), K2) &&
		     !strstr(sub_last_error(s), OPC1);
		if (!tap_result(ok, "import: a bad line (%s...) is refused naming FILE:%.*s, nothing imported, no key in the message",
				bad[i].want, (int)(strchr(bad[i].want, ':') - bad[i].want), bad[i].want))
			tap_diag("%d: %s", err, sub_last_error(s));
	}
	err = sub_import(s, path_of("missing.txt"), &cnt);
	tap_result(err == -ENOENT && strstr(sub_last_error(s), "missing.txt") && snap_same(s, &before),
		   "import: a missing file is ENOENT naming it");

	p = write_file("good.txt", good);
	err = sub_import(s, p, &cnt);
	ok = !err && cnt == 3 && !sub_count(s, &n) && n == 4;
	if (!tap_result(ok, "import: a file with comments, blank lines, CRLF, OP and overrides imports 3"))
		tap_diag("%d: %s", err, sub_last_error(s));
	ok = !sub_get(s, "001010000000001", &r) && !strcmp(hex(r.k, 16), K1) &&
	     !strcmp(hex(r.opc, 16), OPC1) && !r.info.op_given && r.info.amf[0] == 0x80 &&
	     r.info.seq == 1 && !r.info.alg_override;
	tap_result(ok, "import: line 3 as written (SQN 0x20 -> SEQ 1)");
	ok = !sub_get(s, "001010000000002", &r) && r.info.op_given && !strcmp(hex(r.op, 16), OP1) &&
	     !milenage_opc(r.k, r.op, opc) && !memcmp(opc, r.opc, 16) && r.info.seq == 0x1f;
	tap_result(ok, "import: line 4 with op: has OPc derived and SEQ 31");
	ok = !sub_get_info(s, "001010000000003", &in) && in.amf[0] == 0xb9 &&
	     in.seq == aka_seq_max(5) && in.alg_override && in.eia_mask == 6 && in.eea_mask == 0x0d;
	tap_result(ok, "import: line 5 with upper-case hex, the largest SQN and an override");
	err = sub_import(s, p, &cnt);
	ok = err == -EEXIST && !sub_count(s, &n) && n == 4 &&
	     strstr(sub_last_error(s), "good.txt:3: IMSI: 001010000000001 already in the store");
	tap_result(ok, "import: importing again is refused at its first line, nothing changes");
	sub_record_wipe(&r);
	sub_record_wipe(&pre);
	OPENSSL_cleanse(&before, sizeof(before));
	sub_close(s);
}

/* ---- kill -9 ---- */

#define KILL_IMSI "001019999999999"

static void __attribute__((noreturn)) sqn_child(const char *path, int fd)
{
	struct sub_store *s;
	uint64_t sqn;
	int err;

	if (sub_open(path, NULL, &s))
		_exit(10);
	for (;;) {
		err = sub_next_sqn(s, KILL_IMSI, &sqn);
		if (err) {
			dprintf(2, "child %d: %s\n", getpid(), sub_last_error(s));
			_exit(11);
		}
		/* Only an SQN that came back counts as handed out. */
		if (write(fd, &sqn, sizeof(sqn)) != (ssize_t)sizeof(sqn))
			_exit(12);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct sqn_sink {
	uint64_t *v;
	size_t n, cap;
	uint8_t part[8];
	size_t npart;
};

static int drain(int fd, struct sqn_sink *k, int timeout_ms)
{
	uint8_t buf[4096];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t got;
	size_t i;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	got = read(fd, buf, sizeof(buf));
	if (got <= 0)
		return got < 0 && errno == EINTR ? 0 : -1;
	for (i = 0; i < (size_t)got; i++) {
		k->part[k->npart++] = buf[i];
		if (k->npart == 8) {
			if (k->n == k->cap) {
				k->cap = k->cap ? 2 * k->cap : 4096;
				k->v = realloc(k->v, k->cap * sizeof(*k->v));
				if (!k->v)
					abort();
			}
			memcpy(&k->v[k->n++], k->part, 8);
			k->npart = 0;
		}
	}
	return 0;
}

static void test_kill9(void)
{
	const char *env = getenv("NASSEC_KILL_ROUNDS");
	unsigned int rounds = env ? (unsigned int)atoi(env) : 150, r, c, nchild = 3;
	struct sub_store *s = open_new("kill.db");
	const char *path = path_of("kill.db");
	struct sqn_sink sink = { 0 };
	uint64_t max_seq = 0, dup = 0, i, seq_lag = 0;
	unsigned int killed_open = 0, bad_exit = 0;
	struct sub_record a;
	struct sub_info in;
	bool beyond = true;
	long long ic = -1;
	char icbuf[64] = "";

	if (!s)
		return (void)tap_result(false, "kill -9: store opens");
	mkrec(&a, KILL_IMSI, false);
	a.info.seq = 0;
	sub_add(s, &a);
	sub_record_wipe(&a);
	sub_close(s);

	for (r = 0; r < rounds; r++) {
		pid_t pid[8];
		int p[2], st;
		uint64_t deadline, delay, t, before = sink.n;

		if (pipe2(p, O_CLOEXEC))
			break;
		for (c = 0; c < nchild; c++) {
			pid[c] = fork();
			if (pid[c] == 0) {
				close(p[0]);
				sqn_child(path, p[1]);
			}
		}
		close(p[1]);
		/* Mostly inside the loop; every fourth round early, around open. */
		delay = r % 4 == 0 ? rng_next() % 2000 : rng_next() % 40000;
		deadline = now_us() + delay;
		while ((t = now_us()) < deadline)
			drain(p[0], &sink, (int)((deadline - t + 999) / 1000));
		for (c = 0; c < nchild; c++)
			kill(pid[c], SIGKILL);
		while (!drain(p[0], &sink, 5000))
			;
		close(p[0]);
		for (c = 0; c < nchild; c++) {
			waitpid(pid[c], &st, 0);
			if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
				bad_exit++;
				tap_diag("round %u: child exited %d", r, WEXITSTATUS(st));
			}
		}
		if (sink.n == before)
			killed_open++;
		for (i = before; i < sink.n; i++)
			if (aka_sqn_seq(sink.v[i], AKA_IND_BITS_DEFAULT) > max_seq)
				max_seq = aka_sqn_seq(sink.v[i], AKA_IND_BITS_DEFAULT);

		/* Reopen, as the restarted daemon would: SEQ must cover all handed out. */
		if (sub_open(path, NULL, &s) || sub_get_info(s, KILL_IMSI, &in)) {
			beyond = false;
			tap_diag("round %u: reopen failed: %s", r, s ? sub_last_error(s) : "open");
			sub_close(s);
			break;
		}
		if (in.seq < max_seq) {
			beyond = false;
			tap_diag("round %u: stored SEQ %llu < handed-out SEQ %llu", r,
				 (unsigned long long)in.seq, (unsigned long long)max_seq);
		} else {
			seq_lag += in.seq - max_seq;
		}
		sub_close(s);
	}
	qsort(sink.v, sink.n, sizeof(*sink.v), cmp_u64);
	for (i = 1; i < sink.n; i++)
		if (sink.v[i] == sink.v[i - 1]) {
			if (!dup++)
				tap_diag("SQN %012llx handed out twice",
					 (unsigned long long)sink.v[i]);
		}
	tap_diag("%u rounds of %u processes: %zu SQNs handed out, %u rounds killed before any, "
		 "stored SEQ ahead of the last handed out by %llu in total (taken, never returned)",
		 r, nchild, sink.n, killed_open, (unsigned long long)seq_lag);
	tap_result(r == rounds && bad_exit == 0, "kill -9: every round's processes died by SIGKILL only");
	tap_result(sink.n > rounds, "kill -9: SQNs were handed out (%zu)", sink.n);
	tap_result(!dup, "kill -9: no SQN was handed out twice (%llu duplicates)", (unsigned long long)dup);
	tap_result(beyond, "kill -9: after every crash the stored SEQ is at or beyond every SQN handed out");

	/* The restarted daemon's next SQN is above all of them. */
	if (!sub_open(path, NULL, &s)) {
		uint64_t sqn = 0;

		tap_result(!sub_next_sqn(s, KILL_IMSI, &sqn) && (!sink.n || sqn > sink.v[sink.n - 1]),
			   "kill -9: the next SQN after the crashes is above every one handed out");
		sub_close(s);
	}
	tap_result(!sql_int(path, "PRAGMA integrity_check", &ic, icbuf, sizeof(icbuf)) &&
		   !strcmp(icbuf, "ok"), "kill -9: the database passes integrity_check (%s)", icbuf);
	free(sink.v);
}

int main(void)
{
	const char *seed = getenv("NASSEC_SEED"), *tmp = getenv("TMPDIR");

	rng_state = seed ? strtoull(seed, NULL, 0) : (uint64_t)time(NULL);
	tap_diag("seed %llu (NASSEC_SEED to replay)", (unsigned long long)rng_state);
	snprintf(dir, sizeof(dir), "%s/nassec-sub-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		tap_result(false, "a work directory under %s", tmp ? tmp : "/tmp");
		return tap_finish();
	}
	test_open();
	test_crud();
	test_refusals();
	test_sqn();
	test_glue();
	test_import();
	test_kill9();
	return tap_finish();
}
