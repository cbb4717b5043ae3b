# SPDX-License-Identifier: GPL-2.0
# guest.sh: how every busybox /init of the harnesses starts (sourced, as
# /guest.sh): busybox's applets, /proc, /sys and /dev mounted, and fd 3 on
# /dev/hvc1, the results' channel of their own, so that nothing the kernel
# prints on the console can pass for a result.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
exec 3>/dev/hvc1
