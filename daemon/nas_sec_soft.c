// SPDX-License-Identifier: GPL-2.0
/*
 * NAS security in the daemon (nas_security = daemon): what nassec.ko's
 * ctx.c, sock_nas.c and the netlink PDU/KeNB commands do, on a plain
 * socket in this process. The rules themselves are not written twice:
 * kmod/nas.c (security header types 1-4 and 12, TS 24.301 4.4.3.1 COUNT
 * estimation, the replay window, verify-then-commit, promotion of the new
 * context on a verified SECURITY MODE COMPLETE, DL COUNT exhaustion) and
 * kmod/s1ap.c (finding MME-UE-S1AP-ID and the NAS-PDU) are compiled into
 * the daemon as they are into the module. One thread: no locks, and the
 * staged API runs in one go (nas_unprotect, nas_protect).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eps_kdf.h"
#include "idmap.h"
#include "log.h"
#include "lte_algs.h"
#include "nas.h"
#include "nas_sec.h"
#include "s1ap.h"

/* Any NAS-PDU of an S1AP message the path reads (S1AP_PATH_MSG_MAX). */
#define SOFT_PDU_MAX	65536
_Static_assert(SOFT_PDU_MAX >= NASSEC_PDU_MAX, "the Initial UE check fits too");

struct soft_ctx {
	struct nas_ctx nas;
};

struct nas_sec_soft {
	struct nas_sec base;
	struct idmap ctxs;		/* ue id -> struct soft_ctx */
	struct lte_algs *algs;
	struct nas_crypto crypto;
	uint8_t buf[SOFT_PDU_MAX];	/* a PDU being checked: wiped after */
	char error[128];
};

static struct nas_sec_soft *soft_of(struct nas_sec *s)
{
	return (struct nas_sec_soft *)s;
}

static int soft_fail(struct nas_sec_soft *ss, int err, const char *why)
{
	snprintf(ss->error, sizeof(ss->error), "%s", why);
	return err;
}

/* nas.c's crypto hooks: NAS messages are whole octets. */
static int soft_mac(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count, u8 bearer,
		    u8 dir, const u8 *data, u32 len, u8 mac[NAS_MAC_LEN])
{
	return lte_eia(priv, alg, key, count, bearer, dir, data, (uint64_t)len * 8, mac);
}

static int soft_cipher(void *priv, u8 alg, const u8 key[NAS_KEY_LEN], u32 count,
		       u8 bearer, u8 dir, u8 *buf, u32 len)
{
	if (len > UINT32_MAX / 8)
		return -EMSGSIZE;
	return lte_eea(priv, alg, key, count, bearer, dir, buf, len * 8);
}

static struct soft_ctx *ctx_of(struct nas_sec_soft *ss, uint32_t ue_id)
{
	return idmap_get(&ss->ctxs, ue_id);
}

static void ctx_free(struct soft_ctx *c)
{
	nas_ctx_wipe(&c->nas);
	explicit_bzero(c, sizeof(*c));
	free(c);
}

static void s_close(struct nas_sec *s)
{
	struct nas_sec_soft *ss = soft_of(s);

	for (size_t i = 0; ss->ctxs.slots && i <= ss->ctxs.mask; i++)
		if (ss->ctxs.slots[i].value)
			ctx_free(ss->ctxs.slots[i].value);
	idmap_free(&ss->ctxs);
	lte_algs_close(ss->algs);
	explicit_bzero(ss, sizeof(*ss));
	free(ss);
}

/* A plain socket: nothing to attach. */
static int s_sock_attach(struct nas_sec *s, int fd)
{
	(void)s;
	(void)fd;
	return 0;
}

static void s_sock_detach(struct nas_sec *s, int fd)
{
	(void)s;
	(void)fd;
}

/*
 * nassec_ctx_unprotect's uplink check of pdu[0..len) in place: an absent
 * context is verdict NO_CONTEXT, the rest is nas.c's.
 */
