#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fetch-checkpatch.sh: extract scripts/checkpatch.pl and its data files from
# Debian's linux-source package (no binary kernel package ships them) into
# the cache, and print the directory that holds them. The ioctl-number list
# comes along, to check that our ioctl type byte is still free.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

out=$PCC_CACHE/checkpatch
if [ -x "$out/checkpatch.pl" ] && [ -z "${PCC_REFRESH:-}" ]; then
	echo "$out"
	exit 0
fi
pcc_apt_init
src=$(pcc_field Depends <<<"$(pcc_stanza bookworm-backports amd64 linux-source)" |
	grep -o 'linux-source-[0-9.]*' | head -n1)
[ -n "$src" ] || die "cannot resolve linux-source in bookworm-backports"
deb=$(pcc_fetch_deb bookworm-backports amd64 "$src")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './usr/src/linux-source-*.tar.*'
tarball=$(ls "$tmp"/usr/src/linux-source-*.tar.*)
top=$(basename "$tarball")
top=${top%.tar.*}
files="scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch
       Documentation/userspace-api/ioctl/ioctl-number.rst"
# shellcheck disable=SC2086
tar -x -C "$tmp" -f "$tarball" $(printf "$top/%s " $files)
mkdir -p "$out"
for f in $files; do
	cp "$tmp/$top/$f" "$out/"
done
echo "$src" > "$out/VERSION"
echo "$out"
