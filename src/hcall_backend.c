// SPDX-License-Identifier: GPL-2.0
/*
 * nested-v2 backend (PowerVM, PAPR nested API v2): the modes the hypervisor
 * reports in H_GUEST_GET_CAPABILITIES, limited to those this kernel's KVM
 * negotiates for its nested guests.
 */
#include <linux/build_bug.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <asm/hvcall.h>

#include "backend.h"
#include "caps_logic.h"
#include "compat.h"

/* Our uapi bits are PAPR's: no translation needed, and none happens. */
static_assert(PPC_COMPAT_CAP_POWER9 == H_GUEST_CAP_POWER9);
static_assert(PPC_COMPAT_CAP_POWER10 == H_GUEST_CAP_POWER10);
static_assert(PPC_COMPAT_CAP_POWER11 == H_GUEST_CAP_POWER11);

#define PCC_HCALL_TRIES		16

/**
 * pcc_nested_v2_probe() - ask the hypervisor which modes nested guests get
 * @p: @p->hcall_status gets the hcall's status, @p->mask the modes on success
 *
 * Calls H_GUEST_GET_CAPABILITIES only: H_GUEST_SET_CAPABILITIES may be made
 * once per boot and belongs to kvm-hv. Busy statuses are retried a bounded
 * number of times. The hypervisor's answer is intersected with what
 * kvmhv_nested_init() of this kernel asks for, so that a mode KVM never
 * negotiated is not offered. ret[0] is read only on H_SUCCESS.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ENODEV when the hypervisor has no nested API v2 (H_FUNCTION);
 * -EBUSY when still busy after retries; else the errno pcc_hcall_errno()
 * maps the status to.
 */
int pcc_nested_v2_probe(struct pcc_probe *p)
{
	unsigned long ret[PLPAR_HCALL_BUFSIZE];
	unsigned int tries = 0;
	u64 kvm;
	long rc;
	int delay;

	do {
		rc = plpar_hcall(H_GUEST_GET_CAPABILITIES, ret, 0);
		delay = pcc_hcall_busy_delay_ms(rc);
		if (delay < 0)
			break;
		if (delay)
			msleep(delay);
		else
			cond_resched();
	} while (++tries < PCC_HCALL_TRIES);

	p->hcall_status = rc;
	if (rc != H_SUCCESS)
		return pcc_hcall_errno(rc);

	kvm = pcc_kvm_nested_mask(pcc_cpu_has_p11(),
				  cpu_has_feature(CPU_FTR_ARCH_31),
				  cpu_has_feature(CPU_FTR_ARCH_300));
	p->mask = ret[0] & kvm & PPC_COMPAT_CAP_KNOWN;
	return 0;
}
