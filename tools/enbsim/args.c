// SPDX-License-Identifier: GPL-2.0
/* enbsim's command line and the subscriber file it can write for nassecd. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enbsim.h"

/* TS 35.208 4.3.1 test set 1 (public test data): the default K and OPc. */
static const char DEFAULT_K[] = "465b5ce8b199b49faa5f0a2ee238a6bc";
static const char DEFAULT_OPC[] = "cd63cb71954a9f4e48a5994e37a02baf";

static void usage(FILE *f)
{
	fputs("usage: enbsim [OPTIONS]                 attach UEs through an MME\n"
	      "       enbsim --gen-subscribers [OPTIONS] >FILE   nassecd's import file\n"
	      "  --mme ADDR          MME's S1-MME address (127.0.0.1)\n"
	      "  --port N            its SCTP port (36412)\n"
	      "  --enbs M            eNBs, each its own association and S1 Setup (1)\n"
	      "  --ues N             UEs, spread over the eNBs (1)\n"
	      "  --imsi-base IMSI    first IMSI, 15 digits (001010000000001)\n"
	      "  --k HEX --opc HEX   every subscriber's K and OPc (TS 35.208 set 1)\n"
	      "  --amf HEX           AMF in the subscriber file (8000)\n"
	      "  --mcc MCC --mnc MNC the PLMN (001 / 01), --tac N its TAC (1)\n"
	      "  --eia LIST          integrity algorithms the UEs support (1,2,3)\n"
	      "  --eea LIST          ciphering algorithms the UEs support (0,1,2,3)\n"
	      "  --spread            UE i supports only the i-th EIA x EEA pair\n"
	      "  --scenario NAME     what the UEs do (attach); --list-scenarios\n"
	      "  --rate N[/s]        attaches started per second (as fast as possible)\n"
	      "  --concurrency N     UEs in progress at once (64)\n"
	      "  --detach            detach each UE after its attach\n"
	      "  --hold MS           time registered before the detach (0)\n"
	      "  --idle              without --detach: the eNB then releases the UE\n"
	      "                      (user inactivity), registered and ECM-IDLE\n"
	      "  --timeout S         a UE waiting longer than this in a state fails (20)\n"
	      "  --json              the report as JSON on stdout\n"
	      "  --verbose           one verdict line per UE; --quiet: the report only\n"
	      "  --usim-state FILE   the USIMs' highest accepted SQNs: read at the start (if\n"
	      "                      FILE exists), rewritten after every accepted AUTN and\n"
	      "                      at the end, so a later run refuses a reused SQN\n"
	      "Exit status: 0 every UE passed, 1 some failed, 2 usage.\n", f);
}

