#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: make check-qemu. QEMU's checkpatch on the series, the series
# applied to the pristine Debian source and cross-built (build.sh, cached),
# then the nested contrast of stock and patched L1 QEMU (contrast.sh).
# Ends with the time each step took.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

t0=$SECONDS
"$here/checkpatch.sh"
echo

# Patch 0001 is exactly what update-linux-headers.sh's steps make of the
# merged kernel's headers (linux-headers.sh), nothing written by hand.
t=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/linux-headers.sh" "$tmp/import.diff" 2>/dev/null
sed -n '/^diff --git/,/^-- $/p' "$here"/0001-*.patch | sed '$d' > "$tmp/0001.diff"
if ! diff -u "$tmp/import.diff" "$tmp/0001.diff" > "$tmp/d"; then
	head -n 40 "$tmp/d"
	die "0001 is not the header import linux-headers.sh makes"
fi
echo "0001: the import of Linux $(sed -n 's/.*Update kvm.h to Linux \([^ ]*\) .*/\1/p' \
	"$here"/0001-*.patch | head -n1)'s kvm.h, as linux-headers.sh makes it ($((SECONDS - t)) s)"
echo

t=$SECONDS
bin=$("$here/build.sh")
build_secs=$((SECONDS - t))
if [ "$build_secs" -ge "$(cat "${bin%/*}/build-seconds")" ]; then
	build_note="built in $build_secs s (-j${PCC_QEMU_JOBS:-2})"
else
	build_note="cached, $build_secs s (the build took $(cat "${bin%/*}/build-seconds") s)"
fi
echo "patched qemu-system-ppc64: $bin"
echo

t=$SECONDS
rc=0
"$here/contrast.sh" "$bin" || rc=$?
contrast_secs=$((SECONDS - t))

echo
echo "check-qemu times: QEMU cross build $build_note, nested contrast ${contrast_secs} s, total $((SECONDS - t0)) s"
exit "$rc"
