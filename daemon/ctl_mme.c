// SPDX-License-Identifier: GPL-2.0
/* nassec mme show (and, with the S1AP handler, enb and ue): the daemon's view. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "ctl_commands.h"
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
		json_uint(j, "uptime_s", uptime_s(m));
		json_uint(j, "subscribers", subscribers);
		json_uint(j, "s1ap_messages", m->s1ap_messages);
		json_object_end(j);
		return 0;
	}
	fprintf(r->out, "mme %s: plmn %s-%s gummei group %u code %u, up %llus\n",
		c->mme_name, c->mcc, c->mnc, c->mme_group_id, c->mme_code,
		(unsigned long long)uptime_s(m));
	fprintf(r->out, "s1: %s port %u, %llu S1AP messages read\n", bind, c->port,
		(unsigned long long)m->s1ap_messages);
	fprintf(r->out, "subscribers: %llu\n", (unsigned long long)subscribers);
	return 0;
}

const struct ctl_command ctl_mme_commands[] = {
	{ "mme", "show", cmd_mme_show },
	{ 0 },
};
