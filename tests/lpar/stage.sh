#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stage.sh: one boot's test stage in the Debian LPAR, run by
# pcc-lpar.service from the pcc disk (mounted at /mnt/pcc) once the boot
# is done. The stage comes from the kernel command line (pcc_stage=...),
# the expected values from /mnt/pcc/lpar.env, which tests/lpar/run.sh
# writes from the e2e scenario table, the admin's commands from the
# README's blocks (/mnt/pcc/readme/NAME). Cases go to the pcc.results
# port; the stage ends with "# stage NAME done" and powers the LPAR off.
. /mnt/pcc/stage-lib.sh
failed=$(systemctl --failed --no-legend --plain | awk '$1 != "pcc-lpar.service" { print $1 }')
UNIT=ppc-compat-caps.service

# The paths a package could leave behind, the volatile state left out (and
# /var/backups, where dpkg-db-backup.timer copies dpkg's database daily: a
# boot after midnight makes one), and the /vmlinux and /initrd.img links
# linux-base re-points at every kernel install.
files_list() {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run \
		-o -path '/vmlinux*' -o -path '/initrd.img*' \
		-o -path /tmp -o -path /var/tmp -o -path /var/log -o -path /var/cache \
		-o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/lib/systemd \
		-o -path /var/backups \
		-o -path "$STATE" -o -path /mnt -o -path /root \
		-o -path /etc/ld.so.cache \) -prune -o -print | sort
}

# kernel_hook_file PATH: true if PATH is a file a kernel's postinst.d
# hooks made in /boot for a kernel of a package installed since the
# install ($STATE/new-pkgs.list): sid's linux-base (00-legacy-boot) copies
# /usr/lib/modules/VERSION/{config,vmlinuz} to /boot/{config,vmlinux}-VERSION
# byte for byte, and sid's initramfs generator, dracut (whose hook no
# diversion of update-initramfs stops), writes /boot/initrd.img-VERSION.
kernel_hook_file() {
	local src
	case $1 in
	/boot/config-*) src=/usr/lib/modules/${1#/boot/config-}/config ;;
	/boot/vmlinux-*) src=/usr/lib/modules/${1#/boot/vmlinux-}/vmlinuz ;;
	/boot/initrd.img-*)
		grep -qxF "/usr/lib/modules/${1#/boot/initrd.img-}/vmlinuz" \
			"$STATE/new-pkgs.list"
		return ;;
	*) return 1 ;;
	esac
	grep -qxF "$src" "$STATE/new-pkgs.list" && cmp -s "$1" "$src"
}

# Error-level lines the emulated machine's kernel prints on every boot,
# before any module: QEMU's NVRAM has no room for Linux's log partitions
# (-28: ENOSPC), it has no PowerVM key store (plpks), and 6.1's vio bus
# root refuses udev's coldplug uevent (-19). Any other line at error level
# fails the boot.
PLATFORM_ERRORS='^nvram: Failed to find or create [a-z,-]* partition, err -28$
^nvram: Failed to initialize oops partition!$
^SED: plpks not available$
^vio vio: uevent: failed to send synthetic uevent: -19$'

# The boot: systemd up, no unit failed, no error logged, no kernel splat.
boot_checks() {
	local errs
	errs=$(journalctl -b -q -p err --no-pager -o cat)
	expect "$1: systemd reached running" running "$state"
	expect "$1: no failed unit" "" "$failed"
	expect "$1: nothing logged at error level this boot but the platform's" "" \
		"$(echo "$errs" | grep -v -e '^$' -f <(echo "$PLATFORM_ERRORS"))"
	echo "$errs" | grep -f <(echo "$PLATFORM_ERRORS") | sort -u |
		while read -r l; do note "$1: platform error line: $l"; done
	expect "$1: no WARNING, BUG, oops or Call Trace in the kernel log" "" \
		"$(dmesg | grep -E "$PCC_KERNEL_TROUBLE" | grep -Ev "$PCC_KERNEL_BENIGN")"
}

