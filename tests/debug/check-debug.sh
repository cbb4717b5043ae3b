#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-debug.sh: `make check-debug`. Runs ppc_compat_caps on a debug
# kernel (KASAN, kmemleak, lockdep, might_sleep checks, UBSAN, KUnit):
#  1. builds the kernel (build-kernel.sh; cached) and, against it, the
#     module, its KUnit suites and the detector probe (build-modules.sh);
#  2. proves that each detector fires on this kernel: one boot per fault of
#     the deliberately broken probe; a silent detector fails the tier;
#  3. runs the KUnit suites (KTAP from the kernel log);
#  4. boots tests/e2e scenarios with panic_on_warn=1, then asks kmemleak:
#     any report of any detector fails;
#  5. fails every allocation that load, the ioctl, a sysfs read, rescan,
#     a device-tree update and unload reach, one at a time (alloc-init.sh),
#     with panic_on_warn=1: each try leaves the module whole or gone, and
#     the boot ends with no report;
#  6. counts the references of the cpu node the module reads before it
#     loads and after it is gone (node-init.sh, pcc_of_refs): equal; the
#     probe keeping one must show one more.
# Ends with "N passed, N failed". Everything it builds or boots lives in
# $PCC_CACHE/debug, a run's boots in $PCC_DEBUG_WORK (default
# $PCC_CACHE/debug/run). --only alloc, --only node or --only alloc,node
# runs stage 5, 6 or both alone (`make check-alloc`; the mutants' debug
# tier).
# PCC_DEBUG_SCENARIOS overrides the e2e scenario list, PCC_DEBUG_TIMEOUT
# the time a boot may take (stress boots get four times as much: 100
# load/unload cycles take ~5 s each on this kernel under TCG; the
# allocation-failure boot, ~500 s here, twice as much).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
. "$here/../e2e/scenario.sh"

work=${PCC_DEBUG_WORK:-$PCC_CACHE/debug/run}
# Stress first: the longest boots, started while the other slot is busy.
SCENARIOS=${PCC_DEBUG_SCENARIOS:-stress-v2 stress-v1 p11-in-p10 hv-p11-in-p10 v2-forced-hv bad-param}
FAULTS="lockdep atomic-sleep kasan kmemleak ubsan"
TIMEOUT=${PCC_DEBUG_TIMEOUT:-900}
STRESS_TIMEOUT=$((TIMEOUT * 4))

# What each detector prints, and the probe function a report must name.
signature() {
	case $1 in
	lockdep) echo 'possible circular locking dependency detected' ;;
	atomic-sleep) echo 'BUG: sleeping function called from invalid context' ;;
	kasan) echo 'BUG: KASAN: slab-out-of-bounds' ;;
	kmemleak) echo 'unreferenced object' ;;
	ubsan) echo 'UBSAN: shift-out-of-bounds' ;;
	esac
}

# Any report of any detector, or a crash (scripts/lib.sh's
# PCC_KERNEL_TROUBLE), but the lines that only look like one
# (PCC_KERNEL_BENIGN: KASAN starting, pseries' "WARNING: nvram corruption").
bad=$PCC_KERNEL_TROUBLE
benign=$PCC_KERNEL_BENIGN

# Fault injection's record of each failure it injects is a stack dump: its
# "Call Trace" and frame lines are expected in the allocation-failure boot
# (a real report there still has its own headline: BUG, WARNING, Oops...).
alloc_benign='Call Trace:|\[c[0-9a-f]{15}\] \[c[0-9a-f]{15}\]'

# reports DIR [BENIGN]: the lines of $bad in what the kernel said during the
# boot in DIR: the logs the guest sent (not its test results) and the
# console; BENIGN, a regex of more lines to take out first.
reports() {
	{
		sed -n '/^# dmesg-begin/,/^# dmesg-end/p; /^# kmemleak-begin/,/^# kmemleak-end/p' \
			"$1/results"
		cat "$1/console"
	} 2>/dev/null | grep -E "$bad" | grep -Ev "$benign${2:+|$2}"
}

