// SPDX-License-Identifier: GPL-2.0
/* Command-line parsing helpers: see args.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "args.h"

#define KEY_FILE_MAX	1024	/* a key file is small; refuse anything bigger */

static bool is_prefix(const char *word, const char *name)
{
	size_t n = strlen(word);

	return n && !strncmp(word, name, n);
}

int match_command(const char *word, const char *const *table)
{
	for (int i = 0; table[i]; i++)
		if (!strcmp(word, table[i]))
			return i;
	for (int i = 0; table[i]; i++)
		if (is_prefix(word, table[i]))
			return i;
	return MATCH_NONE;
}

int match_keyword(const char *word, const char *const *table)
{
	int found = MATCH_NONE;

	for (int i = 0; table[i]; i++)
		if (!strcmp(word, table[i]))
			return i;
	for (int i = 0; table[i]; i++) {
		if (!is_prefix(word, table[i]))
			continue;
		if (found != MATCH_NONE)
			return MATCH_AMBIGUOUS;
		found = i;
	}
	return found;
}

bool is_help(const char *word)
{
	return !strcmp(word, "help") || !strcmp(word, "-h") || !strcmp(word, "--help");
}

bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return false;
	/* strtoull reads "010" as octal; refuse it rather than surprise. */
	if (s[0] == '0' && isdigit((unsigned char)s[1]))
		return false;
	*out = v;
	return true;
}

bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (!parse_u64(s, min, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int hex_decode(const char *s, uint8_t *buf, size_t cap)
{
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (*s) {
		int hi, lo;

		if (*s == ':' && n > 0 && s[1]) {
			s++;
			continue;
		}
		hi = hex_nibble(s[0]);
		lo = hi < 0 ? -1 : hex_nibble(s[1]);
		if (lo < 0 || n >= cap)
			return -1;
		buf[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return n ? (int)n : -1;
}

void hex_encode(const uint8_t *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[buf[i] >> 4];
		out[2 * i + 1] = digits[buf[i] & 0xf];
	}
	out[2 * len] = '\0';
}

bool parse_alg(const char *s, enum alg_kind kind, uint8_t *out)
{
	static const char *const names[] = { "null", "snow3g", "aes", "zuc" };
	const char *prefix = kind == ALG_EIA ? "eia" : "eea";
	uint32_t v;

	for (uint8_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, names[i])) {
			*out = i;
			return true;
		}
	}
	if (!strncasecmp(s, "128-", 4) && strncasecmp(s + 4, prefix, 3) == 0 &&
	    s[7] >= '1' && s[7] <= '3' && !s[8]) {
		*out = (uint8_t)(s[7] - '0');
		return true;
	}
	if (!strncasecmp(s, prefix, 3))
		s += 3;
	if (!parse_u32(s, 0, 3, &v))
		return false;
	*out = (uint8_t)v;
	return true;
}

void wipe_string(char *s)
{
	/* volatile: the compiler must not drop a store to memory it sees unused. */
	for (volatile char *p = s; *p; p++)
		*p = 'x';
}

bool decode_key_blob(const uint8_t *blob, size_t blob_len, uint8_t *key, size_t len)
{
	char text[2 * KEY_FILE_MAX + 1];
	size_t n = 0;
	bool ok;

	/* Exactly len octets: a raw key (len octets of hex digits are too short anyway). */
	if (blob_len == len) {
		memcpy(key, blob, len);
		return true;
	}
	if (blob_len > 2 * KEY_FILE_MAX)
		return false;
	for (size_t i = 0; i < blob_len; i++)
		if (!isspace(blob[i]))
			text[n++] = (char)blob[i];
	text[n] = '\0';
	ok = n == 2 * len || (n == 2 * len + 2 && text[0] == '0' && (text[1] | 0x20) == 'x');
	ok = ok && hex_decode(text, key, len) == (int)len;
	explicit_bzero(text, sizeof(text));
	return ok;
}

static bool read_key_fd(int fd, uint8_t *key, size_t len)
{
	uint8_t blob[KEY_FILE_MAX + 1];
	size_t n = 0;
	bool ok;

	while (n < sizeof(blob)) {
		ssize_t r = read(fd, blob + n, sizeof(blob) - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	ok = n <= KEY_FILE_MAX && decode_key_blob(blob, n, key, len);
	explicit_bzero(blob, sizeof(blob));
	return ok;
}

bool read_key_arg(char *arg, uint8_t *key, size_t len, char *why, size_t why_len)
{
	bool ok;
	int fd;

	if (!strcmp(arg, "-")) {
		ok = read_key_fd(STDIN_FILENO, key, len);
		if (!ok)
			snprintf(why, why_len, "stdin does not hold a %zu-octet key (hex or raw)", len);
		return ok;
	}
	if (arg[0] == '@') {
		fd = open(arg + 1, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(why, why_len, "%s: %s", arg + 1, strerror(errno));
			return false;
		}
		ok = read_key_fd(fd, key, len);
		close(fd);
		if (!ok)
			snprintf(why, why_len, "%s does not hold a %zu-octet key (hex or raw)",
				 arg + 1, len);
		return ok;
	}
	ok = strlen(arg) <= 2 * len + 2 && hex_decode(arg, key, len) == (int)len;
	wipe_string(arg);
	if (!ok)
		snprintf(why, why_len, "key must be %zu octets of hex", len);
	return ok;
}

int split_words(char *line, char **words, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			return n;
		if (n == max)
			return -1;
		words[n++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}
