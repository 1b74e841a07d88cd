#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Cross-check of libnas against an independent decoder: tshark's NAS-EPS
# dissector. test_nasmsg --dump writes every message it builds (each with
# all optional IEs and with none); each goes into a pcap as one frame of
# link type USER0 handed to the "nas-eps_plain" dissector. tshark must
# decode each without malformed-packet or warning/error expert info, with
# the message type and the key fields (NAME.expect) the message was built
# from. TAP on stdout. Env: OUT (directory of test_nasmsg), default
# ../../build/unit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../build/unit}
# shellcheck source=selftests/unit/tshark-common.inc
. "$here/tshark-common.inc"
need_tools tshark text2pcap od
need_program "$out/test_nasmsg"

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if ! "$out/test_nasmsg" --dump "$dir"; then
	not_ok "test_nasmsg --dump writes the messages"
	finish
fi


# One pcap, one frame per message (text2pcap starts a new packet at every
# offset 0), DLT 147 (USER0) dissected as plain NAS-EPS.
names=()
for bin in "$dir"/*.bin; do
	names+=("$(basename "$bin" .bin)")
	od -Ax -tx1 -v "$bin"
done >"$dir/all.txt"
if ! text2pcap -q -l 147 "$dir/all.txt" "$dir/all.pcap" 2>/dev/null; then
	not_ok "text2pcap writes the pcap"
	finish
fi

# Every field any message expects, in one tshark run.
declare -A col=()
fields=()
for name in "${names[@]}"; do
	while IFS='=' read -r key _; do
		[ -n "$key" ] && [ -z "${col[$key]:-}" ] || continue
		col[$key]=${#fields[@]}
		fields+=("$key")
	done <"$dir/$name.expect"
done
args=()
for f in "${fields[@]}"; do
	args+=(-e "$f")
done
dlt='uat:user_dlts:"User 0 (DLT=147)","nas-eps_plain","0","","0",""'
mapfile -t rows < <(tshark -o "$dlt" -r "$dir/all.pcap" -T fields \
	-E separator=';' -E occurrence=a -E aggregator='|' "${args[@]}" \
	-e _ws.malformed -e _ws.expert.severity -e _ws.expert.message \
	2>/dev/null)
if [ "${#rows[@]}" -ne "${#names[@]}" ]; then
	not_ok "tshark decodes ${#names[@]} frames (got ${#rows[@]})"
	finish
fi

nf=${#fields[@]}
for i in "${!names[@]}"; do
	name=${names[$i]}
	IFS=';' read -r -a vals <<<"${rows[$i]}"
	malformed=${vals[$nf]:-}
	severities=${vals[$((nf + 1))]:-}
	messages=${vals[*]:$((nf + 2))}

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

	got=() exp=()
	while IFS='=' read -r key value; do
		[ -n "$key" ] || continue
		v=${vals[${col[$key]}]:-}
		v=${v%%|*}
		v=${v//:/}
		got+=("$key=$v")
		exp+=("$key=$value")
	done <"$dir/$name.expect"
	if [ "${got[*]}" = "${exp[*]}" ]; then
		ok "$name: tshark reads ${exp[*]}"
	else
		not_ok "$name: tshark reads ${exp[*]}"
		echo "# tshark: ${got[*]}"
	fi
done
finish
