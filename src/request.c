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
#include <linux/uaccess.h>
#endif

/* The published layout is ABI: it never changes, it only grows. */
static_assert(sizeof(struct ppc_compat_caps) == PPC_COMPAT_CAPS_SIZE_VER0,
	      "struct ppc_compat_caps is 24 bytes");
static_assert(offsetof(struct ppc_compat_caps, flags) == 0, "flags at 0");
static_assert(offsetof(struct ppc_compat_caps, size) == 8, "size at 8");
static_assert(offsetof(struct ppc_compat_caps, compat_capabilities) == 16,
	      "compat_capabilities at 16");

/*
 * The size of this module's struct. The host unit tests build this file a
 * second time with a larger one, to show what a grown struct does for
 * older, equal and newer callers.
 */
#ifndef PCC_REQUEST_KSIZE
#define PCC_REQUEST_KSIZE sizeof(struct ppc_compat_caps)
#endif
static_assert(sizeof(struct ppc_compat_caps) <= PCC_REQUEST_KSIZE,
	      "the struct only grows");
static_assert(PCC_REQUEST_KSIZE % sizeof(u64) == 0, "by u64s");

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
 * Reads and writes only the first min(caller's size, module's size) bytes
 * of the caller's struct, both in one user-access window for a caller of
 * the module's size; a larger caller's tail is checked to be zero between
 * the reads and the writes (the size and flags checks come first, so that
 * E2BIG only ever means "this module is older than you and you asked for
 * more"). Nothing is written unless every check passed. The result is
 * written flags first and compat_capabilities last: flags and (for a
 * caller of the module's size) size are written with the values they
 * already hold, so a fault while writing leaves such a caller's buffer as
 * it was.
 *
 * Context: Process context; may sleep (user memory access).
 * Return: 0, -ENOTTY, -EFAULT, -EINVAL or -E2BIG as the uapi header says.
 */
long pcc_request(unsigned int cmd, void __user *arg, u64 mask)
{
	u64 __user *u = arg;
	size_t usize, known, i;
	u64 flags, size, ignored __maybe_unused;
	int zeroed;

	if (!pcc_cmd_is_get(cmd))
		return -ENOTTY;
	usize = _IOC_SIZE(cmd);
	known = min_t(size_t, usize, PCC_REQUEST_KSIZE);

	if (!user_access_begin(arg, known))
		return -EFAULT;
	unsafe_get_user(flags, &u[0], fault);
	unsafe_get_user(size, &u[1], fault);
	/* Not used (an output), but the whole struct must be readable. */
	for (i = 2; i < known / sizeof(u64); i++)
		unsafe_get_user(ignored, &u[i], fault);
	if (size < PPC_COMPAT_CAPS_SIZE_VER0 || size != usize || flags) {
		user_access_end();
		return -EINVAL;
	}

	if (usize > known) {
		user_access_end();
		zeroed = check_zeroed_user((u8 __user *)arg + known,
					   usize - known);
		if (zeroed < 0)
			return zeroed;
		if (!zeroed)
			return -E2BIG;
		if (!user_access_begin(arg, known))
			return -EFAULT;
	}

	unsafe_put_user(0, &u[0], fault);
	unsafe_put_user(known, &u[1], fault);
	/* Fields a newer module's struct has beyond VER0: none yet, zero. */
	for (i = 3; i < known / sizeof(u64); i++)
		unsafe_put_user(0, &u[i], fault);
	unsafe_put_user(mask, &u[2], fault);
	user_access_end();
	return 0;

fault:
	user_access_end();
	return -EFAULT;
}
