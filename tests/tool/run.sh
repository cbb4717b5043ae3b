#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/tool/run.sh: the host tests of the ppc-compat-caps command, its man
# pages, make install/uninstall and dkms.conf (make check-tool runs this).
#
#   - builds: native and static ppc64le, -Wall -Wextra -Werror; checkpatch;
#     pyflakes on the libvirt helper and the tests' Python
#   - test_cli: the command's functions that need no device, under ASan
#     and UBSan (tools/ppc-compat-caps.c included, src/modes.c linked)
#   - test_cmd.py: the command as a user runs it, JSON parsed back
#   - test_man.py: both man pages render silently and match the code
#   - tests/e2e/tool_checks.sh run under dash against a fake device
#   - make install / uninstall into a DESTDIR, with and without a kernel
#   - dkms.sh: dkms.conf with the real dkms
#
# KERNEL=NAME (kernels.conf, default 6.12) picks the cross headers for the
# module install and dkms checks. Ends with "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

KERNEL=${KERNEL:-6.12}
out=$PCC_TOP/build/tool
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
. "$PCC_TOP/tests/lib/tap.sh"

# tap DESCRIPTION CMD...: count CMD's "ok -" / "not ok -" lines; a CMD that
# fails without saying why, or runs no case, is one more failure.
tap() {
	local d=$1 rc p f
	shift
	"$@" >"$tmp/tap" 2>&1
	rc=$?
	cat "$tmp/tap"
	p=$(grep -c '^ok - ' "$tmp/tap")
	f=$(grep -c '^not ok - ' "$tmp/tap")
	TAP_PASS=$((TAP_PASS + p))
	TAP_FAIL=$((TAP_FAIL + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		notok "$d exited $rc"
	elif [ $((p + f)) -eq 0 ]; then
		notok "$d ran no case"
	fi
}

echo "# build"
check "make tool: native, -Wall -Wextra -Werror" make -s -B -C "$PCC_TOP" tool
check "make tool-cross: static powerpc64le, -Wall -Wextra -Werror" \
	make -s -B -C "$PCC_TOP" tool-cross
check "the cross binary is a static 64-bit little-endian PowerPC executable" \
	bash -c "file -b '$out/ppc64le/ppc-compat-caps' |
		grep -q '64-bit LSB executable.*PowerPC.*statically linked'"
check "test_cli builds (ASan, UBSan)" \
	"${HOSTCC:-cc}" -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$PCC_TOP/include/uapi" -I"$PCC_TOP/tools" -I"$PCC_TOP/src" \
	-I"$PCC_TOP/src/host" -I"$PCC_TOP/tests/lib" -DPCC_VERSION=\"test\" -o "$out/test_cli" \
	"$here/test_cli.c" "$PCC_TOP/src/modes.c"
check "fake_ioctl.so builds" \
	"${HOSTCC:-cc}" -shared -fPIC -O2 -Wall -Wextra -Werror \
	-I"$PCC_TOP/include/uapi" -I"$PCC_TOP/tools" -o "$out/fake_ioctl.so" "$here/fake_ioctl.c" -ldl

# tools/kvm_compat.h's KVM_PPC_GET_COMPAT_CAPS is Linux 7.3's: the same
# values compiled for ppc64le with the kernel's own uapi headers (which
# define them, so the copy stands aside) and with bookworm's (which do not,
# so the copy is used). Negative control: a copy with another ioctl number.
kvm_abi() { # kvm_abi COMPAT-DIR [UAPI-DIR]: the values as assembler data
	printf '%s\n' '#include <stddef.h>' '#include "kvm_compat.h"' \
		'unsigned long pcc_abi[] = { KVM_CAP_PPC_COMPAT_CAPS, KVM_PPC_GET_COMPAT_CAPS,' \
		'	KVM_PPC_COMPAT_CAPS_SIZE_VER0, sizeof(struct kvm_ppc_compat_caps),' \
		'	offsetof(struct kvm_ppc_compat_caps, size),' \
		'	offsetof(struct kvm_ppc_compat_caps, flags),' \
		'	offsetof(struct kvm_ppc_compat_caps, compat_capabilities) };' |
		"$TOOL_CROSS_CC" -S -o - -x c - -I"$1" ${2:+-I"$2" -I"$2/powerpc64le-linux-gnu"} |
		grep -E '^[[:space:]]*\.(quad|8byte)'
}
TOOL_CROSS_CC=${TOOL_CROSS_CC:-powerpc64le-linux-gnu-gcc}
if uapi73=$("$PCC_TOP/scripts/fetch-uapi.sh" 7.3 2>"$tmp/log"); then
	check "Linux 7.3's uapi defines KVM_PPC_GET_COMPAT_CAPS itself" bash -c "
		printf '#include <linux/kvm.h>\n#ifndef KVM_PPC_GET_COMPAT_CAPS\n#error\n#endif\n' |
			'$TOOL_CROSS_CC' -fsyntax-only -x c - -I'$uapi73' -I'$uapi73/powerpc64le-linux-gnu'"
	real=$(kvm_abi "$PCC_TOP/tools" "$uapi73")
	expect "tools/kvm_compat.h: KVM_PPC_GET_COMPAT_CAPS, its capability and struct as Linux 7.3's" \
		"$real" "$(kvm_abi "$PCC_TOP/tools")"
	mkdir -p "$tmp/badabi"
	sed 's/0xb8)/0xb9)/' "$PCC_TOP/tools/kvm_compat.h" > "$tmp/badabi/kvm_compat.h"
	if [ "$(kvm_abi "$tmp/badabi")" != "$real" ]; then
		ok "negative control: a copy with ioctl 0xb9 differs from Linux 7.3's"
	else
		notok "negative control: a copy with ioctl 0xb9 differs from Linux 7.3's"
	fi
else
	notok "Linux 7.3's uapi headers (scripts/fetch-uapi.sh 7.3)" "$(cat "$tmp/log")"
fi
# checkpatch_user FILE...: checkpatch --strict on userspace C, which is not
# asked for kernel-only spellings (u64, __printf, ARRAY_SIZE from kernel.h)
# or C99's PRIx64; the command's messages stay whole, as coding-style.rst
# asks of user-visible strings (so they may run long), where the tests'
# expected outputs may be split. Prints what it reports; 0 when nothing.
checkpatch_user() {
	local cp ignore=PREFER_DEFINED_ATTRIBUTE_MACRO,PREFER_KERNEL_TYPES,CAMELCASE,ENOSYS
	cp=$("$PCC_TOP/tests/lib/fetch-checkpatch.sh") || return 1
	case $1 in
	*/tools/*) ignore=$ignore,LONG_LINE_STRING ;;
	*) ignore=$ignore,SPLIT_STRING ;;
	esac
	# From the top: checkpatch reads its CamelCase list from the git tree there.
	(cd "$PCC_TOP" && perl "$cp/checkpatch.pl" --strict --no-tree --terse --show-types \
		--ignore "$ignore" -f "$@") >"$tmp/cp" 2>&1
	cat "$tmp/cp"
	[ ! -s "$tmp/cp" ]
}
check "checkpatch --strict on tools/, its messages whole" \
	checkpatch_user "$PCC_TOP"/tools/*.c "$PCC_TOP"/tools/*.h
check "checkpatch --strict on tests/tool/" checkpatch_user "$PCC_TOP"/tests/tool/*.c
mkdir -p "$tmp/split/tools"
sed 's/"it is not loaded: sudo systemctl start ppc-compat-caps /&"\n\t\t\t "/' \
	"$PCC_TOP/tools/ppc-compat-caps.c" >"$tmp/split/tools/ppc-compat-caps.c"
name="negative control: a message of the command split in two is reported"
if ! grep -q '^[[:space:]]*"(dmesg says why if it refuses)");' "$tmp/split/tools/ppc-compat-caps.c"; then
	notok "$name" "the sed did not split it"
elif ! checkpatch_user "$tmp/split/tools/ppc-compat-caps.c" >/dev/null &&
	grep -q SPLIT_STRING "$tmp/cp"; then
	ok "$name"
else
	notok "$name" "$(cat "$tmp/cp")"
fi

# pyflakes: the Python that ships (the libvirt helper) and the tests'; a
# copy of the helper with an unused import is its negative control.
py=("$PCC_TOP/integrations/libvirt/ppc-compat-caps-libvirt")
mapfile -t -O 1 py < <(find "$PCC_TOP/tests" -name '*.py' | sort)
check "pyflakes: ${#py[@]} Python files, the libvirt helper's and the tests'" pyflakes3 "${py[@]}"
sed '0,/^import /s//import os\n&/' "${py[0]}" >"$tmp/unused-import"
if grep -q '^import os$' "$tmp/unused-import" && ! pyflakes3 "$tmp/unused-import" >/dev/null 2>&1; then
	ok "negative control: an unused import in the libvirt helper is reported"
else
	notok "negative control: an unused import in the libvirt helper is reported"
fi

echo "# the pure part"
tap test_cli "$out/test_cli"

echo "# the command"
tap test_cmd.py python3 "$here/test_cmd.py" "$out/ppc-compat-caps" \
	"$out/fake_ioctl.so" "$out/test_cli" "$PCC_TOP/debian/changelog"

echo "# ppc-compat-caps-libvirt"
tap test_libvirt.py python3 "$here/test_libvirt.py" \
	"$PCC_TOP/integrations/libvirt/ppc-compat-caps-libvirt" "$PCC_TOP/man/ppc-compat-caps-libvirt.1"

echo "# man pages"
check "make man: the pages with the version filled in" make -s -B -C "$PCC_TOP" man
tap test_man.py python3 "$here/test_man.py" "$PCC_TOP" "$out/ppc-compat-caps" \
	"$out/fake_ioctl.so" "$out/test_cli"

# tests/lib/modes.sh, the tests' one table of the modes, against the
# definitions the module and the command build from: the uapi header's bits,
# caps_logic.h's logical PVRs ("PowerN mode") and processor families.
echo "# the tests' modes table"
modes_of_src() {
	python3 - "$PCC_TOP/include/uapi/ppc_compat_caps.h" "$PCC_TOP/src/caps_logic.h" <<'EOP'
import re, sys
uapi, logic = (open(f).read() for f in sys.argv[1:3])
bits = {int(n): b for n, b in re.findall(r"#define PPC_COMPAT_CAP_POWER(\d+)\s+\(1ULL << (\d+)\)", uapi)}
pvrs = {int(n): v for v, n in re.findall(r"#define PCC_PVR_ARCH_\w+\s+(0x[0-9a-f]+)\s+/\* Power(\d+) mode", logic)}
fams = {int(n): v[2:].rjust(4, "0") for n, v in re.findall(r"#define PCC_PVR_POWER(\d+)\s+(0x[0-9a-f]+)", logic)}
for n in sorted(pvrs, reverse=True):
    print("power%d %s %s %s" % (n, bits.get(n, "-"), pvrs[n], fams.get(n, "-")))
EOP
}
modes_of_tests() { sh -c '. "$0"; pcc_mode_table' "$1"; }
expect "tests/lib/modes.sh: every mode's bit, logical PVR and family as src/ has them" \
	"$(modes_of_src)" "$(modes_of_tests "$PCC_TOP/tests/lib/modes.sh")"
sed 's/^power10 61/power10 62/' "$PCC_TOP/tests/lib/modes.sh" > "$tmp/modes.sh"
expect "negative control: a copy with power10 on bit 62 differs" no \
	"$([ "$(modes_of_src)" = "$(modes_of_tests "$tmp/modes.sh")" ] && echo yes || echo no)"

# The e2e guest's fragment, on the host: the same checks against the native
# command, a regular file answered by fake_ioctl.so and a fake sysfs. Each
# scenario: modes mask backend "pvr-hi pvr-lo" (or - for no pvr field).
echo "# tests/e2e/tool_checks.sh under dash"
fragment() { # fragment MODES MASK BACKEND PVR FAKE-MASK [unloaded]
	local d=$tmp/frag cpu
	rm -rf "$d"
	mkdir -p "$d/sys" "$d/tmp"
	: >"$d/dev"
	printf '%s\n' "$2" >"$d/sys/compat_caps_mask"
	printf '%s\n' "$3" >"$d/sys/backend"
	if [ "$4" = - ]; then
		printf 'processor\t: 0\ncpu\t\t: POWER10\n' >"$d/cpuinfo"
	else
		printf 'processor\t: 0\ncpu\t\t: POWER10 (architected)\nrevision\t: 2.0 (pvr %s)\n' \
			"$4" >"$d/cpuinfo"
	fi
	cat >"$d/tool" <<EOF
#!/bin/sh
exec env LD_PRELOAD='$out/fake_ioctl.so' PCC_FAKE_IOCTL='mask=$5' \
	'$out/ppc-compat-caps' --device '$d/${6:+no}dev' \
	--sysfs-dir '$d/${6:+no}sys' --cpuinfo '$d/cpuinfo' --kvm-hv-dir '$d/nokvm' "\$@"
EOF
	chmod 755 "$d/tool"
	case $4 in
	0082*) cpu=power11 ;;
	0080*) cpu=power10 ;;
	004e*) cpu=power9 ;;
	*) cpu= ;;
	esac
	cpu=${FRAG_CPU-$cpu}	# the negative control's scenario CPU
	not_lpar="this host is no pseries LPAR (a PowerNV host, say): only an LPAR has nested-guest modes to report"
	PCC_LOST_WHY=$not_lpar PCC_UNLOADED_WHY=$not_lpar \
	PCC_MODES_SH=$PCC_TOP/tests/lib/modes.sh \
	PCC_MODES=$1 PCC_MASK=$2 PCC_BACKEND=$3 PCC_TOOL=$d/tool PCC_CPU=$cpu \
		PCC_CPUINFO=$d/cpuinfo TMPDIR=$d/tmp TAP_FD=3 dash -c '
		. "$1"
		. "$0"
		if [ -n "$2" ]; then tool_checks_unloaded; else tool_checks; fi
	' "$PCC_TOP/tests/e2e/tool_checks.sh" "$PCC_TOP/tests/lib/tap.sh" "${6:-}" 3>&1
}
frag_scenarios="power10,power9 0x6000000000000000 nested-v2 0082_1200
power11,power10,power9 0x7000000000000000 nested-v1 0082_1200
power9 0x4000000000000000 nested-v2 0080_1200
none 0x0000000000000000 nested-v2 004e_1202
power10,power9 0x6000000000000000 nested-v2 004e_1202
power10,power9 0x6000000000000000 nested-v1 -"
while read -r modes mask backend pvr; do
	tap "tool_checks ($modes, pvr $pvr)" \
		fragment "$modes" "$mask" "$backend" "${pvr/_/ }" "$mask"
done <<<"$frag_scenarios"
tap "tool_checks_unloaded" fragment power10,power9 0x6000000000000000 \
	nested-v2 "0082 1200" 0x6000000000000000 unloaded
# The fragment must catch a wrong answer: the scenario expects power11 but
# the device says power10 power9.
fragment power11,power10,power9 0x7000000000000000 nested-v2 "0082 1200" \
	0x6000000000000000 >"$tmp/neg" 2>&1
if grep -q '^not ok - tool: --json (ioctl)' "$tmp/neg" &&
	grep -q '^not ok - tool: --check power11 exit' "$tmp/neg"; then
	ok "tool_checks reports a device whose answer differs from the scenario"
else
	notok "tool_checks reports a device whose answer differs from the scenario" "$(cat "$tmp/neg")"
fi
# ... and a processor other than the scenario's: the expected raw PVR is
# the scenario CPU's, not whatever /proc/cpuinfo says.
FRAG_CPU=power11 fragment power10,power9 0x6000000000000000 nested-v2 "0080 1200" \
	0x6000000000000000 >"$tmp/neg" 2>&1
if grep -q "^not ok - tool: cpuinfo's raw PVR is the scenario's power11" "$tmp/neg" &&
	[ "$(grep -c '^not ok' "$tmp/neg")" = 2 ]; then
	ok "tool_checks reports a raw PVR that is not the scenario CPU's"
else
	notok "tool_checks reports a raw PVR that is not the scenario CPU's" "$(cat "$tmp/neg")"
fi

echo "# one version"
# debian/changelog holds it; every other file takes it from there, so no
# tracked file but the changelog may spell it (negative control: a
# version written into README.md fails this case).
version=$(sed -n '1s/^ppc-compat-caps (\([^)]*\)) .*/\1/p' "$PCC_TOP/debian/changelog")
check "the version ($version) is written only in debian/changelog" bash -c "
	cd '$PCC_TOP' && test -n '$version' &&
	! git grep -n -w -F '$version' -- . ':!debian/changelog' ':!tests/fuzz/corpus'"
check "make dkms-source: dkms.conf takes the version" bash -c "
	make -s -C '$PCC_TOP' dkms-source DESTDIR='$tmp/ds' DKMS_SRC= &&
	grep -qx 'PACKAGE_VERSION=\"$version\"' '$tmp/ds/ppc-compat-caps-$version/dkms.conf'"

echo "# make install / uninstall"
d=$tmp/d1
check "make install DESTDIR PREFIX=/usr, no kernel build directory" bash -c "
	make -s -C '$PCC_TOP' install DESTDIR='$d' PREFIX=/usr KERNELDIR='$tmp/nokernel' \
		>'$tmp/log' 2>&1 || { cat '$tmp/log'; exit 1; }"
if grep -q "install: no kernel build directory $tmp/nokernel: module not installed" "$tmp/log"; then
	ok "install without a kernel build directory skips the module, says so"
else
	notok "install without a kernel build directory skips the module, says so" "$(cat "$tmp/log")"
fi
want="$d/usr/bin/ppc-compat-caps 755
$d/usr/bin/ppc-compat-caps-libvirt 755
$d/usr/include/ppc_compat_caps.h 644
$d/usr/lib/systemd/system/ppc-compat-caps.service 644
$d/usr/share/man/man1/ppc-compat-caps-libvirt.1 644
$d/usr/share/man/man1/ppc-compat-caps.1 644
$d/usr/share/man/man4/ppc_compat_caps.4 644"
got=$(find "$d" -type f -printf '%p %m\n' | sort)
if [ "$got" = "$want" ]; then
	ok "install: the command, both man pages, the header, the systemd unit, modes"
else
	printf 'expected:\n%s\ngot:\n%s\n' "$want" "$got" >"$tmp/log"
	notok "install: the command, both man pages, the header, the systemd unit, modes" "$(cat "$tmp/log")"
fi
check "install: the unit is systemd/'s" \
	cmp "$PCC_TOP/systemd/ppc-compat-caps.service" "$d/usr/lib/systemd/system/ppc-compat-caps.service"
check "install: the header is the uapi header" \
	cmp "$PCC_TOP/include/uapi/ppc_compat_caps.h" "$d/usr/include/ppc_compat_caps.h"
check "install: the man pages are ours, version filled in" bash -c \
	"cmp '$PCC_TOP/build/man/ppc-compat-caps.1' '$d/usr/share/man/man1/ppc-compat-caps.1' &&
	 cmp '$PCC_TOP/build/man/ppc_compat_caps.4' '$d/usr/share/man/man4/ppc_compat_caps.4'"
check "install: the installed command runs" \
	bash -c "'$d/usr/bin/ppc-compat-caps' --version | grep -q '^ppc-compat-caps '"
check "make uninstall DESTDIR PREFIX=/usr" \
	make -s -C "$PCC_TOP" uninstall DESTDIR="$d" PREFIX=/usr
expect_none() {
	local left
	left=$(find "$1" -type f)
	if [ -z "$left" ]; then ok "$2"; else
		echo "$left" >"$tmp/log"
		notok "$2" "$(cat "$tmp/log")"
	fi
}
expect_none "$d" "uninstall: no file left"
d=$tmp/d2
check "make install DESTDIR, default PREFIX" \
	make -s -C "$PCC_TOP" install DESTDIR="$d" KERNELDIR="$tmp/nokernel"
check "install: PREFIX defaults to /usr/local" bash -c "
	test -x '$d/usr/local/bin/ppc-compat-caps' &&
	test -f '$d/usr/local/share/man/man1/ppc-compat-caps.1' &&
	test -f '$d/usr/local/share/man/man4/ppc_compat_caps.4' &&
	test -f '$d/usr/local/include/ppc_compat_caps.h' &&
	test -f '$d/usr/local/lib/systemd/system/ppc-compat-caps.service'"
check "make uninstall DESTDIR, default PREFIX" \
	make -s -C "$PCC_TOP" uninstall DESTDIR="$d" KERNELDIR="$tmp/nokernel"
expect_none "$d" "uninstall, default PREFIX: no file left"

# With a kernel build directory (the cross headers): the module too, by the
# kernel's modules_install, built in a copy of the tree (Kbuild writes
# objects beside the sources).
if kenv=$("$PCC_TOP/scripts/fetch-kernel.sh" "$KERNEL" 2>"$tmp/log"); then
	ok "kernel $KERNEL headers for the module install and dkms checks"
	# shellcheck disable=SC1090
	. "$kenv"
	src=$tmp/src
	mkdir -p "$src"
	(cd "$PCC_TOP" && git ls-files --cached --others --exclude-standard |
		while read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done |
		cpio -pdm --quiet "$src")
	d=$tmp/d3
	check "make install with KERNELDIR: module by modules_install" \
		make -C "$src" install DESTDIR="$d" KERNELDIR="$PCC_KHDR" \
		KERNELRELEASE="$PCC_KVER"
	ko=$(find "$d/lib/modules/$PCC_KVER/updates" -name 'ppc_compat_caps.ko*' 2>/dev/null)
	if [ -n "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$PCC_KVER" ]; then
		ok "install: $PCC_KVER's updates/${ko##*/} (vermagic $PCC_KVER)"
	else
		find "$d" >"$tmp/log"
		notok "install: lib/modules/$PCC_KVER/updates/ppc_compat_caps.ko*" "$(cat "$tmp/log")"
	fi
	check "install with KERNELDIR: the command and the systemd unit too" \
		test -f "$d/usr/local/lib/systemd/system/ppc-compat-caps.service" -a \
		-x "$d/usr/local/bin/ppc-compat-caps"
	check "make uninstall with KERNELRELEASE" \
		make -s -C "$src" uninstall DESTDIR="$d" KERNELRELEASE="$PCC_KVER"
	expect_none "$d" "uninstall: module and the rest removed"

	echo "# dkms"
	tap dkms.sh "$here/dkms.sh" "$kenv"
else
	notok "kernel $KERNEL headers for the module install and dkms checks" "$(cat "$tmp/log")"
fi

echo "# the harness's own checks bite (negative controls)"
# make bench's report: it fails a missed target, a hypercall count other
# than 1 at load and 0 per GET run, and a pcc_bench cut short.
bench_report() { # bench_report SED: report.py's exit status on two boots edited by SED
	rm -rf "$tmp/bench"
	mkdir -p "$tmp/bench"
	for b in a b; do
		{ printf 'hcalls_load=1\nbackend=nested-v2\ngets_rc=0\nhcalls_100000_gets=0\nrounds_rc=0\n'
			for i in 1 2; do
				echo 'round={"get":100,"copy":98,"null":90,"copy2":110,"probe":2000,"cpuinfo":3000,"get_2t":200,"null_2t":190}'
			done; } | sed "$1" > "$tmp/bench/v-$b.results"
	done
	python3 "$PCC_TOP/tests/bench/report.py" "$tmp/bench" 2 test v:x > "$tmp/log" 2>&1
	echo $?
}
expect "bench report: every target met, the counts right: exit 0" 0 "$(bench_report '')"
expect "bench report: GET 1.2x the copy floor misses its target: exit 1" 1 \
	"$(bench_report 's/"copy":98/"copy":80/')"
expect "bench report: two hypercalls at load: exit 1" 1 "$(bench_report 's/hcalls_load=1/hcalls_load=2/')"
expect "bench report: a hypercall in the GETs: exit 1" 1 \
	"$(bench_report 's/hcalls_100000_gets=0/hcalls_100000_gets=1/')"
expect "bench report: pcc_bench cut short: exit 1" 1 "$(bench_report 's/rounds_rc=0/rounds_rc=137/')"
# tap.h: a program that runs fewer cases than its plans add up to fails.
printf '%s\n' '#include "tap.h"' 'int main(void) { tap_plan("a", 1); tap_plan("b", 1);' \
	'tap_ok(1, "one"); return tap_done("short"); }' > "$tmp/short.c"
"${HOSTCC:-cc}" -I"$PCC_TOP/tests/lib" -o "$tmp/short" "$tmp/short.c" && "$tmp/short" > "$tmp/log"
expect "tap.h: one case of plans adding up to 2: exit 1, said" \
	"1 not ok - short: 1 cases of a plan of 2" "$? $(grep '^not ok' "$tmp/log")"
# check-debug's KUnit count: a skipped case is counted as one.
printf '%s\n' 'KTAP version 1' '    # Subtest: ppc_compat_caps_x' '    1..2' \
	'    ok 1 a' '    ok 2 b # SKIP not here' 'ok 1 ppc_compat_caps_x' |
	awk -f "$PCC_TOP/tests/debug/ktap-count.awk" > "$tmp/log"
expect "ktap-count.awk: a skipped KUnit case is counted as skipped" \
	"ktap: 1 suites, 2 cases: 1 passed, 0 failed, 1 skipped" "$(cat "$tmp/log")"
# The e2e verdict: a boot passes with its scenario's blocks, in order, and
# as many cases as their plans add up to; a missing block, a block in
# another order or a case too few fails it.
vd=$tmp/verdict
mkdir -p "$vd"
verdict_of() { # verdict_of PLANS RESULTS: the e2e verdict's "P F WHY"
	echo "- - - - - $1" > "$vd/expected"
	printf '%b' "$2" > "$vd/results"
	"$PCC_TOP/tests/e2e/run.sh" --verdict "$vd"
}
good='# plan a 1\nok - x\n# plan b 2\nok - y\nok - z\n# dmesg-begin\n# dmesg-end\n# done\n'
expect "e2e verdict: the scenario's blocks and their cases pass" "3 0 " "$(verdict_of a,b, "$good")"
expect "e2e verdict: a block missing fails" "2 1 plans a,, the scenario's a,b," \
	"$(verdict_of a,b, '# plan a 1\nok - x\nok - y\n# dmesg-begin\n# dmesg-end\n# done\n' |
		sed 's/, 2 cases.*//')"
expect "e2e verdict: blocks in another order fail" "3 1 plans b,a,, the scenario's a,b," \
	"$(verdict_of a,b, '# plan b 2\nok - y\nok - z\n# plan a 1\nok - x\n# dmesg-begin\n# dmesg-end\n# done\n')"
expect "e2e verdict: a case short of the plans fails" "2 1 2 cases, its plans add up to 3" \
	"$(verdict_of a,b, '# plan a 1\nok - x\n# plan b 2\nok - y\n# dmesg-begin\n# dmesg-end\n# done\n')"
# make mutants: a mutant is caught only by the case its row names; a step
# that fails elsewhere is the harness's error, not a catch.
printf '%s\n' 'ok - a' 'not ok - other: b' 'not ok - b (got 1)' > "$tmp/mlog"
judge() { "$PCC_TOP/tests/mutants/run.sh" --judge "$@"; }
expect "mutants: the named case failing is a catch" caught "$(judge 1 "$tmp/mlog" b)"
expect "mutants: another case failing is not" "failed otherwise" "$(judge 1 "$tmp/mlog" a)"
expect "mutants: a case failing under another prefix is not" "failed otherwise" \
	"$(judge 1 "$tmp/mlog" 'b (got 2)')"
expect "mutants: a step that passes: survived" survived "$(judge 0 "$tmp/mlog" b)"
# tests/lib/check-ioctl-number.sh: a table it cannot read, or one that
# assigns our type byte, fails the check.
type=$(sed -n 's/^#define PPC_COMPAT_CAPS_IOC_TYPE[[:space:]]*\(0x[0-9A-Fa-f]*\).*/\1/p' \
	"$PCC_TOP/include/uapi/ppc_compat_caps.h")
printf "'V'   all    linux/vt.h\n" >"$tmp/rst-free"
printf "'V'   all    linux/vt.h\n%s  00-0F  somebody.h\n" "$type" >"$tmp/rst-taken"
check "check-ioctl-number: a table without our type passes" \
	env PCC_IOCTL_NUMBER_RST="$tmp/rst-free" "$PCC_TOP/tests/lib/check-ioctl-number.sh"
for rst in "$tmp/rst-missing" "$tmp/rst-taken"; do
	if PCC_IOCTL_NUMBER_RST=$rst "$PCC_TOP/tests/lib/check-ioctl-number.sh" >"$tmp/log" 2>&1; then
		notok "check-ioctl-number: ${rst##*/} fails" "$(cat "$tmp/log")"
	else
		ok "check-ioctl-number: ${rst##*/} fails"
	fi
done
# pcc_guest_trouble: an unfinished guest and a WARN in its log are named;
# pseries' harmless "WARNING: nvram corruption" is not.
printf 'ok - x\n# dmesg-begin\n[1] WARNING: CPU: 0 PID: 1 at f\n# dmesg-end\n' >"$tmp/r1"
printf '# dmesg-begin\n[1] WARNING: nvram corruption\n# dmesg-end\n# done\n' >"$tmp/r2"
expect "pcc_guest_trouble names an unfinished guest and a WARN" \
	"the guest did not finish, kernel log: [1] WARNING: CPU: 0 PID: 1 at f" \
	"$(pcc_guest_trouble "$tmp/r1")"
# A stall is trouble; a word that holds "stall" (systemd's Install) is not.
printf '# dmesg-begin\n[2] rcu: INFO: rcu_sched detected stalls on CPUs\n# dmesg-end\n# done\n' >"$tmp/r3"
printf '# dmesg-begin\n[3] systemd[1]: Listening on systemd-sysinstall.socket - System Install Tool.\n# dmesg-end\n# done\n' >"$tmp/r4"
expect "pcc_guest_trouble names an RCU stall" \
	"kernel log: [2] rcu: INFO: rcu_sched detected stalls on CPUs" "$(pcc_guest_trouble "$tmp/r3")"
expect "pcc_guest_trouble passes systemd's Install Tool" "" "$(pcc_guest_trouble "$tmp/r4")"
expect "pcc_guest_trouble passes a finished guest with nvram's warning" "" \
	"$(pcc_guest_trouble "$tmp/r2")"
# tests/lib/steps.sh: a step that runs no case fails; a skipped step is named
# in the summary's last line.
out=$(bash -c '. "$1"; step none echo "0 passed, 0 failed" >/dev/null
	step one echo "1 passed, 0 failed" >/dev/null; skip later WHY=1; steps_done 0s' \
	_ "$PCC_TOP/tests/lib/steps.sh")
expect "steps.sh: a step of 0 cases fails, a skipped step is named" \
	"skipped: later (WHY=1); 1 passed, 1 failed" "$(tail -n1 <<<"$out")"

tap_done
