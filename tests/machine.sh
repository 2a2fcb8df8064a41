#!/bin/bash
# --format=json and --format=prometheus, and --output, against their
# consumers (Debian's jc, promtool, prometheus-node-exporter, python3's
# json module, jq), in a private network namespace holding
# tests/population.py's sockets (--plain) and a few of our own:
#  - options: a bad --format, Prometheus with -s/-i/-r/-g or a listing
#    flag set, -G with a key twice: errors on stderr, nothing on stdout;
#    --format X = --format=X; --format=text = no option;
#  - JSON of the listing (-tuanW, -tuanepW, -tuanoW, -xa, -xap), -i, -rn
#    (and -rne's columns) against jc's parse of net-tools' output of the
#    same population, key by key (jc's known misparse of -o rows with an
#    empty State, running timers' seconds and -i counters that moved
#    between two net-tools runs around ours aside, each said where it
#    applies); the key sets and types of the spec; addresses never cut
#    (an IPv6 address on lo too long for the text's column); -xan and
#    -tuwan against our own text;
#  - JSON layout: "[", an object a line, ",", "]"; "[]" when empty;
#    strict parsing (python3 strict=True, duplicate keys refused) and jq;
#    -S, -G (several key sets), -s (every counter of /proc/net/snmp and
#    netstat, values from the files read around the run), -g, -rn6
#    against our own text; -c: one array a round, ended by its reader;
#  - Prometheus -S (13 lines, the counts of text -aS whether or not -a is
#    given), -G (labels in the keys' order, the text's values escaped,
#    most first, top=N), -S -v (each counter and gauge of the hints,
#    within the kernel files' values read just before and after),
#    --netns=all (a netns label first on each series; netstat's own
#    namespace there also when netstat has its lowest PID, made so in a
#    PID namespace of ours through its ns_last_pid), all through
#    promtool check metrics; program names with a quote, a backslash, a
#    tab, ESC and an invalid UTF-8 byte (python3 run through symbolic
#    links of those names) in -G prog labels (the PID/name cell text -G
#    prints, escaped: prog="PID/a\"b\\134c") and -p JSON;
#  - --output: the file whole, 0644 (also under umask 077), replaced by
#    a rename (a hard link to the old file keeps the old text), no
#    temporary file left; a run that fails (as nobody in a directory it
#    may not write, an option error) leaves the old file as it was;
#  - node_exporter's textfile collector, run inside the namespace on its
#    loopback: the scraped node_tcp_connection_states = text -aS, the -S
#    -v samples as written, node_textfile_scrape_error 0;
#  - fixtures over /proc (in_proc; not under SANITIZED=1, whose ASan
#    runtime needs the real /proc): tests/fixtures/hostile's unix paths
#    (blanks, tab, newline, CR, ESC, C1, invalid UTF-8, a backslash) in
#    strictly valid JSON equal to the text's escaped paths; -S -v on
#    hand-made kernel files where every counter has a value of its own;
#    -s on tests/fixtures/stats; missing tables with -v and a /proc
#    without net/: errors on stderr, stdout valid or empty, the old
#    --output file kept.
# Each comparison of two runs is made steady: the text run again after
# the other, until both text runs agree (a count of rounds, no clock).
# Usage: tests/machine.sh BINARY (--inside, --netinfo, --lowpid,
# --lowpid-net: its own parts, run in the namespaces it makes). Needs
# root, unshare -n -m, python3, jq, ip, setpriv and a build with
# --format (else exit 77); jc, promtool, prometheus-node-exporter and
# unshare -p for their parts (else those are skipped).
# the verdicts' eval '...' strings expand when eval runs them
# shellcheck disable=SC2016
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# ok, not_ok, skipped, abs_path, skip_unless_root, work_dir, wait_for,
# wait_ready, in_proc, testnet_build, testnet_join_groups
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"

# ---------------------------------------------------------------- helpers
pass=0 fail=0 skip=0
have() { command -v "$1" >/dev/null 2>&1; }
# chk SUBCOMMAND ARGS...: tests/machine.sh's python reader ($T/check.py)
chk() { HERE=$HERE python3 "$T/check.py" "$@"; }
# verdict NAME COMMAND...: ok if COMMAND succeeds (its "note:" lines
# become comments), else not_ok with what it printed
verdict() {
	local name=$1 out st
	shift
	out=$("$@" 2>&1)
	st=$?
	if [ $st = 0 ]; then
		ok "$name"
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^\(note: \)\{0,1\}/# /'
	else
		not_ok "$name" "${out:-(failed, nothing said)}"
	fi
}
# ours OUT ARGS...: BINARY ARGS; stdout OUT, stderr OUT.err, status OUT.rc
ours() {
	local o=$1
	shift
	"$BIN" "$@" >"$o" 2>"$o.err"
	echo $? >"$o.rc"
}
# clean OUT: status 0, nothing on stderr
clean() {
	[ "$(cat "$1.rc")" = 0 ] && [ ! -s "$1.err" ] && return 0
	echo "exit $(cat "$1.rc"); stderr:"
	head -c 2000 "$1.err"
	return 1
}
# clean_v OUT: clean, but for -v's "netstat: counted from ..." (which
# path counted: stderr, beside the output)
clean_v() {
	grep -v '^netstat: counted from ' "$1.err" >"$1.err.v"
	[ "$(cat "$1.rc")" = 0 ] && [ ! -s "$1.err.v" ] && return 0
	echo "exit $(cat "$1.rc"); stderr:"
	head -c 2000 "$1.err"
	return 1
}
# refused OUT [WORD]: status not 0, a message on stderr (holding WORD),
# nothing on stdout
refused() {
	local rc
	rc=$(cat "$1.rc")
	if [ "$rc" != 0 ] && [ -s "$1.err" ] && [ ! -s "$1" ] &&
		{ [ -z "${2:-}" ] || grep -q -e "$2" "$1.err"; }; then
		echo "note: exit $rc: $(head -n 1 "$1.err")"
		return 0
	fi
	echo "exit $rc; stderr: $(cat "$1.err")"
	echo "stdout: $(head -c 600 "$1")"
	return 1
}
# jq_ok FILE: jq parses every value of it
jq_ok() {
	jq -s length "$1" >/dev/null 2>"$T/jq.err" && return 0
	echo "jq: $(cat "$T/jq.err")"
	return 1
}
# json OUT SUBCOMMAND ARGS...: OUT came from a clean run, jq parses it,
# then chk SUBCOMMAND ARGS... (which checks the layout and strictness)
json() {
	local o=$1
	shift
	clean "$o" && jq_ok "$o" && chk "$@"
}
# prom_ok FILE: promtool check metrics <FILE exits 0 and says nothing
prom_ok() {
	local out
	[ -s "$1" ] || { echo "empty input"; return 1; }
	out=$(promtool check metrics <"$1" 2>&1) && [ -z "$out" ] && return 0
	echo "promtool check metrics: ${out:-(exit status not 0)}"
	return 1
}
promtool_verdict() {
	if have promtool; then
		verdict "promtool check metrics: $1" prom_ok "$2"
	else
		skipped "promtool check metrics: $1" "no promtool"
	fi
}
# no_stray DIR FILE...: DIR holds exactly FILE... (no temporary file)
no_stray() {
	local d=$1 have_
	shift
	# shellcheck disable=SC2012 # our own file names, no newline in them
	have_=$(ls -A "$d" | sort | tr '\n' ' ')
	[ "$have_" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ] && return 0
	echo "$d holds: $have_"
	return 1
}
# steady A B TEXTCMD OTHERCMD: TEXTCMD >A, OTHERCMD >B (B.err, B.rc), then
# TEXTCMD again, until both TEXTCMD runs agree (running timers' values
# aside): OTHERCMD then saw the population TEXTCMD saw. At most 5 rounds,
# a count, not a clock.
strip_timers() {
	sed -E 's/(off|on|keepalive|timewait|probe|unkn-[0-9]+) \([0-9.]+\/[0-9]+\/[0-9]+\)/T/g' "$1"
}
steady() {
	local a=$1 b=$2
	for _ in 1 2 3 4 5; do
		eval "$3" >"$a" 2>/dev/null
		eval "$4" >"$b" 2>"$b.err"
		echo $? >"$b.rc"
		eval "$3" >"$a.again" 2>/dev/null
		[ "$(strip_timers "$a")" != "$(strip_timers "$a.again")" ] || return 0
	done
	echo "# note: the population kept moving in 5 rounds ($3)"
	return 1
}
# snap_kernel ROOT DIR: the files -S -v and -s read (ROOT/net/snmp,
# netstat, sockstat; ROOT/sys/net/ipv4's sysctls that exist) into DIR
snap_kernel() {
	local f
	mkdir -p "$2/sys"
	for f in snmp netstat sockstat; do cat "$1/net/$f" >"$2/$f"; done
	for f in tcp_max_tw_buckets tcp_max_orphans ip_local_port_range; do
		[ ! -e "$1/sys/net/ipv4/$f" ] || cat "$1/sys/net/ipv4/$f" >"$2/sys/$f"
	done
}
# a prometheus --output run: the old file and its inode kept
kept() {
	local f=$1 copy=$2 ino=$3
	cmp -s "$f" "$copy" && [ "$(stat -c %i "$f")" = "$ino" ] && return 0
	echo "$f changed (inode $(stat -c %i "$f"), was $ino): $(head -c 300 "$f")"
	return 1
}

