#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-deb.sh [SRCDIR [OUTDIR]]: the Debian packages of SRCDIR (default:
# this tree; its git-tracked files, as a clean clone has them, when SRCDIR is
# a git work tree's top), cross-built for ppc64el as Debian
# cross-builds (dpkg-buildpackage -a ppc64el in a bookworm chroot whose dpkg
# knows ppc64el as a foreign architecture, with crossbuild-essential and
# libc6-dev:ppc64el), then lintian on the .changes. The .debs, .changes,
# .buildinfo and lintian's report land in OUTDIR (default build/deb).
#
# Why a chroot: dh_shlibdeps resolves the command's libc through dpkg's
# database, so libc6:ppc64el must be installed where the build runs; adding
# ppc64el to this host's own dpkg is not ours to do. mmdebstrap makes the
# chroot once ($PCC_CACHE/chroots/deb-bookworm, about 2 min).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "the package build needs root (mmdebstrap, chroot)"
if [ -z "${PCC_CHROOT_NS:-}" ]; then
	PCC_CHROOT_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi
command -v mmdebstrap >/dev/null || die "mmdebstrap is missing: run scripts/setup-host.sh"

pkgs=build-essential,crossbuild-essential-ppc64el,libc6-dev:ppc64el,debhelper,dh-dkms,lintian
root=$PCC_CACHE/chroots/deb-bookworm
src=$(cd "${1:-$PCC_TOP}" && pwd)
out=${2:-$PCC_TOP/build/deb}
mkdir -p "$PCC_CACHE/chroots"
exec {lockfd}>"$PCC_CACHE/chroots/.deb-bookworm.lock"
flock -x "$lockfd"
if [ "$(cat "$root/.pcc-packages" 2>/dev/null)" != "$pkgs" ]; then
	tmp=$root.tmp.$$
	log "creating the package build chroot (mmdebstrap bookworm, amd64 + ppc64el)"
	t0=$SECONDS
	rm -rf --one-file-system "$root".tmp.*
	mmdebstrap --variant=apt --architectures=amd64,ppc64el --include="$pkgs" \
		bookworm "$tmp" "deb $(pcc_mirror) bookworm main" \
		>"$PCC_CACHE/chroots/deb-bookworm.log" 2>&1 ||
		{ tail -n 30 "$PCC_CACHE/chroots/deb-bookworm.log" >&2; die "mmdebstrap failed"; }
	echo "$pkgs" > "$tmp/.pcc-packages"
	rm -rf --one-file-system "$root"
	mv "$tmp" "$root"
	log "chroot created in $((SECONDS - t0)) s"
fi

# The tracked tree (what a clean clone has), fresh each time.
rm -rf "$root/build"
mkdir -p "$root/build/src"
(cd "$src" && if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$src" ]; then
	git ls-files --cached --others --exclude-standard |
		while read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done
else
	find . -path ./build -prune -o ! -type d -print
fi | cpio -pdm --quiet "$root/build/src")
mount -t proc proc "$root/proc"
# in_chroot USER CMD...
in_chroot() {
	local user=$1 home=/root
	shift
	[ "$user" = root ] || home=/tmp
	chroot --userspec="$user" "$root" /usr/bin/env -i \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$home LC_ALL=C.UTF-8 "$@"
}
log "dpkg-buildpackage -a ppc64el -b"
in_chroot root sh -c 'cd /build/src && dpkg-buildpackage -a ppc64el -us -uc -b' \
	>"$root/build/build.log" 2>&1 ||
	{ tail -n 40 "$root/build/build.log" >&2; die "dpkg-buildpackage failed"; }
changes=$(cd "$root/build" && ls ./*.changes)
# lintian as a user (it warns when run as root), every tag shown down to
# pedantic; errors and warnings fail the build.
rc=0
in_chroot nobody:nogroup sh -c "cd /build && lintian --fail-on error,warning \
	--display-info --pedantic --show-overrides $changes" \
	>"$root/build/lintian.txt" 2>&1 || rc=$?
rm -rf "$out"
mkdir -p "$out"
cp "$root"/build/*.deb "$root"/build/*.changes "$root"/build/*.buildinfo \
	"$root/build/build.log" "$root/build/lintian.txt" "$out/"
umount "$root/proc"
cat "$out/lintian.txt"
[ "$rc" -eq 0 ] || die "lintian: errors or warnings ($out/lintian.txt)"
ls "$out"/*.deb
