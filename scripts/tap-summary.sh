#!/usr/bin/env bash
# Counts top-level TAP results in DIR/*.tap; prints failures, then
# "N passed, N failed" as the last line. Exit 1 when anything failed or
# when no test ran at all.
set -uo pipefail
dir=$1
pass=0 fail=0 skip=0
shopt -s nullglob
for f in "$dir"/*.tap; do
	while IFS= read -r line; do
		case "$line" in
		"not ok "*) fail=$((fail + 1)); echo "FAIL $(basename "$f" .tap): ${line#not ok }" ;;
		"ok "*"# SKIP"*|"ok "*"# skip"*) skip=$((skip + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		esac
	done <"$f"
done
[ "$skip" -eq 0 ] || echo "$skip skipped"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
