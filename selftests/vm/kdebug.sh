#!/usr/bin/env bash
# kdebug.sh: builds (once) the debug kernel the VM tests also run on, from
# Debian's linux-source (the same 6.1 as linux-image-amd64) with
# x86_64_defconfig + kvm_guest.config + kdebug.config (KASAN, lockdep,
# kmemleak, UBSAN, SLUB debugging, debug objects), and prints the directory
# that holds it:
#   DIR/vmlinuz      the kernel image
#   DIR/kver         its release (uname -r)
#   DIR/build        the build tree: KDIR for building nassec.ko against it
#   DIR/modroot      modules_install root (modules.builtin for modprobe -d)
# Cached outside the clone in ${NASSEC_CACHE:-/var/cache/nassec}, keyed by
# the source package version, this script and the config fragment, so one
# machine builds it once (about 15 minutes on 2 cores).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${NASSEC_CACHE:-/var/cache/nassec}
src_tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
die() { echo "kdebug: $*" >&2; exit 1; }
[ -n "$src_tarball" ] || die "no /usr/src/linux-source-*.tar.xz: run 'make deps'"
src_pkg=$(basename "$src_tarball" .tar.xz)
src_version=$(dpkg-query -W -f='${Version}' "$src_pkg" 2>/dev/null) ||
	die "cannot tell the version of $src_pkg"
key=$( { echo "$src_pkg $src_version"; cat "$0" "$here/kdebug.config"; } | sha256sum | cut -c1-16)
out=$cache/kdebug-$key
if [ -f "$out/done" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/kdebug.lock"
flock 9	# another make check may be building the same kernel
if [ -f "$out/done" ]; then
	echo "$out"
	exit 0
fi
rm -rf "$out"
work=$(mktemp -d "$cache/kdebug-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=$cache/kdebug-$key.log
echo "kdebug: building the debug kernel from $src_pkg $src_version (log: $log)" >&2
started=$(date +%s)
{
	tar -C "$work" -xJf "$src_tarball"
	mv "$work/$src_pkg" "$work/build"
	cd "$work/build"
	make -s x86_64_defconfig
	scripts/kconfig/merge_config.sh -m .config kernel/configs/kvm_guest.config "$here/kdebug.config"
	make -s olddefconfig
} >"$log" 2>&1 || die "config failed, see $log"
# Every option the fragment turns on must have survived olddefconfig.
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$here/kdebug.config" | while read -r line; do
	grep -qxF "$line" "$work/build/.config" || echo "$line"
done)
[ -z "$missing" ] || die "options lost in olddefconfig: $(echo $missing)"
jobs=$(nproc)
(cd "$work/build" && make -j"$jobs" bzImage modules && \
	make -s modules_install INSTALL_MOD_PATH="$work/modroot") >>"$log" 2>&1 ||
	die "build failed, see $log"
kver=$(cat "$work/build/include/config/kernel.release")
cp "$work/build/arch/x86/boot/bzImage" "$work/vmlinuz"
echo "$kver" >"$work/kver"
echo "built in $(($(date +%s) - started)) s" >"$work/done"
trap - EXIT
mv "$work" "$out"
# The build tree remembers its absolute path only in generated files the
# external module build does not use, so the rename is safe; drop old keys.
for old in "$cache"/kdebug-*/; do
	[ "${old%/}" = "$out" ] || rm -rf "${old%/}"
done
echo "kdebug: $(cat "$out/done")" >&2
echo "$out"
