#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# chroot-build.sh NAME OUTDIR: build the module in OUTDIR for the kernel NAME
# of kernels.conf inside a minimal chroot of that kernel's Debian suite.
#
# Why a chroot: trixie's and sid's headers pin their own compiler (gcc-14,
# gcc-16) and their amd64 kbuild binaries need glibc >= 2.38; bookworm has
# neither, and forcing its gcc-12 on them gives bad flags, assembler errors
# or a module that oopses at insmod. One chroot per suite is created once
# (debootstrap, 70-120 s) in $PCC_CACHE/chroots/<suite> and reused.
#
# The kernel's cache dir and OUTDIR are bind-mounted at the same absolute
# paths, so every path in kernel.env, the headers' Makefile and Kbuild's
# output means the same inside and outside. Run by build-module.sh, which
# takes our stdout and stderr as the build log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: chroot-build.sh NAME OUTDIR}
out=${2:?usage: chroot-build.sh NAME OUTDIR}

[ "$(id -u)" = 0 ] || die "a chroot build needs root (debootstrap, mount, chroot)"

# Do everything in a private mount namespace: our bind mounts are invisible
# to the rest of the system (and to parallel builds), and the kernel drops
# them even if this script is killed with SIGKILL and no trap can run.
if [ -z "${PCC_CHROOT_NS:-}" ]; then
	PCC_CHROOT_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

command -v debootstrap >/dev/null ||
	die "debootstrap is missing: run scripts/setup-host.sh"
out=$(cd "$out" && pwd)
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$name")
. "$env"
# Bind-mounted as spelled in kernel.env and the headers' Makefile (not
# resolved), so that those paths hold inside the chroot too.
kdir=$PCC_CACHE/kernels/$name
case $kdir in
/*) ;;
*) die "PCC_CACHE must be an absolute path" ;;
esac
case $PCC_KHDR in
"$kdir"/*) ;;
*) die "headers $PCC_KHDR are not inside $kdir" ;;
esac

chroots=$PCC_CACHE/chroots
# "chroot:SUITE" builds in another suite's chroot: experimental is no
# complete suite, its kernels build with sid's toolchain.
suite=$PCC_KSUITE
case $PCC_KBUILDER in
chroot:*) suite=${PCC_KBUILDER#chroot:} ;;
esac
root=$chroots/$suite
cc=${CROSS_COMPILE}${PCC_KCC}
pkgs=$PCC_KCC-${CROSS_COMPILE%-},make,bc,dwarves,kmod,xz-utils,zstd,sparse
mkdir -p "$chroots"

# True when a mount point lies at or below $1: never rm -rf through a
# bind mount (it shares st_dev, so --one-file-system would not stop us).
has_mounts() {
	awk -v p="$1" '$5 == p || index($5, p "/") == 1 { f = 1 } END { exit !f }' \
		/proc/self/mountinfo
}

rm_tree() {
	[ -e "$1" ] || return 0
	has_mounts "$1" && die "refusing to remove $1: something is mounted below it"
	rm -rf --one-file-system "$1"
}

# A chroot is complete when it has the compiler the headers pin and sparse;
# only complete chroots are ever renamed to $root.
chroot_ok() {
	[ -x "$1/usr/bin/$cc" ] && [ -x "$1/usr/bin/sparse" ] &&
		[ -x "$1/usr/bin/make" ] && [ -x "$1/usr/bin/pahole" ]
}

# Serialise creation: the first build of a suite debootstraps under an
# exclusive lock, parallel ones wait and then reuse its chroot. Builds hold
# the lock shared, so a chroot is never replaced under a running build.
exec {lockfd}>"$chroots/.$suite.lock"
flock -x "$lockfd"
if ! chroot_ok "$root"; then
	# Leftovers of an interrupted debootstrap (its own /proc and /sys
	# mounts lived in a namespace that is gone by now).
	for d in "$chroots/.$suite".tmp.*; do
		rm_tree "$d"
	done
	tmp=$chroots/.$suite.tmp.$$
	blog=$chroots/$suite.debootstrap.log
	log "creating the $suite chroot (debootstrap, log in $blog)"
	t0=$SECONDS
	# debootstrap's own output stays out of the build log: dpkg's
	# "warning:" lines there would read as compiler diagnostics.
	if ! debootstrap --variant=minbase --include="$pkgs" \
		"$suite" "$tmp" "$(pcc_mirror)" >"$blog" 2>&1; then
		tail -n 30 "$blog" >&2
		die "debootstrap of $suite failed (see $blog)"
	fi
	chroot_ok "$tmp" || die "debootstrap of $suite lacks $cc or a build tool"
	log "chroot $suite created in $((SECONDS - t0)) s"
	# An existing but incomplete chroot (e.g. the suite's kernel now pins a
	# newer gcc): swap in the new one, then drop the old. This assumes one
	# compiler per suite, true of kernels.conf.
	if [ -e "$root" ]; then
		mv "$root" "$tmp.old"
	fi
	mv "$tmp" "$root"
	rm_tree "$tmp.old"
fi
flock -s "$lockfd"

# Mount points inside the chroot, undone in reverse order on any exit.
mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" ||
			log "could not unmount ${mounted[i]}"
	done
	mounted=()
}
trap cleanup EXIT
# Make a signal end the script through the EXIT trap.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

bind() {
	mkdir -p "$root$2"
	mount --bind "$1" "$root$2"
	mounted+=("$root$2")
	[ -z "${3:-}" ] || mount -o remount,bind,"$3" "$root$2"
}
# The unpacked kernel read-only: the build must write nowhere but OUTDIR.
bind "$kdir" "$kdir" ro
bind "$out" "$out"
# No /proc: the build (make, gcc, sparse, pahole) was measured to need none.

log "building for $PCC_KVER in the $suite chroot ($cc)"
t0=$SECONDS
# A clean environment: nothing of the host (ARCH, KBUILD_*, CC, a parent
# make's MAKEFLAGS) may leak into the other suite's toolchain.
mlog=$out/.chroot-make.log
rc=0
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	LC_ALL=C.UTF-8 \
	make -C "$PCC_KHDR" M="$out" ARCH=powerpc CROSS_COMPILE="$CROSS_COMPILE" \
	W=1 C=2 modules </dev/null 2>&1 | tee "$mlog" || rc=$?
[ "$rc" -eq 0 ] || die "make failed (exit $rc) in the $suite chroot"
# Kbuild drops C=1/C=2 with only a make-level note when its checker test
# fails (7.x); say so plainly rather than leave it to the CHECK count.
if grep -q 'specified, but .* is not available or not up to date' "$mlog"; then
	die "kbuild skipped sparse for $PCC_KVER"
fi
log "built in $((SECONDS - t0)) s"
