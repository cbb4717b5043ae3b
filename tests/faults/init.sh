#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init of make check-faults: one scenario of tests/faults/scenarios.tsv
# per boot, its steps in PCC_STEPS ("/"-separated) and the module's
# parameters in PCC_PARAMS, from the kernel command line. kvm-hv is not
# loaded: every H_GUEST_GET_CAPABILITIES call the L0 sees is the module's.
# Results go out as TAP lines on /dev/hvc1, a channel of their own.
. /guest.sh
TAP_FD=3
. /tap.sh

SYS=/sys/class/misc/ppc_compat_caps
KO=/ppc_compat_caps.ko
[ "$PCC_PARAMS" = - ] && PCC_PARAMS=
present() { [ -e "$1" ] && echo present || echo absent; }

# answers WHAT MASK BACKEND: sysfs and the ioctl say MASK, sysfs BACKEND.
answers() {
	expect "$1: compat_caps_mask" "$2" "$(cat $SYS/compat_caps_mask 2>&1)"
	expect "$1: the ioctl's mask" "$2" "$(pcc_client get)"
	expect "$1: backend" "$3" "$(cat $SYS/backend 2>&1)"
}

n=0
for step in $(echo "$PCC_STEPS" | tr / ' '); do
	n=$((n + 1))
	what=${step%%=*}
	args=${step#*=}
	want=${args%%:*}
	mask=$(echo "$args" | cut -d: -f2)
	backend=$(echo "$args" | cut -d: -f3)
	case $what in
	load)
		t0=$(cut -d' ' -f1 /proc/uptime)
		got=$(pcc_client load $KO "$PCC_PARAMS")
		took=$(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { print b - a }')
		echo "# step $n: the load took $took s" >&3
		expect "step $n: load (${PCC_PARAMS:-no parameters})" "$want" "$got"
		if [ "$want" = OK ]; then
			answers "step $n: load" "$mask" "$backend"
		else
			expect "step $n: failed load: no /dev node" absent "$(present /dev/ppc_compat_caps)"
			expect "step $n: failed load: no sysfs directory" absent "$(present $SYS)"
			expect "step $n: failed load: not in /proc/modules" 0 \
				"$(grep -c '^ppc_compat_caps ' /proc/modules)"
			# A notifier left behind would run freed code here.
			expect "step $n: failed load: a cpu-version update finds nothing of it" \
				"OK uevents=0 mask=-" \
				"$(pcc_client set-cpu-version 0x0f000006 | tr '\n' ' ' | sed 's/ $//')"
		fi
		;;
	rescan)
		uevents=$(echo "$args" | cut -d: -f4)
		shown=-
		[ "$uevents" = 0 ] || shown=$mask
		expect "step $n: rescan: $want, $uevents uevent(s)" "$want uevents=$uevents mask=$shown" \
			"$(pcc_client rescan-watch $SYS/rescan | tr '\n' ' ' | sed 's/ $//')"
		answers "step $n: after the rescan" "$mask" "$backend"
		;;
	removed)
		expect "step $n: removed" "$args" "$(cat $SYS/removed 2>&1)"
		;;
	within)
		expect "step $n: the load took less than $args s (it took $took s)" yes \
			"$(awk -v t="$took" -v max="$args" 'BEGIN { print t < max ? "yes" : "no" }')"
		;;
	*)
		notok "step $n: unknown step '$step'"
		;;
	esac
done
expect "hcall error lines in the log" "$PCC_ERRLINES" \
	"$(dmesg | grep -c 'ppc_compat_caps: .*H_GUEST_GET_CAPABILITIES')"

echo "# dmesg-begin" >&3
dmesg >&3
echo "# dmesg-end" >&3
echo "# done" >&3
poweroff -f
