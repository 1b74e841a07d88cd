/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line parsing helpers of the nassec CLI: keyword matching,
 * numbers, hex, algorithm names, and keys that must not linger in argv.
 * Pure functions (no kernel, no global state), unit-tested on the host.
 */
#ifndef NASSEC_CLI_ARGS_H
#define NASSEC_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MATCH_NONE	(-1)
#define MATCH_AMBIGUOUS	(-2)

/*
 * Objects and commands, as iproute2 matches them: an exact name, else the
 * first entry (in table order) the word is a prefix of ("c" is ctx).
 * table ends with NULL. Returns the index or MATCH_NONE.
 */
int match_command(const char *word, const char *const *table);
/* Argument keywords: an exact name or a unique prefix; else MATCH_NONE/MATCH_AMBIGUOUS. */
int match_keyword(const char *word, const char *const *table);
bool is_help(const char *word);	/* help, -h, --help */

/* Decimal or 0x-hex, no sign, no trailing junk, within [min, max]. */
bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);

/* Hex (optional 0x, optional ':' between octets) into buf. Returns length or -1. */
int hex_decode(const char *s, uint8_t *buf, size_t cap);
/* Lower-case hex of buf; out must hold 2 * len + 1. */
void hex_encode(const uint8_t *buf, size_t len, char *out);

enum alg_kind { ALG_EIA, ALG_EEA };
/*
 * TS 33.401 5.1.3.2/5.1.4.2 identifiers: 0..3, eia0..eia3 (or eea0..eea3,
 * matching kind), 128-eia1.., null, snow3g, aes, zuc. Case-insensitive.
 */
bool parse_alg(const char *s, enum alg_kind kind, uint8_t *out);

/*
 * A key argument: HEX, "-" (hex or raw from stdin) or "@FILE". Exactly len
 * octets. The argument string itself is wiped (it may be argv, visible in
 * /proc/PID/cmdline). On failure writes a reason to why.
 */
bool read_key_arg(char *arg, uint8_t *key, size_t len, char *why, size_t why_len);
/* Decodes key text or raw key octets read from a file or stdin. */
bool decode_key_blob(const uint8_t *blob, size_t blob_len, uint8_t *key, size_t len);
/* Overwrites a string in place (argv entries keep their length). */
void wipe_string(char *s);

/*
 * Splits a line into at most max words (whitespace separated), in place.
 * Returns the number of words, or -1 if there are more than max.
 */
int split_words(char *line, char **words, int max);

#endif /* NASSEC_CLI_ARGS_H */
