# shellcheck shell=bash disable=SC2034 # variables for the sourcing script
# Sourced by the guest side of the nassecd benchmarks (tools/bench/vm/*.sh),
# run in the test VM as root with nassec.ko loaded, in a private network
# namespace: nassecd on 127.0.0.1 with its own work directory.
bin=${NASSEC_BIN:-$NASSEC_TOP/build/bin}
work=$(mktemp -d /tmp/nassecd-bench.XXXXXX)
out=${NASSEC_BENCH_OUT:-$work}
daemon_pid=
# shellcheck source=selftests/lib/tap.sh
. "$NASSEC_TOP/selftests/lib/tap.sh"
hz=$(getconf CLK_TCK)

bench_cleanup() {
	[ -z "$daemon_pid" ] || kill -9 "$daemon_pid" 2>/dev/null
	rm -rf "$work"
}
trap bench_cleanup EXIT

nassec() { NASSEC_CTL_SOCKET=$work/ctl.sock "$bin/nassec" "$@"; }
mme() { nassec -j mme show | jq -r "$1"; }

# start_daemon MODE [MORE]: nassecd with [security] nas_security = MODE (and
# the configuration lines MORE); 0 once it answers.
start_daemon() {
	cat >"$work/nassecd.conf" <<CONF
[mme]
name = nassecd-bench
mcc = 001
mnc = 01
[s1]
bind = 127.0.0.1
[security]
nas_security = $1
[store]
subscribers = $work/subs.db
[control]
socket = $work/ctl.sock
[log]
level = warning
${2:-}
CONF
	"$bin/nassecd" -f -c "$work/nassecd.conf" 2>>"$work/nassecd.log" &
	daemon_pid=$!
	for _ in $(seq 300); do
		nassec mme show >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# stop_daemon: SIGTERM, its exit status.
stop_daemon() {
	local rc
	kill "$daemon_pid"
	wait "$daemon_pid"
	rc=$?
	daemon_pid=
	return $rc
}

# import_subscribers COUNT: enbsim's UEs 0..COUNT-1 into the store (the
# daemon runs). One import request holds at most 4 MiB (NASSECD_CTL_REQ_MAX),
# about 40,000 lines of ~100 octets: larger counts go in chunks.
import_subscribers() {
	local f rc=0
	"$bin/enbsim" --gen-subscribers --ues "$1" >"$work/subs.txt" || return 1
	split -l 30000 "$work/subs.txt" "$work/subs.part." || return 1
	rm -f "$work/subs.txt"
	for f in "$work"/subs.part.*; do
		nassec subscriber import "$f" >>"$work/import.out" 2>&1 || rc=1
		rm -f "$f"
	done
	return $rc
}

# cpu_ticks PID: its user and system time, clock ticks ("U S").
cpu_ticks() {
	# Fields after "(comm)": state is 3, utime 14 and stime 15 of the whole line.
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12, $13 }'
}

# sys_ticks: the whole system's user+nice, system+irq+softirq, busy, in ticks.
sys_ticks() {
	awk '/^cpu / { print $2 + $3, $4 + $7 + $8, $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

# kb FILE KEY: a "Key:   N kB" value of /proc/meminfo or /proc/PID/status.
kb() { awk -v k="$2:" '$1 == k { print $2 }' "$1"; }
