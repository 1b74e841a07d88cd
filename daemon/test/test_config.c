// SPDX-License-Identifier: GPL-2.0
/*
 * nassecd.conf: defaults, the installed sample, every kind of bad line
 * (FILE:LINE, the key, nothing applied), and what SIGHUP applies live.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "nas_sec.h"
#include "tap.h"

static char err[CONFIG_ERR_MAX];

static int load(struct config *c, const char *text)
{
	err[0] = 0;
	return config_load_string(c, text, "t.conf", err, sizeof(err));
}

static void defaults_are_the_documented_ones(void)
{
	struct config c;

	tap_result(!load(&c, ""), "an empty file loads (%s)", err);
	tap_result(c.n_eia == 3 && c.eia[0] == 2 && c.eia[1] == 1 && c.eia[2] == 3,
		   "default integrity list EIA2, EIA1, EIA3");
	tap_result(c.n_eea == 4 && c.eea[0] == 2 && c.eea[1] == 1 && c.eea[2] == 3 &&
		   c.eea[3] == 0, "default ciphering list EEA2, EEA1, EEA3, EEA0");
	tap_result(c.t3460_ms == 6000 && c.t3450_ms == 6000 && c.t3470_ms == 6000 &&
		   c.t3422_ms == 6000 && c.retransmissions == 4,
		   "default NAS timers 6 s with 4 retransmissions");
	tap_result(!c.hash_mme && c.request_imeisv && c.port == 36412,
		   "HashMME off, IMEISV requested, port 36412 by default");
	tap_result(c.nas_security == NAS_SEC_KERNEL, "NAS security offloaded to nassec.ko by default");
}

static void sample_config_loads_with_the_defaults(void)
{
	struct config c, d;

	config_defaults(&d);
	tap_result(!config_load(&c, NASSECD_SRCDIR "/nassecd.conf", err, sizeof(err)),
		   "the sample nassecd.conf loads (%s)", err);
	tap_result(!memcmp(&c, &d, sizeof(c)),
		   "the sample's values are the defaults it documents");
}

static void full_file_is_read(void)
{
	struct config c;
	struct in6_addr v6;

	int ret = load(&c,
		"[mme]\nname = MME one\nmcc = 310\nmnc = 410\ngroup_id = 32768\ncode = 200\n"
		"tac = 7, 8 9\n"
		"[s1]\nbind = 192.0.2.1, 2001:db8::1\nport = 36413\n"
		"[security]\nintegrity = eia3 EIA1\nciphering = EEA0\nhash_mme = yes\n"
		"request_imeisv = off\n"
		"[timers]\nt3460 = 1500ms\nt3450 = 2\nt3412 = 12min\nretransmissions = 2\n"
		"[pdn]\napn = ims.example\npool = 192.168.0.0/24\ndns = 1.1.1.1, 8.8.8.8\n"
		"ambr_ul = 50M\nambr_dl = 1G\n"
		"[s1u]\naddress = 198.51.100.7, 2001:db8::7\nteid_range = 100-200\n"
		"[log]\nlevel = debug\n");

	tap_result(!ret, "a file setting every kind of value loads (%s)", err);
	inet_pton(AF_INET6, "2001:db8::1", &v6);
	tap_result(!strcmp(c.mme_name, "MME one") && !strcmp(c.mcc, "310") &&
		   !strcmp(c.mnc, "410") && c.mme_group_id == 32768 && c.mme_code == 200,
		   "[mme] identity read");
	tap_result(c.n_tacs == 3 && c.tacs[0] == 7 && c.tacs[2] == 9,
		   "a TAC list separated by commas and spaces");
	tap_result(c.n_bind == 2 && c.bind[0].family == AF_INET &&
		   c.bind[1].family == AF_INET6 && !memcmp(&c.bind[1].v6, &v6, 16) &&
		   c.port == 36413, "two bind addresses, IPv4 and IPv6 (multi-homing)");
	tap_result(c.n_eia == 2 && c.eia[0] == 3 && c.eia[1] == 1 && c.n_eea == 1 &&
		   c.eea[0] == 0, "algorithm lists in the given order, any case");
	tap_result(c.t3460_ms == 1500 && c.t3450_ms == 2000 && c.t3412_s == 720 &&
		   c.retransmissions == 2, "durations with and without units");
	tap_result(c.pool_first == 0xc0a80001 && c.pool_last == 0xc0a800fe && c.n_dns == 2,
		   "the pool excludes network and broadcast addresses");
	tap_result(c.ambr_ul == 50000000 && c.ambr_dl == 1000000000ULL,
		   "bit rates with k/M/G");
	tap_result(c.s1u_v4.family == AF_INET && c.s1u_v6.family == AF_INET6 &&
		   c.teid_first == 100 && c.teid_last == 200, "[s1u] dual address, TEID range");
	tap_result(c.log_level == LOG_LEVEL_DEBUG, "log level");
}

/* Each bad file: the first error's line and key, and *cfg untouched. */
static void bad_lines_name_file_line_and_key(void)
{
	static const struct {
		const char *text, *expect;
	} bad[] = {
		{ "[mme]\nmcc = 01\n", "t.conf:2: [mme] mcc: expected 3 digits" },
		{ "[security]\nnas_security = user\n",
		  "t.conf:2: [security] nas_security: expected kernel or daemon" },
		{ "[mme]\nmnc = 1234\n", "t.conf:2: [mme] mnc: expected 2 or 3 digits" },
		{ "[mme]\ncode = 256\n", "t.conf:2: [mme] code: expected an integer from 0 to 255" },
		{ "[mme]\ngroup_id = -1\n", "[mme] group_id:" },
		{ "[mme]\ntac = 1, 65534\n", "[mme] tac: '65534' is not a TAC" },
		{ "[mme]\nname = caf\xc3\xa9\n", "[mme] name:" },
		{ "\n[s1]\nbind = 10.0.0.300\n", "t.conf:3: [s1] bind: '10.0.0.300' is not" },
		{ "[s1]\nbind = 10.0.0.1, 10.0.0.1\n", "[s1] bind: '10.0.0.1' given twice" },
		{ "[s1]\nport = 0\n", "[s1] port:" },
		{ "[security]\nintegrity = EIA2, EIA0\n",
		  "[security] integrity: EIA0 is never selected" },
		{ "[security]\nintegrity = EIA8\n", "[security] integrity: 'EIA8' is not" },
		{ "[security]\nciphering = EEA1, EEA1\n", "[security] ciphering: EEA1 given twice" },
		{ "[security]\nciphering =\n", "[security] ciphering: empty list" },
		{ "[security]\nhash_mme = maybe\n", "[security] hash_mme: expected yes or no" },
		{ "[timers]\nt3460 = 6 s\n", "[timers] t3460: expected a duration" },
		{ "[timers]\nt3460 = 0\n", "[timers] t3460:" },
		{ "[timers]\nt3412 = 187min\n", "[timers] t3412:" },
		{ "[timers]\nretransmissions = 11\n", "[timers] retransmissions:" },
		{ "[pdn]\npool = 10.0.0.1/16\n", "[pdn] pool: host bits set" },
		{ "[pdn]\npool = 10.0.0.0/31\n", "[pdn] pool:" },
		{ "[pdn]\napn = a..b\n", "[pdn] apn:" },
		{ "[pdn]\nambr_dl = 11G\n", "[pdn] ambr_dl: at most 10G" },
		{ "[s1u]\nteid_range = 5-4\n", "[s1u] teid_range:" },
		{ "[s1u]\naddress = 10.0.0.1, 10.0.0.2\n", "[s1u] address: one IPv4" },
		{ "[store]\nsubscribers = relative.db\n", "[store] subscribers: expected an absolute path" },
		{ "[log]\nlevel = loud\n", "[log] level:" },
		{ "[mme]\ncolour = blue\n", "t.conf:2: [mme] colour: unknown key" },
		{ "[mmе]\nname = x\n", "unknown section" },
		{ "[mme]\nname = a\nname = b\n", "t.conf:3: [mme] name: given twice" },
		{ "[mme]\nthis line has no equals sign\n", "t.conf:2: not a 'key = value' line" },
		{ "[mme]\ncode = 5\ncode = x\n[s1]\nport = 0\n", "t.conf:3: [mme] code: given twice" },
	};
	struct config c, before;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&c, 0x5a, sizeof(c));
		before = c;
		tap_result(load(&c, bad[i].text) == -1 && strstr(err, bad[i].expect) &&
			   !strchr(err, '\n') && !memcmp(&c, &before, sizeof(c)),
			   "bad config %zu fails with '%s' and changes nothing (got '%s')",
			   i, bad[i].expect, err);
	}
	tap_result(config_load(&c, "/nonexistent/nassecd.conf", err, sizeof(err)) == -1 &&
		   strstr(err, "/nonexistent/nassecd.conf: No such file"),
		   "a missing file is one line naming it (%s)", err);
}

