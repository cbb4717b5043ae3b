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
#     any report of any detector fails.
# Ends with "N passed, N failed". Everything it builds or boots lives in
# $PCC_CACHE/debug. PCC_DEBUG_SCENARIOS overrides the e2e scenario list,
# PCC_DEBUG_TIMEOUT the time a boot may take (stress boots get four times
# as much: 100 load/unload cycles take ~5 s each on this kernel under TCG).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
. "$here/../e2e/scenario.sh"

work=$PCC_CACHE/debug/run
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

# Any report of any detector, or a crash. Lines that only look like one are
# taken out first by $benign.
bad='BUG:|WARNING:|Oops|Kernel panic|Call Trace|cut here|KASAN|UBSAN|unreferenced object|suspected memory leak|circular locking|recursive locking|inconsistent lock|Invalid wait context|sleeping function|scheduling while atomic|locking correctness validator|refcount_t|list_(add|del) corruption|Unable to handle|segfault|stall|^qemu exit'
# "KASAN init done" is KASAN starting; pseries says "WARNING: nvram
# corruption" about QEMU's empty NVRAM.
benign='KASAN init done|WARNING: nvram corruption'

# reports DIR: the lines of $bad in what the kernel said during the boot in
# DIR: the logs the guest sent (not its test results) and the console.
reports() {
	{
		sed -n '/^# dmesg-begin/,/^# dmesg-end/p; /^# kmemleak-begin/,/^# kmemleak-end/p' \
			"$1/results"
		cat "$1/console"
	} 2>/dev/null | grep -E "$bad" | grep -Ev "$benign"
}

# tally DIR: how many reports of each kind the boot in DIR made.
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
	r=$(reports "$1" | sort -u)
	for k in "${kinds[@]}"; do
		line+="${k%%=*} $(grep -cE "${k#*=}" <<<"$r"), "
	done
	# Any other BUG, an oops or a panic.
	echo "${line}BUG/oops $(grep -E 'BUG:|Oops|Kernel panic|Unable to handle' <<<"$r" |
		grep -cvE 'BUG: KASAN|sleeping function')"
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
		;;
	esac
}

if [ "${1:-}" = --boot ]; then
	boot_one "$2"
	exit 0
fi

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
		install -m 0755 "$here/e2e-init.sh" "$here/load-init.sh" "$root/" &&
		install -m 0644 "$here/guest-lib.sh" "$root/" &&
		cp "$work/kunit/ppc_compat_caps_kunit.ko" \
			"$work/probe/pcc_debug_probe.ko" "$root/" || return 1
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

boots=()
for s in $SCENARIOS; do boots+=("e2e-$s"); done
for f in $FAULTS; do boots+=("probe-$f"); done
boots+=(kunit)
echo
echo "=== ${#boots[@]} boots, two at a time"
t=$SECONDS
printf '%s\n' "${boots[@]}" | xargs -P 2 -I{} "$0" --boot {}
timings+=("all boots: $((SECONDS - t)) s wall")

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

# clean DIR WHAT: the boot in DIR finished with no report of any detector,
# kmemleak scanned and found nothing, and lockdep was still on at the end.
clean() {
	local d=$1 what=$2 why='' r leaks

	grep -q '^# debug-done' "$d/results" 2>/dev/null || why="guest did not finish"
	grep -q '^# kmemleak scanned' "$d/results" 2>/dev/null || why=${why:+$why, }"kmemleak did not scan"
	grep -q '^# lockdep debug_locks: 1' "$d/results" 2>/dev/null ||
		why=${why:+$why, }"lockdep off at the end"
	grep -q 'KASAN init done' "$d/results" 2>/dev/null || why=${why:+$why, }"no 'KASAN init done'"
	leaks=$(sed -n '/^# kmemleak-begin/,/^# kmemleak-end/p' "$d/results" 2>/dev/null |
		grep -c 'unreferenced object')
	r=$(reports "$d" | sort -u)
	[ "$leaks" -eq 0 ] || why=${why:+$why, }"kmemleak: $leaks unreferenced objects"
	[ -z "$r" ] || why=${why:+$why, }"$(wc -l <<<"$r") report lines"
	echo "    reports: $(tally "$d")"
	if [ -z "$why" ]; then
		case_ok "$what: no report of any detector, kmemleak scanned twice, lockdep still on"
	else
		case_fail "$what: $why"
		sed 's/^/    /' <<<"$r" | head -n 20
	fi
}

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
clean "$d" "KUnit boot"

echo
echo "=== e2e scenarios on the debug kernel (panic_on_warn=1)"
for s in $SCENARIOS; do
	d=$work/boots/e2e-$s
	read -r backend mask load < "$d/expected"
	p=$(grep -c '^ok ' "$d/results" 2>/dev/null)
	f=$(grep -c '^not ok ' "$d/results" 2>/dev/null)
	grep -q '^# done' "$d/results" 2>/dev/null || f=$((f + 1))
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

timings+=("check-debug total: $((SECONDS - start)) s")
finish
