/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NASSEC_SELFTEST_H
#define NASSEC_SELFTEST_H

/*
 * Known-answer tests of every NAS algorithm through nas_crypto (which must
 * be initialised): 0, or -EINVAL after a pr_err naming algorithm and set.
 */
int nassec_selftest(void);

#endif /* NASSEC_SELFTEST_H */
