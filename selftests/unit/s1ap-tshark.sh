#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Cross-check of libs1ap and the captured messages in test_s1ap against an
# independent decoder: tshark's S1AP dissector. Each message goes into a
# pcap as one SCTP DATA chunk with PPID 18; tshark must decode it without
# malformed-packet or warning/error expert info, and report the PDU type,
# procedure code, UE ids and first NAS-PDU the message was built from.
# test_s1ap_codec's messages (every builder, both directions) also name key
# fields in their .expect as "f:tshark.field=value" (all occurrences,
# '|'-joined) or "f:tshark.field^=prefix"; each must match.
# TAP on stdout. Env: OUT (directory of test_s1ap), default ../../build/unit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../build/unit}
# shellcheck source=selftests/unit/tshark-common.inc
. "$here/tshark-common.inc"
need_tools tshark text2pcap od
need_program "$out/test_s1ap"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if ! "$out/test_s1ap" --dump "$dir"; then
	not_ok "test_s1ap --dump writes the messages"
	finish
fi
if [ ! -x "$out/test_s1ap_codec" ] || ! "$out/test_s1ap_codec" --dump "$dir"; then
	not_ok "test_s1ap_codec --dump writes the messages"
	finish
fi


# All messages in one pcap, one frame each (text2pcap starts a new packet
# at every offset 0), decoded by a single tshark run.
names=()
for bin in "$dir"/*.bin; do
	names+=("$(basename "$bin" .bin)")
	od -Ax -tx1 -v "$bin"
done >"$dir/all.txt"
if ! text2pcap -q -S 36412,36412,18 "$dir/all.txt" "$dir/all.pcap" 2>/dev/null; then
	not_ok "text2pcap writes the pcap"
	finish
fi
# Key fields: one more column each, after the nine common ones.
mapfile -t extra < <(grep -h '^f:' "$dir"/*.expect | sed 's/^f://; s/^=*//; s/[\^]*=.*//' | sort -u)
base=(s1ap.S1AP_PDU s1ap.procedureCode s1ap.MME_UE_S1AP_ID s1ap.ENB_UE_S1AP_ID)
declare -A column=()
for i in "${!base[@]}"; do
	column[${base[$i]}]=$i
done
extra_args=()
for f in "${extra[@]}"; do
	[ -n "${column[$f]:-}" ] && continue
	column[$f]=$((9 + ${#extra_args[@]} / 2))
	extra_args+=(-e "$f")
done
mapfile -t rows < <(tshark -r "$dir/all.pcap" -T fields -E separator=';' \
	-E occurrence=a -E aggregator='|' -e s1ap.S1AP_PDU \
	-e s1ap.procedureCode -e s1ap.MME_UE_S1AP_ID -e s1ap.ENB_UE_S1AP_ID \
	-e s1ap.NAS_PDU -e s1ap.nAS_PDU -e _ws.malformed \
	-e _ws.expert.severity -e _ws.expert.message "${extra_args[@]}" \
	2>/dev/null)
if [ "${#rows[@]}" -ne "${#names[@]}" ]; then
	not_ok "tshark decodes ${#names[@]} frames (got ${#rows[@]})"
	finish
fi

for i in "${!names[@]}"; do
	name=${names[$i]}
	declare -A want=()
	fields=()
	while IFS='=' read -r key value; do
		if [ "${key#f:}" != "$key" ]; then
			fields+=("${key#f:}=$value")
		else
			want[$key]=$value
		fi
	done <"$dir/$name.expect"
	IFS=';' read -r -a cols <<<"${rows[$i]}"
	IFS=';' read -r pdu proc mme enb nas item_nas malformed severities \
		messages <<<"${rows[$i]}"
	first() { echo "${1%%|*}"; }
	pdu=$(first "$pdu")
	proc=$(first "$proc")
	mme=$(first "$mme")
	enb=$(first "$enb")
	nas=$(first "${nas:-$item_nas}")
	nas=${nas//:/}

	clean=1
	[ -n "$malformed" ] && clean=0
	for sev in ${severities//|/ }; do
		[ $((sev)) -ge "$warn" ] && clean=0
	done
	if [ "$clean" -eq 1 ]; then
		ok "$name: tshark decodes it without malformed or warning expert info"
	else
		not_ok "$name: tshark decodes it without malformed or warning expert info"
		echo "# expert: $malformed $severities $messages"
	fi

	got="pdu=$pdu procedure=$proc mme=$mme enb=$enb"
	exp="pdu=${want[pdu]} procedure=${want[procedure]} mme=${want[mme]} enb=${want[enb]}"
	if [ "$got" = "$exp" ]; then
		ok "$name: tshark reads $exp"
	else
		not_ok "$name: tshark reads $exp"
		echo "# tshark: $got"
	fi

	if [ "$nas" = "${want[nas]}" ]; then
		ok "$name: tshark's NAS-PDU is the one built in (${#nas} hex digits)"
	else
		not_ok "$name: tshark's NAS-PDU is the one built in"
		echo "# tshark: '$nas'"
		echo "# built:  '${want[nas]}'"
	fi
	for fv in "${fields[@]}"; do
		key=${fv%%=*}
		value=${fv#*=}
		prefix=0
		if [ "${key%^}" != "$key" ]; then
			key=${key%^}
			prefix=1
		fi
		got=${cols[${column[$key]}]:-}
		if [ "$got" = "$value" ] || { [ "$prefix" -eq 1 ] &&
			[ "${got#"$value"}" != "$got" ]; }; then
			ok "$name: tshark shows $key = $value"
		else
			not_ok "$name: tshark shows $key = $value"
			echo "# tshark: '$got'"
		fi
	done
	unset want
done
finish
