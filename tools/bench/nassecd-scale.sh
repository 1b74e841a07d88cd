#!/usr/bin/env bash
# nassecd-scale.sh [RESULTS_DIR]: N registered idle UEs in one nassecd, and
# what they cost in memory: the daemon's and the kernel's, per UE.
#
# Boots the test VM once (tools/bench/vm/run.sh); tools/bench/vm/nassecd-scale.sh
# there imports N subscribers into nassecd (nas_security = kernel), reads the
# memory, attaches the N UEs with enbsim --idle (each released to ECM-IDLE
# after its attach, EMM-REGISTERED with its context in nassec.ko), reads the
# memory again in the same live system and prints before, after, delta and
# per UE: nassecd's VmRSS / RssAnon / heap, the kernel's nassec_ctx slabs,
# Slab, SUnreclaim, VmallocUsed, MemAvailable. Then checks all N are
# registered and idle (mme show, the kernel's context count, ue list).
#   NASSEC_SCALE_UES   N (default 100000; 1000000 works, given the time: the
#                      attach rate under TCG is printed)
#   NASSEC_BENCH_ENBS, NASSEC_BENCH_CONC   eNBs and UEs in flight (4, 256)
#   NASSEC_VM_MEM      guest memory (default 3G, 6G above 300000 UEs)
#   NASSEC_KVM=1       KVM instead of TCG
# Needs 'make'. One VM at a time: run it under the lock other VM runs take.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
results=$(realpath -m "${1:-$top/build/bench-scale}")
export NASSEC_SCALE_UES=${NASSEC_SCALE_UES:-100000}
if [ -z "${NASSEC_VM_MEM:-}" ]; then
	NASSEC_VM_MEM=3G
	[ "$NASSEC_SCALE_UES" -le 300000 ] || NASSEC_VM_MEM=6G
	export NASSEC_VM_MEM
fi
# Generous under TCG: the import, then 40 attaches/s at worst.
limit=$((300 + NASSEC_SCALE_UES / 40))
echo "scale bench: $NASSEC_SCALE_UES registered idle UEs, results in $results"
exec "$top/tools/bench/vm/run.sh" nassecd-scale.sh "$results" "$limit"
