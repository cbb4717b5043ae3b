#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# test_libvirt.sh: ppc-compat-caps-libvirt against a fake virsh and a fake
# ppc-compat-caps (on PATH): the <cpu> element replaced whatever form it
# had, nothing else of the domain changed, the exit statuses, and its man
# page renders. The real virsh runs it in make check-libvirt.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
helper=$top/integrations/libvirt/ppc-compat-caps-libvirt
mkdir -p "$t/bin"
cat > "$t/bin/virsh" <<'EOS'
#!/bin/sh
[ "$1" = -q ] && shift
[ "$1" = -c ] && shift 2
case $1 in
dumpxml) cat "$FAKE_XML" ;;
define) cp "$2" "$FAKE_DEFINED" ;;
*) exit 9 ;;
esac
EOS
cat > "$t/bin/ppc-compat-caps" <<'EOS'
#!/bin/sh
[ "$1" = --best ] || exit 2
[ "$FAKE_BEST_RC" = 0 ] || exit "$FAKE_BEST_RC"
echo power10
EOS
chmod 755 "$t/bin/virsh" "$t/bin/ppc-compat-caps"
export PATH=$t/bin:$PATH FAKE_XML=$t/in.xml FAKE_DEFINED=$t/defined.xml FAKE_BEST_RC=0

domain() { # domain CPU-LINES: a domain as virsh dumpxml writes it
	printf '%s\n' "<domain type='kvm'>" "  <name>l2</name>" "  <memory unit='KiB'>1048576</memory>"
	[ -z "$1" ] || printf '%s\n' "$1"
	printf '%s\n' "  <features>" "    <hpt resizing='enabled'>" \
		"      <maxpagesize unit='KiB'>4</maxpagesize>" "    </hpt>" "  </features>" \
		"  <devices>" "    <emulator>/usr/bin/qemu-system-ppc64</emulator>" "  </devices>" "</domain>"
}
ours="  <cpu mode='host-model'>
    <model>power10</model>
  </cpu>"
# form: the domain's <cpu> as it was, one table row each.
while IFS='|' read -r form cpu; do
	domain "$(printf '%b' "$cpu")" > "$t/in.xml"
	out=$("$helper" --dry-run l2)
	expect "$form: exit 0" 0 $?
	expect "$form: the domain with our <cpu> and nothing else changed" \
		"$(domain "$ours" | grep -v '^  <cpu\|^    <model\|^  </cpu>')" \
		"$(echo "$out" | grep -v '^  <cpu\|^    <model\|^  </cpu>')"
	expect "$form: exactly our <cpu>, right before <devices>" "$ours
  <devices>" "$(echo "$out" | sed -n '/^  <cpu/,/^  <devices>/p')"
done <<'EOT'
no <cpu>|
bare host-model|  <cpu mode='host-model' check='partial'/>
host-passthrough|  <cpu mode='host-passthrough' check='none' migratable='on'/>
host-model with another model|  <cpu mode='host-model' check='partial'>\n    <model fallback='allow'>POWER11</model>\n  </cpu>
EOT

domain "  <cpu mode='host-model' check='partial'/>" > "$t/in.xml"
out=$("$helper" l2)
expect "define: exit 0" 0 $?
expect "define: says what it set" "l2: <cpu mode='host-model'><model>power10</model></cpu>" "$out"
expect "define: virsh define got the new XML" "$("$helper" --dry-run l2)" "$(cat "$t/defined.xml")"
rm -f "$t/defined.xml"
FAKE_BEST_RC=3 "$helper" l2 >/dev/null 2>&1
expect "no module: exit 3, as ppc-compat-caps --best" 3 $?
FAKE_BEST_RC=6 "$helper" l2 >/dev/null 2>&1
expect "no usable mode: exit 6, as ppc-compat-caps --best" 6 $?
expect "no answer: nothing defined" absent "$([ -e "$t/defined.xml" ] && echo present || echo absent)"
"$helper" >/dev/null 2>&1
expect "no domain: usage, exit 2" 2 $?
"$helper" --bogus l2 >/dev/null 2>&1
expect "unknown option: usage, exit 2" 2 $?
printf '%s\n' "<domain type='kvm'>" "  <name>l2</name>" "</domain>" > "$t/in.xml"
"$helper" l2 >/dev/null 2>&1
expect "no <devices> element: exit 1" 1 $?
# Negative control: a helper that keeps a one-line <cpu .../> must fail
# the check above.
sed '/\/>\[\[:space:\]\]\*\$\/ { next }/d' "$helper" > "$t/broken"
chmod 755 "$t/broken"
domain "  <cpu mode='host-passthrough' check='none' migratable='on'/>" > "$t/in.xml"
if cmp -s "$helper" "$t/broken"; then
	notok "negative control: the broken helper differs from the real one"
else
	got=$("$t/broken" --dry-run l2 2>/dev/null | sed -n '/^  <cpu/,/^  <devices>/p')
	if [ "$got" != "$ours
  <devices>" ]; then
		ok "negative control: a helper mishandling a one-line <cpu/> fails the check"
	else
		notok "negative control: a helper mishandling a one-line <cpu/> fails the check"
	fi
fi
check "ppc-compat-caps-libvirt.1: groff -man -ww renders without a warning" bash -c "
	sed 's/@VERSION@/0/' '$top/man/ppc-compat-caps-libvirt.1' |
		groff -man -Tutf8 -ww -z 2>&1 | tee /dev/stderr | grep -q . && exit 1 || exit 0"
tap_done
