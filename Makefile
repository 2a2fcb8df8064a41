# netstat: static musl build of applet/netstat.c against include/.
#
#   make                    ./netstat, profile config/full
#   make CONFIG=minimal     ./netstat from config/minimal
#   make check              every test; ends with "tests: N passed, N failed"
#   make install            PREFIX (/usr/local), DESTDIR: binary, manual page
#   make size               text/data/bss and file size of every profile
#   make bench              speed and memory against the anchors (root)
#   make check SAN=1        the tests on an ASan+UBSan build (gcc, glibc)
#   make valgrind           the unit tests and the binary under memcheck
#   make fuzz               every libFuzzer harness for FUZZ_SECONDS
#   make busybox-check      the applet built inside BusyBox 1.35 (root)

CONFIG   ?= full
CC       := musl-gcc
PREFIX   ?= /usr/local
DESTDIR  ?=
OPTFLAGS ?= -Os
# BusyBox's warning set, as errors
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wwrite-strings -Wundef \
	-Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations \
	-Wdeclaration-after-statement -Wold-style-definition
CFLAGS   ?= $(OPTFLAGS)
ALL_CFLAGS = -std=gnu99 $(WARNINGS) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-stack-protector -fno-ident \
	-D_GNU_SOURCE $(CFLAGS)
LDFLAGS  ?=
# no page padding between code and data, no RELRO page (a static binary
# has next to nothing to protect there), and the data segment's file
# offset not rounded up to a page: about 9 KiB less per binary
ALL_LDFLAGS = -static -s -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64 $(LDFLAGS)

