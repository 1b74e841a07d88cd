#!/usr/bin/env bash
# install-test: 'make install' and 'make install-dkms' into a staging root
# (DESTDIR): every file an appliance needs lands where the unit and the
# README say, the sample configuration passes 'nassecd -t', and
# 'systemd-analyze verify' accepts the unit (its ExecStart pointed at the
# staged binary, so the check covers the binary too). TAP on stdout.
#   TOP  the project root
set -u
top=${TOP:?}
# As under 'make check': the top Makefile exports an empty INSTALL_MOD_PATH,
# which must not send the module into the real /lib/modules.
unset DESTDIR
export INSTALL_MOD_PATH=
stage=$(mktemp -d /tmp/nassec-install.XXXXXX)
trap 'rm -rf "$stage"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; [ -z "${2:-}" ] || sed 's/^/# /' <<<"$2"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

if out=$(make -s -C "$top" install DESTDIR="$stage" PREFIX=/usr/local 2>&1); then
	ok "make install DESTDIR=... succeeds"
else
	not_ok "make install DESTDIR=... succeeds" "$(tail -n 20 <<<"$out")"
fi
kver=$(ls "$stage/lib/modules" 2>/dev/null | head -n 1)
check "nassec.ko installed under lib/modules/$kver" \
	test -f "$stage/lib/modules/$kver/extra/nassec.ko"
check "modules.dep lists nassec.ko" grep -q "extra/nassec.ko:" "$stage/lib/modules/$kver/modules.dep"
for f in usr/local/sbin/nassecd usr/local/bin/nassec; do
	check "$f installed and executable" test -x "$stage/$f"
done
unit=$stage/usr/local/lib/systemd/system/nassecd.service
check "unit installed with the install paths filled in" \
	eval 'test -f "$unit" && ! grep -qE "@(SBINDIR|DOCDIR)@" "$unit" && grep -q "^ExecStart=/usr/local/sbin/nassecd -f -c /etc/nassec/nassecd.conf$" "$unit"'
check "unit is Type=notify with a watchdog" eval 'grep -q "^Type=notify$" "$unit" && grep -q "^WatchdogSec=" "$unit"'
check "unit keeps only CAP_NET_ADMIN and CAP_CHOWN" \
	grep -q "^CapabilityBoundingSet=CAP_NET_ADMIN CAP_CHOWN$" "$unit"
check "modules-load.d loads sctp and nassec at boot" \
	eval 'grep -qx sctp "$stage/etc/modules-load.d/nassec.conf" && grep -qx nassec "$stage/etc/modules-load.d/nassec.conf"'
check "sample configuration installed as /etc/nassec/nassecd.conf (0640)" \
	eval '[ "$(stat -c %a "$stage/etc/nassec/nassecd.conf" 2>/dev/null)" = 640 ]'
if out=$("$stage/usr/local/sbin/nassecd" -t -c "$stage/etc/nassec/nassecd.conf" 2>&1); then
	ok "nassecd -t accepts the installed configuration"
else
	not_ok "nassecd -t accepts the installed configuration" "$out"
fi
# An edited configuration survives a second install.
echo "# edited" >>"$stage/etc/nassec/nassecd.conf"
make -s -C "$top" install DESTDIR="$stage" PREFIX=/usr/local >/dev/null 2>&1
check "a second install keeps the operator's configuration" \
	grep -q "^# edited$" "$stage/etc/nassec/nassecd.conf"

# systemd-analyze verify needs the binaries at the unit's paths: a copy of
# the unit pointing at the staged daemon.
verify_dir=$stage/verify
mkdir -p "$verify_dir"
sed "s|/usr/local/sbin/nassecd|$stage/usr/local/sbin/nassecd|" "$unit" >"$verify_dir/nassecd.service"
if out=$(systemd-analyze verify "$verify_dir/nassecd.service" 2>&1) && [ -z "$out" ]; then
	ok "systemd-analyze verify accepts the unit"
else
	not_ok "systemd-analyze verify accepts the unit" "$out"
fi
# ... and the check can fail: a unit with a bad directive is refused.
sed 's/^Type=notify$/Type=notifyy/' "$verify_dir/nassecd.service" >"$verify_dir/bad.service"
out=$(systemd-analyze verify "$verify_dir/bad.service" 2>&1)
check "systemd-analyze verify refuses a broken copy (the check can fail)" \
	grep -q "notifyy" <<<"$out"

if out=$(make -s -C "$top" install-dkms DESTDIR="$stage" 2>&1); then
	ok "make install-dkms DESTDIR=... stages the module source"
else
	not_ok "make install-dkms DESTDIR=... stages the module source" "$out"
fi
dkms=$(ls -d "$stage"/usr/src/nassec-* 2>/dev/null | head -n 1)
check "dkms.conf names the package, version and module" \
	eval 'grep -q "^PACKAGE_NAME=\"nassec\"$" "$dkms/dkms.conf" && ! grep -q @VERSION@ "$dkms/dkms.conf" && grep -q "^BUILT_MODULE_NAME\[0\]=\"nassec\"$" "$dkms/dkms.conf"'
# The staged source builds the module on its own, as dkms will.
kdir=$(ls -d /usr/src/linux-headers-*-"$(dpkg --print-architecture)" 2>/dev/null | sort -V | tail -n 1)
if [ -n "$dkms" ] && [ -n "$kdir" ] && out=$(make -s -C "$kdir" M="$dkms" modules 2>&1) &&
	[ -f "$dkms/nassec.ko" ]; then
	ok "the staged DKMS source builds nassec.ko against $(basename "$kdir")"
else
	not_ok "the staged DKMS source builds nassec.ko" "$(tail -n 20 <<<"$out")"
fi
echo "1..$n"
exit $failed
