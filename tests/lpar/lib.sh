# SPDX-License-Identifier: GPL-2.0
# Shared by tests/lpar/image.sh and run.sh (sourced after scripts/lib.sh).
#
# The LPAR: QEMU pseries, Power11 CPU in Power10 mode, nested API v2 only
# (cap-nested-papr, as PowerVM), 2 vCPUs on multi-threaded TCG. Its disks:
# root (the Debian system, LABEL=root) and pcc (LABEL=pcc: the local apt
# repository, our .debs and the stage script, read-only). Results leave on
# a virtio-serial port of their own (pcc.results), never on the console.

# LPAR_FLAVOUR picks the system: bookworm and sid (make check-lpar: the
# README's commands on bookworm's dkms 3.0 and sid's dkms 3.2; trixie's
# point-release packages are not all on the mirror), libvirt (make
# check-libvirt: sid's userland, whose libvirt and QEMU know Power11) or
# libvirt-bookworm (make check-libvirt: what bookworm's own libvirt does).
#
# On bookworm and sid the kernels come as Debian delivers them, through
# the flavour's metapackage: K1 is the suite's own (linux-image-powerpc64le
# in the base), K2 the metapackage's next version, which the LPAR's apt
# finds in a second repository ("the archive publishes a new kernel":
# bookworm-backports' 6.12 after bookworm's 6.1, experimental's 7.3 after
# sid's 7.2; the archive's index holds one version per suite, so the next
# version of a suite's metapackage is not there to take), and K3 a kernel
# installed by name without its headers.
LPAR_FLAVOUR=${LPAR_FLAVOUR:-bookworm}
LPAR_K2= LPAR_K3= LPAR_UPDATE_SUITE=
case $LPAR_FLAVOUR in
bookworm)
	LPAR_CACHE=$PCC_CACHE/lpar
	LPAR_SUITE=bookworm
	LPAR_APT_SUITES="bookworm bookworm-backports"
	LPAR_K1=6.1 LPAR_K2=6.12 LPAR_UPDATE_SUITE=bookworm-backports LPAR_K3=6.12-64k
	LPAR_MEM=2G
	;;
sid)
	LPAR_CACHE=$PCC_CACHE/lpar-sid
	LPAR_SUITE=sid
	LPAR_APT_SUITES="sid experimental"
	LPAR_K1=sid LPAR_K2=7.3 LPAR_UPDATE_SUITE=experimental LPAR_K3=sid-64k
	LPAR_MEM=2G
	;;
libvirt-bookworm)	# bookworm's own libvirt 9.0 and QEMU 7.2
	LPAR_CACHE=$PCC_CACHE/lpar-libvirt-bookworm
	LPAR_SUITE=bookworm
	LPAR_APT_SUITES="bookworm bookworm-backports"
	LPAR_K1=6.12
	LPAR_MEM=4G
	;;
libvirt)
	LPAR_CACHE=$PCC_CACHE/lpar-libvirt
	LPAR_SUITE=sid
	LPAR_APT_SUITES="sid bookworm-backports"
	LPAR_K1=6.12
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

# lpar_repo DIR LABEL APT-ARGS...: a flat apt repository in DIR holding the
# packages apt resolves and downloads for APT-ARGS (an install command's
# packages and .debs, -t SUITE, -o Dir::State::Status=FILE) onto a ppc64el
# system with nothing installed (or what FILE says is), our own packages
# left out; kept while LABEL (what was asked) is the same.
lpar_repo() {
	local dir=$1 label=$2 pkg ver
	shift 2
	[ "$(cat "$dir/.pkgs" 2>/dev/null)" != "$label" ] || return 0
	log "resolving and downloading with apt: $label"
	pcc_target_apt "$LPAR_CACHE/apt" install --download-only -y "$@" >/dev/null ||
		die "apt could not resolve or download: $*"
	rm -rf "$dir"
	mkdir -p "$dir"
	pcc_target_closure "$LPAR_CACHE/apt" "$@" > "$dir.closure" || die "apt -s failed: $*"
	while read -r pkg ver; do
		case $pkg in ppc-compat-caps*) continue ;; esac
		ln -f "$(pcc_target_deb "$LPAR_CACHE/apt" "$pkg" "$ver")" "$dir/" || exit 1
	done < "$dir.closure"
	(cd "$dir" && dpkg-scanpackages -m . 2>/dev/null > Packages) ||
		die "dpkg-scanpackages failed"
	echo "$label" > "$dir/.pkgs"
}

