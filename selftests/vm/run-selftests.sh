#!/usr/bin/env bash
# run-selftests.sh RESULTS_DIR: boots the test VM, loads the built nassec.ko,
# runs every kselftest program (build/selftests/<name> for each
# selftests/<name>.c or <name>.sh, alphabetical; NASSEC_VM_TESTS="a b" picks some), checks
# the guest kernel log and the module unload, and writes RESULTS_DIR/vm-*.tap.
# Anything the guest did not report completely (crash, hang, timeout, program
# not built) is written as a failed test. Exit status 1 on any failure.
#   A source with a line "nassec-kernels: stock" is left out of a whole-suite
#   run on the debug kernel (NASSEC_VM_TESTS still picks it there).
#   NASSEC_TEST_TIMEOUT  per-program limit in seconds (default 120); a program
#                        whose source has a line "nassec-timeout: N" (in a
#                        comment) gets N seconds if that is more
#   NASSEC_VM_TIMEOUT    limit for the whole VM run (default 600), see vm-lib.sh
#   NASSEC_KVM, NASSEC_SCALE_MSGS, NASSEC_SCALE_CONTEXTS, NASSEC_SCALE_UES,
#   NASSEC_SCALE_SOCKETS, NASSEC_BENCH_MSGS, NASSEC_ENBSIM_UES,
#   NASSEC_ENBSIM_BIG_UES    passed to the programs
#   NASSEC_FUZZ_SEED, NASSEC_FUZZ_SECONDS  passed to the programs; a program
#                        that reads NASSEC_FUZZ_SECONDS (kfuzz_test) gets that
#                        many seconds more, and so does the VM
# Needs nassec.ko and the selftests built ('make').
set -uo pipefail
# The whole suite, the million-message and million-context runs included.
: "${NASSEC_VM_TIMEOUT:=$((1500 + ${NASSEC_FUZZ_SECONDS:-0}))}"
export NASSEC_VM_TIMEOUT
[ $# -eq 1 ] || { echo "usage: $0 RESULTS_DIR" >&2; exit 2; }
# shellcheck source=selftests/vm/vm-lib.sh
. "$(dirname "$0")/vm-lib.sh"
results=$(realpath -m "$1")
share=$results/vm
console=$results/vm-console.log
bindir=$vm_build/selftests
test_timeout=${NASSEC_TEST_TIMEOUT:-120}
timeout_scale=${NASSEC_TIMEOUT_SCALE:-1}
if [ "${NASSEC_VM_KERNEL:-stock}" = debug ]; then
	timeout_scale=${NASSEC_TIMEOUT_SCALE:-4}
	NASSEC_VM_TIMEOUT=${NASSEC_DEBUG_VM_TIMEOUT:-$((3000 + ${NASSEC_FUZZ_SECONDS:-0}))}
fi
mkdir -p "$results"
rm -rf "$share" "$results"/vm-*.tap "$results"/vm-*.log
mkdir -p "$share"

# tap_fail FILE DESCRIPTION [DIAGNOSTICS]: a one-test TAP file that failed.
tap_fail() {
	{
		echo "not ok 1 - $2"
		[ -z "${3:-}" ] || sed 's/^/# /' <<<"$3"
		echo "1..1"
	} >"$1"
}

# tap_complete FILE: it has a plan and as many results as the plan announces.
tap_complete() {
	local plan count
	plan=$(grep -m1 -E '^1\.\.[0-9]+' "$1" 2>/dev/null) || return 1
	plan=${plan#1..}
	plan=${plan%%[!0-9]*}
	count=$(grep -cE '^(not )?ok ' "$1")
	[ "$plan" -eq "$count" ]
}

# program_timeout NAME: its limit, the default or its source's "nassec-timeout: N",
# times NASSEC_TIMEOUT_SCALE (the debug kernel runs several times slower).
program_timeout() {
	local src own limit=$test_timeout
	for src in "$vm_top/selftests/$1.c" "$vm_top/selftests/$1.sh"; do
		[ -f "$src" ] || continue
		own=$(grep -m1 -oE 'nassec-timeout: *[0-9]+' "$src" | grep -oE '[0-9]+$')
		# A fuzzer told to run longer: its limit grows as much.
		[ -n "$own" ] && [ -n "${NASSEC_FUZZ_SECONDS:-}" ] &&
			grep -q NASSEC_FUZZ_SECONDS "$src" && own=$((own + NASSEC_FUZZ_SECONDS))
		[ -n "$own" ] && [ "$own" -gt "$limit" ] && limit=$own
	done
	echo $((limit * timeout_scale))
}

# collect_program NAME: RESULTS_DIR/vm-NAME.tap from what the guest left.
collect_program() {
	local name=$1 in=$share/vm-$1.tap out=$results/vm-$1.tap rc='' reason='' count
	[ -f "$share/vm-$name.exit" ] && rc=$(<"$share/vm-$name.exit")
	if [ ! -f "$in" ]; then
		reason="not run: the guest crashed or hung before it"
	elif [ -z "$rc" ]; then
		reason="did not finish: the guest crashed or hung"
	elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		reason="killed after the $(program_timeout "$name")s limit"
	elif ! tap_complete "$in"; then
		reason="exited with status $rc without a complete TAP report"
	elif [ "$rc" != 0 ] && [ "$rc" != 4 ] && ! grep -q '^not ok ' "$in"; then
		reason="exited with status $rc"	# 4 is KSFT_SKIP
	fi
	if [ -z "$reason" ]; then
		cp "$in" "$out"
		return
	fi
	# Keep the results it did print, add the failure, plan at the end.
	count=$(grep -cE '^(not )?ok ' "$in" 2>/dev/null)
	{
		grep -vE '^1\.\.[0-9]+' "$in" 2>/dev/null
		echo "not ok $((count + 1)) - $name $reason"
		[ ! -s "$share/vm-$name.log" ] || tail -n 20 "$share/vm-$name.log" | sed 's/^/# /'
		echo "1..$((count + 1))"
	} >"$out"
}

# One line per TAP file, in run order; sets 'failed'.
summarize() {
	local name f pass fail
	failed=0
	for name in boot setup "${programs[@]}" kernel-log; do
		f=$results/vm-$name.tap
		[ -f "$f" ] || continue
		pass=$(grep -cE '^ok ' "$f")
		fail=$(grep -cE '^not ok ' "$f")
		printf 'vm-%-24s %3d passed, %d failed\n' "$name:" "$pass" "$fail"
		grep -E '^not ok ' "$f" | sed 's/^/    /'
		[ "$fail" -eq 0 ] || failed=1
	done
}

# Lines of the serial console that show a kernel bug (for a guest that could
# not check its own log).
console_trouble() {
	grep -aE '\b(BUG|WARNING)\b|Oops|KASAN|general protection|Call Trace|Kernel panic|lockdep|soft lockup' \
		"$console" 2>/dev/null | head -n 40 | tr -d '\r'
}

# Which programs: all sources, alphabetical, unless NASSEC_VM_TESTS names some.
if [ -n "${NASSEC_VM_TESTS:-}" ]; then
	read -ra programs <<<"${NASSEC_VM_TESTS//,/ }"
else
	programs=()
	for src in "$vm_top"/selftests/*.c "$vm_top"/selftests/*.sh; do
		[ -f "$src" ] && src=$(basename "$src") && programs+=("${src%.*}")
	done
	mapfile -t programs < <(printf '%s\n' "${programs[@]}" | sort)
fi
runnable=()
for name in "${programs[@]}"; do
	# "nassec-kernels: stock" in a source: its kernel paths are the ones other
	# programs drive on the debug kernel, so it runs on Debian's kernel only.
	if [ "${NASSEC_VM_KERNEL:-stock}" = debug ] && [ -z "${NASSEC_VM_TESTS:-}" ] &&
		grep -qs 'nassec-kernels: *stock' "$vm_top/selftests/$name".{c,sh}; then
		printf 'ok 1 - %s # SKIP runs on Debian%ss kernel only\n1..1\n' "$name" "'" \
			>"$results/vm-$name.tap"
		continue
	fi
	if [ -x "$bindir/$name" ]; then
		runnable+=("$name")
	else
		tap_fail "$results/vm-$name.tap" "$name is not built ($bindir/$name missing: run 'make')"
	fi
done

# Not in $(...): vm_use_kernel sets the image and module for the rest.
if ! vm_use_kernel 2>"$results/vm-kernel.log"; then
	kver=
	reason=$(cat "$results/vm-kernel.log")
	echo "$reason" >&2
else
	kver=$(vm_kver)
	reason=$(vm_preflight "$kver" 2>&1)
fi
if [ -z "$kver" ] || [ -n "$reason" ]; then
	echo "$reason" >&2
	tap_fail "$results/vm-boot.tap" "test VM cannot boot" "$reason"
	for name in "${runnable[@]}"; do
		tap_fail "$results/vm-$name.tap" "$name not run: the test VM cannot boot"
	done
	summarize
	exit 1
fi

vectors=${NASSEC_VECTORS:-${VECTORS:-$(make -s --no-print-directory -C "$vm_top/selftests" print-vectors)}}
# The list goes through the results export: the kernel command line is short.
# One line per program: NAME TIMEOUT.
for name in "${runnable[@]}"; do
	echo "$name $(program_timeout "$name")"
done >"$share/tests.list"
accel=TCG
[ "${NASSEC_KVM:-0}" = 1 ] && accel=KVM
# Knobs the programs read, passed into their environment (NAME=VALUE,...).
guest_env=NASSEC_KVM=${NASSEC_KVM:-0}
# The debug kernel (KASAN under TCG) runs the scale tests at smaller counts.
if [ "${NASSEC_VM_KERNEL:-stock}" = debug ]; then
	: "${NASSEC_SCALE_MSGS:=${NASSEC_DEBUG_SCALE_MSGS:-10000}}"
	: "${NASSEC_SCALE_CONTEXTS:=${NASSEC_DEBUG_SCALE_CONTEXTS:-5000}}"
	: "${NASSEC_SCALE_UES:=${NASSEC_DEBUG_SCALE_UES:-2000}}"
	: "${NASSEC_SCALE_SOCKETS:=${NASSEC_DEBUG_SCALE_SOCKETS:-200}}"
fi
for var in NASSEC_SCALE_MSGS NASSEC_SCALE_CONTEXTS NASSEC_SCALE_UES NASSEC_SCALE_SOCKETS NASSEC_BENCH_MSGS NASSEC_OFFLOAD_BENCH NASSEC_FUZZ_SECONDS NASSEC_FUZZ_SEED \
	NASSEC_ENBSIM_UES NASSEC_ENBSIM_BIG_UES; do
	[ -z "${!var:-}" ] || guest_env+=",$var=${!var}"
done
echo "vm: booting $kver (${NASSEC_VM_KERNEL:-stock} kernel, $accel), ${#runnable[@]} program(s), console log $console"
started=$(date +%s%N)
# A kernel report before nassec is loaded is not nassec's doing, but it turns
# lock debugging off for the rest of the run; the guest then stops at once
# (vm-boot-report) and the VM boots once more. Seen on the debug kernel under
# TCG: KASAN in handle_edge_irq during identify_boot_cpu, an early interrupt.
for attempt in 1 2; do
	rm -f "$share/vm-boot-report" "$share/vm-started" "$share/vm-done"
	vm_boot "$kver" "$share" "file:$console" \
		nassec_vm.mode=selftest "nassec_vm.bindir=$bindir" \
		"nassec_vm.timeout=$test_timeout" "nassec_vm.vectors=$vectors" \
		"nassec_vm.keep=$vectors,$bindir" "nassec_vm.env=$guest_env" \
		</dev/null 2>"$results/vm-qemu.log"
	qemu_status=$?
	[ -f "$share/vm-boot-report" ] && [ "$attempt" = 1 ] || break
	echo "vm: the kernel reported a fault while booting, before nassec was loaded; booting again:"
	sed 's/^/vm:   /' "$share/vm-boot-report" | head -n 5
	cp "$console" "$results/vm-console-boot1.log" 2>/dev/null
done
elapsed=$((($(date +%s%N) - started) / 1000000))
elapsed=$((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000)))

# The boot itself: guest came up (vm-started), guest finished (vm-done).
{
	boot_uptime=$(sed -n 's/.*uptime=//p' "$share/vm-started" 2>/dev/null)
	if [ -n "$boot_uptime" ]; then
		echo "ok 1 - guest booted into the host root ($kver)"
		echo "# guest userspace started ${boot_uptime}s after kernel start"
	else
		echo "not ok 1 - guest booted into the host root ($kver): it never reported start"
		tail -n 30 "$console" 2>/dev/null | tr -d '\r' | sed 's/^/# /'
	fi
	if [ -f "$share/vm-boot-report" ]; then
		echo "not ok 2 - the kernel reported a fault while booting, on both boots (before nassec)"
		head -n 20 "$share/vm-boot-report" | sed 's/^/# /'
	elif [ -f "$share/vm-done" ] && [ "$qemu_status" = 0 ]; then
		echo "ok 2 - guest finished and powered off"
	elif [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
		echo "not ok 2 - guest killed after ${NASSEC_VM_TIMEOUT:-1500}s (NASSEC_VM_TIMEOUT)"
	elif grep -q 'Kernel panic' "$console" 2>/dev/null; then
		echo "not ok 2 - guest kernel panicked (see $console)"
		grep -a -m1 'Kernel panic' "$console" | tr -d '\r' | sed 's/^/# /'
	else
		echo "not ok 2 - guest did not finish (QEMU status $qemu_status, see $console)"
	fi
	[ "$qemu_status" = 0 ] || sed 's/^/# qemu: /' "$results/vm-qemu.log"
	echo "# whole VM run ${elapsed}s"
	echo "1..2"
} >"$results/vm-boot.tap"

if tap_complete "$share/vm-setup.tap"; then
	cp "$share/vm-setup.tap" "$results/vm-setup.tap"
else
	tap_fail "$results/vm-setup.tap" "guest did not report loading the modules"
fi
for name in "${runnable[@]}"; do
	collect_program "$name"
done
if tap_complete "$share/vm-kernel-log.tap"; then
	cp "$share/vm-kernel-log.tap" "$results/vm-kernel-log.tap"
else
	tap_fail "$results/vm-kernel-log.tap" \
		"guest did not check its kernel log and the unload (crash or hang)" \
		"$(console_trouble | sed 's/^/console: /')"
fi
[ ! -f "$share/vm-dmesg.log" ] || cp "$share/vm-dmesg.log" "$results/vm-dmesg.log"

summarize
echo "vm: ${elapsed}s in total, guest log in $console"
exit $failed
