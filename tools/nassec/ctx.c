// SPDX-License-Identifier: GPL-2.0
/* nassec ctx: per-UE EPS security contexts. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define IMPORT_TEXT_MAX	4096
#define IMPORT_WORDS_MAX 64

static void ctx_usage(FILE *f)
{
	fputs("Usage: nassec ctx add UEID SLOT...\n"
	      "       nassec ctx set UEID { new SLOTARGS | drop-new | freeze | thaw }...\n"
	      "       nassec ctx { freeze | thaw | del } UEID\n"
	      "       nassec ctx show [UEID]\n"
	      "       nassec ctx list\n"
	      "       nassec ctx export UEID\n"
	      "       nassec ctx import { UEID SLOT... | - | @FILE } [as UEID]\n"
	      "SLOT     := [ cur | new ] SLOTARGS     (the first slot is cur unless named)\n"
	      "SLOTARGS := kasme KEY eksi N eia ALG eea ALG [ ul-count N ] [ dl-count N ]\n"
	      "            (set new: kasme may be left out to reuse the current KASME;\n"
	      "             import: both counts are required)\n"
	      "KEY      := 64 hex digits | - (read from stdin) | @FILE (hex, or 32 raw octets)\n"
	      "ALG      := 0..3 | eia0..eia3 / eea0..eea3 | null | snow3g | aes | zuc\n"
	      "UEID     := MME-UE-S1AP-ID 0..4294967295;  eksi 0..15;  counts 0..16777215\n"
	      "'ctx export' prints what 'ctx import' reads: nassec ctx export 7 | nassec ctx import -\n", f);
}

static const char *const ctx_commands[] = {
	"show", "list", "add", "set", "del", "freeze", "thaw", "export", "import", NULL,
};
enum { CMD_SHOW, CMD_LIST, CMD_ADD, CMD_SET, CMD_DEL, CMD_FREEZE, CMD_THAW, CMD_EXPORT, CMD_IMPORT };

static const char *const slot_words[] = {
	"cur", "new", "kasme", "eksi", "eia", "eea", "ul-count", "dl-count",
	"drop-new", "freeze", "thaw", "as", NULL,
};
enum { W_CUR, W_NEW, W_KASME, W_EKSI, W_EIA, W_EEA, W_UL, W_DL, W_DROP_NEW, W_FREEZE, W_THAW, W_AS };

enum slot_mode { MODE_ADD, MODE_IMPORT, MODE_SET };

struct ctx_args {
	struct nassec_ctx ctx;
	bool has[NASSEC_SLOTS][W_DL + 1];	/* which slot words were given */
	bool drop_new, freeze, thaw;
};

static const char *const slot_name[NASSEC_SLOTS] = { "cur", "new" };

/* Checks that each slot has what the kernel needs for this command. */
static int check_slots(struct cli *c, struct ctx_args *a, enum slot_mode mode)
{
	static const int required[] = { W_KASME, W_EKSI, W_EIA, W_EEA, W_UL, W_DL };
	int n_required = mode == MODE_IMPORT ? 6 : 4;

	for (int s = 0; s < NASSEC_SLOTS; s++) {
		if (!a->ctx.slot[s].present)
			continue;
		for (int r = 0; r < n_required; r++) {
			if (mode == MODE_SET && required[r] == W_KASME)
				continue;
			if (!a->has[s][required[r]])
				return usage_error(c, "slot %s needs %s", slot_name[s],
						   slot_words[required[r]]);
		}
	}
	return EXIT_OK;
}

/*
 * Parses "[cur|new] kasme KEY eksi N ..." (and, for set, drop-new/freeze/
 * thaw; for import, "as UEID") from argv[0..argc). Keys are wiped from
 * argv as they are read.
 */
static int parse_ctx_args(struct cli *c, int argc, char **argv, enum slot_mode mode,
			  struct ctx_args *a)
{
	int slot = mode == MODE_SET ? -1 : NASSEC_SLOT_CUR;
	char why[128];

