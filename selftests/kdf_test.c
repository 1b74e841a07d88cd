// SPDX-License-Identifier: GPL-2.0
/*
 * TS 33.401 Annex A key derivations in the module, against the kdf.txt
 * records (not 3GPP data: outputs of other implementations' unit tests)
 * and an OpenSSL HMAC-SHA-256 KDF here: KeNB (A.3) and NH (A.4) through
 * DERIVE_KENB/DERIVE_NH, K_NASint/K_NASenc (A.7) through what they key.
 */
// nassec-ldlibs: ../tools/lib/ue/ue_nas.c -lnl-genl-3 -lnl-3 -lIPSec_MB -lcrypto
#include <sched.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "nassec_client.h"
#include "ue_nas.h"
#include "vectors.h"

FIXTURE(kdf) {
	struct nlc c;
	struct vec_file vf;
};

FIXTURE_SETUP(kdf)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nlc_open(&self->c));
	ASSERT_EQ(0, vec_load(&self->vf, NULL, "kdf.txt"));
	ASSERT_LT(0u, self->vf.nrec);
}

FIXTURE_TEARDOWN(kdf)
{
	vec_free(&self->vf);
	nlc_close(&self->c);
}

/* DERIVE_KENB or DERIVE_NH; count < 0 / sync NULL: left out. */
static int derive(struct nlc *c, uint32_t ue, int64_t count,
		  const uint8_t *sync, uint8_t out[32], struct nlc_reply *r)
{
	uint8_t cmd = sync ? NASSEC_CMD_DERIVE_NH : NASSEC_CMD_DERIVE_KENB;
	int type = sync ? NASSEC_A_NH : NASSEC_A_KENB;
	struct nl_msg *m = nlc_msg(c, cmd);
	int err;

	nla_put_u32(m, NASSEC_A_UE_ID, ue);
	if (count >= 0)
		nla_put_u32(m, NASSEC_A_UL_COUNT, (uint32_t)count);
	if (sync)
		nla_put(m, NASSEC_A_SYNC_INPUT, 32, sync);
	err = nlc_call(c, m, r);
	if (!err) {
		if (r->tb[type] && nla_len(r->tb[type]) == 32)
			memcpy(out, nla_data(r->tb[type]), 32);
		else
			err = -EPROTO;
	}
	nlc_reply_free(r);
	return err;
}

static int ctx_with_kasme(struct nlc *c, uint32_t ue, const uint8_t *kasme,
			  int eia, int eea, int64_t ul_count)
{
	struct nlc_slot cur = NLC_SLOT(kasme, 1, eia, eea);

	cur.ul_count = ul_count;
	return nlc_ctx_new(c, ue, &cur, NULL);
}

TEST_F(kdf, kenb_matches_the_records)
{
	unsigned int i, checked = 0, refused = 0;
	uint8_t kasme[32], want[32], got[32], mine[32];
	struct nlc_reply r;
	uint64_t count;

	for (i = 0; i < self->vf.nrec; i++) {
		const struct vec_record *rec = &self->vf.rec[i];

		if (strcmp(vec_get(rec, "alg"), "kdf-kenb"))
			continue;
		ASSERT_EQ(32, vec_bytes(rec, "kasme", kasme, 32));
		ASSERT_EQ(32, vec_bytes(rec, "kenb", want, 32));
		ASSERT_EQ(0, vec_u64(rec, "ul_nas_count", &count));
		/* The reference KDF here agrees with the record... */
		ue_kenb(kasme, (uint32_t)count, mine);
		EXPECT_EQ(0, memcmp(want, mine, 32));
		ASSERT_EQ(0, ctx_with_kasme(&self->c, i, kasme, 2, 2, -1));
		if (count > NASSEC_COUNT_MAX) {
			/* ...a 32-bit value is no NAS COUNT: refused. */
			EXPECT_EQ(-ERANGE, derive(&self->c, i, (int64_t)count,
						  NULL, got, &r));
			refused++;
			continue;
		}
		/* ...and so does the module. */
		ASSERT_EQ(0, derive(&self->c, i, (int64_t)count, NULL, got, &r));
		EXPECT_EQ(0, memcmp(want, got, 32));
		checked++;
	}
	ksft_print_msg("kdf-kenb: %u records checked through the module, %u with a COUNT above 24 bits refused\n",
		       checked, refused);
	ASSERT_LT(0u, checked);
}

TEST_F(kdf, kenb_without_count_uses_the_last_accepted_uplink_count)
{
	uint8_t kasme[32], want[32], got[32];
	struct nlc_reply r;
	int i;

	for (i = 0; i < 32; i++)
		kasme[i] = (uint8_t)(i * 3);
	/* Next expected uplink COUNT 0x1234: the last accepted is 0x1233. */
	ASSERT_EQ(0, ctx_with_kasme(&self->c, 1, kasme, 2, 2, 0x1234));
	ASSERT_EQ(0, derive(&self->c, 1, -1, NULL, got, &r));
	ue_kenb(kasme, 0x1233, want);
	EXPECT_EQ(0, memcmp(want, got, 32));
	/* Nothing accepted yet: the caller must say which COUNT. */
	ASSERT_EQ(0, ctx_with_kasme(&self->c, 2, kasme, 2, 2, -1));
	EXPECT_EQ(-ENODATA, derive(&self->c, 2, -1, NULL, got, &r));
	EXPECT_NE(0, r.extack[0]);
}

