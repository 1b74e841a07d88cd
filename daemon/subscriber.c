// SPDX-License-Identifier: GPL-2.0
/*
 * The subscriber store on SQLite. One connection per process; every write
 * is one transaction committed with synchronous=FULL on a WAL journal, so
 * a COMMIT that returned is on disk (the WAL is fsync()ed at commit).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <sqlite3.h>

#include "aka.h"
#include "milenage.h"
#include "subscriber.h"

#define SUB_BUSY_TIMEOUT_MS 10000

struct sub_store {
	sqlite3 *db;
	unsigned int ind_bits;
	char err[256];
};

static const char schema_sql[] =
	"CREATE TABLE meta ("
	" name TEXT PRIMARY KEY NOT NULL,"
	" value INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE subscriber ("
	" imsi TEXT PRIMARY KEY NOT NULL"
	"  CHECK (length(imsi) BETWEEN 5 AND 15 AND imsi NOT GLOB '*[^0-9]*'),"
	" k BLOB NOT NULL CHECK (typeof(k) = 'blob' AND length(k) = 16),"
	" opc BLOB NOT NULL CHECK (typeof(opc) = 'blob' AND length(opc) = 16),"
	" op BLOB CHECK (op IS NULL OR (typeof(op) = 'blob' AND length(op) = 16)),"
	" amf BLOB NOT NULL CHECK (typeof(amf) = 'blob' AND length(amf) = 2),"
	" seq INTEGER NOT NULL CHECK (typeof(seq) = 'integer' AND seq >= 0),"
	" eia_mask INTEGER CHECK (eia_mask IS NULL OR eia_mask BETWEEN 1 AND 255),"
	" eea_mask INTEGER CHECK (eea_mask IS NULL OR eea_mask BETWEEN 1 AND 255),"
	" CHECK ((eia_mask IS NULL) = (eea_mask IS NULL))"
	") WITHOUT ROWID;";

static int seterr(struct sub_store *s, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int seterr(struct sub_store *s, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	return err;
}

static int rc_errno(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_CONSTRAINT:
		return rc == SQLITE_CONSTRAINT_PRIMARYKEY ? -EEXIST : -EINVAL;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	default:
		return -EIO;
	}
}

static int dberr(struct sub_store *s, const char *what, int rc)
{
	return seterr(s, rc_errno(rc), "%s: %s", what, sqlite3_errmsg(s->db));
}

static int exec(struct sub_store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : dberr(s, sql, rc);
}

static int prepare(struct sub_store *s, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? 0 : dberr(s, "prepare", rc);
}

/* Unbinds the secrets (bound SQLITE_STATIC from our buffers) and frees st. */
static void finish(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_clear_bindings(st);
		sqlite3_finalize(st);
	}
}

/*
 * IMMEDIATE takes the write lock at BEGIN: read-modify-write of SEQ by
 * several processes cannot interleave, and a busy lock waits in BEGIN
 * rather than failing a half-done transaction.
 */
static int begin(struct sub_store *s)
{
	return exec(s, "BEGIN IMMEDIATE");
}

