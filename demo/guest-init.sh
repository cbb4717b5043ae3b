#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the demo's emulated L1: what the raw PVR suggests, what the
# module says, written to /dev/hvc1 for the host to print.
. /guest.sh
SYS=/sys/class/misc/ppc_compat_caps

# /proc/cpuinfo: "cpu : POWER11 (architected), ..." and "(pvr 0082 1200)".
cpu=$(sed -n 's/^cpu[[:space:]]*: \([^,]*\).*/\1/p' /proc/cpuinfo | head -n1)
pvr=$(sed -n 's/.*(pvr \([0-9a-f]*\) \([0-9a-f]*\)).*/\1\2/p' /proc/cpuinfo | head -n1)
case $pvr in
0082*) raw=power11 ;;
0080*) raw=power10 ;;
004e*) raw=power9 ;;
*) raw=unknown ;;
esac
{
	echo "L1 /proc/cpuinfo cpu:     $cpu"
	echo "L1 raw PVR (mfpvr):       0x$pvr"
	echo "QEMU -cpu host today:     $raw   (chosen from the raw PVR)"
	echo
	# The kernel's own KVM first, as an L1 host boots.
	for m in $(cat /kvm/load-order); do
		insmod /kvm/$m.ko 2>/dev/null || break
	done
	if [ -d /sys/module/kvm_hv ]; then
		echo "insmod kvm.ko kvm-hv.ko:   ok (kvm-hv accepts nesting here)"
	else
		echo "insmod kvm-hv.ko:          refused: $(dmesg | grep kvm-hv | tail -n1 | sed 's/^\[[^]]*\] //')"
	fi
	insmod /ppc_compat_caps.ko && echo "insmod ppc_compat_caps.ko: ok"
	for a in backend compat_caps compat_caps_mask hypervisor_caps_mask \
		kvm_caps_mask cpu_version removed; do
		printf 'cat %s/%-21s %s\n' "$SYS" "$a:" "$(cat $SYS/$a 2>&1)"
	done
	printf '%-58s %s\n' "PPC_COMPAT_CAPS_GET ioctl:" "$(pcc_client get)"
	dmesg | grep 'ppc_compat_caps: load:' | sed 's/^\[[^]]*\] /dmesg: /'
	echo
	echo "\$ ppc-compat-caps"
	ppc-compat-caps
	echo "\$ ppc-compat-caps --qemu"
	ppc-compat-caps --qemu
	best=$(ppc-compat-caps --best)
	echo
	if [ -z "$best" ]; then
		echo "=> no mode is usable for a nested guest on this L1"
	else
		echo "=> newest mode a nested guest may use: $best"
		echo "   qemu-system-ppc64 -accel kvm -M pseries,$(ppc-compat-caps --qemu) -cpu host ..."
	fi
	echo "# done"
} >&3 2>&3
poweroff -f
