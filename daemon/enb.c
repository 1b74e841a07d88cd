// SPDX-License-Identifier: GPL-2.0
/* The eNB table: a few hundred at most, so an array searched in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "enb.h"

struct enb *enb_find(struct enb_table *t, uint32_t assoc_id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->enbs[i].assoc_id == assoc_id)
			return &t->enbs[i];
	return NULL;
}

struct enb *enb_add(struct enb_table *t, uint32_t assoc_id, uint16_t in, uint16_t out)
{
	struct enb *e = enb_find(t, assoc_id);
	struct timespec ts;

	if (!e) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? 2 * t->cap : 16;
			struct enb *grown = realloc(t->enbs, cap * sizeof(*grown));

			if (!grown)
				return NULL;
			t->enbs = grown;
			t->cap = cap;
		}
		e = &t->enbs[t->n++];
	}
	memset(e, 0, sizeof(*e));
	e->assoc_id = assoc_id;
	e->in_streams = in;
	e->out_streams = out;
	clock_gettime(CLOCK_REALTIME, &ts);
	e->up_since_usec = ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
	snprintf(e->label, sizeof(e->label), "assoc-%u", assoc_id);
	return e;
}

void enb_remove(struct enb_table *t, uint32_t assoc_id)
{
	struct enb *e = enb_find(t, assoc_id);

	if (e)
		*e = t->enbs[--t->n];
}

void enb_table_free(struct enb_table *t)
{
	free(t->enbs);
	memset(t, 0, sizeof(*t));
}
