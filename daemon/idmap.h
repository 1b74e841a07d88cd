/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash map from 64-bit keys to pointers (open addressing, linear
 * probing, backward-shift deletion: no tombstones, so a million UEs that
 * come and go never slow it down). The UE table indexes UEs with three of
 * them: by MME-UE-S1AP-ID, by IMSI (its digits as a number) and by M-TMSI.
 */
#ifndef NASSECD_IDMAP_H
#define NASSECD_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct idmap_slot {
	uint64_t key;
	void *value;		/* NULL: empty */
};

struct idmap {
	struct idmap_slot *slots;
	size_t mask;		/* capacity - 1 (a power of two) */
	size_t count;
};

void idmap_init(struct idmap *m);
void idmap_free(struct idmap *m);
void *idmap_get(const struct idmap *m, uint64_t key);
/* Inserts or replaces; value must not be NULL. 0 or -ENOMEM. */
int idmap_put(struct idmap *m, uint64_t key, void *value);
/* Removes key; returns its value or NULL. */
void *idmap_del(struct idmap *m, uint64_t key);
/* Octets the table itself uses (for memory per UE). */
size_t idmap_bytes(const struct idmap *m);

#endif /* NASSECD_IDMAP_H */
