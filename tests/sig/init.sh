#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# Guest /init of make check-sig: one kernel that loads only signed modules
# (module.sig_enforce=1 or lockdown=integrity), the module in three builds.
# From /expect.env: PCC_KVM (the kernel's kvm-hv: load, skip), PCC_UNSIGNED
# and PCC_UNTRUSTED (what loading the unsigned build and the build signed
# with a key of DKMS's kind must give: an errno name), PCC_TRUSTED (the
# build signed with the kernel's own key: OK, or - when there is none),
# PCC_MASK (its answer), PCC_REJECT (the kernel's log line for the unsigned
# build), PCC_WHY (the command's reason). Results on /dev/hvc1.
. /guest.sh
. /expect.env
TAP_FD=3
. /tap.sh
mount -t securityfs securityfs /sys/kernel/security

# The kernel's own kvm-hv, signed by its builder (Debian), still loads.
if [ "$PCC_KVM" = load ]; then
	for m in $(cat /kvm/load-order); do
		expect "insmod $m (signed by the kernel's builder)" OK "$(pcc_client load /kvm/$m.ko "")"
	done
fi
before=$(dmesg | wc -l)
expect "the unsigned module is refused" "$PCC_UNSIGNED" "$(pcc_client load /unsigned.ko "")"
expect "the kernel says why, one line" 1 \
	"$(dmesg | tail -n +$((before + 1)) | grep -c -F "$PCC_REJECT")"
expect "the module signed with DKMS's kind of key is refused" "$PCC_UNTRUSTED" \
	"$(pcc_client load /untrusted.ko "")"
expect "not loaded, no device" "0 absent" \
	"$(grep -c '^ppc_compat_caps ' /proc/modules) $([ -e /dev/ppc_compat_caps ] && echo present || echo absent)"

# The command, with the module installed for this kernel as DKMS installs it.
mkdir -p "/lib/modules/$(uname -r)/updates"
cp /unsigned.ko "/lib/modules/$(uname -r)/updates/ppc_compat_caps.ko"
echo "updates/ppc_compat_caps.ko:" > "/lib/modules/$(uname -r)/modules.dep"
out=$(ppc-compat-caps 2>&1)
expect "ppc-compat-caps: exit 3" 3 $?
expect "ppc-compat-caps: why the module gives no answer" \
	"ppc-compat-caps: no answer from the ppc_compat_caps module: $PCC_WHY" \
	"$(echo "$out" | head -n1)"
echo "$out" | sed 's/^/# ppc-compat-caps: /' >&3

if [ "$PCC_TRUSTED" != - ]; then
	expect "the module signed with a key the kernel trusts loads" "$PCC_TRUSTED" \
		"$(pcc_client load /trusted.ko "")"
	expect "and answers" "$PCC_MASK" "$(pcc_client get)"
	expect "its signature checked: no E taint" 0 $(($(cat /proc/sys/kernel/tainted) & 8192))
fi
tap_done >/dev/null
echo "# dmesg-begin" >&3
dmesg >&3
echo "# dmesg-end" >&3
echo "# done" >&3
poweroff -f
