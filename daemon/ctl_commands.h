/* SPDX-License-Identifier: GPL-2.0 */
/* The control socket's commands, one table per object family. */
#ifndef NASSECD_CTL_COMMANDS_H
#define NASSECD_CTL_COMMANDS_H

#include "ctl.h"
#include "mme.h"

extern const struct ctl_command ctl_mme_commands[];		/* mme, enb, ue */
extern const struct ctl_command ctl_subscriber_commands[];

#endif /* NASSECD_CTL_COMMANDS_H */
