#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh: run QEMU's own scripts/checkpatch.pl, from the pristine
# source the series applies to, on each patch of the series; print its
# verdict per patch and fail on any error or warning.
#
# One kind of warning cannot be fixed and is let through: checkpatch asks
# every patch that touches linux-headers/ whether it came from
# scripts/update-linux-headers.sh, and every patch that adds a file there
# whether MAINTAINERS needs updating (linux-headers/ is already covered by
# the LINUX section; touching MAINTAINERS in the same patch is an error,
# since imported headers must come alone). Those are allowed only in a
# patch that touches nothing but linux-headers/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

src=$("$here/fetch-source.sh")
patches=()
for p in "$here"/0*.patch; do
	case ${p##*/} in
	0000-*) ;;	# the cover letter: no code
	*) patches+=("$p") ;;
	esac
done
[ ${#patches[@]} -gt 0 ] || die "no patches in $here"

HEADER_WARNINGS='^WARNING: added, moved or deleted file\(s\)( imported from Linux, are you using scripts/update-linux-headers.sh\?|, does MAINTAINERS need updating\?)$'
bad=0
for p in "${patches[@]}"; do
	rc=0
	out=$(cd "$src" && perl scripts/checkpatch.pl "$p" 2>&1) || rc=$?
	total=$(grep -m1 '^total:' <<<"$out" || echo "total: (none)")
	errors=$(grep -c '^ERROR' <<<"$out" || true)
	warnings=$(grep '^WARNING' <<<"$out" || true)
	only_headers=
	if ! grep '^+++ b/' "$p" | grep -qv '^+++ b/linux-headers/'; then
		only_headers=1
	fi
	left=$warnings
	[ -z "$only_headers" ] || left=$(grep -Ev "$HEADER_WARNINGS" <<<"$warnings" || true)
	if [ "$rc" -ne 0 ] || [ "$errors" -ne 0 ] || [ -n "$left" ]; then
		printf '%s: %s\n' "${p##*/}" "$total"
		printf '%s\n' "$out" | grep -E -A3 '^(ERROR|WARNING)' | sed 's/^/    /'
		bad=$((bad + 1))
	elif [ -n "$warnings" ]; then
		printf '%s: %s, allowed in a linux-headers import:\n' "${p##*/}" "$total"
		printf '%s\n' "$warnings" | sed 's/^/    /'
	else
		printf '%s: %s\n' "${p##*/}" "$total"
	fi
done
if [ "$bad" -ne 0 ]; then
	echo "checkpatch: $bad of ${#patches[@]} patches have problems"
	exit 1
fi
echo "checkpatch: ${#patches[@]} patches clean (QEMU $(cat "$src/VERSION") scripts/checkpatch.pl)"
