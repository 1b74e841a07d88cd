#!/usr/bin/env bash
# cli_test: the nassec CLI against the real module (run in the test VM, as
# root, with nassec.ko loaded). TAP on stdout.
#
# Crypto results are checked independently with the openssl CLI (TS 33.401
# A.7 key derivation on HMAC-SHA-256, 128-EIA2 = AES-CMAC, 128-EEA2 =
# AES-CTR), never against hard-coded outputs: a downlink PDU the kernel
# protects is verified and deciphered here, and uplink PDUs are built here
# for the kernel to verify.
#   NASSEC_CLI   the nassec binary (default: ../bin/nassec next to this program)
# nassec-kernels: stock (225 s under KASAN for process start-up; its netlink
# and PDU paths run on the debug kernel in ctx_test, libnassec_test, pdu_test)
set -u
here=$(cd "$(dirname "$0")" && pwd)
nassec=${NASSEC_CLI:-$here/../bin/nassec}
work=$(mktemp -d /tmp/cli_test.XXXXXX)
out=$work/out err=$work/err
# shellcheck source=selftests/lib/tap.sh
. "${NASSEC_TOP:-$here/../..}/selftests/lib/tap.sh"
monitor_pid=

cleanup() {
	[ -z "$monitor_pid" ] || kill "$monitor_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# ---- TAP ----
check() {	# DESCRIPTION CONDITION...: ok when the command succeeds
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "$(ran)"; fi
}
# What the last run printed, for diagnostics.
ran() { echo "exit $rc; stdout: $(head -c 600 "$out"); stderr: $(head -c 600 "$err")"; }

# run ARGS...: runs nassec, keeps exit status in $rc, output in $out/$err.
run() {
	"$nassec" "$@" >"$out" 2>"$err"
	rc=$?
}
run_stdin() {	# INPUT ARGS...
	local input=$1
	shift
	"$nassec" "$@" >"$out" 2>"$err" <<<"$input"
	rc=$?
}
succeeded() { [ "$rc" = 0 ] && [ ! -s "$err" ]; }
# Failed with exit 1, nothing on stdout, exactly one line on stderr containing $1.
failed_one_line() {
	[ "$rc" = 1 ] && [ ! -s "$out" ] && [ "$(wc -l <"$err")" = 1 ] && grep -qF -- "$1" "$err"
}
stdout_has() { grep -qE -- "$1" "$out"; }
# jq (a real JSON parser), not python: a python start costs seconds in the TCG guest.
json_ok() { jq -e . "$out" >/dev/null 2>&1; }
# json_is JQ-FILTER: stdout parses as JSON and the filter yields true.
json_is() { jq -e "$1" "$out" >/dev/null 2>&1; }

# ---- independent NAS security (openssl), shared with the make run demo ----
# shellcheck source=selftests/lib/ue_openssl.sh
. "${NASSEC_TOP:-$here/../..}/selftests/lib/ue_openssl.sh"

kasme=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
kasme2=f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff
kint=$(knas "$kasme" 2 2)
kenc=$(knas "$kasme" 1 2)
ue=4242
dl_plain=075501			# IDENTITY REQUEST (TS 24.301 8.2.18), IMSI
ul_plain=0756080910101032547698	# IDENTITY RESPONSE with an IMSI

echo "# nassec: $nassec"
if [ ! -x "$nassec" ]; then
	not_ok "nassec binary present" "$nassec missing: run 'make'"
	echo "1..$n"
	exit 1
fi
# Leftovers from an earlier run in the same namespace.
"$nassec" ctx del "$ue" >/dev/null 2>&1

# ---- read-only commands work and are JSON ----
run stats
check "stats: exit 0 (module present)" succeeded
run -j stats
check "stats -j: valid JSON with contexts and stats" json_is '.contexts != null and .stats.ul_ok != null'
run -p stats
check "stats -p: pretty JSON is multi-line and valid" eval 'json_ok && [ "$(wc -l <"$out")" -gt 3 ]'

# ---- add / show / list ----
run ctx add "$ue" kasme "$kasme" eksi 1 eia aes eea eea2
check "ctx add: exit 0" succeeded
run ctx add "$ue" kasme "$kasme" eksi 1 eia aes eea eea2
check "ctx add twice: exit 1, one line naming the error" failed_one_line "File exists"
run ctx show "$ue"
check "ctx show UEID: names the UE and its algorithms" eval 'succeeded && stdout_has "^ue $ue$" && stdout_has "eia2 \(aes\)"'
run -j ctx show "$ue"
check "ctx show -j: array with the context, eia/eea 2, eksi 1" \
	json_is ".[0].ue_id == $ue and .[0].cur.eia == 2 and .[0].cur.eea == 2 and .[0].cur.eksi == 1 and .[0].new == null"
check "ctx show -j: never a key" eval '! grep -qi -e kasme -e "$kasme" "$out"'
run c sh
check "abbreviated 'c sh' lists all contexts" eval 'succeeded && stdout_has "^ue $ue$"'
run ctx list
check "ctx list: one terse line for the UE" eval 'succeeded && [ "$(grep -c "^$ue " "$out")" = 1 ]'
run -j ctx list
check "ctx list -j: valid JSON with the UE" json_is "any(.[]; .ue_id == $ue)"

# Every PDU the tests need, computed once (openssl is slow under TCG).
dl0=$(protect_here "$kint" "$kenc" 0 1 "$dl_plain")
dl1=$(protect_here "$kint" "$kenc" 1 1 "$dl_plain")
dl2=$(protect_here "$kint" "$kenc" 2 1 "$dl_plain")
dl3=$(protect_here "$kint" "$kenc" 3 1 "$dl_plain")
ul0=$(protect_here "$kint" "$kenc" 0 0 "$ul_plain")
ul1=$(protect_here "$kint" "$kenc" 1 0 "$ul_plain")
ul2=$(protect_here "$kint" "$kenc" 2 0 "$ul_plain")
ul3=$(protect_here "$kint" "$kenc" 3 0 "$ul_plain")
kenb2=$(hmac256 "$kasme" 11000000020004)

# ---- downlink: protect, checked here ----
run pdu protect "$ue" sht 2 "$dl_plain"
check "pdu protect: exit 0, one line of hex" eval 'succeeded && [ "$(wc -l <"$out")" = 1 ]'
check "pdu protect: equals EEA2/EIA2 computed with openssl (DL COUNT 0)" \
	eval '[ "$(cat "$out")" = "$dl0" ]'
run -j pdu protect "$ue" "$dl_plain"
check "pdu protect -j: count 1 and data" \
	json_is ".[0].count == 1 and .[0].data == \"$dl1\""

# ---- uplink: built here, verified by the kernel ----
run pdu unprotect "$ue" "$ul0"
check "pdu unprotect: verdict ok, count 0, deciphered data" \
	eval 'succeeded && [ "$(cat "$out")" = "verdict ok sht 2 count 0 data $ul_plain" ]'
run -j pdu unprotect "$ue" "$ul1"
check "pdu unprotect -j: verdict ok, count 1, data" \
	json_is ".[0].verdict == \"ok\" and .[0].count == 1 and .[0].data == \"$ul_plain\""

# Monitor from here on, to see the MAC failure below as an event.
"$nassec" monitor >"$work/monitor.out" 2>"$work/monitor.err" &
monitor_pid=$!
sleep 1

run pdu unprotect "$ue" "$ul0"
check "replayed uplink: verdict replay, exit 1, one stderr line" \
	eval '[ "$rc" = 1 ] && stdout_has "^verdict replay" && [ "$(wc -l <"$err")" = 1 ] && grep -q "verdict replay" "$err"'
bad=${ul2:0:2}$(printf '%02x' $((0x${ul2:2:2} ^ 1)))${ul2:4}
run pdu unprotect "$ue" "$bad"
check "uplink with a wrong MAC: verdict mac-fail, no data, exit 1" \
	eval '[ "$rc" = 1 ] && stdout_has "^verdict mac-fail" && ! stdout_has " data "'
run pdu unprotect "$ue" "$ul2"
check "the untampered PDU is still accepted after the MAC failure" eval 'succeeded && stdout_has "^verdict ok sht 2 count 2 "'
run pdu unprotect "$ue" "$ul_plain" "$ul1"
check "a batch of two: plain then replay, in order" \
	eval '[ "$rc" = 1 ] && [ "$(sed -n 1p "$out" | cut -d" " -f2)" = plain ] && [ "$(sed -n 2p "$out" | cut -d" " -f2)" = replay ]'

sleep 1
kill -INT "$monitor_pid"
wait "$monitor_pid"
monitor_rc=$?
monitor_pid=
check "monitor: exits 0 on SIGINT" [ "$monitor_rc" = 0 ]
if grep -qE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6} mac-fail ue $ue count 2" "$work/monitor.out"; then
	ok "monitor: timestamped mac-fail line for the UE with COUNT 2"
