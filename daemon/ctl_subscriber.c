// SPDX-License-Identifier: GPL-2.0
/*
 * nassec subscriber list|show|add|del|import: the store over the control
 * socket. Keys arrive in requests (hex), go into the store and are wiped;
 * no reply ever carries one.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ctl_commands.h"
#include "subscriber.h"

static int hex_to(const char *s, uint8_t *out, size_t len)
{
	if (strlen(s) != 2 * len)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

/* "eia1,eia2" / "eea0,eea2": a mask of TS 24.301 9.9.3.36 bit numbers. */
static int alg_mask(const char *s, const char *prefix, uint8_t *mask)
{
	char buf[64], *save = NULL, *item;

	*mask = 0;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		if (strncasecmp(item, prefix, 3) || item[3] < '0' || item[3] > '7' || item[4])
			return -1;
		*mask |= 1u << (item[3] - '0');
	}
	return *mask ? 0 : -1;
}

static void mask_text(FILE *f, const char *prefix, uint8_t mask)
{
	const char *sep = "";

	for (int i = 0; i < 8; i++)
		if (mask & (1u << i)) {
			fprintf(f, "%s%s%d", sep, prefix, i);
			sep = ",";
		}
}

static void info_json(struct json *j, const struct sub_info *in)
{
	char amf[5];

	snprintf(amf, sizeof(amf), "%02x%02x", in->amf[0], in->amf[1]);
	json_object_start(j, NULL);
	json_string(j, "imsi", in->imsi);
	json_string(j, "amf", amf);
	json_uint(j, "seq", in->seq);
	json_string(j, "provisioned", in->op_given ? "op" : "opc");
	if (in->alg_override) {
		json_uint(j, "eia_mask", in->eia_mask);
		json_uint(j, "eea_mask", in->eea_mask);
	}
	json_object_end(j);
}

static void info_text(FILE *f, const struct sub_info *in)
{
	fprintf(f, "%-15s  amf %02x%02x  seq %llu  %s", in->imsi, in->amf[0], in->amf[1],
		(unsigned long long)in->seq, in->op_given ? "op" : "opc");
	if (in->alg_override) {
		fputs("  ", f);
		mask_text(f, "eia", in->eia_mask);
		fputs(" ", f);
		mask_text(f, "eea", in->eea_mask);
	}
	fputc('\n', f);
}

static int list_one(const struct sub_info *in, void *arg)
{
	struct ctl_reply *r = arg;

	if (r->json)
		info_json(&r->js, in);
	else
		info_text(r->out, in);
	return 0;
}

static int store_error(struct mme *m, struct ctl_reply *r, int err)
{
	return ctl_error(r, err, "%s", sub_last_error(m->subs));
}

static int cmd_list(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	int err;

	(void)argv;
	if (argc != 2)
		return ctl_error(r, EINVAL, "usage: subscriber list");
	if (r->json)
		json_array_start(&r->js, NULL);
	err = sub_list(m->subs, list_one, r);
	if (r->json)
		json_array_end(&r->js);
	return err ? store_error(m, r, err) : 0;
}

static int cmd_show(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	struct sub_info in;
	int err;

	if (argc != 3)
		return ctl_error(r, EINVAL, "usage: subscriber show IMSI");
	err = sub_get_info(m->subs, argv[2], &in);
	if (err == -ENOENT)
		return ctl_error(r, ENOENT, "no subscriber %s", argv[2]);
	if (err)
		return store_error(m, r, err);
	list_one(&in, r);
	return 0;
}

