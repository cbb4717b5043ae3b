# SPDX-License-Identifier: GPL-2.0
# modes.sh: the compatibility modes, once for every test (sourced by the
# host's harnesses and, as /modes.sh, by the guests' busybox sh; the Python
# tests read pcc_mode_table's output). check-tool holds it against
# include/uapi/ppc_compat_caps.h and src/caps_logic.h.
# Columns, newest mode first: name, its PPC_COMPAT_CAP_* bit (- for none),
# its logical PVR (cpu-version), its processor family (raw PVR >> 16, 4
# hex digits; - where no processor of that family runs here).
PCC_MODE_TABLE='power11 60 0x0f000007 0082
power10 61 0x0f000006 0080
power9 62 0x0f000005 004e
power8 - 0x0f000004 -'

# The modes with a bit, newest first.
PCC_MODES_ALL='power11 power10 power9'

pcc_mode_table() { echo "$PCC_MODE_TABLE"; }

# pcc_mode_field NAME N: column N of mode NAME; fails for an unknown name.
pcc_mode_field() {
	echo "$PCC_MODE_TABLE" | awk -v m="$1" -v n="$2" '$1 == m { print $n; f = 1 } END { exit !f }'
}

# pcc_modes_mask LIST: the 0x mask (16 digits) of power11,power10,... (or
# spaces); none and - add nothing; fails for an unknown name.
pcc_modes_mask() {
	_pcc_mask=0
	for _pcc_m in $(echo "$1" | tr , ' '); do
		case $_pcc_m in none | -) continue ;; esac
		_pcc_b=$(pcc_mode_field "$_pcc_m" 2) && [ "$_pcc_b" != - ] || return 1
		_pcc_mask=$((_pcc_mask | 1 << _pcc_b))
	done
	printf '0x%016x\n' "$_pcc_mask"
}

# pcc_mode_pvr NAME: the logical PVR of a mode (power8 too).
pcc_mode_pvr() { pcc_mode_field "$1" 3; }

# pcc_mode_family NAME: the processor family of a mode, 4 hex digits.
pcc_mode_family() { pcc_mode_field "$1" 4; }

# pcc_pvr_mode PVR: the mode whose logical PVR that is; fails for none.
pcc_pvr_mode() {
	echo "$PCC_MODE_TABLE" | awk -v p="$1" '$3 == p { print $1; f = 1 } END { exit !f }'
}

# pcc_mask_names MASK: the modes of a 0x mask, newest first, or none.
pcc_mask_names() {
	_pcc_n=
	for _pcc_m in $PCC_MODES_ALL; do
		[ $(($1 & $(pcc_modes_mask "$_pcc_m"))) -eq 0 ] || _pcc_n="${_pcc_n:+$_pcc_n }$_pcc_m"
	done
	echo "${_pcc_n:-none}"
}
