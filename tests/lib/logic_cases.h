/* SPDX-License-Identifier: GPL-2.0 */
/*
 * logic_cases.h: the case tables of src/'s pure logic that the host unit
 * tests (tests/unit/test_logic.c) and the KUnit suites
 * (tests/kunit/pcc_logic_kunit.c) both run, written once. Expected values
 * come from the architecture and PAPR (the mode bits, the PVRs, the hcall
 * statuses), never from the code under test. u32 and u64 are the kernel's,
 * or the host shim's.
 */
#ifndef PCC_LOGIC_CASES_H
#define PCC_LOGIC_CASES_H

/* PAPR's H_GUEST_CAP_POWER9/10/11: bits 1, 2 and 3 from the MSB. */
#define P9		(1ULL << 62)
#define P10		(1ULL << 61)
#define P11		(1ULL << 60)

struct pcc_pvr_case {
	u32 pvr;
	u64 mask;
	const char *desc;
};

/*
 * Logical PVRs (cpu-version): an L1 in mode N runs guests in N and every
 * older mode down to Power9; Power8 mode and older host no nested guests.
 */
static const struct pcc_pvr_case pcc_cpu_version_cases[] = {
	{ 0x0f000007, P11 | P10 | P9, "0x0f000007 Power11 mode" },
	{ 0x0f000006, P10 | P9, "0x0f000006 Power10 mode" },
	{ 0x0f000005, P9, "0x0f000005 Power9 mode" },
	{ 0x0f000004, 0, "0x0f000004 Power8 mode" },
	{ 0x0f000003, 0, "0x0f000003 Power7 mode" },
	{ 0x0f000002, 0, "0x0f000002 Power6 mode" },
	{ 0x0f000008, 0, "0x0f000008 an unknown future mode" },
	{ 0x00000000, 0, "0x00000000" },
	{ 0xffffffff, 0, "0xffffffff" },
	{ 0x00801200, 0, "0x00801200 a raw Power10 PVR is no logical one" },
};

/* Raw PVRs: the family is the upper half; the revision does not matter. */
static const struct pcc_pvr_case pcc_raw_pvr_cases[] = {
	{ 0x00821200, P11 | P10 | P9, "0x00821200 Power11 DD2.0" },
	{ 0x00820000, P11 | P10 | P9, "0x00820000 Power11 revision 0" },
	{ 0x00801200, P10 | P9, "0x00801200 Power10 DD2.0" },
	{ 0x0080ffff, P10 | P9, "0x0080ffff Power10 any revision" },
	{ 0x004e1202, P9, "0x004e1202 Power9 DD2.2" },
	{ 0x004e0100, P9, "0x004e0100 Power9 DD1.0" },
	{ 0x004d0200, 0, "0x004d0200 Power8" },
	{ 0x004b0201, 0, "0x004b0201 Power8E" },
	{ 0x003f0201, 0, "0x003f0201 Power7" },
	{ 0x0f000006, 0, "0x0f000006 a logical PVR is no raw one" },
	{ 0x00000000, 0, "0x00000000" },
};

struct pcc_names_case {
	u64 mask;
	const char *names;	/* pcc_mask_to_names() */
	const char *newest;	/* pcc_mode_name(); NULL: no mode */
	const char *desc;
};

/* sysfs' compat_caps: newest first, "none" when empty, unknown bits ignored. */
static const struct pcc_names_case pcc_names_cases[] = {
	{ P11 | P10 | P9, "power11 power10 power9", "power11", "P11|P10|P9" },
	{ P10 | P9, "power10 power9", "power10", "P10|P9" },
	{ P11 | P10, "power11 power10", "power11", "P11|P10" },
	{ P11 | P9, "power11 power9", "power11", "P11|P9" },
	{ P9, "power9", "power9", "P9" },
	{ P10, "power10", "power10", "P10" },
	{ P11, "power11", "power11", "P11" },
	{ 0, "none", NULL, "empty" },
	{ 1ULL << 63, "none", NULL, "bit 63 (COPY_MEM) is no mode" },
	{ 1ULL << 59, "none", NULL, "bit 59, a mode newer than Power11, is unknown" },
	{ (1ULL << 63) | P10 | 1, "power10", "power10", "P10 among unknown bits" },
	{ ~0ULL, "power11 power10 power9", "power11", "every bit" },
};

struct pcc_status_case {
	long status;
	int err;
	const char *desc;
};

/* hcall status -> errno, as README's table says; PAPR's status numbers. */
static const struct pcc_status_case pcc_status_cases[] = {
	{ 0, 0, "H_SUCCESS" },
	{ -2, -ENODEV, "H_FUNCTION: no nested API v2" },
	{ -4, -EINVAL, "H_PARAMETER (not -EINTR)" },
	{ -55, -EINVAL, "H_P2" },
	{ -56, -EINVAL, "H_P3" },
	{ -57, -EINVAL, "H_P4" },
	{ -58, -EINVAL, "H_P5" },
	{ -59, -EINVAL, "H_P6" },
	{ -60, -EINVAL, "H_P7" },
	{ -61, -EINVAL, "H_P8" },
	{ -62, -EINVAL, "H_P9" },
	{ 1, -EBUSY, "H_BUSY" },
	{ 9900, -EBUSY, "H_LONG_BUSY_ORDER_1_MSEC" },
	{ 9901, -EBUSY, "H_LONG_BUSY_ORDER_10_MSEC" },
	{ 9902, -EBUSY, "H_LONG_BUSY_ORDER_100_MSEC" },
	{ 9903, -EBUSY, "H_LONG_BUSY_ORDER_1_SEC" },
	{ 9904, -EBUSY, "H_LONG_BUSY_ORDER_10_SEC" },
	{ 9905, -EBUSY, "H_LONG_BUSY_ORDER_100_SEC" },
	{ -10, -EPERM, "H_AUTHORITY" },
	{ -9, -ENOMEM, "H_NO_MEM" },
	{ -1, -EIO, "H_HARDWARE" },
	{ 3, -EIO, "H_NOT_AVAILABLE (positive, still an error)" },
	{ 4, -EIO, "H_CONSTRAINED (positive, still an error)" },
	{ -7, -EIO, "H_NOT_FOUND (not in the table)" },
	{ -3, -EIO, "-3 (unassigned)" },
	{ 9906, -EIO, "9906 (past the long-busy range)" },
	{ -9999, -EIO, "-9999" },
};

#endif /* PCC_LOGIC_CASES_H */
