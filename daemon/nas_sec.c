// SPDX-License-Identifier: GPL-2.0
/* The NAS security backend chosen at start; the calls go to its ops. */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "nas_sec.h"

static const char *const mode_names[] = {
	[NAS_SEC_KERNEL] = "kernel",
	[NAS_SEC_DAEMON] = "daemon",
};

int nas_sec_mode_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(name, mode_names[i]))
			return (int)i;
	return -1;
}

const char *nas_sec_mode_name(enum nas_sec_mode mode)
{
	return mode <= NAS_SEC_DAEMON ? mode_names[mode] : "?";
}

int nas_sec_open(enum nas_sec_mode mode, struct nas_sec **out)
{
	int err = mode == NAS_SEC_DAEMON ? nas_sec_soft_open(out) : nas_sec_kernel_open(out);

	if (!err)
		log_notice("NAS security: %s", mode == NAS_SEC_DAEMON ?
			   "in the daemon (nas_security = daemon), not offloaded" :
			   "offloaded to nassec.ko");
	return err;
}

void nas_sec_close(struct nas_sec *s)
{
	if (s)
		s->ops->close(s);
}

const char *nas_sec_name(const struct nas_sec *s)
{
	return s->ops->name;
}

int nas_sec_sock_attach(struct nas_sec *s, int fd)
{
	return s->ops->sock_attach(s, fd);
}

void nas_sec_sock_detach(struct nas_sec *s, int fd)
{
	s->ops->sock_detach(s, fd);
}

int nas_sec_rx(struct nas_sec *s, const struct msghdr *mh, uint8_t *msg, size_t len,
	       struct nassec_verdict_info *vi)
{
	return s->ops->rx(s, mh, msg, len, vi);
}

int nas_sec_tx(struct nas_sec *s, int fd, struct msghdr *mh, size_t cap, uint8_t *msg,
	       size_t len, const struct nassec_protect_info *pi)
{
	return s->ops->tx(s, fd, mh, cap, msg, len, pi);
}

int nas_sec_load_new(struct nas_sec *s, uint32_t ue_id, bool exists,
		     const struct nas_sec_slot *slot)
{
	return s->ops->load_new(s, ue_id, exists, slot);
}

int nas_sec_drop_new(struct nas_sec *s, uint32_t ue_id)
{
	return s->ops->drop_new(s, ue_id);
}

int nas_sec_del(struct nas_sec *s, uint32_t ue_id)
{
	return s->ops->del(s, ue_id);
}

int nas_sec_unprotect(struct nas_sec *s, uint32_t ue_id, const uint8_t *pdu, size_t len,
		      uint8_t *out, size_t cap, struct nas_sec_result *res)
{
	memset(res, 0, sizeof(*res));
	return s->ops->unprotect(s, ue_id, pdu, len, out, cap, res);
}

int nas_sec_derive_kenb(struct nas_sec *s, uint32_t ue_id, uint32_t ul_count,
			uint8_t kenb[NASSEC_KENB_LEN])
{
	return s->ops->derive_kenb(s, ue_id, ul_count, kenb);
}

const char *nas_sec_last_error(const struct nas_sec *s)
{
	return s->ops->last_error(s);
}
