/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader for the ../shared/vectors/NAME.txt files: records of "name = value"
 * lines separated by blank lines, '#' comments. Values stay text; callers
 * convert with the helpers below.
 */
#ifndef NASSEC_VECTORS_H
#define NASSEC_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#define VEC_MAX_FIELDS 24

struct vec_field {
	char *name;
	char *value;
};

struct vec_record {
	struct vec_field field[VEC_MAX_FIELDS];
	unsigned int nfields;
	unsigned int line;	/* line of the record's first field */
};

struct vec_file {
	char *text;		/* owns all strings */
	struct vec_record *rec;
	unsigned int nrec;
	char path[512];
};

/* Loads DIR/NAME (DIR from $NASSEC_VECTORS when dir is NULL); 0 or -errno. */
int vec_load(struct vec_file *vf, const char *dir, const char *name);
void vec_free(struct vec_file *vf);

/* NULL when the record lacks the field. */
const char *vec_get(const struct vec_record *r, const char *name);
/* Hex string to bytes; returns the byte count or -1 (odd length, bad digit, too long). */
long vec_hex(const char *hex, uint8_t *out, size_t max);
/* Decimal or 0x-hex number; 0 on success, -1 on a bad or missing value. */
int vec_u64(const struct vec_record *r, const char *name, uint64_t *out);
/* Field as bytes; returns the byte count or -1 when missing or malformed. */
long vec_bytes(const struct vec_record *r, const char *name, uint8_t *out, size_t max);
/*
 * Field as bytes in a buffer of its own size (records of any length: 3GPP
 * sets run to tens of thousands of bits). Returns the byte count and sets
 * *out (free() it; never NULL then, even for an empty value), or -1 with
 * *out NULL when missing, malformed or out of memory.
 */
long vec_bytes_alloc(const struct vec_record *r, const char *name, uint8_t **out);

#endif /* NASSEC_VECTORS_H */
