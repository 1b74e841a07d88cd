// SPDX-License-Identifier: GPL-2.0
/*
 * nassec: the operator's CLI for nassec.ko, iproute2 style:
 * nassec [OPTIONS] OBJECT COMMAND [ARGS].
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nassecd_ctl.h"

#define NASSEC_CLI_VERSION "1.0"

static const struct cli_object *const objects[] = {
	&ctx_object, &pdu_object, &kenb_object, &nh_object, &monitor_object,
	&stats_object, &config_object, &sock_object, &mme_object, &enb_object,
	&ue_object, &subscriber_object, NULL,
};

static const char *current_object = "";

static void usage(FILE *f)
{
	fputs("Usage: nassec [OPTIONS] OBJECT { COMMAND | help } [ARGS]\n"
	      "       nassec help\n"
	      "OPTIONS := { -j[son] | -p[retty] | -V[ersion] | -h[elp] }\n"
	      "  -j  JSON output of read commands;  -p  pretty JSON (implies -j)\n"
	      "OBJECT := { ctx | pdu | kenb | nh | monitor | stats | config | sock |\n"
	      "            mme | enb | ue | subscriber }\n"
	      "  (mme, enb, ue and subscriber ask nassecd over its control socket,\n"
	      "   " NASSECD_CTL_SOCKET " or $NASSEC_CTL_SOCKET)\n\n", f);
	for (int i = 0; objects[i]; i++)
		objects[i]->usage(f);
	fputs("\nWords may be shortened: an exact name wins, else the first in the order\n"
	      "shown ('nassec c sh' is 'nassec ctx show'); argument keywords must be\n"
	      "unique prefixes. Exit status: 0 ok, 1 failed, 2 usage error.\n", f);
}

void cli_set_what(struct cli *c, const char *object, const char *command)
{
	current_object = object;
	snprintf(c->what, sizeof(c->what), "%s%s%s", object, command ? " " : "",
		 command ? command : "");
}

int usage_error(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "nassec: %s%s", c->what, c->what[0] ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (current_object[0])
		fprintf(stderr, " (see 'nassec %s help')\n", current_object);
	else
		fputs(" (see 'nassec help')\n", stderr);
	return EXIT_USAGE;
}

/* What an operator should know beyond strerror for errnos the module uses. */
static const char *hint(int err)
{
	switch (err) {
	case EPERM:
		return "needs CAP_NET_ADMIN in the network namespace's user namespace";
	case ENOKEY:
		return "no context, or the slot this needs is empty";
	case EACCES:
		return "context frozen: no downlink NAS";
	case EOVERFLOW:
		return "NAS COUNT exhausted: re-key";
	case ENOSPC:
		return "namespace context limit reached (nassec config max-ctx)";
	}
	return NULL;
}

int cli_fail(struct cli *c, int err, const char *fmt, ...)
{
	const char *kernel = c->h ? nassec_last_error(c->h) : "";
	const char *why = hint(err < 0 ? -err : err);
	va_list ap;

	fprintf(stderr, "nassec: %s: ", c->what);
	if (fmt) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputs(": ", stderr);
	}
	fputs(strerror(err < 0 ? -err : err), stderr);
	if (why)
		fprintf(stderr, " (%s)", why);
	if (kernel[0])
		fprintf(stderr, ": %s", kernel);
	fputc('\n', stderr);
	return EXIT_FAILED;
}

struct nassec *cli_handle(struct cli *c)
{
	struct nassec *h;
	int err;

	if (c->h)
		return c->h;
	err = nassec_open(&h);
	if (err) {
		/* The library's reason names the cause ("is nassec.ko loaded?"). */
		if (h && nassec_last_error(h)[0])
			fprintf(stderr, "nassec: %s: %s\n", c->what, nassec_last_error(h));
		else
			fprintf(stderr, "nassec: %s: %s\n", c->what, strerror(-err));
		nassec_close(h);
		return NULL;
	}
	c->h = h;
	return h;
}

int cli_pick_command(struct cli *c, const struct cli_object *obj, int argc, char **argv,
		     const char *const *names, const char *dflt, int *status)
{
	const char *word = argc > 0 ? argv[0] : dflt;
	int i;

	cli_set_what(c, obj->name, NULL);
	if (!word) {
		*status = usage_error(c, "missing command");
		return -1;
	}
	if (is_help(word)) {
		obj->usage(stdout);
		*status = EXIT_OK;
		return -1;
	}
	i = match_command(word, names);
	if (i < 0) {
		*status = usage_error(c, "unknown command \"%s\"", word);
		return -1;
	}
	cli_set_what(c, obj->name, names[i]);
	/* "nassec ctx add help": the object's usage, at every level. */
	if (argc > 1 && is_help(argv[1])) {
		obj->usage(stdout);
		*status = EXIT_OK;
		return -1;
	}
	return i;
}

bool cli_ue_id(struct cli *c, const char *s, uint32_t *ue_id, int *status)
{
	if (!s) {
		*status = usage_error(c, "missing UEID");
		return false;
	}
	if (!parse_u32(s, 0, UINT32_MAX, ue_id)) {
		*status = usage_error(c, "UEID \"%s\" is not a number in 0..4294967295", s);
		return false;
	}
	return true;
}

void cli_json_begin(struct cli *c)
{
	json_init(&c->js, stdout, c->pretty);
}

void cli_list_item(struct cli *c)
{
	if (!c->json || c->list_open)
		return;
	cli_json_begin(c);
	json_array_start(&c->js, NULL);
	c->list_open = true;
}

void cli_list_end(struct cli *c, int err)
{
	if (err >= 0)
		cli_list_item(c);
	if (c->list_open)
		json_array_end(&c->js);
	c->list_open = false;
}

static bool option(const char *arg, const char *letter, const char *word)
{
	/* -j, -json, --json; and unique prefixes of the word as iproute2 does. */
	if (!strcmp(arg, letter))
		return true;
	if (arg[0] != '-')
		return false;
	arg += arg[1] == '-' ? 2 : 1;
	return arg[0] && !strncmp(arg, word, strlen(arg));
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	const char *names[16];
	int i, n = 0, status;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (option(argv[i], "-j", "json")) {
			c.json = true;
		} else if (option(argv[i], "-p", "pretty")) {
			c.json = c.pretty = true;
		} else if (option(argv[i], "-V", "version")) {
			printf("nassec %s (genetlink family \"%s\" version %d)\n",
			       NASSEC_CLI_VERSION, NASSEC_GENL_NAME, NASSEC_GENL_VERSION);
			return EXIT_OK;
		} else if (option(argv[i], "-h", "help")) {
			usage(stdout);
			return EXIT_OK;
		} else {
			return usage_error(&c, "unknown option \"%s\"", argv[i]);
		}
	}
	if (i == argc)
		return usage_error(&c, "missing OBJECT");
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (; objects[n]; n++)
		names[n] = objects[n]->name;
	names[n] = NULL;
	n = match_command(argv[i], names);
	if (n < 0)
		return usage_error(&c, "unknown object \"%s\"", argv[i]);
	cli_set_what(&c, objects[n]->name, NULL);
	status = objects[n]->run(&c, argc - i - 1, argv + i + 1);
	fflush(stdout);
	if (ferror(stdout) && status == EXIT_OK) {
		fprintf(stderr, "nassec: %s: writing output failed\n", c.what);
		status = EXIT_FAILED;
	}
	nassec_close(c.h);
	return status;
}
