# SPDX-License-Identifier: GPL-2.0
# steps.sh: the steps of tests/check.sh and their summary (sourced).
#   step NAME CMD...   run a step; one that prints "N passed, N failed"
#                      counts those (none at all is a failure), any other
#                      counts as one case, passed if it exits 0
#   skip NAME WHY      a step not run: named in the summary and its last line
#   steps_done TIME    the summary (each step's cases and seconds); its
#                      last line "[skipped: ...; ]N passed, N failed";
#                      exit status 1 when a case failed
pass=0
fail=0
skipped=
summary=()

step() {
	local name=$1 logf counts p f rc t=$SECONDS
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
		[ $((p + f)) -gt 0 ] || f=1	# a step that ran no case
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0
	else
		p=0 f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	summary+=("$(printf '%-34s %5d passed %3d failed %5d s' "$name" "$p" "$f" \
		$((SECONDS - t)))")
	rm -f "$logf"
}

skip() {
	echo "=== $1: skipped ($2)"
	summary+=("$(printf '%-34s skipped (%s)' "$1" "$2")")
	skipped=${skipped:+$skipped, }"$1 ($2)"
}

steps_done() {
	echo
	echo "=== summary ($1)"
	printf '%s\n' "${summary[@]}"
	echo "${skipped:+skipped: $skipped; }$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
