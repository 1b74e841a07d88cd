// SPDX-License-Identifier: GPL-2.0
/*
 * ZUC (ETSI/SAGE EEA3&EIA3 Document 2, TS 35.222) and 128-EEA3 / 128-EIA3
 * (Document 1, TS 35.221).
 *
 * Speed, since this runs once per NAS message: the 32-bit S-box S is four
 * byte-position tables (S0 and S1 of TS 35.222 3.4.1, spread by
 * tools/bench/gen_tables.c); the LFSR is a ring, s_i living in
 * s[(off + i) % 16], with the sixteen clocks of one turn unrolled; the
 * feedback modulo 2^31 - 1 adds the shifted cells as 64-bit integers and
 * folds twice instead of rotating each term; the running LFSR lives in
 * the caller's stack frame, where keystream stores cannot alias it. EIA3's
 * bit-by-bit sum of keystream windows is taken four message bits at a time
 * from a 16-entry table of shifted keystream windows built per message
 * word, in a loop of its own over each batch of keystream. Key material
 * (state, tables) is wiped before returning; buffers written in full
 * before use skip the kernel's stack zero-fill.
 */
#include "nassec_types.h"
#include "zuc.h"

/*
 * Clears key material: one store per word, each followed by a compiler
 * barrier, so the stores stay (and are not merged into a memset whose
 * rep stos start-up costs more than these small objects).
 */
static __always_inline void zuc_wipe(void *p, size_t n)
{
	u32 *w = p;
	size_t i;

	for (i = 0; i < n / 4; i++) {
		w[i] = 0;
		__asm__ __volatile__("" : : "r"(w) : "memory");
	}
}

/*
 * Stack buffers that are written in full before they are read: no
 * zero-fill (CONFIG_INIT_STACK_ALL_ZERO would add a rep stos per call).
 */
#if __has_attribute(__uninitialized__)
#define zuc_noinit __attribute__((__uninitialized__))
#else
#define zuc_noinit
#endif

static const u32 zuc_s_t0[256] = {
	0x3e000000, 0x72000000, 0x5b000000, 0x47000000, 0xca000000, 0xe0000000,
	0x00000000, 0x33000000, 0x04000000, 0xd1000000, 0x54000000, 0x98000000,
	0x09000000, 0xb9000000, 0x6d000000, 0xcb000000, 0x7b000000, 0x1b000000,
	0xf9000000, 0x32000000, 0xaf000000, 0x9d000000, 0x6a000000, 0xa5000000,
	0xb8000000, 0x2d000000, 0xfc000000, 0x1d000000, 0x08000000, 0x53000000,
	0x03000000, 0x90000000, 0x4d000000, 0x4e000000, 0x84000000, 0x99000000,
	0xe4000000, 0xce000000, 0xd9000000, 0x91000000, 0xdd000000, 0xb6000000,
	0x85000000, 0x48000000, 0x8b000000, 0x29000000, 0x6e000000, 0xac000000,
	0xcd000000, 0xc1000000, 0xf8000000, 0x1e000000, 0x73000000, 0x43000000,
	0x69000000, 0xc6000000, 0xb5000000, 0xbd000000, 0xfd000000, 0x39000000,
	0x63000000, 0x20000000, 0xd4000000, 0x38000000, 0x76000000, 0x7d000000,
	0xb2000000, 0xa7000000, 0xcf000000, 0xed000000, 0x57000000, 0xc5000000,
	0xf3000000, 0x2c000000, 0xbb000000, 0x14000000, 0x21000000, 0x06000000,
	0x55000000, 0x9b000000, 0xe3000000, 0xef000000, 0x5e000000, 0x31000000,
	0x4f000000, 0x7f000000, 0x5a000000, 0xa4000000, 0x0d000000, 0x82000000,
	0x51000000, 0x49000000, 0x5f000000, 0xba000000, 0x58000000, 0x1c000000,
	0x4a000000, 0x16000000, 0xd5000000, 0x17000000, 0xa8000000, 0x92000000,
	0x24000000, 0x1f000000, 0x8c000000, 0xff000000, 0xd8000000, 0xae000000,
	0x2e000000, 0x01000000, 0xd3000000, 0xad000000, 0x3b000000, 0x4b000000,
	0xda000000, 0x46000000, 0xeb000000, 0xc9000000, 0xde000000, 0x9a000000,
	0x8f000000, 0x87000000, 0xd7000000, 0x3a000000, 0x80000000, 0x6f000000,
	0x2f000000, 0xc8000000, 0xb1000000, 0xb4000000, 0x37000000, 0xf7000000,
	0x0a000000, 0x22000000, 0x13000000, 0x28000000, 0x7c000000, 0xcc000000,
	0x3c000000, 0x89000000, 0xc7000000, 0xc3000000, 0x96000000, 0x56000000,
	0x07000000, 0xbf000000, 0x7e000000, 0xf0000000, 0x0b000000, 0x2b000000,
	0x97000000, 0x52000000, 0x35000000, 0x41000000, 0x79000000, 0x61000000,
	0xa6000000, 0x4c000000, 0x10000000, 0xfe000000, 0xbc000000, 0x26000000,
	0x95000000, 0x88000000, 0x8a000000, 0xb0000000, 0xa3000000, 0xfb000000,
	0xc0000000, 0x18000000, 0x94000000, 0xf2000000, 0xe1000000, 0xe5000000,
	0xe9000000, 0x5d000000, 0xd0000000, 0xdc000000, 0x11000000, 0x66000000,
	0x64000000, 0x5c000000, 0xec000000, 0x59000000, 0x42000000, 0x75000000,
	0x12000000, 0xf5000000, 0x74000000, 0x9c000000, 0xaa000000, 0x23000000,
	0x0e000000, 0x86000000, 0xab000000, 0xbe000000, 0x2a000000, 0x02000000,
	0xe7000000, 0x67000000, 0xe6000000, 0x44000000, 0xa2000000, 0x6c000000,
	0xc2000000, 0x93000000, 0x9f000000, 0xf1000000, 0xf6000000, 0xfa000000,
	0x36000000, 0xd2000000, 0x50000000, 0x68000000, 0x9e000000, 0x62000000,
	0x71000000, 0x15000000, 0x3d000000, 0xd6000000, 0x40000000, 0xc4000000,
	0xe2000000, 0x0f000000, 0x8e000000, 0x83000000, 0x77000000, 0x6b000000,
	0x25000000, 0x05000000, 0x3f000000, 0x0c000000, 0x30000000, 0xea000000,
	0x70000000, 0xb7000000, 0xa1000000, 0xe8000000, 0xa9000000, 0x65000000,
	0x8d000000, 0x27000000, 0x1a000000, 0xdb000000, 0x81000000, 0xb3000000,
	0xa0000000, 0xf4000000, 0x45000000, 0x7a000000, 0x19000000, 0xdf000000,
	0xee000000, 0x78000000, 0x34000000, 0x60000000,
};

