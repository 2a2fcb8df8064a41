# netstat: static musl build of applet/netstat.c against include/.
#
#   make                    ./netstat, profile config/full
#   make CONFIG=minimal     ./netstat from config/minimal
#   make check              every test; ends with "tests: N passed, N failed"
#   make install            PREFIX (/usr/local), DESTDIR: binary, manual page
#   make size               text/data/bss and file size of every profile, budgets
#   make size-all           the same for every target whose cross gcc is here
#   make bench              speed and memory against the anchors (root)
#   make check SAN=1        the tests on an ASan+UBSan build (gcc, glibc)
#   make valgrind           the unit tests and the binary under memcheck
#   make fuzz               every libFuzzer harness for FUZZ_SECONDS
#   make busybox-check      the applet inside BusyBox 1.35.0, 1.37.0 and Debian's 1.35 (root)
#   make cross-check        aarch64, armhf, mipsel, s390x: builds, unit tests,
#                           goldens and live tests under qemu-user (root)
#   make flags-check        every profile and target, gcc -Os -O2 -O3 and
#                           clang -Os -O2, warning-free
#
# Another target: CROSS_COMPILE=aarch64-linux-gnu- names its gcc and, when
# Debian's musl for it is installed (musl-dev:arm64), that musl's specs
# file; or CC as a whole, used as given:
#   make CC="aarch64-linux-gnu-gcc -specs /usr/lib/aarch64-linux-musl/musl-gcc.specs"
# EMU=qemu-aarch64-static runs the tests' binaries of a foreign target
# (make check EMU=...). Each target and profile builds in a directory of
# its own, build/MACHINE-CONFIG (MACHINE from $(CC) -dumpmachine:
# x86_64, aarch64, armhf, mipsel, s390x); build/CONFIG is a link to the
# default compiler's. A packager's CFLAGS replace OPTFLAGS and the
# per-target flags below, and a warning does not stop their build; our
# own builds (no CFLAGS given) stop on any warning.

CONFIG   ?= full
PREFIX   ?= /usr/local
DESTDIR  ?=
OPTFLAGS ?= -Os
EMU      ?=

# make's own default (cc) counts as not given
ifeq ($(origin CC),default)
ifeq ($(CROSS_COMPILE),)
CC := musl-gcc
DEFAULT_CC := 1
else
MUSL_SPECS ?= $(wildcard /usr/lib/$(subst -gnu,-musl,$(CROSS_COMPILE:-=))/musl-gcc.specs)
CC := $(CROSS_COMPILE)gcc$(if $(MUSL_SPECS), -specs $(MUSL_SPECS))
endif
endif
# what links: the compiler unless told (make flags-check links clang's
# objects with the target's musl gcc)
LINK_CC ?= $(CC)

ifeq ($(filter command environment,$(firstword $(origin CFLAGS))),)
WERROR ?= -Werror
endif
# BusyBox's warning set, as errors in our own builds
WARNINGS := -Wall -Wextra $(WERROR) -Wshadow -Wwrite-strings -Wundef \
	-Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations \
	-Wdeclaration-after-statement -Wold-style-definition
LDFLAGS  ?=
# no page padding between code and data, no RELRO page (a static binary
# has next to nothing to protect there), and the data segment's file
# offset not rounded up to a page: about 9 KiB less per binary
ALL_LDFLAGS = -static -s -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64 $(LDFLAGS)
# and, as BusyBox's own link does, without the compilers' .comment that
# libc's start files bring (70 bytes and a section header)
POST_LINK = "$$($(LINK_CC) -print-prog-name=objcopy)" -R .comment $@

