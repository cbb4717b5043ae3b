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

/*
 * Modes of the processor itself, from its raw PVR. A family this module
 * does not know (a newer processor) is not held against any mode.
 */
static u64 pcc_processor_mask(u32 pvr)
{
	u64 mask = pcc_mask_from_raw_pvr(pvr);

	return mask ? mask : PPC_COMPAT_CAP_KNOWN;
}

/**
 * pcc_partition_mask() - modes the partition's own mode allows
 * @f: the probe's facts
 *
 * The partition's mode is cpu-version, as the boot-time negotiation (and a
 * migration) set it; without one, the processor's raw mode.
 *
 * Context: Any context.
 * Return: the PPC_COMPAT_CAP_* mask.
 */
u64 pcc_partition_mask(const struct pcc_facts *f)
{
	if (!f->cpu_version)
		return pcc_mask_from_raw_pvr(f->pvr);
	return pcc_mask_from_cpu_version(f->cpu_version);
}

/**
 * pcc_kvm_mask() - modes this L1 kernel's KVM can give a nested guest
 * @f: the probe's facts
 *
 * Mirrors kvm-hv: kvmhv_nested_init() refuses to load without the radix
 * MMU; over nested API v2 it hands the hypervisor (in
 * H_GUEST_SET_CAPABILITIES) the offered modes limited to those of its CPU
 * features, and a KVM without that API negotiates nothing there; over
 * nested API v1, kvmppc_set_arch_compat() takes the logical PVRs it knows
 * up to the CPU's level. A mode outside this mask is one KVM refuses.
 *
 * Context: Any context.
 * Return: the PPC_COMPAT_CAP_* mask.
 */
u64 pcc_kvm_mask(const struct pcc_facts *f)
{
	u64 mask = 0;

	if (!f->kvm_hv || !f->radix || (f->nested_v2 && !f->kvm_v2))
		return 0;
	if (f->kvm_p11 && f->arch31)
		mask |= PPC_COMPAT_CAP_POWER11;
	if (f->arch31)
		mask |= PPC_COMPAT_CAP_POWER10;
	if (f->arch300)
		mask |= PPC_COMPAT_CAP_POWER9;
	return mask;
}

/**
 * pcc_platform_mask() - the modes the platform offers, before KVM's say
 * @f: the probe's facts
 *
 * Context: Any context.
 * Return: nested-v2: what the hypervisor offered, unknown bits included;
 * nested-v1: the partition's mode's modes.
 */
u64 pcc_platform_mask(const struct pcc_facts *f)
{
	return f->nested_v2 ? f->offered : pcc_partition_mask(f);
}

/**
 * pcc_answer() - the modes a nested guest may use
 * @f: the probe's facts
 *
 * What the platform offers, limited to what this kernel's KVM can use.
 *
 * Context: Any context.
 * Return: the PPC_COMPAT_CAP_* mask.
 */
u64 pcc_answer(const struct pcc_facts *f)
{
	return pcc_platform_mask(f) & pcc_kvm_mask(f) & PPC_COMPAT_CAP_KNOWN;
}

/**
 * pcc_kvm_why() - why this kernel's KVM removes a mode
 * @f: the probe's facts
 *
 * Context: Any context.
 * Return: the first of KVM's limits that applies: no kvm-hv, the hash MMU,
 * no nested API v2 (nested-v2 backend), else the mode itself.
 */
enum pcc_why pcc_kvm_why(const struct pcc_facts *f)
{
	if (!f->kvm_hv)
		return PCC_WHY_NO_KVM_HV;
	if (!f->radix)
		return PCC_WHY_HASH_MMU;
	if (f->nested_v2 && !f->kvm_v2)
		return PCC_WHY_NO_NESTED_V2;
	return PCC_WHY_KVM_MODE;
}

/**
 * pcc_removed_why() - why a mode of the processor is not in the answer
 * @f: the probe's facts
 * @mode: one PPC_COMPAT_CAP_* bit
 *
 * Names the outermost layer that removes it: the partition's mode, then
 * the hypervisor (nested-v2), then this kernel's KVM. Bringing the mode
 * back starts there. A mode newer than the processor is not "removed": it
 * never was there.
 *
 * Context: Any context.
 * Return: a PCC_WHY_* reason; PCC_WHY_NONE when @mode is in the answer or
 * newer than the processor.
 */
enum pcc_why pcc_removed_why(const struct pcc_facts *f, u64 mode)
{
	if (!(mode & pcc_processor_mask(f->pvr)) || (mode & pcc_answer(f)))
		return PCC_WHY_NONE;
	if (!(mode & pcc_partition_mask(f)))
		return PCC_WHY_PARTITION;
	if (f->nested_v2 && !(mode & f->offered))
		return PCC_WHY_HYPERVISOR;
	return pcc_kvm_why(f);
}

