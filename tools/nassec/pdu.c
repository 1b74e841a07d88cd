// SPDX-License-Identifier: GPL-2.0
/* nassec pdu: protect (downlink) and unprotect (uplink) NAS messages given in hex. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void pdu_usage(FILE *f)
{
	fputs("Usage: nassec pdu protect UEID [ sht { 1 | 2 | 3 } ] HEX... [ sht N HEX... ]...\n"
	      "       nassec pdu unprotect UEID HEX...\n"
	      "protect: HEX is a plain NAS message; sht is the security header type of the\n"
	      "  messages after it (default 2, integrity + ciphered; 3 = SECURITY MODE COMMAND\n"
	      "  with the new slot). Prints one protected message per line.\n"
	      "unprotect: HEX is a received NAS message. Prints one line per message:\n"
	      "  verdict V sht N [count N] [data INNER-HEX] [promoted]; exit 1 unless every\n"
	      "  verdict is ok or plain.\n", f);
}

static const char *const pdu_commands[] = { "protect", "unprotect", NULL };

/* Per-PDU errnos of the downlink, in operator words (uapi nassec_protect_info). */
static const char *pdu_error_text(int err)
{
	switch (-err) {
	case EACCES:
		return "context frozen: no downlink NAS";
	case ENOKEY:
		return "no context, or the slot this header type needs is empty";
	case EOVERFLOW:
		return "downlink NAS COUNT exhausted: re-key";
	case EMSGSIZE:
		return "reply does not fit";
	}
	return strerror(-err);
}

static void text_pdu(const struct nassec_pdu *p, bool unprotect)
{
	char *hex = malloc(2 * p->out_len + 1);

	if (!hex) {
		puts("?");
		return;
	}
	hex_encode(p->out, p->out_len, hex);
	if (!unprotect) {
		puts(hex);
	} else {
		printf("verdict %s sht %u", nassec_verdict_name(p->verdict), p->sec_hdr_type);
		if (p->has_count)
			printf(" count %u", p->count);
		if (p->out_len)
			printf(" data %s", hex);
		if (p->flags & NASSEC_PDU_F_PROMOTED)
			fputs(" promoted", stdout);
		if (p->flags & NASSEC_PDU_F_THRESHOLD)
			fputs(" count-threshold", stdout);
		putchar('\n');
	}
	explicit_bzero(hex, 2 * p->out_len + 1);
	free(hex);
}

static void json_pdu(struct json *j, const struct nassec_pdu *p, bool unprotect)
{
	json_object_start(j, NULL);
	if (p->error) {
		json_int(j, "error", p->error);
		json_string(j, "error_text", pdu_error_text(p->error));
	}
	if (unprotect) {
		json_string(j, "verdict", nassec_verdict_name(p->verdict));
		json_uint(j, "sht", p->sec_hdr_type);
	}
	if (p->has_count)
		json_uint(j, "count", p->count);
	if (p->out_len)
		json_hex(j, "data", p->out, p->out_len);
	if (unprotect) {
		json_bool(j, "promoted", p->flags & NASSEC_PDU_F_PROMOTED);
		json_bool(j, "count_threshold", p->flags & NASSEC_PDU_F_THRESHOLD);
	}
	json_object_end(j);
}

static bool pdu_failed(const struct nassec_pdu *p, bool unprotect)
{
	if (p->error)
		return true;
	return unprotect && p->verdict != NASSEC_VERDICT_OK && p->verdict != NASSEC_VERDICT_PLAIN;
}

static int pdu_run(struct cli *c, int argc, char **argv)
{
	struct nassec_pdu *pdus = NULL;
	uint8_t *bufs = NULL;
	struct nassec *h;
	uint32_t ue_id, sht = NASSEC_SHT_INTEGRITY_CIPHERED;
	size_t n = 0;
	bool unprotect;
	int status, err, cmd;

	cmd = cli_pick_command(c, &pdu_object, argc, argv, pdu_commands, NULL, &status);
	if (cmd < 0)
		return status;
	unprotect = cmd == 1;
	if (!cli_ue_id(c, argc > 1 ? argv[1] : NULL, &ue_id, &status))
		return status;
	argc -= 2;
	argv += 2;
	pdus = calloc((size_t)argc + 1, sizeof(*pdus));
	/* in and out buffers: one NASSEC_PDU_MAX pair per argument. */
	bufs = malloc(((size_t)argc + 1) * 2 * NASSEC_PDU_MAX);
	status = EXIT_FAILED;
	if (!pdus || !bufs) {
		cli_fail(c, ENOMEM, NULL);
		goto out;
	}
	for (int i = 0; i < argc; i++) {
		uint8_t *in = bufs + n * 2 * NASSEC_PDU_MAX;
		int len;

		if (!unprotect && !strcmp(argv[i], "sht")) {
			if (i + 1 == argc) {
				status = usage_error(c, "sht needs a value");
				goto out;
			}
			if (!parse_u32(argv[++i], 1, 3, &sht)) {
				status = usage_error(c, "sht \"%s\" is not 1, 2 or 3", argv[i]);
				goto out;
			}
			continue;
		}
		len = hex_decode(argv[i], in, NASSEC_PDU_MAX);
		if (len < 0) {
			status = usage_error(c, "\"%.40s\" is not a NAS message in hex (1..%d octets)",
					     argv[i], NASSEC_PDU_MAX);
			goto out;
		}
		pdus[n].in = in;
		pdus[n].in_len = (size_t)len;
		pdus[n].out = in + NASSEC_PDU_MAX;
		pdus[n].out_cap = NASSEC_PDU_MAX;
		pdus[n].sec_hdr_type = (uint8_t)sht;
		n++;
	}
	if (!n) {
		status = usage_error(c, "no NAS message given");
		goto out;
	}
	h = cli_handle(c);
	if (!h)
		goto out;
	err = unprotect ? nassec_pdu_unprotect(h, ue_id, pdus, n) :
			  nassec_pdu_protect(h, ue_id, pdus, n);
	if (err) {
		status = cli_fail(c, err, "UE %u", ue_id);
		goto out;
	}
	status = EXIT_OK;
	cli_json_begin(c);
	if (c->json)
		json_array_start(&c->js, NULL);
	for (size_t i = 0; i < n; i++) {
		if (c->json)
			json_pdu(&c->js, &pdus[i], unprotect);
		else if (!pdus[i].error)
			text_pdu(&pdus[i], unprotect);
	}
	if (c->json)
		json_array_end(&c->js);
	fflush(stdout);
	for (size_t i = 0; i < n; i++) {
		if (!pdu_failed(&pdus[i], unprotect))
			continue;
		status = EXIT_FAILED;
		if (pdus[i].error)
			fprintf(stderr, "nassec: %s: UE %u: PDU %zu: %s\n", c->what, ue_id, i + 1,
				pdu_error_text(pdus[i].error));
		else
			fprintf(stderr, "nassec: %s: UE %u: PDU %zu: verdict %s\n", c->what, ue_id,
				i + 1, nassec_verdict_name(pdus[i].verdict));
	}
out:
	free(pdus);
	if (bufs)	/* plain NAS messages in and out */
		explicit_bzero(bufs, ((size_t)argc + 1) * 2 * NASSEC_PDU_MAX);
	free(bufs);
	return status;
}

const struct cli_object pdu_object = { "pdu", pdu_run, pdu_usage };
