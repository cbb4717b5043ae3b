#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/sig/run.sh (make check-sig): Secure Boot, as far as a Debian
# ppc64el kernel can show it here. Debian's kernels have CONFIG_MODULE_SIG
# without CONFIG_MODULE_SIG_FORCE or PPC_SECURE_BOOT: signatures are
# enforced only when the kernel is told to, by module.sig_enforce=1 or by
# lockdown. Each boot (tests/sig/init.sh, an emulated Power11 LPAR in
# Power10 mode) loads the kernel's own kvm-hv and the module in three
# builds: unsigned, signed with a key of DKMS's kind (a fresh RSA key and
# self-signed certificate, signed by the kernel's scripts/sign-file, as
# dkms does with /var/lib/dkms/mok.key), and signed with a key the kernel
# trusts: the debug kernel of make check-debug is built with CONFIG_MODULE_SIG,
# so its own build key (certs/signing_key.pem) is in its trusted keys, as a
# distribution's is in its kernels'.
#   debian-enforce  Debian's 6.12, module.sig_enforce=1: kvm-hv loads, the
#                   unsigned build and DKMS's are refused (EKEYREJECTED),
#                   ppc-compat-caps names module.sig_enforce=1
#   debian-lockdown Debian's 6.12, lockdown=integrity: the same, refused by
#                   lockdown (EPERM), the command names lockdown=integrity
#   debug-trusted   the debug kernel, module.sig_enforce=1: the unsigned and
#                   DKMS's builds refused, the one signed with its own key
#                   loads and answers the rules' mask
# The kernel's messages are those of kernel/module/signing.c and
# security/lockdown/lockdown.c. Ends with "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/lib.sh"
. "$PCC_TOP/tests/e2e/scenario.sh"
. "$PCC_TOP/tests/lib/tap.sh"

SCENARIO=p11-in-p10
out=$PCC_TOP/build/sig
rm -rf "$out"
mkdir -p "$out"
"$PCC_TOP/scripts/setup-host.sh" >/dev/null || die "cannot install the host packages"
WHY="this kernel loads only modules signed by a key it trusts (%s), which DKMS's own key is not: see ppc_compat_caps(4), SECURE BOOT"

# A key of DKMS's kind, made as dkms makes /var/lib/dkms/mok.key.
openssl req -new -x509 -nodes -days 36500 -subj "/CN=DKMS module signing key" \
	-newkey rsa:2048 -keyout "$out/mok.key" -outform DER -out "$out/mok.pub" \
	>/dev/null 2>&1 || die "openssl could not make a key"

# root NAME KO SIGN-FILE KVM-ENV [TRUSTED-KEY]: the initramfs of one boot.
root() {
	local r=$out/$1/root
	mkdir -p "$r/bin" "$r/proc" "$r/sys" "$r/dev" "$r/kvm"
	pcc_guest_helpers "$r/bin" pcc_client || return 1
	cp "$(pcc_tool_cross)" "$r/bin/" || return 1
	cp "$PCC_BUSYBOX" "$r/bin/busybox"
	cp "$PCC_TOP/tests/lib/tap.sh" "$PCC_TOP/tests/lib/guest.sh" "$r/"
	install -m 0755 "$here/init.sh" "$r/init"
	cp "$2" "$r/unsigned.ko"
	cp "$2" "$r/untrusted.ko"
	"$3" sha256 "$out/mok.key" "$out/mok.pub" "$r/untrusted.ko" || return 1
	if [ -n "${5:-}" ]; then
		cp "$2" "$r/trusted.ko"
		"$3" sha256 "$5" "$5" "$r/trusted.ko" || return 1
	fi
	[ -z "$4" ] || "$PCC_TOP/scripts/kvm-modules.sh" "$4" "$r/kvm" > "$r/kvm/load-order" ||
		return 1
	cat > "$r/expect.env"
	(cd "$r" && find . | cpio -o -H newc --quiet) > "$out/$1/initrd.cpio"
}

