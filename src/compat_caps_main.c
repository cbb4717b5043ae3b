// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_compat_caps: which processor compatibility modes a nested KVM guest
 * may use on this IBM POWER L1 partition. QEMU picks a nested guest's CPU
 * from the raw PVR, which on a Power11 LPAR in Power10 mode names a mode the
 * L1 may not give its guests; this module tells the truth.
 *
 * This file: the misc device and its ioctl, the sysfs attributes, the
 * backend choice, the cache of the answer and keeping it fresh when the
 * device tree changes (a partition migration rewrites cpu-version).
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
#include <linux/notifier.h>
#include <linux/of.h>
#include <linux/ratelimit.h>
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

/* What made the module probe: each is logged and handled its own way. */
enum pcc_event {
	PCC_EV_LOAD,
	PCC_EV_RESCAN,
	PCC_EV_DT_UPDATE,
};

static const char * const pcc_event_names[] = {
	[PCC_EV_LOAD] = "load",
	[PCC_EV_RESCAN] = "rescan",
	[PCC_EV_DT_UPDATE] = "cpu-version update",
};

/* The backend= module parameter: the admin's (or a test's) choice. */
static enum pcc_backend_id pcc_wanted = PCC_AUTO;

/*
 * The cache. Probes (load, rescan) write it under pcc_lock; the ioctl reads
 * pcc_mask without a lock: it is one aligned u64, published whole. The
 * facts behind it, for the sysfs files that explain it, are read under
 * pcc_lock.
 */
static DEFINE_MUTEX(pcc_lock);
static u64 pcc_mask;
static struct pcc_facts pcc_facts;
static enum pcc_backend_id pcc_active;
static bool pcc_answered;		/* under pcc_lock: the cache holds an answer */
static bool pcc_registered;		/* under pcc_lock: uevents possible */

static struct miscdevice pcc_misc;

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

/*
 * A rescan that keeps failing (a script writing rescan in a loop, a
 * hypervisor that answers H_HARDWARE for a while) logs once per interval.
 */
static DEFINE_RATELIMIT_STATE(pcc_fail_rs, 5 * HZ, 1);

/*
 * One line that says what went wrong and what to do about it: always at
 * load, where it explains why the load fails; rate-limited afterwards.
 */
static int pcc_v2_failed(enum pcc_event ev, int rc, long status)
{
	if (ev != PCC_EV_LOAD && !__ratelimit(&pcc_fail_rs))
		return rc;
	if (rc == -ENODEV)
		pr_err("%s: the hypervisor has no nested API v2 (H_GUEST_GET_CAPABILITIES: H_FUNCTION); use backend=auto or backend=nested-v1\n",
		       pcc_event_names[ev]);
	else
		pr_err("%s: H_GUEST_GET_CAPABILITIES failed with status %ld (%pe); %s, try again or use backend=nested-v1\n",
		       pcc_event_names[ev], status, ERR_PTR(rc),
		       ev == PCC_EV_LOAD ? "not loaded" : "cached modes unchanged");
	return rc;
}

/* Tell udev (and so libvirt) that the answer changed. */
static void pcc_uevent_locked(u64 mask)
{
	char env_mask[sizeof("PPC_COMPAT_CAPS_MASK=0x") + 16];
	char *envp[2];

	lockdep_assert_held(&pcc_lock);
	if (!pcc_registered)
		return;
	snprintf(env_mask, sizeof(env_mask), "PPC_COMPAT_CAPS_MASK=0x%016llx",
		 mask);
	envp[0] = env_mask;
	envp[1] = NULL;
	kobject_uevent_env(&pcc_misc.this_device->kobj, KOBJ_CHANGE, envp);
}

/*
 * The answer in one line: at warning level when this kernel's KVM leaves
 * nested guests nothing the platform offered.
 */
static void pcc_log_answer(const char *why, const struct pcc_facts *f,
			   u64 mask)
{
	u64 lost = pcc_platform_mask(f) & PPC_COMPAT_CAP_KNOWN & ~pcc_kvm_mask(f);
	char names[PCC_NAMES_MAX], lost_names[PCC_NAMES_MAX];
	char backend[sizeof("nested-v1 backend (cpu-version 0x01234567)")];

	pcc_mask_to_names(mask, names, sizeof(names));
	if (f->nested_v2)
		snprintf(backend, sizeof(backend), "nested-v2 backend");
	else
		snprintf(backend, sizeof(backend), "nested-v1 backend (%s 0x%08x)",
			 f->cpu_version ? "cpu-version" : "raw PVR",
			 f->cpu_version ? f->cpu_version : f->pvr);
	if (!lost) {
		pr_info("%s: %s: %s (mask 0x%016llx)\n", why, backend, names,
			mask);
		return;
	}
	pcc_mask_to_names(lost, lost_names, sizeof(lost_names));
	if (mask)
		pr_info("%s: %s: %s (mask 0x%016llx); this kernel's KVM cannot use %s: %s\n",
			why, backend, names, mask, lost_names,
			pcc_whys[pcc_kvm_why(f)].hint);
	else
		pr_warn("%s: %s: %s (mask 0x%016llx); this kernel's KVM cannot use %s: %s\n",
			why, backend, names, mask, lost_names,
			pcc_whys[pcc_kvm_why(f)].hint);
}

