# Shared settings for the userspace sub-makes: C11, warnings are errors, gcc or clang.
TOP ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
BUILD ?= $(TOP)/build
PREFIX ?= /usr/local
CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I$(TOP)/kmod -I$(TOP)/uapi
