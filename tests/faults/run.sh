#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [ID...]: make check-faults. Each scenario of scenarios.tsv boots
# the 6.12 L1 (QEMU pseries, TCG, -cpu power10, cap-nested-papr=on) under
# the L0 of tests/nested/build-strict-qemu.sh, whose H_GUEST_GET_CAPABILITIES
# follows the scenario's x-guest-caps-script (qemu-l0-faults.patch), and
# runs its steps (tests/faults/init.sh). Beyond the guest's cases: the
# number of calls the L0 saw, the guest finished, no WARN/BUG/oops in its
# log, and a case count equal to the scenario's. Two boots at a time.
# Ends with "check-faults: N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
. "$PCC_TOP/tests/lib/tap.sh"

KERNEL=6.12
out=$PCC_TOP/build/faults

# row ID: the scenario's columns into id params script steps calls errlines what.
row() {
	IFS=$'\t' read -r id params script steps calls errlines what < <(
		awk -F'\t' -v id="$1" '$1 == id' "$here/scenarios.tsv")
	[ -n "${what:-}" ] || die "scenario $1: not a row of 7 columns"
}

# --one ID [SCRIPT]: boot one scenario; with SCRIPT (the negative
# control) the L0 follows SCRIPT instead, in ID-control.
if [ "${1:-}" = --one ]; then
	row "$2"
	. "$out/kernel.env"
	d=$out/$id${3:+-control}
	script=${3:-$script}
	rm -rf "$d"
	mkdir -p "$d"
	# QEMU's option syntax: a comma inside a value is written twice.
	PCC_QEMU=$(cat "$out/l0") pcc_boot "$d" 300 -L /usr/share/qemu \
		-M "pseries,x-vof=on,cap-nested-papr=on,x-guest-caps-script=${script//,/,,}" \
		-cpu power10 -smp 1 -m 1G -kernel "$PCC_KVMLINUX" -initrd "$out/initrd.cpio" \
		-append "console=hvc0 quiet loglevel=4 panic=-1 panic_on_warn=1 PCC_PARAMS=$params PCC_STEPS=$steps PCC_ERRLINES=$errlines"
	exit 0
fi

start=$SECONDS
"$PCC_TOP/scripts/setup-host.sh" >/dev/null || die "cannot install the host packages"
[ -f /usr/share/qemu/vof.bin ] || die "no /usr/share/qemu/vof.bin (qemu-system-data)"
l0=$("$PCC_TOP/tests/nested/build-strict-qemu.sh") || die "cannot build the L0"
ko=$("$PCC_TOP/scripts/build-module.sh" "$KERNEL") || die "cannot build the module"
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL") || die "no kernel $KERNEL"
# shellcheck source=/dev/null
. "$env"
rm -rf "$out"
mkdir -p "$out"
cp "$env" "$out/kernel.env"
echo "$l0" >"$out/l0"
pcc_e2e_root "$out/root" "$ko" e2e-init.sh &&
	install -m 0755 "$here/init.sh" "$out/root/init" ||
	die "cannot assemble the guest's root"
(cd "$out/root" && find . | cpio -o -H newc --quiet) >"$out/initrd.cpio"

if [ $# -gt 0 ]; then
	ids=("$@")
else
	mapfile -t ids < <(awk -F'\t' '!/^#/ && NF { print $1 }' "$here/scenarios.tsv")
fi
# The negative control: busy-16's expectations under an L0 that answers
# busy 15 times only, so that the module loads where EBUSY is expected.
"$0" --one busy-16 "$(printf '1,%.0s' $(seq 15))ok" &
printf '%s\n' "${ids[@]}" | xargs -P 2 -I{} "$0" --one {}
wait

rows=()
for id in "${ids[@]}"; do
	row "$id"
	d=$out/$id
	r=$d/results
	# The guest's own cases, to the main channel.
	grep -E '^(ok|not ok) ' "$r" 2>/dev/null | sed "s/^\(not ok\|ok\) - /\1 - $id: /" >"$d/cases"
	cat "$d/cases"
	p=$(grep -c '^ok ' "$d/cases")
	f=$(grep -c '^not ok ' "$d/cases")
	TAP_PASS=$((TAP_PASS + p))
	TAP_FAIL=$((TAP_FAIL + f))
	# What the steps report, step by step (init.sh): load OK 4, a failed
	# load 5, rescan 4, removed 1; then the error lines.
	want=1
	for s in ${steps//\// }; do
		case $s in
		load=OK:*) want=$((want + 4)) ;;
		load=*) want=$((want + 5)) ;;
		rescan=*) want=$((want + 4)) ;;
		removed=* | within=*) want=$((want + 1)) ;;
		esac
	done
	seen=$(grep -c 'x-guest-caps-script: H_GUEST_GET_CAPABILITIES call' "$d/console")
	expect "$id: the L0 saw $calls H_GUEST_GET_CAPABILITIES calls" "$calls" "$seen"
	why=$(pcc_guest_trouble "$r")
	[ $((p + f)) -eq "$want" ] || why=${why:+$why, }"$((p + f)) cases, the scenario has $want"
	if [ -n "$why" ]; then
		notok "$id: the boot ($why)" "$(tail -n 15 "$d/console")"
	else
		ok "$id: the boot (finished, a clean log, $want cases)"
	fi
	result=PASS
	[ "$f" -eq 0 ] && [ -z "$why" ] && [ "$seen" = "$calls" ] || result=FAIL
	rows+=("$(printf '%-18s %2s/%-3s %-6s %s' "$id" "$seen" "$calls" "$((p + f))" "$result  $what")")
done
if grep -q '^not ok - step 1: load (backend=nested-v2) # expected .EBUSY., got .OK.' \
	"$out/busy-16-control/results"; then
	ok "negative control: busy-16's checks fail under an L0 busy 15 times only"
else
	notok "negative control: busy-16's checks fail under an L0 busy 15 times only" \
		"$(grep -E '^(ok|not ok)' "$out/busy-16-control/results" 2>&1)"
fi
printf '\n%-18s %-6s %-6s %s\n' scenario calls cases "result  what"
printf '%s\n' "${rows[@]}"
echo "(${#ids[@]} boots in $((SECONDS - start)) s; L0: Debian qemu $(cat "${l0%/*}/source-version") + qemu-l0-strict.patch, qemu-l0-faults.patch)"
echo "check-faults: $TAP_PASS passed, $TAP_FAIL failed"
[ "$TAP_FAIL" -eq 0 ] && [ "$TAP_PASS" -gt 0 ]