# ---------------------------------------------------------------- the reader
# write_checker: $T/check.py, the python reader of the JSON and
# Prometheus outputs (each subcommand says what it asserts)
write_checker() {
	cat >"$T/check.py" <<'PY'
"""check.py SUBCOMMAND ARGS...: the JSON and Prometheus readers of
tests/machine.sh. Each subcommand prints what is wrong and exits 1, or
exits 0 (lines starting with "note:" are comments for the log)."""
import json
import os
import re
import sys

sys.path.insert(0, os.environ["HERE"])
from population import escape  # the documented text escaping  # noqa: E402


class Bad(Exception):
    pass


def bad(msg):
    raise Bad(msg)


def no_dups(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            bad("duplicate key %r" % k)
        d[k] = v
    return d


DEC = json.JSONDecoder(strict=True, object_pairs_hook=no_dups)


def load(path):
    """The arrays of a --format=json output, its layout checked: "[" on a
    line, an object a line, "," ending each but the last, "]" on a line;
    an empty array "[]"; each array again parsed whole."""
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad("%s: not UTF-8: %s" % (path, e))
    if not text.endswith("\n"):
        bad("%s: empty, or no newline at the end: %r" % (path, text[-80:]))
    lines = text[:-1].split("\n")
    arrays, i = [], 0
    while i < len(lines):
        if lines[i] == "[]":
            arrays.append([])
            i += 1
            continue
        if lines[i] != "[":
            bad("line %d: %r, not '[' or '[]'" % (i + 1, lines[i][:120]))
        start, objs = i, []
        i += 1
        while True:
            if i >= len(lines):
                bad("the array of line %d is never closed" % (start + 1))
            line = lines[i]
            if line == "]":
                if not objs:
                    bad("line %d: an empty array is '[]' on one line" % (i + 1))
                i += 1
                break
            last = i + 1 < len(lines) and lines[i + 1] == "]"
            if last == line.endswith(","):
                bad("line %d: %s: %r" % (i + 1, "',' before ']'" if last
                                          else "no ',' after the object",
                                          line[-80:]))
            body = line if last else line[:-1]
            try:
                o = DEC.decode(body)
            except ValueError as e:
                bad("line %d: %s: %r" % (i + 1, e, body[:300]))
            if not isinstance(o, dict):
                bad("line %d: not an object" % (i + 1))
            objs.append(o)
            i += 1
        try:
            if DEC.decode("\n".join(lines[start:i])) != objs:
                bad("the array of line %d is not its lines" % (start + 1))
        except ValueError as e:
            bad("the array of line %d: %s" % (start + 1, e))
        arrays.append(objs)
    return arrays


def report(errs):
    if errs:
        more = ["... and %d more" % (len(errs) - 15)] if len(errs) > 15 else []
        bad("\n".join(errs[:15] + more))


def one(path):
    a = load(path)
    if len(a) != 1:
        bad("%s: %d arrays, not 1" % (path, len(a)))
    return a[0]


def isint(v):
    return type(v) is int


def intnull(v):
    return v is None or type(v) is int


def text_esc(s):
    """Text escaping of a str holding raw bytes as latin-1 or utf-8."""
    return escape(s.encode("utf-8", "surrogateescape")).decode("utf-8")


def prom_esc(v):
    return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


# ------------------------------------------------------------ layout

def cmd_layout(path, rounds=None):
    a = load(path)
    if rounds is not None and len(a) != int(rounds):
        bad("%d arrays, not %s" % (len(a), rounds))
    print("note: %d array(s), %s object(s)" % (len(a), "+".join(str(len(x)) for x in a)))


def cmd_empty(path):
    if open(path, "rb").read() != b"[]\n":
        bad("not '[]\\n': %r" % open(path, "rb").read()[:200])
    load(path)


# ------------------------------------------------------------ key sets

INET_KEYS = ["proto", "recv_q", "send_q", "local_address", "local_port",
             "local_port_num", "foreign_address", "foreign_port",
             "foreign_port_num", "state", "user", "inode", "program_name",
             "pid", "timer", "kind", "transport_protocol", "network_protocol"]
UNIX_KEYS = ["proto", "refcnt", "flags", "type", "state", "inode",
             "program_name", "pid", "path", "kind"]
IFACE_KEYS = ["iface", "mtu", "rx_ok", "rx_err", "rx_drp", "rx_ovr", "tx_ok",
              "tx_err", "tx_drp", "tx_ovr", "flg", "kind"]
ROUTE_KEYS = ["destination", "gateway", "genmask", "route_flags", "metric",
              "route_refs", "use", "iface", "mss", "window", "irtt", "kind"]


def keyset(kind, opts, m):
    """What is wrong with the keys and types of one of our objects."""
    e = []
    if kind == "inet":
        want = {"proto", "recv_q", "send_q", "local_address", "local_port",
                "foreign_address", "foreign_port", "state", "kind",
                "transport_protocol", "network_protocol"}
        if m.get("local_port") not in ("0", "*"):
            want.add("local_port_num")
        if m.get("foreign_port") not in ("0", "*"):
            want.add("foreign_port_num")
        if "e" in opts:
            want |= {"user", "inode"}
        if "p" in opts:
            want.add("program_name")
            if m.get("program_name") is not None:
                want.add("pid")
        if "o" in opts:
            want.add("timer")
        for k in ("recv_q", "send_q", "local_port_num", "foreign_port_num",
                  "inode", "pid"):
            if k in m and not isint(m[k]):
                e.append("%s %r is not a number" % (k, m[k]))
        for k in ("local_port", "foreign_port", "local_address",
                  "foreign_address", "proto", "user"):
            if k in m and not isinstance(m[k], str):
                e.append("%s %r is not a string" % (k, m[k]))
        p = m.get("proto", "")
        tp = "tcp" if p.startswith("tcp") else "udp" if p.startswith("udp") else None
        if m.get("transport_protocol", "x") != tp:
            e.append("transport_protocol %r for %r" % (m.get("transport_protocol"), p))
        np = "ipv6" if p.endswith("6") else "ipv4"
        if m.get("network_protocol") != np:
            e.append("network_protocol %r for %r" % (m.get("network_protocol"), p))
        if m.get("kind") != "network":
            e.append("kind %r" % m.get("kind"))
        if "local_port_num" in m and str(m["local_port_num"]) != m.get("local_port"):
            e.append("local_port_num %r, local_port %r" % (m["local_port_num"], m.get("local_port")))
        if "foreign_port_num" in m and str(m["foreign_port_num"]) != m.get("foreign_port"):
            e.append("foreign_port_num %r, foreign_port %r" % (m["foreign_port_num"], m.get("foreign_port")))
        order = INET_KEYS
    elif kind == "unix":
        want = {"proto", "refcnt", "flags", "type", "state", "inode", "path",
                "kind"}
        if "p" in opts:
            want.add("program_name")
            if m.get("program_name") is not None:
                want.add("pid")
        for k in ("refcnt", "inode", "pid"):
            if k in m and not isint(m[k]):
                e.append("%s %r is not a number" % (k, m[k]))
        if m.get("flags") == "":
            e.append('flags "" (null when none)')
        if m.get("proto") != "unix" or m.get("kind") != "socket":
            e.append("proto %r kind %r" % (m.get("proto"), m.get("kind")))
        order = UNIX_KEYS
    elif kind == "iface":
        want = set(IFACE_KEYS)
        for k in IFACE_KEYS[1:-2]:
            if k in m and not intnull(m[k]):
                e.append("%s %r is not a number" % (k, m[k]))
        if m.get("kind") != "interface":
            e.append("kind %r" % m.get("kind"))
        order = IFACE_KEYS
    else:
        want = set(ROUTE_KEYS)
        for k in ("metric", "route_refs", "use", "mss", "window", "irtt"):
            if k in m and not intnull(m[k]):
                e.append("%s %r is not a number" % (k, m[k]))
        if m.get("kind") != "route":
            e.append("kind %r" % m.get("kind"))
        order = ROUTE_KEYS
    missing = [k for k in order if k in want and k not in m]
    extra = [k for k in m if k not in want]
    if missing:
        e.append("missing keys " + ",".join(missing))
    if extra:
        e.append("keys that should not be there " + ",".join(extra))
    return e


# ------------------------------------------------------------ jc

TIMER = re.compile(r"^(off|on|keepalive|timewait|probe|unkn-\d+) "
                   r"\(\d+\.\d\d/\d+/\d+\)$")
TIMER_WORDS = ("off", "on", "keepalive", "timewait", "probe")


def cmd_jc(mode, jcfile, ours, jcafter=None):
    """Our objects against jc's of net-tools' text (jcafter: jc's of a
    second net-tools run after ours: -i counters that moved between them
    are not compared)."""
    kind, _, opts = mode.partition("-")
    theirs = json.load(open(jcfile))
    mine = one(ours)
    errs, notes = [], []
    if len(theirs) != len(mine):
        errs.append("%d objects, jc has %d" % (len(mine), len(theirs)))
    moved = set()
    if jcafter:
        after = json.load(open(jcafter))
        for a, b in zip(theirs, after):
            for k in a:
                if a.get(k) != b.get(k):
                    moved.add((a.get("iface"), k))
        if moved:
            notes.append("counters that moved between the two net-tools runs, "
                         "not compared: " + " ".join("%s:%s" % x for x in sorted(moved)))
    timers = 0
    for n, (t, m) in enumerate(zip(theirs, mine)):
        where = "object %d (%s)" % (n + 1, json.dumps(m)[:300])
        for e in keyset(kind, opts, m):
            errs.append("%s: %s" % (where, e))
        t = dict(t)
        # jc splits an -o row with an empty State column wrongly: the
        # timer's first word lands in "state", the rest in "timer"
        if ("o" in opts and t.get("state") in TIMER_WORDS
                and str(t.get("timer", "")).startswith("(")):
            if m.get("state") is not None or m.get("timer") != t["state"] + " " + t["timer"]:
                errs.append("%s: state %r timer %r, want null and %r" % (
                    where, m.get("state"), m.get("timer"), t["state"] + " " + t["timer"]))
            del t["state"], t["timer"]
        for k, v in t.items():
            if k not in m or (t.get("iface"), k) in moved:
                continue
            if k == "timer" and v != m[k] and isinstance(m[k], str):
                a, b = TIMER.match(v), TIMER.match(m[k])
                if a and b and a.group(1) == b.group(1) and a.group(1) != "off":
                    timers += 1
                    continue
            if v != m[k] or type(v) is not type(m[k]):
                errs.append("%s: %s %r, jc %r" % (where, k, m[k], v))
    if timers:
        notes.append("%d running timers: their kind compared, not their seconds" % timers)
    for n in notes:
        print("note: " + n)
    if errs:
        report(errs)


# ------------------------------------------------------------ our text

UNIX_ROW = re.compile(r"^unix +(\d+) +\[ (.*?) ?\] +(\S+) +(?:([A-Z_]+) +)?(\d+) *(.*)$")


def cmd_unix(textfile, ours):
    """-xan JSON against our own -xan text: every column, the path
    (escaped the same way) whole."""
    rows = [UNIX_ROW.match(l) for l in open(textfile, encoding="utf-8",
                                            errors="surrogateescape")
            .read().split("\n") if l.startswith("unix ")]
    mine = one(ours)
    errs = []
    if None in rows:
        bad("a text row not understood")
    if len(rows) != len(mine):
        errs.append("%d objects, %d text rows" % (len(mine), len(rows)))
    for r, m in zip(rows, mine):
        want = {"refcnt": int(r.group(1)), "flags": r.group(2) or None,
                "type": r.group(3), "state": r.group(4), "inode": int(r.group(5)),
                "path": r.group(6) or None}
        for k, v in want.items():
            if m.get(k, "(missing)") != v:
                errs.append("inode %s: %s %r, text %r" % (want["inode"], k, m.get(k, "(missing)"), v))
        errs += ["inode %s: %s" % (want["inode"], e) for e in keyset("unix", "", m)]
    if errs:
        report(errs)
    print("note: %d unix objects, %d paths" % (len(mine), sum(1 for m in mine if m.get("path"))))


def cmd_inet(textfile, ours):
    """Listing JSON (-tuwanW and the like) against our own text."""
    rows = [l.split() for l in open(textfile) if re.match(r"^(tcp|udp|raw)", l)]
    mine = one(ours)
    errs = []
    if len(rows) != len(mine):
        errs.append("%d objects, %d text rows" % (len(mine), len(rows)))
    for r, m in zip(rows, mine):
        la = "%s:%s" % (m.get("local_address"), m.get("local_port"))
        fa = "%s:%s" % (m.get("foreign_address"), m.get("foreign_port"))
        got = [m.get("proto"), m.get("recv_q"), m.get("send_q"), la, fa, m.get("state")]
        want = [r[0], int(r[1]), int(r[2]), r[3], r[4], r[5] if len(r) > 5 else None]
        if got != want:
            errs.append("object %r, text %r" % (got, want))
        errs += keyset("inet", "", m)
    if errs:
        report(errs)


def cmd_stext(textfile, ours):
    """-S JSON against text -S, in its order."""
    want = []
    for line in open(textfile):
        f = line.split()
        if len(f) == 2:
            want.append({"proto": "tcp", "state": f[0], "count": int(f[1])})
        elif len(f) == 3:
            want.append({"proto": f[0], "state": f[1], "count": int(f[2])})
        elif f:
            bad("text line not understood: %r" % line)
    mine = one(ours)
    if mine != want or any(not isint(m["count"]) for m in mine):
        bad("JSON:\n%s\ntext:\n%s" % ("\n".join(map(json.dumps, mine)),
                                     "\n".join(map(json.dumps, want))))
    if not want:
        bad("text -S is empty: nothing compared")


def gkeys(spec):
    return [k for k in spec.split(",") if "=" not in k]


def gtext(textfile, keys):
    out = []
    for line in open(textfile, encoding="utf-8", errors="surrogateescape"):
        f = line.split()
        if not f:
            continue
        if len(f) != len(keys) + 1:
            bad("text line %r: not COUNT and %d values" % (line, len(keys)))
        out.append((int(f[0]), f[1:]))
    if not out:
        bad("text -G is empty: nothing compared")
    return out


def cmd_gjson(spec, textfile, ours):
    """-G JSON: {"count":N, then each key in the order given}; rport and
    lport numbers, the rest strings; the text's lines in its order."""
    keys = gkeys(spec)
    rows = gtext(textfile, keys)
    mine = one(ours)
    errs = []
    if len(rows) != len(mine):
        errs.append("%d objects, %d text lines" % (len(mine), len(rows)))
    for (c, vals), m in zip(rows, mine):
        if list(m.keys()) != ["count"] + keys:
            errs.append("keys %s, want count,%s" % (",".join(m), ",".join(keys)))
            continue
        want = {"count": c}
        for k, v in zip(keys, vals):
            want[k] = int(v) if k in ("rport", "lport") else v
        if m != want or any(type(m[k]) is not type(want[k]) for k in want):
            errs.append("%s, text %s" % (json.dumps(m), json.dumps(want)))
    counts = [m.get("count", 0) for m in mine]
    if counts != sorted(counts, reverse=True):
        errs.append("not most first: %r" % counts)
    if errs:
        report(errs)


SERIES = re.compile(r'^([a-z_]+)\{(.*)\} (\S+)$')
LABEL = re.compile(r'([a-z_]+)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)')


def labels(s):
    out, pos = [], 0
    while pos < len(s):
        m = LABEL.match(s, pos)
        if not m:
            bad("labels not understood at %r" % s[pos:])
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    return out


def prom_lines(path):
    text = open(path, encoding="utf-8").read()
    if not text.endswith("\n"):
        bad("no newline at the end")
    return text[:-1].split("\n")


def cmd_gprom(spec, textfile, promfile, top=None):
    """-G Prometheus: netstat_sockets{KEY="VALUE",...} COUNT, a line a
    text line, labels in the order of the keys, state lower-case, values
    the text's escaped for Prometheus; most first; top=N: N lines."""
    keys = gkeys(spec)
    rows = gtext(textfile, keys)
    lines = prom_lines(promfile)
    errs = []
    head = ["# HELP netstat_sockets Sockets counted by netstat -G, by its keys.",
            "# TYPE netstat_sockets gauge"]
    if lines[:2] != head:
        errs.append("header %r" % lines[:2])
    got = []
    for line in lines[2:]:
        m = SERIES.match(line)
        if not m or m.group(1) != "netstat_sockets":
            errs.append("line not a netstat_sockets series: %r" % line)
            continue
        got.append((labels(m.group(2)), m.group(3)))
    want = []
    for c, vals in rows:
        want.append(([(k, prom_esc(v.lower() if k == "state" else v))
                      for k, v in zip(keys, vals)], str(c)))
    if got != want:
        errs.append("series:\n%s\ntext says:\n%s" % (
            "\n".join(map(repr, got)), "\n".join(map(repr, want))))
    counts = [int(v) for _, v in got]
    if counts != sorted(counts, reverse=True):
        errs.append("not most first: %r" % counts)
    if top is not None and len(got) != int(top):
        errs.append("%d series, top=%s" % (len(got), top))
    if errs:
        bad("\n".join(errs))


STATES = ["established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2",
          "time_wait", "close", "close_wait", "last_ack", "listen", "closing"]
S_HEAD = ["# HELP node_tcp_connection_states Number of connection states.",
          "# TYPE node_tcp_connection_states gauge"]


def text_s(textfile):
    c = {}
    for line in open(textfile):
        f = line.split()
        if len(f) == 2:
            c[f[0].lower()] = int(f[1])
        elif f:
            bad("text -S line not understood: %r" % line)
    return c


def s_family(counts):
    return S_HEAD + ['node_tcp_connection_states{state="%s"} %d' % (s, counts.get(s, 0))
                     for s in STATES]


def cmd_proms(textfile, promfile):
    """-S Prometheus: exactly the 13 lines, the counts of text -aS."""
    got = prom_lines(promfile)
    want = s_family(text_s(textfile))
    if got != want:
        bad("got:\n%s\nwant (text -aS):\n%s" % ("\n".join(got), "\n".join(want)))


def cmd_promall(promfile, *pairs):
    """--netns=all: HELP and TYPE once, then node_tcp_connection_states
    {netns="INODE",state="..."} N; every namespace with all 11 states
    once, in their order; the namespaces given (INODE=TEXTFILE) with the
    counts of their text -aS."""
    lines = prom_lines(promfile)
    errs = []
    if lines[:2] != S_HEAD:
        errs.append("header %r" % lines[:2])
    ns = {}
    for line in lines[2:]:
        m = re.match(r'^node_tcp_connection_states\{netns="(\d+)",state="([a-z_0-9]+)"\} (\d+)$', line)
        if not m:
            errs.append("not a series with netns first: %r" % line)
            continue
        ns.setdefault(m.group(1), []).append((m.group(2), int(m.group(3))))
    for ino, series in ns.items():
        if [s for s, _ in series] != STATES:
            errs.append("netns %s: states %r" % (ino, [s for s, _ in series]))
    for p in pairs:
        ino, textfile = p.split("=", 1)
        c = text_s(textfile)
        want = [(s, c.get(s, 0)) for s in STATES]
        if ns.get(ino) != want:
            errs.append("netns %s: %r, its -aS says %r" % (ino, ns.get(ino), want))
    if errs:
        errs.append("the namespaces there: %s" % " ".join(
            "%s(%d)" % (i, sum(n for _, n in v)) for i, v in ns.items()))
        bad("\n".join(errs))
    print("note: %d namespaces" % len(ns))


COUNTERS = [
    ("TcpExt", "TCPTimeWaitOverflow", "tcp_time_wait_overflow"),
    ("TcpExt", "ListenOverflows", "listen_overflows"),
    ("TcpExt", "ListenDrops", "listen_drops"),
    ("TcpExt", "TCPReqQFullDrop", "tcp_req_q_full_drop"),
    ("TcpExt", "TCPReqQFullDoCookies", "tcp_req_q_full_do_cookies"),
    ("TcpExt", "SyncookiesSent", "syncookies_sent"),
    ("TcpExt", "SyncookiesFailed", "syncookies_failed"),
    ("TcpExt", "TCPAbortOnMemory", "tcp_abort_on_memory"),
    ("Tcp", "RetransSegs", "retrans_segs"),
    ("Tcp", "OutRsts", "out_rsts"),
    ("Tcp", "EstabResets", "estab_resets"),
]


def kernel_pairs(path):
    """{(section, name): value} of a /proc/net/snmp or netstat file."""
    out, head = {}, {}
    for line in open(path):
        sec, _, rest = line.partition(":")
        f = rest.split()
        if sec not in head:
            head[sec] = f
        else:
            for k, v in zip(head.pop(sec), f):
                out[(sec, k)] = int(v)
    return out


def snap(d):
    """The numbers the -S -v gauges and counters read, of a copy DIR:
    snmp, netstat, sockstat, sys/NAME for each sysctl that exists."""
    v = {}
    for f in ("snmp", "netstat"):
        if os.path.exists(os.path.join(d, f)):
            v.update(kernel_pairs(os.path.join(d, f)))
    s = open(os.path.join(d, "sockstat")).read()
    m = re.search(r"^TCP: inuse \d+ orphan (\d+) tw (\d+)", s, re.M)
    v["netstat_sockstat_tcp_orphan"] = int(m.group(1))
    v["netstat_sockstat_tcp_tw"] = int(m.group(2))
    for n in ("tcp_max_tw_buckets", "tcp_max_orphans"):
        p = os.path.join(d, "sys", n)
        if os.path.exists(p):
            v["netstat_sysctl_net_ipv4_" + n] = int(open(p).read())
    p = os.path.join(d, "sys", "ip_local_port_range")
    if os.path.exists(p):
        lo, hi = open(p).read().split()
        v["netstat_sysctl_net_ipv4_ip_local_port_range_low"] = int(lo)
        v["netstat_sysctl_net_ipv4_ip_local_port_range_high"] = int(hi)
    return v


def cmd_promv(textfile, promfile, before, after):
    """-S -v: the -S family (its counts those of text -aS), then for each
    counter and gauge "# HELP", "# TYPE", the sample; values within what
    the kernel's files said just before and just after; each gauge there
    only when its kernel file is."""
    lines = prom_lines(promfile)
    errs = []
    want_s = s_family(text_s(textfile))
    if lines[:13] != want_s:
        errs.append("the -S family first; got:\n%s\nwant:\n%s" % (
            "\n".join(lines[:13]), "\n".join(want_s)))
    a, b = snap(before), snap(after)
    expect = {}
    for sec, kname, snake in COUNTERS:
        name = "netstat_%s_%s_total" % (sec.lower(), snake)
        if (sec, kname) in a:
            expect[name] = ("counter", (sec, kname), sec, kname)
    for g in ("netstat_sockstat_tcp_tw", "netstat_sockstat_tcp_orphan",
              "netstat_sysctl_net_ipv4_tcp_max_tw_buckets",
              "netstat_sysctl_net_ipv4_tcp_max_orphans",
              "netstat_sysctl_net_ipv4_ip_local_port_range_low",
              "netstat_sysctl_net_ipv4_ip_local_port_range_high"):
        if g in a:
            expect[g] = ("gauge", g, None, None)
    rest = lines[13:]
    seen = {}
    if len(rest) % 3:
        errs.append("%d lines after the -S family: not HELP, TYPE, sample triples" % len(rest))
    for i in range(0, len(rest) - 2, 3):
        h, t, s = rest[i:i + 3]
        mh = re.match(r"^# HELP (\S+) (.+)$", h)
        mt = re.match(r"^# TYPE (\S+) (counter|gauge)$", t)
        ms = re.match(r"^(\S+) (-?\d+)$", s)
        if not (mh and mt and ms and mh.group(1) == mt.group(1) == ms.group(1)):
            errs.append("not a HELP, TYPE, sample triple: %r" % rest[i:i + 3])
            continue
        name = ms.group(1)
        if name in seen:
            errs.append("%s twice" % name)
        seen[name] = (mh.group(2), mt.group(2), int(ms.group(2)))
    for name, (typ, key, sec, kname) in expect.items():
        if name not in seen:
            errs.append("%s missing" % name)
            continue
        helptext, gtyp, val = seen[name]
        if gtyp != typ:
            errs.append("%s: TYPE %s, want %s" % (name, gtyp, typ))
        if sec == "TcpExt" and helptext != "TcpExt: %s of /proc/net/netstat." % kname:
            errs.append("%s: HELP %r, want 'TcpExt: %s of /proc/net/netstat.'" % (name, helptext, kname))
        elif sec == "Tcp" and kname not in helptext:
            errs.append("%s: HELP %r does not name Tcp: %s" % (name, helptext, kname))
        lo, hi = min(a[key], b[key]), max(a[key], b[key])
        if not lo <= val <= hi:
            errs.append("%s %d, the kernel's file %s" % (name, val, lo if lo == hi else "%d..%d" % (lo, hi)))
    for name in seen:
        if name not in expect:
            errs.append("%s: not expected here (its kernel file is missing, or not in the spec)" % name)
    if errs:
        bad("\n".join(errs))
    moved = [n for n, (_, key, _, _) in expect.items() if a[key] != b[key]]
    print("note: %d metrics after -S%s" % (len(seen), "; moved during the run (checked within the range): " + " ".join(moved) if moved else ""))


def cmd_snmp(ours, before, after):
    """-s JSON: {"section","counter","value"} for every counter of snmp and
    netstat, its value within what the files said before and after."""
    mine = one(ours)
    errs = []
    got = {}
    for m in mine:
        if set(m) != {"section", "counter", "value"} or not isint(m.get("value")):
            errs.append("object %s" % json.dumps(m))
            continue
        k = (m["section"], m["counter"])
        if k in got:
            errs.append("%s:%s twice" % k)
        got[k] = m["value"]
    for f in ("snmp", "netstat"):
        a = kernel_pairs(os.path.join(before, f))
        b = kernel_pairs(os.path.join(after, f))
        for k in a:
            if k not in got:
                errs.append("%s:%s (/proc/net/%s) missing" % (k[0], k[1], f))
            elif not min(a[k], b[k]) <= got[k] <= max(a[k], b[k]):
                errs.append("%s:%s %d, /proc/net/%s %d..%d" % (k[0], k[1], got[k], f, a[k], b[k]))
    if errs:
        report(errs)
    print("note: %d counters" % len(got))


def cmd_groups(textfile, ours):
    """-g JSON against our text -gn, row by row."""
    rows, body = [], False
    for line in open(textfile):
        if line.startswith("-----"):
            body = True
            continue
        if not line.strip():
            body = False
            continue
        if body:
            rows.append(line.split())
    mine = one(ours)
    errs = []
    if len(rows) != len(mine) or not rows:
        errs.append("%d objects, %d text rows" % (len(mine), len(rows)))
    for r, m in zip(rows, mine):
        want = {"iface": r[0], "refcnt": int(r[1]), "group": r[2], "kind": "group"}
        if m != want or not isint(m["refcnt"]):
            errs.append("%s, text %s" % (json.dumps(m), json.dumps(want)))
    if errs:
        bad("\n".join(errs))


def cmd_route6(textfile, ours):
    """-rn6 JSON against our text -rn6: Destination Next-Hop Flag Met Ref
    Use If."""
    rows = [l.split() for l in open(textfile).read().split("\n")[2:] if l.strip()]
    mine = one(ours)
    errs = []
    if len(rows) != len(mine) or not rows:
        errs.append("%d objects, %d text rows" % (len(mine), len(rows)))
    keys = ["destination", "next_hop", "route_flags", "metric", "route_refs", "use", "iface"]
    for r, m in zip(rows, mine):
        want = dict(zip(keys, r))
        for k in ("metric", "route_refs", "use"):
            want[k] = int(want[k])
        got = {k: m.get(k, "(missing)") for k in keys}
        extra = set(m) - set(keys) - {"kind"}
        if got != want or extra or "/" not in m.get("destination", ""):
            errs.append("%s, text %s%s" % (json.dumps(m), json.dumps(want),
                                           " extra keys %s" % extra if extra else ""))
    if errs:
        bad("\n".join(errs))


def cmd_progs(ours, pid, name, kind="inet", opts="p"):
    """Objects of PID: program_name the text escaping of NAME (raw bytes
    given as \\xHH), and the raw JSON has it escaped like a label."""
    raw = name.encode("latin-1").decode("unicode_escape").encode("latin-1")
    esc = escape(raw).decode("utf-8")
    mine = one(ours)
    objs = [m for m in mine if m.get("pid") == int(pid)]
    errs = []
    if not objs:
        errs.append("no object with pid %s" % pid)
    for m in objs:
        if m.get("program_name") != esc:
            errs.append("program_name %r, want %r" % (m.get("program_name"), esc))
        keyset_errs = keyset(kind, opts, m)
        errs += keyset_errs
    lit = '"program_name":"%s"' % prom_esc(esc)
    if lit not in open(ours, encoding="utf-8").read():
        errs.append("the file does not hold %s" % lit)
    if errs:
        bad("\n".join(errs))
    print("note: %d objects of %s, program_name %s" % (len(objs), pid, lit))


def cmd_promprog(promfile, pid, name, cell=""):
    """-G prog: a series whose prog label is NAME's text escaping escaped
    for Prometheus, after PID/ as in the text -G value (with CELL: only
    so, the cell of -p that text -G prints)."""
    raw = name.encode("latin-1").decode("unicode_escape").encode("latin-1")
    esc = prom_esc(escape(raw).decode("utf-8"))
    found = [l for l in prom_lines(promfile)
             if 'prog="%s/%s"' % (pid, esc) in l or (not cell and 'prog="%s"' % esc in l)]
    if not found:
        bad('no series with prog="%s/%s"%s; prog labels: %s' % (
            pid, esc, "" if cell else ' or prog="%s"' % esc,
            " ".join(re.findall(r'prog="(?:[^"\\]|\\.)*"', open(promfile).read()))))
    print("note: " + found[0])


def cmd_paths(ours, names):
    """Each line of NAMES is the path of one of our unix objects."""
    have = {m.get("path") for m in one(ours)}
    want = open(names, encoding="utf-8").read().split("\n")[:-1]
    missing = [w for w in want if w not in have]
    if missing or not want:
        bad("paths missing: %r" % missing)
    print("note: %d names" % len(want))


def cmd_hostpath(ours, want):
    """-xap JSON: an object whose path is WANT (text-escaped form)."""
    if not any(m.get("path") == want for m in one(ours)):
        bad("no unix object with path %r" % want)


def cmd_scrape(metrics, textfile):
    """node_exporter's /metrics: node_tcp_connection_states{state} = the
    text -aS counts (0 where absent), all 11; scrape error 0."""
    c = text_s(textfile)
    got, err = {}, None
    for line in open(metrics):
        m = re.match(r'^node_tcp_connection_states\{state="(\w+)"\} (\S+)$', line)
        if m:
            got[m.group(1)] = float(m.group(2))
        m = re.match(r"^node_textfile_scrape_error (\S+)$", line)
        if m:
            err = float(m.group(1))
    want = {s: float(c.get(s, 0)) for s in STATES}
    if got != want or err != 0:
        bad("scraped %r, scrape_error %r; text -aS %r" % (got, err, want))


def cmd_scrapev(metrics, promfile):
    """node_exporter's /metrics has every sample of PROMFILE, same value."""
    got, err = {}, None
    for line in open(metrics):
        if line.startswith("#"):
            continue
        f = line.rsplit(" ", 1)
        if len(f) == 2:
            got[f[0]] = float(f[1])
        if f[0] == "node_textfile_scrape_error":
            err = float(f[1])
    errs = ["scrape_error %r" % err] if err != 0 else []
    n = 0
    for line in prom_lines(promfile):
        if line.startswith("#"):
            continue
        name, v = line.rsplit(" ", 1)
        n += 1
        if got.get(name) != float(v):
            errs.append("%s: scraped %r, file %s" % (name, got.get(name), v))
    if errs:
        bad("\n".join(errs))
    print("note: %d samples scraped as written" % n)


def cmd_rounds(n, out):
    """Reads stdin until N arrays are complete, writes them to OUT and
    exits (closing the pipe: the writer's cue to stop)."""
    n, done, buf = int(n), 0, []
    for line in sys.stdin.buffer:
        buf.append(line)
        if line in (b"]\n", b"[]\n"):
            done += 1
            if done == n:
                break
    open(out, "wb").write(b"".join(buf))


def main():
    cmd = sys.argv[1]
    try:
        globals()["cmd_" + cmd](*sys.argv[2:])
    except Bad as e:
        print(str(e))
        sys.exit(1)
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
        print("%s: %s: %s" % (cmd, type(e).__name__, e))
        sys.exit(1)


main()
PY
}

# ---------------------------------------------------------------- holders
# hold.py MODE ...: sockets of our own, "ready" once they exist, held until
# stdin ends. extra: an IPv6 pair on an address too long for the text's
# 23 columns; hostile PORT NAME: a listener, a pair and an abstract unix
# listener @NAME (run through a symbolic link with a hostile name: its
# program name); ns N: in a namespace of its own, N pairs on :7000, a
# half-closed pair (FIN_WAIT2, CLOSE_WAIT), a UDP socket.
write_holder() {
	cat >"$T/hold.py" <<'PY'
import os, socket, sys
mode, keep = sys.argv[1], []
if mode == "extra":
    a = "2001:db8:4d41:4348:494e:4500:0:1"
    s = socket.socket(socket.AF_INET6)
    s.bind((a, 9443)); s.listen(4)
    c = socket.socket(socket.AF_INET6)
    c.bind((a, 40944)); c.connect((a, 9443))
    keep += [s, c, s.accept()[0]]
elif mode == "hostile":
    port = int(sys.argv[2])
    s = socket.socket(); s.bind(("127.0.0.1", port)); s.listen(4)
    c = socket.create_connection(("127.0.0.1", port))
    keep += [s, c, s.accept()[0]]
    u = socket.socket(socket.AF_UNIX)
    u.bind(b"\0" + os.fsencode(sys.argv[3])); u.listen(1)
    keep.append(u)
elif mode == "ns":
    s = socket.socket(); s.bind(("127.0.0.1", 7000)); s.listen(64)
    keep.append(s)
    for i in range(int(sys.argv[2]) + 1):
        c = socket.create_connection(("127.0.0.1", 7000))
        keep += [c, s.accept()[0]]
    c.shutdown(socket.SHUT_WR)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 5353)); keep.append(u)
