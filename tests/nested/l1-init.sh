#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# /init of the emulated L1 of the nested tests: load KVM and the module,
# choose the L1 QEMU's options as the scenario says, boot the L2 and report.
#
# The scenario arrives on the kernel command line: PCC_L1QEMU=plain (QEMU
# with -cpu host alone: what users run today), PCC_L1QEMU=tool (with the
# option ppc-compat-caps --qemu prints) or PCC_L1QEMU=probe (QEMU alone,
# its vCPU never started (-S): what it chose, read back from its monitor,
# for an L1 that can set an L2 up but not run it), and PCC_L2_TIMEOUT
# (seconds).
# Results go out as "key value" lines on /dev/hvc1, a channel of its own:
# nothing the kernels print on a console can pass for a result. The L2's
# console is a file in this L1's tmpfs, scanned for its "pcc-l2:" lines.
. /guest.sh
mkdir -p /tmp

SYS=/sys/class/misc/ppc_compat_caps
say() { echo "$*" >&3; }

# Where the time goes (seconds since the L1 kernel started).
say "l1-up-init $(cut -d' ' -f1 /proc/uptime)"
# The L1's own view, for the report.
say "l1-cpu $(grep -m1 '^cpu' /proc/cpuinfo | sed 's/^cpu[^:]*: //')"

# KVM first (in the order the host resolved from the modules' depends),
# then ours; a failed insmod is reported and the L2 boot still tried, so
# that the report shows how far things got.
while read -r m; do
	if err=$(insmod "/lib/modules/$m.ko" 2>&1); then
		say "insmod $m ok"
	else
		say "insmod $m failed: $err"
	fi
done </lib/modules/load-order
say "dev-kvm $([ -c /dev/kvm ] && echo present || echo absent)"

mask=$(cat $SYS/compat_caps_mask 2>/dev/null || echo -)
caps=$(cat $SYS/compat_caps 2>/dev/null || echo -)
say "l1-mask $mask"
say "l1-caps $caps"
say "l1-backend $(cat $SYS/backend 2>/dev/null || echo -)"

opt=
case $PCC_L1QEMU in
plain)
	src="none (-cpu host alone)"
	;;
probe)
	src="none (-cpu host alone), not started"
	;;
tool)
	if [ -x /bin/ppc-compat-caps ]; then
		opt=$(ppc-compat-caps --qemu 2>&1) || say "ppc-compat-caps --qemu failed: $opt"
		src="ppc-compat-caps --qemu"
	else
		# tools/ did not build: the same choice by hand, the
		# newest mode, which compat_caps lists first.
		# shellcheck disable=SC2086 # the words are the modes
		set -- $caps
		opt=max-cpu-compat=$1
		src="compat_caps (first word)"
	fi
	;;
*)
	src="unknown scenario '$PCC_L1QEMU'"
	;;
esac
say "option ${opt:--}"
say "option-source $src"

machine=pseries,x-vof=on,cap-hpt-max-page-size=4k${opt:+,$opt}
say "l1-qemu -accel kvm -M $machine -cpu host"
if [ "$PCC_L1QEMU" = probe ]; then
	# The machine is built (max-cpu-compat chosen, the vCPU's compat mode
	# set through KVM) but never run; the monitor says what was chosen.
	printf 'qom-get /machine max-cpu-compat\nquit\n' |
		timeout "${PCC_L2_TIMEOUT:-90}" qemu-system-ppc64 -L /usr/share/qemu \
		-accel kvm -M "$machine" -cpu host -smp 1 -m 256M -S \
		-display none -vga none -serial none -monitor stdio \
		-kernel /l2/vmlinux -initrd /l2/initrd.cpio >/tmp/l2.console 2>&1
	say "l1-qemu-exit $?"
	# The answer is the one line that is a quoted word (the monitor
	# echoes its input with terminal escapes around it).
	say "l1-qemu-compat $(tr -d '\r' </tmp/l2.console | grep -m1 '^"[a-z0-9]*"$' | tr -d '"')"
	say "# l2-console-begin"
	tr -d '\r' </tmp/l2.console >&3
	say "# l2-console-end"
	say "# done"
	poweroff -f
fi
say "l1-up-l2-start $(cut -d' ' -f1 /proc/uptime)"
# Bounded: after "KVM: unknown exit" QEMU pauses forever, so it is stopped
# as soon as it says so, and in any case after PCC_L2_TIMEOUT seconds.
# Killed, it exits 0: success is judged by the L2's lines, never by this
# exit code.
timeout "${PCC_L2_TIMEOUT:-90}" qemu-system-ppc64 -L /usr/share/qemu \
	-accel kvm -M "$machine" -cpu host -smp 1 -m 256M \
	-nographic -vga none -no-reboot \
	-kernel /l2/vmlinux -initrd /l2/initrd.cpio \
	-append 'console=hvc0 quiet loglevel=1 panic=-1 nowatchdog' \
	</dev/null >/tmp/l2.console 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null; do
	if grep -q -e 'KVM: unknown exit' -e 'kvm run failed' /tmp/l2.console; then
		# Let it finish the register dump it prints next.
		sleep 2
		say "l1-qemu-stopped after $(grep -m1 -o -e 'KVM: unknown exit' -e 'kvm run failed.*' /tmp/l2.console)"
		kill $pid
		break
	fi
	sleep 1
done
wait $pid
say "l1-qemu-exit $?"
say "l1-up-l2-end $(cut -d' ' -f1 /proc/uptime)"
# Not anchored: the L2's boot banner can leave its console mid-line.
v=$(tr -d '\r' </tmp/l2.console | sed -n 's/.*pcc-l2: cpu-version //p' | head -n1)
say "l2-cpu-version ${v:--}"
say "l2-cpu $(tr -d '\r' </tmp/l2.console | sed -n 's/.*pcc-l2: cpu[^:]*: //p' | head -n1)"
say "l2-uptime $(tr -d '\r' </tmp/l2.console | sed -n 's/.*pcc-l2: uptime //p' | head -n1)"
say "l2-done $(tr -d '\r' </tmp/l2.console | grep -c 'pcc-l2: done')"

say "# l2-console-begin"
tr -d '\r' </tmp/l2.console >&3
say "# l2-console-end"
say "# dmesg-begin"
dmesg >&3
say "# dmesg-end"
say "# done"
poweroff -f
