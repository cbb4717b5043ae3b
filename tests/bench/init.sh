#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init of the benchmark: counts H_GUEST_GET_CAPABILITIES hypercalls
# (tracepoint powerpc:hcall_entry, opcode 0x460 = 1120) around the load and
# around 100000 GETs, loads the copy floor, then runs PCC_ROUNDS
# interleaved rounds of pcc_bench. Results go to /dev/hvc1.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing
exec 3>/dev/hvc1
T=/sys/kernel/tracing
E=$T/events/powerpc/hcall_entry

hcalls() { grep -c 'hcall_entry' $T/trace; }

echo 'opcode == 1120' > $E/filter
echo 1 > $E/enable
echo > $T/trace
insmod /ppc_compat_caps.ko $PCC_PARAMS || echo "# insmod failed" >&3
echo "hcalls_load=$(hcalls)" >&3
echo "backend=$(cat /sys/class/misc/ppc_compat_caps/backend)" >&3
echo > $T/trace
pcc_bench gets "$PCC_MASK" 100000
echo "gets_rc=$?" >&3
echo "hcalls_100000_gets=$(hcalls)" >&3
echo 0 > $E/enable
insmod /pcc_copy_floor.ko || echo "# insmod pcc_copy_floor failed" >&3
pcc_bench "$PCC_MASK" "$PCC_ROUNDS" > /rounds
echo "rounds_rc=$?" >&3
sed 's/^/round=/' /rounds >&3
echo "# done" >&3
poweroff -f