# lpar_prepare [DEBS...]: the kernels fetched, their initramfs built, and
# the local repository resolved and downloaded by apt: LPAR_REPO (the base
# system, what our DEBS and the README's install need, autopkgtest's test
# dependencies).
lpar_prepare() {
	local k2meta
	mkdir -p "$LPAR_CACHE"
	command -v debootstrap >/dev/null && command -v dpkg-scanpackages >/dev/null &&
		command -v debugfs >/dev/null || die "missing host tools: run scripts/setup-host.sh"
	LPAR_K1_VER=$(lpar_kernel "$LPAR_K1") || exit 1
	LPAR_K2_VER= LPAR_K3_VER=
	# shellcheck disable=SC2086
	pcc_target_apt_init "$LPAR_CACHE/apt" $LPAR_APT_SUITES
	if [ -n "$LPAR_K2" ]; then
		LPAR_K2_VER=$(lpar_kernel "$LPAR_K2") || exit 1
		LPAR_K3_VER=$(lpar_kernel "$LPAR_K3") || exit 1
		# The base runs the suite's kernel through its metapackage; the
		# README installs the headers' metapackage.
		LPAR_BASE_PKGS="linux-image-powerpc64le gcc make dkms sudo autopkgtest autodep8"
		LPAR_INSTALL_PKGS="linux-headers-powerpc64le linux-doc dctrl-tools openssl"
		k2meta=$(pcc_target_closure "$LPAR_CACHE/apt" -t "$LPAR_UPDATE_SUITE" \
			linux-image-powerpc64le | awk '$1 ~ /^linux-image-[0-9]/ { print $1 }')
		[ "$k2meta" = "linux-image-$LPAR_K2_VER" ] ||
			die "$LPAR_UPDATE_SUITE's linux-image-powerpc64le is $k2meta, not $LPAR_K2 ($LPAR_K2_VER)"
		[ "$(pcc_target_closure "$LPAR_CACHE/apt" linux-image-powerpc64le |
			awk '$1 ~ /^linux-image-[0-9]/ { print $1 }')" = "linux-image-$LPAR_K1_VER" ] ||
			die "$LPAR_SUITE's linux-image-powerpc64le is not $LPAR_K1 ($LPAR_K1_VER)"
	else
		LPAR_BASE_PKGS="linux-image-$LPAR_K1_VER linux-headers-$LPAR_K1_VER gcc make dkms"
		case $LPAR_FLAVOUR in libvirt*)
			LPAR_BASE_PKGS+=" libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu qemu-system-ppc"
		esac
		LPAR_INSTALL_PKGS=
	fi
	LPAR_REPO=$LPAR_CACHE/repo
	# shellcheck disable=SC2086
	lpar_repo "$LPAR_REPO" "$LPAR_SUITE: $LPAR_BASE_PKGS $LPAR_INSTALL_PKGS $(for d; do
		dpkg-deb -f "$d" Depends Recommends; done | tr '\n' ' ')" \
		$LPAR_BASE_PKGS $LPAR_INSTALL_PKGS "$@"
}

