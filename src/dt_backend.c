// SPDX-License-Identifier: GPL-2.0
/*
 * The partition's side of the answer, for both backends: its mode from the
 * device tree's cpu-version, which the boot-time negotiation
 * (ibm,client-architecture-support) settles, the raw PVR, and what this
 * kernel's KVM can do on this CPU. The nested-v1 backend (PowerNV L0,
 * nested API v1) answers from these alone.
 */
#include <linux/of.h>
#include <asm/mmu.h>
#include <asm/reg.h>

#include "backend.h"
#include "compat.h"

/**
 * pcc_partition_probe() - the partition's mode and this kernel's KVM
 * @f: gets pvr, cpu_version (0 in raw mode) and the kvm_* and arch* facts;
 *     @f->nested_v2 must be set first: KVM's Power11 rule depends on the API
 * @update: a cpu-version about to be written to the device tree, or NULL to
 *          read the tree (of_reconfig notifiers run before the update)
 *
 * Reads the first cpu node only: all CPUs of a partition share one mode.
 * The node reference is always put.
 *
 * Context: Process context.
 */
void pcc_partition_probe(struct pcc_facts *f, const u32 *update)
{
	struct device_node *np;
	u32 cpu_version = 0;

	if (update) {
		cpu_version = *update;
	} else {
		np = of_find_node_by_type(NULL, "cpu");
		if (np) {
			if (of_property_read_u32(np, "cpu-version",
						 &cpu_version))
				cpu_version = 0;
			of_node_put(np);
		}
	}
	f->pvr = mfspr(SPRN_PVR);
	f->cpu_version = cpu_version;
	f->kvm_hv = PCC_KVM_HV;
	f->radix = radix_enabled();
	f->kvm_v2 = PCC_KVM_NESTED_V2;
	f->kvm_p11 = f->nested_v2 ? pcc_kvm_v2_has_p11() : PCC_KVM_V1_HAS_P11;
	f->arch31 = cpu_has_feature(CPU_FTR_ARCH_31);
	f->arch300 = cpu_has_feature(CPU_FTR_ARCH_300);
}
