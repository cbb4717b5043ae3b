#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-module.sh KERNEL: cross-build ppc_compat_caps.ko for KERNEL (a name
# from kernels.conf) in build/KERNEL/, with W=1 and sparse on every file.
# Fails on any compiler or sparse diagnostic, and when sparse did not run.
# Prints the path of the module.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: build-module.sh KERNEL}
# Called from make (make demo, make -s cross): a parent's -s would silence
# kbuild's CHECK lines, by which we know that sparse ran.
unset MAKEFLAGS MFLAGS MAKELEVEL
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$name")
. "$env"
out=$PCC_TOP/build/$name
mkdir -p "$out"
# Kbuild writes objects beside the sources: build from a copy per kernel.
# debian/changelog: Kbuild takes the version from it.
rm -rf "$out/src" "$out/include" "$out/debian"
mkdir -p "$out/debian"
cp -a "$PCC_TOP/src" "$PCC_TOP/include" "$PCC_TOP/Kbuild" "$out/"
cp -a "$PCC_TOP/debian/changelog" "$out/debian/"

log=$out/build.log
if [ "${PCC_KBUILDER%%:*}" = chroot ]; then
	"$PCC_TOP/scripts/chroot-build.sh" "$name" "$out" >"$log" 2>&1 ||
		{ cat "$log" >&2; die "build failed for $name"; }
else
	make -C "$PCC_KHDR" M="$out" ARCH=powerpc CROSS_COMPILE="$CROSS_COMPILE" \
		W=1 C=2 modules >"$log" 2>&1 ||
		{ cat "$log" >&2; die "build failed for $name"; }
fi
if grep -E ': (warning|error):|^(warning|error):|^WARNING: modpost' "$log" >&2; then
	die "diagnostics in the $name build (W=1, sparse)"
fi
nsrc=$(find "$out/src" -name '*.c' | wc -l)
nchk=$(grep -c '^ *CHECK ' "$log" || true)
[ "$nchk" -ge "$nsrc" ] || die "sparse checked $nchk of $nsrc files for $name"
echo "$out/ppc_compat_caps.ko"
