#!/usr/bin/env bash
# mkinitramfs.sh KVER OUTDIR: prints the path of a tiny initramfs for the test
# VM: static busybox, selftests/vm/init, and the modules (with their
# dependencies, from modules.dep) needed to mount the host root over
# virtio-9p. Cached in OUTDIR; rebuilt only when one of its inputs changes.
set -euo pipefail
kver=$1
outdir=$2
here=$(cd "$(dirname "$0")" && pwd)
moddir=${NASSEC_MODDIR:-/lib/modules/$kver}
busybox=${NASSEC_BUSYBOX:-/bin/busybox}
# What the init needs before it can see the host root.
root_modules=(virtio_pci 9pnet_virtio 9p)

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -f "$moddir/modules.dep" ] || die "$moddir/modules.dep missing (install linux-image-$kver)"
[ -x "$busybox" ] || die "$busybox missing (install busybox-static)"
headers=$(readelf -l "$busybox" 2>/dev/null) || die "$busybox is not an ELF program"
! grep -q 'program interpreter' <<<"$headers" ||
	die "$busybox is not statically linked (install busybox-static)"

# Module name as modprobe sees it: basename without .ko[.xz|.zst|.gz], '-' == '_'.
modname() { local b=${1##*/}; b=${b%%.ko*}; echo "${b//-/_}"; }

declare -A seen=()
order=()
# Appends a module and its dependencies (dependencies first) to 'order'.
add_module() {
	local want=$1 line path deps i
	[ -z "${seen[$want]:-}" ] || return 0
	seen[$want]=1
	line=$(awk -F: -v m="$want" '{ n = $1; sub(/.*\//, "", n); sub(/\.ko.*/, "", n);
		gsub(/-/, "_", n); if (n == m) { print; exit } }' "$moddir/modules.dep")
	if [ -z "$line" ]; then
		grep -q "/${want}.ko" "$moddir/modules.builtin" 2>/dev/null ||
			grep -q "/${want//_/-}.ko" "$moddir/modules.builtin" 2>/dev/null ||
			die "module $want neither in modules.dep nor built in for $kver"
		return 0
	fi
	path=${line%%:*}
	read -ra deps <<<"${line#*:}"
	# modules.dep lists the deepest dependency last.
	for ((i = ${#deps[@]} - 1; i >= 0; i--)); do
		add_module "$(modname "${deps[i]}")"
	done
	order+=("$path")
}
for m in "${root_modules[@]}"; do
	add_module "$m"
done

# The cache key covers everything that ends up in the image.
key=$( {
	echo "$kver"
	sha256sum "$0" "$here/init" "$busybox"
	for p in "${order[@]}"; do stat -c '%n %s %Y' "$moddir/$p"; done
} | sha256sum | cut -d' ' -f1)
image=$outdir/initramfs-$kver.cpio.gz
if [ -f "$image" ] && [ "$(cat "$image.key" 2>/dev/null)" = "$key" ]; then
	echo "$image"
	exit 0
fi

mkdir -p "$outdir"
staging=$(mktemp -d "$outdir/initramfs.XXXXXX")
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging"/{bin,dev,proc,sys,newroot,modules}
cp "$busybox" "$staging/bin/busybox"
ln -s busybox "$staging/bin/sh"
install -m 0755 "$here/init" "$staging/init"
n=0
for p in "${order[@]}"; do
	n=$((n + 1))
	dst=$staging/modules/$(printf '%02d' $n)-$(modname "$p").ko
	case $p in
	*.ko) cp "$moddir/$p" "$dst" ;;
	*.ko.xz) xz -dc "$moddir/$p" >"$dst" ;;
	*.ko.zst) zstd -qdc "$moddir/$p" >"$dst" ;;
	*.ko.gz) gzip -dc "$moddir/$p" >"$dst" ;;
	*) die "unknown module format: $p" ;;
	esac
done
(cd "$staging" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -6 >"$image.tmp"
mv "$image.tmp" "$image"
echo "$key" >"$image.key"
echo "$image"
