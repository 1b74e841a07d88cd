// SPDX-License-Identifier: LGPL-2.1-or-later
/* SOL_NASSEC control messages for attached SCTP sockets. */
#include <errno.h>
#include <string.h>

#include "internal.h"

NASSEC_EXPORT int nassec_cmsg_add_protect(struct msghdr *msg, size_t cap,
					  const struct nassec_protect_info *info)
{
	size_t used = msg->msg_control ? msg->msg_controllen : 0;
	struct cmsghdr *cm;

	if (!msg->msg_control || used + CMSG_SPACE(sizeof(*info)) > cap)
		return -ENOSPC;
	cm = (struct cmsghdr *)((char *)msg->msg_control + used);
	memset(cm, 0, CMSG_SPACE(sizeof(*info)));
	cm->cmsg_level = SOL_NASSEC;
	cm->cmsg_type = NASSEC_CMSG_PROTECT;
	cm->cmsg_len = CMSG_LEN(sizeof(*info));
	memcpy(CMSG_DATA(cm), info, sizeof(*info));
	msg->msg_controllen = used + CMSG_SPACE(sizeof(*info));
	return 0;
}

NASSEC_EXPORT int nassec_cmsg_verdict(const struct msghdr *msg, struct nassec_verdict_info *out)
{
	struct cmsghdr *cm;

	/* kTLS rule: a verdict the reader must see is never silently dropped. */
	if (msg->msg_flags & MSG_CTRUNC)
		return -EMSGSIZE;
	for (cm = CMSG_FIRSTHDR((struct msghdr *)msg); cm;
	     cm = CMSG_NXTHDR((struct msghdr *)msg, cm)) {
		if (cm->cmsg_level != SOL_NASSEC || cm->cmsg_type != NASSEC_CMSG_VERDICT)
			continue;
		if (cm->cmsg_len != CMSG_LEN(sizeof(*out)))
			return -EBADMSG;
		memcpy(out, CMSG_DATA(cm), sizeof(*out));
		return 0;
	}
	return -ENOENT;
}
