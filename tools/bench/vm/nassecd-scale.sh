#!/usr/bin/env bash
# nassecd-scale.sh: guest side of 'make bench-scale' (tools/bench/nassecd-scale.sh).
# One nassecd (nas_security = kernel: the inline offload) with N UEs attached
# and left registered idle: enbsim --idle attaches each UE and then releases
# its S1 connection (UE Context Release Request, user inactivity), so every
# UE ends EMM-REGISTERED in ECM-IDLE with its EPS security context in
# nassec.ko. Memory is read in the same live system before the attaches
# (subscribers imported) and after them (enbsim gone, its associations
# closed): nassecd's VmRSS, RssAnon, [heap] and smaps_rollup; the kernel's
# nassec_ctx slab cache and /proc/meminfo's Slab, SUnreclaim, VmallocUsed,
# MemAvailable; per UE = delta / N. Then every UE is checked registered
# and idle (mme show, nassec stats' contexts, nassec ue list).
# TAP on stdout, the figures as '#' lines, details in $NASSEC_BENCH_OUT.
#   NASSEC_SCALE_UES (100000), NASSEC_BENCH_ENBS (4), NASSEC_BENCH_CONC (256)
set -u
# shellcheck source=tools/bench/vm/lib.sh
. "$(dirname "$0")/lib.sh"
ues=${NASSEC_SCALE_UES:-100000}
# enbsim --idle: every UE keeps its PDN connection and address.
pool_conf='[pdn]
pool = 10.0.0.0/8'

# snapshot FILE: "key kB" lines, nassecd's and the kernel's memory now.
# Page cache and reclaimable slabs dropped first: what stays is in use.
snapshot() {
	local p=/proc/$daemon_pid
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	{
		for k in VmRSS RssAnon VmData; do echo "d_$k $(kb "$p/status" "$k")"; done
		for k in Rss Anonymous Private_Dirty; do echo "d_rollup_$k $(kb "$p/smaps_rollup" "$k")"; done
		awk '/\[heap\]$/ { h = 1; next } h && $1 == "Rss:" { print "d_heap_Rss", $2; exit }
			END { if (!h) print "d_heap_Rss 0" }' "$p/smaps"
		for k in MemFree MemAvailable Slab SUnreclaim SReclaimable VmallocUsed Percpu Shmem; do
			echo "k_$k $(kb /proc/meminfo "$k")"
		done
		# nassec_ctx: its slabs' memory (num_slabs * pages per slab);
		# its active objects and their size as "c_" lines (counts, not kB).
		awk '$1 == "nassec_ctx" { print "k_nassec_ctx_slabs", $15 * $6 * 4;
			print "c_ctx_objs", $2; print "c_ctx_objsize", $4 }' /proc/slabinfo
	} >"$1"
}

bench_daemon kernel "$pool_conf" ||
	{ not_ok "nassecd started" "$(daemon_log)"; finish; }

t0=$(date +%s%N)
if import_subscribers "$ues" && [ "$(mme .subscribers)" = "$ues" ]; then
	ok "$ues subscribers imported in $((($(date +%s%N) - t0) / 1000000)) ms"
else
	not_ok "$ues subscribers imported" "$(tail -n 20 "$work/import.out" "$work/nassecd.log" 2>&1)"
	finish
fi
snapshot "$out/scale-before.txt"

"$bin/enbsim" --enbs "$enbs" --ues "$ues" --concurrency "$conc" --idle --json --quiet \
	--timeout 60 >"$out/scale-enbsim.json" 2>"$work/enbsim.err"
rc=$?
jq -c '{passed, failed, seconds, attaches_per_s, nas_per_s, attach: .latency_ms.attach}' \
	"$out/scale-enbsim.json" 2>/dev/null | sed "s/^/# enbsim --idle: /"
if [ $rc = 0 ] && jq -e ".passed == $ues and .attached == $ues and .detached == 0" \
	"$out/scale-enbsim.json" >/dev/null; then
	ok "$ues UEs over $enbs eNBs attached, then released to ECM-IDLE (enbsim: all pass)"
else
	not_ok "$ues UEs attached and released to ECM-IDLE" \
		"rc $rc; $(head -c 1500 "$work/enbsim.err"); $(jq -c .failures "$out/scale-enbsim.json" 2>&1)"
fi
# enbsim closed its associations: wait for nassecd to see them gone.
for _ in $(seq 100); do [ "$(mme .enbs)" = 0 ] && break; sleep 0.1; done
snapshot "$out/scale-after.txt"

# Every UE registered and idle, with one kernel context each.
show=$(nassec -j mme show)
echo "$show" >"$out/scale-mme-show.json"
contexts=$(nassec -j stats | jq -r .contexts)
# (No process substitution: the guest has no /dev/fd.)
read -r listed registered_idle <<<"$(nassec ue list |
	awk '{ n++ } $3 == "EMM-REGISTERED" && $NF == "idle" { r++ } END { print n + 0, r + 0 }')"
echo "# mme show: ues $(jq -r .ues <<<"$show"), attaches_ok $(jq -r .counters.attaches_ok <<<"$show"), bytes_per_ue (its own estimate) $(jq -r .bytes_per_ue <<<"$show"); kernel contexts $contexts; ue list: $listed UEs, $registered_idle EMM-REGISTERED and idle"
if jq -e ".ues == $ues and .counters.attaches_ok == $ues and .counters.attaches_failed == 0" \
	<<<"$show" >/dev/null && [ "$contexts" = "$ues" ] && [ "$listed" = "$ues" ] &&
	[ "$registered_idle" = "$ues" ]; then
	ok "all $ues UEs EMM-REGISTERED and ECM-IDLE, each with a kernel context"
else
	not_ok "all $ues UEs EMM-REGISTERED and ECM-IDLE, each with a kernel context" \
		"$(jq -c '{ues, enbs, counters}' <<<"$show")"
fi

# The table: before, after, delta, per UE (octets).
echo "# memory with $ues registered idle UEs (kB; per UE in octets = delta / $ues):"
printf '# %-22s %12s %12s %12s %10s\n' "" before after delta per_UE_B
sort "$out/scale-before.txt" >"$work/before"
sort "$out/scale-after.txt" >"$work/after"
join "$work/before" "$work/after" | grep -v '^c_' |
	awk -v n="$ues" '{ printf "# %-22s %12d %12d %12d %10.1f\n", $1, $2, $3, $3 - $2,
		($3 - $2) * 1024 / n }' | tee "$out/scale-table.txt"
echo "# nassec_ctx objects: $(awk '$1 == "c_ctx_objs" { print $2 }' "$out/scale-before.txt") before, $(awk '$1 == "c_ctx_objs" { print $2 }' "$out/scale-after.txt") after, $(awk '$1 == "c_ctx_objsize" { print $2 }' "$out/scale-after.txt") octets each (d_: nassecd, k_: kernel; MemAvailable's delta is negative: memory taken)"

if stop_daemon; then ok "nassecd exits 0 on SIGTERM with $ues UEs"; else not_ok "nassecd exits 0 on SIGTERM" "$(daemon_log)"; fi
finish
