#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# /init of the nested (L2) guest: say which compatibility mode the guest's
# CPUs were given and power off. cpu-version is the logical PVR the L1's
# QEMU negotiated with this kernel (0x0f000006 = Power10 mode); it is a
# 4-byte big-endian property. The "pcc-l2:" prefix is what the L1 looks for
# in this guest's console.
/bin/busybox mount -t proc proc /proc
# /proc/device-tree is a link into sysfs.
/bin/busybox mount -t sysfs sys /sys
# The boot banner may leave the console mid-line.
echo
for f in /proc/device-tree/cpus/*/cpu-version; do
	[ -e "$f" ] || continue
	v=$(/bin/busybox od -An -tx1 "$f" | /bin/busybox tr -d ' \n')
	echo "pcc-l2: cpu-version 0x$v"
done
echo "pcc-l2: $(/bin/busybox grep -m1 '^cpu' /proc/cpuinfo)"
echo "pcc-l2: cpus $(/bin/busybox grep -c '^processor' /proc/cpuinfo)," \
	"nodes $(/bin/busybox ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | /bin/busybox wc -l)"
echo "pcc-l2: uptime $(/bin/busybox cut -d' ' -f1 /proc/uptime)"
echo "pcc-l2: done"
/bin/busybox poweroff -f
