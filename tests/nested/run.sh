#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [--strict] [ID...]: the nested scenarios of scenarios.tsv, one
# L0 -> L1 -> L2 boot each, one after the other (each L0 is a TCG QEMU that
# wants a core of its own). The L0 is the host's qemu-system-ppc64; with
# --strict, the strict L0 that build-strict-qemu.sh builds. Prints, per
# scenario, the L1's mask, the L1 QEMU's option and the L2's cpu-version
# beside what the scenario expects, and ends with "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
. "$PCC_TOP/tests/e2e/scenario.sh"
. "$here/lib.sh"

# The L1's kernel: PCC_NESTED_KERNEL (kernels.conf), 6.12 by default; the
# L2 boots the same one unless PCC_NESTED_L2_KERNEL names another.
KERNEL=${PCC_NESTED_KERNEL:-6.12}
# Each L0 boot is bounded on the host, each L2 boot inside the L1 (a QEMU
# that hit "KVM: unknown exit" pauses forever).
L0_TIMEOUT=${PCC_L0_TIMEOUT:-240}
L2_TIMEOUT=${PCC_L2_TIMEOUT:-120}

strict=
if [ "${1:-}" = --strict ]; then
	strict=1
	shift
fi

"$PCC_TOP/scripts/setup-host.sh"
l0=qemu-system-ppc64
l0_args=()
if [ -n "$strict" ]; then
	l0=$("$here/build-strict-qemu.sh")
	# Built without its firmware blobs (Debian's source has none): it
	# takes vof.bin from the host's qemu-system-data.
	[ -f /usr/share/qemu/vof.bin ] || die "no /usr/share/qemu/vof.bin (qemu-system-data)"
	l0_args=(-L /usr/share/qemu)
fi
ko=$("$PCC_TOP/scripts/build-module.sh" "$KERNEL")
# shellcheck source=/dev/null
. "$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL")"
qroot=$("$here/qemu-root.sh")
out=$PCC_TOP/build/nested
mkdir -p "$out"

# The L1's initramfs (lib.sh): the cached base, and a top with our init,
# module and command.
l1_base=$("$here/l1-base.sh" "$qroot" "$KERNEL" "${PCC_NESTED_L2_KERNEL:-$KERNEL}")
top=$out/top
pcc_nested_top "$top" "$l1_base" "$ko"
# The command the L1 asks, when tools/ builds; otherwise the L1 reads
# compat_caps itself (and the report says so).
# PCC_NESTED_NO_TOOL=1 takes the fallback on purpose, to test it.
tool_note="ppc-compat-caps --qemu (tools/, built static)"
if [ -n "${PCC_NESTED_NO_TOOL:-}" ]; then
	tool_note="fallback: first word of compat_caps (PCC_NESTED_NO_TOOL is set)"
elif [ ! -f "$PCC_TOP/tools/ppc-compat-caps.c" ]; then
	tool_note="fallback: first word of compat_caps (tools/ppc-compat-caps.c does not exist)"
elif ! cp "$(pcc_tool_cross 2>"$out/tool-build.log")" "$top/bin/" 2>>"$out/tool-build.log"; then
	rm -f "$top/bin/ppc-compat-caps"
	tool_note="fallback: first word of compat_caps (tools/ does not build: $out/tool-build.log)"
fi
l1_cpio=$(pcc_nested_pack "$top" "$l1_base")

