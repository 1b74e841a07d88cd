// SPDX-License-Identifier: GPL-2.0
/*
 * nassecd.conf: one table of keys, one parser per kind of value. libinih
 * reports the line of the first handler that fails; the handler keeps the
 * key and the reason of that first failure.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "nas_sec.h"

struct parse_state {
	struct config cfg;
	const char *name;
	char section[32], key[48];
	char reason[160];
	bool failed;
	uint64_t seen;		/* keys given so far: each at most once */
};

typedef int (*value_parser)(struct parse_state *st, const char *value, void *field);

struct config_key {
	const char *section, *name;
	value_parser parse;
	size_t offset;
	bool live;		/* SIGHUP applies it */
};

static int fail(struct parse_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parse_state *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->reason, sizeof(st->reason), fmt, ap);
	va_end(ap);
	return -1;
}

/* Strict unsigned decimal in [min, max]. */
static int parse_uint(const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || *out < min || *out > max)
		return -1;
	return 0;
}

/* Splits a comma/space separated list; calls fn for each item. */
static int for_each_item(struct parse_state *st, const char *value,
			 int (*fn)(struct parse_state *st, const char *item, void *arg),
			 void *arg)
{
	char buf[512], *save = NULL, *item;
	int n = 0;

	if (strlen(value) >= sizeof(buf))
		return fail(st, "list too long");
	strcpy(buf, value);
	for (item = strtok_r(buf, ", \t", &save); item; item = strtok_r(NULL, ", \t", &save)) {
		if (fn(st, item, arg))
			return -1;
		n++;
	}
	return n ? 0 : fail(st, "empty list");
}

static int p_string(struct parse_state *st, const char *v, void *field, size_t cap)
{
	if (!*v || strlen(v) >= cap)
		return fail(st, "expected 1 to %zu characters", cap - 1);
	strcpy(field, v);
	return 0;
}

static int p_mme_name(struct parse_state *st, const char *v, void *field)
{
	/* TS 36.413 9.2.3.40: PrintableString */
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(" '()+,-./:=?", *p))
			return fail(st, "'%c' is not a PrintableString character", *p);
	return p_string(st, v, field, CONFIG_NAME_MAX + 1);
}

static int p_path(struct parse_state *st, const char *v, void *field)
{
	if (*v != '/')
		return fail(st, "expected an absolute path");
	return p_string(st, v, field, CONFIG_PATH_MAX);
}

static int p_group(struct parse_state *st, const char *v, void *field)
{
	return p_string(st, v, field, 64);
}

static int p_digits(struct parse_state *st, const char *v, void *field,
		    size_t min, size_t max)
{
	size_t n = strlen(v);

	if (n < min || n > max || strspn(v, "0123456789") != n)
		return fail(st, min == max ? "expected %zu digits" : "expected %zu or %zu digits",
			    min, max);
	strcpy(field, v);
	return 0;
}

static int p_mcc(struct parse_state *st, const char *v, void *field)
{
	return p_digits(st, v, field, 3, 3);
}

static int p_mnc(struct parse_state *st, const char *v, void *field)
{
	return p_digits(st, v, field, 2, 3);
}

#define UINT_PARSER(fn, type, lo, hi)						\
static int fn(struct parse_state *st, const char *v, void *field)		\
{										\
	unsigned long long n;							\
										\
	if (parse_uint(v, lo, hi, &n))						\
		return fail(st, "expected an integer from %llu to %llu",	\
			    (unsigned long long)(lo), (unsigned long long)(hi));\
	*(type *)field = (type)n;						\
	return 0;								\
}

UINT_PARSER(p_port, uint16_t, 1, 65535)
UINT_PARSER(p_u16, uint16_t, 0, 65535)
UINT_PARSER(p_u8, uint8_t, 0, 255)
UINT_PARSER(p_retrans, uint8_t, 0, 10)
UINT_PARSER(p_qci, uint8_t, 1, 9)
UINT_PARSER(p_arp, uint8_t, 1, 15)

static int p_bool(struct parse_state *st, const char *v, void *field)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*(bool *)field = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*(bool *)field = false;
			return 0;
		}
	}
	return fail(st, "expected yes or no");
}

