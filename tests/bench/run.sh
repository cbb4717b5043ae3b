#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh (make bench): boot the emulated L1 (Power11 in Power10 mode, 2
# vCPUs) twice per backend (nested-v2 with cap-nested-papr, nested-v1 with
# cap-nested-hv), run PCC_ROUNDS (default 12) interleaved rounds of
# pcc_bench in each beside the copy-floor module (tests/bench/floor), print
# the ratios with their spread and whether the two boots agree, and write
# build/bench/bench.json. Timings under TCG only mean something as ratios
# within one run. PCC_BENCH_KO=FILE measures another build of the module
# (an older commit's, say) against the same floors.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

kernel=${KERNEL:-6.12}
rounds=${PCC_ROUNDS:-12}
"$PCC_TOP/scripts/setup-host.sh"
ko=${PCC_BENCH_KO:-$("$PCC_TOP/scripts/build-module.sh" "$kernel")}
. "$("$PCC_TOP/scripts/fetch-kernel.sh" "$kernel")"
[ "$PCC_KBUILDER" = host ] || die "make bench builds its floor module on the host: KERNEL=6.12 or 6.1"
out=$PCC_TOP/build/bench
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" "$out/root/dev" "$out/floor"
cp "$here/floor/Kbuild" "$here/floor/pcc_copy_floor.c" "$out/floor/"
cp -a "$PCC_TOP/include" "$out/floor/"
make -s -C "$PCC_KHDR" M="$out/floor" ARCH=powerpc CROSS_COMPILE="$CROSS_COMPILE" \
	W=1 modules >"$out/floor.log" 2>&1 || { cat "$out/floor.log" >&2; die "copy floor build failed"; }
! grep -E ': (warning|error):' "$out/floor.log" >&2 || die "diagnostics in the copy floor build"
"${CROSS_COMPILE}gcc" -static -O2 -pthread -Wall -Wextra -Werror \
	-I"$PCC_TOP/include/uapi" -o "$out/root/bin/pcc_bench" "$here/pcc_bench.c"
cp "$PCC_BUSYBOX" "$out/root/bin/busybox"
install -m 0755 "$here/init.sh" "$out/root/init"
cp "$ko" "$out/root/ppc_compat_caps.ko"
cp "$out/floor/pcc_copy_floor.ko" "$out/root/"
(cd "$out/root" && find . | cpio -o -H newc --quiet) > "$out/initrd.cpio"

# variant:qemu-caps, each booted twice (boot a and b)
variants="nested-v2:cap-nested-papr=on nested-v1:cap-nested-hv=on"
for v in $variants; do
	for b in a b; do
		name=${v%%:*}-$b
		timeout 900 qemu-system-ppc64 \
			-M "pseries,x-vof=on,${v#*:},max-cpu-compat=power10" \
			-accel tcg,thread=multi -cpu power11 -smp 2 -m 1G -nographic -vga none \
			-no-reboot -kernel "$PCC_KVMLINUX" -initrd "$out/initrd.cpio" \
			-append "console=hvc0 quiet loglevel=3 panic=-1 PCC_MASK=0x6000000000000000 PCC_ROUNDS=$rounds" \
			-chardev file,id=results,path="$out/$name.results" \
			-device spapr-vty,chardev=results </dev/null >"$out/$name.console" 2>&1 || true
		grep -q '^# done' "$out/$name.results" && ! grep -q '^# insmod' "$out/$name.results" ||
			die "the $name benchmark did not finish (see $out/$name.results, $out/$name.console)"
	done
done
python3 "$here/report.py" "$out" "$rounds" \
	"$(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" $variants
