#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# contrast.sh QEMU: the nested contrast of the QEMU series. QEMU is the
# patched ppc64el qemu-system-ppc64 of build.sh.
#
# L0 = the host's QEMU, TCG, -cpu power11 -M
# pseries,cap-nested-papr=on,max-cpu-compat=power10, so the L1 is a Power11
# LPAR in Power10 mode. The L1's QEMU runs with -cpu host and no other
# option. One boot after the other:
#   6.12 stock:     Debian 6.12 L1 (kvm-hv, our module), Debian's
#                   qemu-system-ppc64: the L2 comes up in Power11 mode
#                   (cpu-version 0x0f000007), the bug;
#   6.12 patched:   the same L1 with QEMU laid over
#                   /usr/bin/qemu-system-ppc64: Power10 mode (0x0f000006),
#                   and QEMU says it chose so from /dev/ppc_compat_caps;
#   6.12 compat:    the patched QEMU given max-cpu-compat by hand
#                   (l1-init-compat.sh): power11 refused with the allowed
#                   modes named, power9 kept (0x0f000005);
#   7.3 stock:      Linux 7.3 L1 (upstream's KVM_PPC_GET_COMPAT_CAPS),
#                   without our module, Debian's QEMU: 7.3's kvm-hv
#                   refuses to run the L2 in Power11 mode (kvm run failed);
#   7.3 patched:    the same with the patched QEMU, not started (see
#                   below): it chose max-cpu-compat=power10 from
#                   KVM_PPC_GET_COMPAT_CAPS;
#   7.3 + module:   our module loaded too: both answer, they agree, and
#                   QEMU takes KVM's.
#
# The L1's initramfs and the L0 boot are tests/nested's (tests/nested/lib.sh:
# the cached base, a top with the patched binary as the L1's QEMU where a
# boot wants it). Results: build/qemu-contrast/NAME/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

qemu=${1:?usage: contrast.sh PATCHED_QEMU_SYSTEM_PPC64}
[ -f "$qemu" ] || die "$qemu does not exist"
L0_TIMEOUT=${PCC_L0_TIMEOUT:-300}
L2_TIMEOUT=${PCC_L2_TIMEOUT:-150}
nested=$PCC_TOP/tests/nested
for f in qemu-root.sh l1-base.sh lib.sh l1-init.sh l2-init.sh; do
	[ -f "$nested/$f" ] || die "tests/nested/$f is missing: the contrast reuses it"
done
. "$nested/lib.sh"

"$PCC_TOP/scripts/setup-host.sh"
qroot=$("$nested/qemu-root.sh")
sysroot=$("$here/sysroot.sh")
out=$PCC_TOP/build/qemu-contrast
rm -rf "$out"
mkdir -p "$out"

machine=pseries,x-vof=on,cap-nested-papr=on,max-cpu-compat=power10
fail=0
# boot NAME KERNEL BASE MODULE [QEMU [INIT]]: one L0 -> L1 -> L2 boot of
# KERNEL on BASE (l1-base.sh), our module loaded after KVM (MODULE=module)
# or not at all (none), QEMU (default Debian's) as the L1's QEMU, run
# without options (PCC_L1QEMU=plain) unless L1Q says otherwise, INIT (default
# tests/nested/l1-init.sh) as its /init. Results in $out/NAME.
boot() {
	local ko=- kenv l1
	[ "$4" = none ] || ko=$("$PCC_TOP/scripts/build-module.sh" "$2")
	pcc_nested_top "$out/top-$1" "$3" "$ko" "${6:-}" "${5:-}" "$qroot" "$sysroot"
	l1=$(pcc_nested_pack "$out/top-$1" "$3")
	kenv=$("$PCC_TOP/scripts/fetch-kernel.sh" "$2")
	pcc_nested_boot "$out/$1" "$L0_TIMEOUT" "$(. "$kenv" && echo "$PCC_KVMLINUX")" "$l1" \
		"${L1Q:-plain}" "$L2_TIMEOUT" qemu-system-ppc64 -M "$machine" -cpu power11
	rm -f "$l1"
}

