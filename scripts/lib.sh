# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the build and test scripts (sourced, not run).

PCC_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PCC_CACHE=${PCC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc-compat-caps}
CROSS_COMPILE=${CROSS_COMPILE:-powerpc64le-linux-gnu-}

log() { printf '[%s] %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The Debian mirror this machine already uses. Taken from its own apt
# configuration so that no host name is ever written into the project.
pcc_mirror() {
	local uri
	uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		tr ' ' '\n' | grep -v -e security -e '^$' | head -n1)
	if [ -z "$uri" ]; then
		uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null)
	fi
	[ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list*"
	printf '%s\n' "${uri%/}"
}

# pcc_apt_in DIR ARGS...: apt-get with its sources.list, lists, status and
# downloads in DIR, never touching the system's own, nor its preferences.
pcc_apt_in() {
	local dir=$1
	shift
	apt-get -o Dir::Etc::SourceList="$dir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$dir/lists" \
		-o Dir::State::Status="$dir/status" \
		-o Dir::Cache="$dir/cache" \
		-o Acquire::Languages=none -o APT::Sandbox::User=root -q "$@"
}

# Run apt-get with the project's private configuration: ppc64el and amd64
# package lists for several suites, kept in the cache.
pcc_apt() {
	pcc_apt_in "$PCC_CACHE/apt" \
		-o APT::Architectures::=amd64 -o APT::Architectures::=ppc64el "$@"
}

# Set up (once) and refresh (at most daily) the private package lists.
pcc_apt_init() {
	local mirror lists="$PCC_CACHE/apt/lists"
	mkdir -p "$lists/partial" "$PCC_CACHE/apt/cache/archives/partial"
	touch "$PCC_CACHE/apt/status"
	mirror=$(pcc_mirror)
	cat > "$PCC_CACHE/apt/sources.list" <<EOS
deb [arch=amd64,ppc64el] $mirror bookworm main
deb [arch=amd64,ppc64el] $mirror bookworm-backports main
deb [arch=amd64,ppc64el] $mirror trixie main
deb [arch=amd64,ppc64el] $mirror sid main
deb [arch=amd64,ppc64el] $mirror experimental main
EOS
	if [ -z "$(find "$lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n1)" ] ||
		! cmp -s "$PCC_CACHE/apt/sources.list" "$PCC_CACHE/apt/sources.list.done"; then
		log "refreshing private package lists"
		pcc_apt update >/dev/null || die "apt-get update (private lists) failed"
		cp "$PCC_CACHE/apt/sources.list" "$PCC_CACHE/apt/sources.list.done"
	fi
}

# Print the stanza fields of package $3 (version $4, optional) of suite $1,
# arch $2 from the private lists, as "Field<TAB>value" lines.
pcc_stanza() {
	/usr/lib/apt/apt-helper cat-file \
		"$PCC_CACHE"/apt/lists/*_dists_"$1"_main_binary-"$2"_Packages* |
		awk -v p="$3" -v v="${4:-}" '
			/^Package: / { cur = ($2 == p); ver = ""; buf = "" }
			cur && /^(Version|Depends|Filename|SHA256): / {
				f = $1; sub(/:$/, "", f); val = $0; sub(/^[^:]*: /, "", val)
				buf = buf f "\t" val "\n"
				if (f == "Version") ver = val
			}
			/^$/ { if (cur && (v == "" || v == ver)) out = buf; cur = 0 }
			END { printf "%s", out }'
}

pcc_field() { awk -F'\t' -v f="$1" '$1 == f { print $2 }'; }

# Download a package's .deb into the cache, checked against the lists'
# SHA256, and print its path. Arguments as pcc_stanza.
pcc_fetch_deb() {
	local s f sha out mirror
	s=$(pcc_stanza "$@")
	[ -n "$s" ] || die "$3 ($2) not found in $1"
	f=$(pcc_field Filename <<<"$s")
	sha=$(pcc_field SHA256 <<<"$s")
	out=$PCC_CACHE/debs/${f##*/}
	mkdir -p "$PCC_CACHE/debs"
	if [ ! -f "$out" ] || ! echo "$sha  $out" | sha256sum -c --status; then
		mirror=$(pcc_mirror)
		log "downloading ${f##*/}"
		curl -fsSL --retry 3 -o "$out.part" "$mirror/$f" || die "download of $f failed"
		echo "$sha  $out.part" | sha256sum -c --status || die "checksum mismatch: $f"
		mv "$out.part" "$out"
	fi
	echo "$out"
}

