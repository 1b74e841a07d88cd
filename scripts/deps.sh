#!/usr/bin/env bash
# Installs the Debian packages nassec needs; no apt call when all are present.
set -euo pipefail
arch=$(dpkg --print-architecture)
pkgs=(
	build-essential clang llvm lld pkg-config bc kmod
	"linux-image-$arch" "linux-headers-$arch" linux-source
	qemu-system-x86 busybox-static iproute2
	libmnl-dev libnl-genl-3-dev libipsec-mb-dev libssl-dev
	libsqlite3-dev sqlite3 lksctp-tools libsctp-dev tshark
	libinih-dev libsystemd-dev systemd procps	# nassecd (sd-event, INI, systemd-analyze, the unit's kill)
	xz-utils cpio jq xxd openssl perl libclang-rt-dev binutils
	flex bison libelf-dev	# the debug test kernel (selftests/vm/kdebug.sh)
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
