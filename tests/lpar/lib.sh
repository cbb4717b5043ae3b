# SPDX-License-Identifier: GPL-2.0
# Shared by tests/lpar/image.sh and run.sh (sourced after scripts/lib.sh).
#
# The LPAR: QEMU pseries, Power11 CPU in Power10 mode, nested API v2 only
# (cap-nested-papr, as PowerVM), 2 vCPUs on multi-threaded TCG. Its disks:
# root (the Debian system, LABEL=root) and pcc (LABEL=pcc: the local apt
# repository, our .debs and the stage script, read-only). Results leave on
# a virtio-serial port of their own (pcc.results), never on the console.

LPAR_CACHE=$PCC_CACHE/lpar
LPAR_K1=6.12	# kernels.conf names: the kernel the admin runs ...
LPAR_K2=6.1	# ... and the second one apt installs later
LPAR_MACHINE=pseries,x-vof=on,cap-nested-papr=on,max-cpu-compat=power10
LPAR_CPU=power11
LPAR_SCENARIO=p11-in-p10	# its row in tests/e2e/scenarios.tsv
LPAR_TIMEOUT=${LPAR_TIMEOUT:-1800}

# lpar_kernel NAME: fetch the kernel NAME of kernels.conf, build its
# initramfs once, print its version.
lpar_kernel() {
	local env initrd=$LPAR_CACHE/initrd-$1.cpio
	env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$1") || die "cannot fetch kernel $1"
	[ "$initrd" -nt "$PCC_TOP/tests/lpar/initramfs-init.sh" ] ||
		"$PCC_TOP/tests/lpar/initramfs.sh" "$1" "$initrd" || die "initramfs of $1 failed"
	sed -n 's/^PCC_KVER=//p' "$env"
}

