# shellcheck shell=bash disable=SC2034 # n and failed belong to the sourcing script
# TAP for the shell tests and the VM benchmarks: ok/not_ok number the
# results, not_ok's second argument becomes '# ' diagnostics, and the
# script ends with 'finish' (or prints "1..$n" itself).
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=1
	echo "not ok $n - $1"
	[ -z "${2:-}" ] || sed 's/^/# /' <<<"$2"
}
finish() { echo "1..$n"; exit $failed; }
