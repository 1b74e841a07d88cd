#!/usr/bin/env bash
# bench-vm.sh [RESULTS_DIR]: boots the test VM, loads nassec.ko and runs
# tools/bench's inline_bench (inline vs netlink vs userspace ipsec-mb) in it;
# prints its table. The guest's kernel log is checked as for the selftests.
#   NASSEC_BENCH_MSGS  messages per mode (default: inline_bench's, 100000)
#   NASSEC_KVM=1       KVM instead of TCG (then the numbers mean something)
# Needs 'make' and 'make -C tools/bench -f inline.mk' (make bench-vm does both).
set -uo pipefail
# shellcheck source=selftests/vm/vm-lib.sh
. "$(dirname "$0")/vm-lib.sh"
results=$(realpath -m "${1:-$vm_build/bench-vm}")
share=$results/vm
bin=$vm_build/bench/inline_bench
[ -x "$bin" ] || { echo "$bin not built: make -C tools/bench -f inline.mk" >&2; exit 1; }
kver=$(vm_kver)
vm_preflight "$kver" || exit 1
rm -rf "$share" && mkdir -p "$share"

# The selftest mode runs the programs listed in tests.list from bindir.
echo inline_bench >"$share/tests.list"
guest_env=NASSEC_KVM=${NASSEC_KVM:-0}
[ -z "${NASSEC_BENCH_MSGS:-}" ] || guest_env+=",NASSEC_BENCH_MSGS=$NASSEC_BENCH_MSGS"
echo "vm: booting $kver for inline_bench, console log $results/vm-console.log"
vm_boot "$kver" "$share" "file:$results/vm-console.log" \
	nassec_vm.mode=selftest "nassec_vm.bindir=$(dirname "$bin")" \
	"nassec_vm.timeout=${NASSEC_TEST_TIMEOUT:-600}" "nassec_vm.vectors=$vm_top" \
	"nassec_vm.keep=$(dirname "$bin")" "nassec_vm.env=$guest_env" \
	</dev/null 2>"$results/vm-qemu.log"

cat "$share/vm-inline_bench.tap" 2>/dev/null
[ ! -s "$share/vm-inline_bench.log" ] || sed 's/^/stderr: /' "$share/vm-inline_bench.log" >&2
grep -h '^not ok' "$share/vm-kernel-log.tap" 2>/dev/null >&2
rc=$(cat "$share/vm-inline_bench.exit" 2>/dev/null)
[ "$rc" = 0 ] || { echo "inline_bench did not finish cleanly (status ${rc:-none})" >&2; exit 1; }
! grep -q '^not ok' "$share/vm-kernel-log.tap" 2>/dev/null