# readme NAME DIR: the README's block NAME, each command as written, run by
# bash in DIR (where the .debs are); each exit status is a case. "sudo
# reboot" ends the block: the harness boots the next stage. Command N's
# output is $STATE/readme-NAME.N.
readme() {
	local name=$1 dir=$2 line n=0
	while IFS= read -r line; do
		n=$((n + 1))
		if [ "$line" = "sudo reboot" ]; then
			note "README ($name): $line: the next stage boots"
			break
		fi
		(cd "$dir" && bash -c "$line") > "$STATE/readme-$name.$n" 2>&1 < /dev/null
		expect "README ($name): $line" 0 $?
		grep -e 'dkms:' -e 'DKMS' -e '^Building for' -e 'Installing to' -e 'Deleting from' \
			-e 'skipped' -e 'no module' "$STATE/readme-$name.$n" | notes "README ($name) $n: "
	done < "$P/readme/$name"
}

# readme_out NAME COMMAND: what the README's block NAME's COMMAND printed.
readme_out() {
	local n
	n=$(grep -n -x -F -- "$2" "$P/readme/$1" | head -n1 | cut -d: -f1)
	cat "$STATE/readme-$1.${n:-none}" 2>/dev/null
}

# The kernel's taint flags O (out-of-tree module) and E (unsigned module).
no_taint() {
	expect "$1: the kernel is not tainted by an out-of-tree or unsigned module" 0 \
		$(($(cat /proc/sys/kernel/tainted) & (4096 | 8192)))
}

# module_checks NAME KVER MODES VERSION: the module loaded at boot by our
# unit on kernel KVER, the build DKMS made of VERSION, answering MODES
# (comma-separated, or none).
module_checks() {
	local names
	names=$(echo "$3" | tr , ' ')
	expect "$1: running kernel" "$2" "$(uname -r)"
	expect "$1: loaded at boot, no hand step" 1 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "$1: by $UNIT, enabled and active" "enabled active" \
		"$(systemctl is-enabled $UNIT) $(systemctl is-active $UNIT)"
	expect "$1: not by systemd-modules-load" "" \
		"$(journalctl -b -q -t systemd-modules-load -o cat | grep ppc_compat_caps)"
	ko=$(modinfo -n ppc_compat_caps)
	expect "$1: the module is DKMS's build for $2" \
		"/lib/modules/$2/updates/dkms/ppc_compat_caps.ko" "${ko%.[xz][zs]*}"
	expect "$1: modinfo version and the loaded one are the package's" "$4 $4" \
		"$(modinfo -F version ppc_compat_caps) $(cat /sys/module/ppc_compat_caps/version)"
	expect "$1: /dev/ppc_compat_caps mode (0444)" "cr--r--r--" "$(stat -c %A /dev/ppc_compat_caps)"
	expect "$1: compat_caps" "$names" "$(cat "$SYS/compat_caps")"
	expect "$1: one load line" 1 "$(dmesg | grep -c 'ppc_compat_caps: load: ')"
	note "$1: $(dmesg | grep 'ppc_compat_caps: load: ' | sed 's/^\[[^]]*\] //')"
}

# qemu_option MODES: what ppc-compat-caps --qemu prints and its exit status.
qemu_option() {
	if [ "$1" = none ]; then echo " 6"; else echo "max-cpu-compat=${1%%,*} 0"; fi
}

# installed PACKAGE...: "PACKAGE STATE" a line, dpkg's: installed,
# config-files (removed, not purged), not-installed (also when dpkg has
# forgotten it).
installed() {
	local p
	for p; do
		echo "$p $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
	done | sed 's/ $/ not-installed/'
}

case $stage in
install)
	boot_checks install
	no_taint install
	# What the system's daily apt update does: lists for the repository.
	apt-get -q update > "$STATE/apt-update.log" 2>&1
	files_list > "$STATE/before.list"
	dpkg-query -W -f='${Package}\n' | sort > "$STATE/pkgs-before"
	readme install "$P/debs"
	expect "the headers' metapackage and the running kernel's headers are installed" \
		"linux-headers-powerpc64le installed
