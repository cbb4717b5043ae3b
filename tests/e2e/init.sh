#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init of the end-to-end tests: one scenario per boot. Expectations
# arrive on the kernel command line as PCC_* variables; results go out as
# TAP-style lines on /dev/hvc1, a channel of their own, so that nothing the
# kernel prints on the console can pass for a result.
. /guest.sh

SYS=/sys/class/misc/ppc_compat_caps
DEV=/dev/ppc_compat_caps
KO=/ppc_compat_caps.ko
[ "$PCC_PARAMS" = - ] && PCC_PARAMS=
names=$(echo "$PCC_MODES" | tr , ' ')

TAP_FD=3
. /tap.sh

# helper NAME CMD...: a helper of tests/e2e that prints its own TAP lines
# (tests/lib/tap.h) and fails when it ran fewer cases than its plan. Its
# exit status is a case of its own: a helper that dies half-way (a signal,
# an early exit) fails the scenario even where its lines so far passed.
# PCC_ABORT=NAME:N (the negative control) kills helper NAME after N cases.
helper() {
	_h=$1
	shift
	case ${PCC_ABORT:-} in
	"$_h":*) TAP_ABORT_AFTER=${PCC_ABORT#*:} "$@" >&3 ;;
	*) "$@" >&3 ;;
	esac
	expect "$_h: exit status 0" 0 $?
}
present() { [ -e "$1" ] && echo present || echo absent; }
# plan NAME N: the next block's cases, declared where they are written
# (tap_plan); NAME's spaces become dashes. run.sh requires the blocks the
# scenario runs (pcc_plans) and as many cases as their plans add up to.
plan() { tap_plan "$(echo "$1" | tr ' ' -)" "$2"; }
mode_of() { ls -ld "$1" 2>/dev/null | cut -c1-10; }
. /tool_checks.sh

# The layers behind the answer, each from the scenario's rules.
check_layers() {
	plan "layers:$1" 4
	want_offered=$PCC_OFFERED
	[ "$want_offered" != - ] || want_offered=ENODATA	# nested-v1 asks no hypervisor
	expect "$1: hypervisor_caps_mask" "$want_offered" "$(pcc_client read $SYS/hypervisor_caps_mask)"
	expect "$1: kvm_caps_mask" "$PCC_KVM" "$(pcc_client read $SYS/kvm_caps_mask)"
	expect "$1: cpu_version" "$PCC_CPU_VERSION" "$(pcc_client read $SYS/cpu_version)"
	expect "$1: removed" "$(echo "$PCC_REMOVED" | tr , ' ')" "$(pcc_client read $SYS/removed)"
}

# Upstream's KVM_PPC_GET_COMPAT_CAPS, where this kernel has it: KVM's own
# answer must be the module's (PCC_ORACLE=same), or KVM has no HV to ask
# (none: kvm-hv refused, so no capability or no VM), or what the table says.
check_oracle() {
	[ "$PCC_ORACLE" != - ] || return 0
	plan oracle 1
	kvm_says=$(pcc_kvm_oracle)
	echo "# kvm-oracle $kvm_says" >&3
	case $PCC_ORACLE in
	same) expect "KVM_PPC_GET_COMPAT_CAPS agrees with the module" \
		"$(pcc_client get)" "$kvm_says" ;;
	none)
		case $kvm_says in
		no-cap | no-vm*) got=none ;;
		*) got=$kvm_says ;;
		esac
		expect "KVM_PPC_GET_COMPAT_CAPS: no answer where kvm-hv refused" none "$got" ;;
	*) expect "KVM_PPC_GET_COMPAT_CAPS says what the table says" \
		"$PCC_ORACLE" "$kvm_says" ;;
	esac
}

check_loaded() {
	plan "loaded:$1" 5
	expect "$1: $DEV is a 0444 character device" cr--r--r-- "$(mode_of $DEV)"
	expect "$1: compat_caps" "$names" "$(cat $SYS/compat_caps)"
	expect "$1: compat_caps_mask" "$PCC_MASK" "$(cat $SYS/compat_caps_mask)"
	expect "$1: backend" "$PCC_BACKEND" "$(cat $SYS/backend)"
	expect "$1: the ioctl's mask" "$PCC_MASK" "$(pcc_client get)"
}