# lpar_update_repo BASE-IMAGE: LPAR_UPDATE_REPO, what a kernel update brings
# to the system on BASE-IMAGE: the metapackages' next version (K2) from
# LPAR_UPDATE_SUITE and K3's image, with what they need that the system
# lacks, resolved by apt against that system's own dpkg status; not the
# suite's newer everything else.
lpar_update_repo() {
	local status=$LPAR_CACHE/base.status
	LPAR_UPDATE_REPO=
	[ -n "$LPAR_K2" ] || return 0
	debugfs -R "dump /var/lib/dpkg/status $status" "$1" 2>/dev/null && [ -s "$status" ] ||
		die "cannot read the dpkg status of $1"
	LPAR_UPDATE_REPO=$LPAR_CACHE/repo-update
	lpar_repo "$LPAR_UPDATE_REPO" "$LPAR_UPDATE_SUITE: metapackages, $LPAR_K3_VER onto ${1##*/}" \
		-o Dir::State::Status="$status" -t "$LPAR_UPDATE_SUITE" \
		linux-image-powerpc64le linux-headers-powerpc64le "linux-image-$LPAR_K3_VER"
}

# lpar_readme_blocks OUTDIR: each block of the README that a
# "<!-- lpar:NAME -->" line precedes, as OUTDIR/NAME: the commands as the
# README writes them, one a line. check-lpar runs them in the LPAR.
lpar_readme_blocks() {
	mkdir -p "$1"
	awk -v out="$1" '
		/^<!-- lpar:[a-z-]+ -->$/ { name = $0; sub(/^<!-- lpar:/, "", name)
			sub(/ -->$/, "", name); want = 1; next }
		want && /^```/ { want = 0; inblock = 1; printf "" > (out "/" name); next }
		inblock && /^```/ { inblock = 0; close(out "/" name); next }
		inblock { print > (out "/" name) }' "$PCC_TOP/README.md"
	local b
	for b in install kernel-upgrade package-upgrade remove purge; do
		[ -s "$1/$b" ] || die "README.md has no <!-- lpar:$b --> block"
	done
}