static const u32 zuc_s_t1[256] = {
	0x00550000, 0x00c20000, 0x00630000, 0x00710000, 0x003b0000, 0x00c80000,
	0x00470000, 0x00860000, 0x009f0000, 0x003c0000, 0x00da0000, 0x005b0000,
	0x00290000, 0x00aa0000, 0x00fd0000, 0x00770000, 0x008c0000, 0x00c50000,
	0x00940000, 0x000c0000, 0x00a60000, 0x001a0000, 0x00130000, 0x00000000,
	0x00e30000, 0x00a80000, 0x00160000, 0x00720000, 0x00400000, 0x00f90000,
	0x00f80000, 0x00420000, 0x00440000, 0x00260000, 0x00680000, 0x00960000,
	0x00810000, 0x00d90000, 0x00450000, 0x003e0000, 0x00100000, 0x00760000,
	0x00c60000, 0x00a70000, 0x008b0000, 0x00390000, 0x00430000, 0x00e10000,
	0x003a0000, 0x00b50000, 0x00560000, 0x002a0000, 0x00c00000, 0x006d0000,
	0x00b30000, 0x00050000, 0x00220000, 0x00660000, 0x00bf0000, 0x00dc0000,
	0x000b0000, 0x00fa0000, 0x00620000, 0x00480000, 0x00dd0000, 0x00200000,
	0x00110000, 0x00060000, 0x00360000, 0x00c90000, 0x00c10000, 0x00cf0000,
	0x00f60000, 0x00270000, 0x00520000, 0x00bb0000, 0x00690000, 0x00f50000,
	0x00d40000, 0x00870000, 0x007f0000, 0x00840000, 0x004c0000, 0x00d20000,
	0x009c0000, 0x00570000, 0x00a40000, 0x00bc0000, 0x004f0000, 0x009a0000,
	0x00df0000, 0x00fe0000, 0x00d60000, 0x008d0000, 0x007a0000, 0x00eb0000,
	0x002b0000, 0x00530000, 0x00d80000, 0x005c0000, 0x00a10000, 0x00140000,
	0x00170000, 0x00fb0000, 0x00230000, 0x00d50000, 0x007d0000, 0x00300000,
	0x00670000, 0x00730000, 0x00080000, 0x00090000, 0x00ee0000, 0x00b70000,
	0x00700000, 0x003f0000, 0x00610000, 0x00b20000, 0x00190000, 0x008e0000,
	0x004e0000, 0x00e50000, 0x004b0000, 0x00930000, 0x008f0000, 0x005d0000,
	0x00db0000, 0x00a90000, 0x00ad0000, 0x00f10000, 0x00ae0000, 0x002e0000,
	0x00cb0000, 0x000d0000, 0x00fc0000, 0x00f40000, 0x002d0000, 0x00460000,
	0x006e0000, 0x001d0000, 0x00970000, 0x00e80000, 0x00d10000, 0x00e90000,
	0x004d0000, 0x00370000, 0x00a50000, 0x00750000, 0x005e0000, 0x00830000,
	0x009e0000, 0x00ab0000, 0x00820000, 0x009d0000, 0x00b90000, 0x001c0000,
	0x00e00000, 0x00cd0000, 0x00490000, 0x00890000, 0x00010000, 0x00b60000,
	0x00bd0000, 0x00580000, 0x00240000, 0x00a20000, 0x005f0000, 0x00380000,
	0x00780000, 0x00990000, 0x00150000, 0x00900000, 0x00500000, 0x00b80000,
	0x00950000, 0x00e40000, 0x00d00000, 0x00910000, 0x00c70000, 0x00ce0000,
	0x00ed0000, 0x000f0000, 0x00b40000, 0x006f0000, 0x00a00000, 0x00cc0000,
	0x00f00000, 0x00020000, 0x004a0000, 0x00790000, 0x00c30000, 0x00de0000,
	0x00a30000, 0x00ef0000, 0x00ea0000, 0x00510000, 0x00e60000, 0x006b0000,
	0x00180000, 0x00ec0000, 0x001b0000, 0x002c0000, 0x00800000, 0x00f70000,
	0x00740000, 0x00e70000, 0x00ff0000, 0x00210000, 0x005a0000, 0x006a0000,
	0x00540000, 0x001e0000, 0x00410000, 0x00310000, 0x00920000, 0x00350000,
	0x00c40000, 0x00330000, 0x00070000, 0x000a0000, 0x00ba0000, 0x007e0000,
	0x000e0000, 0x00340000, 0x00880000, 0x00b10000, 0x00980000, 0x007c0000,
	0x00f30000, 0x003d0000, 0x00600000, 0x006c0000, 0x007b0000, 0x00ca0000,
	0x00d30000, 0x001f0000, 0x00320000, 0x00650000, 0x00040000, 0x00280000,
	0x00640000, 0x00be0000, 0x00850000, 0x009b0000, 0x002f0000, 0x00590000,
	0x008a0000, 0x00d70000, 0x00b00000, 0x00250000, 0x00ac0000, 0x00af0000,
	0x00120000, 0x00030000, 0x00e20000, 0x00f20000,
};