static int commit(struct sub_store *s)
{
	int err = exec(s, "COMMIT");

	if (err)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

static void rollback(struct sub_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int pragma_int(struct sub_store *s, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	int err, rc;

	err = prepare(s, sql, &st);
	if (err)
		return err;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else
		err = dberr(s, sql, rc);
	finish(st);
	return err;
}

static int set_wal(struct sub_store *s)
{
	const unsigned char *mode;
	sqlite3_stmt *st;
	int err, rc;

	err = prepare(s, "PRAGMA journal_mode=WAL", &st);
	if (err)
		return err;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		err = dberr(s, "journal_mode", rc);
	} else {
		mode = sqlite3_column_text(st, 0);
		if (!mode || strcmp((const char *)mode, "wal"))
			err = seterr(s, -EIO, "journal_mode: WAL refused (%s)",
				     mode ? (const char *)mode : "?");
	}
	finish(st);
	return err;
}

static int schema(struct sub_store *s, int want_ind)
{
	sqlite3_stmt *st = NULL;
	int64_t version, ntables, ind;
	int err, rc;

	err = begin(s);
	if (err)
		return err;
	err = pragma_int(s, "PRAGMA user_version", &version);
	if (err)
		goto out;
	if (version == 0) {
		err = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &ntables);
		if (err)
			goto out;
		if (ntables) {
			err = seterr(s, -EPROTO, "not a subscriber store (tables, no schema version)");
			goto out;
		}
		ind = want_ind < 0 ? AKA_IND_BITS_DEFAULT : want_ind;
		err = exec(s, schema_sql);
		if (err)
			goto out;
		err = prepare(s, "INSERT INTO meta (name, value) VALUES ('ind_bits', ?1)", &st);
		if (err)
			goto out;
		sqlite3_bind_int64(st, 1, ind);
		rc = sqlite3_step(st);
		if (rc != SQLITE_DONE) {
			err = dberr(s, "meta", rc);
			goto out;
		}
		/* user_version is in the header page: written by this transaction. */
		err = exec(s, "PRAGMA user_version = 1");
		if (err)
			goto out;
	} else if (version == SUB_SCHEMA_VERSION) {
		err = pragma_int(s, "SELECT value FROM meta WHERE name = 'ind_bits'", &ind);
		if (err)
			goto out;
		if (ind < 0 || ind > AKA_IND_BITS_MAX) {
			err = seterr(s, -EPROTO, "store has an IND length of %lld bits",
				     (long long)ind);
			goto out;
		}
		if (want_ind >= 0 && want_ind != ind) {
			err = seterr(s, -EINVAL,
				     "store has an IND length of %lld bits, not %d: SEQ would change meaning",
				     (long long)ind, want_ind);
			goto out;
		}
	} else {
		err = seterr(s, -EPROTO, "store schema version %lld; this nassecd knows %d",
			     (long long)version, SUB_SCHEMA_VERSION);
		goto out;
	}
	s->ind_bits = (unsigned int)ind;
	finish(st);
	return commit(s);
out:
	finish(st);
	rollback(s);
	return err;
}

int sub_open(const char *path, const struct sub_open_opts *opts, struct sub_store **out)
{
	int want_ind = opts ? opts->ind_bits : -1;
	struct sub_store *s;
	int fd, err, rc;

	*out = NULL;
	if (!path || want_ind < -1 || want_ind > AKA_IND_BITS_MAX)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	/*
	 * The file holds keys: create it 0600 ourselves (SQLite would use
	 * 0644 & ~umask); the WAL and shm files inherit the database's mode.
	 */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		free(s);
		return err;
	}
	close(fd);
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err = s->db ? rc_errno(rc) : -ENOMEM;
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, SUB_BUSY_TIMEOUT_MS);
	err = set_wal(s);
	if (!err)
		err = exec(s, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; "
			      "PRAGMA trusted_schema=OFF");
	if (!err)
		err = schema(s, want_ind);
	if (err)
		goto fail;
	*out = s;
	return 0;
fail:
	sqlite3_close_v2(s->db);
	free(s);
	return err;
}

void sub_close(struct sub_store *s)
{
	if (!s)
		return;
	sqlite3_close_v2(s->db);
	free(s);
}

const char *sub_last_error(const struct sub_store *s)
{
	return s && s->err[0] ? s->err : "no error";
}

unsigned int sub_ind_bits(const struct sub_store *s)
{
	return s->ind_bits;
}

