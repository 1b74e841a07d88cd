/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control protocol between the nassec CLI and nassecd, over the Unix
 * stream socket of [control] socket (root, or the configured group).
 *
 * Request: the line "nassecd-ctl/2 FORMAT\n" (FORMAT: text, json or
 * pretty), then the command words, each ended by a NUL ("ue\0show\0
 * 001010000000001\0"), then the client shuts its side down (EOF ends the
 * request). At most NASSECD_CTL_REQ_MAX octets; secrets (subscriber keys)
 * travel only in requests, are wiped by the daemon once used, and are
 * never in a reply.
 *
 * Reply: the line "ok LENGTH\n" or "error ERRNO MESSAGE\n" (ERRNO a
 * positive errno, MESSAGE one line), then the body in the requested format
 * (LENGTH octets after an ok), then the daemon closes the connection. A
 * client that reads or sends nothing for 10 s is dropped; the length tells
 * it that its reply was cut off (version 1 had none: a stalled "ue list"
 * of a million UEs came back short and looked whole).
 */
#ifndef NASSECD_CTL_H
#define NASSECD_CTL_H

#include <stddef.h>

#define NASSECD_CTL_MAGIC	"nassecd-ctl/2"
#define NASSECD_CTL_REQ_MAX	(4u << 20)	/* a subscriber import file */
#define NASSECD_CTL_ARGS_MAX	64
#define NASSECD_CTL_SOCKET	"/run/nassec/nassecd.sock"

/*
 * Client side: sends words to the daemon at path and reads the reply.
 * Returns 0 with *body (malloc'd, NUL-terminated) for "ok"; a positive
 * errno with *message set (malloc'd) for "error"; or -errno when the
 * daemon cannot be reached or broke the protocol (*message says which).
 */
int nassecd_ctl_call(const char *path, const char *format, int argc,
		     const char *const *argv, char **body, char **message);

#endif /* NASSECD_CTL_H */
