// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim's run: one thread, one epoll loop over the eNBs' associations,
 * a heap of UE timers, attaches started at --rate with at most
 * --concurrency in progress, a live line on a terminal, the report.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "enbsim.h"
#include "s1ap_build.h"

#define PROGRESS_US	500000

/* SIGINT/SIGTERM: stop starting UEs, fail the unfinished ones, report. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

uint64_t sim_now_us(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- the timer heap ---- */

static void heap_swap(struct timer_entry *a, struct timer_entry *b)
{
	struct timer_entry t = *a;

	*a = *b;
	*b = t;
}

static int heap_push(struct sim *s, struct timer_entry t)
{
	size_t i;

	if (s->heap_n == s->heap_cap) {
		size_t cap = s->heap_cap ? 2 * s->heap_cap : 1024;
		struct timer_entry *h = realloc(s->heap, cap * sizeof(*h));

		if (!h)
			return -1;
		s->heap = h;
		s->heap_cap = cap;
	}
	i = s->heap_n++;
	s->heap[i] = t;
	while (i && s->heap[(i - 1) / 2].deadline_us > s->heap[i].deadline_us) {
		heap_swap(&s->heap[(i - 1) / 2], &s->heap[i]);
		i = (i - 1) / 2;
	}
	return 0;
}

static void heap_pop(struct sim *s)
{
	size_t i = 0;

	s->heap[0] = s->heap[--s->heap_n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < s->heap_n && s->heap[l].deadline_us < s->heap[m].deadline_us)
			m = l;
		if (r < s->heap_n && s->heap[r].deadline_us < s->heap[m].deadline_us)
			m = r;
		if (m == i)
			break;
		heap_swap(&s->heap[i], &s->heap[m]);
		i = m;
	}
}

/* ue_env.timer: a new deadline is pushed; the generation retires older ones. */
static void ue_timer(void *arg, struct ue *u)
{
	struct sim *s = arg;

	u->timer_gen++;
	if (u->deadline_us &&
	    heap_push(s, (struct timer_entry){ u->deadline_us, u->idx, u->timer_gen })) {
		fprintf(stderr, "enbsim: out of memory for timers\n");
		exit(1);
	}
}

static void run_timers(struct sim *s, uint64_t now)
{
	while (s->heap_n && s->heap[0].deadline_us <= now) {
		struct timer_entry t = s->heap[0];
		struct ue *u = &s->ues[t.ue];

		heap_pop(s);
		if (t.gen == u->timer_gen && u->deadline_us == t.deadline_us) {
			u->deadline_us = 0;
			ue_timeout(u, &s->env);
		}
	}
}

/* ---- UEs ---- */

static void ue_done(void *arg, struct ue *u)
{
	struct sim *s = arg;

	s->in_progress--;
	s->finished++;
	if (s->cfg.verbose || (u->verdict == VERDICT_FAIL && !s->cfg.quiet && !s->cfg.json))
		fprintf(stderr, "%sUE %s (%s, eNB %u): %s%s%s\n", s->progress ? "\r\033[K" : "",
			u->imsi, u->beh->name, u->enb->idx + 1,
			u->verdict == VERDICT_PASS ? "pass" : "FAIL", u->why[0] ? ": " : "",
			u->why);
}

/* --usim-state: the new highest SQN is on file before the UE answers (C.2). */
static void sqn_accepted(void *arg, struct ue *u)
{
	struct sim *s = arg;

	if (!s->cfg.usim_state || s->usim_save_failed)
		return;
	if (usim_state_set(&s->usims, u->imsi, u->usim.sqn_max) || usim_state_save(&s->usims)) {
		fprintf(stderr, "enbsim: --usim-state %s: %s\n", s->cfg.usim_state,
			strerror(errno ? errno : ENOMEM));
		s->usim_save_failed = true;
	}
}

static void start_ues(struct sim *s, uint64_t now)
{
	while (s->next_ue < s->cfg.ues && s->in_progress < s->cfg.concurrency) {
		struct ue *u = &s->ues[s->next_ue];
		struct enb *e = &s->enbs[s->next_ue % s->cfg.enbs];

		if (s->cfg.rate > 0) {
			if (now < s->next_start_us)
				return;
			s->next_start_us += (uint64_t)(1e6 / s->cfg.rate);
			if (s->next_start_us < now - 1000000)
				s->next_start_us = now;	/* no burst after a stall */
		}
		ue_setup(u, &s->env, s->next_ue, e, s->next_ue / s->cfg.enbs + 1);
		if (s->cfg.usim_state)
			u->usim.sqn_max = usim_state_get(&s->usims, u->imsi);
		/* Stream 0 is for non-UE signalling (TS 36.412 7). */
		u->stream = e->ostreams > 1 ? (uint16_t)(1 + u->idx % (e->ostreams - 1u)) : 0;
		u->cell_id = e->enb_id << 8 | 1;
		s->next_ue++;
		s->in_progress++;
		if (e->fd < 0) {
			ue_enb_lost(u, &s->env);
			continue;
		}
		ue_start(u, &s->env);
	}
}

