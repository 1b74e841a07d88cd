/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MME's NAS algorithms in userspace on Intel ipsec-mb, as struct
 * nas_crypto callbacks for kmod/nas.c (the freestanding NAS core): what an
 * MME without nassec.ko would run. 128-EIA2/EEA2 on the job API (AES-CMAC,
 * AES-CTR), EIA1/EEA1 and EIA3/EEA3 on the single-buffer SNOW 3G and ZUC
 * calls. TS 33.401 B.1/B.2 inputs.
 */
#ifndef NASSEC_BENCH_NAS_IPSECMB_H
#define NASSEC_BENCH_NAS_IPSECMB_H

#include "nas.h"

/* Fills cr with the callbacks; 0, or -1 when ipsec-mb cannot start. */
int nas_ipsecmb_init(struct nas_crypto *cr);

#endif /* NASSEC_BENCH_NAS_IPSECMB_H */
