#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu-root.sh: assemble Debian's ppc64el qemu-system-ppc64 (bookworm-backports)
# with everything it needs to run inside the emulated L1, and print the path
# of that root. The package closure is resolved from the private package
# lists by Depends/Pre-Depends, each deb is downloaded checked
# (pcc_fetch_deb), and the root keeps only what the binary really loads: its
# interpreter, the DT_NEEDED closure and the firmware blobs. The result is
# cached in $PCC_CACHE under a key made of the resolved package versions.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

MULTIARCH=powerpc64le-linux-gnu
READELF=${CROSS_COMPILE}readelf
# Where a dependency may come from: QEMU 10.0 exists only in
# bookworm-backports, most of its libraries only in bookworm. The newest
# version that satisfies a dependency wins, as with apt -t bookworm-backports.
SUITES="bookworm-backports bookworm"

pcc_apt_init
work=$PCC_CACHE/nested
mkdir -p "$work"

# One line per package version of the suites:
# suite TAB package TAB version TAB depends (Pre-Depends first) TAB provides.
# Built once per refresh of the lists, so that resolving is a lookup.
index=$work/packages.idx
# shellcheck disable=SC2086
pcc_deb_index "$index" $SUITES

# satisfies VERSION OP WANTED: true when VERSION meets the relation.
satisfies() {
	[ -z "$2" ] && return 0
	dpkg --compare-versions "$1" "$2" "$3"
}

# pick NAME OP WANTED: print "suite version" of the newest version of a real
# package NAME that meets the relation, or nothing.
pick() {
	local s v best_s='' best_v=''
	while IFS=$'\t' read -r s v; do
		satisfies "$v" "$2" "$3" || continue
		if [ -z "$best_v" ] || dpkg --compare-versions "$v" gt "$best_v"; then
			best_s=$s
			best_v=$v
		fi
	done < <(awk -F'\t' -v p="$1" '$2 == p { print $1 "\t" $3 }' "$index")
	[ -z "$best_v" ] || echo "$best_s $best_v"
}

# providers NAME: real packages whose Provides names NAME.
providers() {
	awk -F'\t' -v p="$1" '{
		n = split($5, a, /, */)
		for (i = 1; i <= n; i++) { sub(/ .*/, "", a[i]); if (a[i] == p) { print $2; next } }
	}' "$index" | awk '!seen[$0]++'
}

# want ALTERNATIVE: add the package of one alternative ("name (op ver)") to
# the closure; false when no real package or provider can satisfy it.
want() {
	local name op ver r prov
	name=$(sed 's/[ (].*//; s/:any$//' <<<"$1")
	op=$(sed -n 's/.*(\([<>=]*\) *\([^)]*\)).*/\1/p' <<<"$1")
	ver=$(sed -n 's/.*(\([<>=]*\) *\([^)]*\)).*/\2/p' <<<"$1")
	if [ -n "${chosen_ver[$name]:-}" ]; then
		satisfies "${chosen_ver[$name]}" "$op" "$ver" ||
			die "$name ${chosen_ver[$name]} is already chosen but $1 is wanted"
		return 0
	fi
	r=$(pick "$name" "$op" "$ver")
	if [ -z "$r" ]; then
		# A virtual package: any provider will do (only unversioned
		# dependencies on virtual packages are expected here).
		[ -z "$op" ] || return 1
		for prov in $(providers "$name"); do
			[ -z "${chosen_ver[$prov]:-}" ] || return 0
		done
		prov=$(providers "$name" | head -n1)
		[ -n "$prov" ] || return 1
		want "$prov"
		return
	fi
	chosen_suite[$name]=${r% *}
	chosen_ver[$name]=${r#* }
	queue+=("$name")
}

# add DEPENDS: every comma-separated item, the first alternative that works.
add() {
	local item alt done_one
	while read -r item; do
		[ -n "$item" ] || continue
		done_one=
		while read -r alt; do
			[ -n "$alt" ] || continue
			if want "$alt"; then
				done_one=1
				break
			fi
		done < <(tr '|' '\n' <<<"$item" | sed 's/^ *//; s/ *$//')
		[ -n "$done_one" ] || die "cannot satisfy '$item' from $SUITES"
	done < <(tr ',' '\n' <<<"$1" | sed 's/^ *//')
}

# resolve_closure: "package version suite" for each package of
# qemu-system-ppc's closure, sorted. The helpers above fill its
# chosen_ver, chosen_suite and queue (bash scoping is dynamic).
resolve_closure() {
	local -A chosen_ver=() chosen_suite=()
	local queue=() i=0 p deps

	want qemu-system-ppc || die "qemu-system-ppc is not in $SUITES (ppc64el)"
	while [ "$i" -lt "${#queue[@]}" ]; do
		p=${queue[$i]}
		deps=$(awk -F'\t' -v s="${chosen_suite[$p]}" -v p="$p" -v v="${chosen_ver[$p]}" \
			'$1 == s && $2 == p && $3 == v { print $4; exit }' "$index")
		add "$deps"
		i=$((i + 1))
	done
	for p in "${queue[@]}"; do
		printf '%s %s %s\n' "$p" "${chosen_ver[$p]}" "${chosen_suite[$p]}"
	done | sort
}

# The closure only changes with the lists: resolve it once per index.
closure=$work/closure.txt
if [ -s "$closure" ] && [ "$closure" -nt "$index" ]; then
	manifest=$(cat "$closure")
else
	manifest=$(resolve_closure)
	printf '%s\n' "$manifest" > "$closure"
fi
key=$(sha256sum <<<"$manifest" | cut -c1-16)
root=$work/qemu-root-$key
if [ -f "$root/.complete" ]; then
	echo "$root"
	exit 0
fi

log "qemu-system-ppc $(awk '$1 == "qemu-system-ppc" { print $2 }' <<<"$manifest"): $(wc -l <<<"$manifest") packages"
unpack=$work/unpack-$key
rm -rf "$unpack" "$root"
mkdir -p "$unpack"
while read -r p v s; do
	deb=$(pcc_fetch_deb "$s" ppc64el "$p" "$v")
	dpkg-deb -x "$deb" "$unpack"
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
