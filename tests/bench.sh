#!/bin/bash
# bench.sh [BINARY]        (root; BINARY defaults to ./netstat of this tree)
#
# Speed and memory of BINARY against the anchors (ANCHORS.md 3.1, 3.4-3.5)
# on real TCP socket populations of 1k, 10k, 100k and 300k sockets and on
# populations of 2000 and 5000 processes.  Prints one report on stdout
# (progress goes to stderr).  Nothing is asserted: a missed target is
# printed as MISS and the exit status stays 0; it is non-zero only when
# the bench itself cannot run.
#
# Three parts (BENCH_PARTS selects them):
#   states  -ant, -S, -aS and -G against cat (the floor), net-tools, the
#           awk one-liner, busybox, toybox and ss, at 1k, 10k, 100k, 300k
#   prg     -antp against net-tools' netstat -antp and ss -tanp (and our
#           -ant, for what -p adds), at 10k, 100k and 300k sockets, on the
#           same populations; targets: at 100k and 300k ours at least 2x
#           faster than both, and the time per socket growing at most 1.3x
#           from 10k to 300k (ANCHORS 3.1: net-tools, busybox and ss are
#           quadratic there); peak RSS and brk/mmap calls of -antp, which
#           may grow with the sockets (the table is sized to them)
#   procs   the same -p commands on 2000 and 5000 processes holding 4
#           sockets each (bench-population -P): the cost per process
#   netns   --netns=all -S over 100 namespaces of 1000 sockets against a
#           shell loop of nsenter ... netstat -n | awk over them
#
# The populations' processes live in the machine's PID namespace: every
# -p run (ours, net-tools', ss') scans every process of the machine, ours
# and everyone else's.  So no other bench population may be alive (the
# bench refuses to start while one is; each population waits for all its
# processes before it ends, and the next one starts only then), and the
# report gives the number of other processes on the machine and their
# socket fds, which every -p run scans too.
#
# Each population lives in a network namespace of its own (unshare -n,
# lo up, no other interface up): tests/bench-population.c, built here with
# gcc, makes the sockets on 127.0.0.0/8 and ::1 (mostly ESTABLISHED pairs,
# some LISTEN, CLOSE_WAIT/FIN_WAIT2 pairs, TIME_WAIT, 5% tcp6; see the top
# of that file) and holds them until we close its stdin.  Nothing else is
# ever connected to; no name is ever looked up (every netstat/ss runs with
# -n).  The namespace gets its own TCP established hash table, sized to
# the next power of two >= the socket count: net.ipv4.tcp_child_ehash_entries
# is set in our namespace before unshare and restored afterwards (without
# it every namespace shares one table, and reading /proc/net/tcp walks the
# sockets of all of them).
#
# For each size the commands run in rounds: one warm-up round, then a
# fixed number of timed ones (30 at 1k, 20 at 10k, 15 at 100k, 7 at 300k),
# each running every command once under hyperfine (-N --runs 1, stdout to
# /dev/null; the one-liner as sh -c '...'), so that load from elsewhere
# spreads over all commands alike.
# The report gives per command the median and the fastest wall time, the
# mean user and system time, the ratio of the medians to the floor's
# (cat /proc/net/tcp /proc/net/tcp6), the same ratio for the CPU time
# (user + system: steadier than wall time on a busy machine, but a
# pipeline's processes add up) and, for -S/-aS, the speed-up over the awk
# one-liner.  The targets are judged on the medians, as asked; the other
# ratios are printed next to them.  TIME_WAIT sockets last 60 s, so before each round
# the old ones are killed (ss -K) and the population makes new ones:
# every run sees the same sockets.
# Then: the targets at 100k (PASS/MISS), the brk/mmap/munmap calls of -S
# and -ant (strace -f; must not grow with the socket count) and peak RSS
# (/usr/bin/time) at each size.
#
# The prg and procs parts use the same rounds with their own commands
# and fewer of them (net-tools -antp and ss -tanp take seconds each at
# 100k and tens of seconds at 300k, where a round outlasts a TIME_WAIT:
# the prg part renews them before each command): 10 at 10k, 5 at 100k,
# 3 at 300k, 10 on a process population.  The warm-up round (of every
# part) runs each command under /usr/bin/time, for its peak RSS.  The
# report gives the medians, the ratio of each command's median to ours
# -antp's, the time per socket of ours -antp at each size and the
# targets (PASS/MISS), then the peak RSS of -ant and -antp (median of 3
# runs) and the brk/mmap/munmap/mremap calls of -antp (strace -f
# --seccomp-bpf) at each size, and the bytes per socket: (peak RSS of
# -antp - peak RSS of -ant) / sockets.  The time per socket includes
# what does not grow with the sockets (exec, the machine's other
# processes), which weighs most at 10k.
#
# Time: about 11 minutes on an idle 2-CPU machine (states 4, prg 5,
# procs 1; net-tools -antp and ss -tanp at 300k alone take over 3), 15
# on a busy one.  Before each size the bench guesses its cost from the
# last one and skips it (with a note) when it would not end within
# BENCH_BUDGET.
#
# Needs: root, unshare, ip, ss (iproute2), hyperfine, strace, GNU time
# (/usr/bin/time), gcc.  Compared when installed: net-tools netstat
# (/usr/bin/netstat, also for the one-liner), busybox, toybox.
#
# Environment:
#   BENCH_PARTS   parts to run (default "states prg procs netns")
#   BENCH_NETNS, BENCH_NETNS_SOCKETS, BENCH_NETNS_RUNS  the netns part's
#                 namespaces (100), sockets in each (1000), timed runs (5)
#   BENCH_SIZES   socket counts of the states part (default "1000 10000
#                 100000 300000"); a size is skipped with a note when
#                 memory or the time budget (BENCH_BUDGET seconds for the
#                 whole bench, default 1140) would not allow it
#   BENCH_PRG_SIZES  socket counts of the prg part (default "10000 100000
#                 300000")
#   BENCH_PROCS   process counts of the procs part (default "2000 5000")
#   BENCH_RUNS    timed rounds of the states part, every size (default: see above)
#   BENCH_PRG_RUNS, BENCH_PROCS_RUNS  the same for the prg and procs parts
#   BENCH_KEEP=1  keep the work directory (per-run times, logs, strace output)
#   NETSTAT_REF   net-tools netstat (default /usr/bin/netstat)
#   BENCH_CC      compiler for bench-population.c (default gcc)
set -u

here=$(cd "$(dirname "$0")" && pwd)
self=$here/$(basename "$0")
ref=${NETSTAT_REF:-/usr/bin/netstat}

say() { printf 'bench: %s\n' "$*" >&2; }
fatal() { printf 'bench: cannot run: %s\n' "$*" >&2; exit 2; }