# tally DIR [BENIGN]: how many reports of each kind the boot in DIR made.
tally() {
	local kinds=(
		"KASAN=BUG: KASAN"
		"kmemleak=unreferenced object"
		"lockdep=WARNING: (possible|suspicious)|inconsistent lock|Invalid wait context|bad unlock|held lock"
		"UBSAN=UBSAN:"
		"might_sleep=sleeping function called|scheduling while atomic"
		"WARN=WARNING: CPU:"
	)
	local k line='' r

	# The console repeats what the log says at loglevel <= 4.
	r=$(reports "$1" "${2:-}" | sort -u)
	for k in "${kinds[@]}"; do
		line+="${k%%=*} $(grep -cE "${k#*=}" <<<"$r"), "
	done
	# Any other BUG, an oops or a panic.
	echo "${line}BUG/oops $(grep -E 'BUG:|Oops|Kernel panic|Unable to handle' <<<"$r" |
		grep -cvE 'BUG: KASAN|sleeping function')"
}

# clean DIR WHAT [BENIGN]: the boot in DIR finished with no report of any
# detector, kmemleak scanned and found nothing, and lockdep was still on at
# the end.
clean() {
	local d=$1 what=$2 why='' r leaks

	grep -q '^# debug-done' "$d/results" 2>/dev/null || why="guest did not finish"
	grep -q '^# kmemleak scanned' "$d/results" 2>/dev/null || why=${why:+$why, }"kmemleak did not scan"
	grep -q '^# lockdep debug_locks: 1' "$d/results" 2>/dev/null ||
		why=${why:+$why, }"lockdep off at the end"
	grep -q 'KASAN init done' "$d/results" 2>/dev/null || why=${why:+$why, }"no 'KASAN init done'"
	leaks=$(sed -n '/^# kmemleak-begin/,/^# kmemleak-end/p' "$d/results" 2>/dev/null |
		grep -c 'unreferenced object')
	r=$(reports "$d" "${3:-}" | sort -u)
	[ "$leaks" -eq 0 ] || why=${why:+$why, }"kmemleak: $leaks unreferenced objects"
	[ -z "$r" ] || why=${why:+$why, }"$(wc -l <<<"$r") report lines"
	echo "    reports: $(tally "$d" "${3:-}")"
	if [ -z "$why" ]; then
		case_ok "$what: no report of any detector, kmemleak scanned twice, lockdep still on"
	else
		case_fail "$what: $why"
		sed 's/^/    /' <<<"$r" | head -n 20
	fi
}

# ---- one boot (run in parallel by the main part) ----

