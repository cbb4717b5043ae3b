#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: every test of the project, as `make check` runs it.
#   KERNELS="6.12 ..." picks the kernels (kernels.conf) for the cross build
#   and the end-to-end scenarios.
# Ends with "N passed, N failed" over all test cases.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

KERNELS=${KERNELS:-6.12}
pass=0
fail=0
summary=()

# step NAME CMD...: run a step; a step that prints "N passed, N failed"
# counts those, any other counts as one case, passed if it exits 0.
step() {
	local name=$1 logf counts p f rc
	shift
	logf=$(mktemp)
	echo "=== $name"
	"$@" 2>&1 | tee "$logf"
	rc=${PIPESTATUS[0]}
	counts=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$logf" | tail -n1)
	if [ -n "$counts" ]; then
		p=${counts%% passed*}
		f=${counts#*passed, }
		f=${f%% failed*}
		[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=$((f + 1))
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0
	else
		p=0 f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	summary+=("$(printf '%-34s %5d passed %3d failed' "$name" "$p" "$f")")
	rm -f "$logf"
}

start=$SECONDS
"$PCC_TOP/scripts/setup-host.sh" || die "cannot install the host packages"

step "unit tests (ASan, UBSan)" make -s -C "$PCC_TOP" unit
step "checkpatch --strict" make -s -C "$PCC_TOP" style
step "ioctl type byte unassigned" "$PCC_TOP/scripts/check-ioctl-number.sh"
for k in $KERNELS; do
	step "build $k (W=1, sparse)" "$PCC_TOP/scripts/build-module.sh" "$k"
	step "e2e scenarios on $k" "$PCC_TOP/tests/e2e/run.sh" -k "$k"
done

echo
echo "=== summary ($((SECONDS - start)) s)"
printf '%s\n' "${summary[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
