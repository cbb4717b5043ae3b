# SPDX-License-Identifier: GPL-2.0
# Shared by tests/lpar/image.sh and run.sh (sourced after scripts/lib.sh).
#
# The LPAR: QEMU pseries, Power11 CPU in Power10 mode, nested API v2 only
# (cap-nested-papr, as PowerVM), 2 vCPUs on multi-threaded TCG. Its disks:
# root (the Debian system, LABEL=root) and pcc (LABEL=pcc: the local apt
# repository, our .debs and the stage script, read-only). Results leave on
# a virtio-serial port of their own (pcc.results), never on the console.

# LPAR_FLAVOUR picks the system: bookworm (make check-lpar), libvirt
# (make check-libvirt: sid's userland, whose libvirt and QEMU know Power11;
# trixie's point-release packages are not all on the mirror) or
# libvirt-bookworm (make check-libvirt: what bookworm's own libvirt does).
LPAR_FLAVOUR=${LPAR_FLAVOUR:-bookworm}
LPAR_K1=6.12	# kernels.conf names: the kernel the admin runs ...
case $LPAR_FLAVOUR in
bookworm)
	LPAR_CACHE=$PCC_CACHE/lpar
	LPAR_SUITE=bookworm
	LPAR_APT_SUITES="bookworm bookworm-backports"
	LPAR_EXTRA_PKGS=
	LPAR_K2=6.1	# ... and the second one apt installs later
	LPAR_MEM=2G
	;;
libvirt-bookworm)	# bookworm's own libvirt 9.0 and QEMU 7.2
	LPAR_CACHE=$PCC_CACHE/lpar-libvirt-bookworm
	LPAR_SUITE=bookworm
	LPAR_APT_SUITES="bookworm bookworm-backports"
	LPAR_EXTRA_PKGS="libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu qemu-system-ppc"
	LPAR_K2=
	LPAR_MEM=4G
	;;
libvirt)
	LPAR_CACHE=$PCC_CACHE/lpar-libvirt
	LPAR_SUITE=sid
	LPAR_APT_SUITES="sid bookworm-backports"
	LPAR_EXTRA_PKGS="libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu qemu-system-ppc"
	LPAR_K2=
	LPAR_MEM=4G	# a 1 GiB nested guest beside libvirtd and QEMU
	;;
