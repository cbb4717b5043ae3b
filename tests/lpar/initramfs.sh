#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh KERNEL OUT: a busybox initramfs for the kernel KERNEL of
# kernels.conf that mounts the Debian root disk (LABEL=root) and hands over
# to its systemd, or runs debootstrap's second stage in it.
#
# Why not the guest's own initramfs-tools: the LPAR boots like a -kernel
# LPAR (QEMU loads the kernel the guest installed, read out of its disk);
# update-initramfs would cost ~600 s of TCG per kernel for an image that is
# never booted. The modules come from the same Debian package the guest
# installs, decompressed, in modprobe's dependency order.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

kernel=${1:?usage: initramfs.sh KERNEL OUT}
out=${2:?usage: initramfs.sh KERNEL OUT}
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$kernel")
. "$env"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,newroot,modules}
cp "$PCC_BUSYBOX" "$root/bin/busybox"
cp "$PCC_TOP/tests/lpar/initramfs-init.sh" "$root/init"
chmod 755 "$root/init"

mods=${PCC_KMODDIR%/lib/modules/*}
[ -f "$PCC_KMODDIR/modules.dep" ] || depmod -b "$mods" "$PCC_KVER" ||
	die "depmod of $PCC_KVER failed"
n=0
# Each of these is a module or built in, by kernel: virtio_pci is a module
# on 6.1, built in on 6.12 and 7.x; ext4 and virtio_blk are modules. A
# built-in one needs nothing (sid's package has no modules.builtin for
# depmod's index: the headers' .config says which).
: > "$root/deps"
for m in virtio_pci:VIRTIO_PCI virtio_blk:VIRTIO_BLK ext4:EXT4_FS; do
	grep -q "^CONFIG_${m#*:}=y$" "$PCC_KHDR/.config" && continue
	modprobe -d "$mods" -S "$PCC_KVER" --show-depends "${m%%:*}" >> "$root/deps" ||
		die "modprobe --show-depends ${m%%:*} failed for $PCC_KVER"
done
while read -r what path _; do
	[ "$what" = insmod ] || continue
	f=${path##*/}
	f=${f%.xz}
	f=${f%.zst}
	[ -e "$root/modules/$f" ] && continue
	case $path in
	*.xz) xz -dc "$path" > "$root/modules/$f" ;;
	*.zst) zstd -qdc "$path" > "$root/modules/$f" ;;
	*) cp "$path" "$root/modules/$f" ;;
	esac
	echo "$f" >> "$root/modules/order"
	n=$((n + 1))
done < "$root/deps"
[ "$n" -gt 0 ] && grep -q '^ext4\.ko$' "$root/modules/order" ||
	die "no ext4 module for $PCC_KVER"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
