// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests at module load, through nas_crypto.c, i.e. through the
 * crypto API and whatever driver serves each algorithm (AES-NI, an
 * accelerator, or this module's *-generic). A wrong answer refuses the load.
 *
 * The crypto API works on octets: cipher sets are cut to their whole octets
 * (keystream octets do not depend on the length), MAC sets are byte-aligned
 * official ones. TS 35.223 has no byte-aligned 128-EIA3 set, so the two
 * EIA3 entries are official sets cut to whole octets with the MAC computed
 * by Intel ipsec-mb 1.3 (which reproduces all official EIA3 sets).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nas_crypto.h"
#include "selftest.h"

struct nas_kat {
	const char *set;
	u8 alg;
	bool integrity;
	u32 count;
	u8 bearer, dir;
	unsigned int len;	/* octets of in (and of out for a cipher) */
	const char *key, *in;
	const char *out;	/* ciphertext, or the 4-octet MAC */
};

static const struct nas_kat nas_kats[] = {
	{
		.set = "TS 35.217 f8 set 3",
		.alg = NASSEC_ALG_SNOW3G, .integrity = false,
		.key = "\x5a\xcb\x1d\x64\x4c\x0d\x51\x20"
		       "\x4e\xa5\xf1\x45\x10\x10\xd8\x52",
		.count = 0xfa556b26, .bearer = 3, .dir = 1, .len = 15,
		.in = "\xad\x9c\x44\x1f\x89\x0b\x38\xc4\x57\xa4\x9d\x42"
		      "\x14\x07\xe8",
		.out = "\xba\x0f\x31\x30\x03\x34\xc5\x6b\x52\xa7\x49\x7c"
		       "\xba\xc0\x46",
	},
	{
		.set = "TS 33.401 C.3 set 1",
		.alg = NASSEC_ALG_SNOW3G, .integrity = false,
		.key = "\xd3\xc5\xd5\x92\x32\x7f\xb1\x1c"
		       "\x40\x35\xc6\x68\x0a\xf8\xc6\xd1",
		.count = 0x398a59b4, .bearer = 21, .dir = 1, .len = 31,
		.in = "\x98\x1b\xa6\x82\x4c\x1b\xfb\x1a\xb4\x85\x47\x20"
		      "\x29\xb7\x1d\x80\x8c\xe3\x3e\x2c\xc3\xc0\xb5\xfc"
		      "\x1f\x3d\xe8\xa6\xdc\x66\xb1",
		.out = "\x5d\x5b\xfe\x75\xeb\x04\xf6\x8c\xe0\xa1\x23\x77"
		       "\xea\x00\xb3\x7d\x47\xc6\xa0\xba\x06\x30\x91\x55"
		       "\x08\x6a\x85\x9c\x43\x41\xb3",
	},
	{
		.set = "TS 33.401 C.1 set 1",
		.alg = NASSEC_ALG_AES, .integrity = false,
		.key = "\xd3\xc5\xd5\x92\x32\x7f\xb1\x1c"
		       "\x40\x35\xc6\x68\x0a\xf8\xc6\xd1",
		.count = 0x398a59b4, .bearer = 21, .dir = 1, .len = 31,
		.in = "\x98\x1b\xa6\x82\x4c\x1b\xfb\x1a\xb4\x85\x47\x20"
		      "\x29\xb7\x1d\x80\x8c\xe3\x3e\x2c\xc3\xc0\xb5\xfc"
		      "\x1f\x3d\xe8\xa6\xdc\x66\xb1",
		.out = "\xe9\xfe\xd8\xa6\x3d\x15\x53\x04\xd7\x1d\xf2\x0b"
		       "\xf3\xe8\x22\x14\xb2\x0e\xd7\xda\xd2\xf2\x33\xdc"
		       "\x3c\x22\xd7\xbd\xee\xed\x8e",
	},
	{
		.set = "TS 33.401 C.1 set 3",
		.alg = NASSEC_ALG_AES, .integrity = false,
		.key = "\x0a\x8b\x6b\xd8\xd9\xb0\x8b\x08"
		       "\xd6\x4e\x32\xd1\x81\x77\x77\xfb",
		.count = 0x544d49cd, .bearer = 4, .dir = 0, .len = 38,
		.in = "\xfd\x40\xa4\x1d\x37\x0a\x1f\x65\x74\x50\x95\x68"
		      "\x7d\x47\xba\x1d\x36\xd2\x34\x9e\x23\xf6\x44\x39"
		      "\x2c\x8e\xa9\xc4\x9d\x40\xc1\x32\x71\xaf\xf2\x64"
		      "\xd0\xf2",
		.out = "\x75\x75\x0d\x37\xb4\xbb\xa2\xa4\xde\xdb\x34\x23"
		       "\x5b\xd6\x8c\x66\x45\xac\xda\xac\xa4\x81\x38\xa3"
		       "\xb0\xc4\x71\xe2\xa7\x04\x1a\x57\x64\x23\xd2\x92"
		       "\x72\x87",
	},
	{
		.set = "TS 35.223 EEA3 set 1",
		.alg = NASSEC_ALG_ZUC, .integrity = false,
		.key = "\x17\x3d\x14\xba\x50\x03\x73\x1d"
		       "\x7a\x60\x04\x94\x70\xf0\x0a\x29",
		.count = 0x66035492, .bearer = 15, .dir = 0, .len = 24,
		.in = "\x6c\xf6\x53\x40\x73\x55\x52\xab\x0c\x97\x52\xfa"
		      "\x6f\x90\x25\xfe\x0b\xd6\x75\xd9\x00\x58\x75\xb2",
		.out = "\xa6\xc8\x5f\xc6\x6a\xfb\x85\x33\xaa\xfc\x25\x18"
		       "\xdf\xe7\x84\x94\x0e\xe1\xe4\xb0\x30\x23\x8c\xc8",
	},
	{
		.set = "TS 35.223 EEA3 set 2",
		.alg = NASSEC_ALG_ZUC, .integrity = false,
		.key = "\xe5\xbd\x3e\xa0\xeb\x55\xad\xe8"
		       "\x66\xc6\xac\x58\xbd\x54\x30\x2a",
		.count = 0x00056823, .bearer = 24, .dir = 1, .len = 100,
		.in = "\x14\xa8\xef\x69\x3d\x67\x85\x07\xbb\xe7\x27\x0a"
		      "\x7f\x67\xff\x50\x06\xc3\x52\x5b\x98\x07\xe4\x67"
		      "\xc4\xe5\x60\x00\xba\x33\x8f\x5d\x42\x95\x59\x03"
		      "\x67\x51\x82\x22\x46\xc8\x0d\x3b\x38\xf0\x7f\x4b"
		      "\xe2\xd8\xff\x58\x05\xf5\x13\x22\x29\xbd\xe9\x3b"
		      "\xbb\xdc\xaf\x38\x2b\xf1\xee\x97\x2f\xbf\x99\x77"
		      "\xba\xda\x89\x45\x84\x7a\x2a\x6c\x9a\xd3\x4a\x66"
		      "\x75\x54\xe0\x4d\x1f\x7f\xa2\xc3\x32\x41\xbd\x8f"
		      "\x01\xba\x22\x0d",
		.out = "\x13\x1d\x43\xe0\xde\xa1\xbe\x5c\x5a\x1b\xfd\x97"
		       "\x1d\x85\x2c\xbf\x71\x2d\x7b\x4f\x57\x96\x1f\xea"
		       "\x32\x08\xaf\xa8\xbc\xa4\x33\xf4\x56\xad\x09\xc7"
		       "\x41\x7e\x58\xbc\x69\xcf\x88\x66\xd1\x35\x3f\x74"
		       "\x86\x5e\x80\x78\x1d\x20\x2d\xfb\x3e\xcf\xf7\xfc"
		       "\xbc\x3b\x19\x0f\xe8\x2a\x20\x4e\xd0\xe3\x50\xfc"
		       "\x0f\x6f\x26\x13\xb2\xf2\xbc\xa6\xdf\x5a\x47\x3a"
		       "\x57\xa4\xa0\x0d\x98\x5e\xba\xd8\x80\xd6\xf2\x38"
		       "\x64\xa0\x7b\x01",
	},
	{
		.set = "TS 33.401 C.4 set 1",
		.alg = NASSEC_ALG_SNOW3G, .integrity = true,
		.key = "\x2b\xd6\x45\x9f\x82\xc5\xb3\x00"
		       "\x95\x2c\x49\x10\x48\x81\xff\x48",
		.count = 0x38a6f056, .bearer = 31, .dir = 0, .len = 11,
		.in = "\x33\x32\x34\x62\x63\x39\x38\x61\x37\x34\x79",
		.out = "\x73\x1f\x11\x65",
	},
	{
		.set = "TS 33.401 C.4 set 4",
		.alg = NASSEC_ALG_SNOW3G, .integrity = true,
		.key = "\x83\xfd\x23\xa2\x44\xa7\x4c\xf3"
		       "\x58\xda\x30\x19\xf1\x72\x26\x35",
		.count = 0x36af6144, .bearer = 15, .dir = 1, .len = 96,
		.in = "\x35\xc6\x87\x16\x63\x3c\x66\xfb\x75\x0c\x26\x68"
		      "\x65\xd5\x3c\x11\xea\x05\xb1\xe9\xfa\x49\xc8\x39"
		      "\x8d\x48\xe1\xef\xa5\x90\x9d\x39\x47\x90\x28\x37"
		      "\xf5\xae\x96\xd5\xa0\x5b\xc8\xd6\x1c\xa8\xdb\xef"
		      "\x1b\x13\xa4\xb4\xab\xfe\x4f\xb1\x00\x60\x45\xb6"
		      "\x74\xbb\x54\x72\x93\x04\xc3\x82\xbe\x53\xa5\xaf"
		      "\x05\x55\x61\x76\xf6\xea\xa2\xef\x1d\x05\xe4\xb0"
		      "\x83\x18\x1e\xe6\x74\xcd\xa5\xa4\x85\xf7\x4d\x7a",
		.out = "\xbb\xa7\x44\x92",
	},
	{
		.set = "TS 33.401 C.2 set 2",
		.alg = NASSEC_ALG_AES, .integrity = true,
		.key = "\xd3\xc5\xd5\x92\x32\x7f\xb1\x1c"
		       "\x40\x35\xc6\x68\x0a\xf8\xc6\xd1",
		.count = 0x398a59b4, .bearer = 26, .dir = 1, .len = 8,
		.in = "\x48\x45\x83\xd5\xaf\xe0\x82\xae",
		.out = "\xb9\x37\x87\xe6",
	},
	{
		.set = "TS 33.401 C.2 set 5",
		.alg = NASSEC_ALG_AES, .integrity = true,
		.key = "\x83\xfd\x23\xa2\x44\xa7\x4c\xf3"
		       "\x58\xda\x30\x19\xf1\x72\x26\x35",
		.count = 0x36af6144, .bearer = 15, .dir = 1, .len = 96,
		.in = "\x35\xc6\x87\x16\x63\x3c\x66\xfb\x75\x0c\x26\x68"
		      "\x65\xd5\x3c\x11\xea\x05\xb1\xe9\xfa\x49\xc8\x39"
		      "\x8d\x48\xe1\xef\xa5\x90\x9d\x39\x47\x90\x28\x37"
		      "\xf5\xae\x96\xd5\xa0\x5b\xc8\xd6\x1c\xa8\xdb\xef"
		      "\x1b\x13\xa4\xb4\xab\xfe\x4f\xb1\x00\x60\x45\xb6"
		      "\x74\xbb\x54\x72\x93\x04\xc3\x82\xbe\x53\xa5\xaf"
		      "\x05\x55\x61\x76\xf6\xea\xa2\xef\x1d\x05\xe4\xb0"
		      "\x83\x18\x1e\xe6\x74\xcd\xa5\xa4\x85\xf7\x4d\x7a",
		.out = "\xe6\x57\xe1\x82",
	},
	{
		.set = "TS 35.223 EIA3 set 2, first 88 bits",
		.alg = NASSEC_ALG_ZUC, .integrity = true,
		.key = "\x47\x05\x41\x25\x56\x1e\xb2\xdd"
		       "\xa9\x40\x59\xda\x05\x09\x78\x50",
		.count = 0x561eb2dd, .bearer = 20, .dir = 0, .len = 11,
		.in = "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
		.out = "\x43\xde\xf1\x4b",
	},
	{
		.set = "TS 35.223 EIA3 set 3, first 576 bits",
		.alg = NASSEC_ALG_ZUC, .integrity = true,
		.key = "\xc9\xe6\xce\xc4\x60\x7c\x72\xdb"
		       "\x00\x0a\xef\xa8\x83\x85\xab\x0a",
		.count = 0xa94059da, .bearer = 10, .dir = 1, .len = 72,
		.in = "\x98\x3b\x41\xd4\x7d\x78\x0c\x9e\x1a\xd1\x1d\x7e"
		      "\xb7\x03\x91\xb1\xde\x0b\x35\xda\x2d\xc6\x2f\x83"
		      "\xe7\xb7\x8d\x63\x06\xca\x0e\xa0\x7e\x94\x1b\x7b"
		      "\xe9\x13\x48\xf9\xfc\xb1\x70\xe2\x21\x7f\xec\xd9"
		      "\x7f\x9f\x68\xad\xb1\x6e\x5d\x7d\x21\xe5\x69\xd2"
		      "\x80\xed\x77\x5c\xeb\xde\x3f\x40\x93\xc5\x38\x81",
		.out = "\x8e\x48\xc7\xd5",
	},
};

/* NULL, or why the set failed (for the log line). */
static const char *nas_kat_check(const struct nas_kat *kat, u8 *buf,
				 int *err)
{
	const u8 *key = (const u8 *)kat->key;
	u8 mac[4];

	if (kat->integrity) {
		*err = nassec_nas_mac(kat->alg, key, kat->count, kat->bearer,
				      kat->dir, buf, kat->len, mac);
		if (*err)
			return "error";
		if (memcmp(mac, kat->out, sizeof(mac)))
			return "wrong MAC";
		return NULL;
	}
	*err = nassec_nas_cipher(kat->alg, key, kat->count, kat->bearer,
				 kat->dir, buf, kat->len);
	if (*err)
		return "error";
	if (memcmp(buf, kat->out, kat->len))
		return "wrong ciphertext";
	/* and back: deciphering is the same keystream */
	*err = nassec_nas_cipher(kat->alg, key, kat->count, kat->bearer,
				 kat->dir, buf, kat->len);
	if (*err)
		return "error deciphering";
	if (memcmp(buf, kat->in, kat->len))
		return "wrong plaintext after deciphering";
	return NULL;
}

static int nas_kat_run(const struct nas_kat *kat)
{
	const char *why;
	int err;
	u8 *buf;

	/* kmalloc memory, as nas_crypto.h asks of callers */
	buf = kmemdup(kat->in, kat->len + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	why = nas_kat_check(kat, buf, &err);
	if (why) {
		pr_err("nassec: self-test %s %s failed: %s (%d)\n",
		       nassec_nas_alg_name(kat->alg, kat->integrity), kat->set,
		       why, err);
		err = -EINVAL;
	}
	kfree(buf);
	return err;
}

/* 128-EEA0 leaves the message alone and 128-EIA0 gives a zero MAC. */
static int nas_kat_null(void)
{
	static const u8 key[16] = { 0x5a };
	u8 *buf, mac[4] = { 1, 2, 3, 4 };
	int err = 0;

	buf = kmalloc(4, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0xa5, 4);
	if (nassec_nas_cipher(NASSEC_ALG_NULL, key, 1, 2, 1, buf, 4) ||
	    memchr_inv(buf, 0xa5, 4)) {
		pr_err("nassec: self-test 128-EEA0 failed: message changed\n");
		err = -EINVAL;
	}
	if (nassec_nas_mac(NASSEC_ALG_NULL, key, 1, 2, 1, buf, 4, mac) ||
	    memchr_inv(mac, 0, sizeof(mac))) {
		pr_err("nassec: self-test 128-EIA0 failed: MAC not zero\n");
		err = -EINVAL;
	}
	kfree(buf);
	return err;
}

int nassec_selftest(void)
{
	unsigned int i;
	int err;

	err = nas_kat_null();
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(nas_kats); i++) {
		err = nas_kat_run(&nas_kats[i]);
		if (err)
			return err;
	}
	pr_info("nassec: self-test passed: %zu known-answer sets, 128-EEA0-3 and 128-EIA0-3\n",
		ARRAY_SIZE(nas_kats) + 2);
	return 0;
}