print("ready", flush=True)
sys.stdin.read()
PY
}

# ---------------------------------------------------------------- 1. options
part_options() {
	ours "$T/e" --format=xml -tan
	verdict "--format=xml: refused, a message naming --format on stderr, nothing on stdout" refused "$T/e" --format
	ours "$T/e" -tan --format
	verdict "--format without its value: refused" refused "$T/e"
	for f in -s -i -r -rn -g -tn -tan -xa -tuanp; do
		ours "$T/e" --format=prometheus "$f"
		verdict "--format=prometheus $f: refused (only -S, -G), nothing on stdout" refused "$T/e"
	done
	ours "$T/e" --format=prometheus -an -G state,state
	verdict "--format=prometheus -G state,state: a repeated key refused" refused "$T/e"
	ours "$T/e" --format=prometheus -G state,nosuchkey
	verdict "--format=prometheus -G with an unknown key: refused" refused "$T/e"
	ours "$T/e" --format=json --netns=not-a-namespace-$$ -tan
	verdict "--format=json --netns=(none such): refused, stdout empty" refused "$T/e"
	ours "$T/e" --format=prometheus --output="$T/no/such/dir/x.prom"
	verdict "--output into a directory that does not exist: refused, nothing made" \
		eval 'refused "$T/e" && [ ! -e "$T/no" ]'

	# --format X = --format=X; --format=text = none
	steady "$T/f1" "$T/f2" "'$BIN' --format=json -tuan" "'$BIN' --format json -tuan"
	verdict "--format json = --format=json" eval 'clean "$T/f2" && cmp "$T/f1" "$T/f2"'
	steady "$T/f1" "$T/f2" "'$BIN' --format=prometheus" "'$BIN' --format prometheus"
	verdict "--format prometheus = --format=prometheus" eval 'clean "$T/f2" && cmp "$T/f1" "$T/f2"'
	steady "$T/f1" "$T/f2" "'$BIN' -tuan" "'$BIN' --format=text -tuan"
	verdict "--format=text -tuan = -tuan" eval 'clean "$T/f2" && [ -s "$T/f1" ] && cmp "$T/f1" "$T/f2"'
	steady "$T/f1" "$T/f2" "'$BIN' -aS" "'$BIN' --format=text -aS"
	verdict "--format=text -aS = -aS" eval 'clean "$T/f2" && [ -s "$T/f1" ] && cmp "$T/f1" "$T/f2"'

	# an empty namespace: an empty array, and every state at 0
	unshare -n "$BIN" --format=json -tan >"$T/empty" 2>"$T/empty.err"
	echo $? >"$T/empty.rc"
	verdict "an empty result: \"[]\" and a newline" json "$T/empty" empty "$T/empty"
	unshare -n "$BIN" --format=json -an -G state >"$T/empty" 2>"$T/empty.err"
	echo $? >"$T/empty.rc"
	verdict "an empty -G result: \"[]\" and a newline" json "$T/empty" empty "$T/empty"
	unshare -n "$BIN" --format=prometheus >"$T/empty" 2>"$T/empty.err"
	: >"$T/empty.text"
	verdict "Prometheus -S in an empty namespace: all 11 states, 0" chk proms "$T/empty.text" "$T/empty"
}