/**
 * pcc_probe_locked() - learn the modes again and update the cache
 * @ev: what asked: the load, a rescan or a cpu-version update
 * @update: the cpu-version being written to the device tree, or NULL
 *
 * auto tries nested-v2 and falls back to nested-v1 only when the hypervisor
 * has no nested API v2 (H_FUNCTION); any other hcall failure is an error,
 * not a reason to report a mode the hypervisor may refuse. Either way the
 * answer is limited to what this kernel's KVM can use (pcc_answer()). A
 * changed answer is announced with a KOBJ_CHANGE uevent on the device.
 * The notifier is registered before the load probe, so no update is
 * missed; when one arrived in between, its answer is newer than what the
 * tree says yet, and the load keeps it.
 *
 * Context: Process context, pcc_lock held.
 * Return: 0, or a negative errno; on error the cache is unchanged.
 */
static int pcc_probe_locked(enum pcc_event ev, const u32 *update)
{
	enum pcc_backend_id id = pcc_wanted;
	struct pcc_facts f = {};
	long status = 0;
	bool changed;
	u64 mask;
	int rc;

	lockdep_assert_held(&pcc_lock);

	if (ev == PCC_EV_LOAD && pcc_answered) {
		pcc_log_answer(pcc_event_names[ev], &pcc_facts, pcc_mask);
		return 0;
	}
	if (id != PCC_NESTED_V1) {
		rc = pcc_nested_v2_probe(&f, &status);
		if (rc && (rc != -ENODEV || id != PCC_AUTO))
			return pcc_v2_failed(ev, rc, status);
		/* auto with no nested API v2 here: fall back */
		id = rc ? PCC_NESTED_V1 : PCC_NESTED_V2;
	}
	f.nested_v2 = id == PCC_NESTED_V2;
	pcc_partition_probe(&f, update);
	mask = pcc_answer(&f);

	changed = mask != pcc_mask || id != pcc_active || !pcc_answered;
	pcc_answered = true;
	pcc_facts = f;
	WRITE_ONCE(pcc_mask, mask);
	WRITE_ONCE(pcc_active, id);
	if (changed)
		pcc_uevent_locked(mask);

	/* One line at load; later only when the answer changed. */
	if (changed || ev == PCC_EV_LOAD)
		pcc_log_answer(pcc_event_names[ev], &f, mask);
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

/* nested-v2: what H_GUEST_GET_CAPABILITIES offered; nested-v1: no data. */
static ssize_t hypervisor_caps_mask_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	ssize_t n = -ENODATA;

	mutex_lock(&pcc_lock);
	if (pcc_facts.nested_v2)
		n = sysfs_emit(buf, "0x%016llx\n", pcc_facts.offered);
	mutex_unlock(&pcc_lock);
	return n;
}
static DEVICE_ATTR_RO(hypervisor_caps_mask);

static ssize_t kvm_caps_mask_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	u64 kvm;

	mutex_lock(&pcc_lock);
	kvm = pcc_kvm_mask(&pcc_facts);
	mutex_unlock(&pcc_lock);
	return sysfs_emit(buf, "0x%016llx\n", kvm);
}
static DEVICE_ATTR_RO(kvm_caps_mask);

/* The partition's mode; no data in raw mode (no cpu-version). */
static ssize_t cpu_version_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	u32 cpu_version;

	mutex_lock(&pcc_lock);
	cpu_version = pcc_facts.cpu_version;
	mutex_unlock(&pcc_lock);
	if (!cpu_version)
		return -ENODATA;
	return sysfs_emit(buf, "0x%08x\n", cpu_version);
}
static DEVICE_ATTR_RO(cpu_version);

static ssize_t removed_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	char text[PCC_REMOVED_MAX];

	mutex_lock(&pcc_lock);
	pcc_removed_to_text(&pcc_facts, text, sizeof(text));
	mutex_unlock(&pcc_lock);
	return sysfs_emit(buf, "%s\n", text);
}
static DEVICE_ATTR_RO(removed);