static int hex16(const char *s, uint8_t out[16])
{
	if (strlen(s) != 32)
		return -1;
	for (int i = 0; i < 16; i++) {
		char b[3] = { s[2 * i], s[2 * i + 1], 0 }, *end;
		unsigned long v = strtoul(b, &end, 16);

		if (*end || !strchr("0123456789abcdefABCDEF", b[0]) ||
		    !strchr("0123456789abcdefABCDEF", b[1]))
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

int sim_parse_alg_list(const char *s, bool allow_zero)
{
	int mask = 0;

	if (!*s)
		return -1;
	for (const char *p = s; *p;) {
		if (!strncasecmp(p, "eia", 3) || !strncasecmp(p, "eea", 3))
			p += 3;
		if (*p < '0' || *p > '3' || (*p == '0' && !allow_zero))
			return -1;
		mask |= 1 << (*p - '0');
		p++;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
		if (p[-1] == ',' && !*p)
			return -1;
	}
	return mask;
}

static int number(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

static bool digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max && strspn(s, "0123456789") == n;
}

enum {
	O_MME = 256, O_PORT, O_ENBS, O_UES, O_IMSI, O_K, O_OPC, O_AMF, O_MCC, O_MNC, O_TAC,
	O_EIA, O_EEA, O_SPREAD, O_SCENARIO, O_LIST, O_RATE, O_CONC, O_DETACH, O_HOLD, O_IDLE,
	O_TIMEOUT, O_JSON, O_VERBOSE, O_QUIET, O_USIM_STATE, O_GEN, O_HELP,
};

static const struct option options[] = {
	{ "mme", required_argument, NULL, O_MME },
	{ "port", required_argument, NULL, O_PORT },
	{ "enbs", required_argument, NULL, O_ENBS },
	{ "ues", required_argument, NULL, O_UES },
	{ "imsi-base", required_argument, NULL, O_IMSI },
	{ "k", required_argument, NULL, O_K },
	{ "opc", required_argument, NULL, O_OPC },
	{ "amf", required_argument, NULL, O_AMF },
	{ "mcc", required_argument, NULL, O_MCC },
	{ "mnc", required_argument, NULL, O_MNC },
	{ "tac", required_argument, NULL, O_TAC },
	{ "eia", required_argument, NULL, O_EIA },
	{ "eea", required_argument, NULL, O_EEA },
	{ "spread", no_argument, NULL, O_SPREAD },
	{ "scenario", required_argument, NULL, O_SCENARIO },
	{ "list-scenarios", no_argument, NULL, O_LIST },
	{ "rate", required_argument, NULL, O_RATE },
	{ "concurrency", required_argument, NULL, O_CONC },
	{ "detach", no_argument, NULL, O_DETACH },
	{ "hold", required_argument, NULL, O_HOLD },
	{ "idle", no_argument, NULL, O_IDLE },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "json", no_argument, NULL, O_JSON },
	{ "verbose", no_argument, NULL, O_VERBOSE },
	{ "quiet", no_argument, NULL, O_QUIET },
	{ "usim-state", required_argument, NULL, O_USIM_STATE },
	{ "gen-subscribers", no_argument, NULL, O_GEN },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

static int bad(FILE *err, const char *opt, const char *arg, const char *want)
{
	fprintf(err, "enbsim: --%s %s: %s\n", opt, arg, want);
	return -1;
}

int sim_parse_args(struct sim_config *c, int argc, char **argv, FILE *out, FILE *err)
{
	unsigned long long v;
	int opt, idx = 0;

	memset(c, 0, sizeof(*c));
	strcpy(c->mme, "127.0.0.1");
	c->port = 36412;
	c->enbs = 1;
	c->ues = 1;
	c->imsi_base = 1010000000001ull;
	hex16(DEFAULT_K, c->k);
	hex16(DEFAULT_OPC, c->opc);
	strcpy(c->amf, "8000");
	strcpy(c->mcc, "001");
	strcpy(c->mnc, "01");
	c->tac = 1;
	c->enb_id_base = 0x1000;
	c->eia_mask = 0xe;
	c->eea_mask = 0xf;
	c->scenario = scenario_find("attach");
	c->concurrency = 64;
	c->timeout_ms = 20000;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", options, &idx)) != -1) {
		const char *name = opt >= O_MME && opt <= O_HELP ? options[opt - O_MME].name : "";

		switch (opt) {
		case O_MME:
			if (strlen(optarg) >= sizeof(c->mme))
				return bad(err, name, optarg, "too long");
			strcpy(c->mme, optarg);
			break;
		case O_PORT:
			if (number(optarg, 65535, &v) || !v)
				return bad(err, name, optarg, "expected 1..65535");
			c->port = (uint16_t)v;
			break;
		case O_ENBS:
			if (number(optarg, 1024, &v) || !v)
				return bad(err, name, optarg, "expected 1..1024");
			c->enbs = (unsigned int)v;
			break;
		case O_UES:
			/* eNB-UE-S1AP-IDs are 24 bits (TS 36.413 9.2.3.4). */
			if (number(optarg, 1u << 23, &v) || !v)
				return bad(err, name, optarg, "expected 1..8388608");
			c->ues = (unsigned int)v;
			break;
		case O_IMSI:
			if (!digits(optarg, 15, 15) || number(optarg, 999999999999999ull, &v))
				return bad(err, name, optarg, "expected 15 digits");
			c->imsi_base = v;
			break;
		case O_K:
		case O_OPC:
			if (hex16(optarg, opt == O_K ? c->k : c->opc))
				return bad(err, name, "...", "expected 32 hex digits");
			/* The key is ours now: wipe it from argv (ps, /proc). */
			memset(optarg, 'x', strlen(optarg));
			break;
		case O_AMF:
			if (strlen(optarg) != 4 || strspn(optarg, "0123456789abcdefABCDEF") != 4)
				return bad(err, name, optarg, "expected 4 hex digits");
			strcpy(c->amf, optarg);
			break;
		case O_MCC:
			if (!digits(optarg, 3, 3))
				return bad(err, name, optarg, "expected 3 digits");
			strcpy(c->mcc, optarg);
			break;
		case O_MNC:
			if (!digits(optarg, 2, 3))
				return bad(err, name, optarg, "expected 2 or 3 digits");
			strcpy(c->mnc, optarg);
			break;
		case O_TAC:
			if (number(optarg, 65535, &v))
				return bad(err, name, optarg, "expected 0..65535");
			c->tac = (uint16_t)v;
			break;
		case O_EIA:
		case O_EEA: {
			int m = sim_parse_alg_list(optarg, opt == O_EEA);

			if (m < 0)
				return bad(err, name, optarg, opt == O_EIA ?
					   "expected a list of 1, 2, 3 (EIA0 is never offered)" :
					   "expected a list of 0, 1, 2, 3");
			if (opt == O_EIA)
				c->eia_mask = (uint8_t)m;
			else
				c->eea_mask = (uint8_t)m;
			break;
		}
		case O_SPREAD:
			c->spread = true;
			break;
		case O_SCENARIO:
			c->scenario = scenario_find(optarg);
			if (!c->scenario)
				return bad(err, name, optarg, "unknown scenario (see --list-scenarios)");
			break;
		case O_LIST:
			for (size_t i = 0; scenario_at(i); i++)
				fprintf(out, "%-16s %s\n", scenario_at(i)->name,
					scenario_at(i)->summary);
			return 1;
		case O_RATE: {
			char *end;
			double r = strtod(optarg, &end);

			if (end == optarg || (*end && strcmp(end, "/s")) || !(r > 0) || r > 1e6)
				return bad(err, name, optarg, "expected attaches per second, e.g. 100/s");
			c->rate = r;
			break;
		}
		case O_CONC:
			if (number(optarg, 1u << 23, &v) || !v)
				return bad(err, name, optarg, "expected 1..8388608");
			c->concurrency = (unsigned int)v;
			break;
		case O_DETACH:
			c->detach = true;
			break;
		case O_HOLD:
			if (number(optarg, 3600000, &v))
				return bad(err, name, optarg, "expected milliseconds");
			c->hold_ms = (unsigned int)v;
			break;
		case O_IDLE:
			c->idle = true;
			break;
		case O_TIMEOUT:
			if (number(optarg, 3600, &v) || !v)
				return bad(err, name, optarg, "expected 1..3600 seconds");
			c->timeout_ms = (unsigned int)v * 1000;
			break;
		case O_JSON:
			c->json = true;
			break;
		case O_VERBOSE:
			c->verbose = true;
			break;
		case O_QUIET:
			c->quiet = true;
			break;
		case O_USIM_STATE:
			if (!*optarg || strlen(optarg) > 4000)
				return bad(err, name, optarg, "expected a file name");
			c->usim_state = optarg;
			break;
		case O_GEN:
			c->gen_subscribers = true;
			break;
		case O_HELP:
			usage(out);
			return 1;
		default:
			fprintf(err, "enbsim: %s: unknown option or missing argument (see --help)\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(err, "enbsim: unexpected argument \"%s\" (see --help)\n", argv[optind]);
		return -1;
	}
	if (c->scenario->needs_usim_state && !c->usim_state && !c->gen_subscribers) {
		fprintf(err, "enbsim: --scenario %s needs --usim-state FILE\n", c->scenario->name);
		return -1;
	}
	if (c->idle && c->detach) {
		fprintf(err, "enbsim: --idle and --detach: a UE either detaches or goes idle\n");
		return -1;
	}
	if (c->imsi_base + c->ues - 1 > 999999999999999ull) {
		fprintf(err, "enbsim: --imsi-base + --ues runs past 15 digits\n");
		return -1;
	}
	return 0;
}

void sim_imsi(const struct sim_config *c, unsigned int i, char out[16])
{
	snprintf(out, 16, "%015" PRIu64, c->imsi_base + i);
}

int sim_write_subscribers(const struct sim_config *c, FILE *f)
{
	char imsi[16], k[33], opc[33];

	for (int i = 0; i < 16; i++) {
		sprintf(k + 2 * i, "%02x", c->k[i]);
		sprintf(opc + 2 * i, "%02x", c->opc[i]);
	}
	fprintf(f, "# enbsim --gen-subscribers: IMSI K OPc AMF SQN (%u subscribers)\n", c->ues);
	for (unsigned int i = 0; i < c->ues; i++) {
		sim_imsi(c, i, imsi);
		fprintf(f, "%s %s %s %s 000000000000\n", imsi, k, opc, c->amf);
	}
	explicit_bzero(k, sizeof(k));
	explicit_bzero(opc, sizeof(opc));
	return fflush(f) || ferror(f) ? -1 : 0;
}
