#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stage.sh (make check-libvirt): one boot's stage in the sid LPAR, run by
# pcc-lpar.service from the pcc disk; see tests/libvirt/run.sh.
#   install  apt install of our packages (DKMS builds natively)
#   libvirt  after the reboot: kvm-hv, libvirtd, capabilities; the L2
#            defined bare (what libvirt does today) and after
#            ppc-compat-caps-libvirt, each started, its cpu-version read
#   libvirt-bookworm  the same with bookworm's libvirt and QEMU, which
#            start neither: their errors are recorded
. /mnt/pcc/stage-lib.sh

# l2 NAME: start domain NAME, wait until it powers off (at most 600 s),
# print the cpu-version its kernel reported on its console.
l2() {
	local i
	virsh -q start "$1" 2>&1 | notes "$1: virsh start: "
	for i in $(seq 1 600); do
		[ "$(virsh -q domstate "$1" 2>/dev/null)" = "shut off" ] && break
		sleep 1
	done
	note "$1: shut off after ${i} s; qemu: $(grep -m1 -o '\-cpu [^ ]*' /var/log/libvirt/qemu/"$1".log) $(grep -m1 -o '\-machine [^ ]*' /var/log/libvirt/qemu/"$1".log)"
	sed -n 's/^pcc-l2: //p' "/var/log/libvirt/qemu/$1.console" | tr -d '\r' | notes "$1: the L2 says: "
	sed -n 's/^pcc-l2: cpu-version \(0x[0-9a-f]*\).*/\1/p' "/var/log/libvirt/qemu/$1.console" | head -n1
}

case $stage in
install)
	debs=$(ls "$P"/debs/ppc-compat-caps-dkms_*.deb "$P"/debs/ppc-compat-caps_*.deb)
	# shellcheck disable=SC2086
	apt-get -q install -y $debs > "$STATE/apt-install.log" 2>&1
	expect "apt install ./ppc-compat-caps-dkms_*.deb ./ppc-compat-caps_*.deb" 0 $?
	expect "dkms status" "ppc-compat-caps/$PCC_VERSION, $LPAR_K1_VER, ppc64le: installed" \
		"$(dkms status 2>/dev/null)"
	;;
libvirt | libvirt-bookworm)
	expect "the module loaded at boot" 1 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "compat_caps" "$(echo "$K1_MODES" | tr , ' ')" "$(cat "$SYS/compat_caps")"
	check "modprobe kvm_hv" modprobe kvm_hv
	expect "libvirtd runs under systemd" active "$(systemctl is-active libvirtd.service)"
	note "libvirt $(dpkg-query -W -f='${Version}' libvirt-daemon), QEMU $(dpkg-query -W -f='${Version}' qemu-system-ppc)"
	virsh -q capabilities > "$STATE/capabilities.xml" 2>&1
	expect "virsh capabilities" 0 $?
	sed -n '/<host>/,/<\/cpu>/p' "$STATE/capabilities.xml" | notes "capabilities: "
	virsh -q domcapabilities --virttype kvm --arch ppc64 --machine pseries \
		> "$STATE/domcapabilities.xml" 2>&1
	expect "virsh domcapabilities" 0 $?
	sed -n '/<cpu>/,/<\/cpu>/p' "$STATE/domcapabilities.xml" | notes "domcapabilities: "
	cp "$P/l2/vmlinux" /var/lib/libvirt/images/l2-vmlinux
	cp "$P/l2/initrd.cpio" /var/lib/libvirt/images/l2-initrd.cpio
	for n in bare fixed; do
		sed "s/@NAME@/l2-$n/" "$P/l2.xml.in" > "$STATE/l2-$n.xml"
		check "virsh define l2-$n (a bare <cpu mode='host-model'/>)" virsh -q define "$STATE/l2-$n.xml"
	done
	out=$(ppc-compat-caps-libvirt l2-fixed 2>&1)
	expect "ppc-compat-caps-libvirt l2-fixed" \
		"l2-fixed: <cpu mode='host-model'><model>$K1_BEST</model></cpu>" "$out"
	virsh -q dumpxml l2-fixed | sed -n '/<cpu/,/<\/cpu>/p' | notes "l2-fixed: "
	# A domain with a vCPU topology and NUMA cells: through libvirt's own
	# define and dumpxml, only the CPU's mode and model change.
	sed "s/@NAME@/l2-numa/" "$P/l2-numa.xml.in" > "$STATE/l2-numa.xml"
	check "virsh define l2-numa (host-passthrough, topology, two NUMA cells)" \
		virsh -q define "$STATE/l2-numa.xml"
	virsh -q dumpxml --inactive l2-numa > "$STATE/l2-numa.before"
	expect "ppc-compat-caps-libvirt l2-numa" \
		"l2-numa: <cpu mode='host-model'><model>$K1_BEST</model></cpu>" \
		"$(ppc-compat-caps-libvirt l2-numa 2>&1)"
	virsh -q dumpxml --inactive l2-numa > "$STATE/l2-numa.after"
	expect "l2-numa: libvirt's XML differs in the CPU's mode and model only" \
		"cpu@mode host-passthrough host-model
cpu/model - $K1_BEST" "$(python3 "$P/domain_diff.py" "$STATE/l2-numa.before" "$STATE/l2-numa.after")"
	sed -n '/<cpu/,/<\/cpu>/p' "$STATE/l2-numa.after" | notes "l2-numa: "
	if [ "$stage" = libvirt ]; then
		# What libvirt does today, then ours: the module's answer as
		# the domain's CPU.
		expect "l2-bare: libvirt alone starts the L2 in the raw PVR's mode" \
			"$BARE_CPU_VERSION" "$(l2 l2-bare)"
		expect "l2-fixed: the L2 runs in the module's mode" "$FIXED_CPU_VERSION" "$(l2 l2-fixed)"
		expect "l2-numa: the L2 runs in the module's mode" "$FIXED_CPU_VERSION" "$(l2 l2-numa)"
		log=/var/log/libvirt/qemu/l2-numa.log
		# -smp's own value: other options name threads too (sid's QEMU).
		smp=$(sed -n 's/.*-smp \([^ ]*\).*/\1/p' "$log" | head -n1)
		expect "l2-numa: QEMU was given the topology" "sockets=1 cores=2 threads=1" \
			"$(for k in sockets cores threads; do
				echo "$smp" | tr , '\n' | grep -x "$k=[0-9]*"
			done | tr '\n' ' ' | sed 's/ $//')"
		expect "l2-numa: and the two NUMA nodes" 2 "$(grep -o -e '-numa node,' "$log" | wc -l)"
		expect "l2-numa: the L2 saw them" "cpus 2, nodes 2" \
			"$(sed -n 's/^pcc-l2: \(cpus .*\)/\1/p' "/var/log/libvirt/qemu/l2-numa.console" | tr -d '\r' | head -n1)"
	else
		# bookworm's libvirt has no host-model for a ppc64 host it does
		# not know (Power11): it starts neither domain.
		for n in bare fixed numa; do
			virsh -q start "l2-$n" > "$STATE/start-$n.log" 2>&1
			expect "l2-$n: bookworm's libvirt refuses to start it" 1 $?
			expect "l2-$n: with its host-model refusal" 1 "$(grep -c -F \
				"unsupported configuration: CPU mode 'host-model' for ppc64le kvm domain on ppc64le host is not supported by hypervisor" \
				"$STATE/start-$n.log")"
			notes "l2-$n: virsh start: " < "$STATE/start-$n.log"
		done
	fi
	;;
*)
	notok "unknown stage '$stage'"
	;;
esac
stage_end