linux-headers-$LPAR_K1_VER installed" "$(installed linux-headers-powerpc64le "linux-headers-$LPAR_K1_VER")"
	expect "dkms status" "ppc-compat-caps/$PCC_VERSION, $LPAR_K1_VER, ppc64le: installed" \
		"$(dkms status 2>/dev/null)"
	expect "loaded by the package right away, no reboot" 1 \
		"$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "$UNIT enabled and active" "enabled active" \
		"$(systemctl is-enabled $UNIT) $(systemctl is-active $UNIT)"
	expect "compat_caps right after apt install" "$(echo "$K1_MODES" | tr , ' ')" \
		"$(cat "$SYS/compat_caps")"
	expect "README's ppc-compat-caps printed the modes" \
		"modes:   $(echo "$K1_MODES" | tr , ' ')" \
		"$(readme_out install ppc-compat-caps | grep '^modes:')"
	expect "nothing deprecated in what DKMS said" "" \
		"$(cat "$STATE"/readme-install.* | grep -i deprecat)"
	mlog=/var/lib/dkms/ppc-compat-caps/$PCC_VERSION/$LPAR_K1_VER/ppc64le/log/make.log
	# The headers pin the compiler by its triplet name: bookworm's gcc-N
	# package has it, trixie's and sid's gcc-N-powerpc64le-linux-gnu; the
	# architecture says it is the native one (a cross compiler's is
	# amd64's).
	cline=$(grep -m1 ' -c -o [^ ]*src/compat_caps_main\.o ' "$mlog")
	cc=$(echo "$cline" | awk '{ print $1 }')
	cc_pkg=$(dpkg -S "$(command -v "$cc")" | cut -d: -f1)
	note "$cc: $($cc --version | head -n1), package $cc_pkg"
	expect "DKMS's make.log: compat_caps_main.c compiled by this LPAR's native gcc (V=1)" \
		"gcc-N ppc64el ppc64le" \
		"$(echo "$cc_pkg" | sed 's/^gcc-[0-9]*\(-powerpc64le-linux-gnu\)\{0,1\}$/gcc-N/') $(dpkg-query -W -f='${Architecture}' "$cc_pkg") $(uname -m)"
	;;
boot1)
	boot_checks boot1
	module_checks boot1 "$LPAR_K1_VER" "$K1_MODES" "$PCC_VERSION"
	expect "boot1: ppc-compat-caps --qemu" "$(qemu_option "$K1_MODES")" \
		"$(ppc-compat-caps --qemu 2>/dev/null) $?"
	note "boot1: ppc-compat-caps: $(ppc-compat-caps | tr '\n' '|')"
	# The archive publishes the kernel metapackage's next version.
	echo 'deb [trusted=yes] file:/mnt/pcc/repo-update ./' > /etc/apt/sources.list.d/update.list
	readme kernel-upgrade /
	expect "the kernel metapackage is its next version" "$K2_META_VERSION" \
		"$(dpkg-query -W -f='${Version}' linux-image-powerpc64le)"
	expect "its kernel and, through the headers' metapackage, its headers" \
		"linux-image-$LPAR_K2_VER installed
linux-headers-$LPAR_K2_VER installed" "$(installed "linux-image-$LPAR_K2_VER" "linux-headers-$LPAR_K2_VER")"
	expect "dkms status -k $LPAR_K2_VER: built during the upgrade" \
		"ppc-compat-caps/$PCC_VERSION, $LPAR_K2_VER, ppc64le: installed" \
		"$(dkms status -k "$LPAR_K2_VER" 2>/dev/null)"
	;;