	for (int i = 0; i < argc; i++) {
		int w = match_keyword(argv[i], slot_words);
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		struct nassec_slot *s;
		uint32_t v;

		if (w == MATCH_AMBIGUOUS)
			return usage_error(c, "\"%s\" is ambiguous", argv[i]);
		if (w == MATCH_NONE)
			return usage_error(c, "unknown argument \"%s\"", argv[i]);
		if ((w >= W_DROP_NEW && w <= W_THAW && mode != MODE_SET) ||
		    (w == W_AS && mode != MODE_IMPORT) ||
		    (w == W_CUR && mode == MODE_SET))
			return usage_error(c, "\"%s\" does not belong here", slot_words[w]);
		switch (w) {
		case W_CUR:
		case W_NEW:
			slot = w == W_CUR ? NASSEC_SLOT_CUR : NASSEC_SLOT_NEW;
			if (a->ctx.slot[slot].present)
				return usage_error(c, "slot %s given twice", slot_name[slot]);
			a->ctx.slot[slot].present = true;
			continue;
		case W_DROP_NEW:
			a->drop_new = true;
			continue;
		case W_FREEZE:
			a->freeze = true;
			continue;
		case W_THAW:
			a->thaw = true;
			continue;
		}
		if (!val)
			return usage_error(c, "%s needs a value", slot_words[w]);
		i++;
		if (w == W_AS) {
			int status;

			if (!cli_ue_id(c, val, &a->ctx.ue_id, &status))
				return status;
			continue;
		}
		if (slot < 0)
			return usage_error(c, "%s must follow \"new\"", slot_words[w]);
		s = &a->ctx.slot[slot];
		s->present = true;
		if (a->has[slot][w])
			return usage_error(c, "%s given twice for slot %s", slot_words[w], slot_name[slot]);
		a->has[slot][w] = true;
		switch (w) {
		case W_KASME:
			if (!read_key_arg(argv[i], s->kasme, NASSEC_KASME_LEN, why, sizeof(why)))
				return usage_error(c, "kasme: %s", why);
			s->has_kasme = true;
			break;
		case W_EKSI:
			if (!parse_u32(val, 0, 15, &v))
				return usage_error(c, "eksi \"%s\" is not in 0..15", val);
			s->eksi = (uint8_t)v;
			break;
		case W_EIA:
		case W_EEA:
			if (!parse_alg(val, w == W_EIA ? ALG_EIA : ALG_EEA,
				       w == W_EIA ? &s->eia : &s->eea))
				return usage_error(c, "%s \"%s\" is not an algorithm (0..3, %s0..3, null, snow3g, aes, zuc)",
						   slot_words[w], val, slot_words[w]);
			break;
		case W_UL:
		case W_DL:
			if (!parse_u32(val, 0, NASSEC_COUNT_MAX, &v))
				return usage_error(c, "%s \"%s\" is not in 0..%u", slot_words[w], val,
						   NASSEC_COUNT_MAX);
			if (w == W_UL) {
				s->ul_count = v;
				s->has_ul_count = true;
			} else {
				s->dl_count = v;
				s->has_dl_count = true;
			}
			break;
		}
	}
	return check_slots(c, a, mode);
}

static int ctx_load(struct cli *c, int argc, char **argv, enum slot_mode mode)
{
	struct ctx_args a = { 0 };
	struct nassec *h;
	int status, err;

	if (!cli_ue_id(c, argc > 0 ? argv[0] : NULL, &a.ctx.ue_id, &status))
		return status;
	status = parse_ctx_args(c, argc - 1, argv + 1, mode, &a);
	if (status == EXIT_OK && !a.ctx.slot[0].present && !a.ctx.slot[1].present)
		status = usage_error(c, "no slot given");
	if (status != EXIT_OK)
		goto out;
	status = EXIT_FAILED;
	h = cli_handle(c);
	if (!h)
		goto out;
	err = mode == MODE_IMPORT ? nassec_ctx_import(h, &a.ctx) : nassec_ctx_new(h, &a.ctx);
	status = err ? cli_fail(c, err, "UE %u", a.ctx.ue_id) : EXIT_OK;
out:
	nassec_ctx_wipe(&a.ctx);
	return status;
}

