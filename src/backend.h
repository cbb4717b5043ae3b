/* SPDX-License-Identifier: GPL-2.0 */
/* The two ways of learning the usable modes; see the .c files. */
#ifndef PCC_BACKEND_H
#define PCC_BACKEND_H

#include <linux/types.h>

/**
 * struct pcc_probe - what one probe found
 * @mask: the PPC_COMPAT_CAP_* modes nested guests may use
 * @hcall_status: nested-v2: the status H_GUEST_GET_CAPABILITIES returned
 * @pvr: nested-v1: the cpu-version read, or the raw PVR when @raw
 * @raw: nested-v1: the device tree has no cpu-version (raw mode)
 */
struct pcc_probe {
	u64 mask;
	long hcall_status;
	u32 pvr;
	bool raw;
};

int pcc_nested_v2_probe(struct pcc_probe *p);
int pcc_nested_v1_probe(struct pcc_probe *p, const u32 *update);

#endif /* PCC_BACKEND_H */
