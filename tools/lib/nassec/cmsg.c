// SPDX-License-Identifier: LGPL-2.1-or-later
/* SOL_NASSEC control messages for attached SCTP sockets. */
#include <errno.h>
#include <string.h>

#include "internal.h"

NASSEC_EXPORT int nassec_sock_state(int fd)
{
	int state = 0;
	socklen_t len = sizeof(state);

	if (getsockopt(fd, SOL_NASSEC, NASSEC_SOCKOPT_STATE, &state, &len))
		return -errno;
	if (len != sizeof(state))
		return -EPROTO;
	return state;
}

static int not_attached(struct nassec *h, int err, const char *fmt, int arg)
{
	if (h)
		nassec_fail(h, err, fmt, arg);
	return err;
}

NASSEC_EXPORT int nassec_cmsg_add_protect(struct nassec *h, int fd, struct msghdr *msg,
					  size_t cap, const struct nassec_protect_info *info)
{
	size_t used = msg->msg_control ? msg->msg_controllen : 0;
	struct cmsghdr *cm;
	int state;

	if (h)
		h->error[0] = '\0';
	/*
	 * SCTP ignores cmsg levels it does not know, so on a socket nassec.ko
	 * does not hold a PROTECT cmsg would be dropped and the NAS-PDU sent
	 * in clear: fail closed unless the module says it holds this one.
	 */
	state = nassec_sock_state(fd);
	/* A socket the module never held: the protocol's answer to an unknown
	 * level, ENOPROTOOPT over IPv6, EOPNOTSUPP over IPv4 (ip_getsockopt). */
	if (state == -ENOPROTOOPT || state == -EOPNOTSUPP)
		return not_attached(h, -EBADFD, "socket %d is not attached to nassec: "
				    "the NAS-PDU would be sent in clear", fd);
	if (state == -EBADF || state == -ENOTSOCK)
		return not_attached(h, state, "fd %d is not a socket", fd);
	if (state < 0)
		return not_attached(h, -EBADFD, "cannot tell whether socket %d is attached "
				    "to nassec", fd);
	if (state != NASSEC_SOCK_ATTACHED)
		return not_attached(h, -EBADFD, "socket %d was detached from nassec: "
				    "protected sends are refused", fd);

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
