#!/usr/bin/env bash
# nassecd-offload.sh [RESULTS_DIR]: NAS security offloaded to nassec.ko
# against done by nassecd itself, side by side in one VM run.
#
# Boots the test VM once; nassecd_test's eNB+UE (independent crypto) runs
# N attach+detach cycles (EIA2/EEA2) against nassecd with
# [security] nas_security = kernel, restarts it with nas_security = daemon
# and runs the same N again; prints attaches/s, NAS messages/s and the
# daemon's CPU time per attach for both, and the ratios.
#   NASSEC_OFFLOAD_BENCH  attaches per mode (default 200)
#   NASSEC_KVM=1          KVM instead of TCG (then the numbers mean something)
# The load is one UE at a time (attach latency through both processes);
# tools/enbsim's load mode (many UEs in flight over several eNBs) is the
# throughput measure: once it exists, run it here once per mode in place of
# nassecd_test's loop (the daemon-side switch is the same config key).
# Needs 'make'. One VM at a time: run it under the lock other VM runs take.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
results=$(realpath -m "${1:-$top/build/bench-offload}")
export NASSEC_OFFLOAD_BENCH=${NASSEC_OFFLOAD_BENCH:-200}
# nassecd_test's own limit is 600 s; an attach+detach under TCG takes well
# under a second, so scale the limit for long runs.
export NASSEC_TIMEOUT_SCALE=${NASSEC_TIMEOUT_SCALE:-$((NASSEC_OFFLOAD_BENCH / 250 + 1))}
for bin in selftests/nassecd_test bin/nassecd; do
	[ -x "$top/build/$bin" ] || { echo "build/$bin not built: run make" >&2; exit 1; }
done
echo "offload bench: $NASSEC_OFFLOAD_BENCH attaches per mode, results in $results"
NASSEC_VM_TESTS=nassecd_test "$top/selftests/vm/run-selftests.sh" "$results" >"$results.log" 2>&1
rc=$?
tap=$results/vm-nassecd_test.tap
grep '^# ' "$tap" 2>/dev/null | sed 's/^# //'
grep '^not ok' "$tap" "$results/vm-kernel-log.tap" 2>/dev/null >&2
[ "$rc" = 0 ] || { echo "the VM run failed (status $rc): see $results.log" >&2; exit 1; }