bool sub_imsi_ok(const char *imsi)
{
	size_t i, n;

	if (!imsi)
		return false;
	n = strnlen(imsi, SUB_IMSI_MAX + 1);
	if (n < SUB_IMSI_MIN || n > SUB_IMSI_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (imsi[i] < '0' || imsi[i] > '9')
			return false;
	return true;
}

void sub_record_wipe(struct sub_record *rec)
{
	OPENSSL_cleanse(rec, sizeof(*rec));
}

static int check_imsi(struct sub_store *s, const char *imsi)
{
	if (!sub_imsi_ok(imsi))
		return seterr(s, -EINVAL, "IMSI: not %d..%d digits", SUB_IMSI_MIN, SUB_IMSI_MAX);
	return 0;
}

static int check_record(struct sub_store *s, const struct sub_record *rec)
{
	int err = check_imsi(s, rec->info.imsi);

	if (err)
		return err;
	if (rec->info.seq > aka_seq_max(s->ind_bits))
		return seterr(s, -EINVAL, "SQN: SEQ beyond %u bits",
			      AKA_SQN_BITS - s->ind_bits);
	if (rec->info.alg_override && (!rec->info.eia_mask || !rec->info.eea_mask))
		return seterr(s, -EINVAL, "algorithms: an override allows at least one EIA and one EEA");
	return 0;
}

/* INSERT of a checked record; OPc derived here when OP was given. */
static int insert(struct sub_store *s, const struct sub_record *rec)
{
	static const char sql[] =
		"INSERT INTO subscriber (imsi, k, opc, op, amf, seq, eia_mask, eea_mask)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	const struct sub_info *in = &rec->info;
	uint8_t opc[AKA_OPC_LEN];
	sqlite3_stmt *st;
	int err, rc;

	if (in->op_given) {
		if (milenage_opc(rec->k, rec->op, opc))
			return seterr(s, -EIO, "OPc: OpenSSL failed");
	} else {
		memcpy(opc, rec->opc, sizeof(opc));
	}
	err = prepare(s, sql, &st);
	if (err)
		goto out;
	sqlite3_bind_text(st, 1, in->imsi, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, rec->k, AKA_K_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, opc, AKA_OPC_LEN, SQLITE_STATIC);
	if (in->op_given)
		sqlite3_bind_blob(st, 4, rec->op, AKA_OPC_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, in->amf, AKA_AMF_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)in->seq);
	if (in->alg_override) {
		sqlite3_bind_int(st, 7, in->eia_mask);
		sqlite3_bind_int(st, 8, in->eea_mask);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		err = seterr(s, -EEXIST, "IMSI %s: already in the store", in->imsi);
	else if (rc != SQLITE_DONE)
		err = dberr(s, "add", rc);
	finish(st);
out:
	OPENSSL_cleanse(opc, sizeof(opc));
	return err;
}

int sub_add(struct sub_store *s, const struct sub_record *rec)
{
	int err = check_record(s, rec);

	return err ? err : insert(s, rec);
}

int sub_del(struct sub_store *s, const char *imsi)
{
	sqlite3_stmt *st;
	int err, rc;

	err = check_imsi(s, imsi);
	if (!err)
		err = prepare(s, "DELETE FROM subscriber WHERE imsi = ?1", &st);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, imsi, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		err = dberr(s, "del", rc);
	else if (!sqlite3_changes(s->db))
		err = seterr(s, -ENOENT, "IMSI %s: no such subscriber", imsi);
	finish(st);
	return err;
}

static int col_blob(sqlite3_stmt *st, int col, uint8_t *out, int len)
{
	const void *b = sqlite3_column_blob(st, col);

	if (sqlite3_column_type(st, col) != SQLITE_BLOB || sqlite3_column_bytes(st, col) != len)
		return -1;
	memcpy(out, b, len);
	return 0;
}

/* Columns: imsi, amf, seq, op IS NOT NULL, eia_mask, eea_mask. */
#define INFO_COLS "imsi, amf, seq, op IS NOT NULL, eia_mask, eea_mask"

static int row_info(struct sub_store *s, sqlite3_stmt *st, struct sub_info *in)
{
	const unsigned char *imsi = sqlite3_column_text(st, 0);

	memset(in, 0, sizeof(*in));
	if (!imsi || strlen((const char *)imsi) > SUB_IMSI_MAX ||
	    col_blob(st, 1, in->amf, AKA_AMF_LEN) || sqlite3_column_int64(st, 2) < 0)
		return seterr(s, -EIO, "store: a malformed row");
	strcpy(in->imsi, (const char *)imsi);
	in->seq = (uint64_t)sqlite3_column_int64(st, 2);
	in->op_given = sqlite3_column_int(st, 3);
	in->alg_override = sqlite3_column_type(st, 4) != SQLITE_NULL;
	if (in->alg_override) {
		in->eia_mask = (uint8_t)sqlite3_column_int(st, 4);
		in->eea_mask = (uint8_t)sqlite3_column_int(st, 5);
	}
	return 0;
}

static int get(struct sub_store *s, const char *imsi, struct sub_info *in, struct sub_record *rec)
{
	static const char sql_rec[] =
		"SELECT " INFO_COLS ", k, opc, op FROM subscriber WHERE imsi = ?1";
	static const char sql_info[] = "SELECT " INFO_COLS " FROM subscriber WHERE imsi = ?1";
	sqlite3_stmt *st;
	int err, rc;

	err = check_imsi(s, imsi);
	if (!err)
		err = prepare(s, rec ? sql_rec : sql_info, &st);
	if (err)
		return err;
	sqlite3_bind_text(st, 1, imsi, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		err = seterr(s, -ENOENT, "IMSI %s: no such subscriber", imsi);
	} else if (rc != SQLITE_ROW) {
		err = dberr(s, "get", rc);
	} else {
		err = row_info(s, st, in);
		if (!err && rec &&
		    (col_blob(st, 6, rec->k, AKA_K_LEN) || col_blob(st, 7, rec->opc, AKA_OPC_LEN) ||
		     (rec->info.op_given && col_blob(st, 8, rec->op, AKA_OPC_LEN))))
			err = seterr(s, -EIO, "IMSI %s: malformed keys in the store", imsi);
	}
	finish(st);
	return err;
}

int sub_get(struct sub_store *s, const char *imsi, struct sub_record *out)
{
	char key[SUB_IMSI_MAX + 1];
	int err;

	/* imsi may point into *out (refreshing a record in place). */
	err = check_imsi(s, imsi);
	if (!err)
		memcpy(key, imsi, strlen(imsi) + 1);
	memset(out, 0, sizeof(*out));
	if (!err)
		err = get(s, key, &out->info, out);
	if (err)
		sub_record_wipe(out);
	return err;
}

int sub_get_info(struct sub_store *s, const char *imsi, struct sub_info *out)
{
	return get(s, imsi, out, NULL);
}

int sub_count(struct sub_store *s, uint64_t *n)
{
	int64_t v;
	int err = pragma_int(s, "SELECT count(*) FROM subscriber", &v);

	if (!err)
		*n = (uint64_t)v;
	return err;
}

int sub_list(struct sub_store *s, int (*cb)(const struct sub_info *info, void *arg), void *arg)
{
	struct sub_info in;
	sqlite3_stmt *st;
	int err, rc;

	err = prepare(s, "SELECT " INFO_COLS " FROM subscriber ORDER BY imsi", &st);
	if (err)
		return err;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		err = row_info(s, st, &in);
		if (!err)
			err = cb(&in, arg);
		if (err)
			break;
	}
	if (!err && rc != SQLITE_DONE)
		err = dberr(s, "list", rc);
	finish(st);
	return err;
}

