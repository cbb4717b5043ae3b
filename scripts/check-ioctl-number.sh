#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-ioctl-number.sh: our ioctl type byte must stay unassigned in the
# kernel's Documentation/userspace-api/ioctl/ioctl-number.rst.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$("$PCC_TOP/scripts/fetch-checkpatch.sh")
type=$(sed -n 's/^#define PPC_COMPAT_CAPS_IOC_TYPE[[:space:]]*\(0x[0-9A-Fa-f]*\).*/\1/p' \
	"$PCC_TOP/include/uapi/ppc_compat_caps.h")
[ -n "$type" ] || die "PPC_COMPAT_CAPS_IOC_TYPE not found"
if grep -i "^$type " "$dir/ioctl-number.rst"; then
	die "type $type is assigned in $(cat "$dir/VERSION")'s ioctl-number.rst"
fi
echo "type $type is unassigned in $(cat "$dir/VERSION")'s ioctl-number.rst"
