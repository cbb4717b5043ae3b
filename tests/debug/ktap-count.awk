#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
# ktap-count.awk [-v prefix=SUITE_PREFIX] < dmesg: count the KTAP results
# of the KUnit suites whose names start with prefix (default
# "ppc_compat_caps_"). Leaves are counted: each parameter of a parameterized
# case, and each case without parameters; suites and parameterized cases
# only summarize them. Depth is the indentation (4 spaces a level), dmesg
# timestamps aside. Prints "not ok" leaves, then one line:
#   ktap: SUITES suites, CASES cases: P passed, F failed, S skipped
BEGIN {
	if (prefix == "")
		prefix = "ppc_compat_caps_"
}
{
	sub(/^\[[ 0-9.]+\] /, "")
	match($0, /^ */)
	depth = int(RLENGTH / 4)
	line = substr($0, RLENGTH + 1)
}
depth == 1 && line ~ /^# Subtest: / {
	suite = substr(line, 12)
	ours = index(suite, prefix) == 1
	if (ours)
		nsuites++
	delete kids
	next
}
!ours { next }
line ~ /^(not )?ok [0-9]+ / {
	if (depth == 0) {	# the suite's own result ends it
		ours = 0
		next
	}
	if (depth == 1)
		ncases++
	parent = kids[depth]
	kids[depth] = 0
	kids[depth - 1] = 1
	if (parent)
		next
	if (line ~ /# SKIP/)
		skip++
	else if (line ~ /^ok /)
		pass++
	else {
		fail++
		print "    " suite ": " line
	}
}
END {
	printf "ktap: %d suites, %d cases: %d passed, %d failed, %d skipped\n",
		nsuites, ncases, pass, fail, skip
}