else
	not_ok "monitor: timestamped mac-fail line for the UE with COUNT 2" \
		"$(cat "$work/monitor.out" "$work/monitor.err")"
fi

# ---- KeNB: TS 33.401 A.3 = KDF(KASME, 0x11 || UL COUNT || 0x0004) ----
run kenb "$ue" ul-count 2
check "kenb ul-count 2: equals HMAC-SHA-256 computed with openssl" \
	eval 'succeeded && [ "$(cat "$out")" = "$kenb2" ]'
run -j kenb "$ue" ul-count 2
check "kenb -j: valid JSON" json_is ".kenb == \"$kenb2\""

# ---- freeze blocks downlink ----
run ctx freeze "$ue"
check "ctx freeze: exit 0" succeeded
run -j ctx show "$ue"
check "frozen context shows frozen" json_is '.[0].frozen == true'
run pdu protect "$ue" "$dl_plain"
check "frozen: pdu protect exits 1 with one line, nothing on stdout" failed_one_line "frozen"
run pdu unprotect "$ue" "$ul3"
check "frozen: uplink still verified" eval 'succeeded && stdout_has "^verdict ok"'
run ctx thaw "$ue"
check "ctx thaw: exit 0" succeeded
run pdu protect "$ue" "$dl_plain"
check "thawed: downlink continues with DL COUNT 2" \
	eval 'succeeded && [ "$(cat "$out")" = "$dl2" ]'

