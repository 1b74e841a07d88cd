// SPDX-License-Identifier: LGPL-2.1-or-later
/* Attribute helpers shared by the command files: slots, stats, integers. */
#include <string.h>

#include "internal.h"

/* Integers are read by their length, so a u8 widened to u32 still decodes. */
uint64_t nassec_attr_uint(const struct nlattr *a)
{
	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		return mnl_attr_get_u8(a);
	case 2:
		return mnl_attr_get_u16(a);
	case 4:
		return mnl_attr_get_u32(a);
	case 8:
		return mnl_attr_get_u64(a);
	}
	return 0;
}

int nassec_attr_index(const struct nlattr *tb[], size_t n, const struct nlattr *nest)
{
	const struct nlattr *a;

	memset(tb, 0, n * sizeof(tb[0]));
	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);

		if (type < n)
			tb[type] = a;
	}
	return 0;
}

void nassec_put_slot(struct nlmsghdr *nlh, uint16_t type, const struct nassec_slot *s)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	if (s->has_kasme)
		mnl_attr_put(nlh, NASSEC_SLOT_A_KASME, NASSEC_KASME_LEN, s->kasme);
	mnl_attr_put_u8(nlh, NASSEC_SLOT_A_EKSI, s->eksi);
	mnl_attr_put_u8(nlh, NASSEC_SLOT_A_EIA, s->eia);
	mnl_attr_put_u8(nlh, NASSEC_SLOT_A_EEA, s->eea);
	if (s->has_ul_count)
		mnl_attr_put_u32(nlh, NASSEC_SLOT_A_UL_COUNT, s->ul_count);
	if (s->has_dl_count)
		mnl_attr_put_u32(nlh, NASSEC_SLOT_A_DL_COUNT, s->dl_count);
	mnl_attr_nest_end(nlh, nest);
}

void nassec_parse_slot(const struct nlattr *nest, struct nassec_slot *s)
{
	const struct nlattr *tb[NASSEC_SLOT_A_MAX + 1];

	memset(s, 0, sizeof(*s));
	nassec_attr_index(tb, NASSEC_SLOT_A_MAX + 1, nest);
	s->present = true;
	if (tb[NASSEC_SLOT_A_KASME] &&
	    mnl_attr_get_payload_len(tb[NASSEC_SLOT_A_KASME]) == NASSEC_KASME_LEN) {
		memcpy(s->kasme, mnl_attr_get_payload(tb[NASSEC_SLOT_A_KASME]), NASSEC_KASME_LEN);
		s->has_kasme = true;
	}
	if (tb[NASSEC_SLOT_A_EKSI])
		s->eksi = (uint8_t)nassec_attr_uint(tb[NASSEC_SLOT_A_EKSI]);
	if (tb[NASSEC_SLOT_A_EIA])
		s->eia = (uint8_t)nassec_attr_uint(tb[NASSEC_SLOT_A_EIA]);
	if (tb[NASSEC_SLOT_A_EEA])
		s->eea = (uint8_t)nassec_attr_uint(tb[NASSEC_SLOT_A_EEA]);
	if (tb[NASSEC_SLOT_A_UL_COUNT]) {
		s->ul_count = (uint32_t)nassec_attr_uint(tb[NASSEC_SLOT_A_UL_COUNT]);
		s->has_ul_count = true;
	}
	if (tb[NASSEC_SLOT_A_DL_COUNT]) {
		s->dl_count = (uint32_t)nassec_attr_uint(tb[NASSEC_SLOT_A_DL_COUNT]);
		s->has_dl_count = true;
	}
}

void nassec_parse_stats(const struct nlattr *nest, struct nassec_stats *st)
{
	const struct nlattr *tb[NASSEC_STAT_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	nassec_attr_index(tb, NASSEC_STAT_A_MAX + 1, nest);
#define STAT(field, attr) \
	do { if (tb[attr]) st->field = nassec_attr_uint(tb[attr]); } while (0)
	STAT(ul_ok, NASSEC_STAT_A_UL_OK);
	STAT(ul_mac_fail, NASSEC_STAT_A_UL_MAC_FAIL);
	STAT(ul_replay, NASSEC_STAT_A_UL_REPLAY);
	STAT(ul_malformed, NASSEC_STAT_A_UL_MALFORMED);
	STAT(ul_no_context, NASSEC_STAT_A_UL_NO_CONTEXT);
	STAT(dl_protected, NASSEC_STAT_A_DL_PROTECTED);
	STAT(dl_blocked, NASSEC_STAT_A_DL_BLOCKED);
#undef STAT
}
