// SPDX-License-Identifier: GPL-2.0
/*
 * NAS security offloaded: nassec.ko does it on the attached S1-MME socket
 * and over netlink; this file only speaks libnassec.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <nassec/nassec.h>

#include "log.h"
#include "nas_sec.h"

_Static_assert(NAS_SEC_UL_COUNT_LAST == NASSEC_UL_COUNT_LAST, "one 'last COUNT' value");

struct nas_sec_kernel {
	struct nas_sec base;
	struct nassec *nl;
};

static struct nassec *nl_of(const struct nas_sec *s)
{
	return ((const struct nas_sec_kernel *)s)->nl;
}

static void k_close(struct nas_sec *s)
{
	nassec_close(nl_of(s));
	free(s);
}

/* Attached before the first association: nothing passes unverified. */
static int k_sock_attach(struct nas_sec *s, int fd)
{
	return nassec_sock_attach(nl_of(s), fd);
}

static void k_sock_detach(struct nas_sec *s, int fd)
{
	int err = nassec_sock_detach(nl_of(s), fd);

	if (err && err != -ENOENT)
		log_warn("S1-MME: detach from nassec.ko: %s", strerror(-err));
}

static int k_rx(struct nas_sec *s, const struct msghdr *mh, uint8_t *msg, size_t len,
		struct nassec_verdict_info *vi)
{
	(void)s;
	(void)msg;
	(void)len;
	return nassec_cmsg_verdict(mh, vi);
}

/* Fails closed unless the kernel holds the socket attached. */
static int k_tx(struct nas_sec *s, int fd, struct msghdr *mh, size_t cap, uint8_t *msg,
		size_t len, const struct nassec_protect_info *pi)
{
	(void)msg;
	(void)len;
	return nassec_cmsg_add_protect(nl_of(s), fd, mh, cap, pi);
}

static int k_load_new(struct nas_sec *s, uint32_t ue_id, bool exists,
		      const struct nas_sec_slot *in)
{
	struct nassec_slot slot = {
		.present = true, .has_kasme = true,
		.eksi = in->eksi, .eia = in->eia, .eea = in->eea,
	};
	int err;

	memcpy(slot.kasme, in->kasme, NASSEC_KASME_LEN);
	if (!exists) {
		struct nassec_ctx c = { .ue_id = ue_id };

		c.slot[NASSEC_SLOT_NEW] = slot;
		err = nassec_ctx_new(nl_of(s), &c);
		if (err == -EEXIST) {	/* left over from an earlier run of the daemon */
			nassec_ctx_del(nl_of(s), ue_id);
			err = nassec_ctx_new(nl_of(s), &c);
		}
		nassec_ctx_wipe(&c);
	} else {
		struct nassec_ctx_change ch = { .ue_id = ue_id, .new_slot = &slot };

		err = nassec_ctx_set(nl_of(s), &ch);
	}
	explicit_bzero(slot.kasme, sizeof(slot.kasme));
	return err;
}

static int k_drop_new(struct nas_sec *s, uint32_t ue_id)
{
	struct nassec_ctx_change ch = { .ue_id = ue_id, .drop_new = true };

	return nassec_ctx_set(nl_of(s), &ch);
}

static int k_del(struct nas_sec *s, uint32_t ue_id)
{
	return nassec_ctx_del(nl_of(s), ue_id);
}

static int k_unprotect(struct nas_sec *s, uint32_t ue_id, const uint8_t *pdu, size_t len,
		       uint8_t *out, size_t cap, struct nas_sec_result *res)
{
	struct nassec_pdu p = { .in = pdu, .in_len = len, .out = out, .out_cap = cap };
	int err;

	if (len > NASSEC_PDU_MAX)
		return -EMSGSIZE;
	err = nassec_pdu_unprotect(nl_of(s), ue_id, &p, 1);
	if (!err)
		err = p.error;
	if (err)
		return err;
	res->verdict = p.verdict;
	res->count = p.count;
	res->flags = p.flags;
	res->out_len = p.out_len;
	return 0;
}

static int k_derive_kenb(struct nas_sec *s, uint32_t ue_id, uint32_t ul_count,
			 uint8_t kenb[NASSEC_KENB_LEN])
{
	return nassec_derive_kenb(nl_of(s), ue_id, ul_count, kenb);
}

static const char *k_last_error(const struct nas_sec *s)
{
	return nassec_last_error(nl_of(s));
}

static const struct nas_sec_ops kernel_ops = {
	.name = "kernel",
	.close = k_close,
	.sock_attach = k_sock_attach,
	.sock_detach = k_sock_detach,
	.rx = k_rx,
	.tx = k_tx,
	.load_new = k_load_new,
	.drop_new = k_drop_new,
	.del = k_del,
	.unprotect = k_unprotect,
	.derive_kenb = k_derive_kenb,
	.last_error = k_last_error,
};

int nas_sec_kernel_open(struct nas_sec **out)
{
	struct nas_sec_kernel *k = calloc(1, sizeof(*k));
	int err;

	if (!k)
		return -ENOMEM;
	k->base.ops = &kernel_ops;
	err = nassec_open(&k->nl);
	if (err) {
		log_err("nassec.ko: %s (is the module loaded?)", strerror(-err));
		nassec_close(k->nl);
		free(k);
		return err;
	}
	*out = &k->base;
	return 0;
}
