# For in-tree users of libnassec (the CLI, the daemon, tests): include after
# scripts/userspace.mk, then add $(NASSEC_LIB_CFLAGS) to CFLAGS, depend on
# $(NASSEC_LIB_A) and link $(NASSEC_LIB_A) $(NASSEC_LIB_LDLIBS). Static, so
# the binaries run in the VM without LD_LIBRARY_PATH.
NASSEC_LIB_CFLAGS := -I$(TOP)/tools/lib
NASSEC_LIB_A := $(BUILD)/lib/libnassec.a
NASSEC_LIB_LDLIBS := -lmnl

# Included before the includer's first rule? Then declare "all:" first.
$(NASSEC_LIB_A): $(wildcard $(TOP)/tools/lib/nassec/*.[ch])
	$(MAKE) -C $(TOP)/tools/lib/nassec
