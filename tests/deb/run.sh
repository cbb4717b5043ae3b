#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/deb/run.sh: the Debian packages as make check sees them. Builds
# them (scripts/build-deb.sh: dpkg-buildpackage -a ppc64el, lintian with
# errors and warnings fatal), then checks what each holds against the
# tables below, the fields apt and dpkg act on, and that lintian can fail
# (a tree without debian/copyright). Installing them on a real Debian LPAR
# is make check-lpar's job. Ends with "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
. "$PCC_TOP/tests/lib/tap.sh"

out=$PCC_TOP/build/deb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n '1s/^ppc-compat-caps (\([^)]*\)) .*/\1/p' "$PCC_TOP/debian/changelog")

check "dpkg-buildpackage -a ppc64el and lintian (no error, no warning)" \
	"$PCC_TOP/scripts/build-deb.sh"
grep '^[EWINPX]: ' "$out/lintian.txt" | sed 's/^/# lintian: /'

# package arch: the files it installs (directories and the generated
# /usr/share/doc files left out).
want_files() {
	case $1 in
	ppc-compat-caps-dkms)
		echo /lib/systemd/system/ppc-compat-caps.service
		echo /usr/share/lintian/overrides/ppc-compat-caps-dkms
		for f in Kbuild dkms.conf include/uapi/ppc_compat_caps.h src/backend.h \
			src/caps_logic.h src/compat.h src/compat_caps_main.c \
			src/dt_backend.c src/hcall_backend.c src/hcall_status.c \
			src/modes.c src/request.c; do
			echo "/usr/src/ppc-compat-caps-$version/$f"
		done
		;;
	ppc-compat-caps)
		printf '%s\n' /usr/bin/ppc-compat-caps /usr/bin/ppc-compat-caps-libvirt \
			/usr/share/man/man1/ppc-compat-caps.1.gz \
			/usr/share/man/man1/ppc-compat-caps-libvirt.1.gz \
			/usr/share/man/man4/ppc_compat_caps.4.gz
		;;
	ppc-compat-caps-dev)
		echo /usr/include/ppc_compat_caps.h
		;;
	esac
}
for p in ppc-compat-caps-dkms:all ppc-compat-caps:ppc64el ppc-compat-caps-dev:all; do
	pkg=${p%%:*} arch=${p#*:}
	deb=$out/${pkg}_${version}_$arch.deb
	if [ ! -f "$deb" ]; then
		notok "$pkg: ${deb##*/} was built"
		continue
	fi
	ok "$pkg: ${deb##*/} was built"
	expect "$pkg: Version is debian/changelog's" "$version" "$(dpkg-deb -f "$deb" Version)"
	expect "$pkg: Architecture" "$arch" "$(dpkg-deb -f "$deb" Architecture)"
	got=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' |
		grep -v "^/usr/share/doc/$pkg/" | sort)
	expect "$pkg: its files" "$(want_files "$pkg" | sort | tr '\n' ' ')" \
		"$(echo "$got" | tr '\n' ' ')"
done

dkms=$out/ppc-compat-caps-dkms_${version}_all.deb
tool=$out/ppc-compat-caps_${version}_ppc64el.deb
dpkg-deb -x "$dkms" "$tmp/dkms" && dpkg-deb -e "$dkms" "$tmp/dkms.ctl" &&
	dpkg-deb -x "$tool" "$tmp/tool" || notok "the packages unpack"
expect "-dkms: Section kernel" kernel "$(dpkg-deb -f "$dkms" Section)"
# dh_dkms asks for the first dkms with BUILD_EXCLUSIVE_CONFIG.
expect "-dkms: depends on dkms" "dkms (>= 3.0.3-4~)" "$(dpkg-deb -f "$dkms" Depends)"
expect "-dkms: dkms.conf carries the version" "PACKAGE_VERSION=\"$version\"" \
	"$(grep '^PACKAGE_VERSION=' "$tmp/dkms/usr/src/ppc-compat-caps-$version/dkms.conf")"
check "-dkms: postinst runs DKMS's common.postinst for ppc-compat-caps $version (dh_dkms)" \
	bash -c "grep -q '^DKMS_NAME=ppc-compat-caps$' '$tmp/dkms.ctl/postinst' &&
		grep -q '^DKMS_VERSION=$version$' '$tmp/dkms.ctl/postinst' &&
		grep -q /usr/lib/dkms/common.postinst '$tmp/dkms.ctl/postinst'"
check "-dkms: prerm removes with DKMS" grep -q "dkms remove" "$tmp/dkms.ctl/prerm"
check "-dkms: the systemd unit is systemd/'s" \
	cmp "$PCC_TOP/systemd/ppc-compat-caps.service" "$tmp/dkms/lib/systemd/system/ppc-compat-caps.service"
