/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM_PPC_GET_COMPAT_CAPS as Linux 7.3 merged it (include/uapi/linux/kvm.h,
 * arch/powerpc/include/uapi/asm/kvm.h), for kernel headers that predate it
 * (bookworm's are 6.1) or are not powerpc's (a host build). Where the
 * headers have it, theirs is used; tests/tool/run.sh compiles both and
 * requires the same values.
 */
#ifndef PCC_KVM_COMPAT_H
#define PCC_KVM_COMPAT_H

#include <linux/kvm.h>

#ifndef KVM_CAP_PPC_COMPAT_CAPS
#define KVM_CAP_PPC_COMPAT_CAPS		250
#endif
#ifndef KVM_PPC_GET_COMPAT_CAPS
#define KVM_PPC_GET_COMPAT_CAPS		_IO(KVMIO, 0xb8)
#endif
#ifndef KVM_PPC_COMPAT_CAPS_SIZE_VER0
struct kvm_ppc_compat_caps {
	__u64 size;
	__u64 flags;
	__u64 compat_capabilities;
};

#define KVM_PPC_COMPAT_CAPS_SIZE_VER0	24
#endif

#endif /* PCC_KVM_COMPAT_H */
