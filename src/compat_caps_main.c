// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_compat_caps: which processor compatibility modes a nested KVM guest
 * may use on this IBM POWER L1 partition. QEMU picks a nested guest's CPU
 * from the raw PVR, which on a Power11 LPAR in Power10 mode names a mode the
 * L1 may not give its guests; this module tells the truth.
 *
 * This file: the misc device and its ioctl, the sysfs attributes, the
 * backend choice and the cache of the answer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <asm/firmware.h>

#include "backend.h"
#include "caps_logic.h"

enum pcc_backend_id {
	PCC_AUTO,
	PCC_NESTED_V2,
	PCC_NESTED_V1,
};

static const char * const pcc_backend_names[] = {
	[PCC_AUTO] = "auto",
	[PCC_NESTED_V2] = "nested-v2",
	[PCC_NESTED_V1] = "nested-v1",
};

/* The backend= module parameter: the admin's (or a test's) choice. */
static enum pcc_backend_id pcc_wanted = PCC_AUTO;

/*
 * The cache. Probes (load, rescan) write it under pcc_lock; the ioctl reads
 * pcc_mask without a lock: it is one aligned u64, published whole.
 */
static DEFINE_MUTEX(pcc_lock);
static u64 pcc_mask;
static enum pcc_backend_id pcc_active;

static int pcc_backend_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(pcc_backend_names, val);

	if (i < 0)
		return -EINVAL;
	pcc_wanted = i;
	return 0;
}

static int pcc_backend_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", pcc_backend_names[pcc_wanted]);
}

static const struct kernel_param_ops pcc_backend_ops = {
	.set = pcc_backend_set,
	.get = pcc_backend_get,
};
module_param_cb(backend, &pcc_backend_ops, NULL, 0444);
MODULE_PARM_DESC(backend, "auto (default), nested-v2 or nested-v1");

/* One line that says what went wrong and what to do about it. */
static int pcc_v2_failed(const char *why, int rc, long status)
{
	if (rc == -ENODEV)
		pr_err("%s: the hypervisor has no nested API v2 (H_GUEST_GET_CAPABILITIES: H_FUNCTION); use backend=auto or backend=nested-v1\n",
		       why);
	else
		pr_err("%s: H_GUEST_GET_CAPABILITIES failed with status %ld (%pe); cached modes unchanged, try again or use backend=nested-v1\n",
		       why, status, ERR_PTR(rc));
	return rc;
}

/**
 * pcc_probe_locked() - learn the modes again and update the cache
 * @why: "load" or "rescan", for the log
 *
 * auto tries nested-v2 and falls back to nested-v1 only when the hypervisor
 * has no nested API v2 (H_FUNCTION); any other hcall failure is an error,
 * not a reason to report a mode the hypervisor may refuse.
 *
 * Context: Process context, pcc_lock held.
 * Return: 0, or a negative errno; on error the cache is unchanged.
 */
static int pcc_probe_locked(const char *why)
{
	struct pcc_probe p = {};
	enum pcc_backend_id id = pcc_wanted;
	char names[PCC_NAMES_MAX];
	int rc;

	lockdep_assert_held(&pcc_lock);

	if (id != PCC_NESTED_V1) {
		rc = pcc_nested_v2_probe(&p);
		if (rc && (rc != -ENODEV || id != PCC_AUTO))
			return pcc_v2_failed(why, rc, p.hcall_status);
		/* auto with no nested API v2 here: fall back */
		id = rc ? PCC_NESTED_V1 : PCC_NESTED_V2;
	}
	if (id == PCC_NESTED_V1)
		pcc_nested_v1_probe(&p);

	WRITE_ONCE(pcc_mask, p.mask);
	WRITE_ONCE(pcc_active, id);

	pcc_mask_to_names(p.mask, names, sizeof(names));
	if (id == PCC_NESTED_V2)
		pr_info("%s: nested-v2 backend: %s (mask 0x%016llx)\n",
			why, names, p.mask);
	else
		pr_info("%s: nested-v1 backend (%s 0x%08x): %s (mask 0x%016llx)\n",
			why, p.raw ? "raw PVR" : "cpu-version", p.pvr, names,
			p.mask);
	return 0;
}

static ssize_t compat_caps_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	char names[PCC_NAMES_MAX];

	pcc_mask_to_names(READ_ONCE(pcc_mask), names, sizeof(names));
	return sysfs_emit(buf, "%s\n", names);
}
static DEVICE_ATTR_RO(compat_caps);

static ssize_t compat_caps_mask_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%016llx\n", READ_ONCE(pcc_mask));
}
static DEVICE_ATTR_RO(compat_caps_mask);

static ssize_t backend_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", pcc_backend_names[READ_ONCE(pcc_active)]);
}
static DEVICE_ATTR_RO(backend);

static ssize_t rescan_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	bool now;
	int rc;

	rc = kstrtobool(buf, &now);
	if (rc || !now)
		return -EINVAL;

	mutex_lock(&pcc_lock);
	rc = pcc_probe_locked("rescan");
	mutex_unlock(&pcc_lock);
	return rc ? rc : count;
}
static DEVICE_ATTR_WO(rescan);

static struct attribute *pcc_attrs[] = {
	&dev_attr_compat_caps.attr,
	&dev_attr_compat_caps_mask.attr,
	&dev_attr_backend.attr,
	&dev_attr_rescan.attr,
	NULL,
};
ATTRIBUTE_GROUPS(pcc);

/**
 * pcc_ioctl() - the device's only ioctl, PPC_COMPAT_CAPS_GET
 * @file: the open device
 * @cmd: the command
 * @arg: the caller's struct ppc_compat_caps
 *
 * Answers from the cache: no hypercall, no device-tree walk, no lock.
 *
 * Context: Process context.
 * Return: see pcc_request().
 */
static long pcc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return pcc_request(cmd, (void __user *)arg, READ_ONCE(pcc_mask));
}

static const struct file_operations pcc_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = pcc_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice pcc_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ppc_compat_caps",
	.fops = &pcc_fops,
	.groups = pcc_groups,
	.mode = 0444,			/* no secret: /proc/cpuinfo says as much */
};

static int __init pcc_init(void)
{
	int rc;

	if (!firmware_has_feature(FW_FEATURE_LPAR)) {
		pr_err("not running in a pseries LPAR: there are no nested-guest modes to report\n");
		return -ENODEV;
	}

	mutex_lock(&pcc_lock);
	rc = pcc_probe_locked("load");
	mutex_unlock(&pcc_lock);
	if (rc)
		return rc;

	rc = misc_register(&pcc_misc);
	if (rc)
		pr_err("cannot register /dev/%s: %pe\n", pcc_misc.name,
		       ERR_PTR(rc));
	return rc;
}
module_init(pcc_init);

static void __exit pcc_exit(void)
{
	misc_deregister(&pcc_misc);
}
module_exit(pcc_exit);

MODULE_DESCRIPTION("Processor compatibility modes usable by nested KVM guests on IBM POWER");
MODULE_LICENSE("GPL");
