#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms.sh KERNEL_ENV: dkms.conf read and used by the real dkms, in a
# throwaway --dkmstree/--sourcetree/--installtree (the system's own
# /var/lib/dkms is never touched). KERNEL_ENV is a kernel.env written by
# scripts/fetch-kernel.sh: Debian's ppc64el headers, which cross-compile by
# themselves on this x86_64 host.
#
# - dkms add and dkms status accept this tree's dkms.conf;
# - dkms refuses an x86_64 build (BUILD_EXCLUSIVE_ARCH="^ppc64le$") and a
#   kernel without the pseries platform (BUILD_EXCLUSIVE_CONFIG);
# - dkms build -a ppc64le against the cross headers builds a ppc64le
#   ppc_compat_caps.ko for that kernel;
# - dkms remove undoes it.
# Prints "ok - ..." / "not ok - ..." lines; exits 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

kenv=${1:?usage: dkms.sh KERNEL_ENV}
# shellcheck disable=SC1090
. "$kenv"
failures=0
ok() { echo "ok - dkms: $1"; }
notok() {
	echo "not ok - dkms: $1"
	failures=$((failures + 1))
	[ -z "${2:-}" ] || printf '%s\n' "$2" | tail -n 15 | sed 's/^/#   /'
}
expect() { # expect DESCRIPTION WANTED GOT [LOG]
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1 (expected '$2', got '$3')" "${4:-}"; fi
}

if ! command -v dkms >/dev/null; then
	notok "the dkms command is installed (scripts/setup-host.sh installs it)"
	exit 1
fi

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/src" "$t/tree" "$t/inst"
# The source tree as the package and make dkms-install lay it out.
log=$(make -s -C "$PCC_TOP" dkms-source DESTDIR="$t/src" DKMS_SRC= 2>&1)
expect "make dkms-source" 0 $? "$log"
conf=$(echo "$t"/src/*/dkms.conf)
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$conf")
built=$(sed -n 's/^BUILT_MODULE_NAME\[0\]="\(.*\)"$/\1/p' "$conf")
obj=$(sed -n 's/^obj-m[[:space:]]*:=[[:space:]]*\(.*\)\.o$/\1/p' "$PCC_TOP/Kbuild")
expect "BUILT_MODULE_NAME[0] is Kbuild's obj-m" "$obj" "$built"
expect "the source tree is $name-$ver" "$t/src/$name-$ver/dkms.conf" "$conf"
dk() { dkms "$@" --dkmstree "$t/tree" --sourcetree "$t/src" --installtree "$t/inst"; }
sys_before=$(ls /var/lib/dkms 2>/dev/null | grep -cx "$name" || true)

log=$(dk add "$name/$ver" 2>&1)
expect "dkms add $name/$ver" 0 $? "$log"
log=$(dk status 2>&1)
expect "dkms status: added" "$name/$ver: added" "$log"

log=$(dk build "$name/$ver" -k "$PCC_KVER" -a x86_64 \
	--kernelsourcedir "$PCC_KHDR" 2>&1)
rc=$?
expect "an x86_64 build is refused (exit 77, BUILD_EXCLUSIVE)" 77 "$rc" "$log"
case $log in
*"includes a BUILD_EXCLUSIVE directive"*) ok "the refusal names BUILD_EXCLUSIVE" ;;
*) notok "the refusal names BUILD_EXCLUSIVE" "$log" ;;
esac
expect "nothing built for x86_64" 0 \
	"$(find "$t/tree" -name '*.ko*' | wc -l)"

# The same headers with CONFIG_PPC_PSERIES off (a PowerNV-only kernel).
mkdir -p "$t/nopseries"
cp -as "$PCC_KHDR/." "$t/nopseries/"
rm "$t/nopseries/.config"
sed 's/^CONFIG_PPC_PSERIES=y$/# CONFIG_PPC_PSERIES is not set/' "$PCC_KHDR/.config" \
	> "$t/nopseries/.config"
expect "the cross headers have CONFIG_PPC_PSERIES=y" 1 "$(grep -c '^CONFIG_PPC_PSERIES=y$' "$PCC_KHDR/.config")"
log=$(dk build "$name/$ver" -k "$PCC_KVER" -a ppc64le --kernelsourcedir "$t/nopseries" 2>&1)
expect "a kernel without CONFIG_PPC_PSERIES is refused (exit 77, BUILD_EXCLUSIVE_CONFIG)" \
	77 $? "$log"
expect "nothing built for it" 0 "$(find "$t/tree" -name '*.ko*' | wc -l)"

log=$(dk build "$name/$ver" -k "$PCC_KVER" -a ppc64le \
	--kernelsourcedir "$PCC_KHDR" 2>&1)
expect "dkms build -a ppc64le against the $PCC_KVER cross headers" 0 $? "$log"
# What dkms says of dkms.conf itself (readelf's warnings about the
# cross-built object are not about it).
conf_warnings() { grep -i -e deprecat -e 'dkms\.conf:' <<<"$1"; }
expect "dkms says nothing is deprecated or wrong in dkms.conf" "" "$(conf_warnings "$log")"
log=$(dk status 2>&1)
expect "dkms status: built" "$name/$ver, $PCC_KVER, ppc64le: built" "$log"
ko=$(find "$t/tree/$name/$ver/$PCC_KVER/ppc64le/module" -name "$built.ko*" 2>/dev/null | head -n1)
if [ -n "$ko" ]; then
	ok "the module is in the dkms tree (${ko##*/})"
	case $(file -b "$ko") in
	*"64-bit LSB relocatable"*PowerPC*) ok "it is a 64-bit little-endian PowerPC object" ;;
	*) notok "it is a 64-bit little-endian PowerPC object" "$(file -b "$ko")" ;;
	esac
	expect "its vermagic names $PCC_KVER" "$PCC_KVER" \
		"$(modinfo -F vermagic "$ko" | cut -d' ' -f1)"
	expect "its name is $built" "$built" "$(modinfo -F name "$ko")"
	expect "its version is the package's ($ver)" "$ver" "$(modinfo -F version "$ko")"
else
	notok "the module is in the dkms tree" "$(find "$t/tree" | head -n 30)"
fi

# Negative control: a directive this dkms deprecates is reported.
cp "$conf" "$t/dkms.conf.orig"
echo 'REMAKE_INITRD="yes"' >> "$conf"
log=$(dk status 2>&1)
if [ -n "$(conf_warnings "$log")" ]; then
	ok "negative control: a deprecated directive (REMAKE_INITRD) is reported"
else
	notok "negative control: a deprecated directive (REMAKE_INITRD) is reported" "$log"
fi
cp "$t/dkms.conf.orig" "$conf"

log=$(dk remove "$name/$ver" --all 2>&1)
expect "dkms remove --all" 0 $? "$log"
expect "dkms status: nothing left" "" "$(dk status 2>&1)"
expect "the system's /var/lib/dkms untouched" "$sys_before" \
	"$(ls /var/lib/dkms 2>/dev/null | grep -cx "$name" || true)"
[ "$failures" -eq 0 ]
