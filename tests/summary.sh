#!/bin/bash
# -S and -G on a live population, against the pipelines they replace run
# over net-tools' netstat in the same moment: the lines must be the same
# (compared sorted, since the pipelines' order is awk's or sort's).
# Usage: tests/summary.sh BINARY. Needs root and unshare (else exit 77).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
BIN=$(abs_path "$1")
skip_unless_root "-S/-G live comparison (needs root, unshare -n and python3)" -n python3
work_dir summary

cat >"$T/inside.sh" <<'EOF'
set -u
BIN=$1 HERE=$2 T=$3
# shellcheck source=tests/testnet.sh
. "$HERE/testnet.sh"
ip link set lo up
mkfifo "$T/hold"
python3 "$HERE/population.py" --plain --dir "/tmp/nss$$" <"$T/hold" >"$T/ready" &
pop=$!
exec 9>"$T/hold"
wait_ready "$T/ready" $pop
pass=0 fail=0

# same NAME OURS PIPELINE: both outputs, sorted, must be equal
same() {
	name=$1
	sh -c "$2" | sort >"$T/ours"
	sh -c "$3" | sort >"$T/theirs"
	if [ -s "$T/ours" ] && cmp -s "$T/ours" "$T/theirs"; then
		ok "$name"
	else
		not_ok "$name"
		diff -u "$T/theirs" "$T/ours" | sed 's/^/#   /'
	fi
}
ONELINER="awk '/^tcp/ {++S[\$NF]} END {for(a in S) print a, S[a]}'"
same "-S = netstat -n | one-liner" "$BIN -S" "netstat -n | $ONELINER"
same "-aS = netstat -an | one-liner" "$BIN -aS" "netstat -an | $ONELINER"
same "-lS = netstat -ln | one-liner" "$BIN -lS" "netstat -ln | $ONELINER"
same "-4S = netstat -4n | one-liner" "$BIN -4S" "netstat -4n | $ONELINER"
same "-6aS = netstat -6an | one-liner" "$BIN -6aS" "netstat -6an | $ONELINER"

# The pipelines of the README, on net-tools. Where they cut the host with
# cut -d: -f1 (wrong for IPv6) the reference strips the last :port
# instead, and the header lines they count are dropped: what the
# pipeline means, which is what -G computes.
HOST="sed -n 's/:[^:]*\$//p'"
UNIQ="uniq -c | sed 's/^ *//'"
NUMS="sed 's/^ *//'"
same "1: -ntu -G rhost" "$BIN -ntu -G rhost | $NUMS" \
	"netstat -ntu | awk '/^(tcp|udp)/ {print \$5}' | $HOST | sort | $UNIQ"
same "2: -n -G rhost,state=SYN_REC" "$BIN -n -G rhost,state=SYN_REC | $NUMS" \
	"netstat -n | grep SYN_REC | awk '{print \$5}' | $HOST | sort | $UNIQ"
same "3: -ntu -G rhost,state=ESTAB" "$BIN -ntu -G rhost,state=ESTAB | $NUMS" \
	"netstat -ntu | grep ESTAB | awk '{print \$5}' | $HOST | sort | $UNIQ"
same "4: -an -G rhost,port=8001" "$BIN -an -G rhost,port=8001 | $NUMS" \
	"netstat -an | awk '/^(tcp|udp|raw)/ && (\$4 ~ /:8001\$/ || \$5 ~ /:8001\$/) {print \$5}' | $HOST | sort | $UNIQ"
same "5: -n -G raddr,state=TIME_WAIT,top=20" "$BIN -n -G raddr,state=TIME_WAIT,top=20 | $NUMS" \
	"netstat -n | grep TIME_WAIT | awk '{print \$5}' | sort | uniq -c | sort -rn | head -n20 | $NUMS"
same "6: -nat -G state" "$BIN -nat -G state | $NUMS" \
	"netstat -nat | awk '/^tcp/ {print \$6}' | sort | $UNIQ"
same "7: -ant -G prog" "$BIN -ant -G prog | $NUMS" \
	"netstat -antp | awk '/^tcp/ {print \$7}' | sort | $UNIQ"
same "8: -ant -G prog,state" "$BIN -ant -G prog,state | $NUMS" \
	"netstat -antp | awk '/^tcp/ {print \$7, \$6}' | sort | $UNIQ"
exec 9>&-
echo "summary: $pass passed, $fail failed"
[ $fail = 0 ]
EOF
unshare -n bash "$T/inside.sh" "$BIN" "$HERE" "$T"
