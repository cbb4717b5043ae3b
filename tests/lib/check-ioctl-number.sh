#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-ioctl-number.sh: our ioctl type byte must stay unassigned in the
# kernel's Documentation/userspace-api/ioctl/ioctl-number.rst (the copy
# fetch-checkpatch.sh keeps, or the file PCC_IOCTL_NUMBER_RST names). A
# file that cannot be read is a failure, never "unassigned".
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

if [ -n "${PCC_IOCTL_NUMBER_RST:-}" ]; then
	rst=$PCC_IOCTL_NUMBER_RST from=$rst
else
	dir=$("$PCC_TOP/tests/lib/fetch-checkpatch.sh")
	rst=$dir/ioctl-number.rst from="$(cat "$dir/VERSION")'s ioctl-number.rst"
fi
type=$(sed -n 's/^#define PPC_COMPAT_CAPS_IOC_TYPE[[:space:]]*\(0x[0-9A-Fa-f]*\).*/\1/p' \
	"$PCC_TOP/include/uapi/ppc_compat_caps.h")
[ -n "$type" ] || die "PPC_COMPAT_CAPS_IOC_TYPE not found"
# The table's own first entries: a file without them is not the table.
grep -q "^'V' " "$rst" || die "$rst: not the ioctl-number table (or unreadable)"
rc=0
grep -i "^$type " "$rst" || rc=$?
case $rc in
0) die "type $type is assigned in $from" ;;
1) echo "type $type is unassigned in $from" ;;
*) die "$rst: grep failed (exit $rc)" ;;
esac
