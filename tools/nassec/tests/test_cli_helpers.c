// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the CLI's pure helpers (args.c, json.c): keyword matching
 * and abbreviations, numbers, hex, algorithm names, key arguments (and
 * their wiping from argv), word splitting, JSON output. TAP on stdout.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "json.h"
#include "tap.h"

static const char *const objects[] = {
	"ctx", "pdu", "kenb", "nh", "monitor", "stats", "config", "sock", NULL,
};
static const char *const slot_words[] = {
	"cur", "new", "kasme", "eksi", "eia", "eea", "ul-count", "dl-count",
	"drop-new", "freeze", "thaw", "as", NULL,
};

static void test_matching(void)
{
	tap_result(match_command("c", objects) == 0, "command: 'c' picks the first match, ctx");
	tap_result(match_command("co", objects) == 6, "command: 'co' is config");
	tap_result(match_command("s", objects) == 5, "command: 's' is stats (listed before sock)");
	tap_result(match_command("so", objects) == 7, "command: 'so' is sock");
	tap_result(match_command("nh", objects) == 3, "command: exact name");
	tap_result(match_command("ctxx", objects) == MATCH_NONE, "command: longer than the name is no match");
	tap_result(match_command("", objects) == MATCH_NONE, "command: empty word is no match");
	tap_result(match_keyword("e", slot_words) == MATCH_AMBIGUOUS, "keyword: 'e' is ambiguous");
	tap_result(match_keyword("ek", slot_words) == 3, "keyword: 'ek' is eksi");
	tap_result(match_keyword("eia", slot_words) == 4, "keyword: exact eia");
	tap_result(match_keyword("d", slot_words) == MATCH_AMBIGUOUS, "keyword: 'd' is ambiguous");
	tap_result(match_keyword("ul", slot_words) == 6, "keyword: 'ul' is ul-count");
	tap_result(match_keyword("kasmee", slot_words) == MATCH_NONE, "keyword: unknown word");
	tap_result(is_help("help") && is_help("-h") && is_help("--help") && !is_help("hel"),
		   "help words are help, -h, --help only");
}

static void test_numbers(void)
{
	uint32_t v = 7;
	uint64_t w;

	tap_result(parse_u32("0", 0, 10, &v) && v == 0, "u32: 0");
	tap_result(parse_u32("4294967295", 0, UINT32_MAX, &v) && v == UINT32_MAX, "u32: max");
	tap_result(!parse_u32("4294967296", 0, UINT32_MAX, &v), "u32: max + 1 refused");
	tap_result(!parse_u32("-1", 0, UINT32_MAX, &v), "u32: negative refused");
	tap_result(!parse_u32("12a", 0, UINT32_MAX, &v), "u32: trailing junk refused");
	tap_result(!parse_u32("", 0, UINT32_MAX, &v), "u32: empty refused");
	tap_result(!parse_u32(" 1", 0, UINT32_MAX, &v), "u32: leading space refused");
	tap_result(!parse_u32("010", 0, UINT32_MAX, &v), "u32: octal-looking refused");
	tap_result(parse_u32("0x10", 0, UINT32_MAX, &v) && v == 16, "u32: 0x hex");
	tap_result(!parse_u32("16", 0, 15, &v), "u32: above range refused");
	tap_result(!parse_u32("2", 3, 5, &v), "u32: below range refused");
	tap_result(parse_u64("18446744073709551615", 0, UINT64_MAX, &w) && w == UINT64_MAX, "u64: max");
}

static void test_hex(void)
{
	uint8_t buf[8];
	char out[17];

	tap_result(hex_decode("0011fF", buf, sizeof(buf)) == 3 && buf[0] == 0 && buf[1] == 0x11 &&
		   buf[2] == 0xff, "hex: decodes, either case");
	tap_result(hex_decode("0x0a", buf, sizeof(buf)) == 1 && buf[0] == 0x0a, "hex: 0x prefix");
	tap_result(hex_decode("0a:0b", buf, sizeof(buf)) == 2 && buf[1] == 0x0b, "hex: colons");
	tap_result(hex_decode("abc", buf, sizeof(buf)) == -1, "hex: odd length refused");
	tap_result(hex_decode("zz", buf, sizeof(buf)) == -1, "hex: non-hex refused");
	tap_result(hex_decode("", buf, sizeof(buf)) == -1, "hex: empty refused");
	tap_result(hex_decode("000000000000000000", buf, sizeof(buf)) == -1, "hex: over capacity refused");
	tap_result(hex_decode("0a:", buf, sizeof(buf)) == -1, "hex: trailing colon refused");
	memcpy(buf, "\x00\x7f\x80\xff", 4);
	hex_encode(buf, 4, out);
	tap_result(!strcmp(out, "007f80ff"), "hex: encodes lower case (%s)", out);
}

static void test_algs(void)
{
	uint8_t a = 9;

	tap_result(parse_alg("aes", ALG_EIA, &a) && a == 2, "alg: aes is 2");
	tap_result(parse_alg("SNOW3G", ALG_EEA, &a) && a == 1, "alg: SNOW3G is 1");
	tap_result(parse_alg("zuc", ALG_EEA, &a) && a == 3, "alg: zuc is 3");
	tap_result(parse_alg("null", ALG_EEA, &a) && a == 0, "alg: null is 0");
	tap_result(parse_alg("EEA3", ALG_EEA, &a) && a == 3, "alg: EEA3 for eea");
	tap_result(!parse_alg("eea1", ALG_EIA, &a), "alg: eea1 refused for eia");
	tap_result(parse_alg("128-EIA1", ALG_EIA, &a) && a == 1, "alg: 128-EIA1");
	tap_result(parse_alg("0", ALG_EIA, &a) && a == 0, "alg: number 0");
	tap_result(!parse_alg("4", ALG_EIA, &a), "alg: 4 refused");
	tap_result(!parse_alg("eia", ALG_EIA, &a), "alg: bare prefix refused");
}