PROFILES := $(notdir $(wildcard config/*))
# Every switch the applet declares, plus BusyBox's global ones it uses
SYMBOLS  := $(shell sed -n 's@^//config:config @@p' applet/netstat.c) \
	FEATURE_IPV6 LONG_OPTS FEATURE_CLEAN_UP

B := build/$(CONFIG)
CONFIG_FILE ?= config/$(CONFIG)
# the binary the tests run
TESTED := netstat
TEST_LDFLAGS := -static

# SAN=1: AddressSanitizer and UBSan need glibc's runtime, so gcc,
# dynamically linked, in a build directory of its own
ifeq ($(SAN),1)
CC := gcc
B := build/$(CONFIG)-san
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g -O1
ALL_CFLAGS += $(SANITIZE)
ALL_LDFLAGS = $(SANITIZE)
TEST_LDFLAGS := $(SANITIZE)
TESTED := $(B)/netstat
endif

ifeq ($(VG),1)
CC := gcc
B := build/$(CONFIG)-vg
ALL_CFLAGS += -g -O1
ALL_LDFLAGS =
TEST_LDFLAGS :=
endif

all: netstat

netstat: $(B)/netstat
	cp $< $@.tmp && mv -f $@.tmp $@

$(B)/netstat: applet/netstat.c include/libbb.h $(B)/autoconf.h $(B)/usage.h
	$(CC) $(ALL_CFLAGS) -I$(B) -Iinclude -o $@ applet/netstat.c $(ALL_LDFLAGS)

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

TEST_CFLAGS = -std=gnu99 $(WARNINGS) -D_GNU_SOURCE -O1 -g -DLIBBB_NO_MAIN

$(B)/unit: tests/unit.c tests/greatest.h applet/netstat.c include/libbb.h \
		$(B)/autoconf.h $(B)/usage.h
	$(CC) $(TEST_CFLAGS) $(SANITIZE) -I$(B) -Iinclude -o $@ tests/unit.c $(TEST_LDFLAGS)

check: $(TESTED) $(B)/unit
ifneq ($(SAN),1)
	@for p in $(PROFILES); do $(MAKE) -s --no-print-directory CONFIG=$$p build/$$p/netstat || exit 1; done
endif
	@SANITIZED=$(SAN) sh tests/run.sh $(B) $(TESTED)

# every switch of config/full turned off on its own: each build warning-free
# and passing the unit tests for what remains (a case that needs the
# switch must then be refused with usage)
SWITCHES := $(shell sed -n 's/^CONFIG_\(FEATURE_NETSTAT_[A-Z_]*\|FEATURE_IPV6\|LONG_OPTS\)=y$$/\1/p' config/full)
variants:
	@mkdir -p build/variants
	@pass=0; fail=0; for sw in $(SWITCHES); do \
		grep -v "^CONFIG_$$sw=y" config/full >build/variants/off-$$sw; \
		if $(MAKE) -s --no-print-directory CONFIG=off-$$sw CONFIG_FILE=build/variants/off-$$sw \
			build/off-$$sw/netstat build/off-$$sw/unit >build/variants/off-$$sw.log 2>&1 \
			&& build/off-$$sw/unit >>build/variants/off-$$sw.log 2>&1; then \
			pass=$$((pass + 1)); echo "ok - $$sw off: $$(stat -c %s build/off-$$sw/netstat) bytes, unit tests pass"; \
		else \
			fail=$$((fail + 1)); echo "not ok - $$sw off"; tail -20 build/variants/off-$$sw.log; \
		fi; \
	done; echo "variants: $$pass passed, $$fail failed"; [ $$fail = 0 ]

# the applet dropped into Debian's BusyBox 1.35, built all-on and all-off
# (static, musl, CONFIG_WERROR), and compared with the standalone build
busybox-check:
	@bash tests/busybox-check.sh applet/netstat.c

# speed and memory against the anchors, at 1k to 300k sockets (root)
bench: netstat
	@bash tests/bench.sh ./netstat

# memcheck on a gcc/glibc build (valgrind cannot see malloc in a static
# binary) of the binary and the unit tests: no error, no leak
valgrind:
	@$(MAKE) -s --no-print-directory VG=1 build/$(CONFIG)-vg/netstat build/$(CONFIG)-vg/unit
	@bash tests/valgrind.sh build/$(CONFIG)-vg

# ---- install: the binary and a manual page in man(7) macros, made from
# the usage text the binary prints, so the two cannot disagree ----------

$(B)/netstat.8: $(TESTED)
	@./$(TESTED) --help | awk -v date="$$(date -u -d @$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} +%Y-%m-%d)" ' \
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
	dns cmdline numbers stats netinfo
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Wno-unused-function \
	-D_GNU_SOURCE -DLIBBB_NO_MAIN

# every target for FUZZ_SECONDS each, from seeds plus what earlier runs found
fuzz: build/full/autoconf.h build/full/usage.h
	@mkdir -p build/fuzz
	@for t in $(FUZZ_TARGETS); do \
		$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_TARGET=fuzz_$$t -Ibuild/full -Iinclude \
			-o build/fuzz/$$t tests/fuzz.c || exit 1; \
		sh tests/fuzz-seeds.sh $$t build/fuzz/corpus-$$t; \
		if ! build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$t- build/fuzz/corpus-$$t >build/fuzz/$$t.log 2>&1; then \
			echo "not ok - fuzz $$t: FAILED, the input is build/fuzz/$$t-*"; \
			grep -a -m1 -A12 -e 'ERROR:' -e 'runtime error' build/fuzz/$$t.log; \
			tail -40 build/fuzz/$$t.log; echo "fuzz $$t: FAILED"; exit 1; fi; \
		echo "fuzz $$t: $$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/$$t.log) runs in $(FUZZ_SECONDS) s, clean"; \
	done

size:
	@for p in $(PROFILES); do $(MAKE) -s --no-print-directory CONFIG=$$p build/$$p/netstat || exit 1; done
	@printf '%-10s %8s %6s %6s %8s\n' profile text data bss file
	@for p in $(PROFILES); do \
		size build/$$p/netstat | awk -v p=$$p 'NR==2 {printf "%-10s %8s %6s %6s ", p, $$1, $$2, $$3}'; \
		stat -c %s build/$$p/netstat; \
	done
	@f=$${BUSYBOX_CHECK_DIR:-/tmp/netstat-busybox-check}/busybox-sizes.txt; echo; \
		if [ -f "$$f" ]; then cat "$$f"; else echo "(inside BusyBox: make busybox-check)"; fi

clean:
	rm -rf build netstat

.PHONY: all check size clean install fuzz valgrind bench busybox-check variants
