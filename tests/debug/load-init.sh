#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init (rdinit=/load-init.sh) of the debug kernel's one-module boots:
# a detector probe (tests/debug/probe) or the KUnit suites (tests/kunit).
# From the kernel command line: PCC_LOAD_KO, the module; PCC_LOAD_ARGS, its
# parameters (- for none); PCC_KMEMLEAK=scan to ask kmemleak after loading.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
exec 3>/dev/hvc1
. /guest-lib.sh
pcc_mount_debugfs

[ "$PCC_LOAD_ARGS" = - ] && PCC_LOAD_ARGS=
# shellcheck disable=SC2086 # the parameters are words
if out=$(insmod "/$PCC_LOAD_KO" $PCC_LOAD_ARGS 2>&1); then
	echo "# insmod $PCC_LOAD_KO: OK" >&3
else
	echo "# insmod $PCC_LOAD_KO: $out" >&3
fi
[ "$PCC_KMEMLEAK" != scan ] || pcc_kmemleak_scan
pcc_report
poweroff -f