/* "6", "6s", "500ms", "54min", "1h": into ms, within [1 ms, 24 h]. */
static int duration_ms(const char *v, uint64_t *ms)
{
	static const struct { const char *unit; uint64_t ms; } units[] = {
		{ "", 1000 }, { "s", 1000 }, { "ms", 1 }, { "min", 60000 },
		{ "h", 3600000 },
	};
	char *end;
	unsigned long long n;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || n > 86400000ULL)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit)) {
			*ms = n * units[i].ms;
			return *ms >= 1 && *ms <= 86400000ULL ? 0 : -1;
		}
	return -1;
}

static int p_timer_ms(struct parse_state *st, const char *v, void *field)
{
	uint64_t ms;

	if (duration_ms(v, &ms))
		return fail(st, "expected a duration from 1ms to 24h (6, 6s, 500ms, 54min)");
	*(uint32_t *)field = (uint32_t)ms;
	return 0;
}

static int p_timer_s(struct parse_state *st, const char *v, void *field)
{
	uint64_t ms;

	/* TS 24.008 10.5.7.3: GPRS timer reaches 31 decihours = 186 min. */
	if (duration_ms(v, &ms) || ms % 1000 || ms > 186ULL * 60000)
		return fail(st, "expected whole seconds up to 186min");
	*(uint32_t *)field = (uint32_t)(ms / 1000);
	return 0;
}

/* "10M", "100k", "1G", "5000" bit/s, at most 10^10 (TS 36.413 9.2.1.20). */
static int p_bitrate(struct parse_state *st, const char *v, void *field)
{
	char *end;
	unsigned long long n, mult = 1;

	if (!isdigit((unsigned char)*v))
		return fail(st, "expected a bit rate (5000, 100k, 50M, 1G)");
	errno = 0;
	n = strtoull(v, &end, 10);
	if (!strcmp(end, "k"))
		mult = 1000;
	else if (!strcmp(end, "M"))
		mult = 1000000;
	else if (!strcmp(end, "G"))
		mult = 1000000000;
	else if (*end)
		return fail(st, "expected a bit rate (5000, 100k, 50M, 1G)");
	if (errno || n > 10000000000ULL / mult)
		return fail(st, "at most 10G bit/s");
	*(uint64_t *)field = n * mult;
	return 0;
}

static int parse_addr(const char *s, struct config_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->v4) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &a->v6) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

static int bind_item(struct parse_state *st, const char *item, void *arg)
{
	struct config *c = arg;

	if (c->n_bind == CONFIG_MAX_BIND)
		return fail(st, "at most %d addresses", CONFIG_MAX_BIND);
	if (parse_addr(item, &c->bind[c->n_bind]))
		return fail(st, "'%s' is not an IPv4 or IPv6 address", item);
	for (size_t i = 0; i < c->n_bind; i++)
		if (!memcmp(&c->bind[i], &c->bind[c->n_bind], sizeof(c->bind[i])))
			return fail(st, "'%s' given twice", item);
	c->n_bind++;
	return 0;
}

static int p_bind(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;

	c->n_bind = 0;
	return for_each_item(st, v, bind_item, c);
}

static int tac_item(struct parse_state *st, const char *item, void *arg)
{
	struct config *c = arg;
	unsigned long long n;

	if (c->n_tacs == CONFIG_MAX_TAC)
		return fail(st, "at most %d TACs", CONFIG_MAX_TAC);
	/* TS 23.003 19.4.2.3: 0x0000 and 0xfffe are reserved */
	if (parse_uint(item, 1, 65535, &n) || n == 0xfffe)
		return fail(st, "'%s' is not a TAC (1 to 65535, not 65534)", item);
	c->tacs[c->n_tacs++] = (uint16_t)n;
	return 0;
}

static int p_tacs(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;

	c->n_tacs = 0;
	return for_each_item(st, v, tac_item, c);
}

struct alg_list {
	const char *prefix;	/* "EIA" or "EEA" */
	uint8_t *ids;
	size_t *n;
};

