#!/usr/bin/env bash
# Kernel coding style of the module sources, as TAP (one line per file):
# checkpatch.pl from Debian's linux-source tarball, extracted once into
# build/checkpatch/. A file passes with no ERROR and no WARNING.
set -uo pipefail
cd "$(dirname "$0")/.."
out=build/checkpatch
src=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
if [ ! -x "$out/scripts/checkpatch.pl" ]; then
	[ -n "$src" ] || { echo "not ok 1 - checkpatch: no linux-source tarball"; exit 1; }
	rm -rf "$out.tmp" && mkdir -p "$out.tmp" "$out/scripts"
	tar -xJf "$src" -C "$out.tmp" --wildcards '*/scripts/checkpatch.pl' \
		'*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
	find "$out.tmp" -path '*/scripts/*' -type f -exec mv {} "$out/scripts/" \;
	rm -rf "$out.tmp"
fi
n=0 failed=0
for f in kmod/*.[ch] uapi/linux/*.h; do
	n=$((n + 1))
	report=$("$out/scripts/checkpatch.pl" --no-tree --quiet --terse -f "$f" 2>&1 |
		grep -E ': (ERROR|WARNING):' | grep -v 'SPDX_LICENSE_TAG')
	if [ -z "$report" ]; then
		echo "ok $n - checkpatch $f"
	else
		failed=1
		echo "not ok $n - checkpatch $f"
		sed 's/^/# /' <<<"$report"
	fi
done
echo "1..$n"
exit $failed
