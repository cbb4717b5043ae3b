/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels this module builds for, detected from what
 * their headers define, never from version numbers. Nothing else in the
 * module knows which kernel it is built for.
 *
 * Decided once for all of them (6.1 and later): check_zeroed_user() (5.4)
 * serves request.c rather than copy_struct_from_user(), whose order of
 * checks (tail before size and flags) is not our contract's; cleanup.h and
 * __free(device_node) (6.5) are missing from 6.1, so the module keeps
 * explicit mutex_unlock() and of_node_put(): one code path everywhere.
 */
#ifndef PCC_COMPAT_H
#define PCC_COMPAT_H

#include <linux/kconfig.h>
#include <asm/cputable.h>
#include <asm/cpu_has_feature.h>
#include <asm/hvcall.h>
#include <asm/reg.h>

/*
 * kvm-hv speaks the PAPR nested API v2 from the release whose headers name
 * its hcalls (6.7); 6.1's kvm-hv knows only nested API v1
 * (H_SET_PARTITION_TABLE) and refuses to load on a hypervisor that offers
 * only v2, so no nested guest runs there whatever the hypervisor offers.
 */
#ifdef H_GUEST_GET_CAPABILITIES
#define PCC_KVM_NESTED_V2		true
#else
#define PCC_KVM_NESTED_V2		false
#define H_GUEST_GET_CAPABILITIES	0x460
#endif

/* A kernel built without kvm-hv runs no nested guest at all. */
#define PCC_KVM_HV			IS_ENABLED(CONFIG_KVM_BOOK3S_64_HV)

/* The v2 capability bits; 6.12 has the API but predates Power11. */
#ifndef H_GUEST_CAP_POWER9
#define H_GUEST_CAP_POWER9		(1UL << (63 - 1))
#endif
#ifndef H_GUEST_CAP_POWER10
#define H_GUEST_CAP_POWER10		(1UL << (63 - 2))
#endif
#ifndef H_GUEST_CAP_POWER11
#define H_GUEST_CAP_POWER11		(1UL << (63 - 3))
#endif

/*
 * Over nested API v2, kvm-hv asks for Power11 mode only where the kernel
 * knows the Power11 PVR (CPU_FTR_P11_PVR) and the CPU has it; a kernel
 * without the feature bit never negotiates that mode.
 */
#ifdef CPU_FTR_P11_PVR
#define pcc_kvm_v2_has_p11()		cpu_has_feature(CPU_FTR_P11_PVR)
#else
#define pcc_kvm_v2_has_p11()		false
#endif

/*
 * Over nested API v1, kvmppc_set_arch_compat() takes the Power11 logical
 * PVR only where the kernel defines it (6.1 does not).
 */
#ifdef PVR_ARCH_31_P11
#define PCC_KVM_V1_HAS_P11		true
#else
#define PCC_KVM_V1_HAS_P11		false
#endif

#endif /* PCC_COMPAT_H */