*) die "unknown LPAR_FLAVOUR $LPAR_FLAVOUR" ;;
esac
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
	LPAR_BASE_PKGS="linux-image-$LPAR_K1_VER linux-headers-$LPAR_K1_VER gcc make dkms"
	[ -z "$LPAR_EXTRA_PKGS" ] || LPAR_BASE_PKGS+=" $LPAR_EXTRA_PKGS"
	LPAR_K2_VER= LPAR_K2_PKGS=
	if [ -n "$LPAR_K2" ]; then
		LPAR_K2_VER=$(lpar_kernel "$LPAR_K2") || exit 1
		LPAR_K2_PKGS="linux-image-$LPAR_K2_VER linux-headers-$LPAR_K2_VER"
	fi
	pkgs="$LPAR_SUITE: $LPAR_BASE_PKGS $LPAR_K2_PKGS"
	LPAR_REPO=$LPAR_CACHE/repo
	if [ "$(cat "$LPAR_REPO/.pkgs" 2>/dev/null)" != "$pkgs" ]; then
		log "resolving and downloading the LPAR's packages with apt"
		# shellcheck disable=SC2086
		pcc_target_apt_init "$LPAR_CACHE/apt" $LPAR_APT_SUITES
		# An empty dpkg status: apt fetches each closure whole.
		# shellcheck disable=SC2086
		pcc_target_apt "$LPAR_CACHE/apt" install --download-only -y $LPAR_BASE_PKGS >/dev/null &&
			{ [ -z "$LPAR_K2_PKGS" ] ||
				pcc_target_apt "$LPAR_CACHE/apt" install --download-only -y $LPAR_K2_PKGS >/dev/null; } ||
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
	install -m 0755 "${LPAR_STAGE:-$PCC_TOP/tests/lpar/stage.sh}" "$d/stage.sh"
	[ -z "${LPAR_EXTRA_DIR:-}" ] || cp -a "$LPAR_EXTRA_DIR/." "$d/"
	install -m 0644 "$PCC_TOP/tests/lib/tap.sh" "$d/tap.sh"
	install -m 0644 "$PCC_TOP/tests/lpar/stage-lib.sh" "$d/stage-lib.sh"
	printf '%s\n' "LPAR_K1_VER=$LPAR_K1_VER" "LPAR_K2_VER=$LPAR_K2_VER" \
		"LPAR_BASE_PKGS='$LPAR_BASE_PKGS'" "LPAR_K2_PKGS='$LPAR_K2_PKGS'" \
		> "$d/lpar.env"
	[ -z "${LPAR_EXPECT:-}" ] || printf '%s\n' "$LPAR_EXPECT" >> "$d/lpar.env"
	rm -f "$out"
	mke2fs -q -t ext4 -L pcc -d "$d" "$out" 1G >/dev/null || die "cannot make the pcc disk"
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
		hw=(-M "$LPAR_MACHINE" -cpu "$LPAR_CPU" -smp 2 -m "$LPAR_MEM"
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

# lpar_stages ROOT STAGES: boot ROOT once per line "stage kernel machine
# cases" of STAGES, in order; add each stage's cases to the TAP counts
# (tests/lib/tap.sh) and check that it ran to its end with as many cases
# as the line says. The stage named control is a negative control: its
# failures are compared with CONTROL_FAILS instead of counted. Sets
# LPAR_TIMES.
lpar_stages() {
	local root=$1 stage k machine want t p f
	LPAR_TIMES=
	while read -r stage k machine want; do
		t=$SECONDS
		log "boot: $stage ($k, $machine)"
		if [ "$machine" = powernv ]; then
			LPAR_POWERNV=1 lpar_boot "$root" "$k" "$stage" "$LPAR_OUT/$stage"
		else
			lpar_boot "$root" "$k" "$stage" "$LPAR_OUT/$stage"
		fi
		LPAR_TIMES+="${LPAR_TIMES:+ }$stage $((SECONDS - t)) s"
		echo "# --- $stage ($k, $machine, $((SECONDS - t)) s)"
		p=$(grep -c '^ok - ' "$LPAR_OUT/$stage.results")
		f=$(grep -c '^not ok - ' "$LPAR_OUT/$stage.results")
		if [ "$stage" = control ]; then
			grep -E '^(ok|not ok) - ' "$LPAR_OUT/$stage.results" | sed 's/^/# control: /'
			expect "control: the checks fail, exactly these" "$CONTROL_FAILS" \
				"$(sed -n 's/^not ok - \(.*\) # expected .*/\1/p' "$LPAR_OUT/$stage.results")"
		else
			grep -E '^(ok|not ok) - |^#' "$LPAR_OUT/$stage.results" | grep -v '^# stage '
			TAP_PASS=$((TAP_PASS + p))
			TAP_FAIL=$((TAP_FAIL + f))
		fi
		if grep -q "^# stage $stage done" "$LPAR_OUT/$stage.results"; then
			ok "$stage: the stage ran to its end"
		else
			notok "$stage: the stage ran to its end" "$(tail -n 20 "$LPAR_OUT/$stage.console")"
		fi
		expect "$stage: case count" "$want" "$((p + f))"
	done <<<"$2"
}

# lpar_setup OUTDIR: host packages, our .debs (make deb), the base disk
# (built once) and a fresh copy of it in OUTDIR. Sets LPAR_OUT,
# LPAR_VERSION, LPAR_DEBS, LPAR_ROOT, LPAR_PCC_DISK, LPAR_IMAGE_TIME.
lpar_setup() {
	local base t
	LPAR_OUT=$1
	"$PCC_TOP/scripts/setup-host.sh" || die "cannot install the host packages"
	rm -rf "$LPAR_OUT"
	mkdir -p "$LPAR_OUT"
	"$PCC_TOP/scripts/build-deb.sh" >"$LPAR_OUT/deb.log" 2>&1 ||
		{ cat "$LPAR_OUT/deb.log" >&2; die "the packages do not build (make deb)"; }
	LPAR_VERSION=$(sed -n '1s/^ppc-compat-caps (\([^)]*\)) .*/\1/p' "$PCC_TOP/debian/changelog")
	LPAR_DEBS=("$PCC_TOP/build/deb/ppc-compat-caps-dkms_${LPAR_VERSION}_all.deb"
		"$PCC_TOP/build/deb/ppc-compat-caps_${LPAR_VERSION}_ppc64el.deb")
	t=$SECONDS
	base=$("$PCC_TOP/tests/lpar/image.sh") || die "no LPAR image"
	LPAR_IMAGE_TIME=$((SECONDS - t))
	lpar_prepare
	LPAR_ROOT=$LPAR_OUT/root.img
	cp --sparse=always "$base" "$LPAR_ROOT"
	LPAR_PCC_DISK=$LPAR_OUT/pcc.img
}