# scenario ID: the kernel command line and QEMU options of a tests/e2e
# scenario, from tests/e2e/scenario.sh as run.sh gets them, for a 6.12
# kernel: the debug kernel has 6.12's KVM (kvm-hv built, no
# CPU_FTR_P11_PVR, no KVM_PPC_GET_COMPAT_CAPS).
scenario() {
	local caps
	pcc_scenario 6.12 "$1"
	caps=${machine#pseries,x-vof=on}
	caps=${caps#,}
	echo "$cpu ${caps:--} $smp $backend $mask $load" \
		"rdinit=/e2e-init.sh panic_on_warn=1 $append"
}

# The allocation-failure boot's machine and answers, from two rows of
# tests/e2e/scenarios.tsv on one machine (Power11 in Power10 mode, nested
# API v2): backend auto (nested-v2) and backend=nested-v1. Under nested-v1
# a cpu-version update to Power9 mode leaves Power9 alone, which 6.12's
# KVM knows.
alloc_scenario() {
	local v1 v2 caps

	pcc_scenario 6.12 v1-p11-in-p10
	v1="$cpu $machine $mask"
	pcc_scenario 6.12 v2-forced-papr
	v2="$cpu $machine $mask"
	[ "${v1% *}" = "${v2% *}" ] ||
		die "v1-p11-in-p10 and v2-forced-papr no longer share a machine"
	caps=${machine#pseries,x-vof=on,}
	echo "$cpu $caps PCC_V2_MASK=$mask PCC_V2_NAMES=$(tr , _ <<<"$modes")" \
		"PCC_V1_MASK=${v1##* } PCC_P9_MASK=$(pcc_modes_mask power9)"
}

boot_one() {
	local name=$1 d=$work/boots/$1 cpu caps smp backend mask load args scan=- limit

	. "$work/debug.env"
	case $name in
	probe-*)
		# No panic_on_warn: these boots exist to make reports.
		[ "${name#probe-}" != kmemleak ] || scan=scan
		"$here/boot.sh" "$d" "$PCC_DK_VMLINUX" "$work/initrd.cpio" power10 - 1 "$TIMEOUT" \
			rdinit=/load-init.sh PCC_LOAD_KO=pcc_debug_probe.ko \
			"PCC_LOAD_ARGS=fault=${name#probe-}" PCC_KMEMLEAK=$scan
		;;
	alloc)
		read -r cpu caps args < <(alloc_scenario)
		# A log large enough for every injected failure's stack; an
		# oops (a notifier left behind, say) ends the boot at once.
		# shellcheck disable=SC2086 # args are the command line's words
		"$here/boot.sh" "$d" "$PCC_DK_VMLINUX" "$work/initrd.cpio" "$cpu" "$caps" 1 \
			$((TIMEOUT * 2)) rdinit=/alloc-init.sh panic_on_warn=1 oops=panic \
			log_buf_len=64M $args
		;;
	node | node-probe)
		local ko=ppc_compat_caps.ko ka=-
		[ "$name" = node ] || ko=pcc_debug_probe.ko ka=fault=of-node-ref
		"$here/boot.sh" "$d" "$PCC_DK_VMLINUX" "$work/initrd.cpio" power10 - 1 "$TIMEOUT" \
			rdinit=/node-init.sh panic_on_warn=1 oops=panic PCC_NODE_KO=$ko PCC_NODE_ARGS=$ka
		;;
	kunit)
		"$here/boot.sh" "$d" "$PCC_DK_VMLINUX" "$work/initrd.cpio" power10 - 1 "$TIMEOUT" \
			rdinit=/load-init.sh panic_on_warn=1 \
			PCC_LOAD_KO=ppc_compat_caps_kunit.ko PCC_LOAD_ARGS=- PCC_KMEMLEAK=scan
		;;
	e2e-*)
		read -r cpu caps smp backend mask load args < <(scenario "${name#e2e-}")
		limit=$TIMEOUT
		[ "$smp" = 1 ] || limit=$STRESS_TIMEOUT
		# shellcheck disable=SC2086 # args are the command line's words
		"$here/boot.sh" "$d" "$PCC_DK_VMLINUX" "$work/initrd.cpio" "$cpu" "$caps" "$smp" \
			"$limit" $args
		echo "$backend $mask $load" > "$d/expected"
		pcc_scenario 6.12 "${name#e2e-}"
		pcc_plans | tr '\n' , > "$d/plans"
		;;
	esac
}

if [ "${1:-}" = --boot ]; then
	boot_one "$2"
	exit 0
fi
# --only STAGES: alloc, node or both (alloc,node).
only=
[ "${1:-}" != --only ] || only=${2:?--only alloc, node or alloc,node}
case $only in
'' | alloc | node | alloc,node | node,alloc) ;;
*) die "--only $only: alloc, node or alloc,node" ;;
esac

# ---- the tier ----

