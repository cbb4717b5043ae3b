#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init (rdinit=/alloc-init.sh) of check-debug's allocation-failure
# boot. For each operation on the module, the Nth slab or page allocation
# made by its system calls fails (pcc_client nth N, fail-nth), for N = 1,
# 2, ... until the operation makes fewer than N: every allocation it
# reaches has failed once. After each try the module must be whole (its
# device, sysfs and ioctl give the answer of the rules) or, after a load
# that failed or an unload, gone: no device node, no sysfs directory, not in
# /proc/modules, and a device-tree update, which would run a notifier left
# behind, goes through. The kernel's own reports (oops, WARN with
# panic_on_warn=1, lockdep, KASAN, kmemleak) are judged by check-debug.sh
# from the log, where "pcc-alloc: OP nth=N" lines mark each try.
# From the kernel command line: PCC_V2_MASK and PCC_V2_NAMES ("_" for
# spaces) with backend auto (nested API v2 here), PCC_V1_MASK with
# backend=nested-v1, PCC_P9_MASK (nested-v1 after cpu-version moves to
# Power9 mode).
. /guest.sh
TAP_FD=3
. /tap.sh
. /guest-lib.sh
pcc_mount_debugfs

SYS=/sys/class/misc/ppc_compat_caps
KO=/ppc_compat_caps.ko
# No operation here comes near this many allocations (load: ~340).
MAX=${PCC_ALLOC_MAX:-20000}
P10=0x0f000006
P9=0x0f000005
PCC_V2_NAMES=$(echo "$PCC_V2_NAMES" | tr _ ' ')

# Every allocation may fail, not only those that cannot sleep (the
# defaults): ours are GFP_KERNEL. fail-nth needs nothing else.
setup=OK
for f in failslab/ignore-gfp-wait fail_page_alloc/ignore-gfp-wait \
	fail_page_alloc/ignore-gfp-highmem; do
	echo N > $DBG/$f || setup="cannot write $f"
done
echo 0 > $DBG/fail_page_alloc/min-order || setup="cannot write min-order"
expect "fault injection set up for every allocation" OK "$setup"

# gone: why the module is not wholly absent, or nothing.
gone() {
	[ ! -e /dev/ppc_compat_caps ] || echo "/dev/ppc_compat_caps left"
	[ ! -e $SYS ] || echo "$SYS left"
	! grep -q '^ppc_compat_caps ' /proc/modules || echo "still in /proc/modules"
	# A notifier left behind would run freed code here.
	r=$(pcc_client touch-cpu-version $P10)
	[ "$r" = OK ] || echo "cpu-version update: $r"
}

# whole MASK: why the loaded module does not answer MASK, or nothing.
whole() {
	r=$(cat $SYS/compat_caps_mask 2>&1)
	[ "$r" = "$1" ] || echo "compat_caps_mask $r"
	r=$(pcc_client get)
	[ "$r" = "$1" ] || echo "ioctl $r"
}

# try OP N CMD...: run CMD with its Nth allocation failing; sets $res (its
# output), $fault (injected or unreached) and $bad (what is wrong, if
# anything, with the result itself).
try() {
	echo "pcc-alloc: $1 nth=$2" > /dev/kmsg
	shift
	out=$(pcc_client nth "$@")
	rc=$?
	fault=$(echo "$out" | tail -n 1)
	fault=${fault#fault=}
	res=$(echo "$out" | sed '$d' | tr '\n' ' ' | sed 's/ $//')
	bad=
	[ "$rc" -ne 3 ] || bad="fail-nth did not work"
	[ "$fault" = injected ] || [ "$fault" = unreached ] || bad="no fault= line: $out"
}

# verdict OP N WHY: one case per try.
verdict() {
	why=$(echo "$3" | tr '\n' ';' | sed 's/;$//')
	if [ -z "$why" ]; then
		ok "$1 nth=$2 ($fault): $res"
	else
		notok "$1 nth=$2 ($fault): $res # $why"
	fi
}

# loop OP BODY: BODY N for N = 1, 2, ... until a try is not reached; BODY
# sets $fault. The last line says how many allocations failed.
loop() {
	n=1
	while [ $n -le $MAX ]; do
		$2 $n
		[ "$fault" = injected ] || break
		n=$((n + 1))
	done
	if [ "$fault" = unreached ] && [ $n -gt 1 ]; then
		ok "$1: each of its $((n - 1)) allocations failed once"
	else
		notok "$1: not exhausted after $n tries (last: $fault)"
	fi
	echo "# alloc-op $1 $((n - 1))" >&3
}

load_v2() { pcc_client load $KO >/dev/null; }
load_v1() { pcc_client load $KO backend=nested-v1 >/dev/null; }
unload() { pcc_client unload >/dev/null; }

# load: whole with the right answer, or nothing left.
t_load() {
	try load "$1" load $KO
	case $res in
	OK) why=$bad$(whole "$PCC_V2_MASK") ;;
	ENOMEM) why=$bad$(gone) ;;
	*) why="${bad}load: $res" ;;
	esac
	verdict load "$1" "$why"
	[ "$res" != OK ] || unload || notok "unload after load nth=$1"
}

