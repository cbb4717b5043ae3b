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

# Kbuild of 7.x runs $(srctree)/scripts/checker-valid.sh before honouring
# C=1/C=2 and silently drops sparse when the script is absent, and Debian's
# linux-kbuild-7.x does not ship it. Provide our own check (not the
# kernel's): print 1 when the checker runs and parses what these headers
# use (__typeof_unqual__, which sparse 0.6.4 rejects) without a diagnostic.
provide_checker_valid() {
	local common f
	[ -f "$1/Makefile" ] || return 0
	common=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$1/Makefile")
	[ -n "$common" ] || common=$1
	f=$common/scripts/checker-valid.sh
	grep -q 'scripts/checker-valid\.sh' "$common/Makefile" || return 0
	[ ! -e "$f" ] || return 0
	cat > "$f.tmp" <<'EOS'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# checker-valid.sh CHECK [CHECKFLAGS...]: print 1 when CHECK can check
# these headers. Written by ppc-compat-caps' fetch-kernel.sh: Debian's
# linux-kbuild lacks this script, and without it kbuild skips C=1/C=2.
command -v "$1" >/dev/null 2>&1 || exit 0
tmp=$(mktemp -d) || exit 0
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/t.c" <<'EOC'
static const int pcc_x;
static __typeof_unqual__(pcc_x) pcc_y;
static int pcc_z(void) { return pcc_y; }
EOC
# sparse exits 0 even on errors: judge by its diagnostics.
"$@" "$tmp/t.c" > "$tmp/out" 2>&1 || exit 0
[ -s "$tmp/out" ] || echo 1
EOS
	chmod 755 "$f.tmp"
	mv -f "$f.tmp" "$f"
}

if [ -f "$dir/kernel.env" ] && [ -z "${PCC_REFRESH:-}" ]; then
	provide_checker_valid "$(sed -n 's/^PCC_KHDR=//p' "$dir/kernel.env")"
	echo "$dir/kernel.env"
	exit 0
fi
pcc_apt_init

# The first package of a Depends list whose name starts with $1.
dep() { tr ',|' '\n\n' | sed 's/^ *//; s/ .*//' | grep -m1 "^$1" || true; }

# Header packages of the flavour, in the order to try them: the one the
# metapackage names, then any other ABI the suite's list still carries,
# newest first. The mirror can list debs it does not serve (trixie's
# 6.12.117 ppc64el debs gave 404 while 6.12.107 was there), so a kernel
# whose debs cannot all be downloaded gives way to the next one.
candidates() {
	pcc_field Depends <<<"$(pcc_stanza "$suite" ppc64el "linux-headers-$flavour")" |
		dep "linux-headers-[0-9]"
	/usr/lib/apt/apt-helper cat-file \
		"$PCC_CACHE"/apt/lists/*_dists_"$suite"_main_binary-ppc64el_Packages* |
		awk -v f="-$flavour" '
			/^Package: linux-headers-[0-9]/ { p = $2 }
			/^Package: / && $2 !~ /^linux-headers-[0-9]/ { p = "" }
			/^Version: / && p != "" &&
				substr(p, length(p) - length(f) + 1) == f { print $2, p; p = "" }' |
		sort -rV | awk '{ print $2 }'
}

# resolve HDRPKG: download the debs of that kernel into debs[]; fails
# (without unpacking anything) when one of them cannot be had.
resolve() {
	local hstanza hdeps common kbuild image ideps binary modules
	hdrpkg=$1
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
	[ -n "$ver" ] && [ -n "$common" ] && [ -n "$kbuild" ] || return 1
	debs=()
	fetch "$suite" ppc64el "$image" "$ver" &&
		fetch "$suite" ppc64el "$hdrpkg" "$ver" &&
		fetch "$suite" ppc64el "$common" "$ver" &&
		fetch "$suite" amd64 "$kbuild" "$ver" &&
		fetch bookworm ppc64el busybox-static || return 1
	# Only where linux-image is an empty metapackage (7.x).
	[ -z "$binary" ] || fetch "$suite" ppc64el "$binary" "$ver" || return 1
	[ -z "$modules" ] || fetch "$suite" ppc64el "$modules" "$ver" || return 1
}

# fetch SUITE ARCH PKG [VERSION]: add the downloaded deb to debs[].
fetch() {
	local d
	d=$(pcc_fetch_deb "$@") || return 1
	debs+=("$d")
}

ok=
tried=()
while read -r c; do
	[ -n "$c" ] || continue
	if resolve "$c"; then
		ok=1
		break
	fi
	tried+=("$c")
	log "kernel $name: ${c#linux-headers-} cannot be downloaded, trying an older one"
done < <(candidates | awk '!seen[$0]++')
[ -n "$ok" ] || die "no linux-headers-*-$flavour of $suite can be downloaded${tried:+ (tried ${tried[*]})}"

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
provide_checker_valid "$hdr"
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
