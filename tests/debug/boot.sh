#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# boot.sh DIR VMLINUX INITRD CPU MACHINE_CAPS SMP TIMEOUT ARGS...: boot one
# guest of `make check-debug` on QEMU's pseries machine (TCG) and keep its
# console in DIR/console, what it reports on /dev/hvc1 (a channel of its
# own, so nothing the kernel prints can pass for a result) in DIR/results,
# and the boot's wall time in DIR/seconds. MACHINE_CAPS: extra -M options
# after a comma, or -. ARGS: the rest of the kernel command line.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

dir=$1 vmlinux=$2 initrd=$3 cpu=$4 caps=$5 smp=$6 timeout=$7
shift 7
machine=pseries,x-vof=on
[ "$caps" = - ] || machine+=,$caps

rm -rf "$dir"
mkdir -p "$dir"
start=$SECONDS
# 2G: KASAN keeps an eighth of it as shadow. The log buffer holds a whole
# run (KUnit, 100 load/unload cycles) so that nothing scrolls out before
# the guest dumps it.
pcc_boot "$dir" "$timeout" -M "$machine" -cpu "$cpu" -smp "$smp" -m 2G \
	-kernel "$vmlinux" -initrd "$initrd" \
	-append "console=hvc0 quiet loglevel=4 panic=-1 log_buf_len=4M $*"
echo $((SECONDS - start)) > "$dir/seconds"
