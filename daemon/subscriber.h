/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subscriber store: one SQLite file holding, per IMSI, the long-term
 * key K, OPc (and OP when that is what was provisioned), the AMF, SEQ_HE
 * (TS 33.102 Annex C) and an optional per-subscriber override of the
 * allowed NAS algorithms.
 *
 * Durability contract: sub_next_sqn() and sub_resync() commit with
 * synchronous=FULL on a WAL journal before they return, so an SQN that
 * reached the caller is on disk, and a process killed at any moment never
 * hands the same SQN out twice (TS 33.102 C.1.1: SQNs must be fresh).
 *
 * Secrets: K, OPc and OP are bound to statements without copies, wiped
 * from every buffer of ours after use, never part of an error message,
 * and the file is created mode 0600 with secure_delete on (deleted rows
 * are overwritten). SQLite's page cache holds what the file holds; it is
 * freed, not wiped, on sub_close().
 *
 * A callback of sub_list() must not call into the store.
 *
 * Errors are -errno: -EINVAL (bad argument; nothing changed), -ENOENT
 * (no such IMSI), -EEXIST (IMSI present), -EOVERFLOW (SEQ exhausted),
 * -EBADMSG (AUTS does not verify), -EIO (SQLite or OpenSSL failed),
 * -ENOMEM; sub_last_error() says more in one line.
 */
#ifndef NASSECD_SUBSCRIBER_H
#define NASSECD_SUBSCRIBER_H

#include <stdbool.h>
#include <stdint.h>

#include "aka.h"

#define SUB_SCHEMA_VERSION	1
#define SUB_IMSI_MIN		5
#define SUB_IMSI_MAX		15

struct sub_store;

/* What may be shown about a subscriber: no secrets. */
struct sub_info {
	char imsi[SUB_IMSI_MAX + 1];
	uint8_t amf[AKA_AMF_LEN];
	uint64_t seq;		/* SEQ_HE: the SEQ of the last SQN handed out */
	bool op_given;		/* provisioned with OP (OPc derived) rather than OPc */
	bool alg_override;	/* eia_mask/eea_mask replace the configured lists */
	uint8_t eia_mask;	/* bit n: EIAn allowed (TS 24.301 9.9.3.36 numbering) */
	uint8_t eea_mask;	/* bit n: EEAn allowed */
};

struct sub_record {
	struct sub_info info;
	uint8_t k[AKA_K_LEN];
	uint8_t opc[AKA_OPC_LEN];	/* given, or derived from op */
	uint8_t op[AKA_OPC_LEN];	/* meaningful when info.op_given */
};

struct sub_open_opts {
	/*
	 * IND length in bits (TS 33.102 C.1.1). A new store takes it (-1: the
	 * default of C.3.2, 5) and keeps it; opening an existing store with a
	 * different value fails, as SEQ's meaning would change under it.
	 */
	int ind_bits;
};

/* Opens or creates the store at path (opts NULL: defaults). */
int sub_open(const char *path, const struct sub_open_opts *opts, struct sub_store **out);
void sub_close(struct sub_store *s);
/* One line on the last failure; never NULL, never a key. */
const char *sub_last_error(const struct sub_store *s);
unsigned int sub_ind_bits(const struct sub_store *s);

/* IMSI syntax: SUB_IMSI_MIN..SUB_IMSI_MAX decimal digits. */
bool sub_imsi_ok(const char *imsi);

/*
 * Adds a subscriber. With info.op_given, rec->op is OP and OPc is
 * computed (TS 35.206 4.1); otherwise rec->opc is taken. -EEXIST when
 * the IMSI is present; any failure leaves the store unchanged.
 */
int sub_add(struct sub_store *s, const struct sub_record *rec);
int sub_del(struct sub_store *s, const char *imsi);
/* With the secrets: the caller sub_record_wipe()s it. */
int sub_get(struct sub_store *s, const char *imsi, struct sub_record *out);
int sub_get_info(struct sub_store *s, const char *imsi, struct sub_info *out);
int sub_count(struct sub_store *s, uint64_t *n);
/* Calls cb for every subscriber in IMSI order; a nonzero return stops and is returned. */
int sub_list(struct sub_store *s, int (*cb)(const struct sub_info *info, void *arg), void *arg);
void sub_record_wipe(struct sub_record *rec);

/*
 * Imports "IMSI K OPc|op:OP AMF SQN [eia:MASK eea:MASK]" lines (hex; SQN
 * is the 48-bit SQN the USIM last accepted, 12 hex digits; '#' comments
 * and blank lines skipped). All or nothing: on the first bad line or
 * duplicate IMSI nothing is imported, and sub_last_error() reads
 * "FILE:LINE: FIELD: reason". *count (may be NULL) gets the number added.
 */
int sub_import(struct sub_store *s, const char *path, unsigned int *count);
/* The same from text in memory (the CLI sends the file's text); name stands for the path. */
int sub_import_text(struct sub_store *s, const char *name, const char *text,
		    unsigned int *count);

/*
 * Hands out the next fresh SQN for imsi (SEQ_HE + 1, IND cyclic; TS 33.102
 * C.1.1, C.1.2), committed durably before returning.
 */
int sub_next_sqn(struct sub_store *s, const char *imsi, uint64_t *sqn);

/*
 * After a verified synchronisation failure: SEQ_HE per aka_resync_seq()
 * (TS 33.102 6.3.5), committed durably. *seq (may be NULL) gets SEQ_HE.
 */
int sub_resync(struct sub_store *s, const char *imsi, uint64_t sqn_ms, uint64_t *seq);

/*
 * The AKA steps the EMM procedures need, keys handled inside:
 * sub_vector() takes a durable SQN and builds a vector (rnd NULL:
 * getrandom); sub_resync_auts() checks AUTS against the RAND that was
 * sent and resynchronises SEQ_HE from SQN_MS (-EBADMSG: MAC-S failed,
 * nothing changed).
 */
int sub_vector(struct sub_store *s, const char *imsi, const uint8_t sn_id[AKA_SN_ID_LEN],
	       aka_random_fn rnd, void *rnd_arg, struct aka_vector *av);
int sub_resync_auts(struct sub_store *s, const char *imsi, const uint8_t rand[AKA_RAND_LEN],
		    const uint8_t auts[AKA_AUTS_LEN], uint64_t *sqn_ms);

#endif /* NASSECD_SUBSCRIBER_H */