# A partition migration rewrites cpu-version: the answer must follow it on
# nested-v1 (with one KOBJ_CHANGE uevent per change) and must not move on
# nested-v2, where the hypervisor's answer is unchanged.
check_dt_update() {
	plan dt-update 12
	orig=$(od -An -tx1 /proc/device-tree/cpus/*@0/cpu-version | tr -d ' \n')
	if [ "$PCC_MASK" = 0x4000000000000000 ]; then
		new=$(pcc_mode_pvr power8) new_mask=$(pcc_modes_mask none)
	else
		new=$(pcc_mode_pvr power9) new_mask=$(pcc_modes_mask power9)
	fi
	if [ "$PCC_BACKEND" = nested-v1 ]; then
		want="OK uevents=1 mask=$new_mask"
		want_back="OK uevents=1 mask=$PCC_MASK"
	else
		new_mask=$PCC_MASK
		want="OK uevents=0 mask=-"
		want_back=$want
	fi
	expect "DT update to $new: write, uevent" "$want" \
		"$(pcc_client set-cpu-version $new | tr '\n' ' ' | sed 's/ $//')"
	expect "DT update to $new: compat_caps_mask" "$new_mask" "$(cat $SYS/compat_caps_mask)"
	expect "DT update to $new: the ioctl's mask" "$new_mask" "$(pcc_client get)"
	expect "DT update back to 0x$orig: write, uevent" "$want_back" \
		"$(pcc_client set-cpu-version 0x$orig | tr '\n' ' ' | sed 's/ $//')"
	expect "DT update back: the ioctl's mask" "$PCC_MASK" "$(pcc_client get)"
	expect "DT update to the same value: no uevent" "OK uevents=0 mask=-" \
		"$(pcc_client set-cpu-version 0x$orig | tr '\n' ' ' | sed 's/ $//')"
	# Removed, the partition runs in the processor's raw mode: on nested-v1
	# the CPU's own modes that KVM can use, then added back where there was
	# none, as a migration between hosts of other modes does.
	raw_modes=$(echo $PCC_MODES_ALL | sed "s/.*\($PCC_CPU\)/\1/")	# the CPU's and older
	raw_mask=$(printf '0x%016x' $(($(pcc_modes_mask "$raw_modes") & $PCC_KVM)))
	lines=$(dmesg | grep -c 'ppc_compat_caps: cpu-version update: nested-v1 backend (raw PVR 0x')
	if [ "$PCC_BACKEND" = nested-v1 ] && [ "$raw_mask" != "$PCC_MASK" ]; then
		want="OK uevents=1 mask=$raw_mask" want_back="OK uevents=1 mask=$PCC_MASK" rawlines=1
	else
		[ "$PCC_BACKEND" = nested-v1 ] || raw_mask=$PCC_MASK
		want="OK uevents=0 mask=-" want_back=$want rawlines=0
	fi
	expect "DT: cpu-version removed (raw mode): write, uevent" "$want" \
		"$(pcc_client remove-cpu-version | tr '\n' ' ' | sed 's/ $//')"
	expect "DT: removed: the ioctl's mask" "$raw_mask" "$(pcc_client get)"
	expect "DT: removed: a log line where the answer changed" "$rawlines" \
		$(($(dmesg | grep -c 'ppc_compat_caps: cpu-version update: nested-v1 backend (raw PVR 0x') - lines))
	expect "DT: cpu-version added back: write, uevent" "$want_back" \
		"$(pcc_client add-cpu-version 0x$orig | tr '\n' ' ' | sed 's/ $//')"
	expect "DT: added back: the ioctl's mask" "$PCC_MASK" "$(pcc_client get)"
	expect "DT: added back: the node has it again" "$orig" \
		"$(od -An -tx1 /proc/device-tree/cpus/*@0/cpu-version | tr -d ' \n')"
}

# Hostile callers, races, and 100 load/unload cycles (the stress suite).
check_stress() {
	plan stress 5
	helper pcc_hostile pcc_hostile "$PCC_MASK"
	helper pcc_race pcc_race "$PCC_MASK" 8 100000
	minor=$(awk '$2 == "ppc_compat_caps" { print $1 }' /proc/misc)
	expect "unload before the cycles" OK "$(pcc_client unload)"
	i=0
	bad=
	while [ $i -lt 100 ]; do
		l=$(pcc_client load $KO "$PCC_PARAMS")
		m=$(awk '$2 == "ppc_compat_caps" { print $1 }' /proc/misc)
		n=$(ls /sys/class/misc | grep -c '^ppc_compat_caps$')
		u=$(pcc_client unload)
		left=$(grep -c ppc_compat_caps /proc/misc)
		got="$l minor=$m sysfs=$n $u left=$left"
		[ "$got" = "OK minor=$minor sysfs=1 OK left=0" ] || bad="cycle $i: $got"
		i=$((i + 1))
	done
	expect "100 load/unload cycles: same minor ($minor), one sysfs entry, nothing left" "" "$bad"
	expect "load after the cycles" OK "$(pcc_client load $KO "$PCC_PARAMS")"
}

check_gone() {
	plan "gone:$1" 3
	expect "$1: no $DEV" absent "$(present $DEV)"
	expect "$1: no $SYS" absent "$(present $SYS)"
	expect "$1: not in /proc/modules" 0 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
}

# The witness: the kernel's own kvm-hv, loaded first as at boot, loads
# only where its nesting init succeeds. Its last kvm line says why not.
kvmhv=loads
before=$(dmesg | wc -l)
for m in $(cat /kvm/load-order); do
	r=$(pcc_client load /kvm/$m.ko "")
	[ "$r" = OK ] && continue
	[ "$m" = kvm-hv ] || notok "insmod $m, a dependency of kvm-hv: $r"
	kvmhv=refuses
	break
done
says=$(dmesg | tail -n +$((before + 1)) | grep -i -e kvm -e nest | tail -n1 | sed 's/^\[[ 0-9.]*\] //')
echo "# kvm-hv-says $kvmhv${says:+: $says}" >&3
plan boot 2
expect "kvm-hv, the witness, $PCC_KVMHV" "$PCC_KVMHV" "$kvmhv"

load=$(pcc_client load $KO "$PCC_PARAMS")
expect "load (${PCC_PARAMS:-no parameters})" "$PCC_LOAD" "$load"
obs_backend=$(cat $SYS/backend 2>/dev/null || echo -)
obs_mask=$(pcc_client get 2>/dev/null | grep 0x || echo -)

if [ "$PCC_LOAD" = OK ] && [ "$load" = OK ]; then
	check_loaded load
	check_layers load
	# What KVM did and what the module says may not contradict each other.
	plan witness 2
	v2_empty_where_refused=yes
	[ "$obs_backend" != nested-v2 ] || [ "$kvmhv" = loads ] ||
		[ "$obs_mask" = 0x0000000000000000 ] || v2_empty_where_refused=no
	expect "witness: a nested-v2 answer is empty where kvm-hv refuses" yes "$v2_empty_where_refused"
	v2_loads_where_answered=yes
	[ "$obs_backend" != nested-v2 ] || [ "$obs_mask" = 0x0000000000000000 ] ||
		[ "$kvmhv" = loads ] || v2_loads_where_answered=no
	expect "witness: kvm-hv loads where the nested-v2 answer is not empty" yes "$v2_loads_where_answered"
	check_oracle
	plan load-line 4
	expect "rescan is write-only (0200)" --w------- "$(mode_of $SYS/rescan)"
	expect "one line at load" 1 "$(dmesg | grep -c 'ppc_compat_caps: load: ')"
	case $PCC_REMOVED in
	*no-nested-v2*) want_v2_line=1 ;;
	*) want_v2_line=0 ;;
	esac
	expect "the load line names a KVM without nested API v2 as the cause" "$want_v2_line" \
		"$(dmesg | grep -c 'ppc_compat_caps: load: .*no nested API v2')"
	helper contract pcc_client contract "$PCC_MASK"
	tool_checks
	check_dt_update
	[ "$PCC_SUITE" != stress ] || check_stress
	plan rescan 1
	expect "rescan: write 1" OK "$(pcc_client write $SYS/rescan 1)"
	check_loaded rescan
	check_layers rescan
	plan bad-rescans 2
	expect "rescan: write 0 is EINVAL" EINVAL "$(pcc_client write $SYS/rescan 0)"
	expect "rescan: write junk is EINVAL" EINVAL "$(pcc_client write $SYS/rescan junk)"
	check_loaded "after failed rescans"
	plan unload 1
	expect "unload" OK "$(pcc_client unload)"
	check_gone unload
	tool_checks_unloaded
	plan load-again 1
	expect "load again" OK "$(pcc_client load $KO "$PCC_PARAMS")"
	check_loaded "load again"
	plan unload-again 1
	expect "unload again" OK "$(pcc_client unload)"
	check_gone "unload again"
elif [ "$PCC_LOAD" != OK ]; then
	[ "$PCC_ORACLE" = - ] || echo "# kvm-oracle $(pcc_kvm_oracle)" >&3
	check_gone "failed load"
	plan error-line 1
	expect "one error line names the way out" 1 \
		"$(dmesg | grep -c -e 'ppc_compat_caps: .*backend=' -e "invalid for parameter \`backend'")"
fi

echo "# observed load=$load backend=$obs_backend mask=$obs_mask kvm-hv=$kvmhv" >&3
echo "# dmesg-begin" >&3
dmesg >&3
echo "# dmesg-end" >&3
echo "# done" >&3
poweroff -f