# The measured commands: ID%LABEL%COMMAND.  COMMAND runs through
# hyperfine -N (no shell) unless it contains a pipe; @B@ is BINARY, @REF@
# net-tools' netstat.  The targets use the IDs S, aS, g* and oneliner.
commands() {
	cat <<'EOF'
floor%cat /proc/net/tcp /proc/net/tcp6%cat /proc/net/tcp /proc/net/tcp6
nt%net-tools netstat -ant%@REF@ -ant
oneliner%netstat -n | awk '/^tcp/ {++S[$NF]} ...'%@REF@ -n | awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}'
bb%busybox netstat -ant%busybox netstat -ant
tb%toybox netstat -ant%toybox netstat -ant
ss%ss -tan%ss -tan
ant%ours -ant%@B@ -ant
S%ours -S%@B@ -S
aS%ours -aS%@B@ -aS
Sp%ours -S --no-netlink (/proc)%@B@ -S --no-netlink
aSp%ours -aS --no-netlink (/proc)%@B@ -aS --no-netlink
g2p%ours -n -G rhost,state=SYN_REC --no-netlink%@B@ -n -G rhost,state=SYN_REC --no-netlink
g1%ours -nt -G rhost%@B@ -nt -G rhost
g2%ours -n -G rhost,state=SYN_REC%@B@ -n -G rhost,state=SYN_REC
g3%ours -ntu -G rhost,state=ESTAB%@B@ -ntu -G rhost,state=ESTAB
g4%ours -an -G rhost,port=80%@B@ -an -G rhost,port=80
g5%ours -n -G raddr,state=TIME_WAIT,top=20%@B@ -n -G raddr,state=TIME_WAIT,top=20
g6%ours -nat -G state%@B@ -nat -G state
keys%ours -nt -G laddr,raddr (a key per socket)%@B@ -nt -G laddr,raddr
keyspipe%netstat -nt | awk '{print $4,$5}' | sort | uniq -c%@REF@ -nt | awk '/^tcp/ {print $4, $5}' | sort | uniq -c
EOF
}

# The -p commands (prg and procs parts), the same way.  The targets use
# the IDs antp (ours), nt and ss.
prg_commands() {
	cat <<'EOF'
ant%ours -ant%@B@ -ant
antp%ours -antp%@B@ -antp
nt%net-tools netstat -antp%@REF@ -antp
ss%ss -tanp%ss -tanp
EOF
}

runs_for() {
	if [ -n "${BENCH_RUNS:-}" ]; then echo "$BENCH_RUNS"
	elif [ "$1" -le 1000 ]; then echo 30
	elif [ "$1" -le 10000 ]; then echo 20
	elif [ "$1" -le 100000 ]; then echo 15
	else echo 7
	fi
}

prg_runs_for() {
	if [ -n "${BENCH_PRG_RUNS:-}" ]; then echo "$BENCH_PRG_RUNS"
	elif [ "$1" -le 10000 ]; then echo 10
	elif [ "$1" -le 100000 ]; then echo 5
	else echo 3
	fi
}

procs_runs() { echo "${BENCH_PROCS_RUNS:-10}"; }

# part NAME: whether BENCH_PARTS selects it
part() { [[ " ${BENCH_PARTS:-states prg procs netns} " == *" $1 "* ]]; }

# among WORD LIST...: whether WORD is one of the LIST
among() { local w=$1; shift; [[ " $* " == *" $w "* ]]; }

# The PIDs of the bench populations alive (this bench's or another's)
populations() { pgrep -x bench-populatio | tr '\n' ' '; }

# other_procs: "N processes holding M socket fds", on the machine now
other_procs() {
	local n m
	n=$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)
	m=$(find /proc/[0-9]*/fd -lname 'socket:*' 2>/dev/null | wc -l)
	echo "$n processes holding $m socket fds"
}

# ----------------------------------------------------------------------
# Inner part: one population, inside its network namespace.
# inner KIND SIZE BINARY WORK POPBIN EHASH PARTS
# KIND sockets: SIZE sockets, measured by PARTS ("states", "prg" or
# both); KIND procs: SIZE processes of 4 sockets each (the procs part).
# The population writes WORK/BASE.{pop,notes,poplog} (BASE: SIZE, or
# SIZE.procs); each part, under its TAG (SIZE for states, SIZE.prg,
# SIZE.procs), WORK/TAG.{times,status,notes,maxrss,alloc,rss},
# WORK/TAG.ID.runs (one line "wall user system" a run) and logs.

