/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ppc_compat_caps: which processor compatibility modes a nested KVM guest
 * may use on this IBM POWER L1 host.
 *
 * Device: /dev/ppc_compat_caps, one ioctl, PPC_COMPAT_CAPS_GET.
 *
 * The argument is extensible the way copy_struct_from_user() ABIs are: the
 * caller states the size of the struct it was built with, both in ``size``
 * and in the ioctl number (_IOC_SIZE). Checks, in this order:
 *
 *   call                                              result
 *   type or nr not ours, direction not read+write,    -ENOTTY
 *     or _IOC_SIZE(cmd) < PPC_COMPAT_CAPS_SIZE_VER0
 *   the first 24 bytes cannot be read                 -EFAULT
 *   size < 24, or size != _IOC_SIZE(cmd)              -EINVAL
 *   flags != 0 (reserved, input)                      -EINVAL
 *   size > the module's struct and a byte past it     -E2BIG
 *     is non-zero (a byte there unreadable: -EFAULT)
 *   the result cannot be written                      -EFAULT
 *   otherwise                                         0
 *
 * On success the module writes flags = 0, size = min(caller's size, module's
 * size) and compat_capabilities = the cached mask, and nothing past that
 * size. On every error the caller's buffer is left exactly as it was, except
 * that a fault while writing the result may leave it partly written.
 * Input in compat_capabilities is ignored. An empty mask (no mode usable for
 * a nested guest) is a valid answer.
 */
#ifndef _UAPI_PPC_COMPAT_CAPS_H
#define _UAPI_PPC_COMPAT_CAPS_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct ppc_compat_caps - argument of PPC_COMPAT_CAPS_GET
 * @flags: in: must be 0 (reserved for future requests); out: 0.
 * @size: in: sizeof(struct ppc_compat_caps) as the caller knows it;
 *        out: the number of bytes the module wrote.
 * @compat_capabilities: out: PPC_COMPAT_CAP_* bits of the modes usable.
 */
struct ppc_compat_caps {
	__u64 flags;
	__u64 size;
	__u64 compat_capabilities;
};

#define PPC_COMPAT_CAPS_SIZE_VER0	24	/* first published struct */

/*
 * Mode bits, at the positions PAPR gives them in H_GUEST_GET_CAPABILITIES
 * (H_GUEST_CAP_POWER9 and so on). Cumulative: a host that can run Power10
 * mode guests also sets the Power9 bit when it can run those.
 */
#define PPC_COMPAT_CAP_POWER9		(1ULL << 62)
#define PPC_COMPAT_CAP_POWER10		(1ULL << 61)
#define PPC_COMPAT_CAP_POWER11		(1ULL << 60)
#define PPC_COMPAT_CAP_KNOWN		(PPC_COMPAT_CAP_POWER9 | \
					 PPC_COMPAT_CAP_POWER10 | \
					 PPC_COMPAT_CAP_POWER11)

/* 0xBC is unassigned in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define PPC_COMPAT_CAPS_IOC_TYPE	0xBC
#define PPC_COMPAT_CAPS_GET		_IOWR(PPC_COMPAT_CAPS_IOC_TYPE, 0x01, \
					      struct ppc_compat_caps)

#endif /* _UAPI_PPC_COMPAT_CAPS_H */
