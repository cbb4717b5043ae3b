// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for the host tests of ppc-compat-caps: answers
 * PPC_COMPAT_CAPS_GET the way the module would, without a module, and
 * KVM's KVM_CHECK_EXTENSION, KVM_CREATE_VM and KVM_PPC_GET_COMPAT_CAPS the
 * way Linux 7.3's KVM would, without KVM.
 *
 *   PCC_FAKE_IOCTL="mask=0x6000000000000000"   success, size 24
 *   PCC_FAKE_IOCTL="mask=0x...,size=16"        success with a bad size
 *   PCC_FAKE_IOCTL="mask=0x...,flags=1"        success with flags set
 *   PCC_FAKE_IOCTL="errno=25"                  fails with that errno
 *   PCC_FAKE_KVM, the same words for KVM_PPC_GET_COMPAT_CAPS, and
 *     "nocap" (KVM_CHECK_EXTENSION says 0) or "novm=N" (KVM_CREATE_VM
 *     fails with errno N)
 *
 * The caller's struct is checked as the module and KVM check it (flags 0,
 * size first: _IOC_SIZE for the module, KVM_PPC_COMPAT_CAPS_SIZE_VER0 for
 * KVM): a tool that sent anything else gets EINVAL. Only regular files are
 * faked: any other file (/dev/null, say) and any other request go to the
 * real ioctl().
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvm_compat.h"
#include "ppc_compat_caps.h"

static unsigned long long field(const char *spec, const char *name,
				unsigned long long def)
{
	const char *p = strstr(spec, name);

	return p ? strtoull(p + strlen(name), NULL, 0) : def;
}

int ioctl(int fd, unsigned long req, ...)
{
	int (*real)(int rfd, unsigned long rreq, ...);
	const char *spec = getenv("PCC_FAKE_IOCTL");
	struct ppc_compat_caps *c;
	struct stat st;
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);

	if (req == KVM_CHECK_EXTENSION || req == KVM_CREATE_VM || req == KVM_PPC_GET_COMPAT_CAPS)
		spec = getenv("PCC_FAKE_KVM");
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		spec = NULL;
	if (spec && req == KVM_CHECK_EXTENSION)
		return (unsigned long)arg == KVM_CAP_PPC_COMPAT_CAPS && !strstr(spec, "nocap");
	if (spec && req == KVM_CREATE_VM && strstr(spec, "novm=")) {
		errno = (int)field(spec, "novm=", EINVAL);
		return -1;
	}
	if (spec && req == KVM_CREATE_VM)
		return dup(fd);
	if (spec && req == KVM_PPC_GET_COMPAT_CAPS) {
		struct kvm_ppc_compat_caps *k = arg;

		if (strstr(spec, "errno=")) {
			errno = (int)field(spec, "errno=", EIO);
			return -1;
		}
		if (k->flags || k->size != KVM_PPC_COMPAT_CAPS_SIZE_VER0) {
			errno = EINVAL;
			return -1;
		}
		k->flags = field(spec, "flags=", 0);
		k->size = field(spec, "size=", KVM_PPC_COMPAT_CAPS_SIZE_VER0);
		k->compat_capabilities = field(spec, "mask=", 0);
		return 0;
	}
	if (spec && req == PPC_COMPAT_CAPS_GET) {
		c = arg;
		if (strstr(spec, "errno=")) {
			errno = (int)field(spec, "errno=", EIO);
			return -1;
		}
		if (c->flags || c->size != _IOC_SIZE(req)) {
			errno = EINVAL;
			return -1;
		}
		c->flags = field(spec, "flags=", 0);
		c->size = field(spec, "size=", PPC_COMPAT_CAPS_SIZE_VER0);
		c->compat_capabilities = field(spec, "mask=", 0);
		return 0;
	}
	real = (int (*)(int rfd, unsigned long rreq, ...))dlsym(RTLD_NEXT,
							   "ioctl");
	return real(fd, req, arg);
}