PROFILES := $(notdir $(wildcard config/*))
# Every switch the applet declares, plus BusyBox's global ones it uses
SYMBOLS  := $(shell sed -n 's@^//config:config @@p' applet/netstat.c) \
	FEATURE_IPV6 LONG_OPTS FEATURE_CLEAN_UP

CONFIG_FILE ?= config/$(CONFIG)
TEST_LDFLAGS := -static

# SAN=1: AddressSanitizer and UBSan need glibc's runtime, so gcc,
# dynamically linked, in a build directory of its own
ifeq ($(SAN),1)
CC := gcc
DEFAULT_CC :=
BUILD_SUFFIX := -san
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g -O1
EXTRA_CFLAGS := $(SANITIZE)
ALL_LDFLAGS = $(SANITIZE)
POST_LINK = true
TEST_LDFLAGS := $(SANITIZE)
endif

ifeq ($(VG),1)
CC := gcc
DEFAULT_CC :=
BUILD_SUFFIX := -vg
EXTRA_CFLAGS := -g -O1
ALL_LDFLAGS =
POST_LINK = true
TEST_LDFLAGS :=
endif

# The target: MACHINE names its build directories and picks its flags
TRIPLET := $(shell $(CC) -dumpmachine 2>/dev/null)
MACHINE := $(firstword $(subst -, ,$(TRIPLET)) unknown)
ifneq ($(filter arm%,$(MACHINE)),)
MACHINE := $(if $(filter %hf,$(TRIPLET)),armhf,armel)
endif
BIG_ENDIAN = $(shell $(CC) -dM -E -x c /dev/null 2>/dev/null | grep -c '__BYTE_ORDER__ __ORDER_BIG_ENDIAN__')

# Code generation per target, what a router's build would choose
# (measured with make size-all; the budgets are tests/size.sh's).
# MIPS: gcc's MIPS code is PIC by default (abicalls: every call and
# global through the GOT). -mno-shared keeps the ABI of Debian's libc.a
# (abicalls) and makes our own code non-PIC; -mips16 -minterlink-mips16
# is the 16-bit encoding OpenWrt builds its MIPS packages with
# (USE_MIPS16), libc.a and libgcc staying 32-bit, interlinked. mipsel,
# bytes full/minimal: 93788/27212 as is, 86340/25704 -mno-shared,
# 69252/21640 with -mips16 too (-mno-abicalls -fno-pic: 81416/24788 and
# a linker warning for mixing with libc.a; -mmicromips: 69908/21960, and
# qemu's default CPU has no microMIPS). aarch64: -mcmodel=tiny would save
# 330/1700 bytes but cannot link the unit tests (over 1 MiB of bss), so
# the tests would not run the binary's code: not used.
MACHINE_CFLAGS_mipsel := -mno-shared -mips16 -minterlink-mips16
MACHINE_CFLAGS_mips   := $(MACHINE_CFLAGS_mipsel)
MACHINE_CFLAGS ?= $(MACHINE_CFLAGS_$(MACHINE))

CFLAGS   ?= $(OPTFLAGS) $(MACHINE_CFLAGS)
ALL_CFLAGS = -std=gnu99 $(WARNINGS) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-stack-protector -fno-ident \
	-D_GNU_SOURCE $(CFLAGS) $(EXTRA_CFLAGS)

# BUILD_TAG (make flags-check: -gcc-O2) keeps builds of other flags apart
BUILD_PREFIX := build/$(MACHINE)$(BUILD_TAG)
B := $(BUILD_PREFIX)-$(CONFIG)$(BUILD_SUFFIX)
# the binary the tests run: ./netstat, or as told (make cross-check tests
# build/MACHINE-full/netstat and leaves ./netstat alone)
TESTED ?= netstat
ifneq ($(BUILD_SUFFIX),)
TESTED := $(B)/netstat
endif

all: netstat

# ./netstat is the build of this CONFIG and CC: copied whenever it
# differs, so `make` after `make CONFIG=minimal` is the full one again
netstat: $(B)/netstat FORCE
	@cmp -s $< $@ 2>/dev/null || { cp $< $@.tmp && mv -f $@.tmp $@ && echo "cp $< $@"; }

$(B)/netstat.o: applet/netstat.c include/libbb.h $(B)/autoconf.h $(B)/usage.h $(B)/build-flags
	$(CC) $(ALL_CFLAGS) -I$(B) -Iinclude -c -o $@ applet/netstat.c

$(B)/netstat: $(B)/netstat.o
	$(LINK_CC) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $< $(ALL_LDFLAGS)
	$(POST_LINK)

# The commands $(B) is built with: when the compiler or a flag changes,
# it is rebuilt (the file is rewritten only when it differs)
BUILD_COMMANDS = $(CC) $(ALL_CFLAGS) | $(LINK_CC) $(CFLAGS) $(ALL_LDFLAGS) | $(TEST_CFLAGS) $(SANITIZE) $(TEST_LDFLAGS)
$(B)/build-flags: FORCE
	@mkdir -p $(B)
	@printf '%s\n' '$(subst ','\'',$(BUILD_COMMANDS))' | cmp -s - $@ || \
		printf '%s\n' '$(subst ','\'',$(BUILD_COMMANDS))' >$@

# build/CONFIG: the default compiler's build by its name of before
# (tests/busybox-check.sh makes and runs build/bbcheck-LABEL/netstat)
ifeq ($(DEFAULT_CC)$(BUILD_TAG),1)
build/$(CONFIG)/netstat: $(B)/netstat
	@if [ -d build/$(CONFIG) ] && [ ! -L build/$(CONFIG) ]; then rm -rf build/$(CONFIG); fi
	@ln -sfn $(notdir $(B)) build/$(CONFIG)
endif

# BusyBox's include/autoconf.h, from a profile: ENABLE_X, IF_X(), IF_NOT_X()
$(B)/autoconf.h: $(CONFIG_FILE) applet/netstat.c Makefile
	@mkdir -p $(B)
	@{ echo "/* generated from $(CONFIG_FILE) */"; \
	for s in $(SYMBOLS); do \
		if grep -qx "CONFIG_$$s=y" $(CONFIG_FILE); then \
			echo "#define CONFIG_$$s 1"; \
			echo "#define ENABLE_$$s 1"; \
			echo "#define IF_$$s(...) __VA_ARGS__"; \
			echo "#define IF_NOT_$$s(...)"; \
		else \
			echo "#define ENABLE_$$s 0"; \
			echo "#define IF_$$s(...)"; \
			echo "#define IF_NOT_$$s(...) __VA_ARGS__"; \
		fi; \
	done; } > $@.tmp && mv $@.tmp $@

# BusyBox's usage table, from the applet's //usage: lines, the way its
# scripts/gen_build_files.sh joins them: a backslash after each line, an
# empty line before each #define
$(B)/usage.h: applet/netstat.c
	@mkdir -p $(B)
	@{ sed -n -e 's@^//usage:\([ \t].*\)$$@\1 \\@p' \
		-e 's@^//usage:\([^ \t].*\)$$@\n\1 \\@p' $<; echo; } > $@

# ---- tests -------------------------------------------------------------

# the unit tests: the target's code generation flags (-m...) as the
# binary's; TEST_OPTFLAGS (make flags-check: -O2, -O3)
TEST_OPTFLAGS ?= -O1
TEST_CFLAGS = -std=gnu99 $(WARNINGS) -D_GNU_SOURCE $(TEST_OPTFLAGS) -g -DLIBBB_NO_MAIN \
	$(filter -m%,$(CFLAGS))

$(B)/unit.o: tests/unit.c tests/greatest.h tests/kernel-text.c applet/netstat.c include/libbb.h \
		$(B)/autoconf.h $(B)/usage.h $(B)/build-flags
	$(CC) $(TEST_CFLAGS) $(SANITIZE) -I$(B) -Iinclude -c -o $@ tests/unit.c

$(B)/unit: $(B)/unit.o
	$(LINK_CC) $(filter -m%,$(CFLAGS)) $(SANITIZE) -o $@ $< $(TEST_LDFLAGS)

# the same tests reading x86_64's text where this target's kernel writes
# another (big-endian, MIPS): the control that must fail (tests/cross.sh)
$(B)/unit-unconverted: $(B)/unit
	$(CC) $(TEST_CFLAGS) -DKERNEL_TEXT_UNCONVERTED -I$(B) -Iinclude -c -o $@.o tests/unit.c
	$(LINK_CC) $(filter -m%,$(CFLAGS)) -o $@ $@.o $(TEST_LDFLAGS)

# tests/kernel-text.c as a filter on this machine (tests/cross.sh)
HOSTCC ?= gcc
build/kernel-text: tests/kernel-text.c
	@mkdir -p build
	$(HOSTCC) -std=gnu99 -Wall -Wextra -Werror -O1 -DKERNEL_TEXT_MAIN -o $@ tests/kernel-text.c

# the x86_64 full build of the same sources, which the other targets'
# size budgets are relative to (tests/size.sh)
X86_FULL := build/x86_64-full/netstat
x86-reference:
ifneq ($(MACHINE),x86_64)
	@$(MAKE) -s --no-print-directory CC=musl-gcc CROSS_COMPILE= LINK_CC=musl-gcc \
		MACHINE_CFLAGS= BUILD_TAG= SAN= VG= CONFIG=full $(X86_FULL) || true
endif

profiles:
	@for p in $(PROFILES); do $(MAKE) -s --no-print-directory CONFIG=$$p $(BUILD_PREFIX)-$$p/netstat || exit 1; done

check: $(TESTED) $(B)/unit $(if $(SAN),,profiles x86-reference)
	@T='$(if $(filter command line,$(origin T)),$(T))' SANITIZED=$(SAN) EMU='$(EMU)' MACHINE=$(MACHINE) BIG_ENDIAN=$(BIG_ENDIAN) \
		BUILD_PREFIX=$(BUILD_PREFIX) X86_FULL=$(X86_FULL) sh tests/run.sh $(B) $(TESTED)

# aarch64, armhf, mipsel, s390x under qemu-user: for each, the full and
# minimal builds, their unit tests and fixture goldens, the live suites
# (little-endian targets), the size budgets (root, for the namespaces)
cross-check:
	@bash tests/cross.sh

# gcc -Os -O2 -O3 and clang -Os -O2, every profile, every target:
# warning-free builds (tests/flags.sh)
flags-check:
	@bash tests/flags.sh

# every switch of config/full turned off on its own: each build warning-free
# and passing the unit tests for what remains (a case that needs the
# switch must then be refused with usage)
SWITCHES := $(shell sed -n 's/^CONFIG_\(FEATURE_NETSTAT_[A-Z_]*\|FEATURE_IPV6\|LONG_OPTS\)=y$$/\1/p' config/full)
variants:
	@mkdir -p build/variants
	@pass=0; fail=0; for sw in $(SWITCHES); do \
		grep -v "^CONFIG_$$sw=y" config/full >build/variants/off-$$sw; \
		if $(MAKE) -s --no-print-directory CONFIG=off-$$sw CONFIG_FILE=build/variants/off-$$sw \
			$(BUILD_PREFIX)-off-$$sw/netstat $(BUILD_PREFIX)-off-$$sw/unit >build/variants/off-$$sw.log 2>&1 \
			&& $(EMU) $(BUILD_PREFIX)-off-$$sw/unit >>build/variants/off-$$sw.log 2>&1; then \
			pass=$$((pass + 1)); echo "ok - $$sw off: $$(stat -c %s $(BUILD_PREFIX)-off-$$sw/netstat) bytes, unit tests pass"; \
		else \
			fail=$$((fail + 1)); echo "not ok - $$sw off"; tail -20 build/variants/off-$$sw.log; \
		fi; \
	done; echo "variants: $$pass passed, $$fail failed"; [ $$fail = 0 ]

# the applet dropped into upstream BusyBox 1.35.0 and 1.37.0 and Debian's
# 1.35: allnoconfig all-on, all-off and stock's features (static, musl,
# CONFIG_WERROR), defconfig with OpenWrt's, Buildroot's and Alpine's
# recipes; compared with the standalone build and with stock netstat
busybox-check:
	@bash tests/busybox-check.sh applet/netstat.c

# speed and memory against the anchors, at 1k to 300k sockets (root)
bench: netstat
	@bash tests/bench.sh ./netstat

# memcheck on a gcc/glibc build (valgrind cannot see malloc in a static
# binary) of the binary and the unit tests: no error, no leak
valgrind:
	@$(MAKE) -s --no-print-directory VG=1 valgrind-build
	@bash tests/valgrind.sh $(B)-vg

valgrind-build: $(B)/netstat $(B)/unit

# ---- install: the binary and a manual page in man(7) macros, made from
# the usage text the binary prints, so the two cannot disagree ----------

$(B)/netstat.8: $(TESTED)
	@$(EMU) ./$(TESTED) --help | awk -v date="$$(date -u -d @$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} +%Y-%m-%d)" ' \
	function roff(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); return s } \
	NR == 1 { sub(/^Usage: netstat /, ""); \
		print ".TH NETSTAT 8 \"" date "\" \"netstat\" \"System Administration\""; \
		print ".SH NAME"; print "netstat \\- sockets, routes, interfaces and counters from /proc/net"; \
		print ".SH SYNOPSIS"; print ".B netstat"; print roff($$0); next } \
		/^$$/ { next } \
		/^\t-/ { split(substr($$0, 2), f, "\t"); if (!opts++) print ".SH OPTIONS"; \
		print ".TP"; print "\\fB" roff(f[1]) "\\fR"; print roff(f[2]); next } \
		/^\t\t/ { print ".br"; print roff(substr($$0, 3)); next } \
		{ print ".SH DESCRIPTION"; print roff($$0) "."; \
		print "Without \\fB\\-n\\fR, addresses, ports and users are printed by name."; \
		print "For the flags it shares with net\\-tools, the output is that of net\\-tools 2.10."; } \
	END { print ".SH EXIT STATUS"; \
		print "0; 1 for an error (no /proc/net, a write error, an unknown family); 3 for a bad option."; \
		print ".SH FILES"; print "/proc/net/*, /proc/sys/net/*, /proc/PID/fd, /etc/hosts, /etc/services,"; \
		print "/etc/protocols, /etc/passwd, /etc/resolv.conf, /etc/networks"; \
		print ".SH SEE ALSO"; print ".BR ss (8),"; print ".BR ip (8)" }' >$@.tmp && mv $@.tmp $@

install: $(TESTED) $(B)/netstat.8
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 755 $(TESTED) $(DESTDIR)$(PREFIX)/bin/netstat
	install -m 644 $(B)/netstat.8 $(DESTDIR)$(PREFIX)/share/man/man8/netstat.8

# ---- fuzzing (clang's libFuzzer, ASan, UBSan) ----------------------------

FUZZ_TARGETS := tcp tcp6 udp raw6 unix services hosts passwd resolvconf \
	dns cmdline numbers stats netinfo diag
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Wno-unused-function \
	-D_GNU_SOURCE -DLIBBB_NO_MAIN

# every target for FUZZ_SECONDS each, from seeds plus what earlier runs found
fuzz: $(B)/autoconf.h $(B)/usage.h
	@mkdir -p build/fuzz
	@for t in $(FUZZ_TARGETS); do \
		$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_TARGET=fuzz_$$t -I$(B) -Iinclude \
			-o build/fuzz/$$t tests/fuzz.c || exit 1; \
		sh tests/fuzz-seeds.sh $$t build/fuzz/corpus-$$t; \
		if ! build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$t- build/fuzz/corpus-$$t >build/fuzz/$$t.log 2>&1; then \
			echo "not ok - fuzz $$t: FAILED, the input is build/fuzz/$$t-*"; \
			grep -a -m1 -A12 -e 'ERROR:' -e 'runtime error' build/fuzz/$$t.log; \
			tail -40 build/fuzz/$$t.log; echo "fuzz $$t: FAILED"; exit 1; fi; \
		echo "fuzz $$t: $$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/$$t.log) runs in $(FUZZ_SECONDS) s, clean"; \
	done

# the table and budgets of this target's profiles (make size CROSS_COMPILE=...)
size: profiles x86-reference
	@sh tests/size.sh $(MACHINE) $(BUILD_PREFIX) $(X86_FULL)
	@f=$${BUSYBOX_CHECK_DIR:-/tmp/netstat-busybox-check}/busybox-sizes.txt; echo; \
		if [ -f "$$f" ]; then cat "$$f"; else echo "(inside BusyBox: make busybox-check)"; fi

# the same for x86_64 and every cross target whose gcc is installed
CROSS_TARGETS := aarch64-linux-gnu- arm-linux-gnueabihf- mipsel-linux-gnu- s390x-linux-gnu-
size-all:
	@$(MAKE) -s --no-print-directory CC=musl-gcc profiles
	@st=0; sh tests/size.sh x86_64 build/x86_64 || st=1; \
	for c in $(CROSS_TARGETS); do \
		command -v $${c}gcc >/dev/null || { echo "# skipped: $${c}gcc not installed"; continue; }; \
		$(MAKE) -s --no-print-directory CROSS_COMPILE=$$c profiles x86-reference || exit 1; \
		m=$$($(MAKE) -s --no-print-directory CROSS_COMPILE=$$c print-machine); \
		echo; sh tests/size.sh $$m build/$$m $(X86_FULL) || st=1; \
	done; exit $$st

print-machine:
	@echo $(MACHINE)

clean:
	rm -rf build netstat

FORCE:

.PHONY: all check size clean install fuzz valgrind valgrind-build bench busybox-check \
	variants profiles x86-reference cross-check flags-check size-all print-machine FORCE
