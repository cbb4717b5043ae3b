#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [ID...]: make mutants. Each deliberate bug of mutants.tsv (all, or
# the IDs given) is applied to a clone of the tree's HEAD and the step of
# make check that its row names runs on that copy; the mutant counts as
# caught only when that step reports the row's case as failed ("not ok -
# CASE..."). A step that fails without that case is an error of the
# harness (a download, a flaky boot, another check), not a catch. The
# steps, each a part of make check:
#   unit         make unit
#   tool         make check-tool
#   e2e:ID       tests/e2e/run.sh -k 6.12 ID (its case lines from the boot)
#   faults:ID    tests/faults/run.sh ID (check-faults)
#   teardown     tests/teardown/run.sh
# The unmutated copy runs every step the table names first and must pass
# them all. Prints a table and ends with "N passed, N failed": mutants
# caught, mutants not caught (survived, or the step failed otherwise).
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
. "$PCC_TOP/tests/lib/tap.sh"

TABLE=$PCC_TOP/tests/mutants/mutants.tsv
work=$PCC_CACHE/mutants
tree=$work/tree
mkdir -p "$work"

# field ID N: column N of row ID.
field() { awk -F'\t' -v id="$1" -v n="$2" '!/^#/ && $1 == id { print $n }' "$TABLE"; }

# step STEP LOG: run make check's STEP on $tree, its output (and for e2e
# the boot's own case lines) in LOG; the step's exit status.
step() {
	local rc
	case $1 in
	unit) make -s -C "$tree" unit ;;
	tool) make -s -C "$tree" check-tool ;;
	e2e:*) "$tree/tests/e2e/run.sh" -k 6.12 "${1#e2e:}"
		rc=$?
		cat "$tree/build/6.12/e2e/${1#e2e:}/results" 2>/dev/null
		return $rc ;;
	faults:*) "$tree/tests/faults/run.sh" "${1#faults:}" ;;
	teardown) "$tree/tests/teardown/run.sh" ;;
	*) echo "unknown step $1"; return 2 ;;
	esac
} > "$2" 2>&1

# fresh: a clone of this tree's HEAD (a git tree, as checkpatch and the
# install checks want one), build products left out.
fresh() {
	rm -rf "$tree"
	git clone -q --shared "$PCC_TOP" "$tree"
}

# mutate ID: apply row ID of the table to $tree; fails unless the text
# to replace occurs exactly once.
mutate() {
	python3 - "$TABLE" "$1" "$tree" <<'EOP'
import sys
table, want, tree = sys.argv[1:]
for line in open(table):
    if line.startswith("#") or not line.strip():
        continue
    mid, path, old, new = line.rstrip("\n").split("\t")[:4]
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
EOP
}

# judge RC LOG CASE: a mutated step's verdict from its exit status and log.
judge() {
	if [ "$1" -eq 0 ]; then
		echo survived
	elif grep -q -F -- "not ok - $3" "$2"; then
		echo caught
	else
		echo "failed otherwise"
	fi
}

# --judge RC LOG CASE: judge's verdict alone (tests/tool/run.sh's controls).
if [ "${1:-}" = --judge ]; then
	judge "$2" "$3" "$4"
	exit 0
fi

if [ $# -gt 0 ]; then
	ids=("$@")
else
	mapfile -t ids < <(awk -F'\t' '!/^#/ && NF { print $1 }' "$TABLE")
fi
start=$SECONDS

echo "# control: the unmutated tree passes every step the mutants name"
fresh
for s in $(for id in "${ids[@]}"; do field "$id" 5; done | sort -u); do
	if step "$s" "$work/control-${s//[:\/]/-}.log"; then
		ok "control: $s passes"
	else
		notok "control: $s passes" "$(grep '^not ok' "$work/control-${s//[:\/]/-}.log" | head -n 20)"
	fi
done
[ "$TAP_FAIL" -eq 0 ] || { tap_done; exit 1; }

rows=()
for id in "${ids[@]}"; do
	fresh
	if ! out=$(mutate "$id" 2>&1); then
		notok "$id: applies" "$out"
		continue
	fi
	s=$(field "$id" 5) want=$(field "$id" 6) what=$(field "$id" 7)
	t=$SECONDS
	log=$work/$id.log
	step "$s" "$log"
	verdict=$(judge $? "$log" "$want")
	rows+=("$(printf '%-22s %-18s %-16s %4d s  %s' "$id" "$s" "$verdict" $((SECONDS - t)) "$what")")
	if [ "$verdict" = caught ]; then
		ok "$id: caught by $s: $want"
	else
		notok "$id: caught by $s: $want ($verdict)" "$(grep '^not ok' "$log" | head -n 10)"
	fi
done
rm -rf "$tree"

echo
printf '%-22s %-18s %-16s %6s  %s\n' mutant step verdict time "what it breaks"
printf '%s\n' "${rows[@]}"
echo "(${#ids[@]} mutants in $((SECONDS - start)) s)"
tap_done
