/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nassecd's control socket: the daemon side of tools/lib/ctl/nassecd_ctl.h.
 * Transport only: which commands exist is the table the caller gives.
 */
#ifndef NASSECD_CTL_SERVER_H
#define NASSECD_CTL_SERVER_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <systemd/sd-event.h>

#include "json.h"

#define CTL_IDLE_SEC	10	/* a client that reads or sends nothing for this long is dropped */

struct ctl;

/* What a handler writes into: text on out, or JSON through js. */
struct ctl_reply {
	FILE *out;
	bool json;		/* json or pretty was asked for; js is set up */
	struct json js;
	int err;		/* set by ctl_error */
	char message[256];
};

/* argv[0] and argv[1] are the object and verb; 0 or ctl_error(). */
typedef int (*ctl_handler)(void *arg, int argc, char **argv, struct ctl_reply *r);

struct ctl_command {
	const char *object, *verb;
	ctl_handler run;
};

/*
 * Listens on path (a stale socket file is replaced), mode 0600 or, with a
 * group, 0660 owned by that group. tables: NULL-terminated, each table
 * ending with a zero entry.
 */
int ctl_open(struct ctl **out, sd_event *ev, const char *path, const char *group,
	     const struct ctl_command *const *tables, void *arg);
void ctl_close(struct ctl *c);
/* Another idle limit than CTL_IDLE_SEC, for connections accepted from now on. */
void ctl_set_idle(struct ctl *c, uint64_t usec);

/* Makes the reply "error ERRNO message"; returns -err for the handler to return. */
int ctl_error(struct ctl_reply *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* NASSECD_CTL_SERVER_H */
