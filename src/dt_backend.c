// SPDX-License-Identifier: GPL-2.0
/*
 * nested-v1 backend (PowerNV L0, nested API v1): the L1's own architected
 * mode, from the device tree's cpu-version, which the boot-time negotiation
 * (ibm,client-architecture-support) settles. With no cpu-version the
 * partition runs in raw mode: use the real PVR.
 */
#include <linux/errno.h>
#include <linux/of.h>
#include <asm/reg.h>

#include "backend.h"
#include "caps_logic.h"

/**
 * pcc_nested_v1_probe() - the modes of the L1's own compatibility mode
 * @p: gets the modes (cumulative), the PVR they came from, and whether that
 *     was the raw PVR
 * @update: a cpu-version about to be written to the device tree, or NULL to
 *          read the tree (of_reconfig notifiers run before the update)
 *
 * Reads the first cpu node only: all CPUs of a partition share one mode.
 * The node reference is always put.
 *
 * Context: Process context.
 * Return: 0; this probe cannot fail.
 */
int pcc_nested_v1_probe(struct pcc_probe *p, const u32 *update)
{
	struct device_node *np;
	int rc = -ENOENT;
	u32 cpu_version;

	if (update) {
		cpu_version = *update;
		rc = 0;
	} else {
		np = of_find_node_by_type(NULL, "cpu");
		if (np) {
			rc = of_property_read_u32(np, "cpu-version",
						  &cpu_version);
			of_node_put(np);
		}
	}
	p->raw = rc != 0;
	if (p->raw) {
		p->pvr = mfspr(SPRN_PVR);
		p->mask = pcc_mask_from_raw_pvr(p->pvr);
	} else {
		p->pvr = cpu_version;
		p->mask = pcc_mask_from_cpu_version(cpu_version);
	}
	return 0;
}