static const u32 zuc_s_t2[256] = {
	0x00003e00, 0x00007200, 0x00005b00, 0x00004700, 0x0000ca00, 0x0000e000,
	0x00000000, 0x00003300, 0x00000400, 0x0000d100, 0x00005400, 0x00009800,
	0x00000900, 0x0000b900, 0x00006d00, 0x0000cb00, 0x00007b00, 0x00001b00,
	0x0000f900, 0x00003200, 0x0000af00, 0x00009d00, 0x00006a00, 0x0000a500,
	0x0000b800, 0x00002d00, 0x0000fc00, 0x00001d00, 0x00000800, 0x00005300,
	0x00000300, 0x00009000, 0x00004d00, 0x00004e00, 0x00008400, 0x00009900,
	0x0000e400, 0x0000ce00, 0x0000d900, 0x00009100, 0x0000dd00, 0x0000b600,
	0x00008500, 0x00004800, 0x00008b00, 0x00002900, 0x00006e00, 0x0000ac00,
	0x0000cd00, 0x0000c100, 0x0000f800, 0x00001e00, 0x00007300, 0x00004300,
	0x00006900, 0x0000c600, 0x0000b500, 0x0000bd00, 0x0000fd00, 0x00003900,
	0x00006300, 0x00002000, 0x0000d400, 0x00003800, 0x00007600, 0x00007d00,
	0x0000b200, 0x0000a700, 0x0000cf00, 0x0000ed00, 0x00005700, 0x0000c500,
	0x0000f300, 0x00002c00, 0x0000bb00, 0x00001400, 0x00002100, 0x00000600,
	0x00005500, 0x00009b00, 0x0000e300, 0x0000ef00, 0x00005e00, 0x00003100,
	0x00004f00, 0x00007f00, 0x00005a00, 0x0000a400, 0x00000d00, 0x00008200,
	0x00005100, 0x00004900, 0x00005f00, 0x0000ba00, 0x00005800, 0x00001c00,
	0x00004a00, 0x00001600, 0x0000d500, 0x00001700, 0x0000a800, 0x00009200,
	0x00002400, 0x00001f00, 0x00008c00, 0x0000ff00, 0x0000d800, 0x0000ae00,
	0x00002e00, 0x00000100, 0x0000d300, 0x0000ad00, 0x00003b00, 0x00004b00,
	0x0000da00, 0x00004600, 0x0000eb00, 0x0000c900, 0x0000de00, 0x00009a00,
	0x00008f00, 0x00008700, 0x0000d700, 0x00003a00, 0x00008000, 0x00006f00,
	0x00002f00, 0x0000c800, 0x0000b100, 0x0000b400, 0x00003700, 0x0000f700,
	0x00000a00, 0x00002200, 0x00001300, 0x00002800, 0x00007c00, 0x0000cc00,
	0x00003c00, 0x00008900, 0x0000c700, 0x0000c300, 0x00009600, 0x00005600,
	0x00000700, 0x0000bf00, 0x00007e00, 0x0000f000, 0x00000b00, 0x00002b00,
	0x00009700, 0x00005200, 0x00003500, 0x00004100, 0x00007900, 0x00006100,
	0x0000a600, 0x00004c00, 0x00001000, 0x0000fe00, 0x0000bc00, 0x00002600,
	0x00009500, 0x00008800, 0x00008a00, 0x0000b000, 0x0000a300, 0x0000fb00,
	0x0000c000, 0x00001800, 0x00009400, 0x0000f200, 0x0000e100, 0x0000e500,
	0x0000e900, 0x00005d00, 0x0000d000, 0x0000dc00, 0x00001100, 0x00006600,
	0x00006400, 0x00005c00, 0x0000ec00, 0x00005900, 0x00004200, 0x00007500,
	0x00001200, 0x0000f500, 0x00007400, 0x00009c00, 0x0000aa00, 0x00002300,
	0x00000e00, 0x00008600, 0x0000ab00, 0x0000be00, 0x00002a00, 0x00000200,
	0x0000e700, 0x00006700, 0x0000e600, 0x00004400, 0x0000a200, 0x00006c00,
	0x0000c200, 0x00009300, 0x00009f00, 0x0000f100, 0x0000f600, 0x0000fa00,
	0x00003600, 0x0000d200, 0x00005000, 0x00006800, 0x00009e00, 0x00006200,
	0x00007100, 0x00001500, 0x00003d00, 0x0000d600, 0x00004000, 0x0000c400,
	0x0000e200, 0x00000f00, 0x00008e00, 0x00008300, 0x00007700, 0x00006b00,
	0x00002500, 0x00000500, 0x00003f00, 0x00000c00, 0x00003000, 0x0000ea00,
	0x00007000, 0x0000b700, 0x0000a100, 0x0000e800, 0x0000a900, 0x00006500,
	0x00008d00, 0x00002700, 0x00001a00, 0x0000db00, 0x00008100, 0x0000b300,
	0x0000a000, 0x0000f400, 0x00004500, 0x00007a00, 0x00001900, 0x0000df00,
	0x0000ee00, 0x00007800, 0x00003400, 0x00006000,
};

