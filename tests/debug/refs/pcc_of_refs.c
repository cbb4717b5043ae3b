// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_of_refs: says, when loaded, how many references the first cpu node
 * holds, the node ppc_compat_caps reads (of_find_node_by_type(NULL, "cpu")).
 * Loaded before and after ppc_compat_caps (tests/debug/node-init.sh), the
 * two counts are equal when the module put every reference it took. Built
 * only by `make check-debug`, against a kernel with CONFIG_OF_DYNAMIC,
 * where of_node_get() and of_node_put() count. Loading always fails with
 * -EAGAIN once it has spoken, so that nothing has to unload it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kref.h>
#include <linux/module.h>
#include <linux/of.h>

static int __init pcc_of_refs_init(void)
{
	struct device_node *np = of_find_node_by_type(NULL, "cpu");

	if (!np) {
		pr_err("no cpu node\n");
		return -ENODEV;
	}
	/* Less the one of_find_node_by_type() just took. */
	pr_info("%pOF: %u references\n", np, kref_read(&np->kobj.kref) - 1);
	of_node_put(np);
	return -EAGAIN;
}
module_init(pcc_of_refs_init);

MODULE_DESCRIPTION("Reports the first cpu node's reference count (check-debug)");
MODULE_LICENSE("GPL");
