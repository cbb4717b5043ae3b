#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# contrast.sh QEMU: the nested contrast of the QEMU series. QEMU is the
# patched ppc64el qemu-system-ppc64 of build.sh.
#
# Scenario: L0 = the host's QEMU, TCG, -cpu power11 -M
# pseries,cap-nested-papr=on,max-cpu-compat=power10, so the L1 is a Power11
# LPAR in Power10 mode; the L1 (Debian 6.12, kvm-hv, our module) runs its
# QEMU with -cpu host and no other option. Two boots, one after the other:
#   stock:   Debian's qemu-system-ppc64 (bookworm-backports) as the L1's QEMU:
#            the L2 must come up in Power11 mode (cpu-version 0x0f000007);
#   patched: the same L1 with QEMU laid over /usr/bin/qemu-system-ppc64:
#            Power10 mode (0x0f000006), and the QEMU says it chose so.
# A third boot gives the patched QEMU a max-cpu-compat by hand
# (l1-init-compat.sh): power11 must be refused with the allowed modes
# named, power9 must give an L2 in Power9 mode (0x0f000005).
#
# tests/nested/ has no hook for another L1 QEMU, so its parts are reused
# as they are (the QEMU root, the cached L1 base, the L1 and L2 inits)
# and the patched binary travels in a third cpio archive after the two of
# tests/nested/run.sh; the kernel unpacks them in order, later files
# replacing earlier ones. Results: build/qemu-contrast/{stock,patched}/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

qemu=${1:?usage: contrast.sh PATCHED_QEMU_SYSTEM_PPC64}
[ -f "$qemu" ] || die "$qemu does not exist"
KERNEL=6.12
MULTIARCH=powerpc64le-linux-gnu
L0_TIMEOUT=${PCC_L0_TIMEOUT:-300}
L2_TIMEOUT=${PCC_L2_TIMEOUT:-150}
nested=$PCC_TOP/tests/nested
for f in qemu-root.sh l1-base.sh l1-init.sh l2-init.sh; do
	[ -f "$nested/$f" ] || die "tests/nested/$f is missing: the contrast reuses it"
done

"$PCC_TOP/scripts/setup-host.sh"
ko=$("$PCC_TOP/scripts/build-module.sh" "$KERNEL")
# shellcheck source=/dev/null
. "$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL")"
qroot=$("$nested/qemu-root.sh")
base=$("$nested/l1-base.sh" "$qroot")
out=$PCC_TOP/build/qemu-contrast
rm -rf "$out"
mkdir -p "$out"

# The top archive, as tests/nested/run.sh makes it, without the command:
# the L1 QEMU runs without options here (PCC_L1QEMU=plain).
top=$out/top
mkdir -p "$top/bin" "$top/lib/modules" "$top/proc" "$top/sys" "$top/dev" "$top/tmp"
install -m 0755 "$nested/l1-init.sh" "$top/init"
cp "$ko" "$top/lib/modules/ppc_compat_caps.ko"
{ cat "$base.load-order"; echo ppc_compat_caps; } > "$top/lib/modules/load-order"
(cd "$top" && find . | cpio -o -H newc --quiet) > "$out/top.cpio"

