/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the src/ logic files need from the kernel when built outside it (the
 * unit and fuzz tests, the ppc-compat-caps command): types, helpers, PAPR
 * hcall statuses, and the user-access calls that tests/unit/user_mem.c
 * simulates for the tests. Not part of the module (Kbuild, DKMS).
 */
#ifndef PCC_KERNEL_SHIM_H
#define PCC_KERNEL_SHIM_H

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/ioctl.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;

#define __user
#define fallthrough		__attribute__((__fallthrough__))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define __maybe_unused		__attribute__((__unused__))

/* The kernel's scnprintf(): what was written, never more than @size - 1. */
static inline __attribute__((__format__(__printf__, 3, 4)))
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n < size ? n : (int)(size - 1);
}

/* hcall statuses, as PAPR (LoPAR) numbers them */
#define H_SUCCESS			0
#define H_BUSY				1
#define H_NOT_AVAILABLE			3
#define H_CONSTRAINED			4
#define H_LONG_BUSY_ORDER_1_MSEC	9900
#define H_LONG_BUSY_ORDER_10_MSEC	9901
#define H_LONG_BUSY_ORDER_100_MSEC	9902
#define H_LONG_BUSY_ORDER_1_SEC		9903
#define H_LONG_BUSY_ORDER_10_SEC	9904
#define H_LONG_BUSY_ORDER_100_SEC	9905
#define H_HARDWARE			-1
#define H_FUNCTION			-2
#define H_PARAMETER			-4
#define H_NOT_FOUND			-7
#define H_NO_MEM			-9
#define H_AUTHORITY			-10
#define H_P2				-55
#define H_P3				-56
#define H_P4				-57
#define H_P5				-58
#define H_P6				-59
#define H_P7				-60
#define H_P8				-61
#define H_P9				-62

/* user_mem.c */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n);
int check_zeroed_user(const void __user *from, size_t size);
/*
 * The user-access window: user_access_begin() opens it (access_ok()
 * only: any pointer passes, as any user address does), the unsafe_*
 * accessors fault per byte as the copies do, user_access_end() closes
 * it. user_mem.c counts windows and checks that every one is closed.
 */
bool umem_access_begin(const void __user *ptr, size_t len);
void umem_access_end(void);
int umem_get(void *to, const void __user *from, size_t n);
int umem_put(void __user *to, const void *from, size_t n);
#define user_access_begin(ptr, len)	umem_access_begin(ptr, len)
#define user_access_end()		umem_access_end()
#define unsafe_get_user(x, ptr, label) do {				\
		__typeof__(*(ptr)) __gu_v;				\
		if (umem_get(&__gu_v, (ptr), sizeof(__gu_v)))		\
			goto label;					\
		(x) = __gu_v;						\
	} while (0)
#define unsafe_put_user(x, ptr, label) do {				\
		__typeof__(*(ptr)) __pu_v = (x);			\
		if (umem_put((ptr), &__pu_v, sizeof(__pu_v)))		\
			goto label;					\
	} while (0)

#endif /* PCC_KERNEL_SHIM_H */