# ---- the new slot (SMC) ----
run_stdin "$kasme2" ctx set "$ue" new kasme - eksi 2 eia zuc eea snow3g
check "ctx set new with the key on stdin: exit 0" succeeded
run -j ctx show "$ue"
check "new slot shown: eksi 2, eia 3, eea 1" \
	json_is '.[0].new != null and .[0].new.eksi == 2 and .[0].new.eia == 3 and .[0].new.eea == 1'
run ctx set "$ue" drop-new
check "ctx set drop-new: exit 0" succeeded
run -j ctx show "$ue"
check "new slot gone after drop-new" json_is '.[0].new == null'

# ---- keys leave argv ----
mkfifo "$work/keyfifo"
"$nassec" ctx add 4343 cur kasme "$kasme" eksi 1 eia 2 eea 2 new kasme - eksi 2 eia 2 eea 2 \
	<"$work/keyfifo" >/dev/null 2>"$work/fifo.err" &
pid=$!
exec 9>"$work/keyfifo"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	grep -q 4343 "/proc/$pid/cmdline" 2>/dev/null && grep -qa xxxxxxxx "/proc/$pid/cmdline" && break
	sleep 0.2
done
cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
echo "$kasme2" >&9
exec 9>&-
wait "$pid"
rc=$?
if [ -n "$cmdline" ] && ! grep -q "$kasme" <<<"$cmdline"; then
	ok "kasme on the command line is wiped from /proc/PID/cmdline"
else
	not_ok "kasme on the command line is wiped from /proc/PID/cmdline" "cmdline: $cmdline"
fi
check "ctx add with a key from the command line and one from stdin: exit 0" [ "$rc" = 0 ]
"$nassec" ctx del 4343 >/dev/null 2>&1

# ---- export / import (S10) ----
run ctx export "$ue"
exported=$(cat "$out")
check "ctx export: carries KASME and counts" \
	eval 'succeeded && grep -q "^$ue cur kasme $kasme eksi 1 eia 2 eea 2 ul-count 4 dl-count 3$" "$out"'
run ctx del "$ue"
check "ctx del: exit 0" succeeded
run ctx show "$ue"
check "deleted context: show exits 1 with one line" failed_one_line "UE $ue"
run_stdin "$exported" ctx import - as 4444
check "ctx import - as 4444: exit 0" succeeded
run pdu protect 4444 "$dl_plain"
check "imported context continues the downlink COUNT" \
	eval 'succeeded && [ "$(cat "$out")" = "$dl3" ]'
run pdu unprotect 4444 "$ul3"
check "imported context keeps the replay state (COUNT 3 was accepted)" stdout_has "^verdict replay"

# ---- privilege: every command, reads too, needs CAP_NET_ADMIN ----
run ctx show 4444
check "root: ctx show works" succeeded
# Exit 1, nothing on stdout, one line "nassec: WHAT: Operation not permitted (needs CAP_NET_ADMIN ...)".
refused_as() {	# WHAT
	failed_one_line "Operation not permitted" && grep -q "^nassec: $1: .*needs CAP_NET_ADMIN" "$err"
}
if unshare -U -r true 2>/dev/null; then
	unshare -U -r "$nassec" ctx add 4545 kasme "$kasme" eksi 1 eia 2 eea 2 >"$out" 2>"$err"
	rc=$?
	check "user namespace without CAP_NET_ADMIN over the netns: EPERM, one line" \
		refused_as "ctx add"
	unshare -U -r "$nassec" ctx show 4444 >"$out" 2>"$err"
	rc=$?
	check "user namespace without CAP_NET_ADMIN over the netns: ctx show refused, one line" \
		refused_as "ctx show"
else
	not_ok "user namespace without CAP_NET_ADMIN over the netns: EPERM, one line" "unshare -U -r failed"
fi
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$nassec" "$@" >"$out" 2>"$err"; rc=$?; }
as_nobody ctx del 4444
check "unprivileged user: ctx del fails with EPERM, one line" refused_as "ctx del"
for cmd in "ctx show 4444" "ctx show" "ctx list" "-j ctx show" "stats" "-j stats" "sock list" "-j sock list"; do
	# shellcheck disable=SC2086
	as_nobody $cmd
	what=${cmd#-j }
	what=${what% 4444}
	check "unprivileged user: $cmd refused with one line naming CAP_NET_ADMIN, no output" \
		refused_as "$what"
done

run ctx del 4444
check "cleanup: ctx del 4444" succeeded
run ctx list
check "no context left" eval 'succeeded && ! stdout_has "^4444 "'

echo "# ${SECONDS}s"
echo "1..$n"
exit $failed
