// SPDX-License-Identifier: GPL-2.0
/* nassec mme show (and, with the S1AP handler, enb and ue): the daemon's view. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include <stdlib.h>
#include <string.h>

#include "ctl_commands.h"
#include "emm_edge.h"
#include "nas_msg.h"
#include "nas_sec.h"
#include "subscriber.h"

static uint64_t uptime_s(const struct mme *m)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000 - m->started_usec) / 1000000;
}

static void bind_text(const struct config *c, char *out, size_t len)
{
	size_t used = 0;

	out[0] = 0;
	for (size_t i = 0; i < c->n_bind && used < len; i++) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(c->bind[i].family, &c->bind[i].v4, a, sizeof(a));
		used += snprintf(out + used, len - used, "%s%s", i ? "," : "", a);
	}
}

static int cmd_mme_show(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	const struct config *c = &m->cfg;
	char bind[CONFIG_MAX_BIND * (INET6_ADDRSTRLEN + 1)];
	uint64_t subscribers = 0;

	(void)argv;
	if (argc != 2)
		return ctl_error(r, EINVAL, "usage: mme show");
	sub_count(m->subs, &subscribers);
	bind_text(c, bind, sizeof(bind));
	if (r->json) {
		struct json *j = &r->js;

		json_object_start(j, NULL);
		json_string(j, "name", c->mme_name);
		json_string(j, "mcc", c->mcc);
		json_string(j, "mnc", c->mnc);
		json_uint(j, "mme_group_id", c->mme_group_id);
		json_uint(j, "mme_code", c->mme_code);
		json_string(j, "s1_bind", bind);
		json_uint(j, "s1_port", c->port);
		json_string(j, "nas_security", nas_sec_mode_name(c->nas_security));
		json_uint(j, "uptime_s", uptime_s(m));
		json_uint(j, "subscribers", subscribers);
		json_uint(j, "enbs", m->enbs.n);
		json_uint(j, "ues", m->ues.count);
		json_uint(j, "bytes_per_ue", ue_bytes_per_ue(&m->ues));
		json_uint(j, "s1ap_messages", m->s1ap_messages);
		json_uint(j, "s1ap_errors", m->s1ap_errors);
		json_uint(j, "nas_undecodable", m->nas_undecodable);
		json_object_start(j, "counters");
		for (unsigned int i = 0; i < __EMM_C_MAX; i++)
			json_uint(j, emm_counter_name(i), m->counters.c[i]);
		json_object_end(j);
		json_object_start(j, "attach_failed");
		for (unsigned int i = 0; i < __EMM_FAIL_MAX; i++)
			json_uint(j, emm_fail_name(i), m->counters.attach_failed[i]);
		json_object_end(j);
		json_object_start(j, "attach_reject_cause");
		for (unsigned int i = 0; i < 128; i++)
			if (m->counters.attach_reject_cause[i]) {
				char key[8];

				snprintf(key, sizeof(key), "%u", i);
				json_uint(j, key, m->counters.attach_reject_cause[i]);
			}
		json_object_end(j);
		json_object_end(j);
		return 0;
	}
	fprintf(r->out, "mme %s: plmn %s-%s gummei group %u code %u, up %llus\n",
		c->mme_name, c->mcc, c->mnc, c->mme_group_id, c->mme_code,
		(unsigned long long)uptime_s(m));
	fprintf(r->out, "s1: %s port %u, %llu S1AP messages read, NAS security by %s\n", bind,
		c->port, (unsigned long long)m->s1ap_messages,
		c->nas_security == NAS_SEC_DAEMON ? "nassecd (not offloaded)" : "nassec.ko");
	fprintf(r->out, "subscribers: %llu  eNBs: %zu  UEs: %llu (%zu octets each)\n",
		(unsigned long long)subscribers, m->enbs.n, (unsigned long long)m->ues.count,
		ue_bytes_per_ue(&m->ues));
	fprintf(r->out, "s1ap errors: %llu  uplink NAS undecodable: %llu\n",
		(unsigned long long)m->s1ap_errors, (unsigned long long)m->nas_undecodable);
	fputs("counters:", r->out);
	for (unsigned int i = 0, col = 0; i < __EMM_C_MAX; i++) {
		if (!m->counters.c[i])
			continue;
		fprintf(r->out, "%s%s %llu", col++ % 4 ? "  " : "\n  ", emm_counter_name(i),
			(unsigned long long)m->counters.c[i]);
	}
	fputc('\n', r->out);
	for (unsigned int i = 0; i < __EMM_FAIL_MAX; i++)
		if (m->counters.attach_failed[i])
			fprintf(r->out, "attach failed, %s: %llu\n", emm_fail_name(i),
				(unsigned long long)m->counters.attach_failed[i]);
	for (unsigned int i = 0; i < 128; i++)
		if (m->counters.attach_reject_cause[i])
			fprintf(r->out, "attach reject #%u: %llu\n", i,
				(unsigned long long)m->counters.attach_reject_cause[i]);
	return 0;
}

/* "MCC-MNC" of a PLMN identity (same octets in S1AP and NAS). */
static void plmn_digits(const struct s1ap_plmn *p, char *out, size_t len)
{
	struct nas_plmn n;
	char mcc[4], mnc[4];

	memcpy(n.octets, p->octets, sizeof(n.octets));
	nas_plmn_to_digits(&n, mcc, mnc);
	snprintf(out, len, "%s-%s", mcc, mnc);
}