# check NAME PVR [SOURCE]: print the boot's L2 lines; false unless the L2
# came up with cpu-version PVR and, with SOURCE, QEMU named SOURCE as where
# its choice came from, exactly once.
check() {
	local d=$out/$1 r=$out/$1/results.txt l2 v n
	l2=$(sed -n '/^# l2-console-begin/,/^# l2-console-end/p' "$r")
	v=$(sed -n 's/^l2-cpu-version //p' "$r" | head -n1)
	echo "$1, $(cat "$d/seconds") s:"
	echo "  L1:  l1-mask $(sed -n 's/^l1-mask //p' "$r" | head -n1) ($(sed -n 's/^l1-caps //p' "$r" | head -n1))"
	echo "  L2:  $(grep -m1 'pcc-l2: cpu-version' <<<"$l2" || echo '(no cpu-version line)')"
	grep -m1 'max-cpu-compat' <<<"$l2" | sed 's/^/  QEMU: /' || true
	if ! grep -q '^# done' "$r"; then
		echo "  FAIL: the L1 did not finish (console: $d/console)"
		return 1
	fi
	if [ "${v:--}" != "$2" ]; then
		echo "  FAIL: L2 cpu-version ${v:--}, expected $2"
		return 1
	fi
	if [ -n "${3:-}" ]; then
		n=$(grep -c "Using max-cpu-compat=.*($3: " <<<"$l2" || true)
		if [ "$n" != 1 ]; then
			echo "  FAIL: QEMU named $3 as the source of its choice $n times, expected once"
			return 1
		fi
	fi
	echo "  PASS: cpu-version $2${3:+, chosen from $3}"
}

echo "L0: $(qemu-system-ppc64 --version | head -n1), -cpu power11 -M $machine"
echo "L1 QEMU: -accel kvm -M pseries,x-vof=on,cap-hpt-max-page-size=4k -cpu host"
echo
b612=$("$nested/l1-base.sh" "$qroot" 6.12)
boot 6.12-stock 6.12 "$b612" module
check 6.12-stock 0x0f000007 || fail=$((fail + 1))
echo
boot 6.12-patched 6.12 "$b612" module "$qemu"
check 6.12-patched 0x0f000006 /dev/ppc_compat_caps || fail=$((fail + 1))
echo

boot 6.12-compat 6.12 "$b612" module "$qemu" "$here/l1-init-compat.sh"
r=$out/6.12-compat/results.txt
get() { sed -n "s/^$1 //p" "$r"; }
echo "6.12 patched L1 QEMU with max-cpu-compat set, $(cat "$out/6.12-compat/seconds") s:"
get power11-qemu | sed 's/^/  power11: /'
echo "  power11: exit $(get power11-exit), L2 cpu-version $(get power11-l2-cpu-version)"
get power9-qemu | sed 's/^/  power9:  /'
echo "  power9:  exit $(get power9-exit), L2 cpu-version $(get power9-l2-cpu-version)"
why=()
grep -q '^# done' "$r" || why+=("the L1 did not finish (console: $out/6.12-compat/console)")
[ "$(get power11-exit)" = 1 ] || why+=("max-cpu-compat=power11: exit $(get power11-exit), expected 1")
get power11-qemu | grep -q 'max-cpu-compat=power11 is not a compatibility mode this host allows' ||
	why+=("max-cpu-compat=power11: no refusal naming it")
get power11-qemu | grep -q 'Modes the host allows (/dev/ppc_compat_caps): power10, power9$' ||
	why+=("max-cpu-compat=power11: the allowed modes are not named")
[ "$(get power11-l2-cpu-version)" = - ] || why+=("max-cpu-compat=power11: an L2 came up")
[ "$(get power9-l2-cpu-version)" = 0x0f000005 ] ||
	why+=("max-cpu-compat=power9: L2 cpu-version $(get power9-l2-cpu-version), expected 0x0f000005")
! get power9-qemu | grep -q 'Using max-cpu-compat' ||
	why+=("max-cpu-compat=power9: QEMU announced a choice of its own")