/*
 * Every reason once: its name in sysfs' removed, the log's hint at what
 * brings back a mode this kernel's KVM cannot use, and the command's
 * sentence for a person (ppc-compat-caps(1)).
 */
const struct pcc_why_text pcc_whys[PCC_WHY_COUNT] = {
	[PCC_WHY_NONE] = {
		.name = "none",
	},
	[PCC_WHY_PARTITION] = {
		.name = "partition",
		.remedy =
			"the partition runs in an older compatibility mode; a newer one (on PowerVM, the LPAR's processor compatibility mode) brings it back",
	},
	[PCC_WHY_HYPERVISOR] = {
		.name = "hypervisor",
		.remedy =
			"the hypervisor does not offer it to nested guests; only the hypervisor's side brings it back",
	},
	[PCC_WHY_NO_KVM_HV] = {
		.name = "no-kvm-hv",
		.hint =
			"it has no kvm-hv: use one built with CONFIG_KVM_BOOK3S_64_HV",
		.remedy =
			"this kernel has no kvm-hv; a kernel built with CONFIG_KVM_BOOK3S_64_HV brings it back",
	},
	[PCC_WHY_HASH_MMU] = {
		.name = "hash-mmu",
		.hint =
			"kvm-hv nests only under the radix MMU: boot without disable_radix",
		.remedy =
			"kvm-hv nests guests only under the radix MMU; booting without disable_radix brings it back",
	},
	[PCC_WHY_NO_NESTED_V2] = {
		.name = "no-nested-v2",
		.hint =
			"its kvm-hv has no nested API v2 (the hypervisor's only one): use a kernel with it",
		.remedy =
			"this kernel's kvm-hv has no nested API v2, the only one the hypervisor offers; a kernel whose KVM speaks it (Debian's 6.12 does) brings it back",
	},
	[PCC_WHY_KVM_MODE] = {
		.name = "kvm-mode",
		.hint =
			"it does not know that mode: use a kernel whose KVM does",
		.remedy =
			"this kernel's KVM cannot give a nested guest this mode; a kernel whose KVM knows it (for power11: CPU_FTR_P11_PVR) brings it back",
	},
};

static const struct {
	u64 bit;
	const char *name;
} pcc_mode_names[] = {		/* newest first */
	{ PPC_COMPAT_CAP_POWER11, "power11" },
	{ PPC_COMPAT_CAP_POWER10, "power10" },
	{ PPC_COMPAT_CAP_POWER9, "power9" },
};

/**
 * pcc_mode_name() - the name of the newest mode of a mask
 * @mask: PPC_COMPAT_CAP_* bits; unknown bits are ignored
 *
 * Context: Any context.
 * Return: "power11", "power10" or "power9"; NULL when @mask has no mode.
 */
const char *pcc_mode_name(u64 mask)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pcc_mode_names); i++)
		if (mask & pcc_mode_names[i].bit)
			return pcc_mode_names[i].name;
	return NULL;
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
	size_t pos = 0;

	/* Newer modes have lower bits: clearing the lowest goes newest first. */
	for (mask &= PPC_COMPAT_CAP_KNOWN; mask; mask &= mask - 1)
		pos += scnprintf(buf + pos, len - pos, "%s%s", pos ? " " : "",
				 pcc_mode_name(mask));
	if (!pos)
		pos = scnprintf(buf, len, "none");
	return pos;
}

/**
 * pcc_removed_to_text() - every removed mode with its reason, as text
 * @f: the probe's facts
 * @buf: where to write, NUL-terminated
 * @len: size of @buf; PCC_REMOVED_MAX always suffices
 *
 * Writes MODE:REASON pairs (pcc_whys[].name), newest mode first, separated
 * by spaces, e.g. "power11:kvm-mode", or "none" when the answer holds every
 * mode of the processor.
 *
 * Context: Any context.
 * Return: the length written, without the NUL.
 */
size_t pcc_removed_to_text(const struct pcc_facts *f, char *buf, size_t len)
{
	enum pcc_why why;
	size_t i, pos = 0;

	for (i = 0; i < ARRAY_SIZE(pcc_mode_names); i++) {
		why = pcc_removed_why(f, pcc_mode_names[i].bit);
		if (why == PCC_WHY_NONE)
			continue;
		pos += scnprintf(buf + pos, len - pos, "%s%s:%s", pos ? " " : "",
				 pcc_mode_names[i].name, pcc_whys[why].name);
	}
	if (!pos)
		pos = scnprintf(buf, len, "none");
	return pos;
}