static const u32 zuc_s_t3[256] = {
	0x00000055, 0x000000c2, 0x00000063, 0x00000071, 0x0000003b, 0x000000c8,
	0x00000047, 0x00000086, 0x0000009f, 0x0000003c, 0x000000da, 0x0000005b,
	0x00000029, 0x000000aa, 0x000000fd, 0x00000077, 0x0000008c, 0x000000c5,
	0x00000094, 0x0000000c, 0x000000a6, 0x0000001a, 0x00000013, 0x00000000,
	0x000000e3, 0x000000a8, 0x00000016, 0x00000072, 0x00000040, 0x000000f9,
	0x000000f8, 0x00000042, 0x00000044, 0x00000026, 0x00000068, 0x00000096,
	0x00000081, 0x000000d9, 0x00000045, 0x0000003e, 0x00000010, 0x00000076,
	0x000000c6, 0x000000a7, 0x0000008b, 0x00000039, 0x00000043, 0x000000e1,
	0x0000003a, 0x000000b5, 0x00000056, 0x0000002a, 0x000000c0, 0x0000006d,
	0x000000b3, 0x00000005, 0x00000022, 0x00000066, 0x000000bf, 0x000000dc,
	0x0000000b, 0x000000fa, 0x00000062, 0x00000048, 0x000000dd, 0x00000020,
	0x00000011, 0x00000006, 0x00000036, 0x000000c9, 0x000000c1, 0x000000cf,
	0x000000f6, 0x00000027, 0x00000052, 0x000000bb, 0x00000069, 0x000000f5,
	0x000000d4, 0x00000087, 0x0000007f, 0x00000084, 0x0000004c, 0x000000d2,
	0x0000009c, 0x00000057, 0x000000a4, 0x000000bc, 0x0000004f, 0x0000009a,
	0x000000df, 0x000000fe, 0x000000d6, 0x0000008d, 0x0000007a, 0x000000eb,
	0x0000002b, 0x00000053, 0x000000d8, 0x0000005c, 0x000000a1, 0x00000014,
	0x00000017, 0x000000fb, 0x00000023, 0x000000d5, 0x0000007d, 0x00000030,
	0x00000067, 0x00000073, 0x00000008, 0x00000009, 0x000000ee, 0x000000b7,
	0x00000070, 0x0000003f, 0x00000061, 0x000000b2, 0x00000019, 0x0000008e,
	0x0000004e, 0x000000e5, 0x0000004b, 0x00000093, 0x0000008f, 0x0000005d,
	0x000000db, 0x000000a9, 0x000000ad, 0x000000f1, 0x000000ae, 0x0000002e,
	0x000000cb, 0x0000000d, 0x000000fc, 0x000000f4, 0x0000002d, 0x00000046,
	0x0000006e, 0x0000001d, 0x00000097, 0x000000e8, 0x000000d1, 0x000000e9,
	0x0000004d, 0x00000037, 0x000000a5, 0x00000075, 0x0000005e, 0x00000083,
	0x0000009e, 0x000000ab, 0x00000082, 0x0000009d, 0x000000b9, 0x0000001c,
	0x000000e0, 0x000000cd, 0x00000049, 0x00000089, 0x00000001, 0x000000b6,
	0x000000bd, 0x00000058, 0x00000024, 0x000000a2, 0x0000005f, 0x00000038,
	0x00000078, 0x00000099, 0x00000015, 0x00000090, 0x00000050, 0x000000b8,
	0x00000095, 0x000000e4, 0x000000d0, 0x00000091, 0x000000c7, 0x000000ce,
	0x000000ed, 0x0000000f, 0x000000b4, 0x0000006f, 0x000000a0, 0x000000cc,
	0x000000f0, 0x00000002, 0x0000004a, 0x00000079, 0x000000c3, 0x000000de,
	0x000000a3, 0x000000ef, 0x000000ea, 0x00000051, 0x000000e6, 0x0000006b,
	0x00000018, 0x000000ec, 0x0000001b, 0x0000002c, 0x00000080, 0x000000f7,
	0x00000074, 0x000000e7, 0x000000ff, 0x00000021, 0x0000005a, 0x0000006a,
	0x00000054, 0x0000001e, 0x00000041, 0x00000031, 0x00000092, 0x00000035,
	0x000000c4, 0x00000033, 0x00000007, 0x0000000a, 0x000000ba, 0x0000007e,
	0x0000000e, 0x00000034, 0x00000088, 0x000000b1, 0x00000098, 0x0000007c,
	0x000000f3, 0x0000003d, 0x00000060, 0x0000006c, 0x0000007b, 0x000000ca,
	0x000000d3, 0x0000001f, 0x00000032, 0x00000065, 0x00000004, 0x00000028,
	0x00000064, 0x000000be, 0x00000085, 0x0000009b, 0x0000002f, 0x00000059,
	0x0000008a, 0x000000d7, 0x000000b0, 0x00000025, 0x000000ac, 0x000000af,
	0x00000012, 0x00000003, 0x000000e2, 0x000000f2,
};

