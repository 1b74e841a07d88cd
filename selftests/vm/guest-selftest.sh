# shellcheck shell=bash disable=SC2154 # results, module: set by guest.sh
# Sourced by guest.sh: nassec_vm.mode=selftest. Parameters:
#   nassec_vm.bindir=DIR      where they are built
#   nassec_vm.timeout=SECONDS per-program limit, unless tests.list gives one
#   nassec_vm.vectors=DIR     3GPP test data, passed as $NASSEC_VECTORS
#   nassec_vm.env=N=V,...     more environment for the programs (NASSEC_KVM ...)
# The programs to run, in order, are listed in $results/tests.list, one
# "NAME [TIMEOUT]" per line.
# Writes into $results: vm-setup.tap, vm-<program>.tap/.log/.exit,
# vm-kernel-log.tap, vm-dmesg.log.

# Kernel log lines that mean a kernel bug, whatever the tests say.
bad_log_regex='\b(BUG|WARNING)\b|Oops|KASAN|UBSAN|general protection|Call Trace|'
bad_log_regex+='possible circular locking|possible recursive locking|inconsistent lock state|'
bad_log_regex+='suspicious RCU usage|soft lockup|hard LOCKUP|blocked for more than|'
bad_log_regex+='detected stalls|refcount_t: |list_(add|del) corruption|'
bad_log_regex+='ODEBUG: |kmemleak: .*suspected memory leak|Objects remaining'
# Taint flags of the same meaning: M(4) B(5) D(7) W(9) L(14).
bad_taint_mask=$(((1 << 4) | (1 << 5) | (1 << 7) | (1 << 9) | (1 << 14)))

# check_kernel_log N DESCRIPTION FIRST_LINE TAINT_BEFORE: one TAP line about the
# kernel log from FIRST_LINE on and the taint flags gained since TAINT_BEFORE.
check_kernel_log() {
	local n=$1 desc=$2 from=$3 taint_before=$4 bad taint
	bad=$(dmesg | tail -n +"$from" | grep -E "$bad_log_regex")
	taint=$(($(</proc/sys/kernel/tainted) & ~taint_before & bad_taint_mask))
	if [ -z "$bad" ] && [ "$taint" -eq 0 ]; then
		echo "ok $n - $desc"
		return
	fi
	echo "not ok $n - $desc"
	[ -z "$bad" ] || head -n 60 <<<"$bad" | sed 's/^/# /'
	[ "$taint" -eq 0 ] || echo "# kernel taint flags gained: $taint"
}

kmemleak=/sys/kernel/debug/kmemleak

# check_kmemleak N DESCRIPTION: one TAP line, nothing when the kernel has no
# kmemleak (Debian's). Two scans: an object is reported once it has been
# unreferenced for a scan and older than kmemleak's minimum age (5 s).
check_kmemleak() {
	local n=$1 desc=$2 leaks
	[ -w "$kmemleak" ] || return 1
	echo scan >"$kmemleak"
	sleep 6
	echo scan >"$kmemleak"
	leaks=$(cat "$kmemleak")
	if [ -z "$leaks" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		head -n 80 <<<"$leaks" | sed 's/^/# /'
		echo clear >"$kmemleak"
	fi
}

# run_program NAME TIMEOUT: runs one kselftest program with its time limit.
# The .exit file is written only when the program has finished.
run_program() {
	local name=$1 timeout=$2 dir rc started
	echo "nassec-vm: running $name (limit ${timeout}s)"
	started=$(date +%s)
	dir=$(mktemp -d "/tmp/$name.XXXXXX")
	# Line-buffered so a killed program still leaves the TAP it printed.
	# shellcheck disable=SC2046 # nassec_vm.env: NAME=VALUE,... without spaces
	(cd "$dir" && NASSEC_TOP=$repo NASSEC_MODULE=$module NASSEC_VECTORS=$vectors \
		env $(vm_param env | tr ',' ' ') timeout -k 5 "$timeout" stdbuf -oL -eL "$bindir/$name") \
		>"$results/vm-$name.tap" 2>"$results/vm-$name.log" </dev/null
	rc=$?
	echo "$rc" >"$results/vm-$name.exit"
	echo "nassec-vm: $name exited with status $rc after $(($(date +%s) - started))s"
}

guest_selftest() {
	local tests bindir timeout vectors name limit lines taint n out rc
	mapfile -t tests <"$results/tests.list"
	bindir=$(vm_param bindir)
	timeout=$(vm_param timeout)
	vectors=$(vm_param vectors)

	# A report while booting (before nassec exists) disables lock debugging:
	# tell the host, which boots again, rather than run the tests without it.
	out=$(dmesg | grep -E "$bad_log_regex")
	if [ -n "$out" ]; then
		echo "$out" >"$results/vm-boot-report"
		echo "nassec-vm: kernel report before nassec was loaded; stopping for a new boot"
		return
	fi
	{
		load_dependencies
		out=$(insmod "$module" 2>&1)
		rc=$?
		if [ $rc -eq 0 ]; then
			echo "ok - insmod $module"
		else
			echo "not ok - insmod $module: status $rc ${out//$'\n'/ }"
		fi
	} | awk '{ sub(/ok -/, "ok " NR " -"); print } END { print "1.." NR }' \
		>"$results/vm-setup.tap"
	cat "$results/vm-setup.tap"

	# Whatever the boot itself left is not the tests' doing.
	# Scans happen when asked, not on kmemleak's own timer in mid-test.
	[ ! -w "$kmemleak" ] || {
		echo scan=off >"$kmemleak"
		echo scan >"$kmemleak"
		echo clear >"$kmemleak"
	}
	for name in "${tests[@]}"; do
		read -r name limit <<<"$name"
		[ -n "$name" ] || continue
		run_program "$name" "${limit:-$timeout}"
	done

	dmesg >"$results/vm-dmesg.log"
	{
		n=1
		# kmemleak scans once, after rmmod: a leak of the tests or of the
		# module stays unreferenced through the unload (two scans cost a
		# minute under KASAN).
		check_kernel_log $n "guest kernel log clean after the tests" 1 0
		lines=$(dmesg | wc -l)
		taint=$(</proc/sys/kernel/tainted)
		out=$(rmmod nassec 2>&1)
		rc=$?
		n=$((n + 1))
		if [ $rc -eq 0 ]; then
			echo "ok $n - rmmod nassec"
		else
			echo "not ok $n - rmmod nassec: status $rc ${out//$'\n'/ }"
		fi
		n=$((n + 1))
		check_kmemleak $n "kmemleak: no leak after the tests and unloading nassec" &&
			n=$((n + 1))
		check_kernel_log $n "guest kernel log clean after unloading nassec" \
			$((lines + 1)) "$taint"
		echo "1..$n"
	} >"$results/vm-kernel-log.tap"
	cat "$results/vm-kernel-log.tap"
	dmesg >"$results/vm-dmesg.log"
}
