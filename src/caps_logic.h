/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's pure logic: mode mapping, hcall status to errno, and the
 * ioctl's struct-size negotiation. It builds both in the kernel and in the
 * host unit tests (tests/unit/kernel_shim.h stands in for the kernel there).
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

u64 pcc_mask_from_cpu_version(u32 cpu_version);
u64 pcc_mask_from_raw_pvr(u32 pvr);
u64 pcc_kvm_nested_mask(bool cpu_p11, bool cpu_arch31, bool cpu_arch300);
size_t pcc_mask_to_names(u64 mask, char *buf, size_t len);

int pcc_hcall_errno(long status);
int pcc_hcall_busy_delay_ms(long status);

long pcc_request(unsigned int cmd, void __user *arg, u64 mask);

#endif /* PCC_CAPS_LOGIC_H */