pop_pid='' pop_in='' pop_out='' cur=''
inner() {
	local kind=$1 size=$2 bin=$3 work=$4 popbin=$5 ehash=$6 parts=$7
	local base=$size line st alive p0
	[ "$kind" = procs ] && base=$size.procs
	p0=$(date +%s)	# the seconds of each part go to WORK/BASE.secs

	# shellcheck disable=SC2317
	inner_cleanup() {
		[ -n "$cur" ] && kill "$cur" 2>/dev/null
		if [ -n "$pop_pid" ]; then
			kill "$pop_pid" 2>/dev/null
			wait "$pop_pid" 2>/dev/null
		fi
	}
	trap inner_cleanup EXIT
	trap 'exit 130' INT TERM
	# run CMD...: in the background, so that a TERM is seen at once
	run() { "$@" & cur=$!; wait "$cur"; local s=$?; cur=; return $s; }

	ip link set lo up || { say "ip link set lo up failed"; return 2; }
	if ip -o link show up | grep -v ': lo:' | grep -q .; then
		say "an interface other than lo is up in the new namespace"; return 2
	fi
	# every -p run scans every process: no other population may be alive
	alive=$(populations)
	if [ -n "$alive" ]; then
		say "a bench population is still alive (PID $alive)"; return 2
	fi
	# our own established hash (a negative value means a shared one)
	local eh
	eh=$(sysctl -n net.ipv4.tcp_ehash_entries 2>/dev/null || echo '?')

	local -a popargs=("$size")
	[ "$kind" = procs ] && popargs=(-P "$size")
	say "$base: making the population"
	local t0 t1
	t0=$(date +%s%N)
	coproc "$popbin" "${popargs[@]}" 2>"$work/$base.poplog"
	pop_pid=$COPROC_PID pop_out=${COPROC[0]} pop_in=${COPROC[1]}
	if ! read -r -t 600 line <&"$pop_out" || [ "$line" != ready ]; then
		say "$base: bench-population failed: $(cat "$work/$base.poplog")"
		return 2
	fi
	t1=$(date +%s%N)
	say "$base: ready in $(( (t1 - t0) / 1000000 )) ms"

	# TIME_WAIT refresh: kill the old ones, let the population make new ones
	local refresh=1
	tw_refresh() {
		[ $refresh = 1 ] || return 0
		ss -K -tan state time-wait >/dev/null 2>&1
		echo tw >&"$pop_in"
		read -r -t 120 line <&"$pop_out" && [ "$line" = ok ]
	}
	if [ "$kind" = procs ]; then
		refresh=0	# no TIME_WAIT there
	elif ! tw_refresh || [ "$(ss -tanH state time-wait | wc -l)" != "$((size / 20))" ]; then
		refresh=0
		echo "note: TIME_WAIT sockets could not be renewed (ss -K); they expire 60 s after the start" \
			>>"$work/$base.notes"
	fi
	{
		if [ "$kind" = procs ]; then printf '%s processes, 4 TCP sockets each:' "$size"
		else printf '%s sockets:' "$size"
		fi
		ss -tanH | awk '{ n[$1]++; t++ } END {
			split("LISTEN ESTAB SYN-SENT SYN-RECV FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSE-WAIT LAST-ACK CLOSING", o, " ")
			for (i = 1; i <= 10; i++) if (o[i] in n) printf " %s %d", o[i], n[o[i]]
			printf " (ss: %d in all", t
		}'
		printf ', tcp6 %s)\n' "$(ss -tanH -6 | wc -l)"
		printf 'made in %s ms' "$(( (t1 - t0) / 1000000 ))"
		[ "$kind" = sockets ] && printf '; own ehash of %s buckets' "$eh"
		if among states $parts; then
			printf '; 1 warm-up and %s timed rounds' "$(runs_for "$size")"
		elif [ "$kind" = procs ]; then
			printf '; 1 warm-up and %s timed rounds' "$(procs_runs)"
		fi
		echo
	} >"$work/$base.pop"
	[ "$kind" = procs ] || [ "$eh" = "$ehash" ] ||
		echo "note: the namespace's ehash has $eh buckets, not $ehash of its own" >>"$work/$base.notes"

	# -S must count what the one-liner counts
	if among states $parts && [ -x "$ref" ]; then
		local a b
		a=$("$ref" -n | awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}' | sort)
		b=$("$bin" -S | sort)
		if [ "$a" = "$b" ]; then echo "-S = one-liner: yes" >>"$work/$size.notes"
		else echo "note: -S differs from the one-liner: $(echo "$b" | tr '\n' ' ')/ $(echo "$a" | tr '\n' ' ')" >>"$work/$size.notes"
		fi
	fi

	# Which commands can run; the others get a note.
	local have_ref=0 have_bb=0 have_tb=0
	[ -x "$ref" ] && have_ref=1
	busybox --list 2>/dev/null | grep -qx netstat && have_bb=1
	toybox 2>/dev/null | grep -qw netstat && have_tb=1
	available() {
		case $1 in
		nt|oneliner) [ $have_ref = 1 ] ;;
		bb) [ $have_bb = 1 ] ;;
		tb) [ $have_tb = 1 ] ;;
		esac
	}

	# rounds TAG RUNS LIST [EACH]: the commands LIST prints, in rounds.
	# Each round renews the TIME_WAITs (with EACH, before each command:
	# for rounds longer than their 60 s) and runs every command once
	# (round 0, the warm-up, only records exit statuses and, under
	# /usr/bin/time, peak RSS), so a burst of load from elsewhere hits
	# all commands alike.  Each timed run is one hyperfine run (wall
	# time, and user/system time from rusage).
	rounds() {
		local tag=$1 runs=$2 list=$3 each=${4:-} r t0r slow='' id label cmd hcmd st
		: >"$work/$tag.status"
		: >"$work/$tag.maxrss"
		for ((r = 0; r <= runs; r++)); do
			say "$tag: round $r/$runs"
			[ -n "$each" ] || { tw_refresh; t0r=$(date +%s); }
			while IFS=% read -r id label cmd; do
				available "$id" || continue
				[ -z "$each" ] || { tw_refresh; t0r=$(date +%s); }
				cmd=${cmd//@B@/\'$bin\'}
				cmd=${cmd//@REF@/\'$ref\'}
				# a pipeline runs as sh -c '...' (counting sh's start, as
				# for a user; hyperfine's shell calibration costs 0.3 s a run)
				hcmd=$cmd
				[[ $cmd == *'|'* ]] && hcmd="sh -c '${cmd//\'/\'\\\'\'}'"
				if [ $r = 0 ]; then
					# (not through sh when it needs none: the peak
					# RSS of a process counts what it held before exec)
					st=0
					if [[ $cmd == *'|'* ]]; then set -- sh -c "exec $cmd"
					else eval "set -- $cmd"
					fi
					run /usr/bin/time -f %M -o "$work/$tag.time" "$@" \
						>/dev/null 2>"$work/$tag.$id.err" || st=$?
					printf '%s\t%s\n' "$id" "$st" >>"$work/$tag.status"
					printf '%s\t%s\n' "$id" "$(tail -1 "$work/$tag.time")" >>"$work/$tag.maxrss"
					continue
				fi
				run hyperfine -N -i --style none --runs 1 --output null \
					--export-json "$work/$tag.run.json" -- "$hcmd" >>"$work/$tag.$id.log" 2>&1 ||
					continue
				# time user system, from hyperfine's JSON
				awk '
					/"times":/ { t = 1; next }
					t == 1 && /[0-9]/ { gsub(/[ ,]/, ""); w = $0; t = 2 }
					/"user":/ { gsub(/[",]/, "", $2); u = $2 }
					/"system":/ { gsub(/[",]/, "", $2); s = $2 }
					END { print w, u, s }
				' "$work/$tag.run.json" >>"$work/$tag.$id.runs"
				if [ $(( $(date +%s) - t0r )) -ge 55 ] && [ -z "$slow" ] && [ "$kind" = sockets ]; then
					slow=1
					echo "note: ${each:+$label: }more than 55 s from a renewal of the TIME_WAIT sockets:" \
						"some may have expired during ${each:+the command}${each:-a round}" >>"$work/$tag.notes"
				fi
			done < <($list)
		done

		# per command: median, mean user, mean system, note, min
		: >"$work/$tag.times"
		while IFS=% read -r id label cmd; do
			if ! available "$id"; then
				printf '%s\t-\t-\t-\tnot installed\n' "$id" >>"$work/$tag.times"
				continue
			fi
			st=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$work/$tag.status")
			[ "$st" = 0 ] && st= || st="exit status $st"
			if [ ! -s "$work/$tag.$id.runs" ]; then
				printf '%s\t-\t-\t-\t%s\n' "$id" "hyperfine failed, see $work/$tag.$id.log" >>"$work/$tag.times"
				continue
			fi
			sort -g "$work/$tag.$id.runs" | awk -v id="$id" -v st="$st" '
				{ w[NR] = $1; u += $2; s += $3 }
				END {
					m = NR % 2 ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
					printf "%s\t%s\t%s\t%s\t%s\t%s\n", id, m, u / NR, s / NR, st, w[1]
				}' >>"$work/$tag.times"
		done < <($list)
	}

	# prg_memory TAG: brk/mmap/munmap/mremap calls of -antp (strace -f;
	# seccomp-bpf stops at those calls only, not at each readlink) and
	# the peak RSS of -ant and -antp
	prg_memory() {
		local tag=$1 args r
		tw_refresh
		run strace -f --seccomp-bpf -qq -e trace=brk,mmap,munmap,mremap -o "$work/$tag.strace" \
			"$bin" -antp >/dev/null 2>&1 ||
		run strace -f -qq -e trace=brk,mmap,munmap,mremap -o "$work/$tag.strace" \
			"$bin" -antp >/dev/null 2>&1
		awk '
			{ sub(/^[0-9]+ +/, "") }
			/^brk\(/ { b++ } /^mmap\(/ { m++ } /^munmap\(/ { u++ } /^mremap\(/ { r++ }
			END { printf "%d\t%d\t%d\t%d\n", b, m, u, r }
		' "$work/$tag.strace" >"$work/$tag.alloc"
		# the median of 3 runs: the kernel's RSS counters are per-CPU
		# and approximate, by some 100 KiB
		: >"$work/$tag.rss"
		for args in -ant -antp; do
			for r in 1 2 3; do
				run /usr/bin/time -f %M -o "$work/$tag.time" "$bin" $args >/dev/null 2>&1
				tail -1 "$work/$tag.time"
			done | sort -n | sed -n 2p | sed "s/^/$args\t/" >>"$work/$tag.rss"
		done
	}

	if among states $parts; then
		rounds "$size" "$(runs_for "$size")" commands

		# brk/mmap/munmap calls (strace -f), -S and -ant
		say "$size: strace, peak RSS"
		tw_refresh
		: >"$work/$size.alloc"
		local args name
		for name in S Sp ant; do
			args=-$name
			[ $name = Sp ] && args="-S --no-netlink"
			run strace -f -qq -e trace=brk,mmap,munmap -o "$work/$size.$name.strace" "$bin" $args >/dev/null 2>&1
			awk -v name="$name" '
				{ sub(/^[0-9]+ +/, "") }
				/^brk\(/ { b++ } /^mmap\(/ { m++ } /^munmap\(/ { u++ }
				END { printf "%s\t%d\t%d\t%d\n", name, b, m, u }
			' "$work/$size.$name.strace" >>"$work/$size.alloc"
		done
		# peak RSS, KiB
		: >"$work/$size.rss"
		for args in "-ant" "-S" "-nat -G rhost"; do
			# shellcheck disable=SC2086
			run /usr/bin/time -f %M -o "$work/$size.time" "$bin" $args >/dev/null 2>&1
			printf '%s\t%s\n' "$args" "$(tail -1 "$work/$size.time")" >>"$work/$size.rss"
		done
		# -G with a key per socket, against the pipeline it replaces: the
		# same counts (sorted: uniq -c's order is sort's), and how many
		# distinct keys that was; peak RSS of both
		tw_refresh
		run "$bin" -nt -G laddr,raddr 2>&1 | sed 's/^ *//' | sort >"$work/$size.keys.ours"
		run "$ref" -nt 2>/dev/null | awk '/^tcp/ {print $4, $5}' | sort | uniq -c | sed 's/^ *//' | sort >"$work/$size.keys.pipe"
		if [ -s "$work/$size.keys.ours" ] && cmp -s "$work/$size.keys.ours" "$work/$size.keys.pipe"; then
			printf 'exact\t%s\n' "$(wc -l <"$work/$size.keys.ours")" >"$work/$size.keys"
		else
			printf 'DIFFERENT\t%s\t%s\n' "$(wc -l <"$work/$size.keys.ours")" "$(wc -l <"$work/$size.keys.pipe")" >"$work/$size.keys"
		fi
		run /usr/bin/time -f %M -o "$work/$size.time" "$bin" -nt -G laddr,raddr >/dev/null 2>&1
		printf 'ours\t%s\n' "$(tail -1 "$work/$size.time")" >>"$work/$size.keys"
		run /usr/bin/time -f %M -o "$work/$size.time" sh -c "$ref -nt | awk '/^tcp/ {print \$4, \$5}' | sort | uniq -c" >/dev/null 2>&1
		printf 'pipe\t%s\n' "$(tail -1 "$work/$size.time")" >>"$work/$size.keys"
		echo "states $(( $(date +%s) - p0 ))" >>"$work/$base.secs"
		p0=$(date +%s)
	fi

	# -p: what every run scans besides the population
	local tag=
	among prg $parts && tag=$size.prg
	[ "$kind" = procs ] && tag=$size.procs
	if [ -n "$tag" ]; then
		echo "the machine during the -p rounds: $(other_procs), the population's $(pgrep -cx bench-populatio) processes included" \
			>>"$work/$tag.notes"
		if [ "$kind" = procs ]; then
			rounds "$tag" "$(procs_runs)" prg_commands
		else
			rounds "$tag" "$(prg_runs_for "$size")" prg_commands each
		fi
		say "$tag: strace, peak RSS"
		prg_memory "$tag"
		echo "${tag#*.} $(( $(date +%s) - p0 ))" >>"$work/$base.secs"
	fi

	# the population waits for all its processes before it exits
	exec {pop_in}>&-
	wait "$pop_pid" 2>/dev/null
	pop_pid=
	return 0
}

# ----------------------------------------------------------------------
# Outer part: checks, sysctls, one namespace per size, the report.

# field ID COLUMN SIZE: column 2 median, 3 user, 4 system, 5 note, 6 min
field() { awk -F'\t' -v id="$1" -v c="$2" '$1 == id { print $c; exit }' "$work/$3.times"; }

# ratio A B: A/B with two decimals, or "-"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

report_size() {
	local size=$1 id label cmd med usr sys note min floor one x xc vs
	echo
	echo "== $(head -1 "$work/$size.pop")"
	sed 1d "$work/$size.pop"
	[ -f "$work/$size.notes" ] && cat "$work/$size.notes"
	floor=$(field floor 2 "$size")
	one=$(field oneliner 2 "$size")
	printf '%-42s %8s %7s %7s %7s %7s %7s  %s\n' "" "median" "min" "user" "sys" "median" "cpu" "median"
	printf '%-42s %8s %7s %7s %7s %7s %7s  %s\n' command "s" "s" "s" "s" "x floor" "x floor" "vs one-liner"
	while IFS=% read -r id label cmd; do
		med=$(field "$id" 2 "$size"); usr=$(field "$id" 3 "$size")
		sys=$(field "$id" 4 "$size"); note=$(field "$id" 5 "$size")
		min=$(field "$id" 6 "$size")
		if [ -z "$med" ] || [ "$med" = - ]; then
			printf '%-42s %8s  (%s)\n' "$label" - "${note:-not run}"
			continue
		fi
		x=$(ratio "$med" "$floor")
		xc=$(ratio "$(cpu "$id" "$size")" "$(cpu floor "$size")")
		vs=
		case $id in S|aS)
			vs=$(ratio "$one" "$med")
			[ "$vs" != - ] && vs="${vs}x faster" ;;
		esac
		printf '%-42s %8.4f %7.4f %7.4f %7.4f %7s %7s  %s%s\n' "$label" "$med" "$min" "$usr" "$sys" \
			"$x" "$xc" "$vs" "${note:+ ($note)}"
	done < <(commands)
}

# cpu ID SIZE: mean user + system time
cpu() { awk -F'\t' -v id="$1" '$1 == id { print $3 + $4; exit }' "$work/$2.times"; }

# target LABEL VALUE OP LIMIT [ALSO]: a PASS/MISS line (OP le or ge) for
# VALUE, the ratio of medians; ALSO: other views of it, for information
target() {
	local label=$1 v=$2 op=$3 lim=$4 also=${5:-} why=
	if [ "$v" = - ] || [ -z "$v" ]; then
		printf '  ----  %-50s not measured\n' "$label"
		return
	fi
	if awk -v v="$v" -v l="$lim" -v op="$op" 'BEGIN { exit !(op == "le" ? v <= l : v >= l) }'; then
		printf '  PASS  %-50s %5sx%s\n' "$label" "$v" "${also:+  ($also)}"
	else
		why=$(awk -v v="$v" -v l="$lim" -v op="$op" 'BEGIN {
			if (op == "le") printf "%.0f%% over", (v / l - 1) * 100
			else printf "%.0f%% short", (1 - v / l) * 100 }')
		printf '  MISS  %-50s %5sx  (%s%s)\n' "$label" "$v" "$why" "${also:+; $also}"
		misses=$((misses + 1))
	fi
}

report_targets() {
	local s=100000 floor one id label cmd med
	echo
	echo "== targets at 100000 sockets: ratios of the medians (in brackets, for"
	echo "   information: of the fastest runs, and of the mean CPU time, user + system)"
	if [ ! -s "$work/$s.times" ]; then
		echo "  not measured (100000 is not in BENCH_SIZES or failed)"
		return
	fi
	floor=$(field floor 2 $s); one=$(field oneliner 2 $s)
	while IFS=% read -r id label cmd; do
		med=$(field "$id" 2 $s)
		case $id in
		S|aS)
			target "${label#ours } (netlink) <= 0.65x floor" "$(ratio "$med" "$floor")" le 0.65 \
				"fastest $(ratio "$(field "$id" 6 $s)" "$(field floor 6 $s)")x, cpu $(ratio "$(cpu "$id" $s)" "$(cpu floor $s)")x"
			target "${label#ours } >= 2.5x faster than the one-liner" "$(ratio "$one" "$med")" ge 2.5 \
				"fastest $(ratio "$(field oneliner 6 $s)" "$(field "$id" 6 $s)")x; the floor itself: $(ratio "$one" "$floor")x" ;;
		Sp)
			target "${label#ours } <= 1.05x floor" "$(ratio "$med" "$floor")" le 1.05 \
				"fastest $(ratio "$(field "$id" 6 $s)" "$(field floor 6 $s)")x, cpu $(ratio "$(cpu "$id" $s)" "$(cpu floor $s)")x" ;;
		ant)
			target "${label#ours } <= 1.25x floor" "$(ratio "$med" "$floor")" le 1.25 \
				"fastest $(ratio "$(field "$id" 6 $s)" "$(field floor 6 $s)")x, cpu $(ratio "$(cpu "$id" $s)" "$(cpu floor $s)")x" ;;
		g2)
			target "${label#ours } (netlink, 100 SYN_RECV) <= 0.2x floor" "$(ratio "$med" "$floor")" le 0.2 \
				"fastest $(ratio "$(field "$id" 6 $s)" "$(field floor 6 $s)")x, cpu $(ratio "$(cpu "$id" $s)" "$(cpu floor $s)")x" ;;
		g*)
			target "${label#ours } <= 1.3x floor" "$(ratio "$med" "$floor")" le 1.3 \
				"fastest $(ratio "$(field "$id" 6 $s)" "$(field floor 6 $s)")x, cpu $(ratio "$(cpu "$id" $s)" "$(cpu floor $s)")x" ;;
		esac
	done < <(commands)
}

report_alloc() {
	local s name b m u lo hi
	echo
	echo "== brk/mmap/munmap calls (strace -f), must not grow with the sockets"
	printf '%-8s %-26s %-26s %-26s\n' sockets "-S (brk mmap munmap)" "-S --no-netlink (the same)" "-ant (the same)"
	for s in $done_sizes; do
		printf '%-8s' "$s"
		for name in S Sp ant; do
			read -r b m u < <(awk -F'\t' -v n="$name" '$1 == n { print $2, $3, $4 }' "$work/$s.alloc")
			printf ' %-26s' "$b $m $u = $((b + m + u))"
		done
		echo
	done
	for name in S Sp ant; do
		lo=$(awk -F'\t' -v n="$name" '$1 == n { print $2 + $3 + $4 }' "$work/1000.alloc" 2>/dev/null)
		hi=$(awk -F'\t' -v n="$name" '$1 == n { print $2 + $3 + $4 }' "$work/100000.alloc" 2>/dev/null)
		if [ -z "$lo" ] || [ -z "$hi" ]; then
			printf '  ----  -%-20s not measured at 1000 and 100000\n' "$name"
		elif [ "$lo" = "$hi" ]; then
			printf '  PASS  -%-20s 1k: %s calls, 100k: %s calls\n' "$name" "$lo" "$hi"
		else
			printf '  MISS  -%-20s 1k: %s calls, 100k: %s calls\n' "$name" "$lo" "$hi"
			misses=$((misses + 1))
		fi
	done
}

# -G with a key per socket: exact against sort | uniq -c, time and peak
# RSS beside the pipeline's (the pipeline's RSS is its largest process)
report_keys() {
	local s k
	echo
	echo "== -nt -G laddr,raddr (a key per socket) against netstat -nt | awk | sort | uniq -c"
	printf '%-8s %-19s %7s %9s %10s %13s %9s %6s\n' sockets "counts" "keys" "median s" "pipeline" "peak RSS KiB" "pipeline" "B/key"
	for s in $done_sizes; do
		[ -f "$work/$s.keys" ] || continue
		k=$(awk -F'\t' 'NR == 1 { print $2 }' "$work/$s.keys")
		printf '%-8s %-19s %7s %9.4f %10.4f %13s %9s %6s\n' "$s" \
			"$(awk -F'\t' 'NR == 1 { print ($1 == "exact" ? "exact (= pipeline)" : "DIFFERENT") }' "$work/$s.keys")" "$k" \
			"$(field keys 2 "$s")" "$(field keyspipe 2 "$s")" \
			"$(awk -F'\t' '$1 == "ours" { print $2 }' "$work/$s.keys")" \
			"$(awk -F'\t' '$1 == "pipe" { print $2 }' "$work/$s.keys")" \
			"$(awk -F'\t' -v k="$k" -v base="$(awk -F'\t' '$1 == "-ant" { print $2 }' "$work/$s.rss")" \
				'$1 == "ours" && k > 0 { printf "%.0f", ($2 - base) * 1024 / k }' "$work/$s.keys")"
		grep -q '^exact' "$work/$s.keys" || misses=$((misses + 1))
	done
	echo "(B/key: peak RSS of -G laddr,raddr less that of -ant, per key; the README states at most 63)"
}

report_rss() {
	local s
	echo
	echo "== peak RSS, KiB (/usr/bin/time %M = time -v's \"Maximum resident set size\")"
	printf '%-8s %10s %10s %16s\n' sockets "-ant" "-S" "-nat -G rhost"
	for s in $done_sizes; do
		printf '%-8s %10s %10s %16s\n' "$s" \
			"$(awk -F'\t' '$1 == "-ant" { print $2 }' "$work/$s.rss")" \
			"$(awk -F'\t' '$1 == "-S" { print $2 }' "$work/$s.rss")" \
			"$(awk -F'\t' '$1 == "-nat -G rhost" { print $2 }' "$work/$s.rss")"
	done
}

# prg_table TAG: the -p commands of one population: median, fastest,
# mean user and system time, the median over ours -antp's (how many
# times ours' time each takes), peak RSS of the warm-up run
prg_table() {
	local tag=$1 id label cmd med usr sys note min mine rss
	mine=$(field antp 2 "$tag")
	printf '%-42s %8s %7s %7s %7s %9s %9s\n' "" "median" "min" "user" "sys" "median" "peak RSS"
	printf '%-42s %8s %7s %7s %7s %9s %9s\n' command "s" "s" "s" "s" "x ours -p" "KiB"
	while IFS=% read -r id label cmd; do
		med=$(field "$id" 2 "$tag"); usr=$(field "$id" 3 "$tag")
		sys=$(field "$id" 4 "$tag"); note=$(field "$id" 5 "$tag")
		min=$(field "$id" 6 "$tag")
		rss=$(awk -F'\t' -v id="$id" '$1 == id { print $2; exit }' "$work/$tag.maxrss")
		if [ -z "$med" ] || [ "$med" = - ]; then
			printf '%-42s %8s  (%s)\n' "$label" - "${note:-not run}"
			continue
		fi
		printf '%-42s %8.4f %7.4f %7.4f %7.4f %9s %9s%s\n' "$label" "$med" "$min" "$usr" "$sys" \
			"$(ratio "$med" "$mine")" "${rss:--}" "${note:+  ($note)}"
	done < <(prg_commands)
}

# per N TAG: median of ours -antp over N, in microseconds
per() { awk -v t="$(field antp 2 "$2")" -v n="$1" 'BEGIN { if (t + 0 > 0) printf "%.3f", t * 1e6 / n; else print "-" }'; }

report_prg() {
	local size=$1 tag=$1.prg
	echo
	if [ -s "$work/$size.times" ]; then
		echo "== -p at $size sockets (the population above): 1 warm-up and $(prg_runs_for "$size") timed rounds"
	else
		echo "== -p at $(head -1 "$work/$size.pop")"
		sed 1d "$work/$size.pop"
		[ -f "$work/$size.notes" ] && cat "$work/$size.notes"
		echo "1 warm-up and $(prg_runs_for "$size") timed rounds"
	fi
	[ -f "$work/$tag.notes" ] && cat "$work/$tag.notes"
	prg_table "$tag"
	echo "ours -antp: $(per "$size" "$tag") us per socket (median / $size);" \
		"-p adds $(awk -v a="$(field antp 2 "$tag")" -v b="$(field ant 2 "$tag")" 'BEGIN { printf "%.4f", a - b }') s to -ant"
}

report_procs() {
	local n=$1 tag=$1.procs
	echo
	echo "== $(head -1 "$work/$tag.pop")"
	sed 1d "$work/$tag.pop"
	[ -f "$work/$tag.notes" ] && cat "$work/$tag.notes"
	prg_table "$tag"
	echo "ours -antp: $(per "$n" "$tag") us per process (median / $n)"
}

report_prg_targets() {
	local s lo hi plo phi g
	echo
	echo "== -p targets: ours -antp against net-tools netstat -antp and ss -tanp, ratios of"
	echo "   the medians (in brackets, for information: of the fastest runs, and of the mean"
	echo "   CPU time, user + system)"
	for s in 100000 300000; do
		if ! among "$s" $done_prg; then
			printf '  ----  %-50s not measured\n' "$s: ours -antp"
			continue
		fi
		target "$s: ours -antp >= 2x faster than net-tools -antp" \
			"$(ratio "$(field nt 2 $s.prg)" "$(field antp 2 $s.prg)")" ge 2 \
			"fastest $(ratio "$(field nt 6 $s.prg)" "$(field antp 6 $s.prg)")x, cpu $(ratio "$(cpu nt $s.prg)" "$(cpu antp $s.prg)")x"
		target "$s: ours -antp >= 2x faster than ss -tanp" \
			"$(ratio "$(field ss 2 $s.prg)" "$(field antp 2 $s.prg)")" ge 2 \
			"fastest $(ratio "$(field ss 6 $s.prg)" "$(field antp 6 $s.prg)")x, cpu $(ratio "$(cpu ss $s.prg)" "$(cpu antp $s.prg)")x"
	done
	# the time per socket: the smallest and the largest size measured
	# (10k and 300k by default)
	printf '  time per socket of ours -antp (median / sockets):'
	for s in $done_prg; do printf ' %s: %s us' "$s" "$(per "$s" "$s.prg")"; done
	echo
	lo=${done_prg%% *} hi=${done_prg##* }
	if [ -z "$lo" ] || [ "$lo" = "$hi" ]; then
		printf '  ----  %-50s not measured\n' "time per socket, largest / smallest size"
		return
	fi
	plo=$(per "$lo" "$lo.prg") phi=$(per "$hi" "$hi.prg")
	g=$(awk -v a="$(cpu antp "$hi.prg")" -v b="$(cpu antp "$lo.prg")" -v h="$hi" -v l="$lo" \
		'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / h / (b / l); else print "-" }')
	target "time per socket, $hi / $lo <= 1.3x" "$(ratio "$phi" "$plo")" le 1.3 \
		"$phi us / $plo us; cpu per socket ${g}x"
}

report_prg_memory() {
	local s n tag ant antp b m u r lo hi
	echo
	echo "== -p memory: peak RSS, KiB (/usr/bin/time %M), and the brk/mmap/munmap/mremap"
	echo "   calls of -antp (strace -f): they grow with the sockets (the table is sized"
	echo "   to them); bytes per socket = (peak RSS of -antp - of -ant) / sockets"
	printf '%-16s %8s %8s %8s %12s  %s\n' population "-ant" "-antp" "growth" "bytes/socket" "-antp: brk mmap munmap mremap"
	for tag in $(for s in $done_prg; do echo "$s.prg"; done; for s in $done_procs; do echo "$s.procs"; done); do
		s=${tag%.*}
		n=$s
		[ "${tag#*.}" = procs ] && n=$((4 * s))
		ant=$(awk -F'\t' '$1 == "-ant" { print $2 }' "$work/$tag.rss")
		antp=$(awk -F'\t' '$1 == "-antp" { print $2 }' "$work/$tag.rss")
		read -r b m u r <"$work/$tag.alloc"
		printf '%-16s %8s %8s %8s %12s  %s\n' \
			"$( [ "${tag#*.}" = procs ] && echo "$s processes" || echo "$s sockets")" "$ant" "$antp" \
			"$((antp - ant))" \
			"$(awk -v g="$((antp - ant))" -v n="$n" 'BEGIN { if (g < 256) print "-"; else printf "%.1f", g * 1024 / n }')" \
			"$b $m $u $r = $((b + m + u + r))"
	done
	echo "(-: a growth under 256 KiB, within the precision of the kernel's per-CPU RSS counters)"
	lo=${done_prg%% *} hi=${done_prg##* }
	if [ -n "$lo" ] && [ "$lo" != "$hi" ]; then
		echo "-antp from $lo to $hi sockets: $(awk -v a="$(awk -F'\t' '$1 == "-antp" { print $2 }' "$work/$hi.prg.rss")" \
			-v b="$(awk -F'\t' '$1 == "-antp" { print $2 }' "$work/$lo.prg.rss")" -v h="$hi" -v l="$lo" \
			'BEGIN { printf "%.1f", (a - b) * 1024 / (h - l) }') bytes of peak RSS per added socket"
	fi
}

# prg_guess SIZE LAST: the seconds the prg part may take at SIZE, from
# the medians at LAST: each command's times the square of SIZE/LAST
# (net-tools and ss are quadratic from 100k on; from 10k to 100k this
# guesses too much), in every round and about once more for the
# warm-up, strace and RSS runs, plus a second a command and round for
# hyperfine and the TIME_WAIT renewal
prg_guess() {
	awk -F'\t' -v s="$1" -v l="$2" -v n="$(( $(prg_runs_for "$1") + 2 ))" '
		$2 != "-" { t += $2 } END { printf "%d\n", n * (t * (s / l) ^ 2 + NR) }
	' "$work/$2.prg.times"
}

# enough_memory KIB WHAT: MemAvailable holds KIB, else WHAT is noted as
# skipped (in outer's notes) and the answer is no
enough_memory() {
	local avail
	avail=$(awk '/MemAvailable/ { print $2 }' /proc/meminfo)
	[ "$avail" -ge "$1" ] && return 0
	notes="$notes
note: $2 skipped: $1 KiB of memory wanted, $avail KiB available"
	return 1
}

# next power of two >= $1
pow2() { local p=1; while [ $p -lt "$1" ]; do p=$((p * 2)); done; echo $p; }

outer() {
	local bin=${1:-$here/../netstat} t
	[ $# -le 1 ] || { echo "usage: bench.sh [BINARY]" >&2; exit 2; }
	[ -x "$bin" ] || fatal "no executable $bin (run make first)"
	bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
	[ "$(id -u)" = 0 ] || fatal "must run as root (network namespaces, sysctl)"
	for t in unshare nsenter ip ss hyperfine strace sysctl awk pgrep "${BENCH_CC:-gcc}"; do
		command -v "$t" >/dev/null || fatal "$t is not installed"
	done
	[ -x /usr/bin/time ] || fatal "/usr/bin/time is not installed (Debian package time)"
	[ -e /proc/sys/net/ipv4/tcp_child_ehash_entries ] ||
		fatal "net.ipv4.tcp_child_ehash_entries missing (kernel >= 6.1 needed)"
	unshare -n true 2>/dev/null || fatal "unshare -n does not work here"
	t=$(populations)
	[ -z "$t" ] || fatal "a bench population is alive (PID $t): every -p run would scan its processes"

	work=$(mktemp -d /tmp/netstat-bench.XXXXXX) || fatal "mktemp"
	ehash_orig=$(sysctl -n net.ipv4.tcp_child_ehash_entries)
	filemax_orig=$(sysctl -n fs.file-max)
	inner_pid=
	trap outer_cleanup EXIT
	trap 'exit 130' INT TERM HUP

	"${BENCH_CC:-gcc}" -O2 -Wall -o "$work/bench-population" "$here/bench-population.c" \
		>"$work/cc.log" 2>&1 || fatal "building bench-population.c: $(cat "$work/cc.log")"
	# every process may hold as many fds as allowed (the population
	# spreads its sockets over workers that each stay below this)
	ulimit -n "$(ulimit -Hn)" 2>/dev/null

	# the sizes of the states and prg parts, each measured in one
	# namespace; then the process populations
	local states_sizes='' prg_sizes='' procs='' sizes size parts eh start now elapsed
	local last_size=0 last_secs=0 last_prg=0 last_procs=0 last_procs_secs=0
	local guess reserve budget=${BENCH_BUDGET:-1140} n
	part states && states_sizes=${BENCH_SIZES:-1000 10000 100000 300000}
	part prg && prg_sizes=${BENCH_PRG_SIZES:-10000 100000 300000}
	part procs && procs=${BENCH_PROCS:-2000 5000}
	# shellcheck disable=SC2086
	sizes=$(printf '%s\n' $states_sizes $prg_sizes | sort -nu)
	[ -n "$sizes$procs" ] || part netns || fatal "nothing to do: BENCH_PARTS is \"${BENCH_PARTS:-}\""
	start=$(date +%s)
	done_sizes='' done_prg='' done_procs='' notes='' misses=0
	echo "netstat bench: $bin"
	echo "$(uname -sr), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo);" \
		"hyperfine $(hyperfine --version | awk '{ print $2 }'), awk = $(basename "$(readlink -f "$(command -v awk)")")," \
		"$([ -x "$ref" ] && echo "net-tools $ref" || echo "no net-tools")"
	echo "parts: ${BENCH_PARTS:-states prg procs netns}"
	echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes the wall times noisy)"
	echo "on the machine at the start: $(other_procs) (every -p run scans them too)"
	for size in $sizes; do
		parts=
		# shellcheck disable=SC2086
		among "$size" $states_sizes && parts=states
		# shellcheck disable=SC2086
		among "$size" $prg_sizes && parts="$parts prg"
		now=$(date +%s); elapsed=$((now - start))
		# memory: about 4 KiB of kernel memory a socket was measured; ask 16
		enough_memory $((size * 16)) "$size sockets" || continue
		# time: the states part costs about the last size's, times the
		# ratio of the sizes and of the rounds; the prg part, see
		# prg_guess; the process populations are kept 20 s a thousand
		guess=0
		if among states $parts && [ "$last_size" -gt 0 ]; then
			guess=$((last_secs * size * ($(runs_for "$size") + 1) / last_size / ($(runs_for "$last_size") + 1)))
		fi
		if among prg $parts && [ "$last_prg" -gt 0 ]; then
			guess=$((guess + $(prg_guess "$size" "$last_prg")))
		fi
		reserve=0
		for n in $procs; do reserve=$((reserve + n / 50)); done
		if [ $((elapsed + guess + reserve)) -gt "$budget" ]; then
			notes="$notes
note: $size sockets skipped: about $guess s more (and $reserve s kept for the process populations) would exceed the $budget s budget"
			continue
		fi
		eh=$(pow2 "$size")
		[ "$filemax_orig" -ge $((4 * size + 65536)) ] || sysctl -qw fs.file-max=$((4 * size + 65536))
		sysctl -qw net.ipv4.tcp_child_ehash_entries="$eh" || fatal "sysctl tcp_child_ehash_entries"
		unshare -n -- bash "$self" --inner sockets "$size" "$bin" "$work" "$work/bench-population" "$eh" "$parts" &
		inner_pid=$!
		wait "$inner_pid"; t=$?
		inner_pid=
		sysctl -qw net.ipv4.tcp_child_ehash_entries="$ehash_orig"
		[ $t = 0 ] || fatal "the $size-socket round failed (status $t)"
		if among states $parts; then
			report_size "$size"
			done_sizes="$done_sizes $size"
			last_size=$size; last_secs=$(awk '$1 == "states" { print $2 }' "$work/$size.secs")
		fi
		if among prg $parts; then
			report_prg "$size"
			done_prg="$done_prg $size"
			last_prg=$size
		fi
	done
	for n in $procs; do
		now=$(date +%s); elapsed=$((now - start))
		# memory: a process of the population takes about 150 KiB (page
		# tables, kernel stack, its sockets); ask 1 MiB
		enough_memory $((n * 1024)) "$n processes" || continue
		t=$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)
		if [ $((t + n + 1000)) -gt "$(sysctl -n kernel.pid_max)" ]; then
			notes="$notes
note: $n processes skipped: kernel.pid_max is $(sysctl -n kernel.pid_max), $t processes run"
			continue
		fi
		guess=$((n / 50))
		[ "$last_procs" -gt 0 ] && guess=$((last_procs_secs * n / last_procs))
		if [ $((elapsed + guess)) -gt "$budget" ]; then
			notes="$notes
note: $n processes skipped: about $guess s more would exceed the $budget s budget"
			continue
		fi
		eh=$(pow2 $((4 * n)))
		sysctl -qw net.ipv4.tcp_child_ehash_entries="$eh" || fatal "sysctl tcp_child_ehash_entries"
		unshare -n -- bash "$self" --inner procs "$n" "$bin" "$work" "$work/bench-population" "$eh" procs &
		inner_pid=$!
		wait "$inner_pid"; t=$?
		inner_pid=
		sysctl -qw net.ipv4.tcp_child_ehash_entries="$ehash_orig"
		[ $t = 0 ] || fatal "the $n-process round failed (status $t)"
		report_procs "$n"
		done_procs="$done_procs $n"
		last_procs=$n; last_procs_secs=$(( $(date +%s) - now ))
	done
	done_sizes=${done_sizes# } done_prg=${done_prg# } done_procs=${done_procs# }
	if part netns && netns_part "$bin"; then
		done_procs="$done_procs"	# (reported by netns_part)
		netns_done=1
	fi
	[ -z "$notes" ] || printf '%s\n' "$notes"
	[ -n "$done_sizes$done_prg$done_procs${netns_done:-}" ] || fatal "nothing could be measured (the notes say why)"
	if [ -n "$done_sizes" ]; then
		report_targets
		report_alloc
		report_rss
		report_keys
	fi
	[ -n "$done_prg" ] && report_prg_targets
	[ -n "$done_prg$done_procs" ] && report_prg_memory
	echo
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "on the machine at the end: $(other_procs)"
	echo "bench: $(( $(date +%s) - start )) s, $misses target(s) missed"
}

# The netns part: BENCH_NETNS (100) namespaces of BENCH_NETNS_SOCKETS
# (1000) sockets each (bench-population, each namespace with its own
# TCP hash table), then --netns=all -S against the shell loop it
# replaces (nsenter into each, netstat -n | the one-liner), timed by
# hyperfine over BENCH_NETNS_RUNS (5) runs each, and the counts of both
# compared (every namespace's ESTABLISHED and TIME_WAIT, summed).
netns_part() {
	local bin=$1 n=${BENCH_NETNS:-100} per=${BENCH_NETNS_SOCKETS:-1000} i pids= fds= p loop
	say "netns: $n namespaces of $per sockets"
	sysctl -qw net.ipv4.tcp_child_ehash_entries=1024 || return 1
	for i in $(seq "$n"); do
		mkfifo "$work/ns$i.in"
		unshare -n -- sh -c 'ip link set lo up && exec "$0" "$1"' "$work/bench-population" "$per" \
			<"$work/ns$i.in" >"$work/ns$i.ready" 2>/dev/null &
		pids="$pids $!"
		exec {p}>"$work/ns$i.in"
		fds="$fds $p"
	done
	for i in $(seq "$n"); do
		while ! grep -q ready "$work/ns$i.ready" 2>/dev/null; do
			kill -0 "$(echo $pids | cut -d' ' -f"$i")" 2>/dev/null || break
			sleep 0.1
		done
	done
	sysctl -qw net.ipv4.tcp_child_ehash_entries="$ehash_orig"
	loop="for p in$pids; do nsenter -t \$p -n $ref -n | awk '/^tcp/ {++S[\$NF]} END {for(a in S) print a, S[a]}'; done"
	# the same counts: ESTABLISHED and TIME_WAIT summed over our namespaces
	local ours theirs
	ours=$("$bin" --netns=all -S 2>/dev/null | awk -v pids="$pids" 'BEGIN { split(pids, p, " "); for (i in p) want[p[i]] = 1 }
		NR > 1 { split($2, c, "/"); if (c[1] in want) { e += $4; t += $9 } } END { print e + 0, t + 0 }')
	theirs=$(sh -c "$loop" | awk '$1 == "ESTABLISHED" { e += $2 } $1 == "TIME_WAIT" { t += $2 } END { print e + 0, t + 0 }')
	hyperfine -N --runs "${BENCH_NETNS_RUNS:-5}" --export-json "$work/netns-ours.json" "$bin --netns=all -S" >/dev/null 2>&1
	hyperfine --runs "${BENCH_NETNS_RUNS:-5}" --export-json "$work/netns-loop.json" "$loop" >/dev/null 2>&1
	for p in $fds; do eval "exec $p>&-"; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	local mo ml
	mo=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/netns-ours.json" 2>/dev/null)
	ml=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/netns-loop.json" 2>/dev/null)
	echo
	echo "== --netns=all -S over $n namespaces of $per sockets (and the machine's own namespaces)"
	printf '%-58s %10s\n' "command" "median s"
	printf '%-58s %10s\n' "ours --netns=all -S" "${mo:--}"
	printf '%-58s %10s\n' "for each: nsenter -t PID -n netstat -n | one-liner" "${ml:--}"
	echo "ours is $(ratio "$ml" "$mo")x faster; ESTABLISHED and TIME_WAIT summed over the $n namespaces: ours $ours, the loop's $theirs ($( [ "$ours" = "$theirs" ] && echo equal || echo DIFFERENT))"
	[ "$ours" = "$theirs" ] || misses=$((misses + 1))
	return 0
}

outer_cleanup() {
	if [ -n "${inner_pid:-}" ]; then
		kill "$inner_pid" 2>/dev/null
		wait "$inner_pid" 2>/dev/null
	fi
	[ -n "${ehash_orig:-}" ] && sysctl -qw net.ipv4.tcp_child_ehash_entries="$ehash_orig"
	if [ -n "${filemax_orig:-}" ] && [ "$(sysctl -n fs.file-max)" != "$filemax_orig" ]; then
		sysctl -qw fs.file-max="$filemax_orig"
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		say "results kept in $work"
	else
		rm -rf "$work"
	fi
}

if [ "${1:-}" = --inner ]; then
	shift
	inner "$@"
	exit $?
fi
outer "$@"