# ------------------------------------------- 2. the listing, -i, -r: jc
# jc_round FLAGS: net-tools' -W FLAGS through jc against ours
# --format=json FLAGS (without W: never cut), steady
jc_round() {
	local flags=$1 mode kind opts=
	case $flags in
	-x*) kind=unix ;;
	*) kind=inet ;;
	esac
	case $flags in *e*) opts=${opts}e ;; esac
	case $flags in *p*) opts=${opts}p ;; esac
	case $flags in *o*) opts=${opts}o ;; esac
	mode=$kind${opts:+-$opts}
	# (SOCKET_REF: a MIPS build's socket tables are net-tools' for MIPS,
	# as live.sh's; -i and -r stay NETSTAT_REF's)
	steady "$T/jt" "$T/jo" "'${SOCKET_REF:-$REF}' -W $flags" "'$BIN' --format=json $flags"
	if ! jc --netstat <"$T/jt" >"$T/jc.json" 2>"$T/jc.err"; then
		not_ok "jc: netstat -W $flags = --format=json $flags" "jc failed: $(cat "$T/jc.err")"
		return
	fi
	verdict "jc: net-tools -W $flags = --format=json $flags, key by key; the spec's keys and types" \
		json "$T/jo" jc "$mode" "$T/jc.json" "$T/jo"
}

