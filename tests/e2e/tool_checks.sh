# SPDX-License-Identifier: GPL-2.0
# tool_checks.sh: checks of the ppc-compat-caps command in the e2e guest.
# Sourced by init.sh (busybox sh), which defines PCC_MASK (0x and 16 hex
# digits), PCC_MODES ("power10,power9" or "none"), PCC_BACKEND, SYS, DEV
# and expect DESCRIPTION WANTED GOT (a TAP line on fd 3).
#
#   tool_checks            with the module loaded: --json, --sysfs --json,
#                          --qemu, --best, --check, the summary, and the
#                          error paths of a missing or wrong device
#   tool_checks_unloaded   after pcc_client unload: where this kernel's KVM
#                          answers (Linux 7.3, kvm-hv loaded) every mode of
#                          the command answers from it; elsewhere each says
#                          why neither the module nor KVM answers (exit 3)
#
# Expected values come from the scenario (PCC_*) and the rules written in
# ppc-compat-caps(1), never from the command's own output. The raw PVR's
# processor is the scenario's CPU (PCC_CPU; empty: /proc/cpuinfo has no
# pvr field); only its revision, QEMU's choice, is read from cpuinfo. What
# KVM_PPC_GET_COMPAT_CAPS does follows PCC_ORACLE (same: KVM answers as the
# module; -: this kernel's KVM has no such ioctl) and PCC_KVMHV (kvm-hv
# loads or refuses; unset: not loaded).

PCC_TOOL=${PCC_TOOL:-/bin/ppc-compat-caps}
. "${PCC_MODES_SH:-/modes.sh}"	# the modes: tests/lib/modes.sh
PCC_CPUINFO=${PCC_CPUINFO:-/proc/cpuinfo}

# tool_run ARGS...: run the command; t_out, t_err, t_rc, t_errlines.
tool_run() {
	mkdir -p "${TMPDIR:-/tmp}"
	t_out=$("$PCC_TOOL" "$@" 2>"${TMPDIR:-/tmp}/tool.err")
	t_rc=$?
	t_err=$(cat "${TMPDIR:-/tmp}/tool.err")
	t_errlines=$(grep -c '' "${TMPDIR:-/tmp}/tool.err")
}

# kvm_why: why KVM_PPC_GET_COMPAT_CAPS gives no answer in this scenario,
# in the command's words; empty where it answers.
kvm_why() {
	if [ "${PCC_KVMHV:-}" != loads ]; then
		echo "kvm-hv is not loaded: modprobe kvm-hv (dmesg says why if it refuses)"
	elif [ "${PCC_ORACLE:--}" = - ]; then
		echo "this kernel's KVM does not have it (Linux 7.3 and later do)"
	fi
}

# tool_no_answer DESCRIPTION MODULE-WHY ARGS...: neither the module nor KVM
# answers: exit 3, nothing on stdout, one line for each on stderr.
tool_no_answer() {
	_d=$1 _mw=$2
	shift 2
	tool_run "$@"
	expect "tool: $_d: exit 3" 3 "$t_rc"
	expect "tool: $_d: nothing on stdout" "" "$t_out"
	expect "tool: $_d: why the module and KVM give no answer" \
		"ppc-compat-caps: no answer from the ppc_compat_caps module: $_mw
ppc-compat-caps: no answer from KVM_PPC_GET_COMPAT_CAPS: $(kvm_why)" "$t_err"
}

# tool_fails DESCRIPTION RC STDERR-WORD ARGS...: the command fails with
# exit RC, one line on stderr that contains STDERR-WORD, nothing on stdout.
tool_fails() {
	_d=$1 _rc=$2 _word=$3
	shift 3
	tool_run "$@"
	expect "tool: $_d: exit $_rc" "$_rc" "$t_rc"
	expect "tool: $_d: nothing on stdout" "" "$t_out"
	expect "tool: $_d: one line on stderr" 1 "$t_errlines"
	case $t_err in
	*"$_word"*) expect "tool: $_d: stderr says $_word" "$_word" "$_word" ;;
	*) expect "tool: $_d: stderr says $_word" "$_word" "$t_err" ;;
	esac
}

