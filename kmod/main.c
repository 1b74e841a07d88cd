// SPDX-License-Identifier: GPL-2.0
/*
 * nassec.ko: in-kernel LTE NAS security for MMEs. Module init and exit;
 * each subsystem registers here in dependency order and unwinds in reverse.
 */
#include <linux/module.h>
#include <linux/init.h>

#include "algs.h"
#include "nas_crypto.h"
#include "selftest.h"
#include "sock.h"

static int __init nassec_init(void)
{
	int err;

	err = nassec_algs_register();
	if (err)
		return err;
	err = nassec_nas_crypto_init();
	if (err)
		goto out_algs;
	/* DESIGN.md: every algorithm passes its known answers or no load */
	err = nassec_selftest();
	if (err)
		goto out_nas_crypto;
	err = nassec_sock_init();
	if (err)
		goto out_nas_crypto;

	pr_info("nassec: loaded\n");
	return 0;

out_nas_crypto:
	nassec_nas_crypto_exit();
out_algs:
	nassec_algs_unregister();
	return err;
}

static void __exit nassec_exit(void)
{
	nassec_sock_exit();
	nassec_nas_crypto_exit();
	nassec_algs_unregister();
	pr_info("nassec: unloaded\n");
}

module_init(nassec_init);
module_exit(nassec_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LTE NAS security offload (128-EEA/EIA 1-3) for MMEs");
MODULE_AUTHOR("nassec developers");