part_jc() {
	local f
	if ! have jc; then
		skipped "jc comparisons of the listing" "no jc"
		return
	fi
	for f in -tuan -tuanep -tuano -xa -xap; do
		jc_round "$f"
	done
	# never cut: the long address whole in JSON, cut in the text
	steady "$T/w1" "$T/w2" "'$BIN' -tan" "'$BIN' --format=json -tan"
	verdict "JSON never cuts an address: 2001:db8:4d41:4348:494e:4500:0:1 whole (text -tan cuts it)" \
		eval 'clean "$T/w2" && grep -q "\"local_address\":\"2001:db8:4d41:4348:494e:4500:0:1\",\"local_port\":\"9443\"" "$T/w2" &&
			! grep -q "2001:db8:4d41:4348:494e:4500:0:1:9443" "$T/w1"'
	steady "$T/w1" "$T/w2" "'$BIN' --format=json -tuanW" "'$BIN' --format=json -tuan"
	verdict "--format=json -tuanW = -tuan" eval 'clean "$T/w2" && cmp "$T/w1" "$T/w2"'
}

part_own_text() {
	steady "$T/ut" "$T/uj" "'$BIN' -xan" "'$BIN' --format=json -xan"
	verdict "JSON -xan = text -xan column by column (flags null for [ ], state and path null when empty)" \
		json "$T/uj" unix "$T/ut" "$T/uj"
	steady "$T/it" "$T/ij" "'$BIN' -tuwanW" "'$BIN' --format=json -tuwan"
	verdict "JSON -tuwan = text -tuwanW (address:port, queues, state or null)" \
		json "$T/ij" inet "$T/it" "$T/ij"
}

# ------------------------------------------- 3. JSON -S, -G, -s, -c
G_SETS="state state,proto rhost,rport lhost,lport raddr laddr,state prog prog,state proto,state,lport rhost,state=ESTAB state,top=3 raddr,port=8001"
part_json_counts() {
	local f spec
	for f in -S -aS -tuwaS -uaS -lS; do
		steady "$T/st" "$T/sj" "'$BIN' $f" "'$BIN' --format=json $f"
		verdict "JSON $f = text $f: {proto, state, count} in its order" json "$T/sj" stext "$T/st" "$T/sj"
	done
	for spec in $G_SETS; do
		steady "$T/gt" "$T/gj" "'$BIN' -an -G $spec" "'$BIN' --format=json -an -G $spec"
		verdict "JSON -an -G $spec = text: count first, then the keys in order; ports numbers" \
			json "$T/gj" gjson "$spec" "$T/gt" "$T/gj"
	done
	for _ in 1 2 3 4 5; do
		snap_kernel /proc "$T/s.a"
		ours "$T/sj" --format=json -s
		snap_kernel /proc "$T/s.b"
		cmp -s "$T/s.a/snmp" "$T/s.b/snmp" && cmp -s "$T/s.a/netstat" "$T/s.b/netstat" && break
	done
	verdict "JSON -s: every counter of /proc/net/snmp and netstat, its value the file's" \
		json "$T/sj" snmp "$T/sj" "$T/s.a" "$T/s.b"

	# -c: an array a round; the reader stops after 3, netstat ends quietly
	# (-aS: no text "changes" lines either)
	for f in -tan -aS; do
		for _ in 1 2 3; do
			"$BIN" --format=json "$f" >"$T/c.before"
			"$BIN" --format=json -c "$f" 2>"$T/c.err" | chk rounds 3 "$T/c.json"
			"$BIN" --format=json "$f" >"$T/c.after"
			cmp -s "$T/c.before" "$T/c.after" && break
		done
		verdict "JSON -c $f: 3 rounds, each one array, each the one-shot's; a closed pipe ends it quietly" \
			eval 'jq_ok "$T/c.json" && chk layout "$T/c.json" 3 && [ ! -s "$T/c.err" ] &&
				[ "$(jq -c . "$T/c.json" | sort -u)" = "$(jq -c . "$T/c.before")" ]'
	done
}