tool_checks() {
	_names=$(echo "$PCC_MODES" | tr , ' ')
	_best=${PCC_MODES%%,*}
	# The raw PVR's processor, --json x2 (2 each), the summary (2), three
	# error paths (4 each); per source (ioctl, --sysfs) --qemu and --best
	# (2 each, or tool_fails' 4 without a mode) and --check x3 (2 each);
	# the device elsewhere, twice (tool_answers' 4, or tool_no_answer's 3).
	_n=$((1 + 4 + 2 + 12))
	if [ "$_best" = none ]; then _n=$((_n + 2 * 14)); else _n=$((_n + 2 * 10)); fi
	if [ -n "$(kvm_why)" ]; then _n=$((_n + 2 * 3)); else _n=$((_n + 2 * 4)); fi
	tap_plan tool "$_n"
	_raw=${PCC_CPU:-}
	_family=
	[ -z "$_raw" ] || _family=$(pcc_mode_family "$_raw")
	_pvr=$(sed -n 's/.*(pvr \([0-9a-f]\{4\}\) \([0-9a-f]\{4\}\)).*/\1\2/p' \
		"$PCC_CPUINFO" | head -n1)
	expect "tool: cpuinfo's raw PVR is the scenario's ${_raw:-(no pvr field)}" \
		"$_family" "$(echo "$_pvr" | cut -c1-4)"
	_modes=
	_bestjson=null
	if [ "$_best" != none ]; then
		_bestjson="\"$_best\""
		for _m in $_names; do
			_modes="${_modes:+$_modes, }\"$_m\""
		done
	fi
	_pvrjson=null
	[ -z "$_pvr" ] || _pvrjson="\"0x$_pvr\""
	_json="{\"backend\": \"$PCC_BACKEND\", \"modes\": [$_modes], \"mask\": \"$PCC_MASK\", \"best\": $_bestjson, \"raw_pvr\": $_pvrjson"
	# The layers, where the scenario names them (the guest); the host's
	# fragments have a sysfs without them.
	_hv=null _kvm=null _cv=null _rm=null _loaded=false
	[ -z "${PCC_OFFERED:-}" ] || [ "$PCC_OFFERED" = - ] || _hv="\"$PCC_OFFERED\""
	[ -z "${PCC_KVM:-}" ] || _kvm="\"$PCC_KVM\""
	[ -z "${PCC_CPU_VERSION:-}" ] || _cv="\"$PCC_CPU_VERSION\""
	[ "${PCC_KVMHV:-}" != loads ] || _loaded=true
	if [ -n "${PCC_REMOVED:-}" ]; then
		_rm=
		for _t in $(echo "$PCC_REMOVED" | tr , ' '); do
			[ "$_t" != none ] || continue
			_rm="${_rm:+$_rm, }{\"mode\": \"${_t%%:*}\", \"reason\": \"${_t#*:}\"}"
		done
		_rm="[$_rm]"
	fi
	_kvmans=null
	[ -n "$(kvm_why)" ] || _kvmans="\"$PCC_MASK\""
	_layers="\"hypervisor_mask\": $_hv, \"kvm_mask\": $_kvm, \"cpu_version\": $_cv, \"kvm_hv_loaded\": $_loaded, \"removed\": $_rm, \"source\": \"module\", \"kvm_answer\": $_kvmans}"

	tool_run --json
	expect "tool: --json (ioctl)" "$_json, \"size\": 24, $_layers" "$t_out"
	expect "tool: --json exit 0" 0 "$t_rc"
	tool_run --sysfs --json
	expect "tool: --sysfs --json" "$_json, \"size\": null, $_layers" "$t_out"
	expect "tool: --sysfs --json exit 0" 0 "$t_rc"

	for _src in "" --sysfs; do
		_s=${_src:+ $_src}
		if [ "$_best" != none ]; then
			tool_run --qemu $_src
			expect "tool: --qemu$_s" "max-cpu-compat=$_best" "$t_out"
			expect "tool: --qemu$_s exit 0" 0 "$t_rc"
			tool_run --best $_src
			expect "tool: --best$_s" "$_best" "$t_out"
			expect "tool: --best$_s exit 0" 0 "$t_rc"
		else
			tool_fails "--qemu$_s, no mode" 6 "no compatibility mode" \
				--qemu $_src
			tool_fails "--best$_s, no mode" 6 "no compatibility mode" \
				--best $_src
		fi
		for _m in $PCC_MODES_ALL; do
			case " $_names " in
			*" $_m "*) _want=0 ;;
			*) _want=1 ;;
			esac
			tool_run --check $_m $_src
			expect "tool: --check $_m$_s exit" "$_want" "$t_rc"
			expect "tool: --check $_m$_s is silent" "" "$t_out$t_err"
		done
	done

	# The summary for a person, line by line as ppc-compat-caps(1) says.
	if [ -n "$(kvm_why)" ]; then
		_want="source:  the ppc_compat_caps module; no check by KVM_PPC_GET_COMPAT_CAPS: $(kvm_why)"
	else
		_want="source:  the ppc_compat_caps module; KVM_PPC_GET_COMPAT_CAPS agrees"
	fi
	_want="$_want
