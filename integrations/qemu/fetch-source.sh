#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fetch-source.sh: download Debian's qemu source package of
# bookworm-backports (10.0.x, the version of the stock L1 QEMU), unpack it
# once into $PCC_CACHE as the pristine tree the series applies to, and
# print that tree's path. Its .source-id file names exactly what it is
# made of, for the build cache key.
#
# The files are those of the suite's Sources list, checked against its
# SHA256 sums. The mirror has been seen listing the .dsc and the
# .debian.tar.xz of a backport while serving only the upstream .orig
# tarball (404 for the others): then the tree is the .orig tarball alone,
# Debian's packaging patches are not applied, and .source-id says so.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

SUITE=bookworm-backports
# The stock L1 QEMU's series; a newer upstream series is another port.
SERIES=10.0

work=$PCC_CACHE/qemu
apt=$work/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$work/src"
touch "$apt/status"

# A private deb-src configuration: the system's apt lists stay untouched.
papt() {
	"$@" -o Dir::Etc::SourceList="$apt/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$apt/lists" \
		-o Dir::State::Status="$apt/status" \
		-o Dir::Cache="$apt/cache" \
		-o Acquire::Languages=none -o APT::Sandbox::User=root -q
}
mirror=$(pcc_mirror)
echo "deb-src $mirror $SUITE main" > "$apt/sources.list"
if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*Sources*' -mmin -1440 | head -n1)" ]; then
	log "refreshing the $SUITE source list"
	papt apt-get update >/dev/null || die "apt-get update (deb-src $SUITE) failed"
fi

# The newest qemu of the series: its Version, Directory and files.
stanza=$(papt apt-cache showsrc qemu | awk -v want="$SERIES" '
	/^Package: / { buf = ""; ok = 0 }
	/^Version: / { v = $2; sub(/^[0-9]+:/, "", v); ok = (index(v, want ".") == 1) }
	{ buf = buf $0 "\n" }
	/^$/ { if (ok) print buf; ok = 0 }
	END { if (ok) print buf }')
[ -n "$stanza" ] || die "no qemu $SERIES.x source package in $SUITE"
version=$(sed -n 's/^Version: //p' <<<"$stanza" | sort -V | tail -n1)
stanza=$(awk -v v="$version" 'BEGIN { RS = ""; ORS = "\n\n" } index($0 "\n", "\nVersion: " v "\n") { print; exit }' <<<"$stanza")
dir=$(sed -n 's/^Directory: //p' <<<"$stanza")
files=$(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' <<<"$stanza")
[ -n "$dir" ] && [ -n "$files" ] || die "incomplete Sources stanza for qemu $version"

# fetch FILE SHA256: download into the cache, checked; false on a 404.
fetch() {
	local out=$work/src/$1
	if [ -f "$out" ] && echo "$2  $out" | sha256sum -c --status; then
		return 0
	fi
	local code
	code=$(curl -sL --retry 3 -w '%{http_code}' -o "$out.part" "$mirror/$dir/$1") || code=error
	if [ "$code" != 200 ]; then
		log "$1: not served by the mirror (HTTP $code)"
		rm -f "$out.part"
		return 1
	fi
	log "downloaded $1"
	echo "$2  $out.part" | sha256sum -c --status || die "checksum mismatch: $1"
	mv "$out.part" "$out"
}

dsc= orig= debian= missing=()
while read -r sha _ name; do
	case $name in
	*.dsc) dsc=$name ;;
	*.orig.tar.*) orig=$name ;;
	*.debian.tar.*) debian=$name ;;
	*) continue ;;
	esac
	fetch "$name" "$sha" || missing+=("$name")
done <<<"$files"
[ -n "$orig" ] || die "qemu $version lists no .orig tarball"
for m in "${missing[@]}"; do
	[ "$m" != "$orig" ] || die "the mirror does not serve $orig"
done

upstream=${orig#qemu_}
upstream=${upstream%.orig.tar.*}
if [ ${#missing[@]} -eq 0 ]; then
	id="qemu $version ($dsc, Debian patches applied)"
	tree=$work/src/qemu-${version#*:}
else
	id="qemu $upstream ($orig only: the mirror does not serve ${missing[*]}; Debian patches not applied)"
	tree=$work/src/qemu-$upstream.orig
fi
if [ -f "$tree/.source-id" ] && [ "$(cat "$tree/.source-id")" = "$id" ]; then
	echo "$tree"
	exit 0
fi

rm -rf "$tree" "$tree.tmp"
if [ ${#missing[@]} -eq 0 ]; then
	log "unpacking $dsc"
	dpkg-source --no-check -x "$work/src/$dsc" "$tree.tmp" >/dev/null
else
	log "unpacking $orig (${missing[*]} not served by the mirror)"
	mkdir "$tree.tmp"
	tar -xf "$work/src/$orig" -C "$tree.tmp" --strip-components=1
fi
[ -f "$tree.tmp/VERSION" ] || die "no VERSION in the unpacked qemu source"
printf '%s\n' "$id" > "$tree.tmp/.source-id"
mv "$tree.tmp" "$tree"
log "pristine source: $id, QEMU $(cat "$tree/VERSION")"
echo "$tree"