# lpar_prepare: both kernels fetched, their initramfs built, and the local
# repository holding the base packages and the second kernel resolved and
# downloaded by apt.
lpar_prepare() {
	local pkgs
	mkdir -p "$LPAR_CACHE"
	command -v debootstrap >/dev/null && command -v dpkg-scanpackages >/dev/null &&
		command -v debugfs >/dev/null || die "missing host tools: run scripts/setup-host.sh"
	LPAR_K1_VER=$(lpar_kernel "$LPAR_K1") || exit 1
	LPAR_K2_VER=$(lpar_kernel "$LPAR_K2") || exit 1
	LPAR_BASE_PKGS="linux-image-$LPAR_K1_VER linux-headers-$LPAR_K1_VER gcc make dkms"
	LPAR_K2_PKGS="linux-image-$LPAR_K2_VER linux-headers-$LPAR_K2_VER"
	pkgs="$LPAR_BASE_PKGS $LPAR_K2_PKGS"
	LPAR_REPO=$LPAR_CACHE/repo
	if [ "$(cat "$LPAR_REPO/.pkgs" 2>/dev/null)" != "$pkgs" ]; then
		log "resolving and downloading the LPAR's packages with apt"
		pcc_target_apt_init "$LPAR_CACHE/apt"
		# An empty dpkg status: apt fetches each closure whole.
		# shellcheck disable=SC2086
		pcc_target_apt "$LPAR_CACHE/apt" install --download-only -y $LPAR_BASE_PKGS >/dev/null &&
			pcc_target_apt "$LPAR_CACHE/apt" install --download-only -y $LPAR_K2_PKGS >/dev/null ||
			die "apt could not resolve or download $pkgs"
		rm -rf "$LPAR_REPO"
		mkdir -p "$LPAR_REPO"
		ln "$LPAR_CACHE"/apt/cache/archives/*.deb "$LPAR_REPO"/
		(cd "$LPAR_REPO" && dpkg-scanpackages -m . 2>/dev/null > Packages) ||
			die "dpkg-scanpackages failed"
		echo "$pkgs" > "$LPAR_REPO/.pkgs"
	fi
}

# lpar_pcc_disk OUT [DEBS...]: the pcc disk: repository, stage script,
# the scenario's expectations and our .debs.
lpar_pcc_disk() {
	local out=$1 d
	shift
	d=$(mktemp -d)
	mkdir -p "$d/repo" "$d/debs"
	cp -l "$LPAR_REPO"/*.deb "$LPAR_REPO/Packages" "$d/repo/" 2>/dev/null ||
		cp "$LPAR_REPO"/*.deb "$LPAR_REPO/Packages" "$d/repo/"
	[ $# -eq 0 ] || cp "$@" "$d/debs/"
	install -m 0755 "$PCC_TOP/tests/lpar/stage.sh" "$d/stage.sh"
	install -m 0644 "$PCC_TOP/tests/lib/tap.sh" "$d/tap.sh"
	printf '%s\n' "LPAR_K1_VER=$LPAR_K1_VER" "LPAR_K2_VER=$LPAR_K2_VER" \
		"LPAR_BASE_PKGS='$LPAR_BASE_PKGS'" "LPAR_K2_PKGS='$LPAR_K2_PKGS'" \
		> "$d/lpar.env"
	[ -z "${LPAR_EXPECT:-}" ] || printf '%s\n' "$LPAR_EXPECT" >> "$d/lpar.env"
	rm -f "$out"
	mke2fs -q -t ext4 -L pcc -d "$d" "$out" 1G || die "cannot make the pcc disk"
	rm -rf "$d"
}

# lpar_boot ROOT KERNEL STAGE PREFIX [CMDLINE...]: boot the LPAR (or with
# LPAR_POWERNV=1 a PowerNV host) on disk ROOT with kernel KERNEL
# (kernels.conf name) until it powers off. The kernel is the one the
# guest installed in /boot when it has it, else the host's copy of the
# same Debian package. PREFIX.console and PREFIX.results are written.
lpar_boot() {
	local root=$1 k=$2 stage=$3 prefix=$4 env ver vmlinux initrd rc
	shift 4
	env=$("$PCC_TOP/scripts/fetch-kernel.sh" "$k")
	ver=$(sed -n 's/^PCC_KVER=//p' "$env")
	initrd=$LPAR_CACHE/initrd-$k.cpio
	vmlinux=$prefix.vmlinux
	if ! debugfs -R "dump /boot/vmlinux-$ver $vmlinux" "$root" 2>/dev/null ||
		[ ! -s "$vmlinux" ]; then
		cp "$(sed -n 's/^PCC_KVMLINUX=//p' "$env")" "$vmlinux"
	fi
	local -a hw
	if [ -n "${LPAR_POWERNV:-}" ]; then
		hw=(-M powernv10 -m 2G
			-device virtio-blk-pci,drive=root,bus=pcie.0,addr=0x0
			-device virtio-blk-pci,drive=pcc,bus=pcie.1,addr=0x0
			-device virtio-serial-pci,id=vs,bus=pcie.2,addr=0x0)
	else
		hw=(-M "$LPAR_MACHINE" -cpu "$LPAR_CPU" -smp 2 -m 2G
			-device virtio-blk-pci,drive=root
			-device virtio-blk-pci,drive=pcc
			-device virtio-serial-pci,id=vs)
	fi
	: > "$prefix.results"
	rc=0
	timeout -k 10 "$LPAR_TIMEOUT" qemu-system-ppc64 "${hw[@]}" \
		-accel tcg,thread=multi -nographic -vga none -nic none -no-reboot \
		-kernel "$vmlinux" -initrd "$initrd" \
		-append "console=hvc0 quiet loglevel=4 panic=-1 pcc_stage=$stage $*" \
		-drive file="$root",if=none,id=root,format=raw,cache=unsafe \
		-drive file="${LPAR_PCC_DISK:-/dev/null}",if=none,id=pcc,format=raw,readonly=on \
		-chardev file,id=results,path="$prefix.results" \
		-device virtserialport,bus=vs.0,chardev=results,name=pcc.results \
		</dev/null >"$prefix.console" 2>&1 || rc=$?
	rm -f "$vmlinux"
	[ "$rc" -eq 0 ] || { tail -n 30 "$prefix.console" >&2; die "$stage: QEMU exit $rc"; }
}

# lpar_expect_clean PREFIX STAGE: a setup boot passed all its cases.
lpar_expect_clean() {
	grep -q "^# stage $2 done" "$1.results" && ! grep -q '^not ok' "$1.results" ||
		{ cat "$1.results" >&2; tail -n 30 "$1.console" >&2; die "stage $2 failed"; }
}