backend: $PCC_BACKEND
modes:   $_names
best:    $_best"
	[ -z "${PCC_KVM:-}" ] || _want="$_want
$(layer_lines)"
	if [ -n "$_raw" ] && [ "$_raw" != "$_best" ]; then
		_line="raw PVR: 0x$_pvr would suggest $_raw, "
		case " $_names " in
		*" $_raw "*) _line="${_line}older than the best mode $_best" ;;
		*) _line="${_line}a mode this host cannot give a nested guest"
		   [ "$_best" = none ] ||
			_line="$_line; use -M pseries,max-cpu-compat=$_best" ;;
		esac
		_want="$_want
$_line"
	fi
	tool_run
	expect "tool: summary" "$_want" "$t_out"
	expect "tool: summary exit 0" 0 "$t_rc"
	echo "$t_out" | sed 's/^/# ppc-compat-caps: /' >&3

	# Error paths with the module loaded. A device elsewhere: the module
	# says so, and KVM answers where it can.
	_lost=${PCC_LOST_WHY:-"it is loaded, but its device is missing (udev has not made it, or another path was given)"}
	if [ -n "$(kvm_why)" ]; then
		tool_no_answer "device missing" "$_lost" --best --device /dev/ppc_compat_caps_missing
		tool_no_answer "sysfs directory missing" "$_lost" \
			--best --sysfs --sysfs-dir /sys/class/misc/ppc_compat_caps_missing
	else
		tool_answers "device missing, KVM's answer" --device /dev/ppc_compat_caps_missing
		tool_answers "sysfs directory missing, KVM's answer" \
			--sysfs --sysfs-dir /sys/class/misc/ppc_compat_caps_missing
	fi
	tool_fails "a device without the ioctl" 5 ENOTTY --json --device /dev/null
	tool_fails "--check power8" 2 "unknown mode" --check power8
	tool_fails "--json --qemu" 2 "cannot be combined" --json --qemu
}