static const char kasme_hex[] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

static bool key_is_counting(const uint8_t *key)
{
	for (int i = 0; i < 32; i++)
		if (key[i] != i)
			return false;
	return true;
}

static void test_keys(void)
{
	char arg[sizeof(kasme_hex)], why[128], path[] = "/tmp/nassec-cli-test-XXXXXX";
	char file_arg[64];
	uint8_t key[32], raw[32];
	bool wiped = true;
	int fd;

	memcpy(arg, kasme_hex, sizeof(arg));
	tap_result(read_key_arg(arg, key, 32, why, sizeof(why)) && key_is_counting(key),
		   "key: hex argument decoded");
	for (size_t i = 0; i < sizeof(arg) - 1; i++)
		wiped = wiped && arg[i] == 'x';
	tap_result(wiped && strlen(arg) == 64, "key: argv string overwritten in place");
	memcpy(arg, kasme_hex, sizeof(arg));
	arg[62] = '\0';
	tap_result(!read_key_arg(arg, key, 32, why, sizeof(why)) && strstr(why, "32 octets"),
		   "key: 31 octets refused (%s)", why);

	fd = mkstemp(path);
	tap_result(fd >= 0, "key: temp file");
	if (fd < 0)
		return;
	dprintf(fd, "  %s\n", kasme_hex);
	snprintf(file_arg, sizeof(file_arg), "@%s", path);
	memset(key, 0, sizeof(key));
	tap_result(read_key_arg(file_arg, key, 32, why, sizeof(why)) && key_is_counting(key),
		   "key: @FILE with hex and white space");
	for (int i = 0; i < 32; i++)
		raw[i] = (uint8_t)i;
	if (ftruncate(fd, 0) || pwrite(fd, raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		tap_diag("rewriting %s failed", path);
	snprintf(file_arg, sizeof(file_arg), "@%s", path);
	memset(key, 0, sizeof(key));
	tap_result(read_key_arg(file_arg, key, 32, why, sizeof(why)) && key_is_counting(key),
		   "key: @FILE with 32 raw octets");
	if (ftruncate(fd, 0) || pwrite(fd, "abcd\n", 5, 0) != 5)
		tap_diag("rewriting %s failed", path);
	snprintf(file_arg, sizeof(file_arg), "@%s", path);
	tap_result(!read_key_arg(file_arg, key, 32, why, sizeof(why)), "key: short file refused");
	close(fd);
	unlink(path);
	snprintf(file_arg, sizeof(file_arg), "@%s", path);
	tap_result(!read_key_arg(file_arg, key, 32, why, sizeof(why)) && strstr(why, path),
		   "key: missing file names the file (%s)", why);
}

static void test_split(void)
{
	char line[] = "  7 cur kasme 00\teksi 1\n";
	char *w[8];
	char line2[] = "a b c";

	tap_result(split_words(line, w, 8) == 6 && !strcmp(w[0], "7") && !strcmp(w[3], "00") &&
		   !strcmp(w[5], "1"), "split: words over spaces, tabs, newline");
	tap_result(split_words(line2, w, 2) == -1, "split: too many words refused");
}

/* Runs fn with a writer on a memory stream and compares with want. */
static void check_json(const char *name, bool pretty, void (*fn)(struct json *), const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f, pretty);
	fn(&j);
	fclose(f);
	if (!tap_result(!strcmp(buf, want), "json: %s", name))
		tap_diag("got: %s", buf);
	free(buf);
}

static void json_doc(struct json *j)
{
	static const uint8_t data[] = { 0xde, 0xad };

	json_array_start(j, NULL);
	json_object_start(j, NULL);
	json_uint(j, "ue_id", 4294967295u);
	json_int(j, "error", -13);
	json_string(j, "s", "a\"b\\c\n\x01");
	json_hex(j, "data", data, 2);
	json_bool(j, "frozen", true);
	json_null(j, "new");
	json_array_start(j, "flags");
	json_array_end(j);
	json_object_end(j);
	json_object_start(j, NULL);
	json_object_end(j);
	json_array_end(j);
}

static void json_small(struct json *j)
{
	json_object_start(j, NULL);
	json_uint(j, "a", 1);
	json_array_start(j, "b");
	json_uint(j, NULL, 2);
	json_array_end(j);
	json_object_end(j);
}

static void json_empty(struct json *j)
{
	json_array_start(j, NULL);
	json_array_end(j);
}

int main(void)
{
	test_matching();
	test_numbers();
	test_hex();
	test_algs();
	test_keys();
	test_split();
	check_json("compact document, escapes, empty containers", false, json_doc,
		   "[{\"ue_id\":4294967295,\"error\":-13,\"s\":\"a\\\"b\\\\c\\n\\u0001\","
		   "\"data\":\"dead\",\"frozen\":true,\"new\":null,\"flags\":[]},{}]\n");
	check_json("pretty indents by four", true, json_small,
		   "{\n    \"a\": 1,\n    \"b\": [\n        2\n    ]\n}\n");
	check_json("empty top-level array", false, json_empty, "[]\n");
	return tap_finish();
}
