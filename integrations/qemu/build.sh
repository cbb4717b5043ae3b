#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build.sh: apply the series (integrations/qemu/0001-*.patch...) to a copy of the
# pristine QEMU source of fetch-source.sh and cross-build a KVM-only
# qemu-system-ppc64 for ppc64el; print the path of the (stripped) binary.
#
# The build is cached in $PCC_CACHE/qemu/build-KEY, KEY a hash of the
# source's identity, the patches, this recipe and the sysroot's packages:
# the same series is built once. PCC_QEMU_JOBS sets ninja's -j (default 2:
# the machine is shared). The seconds the build took are in build-seconds
# beside the binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

JOBS=${PCC_QEMU_JOBS:-2}
TRIPLET=powerpc64le-linux-gnu
"$PCC_TOP/scripts/setup-host.sh" >&2

work=$PCC_CACHE/qemu
mkdir -p "$work"
# One build at a time: a second caller waits and then finds the cache.
exec 9>"$work/build.lock"
flock 9

src=$("$here/fetch-source.sh")
sysroot=$("$here/sysroot.sh")
patches=()
for p in "$here"/0*.patch; do
	case ${p##*/} in
	0000-*) ;;	# the cover letter: no code, not part of the key
	*) patches+=("$p") ;;
	esac
done
[ ${#patches[@]} -gt 0 ] || die "no patches in $here"
command -v "$TRIPLET-gcc" >/dev/null || die "$TRIPLET-gcc is missing (scripts/setup-host.sh)"
# QEMU 10.0 needs meson >= 1.5 and pycotap; Debian's +ds source ships no
# wheels of them, bookworm-backports has both (setup-host.sh adds that
# suite). Installed here, not for every make check: only this build needs
# them.
qemu_build_deps_ok() {
	command -v ninja >/dev/null && command -v meson >/dev/null &&
		/usr/bin/python3 -c 'import pycotap' 2>/dev/null &&
		dpkg --compare-versions "$(meson --version)" ge 1.5
}
if ! qemu_build_deps_ok; then
	[ "$(id -u)" = 0 ] ||
		die "QEMU 10 needs ninja-build, meson >= 1.5 and python3-pycotap (bookworm-backports): run as root"
	DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends \
		-t bookworm-backports ninja-build meson python3-pycotap >/dev/null ||
		die "cannot install ninja-build, meson and python3-pycotap from bookworm-backports"
	qemu_build_deps_ok || die "meson >= 1.5 and pycotap are still missing"
fi

key=$({
	cat "$src/.source-id"
	cat "${patches[@]}"
	cat "$here/build.sh" "$here/ppc64el.cross" "$sysroot/.packages"
	cat "$PCC_TOP/include/uapi/ppc_compat_caps.h"
} | sha256sum | cut -c1-16)
out=$work/build-$key
if [ -f "$out/.complete" ]; then
	echo "$out/qemu-system-ppc64"
	exit 0
fi

t0=$SECONDS
rm -rf "$out"
mkdir -p "$out"
tree=$out/src
# A hard-linked copy is cheap; git apply replaces each file it changes
# (checked below), so the pristine tree is never written through a link.
cp -al "$src" "$tree"
for p in "${patches[@]}"; do
	(cd "$tree" && git apply --whitespace=error-all "$p") ||
		die "${p##*/} does not apply to $(cat "$src/.source-id")"
	while read -r _ _ f; do
		[ ! -e "$tree/$f" ] || [ "$(stat -c %h "$tree/$f")" = 1 ] ||
			die "$f is still linked to the pristine tree after ${p##*/}"
	done < <(cd "$tree" && git apply --numstat "$p")
	log "applied ${p##*/}"
done
# The series carries a copy of our uapi header: it must be this tree's.
cmp -s "$tree/linux-headers/linux/ppc_compat_caps.h" "$PCC_TOP/include/uapi/ppc_compat_caps.h" ||
	die "the series' linux-headers/linux/ppc_compat_caps.h differs from include/uapi/ppc_compat_caps.h: regenerate the series"

# configure does the host-side setup (Python venv with meson, the
# linux-headers/asm link, config-host.mak with the target list); the meson
# setup is ours, with the cross file, and the options configure would
# derive from the same flags.
b=$out/build
mkdir -p "$b"
cd "$b"
"$tree/configure" --skip-meson --cross-prefix="$TRIPLET-" --python=/usr/bin/python3 \
	--target-list=ppc64-softmmu --without-default-features \
	--enable-kvm --disable-tcg --enable-fdt=system \
	--disable-install-blobs --disable-docs >"$out/configure.log" 2>&1 ||
	die "configure failed: $out/configure.log"
printf "[constants]\nsysroot = '%s'\n" "$sysroot" > "$out/sysroot.cross"
pyvenv/bin/meson setup --cross-file "$out/sysroot.cross" --cross-file "$here/ppc64el.cross" \
	--wrap-mode=nodownload -Dauto_features=disabled -Dkvm=enabled -Dtcg=disabled \
	-Dfdt=system -Dinstall_blobs=false -Ddocs=disabled -Dwerror=true \
	. "$tree" >"$out/meson.log" 2>&1 || die "meson setup failed: $out/meson.log"
ninja -j"$JOBS" qemu-system-ppc64 >"$out/ninja.log" 2>&1 ||
	die "build failed: $(grep -m1 -B2 -A8 'error' "$out/ninja.log" || tail -n 20 "$out/ninja.log")"

file -b "$b/qemu-system-ppc64" | grep -q '64-bit LSB .*PowerPC' ||
	die "qemu-system-ppc64 is not a ppc64le binary: $(file -b "$b/qemu-system-ppc64")"
"$TRIPLET-strip" -o "$out/qemu-system-ppc64" "$b/qemu-system-ppc64"
secs=$((SECONDS - t0))
echo "$secs" > "$out/build-seconds"
# The build tree is 10x the binary and of no further use; older builds
# neither.
rm -rf "$tree" "$b"
find "$work" -maxdepth 1 -name 'build-*' ! -name "${out##*/}" -exec rm -rf {} +
touch "$out/.complete"
log "qemu-system-ppc64 built in ${secs} s ($out)"
echo "$out/qemu-system-ppc64"