int sub_next_sqn(struct sub_store *s, const char *imsi, uint64_t *sqn)
{
	static const char sql[] =
		"UPDATE subscriber SET seq = seq + 1 WHERE imsi = ?1 AND seq < ?2 RETURNING seq";
	sqlite3_stmt *st = NULL;
	int64_t seq = -1;
	int err, rc;

	err = check_imsi(s, imsi);
	if (err)
		return err;
	err = begin(s);
	if (err)
		return err;
	err = prepare(s, sql, &st);
	if (err)
		goto out;
	sqlite3_bind_text(st, 1, imsi, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)aka_seq_max(s->ind_bits));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		err = dberr(s, "next SQN", rc);
		goto out;
	}
	if (seq < 0) {
		struct sub_info in;

		finish(st);
		st = NULL;
		err = get(s, imsi, &in, NULL);
		if (!err)
			err = seterr(s, -EOVERFLOW, "IMSI %s: SEQ exhausted", imsi);
		goto out;
	}
	finish(st);
	/* TS 33.102 C.1.1: the SQN is fresh only once this commit is on disk. */
	err = commit(s);
	if (!err)
		*sqn = aka_sqn_make((uint64_t)seq, s->ind_bits);
	return err;
out:
	finish(st);
	rollback(s);
	return err;
}

