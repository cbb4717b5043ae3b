#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh: cross-build the debug kernel of `make check-debug`
# (allnoconfig + tests/debug/debug.config) from Debian's linux-source-6.12
# and print the path of the debug.env describing it.
#
# Source and objects live in the cache, never in the repository. The built
# tree is kept, keyed by a hash of the fragment, the source package version
# and the cross compiler, so a second run costs nothing; an interrupted
# build is resumed (make is incremental) because the tree only counts as
# built once its stamp is written.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

fragment=$here/debug.config
jobs=${PCC_JOBS:-3}
kmake=(make ARCH=powerpc CROSS_COMPILE="$CROSS_COMPILE")

pcc_apt_init
# linux-source is a metapackage naming linux-source-X.Y, as in
# tests/lib/fetch-checkpatch.sh.
srcpkg=$(pcc_field Depends <<<"$(pcc_stanza bookworm-backports amd64 linux-source)" |
	grep -o 'linux-source-[0-9.]*' | head -n1)
[ "$srcpkg" = linux-source-6.12 ] ||
	die "bookworm-backports' linux-source is now $srcpkg, not linux-source-6.12: update tests/debug"
srcver=$(pcc_field Version <<<"$(pcc_stanza bookworm-backports amd64 "$srcpkg")")
[ -n "$srcver" ] || die "cannot resolve $srcpkg's version"

key=$({
	cat "$fragment"
	echo "$srcpkg $srcver"
	"${CROSS_COMPILE}gcc" --version | head -n1
} | sha256sum | cut -c1-12)
top=$PCC_CACHE/debug
src=$top/src/$srcpkg-$srcver
obj=$top/kernel-$key
mkdir -p "$top"

# One builder at a time per cache: other test runs share the machine.
exec 9>"$top/.lock"
flock 9

if [ ! -f "$src/.pcc-unpacked" ]; then
	deb=$(pcc_fetch_deb bookworm-backports amd64 "$srcpkg" "$srcver")
	log "unpacking $srcpkg $srcver"
	rm -rf "$src"
	mkdir -p "$src"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -O --wildcards './usr/src/linux-source-*.tar.*' |
		tar -xJ -C "$src" --strip-components=1
	touch "$src/.pcc-unpacked"
fi

# check_fragment CONFIG: every setting of the fragment is in CONFIG;
# Kconfig silently drops what a dependency does not allow.
check_fragment() {
	local line sym bad=0

	while read -r line; do
		case $line in
		CONFIG_*=*)
			sym=${line%%=*}
			grep -qxF "$line" "$1" && continue
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			! grep -q "^$sym=" "$1" && continue
			;;
		*)
			continue
			;;
		esac
		log "fragment line lost in Kconfig: $line (.config: $(grep -E "^(# )?${sym}[= ]" "$1" || echo absent))"
		bad=1
	done < "$fragment"
	return "$bad"
}

build_s=0
if [ ! -f "$obj/.pcc-built" ]; then
	log "building the debug kernel in $obj (-j$jobs; ~4 min on 2 idle cores)"
	start=$SECONDS
	mkdir -p "$obj"
	"${kmake[@]}" -C "$src" O="$obj" KCONFIG_ALLCONFIG="$fragment" \
		allnoconfig >"$obj/config.log" 2>&1 ||
		{ cat "$obj/config.log" >&2; die "allnoconfig failed"; }
	check_fragment "$obj/.config" || die "the debug kernel's .config lacks lines of $fragment"
	"${kmake[@]}" -C "$obj" -j"$jobs" vmlinux modules >"$obj/build.log" 2>&1 ||
		{ tail -n 40 "$obj/build.log" >&2; die "debug kernel build failed (log: $obj/build.log)"; }
	build_s=$((SECONDS - start))
	echo "$build_s" > "$obj/.pcc-built"
fi
check_fragment "$obj/.config" || die "the debug kernel's .config lacks lines of $fragment"

cat > "$obj/debug.env" <<EOE
PCC_DK_SRCPKG=$srcpkg
PCC_DK_SRCVER=$srcver
PCC_DK_KEY=$key
PCC_DK_OBJ=$obj
PCC_DK_VMLINUX=$obj/vmlinux
PCC_DK_RELEASE=$(cat "$obj/include/config/kernel.release")
PCC_DK_BUILT_S=$(cat "$obj/.pcc-built")
PCC_DK_CACHED=$([ "$build_s" -gt 0 ] && echo 0 || echo 1)
EOE
echo "$obj/debug.env"
