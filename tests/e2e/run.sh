#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [-k KERNEL] [ID...]: the end-to-end scenarios of scenarios.tsv on
# QEMU's pseries machine (TCG), booting KERNEL (kernels.conf; default 6.12)
# with the cross-built module. Two boots at a time (one per core), the
# stress boots alone.
# Prints a table of expected and observed answers and ends with
# "e2e KERNEL: N passed, N failed" over all test cases.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
. "$here/scenario.sh"

kernel=6.12
if [ "${1:-}" = -k ]; then
	kernel=$2
	shift 2
fi

# verdict DIR: p and f, the boot's passed and failed cases, and why, what
# failed beyond its cases: pcc_guest_trouble's findings, plans other than
# the scenario's blocks (pcc_plans: init.sh's own and its helpers', in
# order), or a case count other than their plans add up to.
verdict() {
	local d=$1 r=$1/results plans plan_why
	p=$(grep -c '^ok ' "$r" 2>/dev/null || true)
	f=$(grep -c '^not ok ' "$r" 2>/dev/null || true)
	why=$(pcc_guest_trouble "$r")
	read -r _ _ _ _ _ plans < "$d/expected"
	plan_why=$(pcc_plan_why "$r" "$plans")
	[ -z "$plan_why" ] || why=${why:+$why, }$plan_why
	[ -z "$why" ] || f=$((f + 1))
}

# --verdict DIR: a boot's verdict, "P F WHY" (tests/tool/run.sh feeds it
# made-up results, to show that it fails them).
if [ "${1:-}" = --verdict ]; then
	verdict "$2"
	echo "$p $f $why"
	exit 0
fi