/* subscriber add IMSI k HEX {opc|op} HEX [amf HEX] [sqn N] [eia LIST] [eea LIST] */
static int cmd_add(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	struct sub_record rec = { 0 };
	bool k = false, op = false, eia = false, eea = false;
	int err = 0;

	if (argc < 3 || !sub_imsi_ok(argv[2]) || argc % 2 == 0) {
		err = ctl_error(r, EINVAL, "usage: subscriber add IMSI k KEY {opc|op} KEY ...");
		goto out;
	}
	strcpy(rec.info.imsi, argv[2]);
	rec.info.amf[0] = AKA_AMF_SEPARATION_BIT;
	for (int i = 3; i + 1 < argc; i += 2) {
		const char *key = argv[i], *val = argv[i + 1];
		uint64_t sqn;
		char *end;

		if (!strcmp(key, "k") || !strcmp(key, "opc") || !strcmp(key, "op")) {
			bool is_k = key[0] == 'k';
			uint8_t *dst = is_k ? rec.k : !strcmp(key, "op") ? rec.op : rec.opc;

			if (is_k ? k : op) {
				err = ctl_error(r, EINVAL, "%s: given twice", is_k ? "k" : "opc/op");
				goto out;
			}
			if (hex_to(val, dst, AKA_K_LEN)) {
				err = ctl_error(r, EINVAL, "%s: expected 32 hex digits", key);
				goto out;
			}
			if (is_k) {
				k = true;
			} else {
				op = true;
				rec.info.op_given = !strcmp(key, "op");
			}
		} else if (!strcmp(key, "amf")) {
			if (hex_to(val, rec.info.amf, AKA_AMF_LEN)) {
				err = ctl_error(r, EINVAL, "amf: expected 4 hex digits");
				goto out;
			}
		} else if (!strcmp(key, "sqn")) {
			/* The SQN the USIM last accepted (as in import files). */
			sqn = strtoull(val, &end, 10);
			if (*end || sqn > AKA_SQN_MASK) {
				err = ctl_error(r, EINVAL, "sqn: expected 0 to 2^48-1");
				goto out;
			}
			rec.info.seq = aka_sqn_seq(sqn, sub_ind_bits(m->subs));
		} else if (!strcmp(key, "eia") && !eia) {
			eia = !alg_mask(val, "eia", &rec.info.eia_mask) && !(rec.info.eia_mask & 1);
			if (!eia) {
				err = ctl_error(r, EINVAL, "eia: expected a list of eia1..eia7");
				goto out;
			}
		} else if (!strcmp(key, "eea") && !eea) {
			eea = !alg_mask(val, "eea", &rec.info.eea_mask);
			if (!eea) {
				err = ctl_error(r, EINVAL, "eea: expected a list of eea0..eea7");
				goto out;
			}
		} else {
			err = ctl_error(r, EINVAL, "%s: unknown or given twice", key);
			goto out;
		}
	}
	if (!k || !op) {
		err = ctl_error(r, EINVAL, "k and one of opc/op are required");
		goto out;
	}
	if (eia != eea) {
		err = ctl_error(r, EINVAL, "eia and eea override the lists together");
		goto out;
	}
	rec.info.alg_override = eia;
	err = sub_add(m->subs, &rec);
	if (err == -EEXIST)
		err = ctl_error(r, EEXIST, "subscriber %s exists", rec.info.imsi);
	else if (err)
		err = store_error(m, r, err);
out:
	sub_record_wipe(&rec);
	/* The request's key words are wiped by ctl.c with the whole request. */
	return err;
}

static int cmd_del(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	int err;

	if (argc != 3)
		return ctl_error(r, EINVAL, "usage: subscriber del IMSI");
	err = sub_del(m->subs, argv[2]);
	if (err == -ENOENT)
		return ctl_error(r, ENOENT, "no subscriber %s", argv[2]);
	return err ? store_error(m, r, err) : 0;
}

/* subscriber import NAME TEXT: the CLI sends the file's text. */
static int cmd_import(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	unsigned int count;
	int err;

	if (argc != 4)
		return ctl_error(r, EINVAL, "usage: subscriber import FILE");
	err = sub_import_text(m->subs, argv[2], argv[3], &count);
	if (err)
		return store_error(m, r, err);
	if (r->json) {
		json_object_start(&r->js, NULL);
		json_uint(&r->js, "imported", count);
		json_object_end(&r->js);
	} else {
		fprintf(r->out, "%u subscribers imported\n", count);
	}
	return 0;
}

const struct ctl_command ctl_subscriber_commands[] = {
	{ "subscriber", "list", cmd_list },
	{ "subscriber", "show", cmd_show },
	{ "subscriber", "add", cmd_add },
	{ "subscriber", "del", cmd_del },
	{ "subscriber", "import", cmd_import },
	{ 0 },
};
