#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# /init of the L1 for the third boot of contrast.sh: the patched QEMU with
# a max-cpu-compat given by hand, once outside the modes the host allows
# (power11: QEMU must refuse to start and name the allowed modes) and once
# inside them (power9: the L2 must come up in Power9 mode, and QEMU must
# not announce a choice of its own). It replaces tests/nested/l1-init.sh,
# whose L1 runs QEMU with no option or the command's one.
#
# Results go out as "key value" lines on /dev/hvc1, as in tests/nested/.
. /guest.sh
mkdir -p /tmp
say() { echo "$*" >&3; }

while read -r m; do
	err=$(insmod "/lib/modules/$m.ko" 2>&1) || say "insmod $m failed: $err"
done </lib/modules/load-order
say "l1-mask $(cat /sys/class/misc/ppc_compat_caps/compat_caps_mask 2>/dev/null || echo -)"

# l2 MODE: the L2 with -M pseries,max-cpu-compat=MODE; reports QEMU's exit
# code, its own lines (its name first, or the hint after an error) and
# the L2's cpu-version.
l2() {
	c=/tmp/l2-$1.console
	timeout "${PCC_L2_TIMEOUT:-90}" qemu-system-ppc64 -L /usr/share/qemu \
		-accel kvm -M "pseries,x-vof=on,cap-hpt-max-page-size=4k,max-cpu-compat=$1" \
		-cpu host -smp 1 -m 256M -nographic -vga none -no-reboot \
		-kernel /l2/vmlinux -initrd /l2/initrd.cpio \
		-append 'console=hvc0 quiet loglevel=1 panic=-1 nowatchdog' \
		</dev/null >"$c" 2>&1
	say "$1-exit $?"
	tr -d '\r' <"$c" | grep -e '^qemu-system-ppc64: ' -e '^Modes the host allows' |
		sed "s/^/$1-qemu /" >&3
	v=$(tr -d '\r' <"$c" | sed -n 's/.*pcc-l2: cpu-version //p' | head -n1)
	say "$1-l2-cpu-version ${v:--}"
}
l2 power11
l2 power9
say "# done"
poweroff -f
