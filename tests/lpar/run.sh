#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/lpar/run.sh (make check-lpar): the packages on a real Debian LPAR.
#
# The LPAR (tests/lpar/lib.sh: Power11 in Power10 mode, nested API v2) runs
# a bookworm system made by debootstrap, booted by its systemd, whose apt
# reads a local repository; tests/lpar/image.sh caches it. Each run starts
# from a copy of that disk and boots it five times, one stage each
# (tests/lpar/stage.sh):
#   install  apt install ./ppc-compat-caps-dkms_*.deb ./ppc-compat-caps_*.deb;
#            DKMS builds the module natively with the LPAR's gcc
#   boot1    after the reboot: loaded at boot, the answer, --qemu, modinfo;
#            apt installs a second kernel and DKMS builds for it
#   boot2    booted into the second kernel: loaded, its own answer
#   powernv  the same disk on a PowerNV host (QEMU powernv10): the boot-time
#            load finds no LPAR, fails no unit, logs no error
#   purge    apt purge of both: nothing left in any kernel, DKMS or the
#            file system
#   control  negative control: the boot-time module checks, run once more
#            after the purge, must fail exactly where the packages are gone
# Expected answers come from tests/e2e/scenarios.tsv (row $LPAR_SCENARIO)
# for each kernel; each stage's case count is compared with its table
# below. Ends with "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
. "$PCC_TOP/tests/lpar/lib.sh"
. "$PCC_TOP/tests/e2e/scenario.sh"
. "$PCC_TOP/tests/lib/tap.sh"

# stage kernel machine cases: the boots, in order, and how many cases each
# must report (count them in stage.sh when it changes).
STAGES="install $LPAR_K1 pseries 7
boot1 $LPAR_K1 pseries 15
boot2 $LPAR_K2 pseries 12
powernv $LPAR_K1 powernv 9
purge $LPAR_K1 pseries 8
control $LPAR_K1 pseries 8"
t0=$SECONDS
lpar_setup "$PCC_TOP/build/lpar"

# The cases of the control stage that must fail, and only those.
CONTROL_FAILS="control: loaded at boot, no hand step
control: the module is DKMS's build for $LPAR_K1_VER
control: modinfo version is the package's
control: /dev/ppc_compat_caps mode (0444)
control: compat_caps
control: one load line"

# What the rules say on each kernel for this LPAR.
pcc_scenario "$LPAR_K1" "$LPAR_SCENARIO"
k1_modes=$modes
pcc_scenario "$LPAR_K2" "$LPAR_SCENARIO"
k2_modes=$modes
k2_no_v2=0
case ,$removed, in *:no-nested-v2,*) k2_no_v2=1 ;; esac
LPAR_EXPECT="PCC_VERSION=$LPAR_VERSION
K1_MODES=$k1_modes
K1_BEST=${k1_modes%%,*}
K2_MODES=$k2_modes
K2_NO_V2=$k2_no_v2"
lpar_pcc_disk "$LPAR_PCC_DISK" "${LPAR_DEBS[@]}"

lpar_stages "$LPAR_ROOT" "$STAGES"
echo "# times: image $LPAR_IMAGE_TIME s (cached when 0-1 s), $LPAR_TIMES, total $((SECONDS - t0)) s"
tap_done
