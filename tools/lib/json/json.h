/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for -j / -p, shared by the CLI and nassecd
 * (into an open_memstream): compact (one line per document) or pretty
 * (4-space indent). key is NULL for array elements and the top-level value.
 */
#ifndef NASSEC_JSON_H
#define NASSEC_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool has_items[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f, bool pretty);
void json_object_start(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_start(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_int(struct json *j, const char *key, int64_t v);
void json_string(struct json *j, const char *key, const char *s);
void json_hex(struct json *j, const char *key, const uint8_t *buf, size_t len);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* Writes a string with JSON escapes, quotes included. */
void json_escape(FILE *f, const char *s);

#endif /* NASSEC_JSON_H */
