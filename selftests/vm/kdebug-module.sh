#!/usr/bin/env bash
# kdebug-module.sh: builds nassec.ko against the debug kernel (kdebug.sh,
# built first if the cache lacks it) into build/kdebug/ and prints the
# module's path. Kbuild of 6.1 writes objects next to the sources, so the
# module sources are mirrored there (only files that changed are copied,
# so the build stays incremental) instead of sharing kmod/ with the stock
# build.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kdir=$("$top/selftests/vm/kdebug.sh")
dst=${BUILD:-$top/build}/kdebug
mkdir -p "$dst/kmod" "$dst/uapi/linux"
cd "$top"
for f in Kbuild kmod/*.[ch] uapi/linux/*.h; do
	cmp -s "$f" "$dst/$f" || cp "$f" "$dst/$f"
done
for f in "$dst"/kmod/*.[ch]; do
	[ -e "kmod/${f##*/}" ] || rm -f "$f" "${f%.c}.o"
done
make -s -C "$kdir/build" M="$dst" modules >&2
echo "$dst/nassec.ko"
