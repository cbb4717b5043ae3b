# SPDX-License-Identifier: GPL-2.0
# Front end. The module itself is described by Kbuild; this file only drives
# native builds, the cross-built tests and the demo.

# The one version: debian/changelog's first line. Kbuild, the command, the
# man pages, dkms.conf and the packages all take it from there.
PCC_VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
export PCC_VERSION
KERNELRELEASE ?= $(shell uname -r)
KERNELDIR ?= /lib/modules/$(KERNELRELEASE)/build
KERNEL ?= 6.12
# KERNELS="6.1 6.12": the kernels make check covers (default: all of kernels.conf)
KERNELS ?=
HOSTCC ?= cc
UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Isrc -Isrc/host -Iinclude/uapi -Itests/unit -Itests/lib
LOGIC := src/modes.c src/hcall_status.c src/request.c
STYLE_FILES := src/*.c src/*.h include/uapi/*.h

.PHONY: all module modules_install clean check demo unit style cross e2e fuzz bench

all: module

# Native build on a ppc64le LPAR, against the running kernel's headers.
module:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules

modules_install:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules_install

check:
	KERNELS="$(KERNELS)" scripts/check.sh

demo:
	scripts/demo.sh

unit: build/unit/test_logic
	build/unit/test_logic

build/unit/test_logic: tests/unit/test_logic.c tests/unit/user_mem.c \
		tests/unit/request_k32.c tests/unit/*.h src/host/kernel_shim.h tests/lib/tap.h $(LOGIC) src/caps_logic.h \
		include/uapi/*.h
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ tests/unit/test_logic.c tests/unit/user_mem.c \
		tests/unit/request_k32.c $(LOGIC)

style:
	perl "$$(scripts/fetch-checkpatch.sh)/checkpatch.pl" --strict --no-tree \
		--terse --show-types -f $(STYLE_FILES)
	@echo "checkpatch --strict: clean"

# What one answer costs, as ratios within one emulated run.
bench:
	tests/bench/run.sh

# libFuzzer on the pure logic: make fuzz FUZZ_SECONDS=600 (check runs 20 s).
FUZZ_SECONDS ?= 300
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# Cross build for KERNEL (kernels.conf) with W=1 and sparse, and its
# end-to-end scenarios in QEMU.
cross:
	scripts/build-module.sh $(KERNEL)

e2e:
	tests/e2e/run.sh -k $(KERNEL)

# Nested guests: the host's QEMU (L0) runs an L1 with kvm-hv, the module and
# Debian's ppc64el QEMU, which boots an L2; the L2's mode must be one the
# module reports.
.PHONY: check-nested
check-nested:
	tests/nested/run.sh

# The same with a strict L0 (Debian's QEMU source with
# tests/nested/qemu-l0-strict.patch, built once into the cache): the L2 of
# the bug scenario is refused as on PowerVM, the others boot.
.PHONY: check-nested-strict
check-nested-strict:
	tests/nested/run.sh --strict

# Faults survived: the L1 under an L0 whose H_GUEST_GET_CAPABILITIES fails
# on demand (busy, long busy, H_HARDWARE, H_PARAMETER, H_FUNCTION, a
# smaller offer) at load and at rescan. tests/faults/run.sh says how.
.PHONY: check-faults
check-faults:
	tests/faults/run.sh

# The module, its KUnit suites and e2e scenarios on a debug kernel (KASAN,
# kmemleak, lockdep, UBSAN), cross-built from Debian's linux-source into
# the cache; tests/debug/check-debug.sh says how.
.PHONY: check-debug
check-debug:
	tests/debug/check-debug.sh

# Secure Boot as Debian's kernels allow it: module.sig_enforce=1 and
# lockdown=integrity refuse the unsigned module and one signed with a key
# of DKMS's kind, and ppc-compat-caps names the setting; a module signed
# with a key the kernel trusts (the debug kernel's build key) loads.
# tests/sig/run.sh says how.
.PHONY: check-sig
check-sig:
	tests/sig/run.sh

# check-debug's allocation-failure stage alone: every allocation that load,
# the ioctl, a sysfs read, rescan, a device-tree update and unload reach
# fails once, on the debug kernel (failslab, fail_page_alloc, fail-nth).
.PHONY: check-alloc
check-alloc:
	tests/debug/check-debug.sh --only alloc

# The packages on real Debian LPARs, bookworm (dkms 3.0) and sid (dkms
# 3.2), driven by the README's own commands: install, kernel upgrade
# through the metapackage, package upgrade, a kernel without headers, a
# PowerNV host, autopkgtest, remove, purge (tests/lpar/run.sh says how;
# each image is built once into the cache).
.PHONY: check-lpar
check-lpar:
	tests/lpar/run.sh bookworm
	tests/lpar/run.sh sid

# libvirt on that LPAR (sid's libvirt and QEMU): virsh starts a nested guest
# bare and after ppc-compat-caps-libvirt; then what bookworm's libvirt does.
# tests/libvirt/run.sh says how.
.PHONY: check-libvirt
check-libvirt:
	tests/libvirt/run.sh sid
	tests/libvirt/run.sh bookworm

# Deliberate bugs in src/, each on a copy of the tree: every one must make
# a tier fail (unit, check-tool, the W=1 build, e2e on 6.12, check-faults); the report
# names the tier that caught it. tests/mutants/run.sh says how.
.PHONY: mutants
mutants:
	tests/mutants/run.sh

# What a native build (make module) leaves is kbuild's to clean; the rest
# is in build/.
clean:
	rm -rf build
	if [ -d "$(KERNELDIR)" ]; then $(MAKE) -C $(KERNELDIR) M=$(CURDIR) clean; fi

# The ppc-compat-caps command (tools/), its man pages, install/uninstall.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
INCLUDEDIR ?= $(PREFIX)/include
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
TOOL_CROSS_CC ?= powerpc64le-linux-gnu-gcc
TOOL_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Isrc -Isrc/host -Iinclude/uapi \
	-DPCC_VERSION='"$(PCC_VERSION)"'
TOOL_SRC := tools/ppc-compat-caps.c src/modes.c
TOOL_DEPS := $(TOOL_SRC) tools/kvm_compat.h src/caps_logic.h src/host/kernel_shim.h \
	include/uapi/ppc_compat_caps.h debian/changelog
# TOOL_CROSS_UAPI=DIR: kernel uapi headers with KVM_PPC_GET_COMPAT_CAPS (Linux
# 7.3's, scripts/fetch-uapi.sh 7.3) for the static ppc64le command, so that it
# asks KVM through the kernel's own definitions, not tools/kvm_compat.h's.
TOOL_CROSS_UAPI ?=
MAN_PAGES := build/man/ppc-compat-caps.1 build/man/ppc-compat-caps-libvirt.1 \
	build/man/ppc_compat_caps.4

.PHONY: tool tool-cross man check-tool install install-tool install-unit uninstall \
	dkms-source dkms-install deb

# CC, CPPFLAGS, CFLAGS and LDFLAGS as the caller (dpkg-buildflags, a cross
# build) sets them; ours come after theirs.
tool: build/tool/ppc-compat-caps

build/tool/ppc-compat-caps: $(TOOL_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(TOOL_CFLAGS) $(LDFLAGS) -o $@ $(TOOL_SRC)

# The man pages with the version filled in.
man: $(MAN_PAGES)

build/man/%: man/% debian/changelog
	@mkdir -p $(@D)
	sed 's/@VERSION@/$(PCC_VERSION)/g' $< > $@

# Static, for a ppc64le LPAR or the e2e guest.
tool-cross: build/tool/ppc64le/ppc-compat-caps

build/tool/ppc64le/ppc-compat-caps: $(TOOL_DEPS)
	@mkdir -p $(@D)
	$(TOOL_CROSS_CC) -static $(TOOL_CFLAGS) \
		$(if $(TOOL_CROSS_UAPI),-I$(TOOL_CROSS_UAPI) -I$(TOOL_CROSS_UAPI)/powerpc64le-linux-gnu) \
		-o $@ $(TOOL_SRC)

check-tool:
	tests/tool/run.sh

# install-tool: what the ppc-compat-caps and -dev packages hold; install:
# that, the systemd unit and the module for KERNELDIR.
install-tool: tool man
	install -D -m 0755 build/tool/ppc-compat-caps $(DESTDIR)$(BINDIR)/ppc-compat-caps
	install -D -m 0755 integrations/libvirt/ppc-compat-caps-libvirt \
		$(DESTDIR)$(BINDIR)/ppc-compat-caps-libvirt
	install -D -m 0644 build/man/ppc-compat-caps.1 $(DESTDIR)$(MANDIR)/man1/ppc-compat-caps.1
	install -D -m 0644 build/man/ppc-compat-caps-libvirt.1 \
		$(DESTDIR)$(MANDIR)/man1/ppc-compat-caps-libvirt.1
	install -D -m 0644 build/man/ppc_compat_caps.4 $(DESTDIR)$(MANDIR)/man4/ppc_compat_caps.4
	install -D -m 0644 include/uapi/ppc_compat_caps.h $(DESTDIR)$(INCLUDEDIR)/ppc_compat_caps.h

# ppc-compat-caps.service loads the module at boot on a pseries LPAR
# (systemctl enable --now ppc-compat-caps); the Debian package installs it
# through dh_installsystemd instead.
install-unit:
	install -D -m 0644 systemd/ppc-compat-caps.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/ppc-compat-caps.service

install: install-tool install-unit
	@if [ -d "$(KERNELDIR)" ]; then \
		$(MAKE) module && \
		$(MAKE) -C $(KERNELDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) modules_install && \
		if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KERNELRELEASE)"; depmod -a $(KERNELRELEASE); fi; \
	else \
		echo "install: no kernel build directory $(KERNELDIR): module not installed (install linux-headers, set KERNELDIR, or use DKMS)"; \
	fi

# The module's source as DKMS wants it, in DKMS_SRC/ppc-compat-caps-VERSION
# (dkms.conf with its version); dkms-install adds, builds and installs it.
DKMS_SRC ?= /usr/src
DKMS_DIR = $(DESTDIR)$(DKMS_SRC)/ppc-compat-caps-$(PCC_VERSION)

dkms-source:
	install -d $(DKMS_DIR)/src $(DKMS_DIR)/include/uapi
	install -m 0644 Kbuild $(DKMS_DIR)/
	install -m 0644 src/*.c src/*.h $(DKMS_DIR)/src/
	install -m 0644 include/uapi/*.h $(DKMS_DIR)/include/uapi/
	sed 's/#MODULE_VERSION#/$(PCC_VERSION)/' dkms.conf > $(DKMS_DIR)/dkms.conf

dkms-install: dkms-source
	dkms install ppc-compat-caps/$(PCC_VERSION)

# The Debian packages, cross-built for ppc64el in a bookworm chroot, into
# build/deb, and lintian on them.
deb:
	scripts/build-deb.sh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ppc-compat-caps \
		$(DESTDIR)$(BINDIR)/ppc-compat-caps-libvirt \
		$(DESTDIR)$(MANDIR)/man1/ppc-compat-caps.1 \
		$(DESTDIR)$(MANDIR)/man1/ppc-compat-caps-libvirt.1 \
		$(DESTDIR)$(MANDIR)/man4/ppc_compat_caps.4 \
		$(DESTDIR)$(INCLUDEDIR)/ppc_compat_caps.h \
		$(DESTDIR)$(SYSTEMDUNITDIR)/ppc-compat-caps.service
	@for d in $(DESTDIR)/lib/modules/$(KERNELRELEASE) $(DESTDIR)/usr/lib/modules/$(KERNELRELEASE); do \
		for f in $$d/updates/ppc_compat_caps.ko* $$d/extra/ppc_compat_caps.ko*; do \
			[ ! -e "$$f" ] || { echo "rm -f $$f"; rm -f "$$f"; }; \
		done; \
	done
	@if [ -z "$(DESTDIR)" ] && [ -d /lib/modules/$(KERNELRELEASE) ]; then \
		echo "depmod -a $(KERNELRELEASE)"; depmod -a $(KERNELRELEASE); \
	fi

# The QEMU series of integrations/qemu/: QEMU's checkpatch, the series
# cross-built into a ppc64el qemu-system-ppc64 (cached, see build.sh), and
# a nested L2 booted by the stock and by the patched L1 QEMU on -cpu host.
.PHONY: check-qemu
check-qemu:
	integrations/qemu/check.sh
