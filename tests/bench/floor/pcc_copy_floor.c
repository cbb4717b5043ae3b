// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_copy_floor: the least any implementation of the PPC_COMPAT_CAPS_GET
 * contract can cost, for `make bench` only. /dev/pcc_copy_floor answers
 * PPC_COMPAT_CAPS_GET by moving the same 24 bytes in and out and checking
 * nothing:
 *   PPC_COMPAT_CAPS_GET   one user-access window, 3 reads and 3 writes
 *                         (what ppc_compat_caps does since it has one)
 *   PCC_FLOOR_TWO_COPIES  copy_from_user() then copy_to_user(): two
 *                         windows, what ppc_compat_caps did before
 * GET / this floor says how close the module is to the limit.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "ppc_compat_caps.h"

#define PCC_FLOOR_TWO_COPIES \
	_IOWR(PPC_COMPAT_CAPS_IOC_TYPE, 0x7e, struct ppc_compat_caps)

static long pcc_floor_one_window(u64 __user *u)
{
	u64 a, b, c;

	if (!user_access_begin(u, 3 * sizeof(u64)))
		return -EFAULT;
	unsafe_get_user(a, &u[0], fault);
	unsafe_get_user(b, &u[1], fault);
	unsafe_get_user(c, &u[2], fault);
	unsafe_put_user(a, &u[0], fault);
	unsafe_put_user(b, &u[1], fault);
	unsafe_put_user(c, &u[2], fault);
	user_access_end();
	return 0;
fault:
	user_access_end();
	return -EFAULT;
}

static long pcc_floor_two_copies(void __user *arg)
{
	struct ppc_compat_caps caps;

	if (copy_from_user(&caps, arg, sizeof(caps)) ||
	    copy_to_user(arg, &caps, sizeof(caps)))
		return -EFAULT;
	return 0;
}

static long pcc_floor_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	if (cmd == PPC_COMPAT_CAPS_GET)
		return pcc_floor_one_window((u64 __user *)arg);
	if (cmd == PCC_FLOOR_TWO_COPIES)
		return pcc_floor_two_copies((void __user *)arg);
	return -ENOTTY;
}

static const struct file_operations pcc_floor_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = pcc_floor_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice pcc_floor_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "pcc_copy_floor",
	.fops = &pcc_floor_fops,
	.mode = 0444,
};
module_misc_device(pcc_floor_misc);

MODULE_DESCRIPTION("ppc-compat-caps benchmark: the cost of the 24-byte copy alone");
MODULE_LICENSE("GPL");