/* import - / import @FILE: the arguments come as one text (export's output). */
static int ctx_import_text(struct cli *c, const char *src, int argc, char **argv)
{
	char text[IMPORT_TEXT_MAX + 1];
	char *words[IMPORT_WORDS_MAX + 2];
	struct ctx_args a = { 0 };
	struct nassec *h;
	size_t n = 0;
	int fd, nw, status, err;
	bool renamed = false;

	if (argc > 0) {
		if (argc != 2 || match_keyword(argv[0], slot_words) != W_AS)
			return usage_error(c, "after %s only \"as UEID\" may follow", src);
		if (!cli_ue_id(c, argv[1], &a.ctx.ue_id, &status))
			return status;
		renamed = true;
	}
	fd = strcmp(src, "-") ? open(src + 1, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (fd < 0)
		return cli_fail(c, errno, "%s", src + 1);
	while (n < IMPORT_TEXT_MAX) {
		ssize_t r = read(fd, text + n, IMPORT_TEXT_MAX - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	text[n] = '\0';
	nw = split_words(text, words, IMPORT_WORDS_MAX);
	status = EXIT_USAGE;
	if (nw < 2) {
		status = usage_error(c, "%s does not hold 'ctx export' output", src);
		goto out;
	}
	{
		uint32_t as = a.ctx.ue_id;

		if (!cli_ue_id(c, words[0], &a.ctx.ue_id, &status))
			goto out;
		status = parse_ctx_args(c, nw - 1, words + 1, MODE_IMPORT, &a);
		if (status != EXIT_OK)
			goto out;
		if (renamed)
			a.ctx.ue_id = as;
	}
	status = EXIT_FAILED;
	h = cli_handle(c);
	if (h) {
		err = nassec_ctx_import(h, &a.ctx);
		status = err ? cli_fail(c, err, "UE %u", a.ctx.ue_id) : EXIT_OK;
	}
out:
	explicit_bzero(text, sizeof(text));
	nassec_ctx_wipe(&a.ctx);
	return status;
}

static int ctx_set(struct cli *c, int argc, char **argv)
{
	struct ctx_args a = { 0 };
	struct nassec_ctx_change change = { 0 };
	struct nassec *h;
	int status, err;

	if (!cli_ue_id(c, argc > 0 ? argv[0] : NULL, &a.ctx.ue_id, &status))
		return status;
	status = parse_ctx_args(c, argc - 1, argv + 1, MODE_SET, &a);
	if (status != EXIT_OK)
		goto out;
	if (a.freeze && a.thaw) {
		status = usage_error(c, "freeze and thaw at once");
		goto out;
	}
	if (a.drop_new && a.ctx.slot[NASSEC_SLOT_NEW].present) {
		status = usage_error(c, "new and drop-new at once");
		goto out;
	}
	if (!a.drop_new && !a.freeze && !a.thaw && !a.ctx.slot[NASSEC_SLOT_NEW].present) {
		status = usage_error(c, "nothing to set");
		goto out;
	}
	change.ue_id = a.ctx.ue_id;
	change.new_slot = a.ctx.slot[NASSEC_SLOT_NEW].present ? &a.ctx.slot[NASSEC_SLOT_NEW] : NULL;
	change.freeze = a.freeze;
	change.thaw = a.thaw;
	change.drop_new = a.drop_new;
	status = EXIT_FAILED;
	h = cli_handle(c);
	if (h) {
		err = nassec_ctx_set(h, &change);
		status = err ? cli_fail(c, err, "UE %u", a.ctx.ue_id) : EXIT_OK;
	}
out:
	nassec_ctx_wipe(&a.ctx);
	return status;
}

/* freeze, thaw, del: "UEID" and nothing else. */
static int ctx_simple(struct cli *c, int cmd, int argc, char **argv)
{
	struct nassec *h;
	uint32_t ue_id;
	int status, err;

	if (!cli_ue_id(c, argc > 0 ? argv[0] : NULL, &ue_id, &status))
		return status;
	if (argc > 1)
		return usage_error(c, "unexpected argument \"%s\"", argv[1]);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAILED;
	if (cmd == CMD_DEL)
		err = nassec_ctx_del(h, ue_id);
	else
		err = nassec_ctx_freeze(h, ue_id, cmd == CMD_FREEZE);
	return err ? cli_fail(c, err, "UE %u", ue_id) : EXIT_OK;
}

/* ---- output ---- */

static void print_flags(uint32_t flags)
{
	bool any = false;

	if (flags & NASSEC_CTX_F_FROZEN) {
		fputs(" frozen", stdout);
		any = true;
	}
	if (!any)
		fputs(" none", stdout);
}

static void text_slot(const char *name, const struct nassec_slot *s, bool terse)
{
	if (terse) {
		printf(" %s eksi %u eia%u eea%u ul %u dl %u", name, s->eksi, s->eia, s->eea,
		       s->ul_count, s->dl_count);
		return;
	}
	printf("  %s: eksi %u  eia%u (%s)  eea%u (%s)", name, s->eksi,
	       s->eia, nassec_alg_name(s->eia), s->eea, nassec_alg_name(s->eea));
	if (s->has_ul_count)
		printf("  ul-count %u", s->ul_count);
	if (s->has_dl_count)
		printf("  dl-count %u", s->dl_count);
	putchar('\n');
}

static void text_ctx(const struct nassec_ctx *x)
{
	printf("ue %u\n  flags:", x->ue_id);
	print_flags(x->flags);
	putchar('\n');
	for (int i = 0; i < NASSEC_SLOTS; i++) {
		if (x->slot[i].present)
			text_slot(slot_name[i], &x->slot[i], false);
		else
			printf("  %s: none\n", slot_name[i]);
	}
	if (x->has_stats) {
		const struct nassec_stats *st = &x->stats;

		printf("  uplink: ok %llu  mac-fail %llu  replay %llu  malformed %llu  no-context %llu\n",
		       (unsigned long long)st->ul_ok, (unsigned long long)st->ul_mac_fail,
		       (unsigned long long)st->ul_replay, (unsigned long long)st->ul_malformed,
		       (unsigned long long)st->ul_no_context);
		printf("  downlink: protected %llu  blocked %llu\n",
		       (unsigned long long)st->dl_protected, (unsigned long long)st->dl_blocked);
	}
	if (x->has_idle_ms)
		printf("  idle: %llu ms\n", (unsigned long long)x->idle_ms);
}

static void text_ctx_line(const struct nassec_ctx *x)
{
	printf("%u", x->ue_id);
	for (int i = 0; i < NASSEC_SLOTS; i++)
		if (x->slot[i].present)
			text_slot(slot_name[i], &x->slot[i], true);
	if (x->flags & NASSEC_CTX_F_FROZEN)
		fputs(" frozen", stdout);
	putchar('\n');
}

void json_stats(struct json *j, const char *key, const struct nassec_stats *st)
{
	json_object_start(j, key);
	json_uint(j, "ul_ok", st->ul_ok);
	json_uint(j, "ul_mac_fail", st->ul_mac_fail);
	json_uint(j, "ul_replay", st->ul_replay);
	json_uint(j, "ul_malformed", st->ul_malformed);
	json_uint(j, "ul_no_context", st->ul_no_context);
	json_uint(j, "dl_protected", st->dl_protected);
	json_uint(j, "dl_blocked", st->dl_blocked);
	json_object_end(j);
}

static void json_slot(struct json *j, const char *key, const struct nassec_slot *s)
{
	if (!s->present) {
		json_null(j, key);
		return;
	}
	json_object_start(j, key);
	if (s->has_kasme)
		json_hex(j, "kasme", s->kasme, NASSEC_KASME_LEN);
	json_uint(j, "eksi", s->eksi);
	json_uint(j, "eia", s->eia);
	json_uint(j, "eea", s->eea);
	if (s->has_ul_count)
		json_uint(j, "ul_count", s->ul_count);
	if (s->has_dl_count)
		json_uint(j, "dl_count", s->dl_count);
	json_object_end(j);
}

static void json_ctx(struct json *j, const struct nassec_ctx *x)
{
	json_object_start(j, NULL);
	json_uint(j, "ue_id", x->ue_id);
	json_array_start(j, "flags");
	if (x->flags & NASSEC_CTX_F_FROZEN)
		json_string(j, NULL, "frozen");
	json_array_end(j);
	json_bool(j, "frozen", x->flags & NASSEC_CTX_F_FROZEN);
	json_slot(j, "cur", &x->slot[NASSEC_SLOT_CUR]);
	json_slot(j, "new", &x->slot[NASSEC_SLOT_NEW]);
	if (x->has_stats)
		json_stats(j, "stats", &x->stats);
	if (x->has_idle_ms)
		json_uint(j, "idle_ms", x->idle_ms);
	json_object_end(j);
}

struct show {
	struct cli *c;
	bool terse;
};

static int show_one(const struct nassec_ctx *x, void *arg)
{
	struct show *sh = arg;

	cli_list_item(sh->c);
	if (sh->c->json)
		json_ctx(&sh->c->js, x);
	else if (sh->terse)
		text_ctx_line(x);
	else
		text_ctx(x);
	return 0;
}

static int ctx_show(struct cli *c, int argc, char **argv, bool terse)
{
	struct show sh = { .c = c, .terse = terse };
	struct nassec_ctx x;
	struct nassec *h;
	uint32_t ue_id = 0;
	int status, err;

	if (argc > (terse ? 0 : 1))
		return usage_error(c, "unexpected argument \"%s\"", argv[terse ? 0 : 1]);
	if (argc == 1 && !cli_ue_id(c, argv[0], &ue_id, &status))
		return status;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAILED;
	if (argc == 1) {
		err = nassec_ctx_get(h, ue_id, &x);
		if (err)
			return cli_fail(c, err, "UE %u", ue_id);
	}
	if (argc == 1)
		err = show_one(&x, &sh);
	else
		err = nassec_ctx_dump(h, show_one, &sh);
	cli_list_end(c, err);
	return err < 0 ? cli_fail(c, err, NULL) : EXIT_OK;
}

static int ctx_export(struct cli *c, int argc, char **argv)
{
	struct nassec_ctx x;
	struct nassec *h;
	uint32_t ue_id;
	int status, err;

	if (!cli_ue_id(c, argc > 0 ? argv[0] : NULL, &ue_id, &status))
		return status;
	if (argc > 1)
		return usage_error(c, "unexpected argument \"%s\"", argv[1]);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAILED;
	err = nassec_ctx_export(h, ue_id, &x);
	if (err)
		return cli_fail(c, err, "UE %u", ue_id);
	if (c->json) {
		cli_json_begin(c);
		json_ctx(&c->js, &x);
	} else {
		/* Exactly the arguments 'ctx import' takes. */
		printf("%u", x.ue_id);
		for (int i = 0; i < NASSEC_SLOTS; i++) {
			const struct nassec_slot *s = &x.slot[i];
			char hex[2 * NASSEC_KASME_LEN + 1];

			if (!s->present)
				continue;
			hex_encode(s->kasme, NASSEC_KASME_LEN, hex);
			printf(" %s kasme %s eksi %u eia %u eea %u ul-count %u dl-count %u",
			       slot_name[i], hex, s->eksi, s->eia, s->eea, s->ul_count, s->dl_count);
			explicit_bzero(hex, sizeof(hex));
		}
		putchar('\n');
	}
	nassec_ctx_wipe(&x);
	return EXIT_OK;
}

static int ctx_run(struct cli *c, int argc, char **argv)
{
	int status;
	int cmd = cli_pick_command(c, &ctx_object, argc, argv, ctx_commands, "show", &status);

	if (cmd < 0)
		return status;
	if (argc > 0) {
		argc--;
		argv++;
	}
	switch (cmd) {
	case CMD_SHOW:
		return ctx_show(c, argc, argv, false);
	case CMD_LIST:
		return ctx_show(c, argc, argv, true);
	case CMD_ADD:
		return ctx_load(c, argc, argv, MODE_ADD);
	case CMD_IMPORT:
		if (argc > 0 && (!strcmp(argv[0], "-") || argv[0][0] == '@'))
			return ctx_import_text(c, argv[0], argc - 1, argv + 1);
		return ctx_load(c, argc, argv, MODE_IMPORT);
	case CMD_SET:
		return ctx_set(c, argc, argv);
	case CMD_EXPORT:
		return ctx_export(c, argc, argv);
	default:
		return ctx_simple(c, cmd, argc, argv);
	}
}

const struct cli_object ctx_object = { "ctx", ctx_run, ctx_usage };
