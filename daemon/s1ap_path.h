/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The S1-MME transport: one one-to-many SCTP socket (every eNB is an
 * association of it), bound to the configured addresses (multi-homing).
 * The NAS security backend (nas_sec.h) gives every uplink S1AP message its
 * NAS verdict and protects every downlink NAS-PDU named for protection:
 * nassec.ko on the attached socket, or the daemon itself on a plain one.
 * Only I/O: what the messages mean is s1ap_handler's job.
 */
#ifndef NASSECD_S1AP_PATH_H
#define NASSECD_S1AP_PATH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <systemd/sd-event.h>
#include <linux/nassec.h>

#include "config.h"
#include "nas_sec.h"

#define S1AP_PATH_MSG_MAX	65536	/* larger S1AP messages are dropped */

struct s1ap_path;

struct s1ap_path_ops {
	/* An eNB's association came up (SCTP COMM_UP or RESTART). */
	void (*assoc_up)(void *arg, uint32_t assoc_id, uint16_t in_streams,
			 uint16_t out_streams);
	/* It went away (COMM_LOST, SHUTDOWN_COMP, CANT_STR_ASSOC). */
	void (*assoc_down)(void *arg, uint32_t assoc_id);
	/*
	 * One whole S1AP message; vi is the backend's verdict, NULL when it gave
	 * none (then nothing in it was verified).
	 */
	void (*message)(void *arg, uint32_t assoc_id, uint16_t stream,
			uint8_t *msg, size_t len, const struct nassec_verdict_info *vi);
};

/*
 * Opens, binds, attaches (nas_sec_sock_attach) and listens; registers with
 * the event loop. 0 or -errno (with a log line saying which step failed).
 */
int s1ap_path_open(struct s1ap_path **out, const struct config *cfg,
		   struct nas_sec *sec, sd_event *ev,
		   const struct s1ap_path_ops *ops, void *arg);

/*
 * Sends one S1AP message to an association on a stream. With protect, the
 * NAS-PDU it names is protected by the backend (6 octets reserved in front
 * of the plain message); a send that cannot be protected fails and sends
 * nothing. 0 or -errno.
 */
int s1ap_path_send(struct s1ap_path *p, uint32_t assoc_id, uint16_t stream,
		   const uint8_t *msg, size_t len,
		   const struct nassec_protect_info *protect);

/* Ends an association at once (SCTP ABORT). */
int s1ap_path_abort(struct s1ap_path *p, uint32_t assoc_id);

/* The socket (SOCK_LIST's id is its inode). */
int s1ap_path_fd(const struct s1ap_path *p);

/* Detaches the socket from the backend and closes it. */
void s1ap_path_close(struct s1ap_path *p);

#endif /* NASSECD_S1AP_PATH_H */
