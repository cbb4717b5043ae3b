#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kvm-modules.sh KERNEL_ENV DIR: copy the kernel's own kvm-hv and every
# module it depends on (kvm, ...) from its image package into DIR, plain
# (busybox insmod does not read .ko.xz), each checked against the kernel's
# version magic; print their names in load order, dependencies first.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

env=${1:?usage: kvm-modules.sh KERNEL_ENV DIR}
dir=${2:?usage: kvm-modules.sh KERNEL_ENV DIR}
# shellcheck source=/dev/null
. "$env"
mkdir -p "$dir"

order=()
# add NAME: NAME after everything its .ko depends on.
add() {
	local f dep vermagic
	for f in "${order[@]}"; do
		[ "$f" != "$1" ] || return 0
	done
	f=$(find "$PCC_KMODDIR/kernel" -name "$1.ko*" -o -name "${1//_/-}.ko*" | head -n1)
	[ -n "$f" ] || die "module $1 is not in $PCC_KMODDIR"
	vermagic=$(/sbin/modinfo -F vermagic "$f")
	[ "${vermagic%% *}" = "$PCC_KVER" ] || die "$f is for ${vermagic%% *}, not $PCC_KVER"
	for dep in $(/sbin/modinfo -F depends "$f" | tr ',' ' '); do
		add "$dep"
	done
	case $f in
	*.xz) xz -dc "$f" > "$dir/$1.ko" ;;
	*.zst) zstd -qdc "$f" > "$dir/$1.ko" ;;
	*) cp "$f" "$dir/$1.ko" ;;
	esac
	order+=("$1")
}
add kvm-hv
printf '%s\n' "${order[@]}"
