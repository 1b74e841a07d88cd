// SPDX-License-Identifier: GPL-2.0
/* The MME's lifetime: start, live reload, orderly stop. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "ctl_commands.h"
#include "log.h"
#include "mme.h"
#include "s1ap_path.h"
#include "subscriber.h"

static void on_assoc_up(void *arg, uint32_t assoc_id, uint16_t in, uint16_t out)
{
	(void)arg;
	log_info("eNB association %u up (%u in, %u out streams)", assoc_id, in, out);
}

static void on_assoc_down(void *arg, uint32_t assoc_id)
{
	(void)arg;
	log_info("eNB association %u down", assoc_id);
}

static void on_message(void *arg, uint32_t assoc_id, uint16_t stream,
		       uint8_t *msg, size_t len, const struct nassec_verdict_info *vi)
{
	struct mme *m = arg;

	m->s1ap_messages++;
	log_debug("association %u stream %u: %zu octets, verdict %s", assoc_id,
		  stream, len, vi ? nassec_verdict_name(vi->verdict) : "none");
	(void)msg;
}

static const struct s1ap_path_ops s1_ops = {
	.assoc_up = on_assoc_up,
	.assoc_down = on_assoc_down,
	.message = on_message,
};

static const struct ctl_command *const ctl_tables[] = {
	ctl_mme_commands, ctl_subscriber_commands, NULL,
};

int mme_start(struct mme *m)
{
	struct timespec ts;
	int err;

	clock_gettime(CLOCK_REALTIME, &ts);
	m->started_usec = ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
	err = sub_open(m->cfg.subscriber_db, NULL, &m->subs);
	if (err) {
		log_err("subscriber store %s: %s", m->cfg.subscriber_db, strerror(-err));
		return err;
	}
	err = nassec_open(&m->nl);
	if (err) {
		log_err("nassec.ko: %s (is the module loaded?)", strerror(-err));
		return err;
	}
	err = ctl_open(&m->ctl, m->ev, m->cfg.control_socket, m->cfg.control_group,
		       ctl_tables, m);
	if (err)
		return err;
	return s1ap_path_open(&m->s1, &m->cfg, m->nl, m->ev, &s1_ops, m);
}

void mme_reload(struct mme *m)
{
	char err[CONFIG_ERR_MAX], applied[512], restart[512];
	struct config next;

	if (!m->config_path) {
		log_notice("reload: running on the embedded default, nothing to read");
		return;
	}
	if (config_load(&next, m->config_path, err, sizeof(err))) {
		log_err("reload refused, nothing changed: %s", err);
		return;
	}
	config_apply_live(&m->cfg, &next, applied, sizeof(applied), restart, sizeof(restart));
	log_set_level(m->cfg.log_level);
	log_notice("reload: applied %s; %s%s", applied[0] ? applied : "nothing",
		   restart[0] ? "needs a restart: " : "nothing needs a restart",
		   restart);
}

void mme_stop(struct mme *m)
{
	ctl_close(m->ctl);
	m->ctl = NULL;
	s1ap_path_close(m->s1);
	m->s1 = NULL;
	nassec_close(m->nl);
	m->nl = NULL;
	sub_close(m->subs);
	m->subs = NULL;
}