if [ ${#why[@]} -eq 0 ]; then
	echo "  PASS: power11 refused with the allowed modes named, power9 kept"
else
	for w in "${why[@]}"; do
		echo "  FAIL: $w"
	done
	fail=$((fail + 1))
fi
echo

# Linux 7.3: KVM answers itself. A 7.3 L1 sets an L2 up but runs none
# under this TCG L0 (QEMU 10.0.2 and 10.2.2 alike: the L1 livelocks after
# entering the L2), so the patched QEMU is asked what it chose from its
# monitor, its vCPU never started (PCC_L1QEMU=probe).
b73=$("$nested/l1-base.sh" "$qroot" 7.3 6.12)
boot 7.3-stock 7.3 "$b73" none
r=$out/7.3-stock/results.txt
echo "7.3-stock, $(cat "$out/7.3-stock/seconds") s:"
echo "  L1:  $(grep -m1 '^l1-qemu-stopped' "$r" || echo 'l1-qemu-stopped (no)')"
echo "  L2:  $(grep -m1 '^l2-cpu-version' "$r" || echo 'l2-cpu-version (none)')"
# Raw Power11 mode, which this L1 may not give: 7.3's kvm-hv refuses to run it.
if grep -q '^l1-qemu-stopped after kvm run failed Invalid argument' "$r" &&
	grep -q '^l2-cpu-version -$' "$r"; then
	echo "  PASS: the L1's KVM refuses to run the L2 in Power11 mode (kvm run failed: EINVAL)"
else
	echo "  FAIL: expected 7.3's kvm-hv to refuse the L2 (kvm run failed Invalid argument)"
	fail=$((fail + 1))
fi
echo
# probe NAME SOURCE: the patched QEMU chose power10, from SOURCE, said once.
probe() {
	local r=$out/$1/results.txt c n
	c=$(sed -n 's/^l1-qemu-compat //p' "$r" | head -n1)
	n=$(sed -n '/^# l2-console-begin/,/^# l2-console-end/p' "$r" |
		grep -c "Using max-cpu-compat=power10, .*($2: power10, power9)" || true)
	echo "$1, $(cat "$out/$1/seconds") s:"
	echo "  L1:  l1-mask $(sed -n 's/^l1-mask //p' "$r" | head -n1) ($(sed -n 's/^l1-caps //p' "$r" | head -n1))"
	grep -m1 'Using max-cpu-compat' "$r" | sed 's/^/  QEMU: /' || true
	echo "  QEMU monitor: max-cpu-compat ${c:--}"
	if [ "$c" = power10 ] && [ "$n" = 1 ]; then
		echo "  PASS: max-cpu-compat=power10, chosen from $2"
		return 0
	fi
	echo "  FAIL: max-cpu-compat '${c:--}', the choice from $2 named $n times (expected power10, once)"
	return 1
}
L1Q=probe boot 7.3-patched 7.3 "$b73" none "$qemu"
probe 7.3-patched KVM_PPC_GET_COMPAT_CAPS || fail=$((fail + 1))
echo
L1Q=probe boot 7.3-module 7.3 "$b73" module "$qemu"
probe 7.3-module KVM_PPC_GET_COMPAT_CAPS || fail=$((fail + 1))
# Both answered: the module's modes are the ones QEMU took from KVM.
r=$out/7.3-module/results.txt
kvm_modes=$(sed -n 's/.*Using max-cpu-compat=.*(KVM_PPC_GET_COMPAT_CAPS: \(.*\))$/\1/p' "$r" |
	head -n1 | tr -d ',')
mod_modes=$(sed -n 's/^l1-caps //p' "$r" | head -n1)
if [ -n "$kvm_modes" ] && [ "$kvm_modes" = "$mod_modes" ]; then
	echo "  PASS: KVM ($kvm_modes) and the module ($mod_modes) agree; QEMU took KVM's"
else
	echo "  FAIL: KVM said '${kvm_modes:--}', the module '${mod_modes:--}'"
	fail=$((fail + 1))
fi
echo
if [ "$fail" -ne 0 ]; then
	echo "qemu contrast: FAIL ($fail)"
	exit 1
fi
echo "qemu contrast: PASS (6.12: stock Power11 mode, patched Power10 mode from the module; 7.3: stock refused by KVM, patched chooses Power10 from KVM)"