static void sighup_applies_live_keys_and_names_the_rest(void)
{
	struct config live, next;
	char applied[256], restart[256];

	load(&live, "");
	load(&next, "[security]\nintegrity = EIA1\n[timers]\nt3460 = 2s\n"
		    "[s1]\nport = 1000\n[log]\nlevel = debug\n");
	config_apply_live(&live, &next, applied, sizeof(applied), restart, sizeof(restart));
	tap_result(!strcmp(applied, "security.integrity, timers.t3460, log.level"),
		   "applied lists what changed live (%s)", applied);
	tap_result(!strcmp(restart, "s1.port"), "restart lists the rest (%s)", restart);
	tap_result(live.n_eia == 1 && live.eia[0] == 1 && live.t3460_ms == 2000 &&
		   live.log_level == LOG_LEVEL_DEBUG && live.port == 36412,
		   "live keys took the new values, the port kept the old one");
	config_apply_live(&live, &next, applied, sizeof(applied), restart, sizeof(restart));
	tap_result(!applied[0] && !strcmp(restart, "s1.port"),
		   "a second reload of the same file applies nothing more");

	/* The contexts live in one place: moving them is a restart. */
	load(&next, "[security]\nnas_security = daemon\n");
	tap_result(next.nas_security == NAS_SEC_DAEMON, "nas_security = daemon is read");
	load(&live, "");
	config_apply_live(&live, &next, applied, sizeof(applied), restart, sizeof(restart));
	tap_result(!applied[0] && !strcmp(restart, "security.nas_security") &&
		   live.nas_security == NAS_SEC_KERNEL,
		   "SIGHUP: nas_security needs a restart and keeps its value (%s)", restart);
}

int main(void)
{
	defaults_are_the_documented_ones();
	sample_config_loads_with_the_defaults();
	full_file_is_read();
	bad_lines_name_file_line_and_key();
	sighup_applies_live_keys_and_names_the_rest();
	return tap_finish();
}
