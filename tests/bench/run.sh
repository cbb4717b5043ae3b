#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh: boot the emulated L1 twice (Power11 in Power10 mode, 2 vCPUs;
# nested-v2 with cap-nested-papr, nested-v1 with cap-nested-hv), run the
# benchmark in each, print one table and write build/bench/bench.json.
# Timings under TCG only mean something as ratios within one run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

kernel=${KERNEL:-6.12}
"$PCC_TOP/scripts/setup-host.sh"
ko=$("$PCC_TOP/scripts/build-module.sh" "$kernel")
. "$("$PCC_TOP/scripts/fetch-kernel.sh" "$kernel")"
out=$PCC_TOP/build/bench
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" "$out/root/dev"
"${CROSS_COMPILE}gcc" -static -O2 -pthread -Wall -Wextra -Werror \
	-I"$PCC_TOP/include/uapi" -o "$out/root/bin/pcc_bench" "$here/pcc_bench.c"
cp "$PCC_BUSYBOX" "$out/root/bin/busybox"
install -m 0755 "$here/init.sh" "$out/root/init"
cp "$ko" "$out/root/"
(cd "$out/root" && find . | cpio -o -H newc --quiet) > "$out/initrd.cpio"

# variant  machine caps          expected backend  mask (Power10 mode: P10|P9)
variants="nested-v2:cap-nested-papr=on nested-v1:cap-nested-hv=on"
for v in $variants; do
	name=${v%%:*}
	timeout 300 qemu-system-ppc64 \
		-M "pseries,x-vof=on,${v#*:},max-cpu-compat=power10" \
		-accel tcg,thread=multi -cpu power11 -smp 2 -m 1G -nographic -vga none \
		-no-reboot -kernel "$PCC_KVMLINUX" -initrd "$out/initrd.cpio" \
		-append "console=hvc0 quiet loglevel=3 panic=-1 PCC_MASK=0x6000000000000000" \
		-chardev file,id=results,path="$out/$name.results" \
		-device spapr-vty,chardev=results </dev/null >"$out/$name.console" 2>&1 || true
	grep -q '^# done' "$out/$name.results" ||
		die "the $name benchmark did not finish (see $out/$name.console)"
done
python3 "$here/report.py" "$out" "$(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" $variants
