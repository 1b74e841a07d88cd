#!/usr/bin/env bash
# make check: deps, build, host unit tests, VM selftests, then one summary line.
# Every test program writes TAP into build/results/*.tap; a step that cannot
# run at all is recorded there as a failed test, so nothing is lost silently.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
results=$top/build/results
what=${1:-all}

record_failure() {	# name, reason
	printf 'not ok 1 %s # %s\n' "$1" "$2" >"$results/$1.tap"
}

if [ "$what" = all ]; then
	rm -rf "$results"
	mkdir -p "$results"
	scripts/deps.sh || { record_failure deps "package install failed"; }
	if ! make --no-print-directory all >"$results/build.log" 2>&1; then
		tail -n 40 "$results/build.log"
		record_failure build "make all failed, see build/results/build.log"
		scripts/tap-summary.sh "$results"
		exit 1
	fi
fi
mkdir -p "$results"

if [ "$what" = all ] || [ "$what" = unit ]; then
	make --no-print-directory -C selftests/unit check RESULTS="$results" ||
		[ -n "$(ls "$results"/unit-*.tap 2>/dev/null)" ] ||
		record_failure unit "unit test run failed"
fi

if [ "$what" = all ] || [ "$what" = unit ]; then
	scripts/vectors-check.sh >"$results/unit-vectors-copy.tap" || true
fi

if [ "$what" = all ] || [ "$what" = style ]; then
	scripts/checkpatch.sh >"$results/style-checkpatch.tap" || true
fi

# Every VM selftest twice: on Debian's kernel (what appliances run) and on
# the debug kernel (KASAN, lockdep, kmemleak, UBSAN; built once per machine,
# see selftests/vm/kdebug.sh), whose results are the kdebug-*.tap files.
if [ "$what" = all ] || [ "$what" = vm ] || [ "$what" = vm-stock ]; then
	NASSEC_FUZZ_SECONDS=${NASSEC_FUZZ_SECONDS:-20} selftests/vm/run-selftests.sh "$results" || true
fi
if [ "$what" = all ] || [ "$what" = vm ] || [ "$what" = vm-debug ]; then
	rm -f "$results"/kdebug-*.tap
	NASSEC_VM_KERNEL=debug NASSEC_FUZZ_SECONDS=${NASSEC_DEBUG_FUZZ_SECONDS:-30} \
		selftests/vm/run-selftests.sh "$results/kdebug" || true
	for f in "$results"/kdebug/vm-*.tap; do
		[ -f "$f" ] && cp "$f" "$results/kdebug-${f##*/vm-}"
	done
fi

scripts/tap-summary.sh "$results"