# --one ID[:ABORT]: boot one scenario (run by the parallel loop below);
# with ABORT (NAME:N, the negative control) helper NAME is killed after N
# cases, in a directory of its own (ID-control).
if [ "${1:-}" = --one ]; then
	id=${2%%:*} abort=
	[ "$id" = "$2" ] || abort=${2#*:}
	out=$PCC_TOP/build/$kernel/e2e
	. "$out/kernel.env"
	# Declared, not found: a missing oracle fails the scenario.
	[ "$(pcc_kvm_answers "$kernel")" = - ] || PCC_ORACLE_KERNEL=1
	pcc_scenario "$kernel" "$id"
	d=$out/$id${abort:+-control}
	rm -rf "$d"
	mkdir -p "$d"
	echo "$modes $mask $backend $load $kvmhv $(pcc_plans | tr '\n' ,)" > "$d/expected"
	[ -z "$abort" ] || append+=" PCC_ABORT=$abort"
	# A stress boot's 2 vCPUs (the races) on this machine's 2 cores: alone
	# (see below), with room for TCG's slowness, and with the lockup and
	# RCU stall detectors at their longest thresholds rather than off.
	limit=180
	if [ "$suite" = stress ]; then
		limit=600
		append+=" watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=300"
	fi
	pcc_boot "$d" "$limit" -M "$machine" -cpu "$cpu" -smp "$smp" -m 1G \
		-kernel "$PCC_KVMLINUX" -initrd "$out/initrd.cpio" \
		-append "console=hvc0 quiet loglevel=4 panic=-1 panic_on_warn=1 $append"
	exit 0
fi

"$PCC_TOP/scripts/setup-host.sh"
# make check has just built the module (PCC_PREBUILT=1); alone, build it.
ko=$PCC_TOP/build/$kernel/ppc_compat_caps.ko
if [ -z "${PCC_PREBUILT:-}" ] || [ ! -f "$ko" ]; then
	ko=$("$PCC_TOP/scripts/build-module.sh" "$kernel")
fi
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$kernel")
. "$env"
out=$PCC_TOP/build/$kernel/e2e
rm -rf "$out"
pcc_e2e_root "$out/root" "$ko" init || die "cannot assemble the guest's root"
cp "$env" "$out/kernel.env"
# Upstream's KVM_PPC_GET_COMPAT_CAPS (7.3) as the oracle, built against the
# kernel's own uapi, on the kernels kernels.conf declares to have it; a
# declared kernel whose headers lack it fails the run, and so does one
# whose headers have it undeclared.
common=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$PCC_KHDR/Makefile")
has=-
grep -qs KVM_PPC_GET_COMPAT_CAPS "${common:-$PCC_KHDR}/include/uapi/linux/kvm.h" && has=ioctl
[ "$has" = "$(pcc_kvm_answers "$kernel")" ] ||
	die "$kernel: kernels.conf says KVM's own answer is '$(pcc_kvm_answers "$kernel")', its headers say '$has'"
if [ "$has" = ioctl ]; then
	uapi=$("$PCC_TOP/scripts/fetch-uapi.sh" "$kernel")
	"${CROSS_COMPILE}gcc" -static -O2 -Wall -Wextra -Werror -I"$uapi" \
		-I"$uapi/${CROSS_COMPILE%-}" -o "$out/root/bin/pcc_kvm_oracle" \
		"$here/pcc_kvm_oracle.c"
fi
# The kernel's own kvm-hv, the witness of what nesting this L1 can do.
"$PCC_TOP/scripts/kvm-modules.sh" "$env" "$out/root/kvm" > "$out/root/kvm/load-order"
(cd "$out/root" && find . | cpio -o -H newc --quiet) > "$out/initrd.cpio"

if [ $# -gt 0 ]; then
	ids=("$@")
else
	mapfile -t ids < <(awk '!/^#/ && NF { print $1 }' "$here/scenarios.tsv")
fi
# The harness's negative control, on one kernel's full run (6.12, or
# PCC_E2E_CONTROL_KERNEL): the contract helper killed after 5 of its
# cases must fail its scenario, by its exit status and its case count.
control=
[ "$kernel" != "${PCC_E2E_CONTROL_KERNEL:-6.12}" ] || [ $# -gt 0 ] || control=p10:contract:5
# Two 1-vCPU boots at a time, one per core; then each stress boot (2
# vCPUs) alone.
stress=$(awk -F'\t' '$15 == "stress" { print $1 }' "$here/scenarios.tsv")
start=$SECONDS
for id in "${ids[@]}"; do
	grep -qx "$id" <<<"$stress" || echo "$id"
done | cat - <(printf '%s\n' $control) | xargs -P 2 -I{} "$0" -k "$kernel" --one {}
for id in "${ids[@]}"; do
	if grep -qx "$id" <<<"$stress"; then echo "$id"; fi
done | xargs -r -P 1 -I{} "$0" -k "$kernel" --one {}

pass=0
fail=0
first=
: > "$out/summary.tsv"
printf '\n%-16s %-9s %-20s %-23s %-8s %-8s %-9s %s\n' scenario expected "expected mask" "observed mask" \
	"kvm-hv" observed cases result
for id in "${ids[@]}"; do
	d=$out/$id
	read -r modes mask backend load kvmhv _ < "$d/expected"
	verdict "$d"
	obs=$(sed -n 's/^# observed //p' "$d/results" 2>/dev/null | tr -d '\r')
	obs_mask=$(sed -n 's/.*mask=\([^ ]*\).*/\1/p' <<<"$obs")
	obs_backend=$(sed -n 's/.*backend=\([^ ]*\).*/\1/p' <<<"$obs")
	obs_kvmhv=$(sed -n 's/.*kvm-hv=\([^ ]*\).*/\1/p' <<<"$obs")
	if [ "$load" = OK ]; then
		exp="$backend"
		shown_mask="$mask"
	else
		exp="load $load"
		shown_mask="-"
		obs_mask=$(sed -n 's/.*load=\([^ ]*\).*/load \1/p' <<<"$obs")
	fi
	[ "$load" = OK ] && obs_mask="$obs_mask ${obs_backend#nested-}"
	result=PASS
	[ "$f" -eq 0 ] || result=FAIL
	printf '%-16s %-9s %-20s %-23s %-8s %-8s %4d/%-4d %s\n' "$id" "${exp#nested-}" \
		"$shown_mask" "${obs_mask:--}" "$kvmhv" "${obs_kvmhv:--}" "$p" $((p + f)) \
		"$result${why:+ ($why)}"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$result" "${obs_mask:--}" "${obs_kvmhv:--}" \
		"$(sed -n 's/^# kvm-hv-says [a-z]*:\{0,1\} *//p' "$d/results" 2>/dev/null |
			tr -d '\r' | head -n1)" \
		"$(sed -n 's/^# kvm-oracle //p' "$d/results" 2>/dev/null | tr -d '\r' | head -n1)" \
		>> "$out/summary.tsv"
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ] && [ -z "$first" ]; then
		first=$id
	fi
done
if [ -n "$control" ]; then
	verdict "$out/p10-control"
	r=$out/p10-control/results
	if [ "$f" -gt 0 ] && grep -q '^not ok - contract: exit status 0' "$r" &&
		[ "$(grep -c '^ok - contract: ' "$r")" -eq 5 ] &&
		[[ $why == *"cases, its plans add up to"* ]]; then
		pass=$((pass + 1))
		echo "ok - negative control: p10 with the contract helper killed after 5 cases fails ($why)"
	else
		fail=$((fail + 1))
		echo "not ok - negative control: p10 with the contract helper killed after 5 cases must fail # $f failed, ${why:-no reason}"
	fi
fi
if [ -n "$first" ]; then
	echo
	echo "first failure: $first"
	grep '^not ok' "$out/$first/results" 2>/dev/null || true
	echo "--- console tail:"
	tail -n 20 "$out/$first/console"
fi
echo "(${#ids[@]} boots of $PCC_KVER in $((SECONDS - start)) s)"
echo "e2e $kernel: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