static ssize_t rescan_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	bool now;
	int rc;

	rc = kstrtobool(buf, &now);
	if (rc || !now)
		return -EINVAL;

	mutex_lock(&pcc_lock);
	rc = pcc_probe_locked(PCC_EV_RESCAN, NULL);
	mutex_unlock(&pcc_lock);
	return rc ? rc : count;
}
static DEVICE_ATTR_WO(rescan);

static struct attribute *pcc_attrs[] = {
	&dev_attr_compat_caps.attr,
	&dev_attr_compat_caps_mask.attr,
	&dev_attr_backend.attr,
	&dev_attr_hypervisor_caps_mask.attr,
	&dev_attr_kvm_caps_mask.attr,
	&dev_attr_cpu_version.attr,
	&dev_attr_removed.attr,
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

/**
 * pcc_of_notify() - re-probe when a cpu node's cpu-version changes
 * @nb: our notifier block
 * @action: OF_RECONFIG_*
 * @arg: struct of_reconfig_data: the node and the property
 *
 * A partition migration (ibm,update-nodes) or a DT update through
 * /proc/powerpc/ofdt adds, rewrites or removes cpu-version when the mode
 * changes: added or rewritten, the partition runs in that mode; removed,
 * in the processor's raw mode. The chain runs before the tree is updated,
 * so the new value is taken from the notification. Never vetoes the
 * update.
 *
 * Context: Process context (blocking notifier chain); takes pcc_lock.
 * Return: NOTIFY_OK when it re-probed, else NOTIFY_DONE.
 */
static int pcc_of_notify(struct notifier_block *nb, unsigned long action,
			 void *arg)
{
	struct of_reconfig_data *rd = arg;
	u32 cpu_version = 0;		/* removed: raw mode */

	if (action != OF_RECONFIG_UPDATE_PROPERTY &&
	    action != OF_RECONFIG_ADD_PROPERTY &&
	    action != OF_RECONFIG_REMOVE_PROPERTY)
		return NOTIFY_DONE;
	if (!rd->prop || strcmp(rd->prop->name, "cpu-version") ||
	    !of_node_is_type(rd->dn, "cpu"))
		return NOTIFY_DONE;
	if (action != OF_RECONFIG_REMOVE_PROPERTY) {
		if (rd->prop->length < sizeof(__be32))
			return NOTIFY_DONE;
		cpu_version = be32_to_cpup((const __be32 *)rd->prop->value);
	}

	mutex_lock(&pcc_lock);
	pcc_probe_locked(PCC_EV_DT_UPDATE, &cpu_version);
	mutex_unlock(&pcc_lock);
	return NOTIFY_OK;
}

static struct notifier_block pcc_of_nb = {
	.notifier_call = pcc_of_notify,
};

static int __init pcc_init(void)
{
	int rc;

	/*
	 * ppc-compat-caps.service loads the module only in an LPAR; loaded
	 * by hand on a host that is none (PowerNV), say so at info level:
	 * -ENODEV is "does not apply", not an error.
	 */
	if (!firmware_has_feature(FW_FEATURE_LPAR)) {
		pr_info("not running in a pseries LPAR: there are no nested-guest modes to report\n");
		return -ENODEV;
	}

	/* Watch first: an update during the probe below is not missed. */
	rc = of_reconfig_notifier_register(&pcc_of_nb);
	if (rc) {
		pr_err("cannot watch device-tree updates: %pe\n", ERR_PTR(rc));
		return rc;
	}

	mutex_lock(&pcc_lock);
	rc = pcc_probe_locked(PCC_EV_LOAD, NULL);
	mutex_unlock(&pcc_lock);
	if (rc)
		goto err_notifier;

	rc = misc_register(&pcc_misc);
	if (rc) {
		pr_err("cannot register /dev/%s: %pe\n", pcc_misc.name,
		       ERR_PTR(rc));
		goto err_notifier;
	}
	mutex_lock(&pcc_lock);
	pcc_registered = true;
	mutex_unlock(&pcc_lock);
	return 0;

err_notifier:
	of_reconfig_notifier_unregister(&pcc_of_nb);
	return rc;
}
module_init(pcc_init);

static void __exit pcc_exit(void)
{
	mutex_lock(&pcc_lock);
	pcc_registered = false;
	mutex_unlock(&pcc_lock);
	misc_deregister(&pcc_misc);
	of_reconfig_notifier_unregister(&pcc_of_nb);
}
module_exit(pcc_exit);

MODULE_DESCRIPTION("Processor compatibility modes usable by nested KVM guests on IBM POWER");
MODULE_LICENSE("GPL");
MODULE_VERSION(PCC_VERSION);
