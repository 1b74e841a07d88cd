/* SPDX-License-Identifier: GPL-2.0 */
/* The eNBs: one per SCTP association of the S1-MME socket (TS 36.413 8.7.3). */
#ifndef NASSECD_ENB_H
#define NASSECD_ENB_H

#include <stdbool.h>
#include <stdint.h>

#include "s1ap_build.h"

#define ENB_NAME_MAX	150
#define ENB_MAX_TACS	32

struct enb {
	uint32_t assoc_id;
	uint16_t in_streams, out_streams;
	bool setup;			/* S1 Setup accepted */
	struct s1ap_plmn plmn;		/* of the Global eNB ID */
	uint32_t enb_id;
	bool home;
	char name[ENB_NAME_MAX + 1];
	char label[32];			/* "name" or "enb-ID" for logs */
	uint16_t tacs[ENB_MAX_TACS];
	uint8_t n_tacs;
	uint8_t paging_drx;
	uint64_t up_since_usec;		/* CLOCK_REALTIME */
	uint32_t ues;			/* UEs with an S1 connection through it */
	uint16_t next_stream;		/* round robin over streams 1.. for UEs */
	uint64_t rx_messages;
};

struct enb_table {
	struct enb *enbs;
	size_t n, cap;
};

struct enb *enb_find(struct enb_table *t, uint32_t assoc_id);
/* A new eNB for an association that came up; NULL when out of memory. */
struct enb *enb_add(struct enb_table *t, uint32_t assoc_id, uint16_t in, uint16_t out);
void enb_remove(struct enb_table *t, uint32_t assoc_id);
void enb_table_free(struct enb_table *t);

#endif /* NASSECD_ENB_H */
