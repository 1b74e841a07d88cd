# shellcheck shell=bash
# Host side of the test VM, sourced by selftests/vm/run-selftests.sh and
# scripts/run.sh. The guest boots Debian's kernel for the module's KVER with a
# tiny initramfs (mkinitramfs.sh) that mounts the host root read-only over
# virtio-9p and runs selftests/vm/guest.sh from this repository.
#
# Environment:
#   NASSEC_KVM=1        use KVM; default TCG. /dev/kvm is never auto-detected:
#                       on the build machines it exists but hangs the guest.
#   NASSEC_VM_TIMEOUT   seconds before a running guest is killed (default 600)
#   NASSEC_VM_MEM       guest memory (default 3G)
#   NASSEC_VM_CPU       guest CPU model (default max: AES-NI, PCLMUL, AVX2 under TCG)
#   NASSEC_QEMU         emulator (default qemu-system-x86_64)
#   NASSEC_QEMU_EXTRA   more QEMU options (e.g. "-s" for a gdb stub)
#   NASSEC_VM_KERNEL    stock (Debian's kernel, default) or debug (the KASAN,
#                       lockdep, kmemleak, UBSAN kernel of kdebug.sh, with
#                       nassec.ko built for it: vm_use_kernel does both)

vm_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
vm_build=${BUILD:-$vm_top/build}
vm_module=$vm_top/nassec.ko
vm_image=	# empty: /boot/vmlinuz-KVER
vm_modroot=	# empty: modules from the host's /lib/modules

vm_error() { echo "vm: $*" >&2; }

# The kernel release the module was built for: nassec.ko's vermagic, else $KVER.
vm_kver() {
	local vermagic=
	[ -f "$vm_module" ] && vermagic=$(modinfo -F vermagic "$vm_module" 2>/dev/null)
	vermagic=${vermagic%% *}
	echo "${vermagic:-${KVER:-}}"
}

# vm_use_kernel: picks the kernel NASSEC_VM_KERNEL names. For the debug
# kernel it builds (once, cached) the kernel and the module for it.
vm_use_kernel() {
	local kdir
	case ${NASSEC_VM_KERNEL:-stock} in
	stock) return 0 ;;
	debug) ;;
	*) vm_error "NASSEC_VM_KERNEL=$NASSEC_VM_KERNEL: say stock or debug"; return 1 ;;
	esac
	kdir=$("$vm_top/selftests/vm/kdebug.sh") || return 1
	vm_module=$("$vm_top/selftests/vm/kdebug-module.sh") || return 1
	vm_image=$kdir/vmlinuz
	vm_modroot=$kdir/modroot
}

# Checks that everything needed to boot is there; prints the reason otherwise.
vm_preflight() {
	local kver=$1
	if [ -n "$vm_image" ]; then
		[ -f "$vm_module" ] && [ -f "$vm_image" ] && [ -n "$kver" ] ||
			{ vm_error "debug kernel or its nassec.ko missing (selftests/vm/kdebug.sh)"; return 1; }
		command -v "${NASSEC_QEMU:-qemu-system-x86_64}" >/dev/null ||
			{ vm_error "${NASSEC_QEMU:-qemu-system-x86_64} missing: run 'make deps'"; return 1; }
		return 0
	fi
	case $vm_top in
	*[[:space:]]*) vm_error "the repository path '$vm_top' contains white space; the guest gets it on the kernel command line"; return 1 ;;
	esac
	[ -f "$vm_module" ] || { vm_error "$vm_module not built: run 'make' first"; return 1; }
	[ -n "$kver" ] || { vm_error "cannot tell the kernel release of $vm_module"; return 1; }
	[ -e "/boot/vmlinuz-$kver" ] || {
		vm_error "/boot/vmlinuz-$kver missing: install linux-image-$kver (the module is built for $kver)"
		return 1
	}
	[ -r "/boot/vmlinuz-$kver" ] || {
		vm_error "/boot/vmlinuz-$kver is not readable (Debian installs it 0600): run as root"
		return 1
	}
	command -v "${NASSEC_QEMU:-qemu-system-x86_64}" >/dev/null ||
		{ vm_error "${NASSEC_QEMU:-qemu-system-x86_64} missing: run 'make deps'"; return 1; }
	return 0
}

# vm_boot KVER SHARE CONSOLE CMDLINE...
#   SHARE    host directory exported writable to the guest as /run/nassec-results
#   CONSOLE  file:LOG (serial console to LOG only) or stdio:LOG (terminal and LOG)
#   CMDLINE  extra kernel parameters (nassec_vm.mode=... and its parameters)
# Returns QEMU's status; 124 when the guest was killed after NASSEC_VM_TIMEOUT.
vm_boot() {
	local kver=$1 share=$2 console=$3 initrd accel=tcg chardev firmware=()
	shift 3
	initrd=$(NASSEC_MODDIR=${vm_modroot:+$vm_modroot/lib/modules/$kver} \
		"$vm_top/selftests/vm/mkinitramfs.sh" "$kver" "$vm_build/vm") || return 1
	[ "${NASSEC_KVM:-0}" = 1 ] && accel=kvm
	# qboot boots -kernel directly and keeps the console free of BIOS screen
	# escapes; SeaBIOS (the default) works too.
	[ -f /usr/share/qemu/qboot.rom ] && firmware=(-bios qboot.rom)
	# QEMU option values escape ',' as ',,'.
	case $console in
	file:*) console=${console#file:} && chardev=file,id=console,path=${console//,/,,} ;;
	stdio:*) console=${console#stdio:} && chardev=stdio,id=console,signal=on,logfile=${console//,/,,} ;;
	*) vm_error "bad console spec $console"; return 1 ;;
	esac
	mkdir -p "$share"
	# --foreground: QEMU may own the terminal (stdio console); it has no children.
	# shellcheck disable=SC2086 # NASSEC_QEMU_EXTRA is a list of options
	timeout --foreground -k 10 "${NASSEC_VM_TIMEOUT:-600}" \
		"${NASSEC_QEMU:-qemu-system-x86_64}" \
		-machine pc -accel "$accel" -cpu "${NASSEC_VM_CPU:-max}" -smp 2 -m "${NASSEC_VM_MEM:-3G}" \
		-nographic -no-reboot -monitor none -parallel none -nic none \
		-chardev "$chardev" -serial chardev:console \
		-kernel "${vm_image:-/boot/vmlinuz-$kver}" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 panic_on_warn=0 nassec_vm.repo=$vm_top nassec_vm.module=$vm_module ${vm_modroot:+nassec_vm.modroot=$vm_modroot} $*" \
		-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
		-fsdev "local,id=results,path=${share//,/,,},security_model=none,multidevs=remap" \
		-device virtio-9p-pci,fsdev=results,mount_tag=results \
		"${firmware[@]}" ${NASSEC_QEMU_EXTRA:-}
}
