#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu-root.sh: assemble Debian's ppc64el qemu-system-ppc64 (bookworm-backports)
# with everything it needs to run inside the emulated L1, and print the path
# of that root. apt resolves the package closure as a ppc64el Debian system
# would (pcc_target_apt) and downloads it, checked against the signed
# lists; the root keeps only what the binary really loads: its interpreter,
# the DT_NEEDED closure and the firmware blobs. The result is cached in
# $PCC_CACHE under a key made of the resolved package versions.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

MULTIARCH=powerpc64le-linux-gnu
READELF=${CROSS_COMPILE}readelf
# QEMU 10.0 exists only in bookworm-backports, most of its libraries only
# in bookworm: apt -t bookworm-backports, as a bookworm host installs it.
SUITES="bookworm-backports bookworm"

work=$PCC_CACHE/nested
mkdir -p "$work"
apt_dir=$PCC_CACHE/apt-bookworm-ppc64el
# shellcheck disable=SC2086
pcc_target_apt_init "$apt_dir" $SUITES

# The closure, "package version" a line, from apt's own resolution onto a
# system with nothing installed.
manifest=$(pcc_target_closure "$apt_dir" -t bookworm-backports qemu-system-ppc)
[ -n "$manifest" ] || die "apt cannot resolve qemu-system-ppc from $SUITES (ppc64el)"
key=$(sha256sum <<<"$manifest" | cut -c1-16)
root=$work/qemu-root-$key
if [ -f "$root/.complete" ]; then
	echo "$root"
	exit 0
fi

log "qemu-system-ppc $(awk '$1 == "qemu-system-ppc" { print $2 }' <<<"$manifest"): $(wc -l <<<"$manifest") packages"
pcc_target_apt "$apt_dir" install -t bookworm-backports --download-only -y qemu-system-ppc \
	>/dev/null || die "apt-get download failed"
unpack=$work/unpack-$key
rm -rf "$unpack" "$root"
mkdir -p "$unpack"
while read -r p v; do
	dpkg-deb -x "$(pcc_target_deb "$apt_dir" "$p" "$v")" "$unpack"
done <<<"$manifest"

# The root: the binary, its interpreter, the libraries it loads (all in
# one multiarch directory, which ld64.so.2 searches by default), the
# firmware QEMU's pseries machine loads (vof.bin with x-vof=on, slof.bin
# otherwise).
# inside PATH: PATH with its symbolic links followed inside $unpack; an
# absolute link target means the unpacked tree, never this host.
inside() {
	local f=$1 t n=0
	while [ -L "$f" ]; do
		t=$(readlink "$f")
		case $t in
		/*) f=$unpack$t ;;
		*) f=$(dirname "$f")/$t ;;
		esac
		n=$((n + 1))
		[ "$n" -lt 40 ] || die "symbolic link loop at $1"
	done
	[ -f "$f" ] || die "${1#"$unpack"} leads to nothing in the packages"
	echo "$f"
}

mkdir -p "$root/usr/bin" "$root/lib64" "$root/usr/lib/$MULTIARCH" "$root/usr/share/qemu"
cp "$unpack/usr/bin/qemu-system-ppc64" "$root/usr/bin/"
interp=$("$READELF" -l "$unpack/usr/bin/qemu-system-ppc64" |
	sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[ "$interp" = /lib64/ld64.so.2 ] || die "unexpected interpreter '$interp'"
cp "$(inside "$unpack$interp")" "$root$interp"

libdirs="lib/$MULTIARCH usr/lib/$MULTIARCH lib64 usr/lib64 lib usr/lib"
# needed ELF: its DT_NEEDED entries, one a line.
needed() {
	"$READELF" -d "$1" | sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p'
}
todo=("$root/usr/bin/qemu-system-ppc64")
while [ "${#todo[@]}" -gt 0 ]; do
	elf=${todo[0]}
	todo=("${todo[@]:1}")
	for lib in $(needed "$elf"); do
		[ ! -e "$root/usr/lib/$MULTIARCH/$lib" ] || continue
		[ "$lib" != ld64.so.2 ] || continue
		src=
		for d in $libdirs; do
			if [ -e "$unpack/$d/$lib" ] || [ -L "$unpack/$d/$lib" ]; then
				src=$unpack/$d/$lib
				break
			fi
		done
		[ -n "$src" ] || die "$lib (needed by ${elf##*/}) is in none of the packages"
		cp "$(inside "$src")" "$root/usr/lib/$MULTIARCH/$lib"
		todo+=("$root/usr/lib/$MULTIARCH/$lib")
	done
done

for f in vof.bin slof.bin; do
	src=$(find "$unpack/usr/share" -name "$f" \( -type f -o -type l \) | head -n1)
	[ -n "$src" ] || die "no $f in the qemu packages"
	cp "$(inside "$src")" "$root/usr/share/qemu/$f"
done

# Check the assembled root on its own, not the walk above: every ELF's
# DT_NEEDED must be a file of the root.
for elf in "$root/usr/bin/qemu-system-ppc64" "$root$interp" "$root/usr/lib/$MULTIARCH"/*; do
	for lib in $(needed "$elf"); do
		[ -f "$root/usr/lib/$MULTIARCH/$lib" ] || [ -f "$root/lib64/$lib" ] ||
			die "${elf#"$root"/} needs $lib, which the root lacks"
	done
done
printf '%s\n' "$manifest" > "$root/.packages"
rm -rf "$unpack"
touch "$root/.complete"
# Roots of older package versions are of no further use.
find "$work" -maxdepth 1 -name 'qemu-root-*' ! -name "${root##*/}" -exec rm -rf {} +
log "qemu root: $(find "$root" -type f | wc -l) files, $(du -sh "$root" | cut -f1) ($root)"
echo "$root"
