/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libnassec internals: the handle, the request/reply engine, attribute helpers. */
#ifndef NASSEC_LIB_INTERNAL_H
#define NASSEC_LIB_INTERNAL_H

#include <libmnl/libmnl.h>
#include "nassec.h"

#define NASSEC_EXPORT __attribute__((visibility("default")))

struct nassec {
	struct mnl_socket *nl;		/* requests and their replies */
	struct mnl_socket *ev;		/* "events" group, non-blocking */
	uint32_t seq;
	uint16_t family;
	uint32_t events_group;
	unsigned int version;
	uint8_t *rx;			/* grows to the largest reply seen */
	size_t rx_cap;
	uint8_t *evq;			/* received event datagram being decoded */
	size_t evq_cap, evq_len, evq_off;
	char error[256];
};

/* Called for every reply message of the request (not for ACK/DONE). */
typedef int (*nassec_reply_cb)(const struct nlmsghdr *nlh, void *arg);

enum nassec_req_flags {
	NASSEC_REQ_DUMP = 1 << 0,
	NASSEC_REQ_SECRET = 1 << 1,	/* request or reply carries keys or plain NAS: wipe buffers */
};

/*
 * A request under construction: a heap buffer big enough for the
 * attributes the caller announced. nassec_req_new returns NULL on ENOMEM.
 */
struct nassec_req {
	struct nlmsghdr *nlh;
	size_t cap;
	unsigned int flags;
};

int nassec_req_init(struct nassec *h, struct nassec_req *req, uint8_t cmd,
		    unsigned int flags, size_t attr_space);
/* Sends req, runs cb on each reply message, waits for the ACK or DONE; frees req. */
int nassec_req_run(struct nassec *h, struct nassec_req *req,
		   nassec_reply_cb cb, void *arg);
/* Records a library-side reason for the failure about to be returned. */
int nassec_fail(struct nassec *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Receives one datagram into *buf (grown as needed). Returns length or -errno. */
ssize_t nassec_recv_datagram(int fd, uint8_t **buf, size_t *cap, int flags);

/* Attribute helpers. */
uint64_t nassec_attr_uint(const struct nlattr *a);	/* u8/u16/u32/u64 by length */
int nassec_attr_index(const struct nlattr *tb[], size_t n,
		      const struct nlattr *nest);	/* table of a nest, by type */
void nassec_put_slot(struct nlmsghdr *nlh, uint16_t type, const struct nassec_slot *s);
void nassec_parse_slot(const struct nlattr *nest, struct nassec_slot *s);
void nassec_parse_stats(const struct nlattr *nest, struct nassec_stats *st);
/* Space a slot nest needs, for sizing requests. */
#define NASSEC_SLOT_SPACE (MNL_ATTR_HDRLEN * 7 + NASSEC_KASME_LEN + 3 * 4 + 2 * 4)

#endif /* NASSEC_LIB_INTERNAL_H */