pass=0
fail=0
case_ok() { pass=$((pass + 1)); echo "ok - $*"; }
case_fail() { fail=$((fail + 1)); echo "not ok - $*"; }
finish() {
	echo
	echo "=== timings"
	printf '%s\n' "${timings[@]}"
	echo "check-debug: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
timings=()
start=$SECONDS

"$PCC_TOP/scripts/setup-host.sh" >/dev/null || die "cannot install the host packages"
rm -rf "$work"
mkdir -p "$work/boots"

echo "=== debug kernel"
t=$SECONDS
if env=$("$here/build-kernel.sh"); then
	cp "$env" "$work/debug.env"
	. "$work/debug.env"
	case_ok "debug kernel $PCC_DK_RELEASE ($PCC_DK_SRCPKG $PCC_DK_SRCVER), every line of debug.config in its .config"
	if [ "$PCC_DK_CACHED" = 1 ]; then
		timings+=("kernel build: cached ($PCC_DK_OBJ, built in $PCC_DK_BUILT_S s)")
	else
		timings+=("kernel build: $PCC_DK_BUILT_S s (-j${PCC_JOBS:-3}), total with fetch $((SECONDS - t)) s")
	fi
else
	case_fail "debug kernel build"
	finish
fi

echo
echo "=== modules against the debug kernel"
t=$SECONDS
out=$("$here/build-modules.sh" "$work/debug.env" "$work")
rc=$?
echo "$out"
pass=$((pass + $(grep -c '^ok ' <<<"$out")))
fail=$((fail + $(grep -c '^not ok ' <<<"$out")))
timings+=("module builds: $((SECONDS - t)) s")
[ "$rc" -eq 0 ] || finish
# Built against this kernel, the objects call KASAN's and UBSAN's checks:
# without them a clean run would prove nothing.
for ko in module/ppc_compat_caps.ko kunit/ppc_compat_caps_kunit.ko; do
	syms=$("${CROSS_COMPILE}nm" -u "$work/$ko")
	if grep -q ' __asan_' <<<"$syms" && grep -q ' __ubsan_handle_' <<<"$syms"; then
		case_ok "${ko#*/} is instrumented (__asan_*, __ubsan_handle_*)"
	else
		case_fail "${ko#*/} lacks KASAN or UBSAN instrumentation"
	fi
done

# The guests' root: the e2e root (pcc_e2e_root, as tests/e2e/run.sh), the
# debug guests' /init scripts and the other two modules.
initrd() {
	local root=$work/root env

	env=$("$PCC_TOP/scripts/fetch-kernel.sh" 6.12) || return 1	# its busybox
	# shellcheck source=/dev/null
	. "$env"
	pcc_e2e_root "$root" "$work/module/ppc_compat_caps.ko" pcc-e2e-init.sh &&
		install -m 0755 "$here/e2e-init.sh" "$here/load-init.sh" \
			"$here/alloc-init.sh" "$here/node-init.sh" "$root/" &&
		install -m 0644 "$here/guest-lib.sh" "$root/" &&
		cp "$work/kunit/ppc_compat_caps_kunit.ko" \
			"$work/probe/pcc_debug_probe.ko" "$work/refs/pcc_of_refs.ko" "$root/" || return 1
	# The debug kernel's own kvm-hv, the e2e's witness (init.sh).
	cp "$PCC_DK_OBJ/arch/powerpc/kvm/kvm.ko" "$PCC_DK_OBJ/arch/powerpc/kvm/kvm-hv.ko" \
		"$root/kvm/" &&
		printf 'kvm\nkvm-hv\n' > "$root/kvm/load-order" || return 1
	(cd "$root" && find . | cpio -o -H newc --quiet) > "$work/initrd.cpio"
}

echo
echo "=== guest initrd"
if initrd; then
	echo "$(du -h "$work/initrd.cpio" | cut -f1) initrd"
else
	case_fail "guest initrd"
	finish
fi

# The longest boot first, while the other slot takes the rest.
case $only in
alloc) boots=(alloc) ;;
node) boots=(node node-probe) ;;
?*) boots=(alloc node node-probe) ;;
*)
	boots=(alloc)
	for s in $SCENARIOS; do boots+=("e2e-$s"); done
	for f in $FAULTS; do boots+=("probe-$f"); done
	boots+=(node node-probe kunit)
	;;
esac
echo
echo "=== ${#boots[@]} boots, two at a time"
t=$SECONDS
printf '%s\n' "${boots[@]}" | xargs -P 2 -I{} "$0" --boot {}
timings+=("all boots: $((SECONDS - t)) s wall")

