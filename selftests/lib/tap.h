/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP producer for the host unit tests. */
#ifndef NASSEC_TAP_H
#define NASSEC_TAP_H

#include <stdbool.h>

/* Records one test case; returns ok so callers can chain. */
bool tap_result(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints a diagnostic line ("# ...") under the current test. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan and returns the process exit status (0 only if all passed and any ran). */
int tap_finish(void);

#endif /* NASSEC_TAP_H */
