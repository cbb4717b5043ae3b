#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sysroot.sh: unpack the ppc64el development packages a KVM-only
# qemu-system-ppc64 links against (glib, libfdt, zlib) into a sysroot in
# $PCC_CACHE and print its path. Nothing is installed into the system.
#
# Versions come from the private package lists, newest of
# bookworm-backports and bookworm, the rule that also picks the libraries
# of Debian's ppc64el QEMU in tests/nested/qemu-root.sh: the patched binary
# then runs on exactly the libraries the stock one runs on. The sysroot is
# keyed by the resolved package versions.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

SUITES="bookworm-backports bookworm"
# What the build needs (pixman is not: with auto features disabled, QEMU
# builds without it).
ROOTS="libglib2.0-dev libfdt-dev zlib1g-dev"
# Dependencies never taken: the C library and compiler runtime come with
# the cross toolchain (libc6-dev-ppc64el-cross); tools, data and
# maintainer-script helpers are not needed to compile or link.
SKIP='^(libc6|libc6-dev|libc-dev|libgcc-s1|libgcc1|libstdc\+\+6|gcc-[0-9]+-base|libcrypt1|libcrypt-dev|libnsl-dev|libtirpc-dev|linux-libc-dev|python3.*|pkgconf|pkg-config|pkgconf-bin|libpkgconf3|dpkg.*|debconf.*|perl.*|.*-bin|.*-data|.*-doc|.*-tools)$'

pcc_apt_init
work=$PCC_CACHE/qemu
mkdir -p "$work"

# suite TAB package TAB version TAB depends (Pre-Depends first) TAB provides,
# one line per package version, rebuilt when the lists change.
index=$work/packages.idx
# shellcheck disable=SC2086
pcc_deb_index "$index" $SUITES

declare -A ver suite
queue=()

# newest NAME: "suite version" of the newest version of NAME, or nothing.
newest() {
	local s v best_s='' best_v=''
	while IFS=$'\t' read -r s v; do
		if [ -z "$best_v" ] || dpkg --compare-versions "$v" gt "$best_v"; then
			best_s=$s
			best_v=$v
		fi
	done < <(awk -F'\t' -v p="$1" '$2 == p { print $1 "\t" $3 }' "$index")
	[ -z "$best_v" ] || echo "$best_s $best_v"
}

# want DEP: add the package of a dependency item (alternatives separated
# by '|'); the first alternative that is a real package wins. Version
# relations are not checked: the newest version of a suite satisfies its
# own suite's dependencies.
want() {
	local alt name r
	while read -r alt; do
		name=$(sed 's/[ (].*//; s/:any$//' <<<"$alt")
		[ -n "$name" ] || continue
		if [[ $name =~ $SKIP ]] || [ -n "${ver[$name]:-}" ]; then
			return 0
		fi
		r=$(newest "$name")
		[ -n "$r" ] || continue
		suite[$name]=${r% *}
		ver[$name]=${r#* }
		queue+=("$name")
		return 0
	done < <(tr '|' '\n' <<<"$1" | sed 's/^ *//; s/ *$//')
	die "cannot satisfy '$1' from $SUITES (ppc64el)"
}

for p in $ROOTS; do
	want "$p"
done
i=0
while [ "$i" -lt "${#queue[@]}" ]; do
	p=${queue[$i]}
	deps=$(awk -F'\t' -v s="${suite[$p]}" -v p="$p" -v v="${ver[$p]}" \
		'$1 == s && $2 == p && $3 == v { print $4; exit }' "$index")
	while read -r item; do
		[ -z "$item" ] || want "$item"
	done < <(tr ',' '\n' <<<"$deps" | sed 's/^ *//')
	i=$((i + 1))
done

manifest=$(for p in "${queue[@]}"; do
	printf '%s %s %s\n' "$p" "${ver[$p]}" "${suite[$p]}"
done | sort)
key=$(sha256sum <<<"$manifest" | cut -c1-16)
root=$work/sysroot-$key
if [ -f "$root/.complete" ]; then
	echo "$root"
	exit 0
fi

log "sysroot: ${#queue[@]} packages"
rm -rf "$root"
mkdir -p "$root"
while read -r p v s; do
	dpkg-deb -x "$(pcc_fetch_deb "$s" ppc64el "$p" "$v")" "$root"
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
