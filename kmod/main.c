// SPDX-License-Identifier: GPL-2.0
/*
 * nassec.ko: in-kernel LTE NAS security for MMEs. Module init and exit;
 * each subsystem registers here in dependency order and unwinds in reverse.
 */
#include <linux/module.h>
#include <linux/init.h>

static int __init nassec_init(void)
{
	pr_info("nassec: loaded\n");
	return 0;
}

static void __exit nassec_exit(void)
{
	pr_info("nassec: unloaded\n");
}

module_init(nassec_init);
module_exit(nassec_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LTE NAS security offload (128-EEA/EIA 1-3) for MMEs");
MODULE_AUTHOR("nassec developers");