static int ul_check(struct nas_sec_soft *ss, uint32_t ue_id, uint8_t *pdu, uint32_t len,
		    struct nas_result *res)
{
	struct soft_ctx *c = ctx_of(ss, ue_id);
	int ret;

	memset(res, 0, sizeof(*res));
	if (!c) {
		res->verdict = NAS_VERDICT_NO_CONTEXT;
		return 0;
	}
	ret = nas_unprotect(&c->nas, &ss->crypto, pdu, len, res);
	return ret < 0 ? ret : 0;
}

/* sock_nas.c's receive verdict, on the message as it came off the socket. */
static int s_rx(struct nas_sec *s, const struct msghdr *mh, uint8_t *msg, size_t len,
		struct nassec_verdict_info *vi)
{
	struct nas_sec_soft *ss = soft_of(s);
	struct nas_result res;
	int ret;

	(void)mh;
	if (!s1ap_nas_to_verify(msg, len, vi))
		return 0;
	if (vi->nas_len > sizeof(ss->buf)) {
		vi->verdict = NASSEC_VERDICT_MAC_FAIL;	/* not verified */
		return 0;
	}
	/* On a copy: only an accepted PDU is deciphered, the rest stays as received. */
	memcpy(ss->buf, msg + vi->nas_offset, vi->nas_len);
	ret = ul_check(ss, vi->ue_id, ss->buf, vi->nas_len, &res);
	nas_verdict_info(vi, ret, &res);
	if (vi->verdict == NASSEC_VERDICT_OK)
		memcpy(msg + vi->nas_offset, ss->buf, vi->nas_len);
	explicit_bzero(ss->buf, vi->nas_len);
	return 0;
}

/* nassec_ctx_protect on the named PDU, in place; the same errnos as sendmsg. */
static int s_tx(struct nas_sec *s, int fd, struct msghdr *mh, size_t cap, uint8_t *msg,
		size_t len, const struct nassec_protect_info *pi)
{
	struct nas_sec_soft *ss = soft_of(s);
	struct soft_ctx *c;
	struct nas_tx tx;

	(void)fd;
	(void)mh;
	(void)cap;
	if (pi->nas_len < NASSEC_NAS_HDR_LEN + 1 || pi->nas_offset > len ||
	    pi->nas_len > len - pi->nas_offset)
		return -EBADMSG;
	c = ctx_of(ss, pi->ue_id);
	if (!c)
		return -ENOKEY;
	return nas_protect(&c->nas, &ss->crypto, pi->sec_hdr_type, msg + pi->nas_offset,
			   pi->nas_len, &tx);
}

/* ctx.c's slot_build with K_ASME given: fresh COUNTs, A.7 keys. */
static int slot_build(struct nas_slot *s, const struct nas_sec_slot *in)
{
	int err;

	memset(s, 0, sizeof(*s));
	nas_slot_init(s, in->eksi, in->eia, in->eea, 0, 0);
	memcpy(s->kasme, in->kasme, NAS_KASME_LEN);
	err = kdf_nas_keys(in->kasme, in->eia, in->eea, s->k_nas_int, s->k_nas_enc);
	if (err)
		nassec_wipe(s, sizeof(*s));
	return err;
}

static int s_load_new(struct nas_sec *s, uint32_t ue_id, bool exists,
		      const struct nas_sec_slot *in)
{
	struct nas_sec_soft *ss = soft_of(s);
	struct soft_ctx *c = ctx_of(ss, ue_id);
	struct nas_slot slot;
	int err;

	if (exists && !c)
		return soft_fail(ss, -ENOENT, "no context");
	err = slot_build(&slot, in);
	if (err)
		return soft_fail(ss, err, "key derivation failed");
	if (!exists && c)	/* a stale one: the kernel backend deletes and creates */
		nas_ctx_wipe(&c->nas);
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c || idmap_put(&ss->ctxs, ue_id, c)) {
			free(c);
			nassec_wipe(&slot, sizeof(slot));
			return soft_fail(ss, -ENOMEM, "out of memory");
		}
	}
	nas_ctx_install(&c->nas, NAS_SLOT_NEXT, &slot);
	nassec_wipe(&slot, sizeof(slot));
	return 0;
}

