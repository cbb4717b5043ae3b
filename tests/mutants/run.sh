#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [ID...]: make mutants. Each deliberate bug of mutants.tsv (all, or
# the IDs given) is applied to a clone of the tree's HEAD, and the suite's tiers
# run on that copy in order until one fails, which is the check that
# caught it:
#   unit     make unit (host tests of src/'s pure logic)
#   tool     make check-tool
#   build    scripts/build-module.sh 6.12 (W=1, sparse)
#   e2e      tests/e2e/run.sh -k 6.12 on $PCC_MUTANT_SCENARIOS
#   faults   tests/faults/run.sh (make check-faults), when its L0 is built
#   debug    tests/debug/check-debug.sh --only alloc,node on the debug
#            kernel: every allocation failed once, the cpu node's
#            references counted before and after
# A mutant that every tier passes survived. The unmutated copy runs first
# and must pass every tier, or no verdict means anything. Prints a table
# and ends with "N passed, N failed": mutants caught, mutants survived.
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
. "$PCC_TOP/tests/lib/tap.sh"

TABLE=$PCC_TOP/tests/mutants/mutants.tsv
SCENARIOS=${PCC_MUTANT_SCENARIOS:-p10 hv-p10 v2-forced-hv}
work=$PCC_CACHE/mutants
tree=$work/tree
mkdir -p "$work"
# The faults tier needs the strict L0, built once by check-nested-strict
# or check-faults (30 minutes cold): without it the tier is skipped, and
# the report says so.
faults=
ls "$PCC_CACHE"/nested/strict/qemu-*/qemu-system-ppc64 >/dev/null 2>&1 && faults=1

# tiers: the first tier that fails on the tree at $tree, or "none".
tiers() {
	local log=$work/$1.log
	: >"$log"
	if ! make -s -C "$tree" unit >>"$log" 2>&1; then echo unit; return; fi
	if ! make -s -C "$tree" check-tool >>"$log" 2>&1; then echo tool; return; fi
	if ! "$tree/scripts/build-module.sh" 6.12 >>"$log" 2>&1; then echo build; return; fi
	# shellcheck disable=SC2086
	if ! PCC_PREBUILT=1 "$tree/tests/e2e/run.sh" -k 6.12 $SCENARIOS >>"$log" 2>&1; then
		echo e2e
		return
	fi
	if [ -n "$faults" ] && ! "$tree/tests/faults/run.sh" >>"$log" 2>&1; then
		echo faults
		return
	fi
	if ! PCC_DEBUG_WORK=$work/debug "$tree/tests/debug/check-debug.sh" --only alloc,node >>"$log" 2>&1; then
		echo debug
		return
	fi
	echo none
}

# fresh: a clone of this tree's HEAD (a git tree, as checkpatch and the
# install checks want one), build products left out.
fresh() {
	rm -rf "$tree"
	git clone -q --shared "$PCC_TOP" "$tree"
}

# mutate ID: apply row ID of the table to $tree; fails unless the text
# to replace occurs exactly once.
mutate() {
	python3 - "$TABLE" "$1" "$tree" <<'EOF'
import sys
table, want, tree = sys.argv[1:]
for line in open(table):
    if line.startswith("#") or not line.strip():
        continue
    mid, path, old, new, _ = line.rstrip("\n").split("\t")
    if mid != want:
        continue
    unesc = lambda s: s.replace("\\n", "\n").replace("\\t", "\t")
    old, new = unesc(old), unesc(new)
    text = open(f"{tree}/{path}").read()
    if text.count(old) != 1:
        sys.exit(f"{mid}: the text to replace occurs {text.count(old)} times in {path}")
    open(f"{tree}/{path}", "w").write(text.replace(old, new))
    sys.exit(0)
sys.exit(f"{want}: no such mutant")
EOF
}

if [ $# -gt 0 ]; then
	ids=("$@")
else
	mapfile -t ids < <(awk -F'\t' '!/^#/ && NF { print $1 }' "$TABLE")
fi
start=$SECONDS

echo "# control: the unmutated tree"
fresh
caught=$(tiers control)
if [ "$caught" != none ]; then
	notok "control: the unmutated tree passes every tier" "$(tail -n 30 "$work/control.log")"
	tap_done
	exit 1
fi
ok "control: the unmutated tree passes every tier"

rows=()
for id in "${ids[@]}"; do
	fresh
	if ! out=$(mutate "$id" 2>&1); then
		notok "$id: applies" "$out"
		continue
	fi
	t=$SECONDS
	caught=$(tiers "$id")
	what=$(awk -F'\t' -v id="$id" '$1 == id { print $5 }' "$TABLE")
	rows+=("$(printf '%-21s %-6s %4d s  %s' "$id" "$caught" $((SECONDS - t)) "$what")")
	if [ "$caught" = none ]; then
		notok "$id: caught ($what)" "survived every tier"
	else
		ok "$id: caught by $caught ($what)"
	fi
done
rm -rf "$tree"

echo
printf '%-21s %-6s %6s  %s\n' mutant caught time "what it breaks"
printf '%s\n' "${rows[@]}"
echo "(${#ids[@]} mutants in $((SECONDS - start)) s; e2e scenarios: $SCENARIOS;" \
	"faults tier: $([ -n "$faults" ] && echo run || echo "skipped, no L0 built"))"
tap_done
