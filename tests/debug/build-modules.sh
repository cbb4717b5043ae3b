#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-modules.sh DEBUG_ENV OUT: build, against the debug kernel that
# DEBUG_ENV (from build-kernel.sh) describes, with W=1 and sparse (C=2):
#   OUT/module/ppc_compat_caps.ko        the module itself
#   OUT/kunit/ppc_compat_caps_kunit.ko   its pure logic as KUnit suites
#   OUT/probe/pcc_debug_probe.ko         the deliberately broken probe
#   OUT/refs/pcc_of_refs.ko              the cpu node's reference count
# Kbuild writes objects beside the sources: each is built from a copy in
# OUT, never in the repository. Any compiler or sparse diagnostic fails
# the build, and so does a build in which sparse did not check every file.
# Prints one "ok"/"not ok" line per module.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
# Called from make (make -s check-debug): a parent's -s would silence
# kbuild's CHECK lines, by which we know that sparse ran.
unset MAKEFLAGS MFLAGS MAKELEVEL

env=${1:?usage: build-modules.sh DEBUG_ENV OUT}
out=${2:?usage: build-modules.sh DEBUG_ENV OUT}
# shellcheck source=/dev/null
. "$env"

# build NAME KO: make DIR's module and judge its log.
build() {
	local d=$out/$1 ko=$2 log=$out/$1/build.log nsrc nchk

	if ! make -C "$PCC_DK_OBJ" M="$d" ARCH=powerpc CROSS_COMPILE="$CROSS_COMPILE" \
		W=1 C=2 modules >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo "not ok - build $ko: make failed (log: $log)"
		return 1
	fi
	if grep -E ': (warning|error):|^(warning|error):|^WARNING: ' "$log" >&2; then
		echo "not ok - build $ko: diagnostics (W=1, sparse)"
		return 1
	fi
	nsrc=$(find "$d" -name '*.c' ! -name '*.mod.c' | wc -l)
	nchk=$(grep -c '^ *CHECK ' "$log" || true)
	if [ "$nchk" -lt "$nsrc" ]; then
		echo "not ok - build $ko: sparse checked $nchk of $nsrc files"
		return 1
	fi
	[ -f "$d/$ko" ] || { echo "not ok - build $ko: no $ko"; return 1; }
	echo "ok - build $ko (W=1, sparse on $nchk files, no diagnostics)"
}

rm -rf "$out/module" "$out/kunit" "$out/probe" "$out/refs"
mkdir -p "$out/module" "$out/kunit" "$out/probe" "$out/refs"
cp -a "$PCC_TOP/src" "$PCC_TOP/include" "$PCC_TOP/Kbuild" "$out/module/"
mkdir -p "$out/module/debian" && cp -a "$PCC_TOP/debian/changelog" "$out/module/debian/"
# The KUnit module links the pure logic only, as tests/kunit/Kbuild says.
mkdir -p "$out/kunit/src"
cp -a "$PCC_TOP"/src/{modes.c,hcall_status.c,request.c,caps_logic.h} "$out/kunit/src/"
cp -a "$PCC_TOP/include" "$PCC_TOP/tests/kunit/Kbuild" "$PCC_TOP/tests/lib/logic_cases.h" \
	"$PCC_TOP/tests/kunit/pcc_logic_kunit.c" "$out/kunit/"
cp -a "$here/probe/Kbuild" "$here/probe/pcc_debug_probe.c" "$out/probe/"
cp -a "$here/refs/Kbuild" "$here/refs/pcc_of_refs.c" "$out/refs/"

rc=0
build module ppc_compat_caps.ko || rc=1
build kunit ppc_compat_caps_kunit.ko || rc=1
build probe pcc_debug_probe.ko || rc=1
build refs pcc_of_refs.ko || rc=1
exit $rc