static int alg_item(struct parse_state *st, const char *item, void *arg)
{
	struct alg_list *l = arg;
	unsigned long long id;

	if (strncasecmp(item, l->prefix, 3) || parse_uint(item + 3, 0, 7, &id))
		return fail(st, "'%s' is not %s0 to %s7", item, l->prefix, l->prefix);
	/* TS 33.401 5.1.4.2: EIA0 only for unauthenticated emergency calls */
	if (!strcmp(l->prefix, "EIA") && id == 0)
		return fail(st, "EIA0 is never selected for a normal attach");
	for (size_t i = 0; i < *l->n; i++)
		if (l->ids[i] == id)
			return fail(st, "%s given twice", item);
	if (*l->n == CONFIG_MAX_ALGS)
		return fail(st, "at most %d algorithms", CONFIG_MAX_ALGS);
	l->ids[(*l->n)++] = (uint8_t)id;
	return 0;
}

static int p_eia(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;
	struct alg_list l = { "EIA", c->eia, &c->n_eia };

	c->n_eia = 0;
	return for_each_item(st, v, alg_item, &l);
}

static int p_eea(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;
	struct alg_list l = { "EEA", c->eea, &c->n_eea };

	c->n_eea = 0;
	return for_each_item(st, v, alg_item, &l);
}

static int p_apn(struct parse_state *st, const char *v, void *field)
{
	size_t n = strlen(v);

	/* TS 23.003 9.1: labels of letters, digits and '-', dot separated */
	if (!n || n > CONFIG_APN_MAX || v[0] == '.' || v[n - 1] == '.' || strstr(v, ".."))
		return fail(st, "expected an APN of 1 to %d characters", CONFIG_APN_MAX);
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return fail(st, "'%c' is not allowed in an APN", *p);
	strcpy(field, v);
	return 0;
}

/* "10.45.0.0/16": the pool hands out base+1 .. broadcast-1. */
static int p_pool(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;
	char buf[32], *slash;
	unsigned long long len;
	struct in_addr a;
	uint32_t base, mask;

	if (strlen(v) >= sizeof(buf))
		return fail(st, "expected an IPv4 prefix (10.45.0.0/16)");
	strcpy(buf, v);
	slash = strchr(buf, '/');
	if (!slash)
		return fail(st, "expected an IPv4 prefix (10.45.0.0/16)");
	*slash = 0;
	if (inet_pton(AF_INET, buf, &a) != 1 || parse_uint(slash + 1, 8, 30, &len))
		return fail(st, "expected an IPv4 prefix of length 8 to 30");
	mask = 0xffffffffu << (32 - len);
	base = ntohl(a.s_addr);
	if (base & ~mask)
		return fail(st, "host bits set in %s", v);
	c->pool_base = a;
	c->pool_first = base + 1;
	c->pool_last = (base | ~mask) - 1;
	return 0;
}

static int dns_item(struct parse_state *st, const char *item, void *arg)
{
	struct config *c = arg;

	if (c->n_dns == CONFIG_MAX_DNS)
		return fail(st, "at most %d servers", CONFIG_MAX_DNS);
	if (inet_pton(AF_INET, item, &c->dns[c->n_dns]) != 1)
		return fail(st, "'%s' is not an IPv4 address", item);
	c->n_dns++;
	return 0;
}

static int p_dns(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;

	c->n_dns = 0;
	return for_each_item(st, v, dns_item, c);
}

static int s1u_item(struct parse_state *st, const char *item, void *arg)
{
	struct config *c = arg;
	struct config_addr a;

	if (parse_addr(item, &a))
		return fail(st, "'%s' is not an IPv4 or IPv6 address", item);
	if ((a.family == AF_INET ? c->s1u_v4 : c->s1u_v6).family)
		return fail(st, "one IPv4 and one IPv6 address at most");
	if (a.family == AF_INET)
		c->s1u_v4 = a;
	else
		c->s1u_v6 = a;
	return 0;
}

static int p_s1u(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;

	memset(&c->s1u_v4, 0, sizeof(c->s1u_v4));
	memset(&c->s1u_v6, 0, sizeof(c->s1u_v6));
	return for_each_item(st, v, s1u_item, c);
}

