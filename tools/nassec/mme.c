// SPDX-License-Identifier: GPL-2.0
/*
 * nassec mme / enb / ue / subscriber: the daemon's objects, read and
 * changed over nassecd's control socket (tools/lib/ctl). The CLI checks
 * the words and reads keys (never from argv if avoidable: "-" or @FILE);
 * the daemon renders the reply in the format asked for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nassecd_ctl.h"

#define KEY_LEN		16	/* K, OP, OPc: 128 bits (TS 35.206) */

static void mme_usage(FILE *f)
{
	fputs("Usage: nassec mme [ show ]                 the daemon: identity, S1, counters\n", f);
}

static void enb_usage(FILE *f)
{
	fputs("Usage: nassec enb [ list ]                 connected eNBs\n", f);
}

static void ue_usage(FILE *f)
{
	fputs("Usage: nassec ue [ list ]                  UEs the daemon knows\n"
	      "       nassec ue show { ID | IMSI }         one UE (ID: its MME-UE-S1AP-ID)\n"
	      "       nassec ue detach { ID | IMSI }       network-initiated detach (T3422)\n"
	      "       nassec ue release { ID | IMSI }      UE Context Release, the UE stays registered\n",
	      f);
}

static void subscriber_usage(FILE *f)
{
	fputs("Usage: nassec subscriber [ list ]\n"
	      "       nassec subscriber show IMSI\n"
	      "       nassec subscriber add IMSI k KEY { opc KEY | op KEY } [ amf HEX4 ] [ sqn N ]\n"
	      "                                  [ eia LIST ] [ eea LIST ]\n"
	      "       nassec subscriber del IMSI\n"
	      "       nassec subscriber import FILE      lines 'IMSI K OPc|op:OP AMF SQN'\n"
	      "KEY := { HEX32 | - | @FILE }  ('-' reads stdin; keys are never printed)\n"
	      "LIST := comma-separated eia1..eia3 / eea0..eea3: the algorithms this\n"
	      "        subscriber may use, narrowing the daemon's lists\n", f);
}

static const char *socket_path(void)
{
	const char *env = getenv("NASSEC_CTL_SOCKET");

	return env && *env ? env : NASSECD_CTL_SOCKET;
}

/* Sends words to the daemon and prints its reply: the exit status. */
static int daemon_call(struct cli *c, int argc, const char *const *argv)
{
	const char *format = c->pretty ? "pretty" : c->json ? "json" : "text";
	char *body = NULL, *message = NULL;
	int ret = nassecd_ctl_call(socket_path(), format, argc, argv, &body, &message);

	if (ret) {
		fprintf(stderr, "nassec: %s: %s\n", c->what,
			message ? message : strerror(ret < 0 ? -ret : ret));
		free(message);
		return EXIT_FAILED;
	}
	fputs(body, stdout);
	free(body);
	return EXIT_OK;
}

static bool is_imsi(const char *s)
{
	size_t n = strlen(s);

	/* TS 23.003 2.2: at most 15 digits; MCC + MNC + MSIN of at least 1 */
	return n >= 6 && n <= 15 && strspn(s, "0123456789") == n;
}

/* ID (1..2^32-1) or IMSI: what the daemon looks a UE up by. */
static bool ue_ref(struct cli *c, const char *s, int *status)
{
	uint32_t id;

	if (is_imsi(s) || parse_u32(s, 1, UINT32_MAX, &id))
		return true;
	*status = usage_error(c, "\"%s\" is neither a UE id nor an IMSI", s);
	return false;
}

static int simple_run(struct cli *c, const struct cli_object *obj, int argc, char **argv,
		      const char *verb)
{
	const char *const names[] = { verb, NULL };
	int status, i = cli_pick_command(c, obj, argc, argv, names, verb, &status);

	if (i < 0)
		return status;
	if (argc > 1)
		return usage_error(c, "unexpected argument \"%s\"", argv[1]);
	return daemon_call(c, 2, (const char *const[]){ obj->name, verb });
}

static int mme_run(struct cli *c, int argc, char **argv)
{
	return simple_run(c, &mme_object, argc, argv, "show");
}

static int enb_run(struct cli *c, int argc, char **argv)
{
	return simple_run(c, &enb_object, argc, argv, "list");
}

static int ue_run(struct cli *c, int argc, char **argv)
{
	static const char *const commands[] = { "list", "show", "detach", "release", NULL };
	int status, i = cli_pick_command(c, &ue_object, argc, argv, commands, "list", &status);

	if (i < 0)
		return status;
	if (i == 0) {
		if (argc > 1)
			return usage_error(c, "unexpected argument \"%s\"", argv[1]);
		return daemon_call(c, 2, (const char *const[]){ "ue", "list" });
	}
	if (argc < 2)
		return usage_error(c, "expected a UE id or an IMSI");
	if (argc > 2)
		return usage_error(c, "unexpected argument \"%s\"", argv[2]);
	if (!ue_ref(c, argv[1], &status))
		return status;
	return daemon_call(c, 3, (const char *const[]){ "ue", commands[i], argv[1] });
}

static bool alg_list(struct cli *c, const char *s, enum alg_kind kind, int *status)
{
	char buf[64], *save = NULL, *item;
	uint8_t alg;

	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save))
		if (!parse_alg(item, kind, &alg) || (kind == ALG_EIA && alg == 0))
			goto bad;
	return true;
