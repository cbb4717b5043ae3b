# SPDX-License-Identifier: GPL-2.0
# stage-lib.sh: sourced by the stage scripts of the Debian LPAR
# (tests/lpar/stage.sh, tests/libvirt/stage.sh), from the pcc disk at
# /mnt/pcc: the expected values (lpar.env), the TAP lines on the
# pcc.results port, the stage from the kernel command line, and the boot
# settled before anything is checked (pcc-lpar.service is a simple unit,
# so it does not hold the boot up).
set -u
P=/mnt/pcc
. "$P/lpar.env"
exec 3>/dev/virtio-ports/pcc.results
TAP_FD=3
. "$P/tap.sh"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
STATE=/var/lib/pcc-lpar
SYS=/sys/class/misc/ppc_compat_caps
mkdir -p "$STATE"
stage=$(sed -n 's/.*pcc_stage=\([^ ]*\).*/\1/p' /proc/cmdline)
state=$(systemctl is-system-running --wait 2>/dev/null)

# note TEXT: a comment line in the results; notes PREFIX: one per stdin line.
note() { _tap_out "# $*"; }
notes() { while IFS= read -r l; do note "$1$l"; done; }

# stage_end: the stage's last line, then power off.
stage_end() {
	tap_done >/dev/null
	_tap_out "# stage $stage done ($TAP_PASS passed, $TAP_FAIL failed)"
	sync
	systemctl poweroff
}
