#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the host packages the build and the QEMU tests need (Debian 12).
# qemu-system-ppc comes from bookworm-backports: bookworm's 7.2 has neither
# cap-nested-papr nor the power11 CPU.
# debootstrap: the trixie and sid kernels build in a chroot of their suite
# (scripts/chroot-build.sh), their compilers and kbuild need a newer glibc.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS="gcc-powerpc64le-linux-gnu make bc bison flex libelf-dev libssl-dev cpio
      xz-utils zstd kmod dwarves file sparse python3 perl curl dkms man-db groff-base
      libc6-dev-ppc64el-cross linux-libc-dev-ppc64el-cross debootstrap mmdebstrap
      dpkg-dev e2fsprogs openssl pyflakes3"
need=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
qemu_ok() {
	command -v qemu-system-ppc64 >/dev/null &&
		qemu-system-ppc64 -cpu help 2>/dev/null | grep -q power11
}
if [ ${#need[@]} -eq 0 ] && qemu_ok; then
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing packages (${need[*]} qemu-system-ppc>=10): run as root"

bp=/etc/apt/sources.list.d/ppc-compat-caps-backports.sources
if ! qemu_ok && ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
	log "adding bookworm-backports (for qemu-system-ppc 10)"
	printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$(pcc_mirror)" > "$bp"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
[ ${#need[@]} -eq 0 ] || apt-get -q install -y --no-install-recommends "${need[@]}" >/dev/null
qemu_ok || apt-get -q install -y --no-install-recommends -t bookworm-backports qemu-system-ppc >/dev/null
qemu_ok || die "qemu-system-ppc64 with power11 support is still missing"
log "host packages ready"
