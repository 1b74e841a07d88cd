#!/usr/bin/env bash
# run.sh PROGRAM RESULTS_DIR LIMIT: host side of the nassecd benchmarks.
# Boots the test VM once, loads nassec.ko and runs tools/bench/vm/PROGRAM
# (at most LIMIT seconds) with the benchmark knobs in its environment; the
# files it writes ($NASSEC_BENCH_OUT) land in RESULTS_DIR/vm. Prints its
# '#' lines and failures; exit status 0 only if it and the guest's kernel
# log check passed.
#   NASSEC_BENCH_UES, NASSEC_BENCH_ENBS, NASSEC_BENCH_CONC, NASSEC_BENCH_ROUNDS,
#   NASSEC_SCALE_UES       passed to the program
#   NASSEC_KVM=1           KVM instead of TCG; NASSEC_VM_MEM guest memory
# One VM at a time: run it under the lock other VM runs take.
set -uo pipefail
[ $# -eq 3 ] || { echo "usage: $0 PROGRAM RESULTS_DIR LIMIT" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/vm/vm-lib.sh
. "$here/../../../selftests/vm/vm-lib.sh"
prog=$1 results=$(realpath -m "$2") limit=$3
share=$results/vm
[ -x "$here/$prog" ] || { echo "$here/$prog: no such program" >&2; exit 2; }
for bin in nassecd nassec enbsim; do
	[ -x "$vm_build/bin/$bin" ] || { echo "$vm_build/bin/$bin not built: run make" >&2; exit 1; }
done
kver=$(vm_kver)
vm_preflight "$kver" || exit 1
rm -rf "$share" && mkdir -p "$share"
echo "$prog $limit" >"$share/tests.list"
guest_env=NASSEC_KVM=${NASSEC_KVM:-0},NASSEC_BENCH_OUT=/run/nassec-results,NASSEC_BIN=$vm_build/bin
for var in NASSEC_BENCH_UES NASSEC_BENCH_ENBS NASSEC_BENCH_CONC NASSEC_BENCH_ROUNDS NASSEC_SCALE_UES; do
	[ -z "${!var:-}" ] || guest_env+=",$var=${!var}"
done
export NASSEC_VM_TIMEOUT=$((limit + 180))
accel=TCG
[ "${NASSEC_KVM:-0}" = 1 ] && accel=KVM
echo "vm: booting $kver ($accel, ${NASSEC_VM_MEM:-3G}) for $prog, limit ${limit}s, console log $results/vm-console.log"
started=$(date +%s)
vm_boot "$kver" "$share" "file:$results/vm-console.log" \
	nassec_vm.mode=selftest "nassec_vm.bindir=$here" "nassec_vm.timeout=$limit" \
	"nassec_vm.vectors=$vm_top" "nassec_vm.keep=$here,$vm_build" "nassec_vm.env=$guest_env" \
	</dev/null 2>"$results/vm-qemu.log"
echo "vm: ${prog} done, whole VM run $(($(date +%s) - started))s"

tap=$share/vm-$prog.tap
grep '^# ' "$tap" 2>/dev/null | sed 's/^# //'
grep -h '^not ok' "$tap" "$share/vm-kernel-log.tap" 2>/dev/null >&2
[ ! -s "$share/vm-$prog.log" ] || tail -n 20 "$share/vm-$prog.log" | sed 's/^/stderr: /' >&2
rc=$(cat "$share/vm-$prog.exit" 2>/dev/null)
[ "$rc" = 0 ] || { echo "$prog did not finish cleanly (status ${rc:-none}): see $results" >&2; exit 1; }
! grep -q '^not ok' "$tap" "$share/vm-kernel-log.tap" 2>/dev/null
