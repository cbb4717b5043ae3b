# SPDX-License-Identifier: GPL-2.0
# scenario.sh: sourced by tests/e2e/run.sh and tests/debug/check-debug.sh.
# pcc_scenario KERNEL ID: read row ID of scenarios.tsv, apply the
# KERNEL:column=value overrides (a -64k flavour follows its base kernel),
# and set what a boot needs:
#   cpu compat nested params load suite backend modes kvmhv removed
#   mask kvm_mask offered_mask cpu_version (from the columns)
#   machine ("pseries,x-vof=on,..."), smp, oracle
#   append: the PCC_* words of the guest's kernel command line
# Expected values only ever come from the table: see its header.
# pcc_scenario_oracle is "same" on kernels whose KVM answers too (the
# caller sets PCC_ORACLE_KERNEL=1 there), "-" elsewhere.

# The modes (pcc_modes_mask, pcc_mode_pvr, ...): tests/lib/modes.sh.
. "$PCC_TOP/tests/lib/modes.sh"

pcc_scenario() {
	local kernel=$1 id=$2 overrides o k kv mode offered kvm
	IFS=$'\t' read -r _ cpu compat nested params load mode backend offered kvm \
		modes removed kvmhv overrides suite < <(
		awk -F'\t' -v id="$id" '$1 == id' "$PCC_TOP/tests/e2e/scenarios.tsv")
	[ -n "${suite:-}" ] || die "scenario $id: not a row of 15 columns in scenarios.tsv"
	oracle=-
	[ -z "${PCC_ORACLE_KERNEL:-}" ] || oracle=same
	for o in ${overrides//;/ }; do
		k=${o%%:*} kv=${o#*:}
		[ "$k" = "$kernel" ] || [ "$k" = "${kernel%-64k}" ] || continue
		case ${kv%%=*} in
		mode) mode=${kv#*=} ;;
		offered) offered=${kv#*=} ;;
		kvm) kvm=${kv#*=} ;;
		modes) modes=${kv#*=} ;;
		removed) removed=${kv#*=} ;;
		kvm-hv) kvmhv=${kv#*=} ;;
		oracle) oracle=${kv#*=} ;;
		*) die "scenario $id: unknown override $o" ;;
		esac
	done
	# KVM answers where kvm-hv loaded; where it refused, it has none.
	[ "$oracle" != same ] || [ "$kvmhv" = loads ] || oracle=none
	mask=$(pcc_modes_mask "$modes") && kvm_mask=$(pcc_modes_mask "$kvm") &&
		cpu_version=$(pcc_mode_pvr "$mode") || die "scenario $id: a mode modes.sh does not know"
	offered_mask=-
	[ "$offered" = - ] || offered_mask=$(pcc_modes_mask "$offered") ||
		die "scenario $id: a mode modes.sh does not know"
	machine=pseries,x-vof=on
	case $nested in
	papr) machine+=,cap-nested-papr=on ;;
	hv) machine+=,cap-nested-hv=on ;;
	esac
	[ "$compat" = - ] || machine+=,max-cpu-compat=$compat
	smp=1
	[ "$suite" != stress ] || smp=2	# races need two CPUs
	append="PCC_PARAMS=$params PCC_LOAD=$load PCC_BACKEND=$backend PCC_MASK=$mask"
	append+=" PCC_MODES=$modes PCC_SUITE=$suite PCC_CPU_VERSION=$cpu_version"
	append+=" PCC_OFFERED=$offered_mask PCC_KVM=$kvm_mask PCC_REMOVED=$removed"
	append+=" PCC_KVMHV=$kvmhv PCC_ORACLE=$oracle PCC_CPU=$cpu"
}

# pcc_plans: the plans (tests/lib/tap.sh's and tap.h's "# plan NAME N")
# init.sh and its helpers must report for the scenario pcc_scenario has
# set, one name a line: its blocks in the order they run. The cases a boot
# reports must add up to these plans, which each block declares where its
# checks are written.
pcc_plans() {
	echo boot
	if [ "$load" != OK ]; then
		printf '%s\n' gone:failed-load error-line
		return
	fi
	printf '%s\n' loaded:load layers:load witness
	[ "$oracle" = - ] || echo oracle
	printf '%s\n' load-line contract tool dt-update
	[ "$suite" != stress ] || printf '%s\n' stress hostile race
	printf '%s\n' rescan loaded:rescan layers:rescan bad-rescans \
		loaded:after-failed-rescans unload gone:unload tool-unloaded load-again \
		loaded:load-again unload-again gone:unload-again
}

# pcc_plan_why RESULTS PLANS: why a boot's RESULTS do not match the blocks
# PLANS ("a,b," as pcc_plans lists them), on stdout; nothing when they do:
# its "# plan NAME N" lines name those blocks, in order, and its cases add
# up to their plans.
pcc_plan_why() {
	local got want n why=
	got=$(tr -d '\r' < "$1" 2>/dev/null | sed -n 's/^# plan \([^ ]*\) [0-9]*$/\1/p' | tr '\n' ,)
	[ "$got" = "$2" ] || why="plans ${got:-none}, the scenario's $2"
	want=$(tr -d '\r' < "$1" 2>/dev/null | awk '/^# plan [^ ]+ [0-9]+$/ { n += $4 } END { print n + 0 }')
	n=$(grep -c -E '^(ok|not ok) ' "$1" 2>/dev/null)
	[ "$n" -eq "$want" ] || why=${why:+$why, }"$n cases, its plans add up to $want"
	echo "$why"
}
