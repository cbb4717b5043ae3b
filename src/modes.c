// SPDX-License-Identifier: GPL-2.0
/*
 * Mode mapping: from what the platform says (a logical PVR, a raw PVR, the
 * CPU features KVM looks at) to a cumulative PPC_COMPAT_CAP_* mask, and from
 * a mask to the names sysfs shows.
 */
#include "caps_logic.h"

#ifdef __KERNEL__
#include <linux/kernel.h>
#endif

/**
 * pcc_mask_from_cpu_version() - modes an L1 in a given architected mode may
 *                               give its nested guests
 * @cpu_version: the logical PVR from the device tree's cpu-version
 *
 * Modes are cumulative: an L1 in Power10 mode also runs Power9 mode guests.
 * Older modes (Power8 and before) cannot host nested KVM-HV guests at all.
 *
 * Context: Any context.
 * Return: the PPC_COMPAT_CAP_* mask, 0 for any other value.
 */
u64 pcc_mask_from_cpu_version(u32 cpu_version)
{
	u64 mask = 0;

	switch (cpu_version) {
	case PCC_PVR_ARCH_31_P11:
		mask |= PPC_COMPAT_CAP_POWER11;
		fallthrough;
	case PCC_PVR_ARCH_31:
		mask |= PPC_COMPAT_CAP_POWER10;
		fallthrough;
	case PCC_PVR_ARCH_300:
		mask |= PPC_COMPAT_CAP_POWER9;
		break;
	default:
		break;
	}
	return mask;
}

/**
 * pcc_mask_from_raw_pvr() - modes of a processor running in raw mode
 * @pvr: the Processor Version Register
 *
 * Used when the device tree has no cpu-version, i.e. the partition runs in
 * the processor's native mode.
 *
 * Context: Any context.
 * Return: the PPC_COMPAT_CAP_* mask, 0 for other processors.
 */
u64 pcc_mask_from_raw_pvr(u32 pvr)
{
	switch (pvr >> 16) {
	case PCC_PVR_POWER11:
		return pcc_mask_from_cpu_version(PCC_PVR_ARCH_31_P11);
	case PCC_PVR_POWER10:
		return pcc_mask_from_cpu_version(PCC_PVR_ARCH_31);
	case PCC_PVR_POWER9:
		return pcc_mask_from_cpu_version(PCC_PVR_ARCH_300);
	default:
		return 0;
	}
}

/**
 * pcc_kvm_nested_mask() - modes this L1 kernel's KVM asks the hypervisor for
 * @cpu_p11: the kernel knows Power11 (CPU_FTR_P11_PVR) and the CPU has it
 * @cpu_arch31: the CPU has CPU_FTR_ARCH_31
 * @cpu_arch300: the CPU has CPU_FTR_ARCH_300
 *
 * Mirrors kvmhv_nested_init(), which hands the hypervisor (in
 * H_GUEST_SET_CAPABILITIES) the modes it reported, limited to these. A mode
 * outside them is one KVM never negotiated, so a guest in it would fail.
 *
 * Context: Any context.
 * Return: the PPC_COMPAT_CAP_* mask.
 */
u64 pcc_kvm_nested_mask(bool cpu_p11, bool cpu_arch31, bool cpu_arch300)
{
	u64 mask = 0;

	if (cpu_p11)
		mask |= PPC_COMPAT_CAP_POWER11;
	if (cpu_arch31)
		mask |= PPC_COMPAT_CAP_POWER10;
	if (cpu_arch300)
		mask |= PPC_COMPAT_CAP_POWER9;
	return mask;
}

static const struct {
	u64 bit;
	const char *name;
} pcc_mode_names[] = {		/* newest first */
	{ PPC_COMPAT_CAP_POWER11, "power11" },
	{ PPC_COMPAT_CAP_POWER10, "power10" },
	{ PPC_COMPAT_CAP_POWER9, "power9" },
};

static size_t pcc_append(char *buf, size_t len, size_t pos, const char *s)
{
	while (*s && pos + 1 < len)
		buf[pos++] = *s++;
	if (len)
		buf[pos] = '\0';
	return pos;
}

/**
 * pcc_mask_to_names() - the modes of a mask as text, newest first
 * @mask: PPC_COMPAT_CAP_* bits; unknown bits are ignored
 * @buf: where to write, NUL-terminated
 * @len: size of @buf; PCC_NAMES_MAX always suffices
 *
 * Writes e.g. "power11 power10 power9", or "none" for an empty mask.
 *
 * Context: Any context.
 * Return: the length written, without the NUL.
 */
size_t pcc_mask_to_names(u64 mask, char *buf, size_t len)
{
	size_t i, pos = 0;

	for (i = 0; i < ARRAY_SIZE(pcc_mode_names); i++) {
		if (!(mask & pcc_mode_names[i].bit))
			continue;
		if (pos)
			pos = pcc_append(buf, len, pos, " ");
		pos = pcc_append(buf, len, pos, pcc_mode_names[i].name);
	}
	if (!pos)
		pos = pcc_append(buf, len, pos, "none");
	return pos;
}