# pcc_target_apt DIR ARGS...: apt-get as a Debian ppc64el system resolves
# and downloads, with its sources (pcc_target_apt_init), lists, status and
# downloads kept in DIR.
# apt itself computes every dependency closure; nothing here parses
# Packages files.
pcc_target_apt() {
	local dir=$1
	shift
	pcc_apt_in "$dir" -o APT::Architecture=ppc64el -o APT::Architectures=ppc64el \
		-o APT::Install-Recommends=false "$@"
}

# pcc_target_apt_init DIR SUITE...: the sources and fresh lists for
# pcc_target_apt.
pcc_target_apt_init() {
	local dir=$1 mirror s
	shift
	mirror=$(pcc_mirror)
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	touch "$dir/status"
	for s in "$@"; do
		echo "deb $mirror $s main"
	done > "$dir/sources.list.new"
	if ! cmp -s "$dir/sources.list.new" "$dir/sources.list"; then
		mv "$dir/sources.list.new" "$dir/sources.list"
		rm -f "$dir"/lists/*Packages*
	fi
	rm -f "$dir/sources.list.new"
	if [ -z "$(find "$dir/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 | head -n1)" ]; then
		pcc_target_apt "$dir" update >/dev/null ||
			die "apt-get update (ppc64el target lists) failed"
	fi
}

# pcc_target_closure DIR ARGS... PACKAGE...: "package version" a line, the
# closure apt-get install (ARGS: -t SUITE...) resolves onto a ppc64el
# system with nothing installed (or, with -o Dir::State::Status=FILE, what
# it installs or upgrades onto the system FILE describes).
pcc_target_closure() {
	local dir=$1
	shift
	pcc_target_apt "$dir" install -s "$@" |
		sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*/\1 \3/p' | sort
}

