#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# linux-headers.sh OUT: what QEMU's scripts/update-linux-headers.sh makes
# of linux/kvm.h and asm-powerpc/kvm.h from the Linux release that merged
# KVM_PPC_GET_COMPAT_CAPS, as a diff against the pristine QEMU source
# (fetch-source.sh), written to OUT.
# Patch 0001 of the series is this diff with its commit message; check.sh
# compares the two, so the import stays exactly what the script produces.
#
# The Linux tree is Debian's linux-source of the kernel named 7.3 in
# kernels.conf (the same version the e2e boots), unpacked into the cache
# without the directories headers_install never reads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

out=${1:?usage: linux-headers.sh OUT}
KERNEL=${PCC_HEADERS_KERNEL:-7.3}
# shellcheck source=/dev/null
. "$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL")"
src=$("$here/fetch-source.sh")
# headers_install copies with rsync.
if ! command -v rsync >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends rsync >/dev/null ||
		die "cannot install rsync, which the kernel's headers_install needs"
fi
pcc_apt_init
series=${PCC_KVER%%-*}			# 7.3-powerpc64le -> 7.3
lsrc=$PCC_CACHE/qemu/linux-source-$PCC_KPKGVER
if [ ! -f "$lsrc/.complete" ]; then
	deb=$(pcc_fetch_deb "$PCC_KSUITE" amd64 "linux-source-$series" "$PCC_KPKGVER")
	rm -rf "$lsrc"
	mkdir -p "$lsrc"
	log "unpacking linux-source-$series $PCC_KPKGVER (headers_install's part)"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ -C "$lsrc" --strip-components=1 \
			--exclude='*/drivers' --exclude='*/fs' --exclude='*/net' \
			--exclude='*/sound' --exclude='*/Documentation' --exclude='*/tools/testing'
	touch "$lsrc/.complete"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -a "$src/." "$tmp/qemu"
# QEMU 10.0's update-linux-headers.sh stops at 7.3's x86 bootparam.h
# ("Unexpected #include", a check QEMU relaxed after 10.0), so its steps
# for the two files this series needs are done here as it does them: the
# headers_install it runs, then a plain copy of each.
make -C "$lsrc" O="$tmp/build" INSTALL_HDR_PATH="$tmp/headers" ARCH=powerpc \
	headers_install >"$tmp/log" 2>&1 || { tail -n 20 "$tmp/log" >&2; exit 1; }
(
	cd "$tmp/qemu"
	git init -q && git add -A && git -c user.name=x -c user.email=x@x commit -qm pristine
	cp "$tmp/headers/include/asm/kvm.h" linux-headers/asm-powerpc/kvm.h
	cp "$tmp/headers/include/linux/kvm.h" linux-headers/linux/kvm.h
	grep -q 'KVM_PPC_GET_COMPAT_CAPS' linux-headers/linux/kvm.h &&
		grep -q 'struct kvm_ppc_compat_caps' linux-headers/asm-powerpc/kvm.h ||
		die "Linux $series's headers lack KVM_PPC_GET_COMPAT_CAPS"
	git add -A
	git diff --cached --stat >&2
	git diff --cached
) >"$out"
