#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init of make check's teardown step (tests/teardown/run.sh), on the
# stock 6.12 kernel: what a load, a failed load and an unload leave behind.
# From the kernel command line: PCC_NODE_KO, the module whose cpu node
# references are counted (ppc_compat_caps.ko, or the probe keeping one:
# the negative control), PCC_NODE_ARGS its parameters (- for none),
# PCC_SQUAT=1 to also fail a load in misc_register (pcc_misc_squatter has
# the device's name) and update cpu-version after it: a notifier left
# behind would run freed code. Results on /dev/hvc1.
. /guest.sh
TAP_FD=3
. /tap.sh
SYS=/sys/class/misc/ppc_compat_caps
[ "$PCC_NODE_ARGS" = - ] && PCC_NODE_ARGS=

# refs: pcc_of_refs' count of the first cpu node's references, from a
# report this call made (an earlier count must not stand in for it). It
# refuses to stay loaded; busybox's insmod then tries again, so one call
# may report twice.
refs() {
	n0=$(dmesg | grep -c 'pcc_of_refs: .* references$')
	insmod /pcc_of_refs.ko 2>/dev/null
	dmesg | sed -n 's/.*pcc_of_refs: .*: \([0-9]*\) references$/\1/p' |
		sed -n "$((n0 + 1)),\$p" | tail -n 1
}

tap_plan refs 3
before=$(refs)
expect "load $PCC_NODE_KO" OK "$(pcc_client load "/$PCC_NODE_KO" "$PCC_NODE_ARGS")"
if [ -e $SYS/rescan ]; then
	expect "rescan (reads the node again)" OK "$(pcc_client write $SYS/rescan 1)"
else
	expect "no rescan file (the probe)" absent "$([ -e $SYS/rescan ] && echo present || echo absent)"
fi
expect "unload" OK "$(pcc_client unload "${PCC_NODE_KO%.ko}")"
after=$(refs)
echo "# refs ${before:-none} ${after:-none}" >&3
# The count itself is judged by run.sh: equal, or one more for the probe.

if [ "$PCC_SQUAT" = 1 ]; then
	tap_plan squat 7
	expect "the squatter takes the device's name" OK "$(pcc_client load /pcc_misc_squatter.ko "")"
	expect "the module's load fails in misc_register" EEXIST \
		"$(pcc_client load /ppc_compat_caps.ko "")"
	expect "its one line says so" 1 \
		"$(dmesg | grep -c 'ppc_compat_caps: cannot register /dev/ppc_compat_caps: -EEXIST')"
	expect "nothing of the module left" "0 absent" \
		"$(grep -c '^ppc_compat_caps ' /proc/modules) $([ -d /sys/module/ppc_compat_caps ] && echo present || echo absent)"
	# sysfs' own report of the duplicate name, with its stack, is the
	# kernel's, expected: the log is judged from here on.
	dmesg -c >/dev/null
	expect "the squatter unloads" OK "$(pcc_client unload pcc_misc_squatter)"
	expect "a cpu-version update runs no notifier of the failed load" "OK uevents=0 mask=-" \
		"$(pcc_client set-cpu-version 0x0f000006 | tr '\n' ' ' | sed 's/ $//')"
	expect "and the module loads after it" OK "$(pcc_client load /ppc_compat_caps.ko "")"
fi
echo "# dmesg-begin" >&3
dmesg >&3
echo "# dmesg-end" >&3
echo "# done" >&3
poweroff -f
