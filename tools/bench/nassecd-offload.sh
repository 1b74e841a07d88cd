#!/usr/bin/env bash
# nassecd-offload.sh [RESULTS_DIR]: NAS security offloaded to nassec.ko
# against done by nassecd itself, side by side in one VM run.
#
# Boots the test VM once (tools/bench/vm/run.sh); tools/bench/vm/nassecd-load.sh
# there runs enbsim's load mode (N UEs over 4 eNBs, 256 in flight, attach +
# detach) against a fresh nassecd with [security] nas_security = kernel, then
# = daemon, kernel, daemon (rounds show the run-to-run spread), and prints
# attaches/s, NAS messages/s, attach p50/p99, nassecd's user and system CPU
# time per attach and the whole system's kernel time per attach, the means
# and the kernel/daemon ratios.
#   NASSEC_BENCH_UES     UEs per run (default 2000)
#   NASSEC_BENCH_ENBS, NASSEC_BENCH_CONC, NASSEC_BENCH_ROUNDS (4, 256, 2)
#   NASSEC_KVM=1         KVM instead of TCG (then the numbers mean something)
#   NASSEC_OFFLOAD_LOOP=1  instead nassecd_test's one-UE-at-a-time loop
#                        (attach latency through both processes),
#                        NASSEC_OFFLOAD_BENCH attaches per mode (default 200)
# Needs 'make'. One VM at a time: run it under the lock other VM runs take.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
results=$(realpath -m "${1:-$top/build/bench-offload}")

if [ "${NASSEC_OFFLOAD_LOOP:-0}" = 1 ]; then
	export NASSEC_OFFLOAD_BENCH=${NASSEC_OFFLOAD_BENCH:-200}
	# nassecd_test's own limit is 600 s; an attach+detach under TCG takes
	# well under a second, so scale the limit for long runs.
	export NASSEC_TIMEOUT_SCALE=${NASSEC_TIMEOUT_SCALE:-$((NASSEC_OFFLOAD_BENCH / 250 + 1))}
	for bin in selftests/nassecd_test bin/nassecd; do
		[ -x "$top/build/$bin" ] || { echo "build/$bin not built: run make" >&2; exit 1; }
	done
	echo "offload bench (one UE at a time): $NASSEC_OFFLOAD_BENCH attaches per mode, results in $results"
	NASSEC_VM_TESTS=nassecd_test "$top/selftests/vm/run-selftests.sh" "$results" >"$results.log" 2>&1
	rc=$?
	tap=$results/vm-nassecd_test.tap
	grep '^# ' "$tap" 2>/dev/null | sed 's/^# //'
	grep '^not ok' "$tap" "$results/vm-kernel-log.tap" 2>/dev/null >&2
	[ "$rc" = 0 ] || { echo "the VM run failed (status $rc): see $results.log" >&2; exit 1; }
	exit 0
fi

ues=${NASSEC_BENCH_UES:-2000}
rounds=${NASSEC_BENCH_ROUNDS:-2}
# Generous under TCG: 50 attaches/s at worst, per run, plus the boot and import.
limit=$((180 + rounds * 2 * (ues / 50 + 10)))
echo "offload bench (enbsim load): $ues UEs per run, $rounds rounds, results in $results"
exec "$top/tools/bench/vm/run.sh" nassecd-load.sh "$results" "$limit"
