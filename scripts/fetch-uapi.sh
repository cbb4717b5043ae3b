#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fetch-uapi.sh NAME: the uapi headers of the kernel NAME of kernels.conf,
# as userspace gets them (Debian's linux-libc-dev of the same version: the
# kernel's `make headers_install`), unpacked into the cache; prints the
# include directory. Userspace helpers that use the kernel's own ioctls
# (tests/e2e/pcc_kvm_oracle.c) build against it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: fetch-uapi.sh NAME}
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$name")
# shellcheck source=/dev/null
. "$env"
dir=$PCC_CACHE/kernels/$name/uapi-$PCC_KPKGVER
if [ ! -f "$dir/.complete" ]; then
	pcc_apt_init
	deb=
	for arch in all ppc64el; do
		deb=$(pcc_fetch_deb "$PCC_KSUITE" "$arch" linux-libc-dev "$PCC_KPKGVER" 2>/dev/null) && break
	done
	[ -n "$deb" ] || die "no linux-libc-dev $PCC_KPKGVER in $PCC_KSUITE"
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg-deb -x "$deb" "$dir"
	touch "$dir/.complete"
fi
echo "$dir/usr/include"