/* TS 35.222 3.5: the 15-bit constants d0..d15 of key loading. */
static const u16 zuc_d[16] = {
	0x44d7, 0x26bc, 0x626b, 0x135e, 0x5789, 0x35e2, 0x7135, 0x09af,
	0x4d78, 0x2f13, 0x6bc4, 0x1af1, 0x5e26, 0x3c4d, 0x789a, 0x47ac,
};

/*
 * Keeps a partial result as computed: stops the compiler from turning a
 * balanced xor/or tree back into a serial chain (this is the critical path).
 */
#define zuc_hide(v) __asm__("" : "+r"(v))

static __always_inline u32 zuc_sbox(u32 x)
{
	u32 a = zuc_s_t0[x >> 24] | zuc_s_t1[(x >> 16) & 0xff];
	u32 b = zuc_s_t2[(x >> 8) & 0xff] | zuc_s_t3[x & 0xff];

	zuc_hide(a);
	zuc_hide(b);
	return a | b;
}

/*
 * TS 35.222 3.4.2 with the shared term a = x ^ (x <<< 8): L1 is
 * (a <<< 2) ^ (a <<< 24) ^ (x <<< 18), L2 is a ^ (a <<< 14) ^ (x <<< 30);
 * seven and six operations instead of eight each.
 */
static __always_inline u32 zuc_l1(u32 x)
{
	u32 a = x ^ nassec_rol32(x, 8);
	u32 b = nassec_rol32(a, 2) ^ nassec_rol32(x, 18);

	zuc_hide(b);
	return b ^ nassec_rol32(a, 24);
}

static __always_inline u32 zuc_l2(u32 x)
{
	u32 a = x ^ nassec_rol32(x, 8);
	u32 b = a ^ nassec_rol32(x, 30);

	zuc_hide(b);
	return b ^ nassec_rol32(a, 14);
}

/*
 * v mod (2^31 - 1) for 0 < v < 2^57, as a value in 1..2^31 - 1: two folds
 * of the bits above 31 (2^31 = 1). A multiple of the modulus comes out as
 * 2^31 - 1, which is what 3.2 asks for when s16 would be 0.
 */
static __always_inline u32 zuc_mod31(u64 v)
{
	u32 w = (u32)((v & 0x7fffffff) + (v >> 31));

	/* w < 2^32: adding bit 31 back in at bit 0 cannot carry into bit 31. */
	return (w + (w >> 31)) & 0x7fffffff;
}

/*
 * One clock with s0 at ring index k: bit reorganisation (3.3), F (3.4),
 * then the LFSR (3.2). 2^k * s mod (2^31 - 1) is s << k folded, so the
 * feedback is one 64-bit sum and one reduction. Initialisation mode adds
 * u = W >> 1 to the feedback; working mode returns Z = W ^ X3 (3.6.2).
 */
static __always_inline u32 zuc_clock(u32 *s, unsigned int k, u32 *r1, u32 *r2,
				     bool init)
{
	u32 s0 = s[k & 15], s15 = s[(k + 15) & 15];
	u32 x0 = ((s15 << 1) & 0xffff0000) | (s[(k + 14) & 15] & 0xffff);
	u32 x1 = (s[(k + 11) & 15] << 16) | (s[(k + 9) & 15] >> 15);
	u32 x2 = (s[(k + 7) & 15] << 16) | (s[(k + 5) & 15] >> 15);
	u32 w = (x0 ^ *r1) + *r2;
	u32 w1 = *r1 + x1, w2 = *r2 ^ x2;
	u64 v = (u64)s0 * 257 +
		(((u64)s[(k + 4) & 15] + ((u64)s[(k + 10) & 15] << 1)) << 20) +
		(((u64)s15 + ((u64)s[(k + 13) & 15] << 2)) << 15);

	*r1 = zuc_sbox(zuc_l1(w1 << 16 | w2 >> 16));
	*r2 = zuc_sbox(zuc_l2(w2 << 16 | w1 >> 16));
	if (init)
		v += w >> 1;
	s[k & 15] = zuc_mod31(v);
	return w ^ ((s[(k + 2) & 15] << 16) | (s0 >> 15));
}

/*
 * TS 35.221 4.4: T ^= z_i for every set message bit i, z_i the keystream
 * bits i..i+31. For message word j against K = k_j || k_j+1, bit i of the
 * word (MSB first) adds the top half of K << i. Four bits at a time: a
 * nibble n at bit 4p adds the top half of N[n] << 4p, N[n] the xor of
 * K << t over n's set bits t (MSB first), a 16-entry table built per word.
 * The top-half extraction is linear, so whole 64-bit sums are accumulated
 * and only the final one is shifted.
 */
struct zuc_mac {
	const u8 *msg;		/* next message word */
	u64 acc;		/* sum of the nibble products so far */
	u32 cur, nxt;		/* keystream words k_j, k_j+1 for message word j */
};

static __always_inline u64 zuc_mac_word(u64 n[16], u32 m, u64 k)
{
	u64 k1 = k << 1, k2 = k << 2, k3 = k << 3;

	n[8] = k;
	n[4] = k1;
	n[2] = k2;
	n[1] = k3;
	n[12] = k ^ k1;
	n[10] = k ^ k2;
	n[9] = k ^ k3;
	n[6] = k1 ^ k2;
	n[5] = k1 ^ k3;
	n[3] = k2 ^ k3;
	n[14] = n[12] ^ k2;
	n[13] = n[12] ^ k3;
	n[11] = n[10] ^ k3;
	n[7] = n[6] ^ k3;
	n[15] = n[14] ^ k3;
	return (n[m >> 28] ^ n[(m >> 24) & 15] << 4) ^
	       (n[(m >> 20) & 15] << 8 ^ n[(m >> 16) & 15] << 12) ^
	       ((n[(m >> 12) & 15] << 16 ^ n[(m >> 8) & 15] << 20) ^
		(n[(m >> 4) & 15] << 24 ^ n[m & 15] << 28));
}