# alloc_stage: the allocation-failure boot's verdict. Its cases are the
# guest's (one per try, ALLOC_FIXED more), their number what each
# operation's count of allocations makes it; the table sets what the guest
# reports beside what the kernel recorded (alloc-sites.awk).
ALLOC_OPS="load get read rescan unload dt"
ALLOC_FIXED=11	# setup, 6 operations' totals, 2 loads, cpu-version back, nothing left
alloc_stage() {
	local d=$work/boots/alloc op n p f want=$ALLOC_FIXED sum=0 sites rec r

	echo
	echo "=== allocation failures: every allocation each operation reaches fails once (panic_on_warn=1)"
	timings+=("boot alloc: $(cat "$d/seconds" 2>/dev/null) s")
	# The hvc's tty ends each line with CR LF.
	r=$(tr -d '\r' < "$d/results" 2>/dev/null)
	p=$(grep -c '^ok ' <<<"$r")
	f=$(grep -c '^not ok ' <<<"$r")
	grep '^not ok ' <<<"$r" | head -n 20 | sed 's/^/    /'
	pass=$((pass + p))
	fail=$((fail + f))
	sites=$(sed -n '/^# dmesg-begin/,/^# dmesg-end/p' <<<"$r" | awk -f "$here/alloc-sites.awk")
	printf '%-8s %-9s %s\n' operation injected "recorded by the kernel"
	for op in $ALLOC_OPS; do
		n=$(sed -n "s/^# alloc-op $op \([0-9][0-9]*\)$/\1/p" <<<"$r")
		if [ -z "$n" ]; then
			case_fail "allocation failures: $op never ran"
			continue
		fi
		want=$((want + n + 1))
		sum=$((sum + n))
		printf '%-8s %-9s %s\n' "$op" "$n" \
			"$(sed -n "s/^op $op: //p" <<<"$sites" | head -n 1)"
	done
	echo "$sites" | grep -v '^op '
	if [ $((p + f)) -eq "$want" ]; then
		case_ok "allocation failures: $((p + f)) cases, as $sum failed allocations make it"
	else
		case_fail "allocation failures: $((p + f)) cases, not the $want that $sum failed allocations make"
	fi
	# The kernel's own record: one per injected failure it printed (those
	# allocated with __GFP_NOWARN fail silently), none beyond them.
	rec=$(sed -n 's/^total: \([0-9]*\) recorded.*/\1/p' <<<"$sites")
	if [ "${rec:-0}" -gt 0 ] && [ "$rec" -le "$sum" ]; then
		case_ok "allocation failures: the kernel recorded $rec of the $sum injected"
	else
		case_fail "allocation failures: the kernel recorded ${rec:-none} of the $sum injected"
	fi
	clean "$d" "allocation-failure boot" "$alloc_benign"
}

# node_stage: the device-tree node boots' verdict: every step done, the
# cpu node's references as many after ppc_compat_caps as before, one more
# after the probe that keeps one (the negative control).
node_stage() {
	local d want got n

	echo
	echo "=== device-tree node references: the cpu node's count before the module and after it"
	for d in node node-probe; do
		timings+=("boot $d: $(cat "$work/boots/$d/seconds" 2>/dev/null) s")
		got=$(tr -d '\r' < "$work/boots/$d/results" 2>/dev/null |
			sed -n 's/^# node \([a-z]*\): \(.*\)/\1 \2/p' | paste -sd, - | sed 's/,/, /g')
		n=$(sed -n 's/.*refs \([0-9]*\) [0-9]*$/\1/p' <<<"$got")
		want="insmod OK, rescan OK, rmmod OK, refs ${n:-N} ${n:-N}"
		[ "$d" = node ] || want="insmod OK, rmmod OK, refs ${n:-N} $((${n:-0} + 1))"
		if [ -n "$n" ] && [ "$got" = "$want" ]; then
			case_ok "$d: $got"
		else
			case_fail "$d: '$got', expected '$want'"
		fi
	done
	clean "$work/boots/node" "node boot"
}

case ,$only, in *,alloc,*) alloc_stage ;; esac
case ,$only, in *,node,*) node_stage ;; esac
if [ -n "$only" ]; then
	timings+=("check-debug --only $only total: $((SECONDS - start)) s")
	finish
fi

