#!/usr/bin/env bash
# The repository keeps a copy of the project's 3GPP test data
# (selftests/vectors) for clones that lack ../shared/vectors. When both
# exist the tests read the shared one, which may grow; this check keeps the
# copy honest: every record of the copy must stand, unchanged, in the shared
# file. TAP, one line per file.
set -uo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared/vectors}
records() {	# FILE: one line per record, fields joined, comments dropped
	awk '/^[ \t]*#/ { next }
	     /^[ \t]*$/ { if (r != "") print r; r = ""; next }
	     { gsub(/[ \t]+/, ""); r = r "|" $0 }
	     END { if (r != "") print r }' "$1" | sort -u
}
n=0 failed=0
for f in selftests/vectors/*.txt; do
	n=$((n + 1))
	name=$(basename "$f")
	if [ ! -d "$shared" ]; then
		echo "ok $n - $name # SKIP no $shared: the tests read the repository copy"
		continue
	fi
	if [ ! -f "$shared/$name" ]; then
		echo "not ok $n - $name: missing from $shared"
		failed=1
		continue
	fi
	missing=$(comm -23 <(records "$f") <(records "$shared/$name"))
	if [ -z "$missing" ]; then
		echo "ok $n - $name: every record of the copy is in $shared"
	else
		echo "not ok $n - $name: records of the copy not in $shared"
		sed 's/^/# /' <<<"$missing" | head -n 5
		failed=1
	fi
done
echo "1..$n"
exit $failed
