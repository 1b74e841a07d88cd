# SPDX-License-Identifier: GPL-2.0
# inline_bench: uplink NAS through the inline socket path vs netlink vs
# userspace ipsec-mb. Needs nassec.ko: it runs in the test VM.
#   make -C tools/bench -f inline.mk        build $(BUILD)/bench/inline_bench
#   make bench-vm                            build everything, run it in the VM
# Standalone, or included by tools/bench/Makefile (target inline-bench).
ifeq ($(filter %/scripts/userspace.mk,$(MAKEFILE_LIST)),)
include ../../scripts/userspace.mk
TOP := $(TOP)
inline-bench:
endif
include $(TOP)/tools/lib/nassec/libnassec.mk

INLINE_BENCH := $(BUILD)/bench/inline_bench
INLINE_BENCH_SRCS := $(TOP)/tools/bench/inline_bench.c $(TOP)/tools/bench/nas_ipsecmb.c \
	$(TOP)/kmod/nas.c $(TOP)/kmod/s1ap.c \
	$(TOP)/tools/lib/ue/ue_nas.c $(TOP)/selftests/lib/s1ap_peer.c
INLINE_BENCH_CFLAGS := $(CFLAGS) $(NASSEC_LIB_CFLAGS) -I$(TOP)/tools/bench \
	-I$(TOP)/tools/lib/s1ap -I$(TOP)/tools/lib/ue -I$(TOP)/selftests/lib

inline-bench: $(INLINE_BENCH)

$(BUILD)/lib/libs1ap.a: $(wildcard $(TOP)/tools/lib/s1ap/*.[ch])
	$(MAKE) -C $(TOP)/tools/lib/s1ap

$(INLINE_BENCH): $(INLINE_BENCH_SRCS) $(wildcard $(TOP)/tools/bench/*.h $(TOP)/kmod/*.h) \
		$(NASSEC_LIB_A) $(BUILD)/lib/libs1ap.a
	@mkdir -p $(dir $@)
	$(CC) $(INLINE_BENCH_CFLAGS) -o $@ $(INLINE_BENCH_SRCS) $(BUILD)/lib/libs1ap.a \
		$(NASSEC_LIB_A) $(NASSEC_LIB_LDLIBS) -lIPSec_MB -lcrypto

.PHONY: inline-bench