static int p_teids(struct parse_state *st, const char *v, void *field)
{
	struct config *c = field;
	unsigned long long lo, hi;
	char buf[32], *dash;

	if (strlen(v) >= sizeof(buf))
		return fail(st, "expected FIRST-LAST");
	strcpy(buf, v);
	dash = strchr(buf, '-');
	if (!dash)
		return fail(st, "expected FIRST-LAST");
	*dash = 0;
	if (parse_uint(buf, 1, 0xffffffffULL, &lo) ||
	    parse_uint(dash + 1, 1, 0xffffffffULL, &hi) || lo > hi)
		return fail(st, "expected FIRST-LAST within 1..4294967295");
	c->teid_first = (uint32_t)lo;
	c->teid_last = (uint32_t)hi;
	return 0;
}

static const char *const level_names[] = {
	[LOG_LEVEL_ERR] = "err", [LOG_LEVEL_WARNING] = "warning",
	[LOG_LEVEL_NOTICE] = "notice", [LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

const char *config_log_level_name(enum config_log_level level)
{
	return level <= LOG_LEVEL_DEBUG ? level_names[level] : "?";
}

static int p_level(struct parse_state *st, const char *v, void *field)
{
	for (int i = 0; i <= LOG_LEVEL_DEBUG; i++)
		if (!strcasecmp(v, level_names[i])) {
			*(enum config_log_level *)field = i;
			return 0;
		}
	return fail(st, "expected err, warning, notice, info or debug");
}

/*
 * Who does NAS security: nassec.ko (kernel) or the daemon itself (daemon),
 * for measuring the offload against its absence (nas_sec.h).
 */
static int p_nas_security(struct parse_state *st, const char *v, void *field)
{
	int mode = nas_sec_mode_from_name(v);

	if (mode < 0)
		return fail(st, "expected kernel or daemon");
	*(uint8_t *)field = (uint8_t)mode;
	return 0;
}

/* Parsers that fill several fields take the whole struct (offset 0). */
#define F(member)	offsetof(struct config, member)
#define WHOLE		0

static const struct config_key keys[] = {
	{ "mme", "name", p_mme_name, F(mme_name), false },
	{ "mme", "mcc", p_mcc, F(mcc), false },
	{ "mme", "mnc", p_mnc, F(mnc), false },
	{ "mme", "group_id", p_u16, F(mme_group_id), false },
	{ "mme", "code", p_u8, F(mme_code), false },
	{ "mme", "tac", p_tacs, WHOLE, false },
	{ "mme", "relative_capacity", p_u8, F(relative_capacity), false },
	{ "s1", "bind", p_bind, WHOLE, false },
	{ "s1", "port", p_port, F(port), false },
	{ "security", "integrity", p_eia, WHOLE, true },
	{ "security", "ciphering", p_eea, WHOLE, true },
	{ "security", "request_imeisv", p_bool, F(request_imeisv), true },
	{ "security", "hash_mme", p_bool, F(hash_mme), true },
	{ "security", "guti_skips_aka", p_bool, F(guti_skips_aka), true },
	/* The contexts live in one place: moving them is a restart. */
	{ "security", "nas_security", p_nas_security, F(nas_security), false },
	{ "timers", "t3460", p_timer_ms, F(t3460_ms), true },
	{ "timers", "t3450", p_timer_ms, F(t3450_ms), true },
	{ "timers", "t3470", p_timer_ms, F(t3470_ms), true },
	{ "timers", "t3422", p_timer_ms, F(t3422_ms), true },
	{ "timers", "retransmissions", p_retrans, F(retransmissions), true },
	{ "timers", "t3412", p_timer_s, F(t3412_s), true },
	{ "pdn", "apn", p_apn, F(apn), false },
	{ "pdn", "pool", p_pool, WHOLE, false },
	{ "pdn", "dns", p_dns, WHOLE, false },
	{ "pdn", "qci", p_qci, F(qci), false },
	{ "pdn", "arp_priority", p_arp, F(arp_priority), false },
	{ "pdn", "ambr_ul", p_bitrate, F(ambr_ul), false },
	{ "pdn", "ambr_dl", p_bitrate, F(ambr_dl), false },
	{ "s1u", "address", p_s1u, WHOLE, false },
	{ "s1u", "teid_range", p_teids, WHOLE, false },
	{ "store", "subscribers", p_path, F(subscriber_db), false },
	{ "control", "socket", p_path, F(control_socket), false },
	{ "control", "group", p_group, F(control_group), false },
	{ "log", "level", p_level, F(log_level), true },
};

#define N_KEYS	(sizeof(keys) / sizeof(keys[0]))
_Static_assert(N_KEYS <= 64, "parse_state.seen has a bit per key");

void config_defaults(struct config *c)
{
	static const uint8_t eia[] = { 2, 1, 3 }, eea[] = { 2, 1, 3, 0 };

	memset(c, 0, sizeof(*c));
	strcpy(c->mme_name, "nassec-mme");
	strcpy(c->mcc, "001");
	strcpy(c->mnc, "01");
	c->mme_group_id = 1;
	c->mme_code = 1;
	c->tacs[0] = 1;
	c->n_tacs = 1;
	c->relative_capacity = 255;
	c->bind[0].family = AF_INET;	/* 0.0.0.0 */
	c->n_bind = 1;
	c->port = 36412;
	memcpy(c->eia, eia, sizeof(eia));
	c->n_eia = sizeof(eia);
	memcpy(c->eea, eea, sizeof(eea));
	c->n_eea = sizeof(eea);
	c->request_imeisv = true;
	c->t3460_ms = c->t3450_ms = c->t3470_ms = c->t3422_ms = 6000;
	c->retransmissions = 4;
	c->t3412_s = 54 * 60;		/* TS 24.301 10.2: default 54 min */
	strcpy(c->apn, "internet");
	inet_pton(AF_INET, "10.45.0.0", &c->pool_base);
	c->pool_first = 0x0a2d0001;
	c->pool_last = 0x0a2dfffe;
	inet_pton(AF_INET, "10.45.0.1", &c->dns[0]);
	c->n_dns = 1;
	c->qci = 9;
	c->arp_priority = 8;
	c->ambr_ul = c->ambr_dl = 100000000;
	c->s1u_v4.family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &c->s1u_v4.v4);
	c->teid_first = 1;
	c->teid_last = 0xffffffffu;
	strcpy(c->subscriber_db, "/var/lib/nassec/subscribers.db");
	strcpy(c->control_socket, "/run/nassec/nassecd.sock");
	c->log_level = LOG_LEVEL_INFO;
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	struct parse_state *st = user;
	size_t i;

	if (st->failed)		/* report the first error only */
		return 1;
	snprintf(st->section, sizeof(st->section), "%s", section);
	snprintf(st->key, sizeof(st->key), "%s", name);
	for (i = 0; i < N_KEYS; i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
			break;
	if (i == N_KEYS) {
		bool known = false;

		for (size_t j = 0; j < N_KEYS; j++)
			known |= !strcmp(keys[j].section, section);
		fail(st, known ? "unknown key" : "unknown section");
	} else if (st->seen & (1ULL << i)) {
		fail(st, "given twice");
	} else {
		st->seen |= 1ULL << i;
		if (!keys[i].parse(st, value, (char *)&st->cfg + keys[i].offset))
			return 1;
	}
	st->failed = true;
	return 0;
}

/* Cross-key rules, once the file is read. */
static int check_whole(struct parse_state *st)
{
	struct config *c = &st->cfg;

	snprintf(st->key, sizeof(st->key), "%s", "");
	if (c->pool_last < c->pool_first)
		return fail(st, "[pdn] pool has no addresses");
	if (!c->s1u_v4.family && !c->s1u_v6.family)
		return fail(st, "[s1u] address: none given");
	return 0;
}

static int finish(struct config *cfg, struct parse_state *st, int line,
		  char *err, size_t errlen)
{
	if (line < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", st->name,
			 line == -1 ? strerror(errno) : "out of memory");
		return -1;
	}
	if (line > 0) {
		if (st->failed)
			snprintf(err, errlen, "%s:%d: [%s] %s: %s", st->name, line,
				 st->section, st->key, st->reason);
		else	/* libinih's own: no '=', unterminated section */
			snprintf(err, errlen, "%s:%d: not a 'key = value' line or [section]",
				 st->name, line);
		return -1;
	}
	if (check_whole(st)) {
		snprintf(err, errlen, "%s: %s", st->name, st->reason);
		return -1;
	}
	*cfg = st->cfg;
	return 0;
}

int config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	struct parse_state st = { .name = path };
	FILE *f;
	int line;

	config_defaults(&st.cfg);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	line = ini_parse_file(f, handler, &st);
	fclose(f);
	return finish(cfg, &st, line, err, errlen);
}