int sub_resync(struct sub_store *s, const char *imsi, uint64_t sqn_ms, uint64_t *seq)
{
	sqlite3_stmt *st = NULL;
	struct sub_info in;
	uint64_t next;
	int err, rc;

	if (sqn_ms > AKA_SQN_MASK)
		return seterr(s, -EINVAL, "SQN_MS over 48 bits");
	err = check_imsi(s, imsi);
	if (!err)
		err = begin(s);
	if (err)
		return err;
	err = get(s, imsi, &in, NULL);
	if (err)
		goto out;
	next = aka_resync_seq(in.seq, sqn_ms, s->ind_bits);
	if (next != in.seq) {
		err = prepare(s, "UPDATE subscriber SET seq = ?2 WHERE imsi = ?1", &st);
		if (err)
			goto out;
		sqlite3_bind_text(st, 1, imsi, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)next);
		rc = sqlite3_step(st);
		if (rc != SQLITE_DONE) {
			err = dberr(s, "resync", rc);
			goto out;
		}
		finish(st);
		st = NULL;
	}
	err = commit(s);
	if (!err && seq)
		*seq = next;
	return err;
out:
	finish(st);
	rollback(s);
	return err;
}

int sub_vector(struct sub_store *s, const char *imsi, const uint8_t sn_id[AKA_SN_ID_LEN],
	       aka_random_fn rnd, void *rnd_arg, struct aka_vector *av)
{
	struct sub_record rec;
	struct aka_keys keys;
	uint64_t sqn;
	int err;

	memset(av, 0, sizeof(*av));
	err = sub_get(s, imsi, &rec);
	if (err)
		return err;
	err = sub_next_sqn(s, imsi, &sqn);
	if (!err) {
		memcpy(keys.k, rec.k, AKA_K_LEN);
		memcpy(keys.opc, rec.opc, AKA_OPC_LEN);
		memcpy(keys.amf, rec.info.amf, AKA_AMF_LEN);
		err = aka_vector_make(&keys, sqn, sn_id, rnd, rnd_arg, av);
		if (err)
			seterr(s, err, "IMSI %s: vector: %s", imsi, strerror(-err));
		aka_keys_wipe(&keys);
	}
	sub_record_wipe(&rec);
	return err;
}

int sub_resync_auts(struct sub_store *s, const char *imsi, const uint8_t rand[AKA_RAND_LEN],
		    const uint8_t auts[AKA_AUTS_LEN], uint64_t *sqn_ms)
{
	struct sub_record rec;
	struct aka_keys keys;
	uint64_t ms;
	int err;

	err = sub_get(s, imsi, &rec);
	if (err)
		return err;
	memcpy(keys.k, rec.k, AKA_K_LEN);
	memcpy(keys.opc, rec.opc, AKA_OPC_LEN);
	memcpy(keys.amf, rec.info.amf, AKA_AMF_LEN);
	sub_record_wipe(&rec);
	err = aka_auts_check(&keys, rand, auts, &ms);
	aka_keys_wipe(&keys);
	if (err == -EBADMSG)
		return seterr(s, err, "IMSI %s: AUTS: MAC-S does not verify", imsi);
	if (err)
		return seterr(s, err, "IMSI %s: AUTS: OpenSSL failed", imsi);
	err = sub_resync(s, imsi, ms, NULL);
	if (!err && sqn_ms)
		*sqn_ms = ms;
	return err;
}