echo
echo "=== detectors: each must fire on its fault (probe boots, no panic_on_warn)"
printf '%-13s %-8s %-7s %s\n' detector reports boot-s result
for f in $FAULTS; do
	d=$work/boots/probe-$f
	sig=$(signature "$f")
	why=
	grep -q '^# debug-done' "$d/results" 2>/dev/null || why="guest did not finish"
	grep -q "^# insmod pcc_debug_probe.ko: OK" "$d/results" 2>/dev/null ||
		why=${why:+$why, }"probe did not load"
	if [ "$f" = kmemleak ]; then
		# The leak shows in kmemleak's file, its backtrace in the probe.
		log=$(sed -n '/^# kmemleak-begin/,/^# kmemleak-end/p' "$d/results" 2>/dev/null)
		n=$(grep -c "$sig" <<<"$log")
		grep -q pcc_probe_kmemleak <<<"$log" || why=${why:+$why, }"no leak traced to the probe"
	else
		# The report must come between the probe's begin and end lines.
		log=$(sed -n "/pcc_debug_probe: fault $f: begin/,/pcc_debug_probe: fault $f: end/p" \
			"$d/results" 2>/dev/null)
		n=$(grep -c "$sig" <<<"$log")
	fi
	[ "$n" -gt 0 ] || why=${why:+$why, }"silent: no '$sig'"
	printf '%-13s %-8s %-7s %s\n' "$f" "$n" "$(cat "$d/seconds" 2>/dev/null)" \
		"$([ -z "$why" ] && echo PASS || echo "FAIL ($why)")"
	echo "    all reports of the boot: $(tally "$d")"
	timings+=("boot probe-$f: $(cat "$d/seconds" 2>/dev/null) s")
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		tail -n 15 "$d/console" 2>/dev/null | sed 's/^/    /'
	fi
done

echo
echo "=== KUnit: ppc_compat_caps_kunit.ko (panic_on_warn=1)"
d=$work/boots/kunit
timings+=("boot kunit: $(cat "$d/seconds" 2>/dev/null) s")
k=$(sed -n '/^# dmesg-begin/,/^# dmesg-end/p' "$d/results" 2>/dev/null | awk -f "$here/ktap-count.awk")
echo "$k"
kp=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$k")
kf=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$k")
ks=$(sed -n 's/^ktap: \([0-9]*\) suites.*/\1/p' <<<"$k")
pass=$((pass + ${kp:-0}))
fail=$((fail + ${kf:-0}))
if [ "${ks:-0}" -ne 2 ] || [ "${kp:-0}" -eq 0 ]; then
	case_fail "KUnit: expected 2 suites with results, got ${ks:-0}"
fi
# A skipped case ran nothing: none of ours may skip.
sk=$(sed -n 's/.* \([0-9]*\) skipped$/\1/p' <<<"$k")
[ "${sk:-0}" -eq 0 ] || case_fail "KUnit: ${sk} cases skipped"
clean "$d" "KUnit boot"

echo
echo "=== e2e scenarios on the debug kernel (panic_on_warn=1)"
for s in $SCENARIOS; do
	d=$work/boots/e2e-$s
	read -r backend mask load < "$d/expected"
	p=$(grep -c '^ok ' "$d/results" 2>/dev/null)
	f=$(grep -c '^not ok ' "$d/results" 2>/dev/null)
	grep -q '^# done' "$d/results" 2>/dev/null || f=$((f + 1))
	# The same blocks and case count as the scenario's e2e boot.
	why=$(pcc_plan_why "$d/results" "$(cat "$d/plans" 2>/dev/null)")
	[ -z "$why" ] || { f=$((f + 1)); echo "    not ok - $s: $why"; }
	obs=$(sed -n 's/^# observed //p' "$d/results" 2>/dev/null)
	printf '%-16s expected %-9s %-18s %-6s observed %-38s %3d/%-3d %s s\n' "$s" \
		"${backend#nested-}" "$mask" "$load" "${obs:--}" "$p" $((p + f)) \
		"$(cat "$d/seconds" 2>/dev/null)"
	grep '^not ok ' "$d/results" 2>/dev/null | sed 's/^/    /'
	pass=$((pass + p))
	fail=$((fail + f))
	clean "$d" "e2e $s"
	timings+=("boot e2e-$s: $(cat "$d/seconds" 2>/dev/null) s")
done

alloc_stage
node_stage
timings+=("check-debug total: $((SECONDS - start)) s")
finish