TEST_F(kdf, nh_chain_matches_an_independent_kdf)
{
	uint8_t kasme[32], sync[32], want[32], got[32];
	struct nlc_reply r;
	int i, step;

	for (i = 0; i < 32; i++)
		kasme[i] = (uint8_t)(0xa5 ^ i);
	ASSERT_EQ(0, ctx_with_kasme(&self->c, 1, kasme, 1, 1, -1));
	/* TS 33.401 7.2.8.4: the first NH from KeNB, each next from the last. */
	ASSERT_EQ(0, derive(&self->c, 1, 5, NULL, sync, &r));
	for (step = 1; step <= 4; step++) {
		ue_nh(kasme, sync, want);
		ASSERT_EQ(0, derive(&self->c, 1, -1, sync, got, &r));
		EXPECT_EQ(0, memcmp(want, got, 32));
		memcpy(sync, got, 32);
	}
}

TEST_F(kdf, derivations_need_a_context_with_a_current_slot)
{
	struct nlc_slot new = NLC_SLOT((const uint8_t *)"0123456789abcdef0123456789abcdef",
				       1, 2, 2);
	uint8_t got[32], sync[32] = { 0 };
	struct nlc_reply r;

	EXPECT_EQ(-ENOENT, derive(&self->c, 9, 1, NULL, got, &r));
	EXPECT_LT(0, r.bad_offset);
	ASSERT_EQ(0, nlc_ctx_new(&self->c, 9, NULL, &new));
	EXPECT_EQ(-ENOKEY, derive(&self->c, 9, 1, NULL, got, &r));
	EXPECT_EQ(-ENOKEY, derive(&self->c, 9, -1, sync, got, &r));
}

/*
 * K_NASint / K_NASenc never leave the module: a record's key is checked
 * by what the module computes with it. With EIA k (k != 0) the MAC of a
 * type 1 PDU must be the MAC under the record's K_NASint; with EEA k the
 * ciphertext of a type 2 PDU the one under the record's K_NASenc.
 */
TEST_F(kdf, nas_keys_match_the_records)
{
	static const uint8_t msg[] = { 0x07, 0x45, 0x09, 0x0b, 0xf6, 0x12, 0x34 };
	unsigned int i, checked = 0, null_alg = 0;
	uint8_t kasme[32], key[16], mine[16], want[16];
	struct nlc_pdu p;
	uint64_t type, alg;

	for (i = 0; i < self->vf.nrec; i++) {
		const struct vec_record *rec = &self->vf.rec[i];
		bool integrity;

		if (strcmp(vec_get(rec, "alg"), "kdf-knas"))
			continue;
		ASSERT_EQ(32, vec_bytes(rec, "kasme", kasme, 32));
		ASSERT_EQ(16, vec_bytes(rec, "key", key, 16));
		ASSERT_EQ(0, vec_u64(rec, "alg_type", &type));
		ASSERT_EQ(0, vec_u64(rec, "alg_id", &alg));
		ue_nas_key(kasme, (uint8_t)type, (uint8_t)alg, mine);
		EXPECT_EQ(0, memcmp(key, mine, 16));
		if (!alg) {
			null_alg++;	/* EIA0/EEA0 use no key: not observable */
			continue;
		}
		integrity = type == 2;
		ASSERT_EQ(0, ctx_with_kasme(&self->c, i,  kasme,
					    integrity ? (int)alg : 0,
					    integrity ? 0 : (int)alg, -1));
		ASSERT_EQ(0, nlc_protect(&self->c, i, integrity ? 1 : 2, msg,
					 sizeof(msg), &p));
		ASSERT_FALSE(p.has_error);
		ASSERT_EQ(sizeof(msg) + 6, p.len);
		if (integrity) {
			ue_eia((uint8_t)alg, key, 0, UE_NAS_DIR_DL, p.data + 5,
			       p.len - 5, want);
			EXPECT_EQ(0, memcmp(want, p.data + 1, 4));
		} else {
			memcpy(want, msg, sizeof(msg));
			ue_eea((uint8_t)alg, key, 0, UE_NAS_DIR_DL, want, sizeof(msg));
			EXPECT_EQ(0, memcmp(want, p.data + 6, sizeof(msg)));
		}
		checked++;
	}
	ksft_print_msg("kdf-knas: %u records checked through the module, %u with a null algorithm only against the reference\n",
		       checked, null_alg);
	ASSERT_LT(0u, checked);
}

TEST_HARNESS_MAIN