# The ioctl (open, PPC_COMPAT_CAPS_GET, close).
t_get() {
	try get "$1" get
	case $res in
	"$PCC_V2_MASK" | ENOMEM) why=$bad ;;
	*) why="${bad}get: $res" ;;
	esac
	verdict get "$1" "$why$(whole "$PCC_V2_MASK")"
}

# A sysfs attribute read as cat reads it.
t_read() {
	try read "$1" read $SYS/compat_caps
	case $res in
	"$PCC_V2_NAMES" | ENOMEM) why=$bad ;;
	*) why="${bad}read: $res" ;;
	esac
	verdict read "$1" "$why$(whole "$PCC_V2_MASK")"
}

# A rescan: the same answer from the hypervisor, the cache unchanged.
t_rescan() {
	try rescan "$1" write $SYS/rescan 1
	case $res in
	OK | ENOMEM) why=$bad ;;
	*) why="${bad}rescan: $res" ;;
	esac
	verdict rescan "$1" "$why$(whole "$PCC_V2_MASK")"
}

# unload: gone whole; then loaded again for the next try.
t_unload() {
	try unload "$1" unload
	case $res in
	OK) why=$bad$(gone) ;;
	*) why="${bad}unload: $res" ;;
	esac
	verdict unload "$1" "$why"
	grep -q '^ppc_compat_caps ' /proc/modules || load_v2 || notok "load after unload nth=$1"
}

# A cpu-version update under nested-v1 (the notifier and its uevent): the
# answer follows the update when it went through, stays when it did not.
# Only allocations made under the module's code fail here (filter_module):
# the kernel's own update path WARNs when its sysfs file cannot be made
# (__of_add_property_sysfs), which is the device tree's business, not ours.
t_dt() {
	r=$(pcc_client touch-cpu-version $P10)
	[ "$r" = OK ] || notok "dt nth=$1: reset to Power10 mode: $r"
	try dt "$1" touch-cpu-version $P9
	case $res in
	OK) why=$bad$(whole "$PCC_P9_MASK") ;;
	ENOMEM) why=$bad$(whole "$PCC_V1_MASK") ;;
	*) why="${bad}cpu-version update: $res" ;;
	esac
	verdict dt "$1" "$why"
}

loop load t_load
if load_v2; then
	expect "loaded for the next operations" "" "$(whole "$PCC_V2_MASK")"
	loop get t_get
	loop read t_read
	loop rescan t_rescan
	loop unload t_unload
	unload || notok "unload before the nested-v1 load"
else
	notok "load without a failure"
fi
# filter_module START END: from now on only allocations with a return
# address in [START, END) on their stack count and fail.
filter_module() {
	for f in failslab fail_page_alloc; do
		echo "$1" > $DBG/$f/require-start && echo "$2" > $DBG/$f/require-end ||
			notok "cannot set $f's stack filter"
	done
}

if load_v1; then
	expect "loaded with backend=nested-v1" "" "$(whole "$PCC_V1_MASK")"
	# Module text lies above the kernel's: from its start to the top.
	filter_module "$(cat /sys/module/ppc_compat_caps/sections/.text)" 0xffffffffffffffff
	loop dt t_dt
	filter_module 0 0xffffffffffffffff
	r=$(pcc_client touch-cpu-version $P10)
	expect "cpu-version back to Power10 mode" OK "$r"
	unload || notok "last unload"
else
	notok "load with backend=nested-v1"
fi
expect "nothing left at the end" "" "$(gone)"
tap_done
pcc_kmemleak_scan
pcc_report
poweroff -f