/*
 * n message words against the keystream words ks[0..n-1] that follow
 * mac->cur, mac->nxt. A loop of its own, after the generator's: both are
 * bound by instruction throughput, and apart each keeps its state in
 * registers.
 */
static void zuc_mac_words(struct zuc_mac *mac, const u32 *ks, size_t n)
{
	u64 k = (u64)mac->cur << 32 | mac->nxt, acc = mac->acc;
	u64 tab[16] zuc_noinit;
	const u8 *p = mac->msg;
	size_t i;

	tab[0] = 0;
	for (i = 0; i < n; i++, p += 4) {
		acc ^= zuc_mac_word(tab, nassec_get_be32(p), k);
		k = k << 32 | ks[i];
	}
	zuc_wipe(tab, sizeof(tab));
	mac->msg = p;
	mac->acc = acc;
	mac->cur = (u32)(k >> 32);
	mac->nxt = (u32)k;
}

/* One keystream word at ring index k; true when the n-th is done. */
static __always_inline bool zuc_emit(u32 *s, u32 **ks, size_t *left,
				     unsigned int k, u32 *r1, u32 *r2)
{
	*(*ks)++ = zuc_clock(s, k, r1, r2, false);
	return !--*left;
}

/*
 * n keystream words (n >= 1) from ring position *off on. The switch enters
 * the unrolled turn at the current position (Duff's device), so any count
 * costs one clock per word and nothing else.
 */
static __always_inline void zuc_run(u32 *s, unsigned int *off, u32 *r1p,
				    u32 *r2p, u32 *ks, size_t n)
{
	u32 r1 = *r1p, r2 = *r2p;
	unsigned int k = *off;

	for (;;) {
		switch (k) {
		case 0:
			if (zuc_emit(s, &ks, &n, 0, &r1, &r2)) {
				k = 1;
				goto out;
			}
			fallthrough;
		case 1:
			if (zuc_emit(s, &ks, &n, 1, &r1, &r2)) {
				k = 2;
				goto out;
			}
			fallthrough;
		case 2:
			if (zuc_emit(s, &ks, &n, 2, &r1, &r2)) {
				k = 3;
				goto out;
			}
			fallthrough;
		case 3:
			if (zuc_emit(s, &ks, &n, 3, &r1, &r2)) {
				k = 4;
				goto out;
			}
			fallthrough;
		case 4:
			if (zuc_emit(s, &ks, &n, 4, &r1, &r2)) {
				k = 5;
				goto out;
			}
			fallthrough;
		case 5:
			if (zuc_emit(s, &ks, &n, 5, &r1, &r2)) {
				k = 6;
				goto out;
			}
			fallthrough;
		case 6:
			if (zuc_emit(s, &ks, &n, 6, &r1, &r2)) {
				k = 7;
				goto out;
			}
			fallthrough;
		case 7:
			if (zuc_emit(s, &ks, &n, 7, &r1, &r2)) {
				k = 8;
				goto out;
			}
			fallthrough;
		case 8:
			if (zuc_emit(s, &ks, &n, 8, &r1, &r2)) {
				k = 9;
				goto out;
			}
			fallthrough;
		case 9:
			if (zuc_emit(s, &ks, &n, 9, &r1, &r2)) {
				k = 10;
				goto out;
			}
			fallthrough;
		case 10:
			if (zuc_emit(s, &ks, &n, 10, &r1, &r2)) {
				k = 11;
				goto out;
			}
			fallthrough;
		case 11:
			if (zuc_emit(s, &ks, &n, 11, &r1, &r2)) {
				k = 12;
				goto out;
			}
			fallthrough;
		case 12:
			if (zuc_emit(s, &ks, &n, 12, &r1, &r2)) {
				k = 13;
				goto out;
			}
			fallthrough;
		case 13:
			if (zuc_emit(s, &ks, &n, 13, &r1, &r2)) {
				k = 14;
				goto out;
			}
			fallthrough;
		case 14:
			if (zuc_emit(s, &ks, &n, 14, &r1, &r2)) {
				k = 15;
				goto out;
			}
			fallthrough;
		case 15:
			if (zuc_emit(s, &ks, &n, 15, &r1, &r2)) {
				k = 0;
				goto out;
			}
		}
		k = 0;
	}
out:
	*off = k;
	*r1p = r1;
	*r2p = r2;
}

/*
 * A running generator in the caller's stack frame, so that nothing it
 * stores (keystream, output) can alias the LFSR: cell s_i at
 * s[(off + i) % 16], and F's registers.
 */
struct zuc_gen {
	u32 s[16];
	u32 r1, r2;
	unsigned int off;
};

static void zuc_gen_ks(struct zuc_gen *g, u32 *ks, size_t n)
{
	zuc_run(g->s, &g->off, &g->r1, &g->r2, ks, n);
}

/* EIA3 over n whole message words, keystream one word ahead. */
static void zuc_gen_mac(struct zuc_gen *g, struct zuc_mac *mac, size_t n)
{
	u32 ks[16] zuc_noinit;
	size_t words;

	for (; n; n -= words) {
		words = n < 16 ? n : 16;
		zuc_gen_ks(g, ks, words);
		zuc_mac_words(mac, ks, words);
	}
	zuc_wipe(ks, sizeof(ks));
}

