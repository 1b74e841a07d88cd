#!/usr/bin/env bash
# The operator's tour that 'make run' shows in the appliance VM, with the
# module loaded: a UE's EPS security context in the kernel, a downlink NAS
# message protected there, an uplink one (protected by an independent UE
# side on openssl) verified, deciphered and then refused as a replay,
# KeNB for the eNB, the counters. Exit status 0 only if every step did what
# the comment above it says.
set -u
top=${1:?usage: demo.sh REPO}
nassec=$top/build/bin/nassec
# shellcheck source=selftests/lib/ue_openssl.sh
. "$top/selftests/lib/ue_openssl.sh"
status=0

say() { printf '\n# %s\n' "$*"; }
# nassec ARGS...: echo the command, run it, indent its output; keep its output in $last.
nassec() {
	printf '$ nassec %s\n' "$*"
	last=$("$nassec" "$@" 2>&1)
	rc=$?
	[ -z "$last" ] || sed 's/^/  /' <<<"$last"
	return $rc
}
expect() {	# DESCRIPTION CONDITION...
	local what=$1
	shift
	if "$@"; then echo "  -> $what"; else echo "  -> UNEXPECTED: not $what"; status=1; fi
}

ue=4660
kasme=8a1fd3b72c4e90f6135d7ab2c98e4f60172a3bd4e5f6071829304a5b6c7d8e9f
kint=$(knas "$kasme" 2 2)
kenc=$(knas "$kasme" 1 2)

say "After EPS-AKA the MME loads KASME; the kernel derives K_NASint/K_NASenc (TS 33.401 A.7)"
nassec ctx add $ue kasme "$kasme" eksi 1 eia aes eea aes
expect "context created" [ $rc = 0 ]
nassec ctx show $ue
expect "no key is ever shown" eval '! grep -qi "$kasme" <<<"$last"'

say "Downlink: IDENTITY REQUEST protected in the kernel (header type 2: integrity + ciphered)"
nassec pdu protect $ue sht 2 075501
expect "the UE side (openssl) computes the same PDU" \
	[ "$last" = "$(protect_here "$kint" "$kenc" 0 1 075501)" ]

ul=$(protect_here "$kint" "$kenc" 0 0 0756080910101032547698)
say "Uplink: IDENTITY RESPONSE protected by the UE side (openssl): $ul"
nassec pdu unprotect $ue "$ul"
expect "verified and deciphered" grep -q 'verdict ok .*data 0756080910101032547698' <<<"$last"
say "The same PDU again: replay protection (TS 33.401 7.2.4)"
nassec pdu unprotect $ue "$ul"
expect "refused as a replay" grep -q 'verdict replay' <<<"$last"

say "KeNB for Initial Context Setup (TS 33.401 A.3: FC 0x11, the last accepted uplink COUNT)"
nassec kenb $ue
expect "the UE side derives the same KeNB" [ "$last" = "$(hmac256 "$kasme" 11000000000004)" ]

say "Counters of the namespace"
nassec stats
nassec ctx del $ue
expect "context deleted, keys wiped" [ $rc = 0 ]
exit $status
