#!/usr/bin/env bash
# enbsim_capture_test: one attach per EIA x EEA pair, captured on the wire
# and decoded by tshark (run in the test VM, as root, with the module
# loaded). TAP on stdout.
#
# In a private network namespace: nassecd on 127.0.0.1, dumpcap on lo, and
# enbsim attaching and detaching 12 UEs at once, UE i supporting only the
# i-th pair of EIA1-3 x EEA0-3 (--spread). tshark, an independent decoder,
# then reads every S1AP message of the capture; each is given to its UE by
# its eNB-UE-S1AP-ID (and its MME-UE-S1AP-ID must stay the same), and each
# UE's messages must read, in order: the S1AP procedures, the NAS security
# header types (TS 24.301 9.3.1), a non-zero MAC on every protected
# message, the NAS sequence numbers of each direction (0 for the SMC and
# its COMPLETE, then 1, 2), the EMM message types wherever tshark can see
# them, the SMC's selected algorithms and replayed capabilities (its UE's
# pair), and nothing tshark calls malformed or an error. Messages under
# EEA0 are read through (nas-eps.null_decipher); under EEA1-3 tshark sees
# the header, MAC and SQN of a ciphered message, not its type.
# On failure the capture is left base64-encoded on stderr; to check a saved
# capture again (no VM needed): enbsim_capture_test.sh --check FILE.pcap
# nassec-kernels: stock (the kernel paths are nassecd_test's; this checks
# the bytes on the wire)
# nassec-timeout: 120
set -u
check=
[ "${1:-}" != --check ] || check=${2:?--check FILE}
if [ -z "$check" ] && [ -z "${ENBSIM_TEST_NETNS:-}" ]; then
	ENBSIM_TEST_NETNS=1 exec unshare --net "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
bin=${NASSEC_BIN:-$here/../bin}
work=$(mktemp -d /tmp/enbsim_capture_test.XXXXXX)
# shellcheck source=selftests/lib/tap.sh
. "${NASSEC_TOP:-$here/../..}/selftests/lib/tap.sh"
# shellcheck source=selftests/lib/nassecd.sh
. "${NASSEC_TOP:-$here/../..}/selftests/lib/nassecd.sh"
cap_pid=

# shellcheck disable=SC2317 # the EXIT trap calls it
cleanup() {
	[ -z "$cap_pid" ] || kill "$cap_pid" 2>/dev/null
	kill_daemon
	rm -rf "$work"
}
trap cleanup EXIT

finish() {
	if [ $failed != 0 ] && [ -s "$work/cap.pcap" ] && [ -z "$check" ]; then
		echo "enbsim_capture_test: the capture (base64 pcap):" >&2
		base64 "$work/cap.pcap" >&2
	fi
	echo "1..$n"
	exit $failed
}
# ms START: milliseconds since START (date +%s%N).
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

# live: nassecd, and enbsim's attaches captured into $work/cap.pcap.
live() {
	local end_mark=enbsim-capture-test-end-$$
	ip link set lo up || { not_ok "loopback up in a private namespace"; finish; }
	# dumpcap takes seconds to start under TCG: while nassecd starts too.
	dumpcap -i lo -P -w "$work/cap.pcap" 2>"$work/dumpcap.err" &
	cap_pid=$!
	daemon_conf enbsim-capture notice
	start_daemon
	"$bin/enbsim" --gen-subscribers --ues 12 >"$work/subs.txt"
	if nassec subscriber import "$work/subs.txt" >"$work/out" 2>&1 &&
		[ "$(mme .subscribers)" = 12 ]; then
		ok "nassecd started in a private network namespace, 12 subscribers imported"
	else
		not_ok "nassecd started, 12 subscribers imported" "$(cat "$work/out"; daemon_log)"
		finish
	fi

	# dumpcap says "Capturing on" once its socket is bound: from then on
	# nothing sent on lo is missed.
	for _ in $(seq 100); do grep -q '^Capturing on' "$work/dumpcap.err" && break; sleep 0.05; done
	if ! grep -q '^Capturing on' "$work/dumpcap.err"; then
		not_ok "dumpcap captures on lo" "$(cat "$work/dumpcap.err")"
		finish
	fi
	start=$(date +%s%N)
	"$bin/enbsim" --ues 12 --spread --detach --json >"$work/sim.json" 2>"$work/sim.err"
	rc=$?
	echo "# enbsim: exit $rc in $(ms "$start") ms"
	# Every S1AP message is on lo (the last, UE CONTEXT RELEASE COMPLETE,
	# was sent before enbsim exited) but maybe not yet in the file: dumpcap
	# reads the kernel's ring a block at a time and flushes every 100 ms,
	# and what it has not read when stopped is lost. A UDP datagram sent
	# after them is written after them: once it is in the file, so are they.
	for _ in $(seq 50); do
		echo "$end_mark" 2>/dev/null >/dev/udp/127.0.0.1/9
		sleep 0.1
		grep -qa "$end_mark" "$work/cap.pcap" && break
	done
	kill -INT "$cap_pid"
	wait "$cap_pid"
	cap_rc=$?
	cap_pid=
	if [ $rc = 0 ] && jq -e '.passed == 12 and .attached == 12 and .detached == 12 and
			(.algorithms | length) == 12' "$work/sim.json" >/dev/null; then
		ok "enbsim: 12 UEs, one per EIA1-3 x EEA0-3 pair, attach and detach (enbsim's own verdicts)"
	else
		not_ok "enbsim: 12 UEs attach and detach" "exit $rc; $(head -c 2000 "$work/sim.err"; cat "$work/sim.json")"
	fi
	if [ $cap_rc = 0 ] && [ -s "$work/cap.pcap" ]; then
		ok "dumpcap on lo wrote the capture ($(stat -c %s "$work/cap.pcap") bytes)"
	else
		not_ok "dumpcap on lo wrote the capture" "exit $cap_rc; $(cat "$work/dumpcap.err")"
		finish
	fi
}

