# SPDX-License-Identifier: GPL-2.0
# scenario.sh: sourced by tests/e2e/run.sh and tests/debug/check-debug.sh.
# pcc_scenario KERNEL ID: read row ID of scenarios.tsv, apply the
# KERNEL:column=value overrides (a -64k flavour follows its base kernel),
# and set what a boot needs:
#   cpu compat nested params load suite backend modes kvmhv removed
#   mask kvm_mask offered_mask cpu_version (from the columns)
#   machine ("pseries,x-vof=on,..."), smp, oracle
#   append: the PCC_* words of the guest's kernel command line
#   cases: how many cases init.sh itself reports for this scenario, the
#     helpers' own cases not counted (they come from their plans: pcc_plans)
# Expected values only ever come from the table: see its header.
# pcc_scenario_oracle is "same" on kernels whose KVM answers too (the
# caller sets PCC_ORACLE_KERNEL=1 there), "-" elsewhere.

# pcc_modes_mask LIST: the PPC_COMPAT_CAP_* mask of power11,power10,...
pcc_modes_mask() {
	local m mask=0
	for m in ${1//,/ }; do
		case $m in
		power9) mask=$((mask | 1 << 62)) ;;
		power10) mask=$((mask | 1 << 61)) ;;
		power11) mask=$((mask | 1 << 60)) ;;
		none | -) ;;
		*) die "unknown mode $m" ;;
		esac
	done
	printf '0x%016x' "$mask"
}

# pcc_mode_pvr MODE: the logical PVR (cpu-version) of a compatibility mode.
pcc_mode_pvr() {
	case $1 in
	power8) echo 0x0f000004 ;;
	power9) echo 0x0f000005 ;;
	power10) echo 0x0f000006 ;;
	power11) echo 0x0f000007 ;;
	*) die "unknown mode $1" ;;
	esac
}

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
	mask=$(pcc_modes_mask "$modes")
	kvm_mask=$(pcc_modes_mask "$kvm")
	offered_mask=-
	[ "$offered" = - ] || offered_mask=$(pcc_modes_mask "$offered")
	cpu_version=$(pcc_mode_pvr "$mode") || exit 1
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
	cases=$(pcc_shell_cases)
}

# pcc_shell_cases: the cases tests/e2e/init.sh reports for the scenario
# pcc_scenario has set, block by block (count them again when init.sh or
# tool_checks.sh changes: a scenario whose count differs fails).
pcc_shell_cases() {
	local n tool
	# The witness and the load.
	n=2
	if [ "$load" != OK ]; then
		echo $((n + 3 + 1))	# check_gone, one error line
		return
	fi
	# tool_checks: --json x2, per source (ioctl, --sysfs) --qemu and --best
	# (2 each, or tool_fails' 4 each without a mode) and --check x3 (2
	# each), the summary, 3 error paths (4 each) and 2 with the device
	# elsewhere (tool_answers' 4 each where KVM answers, else
	# tool_no_answer's 3), the raw PVR's processor. After unload: KVM's
	# answer (tool_answers, --check x3, --qemu, the summary) or 5
	# tool_no_answer.
	local kvm_answers=0 errors unloaded
	[ "$kvmhv" != loads ] || [ "$oracle" = - ] || kvm_answers=1
	if [ "$kvm_answers" = 1 ]; then errors=$((12 + 8)) unloaded=9; else errors=$((12 + 6)) unloaded=15; fi
	if [ "$modes" = none ]; then tool=$((4 + 2 * 14 + 2 + errors + 1)); else tool=$((4 + 2 * 10 + 2 + errors + 1)); fi
	# check_loaded, check_layers, the witness pair, the oracle, rescan's
	# mode, the load line twice, the contract's exit status, tool_checks,
	# check_dt_update.
	n=$((n + 5 + 4 + 2 + 1 + 2 + 1 + tool + 6))
	[ "$oracle" = - ] || n=$((n + 1))
	# check_stress: two exit statuses, the unload, the cycles, the load.
	[ "$suite" != stress ] || n=$((n + 2 + 3))
	# rescan, check_loaded, check_layers, two bad writes, check_loaded,
	# unload, check_gone, tool_checks_unloaded, load again,
	# check_loaded, unload again, check_gone.
	echo $((n + 1 + 5 + 4 + 2 + 5 + 1 + 3 + unloaded + 1 + 5 + 1 + 3))
}

# pcc_plans: the helpers whose plans (tests/lib/tap.h's "# plan NAME N")
# init.sh must report for the scenario pcc_scenario has set.
pcc_plans() {
	[ "$load" = OK ] || return 0
	echo contract
	[ "$suite" != stress ] || echo hostile race
}
