#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# demo.sh: installs what is missing, fetches Debian's ppc64el kernel into
# the cache, cross-builds the module, boots an emulated Power11 LPAR in
# Power10 compatibility mode with PAPR nested API v2 (as PowerVM offers),
# and prints the module's answer beside what the raw PVR would suggest.
#   CPU=power11 COMPAT=power10 NESTED=papr KERNEL=6.12 (override any)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KERNEL=${KERNEL:-6.12}
CPU=${CPU:-power11}
COMPAT=${COMPAT:-power10}
NESTED=${NESTED:-papr}

"$PCC_TOP/scripts/setup-host.sh"
ko=$("$PCC_TOP/scripts/build-module.sh" "$KERNEL")
. "$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL")"
out=$PCC_TOP/build/$KERNEL/demo
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" "$out/root/dev" "$out/root/kvm"
pcc_guest_helpers "$out/root/bin" pcc_client
cp "$(pcc_tool_cross)" "$out/root/bin/ppc-compat-caps"
cp "$PCC_BUSYBOX" "$out/root/bin/busybox"
install -m 0755 "$PCC_TOP/demo/guest-init.sh" "$out/root/init"
cp "$PCC_TOP/tests/lib/guest.sh" "$out/root/"
cp "$ko" "$out/root/"
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL")
"$PCC_TOP/scripts/kvm-modules.sh" "$env" "$out/root/kvm" > "$out/root/kvm/load-order"
(cd "$out/root" && find . | cpio -o -H newc --quiet) > "$out/initrd.cpio"

machine=pseries,x-vof=on,cap-nested-$NESTED=on
[ "$COMPAT" = - ] || machine+=,max-cpu-compat=$COMPAT
echo "Emulated L1: QEMU -M $machine -cpu $CPU, Debian kernel $PCC_KVER"
echo
timeout 120 qemu-system-ppc64 -M "$machine" -accel tcg -cpu "$CPU" -smp 1 -m 1G \
	-nographic -vga none -no-reboot -kernel "$PCC_KVMLINUX" \
	-initrd "$out/initrd.cpio" -append 'console=hvc0 quiet loglevel=3 panic=-1' \
	-chardev file,id=results,path="$out/results" -device spapr-vty,chardev=results \
	</dev/null >"$out/console" 2>&1 || true
grep -q '^# done' "$out/results" 2>/dev/null || {
	tail -n 20 "$out/console" >&2
	die "the emulated L1 did not finish (console: $out/console)"
}
grep -v '^# done' "$out/results"
