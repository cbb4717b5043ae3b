#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sysroot.sh: unpack the ppc64el development packages a KVM-only
# qemu-system-ppc64 links against (glib, libfdt, zlib) into a sysroot in
# $PCC_CACHE and print its path. Nothing is installed into the system.
#
# apt resolves the closure as a bookworm ppc64el system with
# bookworm-backports would (pcc_target_apt, -t bookworm-backports), the rule
# that also picks the libraries of Debian's ppc64el QEMU in
# tests/nested/qemu-root.sh: the patched binary then runs on exactly the
# libraries the stock one runs on. The sysroot is keyed by the resolved
# package versions.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

SUITES="bookworm-backports bookworm"
# What the build needs (pixman is not: with auto features disabled, QEMU
# builds without it).
ROOTS="libglib2.0-dev libfdt-dev zlib1g-dev"
# Packages of the closure never unpacked: the C library and compiler
# runtime come with the cross toolchain (libc6-dev-ppc64el-cross); tools,
# data and maintainer-script helpers are not needed to compile or link.
# (apt's closure also holds what only these need, e.g. python3's
# libraries through glib's -dev-bin tools: unpacked too, never read.)
SKIP='^(libc6|libc6-dev|libc-dev|libgcc-s1|libgcc1|libstdc\+\+6|gcc-[0-9]+-base|libcrypt1|libcrypt-dev|libnsl-dev|libtirpc-dev|linux-libc-dev|python3.*|pkgconf|pkg-config|pkgconf-bin|libpkgconf3|dpkg.*|debconf.*|perl.*|.*-bin|.*-data|.*-doc|.*-tools)$'

work=$PCC_CACHE/qemu
mkdir -p "$work"
apt_dir=$PCC_CACHE/apt-bookworm-ppc64el
# shellcheck disable=SC2086
pcc_target_apt_init "$apt_dir" $SUITES

# "package version" a line: apt's closure onto an empty system, minus SKIP.
# shellcheck disable=SC2086
manifest=$(pcc_target_closure "$apt_dir" -t bookworm-backports $ROOTS |
	while read -r p v; do [[ $p =~ $SKIP ]] || echo "$p $v"; done)
[ -n "$manifest" ] || die "apt cannot resolve $ROOTS from $SUITES (ppc64el)"
key=$(sha256sum <<<"$manifest" | cut -c1-16)
root=$work/sysroot-$key
if [ -f "$root/.complete" ]; then
	echo "$root"
	exit 0
fi

log "sysroot: $(wc -l <<<"$manifest") packages"
# shellcheck disable=SC2086
pcc_target_apt "$apt_dir" install -t bookworm-backports --download-only -y $ROOTS \
	>/dev/null || die "apt-get download failed"
rm -rf "$root"
mkdir -p "$root"
while read -r p v; do
	dpkg-deb -x "$(pcc_target_deb "$apt_dir" "$p" "$v")" "$root"
done <<<"$manifest"

# Debian's -dev symlinks may point at absolute paths (libz.so ->
# /lib/...): inside the sysroot they must lead into the sysroot, never to
# this host's amd64 libraries.
while read -r l; do
	t=$(readlink "$l")
	ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$root$t")" "$l"
done < <(find "$root" -type l -lname '/*')

# Every .pc file the build asks for must resolve within the sysroot;
# libfdt has none (QEMU looks for the library itself).
PKG_CONFIG_SYSROOT_DIR=$root \
	PKG_CONFIG_LIBDIR=$root/usr/lib/powerpc64le-linux-gnu/pkgconfig:$root/usr/share/pkgconfig \
	pkg-config --exists --print-errors glib-2.0 gmodule-no-export-2.0 zlib ||
	die "the sysroot's pkg-config files do not resolve"
[ -f "$root/usr/include/libfdt.h" ] && [ -e "$root/usr/lib/powerpc64le-linux-gnu/libfdt.so" ] ||
	die "libfdt-dev left no libfdt.h or libfdt.so in the sysroot"
printf '%s\n' "$manifest" > "$root/.packages"
touch "$root/.complete"
# Sysroots of older package versions are of no further use.
find "$work" -maxdepth 1 -name 'sysroot-*' ! -name "${root##*/}" -exec rm -rf {} +
log "sysroot: $(du -sh "$root" | cut -f1) ($root)"
echo "$root"
