#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/teardown/run.sh (a step of make check): what a load, a failed load
# and an unload leave behind, on the stock 6.12 kernel (Debian's, which has
# CONFIG_OF_DYNAMIC: the device tree's nodes count their references). Three
# boots of an emulated Power11 LPAR in Power10 mode (tests/teardown/init.sh):
#   module  the first cpu node's references counted by pcc_of_refs before
#           the module loads and after it has rescanned and unloaded: equal;
#           then a load that fails in misc_register (pcc_misc_squatter has
#           the device's name) must leave no notifier: a cpu-version update
#           after it goes through, with no oops (panic_on_warn=1)
#   probe   the negative control: tests/debug's probe keeping a reference
#           (fault=of-node-ref) must show one more
# check-debug runs the same count on its debug kernel, and fails every
# allocation of a load there; this step needs no debug kernel. Ends with
# "teardown: N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
. "$PCC_TOP/tests/e2e/scenario.sh"
. "$PCC_TOP/tests/lib/tap.sh"

KERNEL=6.12
out=$PCC_TOP/build/teardown
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" "$out/root/dev"
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL") || die "no kernel $KERNEL"
. "$env"
ko=$PCC_TOP/build/$KERNEL/ppc_compat_caps.ko
[ -n "${PCC_PREBUILT:-}" ] && [ -f "$ko" ] || ko=$("$PCC_TOP/scripts/build-module.sh" "$KERNEL") ||
	die "the module does not build"
# The helper modules, each from a copy (Kbuild writes beside the sources).
unset MAKEFLAGS MFLAGS MAKELEVEL
for m in debug/refs:pcc_of_refs debug/probe:pcc_debug_probe teardown/squatter:pcc_misc_squatter; do
	mkdir -p "$out/${m#*:}"
	cp "$PCC_TOP/tests/${m%%:*}"/* "$out/${m#*:}/"
	make -C "$PCC_KHDR" M="$out/${m#*:}" ARCH=powerpc CROSS_COMPILE="$CROSS_COMPILE" \
		modules >"$out/${m#*:}/build.log" 2>&1 ||
		{ cat "$out/${m#*:}/build.log" >&2; die "${m#*:} does not build for $KERNEL"; }
	cp "$out/${m#*:}/${m#*:}.ko" "$out/root/"
done
cp "$ko" "$out/root/"
pcc_guest_helpers "$out/root/bin" pcc_client || die "pcc_client does not build"
cp "$PCC_BUSYBOX" "$out/root/bin/busybox"
cp "$PCC_TOP/tests/lib/tap.sh" "$PCC_TOP/tests/lib/guest.sh" "$out/root/"
install -m 0755 "$here/init.sh" "$out/root/init"
(cd "$out/root" && find . | cpio -o -H newc --quiet) > "$out/initrd.cpio"

pcc_scenario "$KERNEL" p11-in-p10
# boot NAME KO ARGS SQUAT: one boot.
boot() {
	mkdir -p "$out/$1"
	pcc_boot "$out/$1" 300 -M "$machine" -cpu "$cpu" -m 1G -kernel "$PCC_KVMLINUX" \
		-initrd "$out/initrd.cpio" -append "console=hvc0 quiet loglevel=4 panic=-1 \
		panic_on_warn=1 PCC_NODE_KO=$2 PCC_NODE_ARGS=$3 PCC_SQUAT=$4"
}
boot module ppc_compat_caps.ko - 1 &
boot probe pcc_debug_probe.ko fault=of-node-ref 0
wait

for b in module probe; do
	r=$out/$b/results
	grep -E '^(ok|not ok) - ' "$r" | sed "s/^\(ok\|not ok\) - /\1 - $b: /"
	TAP_PASS=$((TAP_PASS + $(grep -c '^ok - ' "$r")))
	TAP_FAIL=$((TAP_FAIL + $(grep -c '^not ok - ' "$r")))
	plans=refs,
	[ "$b" = probe ] || plans=refs,squat,
	why=$(pcc_guest_trouble "$r")
	plan_why=$(pcc_plan_why "$r" "$plans")
	expect "$b: the guest finished, a clean log, its plans' cases" "" \
		"$why${why:+${plan_why:+, }}$plan_why"
	read -r before after < <(tr -d '\r' < "$r" | sed -n 's/^# refs \([0-9a-z]*\) \([0-9a-z]*\)$/\1 \2/p')
	if [ "$b" = module ]; then
		expect "the cpu node's references: as many after the module as before" \
			"${before:-none} ${before:-none}" "${before:-none} ${after:-none}"
	else
		expect "negative control: the probe keeping one shows one more" \
			"${before:-none} $((${before:-0} + 1))" "${before:-none} ${after:-none}"
	fi
done
echo "teardown: $TAP_PASS passed, $TAP_FAIL failed"
[ "$TAP_FAIL" -eq 0 ] && [ "$TAP_PASS" -gt 0 ]
