# shellcheck shell=bash disable=SC2034,SC2154 # daemon_pid is the sourcing script's, bin and work are set by it
# nassecd for the guest scripts that drive it (selftests/enbsim_test.sh,
# selftests/enbsim_capture_test.sh, tools/bench/vm/): on 127.0.0.1 in the
# caller's private network namespace, with its configuration, subscriber
# store, control socket and log in $work. The caller sets bin (where nassecd
# and nassec are) and work, and calls kill_daemon on exit.
daemon_pid=

nassec() { NASSEC_CTL_SOCKET=$work/ctl.sock "$bin/nassec" "$@"; }
# mme PATH: a value of 'nassec -j mme show' (a jq path: .subscribers,
# .counters.attaches_ok, ...).
mme() { nassec -j mme show | jq -r "$1"; }
daemon_log() { tail -n 40 "$work/nassecd.log"; }

# daemon_conf NAME LEVEL [MORE]: $work/nassecd.conf, MME NAME in PLMN
# 001/01 logging at LEVEL, then the configuration lines MORE (sections of
# their own: daemon/nassecd.conf documents every key).
daemon_conf() {
	cat >"$work/nassecd.conf" <<CONF
[mme]
name = $1
mcc = 001
mnc = 01
[s1]
bind = 127.0.0.1
[store]
subscribers = $work/subs.db
[control]
socket = $work/ctl.sock
[log]
level = $2
${3:-}
CONF
}

# start_daemon: nassecd on $work/nassecd.conf, its log appended to
# $work/nassecd.log; 0 once it answers on its control socket (30 s at most,
# for a loaded machine under TCG), 1 at once if it exits.
start_daemon() {
	"$bin/nassecd" -f -c "$work/nassecd.conf" 2>>"$work/nassecd.log" &
	daemon_pid=$!
	for _ in $(seq 300); do
		nassec mme show >/dev/null 2>&1 && return 0
		kill -0 "$daemon_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stop_daemon: SIGTERM; its exit status.
stop_daemon() {
	local rc
	kill "$daemon_pid"
	wait "$daemon_pid"
	rc=$?
	daemon_pid=
	return $rc
}

# kill_daemon: SIGKILL, if it runs (a crash to restart from, or cleanup).
kill_daemon() {
	[ -n "$daemon_pid" ] || return 0
	kill -9 "$daemon_pid" 2>/dev/null
	wait "$daemon_pid" 2>/dev/null
	daemon_pid=
}
