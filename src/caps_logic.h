/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's pure logic: mode mapping, hcall status to errno, and the
 * ioctl's struct-size negotiation. It builds both in the kernel and in the
 * host unit tests, fuzzers and the command (src/host/kernel_shim.h stands in
 * for the kernel there).
 */
#ifndef PCC_CAPS_LOGIC_H
#define PCC_CAPS_LOGIC_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "kernel_shim.h"
#endif

#include "ppc_compat_caps.h"

/* Logical PVRs of the architected (compatibility) modes, as in cpu-version. */
#define PCC_PVR_ARCH_207	0x0f000004	/* Power8 mode */
#define PCC_PVR_ARCH_300	0x0f000005	/* Power9 mode */
#define PCC_PVR_ARCH_31		0x0f000006	/* Power10 mode */
#define PCC_PVR_ARCH_31_P11	0x0f000007	/* Power11 mode */

/* Processor families, the version half (PVR >> 16) of a raw PVR. */
#define PCC_PVR_POWER9		0x004e
#define PCC_PVR_POWER10		0x0080
#define PCC_PVR_POWER11		0x0082

/* Longest string pcc_mask_to_names() writes, with its NUL. */
#define PCC_NAMES_MAX		sizeof("power11 power10 power9")

/**
 * struct pcc_facts - what one probe learnt, layer by layer
 * @nested_v2: the nested-v2 backend answered; else nested-v1
 * @pvr: the processor's raw PVR
 * @cpu_version: the partition's mode (logical PVR in the device tree's
 *               cpu-version), 0 when the partition runs in raw mode
 * @offered: nested-v2: the modes H_GUEST_GET_CAPABILITIES offered
 * @kvm_hv: this kernel has kvm-hv (CONFIG_KVM_BOOK3S_64_HV)
 * @radix: the L1 runs the radix MMU; kvmhv_nested_init() refuses hash
 * @kvm_v2: this kernel's KVM speaks the PAPR nested API v2
 * @kvm_p11: this kernel's KVM can give a nested guest Power11 mode over the
 *           backend's API (nested-v2: CPU_FTR_P11_PVR on this CPU;
 *           nested-v1: it knows the Power11 logical PVR)
 * @arch31: the CPU runs with CPU_FTR_ARCH_31 (Power10 mode or newer)
 * @arch300: the CPU runs with CPU_FTR_ARCH_300 (Power9 mode or newer)
 */
struct pcc_facts {
	bool nested_v2;
	u32 pvr;
	u32 cpu_version;
	u64 offered;
	bool kvm_hv;
	bool radix;
	bool kvm_v2;
	bool kvm_p11;
	bool arch31;
	bool arch300;
};

/* Why a mode the processor has is not in the answer. */
enum pcc_why {
	PCC_WHY_NONE,		/* it is in the answer, or newer than the CPU */
	PCC_WHY_PARTITION,	/* the partition runs in an older mode */
	PCC_WHY_HYPERVISOR,	/* the hypervisor does not offer it */
	PCC_WHY_NO_KVM_HV,	/* this kernel has no kvm-hv */
	PCC_WHY_HASH_MMU,	/* the L1 runs the hash MMU */
	PCC_WHY_NO_NESTED_V2,	/* this kernel's KVM has no nested API v2 */
	PCC_WHY_KVM_MODE,	/* this kernel's KVM does not know the mode */
	PCC_WHY_COUNT,
};

/* A reason's name (sysfs), the log's hint and the command's sentence. */
struct pcc_why_text {
	const char *name, *hint, *remedy;
};

extern const struct pcc_why_text pcc_whys[PCC_WHY_COUNT];

/* Longest string pcc_removed_to_text() writes, with its NUL. */
#define PCC_REMOVED_MAX \
	sizeof("power11:no-nested-v2 power10:no-nested-v2 power9:no-nested-v2")

u64 pcc_mask_from_cpu_version(u32 cpu_version);
u64 pcc_mask_from_raw_pvr(u32 pvr);
u64 pcc_partition_mask(const struct pcc_facts *f);
u64 pcc_kvm_mask(const struct pcc_facts *f);
u64 pcc_platform_mask(const struct pcc_facts *f);
u64 pcc_answer(const struct pcc_facts *f);
enum pcc_why pcc_kvm_why(const struct pcc_facts *f);
enum pcc_why pcc_removed_why(const struct pcc_facts *f, u64 mode);
size_t pcc_removed_to_text(const struct pcc_facts *f, char *buf, size_t len);
const char *pcc_mode_name(u64 mask);
size_t pcc_mask_to_names(u64 mask, char *buf, size_t len);

int pcc_hcall_errno(long status);

long pcc_request(unsigned int cmd, void __user *arg, u64 mask);

#endif /* PCC_CAPS_LOGIC_H */
