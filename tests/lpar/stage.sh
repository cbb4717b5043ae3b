#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stage.sh: one boot's test stage in the Debian LPAR, run by
# pcc-lpar.service from the pcc disk (mounted at /mnt/pcc) once the boot
# is done. The stage comes from the kernel command line (pcc_stage=...),
# the expected values from /mnt/pcc/lpar.env, which tests/lpar/run.sh
# writes from the e2e scenario table. Cases go to the pcc.results port;
# the stage ends with "# stage NAME done" and powers the LPAR off.
. /mnt/pcc/stage-lib.sh
failed=$(systemctl --failed --no-legend --plain | awk '$1 != "pcc-lpar.service" { print $1 }')

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

# Error-level lines the emulated machine's kernel prints on every boot,
# before any module: QEMU's NVRAM has no room for Linux's log partitions
# (-28: ENOSPC), it has no PowerVM key store (plpks), and 6.1's vio bus
# root refuses udev's coldplug uevent (-19). Any other line at error level
# fails the boot.
PLATFORM_ERRORS='^nvram: Failed to find or create [a-z,-]* partition, err -28$
^nvram: Failed to initialize oops partition!$
^SED: plpks not available$
^vio vio: uevent: failed to send synthetic uevent: -19$'

# The boot: systemd up, no unit failed, no error logged.
boot_checks() {
	local errs
	errs=$(journalctl -b -q -p err --no-pager -o cat)
	expect "$1: systemd reached running" running "$state"
	expect "$1: no failed unit" "" "$failed"
	expect "$1: nothing logged at error level this boot but the platform's" "" \
		"$(echo "$errs" | grep -v -e '^$' -f <(echo "$PLATFORM_ERRORS"))"
	echo "$errs" | grep -f <(echo "$PLATFORM_ERRORS") | sort -u |
		while read -r l; do note "$1: platform error line: $l"; done
}

# module_checks NAME KVER MODES: the module loaded at boot and answers
# MODES (comma-separated, or none) on kernel KVER.
module_checks() {
	local names
	names=$(echo "$3" | tr , ' ')
	expect "$1: running kernel" "$2" "$(uname -r)"
	expect "$1: loaded at boot, no hand step" 1 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "$1: systemd-modules-load.service succeeded" "active success" \
		"$(systemctl show -P ActiveState systemd-modules-load.service) $(systemctl show -P Result systemd-modules-load.service)"
	note "$1: systemd-modules-load: $(journalctl -b -q -t systemd-modules-load -o cat | tr '\n' '|')"
	ko=$(modinfo -n ppc_compat_caps)
	expect "$1: the module is DKMS's build for $2" \
		"/lib/modules/$2/updates/dkms/ppc_compat_caps.ko" "${ko%.[xz][zs]*}"
	expect "$1: modinfo version is the package's" "$PCC_VERSION" "$(modinfo -F version ppc_compat_caps)"
	expect "$1: /dev/ppc_compat_caps mode (0444)" "cr--r--r--" "$(stat -c %A /dev/ppc_compat_caps)"
	expect "$1: compat_caps" "$names" "$(cat "$SYS/compat_caps")"
	expect "$1: one load line" 1 "$(dmesg | grep -c 'ppc_compat_caps: load: ')"
	note "$1: $(dmesg | grep 'ppc_compat_caps: load: ' | sed 's/^\[[^]]*\] //')"
}

