// SPDX-License-Identifier: GPL-2.0
/* idmap against a plain array model: random puts, gets and deletes. */
#include <stdint.h>
#include <stdlib.h>

#include "idmap.h"
#include "tap.h"

#define KEYS	20000

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

int main(void)
{
	static void *model[KEYS];
	static uint64_t keys[KEYS];
	struct idmap m;
	size_t wrong = 0, count = 0;

	idmap_init(&m);
	tap_result(!idmap_get(&m, 1) && !idmap_del(&m, 1), "an empty map has nothing");
	/* Keys that collide a lot: small ids and random 64-bit values mixed. */
	for (size_t i = 0; i < KEYS; i++)
		keys[i] = i % 2 ? i : next();
	for (int round = 0; round < 400000; round++) {
		size_t i = next() % KEYS;
		void *v = (void *)(uintptr_t)(next() | 1);

		switch (next() % 3) {
		case 0:
			if (!model[i])
				count++;
			model[i] = v;
			if (idmap_put(&m, keys[i], v))
				wrong++;
			break;
		case 1:
			if (idmap_get(&m, keys[i]) != model[i])
				wrong++;
			break;
		default:
			if (idmap_del(&m, keys[i]) != model[i])
				wrong++;
			if (model[i])
				count--;
			model[i] = NULL;
		}
	}
	tap_result(!wrong, "400,000 random operations agree with the model (%zu wrong)", wrong);
	wrong = 0;
	for (size_t i = 0; i < KEYS; i++)
		wrong += idmap_get(&m, keys[i]) != model[i];
	tap_result(!wrong && m.count == count, "every key as the model has it; %zu members", count);
	for (size_t i = 0; i < KEYS; i++)
		idmap_del(&m, keys[i]);
	tap_result(m.count == 0, "all deleted");
	tap_result(idmap_bytes(&m) <= 65536 * sizeof(struct idmap_slot),
		   "table of %zu octets for at most %d keys", idmap_bytes(&m), KEYS);
	idmap_free(&m);
	return tap_finish();
}
