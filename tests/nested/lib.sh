# SPDX-License-Identifier: GPL-2.0
# lib.sh: what every L0 -> L1 -> L2 boot needs, sourced by tests/nested/run.sh
# and integrations/qemu/contrast.sh (after scripts/lib.sh).
#
# The L1's initramfs is two cpio archives, one after the other (the kernel
# unpacks both): a large base that only changes with the packages
# (l1-base.sh, cached in $PCC_CACHE) and a small top made here.

# pcc_nested_top DIR BASE KO [INIT [QEMU [QEMU_ROOT SYSROOT]]]: the top in
# DIR: INIT (default l1-init.sh) as /init, guest.sh, BASE's kernel modules
# and then KO (- for none) in the load order, and, given QEMU, that binary
# as the L1's /usr/bin/qemu-system-ppc64 in place of Debian's, with any
# library it needs that QEMU_ROOT (the base's) lacks taken from SYSROOT.
# Files added to DIR later go into the archive pcc_nested_pack makes.
pcc_nested_top() {
	local dir=$1 base=$2 ko=$3 init=${4:-$PCC_TOP/tests/nested/l1-init.sh}
	local qemu=${5:-} qroot=${6:-} sysroot=${7:-} lib src libdir=usr/lib/powerpc64le-linux-gnu

	rm -rf "$dir"
	mkdir -p "$dir/bin" "$dir/lib/modules" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/tmp"
	install -m 0755 "$init" "$dir/init"
	cp "$PCC_TOP/tests/lib/guest.sh" "$dir/"
	cp "$base.load-order" "$dir/lib/modules/load-order"
	if [ "$ko" != - ]; then
		[ -z "$(/sbin/modinfo -F depends "$ko")" ] ||
			die "$ko depends on other modules: not in the L1 root"
		cp "$ko" "$dir/lib/modules/ppc_compat_caps.ko"
		echo ppc_compat_caps >> "$dir/lib/modules/load-order"
	fi
	[ -n "$qemu" ] || return 0
	mkdir -p "$dir/usr/bin" "$dir/$libdir"
	install -m 0755 "$qemu" "$dir/usr/bin/qemu-system-ppc64"
	for lib in $("${CROSS_COMPILE}readelf" -d "$qemu" |
			sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p'); do
		[ ! -e "$qroot/$libdir/$lib" ] || continue
		[ "$lib" != ld64.so.2 ] || continue
		src=$(find "$sysroot" -name "$lib" | head -n1)
		[ -n "$src" ] || die "$qemu needs $lib, which neither $qroot nor $sysroot has"
		cp -L "$src" "$dir/$libdir/$lib"
		log "L1 root: $lib from $sysroot"
	done
}

# pcc_nested_pack DIR BASE: the L1's initramfs, BASE then DIR's top, as
# DIR.l1.cpio; prints its path.
pcc_nested_pack() {
	(cd "$1" && find . | cpio -o -H newc --quiet) > "$1.cpio"
	cat "$2" "$1.cpio" > "$1.l1.cpio"
	rm -f "$1.cpio"
	echo "$1.l1.cpio"
}

# pcc_nested_boot D L0_TIMEOUT VMLINUX INITRD L1Q L2_TIMEOUT L0 [L0 ARGS...]:
# one boot of the L0 QEMU L0 (1 vCPU, 4G, TCG; ARGS name the machine and
# CPU), the L1 kernel VMLINUX with INITRD, its init told PCC_L1QEMU=L1Q and
# PCC_L2_TIMEOUT. The console in D/console, what the L1 reports on its
# channel of its own in D/results.txt, the wall time in D/seconds.
pcc_nested_boot() {
	local d=$1 limit=$2 vmlinux=$3 initrd=$4 l1q=$5 l2_timeout=$6 t0=$SECONDS

	shift 6
	rm -rf "$d"
	mkdir -p "$d"
	# nowatchdog, rcu_cpu_stall_suppress: a TCG vCPU starved by a busy
	# host stalls for seconds, and the lockup and stall detectors would
	# report that (with a Call Trace) as if the L1's kernel had hung.
	timeout -k 10 "$limit" "$@" -accel tcg -smp 1 -m 4G -nographic -vga none -no-reboot \
		-kernel "$vmlinux" -initrd "$initrd" \
		-append "console=hvc0 quiet loglevel=4 panic=-1 nowatchdog rcupdate.rcu_cpu_stall_suppress=1 PCC_L1QEMU=$l1q PCC_L2_TIMEOUT=$l2_timeout" \
		-chardev file,id=results,path="$d/results" \
		-device spapr-vty,chardev=results \
		</dev/null >"$d/console" 2>&1 || echo "L0 qemu exit $?" >>"$d/console"
	echo $((SECONDS - t0)) > "$d/seconds"
	# The hvc's tty turns each newline into CR LF.
	: >"$d/results.txt"
	[ ! -f "$d/results" ] || tr -d '\r' <"$d/results" >"$d/results.txt"
}