/* TS 35.222 3.5 key loading, 3.6.1 initialisation, 3.6.2's first clock. */
static void zuc_gen_init(struct zuc_gen *g, const u8 key[16], const u8 iv[16])
{
	u32 *s = g->s, r1 = 0, r2 = 0;
	int i;

	/* 3.5: s_i = k_i || d_i || iv_i. */
	for (i = 0; i < 16; i++)
		s[i] = (u32)key[i] << 23 | (u32)zuc_d[i] << 8 | iv[i];

	/* 3.6.1: 32 clocks in initialisation mode, two turns of the ring. */
	for (i = 0; i < 2; i++) {
		zuc_clock(s, 0, &r1, &r2, true);
		zuc_clock(s, 1, &r1, &r2, true);
		zuc_clock(s, 2, &r1, &r2, true);
		zuc_clock(s, 3, &r1, &r2, true);
		zuc_clock(s, 4, &r1, &r2, true);
		zuc_clock(s, 5, &r1, &r2, true);
		zuc_clock(s, 6, &r1, &r2, true);
		zuc_clock(s, 7, &r1, &r2, true);
		zuc_clock(s, 8, &r1, &r2, true);
		zuc_clock(s, 9, &r1, &r2, true);
		zuc_clock(s, 10, &r1, &r2, true);
		zuc_clock(s, 11, &r1, &r2, true);
		zuc_clock(s, 12, &r1, &r2, true);
		zuc_clock(s, 13, &r1, &r2, true);
		zuc_clock(s, 14, &r1, &r2, true);
		zuc_clock(s, 15, &r1, &r2, true);
	}
	/* 3.6.2: one working-mode clock whose output is discarded. */
	zuc_clock(s, 0, &r1, &r2, false);
	g->r1 = r1;
	g->r2 = r2;
	g->off = 1;
}

/* The caller's struct zuc as a generator, and back. */
static void zuc_gen_load(struct zuc_gen *g, const struct zuc *st)
{
	memcpy(g->s, st->s, sizeof(g->s));
	g->r1 = st->r1;
	g->r2 = st->r2;
	g->off = st->off;
}

static void zuc_gen_save(struct zuc *st, struct zuc_gen *g)
{
	memcpy(st->s, g->s, sizeof(st->s));
	st->r1 = g->r1;
	st->r2 = g->r2;
	st->off = g->off;
	zuc_wipe(g, sizeof(*g));
}

void zuc_init(struct zuc *st, const u8 key[16], const u8 iv[16])
{
	struct zuc_gen g zuc_noinit;

	zuc_gen_init(&g, key, iv);
	zuc_gen_save(st, &g);
}

void zuc_keystream(struct zuc *st, u32 *ks, size_t words)
{
	struct zuc_gen g zuc_noinit;

	if (!words)
		return;
	zuc_gen_load(&g, st);
	zuc_gen_ks(&g, ks, words);
	zuc_gen_save(st, &g);
}

u32 zuc_next(struct zuc *st)
{
	u32 z;

	zuc_keystream(st, &z, 1);
	return z;
}

static __always_inline u64 zuc_load64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

static __always_inline void zuc_store64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

/* Two keystream words as a native u64 in memory (big-endian) order. */
static __always_inline u64 zuc_pair(u32 hi, u32 lo)
{
	u64 v = (u64)hi << 32 | lo;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/* out = in ^ keystream for n <= 64 octets, ks holding ceil(n / 4) words. */
static void zuc_xor(u8 *out, const u8 *in, const u32 *ks, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8)
		zuc_store64(out + i, zuc_load64(in + i) ^
			    zuc_pair(ks[i / 4], ks[i / 4 + 1]));
	for (; i < n; i++)
		out[i] = in[i] ^ (u8)(ks[i / 4] >> (24 - 8 * (i & 3)));
}

/* TS 35.221 3.3 (EEA3) and 4.3 (EIA3): the 16-octet ZUC IV. */
static void zuc_iv(u8 iv[16], u32 count, u8 bearer, u8 direction, bool eia)
{
	nassec_put_be32(iv, count);
	iv[4] = (u8)((bearer & 0x1f) << 3);
	if (!eia)
		iv[4] |= (u8)((direction & 1) << 2);
	iv[5] = 0;
	iv[6] = 0;
	iv[7] = 0;
	memcpy(iv + 8, iv, 8);
	if (eia) {
		iv[8] ^= (u8)((direction & 1) << 7);
		iv[14] ^= (u8)((direction & 1) << 7);
	}
}

void zuc_eea3_init(struct zuc_eea3 *c, const u8 key[16], u32 count,
		   u8 bearer, u8 direction)
{
	u8 iv[16];

	zuc_iv(iv, count, bearer, direction, false);
	zuc_init(&c->core, key, iv);
	c->word = 0;
	c->used = 4;
}

/* out = in ^ keystream over len octets, whole words; the last one returned. */
static u32 zuc_eea3_words(struct zuc_gen *g, u8 *out, const u8 *in, size_t len)
{
	u32 ks[16] zuc_noinit;
	size_t n, words;

	for (;;) {
		n = len < sizeof(ks) ? len : sizeof(ks);
		words = (n + 3) / 4;
		zuc_gen_ks(g, ks, words);
		zuc_xor(out, in, ks, n);
		len -= n;
		if (!len)
			return ks[words - 1];
		out += n;
		in += n;
	}
}

