# Shared settings for the userspace sub-makes: C11, warnings are errors, gcc or clang.
# Immediate assignment: MAKEFILE_LIST must be read while this file is the last one.
ifndef TOP
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
endif
BUILD ?= $(TOP)/build
PREFIX ?= /usr/local
CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I$(TOP)/kmod -I$(TOP)/uapi
# 3GPP test data: the shared project copy when present (it may grow), else the repo's copy.
VECTORS ?= $(firstword $(wildcard $(NASSEC_VECTORS) $(TOP)/../shared/vectors) $(TOP)/selftests/vectors)
export VECTORS
