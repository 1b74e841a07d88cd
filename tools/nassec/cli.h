/* SPDX-License-Identifier: GPL-2.0 */
/* The nassec CLI: state shared by the object files, exit codes, error lines. */
#ifndef NASSEC_CLI_H
#define NASSEC_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <nassec/nassec.h>

#include "args.h"
#include "json.h"

enum exit_status {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
};

struct cli {
	bool json;
	bool pretty;
	char what[64];		/* "ctx add": names the command in error lines */
	struct nassec *h;	/* opened on first use, after parsing */
	struct json js;
	bool list_open;		/* a JSON array of dump records was started */
};

/* One object: "nassec NAME ...". run gets the arguments after NAME. */
struct cli_object {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	void (*usage)(FILE *f);
};

extern const struct cli_object ctx_object, pdu_object, kenb_object, nh_object,
	monitor_object, stats_object, config_object, sock_object, mme_object, enb_object,
	ue_object, subscriber_object;

/* "nassec: WHAT: message (see 'nassec OBJECT help')" on stderr; returns EXIT_USAGE. */
int usage_error(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "nassec: WHAT: message: strerror[ (hint)][: kernel message]"; returns EXIT_FAILED. */
int cli_fail(struct cli *c, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The library handle; NULL after printing why (return EXIT_FAILED then). */
struct nassec *cli_handle(struct cli *c);
/* Sets c->what = "OBJECT COMMAND" for messages. */
void cli_set_what(struct cli *c, const char *object, const char *command);

/*
 * Dispatches argv[0] among names (match_command); prints the object's
 * usage for help words. Returns the index, or -1 after a usage error /
 * help (then *status holds the exit status).
 */
int cli_pick_command(struct cli *c, const struct cli_object *obj, int argc, char **argv,
		     const char *const *names, const char *dflt, int *status);

/* Parses a UE id argument; usage error on failure. */
bool cli_ue_id(struct cli *c, const char *s, uint32_t *ue_id, int *status);

/* The stats nest of a context or the namespace, as a JSON object. */
void json_stats(struct json *j, const char *key, const struct nassec_stats *st);

/* JSON or text output starts here (sets up c->js). */
void cli_json_begin(struct cli *c);

/*
 * A dump's records as a JSON array that opens with the first record, so a
 * dump refused outright (EPERM) prints nothing on stdout, only its one
 * error line. cli_list_item before each record, cli_list_end after the
 * dump with its result: an empty array when it succeeded without records.
 */
void cli_list_item(struct cli *c);
void cli_list_end(struct cli *c, int err);

#endif /* NASSEC_CLI_H */