# boot NAME VMLINUX CASES CMDLINE...: boot it; its results must have CASES
# cases.
boot() {
	local name=$1 vmlinux=$2 want_cases=$3 r
	shift 3
	pcc_scenario 6.12 "$SCENARIO"
	pcc_boot "$out/$name" 600 -M "$machine" -cpu "$cpu" -m 2G \
		-kernel "$vmlinux" -initrd "$out/$name/initrd.cpio" \
		-append "console=hvc0 quiet loglevel=4 panic=-1 $*"
	echo "# --- $name"
	grep -E '^(ok|not ok) - |^# ppc-compat-caps' "$out/$name/results"
	TAP_PASS=$((TAP_PASS + $(grep -c '^ok - ' "$out/$name/results")))
	TAP_FAIL=$((TAP_FAIL + $(grep -c '^not ok - ' "$out/$name/results")))
	r=$(pcc_guest_trouble "$out/$name/results")
	expect "$name: the guest finished, no kernel trouble" "" "$r"
	expect "$name: case count" "$want_cases" "$(grep -c -E '^(ok|not ok) - ' "$out/$name/results")"
}

pcc_scenario 6.12 "$SCENARIO"
kenv=$("$PCC_TOP/scripts/fetch-kernel.sh" 6.12) || die "no 6.12 kernel"
. "$kenv"
ko=$("$PCC_TOP/scripts/build-module.sh" 6.12) || die "the module does not build for 6.12"
for b in enforce lockdown; do
	case $b in
	enforce) reject="Loading of unsigned module is rejected" errno=EKEYREJECTED
		setting=module.sig_enforce=1 ;;
	lockdown) reject="Lockdown: pcc_client: unsigned module loading is restricted; see man kernel_lockdown.7"
		errno=EPERM setting=lockdown=integrity ;;
	esac
	# shellcheck disable=SC2059 # WHY is the command's format
	printf 'PCC_KVM=load\nPCC_UNSIGNED=%s\nPCC_UNTRUSTED=%s\nPCC_TRUSTED=-\nPCC_MASK=%s\nPCC_REJECT=%q\nPCC_WHY=%q\n' \
		"$errno" "$errno" "$mask" "$reject" "$(printf "$WHY" "$setting")" |
		root "debian-$b" "$ko" "$PCC_KHDR/scripts/sign-file" "$kenv" || die "debian-$b: no root"
done

denv=$("$PCC_TOP/tests/debug/build-kernel.sh") || die "no debug kernel"
. "$denv"
"$PCC_TOP/tests/debug/build-modules.sh" "$denv" "$out/debug" >/dev/null ||
	die "the module does not build for the debug kernel"
# shellcheck disable=SC2059 # WHY is the command's format
printf 'PCC_KVM=skip\nPCC_UNSIGNED=EKEYREJECTED\nPCC_UNTRUSTED=EKEYREJECTED\nPCC_TRUSTED=OK\nPCC_MASK=%s\nPCC_REJECT=%q\nPCC_WHY=%q\n' \
	"$mask" "Loading of unsigned module is rejected" "$(printf "$WHY" module.sig_enforce=1)" |
	root debug-trusted "$out/debug/module/ppc_compat_caps.ko" "$PCC_DK_OBJ/scripts/sign-file" "" \
		"$PCC_DK_OBJ/certs/signing_key.pem" || die "debug-trusted: no root"

# Cases: kvm-hv's (2 on Debian's kernel), 4 refusals, 2 of the command,
# 3 of the trusted build.
boot debian-enforce "$PCC_KVMLINUX" 8 module.sig_enforce=1
boot debian-lockdown "$PCC_KVMLINUX" 8 lockdown=integrity
boot debug-trusted "$PCC_DK_VMLINUX" 9 module.sig_enforce=1
tap_done