static int cmd_enb_list(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;

	(void)argv;
	if (argc != 2)
		return ctl_error(r, EINVAL, "usage: enb list");
	if (r->json)
		json_array_start(&r->js, NULL);
	for (size_t i = 0; i < m->enbs.n; i++) {
		const struct enb *e = &m->enbs.enbs[i];
		char plmn[16] = "-";

		if (e->setup)
			plmn_digits(&e->plmn, plmn, sizeof(plmn));
		if (r->json) {
			struct json *j = &r->js;

			json_object_start(j, NULL);
			json_uint(j, "assoc_id", e->assoc_id);
			json_string(j, "name", e->name);
			json_bool(j, "setup", e->setup);
			json_uint(j, "enb_id", e->enb_id);
			json_string(j, "plmn", plmn);
			json_array_start(j, "tacs");
			for (unsigned int t = 0; t < e->n_tacs; t++)
				json_uint(j, NULL, e->tacs[t]);
			json_array_end(j);
			json_uint(j, "ues", e->ues);
			json_uint(j, "messages", e->rx_messages);
			json_uint(j, "streams_in", e->in_streams);
			json_uint(j, "streams_out", e->out_streams);
			json_object_end(j);
			continue;
		}
		fprintf(r->out, "%-20s assoc %u  %s  enb-id %x  plmn %s  tac", e->label,
			e->assoc_id, e->setup ? "up" : "no-setup", e->enb_id, plmn);
		for (unsigned int t = 0; t < e->n_tacs; t++)
			fprintf(r->out, "%s%u", t ? "," : " ", e->tacs[t]);
		fprintf(r->out, "  ues %u  messages %llu\n", e->ues,
			(unsigned long long)e->rx_messages);
	}
	if (r->json)
		json_array_end(&r->js);
	return 0;
}

static void ip_text(uint32_t ip, char *out, size_t len)
{
	uint32_t be = htonl(ip);

	if (!ip)
		snprintf(out, len, "-");
	else
		inet_ntop(AF_INET, &be, out, len);
}

/* Where the UE's EPS security context lives: nassec.ko or nassecd itself. */
static const char *security_context_holder(const struct mme *m, const struct mme_ue *ue)
{
	return ue->kctx ? nas_sec_mode_name(m->cfg.nas_security) : "none";
}

static void ue_json(struct mme *m, const struct mme_ue *ue, struct json *j, bool detail)
{
	const struct emm_ue *u = &ue->emm;
	const struct enb *e = ue->assoc_id ? enb_find(&m->enbs, ue->assoc_id) : NULL;
	char ip[INET_ADDRSTRLEN];

	ip_text(u->flags & EMM_UE_F_PDN ? u->ipv4 : 0, ip, sizeof(ip));
	json_object_start(j, NULL);
	json_uint(j, "id", ue->id);
	json_string(j, "imsi", u->flags & EMM_UE_F_IMSI ? u->imsi : "");
	json_string(j, "state", emm_state_name(u->state));
	json_string(j, "waiting", emm_sub_name(u->sub));
	json_bool(j, "connected", ue->assoc_id != 0);
	json_string(j, "enb", e ? e->label : "");
	if (u->flags & EMM_UE_F_GUTI)
		json_uint(j, "m_tmsi", u->guti.mtmsi);
	json_string(j, "ipv4", ip);
	json_uint(j, "eia", u->eia);
	json_uint(j, "eea", u->eea);
	if (detail) {
		json_uint(j, "ksi", u->cur_ksi);
		json_string(j, "imeisv", ue->imeisv);
		json_uint(j, "enb_ue_id", ue->enb_ue_id);
		json_uint(j, "radio_capability_octets", ue->radio_cap_len);
		json_bool(j, "kernel_context",
			  ue->kctx && m->cfg.nas_security == NAS_SEC_KERNEL);
		json_string(j, "security_context", security_context_holder(m, ue));
	}
	json_object_end(j);
}

