// SPDX-License-Identifier: GPL-2.0
/*
 * nested-v2 backend (PowerVM, PAPR nested API v2): the modes the hypervisor
 * offers nested guests in H_GUEST_GET_CAPABILITIES.
 */
#include <linux/build_bug.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/minmax.h>
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
/*
 * The hypervisor's long-busy hints go up to 100 s; a probe at load or on a
 * rescan write must stay short, so each wait is capped (PCC_HCALL_TRIES
 * bounds their number).
 */
#define PCC_HCALL_MAX_WAIT_MS	100U

/**
 * pcc_nested_v2_probe() - ask the hypervisor which modes nested guests get
 * @f: @f->offered gets the modes on success
 * @status: gets the hcall's status
 *
 * Calls H_GUEST_GET_CAPABILITIES only: H_GUEST_SET_CAPABILITIES may be made
 * once per boot and belongs to kvm-hv. H_BUSY and the long-busy statuses
 * are retried up to PCC_HCALL_TRIES times in all, waiting what
 * get_longbusy_msecs() says (capped) between tries and never after the
 * last one. ret[0] is read only on H_SUCCESS. What this kernel's KVM
 * makes of the offer is pcc_kvm_mask()'s business.
 *
 * Context: Process context; may sleep.
 * Return: 0; -ENODEV when the hypervisor has no nested API v2 (H_FUNCTION);
 * -EBUSY when still busy after retries; else the errno pcc_hcall_errno()
 * maps the status to.
 */
int pcc_nested_v2_probe(struct pcc_facts *f, long *status)
{
	unsigned long ret[PLPAR_HCALL_BUFSIZE];
	unsigned int tries;
	long rc;

	for (tries = 1; ; tries++) {
		rc = plpar_hcall(H_GUEST_GET_CAPABILITIES, ret, 0);
		if (rc != H_BUSY && !H_IS_LONG_BUSY(rc))
			break;
		if (tries == PCC_HCALL_TRIES)
			break;
		if (H_IS_LONG_BUSY(rc))
			msleep(min(get_longbusy_msecs(rc), PCC_HCALL_MAX_WAIT_MS));
		else
			cond_resched();
	}

	*status = rc;
	if (rc != H_SUCCESS)
		return pcc_hcall_errno(rc);
	f->offered = ret[0];
	return 0;
}
