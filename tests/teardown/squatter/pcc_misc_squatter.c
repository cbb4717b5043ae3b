// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_misc_squatter: registers a misc device named ppc_compat_caps, so that
 * ppc_compat_caps' own misc_register() fails (-EEXIST) and its load takes
 * the error path that must undo what it did before: the device-tree
 * notifier registered first. Built only by make check's teardown step
 * (tests/teardown/run.sh); nothing installs it.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

static const struct file_operations pcc_squatter_fops = {
	.owner = THIS_MODULE,
};

static struct miscdevice pcc_squatter = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ppc_compat_caps",
	.fops = &pcc_squatter_fops,
};

module_misc_device(pcc_squatter);

MODULE_DESCRIPTION("Takes ppc_compat_caps' misc device name (make check's teardown step)");
MODULE_LICENSE("GPL");
