#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init (rdinit=/node-init.sh) of check-debug's device-tree node
# boots: is every node reference the module takes put again? pcc_of_refs
# says how many references the first cpu node (the one the module reads)
# holds, before PCC_NODE_KO is loaded (PCC_NODE_ARGS: its parameters, - for
# none), asked to rescan when it has a rescan file (it reads the node
# again) and unloaded, and after. Steps go to /dev/hvc1 as "# node STEP:
# RESULT" lines, the last "# node refs: BEFORE AFTER".
# A cpu node added and removed at run time (as DLPAR does) would not do:
# on 6.12 it is never freed even with no module loaded (kmemleak reports
# it), so a leak of ours would hide among the kernel's.
. /guest.sh
. /guest-lib.sh
pcc_mount_debugfs

SYS=/sys/class/misc/ppc_compat_caps
[ "$PCC_NODE_ARGS" = - ] && PCC_NODE_ARGS=
step() { echo "# node $1: $2" >&3; }

# refs: pcc_of_refs' count, from a report this call made (empty when it
# made none: an earlier count must not stand in for it). The module
# refuses to stay loaded (EAGAIN); busybox's insmod then tries again with
# init_module, so one call may report twice.
refs() {
	n0=$(dmesg | grep -c 'pcc_of_refs: .* references$')
	insmod /pcc_of_refs.ko 2>/dev/null
	dmesg | sed -n 's/.*pcc_of_refs: .*: \([0-9]*\) references$/\1/p' |
		sed -n "$((n0 + 1)),\$p" | tail -n 1
}

before=$(refs)
# shellcheck disable=SC2086 # the parameters are words
step insmod "$(insmod "/$PCC_NODE_KO" $PCC_NODE_ARGS 2>&1 && echo OK)"
if [ -e $SYS/rescan ]; then
	step rescan "$(echo 1 > $SYS/rescan 2>&1 && echo OK)"
fi
step rmmod "$(rmmod "${PCC_NODE_KO%.ko}" 2>&1 && echo OK)"
after=$(refs)
step refs "${before:-none} ${after:-none}"
pcc_kmemleak_scan
pcc_report
poweroff -f