/* ---- import ---- */

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 2 * n hex digits into n octets. */
static int parse_hex(const char *str, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(str) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hexdigit(str[2 * i]), lo = hexdigit(str[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

struct import_line {
	struct sub_record rec;
	unsigned int line;
};

/* One line into rec; on error the field's name and why, never its value. */
static int parse_line(struct sub_store *s, char *text, struct sub_record *rec,
		      const char **field, const char **why)
{
	char *tok[8], *save = NULL, *t;
	unsigned int n = 0, i;
	uint8_t sqn_b[AKA_SQN_LEN];
	bool have_eia = false, have_eea = false;

	for (t = strtok_r(text, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (*t == '#')
			break;
		if (n == 8) {
			*field = "line";
			*why = "too many fields";
			return -EINVAL;
		}
		tok[n++] = t;
	}
	if (n < 5) {
		static const char *const names[] = { "IMSI", "K", "OPc", "AMF", "SQN" };

		*field = names[n];
		*why = "missing";
		return -EINVAL;
	}
	memset(rec, 0, sizeof(*rec));
	*why = NULL;
	if (!sub_imsi_ok(tok[0])) {
		*field = "IMSI";
		*why = "not 5..15 digits";
	} else if (parse_hex(tok[1], rec->k, AKA_K_LEN)) {
		*field = "K";
		*why = "not 32 hex digits";
	} else if (!strncmp(tok[2], "op:", 3)) {
		rec->info.op_given = true;
		if (parse_hex(tok[2] + 3, rec->op, AKA_OPC_LEN)) {
			*field = "OP";
			*why = "not op: and 32 hex digits";
		}
	} else if (parse_hex(tok[2], rec->opc, AKA_OPC_LEN)) {
		*field = "OPc";
		*why = "not 32 hex digits (or op: and 32 for OP)";
	}
	if (!*why && parse_hex(tok[3], rec->info.amf, AKA_AMF_LEN)) {
		*field = "AMF";
		*why = "not 4 hex digits";
	}
	if (!*why && parse_hex(tok[4], sqn_b, AKA_SQN_LEN)) {
		*field = "SQN";
		*why = "not 12 hex digits";
	}
	for (i = 5; !*why && i < n; i++) {
		uint8_t m;
		bool eia = !strncmp(tok[i], "eia:", 4), eea = !strncmp(tok[i], "eea:", 4);

		*field = eia ? "eia" : eea ? "eea" : "line";
		if (!eia && !eea)
			*why = "unknown field (eia:MASK, eea:MASK)";
		else if ((eia && have_eia) || (eea && have_eea))
			*why = "given twice";
		else if (parse_hex(tok[i] + 4, &m, 1) || !m)
			*why = "not a nonzero 2-hex-digit mask";
		else if (eia)
			rec->info.eia_mask = m, have_eia = true;
		else
			rec->info.eea_mask = m, have_eea = true;
	}
	if (!*why && have_eia != have_eea) {
		*field = have_eia ? "eea" : "eia";
		*why = "missing (eia: and eea: go together)";
	}
	if (*why)
		return -EINVAL;
	snprintf(rec->info.imsi, sizeof(rec->info.imsi), "%s", tok[0]);
	rec->info.seq = aka_sqn_seq(aka_sqn_get(sqn_b), s->ind_bits);
	rec->info.alg_override = have_eia;
	return 0;
}

/* The import of lines read from f; path names them in errors. Closes f. */
static int import_stream(struct sub_store *s, const char *path, FILE *f,
			 unsigned int *count)
{
	struct import_line *lines = NULL, *nl;
	size_t nlines = 0, cap = 0, bufsz = 0, i, j;
	unsigned int lineno = 0;
	const char *field, *why;
	char *buf = NULL;
	ssize_t len;
	int err = 0;

	if (count)
		*count = 0;
	while ((len = getline(&buf, &bufsz, f)) >= 0) {
		char *p = buf;

		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
			continue;
		if (nlines == cap) {
			cap = cap ? 2 * cap : 64;
			nl = calloc(cap, sizeof(*nl));
			if (!nl) {
				err = seterr(s, -ENOMEM, "%s:%u: out of memory", path, lineno);
				goto out;
			}
			if (lines) {
				memcpy(nl, lines, nlines * sizeof(*nl));
				OPENSSL_cleanse(lines, nlines * sizeof(*nl));
				free(lines);
			}
			lines = nl;
		}
		lines[nlines].line = lineno;
		err = parse_line(s, p, &lines[nlines].rec, &field, &why);
		if (err) {
			nlines++;
			err = seterr(s, -EINVAL, "%s:%u: %s: %s", path, lineno, field, why);
			goto out;
		}
		/* What parse_line() lets through is valid; this stays the one rule. */
		err = check_record(s, &lines[nlines++].rec);
		if (err) {
			char msg[sizeof(s->err)];

			snprintf(msg, sizeof(msg), "%s", s->err);
			err = seterr(s, err, "%s:%u: %s", path, lineno, msg);
			goto out;
		}
	}
	if (ferror(f)) {
		err = seterr(s, -EIO, "%s:%u: read error", path, lineno + 1);
		goto out;
	}

	err = begin(s);
	if (err)
		goto out;
	for (i = 0; i < nlines; i++) {
		err = insert(s, &lines[i].rec);
		if (err == -EEXIST) {
			for (j = 0; j < i; j++)
				if (!strcmp(lines[j].rec.info.imsi, lines[i].rec.info.imsi))
					break;
			if (j < i)
				seterr(s, err, "%s:%u: IMSI: %s also on line %u", path,
				       lines[i].line, lines[i].rec.info.imsi, lines[j].line);
			else
				seterr(s, err, "%s:%u: IMSI: %s already in the store", path,
				       lines[i].line, lines[i].rec.info.imsi);
		} else if (err) {
			char why2[sizeof(s->err)];

			snprintf(why2, sizeof(why2), "%s", s->err);
			seterr(s, err, "%s:%u: %s", path, lines[i].line, why2);
		}
		if (err) {
			rollback(s);
			goto out;
		}
	}
	err = commit(s);
	if (!err && count)
		*count = (unsigned int)nlines;
out:
	fclose(f);
	if (buf) {
		OPENSSL_cleanse(buf, bufsz);
		free(buf);
	}
	if (lines) {
		OPENSSL_cleanse(lines, cap * sizeof(*lines));
		free(lines);
	}
	return err;
}

int sub_import(struct sub_store *s, const char *path, unsigned int *count)
{
	FILE *f = fopen(path, "re");

	if (count)
		*count = 0;
	if (!f)
		return seterr(s, -errno, "%s: %s", path, strerror(errno));
	return import_stream(s, path, f, count);
}

int sub_import_text(struct sub_store *s, const char *name, const char *text,
		    unsigned int *count)
{
	FILE *f;

	if (count)
		*count = 0;
	if (!*text)
		return 0;	/* nothing to import (fmemopen refuses size 0) */
	f = fmemopen((void *)text, strlen(text), "r");
	if (!f)
		return seterr(s, -errno, "%s: %s", name, strerror(errno));
	/* fmemopen's buffer is text itself: nothing to wipe but the caller's. */
	return import_stream(s, name, f, count);
}