bad:
	*status = usage_error(c, "\"%s\" is not a list of %s", s,
			      kind == ALG_EIA ? "eia1..eia3" : "eea0..eea3");
	return false;
}

/* subscriber add: keys read here (stdin/@FILE/hex), sent as hex, wiped. */
static int subscriber_add(struct cli *c, int argc, char **argv)
{
	static const char *const words[] = { "k", "opc", "op", "amf", "sqn", "eia", "eea", NULL };
	char key_hex[2][2 * KEY_LEN + 1] = { "", "" }, why[128];
	const char *out[16] = { "subscriber", "add", argv[1] };
	uint8_t key[KEY_LEN];
	int n = 3, status = EXIT_OK, have_k = 0, have_op = 0;
	uint8_t amf[2];
	uint64_t sqn;

	if (!is_imsi(argv[1]))
		return usage_error(c, "\"%s\" is not an IMSI (6 to 15 digits)", argv[1]);
	for (int i = 2; i < argc; i += 2) {
		int w = match_keyword(argv[i], words);

		if (w < 0) {
			status = usage_error(c, "unknown argument \"%s\"", argv[i]);
			goto out;
		}
		if (i + 1 >= argc) {
			status = usage_error(c, "\"%s\" needs a value", words[w]);
			goto out;
		}
		switch (w) {
		case 0:
		case 1:
		case 2:
			if ((w == 0 && have_k++) || (w > 0 && have_op++)) {
				status = usage_error(c, "\"%s\" given twice", words[w]);
				goto out;
			}
			if (!read_key_arg(argv[i + 1], key, KEY_LEN, why, sizeof(why))) {
				status = usage_error(c, "%s: %s", words[w], why);
				goto out;
			}
			hex_encode(key, KEY_LEN, key_hex[w ? 1 : 0]);
			explicit_bzero(key, sizeof(key));
			out[n++] = words[w];
			out[n++] = key_hex[w ? 1 : 0];
			continue;
		case 3:
			if (hex_decode(argv[i + 1], amf, sizeof(amf)) != 2) {
				status = usage_error(c, "amf: expected 4 hex digits");
				goto out;
			}
			break;
		case 4:
			/* TS 33.102 C.1: SQN is 48 bits */
			if (!parse_u64(argv[i + 1], 0, (1ULL << 48) - 1, &sqn)) {
				status = usage_error(c, "sqn: expected 0 to 2^48-1");
				goto out;
			}
			break;
		default:
			if (!alg_list(c, argv[i + 1], w == 5 ? ALG_EIA : ALG_EEA, &status))
				goto out;
		}
		out[n++] = words[w];
		out[n++] = argv[i + 1];
	}
	if (!have_k || !have_op) {
		status = usage_error(c, "k and one of opc/op are required");
		goto out;
	}
	status = daemon_call(c, n, out);
out:
	explicit_bzero(key_hex, sizeof(key_hex));
	return status;
}

/* subscriber import FILE: the file's text goes to the daemon in one request. */
static int subscriber_import(struct cli *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	int status;

	if (!f) {
		fprintf(stderr, "nassec: %s: %s: %s\n", c->what, path, strerror(errno));
		return EXIT_FAILED;
	}
	text = malloc(NASSECD_CTL_REQ_MAX);
	if (text) {
		len = fread(text, 1, NASSECD_CTL_REQ_MAX - 1, f);
		text[len] = 0;
	}
	if (!text || ferror(f) || !feof(f) || memchr(text, 0, len)) {
		fprintf(stderr, "nassec: %s: %s: %s\n", c->what, path,
			!text ? "out of memory" : ferror(f) ? strerror(errno) :
			!feof(f) ? "larger than 4 MiB" : "not a text file");
		status = EXIT_FAILED;
	} else {
		status = daemon_call(c, 4, (const char *const[]){ "subscriber", "import",
								 path, text });
	}
	fclose(f);
	if (text) {
		explicit_bzero(text, len);
		free(text);
	}
	return status;
}

static int subscriber_run(struct cli *c, int argc, char **argv)
{
	static const char *const commands[] = { "list", "show", "add", "del", "import", NULL };
	int status, i = cli_pick_command(c, &subscriber_object, argc, argv, commands, "list",
					 &status);

	if (i < 0)
		return status;
	if (i == 0) {
		if (argc > 1)
			return usage_error(c, "unexpected argument \"%s\"", argv[1]);
		return daemon_call(c, 2, (const char *const[]){ "subscriber", "list" });
	}
	if (argc < 2)
		return usage_error(c, i == 4 ? "expected a file" : "expected an IMSI");
	if (i == 2)
		return subscriber_add(c, argc, argv);
	if (argc > 2)
		return usage_error(c, "unexpected argument \"%s\"", argv[2]);
	if (i == 4)
		return subscriber_import(c, argv[1]);
	if (!is_imsi(argv[1]))
		return usage_error(c, "\"%s\" is not an IMSI (6 to 15 digits)", argv[1]);
	return daemon_call(c, 3, (const char *const[]){ "subscriber", commands[i], argv[1] });
}

const struct cli_object mme_object = { "mme", mme_run, mme_usage };
const struct cli_object enb_object = { "enb", enb_run, enb_usage };
const struct cli_object ue_object = { "ue", ue_run, ue_usage };
const struct cli_object subscriber_object = { "subscriber", subscriber_run, subscriber_usage };