# lpar_pcc_disk OUT [DEBS...]: the pcc disk: the repositories (repo, and
# repo-update when there is one), the stage script, the scenario's
# expectations and our .debs (debs/); with LPAR_NEXT_DEBS (an array) the
# next version's (debs-next/), with LPAR_SRC the source tree autopkgtest
# reads (src/), and the README's blocks (readme/).
lpar_pcc_disk() {
	local out=$1 d r
	shift
	d=$(mktemp -d)
	mkdir -p "$d/debs"
	for r in "$LPAR_REPO" ${LPAR_UPDATE_REPO:+"$LPAR_UPDATE_REPO"}; do
		mkdir -p "$d/${r##*/}"
		cp -l "$r"/*.deb "$r/Packages" "$d/${r##*/}/" 2>/dev/null ||
			cp "$r"/*.deb "$r/Packages" "$d/${r##*/}/"
	done
	[ $# -eq 0 ] || cp "$@" "$d/debs/"
	if [ -n "${LPAR_NEXT_DEBS:-}" ]; then
		mkdir -p "$d/debs-next"
		cp "${LPAR_NEXT_DEBS[@]}" "$d/debs-next/"
	fi
	if [ -n "${LPAR_SRC:-}" ]; then
		mkdir -p "$d/src"
		(cd "$LPAR_SRC" && git ls-files | cpio -pdm --quiet "$d/src")
	fi
	[ -z "$LPAR_K2" ] || lpar_readme_blocks "$d/readme"
	install -m 0755 "${LPAR_STAGE:-$PCC_TOP/tests/lpar/stage.sh}" "$d/stage.sh"
	[ -z "${LPAR_EXTRA_DIR:-}" ] || cp -a "$LPAR_EXTRA_DIR/." "$d/"
	install -m 0644 "$PCC_TOP/tests/lib/tap.sh" "$d/tap.sh"
	install -m 0644 "$PCC_TOP/tests/lpar/stage-lib.sh" "$d/stage-lib.sh"
	printf '%s\n' "LPAR_K1_VER=$LPAR_K1_VER" "LPAR_K2_VER=$LPAR_K2_VER" \
		"LPAR_K3_VER=$LPAR_K3_VER" "LPAR_BASE_PKGS='$LPAR_BASE_PKGS'" \
		"PCC_KERNEL_TROUBLE='$PCC_KERNEL_TROUBLE'" \
		"PCC_KERNEL_BENIGN='$PCC_KERNEL_BENIGN'" > "$d/lpar.env"
	[ -z "${LPAR_EXPECT:-}" ] || printf '%s\n' "$LPAR_EXPECT" >> "$d/lpar.env"
	rm -f "$out"
	mke2fs -q -t ext4 -L pcc -d "$d" "$out" 2G >/dev/null || die "cannot make the pcc disk"
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

# lpar_setup OUTDIR: host packages, our .debs (make deb) and, on a flavour
# with kernel upgrades, the next version's (this tree with one more
# debian/changelog entry), the base disk (built once) and a fresh copy of it
# in OUTDIR. Sets LPAR_OUT, LPAR_VERSION, LPAR_DEBS, LPAR_NEXT_VERSION,
# LPAR_NEXT_DEBS, LPAR_ROOT, LPAR_PCC_DISK, LPAR_IMAGE_TIME.
lpar_setup() {
	local base t next
	LPAR_OUT=$1
	"$PCC_TOP/scripts/setup-host.sh" || die "cannot install the host packages"
	rm -rf "$LPAR_OUT"
	mkdir -p "$LPAR_OUT"
	"$PCC_TOP/scripts/build-deb.sh" >"$LPAR_OUT/deb.log" 2>&1 ||
		{ cat "$LPAR_OUT/deb.log" >&2; die "the packages do not build (make deb)"; }
	LPAR_VERSION=$(sed -n '1s/^ppc-compat-caps (\([^)]*\)) .*/\1/p' "$PCC_TOP/debian/changelog")
	LPAR_DEBS=("$PCC_TOP/build/deb/ppc-compat-caps-dkms_${LPAR_VERSION}_all.deb"
		"$PCC_TOP/build/deb/ppc-compat-caps_${LPAR_VERSION}_ppc64el.deb")
	LPAR_NEXT_VERSION= LPAR_NEXT_DEBS=()
	if [ -n "$LPAR_K2" ]; then
		LPAR_NEXT_VERSION=$LPAR_VERSION.1
		next=$LPAR_OUT/next
		mkdir -p "$next/src"
		(cd "$PCC_TOP" && git ls-files | cpio -pdm --quiet "$next/src")
		{ printf 'ppc-compat-caps (%s) unstable; urgency=medium\n\n' "$LPAR_NEXT_VERSION"
			printf '  * The next version, for the upgrade test of make check-lpar.\n\n'
			printf ' -- %s  %s\n' "$(sed -n '/^ -- /{s/^ -- \(.*>\)  .*/\1/p;q}' \
				"$PCC_TOP/debian/changelog")" "$(date -R)"
			echo
			cat "$PCC_TOP/debian/changelog"; } > "$next/src/debian/changelog"
		"$PCC_TOP/scripts/build-deb.sh" "$next/src" "$next/deb" >"$LPAR_OUT/deb-next.log" 2>&1 ||
			{ cat "$LPAR_OUT/deb-next.log" >&2; die "the next version does not build"; }
		LPAR_NEXT_DEBS=("$next/deb/ppc-compat-caps-dkms_${LPAR_NEXT_VERSION}_all.deb"
			"$next/deb/ppc-compat-caps_${LPAR_NEXT_VERSION}_ppc64el.deb")
	fi
	t=$SECONDS
	base=$("$PCC_TOP/tests/lpar/image.sh" "${LPAR_DEBS[@]}") || die "no LPAR image"
	LPAR_IMAGE_TIME=$((SECONDS - t))
	lpar_prepare "${LPAR_DEBS[@]}"
	lpar_update_repo "$base"
	LPAR_ROOT=$LPAR_OUT/root.img
	cp --sparse=always "$base" "$LPAR_ROOT"
	LPAR_PCC_DISK=$LPAR_OUT/pcc.img
}
