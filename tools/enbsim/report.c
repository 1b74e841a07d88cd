// SPDX-License-Identifier: GPL-2.0
/* Latency samples, percentiles, failures by cause, the final report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "enbsim.h"

static const char *const proc_names[PROC_COUNT] = {
	[PROC_AKA] = "aka",
	[PROC_SMC] = "smc",
	[PROC_ACCEPT] = "accept",
	[PROC_ATTACH] = "attach",
	[PROC_DETACH] = "detach",
};

/* What each latency measures, for the text report. */
static const char *const proc_what[PROC_COUNT] = {
	[PROC_AKA] = "ATTACH REQUEST -> AUTHENTICATION REQUEST",
	[PROC_SMC] = "AUTHENTICATION RESPONSE -> SECURITY MODE COMMAND",
	[PROC_ACCEPT] = "SECURITY MODE COMPLETE -> ATTACH ACCEPT",
	[PROC_ATTACH] = "ATTACH REQUEST -> ATTACH ACCEPT",
	[PROC_DETACH] = "DETACH REQUEST -> DETACH ACCEPT",
};

const char *proc_name(enum proc p)
{
	return p < PROC_COUNT ? proc_names[p] : "?";
}

int report_init(struct report *r, size_t ues)
{
	memset(r, 0, sizeof(*r));
	for (int p = 0; p < PROC_COUNT; p++) {
		r->lat[p].cap = ues ? ues : 1;
		r->lat[p].us = calloc(r->lat[p].cap, sizeof(uint32_t));
		if (!r->lat[p].us) {
			report_free(r);
			return -1;
		}
	}
	return 0;
}

void report_free(struct report *r)
{
	for (int p = 0; p < PROC_COUNT; p++) {
		free(r->lat[p].us);
		r->lat[p].us = NULL;
	}
}

