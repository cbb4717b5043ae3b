// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_debug_probe: a deliberately broken module, built only by
 * `make check-debug`. A clean run of ppc_compat_caps on the debug kernel
 * proves nothing unless each detector is seen to fire on this very kernel,
 * so loading this module with fault=NAME commits exactly one bug of the
 * kind the detector NAME exists for:
 *
 *   lockdep       two mutexes taken in both orders (circular dependency)
 *   atomic-sleep  a GFP_KERNEL allocation under a spinlock (might_sleep())
 *   kasan         a read past the end of a kmalloc()ed object
 *   kmemleak      objects whose last pointer is dropped
 *   ubsan         a shift by more than the width of the type
 *   of-node-ref   the first cpu node's reference taken and never put:
 *                 node-init.sh counts one reference more after it
 *
 * The module prints "fault NAME: begin" and "fault NAME: end" around the
 * bug so that a report can be tied to it. It never loads on a production
 * kernel by accident: nothing installs it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *fault = "";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "lockdep, atomic-sleep, kasan, kmemleak, ubsan or of-node-ref");

static DEFINE_MUTEX(pcc_probe_a);
static DEFINE_MUTEX(pcc_probe_b);
static DEFINE_SPINLOCK(pcc_probe_spin);

/* A then B, later B then A: no deadlock happens, lockdep sees that it could. */
static noinline void pcc_probe_lockdep(void)
{
	mutex_lock(&pcc_probe_a);
	mutex_lock(&pcc_probe_b);
	mutex_unlock(&pcc_probe_b);
	mutex_unlock(&pcc_probe_a);

	mutex_lock(&pcc_probe_b);
	mutex_lock(&pcc_probe_a);
	mutex_unlock(&pcc_probe_a);
	mutex_unlock(&pcc_probe_b);
}

/*
 * GFP_KERNEL may sleep: the allocator's might_sleep() check reports it
 * under a spinlock even though this allocation is served without sleeping.
 */
static noinline void pcc_probe_atomic_sleep(void)
{
	void *p;

	spin_lock(&pcc_probe_spin);
	p = kmalloc(32, GFP_KERNEL);
	spin_unlock(&pcc_probe_spin);
	kfree(p);
}

/* One byte past a 120-byte object: in its slab redzone. */
static noinline void pcc_probe_kasan(void)
{
	size_t size = 120;
	char *p;

	p = kmalloc(size, GFP_KERNEL);
	if (!p)
		return;
	/* Hide the bounds from the compiler, or it warns at build time. */
	OPTIMIZER_HIDE_VAR(p);
	OPTIMIZER_HIDE_VAR(size);
	pr_info("read past the end: %d\n", READ_ONCE(p[size]));
	kfree(p);
}

/*
 * Several objects, each pointer overwritten by the next: even if a stale
 * copy of the last one survives in a register or on a stack, the others
 * are unreferenced.
 */
static noinline void pcc_probe_kmemleak(void)
{
	void *p;
	int i;

	for (i = 0; i < 8; i++) {
		p = kmalloc(256, GFP_KERNEL);
		if (p)
			memset(p, 0x5a, 256);
		OPTIMIZER_HIDE_VAR(p);
	}
	pr_info("leaked 8 objects of 256 bytes\n");
}

/* Shifting a 32-bit value by 40 is undefined behaviour. */
static noinline void pcc_probe_ubsan(void)
{
	unsigned int shift = 40;
	u32 v;

	OPTIMIZER_HIDE_VAR(shift);
	v = 1U << shift;
	pr_info("1 << %u = %u\n", shift, v);
}

/* What ppc_compat_caps' dt_backend.c does, without the of_node_put(). */
static noinline void pcc_probe_of_node_ref(void)
{
	struct device_node *np = of_find_node_by_type(NULL, "cpu");

	pr_info("kept a reference on %pOF\n", np);
}

static const struct {
	const char *name;
	void (*bug)(void);
} pcc_probe_faults[] = {
	{ "lockdep", pcc_probe_lockdep },
	{ "atomic-sleep", pcc_probe_atomic_sleep },
	{ "kasan", pcc_probe_kasan },
	{ "kmemleak", pcc_probe_kmemleak },
	{ "ubsan", pcc_probe_ubsan },
	{ "of-node-ref", pcc_probe_of_node_ref },
};

static int __init pcc_probe_init(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pcc_probe_faults); i++) {
		if (strcmp(fault, pcc_probe_faults[i].name))
			continue;
		pr_info("fault %s: begin\n", fault);
		pcc_probe_faults[i].bug();
		pr_info("fault %s: end\n", fault);
		return 0;
	}
	pr_err("unknown fault '%s'\n", fault);
	return -EINVAL;
}
module_init(pcc_probe_init);

static void __exit pcc_probe_exit(void)
{
}
module_exit(pcc_probe_exit);

MODULE_DESCRIPTION("Deliberately broken module proving the debug kernel's detectors fire");
MODULE_LICENSE("GPL");