boot2)
	boot_checks boot2
	module_checks boot2 "$LPAR_K2_VER" "$K2_MODES" "$PCC_VERSION"
	expect "boot2: ppc-compat-caps --qemu" "$(qemu_option "$K2_MODES")" \
		"$(ppc-compat-caps --qemu 2>/dev/null) $?"
	# With kvm-hv, KVM's own answer checks the module's (a kernel with
	# KVM_PPC_GET_COMPAT_CAPS) or is said to be missing.
	modprobe kvm_hv
	if [ "$K2_KVM" = ioctl ]; then
		src="source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS agrees"
	else
		src="source:  the ppc_compat_caps module; no check by KVM_PPC_GET_COMPAT_CAPS: this kernel's KVM does not have it (Linux 7.3 and later do)"
	fi
	expect "boot2: ppc-compat-caps says where the answer comes from" "$src" \
		"$(ppc-compat-caps | head -n1)"
	# A user the device is closed to: exit 4, said; /dev/kvm is root's.
	chmod 0400 /dev/ppc_compat_caps
	nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups ppc-compat-caps "$@"; }
	expect "boot2: a user who may not read the device: exit 4, why" \
		"ppc-compat-caps: /dev/ppc_compat_caps: Permission denied (EACCES) 4" \
		"$(nobody --best 2>&1) $?"
	chmod 0444 /dev/ppc_compat_caps
	expect "boot2: a user outside group kvm: the module's answer, KVM's check said missing" \
		"source:  the ppc_compat_caps module; no check by KVM_PPC_GET_COMPAT_CAPS: /dev/kvm: Permission denied (EACCES)" \
		"$(nobody | head -n1)"
	if [ "$K2_KVM" = ioctl ]; then
		# The module unloaded: KVM answers alone, for the libvirt
		# helper too (a virsh of the test's, the real command).
		systemctl stop $UNIT
		expect "boot2: no module, KVM answers: --best" "${K2_MODES%%,*} 0" \
			"$(ppc-compat-caps --best 2>&1) $?"
		mkdir -p "$STATE/fake"
		printf '#!/bin/sh\ncat /mnt/pcc/l2-kvm.xml\n' > "$STATE/fake/virsh"
		chmod 755 "$STATE/fake/virsh"
		expect "boot2: no module: ppc-compat-caps-libvirt --dry-run gives the domain KVM's mode" \
			"+    <model>${K2_MODES%%,*}</model>" \
			"$(PATH=$STATE/fake:$PATH ppc-compat-caps-libvirt --dry-run l2 | grep '^+ *<model>')"
		systemctl start $UNIT
	fi
	readme package-upgrade "$P/debs-next"
	expect "DKMS replaced the module for every kernel" \
		"ppc-compat-caps/$NEXT_VERSION, $LPAR_K1_VER, ppc64le: installed
ppc-compat-caps/$NEXT_VERSION, $LPAR_K2_VER, ppc64le: installed" \
		"$(dkms status 2>/dev/null | sort)"
	expect "each kernel's module is the new version" "$NEXT_VERSION $NEXT_VERSION" \
		"$(modinfo -k "$LPAR_K1_VER" -F version ppc_compat_caps) $(modinfo -k "$LPAR_K2_VER" -F version ppc_compat_caps)"
	expect "the running module is the new one (the package restarted $UNIT)" \
		"$NEXT_VERSION" "$(cat /sys/module/ppc_compat_caps/version 2>/dev/null)"
	expect "it answers" "$(echo "$K2_MODES" | tr , ' ')" "$(cat "$SYS/compat_caps")"
	# An admin installs a kernel by name, without its headers.
	apt-get -q install -y "linux-image-$LPAR_K3_VER" > "$STATE/apt-k3.log" 2>&1
	expect "apt install linux-image-$LPAR_K3_VER (no headers)" 0 $?
	grep -i -e dkms -e headers "$STATE/apt-k3.log" | notes "apt: "
	expect "DKMS said it has no headers for $LPAR_K3_VER" 1 \
		"$(grep -F "$LPAR_K3_VER" "$STATE/apt-k3.log" | grep -c -i 'headers')"
	expect "nothing built for $LPAR_K3_VER" "" "$(find "/lib/modules/$LPAR_K3_VER" -name 'ppc_compat_caps.ko*')"
	;;
