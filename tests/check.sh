#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: every test of the project, as `make check` runs it.
#   KERNELS="6.12 ..." picks the kernels (kernels.conf) for the cross build
#   and the end-to-end scenarios; PCC_SKIP_NESTED=1 skips the nested run.
# Ends with "N passed, N failed" over all test cases.
set -uo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

KERNELS=${KERNELS:-$(awk '!/^#/ && NF { printf "%s ", $1 }' "$PCC_TOP/kernels.conf")}
. "$PCC_TOP/tests/lib/steps.sh"

start=$SECONDS
"$PCC_TOP/scripts/setup-host.sh" || die "cannot install the host packages"

# The fault step's L0 builds once into the cache (7 to 11 minutes cold):
# beside the first steps, which leave a core idle while they download
# and run single-threaded. The fault step waits for it.
# The private package lists first, so that no two steps update them at once.
pcc_apt_init || die "cannot read the package lists"
mkdir -p "$PCC_TOP/build"
"$PCC_TOP/tests/nested/build-strict-qemu.sh" >"$PCC_TOP/build/strict-qemu.log" 2>&1 &
strict_pid=$!

step "unit tests (ASan, UBSan)" make -s -C "$PCC_TOP" unit
step "command, man pages, install, dkms" make -s -C "$PCC_TOP" check-tool
step "Debian packages, lintian" "$PCC_TOP/tests/deb/run.sh"
step "fuzz the pure logic (20 s)" "$PCC_TOP/tests/fuzz/run.sh" 20
step "checkpatch --strict" make -s -C "$PCC_TOP" style
step "ioctl type byte unassigned" "$PCC_TOP/tests/lib/check-ioctl-number.sh"
for k in $KERNELS; do
	rm -f "$PCC_TOP/build/$k/ppc_compat_caps.ko" "$PCC_TOP/build/$k/e2e/summary.tsv"
	step "build $k (W=1, sparse)" "$PCC_TOP/scripts/build-module.sh" "$k"
	step "e2e scenarios on $k" env PCC_PREBUILT=1 "$PCC_TOP/tests/e2e/run.sh" -k "$k"
done

# What a load, a failed load and an unload leave behind (node references,
# notifiers), on the stock 6.12 kernel.
step "teardown: node references, a failed load (6.12)" env PCC_PREBUILT=1 \
	"$PCC_TOP/tests/teardown/run.sh"
# The hypervisor failing H_GUEST_GET_CAPABILITIES, under an L0 built from
# Debian's QEMU source with tests/nested's patches (cached like the kernels).
wait "$strict_pid" || { tail -n 20 "$PCC_TOP/build/strict-qemu.log"; echo "the strict L0 did not build"; }
step "hypervisor faults (check-faults)" "$PCC_TOP/tests/faults/run.sh"

# The packages on a real Debian LPAR (apt, DKMS, systemd) are make
# check-lpar's, outside make check: its disk images take 10 to 20 minutes
# each to build cold. check-debug's allocation-failure stage (its debug
# kernel, 4 to 5 minutes to build, the stage 9 minutes) is outside it too;
# the teardown step covers the failed load it catches (docs/testing.md).

# Proof against reality: L0 -> L1 (this module, kvm-hv, QEMU) -> L2.
if [ -n "${PCC_SKIP_NESTED:-}" ]; then
	skip "nested L2 guests (6.12)" PCC_SKIP_NESTED=1
else
	step "nested L2 guests (6.12)" "$PCC_TOP/tests/nested/run.sh"
fi

# table TITLE WIDTH AWK: a kernel x scenario table; AWK prints a cell from
# the row of build/KERNEL/e2e/summary.tsv (id, result, mask and backend,
# kvm-hv, its refusal, KVM's answer) whose first field is $id.
table() {
	local id k r
	echo
	echo "=== e2e: kernel x scenario$1"
	printf '%-16s' scenario
	for k in $KERNELS; do printf " %-$2s" "$k"; done
	echo
	for id in $(awk '!/^#/ && NF { print $1 }' "$PCC_TOP/tests/e2e/scenarios.tsv"); do
		printf '%-16s' "$id"
		for k in $KERNELS; do
			r=$(awk -F'\t' -v id="$id" "\$1 == id { $3 }" \
				"$PCC_TOP/build/$k/e2e/summary.tsv" 2>/dev/null)
			printf " %-$2s" "${r:-not run}"
		done
		echo
	done
}
table "" 9 'print $2'
# What the module answered and what the kernel's own kvm-hv did: the mask's
# mode nibble (7: P11|P10|P9, 6: P10|P9, 4: P9, 0: none), the backend, and
# whether kvm-hv loaded.
table ": module mask nibble/backend/kvm-hv" 12 \
	'split($3, m, " "); print (m[1] ~ /^0x/ ? substr(m[1], 3, 1) "/" m[2] : m[1] " " m[2]) "/" $4'

echo
echo "=== KVM_PPC_GET_COMPAT_CAPS (kernels that have it): KVM's answer / the module's"
for k in $KERNELS; do
	awk -F'\t' -v k="$k" '$6 != "" {
			split($3, m, " ")
			printf "%-8s %-16s KVM %-20s module %s%s\n", k, $1, $6, m[1],
				($6 == m[1] ? "  (equal)" : "") }' \
		"$PCC_TOP/build/$k/e2e/summary.tsv" 2>/dev/null
done
echo
echo "=== kvm-hv's refusals (kernel: scenario: its last kvm line)"
for k in $KERNELS; do
	awk -F'\t' -v k="$k" '$4 == "refuses" { print k ": " $1 ": " ($5 == "" ? "(no message)" : $5) }' \
		"$PCC_TOP/build/$k/e2e/summary.tsv" 2>/dev/null
done

steps_done "$((SECONDS - start)) s"
