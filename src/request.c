// SPDX-License-Identifier: GPL-2.0
/*
 * PPC_COMPAT_CAPS_GET: struct-size negotiation and checks of the caller's
 * argument, in the order include/uapi/ppc_compat_caps.h documents.
 */
#include "caps_logic.h"

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/minmax.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#endif

/* The published layout is ABI: it never changes, it only grows. */
static_assert(sizeof(struct ppc_compat_caps) == PPC_COMPAT_CAPS_SIZE_VER0,
	      "struct ppc_compat_caps is 24 bytes");
static_assert(offsetof(struct ppc_compat_caps, flags) == 0, "flags at 0");
static_assert(offsetof(struct ppc_compat_caps, size) == 8, "size at 8");
static_assert(offsetof(struct ppc_compat_caps, compat_capabilities) == 16,
	      "compat_capabilities at 16");

static bool pcc_cmd_is_get(unsigned int cmd)
{
	return _IOC_TYPE(cmd) == _IOC_TYPE(PPC_COMPAT_CAPS_GET) &&
	       _IOC_NR(cmd) == _IOC_NR(PPC_COMPAT_CAPS_GET) &&
	       _IOC_DIR(cmd) == (_IOC_READ | _IOC_WRITE) &&
	       _IOC_SIZE(cmd) >= PPC_COMPAT_CAPS_SIZE_VER0;
}

/**
 * pcc_request() - answer one PPC_COMPAT_CAPS_GET
 * @cmd: the ioctl command, which carries the caller's struct size
 * @arg: the caller's struct ppc_compat_caps
 * @mask: the mask to report
 *
 * Nothing is written unless every check passed; on success exactly
 * min(caller's size, sizeof(struct ppc_compat_caps)) bytes are.
 * The size and flags checks run before the reserved-tail check so that
 * E2BIG only ever means "this module is older than you and you asked for
 * more".
 *
 * Context: Process context; may sleep (user memory access).
 * Return: 0, -ENOTTY, -EFAULT, -EINVAL or -E2BIG as the uapi header says.
 */
long pcc_request(unsigned int cmd, void __user *arg, u64 mask)
{
	struct ppc_compat_caps caps;
	size_t usize, reply;
	int zeroed;

	if (!pcc_cmd_is_get(cmd))
		return -ENOTTY;
	usize = _IOC_SIZE(cmd);

	if (copy_from_user(&caps, arg, sizeof(caps)))
		return -EFAULT;
	if (caps.size < PPC_COMPAT_CAPS_SIZE_VER0 || caps.size != usize)
		return -EINVAL;
	if (caps.flags)
		return -EINVAL;
	if (usize > sizeof(caps)) {
		zeroed = check_zeroed_user((u8 __user *)arg + sizeof(caps),
					   usize - sizeof(caps));
		if (zeroed < 0)
			return zeroed;
		if (!zeroed)
			return -E2BIG;
	}

	reply = min(usize, sizeof(caps));
	memset(&caps, 0, sizeof(caps));
	caps.size = reply;
	caps.compat_capabilities = mask;
	if (copy_to_user(arg, &caps, reply))
		return -EFAULT;
	return 0;
}
