// SPDX-License-Identifier: GPL-2.0
/*
 * nassec sock: SCTP sockets the daemon attached for inline offload. There
 * is no "attach": it takes a file descriptor of the daemon's own process.
 */
#include <sys/socket.h>

#include "cli.h"

static void sock_usage(FILE *f)
{
	fputs("Usage: nassec sock list\n"
	      "       nassec sock detach ID               ID: the socket's inode, from 'sock list'\n", f);
}

static const char *const sock_commands[] = { "list", "show", "detach", NULL };

static const char *sock_type(uint32_t type)
{
	return type == SOCK_SEQPACKET ? "seqpacket" : type == SOCK_STREAM ? "stream" : "?";
}

static int sock_print(const struct nassec_sock_info *s, void *arg)
{
	struct cli *c = arg;
	struct json *j = &c->js;

	cli_list_item(c);
	if (!c->json) {
		printf("sock %llu %s%s", (unsigned long long)s->id, sock_type(s->type),
		       s->listening ? " listening" : "");
		if (s->parent_id)
			printf(" parent %llu", (unsigned long long)s->parent_id);
		printf(" rx %llu nas-ok %llu nas-fail %llu tx %llu protected %llu refused %llu\n",
		       (unsigned long long)s->rx_msgs, (unsigned long long)s->rx_nas_ok,
		       (unsigned long long)s->rx_nas_fail, (unsigned long long)s->tx_msgs,
		       (unsigned long long)s->tx_protected, (unsigned long long)s->tx_refused);
		return 0;
	}
	json_object_start(j, NULL);
	json_uint(j, "id", s->id);
	json_string(j, "type", sock_type(s->type));
	json_bool(j, "listening", s->listening);
	if (s->parent_id)
		json_uint(j, "parent_id", s->parent_id);
	json_uint(j, "rx_msgs", s->rx_msgs);
	json_uint(j, "rx_nas_ok", s->rx_nas_ok);
	json_uint(j, "rx_nas_fail", s->rx_nas_fail);
	json_uint(j, "tx_msgs", s->tx_msgs);
	json_uint(j, "tx_protected", s->tx_protected);
	json_uint(j, "tx_refused", s->tx_refused);
	json_object_end(j);
	return 0;
}

static int sock_run(struct cli *c, int argc, char **argv)
{
	struct nassec *h;
	uint64_t id;
	int status, err;
	int cmd = cli_pick_command(c, &sock_object, argc, argv, sock_commands, "list", &status);

	if (cmd < 0)
		return status;
	if (argc > 0) {
		argc--;
		argv++;
	}
	if (cmd == 2) {
		if (argc < 1)
			return usage_error(c, "missing socket ID");
		if (!parse_u64(argv[0], 1, UINT64_MAX, &id))
			return usage_error(c, "socket ID \"%s\" is not a number", argv[0]);
		if (argc > 1)
			return usage_error(c, "unexpected argument \"%s\"", argv[1]);
		h = cli_handle(c);
		if (!h)
			return EXIT_FAILED;
		err = nassec_sock_detach_id(h, id);
		return err ? cli_fail(c, err, "socket %llu", (unsigned long long)id) : EXIT_OK;
	}
	if (argc > 0)
		return usage_error(c, "unexpected argument \"%s\"", argv[0]);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAILED;
	err = nassec_sock_list(h, sock_print, c);
	cli_list_end(c, err);
	return err < 0 ? cli_fail(c, err, NULL) : EXIT_OK;
}

const struct cli_object sock_object = { "sock", sock_run, sock_usage };
