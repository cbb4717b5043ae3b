// SPDX-License-Identifier: GPL-2.0
/*
 * One table from PAPR hcall status to errno. An H_* code is never an errno:
 * H_PARAMETER (-4) returned as is would read as -EINTR, and a positive code
 * such as H_NOT_AVAILABLE would look like success.
 */
#include "caps_logic.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#include <asm/hvcall.h>
#endif

/**
 * pcc_hcall_errno() - map an hcall status to an errno
 * @status: what plpar_hcall() returned
 *
 * H_FUNCTION means the hypervisor has no such hcall, i.e. no nested API v2:
 * -ENODEV, which the caller may take as "try the other backend".
 *
 * Context: Any context.
 * Return: 0 for H_SUCCESS, else a negative errno.
 */
int pcc_hcall_errno(long status)
{
	switch (status) {
	case H_SUCCESS:
		return 0;
	case H_FUNCTION:
		return -ENODEV;
	case H_PARAMETER:
	case H_P2:
	case H_P3:
	case H_P4:
	case H_P5:
	case H_P6:
	case H_P7:
	case H_P8:
	case H_P9:
		return -EINVAL;
	case H_BUSY:
	case H_LONG_BUSY_ORDER_1_MSEC:
	case H_LONG_BUSY_ORDER_10_MSEC:
	case H_LONG_BUSY_ORDER_100_MSEC:
	case H_LONG_BUSY_ORDER_1_SEC:
	case H_LONG_BUSY_ORDER_10_SEC:
	case H_LONG_BUSY_ORDER_100_SEC:
		return -EBUSY;
	case H_AUTHORITY:
		return -EPERM;
	case H_NO_MEM:
		return -ENOMEM;
	case H_HARDWARE:
	default:			/* includes positive codes */
		return -EIO;
	}
}
