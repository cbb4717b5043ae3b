#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-strict-qemu.sh: build the strict L0 of make check-nested-strict and
# print the path of its qemu-system-ppc64. It is Debian's own QEMU (the
# source of the qemu-system-ppc that the host runs, from bookworm-backports)
# with qemu-l0-strict.patch, which makes H_GUEST_SET_STATE refuse a
# guest-wide logical PVR above the L1's compatibility mode, as PowerVM
# does, and qemu-l0-faults.patch, whose x-guest-caps-script property makes
# H_GUEST_GET_CAPABILITIES fail on demand (make check-faults). The mirror can list a source it does not serve (bookworm-backports'
# 10.0.2 gave 404), so the newest 10.0.x of trixie is the fallback; the
# version used is written beside the binary. Source, build tree and binary
# live in $PCC_CACHE, keyed by the patch and the configuration; a second
# run only prints the path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

PATCHES="$here/qemu-l0-strict.patch $here/qemu-l0-faults.patch"
SUITE=bookworm-backports
FALLBACK_SUITE=trixie
SERIES=10.0
# What QEMU's pseries L0 needs and no more: the NOTES' measured set.
CONFIGURE_FLAGS=(--python=/usr/bin/python3 --target-list=ppc64-softmmu
	--without-default-features --enable-fdt=system --disable-install-blobs)
# Build dependencies beyond setup-host.sh's; meson >= 1.5 and pycotap only
# exist in bookworm-backports.
BUILD_DEPS="libglib2.0-dev libfdt-dev ninja-build pkg-config python3-venv flex bison"
BACKPORTS_DEPS="meson python3-pycotap"

# shellcheck disable=SC2086
key=$({
	cat $PATCHES | sha256sum
	echo "${CONFIGURE_FLAGS[*]}"
} | sha256sum | cut -c1-16)
work=$PCC_CACHE/nested/strict
bin=$work/qemu-$key/qemu-system-ppc64
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

need=()
for p in $BUILD_DEPS $BACKPORTS_DEPS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
	log "installing ${need[*]}"
	apt-get install -y -q -t "$SUITE" "${need[@]}" >&2
fi
pcc_apt_init
mver=$(meson --version)
dpkg --compare-versions "$mver" ge 1.5 || die "meson $mver is too old: QEMU 10.0 wants >= 1.5 ($SUITE has it)"

# The source package, through apt's own client and checksums, from
# deb-src lists of our own: the private lists are binary only.
apt=$work/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
touch "$apt/status"
printf 'deb-src %s %s main\n' "$(pcc_mirror)" "$SUITE" "$(pcc_mirror)" "$FALLBACK_SUITE" \
	> "$apt/sources.list"
papt() { pcc_apt_in "$apt" "$@"; }
if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*Sources*' -mmin -1440 2>/dev/null | head -n1)" ]; then
	log "refreshing the deb-src lists of $SUITE and $FALLBACK_SUITE"
	papt update >/dev/null || die "apt-get update (deb-src) failed"
fi
# The source of the host's qemu-system-ppc first, then the fallback's
# newest of the same series.
candidates() {
	pcc_field Version <<<"$(pcc_stanza "$SUITE" ppc64el qemu-system-ppc)"
	/usr/lib/apt/apt-helper cat-file "$apt"/lists/*_dists_"${FALLBACK_SUITE}"_main_source_Sources* |
		awk '/^Package: / { p = $2 } p == "qemu" && /^Version: / { print $2 }' |
		sort -rV
}
dl=$work/dl
mkdir -p "$dl"
ver=
while read -r v; do
	case ${v#*:} in
	"$SERIES".*) ;;
	*) continue ;;
	esac
	if (cd "$dl" && papt source --download-only "qemu=$v" >&2); then
		ver=$v
		break
	fi
	log "qemu $v: the mirror does not serve its source, trying the next"
done < <(candidates)
[ -n "$ver" ] || die "no source of qemu $SERIES.x can be downloaded"
dsc=$dl/qemu_${ver#*:}.dsc

src=$work/src-$key
rm -rf "$src" "$work/qemu-$key"
# apt has checked every file against the signed Sources list already.
# dpkg-source leaves a copy of the orig tarball beside the tree: not kept.
dpkg-source --no-check -x "$dsc" "$src" >&2
rm -f "$work"/qemu_*.orig.tar.*
for p in $PATCHES; do
	patch -d "$src" -p1 --forward --quiet <"$p" || die "$p does not apply to qemu $ver"
done

build=$work/build-$key
rm -rf "$build"
mkdir -p "$build"
log "configuring qemu $ver (strict L0)"
(cd "$build" && "$src/configure" "${CONFIGURE_FLAGS[@]}" >configure.log 2>&1) ||
	{ tail -n 30 "$build/configure.log" >&2; die "configure failed ($build/configure.log)"; }
log "building qemu-system-ppc64 (several minutes)"
# Two jobs: the machine has two cores, and nothing else of ours runs now.
ninja -C "$build" -j2 qemu-system-ppc64 >"$build/ninja.log" 2>&1 ||
	{ tail -n 30 "$build/ninja.log" >&2; die "build failed ($build/ninja.log)"; }

mkdir -p "$work/qemu-$key"
echo "$ver" > "$work/qemu-$key/source-version"
cp "$build/qemu-system-ppc64" "$bin.tmp"
mv "$bin.tmp" "$bin"
# Only the binary is kept; older builds go.
rm -rf "$build" "$src"
find "$work" -maxdepth 1 -name 'qemu-*' ! -name "qemu-$key" -exec rm -rf {} +
upstream=${ver#*:}
upstream=${upstream%-*}
find "$dl" -type f ! -name "qemu_${ver#*:}.*" ! -name "qemu_$upstream.orig*" -delete
echo "$bin"