static void show_progress(struct sim *s, uint64_t now)
{
	double secs = (double)(now - s->rep.started_us) / 1e6;

	fprintf(stderr, "\r\033[Kenbsim: %u/%u UEs done, %u attached, %u failed, %.0f attaches/s",
		s->finished, s->cfg.ues, s->rep.attached, s->rep.failed,
		secs > 0 ? s->rep.attached / secs : 0.0);
}

static int run(struct sim *s)
{
	uint64_t next_progress = 0;

	s->rep.started_us = sim_now_us(s);
	s->next_start_us = s->rep.started_us;
	while (s->finished < s->cfg.ues) {
		struct epoll_event ev[64];
		uint64_t now = sim_now_us(s), wake = now + 100000;
		int n;

		run_timers(s, now);
		start_ues(s, now);
		if (s->progress && now >= next_progress) {
			show_progress(s, now);
			next_progress = now + PROGRESS_US;
		}
		if (s->finished >= s->cfg.ues)
			break;
		if (s->heap_n && s->heap[0].deadline_us < wake)
			wake = s->heap[0].deadline_us;
		if (s->cfg.rate > 0 && s->next_ue < s->cfg.ues &&
		    s->in_progress < s->cfg.concurrency && s->next_start_us < wake)
			wake = s->next_start_us;
		n = epoll_wait(s->epfd, ev, 64, wake > now ? (int)((wake - now + 999) / 1000) : 0);
		if (n < 0 && errno != EINTR) {
			perror("enbsim: epoll_wait");
			return -1;
		}
		for (int k = 0; k < n; k++)
			enb_readable(s, ev[k].data.ptr);
		if (interrupted) {
			for (unsigned int i = 0; i < s->next_ue; i++)
				ue_interrupt(&s->ues[i], &s->env);
			break;
		}
	}
	s->rep.ended_us = sim_now_us(s);
	if (s->progress) {
		show_progress(s, s->rep.ended_us);
		fputc('\n', stderr);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct sim sim;
	struct sim *s = &sim;
	struct s1ap_plmn plmn;
	int ret = sim_parse_args(&s->cfg, argc, argv, stdout, stderr);

	if (ret)
		return ret > 0 ? 0 : 2;
	if (s->cfg.gen_subscribers)
		return sim_write_subscribers(&s->cfg, stdout) ? 1 : 0;

	s->env = (struct ue_env){
		.cfg = &s->cfg, .rep = &s->rep, .now = sim_now_us, .send = enb_send_ue,
		.timer = ue_timer, .done = ue_done, .sqn_accepted = sqn_accepted, .arg = s,
	};
	/* TS 33.401 A.2: the serving network id is the PLMN identity's 3 octets. */
	s1ap_plmn_from_digits(&plmn, s->cfg.mcc, s->cfg.mnc);
	memcpy(s->env.sn_id, plmn.octets, 3);
	s->enbs = calloc(s->cfg.enbs, sizeof(*s->enbs));
	s->ues = calloc(s->cfg.ues, sizeof(*s->ues));
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!s->enbs || !s->ues || s->epfd < 0 || report_init(&s->rep, s->cfg.ues)) {
		fprintf(stderr, "enbsim: %s\n", strerror(errno ? errno : ENOMEM));
		return 1;
	}
	for (unsigned int i = 0; i < s->cfg.enbs; i++)
		s->enbs[i].fd = -1;
	if (s->cfg.usim_state && usim_state_load(&s->usims, s->cfg.usim_state, stderr))
		return 1;
	s->progress = isatty(STDERR_FILENO) && !s->cfg.quiet && !s->cfg.verbose;
	{
		/* No SA_RESTART: epoll_wait returns EINTR and the loop sees the flag. */
		struct sigaction sa = { .sa_handler = on_signal };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	if (enb_setup_all(s) || run(s)) {
		enb_close_all(s);
		return 1;
	}
	for (unsigned int i = 0; i < s->cfg.enbs; i++)
		s->rep.s1ap_errors += s->enbs[i].s1ap_errors;
	report_finish(&s->rep);
	if (s->cfg.json)
		report_json(&s->rep, &s->cfg, stdout);
	else
		report_text(&s->rep, &s->cfg, stdout);
	enb_close_all(s);
	for (unsigned int i = 0; i < s->cfg.ues; i++)
		explicit_bzero(&s->ues[i], sizeof(s->ues[i]));	/* K, K_ASME, NAS keys */
	explicit_bzero(s->cfg.k, sizeof(s->cfg.k));
	explicit_bzero(s->cfg.opc, sizeof(s->cfg.opc));
	ret = s->rep.failed || s->rep.passed != s->cfg.ues;
	if (s->cfg.usim_state) {
		/* Every accepted AUTN was saved already; this catches a failed save. */
		if (usim_state_save(&s->usims)) {
			fprintf(stderr, "enbsim: --usim-state %s: %s\n", s->cfg.usim_state,
				strerror(errno));
			ret = 1;
		}
		ret |= s->usim_save_failed;
		usim_state_free(&s->usims);
	}
	report_free(&s->rep);
	free(s->ues);
	free(s->enbs);
	free(s->heap);
	return ret;
}
