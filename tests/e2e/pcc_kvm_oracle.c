// SPDX-License-Identifier: GPL-2.0
/*
 * pcc_kvm_oracle: ask the kernel's own KVM which compatibility modes a
 * guest may use, through upstream's KVM_PPC_GET_COMPAT_CAPS (Linux 7.3), the
 * witness the module's answer is compared with. Built only against the
 * uapi headers of a kernel that has the ioctl.
 *
 * Prints one line:
 *   0x%016llx            KVM's answer (size 24 and flags 0 written back)
 *   no-vm ERRNO          KVM_CREATE_VM failed (no kvm-hv, say)
 *   no-cap               KVM_CHECK_EXTENSION says the capability is absent
 *   error ERRNO          the ioctl failed, or wrote back something else
 * and exits 0 for the first, 1 for the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case EINVAL: return "EINVAL";
	case ENODEV: return "ENODEV";
	case ENOENT: return "ENOENT";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case EPERM: return "EPERM";
	}
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

int main(void)
{
	struct kvm_ppc_compat_caps c;
	int kvm, vm;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		printf("no-vm %s\n", errname(errno));
		return 1;
	}
	if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_PPC_COMPAT_CAPS) <= 0) {
		printf("no-cap\n");
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		printf("no-vm %s\n", errname(errno));
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	if (ioctl(vm, KVM_PPC_GET_COMPAT_CAPS, &c)) {
		printf("error %s\n", errname(errno));
		return 1;
	}
	if (c.size != KVM_PPC_COMPAT_CAPS_SIZE_VER0 || c.flags) {
		printf("error size %llu flags 0x%llx\n",
		       (unsigned long long)c.size, (unsigned long long)c.flags);
		return 1;
	}
	printf("0x%016llx\n", (unsigned long long)c.compat_capabilities);
	return 0;
}
