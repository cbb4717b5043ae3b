# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# Shared by the debug kernel's guest /init scripts (sourced by busybox sh):
# kmemleak's verdict and the end-of-boot report on fd 3 (/dev/hvc1).

# debugfs apart from /sys: tests/e2e/init.sh mounts sysfs over /sys again,
# which would hide a debugfs mounted under it.
DBG=/debug

pcc_mount_debugfs() {
	mkdir -p $DBG
	mount -t debugfs debugfs $DBG
}

# kmemleak reports an object only once it is older than 5 s and unchanged
# between two scans: wait, then scan twice.
pcc_kmemleak_scan() {
	sleep 6
	if echo scan > $DBG/kmemleak && echo scan > $DBG/kmemleak; then
		echo "# kmemleak scanned" >&3
	else
		echo "# kmemleak scan failed" >&3
	fi
}

# What the checker reads: kmemleak's reports, whether lockdep was still
# on at the end (a report or an exhausted table turns it off for good), the
# whole kernel log, and a last line that proves the guest got this far.
pcc_report() {
	echo "# kmemleak-begin" >&3
	cat $DBG/kmemleak >&3 2>&1
	echo "# kmemleak-end" >&3
	echo "# lockdep debug_locks: $(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats)" >&3
	echo "# dmesg-begin" >&3
	dmesg >&3
	echo "# dmesg-end" >&3
	echo "# debug-done" >&3
}
