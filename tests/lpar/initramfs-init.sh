#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the LPAR's initramfs: load the root disk's modules, mount
# LABEL=root and start its systemd; with pcc_setup=second-stage on the
# command line, run debootstrap's second stage and pcc-guest-setup in it
# instead (the pcc disk at /mnt/pcc) and power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r m; do
	insmod "/modules/$m" || echo "initramfs: insmod $m failed"
done < /modules/order

dev=
for i in $(seq 1 100); do
	dev=$(findfs LABEL=root 2>/dev/null) && break
	sleep 0.1
done
[ -n "$dev" ] || { echo "initramfs: no disk labelled root"; poweroff -f; }
mount -t ext4 -o rw "$dev" /newroot || { echo "initramfs: cannot mount $dev"; poweroff -f; }

case " $(cat /proc/cmdline) " in
*" pcc_setup=second-stage "*)
	chroot /newroot /debootstrap/debootstrap --second-stage
	echo "pcc-second-stage rc=$?"
	umount /newroot/proc /newroot/sys 2>/dev/null
	mkdir -p /newroot/mnt/pcc
	mount -t ext4 -o ro "$(findfs LABEL=pcc)" /newroot/mnt/pcc &&
		mount --bind /dev /newroot/dev &&
		chroot /newroot /usr/local/sbin/pcc-guest-setup
	umount /newroot/dev /newroot/mnt/pcc
	sync
	umount /newroot
	poweroff -f
	;;
esac
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
