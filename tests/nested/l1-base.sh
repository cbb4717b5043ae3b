#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# l1-base.sh QEMU_ROOT [KERNEL]: the large, rarely changing part of the
# L1's initramfs for KERNEL (kernels.conf; default 6.12), as a newc cpio
# archive cached in $PCC_CACHE; prints its path.
# Beside it, BASE.load-order names the kernel modules to insmod, in order.
#
# It holds busybox, the kernel's kvm and kvm-hv modules (and whatever
# they depend on), the ppc64el QEMU root of qemu-root.sh, and the L2: the
# same kernel and a tiny initramfs whose /init reports its cpu-version.
# The key covers the kernel's and the QEMU packages' versions and the L2's
# init, so that a change to any of them builds a new base.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

qroot=${1:?usage: l1-base.sh QEMU_ROOT [KERNEL [L2_KERNEL]]}
kernel=${2:-6.12}
l2kernel=${3:-$kernel}
l2vmlinux=$(. "$("$PCC_TOP/scripts/fetch-kernel.sh" "$l2kernel")" && echo "$PCC_KVMLINUX")
[ -f "$qroot/.complete" ] || die "$qroot is not a complete QEMU root"
kenv=$("$PCC_TOP/scripts/fetch-kernel.sh" "$kernel")
# shellcheck source=/dev/null
. "$kenv"

key=$({
	echo "$PCC_KVER $PCC_KPKGVER L2 $l2vmlinux"
	sha256sum <"$PCC_BUSYBOX"
	cat "$qroot/.packages"
	sha256sum <"$here/l2-init.sh"
} | sha256sum | cut -c1-16)
base=$PCC_CACHE/nested/l1-base-$kernel-L2-$l2kernel-$key.cpio
if [ -f "$base" ] && [ -f "$base.load-order" ]; then
	echo "$base"
	exit 0
fi

tmp=$PCC_CACHE/nested/l1-base-$kernel-L2-$l2kernel-$key.d
rm -rf "$tmp"
mkdir -p "$tmp/l1/bin" "$tmp/l1/lib/modules" "$tmp/l1/l2" "$tmp/l2/bin" "$tmp/l2/proc" "$tmp/l2/sys" "$tmp/l2/dev"

# The modules KVM needs, dependencies first.
kvm=$("$PCC_TOP/scripts/kvm-modules.sh" "$kenv" "$tmp/l1/lib/modules")
mapfile -t order <<<"$kvm"

cp "$PCC_BUSYBOX" "$tmp/l1/bin/busybox"
cp -a "$qroot/." "$tmp/l1/"
rm -f "$tmp/l1/.packages" "$tmp/l1/.complete"

cp "$PCC_BUSYBOX" "$tmp/l2/bin/busybox"
install -m 0755 "$here/l2-init.sh" "$tmp/l2/init"
(cd "$tmp/l2" && find . | cpio -o -H newc --quiet) > "$tmp/l1/l2/initrd.cpio"
cp "$l2vmlinux" "$tmp/l1/l2/vmlinux"

(cd "$tmp/l1" && find . | cpio -o -H newc --quiet) > "$base.tmp"
printf '%s\n' "${order[@]}" > "$base.load-order"
mv "$base.tmp" "$base"
# Older bases of this kernel are of no further use: 110 MB each.
find "$PCC_CACHE/nested" -maxdepth 1 -name "l1-base-$kernel-L2-$l2kernel-*.cpio*" ! -name "${base##*/}*" -delete
find "$PCC_CACHE/nested" -maxdepth 1 -name 'l1-base-????????????????.cpio*' -delete
rm -rf "$tmp"
log "L1 base: $(du -h "$base" | cut -f1), modules: ${order[*]}"
echo "$base"
