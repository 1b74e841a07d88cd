// SPDX-License-Identifier: GPL-2.0
/* The MME's lifetime: start, live reload, orderly stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl_commands.h"
#include "emm_edge.h"
#include "eps_kdf.h"
#include "log.h"
#include "mme.h"
#include "nas_msg.h"
#include "s1ap_handler.h"
#include "s1ap_path.h"
#include "subscriber.h"

uint64_t mme_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static void on_assoc_up(void *arg, uint32_t assoc_id, uint16_t in, uint16_t out)
{
	s1h_assoc_up(arg, assoc_id, in, out);
}

static void on_assoc_down(void *arg, uint32_t assoc_id)
{
	s1h_assoc_down(arg, assoc_id);
}

static void on_message(void *arg, uint32_t assoc_id, uint16_t stream,
		       uint8_t *msg, size_t len, const struct nassec_verdict_info *vi)
{
	s1h_message(arg, assoc_id, stream, msg, len, vi);
}

static const struct s1ap_path_ops s1_ops = {
	.assoc_up = on_assoc_up,
	.assoc_down = on_assoc_down,
	.message = on_message,
};

static const struct ctl_command *const ctl_tables[] = {
	ctl_mme_commands, ctl_subscriber_commands, NULL,
};

void mme_apply_emm_config(struct mme *m)
{
	struct emm_config *e = &m->emm_cfg;
	const struct config *c = &m->cfg;
	struct nas_plmn plmn;

	emm_config_defaults(e);
	e->n_eia = 0;
	for (size_t i = 0; i < c->n_eia && e->n_eia < sizeof(e->eia_prio); i++)
		e->eia_prio[e->n_eia++] = c->eia[i];
	e->n_eea = 0;
	for (size_t i = 0; i < c->n_eea && e->n_eea < sizeof(e->eea_prio); i++)
		e->eea_prio[e->n_eea++] = c->eea[i];
	e->t3460_ms = c->t3460_ms;
	e->t3470_ms = c->t3470_ms;
	e->t3450_ms = c->t3450_ms;
	e->t3422_ms = c->t3422_ms;
	e->max_retx = c->retransmissions;
	e->imeisv_request = c->request_imeisv;
	e->hash_mme = c->hash_mme;
	e->reuse_verified_guti = c->guti_skips_aka;
	e->t3412_s = c->t3412_s;
	e->qci = c->qci;
	e->apn = c->apn;
	nas_plmn_from_digits(&plmn, c->mcc, c->mnc);
	memcpy(e->gummei.plmn, plmn.octets, 3);
	memcpy(m->sn_id, plmn.octets, 3);
	e->gummei.mmegi = c->mme_group_id;
	e->gummei.mmec = c->mme_code;
}

static int pool_init(struct ip_pool *p, const struct config *c)
{
	uint32_t size = c->pool_last - c->pool_first + 1;

	p->first = c->pool_first;
	p->last = c->pool_last;
	p->next = p->first;
	p->used = 0;
	p->bits = calloc((size + 63) / 64, sizeof(uint64_t));
	return p->bits ? 0 : -ENOMEM;
}

int mme_start(struct mme *m)
{
	struct timespec ts;
	int err;

	clock_gettime(CLOCK_REALTIME, &ts);
	m->started_usec = ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
	ue_table_init(&m->ues);
	mme_apply_emm_config(m);
	edge_init(m);
	m->next_teid = m->cfg.teid_first;
	err = pool_init(&m->pool, &m->cfg);
	if (err)
		return err;
	err = sub_open(m->cfg.subscriber_db, NULL, &m->subs);
	if (err) {
		log_err("subscriber store %s: %s", m->cfg.subscriber_db, strerror(-err));
		return err;
	}
	err = nas_sec_open(m->cfg.nas_security, &m->sec);
	if (err)
		return err;
	err = ctl_open(&m->ctl, m->ev, m->cfg.control_socket, m->cfg.control_group,
		       ctl_tables, m);
	if (err)
		return err;
	return s1ap_path_open(&m->s1, &m->cfg, m->sec, m->ev, &s1_ops, m);
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
	mme_apply_emm_config(m);
	log_notice("reload: applied %s; %s%s", applied[0] ? applied : "nothing",
		   restart[0] ? "needs a restart: " : "nothing needs a restart",
		   restart);
}

/*
 * Every UE with an S1 connection gets a UE Context Release Command
 * (TS 36.413 8.3.3) and every context this daemon created is deleted, so
 * nothing of it stays in the kernel.
 */
static void release_all(struct mme *m)
{
	struct ue_table *t = &m->ues;
	uint64_t released = 0, deleted = 0;

	for (size_t i = 0; t->by_id.slots && i <= t->by_id.mask; i++) {
		struct mme_ue *ue = t->by_id.slots[i].value;

		if (!ue)
			continue;
		if (ue->assoc_id && m->s1) {
			struct s1ap_ue_context_release_command rc = {
				.ids = { .mme_ue_id = ue->id, .enb_ue_id = ue->enb_ue_id },
				.cause = { S1AP_CAUSE_NAS, S1AP_CAUSE_NAS_UNSPECIFIED },
			};
			uint8_t buf[64];
			int len = s1ap_build_ue_context_release_command(buf, sizeof(buf), &rc);

			if (len > 0 && !s1ap_path_send(m->s1, ue->assoc_id, ue->stream, buf, len,
						       NULL))
				released++;
		}
		if (ue->kctx && m->sec && !nas_sec_del(m->sec, ue->id))
			deleted++;
	}
	log_notice("stop: %llu UE(s) released, %llu %s context(s) deleted",
		   (unsigned long long)released, (unsigned long long)deleted,
		   m->sec ? nas_sec_name(m->sec) : "NAS");
}

void mme_stop(struct mme *m)
{
	ctl_close(m->ctl);
	m->ctl = NULL;
	release_all(m);
	s1ap_path_close(m->s1);
	m->s1 = NULL;
	ue_table_free(&m->ues);
	enb_table_free(&m->enbs);
	nas_sec_close(m->sec);
	m->sec = NULL;
	sub_close(m->subs);
	m->subs = NULL;
	free(m->pool.bits);
	m->pool.bits = NULL;
}