void zuc_eea3_xor(struct zuc_eea3 *c, u8 *out, const u8 *in, size_t len)
{
	struct zuc_gen g zuc_noinit;

	for (; c->used < 4 && len; c->used++, len--)
		*out++ = *in++ ^ (u8)(c->word >> (24 - 8 * c->used));
	if (!len)
		return;
	zuc_gen_load(&g, &c->core);
	c->word = zuc_eea3_words(&g, out, in, len);
	zuc_gen_save(&c->core, &g);
	c->used = (len & 3) ? len & 3 : 4;
}

void zuc_eea3(const u8 key[16], u32 count, u8 bearer, u8 direction,
	      u8 *out, const u8 *in, u32 bits)
{
	size_t len = ((size_t)bits + 7) / 8;
	struct zuc_gen g zuc_noinit;
	u8 iv[16];

	if (!len)
		return;
	zuc_iv(iv, count, bearer, direction, false);
	zuc_gen_init(&g, key, iv);
	zuc_eea3_words(&g, out, in, len);
	/* TS 35.221 3.5: only LENGTH bits are ciphertext; zero the rest. */
	if (bits & 7)
		out[len - 1] &= (u8)(0xff00 >> (bits & 7));
	zuc_wipe(&g, sizeof(g));
}

/* TS 35.221 4.3: ZUC with the EIA3 IV; t and the first two words. */
void zuc_eia3_init(struct zuc_eia3 *m, const u8 key[16], u32 count,
		   u8 bearer, u8 direction)
{
	struct zuc_gen g zuc_noinit;
	u32 z[2];
	u8 iv[16];

	zuc_iv(iv, count, bearer, direction, true);
	zuc_gen_init(&g, key, iv);
	zuc_gen_ks(&g, z, 2);
	zuc_gen_save(&m->core, &g);
	m->t = 0;
	m->cur = z[0];
	m->nxt = z[1];
	m->octets = 0;
	m->pending = 0;
}

/* Folds whole message words in (keystream one word ahead of the message). */
static void zuc_eia3_words(struct zuc_eia3 *m, const u8 *p, size_t words)
{
	struct zuc_mac mac = { p, 0, m->cur, m->nxt };
	struct zuc_gen g zuc_noinit;

	zuc_gen_load(&g, &m->core);
	zuc_gen_mac(&g, &mac, words);
	zuc_gen_save(&m->core, &g);
	m->t ^= (u32)(mac.acc >> 32);
	m->cur = mac.cur;
	m->nxt = mac.nxt;
}

void zuc_eia3_update(struct zuc_eia3 *m, const u8 *data, size_t len)
{
	size_t words;

	m->octets += len;
	if (m->pending) {
		while (m->pending < 4 && len) {
			m->buf[m->pending++] = *data++;
			len--;
		}
		if (m->pending < 4)
			return;
		zuc_eia3_words(m, m->buf, 1);
		m->pending = 0;
	}
	words = len / 4;
	if (words)
		zuc_eia3_words(m, data, words);
	data += words * 4;
	len -= words * 4;
	memcpy(m->buf, data, len);
	m->pending = (u8)len;
}

/*
 * 4.4's end: the last partial word (message bits masked to 'tail' bits,
 * 0..31) against k_j || k_j+1, then T ^= z_LENGTH and MAC = T ^ z_32(L-1),
 * L = ceil(LENGTH / 32) + 2; 'next' is the keystream word after k_j+1.
 */
static u32 zuc_eia3_end(u32 t, u32 cur, u32 nxt, u32 tail, const u8 *last,
			u32 next)
{
	u64 tab[16] zuc_noinit;
	u8 w[4] = { 0 };

	if (!tail)
		return t ^ cur ^ nxt;
	memcpy(w, last, (tail + 7) / 8);
	tab[0] = 0;
	t ^= (u32)(zuc_mac_word(tab, nassec_get_be32(w) & ~0U << (32 - tail),
				(u64)cur << 32 | nxt) >> 32);
	zuc_wipe(tab, sizeof(tab));
	return t ^ (cur << tail) ^ (nxt >> (32 - tail)) ^ next;
}

u32 zuc_eia3_final(struct zuc_eia3 *m)
{
	u32 tail = m->pending * 8, next = 0, t;
	u8 last[4];

	memcpy(last, m->buf, 4);
	if (tail)
		next = zuc_next(&m->core);
	t = zuc_eia3_end(m->t, m->cur, m->nxt, tail, last, next);
	zuc_wipe(m, sizeof(*m));
	return t;
}

u32 zuc_eia3(const u8 key[16], u32 count, u8 bearer, u8 direction,
	     const u8 *msg, u32 bits)
{
	struct zuc_mac mac = { msg, 0, 0, 0 };
	struct zuc_gen g zuc_noinit;
	u32 z[3], t;
	u8 iv[16];

	zuc_iv(iv, count, bearer, direction, true);
	zuc_gen_init(&g, key, iv);
	zuc_gen_ks(&g, z, 2);
	mac.cur = z[0];
	mac.nxt = z[1];
	if (bits / 32)
		zuc_gen_mac(&g, &mac, bits / 32);
	z[2] = 0;
	if (bits & 31)
		zuc_gen_ks(&g, &z[2], 1);
	t = zuc_eia3_end((u32)(mac.acc >> 32), mac.cur, mac.nxt, bits & 31,
			 msg + (bits / 32) * 4, z[2]);
	zuc_wipe(&g, sizeof(g));
	zuc_wipe(&mac, sizeof(mac));
	return t;
}