# The overlay: the patched binary, and any library it needs that the
# stock root lacks (none expected: both link against bookworm's).
ov=$out/overlay
mkdir -p "$ov/usr/bin" "$ov/usr/lib/$MULTIARCH"
install -m 0755 "$qemu" "$ov/usr/bin/qemu-system-ppc64"
sysroot=$("$here/sysroot.sh")
for lib in $("${CROSS_COMPILE}readelf" -d "$qemu" |
		sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p'); do
	[ ! -e "$qroot/usr/lib/$MULTIARCH/$lib" ] || continue
	[ "$lib" != ld64.so.2 ] || continue
	src=$(find "$sysroot" -name "$lib" | head -n1)
	[ -n "$src" ] || die "the patched QEMU needs $lib, which neither the stock root nor the sysroot has"
	cp -L "$src" "$ov/usr/lib/$MULTIARCH/$lib"
	log "overlay: $lib from the sysroot"
done
(cd "$ov" && find . | cpio -o -H newc --quiet) > "$out/overlay.cpio"
# The third boot's /init.
ci=$out/compat-init
mkdir -p "$ci"
install -m 0755 "$here/l1-init-compat.sh" "$ci/init"
(cd "$ci" && find . | cpio -o -H newc --quiet) > "$out/compat-init.cpio"

machine=pseries,x-vof=on,cap-nested-papr=on,max-cpu-compat=power10
fail=0
# boot NAME CPIO...: one L0 -> L1 -> L2 boot, results in $out/NAME.
boot() {
	local name=$1 d=$out/$1 t0
	shift
	mkdir -p "$d"
	cat "$@" > "$d/l1.cpio"
	t0=$SECONDS
	# nowatchdog, rcu_cpu_stall_suppress: as in tests/nested/run.sh, a
	# TCG vCPU starved by a busy host must not pass for a hung kernel.
	timeout "$L0_TIMEOUT" qemu-system-ppc64 -M "$machine" -accel tcg -cpu power11 \
		-smp 1 -m 4G -nographic -vga none -no-reboot \
		-kernel "$PCC_KVMLINUX" -initrd "$d/l1.cpio" \
		-append "console=hvc0 quiet loglevel=4 panic=-1 nowatchdog rcupdate.rcu_cpu_stall_suppress=1 PCC_L1QEMU=plain PCC_L2_TIMEOUT=$L2_TIMEOUT" \
		-chardev file,id=results,path="$d/results" \
		-device spapr-vty,chardev=results \
		</dev/null >"$d/console" 2>&1 || echo "L0 qemu exit $?" >>"$d/console"
	echo $((SECONDS - t0)) > "$d/seconds"
	rm -f "$d/l1.cpio"
	# The hvc's tty turns each newline into CR LF.
	touch "$d/results"
	tr -d '\r' <"$d/results" >"$d/results.txt"
}

# check NAME PVR: print the boot's L2 lines; false unless the L2 came up
# with cpu-version PVR.
check() {
	local d=$out/$1 r=$out/$1/results.txt l2 v
	l2=$(sed -n '/^# l2-console-begin/,/^# l2-console-end/p' "$r")
	v=$(sed -n 's/^l2-cpu-version //p' "$r" | head -n1)
	echo "$1 L1 QEMU ($(sed -n 's/^l1-qemu //p' "$r" | head -n1)), $(cat "$d/seconds") s:"
	echo "  L1:  l1-mask $(sed -n 's/^l1-mask //p' "$r" | head -n1) ($(sed -n 's/^l1-caps //p' "$r" | head -n1))"
	echo "  L1:  $(grep -m1 '^l2-cpu-version' "$r" || echo 'l2-cpu-version (none)')"
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
	echo "  PASS: cpu-version $2"
}

echo "L0: $(qemu-system-ppc64 --version | head -n1), -cpu power11 -M $machine"
echo "L1 and L2: Debian $PCC_KVER; L1 QEMU: -accel kvm -M pseries,x-vof=on,cap-hpt-max-page-size=4k -cpu host"
echo
boot stock "$base" "$out/top.cpio"
check stock 0x0f000007 || fail=$((fail + 1))
echo
boot patched "$base" "$out/top.cpio" "$out/overlay.cpio"
check patched 0x0f000006 || fail=$((fail + 1))
# The series says what it chose, once.
n=$(sed -n '/^# l2-console-begin/,/^# l2-console-end/p' "$out/patched/results.txt" |
	grep -c 'Using max-cpu-compat=' || true)
if [ "$n" != 1 ]; then
	echo "  FAIL: the patched QEMU printed its max-cpu-compat choice $n times, expected once"
	fail=$((fail + 1))
fi
echo

boot compat "$base" "$out/top.cpio" "$out/overlay.cpio" "$out/compat-init.cpio"
r=$out/compat/results.txt
get() { sed -n "s/^$1 //p" "$r"; }
echo "patched L1 QEMU with max-cpu-compat set, $(cat "$out/compat/seconds") s:"
get power11-qemu | sed 's/^/  power11: /'
echo "  power11: exit $(get power11-exit), L2 cpu-version $(get power11-l2-cpu-version)"
get power9-qemu | sed 's/^/  power9:  /'
echo "  power9:  exit $(get power9-exit), L2 cpu-version $(get power9-l2-cpu-version)"
why=()
grep -q '^# done' "$r" || why+=("the L1 did not finish (console: $out/compat/console)")
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
if [ "$fail" -ne 0 ]; then
	echo "qemu contrast: FAIL ($fail)"
	exit 1
fi
echo "qemu contrast: PASS (stock: Power11 mode, patched: Power10 mode)"