# dh_installsystemd's scripts, in the order that matters: DKMS builds the
# module before the unit starts (postinst), the unit stops (unloading it)
# before DKMS removes it (prerm), an upgrade restarts it.
# order FILE PATTERN...: the patterns in the order FILE first has them.
order() {
	local f=$1 a=()
	shift
	for p; do a+=(-e "$p"); done
	grep -o "${a[@]}" "$f" | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//'
}
post=(common.postinst 'deb-systemd-helper enable' deb-systemd-invoke 'dkms install -m ppc-compat-caps')
expect "-dkms: postinst: DKMS, enable, start or restart the unit, then every other kernel" \
	"${post[*]}" "$(order "$tmp/dkms.ctl/postinst" "${post[@]}")"
# Negative control: the unit started before DKMS has built the module.
{ sed -n '/dh_installsystemd/,$p' "$tmp/dkms.ctl/postinst"
	sed -n '1,/dh_installsystemd/p' "$tmp/dkms.ctl/postinst"; } > "$tmp/swapped"
if [ "$(order "$tmp/swapped" "${post[@]}")" != "${post[*]}" ]; then
	ok "negative control: a postinst that starts the unit first fails that order"
else
	notok "negative control: a postinst that starts the unit first fails that order"
fi
check "-dkms: postinst restarts the unit after an upgrade" \
	grep -q '_dh_action=restart' "$tmp/dkms.ctl/postinst"
expect "-dkms: prerm: stop the unit, then dkms remove" "deb-systemd-invoke stop dkms remove" \
	"$(order "$tmp/dkms.ctl/prerm" 'deb-systemd-invoke stop' 'dkms remove')"
expect "-dkms: Recommends the headers metapackage of either flavour" \
	"ppc-compat-caps, linux-headers-powerpc64le | linux-headers-powerpc64le-64k" \
	"$(dpkg-deb -f "$dkms" Recommends)"
expect "ppc-compat-caps: Section admin" admin "$(dpkg-deb -f "$tool" Section)"
expect "ppc-compat-caps: Suggests libvirt-clients (virsh, for the libvirt helper)" \
	libvirt-clients "$(dpkg-deb -f "$tool" Suggests)"
check "ppc-compat-caps: depends on python3 (the libvirt helper)" \
	bash -c "dpkg-deb -f '$tool' Depends | tr ',' '\n' | grep -qx ' *python3'"
expect "the source says its tests: autopkgtest-pkg-dkms" autopkgtest-pkg-dkms \
	"$(sed -n 's/^Testsuite: //p' "$PCC_TOP/debian/control")"
check "-dkms: the module source is the tree's" \
	cmp "$PCC_TOP/src/compat_caps_main.c" \
	"$tmp/dkms/usr/src/ppc-compat-caps-$version/src/compat_caps_main.c"
check "ppc-compat-caps: depends on libc6 (dh_shlibdeps resolved it)" \
	bash -c "dpkg-deb -f '$tool' Depends | grep -q '^libc6 (>= '"
bin=$tmp/tool/usr/bin/ppc-compat-caps
check "ppc-compat-caps: a 64-bit little-endian PowerPC PIE executable" \
	bash -c "file -b '$bin' | grep -q 'ELF 64-bit LSB pie executable.*PowerPC'"
check "ppc-compat-caps: hardened (relro, bind now: dpkg-buildflags)" \
	bash -c "readelf -lW '$bin' | grep -q GNU_RELRO && readelf -dW '$bin' | grep -q 'FLAGS.*BIND_NOW'"
check "ppc-compat-caps: the man pages say the version" \
	bash -c "zcat '$tmp/tool/usr/share/man/man1/ppc-compat-caps.1.gz' |
		grep -q '^\.TH .*\"ppc-compat-caps $version\"'"

# Negative control: lintian must be able to fail the build.
mkdir -p "$tmp/broken"
(cd "$PCC_TOP" && git ls-files --cached --others --exclude-standard |
	while read -r f; do [ -e "$f" ] && printf "%s\n" "$f"; done | cpio -pdm --quiet "$tmp/broken")
rm "$tmp/broken/debian/copyright"
if "$PCC_TOP/scripts/build-deb.sh" "$tmp/broken" "$tmp/broken-out" >"$tmp/neg" 2>&1; then
	notok "a tree without debian/copyright fails the build" "$(cat "$tmp/neg")"
else
	check "a tree without debian/copyright fails the build (lintian: no-copyright-file)" \
		grep -q '^E: ppc-compat-caps: no-copyright-file' "$tmp/broken-out/lintian.txt"
fi
tap_done