# pcc_target_deb DIR PACKAGE VERSION: its .deb among DIR's downloads (apt
# writes a version's epoch "N:" as "N%3a").
pcc_target_deb() {
	local deb
	deb=$(ls "$1/cache/archives/${2}_${3/:/%3a}_"*.deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || die "$2 $3: not among apt's downloads in $1"
	echo "$deb"
}

# pcc_kvm_answers NAME: whether kernel NAME's KVM answers itself
# (KVM_PPC_GET_COMPAT_CAPS), as kernels.conf declares: prints ioctl or -.
pcc_kvm_answers() {
	local a
	a=$(awk -v n="$1" '!/^#/ && $1 == n { print $5 }' "$PCC_TOP/kernels.conf")
	[ -n "$a" ] || die "kernel '$1' has no KVM column in kernels.conf"
	echo "$a"
}

# pcc_tool_cross: the static ppc64le command (make tool-cross), built
# against the uapi headers of Linux 7.3, the first kernel with
# KVM_PPC_GET_COMPAT_CAPS, so that in a guest it asks KVM through the
# kernel's own definitions. Prints the binary's path.
pcc_tool_cross() {
	local uapi
	uapi=$("$PCC_TOP/scripts/fetch-uapi.sh" 7.3) &&
		make -s -B -C "$PCC_TOP" tool-cross TOOL_CROSS_UAPI="$uapi" >&2 &&
		echo "$PCC_TOP/build/tool/ppc64le/ppc-compat-caps"
}

# pcc_e2e_root ROOT KO INIT: the root of an e2e guest (tests/e2e/init.sh's
# world): the helpers, the command, tool_checks.sh, tap.sh, guest.sh,
# modes.sh, busybox
# ($PCC_BUSYBOX, from a kernel.env), INIT as /init's script and KO. The
# caller adds the kernel's kvm-hv (ROOT/kvm) and its own files.
pcc_e2e_root() {
	local root=$1 ko=$2 init=$3
	mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/kvm" &&
		pcc_guest_helpers "$root/bin" pcc_client pcc_hostile pcc_race &&
		cp "$(pcc_tool_cross)" "$root/bin/" &&
		cp "$PCC_TOP/tests/e2e/tool_checks.sh" "$PCC_TOP/tests/lib/tap.sh" \
			"$PCC_TOP/tests/lib/guest.sh" "$PCC_TOP/tests/lib/modes.sh" "$root/" &&
		cp "$PCC_BUSYBOX" "$root/bin/busybox" &&
		install -m 0755 "$PCC_TOP/tests/e2e/init.sh" "$root/$init" &&
		cp "$ko" "$root/"
}

# pcc_boot DIR SECONDS QEMU-ARGS...: one boot of a harness's guest (TCG, no
# display, no reboot), QEMU-ARGS naming the machine, CPU, memory, kernel,
# initrd and command line; $PCC_QEMU (default qemu-system-ppc64) runs it.
# The console goes to DIR/console, the results on a second hvc of their
# own to DIR/results; a QEMU that fails or runs out of time leaves
# "qemu exit N" at the end of DIR/console.
pcc_boot() {
	local dir=$1 limit=$2
	shift 2
	timeout "$limit" "${PCC_QEMU:-qemu-system-ppc64}" -accel tcg -nographic \
		-vga none -no-reboot "$@" \
		-chardev file,id=results,path="$dir/results" \
		-device spapr-vty,chardev=results \
		</dev/null >"$dir/console" 2>&1 || echo "qemu exit $?" >>"$dir/console"
}

# pcc_guest_trouble RESULTS: what went wrong with a harness guest beyond its
# cases, on stdout (empty when nothing did): it did not reach "# done", or
# its kernel log (between "# dmesg-begin" and "# dmesg-end") has a line of
# PCC_KERNEL_TROUBLE (a WARN, BUG, oops, leak, corruption, stall, locking
# or sanitizer report) that PCC_KERNEL_BENIGN does not take out: KASAN
# starting, and pseries' "WARNING: nvram corruption" on QEMU's empty NVRAM.
# check-debug and the LPAR stages judge their logs with the same two.
PCC_KERNEL_TROUBLE='WARNING:|cut here|BUG:|Oops|Unable to handle|refcount_t|unreferenced object|suspected memory leak|Call Trace|general protection|list_(add|del) corruption|UBSAN|KASAN|Kernel panic|segfault|circular locking|recursive locking|inconsistent lock|Invalid wait context|sleeping function|scheduling while atomic|locking correctness validator|detected stall|rcu_[a-z]* self-detected|soft lockup|hard LOCKUP|blocked for more than|^qemu exit'
PCC_KERNEL_BENIGN='KASAN init done|WARNING: nvram corruption'
pcc_guest_trouble() {
	local why= line
	grep -q '^# done' "$1" 2>/dev/null || why="the guest did not finish"
	line=$(sed -n '/^# dmesg-begin/,/^# dmesg-end/p' "$1" 2>/dev/null |
		grep -E "$PCC_KERNEL_TROUBLE" | grep -Ev "$PCC_KERNEL_BENIGN" | head -n1)
	[ -z "$line" ] || why=${why:+$why, }"kernel log: $line"
	echo "$why"
}

# pcc_guest_helpers DIR PROG...: the static guest helpers of tests/e2e
# (PROG.c, TAP from tests/lib/tap.h) cross-built into DIR.
pcc_guest_helpers() {
	local dir=$1 prog
	shift
	for prog in "$@"; do
		"${CROSS_COMPILE}gcc" -static -O2 -pthread -Wall -Wextra -Werror \
			-I"$PCC_TOP/include/uapi" -I"$PCC_TOP/tests/lib" \
			-o "$dir/$prog" "$PCC_TOP/tests/e2e/$prog.c" || return 1
	done
}
