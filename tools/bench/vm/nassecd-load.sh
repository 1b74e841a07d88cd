#!/usr/bin/env bash
# nassecd-load.sh: guest side of 'make bench-offload' (tools/bench/nassecd-offload.sh).
# nassecd with [security] nas_security = kernel (nassec.ko) and = daemon
# (userspace), alternating kernel, daemon, kernel, daemon ... in one boot;
# each run a fresh nassecd and enbsim's load mode: N UEs over E eNBs, C in
# flight, attach + detach. Per run: attaches/s, NAS messages/s, attach
# p50/p99, nassecd's user and system CPU time per attach (/proc/PID/stat)
# and the whole system's kernel time (system+irq+softirq of /proc/stat).
# TAP on stdout, the table as '#' lines; each run's enbsim JSON in
# $NASSEC_BENCH_OUT.
#   NASSEC_BENCH_UES (2000), NASSEC_BENCH_ENBS (4), NASSEC_BENCH_CONC (256),
#   NASSEC_BENCH_ROUNDS (2)
set -u
# shellcheck source=tools/bench/vm/lib.sh
. "$(dirname "$0")/lib.sh"
ues=${NASSEC_BENCH_UES:-2000}
rounds=${NASSEC_BENCH_ROUNDS:-2}

# The store is imported once; each run's nassecd opens it again (SQNs persist).
if bench_daemon kernel && import_subscribers "$ues" && [ "$(mme .subscribers)" = "$ues" ] &&
	stop_daemon; then
	ok "$ues subscribers imported (enbsim --gen-subscribers)"
else
	not_ok "$ues subscribers imported" "$(cat "$work/import.out" "$work/nassecd.log" 2>&1 | tail -n 20)"
	finish
fi

echo "# $ues UEs over $enbs eNBs, $conc in flight, attach + detach, per run a fresh nassecd"
printf '# %-7s %5s %10s %9s %8s %8s %11s %11s %11s %11s\n' nas_sec run attaches/s NAS_msg/s \
	p50_ms p99_ms d_user_ms d_sys_ms kernel_ms busy_ms
echo "# (CPU columns: milliseconds per attach+detach; d_ = nassecd's, kernel = whole system's"
echo "#  system+irq+softirq, busy = whole system's user+kernel, both vCPUs)"
for r in $(seq "$rounds"); do
	for mode in kernel daemon; do
		json=$out/load-$mode-$r.json
		if ! bench_daemon "$mode"; then
			not_ok "$mode run $r: nassecd started" "$(daemon_log)"
			continue
		fi
		read -r du0 ds0 <<<"$(cpu_ticks "$daemon_pid")"
		read -r _ sk0 sb0 <<<"$(sys_ticks)"
		"$bin/enbsim" --enbs "$enbs" --ues "$ues" --concurrency "$conc" --detach --json \
			--quiet >"$json" 2>"$work/enbsim.err"
		rc=$?
		read -r du1 ds1 <<<"$(cpu_ticks "$daemon_pid")"
		read -r _ sk1 sb1 <<<"$(sys_ticks)"
		counters=$(nassec -j mme show)
		stop_daemon
		drc=$?
		att=$(jq -r .attached "$json" 2>/dev/null)
		if [ "$rc" = 0 ] && [ "$att" = "$ues" ] && [ "$drc" = 0 ] &&
			jq -e ".counters.attaches_ok == $ues and .counters.detach_by_ue == $ues and
				.nas_security == \"$mode\"" <<<"$counters" >/dev/null; then
			ok "$mode run $r: $ues UEs attached and detached, nassecd agrees"
		else
			not_ok "$mode run $r: $ues UEs attached and detached" \
				"enbsim $rc, nassecd $drc; $(head -c 1500 "$work/enbsim.err"); $(jq -c .failures "$json" 2>&1); $(jq -c .counters <<<"$counters")"
			continue
		fi
		# ms per attach from ticks: ticks * 1000 / hz / attaches.
		per() { awk -v t="$1" -v hz="$hz" -v n="$ues" 'BEGIN { printf "%.2f", t * 1000 / hz / n }'; }
		printf '# %-7s %5s %10s %9s %8s %8s %11s %11s %11s %11s\n' "$mode" "$r" \
			"$(jq -r .attaches_per_s "$json")" "$(jq -r .nas_per_s "$json")" \
			"$(jq -r .latency_ms.attach.p50 "$json")" "$(jq -r .latency_ms.attach.p99 "$json")" \
			"$(per $((du1 - du0)))" "$(per $((ds1 - ds0)))" "$(per $((sk1 - sk0)))" \
			"$(per $((sb1 - sb0)))" | tee -a "$work/table"
	done
done
# Means per mode and the kernel/daemon ratios (> 1 for rates: the offload is faster).
awk '
	{ m = $2; c[m]++; for (i = 4; i <= 11; i++) s[m, i] += $i }
	END {
		if (!c["kernel"] || !c["daemon"]) exit
		for (mi = 1; mi <= 2; mi++) {
			m = mi == 1 ? "kernel" : "daemon"
			printf "# %-7s %5s %10.1f %9.1f %8.2f %8.2f %11.2f %11.2f %11.2f %11.2f\n", m, "mean",
				s[m, 4] / c[m], s[m, 5] / c[m], s[m, 6] / c[m], s[m, 7] / c[m],
				s[m, 8] / c[m], s[m, 9] / c[m], s[m, 10] / c[m], s[m, 11] / c[m]
		}
		for (i = 4; i <= 11; i++)
			r[i] = s["daemon", i] > 0 ? sprintf("%.2f", s["kernel", i] / s["daemon", i]) : "-"
		printf "# %-7s %5s %10s %9s %8s %8s %11s %11s %11s %11s", "k/d", "ratio",
			r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]
		printf "\n"
	}' "$work/table"
finish
