// SPDX-License-Identifier: GPL-2.0
/* nassec stats / config: namespace totals and the context limit. */
#include "cli.h"

static void stats_usage(FILE *f)
{
	fputs("Usage: nassec stats                       namespace totals\n", f);
}

static void config_usage(FILE *f)
{
	fputs("Usage: nassec config [ show ]\n"
	      "       nassec config [ set ] max-ctx N       context limit, 1..16777216\n", f);
}

static int get_info(struct cli *c, struct nassec_ns_info *ns)
{
	struct nassec *h = cli_handle(c);
	int err;

	if (!h)
		return EXIT_FAILED;
	err = nassec_stats_get(h, ns);
	return err ? cli_fail(c, err, NULL) : EXIT_OK;
}

static int stats_run(struct cli *c, int argc, char **argv)
{
	struct nassec_ns_info ns;
	const struct nassec_stats *t = &ns.totals;
	int status;

	cli_set_what(c, "stats", NULL);
	if (argc > 0 && is_help(argv[0])) {
		stats_usage(stdout);
		return EXIT_OK;
	}
	/* "nassec stats show" reads as naturally as "nassec stats". */
	if (argc > 0 && match_command(argv[0], (const char *const[]){ "show", NULL }) == 0) {
		argc--;
		argv++;
	}
	if (argc > 0)
		return usage_error(c, "unexpected argument \"%s\"", argv[0]);
	status = get_info(c, &ns);
	if (status)
		return status;
	if (c->json) {
		cli_json_begin(c);
		json_object_start(&c->js, NULL);
		json_uint(&c->js, "contexts", ns.ctx_count);
		json_uint(&c->js, "max_ctx", ns.max_ctx);
		json_stats(&c->js, "stats", t);
		json_object_end(&c->js);
		return EXIT_OK;
	}
	printf("contexts: %u of %u\n", ns.ctx_count, ns.max_ctx);
	printf("uplink: ok %llu  mac-fail %llu  replay %llu  malformed %llu  no-context %llu\n",
	       (unsigned long long)t->ul_ok, (unsigned long long)t->ul_mac_fail,
	       (unsigned long long)t->ul_replay, (unsigned long long)t->ul_malformed,
	       (unsigned long long)t->ul_no_context);
	printf("downlink: protected %llu  blocked %llu\n",
	       (unsigned long long)t->dl_protected, (unsigned long long)t->dl_blocked);
	return EXIT_OK;
}

static int config_run(struct cli *c, int argc, char **argv)
{
	static const char *const commands[] = { "show", "set", NULL };
	static const char *const words[] = { "max-ctx", NULL };
	struct nassec_config cfg = { 0 };
	struct nassec_ns_info ns;
	struct nassec *h;
	int cmd = 0, status, err;

	cli_set_what(c, "config", NULL);
	if (argc > 0 && is_help(argv[0])) {
		config_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 0 && match_keyword(argv[0], words) == 0) {
		cmd = 1;	/* "config max-ctx N" is "config set max-ctx N" */
	} else if (argc > 0) {
		cmd = cli_pick_command(c, &config_object, argc, argv, commands, NULL, &status);
		if (cmd < 0)
			return status;
		argc--;
		argv++;
	}
	cli_set_what(c, "config", commands[cmd]);
	if (cmd == 0) {
		if (argc > 0)
			return usage_error(c, "unexpected argument \"%s\"", argv[0]);
		status = get_info(c, &ns);
		if (status)
			return status;
		if (c->json) {
			cli_json_begin(c);
			json_object_start(&c->js, NULL);
			json_uint(&c->js, "max_ctx", ns.max_ctx);
			json_object_end(&c->js);
		} else {
			printf("max-ctx %u\n", ns.max_ctx);
		}
		return EXIT_OK;
	}
	for (int i = 0; i < argc; i++) {
		if (match_keyword(argv[i], words) != 0)
			return usage_error(c, "unknown argument \"%s\"", argv[i]);
		if (++i == argc)
			return usage_error(c, "max-ctx needs a value");
		if (!parse_u32(argv[i], 1, 1U << 24, &cfg.max_ctx))
			return usage_error(c, "max-ctx \"%s\" is not in 1..16777216", argv[i]);
	}
	if (!cfg.max_ctx)
		return usage_error(c, "nothing to set");
	h = cli_handle(c);
	if (!h)
		return EXIT_FAILED;
	err = nassec_config_set(h, &cfg);
	return err ? cli_fail(c, err, NULL) : EXIT_OK;
}

const struct cli_object stats_object = { "stats", stats_run, stats_usage };
const struct cli_object config_object = { "config", config_run, config_usage };
