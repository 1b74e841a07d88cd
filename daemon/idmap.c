// SPDX-License-Identifier: GPL-2.0
/* Open-addressing hash map, linear probing, backward-shift deletion. */
#include <errno.h>
#include <stdlib.h>

#include "idmap.h"

#define IDMAP_MIN	64

/* splitmix64's finalizer: ids are sequential, M-TMSIs random. */
static size_t hash(uint64_t k)
{
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return (size_t)k;
}

void idmap_init(struct idmap *m)
{
	m->slots = NULL;
	m->mask = 0;
	m->count = 0;
}

void idmap_free(struct idmap *m)
{
	free(m->slots);
	idmap_init(m);
}

void *idmap_get(const struct idmap *m, uint64_t key)
{
	if (!m->slots)
		return NULL;
	for (size_t i = hash(key) & m->mask;; i = (i + 1) & m->mask) {
		if (!m->slots[i].value)
			return NULL;
		if (m->slots[i].key == key)
			return m->slots[i].value;
	}
}

static void insert(struct idmap_slot *slots, size_t mask, uint64_t key, void *value)
{
	size_t i = hash(key) & mask;

	while (slots[i].value && slots[i].key != key)
		i = (i + 1) & mask;
	slots[i].key = key;
	slots[i].value = value;
}

static int grow(struct idmap *m)
{
	size_t cap = m->slots ? 2 * (m->mask + 1) : IDMAP_MIN;
	struct idmap_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; m->slots && i <= m->mask; i++)
		if (m->slots[i].value)
			insert(slots, cap - 1, m->slots[i].key, m->slots[i].value);
	free(m->slots);
	m->slots = slots;
	m->mask = cap - 1;
	return 0;
}

int idmap_put(struct idmap *m, uint64_t key, void *value)
{
	/* At most 3/4 full: probes stay short. */
	if ((!m->slots || 4 * (m->count + 1) > 3 * (m->mask + 1)) && grow(m))
		return -ENOMEM;
	if (!idmap_get(m, key))
		m->count++;
	insert(m->slots, m->mask, key, value);
	return 0;
}

void *idmap_del(struct idmap *m, uint64_t key)
{
	size_t i, j;
	void *value;

	if (!m->slots)
		return NULL;
	for (i = hash(key) & m->mask; m->slots[i].value; i = (i + 1) & m->mask)
		if (m->slots[i].key == key)
			break;
	if (!m->slots[i].value)
		return NULL;
	value = m->slots[i].value;
	/* Shift later members of the run back over the hole (Knuth 6.4 R). */
	for (j = (i + 1) & m->mask; m->slots[j].value; j = (j + 1) & m->mask) {
		size_t home = hash(m->slots[j].key) & m->mask;

		/* j may move to i unless its home lies cyclically in (i, j]. */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].value = NULL;
	m->count--;
	return value;
}

size_t idmap_bytes(const struct idmap *m)
{
	return m->slots ? (m->mask + 1) * sizeof(*m->slots) : 0;
}
