#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init (rdinit=/e2e-init.sh) of the debug kernel's end-to-end boots:
# tests/e2e/init.sh, unchanged, copied to /pcc-e2e-init.sh, then kmemleak's
# verdict and the detector report. init.sh ends with "poweroff -f"; run in
# this shell, that name finds the function below before the applet, which
# is how the report gets its turn without a hook in tests/e2e.
/bin/busybox --install -s /bin
. /guest-lib.sh
pcc_mount_debugfs

poweroff() {
	pcc_kmemleak_scan
	pcc_report
	/bin/busybox poweroff -f
}

. /pcc-e2e-init.sh