static int s_drop_new(struct nas_sec *s, uint32_t ue_id)
{
	struct soft_ctx *c = ctx_of(soft_of(s), ue_id);

	if (!c)
		return -ENOENT;
	nas_ctx_drop(&c->nas, NAS_SLOT_NEXT);
	return 0;
}

static int s_del(struct nas_sec *s, uint32_t ue_id)
{
	struct soft_ctx *c = idmap_del(&soft_of(s)->ctxs, ue_id);

	if (!c)
		return -ENOENT;
	ctx_free(c);
	return 0;
}

/* The netlink PDU_UNPROTECT of one PDU: the inner message back when OK or PLAIN. */
static int s_unprotect(struct nas_sec *s, uint32_t ue_id, const uint8_t *pdu, size_t len,
		       uint8_t *out, size_t cap, struct nas_sec_result *r)
{
	struct nas_sec_soft *ss = soft_of(s);
	struct nas_result res;
	int err;

	if (!len || len > NASSEC_PDU_MAX)
		return soft_fail(ss, -ERANGE, "PDU length out of range");
	memcpy(ss->buf, pdu, len);
	err = ul_check(ss, ue_id, ss->buf, (uint32_t)len, &res);
	if (!err) {
		r->verdict = res.verdict;
		r->flags = res.flags;
		if (res.count_valid)
			r->count = res.count;
		if (res.verdict == NASSEC_VERDICT_OK || res.verdict == NASSEC_VERDICT_PLAIN) {
			if (res.msg_len > cap)
				err = -EMSGSIZE;
			else
				memcpy(out, ss->buf + res.msg_off, res.msg_len);
			r->out_len = err ? 0 : res.msg_len;
		}
	}
	explicit_bzero(ss->buf, len);
	return err;
}

/* ctx.c's nassec_ctx_derive_kenb: the current slot's K_ASME (TS 33.401 A.3). */
static int s_derive_kenb(struct nas_sec *s, uint32_t ue_id, uint32_t ul_count,
			 uint8_t kenb[NASSEC_KENB_LEN])
{
	struct soft_ctx *c = ctx_of(soft_of(s), ue_id);

	if (!c)
		return -ENOENT;
	if (!c->nas.cur.valid)
		return -ENOKEY;
	if (ul_count == NAS_SEC_UL_COUNT_LAST) {
		if (!c->nas.cur.ul.next)
			return -ENODATA;	/* nothing accepted yet */
		ul_count = c->nas.cur.ul.next - 1;
	}
	return kdf_kenb(c->nas.cur.kasme, ul_count, kenb);
}

static const char *s_last_error(const struct nas_sec *s)
{
	return ((const struct nas_sec_soft *)s)->error;
}

static const struct nas_sec_ops soft_ops = {
	.name = "daemon",
	.close = s_close,
	.sock_attach = s_sock_attach,
	.sock_detach = s_sock_detach,
	.rx = s_rx,
	.tx = s_tx,
	.load_new = s_load_new,
	.drop_new = s_drop_new,
	.del = s_del,
	.unprotect = s_unprotect,
	.derive_kenb = s_derive_kenb,
	.last_error = s_last_error,
};

int nas_sec_soft_open(struct nas_sec **out)
{
	struct nas_sec_soft *ss = calloc(1, sizeof(*ss));
	int err;

	if (!ss)
		return -ENOMEM;
	ss->base.ops = &soft_ops;
	idmap_init(&ss->ctxs);
	err = lte_algs_open(&ss->algs);
	if (err) {
		log_err("NAS security in the daemon: OpenSSL AES: %s", strerror(-err));
		free(ss);
		return err;
	}
	ss->crypto.mac = soft_mac;
	ss->crypto.cipher = soft_cipher;
	ss->crypto.priv = ss->algs;
	*out = &ss->base;
	return 0;
}
