#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# image.sh [DEBS...]: build (once) the Debian LPAR's base disk and print
# its path (LPAR_FLAVOUR, tests/lpar/lib.sh, says which system; DEBS, our
# packages, say what else the local repository must hold).
#
# A ppc64el system made by Debian's own debootstrap: first stage on
# this host (--foreign: no ppc64el binary runs here), second stage inside
# the emulated LPAR, and in the same boot (tests/lpar/guest-setup.sh) apt
# installs from the local repository what an admin has before our
# packages (LPAR_BASE_PKGS: the suite's kernel, gcc, make, dkms, sudo).
# Cached in
# $PCC_CACHE/lpar by a key over this directory's setup files and the
# kernel's version.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
. "$PCC_TOP/tests/lpar/lib.sh"

lpar_prepare "$@"
key=$(cat "$PCC_TOP/tests/lpar/image.sh" "$PCC_TOP/tests/lpar/initramfs-init.sh" \
	"$PCC_TOP/tests/lpar/guest-setup.sh" |
	{ cat; echo "$LPAR_SUITE $LPAR_BASE_PKGS $LPAR_K1_VER"; } | sha256sum | cut -c1-12)
base=$LPAR_CACHE/base-$key.img
if [ -f "$base" ]; then
	echo "$base"
	exit 0
fi

work=$LPAR_CACHE/work
rm -rf "$work"
mkdir -p "$work"
tree=$work/tree
log "debootstrap first stage ($LPAR_SUITE ppc64el)"
debootstrap --foreign --arch=ppc64el --variant=minbase \
	--include=systemd-sysv,udev,kmod,procps \
	"$LPAR_SUITE" "$tree" "$(pcc_mirror)" > "$work/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap --foreign failed"; }
# In a container debootstrap leaves proc as a symlink to the host's /proc.
[ -L "$tree/proc" ] && rm "$tree/proc" && mkdir "$tree/proc"
install -D -m 0755 "$PCC_TOP/tests/lpar/guest-setup.sh" "$tree/usr/local/sbin/pcc-guest-setup"
mke2fs -q -t ext4 -L root -d "$tree" "$work/root.img" 6G >/dev/null
rm -rf "$tree"

LPAR_PCC_DISK=$work/pcc.img
lpar_pcc_disk "$LPAR_PCC_DISK"
log "second stage and apt install of $LPAR_BASE_PKGS in the LPAR (about 10 min)"
lpar_boot "$work/root.img" "$LPAR_K1" setup "$work/setup" pcc_setup=second-stage
grep -q 'pcc-second-stage rc=0' "$work/setup.console" &&
	grep -q 'pcc-guest-setup rc=0' "$work/setup.console" ||
	{ tail -n 40 "$work/setup.console" >&2; die "setup of the LPAR's root failed"; }
mv "$work/root.img" "$base"
rm -rf "$work"
echo "$base"