case $stage in
install)
	boot_checks install
	files_list > "$STATE/before.list"
	debs=$(ls "$P"/debs/ppc-compat-caps-dkms_*.deb "$P"/debs/ppc-compat-caps_*.deb)
	# shellcheck disable=SC2086
	apt-get -q install -y $debs > "$STATE/apt-install.log" 2>&1
	expect "apt install ./ppc-compat-caps-dkms_*.deb ./ppc-compat-caps_*.deb" 0 $?
	sed -n '/^Building for\|^Building initial\|^Building module\|^Installing\|dkms\|DKMS/p' \
		"$STATE/apt-install.log" | while read -r l; do note "apt: $l"; done
	# dkms prints readelf warnings on stderr: the status is stdout.
	expect "dkms status" "ppc-compat-caps/$PCC_VERSION, $LPAR_K1_VER, ppc64le: installed" \
		"$(dkms status 2>/dev/null)"
	mlog=/var/lib/dkms/ppc-compat-caps/$PCC_VERSION/$LPAR_K1_VER/ppc64le/log/make.log
	# The headers pin the compiler by its triplet name; natively that is
	# gcc-12's own binary, where a cross build would use the
	# gcc-12-powerpc64le-linux-gnu package's.
	cline=$(grep -m1 ' -c -o [^ ]*src/compat_caps_main\.o ' "$mlog")
	cc=$(echo "$cline" | awk '{ print $1 }')
	expect "DKMS's make.log shows the compile of compat_caps_main.c (dkms.conf's V=1)" \
		powerpc64le-linux-gnu-gcc-12 "$cc"
	cc_pkg=$(dpkg -S "$(command -v "$cc")" | cut -d: -f1)
	note "$cc: $($cc --version | head -n1), package $cc_pkg"
	expect "that compiler is this LPAR's native gcc-12, on a ppc64le machine" \
		"gcc-12 ppc64el ppc64le" \
		"$cc_pkg $(dpkg-query -W -f='${Architecture}' "$cc_pkg") $(uname -m)"
	;;
boot1)
	boot_checks boot1
	module_checks boot1 "$LPAR_K1_VER" "$K1_MODES"
	expect "boot1: ppc-compat-caps --qemu" "max-cpu-compat=$K1_BEST" "$(ppc-compat-caps --qemu)"
	note "boot1: ppc-compat-caps: $(ppc-compat-caps | tr '\n' '|')"
	# A second kernel: DKMS builds for it while apt installs it.
	dpkg-query -W -f='${Package}\n' | sort > "$STATE/pkgs-before-k2"
	# shellcheck disable=SC2086
	apt-get -q install -y $LPAR_K2_PKGS > "$STATE/apt-kernel.log" 2>&1
	expect "apt install $LPAR_K2_PKGS" 0 $?
	dpkg-query -W -f='${Package}\n' | sort > "$STATE/pkgs-after-k2"
	sed -n '/dkms\|DKMS\|Building\|Installing/p' "$STATE/apt-kernel.log" |
		while read -r l; do note "apt: $l"; done
	expect "dkms status -k $LPAR_K2_VER: built during the install" \
		"ppc-compat-caps/$PCC_VERSION, $LPAR_K2_VER, ppc64le: installed" \
		"$(dkms status -k "$LPAR_K2_VER" 2>/dev/null)"
	expect "the module for $LPAR_K2_VER has its vermagic" "$LPAR_K2_VER" \
		"$(modinfo -k "$LPAR_K2_VER" -F vermagic ppc_compat_caps | cut -d' ' -f1)"
	;;
boot2)
	boot_checks boot2
	module_checks boot2 "$LPAR_K2_VER" "$K2_MODES"
	expect "boot2: the load line says why KVM leaves nothing" "$K2_NO_V2" \
		"$(dmesg | grep -c 'ppc_compat_caps: load: .*no nested API v2')"
	;;
