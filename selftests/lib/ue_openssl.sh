# shellcheck shell=bash
# The UE side of 128-EIA2/128-EEA2 NAS security on the openssl CLI, for shell
# tests and the make run demo: independent of the module's code.
# TS 33.401 A.7 key derivation (HMAC-SHA-256), TS 24.301 9.1 message layout.
hex2bin() { printf '%b' "$(sed 's/../\\x&/g' <<<"$1")"; }
lower() { tr 'A-F' 'a-f'; }
hmac256() { hex2bin "$2" | openssl mac -digest SHA256 -macopt "hexkey:$1" HMAC | lower; }
# A.7: K_NASenc (type 1) / K_NASint (type 2) = 128 LSBs of KDF(KASME, 0x15 ...).
knas() {	# KASME TYPE ALG
	local k
	k=$(hmac256 "$1" "$(printf '15%02x0001%02x0001' "$2" "$3")")
	echo "${k:32:32}"
}
# The EEA2/EIA2 block: COUNT(32) | BEARER(5)=0 | DIRECTION(1) | 0.
count_block() { printf '%08x%02x' "$1" $(($2 << 2)); }
eea2() {	# KEY COUNT DIRECTION HEX -> HEX (CTR is its own inverse)
	hex2bin "$4" | openssl enc -aes-128-ctr -K "$1" -iv "$(count_block "$2" "$3")0000000000000000000000" \
		-nosalt | xxd -p | tr -d '\n'
}
eia2() {	# KEY COUNT DIRECTION HEX -> 8 hex digits
	local mac
	mac=$(hex2bin "$(count_block "$2" "$3")000000$4" |
		openssl mac -cipher AES-128-CBC -macopt "hexkey:$1" CMAC | lower)
	echo "${mac:0:8}"
}
# A protected NAS message: type 2 (integrity + ciphered), EMM.
protect_here() {	# KINT KENC COUNT DIRECTION PLAIN-HEX
	local sqn cipher
	sqn=$(printf '%02x' $(($3 & 0xff)))
	cipher=$(eea2 "$2" "$3" "$4" "$5")
	echo "27$(eia2 "$1" "$3" "$4" "$sqn$cipher")$sqn$cipher"
}

