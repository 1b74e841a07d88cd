/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nassecd's configuration: an INI file read with libinih. Every key has a
 * default (config_defaults), so an empty file is a working single-PLMN MME
 * on 0.0.0.0:36412. A bad line is reported as FILE:LINE with the key and
 * the reason, and nothing of the file is used.
 */
#ifndef NASSECD_CONFIG_H
#define NASSECD_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define CONFIG_MAX_BIND		8	/* S1-MME addresses (SCTP multi-homing) */
#define CONFIG_MAX_TAC		16
#define CONFIG_MAX_ALGS		8
#define CONFIG_MAX_DNS		2
#define CONFIG_NAME_MAX		150	/* MMEname is PrintableString (1..150) */
#define CONFIG_APN_MAX		100	/* TS 23.003 9.1: at most 100 octets */
#define CONFIG_PATH_MAX		256
#define CONFIG_ERR_MAX		512

enum config_log_level {
	LOG_LEVEL_ERR,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_NOTICE,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

struct config_addr {
	int family;			/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

struct config {
	/* [mme] */
	char mme_name[CONFIG_NAME_MAX + 1];
	char mcc[4], mnc[4];		/* digits; mnc has 2 or 3 */
	uint16_t mme_group_id;
	uint8_t mme_code;
	uint16_t tacs[CONFIG_MAX_TAC];
	size_t n_tacs;
	uint8_t relative_capacity;

	/* [s1] */
	struct config_addr bind[CONFIG_MAX_BIND];
	size_t n_bind;
	uint16_t port;

	/* [security]: algorithm ids 0..7 (EIA0 is refused in the list) */
	uint8_t eia[CONFIG_MAX_ALGS], eea[CONFIG_MAX_ALGS];
	size_t n_eia, n_eea;
	bool request_imeisv;
	bool hash_mme;			/* TS 24.301 8.2.20.7: off by default */
	bool guti_skips_aka;		/* a GUTI attach verified by the kernel */
	uint8_t nas_security;		/* enum nas_sec_mode; restart only */

	/* [timers], milliseconds */
	uint32_t t3460_ms, t3450_ms, t3470_ms, t3422_ms;
	uint8_t retransmissions;	/* TS 24.301 5.4.3.7: 4 */
	uint32_t t3412_s;		/* sent to the UE */

	/* [pdn] */
	char apn[CONFIG_APN_MAX + 1];
	struct in_addr pool_base;	/* host order bounds of the pool */
	uint32_t pool_first, pool_last;
	struct in_addr dns[CONFIG_MAX_DNS];
	size_t n_dns;
	uint8_t qci;
	uint8_t arp_priority;
	uint64_t ambr_ul, ambr_dl;	/* bit/s */

	/* [s1u] */
	struct config_addr s1u_v4, s1u_v6;	/* family 0: not set */
	uint32_t teid_first, teid_last;

	/* [store], [control], [log] */
	char subscriber_db[CONFIG_PATH_MAX];
	char control_socket[CONFIG_PATH_MAX];
	char control_group[64];		/* empty: root only */
	enum config_log_level log_level;
};

void config_defaults(struct config *cfg);

/*
 * Reads path into *cfg (starting from the defaults). 0, or -1 with one line
 * "PATH:LINE: [SECTION] KEY: reason" in err; *cfg is then unchanged.
 */
int config_load(struct config *cfg, const char *path, char *err, size_t errlen);

/*
 * The same from a string (tests; the embedded default of 'make run').
 * name stands for the path in errors.
 */
int config_load_string(struct config *cfg, const char *text, const char *name,
		       char *err, size_t errlen);

/*
 * SIGHUP: applies to *live what may change at run time (algorithm lists,
 * timers, IMEISV and HashMME policy, log level) from *next, and writes into
 * applied and restart (comma-separated key names, may be empty) what it
 * changed and what differs but needs a restart.
 */
void config_apply_live(struct config *live, const struct config *next,
		       char *applied, size_t applied_len,
		       char *restart, size_t restart_len);

const char *config_log_level_name(enum config_log_level level);

#endif /* NASSECD_CONFIG_H */
