// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectors.h"

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(len + 1))) {
		if (fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		} else {
			buf[len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

static int add_field(struct vec_file *vf, int *open, char *name, char *value,
		     unsigned int line)
{
	struct vec_record *r;

	if (!*open) {
		r = realloc(vf->rec, (vf->nrec + 1) * sizeof(*r));
		if (!r)
			return -ENOMEM;
		vf->rec = r;
		memset(&r[vf->nrec], 0, sizeof(*r));
		r[vf->nrec].line = line;
		vf->nrec++;
		*open = 1;
	}
	r = &vf->rec[vf->nrec - 1];
	if (r->nfields == VEC_MAX_FIELDS)
		return -E2BIG;
	r->field[r->nfields].name = name;
	r->field[r->nfields].value = value;
	r->nfields++;
	return 0;
}

int vec_load(struct vec_file *vf, const char *dir, const char *name)
{
	unsigned int lineno = 0;
	char *line, *next;
	int open = 0, err;

	memset(vf, 0, sizeof(*vf));
	if (!dir)
		dir = getenv("NASSEC_VECTORS");
	if (!dir)
		return -ENOENT;
	snprintf(vf->path, sizeof(vf->path), "%s/%s", dir, name);
	vf->text = read_all(vf->path);
	if (!vf->text)
		return -errno ? -errno : -EIO;

	for (line = vf->text; line; line = next) {
		char *eq, *s;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		s = trim(line);
		if (*s == '#')
			continue;
		if (!*s) {
			open = 0;
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			vec_free(vf);
			return -EINVAL;
		}
		*eq = '\0';
		err = add_field(vf, &open, trim(s), trim(eq + 1), lineno);
		if (err) {
			vec_free(vf);
			return err;
		}
	}
	return 0;
}

void vec_free(struct vec_file *vf)
{
	free(vf->rec);
	free(vf->text);
	vf->rec = NULL;
	vf->text = NULL;
	vf->nrec = 0;
}

const char *vec_get(const struct vec_record *r, const char *name)
{
	unsigned int i;

	for (i = 0; i < r->nfields; i++)
		if (!strcmp(r->field[i].name, name))
			return r->field[i].value;
	return NULL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

long vec_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t len = strlen(hex), i;

	if (len % 2 || len / 2 > max)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = hi << 4 | lo;
	}
	return len / 2;
}

int vec_u64(const struct vec_record *r, const char *name, uint64_t *out)
{
	const char *v = vec_get(r, name);
	char *end;

	if (!v || !*v)
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 0);
	return (errno || *end) ? -1 : 0;
}

long vec_bytes(const struct vec_record *r, const char *name, uint8_t *out, size_t max)
{
	const char *v = vec_get(r, name);

	return v ? vec_hex(v, out, max) : -1;
}

long vec_bytes_alloc(const struct vec_record *r, const char *name, uint8_t **out)
{
	const char *v = vec_get(r, name);
	size_t max = v ? strlen(v) / 2 : 0;
	long n;

	*out = v ? malloc(max ? max : 1) : NULL;
	if (!*out)
		return -1;
	n = vec_hex(v, *out, max);
	if (n < 0) {
		free(*out);
		*out = NULL;
	}
	return n;
}