if [ -n "$check" ]; then
	cp "$check" "$work/cap.pcap" || finish
else
	live
fi

# ---- tshark's reading ----
# decode NULL_DECIPHER NAME: tshark's JSON in NAME.json, and NAME.tsv: one
# line per S1AP message (SCTP DATA chunk), tab separated: frame, direction
# (UL: to the MME's port), procedure code, S1AP-PDU choice (0 initiating,
# 1 successful), eNB-UE-S1AP-ID, MME-UE-S1AP-ID, then the NAS PDU's outer
# security header type, MAC ("mac" when present and non-zero), SQN, EMM
# type, the selected algorithms, the UE security capabilities in NAS
# (ATTACH REQUEST's own, SMC's replayed) and in S1AP, the IMSI, and what
# tshark flagged in the message or in its frame outside S1AP ("-" for
# none; a flagged frame without S1AP is a line of "-"). --no-duplicate-keys turns repeated keys into arrays: the first
# element is the outer one.
decode() {
	tshark -r "$work/cap.pcap" -o "nas-eps.null_decipher:$1" -T json --no-duplicate-keys \
		>"$work/$2.json" 2>"$work/$2.err" || return
	jq -r '
def one: if type == "array" then .[0] else . end;
def f($k): (first(.. | objects | .[$k]? // empty) | one) // "-";
def caps: (first(.. | objects | select(has("nas_eps.emm.eea0")))) as $o
	| [(range(0; 4) as $i | select($o[["nas_eps.emm.eia0", "nas_eps.emm.128eia1",
		"nas_eps.emm.128eia2", "nas_eps.emm.eia3"][$i]] == "1") | "EIA\($i)"),
	   (range(0; 4) as $i | select($o[["nas_eps.emm.eea0", "nas_eps.emm.128eea1",
		"nas_eps.emm.128eea2", "nas_eps.emm.eea3"][$i]] == "1") | "EEA\($i)")]
	| join("+");
# TS 36.413 9.2.1.40 UE Security Capabilities: EEA1-3/EIA1-3 bits (EEA0 implied).
def s1caps: (first(.. | objects | select(has("s1ap.encryptionAlgorithms_tree")))) as $o
	| [(range(1; 4) as $i | select($o["s1ap.integrityProtectionAlgorithms_tree"]
		["s1ap.integrityProtectionAlgorithms.EIA\($i)"] == "1") | "EIA\($i)"),
	   (range(1; 4) as $i | select($o["s1ap.encryptionAlgorithms_tree"]
		["s1ap.encryptionAlgorithms.EEA\($i)"] == "1") | "EEA\($i)")] | join("+");
# Malformed items, and expert infos of warning severity (0x600000) or above.
def flags: [(.. | objects | keys[] | select(startswith("_ws.malformed"))),
	(.. | objects | select(has("_ws.expert.severity"))
	 | [.["_ws.expert.severity"]] | flatten | .[] | select(tonumber >= 6291456)
	 | "expert severity \(.)")] | unique | join("; ");
.[]._source.layers as $l
| ($l | del(.s1ap) | flags) as $frame_flags
# Each S1AP message; a frame without one only when tshark flagged it.
| (if $l.s1ap then $l.s1ap | (if type == "array" then .[] else . end)
   elif $frame_flags != "" then {} else empty end)
| [$l.frame["frame.number"], (if ($l.sctp | one)["sctp.dstport"] == "36412" then "UL" else "DL" end),
   f("s1ap.procedureCode"), f("s1ap.S1AP_PDU"), f("s1ap.ENB_UE_S1AP_ID"),
   f("s1ap.MME_UE_S1AP_ID"), f("nas_eps.security_header_type"),
   (f("nas_eps.msg_auth_code") | if . == "-" then . elif test("^0x0+$") then "MAC=0" else "mac" end),
   f("nas_eps.seq_no"), f("nas_eps.nas_msg_emm_type"),
   (f("nas_eps.emm.toi") | if . == "-" then . else "EIA\(.)" end) + "/" +
   (f("nas_eps.emm.toc") | if . == "-" then . else "EEA\(.)" end),
   ((caps | select(. != "")) // "-"), ((s1caps | select(. != "")) // "-"), f("e212.imsi"),
   ([flags, $frame_flags] | map(select(. != "")) | join("; ") | if . == "" then "-" else . end)]
| @tsv' "$work/$2.json" >"$work/$2.tsv"
}
# Both at once: tshark's start alone takes 5 s under TCG, and the VM has 2 CPUs.
start=$(date +%s%N)
decode TRUE plain &
plain_pid=$!
decode FALSE ciph
rc_ciph=$?
wait $plain_pid
rc_plain=$?
echo "# tshark read the capture twice in $(ms "$start") ms"
# S1AP messages in the capture: as many as DATA chunks, each with PPID 18
# (TS 36.412 7): S1 SETUP and its response, then 12 per UE.
chunks=$(jq -r '.[]._source.layers.sctp | .. | objects | select(.["sctp.chunk_type"]? == "0")
	| .["sctp.data_payload_proto_id"]' "$work/plain.json")
if [ $rc_plain = 0 ] && [ $rc_ciph = 0 ] && [ "$(wc -l <"$work/plain.tsv")" = $((2 + 12 * 12)) ] &&
	[ "$(wc -l <"$work/ciph.tsv")" = $((2 + 12 * 12)) ] &&
	[ "$(wc -l <<<"$chunks")" = $((2 + 12 * 12)) ] && ! grep -qvx 18 <<<"$chunks"; then
	ok "tshark reads 146 S1AP messages, one per SCTP DATA chunk, all with PPID 18"
else
	not_ok "tshark reads the capture" "tshark: $rc_plain/$rc_ciph; $(wc -l <"$work/plain.tsv") S1AP messages (or flagged frames), $(wc -l <<<"$chunks") DATA chunks (PPIDs $(sort -u <<<"$chunks" | tr '\n' ' '))
$(head -c 1500 "$work/plain.err")"
	[ -s "$work/plain.tsv" ] || finish
fi

# Non-UE signalling: one S1 SETUP, answered; nothing else without an eNB-UE-S1AP-ID.
nonue=$(awk -F'\t' '$5 == "-" { print NR, $2, $3, $4, $15 }' "$work/plain.tsv")
if [ "$nonue" = "1 UL 17 0 -
2 DL 17 1 -" ]; then
	ok "S1 SETUP REQUEST and RESPONSE, once, before the UEs; no other non-UE message"
else
	not_ok "S1 SETUP REQUEST and RESPONSE once" "$nonue"
fi

# The MME-UE-S1AP-ID of each eNB-UE-S1AP-ID: one, and each UE its own.
ids=$(awk -F'\t' '$5 != "-" && $6 != "-" { print $5, $6 }' "$work/plain.tsv" | sort -u)
if [ "$(wc -l <<<"$ids")" = 12 ] && [ "$(cut -d' ' -f1 <<<"$ids" | sort -u | wc -l)" = 12 ] &&
	[ "$(cut -d' ' -f2 <<<"$ids" | sort -u | wc -l)" = 12 ]; then
	ok "12 UEs on the wire, each one eNB-UE-S1AP-ID and one MME-UE-S1AP-ID of its own"
else
	not_ok "12 UEs on the wire, one ID pair each" "$ids"
fi

# The S1AP procedures (TS 36.413 9.3.6) by code and PDU choice.
declare -A proc=(
	[9.0]=InitialContextSetupRequest [9.1]=InitialContextSetupResponse
	[11.0]=DownlinkNASTransport [12.0]=InitialUEMessage [13.0]=UplinkNASTransport
	[23.0]=UEContextReleaseCommand [23.1]=UEContextReleaseComplete
)
# trace TSV ENB_ID: UE ENB_ID's messages in capture order, one line each:
# direction, procedure, then header type, MAC, SQN, EMM type, algorithms,
# NAS and S1AP capabilities, IMSI; the NAS fields only for messages with a NAS PDU.
trace() {
	local dir pc ch sht mac sqn emm algs caps s1caps imsi

	# (The guest has no /dev/fd: a pipe, not a process substitution.)
	awk -F'\t' -v id="$2" '$5 == id { print $2, $3, $4, $7, $8, $9, $10, $11, $12, $13, $14 }' "$1" |
	while IFS=' ' read -r dir pc ch sht mac sqn emm algs caps s1caps imsi; do
		printf '%s %s' "$dir" "${proc[$pc.$ch]:-procedure$pc.$ch}"
		[ "$sht" = - ] || printf ' sht=%s %s sqn=%s emm=%s' "$sht" "$mac" "$sqn" "$emm"
		[ "$algs" = -/- ] || printf ' %s' "$algs"
		[ "$caps" = - ] || printf ' caps=%s' "$caps"
		[ "$s1caps" = - ] || printf ' s1caps=%s' "$s1caps"
		[ "$imsi" = - ] || printf ' imsi=%s' "$imsi"
		echo
	done
}
# expected EIA EEA IMSI: what tshark must read of that UE's attach and detach
# (TS 24.301 5.5.1.2, 5.4.3, 5.5.2.2; TS 36.413 8.6.2, 8.3.1, 8.3.3). Under
# EEA0 it reads every message; under EEA1-3 messages of header type 2 and 4
# are ciphered: their EMM type is "-".
expected() {
	local c=EIA$1+EEA$2 s1=EIA$1+EEA$2
	[ "$2" != 0 ] || s1=EIA$1
	# emm TYPE: the EMM type of a message tshark can read only under EEA0.
	emm() { if [ "$2" = 0 ]; then echo "$1"; else echo -; fi; }
	cat <<EOF
UL InitialUEMessage sht=0 - sqn=- emm=0x41 caps=$c imsi=$3
DL DownlinkNASTransport sht=0 - sqn=- emm=0x52
UL UplinkNASTransport sht=0 - sqn=- emm=0x53
DL DownlinkNASTransport sht=3 mac sqn=0 emm=0x5d EIA$1/EEA$2 caps=$c
UL UplinkNASTransport sht=4 mac sqn=0 emm=$(emm 0x5e "$2")
DL InitialContextSetupRequest sht=2 mac sqn=1 emm=$(emm 0x42 "$2") s1caps=$s1
UL InitialContextSetupResponse
UL UplinkNASTransport sht=2 mac sqn=1 emm=$(emm 0x43 "$2")
UL UplinkNASTransport sht=2 mac sqn=2 emm=$(emm 0x45 "$2")
DL DownlinkNASTransport sht=2 mac sqn=2 emm=$(emm 0x46 "$2")
DL UEContextReleaseCommand
UL UEContextReleaseComplete
EOF
}

# ---- per pair: UE i (eNB-UE-S1AP-ID i + 1, IMSI base + i) has pair i ----
for i in $(seq 0 11); do
	eia=$((1 + i / 4)) eea=$((i % 4)) id=$((i + 1))
	imsi=$(printf '00101%010d' $((i + 1)))
	tsv=$work/ciph.tsv
	[ $eea != 0 ] || tsv=$work/plain.tsv
	trace "$tsv" $id >"$work/got"
	expected $eia $eea "$imsi" >"$work/want"
	flags=$(awk -F'\t' -v id=$id '$5 == id && $15 != "-" { print "frame " $1 ": " $15 }' "$tsv")
	mme_id=$(awk -F'\t' -v id=$id '$5 == id && $6 != "-" { print $6; exit }' "$tsv")
	what="EIA$eia/EEA$eea (eNB-UE-S1AP-ID $id, MME-UE-S1AP-ID ${mme_id:-?}): tshark reads procedures, header types, MACs, SQNs, EMM types, SMC algorithms, nothing malformed"
	if cmp -s "$work/want" "$work/got" && [ -z "$flags" ]; then
		ok "$what"
	else
		not_ok "$what" "$(diff "$work/want" "$work/got" | sed 's/^</want/; s/^>/got /'
			[ -z "$flags" ] || echo "$flags")"
	fi
done

[ -n "$check" ] && finish
stop_daemon
rc=$?
if [ $rc = 0 ]; then ok "nassecd exits 0 on SIGTERM"; else not_ok "nassecd exits 0 on SIGTERM" "status $rc; $(daemon_log)"; fi
finish
