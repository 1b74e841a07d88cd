#!/usr/bin/env bash
# make run: boots the appliance VM (selftests/vm, nassec_vm.mode=run), loads
# the built nassec.ko, starts nassecd and attaches UEs with enbsim
# (selftests/vm/appliance.sh), then powers off. Output goes to the terminal
# (and build/vm/run-console.log). Exit 0 when the module loaded and every UE
# ended as its scenario expects. NASSEC_KVM=1 uses KVM; NASSEC_VM_TIMEOUT
# limits the run (seconds); NASSEC_RUN_UES / NASSEC_RUN_ENBS (1000 / 4).
set -uo pipefail
# shellcheck source=selftests/vm/vm-lib.sh
. "$(dirname "$0")/../selftests/vm/vm-lib.sh"
share=$vm_build/vm/run
log=$vm_build/vm/run-console.log

kver=$(vm_kver)
vm_preflight "$kver" || exit 1
rm -rf "$share"
mkdir -p "$share"
# quiet: the terminal shows the guest's report, not the whole boot log.
vm_boot "$kver" "$share" "stdio:$log" quiet nassec_vm.mode=run \
	"nassec_vm.ues=${NASSEC_RUN_UES:-1000}" "nassec_vm.enbs=${NASSEC_RUN_ENBS:-4}"
qemu_status=$?
status=$(cat "$share/vm-run.status" 2>/dev/null)
if [ "$status" = 0 ] && [ -f "$share/vm-done" ]; then
	exit 0
fi
if [ "$qemu_status" = 124 ]; then
	echo "run: guest killed after ${NASSEC_VM_TIMEOUT:-600}s; console log in $log" >&2
else
	echo "run: the module did not come up in the guest; console log in $log" >&2
fi
exit 1