if [ $# -gt 0 ]; then
	ids=("$@")
else
	mapfile -t ids < <(awk '!/^#/ && NF { print $1 }' "$here/scenarios.tsv")
fi

# pvr_bit PVR: the PPC_COMPAT_CAP_* bit of a logical PVR, 0 for others.
pvr_bit() {
	local m
	m=$(pcc_pvr_mode "$1") && pcc_modes_mask "$m" 2>/dev/null || echo 0
}
pvr_name() { pcc_pvr_mode "$1" || echo "not a Power9..11 mode"; }

# WARN() prints "WARNING: CPU: n PID: ..." after a "cut here" line.
bad='WARNING: CPU:|cut here|BUG:|Oops|Unable to handle|Call Trace|Kernel panic|UBSAN|segfault'
pass=0
fail=0
escapes=0
first=
l0_desc="$l0 ($("$l0" --version | head -n1))"
[ -z "$strict" ] || l0_desc="strict L0: Debian qemu $(cat "${l0%/*}/source-version") + qemu-l0-strict.patch, qemu-l0-faults.patch (unused)"
echo "L0: $l0_desc; L1 and L2: Debian $PCC_KVER"
echo "L1 QEMU: $(sed -n 's/^qemu-system-ppc \([^ ]*\) .*/\1/p' "$qroot/.packages") (Debian ppc64el); option from: $tool_note"
for id in "${ids[@]}"; do
	read -r _ cpu compat l1q modes l2mode strict_exp < <(awk -v id="$id" '$1 == id' "$here/scenarios.tsv") ||
		die "no scenario $id"
	exp_mask=0
	for m in ${modes//,/ }; do
		exp_mask=$((exp_mask | $(pvr_bit "$(pcc_mode_pvr "$m")")))
	done
	exp_mask=$(printf '0x%016x' "$exp_mask")
	newest=${modes%%,*}
	exp_opt=-
	[ "$l1q" = plain ] || exp_opt=max-cpu-compat=$newest
	exp_pvr=$(pcc_mode_pvr "$l2mode")
	# The escape: an L2 mode the L1 may not give.
	case ",$modes," in
	*",$l2mode,"*) escape= ;;
	*) escape=1 ;;
	esac
	refused=
	[ -z "$strict" ] || [ "$strict_exp" != refused ] || refused=1

	machine=pseries,x-vof=on,cap-nested-papr=on
	[ "$compat" = - ] || machine+=,max-cpu-compat=$compat
	d=$out/$id
	pcc_nested_boot "$d" "$L0_TIMEOUT" "$PCC_KVMLINUX" "$l1_cpio" "$l1q" "$L2_TIMEOUT" \
		"$l0" "${l0_args[@]}" -M "$machine" -cpu "$cpu"
	secs=$(cat "$d/seconds")
	r=$d/results.txt
	get() { sed -n "s/^$1 //p" "$r" | head -n1; }
	obs_mask=$(get l1-mask)
	obs_opt=$(get option)
	obs_pvr=$(get l2-cpu-version)
	l1dmesg=$(sed -n '/^# dmesg-begin/,/^# dmesg-end/p' "$r")
	why=()
	grep -q '^# done' "$r" || why+=("the L1 did not finish")
	grep '^insmod .* failed' "$r" >/dev/null && why+=("$(grep -m1 '^insmod .* failed' "$r")")
	[ "$obs_mask" = "$exp_mask" ] || why+=("L1 mask ${obs_mask:--}, expected $exp_mask")
	[ "$obs_opt" = "$exp_opt" ] || why+=("option ${obs_opt:--}, expected $exp_opt")
	if [ -n "$refused" ]; then
		# The strict L0 refuses what the L1's QEMU asks: no L2, and
		# the L1 kernel says why, as on PowerVM.
		[ "${obs_pvr:--}" = - ] || why+=("an L2 came up ($obs_pvr) although the L0 should refuse it")
		nested_err=$(grep -m1 'KVM-NESTEDv2: couldn.t set guest wide elements' <<<"$l1dmesg" || true)
		[ -n "$nested_err" ] ||
			why+=("no 'KVM-NESTEDv2: couldn't set guest wide elements' in the L1's log")
		qemu_err=$(sed -n '/^# l2-console-begin/,/^# l2-console-end/p' "$r" |
			grep -m1 'KVM: unknown exit' || true)
		[ -n "$qemu_err" ] || why+=("no 'KVM: unknown exit' from the L1's QEMU")
		verdict="refused by the L0, as expected"
	else
		[ "${obs_pvr:--}" = "$exp_pvr" ] || why+=("L2 cpu-version ${obs_pvr:--}, expected $exp_pvr")
		# Inside the mask the L1 itself reported: the check a user
		# cares about, independent of the expectations above.
		inside=
		if [[ $obs_mask =~ ^0x[0-9a-f]{16}$ ]] &&
			[ $(($(pvr_bit "${obs_pvr:--}") & obs_mask)) -ne 0 ]; then
			inside=1
		fi
		if [ -n "$escape" ]; then
			[ -z "$inside" ] && [ -n "$obs_pvr" ] && escapes=$((escapes + 1))
			[ -z "$inside" ] || why+=("the L2 stayed inside the mask: the bug this row shows did not happen")
			verdict="outside the mask: the escape, as expected"
		else
			[ -n "$inside" ] || why+=("the L2's mode is outside the L1's mask")
			verdict="inside the mask"
		fi
	fi
	if grep -Eq "$bad" <<<"$l1dmesg"; then
		why+=("L1 kernel log: $(grep -Em1 "$bad" <<<"$l1dmesg")")
	fi

	echo
	echo "$id: L0 -cpu $cpu -M $machine; L1 QEMU $(get l1-qemu)"
	printf '  %-16s %-38s expected %s\n' "L1 mask:" "${obs_mask:--} ($(get l1-caps))" "$exp_mask"
	printf '  %-16s %-38s expected %s\n' "QEMU option:" "${obs_opt:--}" "$exp_opt"
	if [ -n "$refused" ]; then
		printf '  %-16s %-38s expected none (refused)\n' "L2 cpu-version:" "${obs_pvr:--}"
		printf '  %-16s %s\n' "L1 kernel:" "${nested_err:--}" "L1 QEMU:" "${qemu_err:--}"
	else
		printf '  %-16s %-38s expected %s, %s\n' "L2 cpu-version:" \
			"${obs_pvr:--} ($(pvr_name "${obs_pvr:--}"))" "$exp_pvr" "$verdict"
	fi
	# Where the time went: L0 boot to the L1's init, the L1's setup,
	# the L2's whole run (seconds of the L1's clock).
	l2up=$(get l2-uptime)
	times="$secs s: L1 init at $(get l1-up-init) s, L2 QEMU from $(get l1-up-l2-start) to $(get l1-up-l2-end) s, L2 init at ${l2up:-(none)}${l2up:+ s}"
	if [ "${#why[@]}" -eq 0 ]; then
		echo "  PASS ($times)"
		pass=$((pass + 1))
	else
		msg=${why[0]}
		for w in "${why[@]:1}"; do
			msg+="; $w"
		done
		echo "  FAIL ($times): $msg"
		fail=$((fail + 1))
		[ -n "$first" ] || first=$id
	fi
done

# Without a row that shows the escape, a run cannot tell a fixed stack from
# a test that is blind to the bug.
if [ -z "$strict" ] && [ "$escapes" -eq 0 ]; then
	echo
	echo "FAIL: no scenario showed an L2 outside the L1's mask; this run does not prove that the test can see the bug"
	fail=$((fail + 1))
fi
if [ -n "$first" ]; then
	echo
	echo "first failure: $first (results: $out/$first/results.txt)"
	echo "--- L1 QEMU's L2 console:"
	sed -n '/^# l2-console-begin/,/^# l2-console-end/p' "$out/$first/results.txt" | tail -n 15
	echo "--- L0 console tail:"
	tail -n 15 "$out/$first/console"
fi
echo
echo "nested${strict:+ (strict L0)}: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
