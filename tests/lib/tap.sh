# SPDX-License-Identifier: GPL-2.0
# tap.sh: the TAP-style case lines of the shell harnesses (sourced; POSIX
# sh, so busybox and dash guests can use it too). Lines go to fd 1, or to
# fd $TAP_FD when set. tap_done prints "N passed, N failed" and fails when
# a case failed or none ran.
TAP_PASS=0
TAP_FAIL=0

_tap_out() {
	if [ -n "${TAP_FD:-}" ]; then
		eval "printf '%s\n' \"\$1\" >&$TAP_FD"
	else
		printf '%s\n' "$1"
	fi
}

# ok DESCRIPTION
ok() {
	TAP_PASS=$((TAP_PASS + 1))
	_tap_out "ok - $1"
}

# notok DESCRIPTION [DETAIL]: DETAIL's last lines follow as "#" comments.
notok() {
	TAP_FAIL=$((TAP_FAIL + 1))
	_tap_out "not ok - $1"
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$2" | tail -n 25 | while IFS= read -r l; do
			_tap_out "#   $l"
		done
	fi
}

# expect DESCRIPTION WANTED GOT
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		notok "$1 # expected '$2', got '$3'"
	fi
}

# check DESCRIPTION CMD...: passed when CMD exits 0; its output is the
# detail of a failure.
check() {
	_d=$1
	shift
	if _o=$("$@" 2>&1); then ok "$_d"; else notok "$_d (exit $?)" "$_o"; fi
}

# tap_plan NAME N: "# plan NAME N", the cases the next block will report
# (as tap.h's tap_plan), for a harness that checks them.
tap_plan() {
	_tap_out "# plan $1 $2"
}

# tap_done: the count line; exit status 1 when a case failed or none ran.
tap_done() {
	_tap_out "$TAP_PASS passed, $TAP_FAIL failed"
	[ "$TAP_FAIL" -eq 0 ] && [ "$TAP_PASS" -gt 0 ]
}