boot3)
	# A kernel DKMS could not build for: nothing loads, nothing fails,
	# nothing is logged as a problem; the command says there is no module.
	boot_checks boot3
	expect "boot3: running kernel" "$LPAR_K3_VER" "$(uname -r)"
	expect "boot3: not loaded" 0 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "boot3: $UNIT skipped by its ExecCondition, not failed" "inactive exec-condition" \
		"$(systemctl show -P ActiveState $UNIT) $(systemctl show -P Result $UNIT)"
	expect "boot3: no warning about it" "" \
		"$(journalctl -b -q -p warning -o cat | grep -i -e ppc_compat_caps -e ppc-compat-caps)"
	no_taint boot3
	ppc-compat-caps > "$STATE/cmd-k3.out" 2>&1
	expect "boot3: ppc-compat-caps: exit 3, no answer" 3 $?
	expect "boot3: it says why, and the headers package to install" \
		"ppc-compat-caps: no answer from the ppc_compat_caps module: DKMS has not built it for kernel $LPAR_K3_VER, whose headers are missing: install linux-headers-$LPAR_K3_VER
ppc-compat-caps: no answer from KVM_PPC_GET_COMPAT_CAPS: kvm-hv is not loaded: modprobe kvm-hv (dmesg says why if it refuses)" \
		"$(cat "$STATE/cmd-k3.out")"
	;;
powernv)
	# A PowerNV host with the packages installed: nothing loads the
	# module, so nothing taints the kernel or logs about it.
	boot_checks powernv
	expect "powernv: $UNIT not run: no LPAR (its condition)" "inactive no" \
		"$(systemctl show -P ActiveState $UNIT) $(systemctl show -P ConditionResult $UNIT)"
	expect "powernv: the module is not loaded" 0 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	no_taint powernv
	expect "powernv: no kernel line about it" "" "$(dmesg | grep -i ppc_compat_caps)"
	expect "powernv: systemd-modules-load says nothing about it" "" \
		"$(journalctl -b -q -t systemd-modules-load -o cat | grep ppc_compat_caps)"
	expect "powernv: no /dev/ppc_compat_caps" absent \
		"$([ -e /dev/ppc_compat_caps ] && echo present || echo absent)"
	expect "powernv: ppc-compat-caps says this is no LPAR: exit 3" \
		"ppc-compat-caps: no answer from the ppc_compat_caps module: this host is no pseries LPAR (a PowerNV host, say): only an LPAR has nested-guest modes to report
ppc-compat-caps: no answer from KVM_PPC_GET_COMPAT_CAPS: kvm-hv is not loaded: modprobe kvm-hv (dmesg says why if it refuses) 3" \
		"$(ppc-compat-caps 2>&1) $?"
	;;
remove)
	boot_checks remove
	# Debian's own test of a -dkms package (autodep8's for
	# Testsuite: autopkgtest-pkg-dkms), on this LPAR as its testbed.
	cp -a "$P/src" /tmp/src
	autopkgtest -B --ignore-restrictions=breaks-testbed /tmp/src \
		"$P"/debs-next/ppc-compat-caps-dkms_*.deb -- null > "$STATE/autopkgtest.log" 2>&1
	# autopkgtest's exit 8: no test but superficial ones ran, i.e. what
	# autodep8 generates for a -dkms package, and the summary says how
	# each went.
	expect "autopkgtest (autopkgtest-pkg-dkms) on this LPAR: exit 8, all its tests superficial" 8 $?
	sed -n '/^I: \(Summary:\|PASS\|FAIL\|SKIP\)/p' "$STATE/autopkgtest.log" | notes "autopkgtest: "
	expect "autopkgtest: its summary, the dkms test passed" "dkms-autopkgtest PASS (superficial)" \
		"$(sed -n '/@@@@ summary$/,$p' "$STATE/autopkgtest.log" | grep '^dkms-autopkgtest ' |
			tr -s ' ')"
	systemctl start $UNIT
	expect "the module is loaded before the removal" 1 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	readme remove /
	expect "apt remove unloaded the module" 0 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "no ppc_compat_caps.ko in any kernel's tree" "" \
		"$(find /lib/modules -name 'ppc_compat_caps.ko*')"
	expect "dkms status is empty, its tree and the source gone" "" \
		"$(dkms status 2>/dev/null; ls -d /var/lib/dkms/ppc-compat-caps /usr/src/ppc-compat-caps-* 2>/dev/null)"
	# dpkg keeps a removed package whose postrm has work left for
	# purge (the unit's enablement): -dkms; the command has none.
	expect "dpkg: -dkms removed, its purge pending; the command not installed" \
		"ppc-compat-caps-dkms config-files