static void ue_text(struct mme *m, const struct mme_ue *ue, FILE *f, bool detail)
{
	const struct emm_ue *u = &ue->emm;
	const struct enb *e = ue->assoc_id ? enb_find(&m->enbs, ue->assoc_id) : NULL;
	char ip[INET_ADDRSTRLEN];

	ip_text(u->flags & EMM_UE_F_PDN ? u->ipv4 : 0, ip, sizeof(ip));
	fprintf(f, "%-8u %-15s %-22s %-10s %-15s eia%u eea%u %s\n", ue->id,
		u->flags & EMM_UE_F_IMSI ? u->imsi : "-", emm_state_name(u->state),
		emm_sub_name(u->sub), ip, u->eia, u->eea, e ? e->label : "idle");
	if (!detail)
		return;
	if (u->flags & EMM_UE_F_GUTI)
		fprintf(f, "  guti m-tmsi %08x mme group %u code %u\n", u->guti.mtmsi,
			u->guti.mmegi, u->guti.mmec);
	fprintf(f, "  ksi %u  imeisv %s  enb-ue-id %u  radio capability %u octets  security context %s\n",
		u->cur_ksi, ue->imeisv[0] ? ue->imeisv : "-", ue->enb_ue_id,
		ue->radio_cap_len, security_context_holder(m, ue));
}

static int cmd_ue_list(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	const struct idmap *t = &m->ues.by_id;

	(void)argv;
	if (argc != 2)
		return ctl_error(r, EINVAL, "usage: ue list");
	if (r->json)
		json_array_start(&r->js, NULL);
	for (size_t i = 0; t->slots && i <= t->mask; i++) {
		const struct mme_ue *ue = t->slots[i].value;

		if (!ue)
			continue;
		if (r->json)
			ue_json(m, ue, &r->js, false);
		else
			ue_text(m, ue, r->out, false);
	}
	if (r->json)
		json_array_end(&r->js);
	return 0;
}

/* ID or IMSI: IMSIs have 6 or more digits, ids are below 2^32 and... any length. */
static struct mme_ue *find_ue(struct mme *m, const char *ref)
{
	struct mme_ue *ue = strlen(ref) >= 6 ? ue_by_imsi(&m->ues, ref) : NULL;
	char *end;
	unsigned long id;

	if (ue)
		return ue;
	id = strtoul(ref, &end, 10);
	return *end || id > UINT32_MAX ? NULL : ue_by_id(&m->ues, (uint32_t)id);
}

static int cmd_ue_show(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	struct mme *m = arg;
	struct mme_ue *ue;

	if (argc != 3)
		return ctl_error(r, EINVAL, "usage: ue show ID|IMSI");
	ue = find_ue(m, argv[2]);
	if (!ue)
		return ctl_error(r, ENOENT, "no UE %s", argv[2]);
	if (r->json)
		ue_json(m, ue, &r->js, true);
	else
		ue_text(m, ue, r->out, true);
	return 0;
}

static int ue_command(struct mme *m, int argc, char **argv, struct ctl_reply *r,
		      uint8_t type)
{
	struct emm_event ev = { .type = type };
	struct mme_ue *ue;

	if (argc != 3)
		return ctl_error(r, EINVAL, "usage: ue %s ID|IMSI", argv[1]);
	ue = find_ue(m, argv[2]);
	if (!ue)
		return ctl_error(r, ENOENT, "no UE %s", argv[2]);
	if (type == EMM_EV_CLI_DETACH) {
		if (ue->emm.state != EMM_REGISTERED)
			return ctl_error(r, EAGAIN, "UE %s is %s, not registered", argv[2],
					 emm_state_name(ue->emm.state));
		/* TS 24.301 9.9.3.7: re-attach not required */
		ev.detach_type = 2;
	} else if (!ue->assoc_id) {
		return ctl_error(r, ENOTCONN, "UE %s has no S1 connection", argv[2]);
	}
	edge_event(m, ue, &ev);
	return 0;
}

static int cmd_ue_detach(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	return ue_command(arg, argc, argv, r, EMM_EV_CLI_DETACH);
}

static int cmd_ue_release(void *arg, int argc, char **argv, struct ctl_reply *r)
{
	return ue_command(arg, argc, argv, r, EMM_EV_CLI_RELEASE);
}

const struct ctl_command ctl_mme_commands[] = {
	{ "mme", "show", cmd_mme_show },
	{ "enb", "list", cmd_enb_list },
	{ "ue", "list", cmd_ue_list },
	{ "ue", "show", cmd_ue_show },
	{ "ue", "detach", cmd_ue_detach },
	{ "ue", "release", cmd_ue_release },
	{ 0 },
};
