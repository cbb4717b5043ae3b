#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/libvirt/run.sh [sid|bookworm] (make check-libvirt runs both):
# libvirt on the Debian LPAR.
#
# The LPAR of tests/lpar (Power11 in Power10 mode, nested API v2), with
# sid's userland: bookworm's libvirt 9.0 and QEMU 7.2 cannot start any
# nested guest on a Power11 host (docs/usage.md quotes their errors), and
# trixie's point-release packages are not all on the mirror. Its base disk
# adds libvirt-daemon-system, libvirt-clients, libvirt-daemon-driver-qemu
# and qemu-system-ppc to the 6.12 kernel, headers and dkms. Two boots
# (tests/libvirt/stage.sh):
#   install  our packages by apt, DKMS building natively
#   libvirt  kvm-hv and libvirtd; virsh capabilities and domcapabilities;
#            an L2 defined with a bare <cpu mode='host-model'/> and started:
#            the mode libvirt picks by itself; the same L2 after
#            ppc-compat-caps-libvirt: the module's mode. Each L2 reports
#            the cpu-version its kernel was given.
# With bookworm (bookworm's userland, libvirt 9.0, QEMU 7.2) the second
# boot (libvirt-bookworm) records what that stack does with the same two
# domains: it starts neither, and its errors are quoted.
# Expected modes come from tests/e2e/scenarios.tsv (row p11-in-p10) and
# the raw PVR's rule. Ends with "N passed, N failed".
set -uo pipefail
# sid: the path that works; bookworm: what bookworm's own stack does.
case ${1:-sid} in
sid) export LPAR_FLAVOUR=libvirt STAGE=libvirt ;;
bookworm) export LPAR_FLAVOUR=libvirt-bookworm STAGE=libvirt-bookworm ;;
*) echo "usage: tests/libvirt/run.sh [sid|bookworm]" >&2; exit 2 ;;
esac
. "$(dirname "$0")/../../scripts/lib.sh"
. "$PCC_TOP/tests/lpar/lib.sh"
. "$PCC_TOP/tests/e2e/scenario.sh"
. "$PCC_TOP/tests/lib/tap.sh"

STAGES="install $LPAR_K1 pseries 2
$STAGE $LPAR_K1 pseries 18"

t0=$SECONDS
lpar_setup "$PCC_TOP/build/$LPAR_FLAVOUR"
pcc_scenario "$LPAR_K1" "$LPAR_SCENARIO"
# libvirt alone: -cpu host and no max-cpu-compat, so QEMU runs the L2 in
# the raw PVR's mode (the CPU's, power11); QEMU's emulated hypervisor does
# not refuse it, where PowerVM would.
LPAR_EXPECT="PCC_VERSION=$LPAR_VERSION
K1_MODES=$modes
K1_BEST=${modes%%,*}
BARE_CPU_VERSION=$(pcc_mode_pvr "$LPAR_CPU")
FIXED_CPU_VERSION=$(pcc_mode_pvr "${modes%%,*}")"

# The L2: the same Debian kernel, a busybox initramfs that prints its
# cpu-version (tests/nested/l2-init.sh).
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$LPAR_K1")
. "$env"
extra=$LPAR_OUT/extra
mkdir -p "$extra/l2/root/bin" "$extra/l2/root/proc" "$extra/l2/root/sys" "$extra/l2/root/dev"
cp "$PCC_BUSYBOX" "$extra/l2/root/bin/busybox"
install -m 0755 "$PCC_TOP/tests/nested/l2-init.sh" "$extra/l2/root/init"
(cd "$extra/l2/root" && find . | cpio -o -H newc --quiet) > "$extra/l2/initrd.cpio"
rm -rf "$extra/l2/root"
cp "$PCC_KVMLINUX" "$extra/l2/vmlinux"
cp "$PCC_TOP/tests/libvirt/l2.xml.in" "$PCC_TOP/tests/libvirt/l2-numa.xml.in" \
	"$PCC_TOP/tests/libvirt/domain_diff.py" "$extra/"
LPAR_EXTRA_DIR=$extra LPAR_STAGE=$PCC_TOP/tests/libvirt/stage.sh \
	lpar_pcc_disk "$LPAR_PCC_DISK" "${LPAR_DEBS[@]}"

lpar_stages "$LPAR_ROOT" "$STAGES"
echo "# times: image $LPAR_IMAGE_TIME s (cached when 0-1 s), $LPAR_TIMES, total $((SECONDS - t0)) s"
tap_done
