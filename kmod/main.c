// SPDX-License-Identifier: GPL-2.0
/*
 * nassec.ko: in-kernel LTE NAS security for MMEs. Module init and exit;
 * each subsystem registers here in dependency order and unwinds in reverse.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <net/net_namespace.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <linux/nassec.h>

#include "algs.h"
#include "ctx.h"
#include "kdf.h"
#include "nas_crypto.h"
#include "netlink.h"
#include "selftest.h"
#include "sock.h"

unsigned int nassec_net_id __read_mostly;

static int __net_init nassec_net_init(struct net *net)
{
	return nassec_ctx_net_init(net);
}

static void __net_exit nassec_net_exit(struct net *net)
{
	nassec_ctx_net_exit(net);
}

static struct pernet_operations nassec_net_ops = {
	.init = nassec_net_init,
	.exit = nassec_net_exit,
	.id = &nassec_net_id,
	.size = sizeof(struct nassec_net),
};

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
	err = nassec_kdf_init();
	if (err)
		goto out_nas_crypto;
	err = nassec_ctx_cache_init();
	if (err)
		goto out_kdf;
	err = register_pernet_subsys(&nassec_net_ops);
	if (err)
		goto out_cache;
	err = nassec_sock_init();
	if (err)
		goto out_pernet;
	err = nassec_nl_init();
	if (err)
		goto out_sock;

	pr_info("nassec: loaded\n");
	return 0;

out_sock:
	nassec_sock_exit();
out_pernet:
	unregister_pernet_subsys(&nassec_net_ops);
out_cache:
	nassec_ctx_cache_exit();
out_kdf:
	nassec_kdf_exit();
out_nas_crypto:
	nassec_nas_crypto_exit();
out_algs:
	nassec_algs_unregister();
	return err;
}

static void __exit nassec_exit(void)
{
	nassec_nl_exit();
	nassec_sock_exit();
	unregister_pernet_subsys(&nassec_net_ops);
	nassec_ctx_cache_exit();
	nassec_kdf_exit();
	nassec_nas_crypto_exit();
	nassec_algs_unregister();
	pr_info("nassec: unloaded\n");
}

module_init(nassec_init);
module_exit(nassec_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LTE NAS security offload (128-EEA/EIA 1-3) for MMEs");
MODULE_AUTHOR("nassec developers");
/* The genetlink core requests this when a client resolves "nassec". */
MODULE_ALIAS_GENL_FAMILY(NASSEC_GENL_NAME);