# ------------------------------------------- 4. Prometheus -S, -G, -S -v
part_prom() {
	local args spec top
	for args in "" "-S" "-aS" "-S -a"; do
		# shellcheck disable=SC2086 # the flags are split on purpose
		steady "$T/pt" "$T/pp" "'$BIN' -aS" "'$BIN' --format=prometheus $args"
		verdict "Prometheus ${args:-(no -S)}: exactly the 13 lines, every state, text -aS's counts (TCP, listeners in)" \
			eval 'clean "$T/pp" && chk proms "$T/pt" "$T/pp"'
	done
	promtool_verdict "-S" "$T/pp"
	for spec in $G_SETS; do
		top=
		case $spec in *top=*) top=${spec##*top=} ;; esac
		steady "$T/gt" "$T/gp" "'$BIN' -an -G $spec" "'$BIN' --format=prometheus -an -G $spec"
		verdict "Prometheus -an -G $spec = text: labels in the keys' order, escaped values, most first${top:+, $top lines}" \
			eval 'clean "$T/gp" && chk gprom "$spec" "$T/gt" "$T/gp" $top'
		promtool_verdict "-G $spec" "$T/gp"
	done
	steady "$T/gt" "$T/gp" "'$BIN' -G state,proto" "'$BIN' --format=prometheus -G state,proto"
	verdict "Prometheus -G state,proto (no listing flags) = text -G state,proto" \
		eval 'clean "$T/gp" && chk gprom state,proto "$T/gt" "$T/gp"'
	steady "$T/gt" "$T/gp" "'$BIN' -tn -G state" "'$BIN' --format=prometheus -tn -G state"
	verdict "Prometheus -tn -G state: the listing flags choose the sockets" \
		eval 'clean "$T/gp" && chk gprom state "$T/gt" "$T/gp" && ! grep -q "state=\"listen\"" "$T/gp"'
	for _ in 1 2 3 4 5; do
		"$BIN" -aS >"$T/vt"
		snap_kernel /proc "$T/v.a"
		ours "$T/vp" --format=prometheus -S -v
		snap_kernel /proc "$T/v.b"
		"$BIN" -aS >"$T/vt.again"
		cmp -s "$T/vt" "$T/vt.again" && break
	done
	verdict "Prometheus -S -v: the -S family, then each counter and gauge of the hints, the kernel's values (this namespace)" \
		eval 'clean_v "$T/vp" && chk promv "$T/vt" "$T/vp" "$T/v.a" "$T/v.b"'
	promtool_verdict "-S -v" "$T/vp"
}

