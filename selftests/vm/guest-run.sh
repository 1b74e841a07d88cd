# shellcheck shell=bash disable=SC2154 # results, module: set by guest.sh
# Sourced by guest.sh: nassec_vm.mode=run, the appliance demo of 'make run'.
# Loads the module, then the appliance: nassecd and 1,000 UEs from enbsim
# (selftests/vm/appliance.sh); writes $results/vm-run.status (0 = module
# loaded and every UE's verdict as expected) for scripts/run.sh.

# /proc/crypto entries registered by the nassec module.
show_crypto() {
	awk -v RS= -F '\n' '{
		delete f
		for (i = 1; i <= NF; i++) {
			split($i, kv, / *: /)
			f[kv[1]] = kv[2]
		}
		if (f["module"] == "nassec")
			printf "  %-16s %-24s priority %-5s selftest %s\n",
				f["name"], f["driver"], f["priority"], f["selftest"]
	}' /proc/crypto
}

guest_run() {
	local status=1 out
	echo "== loading dependencies"
	load_dependencies | grep -v '^ok' | sed 's/^/  /'
	echo "== insmod $module"
	if out=$(insmod "$module" 2>&1); then
		echo "== lsmod"
		lsmod | grep -E '^(Module|nassec)\b' | sed 's/^/  /'
		lsmod | grep -q '^nassec ' && status=0
		echo "== crypto algorithms served by nassec (/proc/crypto)"
		show_crypto
		[ -n "$(show_crypto)" ] || echo "  (none registered yet)"
	else
		echo "  failed: $out"
	fi
	if [ "$status" = 0 ]; then
		echo "== the appliance: nassecd + enbsim, selftests/vm/appliance.sh"
		"$repo/selftests/vm/appliance.sh" "$repo" "$(vm_param ues)" "$(vm_param enbs)" 2>&1 |
			sed 's/^/  /'
		[ "${PIPESTATUS[0]}" = 0 ] || status=1
	fi
	echo "== kernel log of nassec"
	dmesg | grep -E '^\[[^]]*\] nassec: ' | sed 's/^/  /'
	echo "$status" >"$results/vm-run.status"
}
