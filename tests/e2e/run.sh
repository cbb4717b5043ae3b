#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [-k KERNEL] [ID...]: the end-to-end scenarios of scenarios.tsv on
# QEMU's pseries machine (TCG), booting KERNEL (kernels.conf; default 6.12)
# with the cross-built module. Two boots at a time (one per core).
# Prints a table of expected and observed answers and ends with
# "e2e KERNEL: N passed, N failed" over all test cases.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"

kernel=6.12
if [ "${1:-}" = -k ]; then
	kernel=$2
	shift 2
fi

# --one ID: boot one scenario (run by the parallel loop below).
if [ "${1:-}" = --one ]; then
	id=$2
	out=$PCC_TOP/build/$kernel/e2e
	. "$out/kernel.env"
	read -r _ cpu compat nested params load backend modes overrides suite < <(
		awk -v id="$id" '$1 == id' "$here/scenarios.tsv")
	for o in ${overrides//;/ }; do
		[ "${o%%=*}" = "$kernel" ] && modes=${o#*=}
	done
	mask=0
	for m in ${modes//,/ }; do
		case $m in
		power9) mask=$((mask | 1 << 62)) ;;
		power10) mask=$((mask | 1 << 61)) ;;
		power11) mask=$((mask | 1 << 60)) ;;
		none | -) ;;
		*) die "scenario $id: unknown mode $m" ;;
		esac
	done
	mask=$(printf '0x%016x' "$mask")
	machine=pseries,x-vof=on
	case $nested in
	papr) machine+=,cap-nested-papr=on ;;
	hv) machine+=,cap-nested-hv=on ;;
	esac
	[ "$compat" = - ] || machine+=,max-cpu-compat=$compat
	smp=1
	[ "$suite" != stress ] || smp=2	# races need two CPUs
	d=$out/$id
	rm -rf "$d"
	mkdir -p "$d"
	echo "$modes $mask $backend $load" > "$d/expected"
	timeout 180 qemu-system-ppc64 -M "$machine" -accel tcg -cpu "$cpu" \
		-smp "$smp" -m 1G -nographic -vga none -no-reboot \
		-kernel "$PCC_KVMLINUX" -initrd "$out/initrd.cpio" \
		-append "console=hvc0 quiet loglevel=4 panic=-1 panic_on_warn=1 PCC_PARAMS=$params PCC_LOAD=$load PCC_BACKEND=$backend PCC_MASK=$mask PCC_MODES=$modes PCC_SUITE=$suite" \
		-chardev file,id=results,path="$d/results" \
		-device spapr-vty,chardev=results \
		</dev/null >"$d/console" 2>&1 || echo "qemu exit $?" >>"$d/console"
	exit 0
fi

"$PCC_TOP/scripts/setup-host.sh"
# make check has just built the module (PCC_PREBUILT=1); alone, build it.
ko=$PCC_TOP/build/$kernel/ppc_compat_caps.ko
if [ -z "${PCC_PREBUILT:-}" ] || [ ! -f "$ko" ]; then
	ko=$("$PCC_TOP/scripts/build-module.sh" "$kernel")
fi
env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$kernel")
. "$env"
out=$PCC_TOP/build/$kernel/e2e
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/proc" "$out/root/sys" "$out/root/dev"
cp "$env" "$out/kernel.env"
for prog in pcc_client pcc_hostile pcc_race; do
	"${CROSS_COMPILE}gcc" -static -O2 -pthread -Wall -Wextra -Werror \
		-I"$PCC_TOP/include/uapi" -o "$out/root/bin/$prog" "$here/$prog.c"
done
"${CROSS_COMPILE}gcc" -static -O2 -Wall -Wextra -Werror -I"$PCC_TOP/include/uapi" \
	-o "$out/root/bin/ppc-compat-caps" "$PCC_TOP/tools/ppc-compat-caps.c" "$PCC_TOP/tools/cli.c"
cp "$here/tool_checks.sh" "$out/root/"
cp "$PCC_BUSYBOX" "$out/root/bin/busybox"
install -m 0755 "$here/init.sh" "$out/root/init"
cp "$ko" "$out/root/"
(cd "$out/root" && find . | cpio -o -H newc --quiet) > "$out/initrd.cpio"

if [ $# -gt 0 ]; then
	ids=("$@")
else
	mapfile -t ids < <(awk '!/^#/ && NF { print $1 }' "$here/scenarios.tsv")
fi
start=$SECONDS
printf '%s\n' "${ids[@]}" | xargs -P 2 -I{} "$0" -k "$kernel" --one {}

# WARN() prints "WARNING: CPU: n PID: ..." after a "cut here" line; pseries'
# "WARNING: nvram corruption" on QEMU's empty NVRAM is no such thing.
bad='WARNING: CPU:|cut here|BUG:|Oops|Unable to handle|refcount_t|kmemleak|memory leak|Call Trace|general protection|list_(add|del) corruption|UBSAN|KASAN|Kernel panic|segfault'
pass=0
fail=0
first=
: > "$out/summary.tsv"
printf '\n%-16s %-9s %-20s %-20s %-7s %s\n' scenario expected "expected mask" "observed mask" cases result
for id in "${ids[@]}"; do
	d=$out/$id
	read -r modes mask backend load < "$d/expected"
	p=$(grep -c '^ok ' "$d/results" 2>/dev/null || true)
	f=$(grep -c '^not ok ' "$d/results" 2>/dev/null || true)
	why=
	grep -q '^# done' "$d/results" 2>/dev/null || why="guest did not finish"
	[ "$p" -gt 0 ] || why=${why:-"no results"}
	if sed -n '/^# dmesg-begin/,/^# dmesg-end/p' "$d/results" 2>/dev/null |
		grep -Eq "$bad"; then
		why=${why:+$why, }"kernel log: $(sed -n '/^# dmesg-begin/,/^# dmesg-end/p' "$d/results" | grep -Em1 "$bad")"
	fi
	[ -z "$why" ] || f=$((f + 1))
	obs=$(sed -n 's/^# observed //p' "$d/results" 2>/dev/null)
	obs_mask=$(sed -n 's/.*mask=\([^ ]*\).*/\1/p' <<<"$obs")
	obs_backend=$(sed -n 's/.*backend=\([^ ]*\).*/\1/p' <<<"$obs")
	if [ "$load" = OK ]; then
		exp="$backend"
		shown_mask="$mask"
	else
		exp="load $load"
		shown_mask="-"
		obs_mask=$(sed -n 's/.*load=\([^ ]*\).*/load \1/p' <<<"$obs")
	fi
	[ "$load" = OK ] && obs_mask="$obs_mask ${obs_backend#nested-}"
	result=PASS
	[ "$f" -eq 0 ] || result=FAIL
	printf '%-16s %-9s %-20s %-20s %3d/%-3d %s\n' "$id" "${exp#nested-}" \
		"$shown_mask" "${obs_mask:--}" "$p" $((p + f)) "$result${why:+ ($why)}"
	printf '%s\t%s\n' "$id" "$result" >> "$out/summary.tsv"
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ] && [ -z "$first" ]; then
		first=$id
	fi
done
if [ -n "$first" ]; then
	echo
	echo "first failure: $first"
	grep '^not ok' "$out/$first/results" 2>/dev/null || true
	echo "--- console tail:"
	tail -n 20 "$out/$first/console"
fi
echo "(${#ids[@]} boots of $PCC_KVER in $((SECONDS - start)) s)"
echo "e2e $kernel: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
