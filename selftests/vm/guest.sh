#!/bin/bash
# PID 1 of the test VM after the initramfs switch_root'ed into the host root.
# Reads its job from the kernel command line:
#   nassec_vm.mode=selftest|run   which guest-<mode>.sh to run
#   nassec_vm.repo=DIR            the repository (same path as on the host)
#   nassec_vm.*=...               mode parameters, see the mode scripts
# Results go to /run/nassec-results (the host's writable 9p export). The VM
# powers off at the end whatever happens; the host treats a missing vm-done
# marker as a crash or hang.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TMPDIR=/tmp LC_ALL=C.UTF-8 TERM=dumb
here=$(cd "$(dirname "$0")" && pwd)
results=/run/nassec-results

# Value of nassec_vm.NAME= on the kernel command line (empty when absent).
vm_param() {
	local word
	for word in $(</proc/cmdline); do
		case $word in
		"nassec_vm.$1="*) echo "${word#*=}" ;;
		esac
	done
}

vm_poweroff() {
	sync
	busybox poweroff -f 2>/dev/null
	echo o >/proc/sysrq-trigger
	sleep 60
}

# Loads the modules named in modules.list (dependencies of the tests and the
# daemon) from the host's /lib/modules. Prints "ok/not ok" lines without numbers.
load_dependencies() {
	local m out
	while read -r m _; do
		case $m in '' | '#'*) continue ;; esac
		# shellcheck disable=SC2086 # -d DIR or nothing
		if out=$(modprobe $modprobe_root "$m" 2>&1); then
			echo "ok - modprobe $m"
		else
			echo "not ok - modprobe $m: ${out//$'\n'/ }"
		fi
	done <"$here/modules.list"
}

repo=$(vm_param repo)
mode=$(vm_param mode)
# shellcheck disable=SC2034 # used by the mode scripts
module=$(vm_param module)
module=${module:-$repo/nassec.ko}
# The debug kernel's modules (all built in) are not under the host's /lib/modules.
modprobe_root=
[ -z "$(vm_param modroot)" ] || modprobe_root="-d $(vm_param modroot)"
hostname nassec-vm
ip link set lo up
read -r uptime _ </proc/uptime
echo "mode=$mode uptime=$uptime" >"$results/vm-started"
echo "nassec-vm: guest up after ${uptime}s, mode $mode"

case $mode in
selftest | run)
	# shellcheck source=/dev/null # guest-selftest.sh or guest-run.sh
	. "$here/guest-$mode.sh"
	"guest_$mode"
	;;
*)
	echo "nassec-vm: unknown nassec_vm.mode='$mode'"
	;;
esac

read -r uptime _ </proc/uptime
echo "uptime=$uptime" >"$results/vm-done"
echo "nassec-vm: done after ${uptime}s, powering off"
vm_poweroff
