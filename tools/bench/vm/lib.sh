# shellcheck shell=bash disable=SC2034 # variables for the sourcing script
# Sourced by the guest side of the nassecd benchmarks (tools/bench/vm/*.sh),
# run in the test VM as root with nassec.ko loaded, in a private network
# namespace: nassecd on 127.0.0.1 with its own work directory.
#   NASSEC_BENCH_ENBS (4), NASSEC_BENCH_CONC (256): eNBs, UEs in flight
if [ -z "${NASSEC_BENCH_NETNS:-}" ]; then
	NASSEC_BENCH_NETNS=1 exec unshare --net "$0" "$@"
fi
bin=${NASSEC_BIN:-$NASSEC_TOP/build/bin}
work=$(mktemp -d /tmp/nassecd-bench.XXXXXX)
out=${NASSEC_BENCH_OUT:-$work}
# shellcheck source=selftests/lib/tap.sh
. "$NASSEC_TOP/selftests/lib/tap.sh"
# shellcheck source=selftests/lib/nassecd.sh
. "$NASSEC_TOP/selftests/lib/nassecd.sh"
hz=$(getconf CLK_TCK)
enbs=${NASSEC_BENCH_ENBS:-4}
conc=${NASSEC_BENCH_CONC:-256}

bench_cleanup() {
	kill_daemon
	rm -rf "$work"
}
trap bench_cleanup EXIT
ip link set lo up || { not_ok "loopback up in a private namespace"; finish; }

# bench_daemon MODE [MORE]: nassecd with [security] nas_security = MODE
# (and the configuration lines MORE); 0 once it answers.
bench_daemon() {
	daemon_conf nassecd-bench warning "[security]
nas_security = $1
${2:-}" && start_daemon
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