# The summary's layer lines (offered:, kvm:, mode:, kvm-hv:, removed:) for
# the scenario, in the words of ppc-compat-caps(1).
layer_lines() {
	if [ "$PCC_OFFERED" != - ]; then
		echo "offered: $(pcc_mask_names "$PCC_OFFERED") (the hypervisor, $PCC_OFFERED)"
	fi
	echo "kvm:     $(pcc_mask_names "$PCC_KVM") (what this kernel's KVM can use, $PCC_KVM)"
	_m=$(pcc_pvr_mode "$PCC_CPU_VERSION")
	echo "mode:    $_m (cpu-version $PCC_CPU_VERSION)"
	if [ "$PCC_KVMHV" = loads ]; then
		echo "kvm-hv:  loaded"
	else
		echo "kvm-hv:  not loaded (nested guests need it: modprobe kvm-hv; dmesg says why it refuses)"
	fi
	for _t in $(echo "$PCC_REMOVED" | tr , ' '); do
		case ${_t#*:} in
		none) continue ;;
		partition) _w="the partition runs in an older compatibility mode; a newer one (on PowerVM, the LPAR's processor compatibility mode) brings it back" ;;
		hypervisor) _w="the hypervisor does not offer it to nested guests; only the hypervisor's side brings it back" ;;
		no-nested-v2) _w="this kernel's kvm-hv has no nested API v2, the only one the hypervisor offers; a kernel whose KVM speaks it (Debian's 6.12 does) brings it back" ;;
		hash-mmu) _w="kvm-hv nests guests only under the radix MMU; booting without disable_radix brings it back" ;;
		kvm-mode) _w="this kernel's KVM cannot give a nested guest this mode; a kernel whose KVM knows it (for power11: CPU_FTR_P11_PVR) brings it back" ;;
		*) _w="? ${_t#*:}" ;;
		esac
		echo "removed: ${_t%%:*}: $_w"
	done
}

# tool_answers DESCRIPTION ARGS...: KVM answers where the module does not:
# --best (or --qemu's "no mode"), exit 0 or 6, the scenario's mode.
tool_answers() {
	_d=$1
	shift
	tool_run --best "$@"
	if [ "${PCC_MODES%%,*}" = none ]; then
		expect "tool: $_d: --best, no mode: exit 6" 6 "$t_rc"
	else
		expect "tool: $_d: --best, exit 0" 0 "$t_rc"
	fi
	expect "tool: $_d: --best" "$(echo "${PCC_MODES%%,*}" | sed 's/^none$//')" "$t_out"
	tool_run --json "$@"
	case $t_out in
	*"\"mask\": \"$PCC_MASK\""*"\"source\": \"kvm\", \"kvm_answer\": \"$PCC_MASK\"}") _got=kvm ;;
	*) _got=$t_out ;;
	esac
	expect "tool: $_d: --json, KVM's answer (source kvm)" kvm "$_got"
	expect "tool: $_d: --json exit 0" 0 "$t_rc"
}

# After unload: KVM's answer where it has one, else each source's reason.
# The initramfs has no /lib/modules: for the module, "not installed".
# (PCC_LOST_WHY and PCC_UNLOADED_WHY: the module's reason where the host's
# fragments run, which is no LPAR.)
tool_checks_unloaded() {
	_mw=${PCC_UNLOADED_WHY:-"it is not installed for kernel $(uname -r): install ppc-compat-caps-dkms"}
	if [ -n "$(kvm_why)" ]; then
		tap_plan tool-unloaded 15	# 5 tool_no_answer, 3 each
		tool_no_answer "not loaded" "$_mw"
		tool_no_answer "not loaded, --json" "$_mw" --json
		tool_no_answer "not loaded, --qemu" "$_mw" --qemu
		tool_no_answer "not loaded, --check power9" "$_mw" --check power9
		tool_no_answer "not loaded, --sysfs" "$_mw" --sysfs
		return
	fi
	tap_plan tool-unloaded 9	# tool_answers, --check x3, --qemu, the summary
	tool_answers "not loaded"
	for _m in $PCC_MODES_ALL; do
		case ",$PCC_MODES," in
		*",$_m,"*) _want=0 ;;
		*) _want=1 ;;
		esac
		tool_run --check $_m
		expect "tool: not loaded, --check $_m from KVM: exit" "$_want" "$t_rc"
	done
	tool_run --qemu
	expect "tool: not loaded, --qemu from KVM" \
		"$(echo "${PCC_MODES%%,*}" | sed 's/^none$//; s/^./max-cpu-compat=&/')" "$t_out"
	tool_run
	expect "tool: not loaded, the summary's source" \
		"source:  KVM (KVM_PPC_GET_COMPAT_CAPS); the ppc_compat_caps module, not loaded, would say why modes are missing" \
		"$(echo "$t_out" | head -n1)"
}