void report_add(struct report *r, enum proc p, uint64_t us)
{
	struct latency *l = &r->lat[p];

	if (l->n == l->cap) {
		uint32_t *n = realloc(l->us, 2 * l->cap * sizeof(uint32_t));

		if (!n)
			return;		/* a sample lost, not the run */
		l->us = n;
		l->cap *= 2;
	}
	l->us[l->n++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

void report_fail(struct report *r, const char *cause)
{
	r->failed++;
	for (unsigned int i = 0; i < r->n_causes; i++)
		if (!strcmp(r->causes[i].cause, cause)) {
			r->causes[i].n++;
			return;
		}
	if (r->n_causes == REPORT_MAX_CAUSES) {
		r->other_causes++;
		return;
	}
	snprintf(r->causes[r->n_causes].cause, sizeof(r->causes[0].cause), "%s", cause);
	r->causes[r->n_causes++].n = 1;
}

/*
 * Nearest rank: the smallest sample with at least pct% of the samples at
 * or below it, so p99 of 100 samples is the 99th and p50 of 2 the first.
 */
uint32_t percentile(const uint32_t *sorted, size_t n, double pct)
{
	double rank;
	size_t i;

	if (!n || !(pct > 0))
		return 0;
	if (pct >= 100)
		return sorted[n - 1];
	rank = ceil(pct / 100.0 * (double)n);
	i = rank < 1 ? 0 : (size_t)rank - 1;
	return sorted[i < n ? i : n - 1];
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_cause(const void *a, const void *b)
{
	const struct cause_count *x = a, *y = b;

	return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->cause, y->cause);
}

void report_finish(struct report *r)
{
	for (int p = 0; p < PROC_COUNT; p++)
		qsort(r->lat[p].us, r->lat[p].n, sizeof(uint32_t), cmp_u32);
	qsort(r->causes, r->n_causes, sizeof(r->causes[0]), cmp_cause);
}

static double seconds(const struct report *r)
{
	return r->ended_us > r->started_us ? (double)(r->ended_us - r->started_us) / 1e6 : 0;
}

static double per_second(uint64_t n, double s)
{
	return s > 0 ? (double)n / s : 0;
}

static const char *const alg_pair_fmt = "EIA%d/EEA%d";

void report_text(const struct report *r, const struct sim_config *c, FILE *f)
{
	double s = seconds(r);
	uint64_t nas = r->nas_ul + r->nas_dl;

	fprintf(f, "enbsim: %u UE%s over %u eNB%s, scenario %s%s: %u passed, %u failed in %.2f s\n",
		c->ues, c->ues == 1 ? "" : "s", c->enbs, c->enbs == 1 ? "" : "s", c->scenario->name, c->detach ? " + detach" : "",
		r->passed, r->failed, s);
	fprintf(f, "  attaches/s      %.1f (%u attached", per_second(r->attached, s), r->attached);
	if (c->detach)
		fprintf(f, ", %u detached", r->detached);
	fprintf(f, ")\n  NAS messages/s  %.1f (%llu up, %llu down", per_second(nas, s),
		(unsigned long long)r->nas_ul, (unsigned long long)r->nas_dl);
	if (r->dl_discarded)
		fprintf(f, ", %llu down refused by the UEs", (unsigned long long)r->dl_discarded);
	fprintf(f, ")\n");
	if (r->s1ap_errors)
		fprintf(f, "  S1AP errors     %llu (Error Indication or undecodable)\n",
			(unsigned long long)r->s1ap_errors);
	fprintf(f, "  latency (ms)         n      p50      p99      max\n");
	for (int p = 0; p < PROC_COUNT; p++) {
		const struct latency *l = &r->lat[p];

		if (!l->n)
			continue;
		fprintf(f, "    %-8s %9zu %8.2f %8.2f %8.2f   %s\n", proc_names[p], l->n,
			percentile(l->us, l->n, 50) / 1e3, percentile(l->us, l->n, 99) / 1e3,
			l->us[l->n - 1] / 1e3, proc_what[p]);
	}
	for (int i = 0; i < 8; i++)
		for (int e = 0; e < 8; e++)
			if (r->alg_pairs[i][e]) {
				char pair[16];

				snprintf(pair, sizeof(pair), alg_pair_fmt, i, e);
				fprintf(f, "  algorithms      %-10s %u UEs\n", pair, r->alg_pairs[i][e]);
			}
	if (r->n_causes)
		fprintf(f, "  failures by cause:\n");
	for (unsigned int i = 0; i < r->n_causes; i++)
		fprintf(f, "    %6u  %s\n", r->causes[i].n, r->causes[i].cause);
	if (r->other_causes)
		fprintf(f, "    %6u  (other causes)\n", r->other_causes);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

void report_json(const struct report *r, const struct sim_config *c, FILE *f)
{
	double s = seconds(r);
	const char *sep = "";

	fprintf(f, "{\"ues\":%u,\"enbs\":%u,\"scenario\":", c->ues, c->enbs);
	json_str(f, c->scenario->name);
	fprintf(f, ",\"detach\":%s,\"passed\":%u,\"failed\":%u,\"attached\":%u,\"detached\":%u,"
		"\"seconds\":%.3f,\"attaches_per_s\":%.1f,\"nas_up\":%llu,\"nas_down\":%llu,"
		"\"nas_down_refused\":%llu,\"nas_per_s\":%.1f,\"s1ap_errors\":%llu,"
		"\"latency_ms\":{",
		c->detach ? "true" : "false", r->passed, r->failed, r->attached, r->detached, s,
		per_second(r->attached, s), (unsigned long long)r->nas_ul,
		(unsigned long long)r->nas_dl, (unsigned long long)r->dl_discarded,
		per_second(r->nas_ul + r->nas_dl, s), (unsigned long long)r->s1ap_errors);
	for (int p = 0; p < PROC_COUNT; p++) {
		const struct latency *l = &r->lat[p];

		fprintf(f, "%s\"%s\":{\"n\":%zu,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}", sep,
			proc_names[p], l->n, percentile(l->us, l->n, 50) / 1e3,
			percentile(l->us, l->n, 99) / 1e3, l->n ? l->us[l->n - 1] / 1e3 : 0.0);
		sep = ",";
	}
	fprintf(f, "},\"algorithms\":{");
	sep = "";
	for (int i = 0; i < 8; i++)
		for (int e = 0; e < 8; e++)
			if (r->alg_pairs[i][e]) {
				fprintf(f, "%s\"", sep);
				fprintf(f, alg_pair_fmt, i, e);
				fprintf(f, "\":%u", r->alg_pairs[i][e]);
				sep = ",";
			}
	fprintf(f, "},\"failures\":{");
	sep = "";
	for (unsigned int i = 0; i < r->n_causes; i++) {
		fputs(sep, f);
		json_str(f, r->causes[i].cause);
		fprintf(f, ":%u", r->causes[i].n);
		sep = ",";
	}
	if (r->other_causes)
		fprintf(f, "%s\"(other causes)\":%u", sep, r->other_causes);
	fprintf(f, "}}\n");
}
