// SPDX-License-Identifier: GPL-2.0
/* nassec kenb / nh: TS 33.401 A.3 and A.4 derivations, done in the kernel. */
#include <string.h>

#include "cli.h"

static void kenb_usage(FILE *f)
{
	fputs("Usage: nassec kenb UEID [ ul-count N ]     KeNB (TS 33.401 A.3); default COUNT:\n"
	      "                                           the last accepted uplink one\n", f);
}

static void nh_usage(FILE *f)
{
	fputs("Usage: nassec nh UEID sync KEY             NH (TS 33.401 A.4) from SYNC-input =\n"
	      "                                           KeNB or previous NH (KEY as for kasme)\n", f);
}

static int print_key(struct cli *c, const char *name, uint8_t *key, size_t len)
{
	char hex[2 * NASSEC_NH_LEN + 1];

	hex_encode(key, len, hex);
	if (c->json) {
		cli_json_begin(c);
		json_object_start(&c->js, NULL);
		json_string(&c->js, name, hex);
		json_object_end(&c->js);
	} else {
		puts(hex);
	}
	explicit_bzero(hex, sizeof(hex));
	explicit_bzero(key, len);
	return EXIT_OK;
}

static int kenb_run(struct cli *c, int argc, char **argv)
{
	static const char *const words[] = { "ul-count", NULL };
	uint8_t kenb[NASSEC_KENB_LEN];
	uint32_t ue_id, count = NASSEC_UL_COUNT_LAST;
	struct nassec *h;
	int status, err;

	cli_set_what(c, "kenb", NULL);
	if (argc > 0 && is_help(argv[0])) {
		kenb_usage(stdout);
		return EXIT_OK;
	}
	if (!cli_ue_id(c, argc > 0 ? argv[0] : NULL, &ue_id, &status))
		return status;
	for (int i = 1; i < argc; i++) {
		if (match_keyword(argv[i], words) != 0)
			return usage_error(c, "unknown argument \"%s\"", argv[i]);
		if (++i == argc)
			return usage_error(c, "ul-count needs a value");
		if (!parse_u32(argv[i], 0, NASSEC_COUNT_MAX, &count))
			return usage_error(c, "ul-count \"%s\" is not in 0..%u", argv[i], NASSEC_COUNT_MAX);
	}
	h = cli_handle(c);
	if (!h)
		return EXIT_FAILED;
	err = nassec_derive_kenb(h, ue_id, count, kenb);
	if (err)
		return cli_fail(c, err, "UE %u", ue_id);
	return print_key(c, "kenb", kenb, sizeof(kenb));
}

static int nh_run(struct cli *c, int argc, char **argv)
{
	static const char *const words[] = { "sync", NULL };
	uint8_t sync[NASSEC_NH_LEN], nh[NASSEC_NH_LEN];
	uint32_t ue_id;
	struct nassec *h;
	bool have_sync = false;
	char why[128];
	int status, err;

	cli_set_what(c, "nh", NULL);
	if (argc > 0 && is_help(argv[0])) {
		nh_usage(stdout);
		return EXIT_OK;
	}
	if (!cli_ue_id(c, argc > 0 ? argv[0] : NULL, &ue_id, &status))
		return status;
	for (int i = 1; i < argc; i++) {
		if (match_keyword(argv[i], words) != 0)
			return usage_error(c, "unknown argument \"%s\"", argv[i]);
		if (++i == argc)
			return usage_error(c, "sync needs a value");
		if (!read_key_arg(argv[i], sync, sizeof(sync), why, sizeof(why)))
			return usage_error(c, "sync: %s", why);
		have_sync = true;
	}
	if (!have_sync)
		return usage_error(c, "missing sync KEY");
	h = cli_handle(c);
	err = h ? nassec_derive_nh(h, ue_id, sync, nh) : 0;
	explicit_bzero(sync, sizeof(sync));
	if (!h)
		return EXIT_FAILED;
	if (err)
		return cli_fail(c, err, "UE %u", ue_id);
	return print_key(c, "nh", nh, sizeof(nh));
}

const struct cli_object kenb_object = { "kenb", kenb_run, kenb_usage };
const struct cli_object nh_object = { "nh", nh_run, nh_usage };