powernv)
	# A PowerNV host with the packages installed: the boot-time load
	# finds no LPAR; that must fail no unit and log no error.
	boot_checks powernv
	expect "powernv: the module is not loaded" 0 "$(grep -c '^ppc_compat_caps ' /proc/modules)"
	expect "powernv: systemd-modules-load.service succeeded" "active success" \
		"$(systemctl show -P ActiveState systemd-modules-load.service) $(systemctl show -P Result systemd-modules-load.service)"
	# The kernel's own taint notes (<4>, <5>) come with any unsigned
	# out-of-tree module; the module itself says one thing, at info.
	klines=$(dmesg -r | grep 'ppc_compat_caps' | sed 's/\[[^]]*\] //')
	expect "powernv: the module's one line, at info level" \
		"<6>ppc_compat_caps: not running in a pseries LPAR: there are no nested-guest modes to report" \
		"$(echo "$klines" | grep -v -e 'taints kernel\.$' -e 'module verification failed')"
	expect "powernv: no kernel line about it at error level" "" \
		"$(echo "$klines" | grep '^<[0-3]>')"
	echo "$klines" | while read -r l; do note "powernv: kernel: $l"; done
	expect "powernv: systemd-modules-load says 'does not apply' at notice level" \
		"5 Failed to insert module 'ppc_compat_caps': No such device" \
		"$(journalctl -b -q -t systemd-modules-load -o json --output-fields=PRIORITY,MESSAGE |
			sed -n 's/.*"PRIORITY":"\([0-9]\)".*"MESSAGE":"\([^"]*ppc_compat_caps[^"]*\)".*/\1 \2/p;
				s/.*"MESSAGE":"\([^"]*ppc_compat_caps[^"]*\)".*"PRIORITY":"\([0-9]\)".*/\2 \1/p')"
	expect "powernv: no /dev/ppc_compat_caps" absent "$([ -e /dev/ppc_compat_caps ] && echo present || echo absent)"
	;;
purge)
	apt-get -q purge -y ppc-compat-caps-dkms ppc-compat-caps > "$STATE/apt-purge.log" 2>&1
	expect "apt purge ppc-compat-caps-dkms ppc-compat-caps" 0 $?
	expect "no ppc_compat_caps.ko in any kernel's tree" "" \
		"$(find /lib/modules -name 'ppc_compat_caps.ko*')"
	expect "no kernel's modules.dep names it" "" \
		"$(grep -l ppc_compat_caps /lib/modules/*/modules.dep)"
	expect "dkms status is empty" "" "$(dkms status 2>/dev/null)"
	expect "the DKMS tree and /usr/src are clean" "" \
		"$(ls -d /var/lib/dkms/ppc-compat-caps /usr/src/ppc-compat-caps-* 2>/dev/null)"
	expect "dpkg knows neither package" "" \
		"$(dpkg-query -W -f='${Package} ${Status}\n' ppc-compat-caps-dkms ppc-compat-caps 2>/dev/null | grep -v 'not-installed')"
	files_list > "$STATE/after.list"
	expect "nothing that was there before the install is gone" "" \
		"$(comm -23 "$STATE/before.list" "$STATE/after.list")"
	# What is new since then must come from the second kernel's packages
	# (or be depmod's index of it), never from ours. Merged /usr: dpkg
	# may name /lib/... where find sees /usr/lib/....
	comm -13 "$STATE/pkgs-before-k2" "$STATE/pkgs-after-k2" > "$STATE/k2-pkgs"
	note "purge: the second kernel's packages: $(tr '\n' ' ' < "$STATE/k2-pkgs")"
	xargs dpkg -L < "$STATE/k2-pkgs" | sed 's#^/\(lib\|lib64\|bin\|sbin\)/#/usr/\1/#' |
		sort -u > "$STATE/k2.list"
	left=$(comm -13 "$STATE/before.list" "$STATE/after.list" |
		sed 's#^/\(lib\|lib64\|bin\|sbin\)/#/usr/\1/#' | sort |
		comm -23 - "$STATE/k2.list" |
		grep -v "^/usr/lib/modules/$LPAR_K2_VER/modules\.")
	expect "every path new since the install is the second kernel's" "" "$left"
	note "purge: $(comm -13 "$STATE/before.list" "$STATE/after.list" | wc -l) new paths, all the second kernel's"
	;;
control)
	# Negative control, after the purge: the module checks must fail
	# where the packages are gone (run.sh says which).
	module_checks control "$LPAR_K1_VER" "$K1_MODES"
	;;
*)
	notok "unknown stage '$stage'"
	;;
esac
stage_end