int config_load_string(struct config *cfg, const char *text, const char *name,
		       char *err, size_t errlen)
{
	struct parse_state st = { .name = name };
	FILE *f;
	int line;

	config_defaults(&st.cfg);
	f = fmemopen((void *)text, strlen(text), "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	line = ini_parse_file(f, handler, &st);
	fclose(f);
	return finish(cfg, &st, line, err, errlen);
}

static void append(char *list, size_t len, const char *section, const char *key)
{
	size_t used = strlen(list);

	snprintf(list + used, len - used, "%s%s.%s", used ? ", " : "", section, key);
}

/* Whether key i differs between a and b (whole-struct keys by their fields). */
static bool key_differs(size_t i, const struct config *a, const struct config *b)
{
	const struct config_key *k = &keys[i];

#define DIFF(m)	(memcmp(&a->m, &b->m, sizeof(a->m)) != 0)
	if (k->parse == p_tacs)
		return a->n_tacs != b->n_tacs || DIFF(tacs);
	if (k->parse == p_bind)
		return a->n_bind != b->n_bind || DIFF(bind);
	if (k->parse == p_eia)
		return a->n_eia != b->n_eia || DIFF(eia);
	if (k->parse == p_eea)
		return a->n_eea != b->n_eea || DIFF(eea);
	if (k->parse == p_pool)
		return a->pool_first != b->pool_first || a->pool_last != b->pool_last;
	if (k->parse == p_dns)
		return a->n_dns != b->n_dns || DIFF(dns);
	if (k->parse == p_s1u)
		return DIFF(s1u_v4) || DIFF(s1u_v6);
	if (k->parse == p_teids)
		return a->teid_first != b->teid_first || a->teid_last != b->teid_last;
#undef DIFF
	if (k->parse == p_mme_name || k->parse == p_mcc || k->parse == p_mnc ||
	    k->parse == p_apn || k->parse == p_path || k->parse == p_group)
		return strcmp((const char *)a + k->offset, (const char *)b + k->offset) != 0;
	if (k->parse == p_bool)
		return *(const bool *)((const char *)a + k->offset) !=
		       *(const bool *)((const char *)b + k->offset);
	if (k->parse == p_timer_ms || k->parse == p_timer_s)
		return *(const uint32_t *)((const char *)a + k->offset) !=
		       *(const uint32_t *)((const char *)b + k->offset);
	if (k->parse == p_bitrate)
		return *(const uint64_t *)((const char *)a + k->offset) !=
		       *(const uint64_t *)((const char *)b + k->offset);
	if (k->parse == p_level)
		return a->log_level != b->log_level;
	if (k->parse == p_port || k->parse == p_u16)
		return *(const uint16_t *)((const char *)a + k->offset) !=
		       *(const uint16_t *)((const char *)b + k->offset);
	return *((const uint8_t *)a + k->offset) != *((const uint8_t *)b + k->offset);
}

void config_apply_live(struct config *live, const struct config *next,
		       char *applied, size_t applied_len,
		       char *restart, size_t restart_len)
{
	struct config before = *live;

	applied[0] = restart[0] = 0;
	for (size_t i = 0; i < N_KEYS; i++) {
		if (!key_differs(i, &before, next))
			continue;
		if (keys[i].live)
			append(applied, applied_len, keys[i].section, keys[i].name);
		else
			append(restart, restart_len, keys[i].section, keys[i].name);
	}
	memcpy(live->eia, next->eia, sizeof(live->eia));
	live->n_eia = next->n_eia;
	memcpy(live->eea, next->eea, sizeof(live->eea));
	live->n_eea = next->n_eea;
	live->request_imeisv = next->request_imeisv;
	live->hash_mme = next->hash_mme;
	live->guti_skips_aka = next->guti_skips_aka;
	live->t3460_ms = next->t3460_ms;
	live->t3450_ms = next->t3450_ms;
	live->t3470_ms = next->t3470_ms;
	live->t3422_ms = next->t3422_ms;
	live->retransmissions = next->retransmissions;
	live->t3412_s = next->t3412_s;
	live->log_level = next->log_level;
}
