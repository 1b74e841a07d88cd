#!/usr/bin/env bash
# usage_test.sh NASSEC: the CLI's grammar without the kernel. Usage errors
# exit 2 with exactly one line on stderr and nothing on stdout; help exits 0
# on stdout at every level. Runs before any netlink call, so it needs no module.
set -u
nassec=${1:?usage: $0 PATH-TO-nassec}
n=0
failed=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

result() {	# ok(0/1) description [diagnostics]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		failed=1
		echo "not ok $n - $2"
		[ -z "${3:-}" ] || sed 's/^/# /' <<<"$3"
	fi
}

# usage_error "DESCRIPTION" "EXPECTED STDERR SUBSTRING" ARGS...
usage_error() {
	local desc=$1 want=$2 rc lines
	shift 2
	"$nassec" "$@" >"$out" 2>"$err" </dev/null
	rc=$?
	lines=$(wc -l <"$err")
	if [ "$rc" = 2 ] && [ "$lines" = 1 ] && [ ! -s "$out" ] && grep -qF -- "$want" "$err"; then
		result 0 "usage error: $desc"
	else
		result 1 "usage error: $desc" "nassec $* -> exit $rc, $lines stderr line(s): $(cat "$err" "$out")"
	fi
}

# help_ok "DESCRIPTION" "EXPECTED STDOUT SUBSTRING" ARGS...
help_ok() {
	local desc=$1 want=$2 rc
	shift 2
	"$nassec" "$@" >"$out" 2>"$err" </dev/null
	rc=$?
	if [ "$rc" = 0 ] && [ ! -s "$err" ] && grep -qF -- "$want" "$out"; then
		result 0 "help: $desc"
	else
		result 1 "help: $desc" "nassec $* -> exit $rc: $(head -c 300 "$err")"
	fi
}

key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

usage_error "no object" "missing OBJECT"
usage_error "unknown object" 'unknown object "frobnicate"' frobnicate
usage_error "unknown option" 'unknown option "-z"' -z ctx show
usage_error "unknown command" 'unknown command "fly"' ctx fly
usage_error "missing UEID" "missing UEID" ctx del
usage_error "UEID not a number" 'UEID "abc"' ctx del abc
usage_error "UEID too big" 'UEID "4294967296"' ctx del 4294967296
usage_error "extra argument" 'unexpected argument "9"' ctx del 1 9
usage_error "short kasme" "kasme: key must be 32 octets" ctx add 1 kasme 0011 eksi 1 eia 2 eea 2
usage_error "missing kasme file" "nassec-no-such-file" ctx add 1 kasme @/nonexistent/nassec-no-such-file eksi 1 eia 2 eea 2
usage_error "ambiguous keyword" '"e" is ambiguous' ctx add 1 kasme $key e 1
usage_error "unknown keyword" 'unknown argument "colour"' ctx add 1 colour red
usage_error "keyword without value" "eea needs a value" ctx add 1 kasme $key eksi 1 eia 2 eea
usage_error "bad algorithm" 'eia "eea2" is not an algorithm' ctx add 1 kasme $key eksi 1 eia eea2 eea 2
usage_error "eksi out of range" 'eksi "16"' ctx add 1 kasme $key eksi 16 eia 2 eea 2
usage_error "count out of range" 'ul-count "16777216"' ctx add 1 kasme $key eksi 1 eia 2 eea 2 ul-count 16777216
usage_error "slot misses eea" "slot cur needs eea" ctx add 1 kasme $key eksi 1 eia 2
usage_error "import needs counts" "slot cur needs ul-count" ctx import 1 kasme $key eksi 1 eia 2 eea 2
usage_error "slot twice" "slot new given twice" ctx add 1 new kasme $key eksi 1 eia 1 eea 1 new eksi 2
usage_error "set without new" 'eksi must follow "new"' ctx set 1 eksi 2
usage_error "set nothing" "nothing to set" ctx set 1
usage_error "set freeze and thaw" "freeze and thaw at once" ctx set 1 freeze thaw
usage_error "cur in set" '"cur" does not belong here' ctx set 1 cur
usage_error "pdu without messages" "no NAS message given" pdu protect 1
usage_error "pdu bad hex" "is not a NAS message in hex" pdu protect 1 07x1
usage_error "pdu bad sht" 'sht "4" is not 1, 2 or 3' pdu protect 1 sht 4 0741
usage_error "pdu unknown command" 'unknown command "encrypt"' pdu encrypt 1 0741
usage_error "kenb bad count" 'ul-count "x"' kenb 1 ul-count x
usage_error "nh without sync" "missing sync KEY" nh 1
usage_error "config value" 'max-ctx "0" is not in 1..16777216' config max-ctx 0
usage_error "sock detach without id" "missing socket ID" sock detach
usage_error "monitor argument" 'unexpected argument "now"' monitor now

help_ok "top level" "OBJECT :=" help
help_ok "--help" "OBJECT :=" --help
help_ok "-h" "OBJECT :=" -h
help_ok "object" "nassec ctx add UEID" ctx help
help_ok "abbreviated object" "nassec ctx add UEID" c help
help_ok "command" "nassec ctx add UEID" ctx add help
help_ok "command --help" "nassec pdu unprotect" pdu unprotect --help
help_ok "kenb" "nassec kenb UEID" kenb help
help_ok "nh" "nassec nh UEID" nh --help
help_ok "monitor" "nassec monitor" monitor help
help_ok "stats" "nassec stats" stats -h
help_ok "config" "max-ctx" config help
help_ok "sock" "sock detach ID" sock help
help_ok "version" "nassec" -V

# Without the module (the usual host), a valid command fails with one line naming it.
if [ ! -d /sys/module/nassec ]; then
	"$nassec" ctx show >"$out" 2>"$err"
	rc=$?
	if [ "$rc" = 1 ] && [ "$(wc -l <"$err")" = 1 ] && grep -q "nassec.ko" "$err"; then
		result 0 "no module: exit 1 with one line naming nassec.ko"
	else
		result 1 "no module: exit 1 with one line naming nassec.ko" "exit $rc: $(cat "$err")"
	fi
fi

echo "1..$n"
exit $failed