# ------------------------------------------- 5. hostile program names
# Two python3s run through symbolic links named a"b\c and t<TAB>b<FF><ESC>:
# their argv[0], whose last part -p shows
part_hostile_names() {
	local h1 h2 n1 n2 f o
	n1='a"b\c'
	n2=$(printf 't\tb\377\033')
	mkdir -p "$T/hn"
	ln -s "$PY" "$T/hn/$n1"
	ln -s "$PY" "$T/hn/$n2"
	"$T/hn/$n1" "$T/hold.py" hostile 7301 'nsm"q\z' <"$T/hold" >"$T/ready.h1" 2>&1 &
	h1=$!
	"$T/hn/$n2" "$T/hold.py" hostile 7302 "$(printf 'nsm\nx\377')" <"$T/hold" >"$T/ready.h2" 2>&1 &
	h2=$!
	holders="$holders $h1 $h2"
	if ! wait_ready "$T/ready.h1" $h1 || ! wait_ready "$T/ready.h2" $h2; then
		not_ok "the holders with hostile names started" "$(cat "$T/ready.h1" "$T/ready.h2")"
		return
	fi
	for f in "-ant -G prog" "-ant -G prog,state" "-an -G state,prog,lport"; do
		steady "$T/ht" "$T/hp" "'$BIN' $f" "'$BIN' --format=prometheus $f"
		verdict "Prometheus $f, hostile program names: labels = text's, escaped; a\"b\\c as a\\\"b\\\\134c" \
			eval 'clean "$T/hp" && chk gprom "${f##* }" "$T/ht" "$T/hp" &&
				chk promprog "$T/hp" "$h1" "a\"b\\\\c" && chk promprog "$T/hp" "$h2" "t\\tb\\xff\\x1b"'
		promtool_verdict "$f, hostile program names" "$T/hp"
	done
	steady "$T/ht" "$T/hp" "'$BIN' -ant -G prog" "'$BIN' --format=prometheus -ant -G prog"
	verdict "Prometheus -ant -G prog: the label is text -G's PID/name cell, prog=\"PID/a\\\"b\\\\134c\"" \
		eval 'clean "$T/hp" && chk promprog "$T/hp" "$h1" "a\"b\\\\c" cell && chk promprog "$T/hp" "$h2" "t\\tb\\xff\\x1b" cell'
	for f in p:-tanp ep:-tuanep op:-tanop; do
		o=${f%%:*} f=${f#*:}
		ours "$T/hj" --format=json "$f"
		verdict "JSON $f, hostile program names: strict JSON, program_name the text's escaping, escaped again" \
			eval 'json "$T/hj" progs "$T/hj" "$h1" "a\"b\\\\c" inet "$o" && chk progs "$T/hj" "$h2" "t\\tb\\xff\\x1b" inet "$o"'
	done
	ours "$T/hj" --format=json -xap
	verdict "JSON -xap, hostile program names and abstract names: name and path escaped" \
		eval 'json "$T/hj" progs "$T/hj" "$h1" "a\"b\\\\c" unix && chk progs "$T/hj" "$h2" "t\\tb\\xff\\x1b" unix &&
			chk hostpath "$T/hj" "@nsm\"q\\134z" && chk hostpath "$T/hj" "@nsm\\012x\\377"'
}

# ------------------------------------------- 6. --netns=all
part_netns_all() {
	local n p pairs moved
	local -a nsp=()
	for n in 2 4; do
		unshare -n sh -c "ip link set lo up && exec '$PY' '$T/hold.py' ns $n" <"$T/hold" >"$T/ready.ns$n" 2>&1 &
		p=$!
		holders="$holders $p"
		wait_ready "$T/ready.ns$n" $p || { not_ok "--netns=all: holder $n started" "$(cat "$T/ready.ns$n")"; return; }
		nsp+=("$p")
	done
	for _ in 1 2 3 4 5; do
		for p in "${nsp[@]}"; do "$BIN" --netns="$p" -aS >"$T/na.$p"; done
		ours "$T/na.prom" --format=prometheus --netns=all
		moved=
		for p in "${nsp[@]}"; do
			"$BIN" --netns="$p" -aS | cmp -s - "$T/na.$p" || moved=1
		done
		[ -n "$moved" ] || break
	done
	pairs=
	for p in "${nsp[@]}"; do
		pairs="$pairs $(readlink "/proc/$p/ns/net" | tr -dc 0-9)=$T/na.$p"
	done
	# shellcheck disable=SC2086 # INODE=FILE pairs, no blanks in them
	verdict "Prometheus --netns=all: HELP, TYPE once; netns=\"INODE\" the first label; our 2 holders' namespaces' counts their -aS's" \
		eval '[ "$(cat "$T/na.prom.rc")" = 0 ] && chk promall "$T/na.prom" $pairs || { echo "stderr: $(cat "$T/na.prom.err")"; false; }'
	promtool_verdict "--netns=all" "$T/na.prom"
	ours "$T/na.json" --format=json --netns="${nsp[0]}" -w
	verdict "JSON --netns=PID -w of a namespace without raw sockets: []" json "$T/na.json" empty "$T/na.json"

	# netstat's own namespace when netstat has the lowest PID of its
	# processes (what PID wrap-around makes of any run now and then),
	# made so on purpose: a PID namespace of its own (its own /proc), its
	# ns_last_pid set to 1000 for the namespace's processes, then to 100
	# for netstat's
	if unshare -p -f --mount-proc bash "$HERE/machine.sh" --lowpid "$BIN" "$T" "$PY" >"$T/low.log" 2>&1; then
		verdict "Prometheus --netns=all run with the lowest PID of its own namespace: that namespace there too, its -aS's counts" \
			eval 'chk promall "$T/low.prom" "$(cat "$T/low.ino")=$T/low.text" || { echo "stderr: $(cat "$T/low.err")"; false; }'
	else
		skipped "--netns=all with netstat the lowest PID of its namespace" "unshare -p -f --mount-proc: $(tail -n 1 "$T/low.log")"
	fi
}

# lowpid_inside: PID 1 of a PID namespace of ours: a network namespace
# whose processes have PIDs above 1000 (a holder, its bash), netstat run
# there with PID 101; writes $T/low.text (-aS), low.prom (--netns=all),
# low.ino
lowpid_inside() {
	echo 1000 >/proc/sys/kernel/ns_last_pid || exit 1
	unshare -n bash "$HERE/machine.sh" --lowpid-net "$BIN" "$T" "$PY"
}
lowpid_net() {
	local p
	ip link set lo up
	"$PY" "$T/hold.py" ns 1 <"$T/hold" >"$T/ready.low" 2>&1 &
	p=$!
	wait_ready "$T/ready.low" $p || exit 1
	echo 100 >/proc/sys/kernel/ns_last_pid
	"$BIN" -aS >"$T/low.text"
	echo 100 >/proc/sys/kernel/ns_last_pid
	"$BIN" --format=prometheus --netns=all >"$T/low.prom" 2>"$T/low.err"
	readlink /proc/self/ns/net | tr -dc 0-9 >"$T/low.ino"
	kill "$p"
	wait "$p" 2>/dev/null
	return 0
}

# ------------------------------------------- 7. --output
part_output() {
	local D=$T/out J=$T/outj ino
	mkdir -m 755 "$D" "$J"
	for _ in 1 2 3 4 5; do
		ours "$T/o1" --format=prometheus --output="$D/netstat.prom"
		"$BIN" --format=prometheus >"$T/o1.stdout"
		cmp -s "$D/netstat.prom" "$T/o1.stdout" && break
	done
	verdict "--output: nothing on stdout, the file whole (= the stdout run), 0644, no temporary file left" \
		eval 'clean "$T/o1" && [ ! -s "$T/o1" ] && cmp "$D/netstat.prom" "$T/o1.stdout" &&
			[ "$(stat -c %a "$D/netstat.prom")" = 644 ] && no_stray "$D" netstat.prom'
	ln "$D/netstat.prom" "$T/old.prom"
	cp "$D/netstat.prom" "$T/old.copy"
	ino=$(stat -c %i "$D/netstat.prom")
	ours "$T/o2" --format=prometheus -S -v --output="$D/netstat.prom"
	verdict "--output again (-S -v): replaced by a rename (new inode; a hard link keeps the old text), whole, no temporary file" \
		eval 'clean_v "$T/o2" && [ "$(stat -c %i "$D/netstat.prom")" != "$ino" ] && cmp "$T/old.prom" "$T/old.copy" &&
			grep -q "^netstat_tcpext_listen_overflows_total [0-9]*\$" "$D/netstat.prom" &&
			[ "$(tail -c 1 "$D/netstat.prom" | od -An -c | tr -d " ")" = "\\n" ] && no_stray "$D" netstat.prom'
	promtool_verdict "--output -S -v" "$D/netstat.prom"
	rm -f "$T/old.prom"
	(umask 077 && "$BIN" --format=prometheus --output="$D/netstat.prom")
	verdict "--output under umask 077: still 0644 (node_exporter may run as another user)" \
		eval '[ "$(stat -c %a "$D/netstat.prom")" = 644 ] && no_stray "$D" netstat.prom'

	# failures leave the old file as it was, and nothing else
	cp "$D/netstat.prom" "$T/old.copy"
	ino=$(stat -c %i "$D/netstat.prom")
	chmod 711 "$T"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" --format=prometheus --output="$D/netstat.prom" >"$T/o3" 2>"$T/o3.err"
	echo $? >"$T/o3.rc"
	chmod 700 "$T"
	verdict "--output as nobody into a directory it may not write: refused, the old file kept, no temporary file" \
		eval 'refused "$T/o3" && kept "$D/netstat.prom" "$T/old.copy" "$ino" && no_stray "$D" netstat.prom'
	ours "$T/o4" --format=prometheus -s --output="$D/netstat.prom"
	verdict "--output of a refused run (-s): the old file kept, no temporary file" \
		eval 'refused "$T/o4" && kept "$D/netstat.prom" "$T/old.copy" "$ino" && no_stray "$D" netstat.prom'
	ours "$T/o5" --format=prometheus -an -G state,state --output="$D/netstat.prom"
	verdict "--output of a refused run (-G state,state): the old file kept, no temporary file" \
		eval 'refused "$T/o5" && kept "$D/netstat.prom" "$T/old.copy" "$ino" && no_stray "$D" netstat.prom'
	ours "$T/o6" --format=prometheus --netns=not-a-namespace-$$ --output="$D/netstat.prom"
	verdict "--output of a run that fails (--netns of nothing): the old file kept, no temporary file" \
		eval 'refused "$T/o6" && kept "$D/netstat.prom" "$T/old.copy" "$ino" && no_stray "$D" netstat.prom'

	# JSON too
	for _ in 1 2 3 4 5; do
		ours "$T/o7" --format=json -tuan --output="$J/netstat.json"
		"$BIN" --format=json -tuan >"$T/o7.stdout"
		cmp -s "$J/netstat.json" "$T/o7.stdout" && break
	done
	verdict "--format=json --output: the file whole (= the stdout run), valid, 0644, no temporary file" \
		eval 'clean "$T/o7" && [ ! -s "$T/o7" ] && cmp "$J/netstat.json" "$T/o7.stdout" && jq_ok "$J/netstat.json" &&
			chk layout "$J/netstat.json" 1 && [ "$(stat -c %a "$J/netstat.json")" = 644 ] && no_stray "$J" netstat.json'
}

# ------------------------------------------- 8. node_exporter
# scrape FILE: node_exporter's /metrics on this namespace's loopback
scrape() {
	python3 -c 'import sys, urllib.request
sys.stdout.buffer.write(urllib.request.urlopen("http://127.0.0.1:9101/metrics").read())' >"$1" 2>/dev/null
}
part_node_exporter() {
	local NE=$T/ne nep
	if ! have prometheus-node-exporter; then
		skipped "node_exporter's textfile collector" "no prometheus-node-exporter"
		return
	fi
	mkdir -m 755 "$NE"
	for _ in 1 2 3 4 5; do
		"$BIN" -aS >"$T/ne.text"
		ours "$T/ne1" --format=prometheus --output="$NE/netstat.prom"
		"$BIN" -aS | cmp -s - "$T/ne.text" && break
	done
	prometheus-node-exporter --web.listen-address=127.0.0.1:9101 --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$NE" >"$T/ne.log" 2>&1 &
	nep=$!
	holders="$holders $nep"
	if ! wait_for $nep scrape "$T/m1"; then
		not_ok "node_exporter answers on 127.0.0.1:9101" "$(tail -n 20 "$T/ne.log")"
		return
	fi
	verdict "node_exporter: node_tcp_connection_states of the --output file = text -aS, every state; no scrape error" \
		chk scrape "$T/m1" "$T/ne.text"
	ours "$T/ne2" --format=prometheus -S -v --output="$NE/netstat.prom"
	scrape "$T/m2"
	verdict "node_exporter: the -S -v file's every sample scraped as written; no scrape error" \
		eval 'clean_v "$T/ne2" && chk scrapev "$T/m2" "$NE/netstat.prom"'
	kill "$nep" 2>/dev/null
	wait "$nep" 2>/dev/null
}

# ------------------------------------------- 9. -i, -r, -g on a network
# netinfo_inside: in a namespace of its own, testnet_build's network and
# groups; writes net-tools' and our outputs into $T/ni for the checks
netinfo_inside() {
	local N=$T/ni
	mkdir -p "$N"
	testnet_build >"$N/build.log" 2>&1 || exit 3
	PYTHON=$PY testnet_join_groups || exit 4
	# -i: net-tools before and after ours; again while counters moved
	for _ in 1 2 3 4 5; do
		"$REF" -i >"$N/i.a" 2>/dev/null
		ours "$N/i.json" --format=json -i
		"$REF" -i >"$N/i.b" 2>/dev/null
		cmp -s "$N/i.a" "$N/i.b" && break
	done
	"$REF" -rn >"$N/rn.txt" 2>/dev/null
	ours "$N/rn.json" --format=json -rn
	"$REF" -rne >"$N/rne.txt" 2>/dev/null
	"$BIN" -rn6 >"$N/rn6.txt" 2>/dev/null
	ours "$N/rn6.json" --format=json -rn6
	"$BIN" -gn >"$N/g.txt" 2>/dev/null
	ours "$N/g.json" --format=json -gn
	testnet_leave_groups
}

part_netinfo() {
	local N=$T/ni st
	unshare -n bash "$HERE/machine.sh" --netinfo "$BIN" "$T" "$PY"
	st=$?
	if [ $st != 0 ]; then
		not_ok "-i, -r, -g: testnet_build's network (exit $st)" "$(cat "$N/build.log" 2>/dev/null)"
		return
	fi
	if have jc; then
		jc --netstat <"$N/i.a" >"$N/i.jc" && jc --netstat <"$N/i.b" >"$N/i.jc2"
		verdict "jc: net-tools -i = --format=json -i, key by key (counters that moved between the net-tools runs left out)" \
			json "$N/i.json" jc iface "$N/i.jc" "$N/i.json" "$N/i.jc2"
		jc --netstat <"$N/rn.txt" >"$N/rn.jc"
		verdict "jc: net-tools -rn = --format=json -rn, key by key; every route key" \
			json "$N/rn.json" jc route "$N/rn.jc" "$N/rn.json"
		jc --netstat <"$N/rne.txt" >"$N/rne.jc"
		verdict "jc: net-tools -rne = --format=json -rn (metric, route_refs, use)" \
			json "$N/rn.json" jc route "$N/rne.jc" "$N/rn.json"
	else
		skipped "jc: -i, -rn" "no jc"
	fi
	verdict "JSON -rn6 = text -rn6: destination/prefix, next_hop, route_flags, metric, route_refs, use, iface" \
		json "$N/rn6.json" route6 "$N/rn6.txt" "$N/rn6.json"
	verdict "JSON -gn = text -gn: {iface, refcnt, group, kind group} a row" \
		json "$N/g.json" groups "$N/g.txt" "$N/g.json"
}

# ------------------------------------------- 10. fixtures over /proc
# counters_file: /proc/net/netstat's TcpExt pair, each counter a value of
# its own (SyncookiesRecv, not read, one more); snmp_file: its Tcp pair
counters_file() {
	printf 'TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed ListenOverflows ListenDrops TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop TCPAbortOnMemory\n'
	printf 'TcpExt: 16 99 17 12 13 11 15 14 18\n'
	printf 'IpExt: InNoRoutes InOctets\nIpExt: 3 4000\n'
}
snmp_file() {
	printf 'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n'
	printf 'Tcp: 1 200 120000 -1 5 6 7 21 2 100 200 22 0 23 0\n'
	printf 'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n'
	printf 'Udp: 1 2 3 4 5 6 7 8 9\n'
}
tcp_rows() {
	echo "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
	echo "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 20 4 30 10 -1"
	echo "   1: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1"
	echo "   2: 0100007F:1F90 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1"
	echo "   3: 0100007F:8000 0100007F:1F90 06 00000000:00000000 03:00000BB8 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1"
	echo "   4: 0100007F:1F90 0300007F:9000 03 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1"
}
make_fixture() {
	local d=$1
	mkdir -p "$d/net" "$d/sys/net/ipv4"
	tcp_rows >"$d/net/tcp"
	echo "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode" >"$d/net/tcp6"
	echo "TCP: inuse 9 orphan 31 tw 32 alloc 12 mem 5" >"$d/net/sockstat"
	counters_file >"$d/net/netstat"
	snmp_file >"$d/net/snmp"
	echo 41 >"$d/sys/net/ipv4/tcp_max_tw_buckets"
	echo 42 >"$d/sys/net/ipv4/tcp_max_orphans"
	printf '1024\t65000\n' >"$d/sys/net/ipv4/ip_local_port_range"
}

part_fixtures() {
	local F=$T/fx H=$HERE/fixtures/hostile f D=$T/fxout ino
	local p
	if [ "${SANITIZED:-}" = 1 ]; then
		skipped "fixtures over /proc" "the ASan runtime needs the real /proc, which they replace"
		return
	fi
	# the hostile unix paths
	in_proc "$H" "$BIN" -xan >"$T/hx.text" 2>/dev/null
	in_proc "$H" "$BIN" --format=json -xan >"$T/hx" 2>"$T/hx.err"
	echo $? >"$T/hx.rc"
	verdict "hostile fixture: JSON -xan strict (python, jq); each path = the text's escaped path, whole" \
		eval '[ "$(cat "$T/hx.rc")" = 0 ] && jq_ok "$T/hx" && chk unix "$T/hx.text" "$T/hx"'
	verdict "hostile fixture: a backslash is \\134 escaped again (\\\\134), a newline \\\\012, ESC \\\\033, C1 \\\\233, bad UTF-8 \\\\377\\\\376" \
		eval 'for p in "back\\\\134slash" "new\\\\012line" "esc\\\\033[1mbold" "csi\\\\2331m" "bad\\\\377\\\\376utf8" "tab\\\\011here" "cr\\\\015.sock" "@nstest-hostile\\\\012nl"; do
			grep -qF "$p" "$T/hx" || { echo "no $p in the JSON"; exit 1; }; done'
	python3 "$HERE/population.py" --list-hostile | grep -v '\\0120000000000000000: ' >"$T/hx.names"
	verdict "hostile fixture: JSON -xan holds each of population.py --list-hostile's escaped names as a path (the forged line aside)" \
		chk paths "$T/hx" "$T/hx.names"
	for f in -an -tuwan -ean -oan -xanp -aS -tuwaS "-an -G state,proto" "-an -G laddr,raddr,lport"; do
		# shellcheck disable=SC2086 # the flags are split on purpose
		in_proc "$H" "$BIN" --format=json $f >"$T/hx" 2>"$T/hx.err"
		echo $? >"$T/hx.rc"
		verdict "hostile fixture: JSON $f strict (python strict=True, no duplicate keys; jq)" \
			eval '[ "$(cat "$T/hx.rc")" = 0 ] && jq_ok "$T/hx" && chk layout "$T/hx" 1'
	done
	in_proc "$H" "$BIN" -tuwanW >"$T/hx.text" 2>/dev/null
	in_proc "$H" "$BIN" --format=json -tuwan >"$T/hx" 2>/dev/null
	verdict "hostile fixture: JSON -tuwan = text -tuwanW" chk inet "$T/hx.text" "$T/hx"
	in_proc "$H" "$BIN" --format=prometheus -an -G state,proto,laddr >"$T/hx" 2>/dev/null
	promtool_verdict "hostile fixture -G state,proto,laddr" "$T/hx"

	# -S -v on hand-made kernel files: each number its own
	make_fixture "$F"
	snap_kernel "$F" "$T/fx.snap"
	in_proc "$F" "$BIN" -aS >"$T/fx.text" 2>/dev/null
	in_proc "$F" "$BIN" --format=prometheus -S -v >"$T/fx.prom" 2>"$T/fx.prom.err"
	echo $? >"$T/fx.prom.rc"
	verdict "fixture: Prometheus -S -v, each counter and gauge its own file's number (names per the spec)" \
		eval 'clean_v "$T/fx.prom" && chk promv "$T/fx.text" "$T/fx.prom" "$T/fx.snap" "$T/fx.snap"'
	promtool_verdict "fixture -S -v" "$T/fx.prom"
	# a child namespace's: no tcp_max_orphans, no ip_local_port_range
	rm "$F/sys/net/ipv4/tcp_max_orphans" "$F/sys/net/ipv4/ip_local_port_range"
	rm -r "$T/fx.snap"
	snap_kernel "$F" "$T/fx.snap"
	in_proc "$F" "$BIN" --format=prometheus -S -v >"$T/fx.prom" 2>"$T/fx.prom.err"
	echo $? >"$T/fx.prom.rc"
	verdict "fixture without tcp_max_orphans, ip_local_port_range: those gauges left out, the others there" \
		eval 'clean_v "$T/fx.prom" && chk promv "$T/fx.text" "$T/fx.prom" "$T/fx.snap" "$T/fx.snap" &&
			! grep -q -e max_orphans -e port_range "$T/fx.prom"'
	in_proc "$F" "$BIN" --format=json -s >"$T/fx.json" 2>"$T/fx.json.err"
	echo $? >"$T/fx.json.rc"
	verdict "fixture: JSON -s, MaxConn -1 and every counter as written" \
		json "$T/fx.json" snmp "$T/fx.json" "$T/fx.snap" "$T/fx.snap"
	in_proc "$HERE/fixtures/stats" "$BIN" --format=json -s >"$T/fx.json" 2>"$T/fx.json.err"
	echo $? >"$T/fx.json.rc"
	verdict "fixtures/stats: JSON -s, every counter of its snmp and netstat" \
		json "$T/fx.json" snmp "$T/fx.json" "$HERE/fixtures/stats/net" "$HERE/fixtures/stats/net"

	# errors to stderr, stdout still valid or empty
	mkdir -p "$T/noipv6/net"
	for f in tcp udp raw unix; do cp "$HERE/fixtures/basic/net/$f" "$T/noipv6/net/"; done
	in_proc "$T/noipv6" "$BIN" --format=json -anv >"$T/nv" 2>"$T/nv.err"
	echo $? >"$T/nv.rc"
	verdict "missing tables with -v: named on stderr, stdout valid JSON, exit 0" \
		eval '[ "$(cat "$T/nv.rc")" = 0 ] && grep -q "no support for" "$T/nv.err" && jq_ok "$T/nv" && chk layout "$T/nv" 1'
	unshare -m sh -c "mount --make-rprivate / && mount -t tmpfs none /proc && exec '$BIN' --format=json -tan" >"$T/np" 2>"$T/np.err"
	echo $? >"$T/np.rc"
	verdict "no /proc/net: an error on stderr, exit not 0, stdout empty or valid" \
		eval '[ "$(cat "$T/np.rc")" != 0 ] && [ -s "$T/np.err" ] && { [ ! -s "$T/np" ] || chk layout "$T/np"; }'
	mkdir -m 755 "$D"
	echo "old" >"$D/netstat.prom"
	ino=$(stat -c %i "$D/netstat.prom")
	cp "$D/netstat.prom" "$T/fx.old"
	unshare -m sh -c "mount --make-rprivate / && mount -t tmpfs none /proc && exec '$BIN' --format=prometheus --output='$D/netstat.prom'" >"$T/np" 2>"$T/np.err"
	echo $? >"$T/np.rc"
	verdict "--output of a run that fails reading (no /proc/net): the old file kept, no temporary file" \
		eval 'refused "$T/np" && kept "$D/netstat.prom" "$T/fx.old" "$ino" && no_stray "$D" netstat.prom'
}

# ---------------------------------------------------------------- inside
# inside: the whole run, in a private network namespace (lo only) of ours
inside() {
	REF=${NETSTAT_REF:-/usr/bin/netstat}
	holders=
	trap 'exec 9>&-; for p in $holders; do kill "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT
	ip link set lo up
	ip -6 addr add 2001:db8:4d41:4348:494e:4500:0:1/128 dev lo nodad
	mkfifo "$T/hold"
	python3 "$HERE/population.py" --plain --dir "/tmp/nsm$$" <"$T/hold" >"$T/ready.pop" 2>"$T/pop.log" &
	holders=$!
	exec 9>"$T/hold"
	if ! wait_ready "$T/ready.pop" "$holders"; then
		echo "Bail out! population.py did not start: $(cat "$T/pop.log")"
		exit 1
	fi
	"$PY" "$T/hold.py" extra <"$T/hold" >"$T/ready.extra" 2>&1 &
	holders="$holders $!"
	if ! wait_ready "$T/ready.extra" $!; then
		echo "Bail out! the IPv6 holder did not start: $(cat "$T/ready.extra")"
		exit 1
	fi
	echo "# 1. options and errors"
	part_options
	echo "# 2. JSON of the listing against jc and our text"
	part_jc
	part_own_text
	echo "# 3. JSON -S, -G, -s, -c"
	part_json_counts
	echo "# 4. Prometheus -S, -G, -S -v"
	part_prom
	echo "# 5. hostile program names"
	part_hostile_names
	echo "# 6. --netns=all"
	part_netns_all
	echo "# 7. --output"
	part_output
	echo "# 8. node_exporter's textfile collector"
	part_node_exporter
	echo "# 9. -i, -r, -g"
	part_netinfo
	echo "# 10. fixtures over /proc"
	part_fixtures
	if [ "$skip" = 0 ]; then
		echo "machine: $pass passed, $fail failed"
	else
		echo "machine: $pass passed, $fail failed, $skip skipped"
	fi
	[ "$fail" = 0 ]
}

case ${1:-} in
--inside | --netinfo | --lowpid | --lowpid-net)
	BIN=$2 T=$3 PY=$4
	REF=${NETSTAT_REF:-/usr/bin/netstat}
	case $1 in
	--inside) inside ;;
	--netinfo) netinfo_inside ;;
	--lowpid) lowpid_inside ;;
	*) lowpid_net ;;
	esac
	exit
	;;
esac
[ $# = 1 ] || { echo "usage: tests/machine.sh BINARY" >&2; exit 2; }
BIN=$(abs_path "$1")
if ! "$BIN" --help 2>&1 | grep -q -- '--format'; then
	echo "skip: --format tests (a build without --format)"
	exit 77
fi
skip_unless_root "--format tests (need root, unshare -n -m, python3, jq, ip, setpriv)" "-n -m" python3 jq ip setpriv
work_dir machine
write_checker
write_holder
if [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
else
	PY=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
fi
unshare -n bash "$HERE/machine.sh" --inside "$BIN" "$T" "$PY"
