// SPDX-License-Identifier: GPL-2.0
/*
 * --usim-state FILE: what a USIM keeps across power cycles, here across
 * enbsim runs. A real USIM stores SQN_MS in non-volatile memory (TS 33.102
 * 6.3.3, C.2); without it every run would start at SQN 0 and accept any
 * SQN, so a network that hands out an SQN twice (say after a crash that
 * lost its store's last writes) would go unnoticed. One line per USIM:
 *
 *   IMSI SQN_MS     (15 digits, 12 hex digits: the highest SQN accepted)
 *
 * Written whole to FILE.tmp and renamed over FILE, so a run killed at any
 * point leaves the old or the new state, never half of one. No fsync: the
 * file has to outlive enbsim, not the machine.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enbsim.h"

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct usim_entry *)a)->imsi, ((const struct usim_entry *)b)->imsi);
}

/* The index of imsi, or of where it would go (*found false). */
static size_t find(const struct usim_state *st, const char *imsi, bool *found)
{
	size_t lo = 0, hi = st->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->e[mid].imsi, imsi);

		if (!c) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static int grow(struct usim_state *st)
{
	size_t cap = st->cap ? 2 * st->cap : 256;
	struct usim_entry *e;

	if (st->n < st->cap)
		return 0;
	e = realloc(st->e, cap * sizeof(*e));
	if (!e)
		return -1;
	st->e = e;
	st->cap = cap;
	return 0;
}

int usim_state_load(struct usim_state *st, const char *path, FILE *err)
{
	char line[128];
	unsigned int lineno = 0;
	FILE *f;

	memset(st, 0, sizeof(*st));
	st->path = path;
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		fprintf(err, "enbsim: --usim-state %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct usim_entry *e;
		char imsi[17], rest[2];
		uint64_t sqn;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%16s %" SCNx64 " %1s", imsi, &sqn, rest) != 2 ||
		    strlen(imsi) != 15 || strspn(imsi, "0123456789") != 15 ||
		    sqn >> 48 || grow(st)) {
			fprintf(err, "enbsim: --usim-state %s:%u: expected 'IMSI SQN' "
				"(15 digits, up to 12 hex digits)\n", path, lineno);
			fclose(f);
			usim_state_free(st);
			return -1;
		}
		e = &st->e[st->n++];
		memcpy(e->imsi, imsi, 16);
		e->sqn_max = sqn;
	}
	fclose(f);
	qsort(st->e, st->n, sizeof(*st->e), cmp_entry);
	return 0;
}

uint64_t usim_state_get(const struct usim_state *st, const char *imsi)
{
	bool found;
	size_t i = find(st, imsi, &found);

	return found ? st->e[i].sqn_max : 0;
}

int usim_state_set(struct usim_state *st, const char *imsi, uint64_t sqn_max)
{
	bool found;
	size_t i = find(st, imsi, &found);

	if (!found) {
		if (grow(st))
			return -1;
		memmove(&st->e[i + 1], &st->e[i], (st->n - i) * sizeof(*st->e));
		st->n++;
		snprintf(st->e[i].imsi, sizeof(st->e[i].imsi), "%s", imsi);
	}
	st->e[i].sqn_max = sqn_max;
	return 0;
}

int usim_state_save(const struct usim_state *st)
{
	char tmp[4096];
	FILE *f;
	int err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", st->path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fputs("# enbsim USIM state: IMSI, highest SQN accepted (TS 33.102 C.2)\n", f);
	for (size_t i = 0; i < st->n; i++)
		fprintf(f, "%s %012" PRIx64 "\n", st->e[i].imsi, st->e[i].sqn_max);
	if (fflush(f) || ferror(f))
		err = errno ? errno : EIO;
	if (fclose(f) && !err)
		err = errno;
	if (!err && rename(tmp, st->path))
		err = errno;
	if (err) {
		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}

void usim_state_free(struct usim_state *st)
{
	free(st->e);
	st->e = NULL;
	st->n = st->cap = 0;
}
