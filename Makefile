# SPDX-License-Identifier: GPL-2.0
# Front end of the product: the module (described by Kbuild), the command,
# its man pages, install, DKMS, the Debian packages and the demo. The tests
# are tests/Makefile's; the targets named in TEST_TARGETS go there.

# The one version: debian/changelog's first line. Kbuild, the command, the
# man pages, dkms.conf and the packages all take it from there.
PCC_VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
export PCC_VERSION
KERNELRELEASE ?= $(shell uname -r)
KERNELDIR ?= /lib/modules/$(KERNELRELEASE)/build
KERNEL ?= 6.12
# KERNELS="6.1 6.12": the kernels make check covers (default: all of kernels.conf)
KERNELS ?=

.PHONY: all module modules_install clean demo cross

all: module

# Native build on a ppc64le LPAR, against the running kernel's headers.
module:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules

modules_install:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules_install

demo:
	scripts/demo.sh

# Cross build for KERNEL (kernels.conf) with W=1 and sparse.
cross:
	scripts/build-module.sh $(KERNEL)

# The tests: tests/Makefile has every tier, tests/README.md says what each
# proves; make check is the one CI runs.
TEST_TARGETS := check unit style e2e bench fuzz check-tool check-nested \
	check-nested-strict check-faults check-debug check-sig check-alloc check-lpar \
	check-libvirt check-qemu mutants
.PHONY: $(TEST_TARGETS)
$(TEST_TARGETS):
	$(MAKE) -C tests $@ KERNEL="$(KERNEL)" KERNELS="$(KERNELS)"

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

.PHONY: tool tool-cross man install install-tool install-unit uninstall \
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
