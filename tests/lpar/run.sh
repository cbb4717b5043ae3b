#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/lpar/run.sh [bookworm|sid] (make check-lpar runs both): the
# packages on a real Debian LPAR, day one and day two, driven by the
# README's own commands.
#
# The LPAR (tests/lpar/lib.sh: Power11 in Power10 mode, nested API v2) runs
# a Debian system made by debootstrap, booted by its systemd, whose apt
# reads a local repository; tests/lpar/image.sh caches it. Its kernel is
# the suite's, through the flavour's metapackage (K1: bookworm's 6.1,
# sid's 7.2). Each run starts from a copy of that disk and boots it once a
# stage (tests/lpar/stage.sh); the commands an admin types are the README's
# blocks, extracted from it at run time and run as written:
#   install   README install (headers' metapackage, our two .debs, the
#             command): loaded at once, no reboot; DKMS built natively
#   boot1     loaded at boot by ppc-compat-caps.service; then the archive
#             publishes the metapackage's next version (K2) and README
#             kernel-upgrade brings the kernel and its headers: DKMS builds
#   boot2     K2: loaded at boot, its answer; README package-upgrade to the
#             next version of ours: DKMS replaces the module for every
#             kernel, the running one is reloaded; a kernel without headers
#             (K3) installed by name: DKMS says so
#   boot3     K3: nothing loads, nothing fails or warns, no taint
#   powernv   the same disk on a PowerNV host (QEMU powernv10): the unit's
#             condition keeps the module out: no taint, no log line
#   remove    autopkgtest (Testsuite: autopkgtest-pkg-dkms) on the LPAR,
#             then README remove: unloaded, gone from every kernel
#   removed   the boot after: nothing loads or complains; README purge:
#             nothing of ours left anywhere
#   control   negative control: the boot-time module checks, run once more
#             after the purge, must fail exactly where the packages are gone
# Expected answers come from tests/e2e/scenarios.tsv (row $LPAR_SCENARIO)
# for each kernel; each stage's case count is compared with its table
# below. Ends with "N passed, N failed".
set -uo pipefail
case ${1:-bookworm} in
bookworm | sid) export LPAR_FLAVOUR=${1:-bookworm} ;;
*) echo "usage: tests/lpar/run.sh [bookworm|sid]" >&2; exit 2 ;;
esac
. "$(dirname "$0")/../../scripts/lib.sh"
. "$PCC_TOP/tests/lpar/lib.sh"
. "$PCC_TOP/tests/e2e/scenario.sh"
. "$PCC_TOP/tests/lib/tap.sh"

# stage kernel machine cases: the boots, in order, and how many cases each
# must report (count them in stage.sh when it changes; README blocks add
# one case a command).
t0=$SECONDS
lpar_setup "$PCC_TOP/build/lpar-$LPAR_FLAVOUR"
readme_cmds() { lpar_readme_blocks "$LPAR_OUT/readme" && grep -c -v -x 'sudo reboot' "$LPAR_OUT/readme/$1"; }
STAGES="install $LPAR_K1 pseries $((13 + $(readme_cmds install)))
boot1 $LPAR_K1 pseries $((17 + $(readme_cmds kernel-upgrade)))
boot2 $LPAR_K2 pseries $((21 + 3 + $([ "$(pcc_kvm_answers "$LPAR_K2")" = - ] && echo 0 || echo 2) + $(readme_cmds package-upgrade)))
boot3 $LPAR_K3 pseries 11
powernv $LPAR_K2 powernv 11
remove $LPAR_K2 pseries $((12 + $(readme_cmds remove)))
removed $LPAR_K2 pseries $((13 + $(readme_cmds purge)))
control $LPAR_K2 pseries 9"

# The cases of the control stage that must fail, and only those.
CONTROL_FAILS="control: loaded at boot, no hand step
control: by ppc-compat-caps.service, enabled and active
control: the module is DKMS's build for $LPAR_K2_VER
control: modinfo version and the loaded one are the package's
control: /dev/ppc_compat_caps mode (0444)
control: compat_caps
control: one load line"

# What the rules say on each kernel for this LPAR.
pcc_scenario "$LPAR_K1" "$LPAR_SCENARIO"
k1_modes=$modes
pcc_scenario "$LPAR_K2" "$LPAR_SCENARIO"
k2_modes=$modes
LPAR_EXPECT="PCC_VERSION=$LPAR_VERSION
NEXT_VERSION=$LPAR_NEXT_VERSION
K1_MODES=$k1_modes
K2_MODES=$k2_modes
K2_KVM=$(pcc_kvm_answers "$LPAR_K2")
K2_META_VERSION=$(awk '/^Package: / { p = $2 } p == "linux-image-powerpc64le" && /^Version: / { print $2 }' \
	"$LPAR_UPDATE_REPO/Packages")"
# A domain for the libvirt helper where KVM answers alone (boot2 on 7.3).
LPAR_EXTRA_DIR=$LPAR_OUT/extra
mkdir -p "$LPAR_EXTRA_DIR"
cp "$PCC_TOP/tests/tool/libvirt/bare-host-model.xml" "$LPAR_EXTRA_DIR/l2-kvm.xml"
LPAR_SRC=$PCC_TOP lpar_pcc_disk "$LPAR_PCC_DISK" "${LPAR_DEBS[@]}"

lpar_stages "$LPAR_ROOT" "$STAGES"
echo "# times: image $LPAR_IMAGE_TIME s (cached when 0-1 s), $LPAR_TIMES, total $((SECONDS - t0)) s"
tap_done
