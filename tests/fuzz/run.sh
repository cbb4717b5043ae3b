#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh SECONDS: build the libFuzzer target with ASan and UBSan and fuzz
# for SECONDS from the committed seed corpus (new inputs go to build/, not
# into the repo). Ends with "fuzz: N passed, N failed" (1 case: no crash).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${1:-20}
out=$top/build/fuzz
mkdir -p "$out/corpus"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$top/src" -I"$top/src/host" -I"$top/include/uapi" -I"$top/tests/unit" \
	-o "$out/fuzz_logic" "$here/fuzz_logic.c" "$top/tests/unit/user_mem.c" \
	"$top/src/modes.c" "$top/src/hcall_status.c" "$top/src/request.c"
if "$out/fuzz_logic" -max_total_time="$secs" -max_len=4200 -print_final_stats=1 \
	-artifact_prefix="$out/" "$out/corpus" "$here/corpus" >"$out/log" 2>&1; then
	grep -E 'stat::number_of_executed_units|stat::new_units_added' "$out/log" || true
	echo "fuzz: 1 passed, 0 failed"
else
	tail -n 30 "$out/log"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