ppc-compat-caps not-installed" "$(installed ppc-compat-caps-dkms ppc-compat-caps)"
	expect "the unit file is gone" absent \
		"$([ -e /lib/systemd/system/$UNIT ] && echo present || echo absent)"
	;;
removed)
	# The boot after apt remove: nothing loads, nothing complains.
	boot_checks removed
	expect "removed: not loaded" 0 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "removed: nothing logged about it at warning level or above" "" \
		"$(journalctl -b -q -p warning -o cat | grep -i -e ppc_compat_caps -e ppc-compat-caps)"
	no_taint removed
	readme purge /
	expect "neither package is installed, nor has files left" "ppc-compat-caps-dkms not-installed
ppc-compat-caps not-installed" "$(installed ppc-compat-caps-dkms ppc-compat-caps)"
	expect "the unit's enablement is gone" "" \
		"$(ls /etc/systemd/system/*/$UNIT /var/lib/systemd/deb-systemd-helper-enabled/$UNIT* \
			/var/lib/systemd/deb-systemd-helper-enabled/*/$UNIT 2>/dev/null)"
	files_list > "$STATE/after.list"
	expect "nothing that was there before the install is gone" "" \
		"$(comm -23 "$STATE/before.list" "$STATE/after.list")"
	# What is new since then must come from the packages apt installed
	# since (kernels, headers, python3, autopkgtest's), never from ours:
	# their files, depmod's indexes, Python's byte code, DKMS's own
	# signing key (made at its first build once openssl is installed)
	# and the test's update repository. Merged /usr: dpkg may name
	# /lib/... where find sees /usr/lib/....
	dpkg-query -W -f='${Package}\n' | sort | comm -13 "$STATE/pkgs-before" - > "$STATE/new-pkgs"
	note "purge: packages installed since: $(tr '\n' ' ' < "$STATE/new-pkgs")"
	xargs -r dpkg -L < "$STATE/new-pkgs" | sed 's#^/\(lib\|lib64\|bin\|sbin\)/#/usr/\1/#' |
		sort -u > "$STATE/new-pkgs.list"
	left=$(comm -13 "$STATE/before.list" "$STATE/after.list" |
		sed 's#^/\(lib\|lib64\|bin\|sbin\)/#/usr/\1/#' | sort |
		comm -23 - "$STATE/new-pkgs.list" |
		grep -v -e '^/usr/lib/modules/[^/]*/modules\.' -e '/__pycache__\(/\|$\)' \
			-e '^/var/lib/dkms/mok\.\(key\|pub\)$' -e '^/etc/apt/sources\.list\.d/update\.list$')
	made=$(printf '%s\n' "$left" | while IFS= read -r f; do
		if [ -n "$f" ] && kernel_hook_file "$f"; then echo "$f"; fi
	done)
	note "purge: the kernel hooks' /boot files of new kernels: $(echo ${made:-none})"
	left=$(printf '%s\n' "$left" | grep -vxF -e "${made:-/nonexistent}")
	expect "every path new since the install is another package's" "" "$left"
	# Its controls: the boot kernel's /boot files came with the image,
	# not with a package installed since, so they are not excused.
	expect "control: a kernel's config in /boot of no new package is not excused" 1 \
		"$(kernel_hook_file "/boot/config-$LPAR_K1_VER"; echo $?)"
	expect "control: a kernel's initrd in /boot of no new package is not excused" 1 \
		"$(kernel_hook_file "/boot/initrd.img-$LPAR_K1_VER"; echo $?)"
	note "purge: $(comm -13 "$STATE/before.list" "$STATE/after.list" | wc -l) new paths, none ours"
	;;
control)
	# Negative control, after the purge: the module checks must fail
	# where the packages are gone (run.sh says which).
	module_checks control "$LPAR_K2_VER" "$K2_MODES" "$NEXT_VERSION"
	;;
*)
	notok "unknown stage '$stage'"
	;;
esac
stage_end
