# SPDX-License-Identifier: GPL-2.0
# nassec: top-level build. Out-of-tree module conventions (make -C $(KDIR) M=$(PWD))
# plus the userspace tools, tests and the VM runner.

TOP := $(CURDIR)
ARCH_DEB := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
# The running kernel's build dir when it exists, else the newest Debian headers.
# Recursive (=), and an empty value counts as unset: on a new machine the
# headers appear only when 'make deps' has run, after make started, and an
# empty KDIR inherited from the environment must not stick to sub-makes.
ifeq ($(strip $(KDIR)),)
KDIR = $(or $(wildcard /lib/modules/$(shell uname -r)/build),\
	$(shell ls -d /usr/src/linux-headers-*-$(ARCH_DEB) 2>/dev/null | sort -V | tail -n 1))
endif
ifeq ($(strip $(KVER)),)
KVER = $(patsubst linux-headers-%,%,$(notdir $(KDIR)))
endif
PREFIX ?= /usr/local
export TOP KDIR KVER PREFIX

USERSPACE_DIRS := $(patsubst %/Makefile,%,$(wildcard $(addsuffix /Makefile,tools/lib/s1ap tools/lib/nas tools/lib/nassec tools/examples tools/nassec tools/enbsim daemon selftests/unit selftests)))

.PHONY: all module userspace deps check unit vmtest checkpatch run bench bench-vm bench-offload bench-scale install install-dkms clean help

all: module userspace

help:
	@echo "make [all]    build nassec.ko (KDIR=$(KDIR)) and all userspace"
	@echo "make deps     install the Debian packages the project needs (idempotent)"
	@echo "make check    deps, build, unit tests, VM selftests; last line 'N passed, N failed'"
	@echo "make run      boot the appliance VM with the module loaded and show what it serves"
	@echo "make bench    host benchmark of the algorithm cores against Intel ipsec-mb"
	@echo "make bench-vm inline socket path vs netlink vs userspace ipsec-mb, in the VM"
	@echo "make bench-offload nassecd with NAS security in nassec.ko vs in the daemon, in the VM"
	@echo "make bench-scale  N registered idle UEs in one nassecd: memory per UE, in the VM"
	@echo "make install  modules_install + binaries, nassecd's unit and config under PREFIX=$(PREFIX)"
	@echo "make install-dkms  the module's source under /usr/src for DKMS (rebuilt on kernel upgrades)"

module:
	@test -n "$(KDIR)" || { echo "no kernel headers found: run 'make deps' or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) modules

userspace:
	@set -e; for d in $(USERSPACE_DIRS); do $(MAKE) -C $$d; done

deps:
	@scripts/deps.sh

unit: userspace
	@scripts/check.sh unit

vmtest: module userspace
	@scripts/check.sh vm

checkpatch:
	@scripts/checkpatch.sh

check:
	@scripts/check.sh all

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh

bench: deps
	@$(MAKE) -C tools/bench run

bench-vm: all
	$(MAKE) -C tools/bench -f inline.mk
	@selftests/vm/bench-vm.sh

# nassecd with NAS security offloaded (nassec.ko) and done by the daemon, in one VM run.
bench-offload: all
	@tools/bench/nassecd-offload.sh

bench-scale: all
	@tools/bench/nassecd-scale.sh

# DESTDIR stages the whole install (modules included) for packaging. An
# empty INSTALL_MOD_PATH (exported by an outer make) counts as unset, so a
# nested 'make install DESTDIR=...' never writes into the real /lib/modules.
ifeq ($(strip $(INSTALL_MOD_PATH)),)
INSTALL_MOD_PATH = $(DESTDIR)
endif
export INSTALL_MOD_PATH
install: all
	$(MAKE) -C $(KDIR) M=$(TOP) modules_install
	@set -e; for d in $(USERSPACE_DIRS); do $(MAKE) -C $$d install; done
	-depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KVER)

# DKMS: the module's source tree and kmod/dkms.conf; dkms builds it for
# every kernel (needs the dkms package). DESTDIR stages it without dkms.
NASSEC_VERSION := 0.1
DKMS_SRC := $(DESTDIR)/usr/src/nassec-$(NASSEC_VERSION)
install-dkms:
	install -d $(DKMS_SRC)/kmod $(DKMS_SRC)/uapi/linux
	install -m 0644 Kbuild $(DKMS_SRC)/
	install -m 0644 kmod/*.c kmod/*.h $(DKMS_SRC)/kmod/
	install -m 0644 uapi/linux/nassec.h $(DKMS_SRC)/uapi/linux/
	sed 's/@VERSION@/$(NASSEC_VERSION)/' kmod/dkms.conf >$(DKMS_SRC)/dkms.conf
	@if [ -z "$(DESTDIR)" ]; then dkms add -m nassec -v $(NASSEC_VERSION) && \
		dkms autoinstall; else echo "staged in $(DKMS_SRC) (run 'dkms add' there)"; fi

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean
	@for d in $(USERSPACE_DIRS) tools/bench; do $(MAKE) -C $$d clean; done
	rm -rf build
