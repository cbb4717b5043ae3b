#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fetch-kernel.sh NAME: resolve the kernel NAME of kernels.conf from the
# package lists, download its ppc64el image and headers (and the kbuild
# tools), unpack them into the cache and print the path of the kernel.env
# written there. Versions are resolved at run time: they move.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: fetch-kernel.sh NAME}
read -r suite flavour builder < <(awk -v n="$name" '$1 == n { print $2, $3, $4 }' "$PCC_TOP/kernels.conf") || true
[ -n "${suite:-}" ] || die "kernel '$name' is not in kernels.conf"

dir=$PCC_CACHE/kernels/$name
if [ -f "$dir/kernel.env" ] && [ -z "${PCC_REFRESH:-}" ]; then
	echo "$dir/kernel.env"
	exit 0
fi
pcc_apt_init

# The first package of a Depends list whose name starts with $1.
dep() { tr ',|' '\n\n' | sed 's/^ *//; s/ .*//' | grep -m1 "^$1" || true; }

meta=$(pcc_stanza "$suite" ppc64el "linux-headers-$flavour")
hdrpkg=$(pcc_field Depends <<<"$meta" | dep "linux-headers-[0-9]")
[ -n "$hdrpkg" ] || die "cannot resolve linux-headers-$flavour in $suite"
abi=${hdrpkg#linux-headers-}
abi=${abi%-"$flavour"}
hstanza=$(pcc_stanza "$suite" ppc64el "$hdrpkg")
ver=$(pcc_field Version <<<"$hstanza")
hdeps=$(pcc_field Depends <<<"$hstanza")
common=$(dep linux-headers- <<<"$hdeps")
kbuild=$(dep linux-kbuild- <<<"$hdeps")
image="linux-image-$abi-$flavour"
ideps=$(pcc_field Depends <<<"$(pcc_stanza "$suite" ppc64el "$image" "$ver")")
binary=$(dep linux-binary- <<<"$ideps")
modules=$(dep linux-modules- <<<"$ideps")

debs=(
	"$(pcc_fetch_deb "$suite" ppc64el "$hdrpkg" "$ver")"
	"$(pcc_fetch_deb "$suite" ppc64el "$common" "$ver")"
	"$(pcc_fetch_deb "$suite" amd64 "$kbuild" "$ver")"
	"$(pcc_fetch_deb "$suite" ppc64el "$image" "$ver")"
	"$(pcc_fetch_deb bookworm ppc64el busybox-static)"
)
[ -z "$binary" ] || debs+=("$(pcc_fetch_deb "$suite" ppc64el "$binary" "$ver")")
[ -z "$modules" ] || debs+=("$(pcc_fetch_deb "$suite" ppc64el "$modules" "$ver")")

rm -rf "$dir"
mkdir -p "$dir/root"
for d in "${debs[@]}"; do
	dpkg-deb -x "$d" "$dir/root"
done
kver=$abi-$flavour
hdr=$dir/root/usr/src/linux-headers-$kver
# The headers refer to their common half (and, in 7.x, their output
# directory) by absolute paths under /usr/src.
sed -i "s|/usr/src/|$dir/root/usr/src/|g" "$hdr/Makefile"
vmlinux=
for f in "$dir/root/boot/vmlinux-$kver" "$dir/root/usr/lib/modules/$kver/vmlinuz"; do
	[ -f "$f" ] && vmlinux=$f && break
done
[ -n "$vmlinux" ] || die "no vmlinux in $image"
moddir=$dir/root/lib/modules/$kver
[ -d "$moddir" ] || moddir=$dir/root/usr/lib/modules/$kver
cc=$(grep -o 'gcc-[0-9]*' "$hdr/.kernelvariables" 2>/dev/null | head -n1 || true)
cat > "$dir/kernel.env" <<EOE
PCC_KNAME=$name
PCC_KSUITE=$suite
PCC_KVER=$kver
PCC_KPKGVER=$ver
PCC_KHDR=$hdr
PCC_KVMLINUX=$vmlinux
PCC_KMODDIR=$moddir
PCC_KBUILDER=$builder
PCC_KCC=${cc:-gcc}
PCC_BUSYBOX=$dir/root/bin/busybox
EOE
log "kernel $name: $kver ($ver)"
echo "$dir/kernel.env"
