#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# l1-base.sh QEMU_ROOT: the large, rarely changing part of the L1's
# initramfs, as a newc cpio archive cached in $PCC_CACHE; prints its path.
# Beside it, BASE.load-order names the kernel modules to insmod, in order.
#
# It holds busybox, the 6.12 kernel's kvm and kvm-hv modules (and whatever
# they depend on), the ppc64el QEMU root of qemu-root.sh, and the L2: the
# same kernel and a tiny initramfs whose /init reports its cpu-version.
# The key covers the kernel's and the QEMU packages' versions and the L2's
# init, so that a change to any of them builds a new base.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

qroot=${1:?usage: l1-base.sh QEMU_ROOT}
[ -f "$qroot/.complete" ] || die "$qroot is not a complete QEMU root"
kenv=$("$PCC_TOP/scripts/fetch-kernel.sh" 6.12)
# shellcheck source=/dev/null
. "$kenv"

key=$({
	echo "$PCC_KVER $PCC_KPKGVER"
	sha256sum <"$PCC_BUSYBOX"
	cat "$qroot/.packages"
	sha256sum <"$here/l2-init.sh"
} | sha256sum | cut -c1-16)
base=$PCC_CACHE/nested/l1-base-$key.cpio
if [ -f "$base" ] && [ -f "$base.load-order" ]; then
	echo "$base"
	exit 0
fi

tmp=$PCC_CACHE/nested/l1-base-$key.d
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
cp "$PCC_KVMLINUX" "$tmp/l1/l2/vmlinux"

(cd "$tmp/l1" && find . | cpio -o -H newc --quiet) > "$base.tmp"
printf '%s\n' "${order[@]}" > "$base.load-order"
mv "$base.tmp" "$base"
# Older bases are of no further use: 110 MB each.
find "$PCC_CACHE/nested" -maxdepth 1 -name 'l1-base-*.cpio*' ! -name "${base##*/}*" -delete
rm -rf "$tmp"
log "L1 base: $(du -h "$base" | cut -f1), modules: ${order[*]}"
echo "$base"
