#!/usr/bin/env python3
"""gen-every.py SRC DST NT_NAMES

Writes DST/proc/net/{snmp,netstat,snmp6}: the kernel's files
in SRC/proc/net with every name net-tools 2.10 knows added to its section
(also the rows its bsearch misses, and names older kernels had), and
every counter given a distinct value that is not 0, a few of them past
2^32 and one of 2^64-1, so that every row of both tables prints.
NT_NAMES: "Section<TAB>Name" lines of net-tools' statistics.c tables.
"""
import os, sys
src, dst, ntnames = sys.argv[1:4]
nt = {}
for line in open(ntnames):
    sec, name = line.rstrip('\n').split('\t')
    nt.setdefault(sec, []).append(name)
counter = [0]
def value(name):
    counter[0] += 1
    n = counter[0]
    if name == 'MaxConn':
        return '-1'
    if n % 37 == 0:
        return str(2**32 + n)
    if n == 100:
        return str(2**64 - 1)
    return str(n)
os.makedirs(dst + '/proc/net', exist_ok=True)
for f in ('snmp', 'netstat'):
    lines = open(src + '/proc/net/' + f).read().split('\n')
    out = []
    for h, v in zip(lines[0::2], lines[1::2]):
        sec, names = h.split(':', 1)
        names = names.split()
        for n in nt.get(sec, []):
            if n not in names and ' ' not in n:
                names.append(n)
        out.append(sec + ': ' + ' '.join(names))
        out.append(sec + ': ' + ' '.join(value(n) for n in names))
    open(dst + '/proc/net/' + f, 'w').write('\n'.join(out) + '\n')
# snmp6: name<spaces>\tvalue, the names of one section together
lines = [l.split()[0] for l in open(src + '/proc/net/snmp6') if l.strip()]
out = []
def sec6(n):
    return n[:n.index('6') + 1] if '6' in n else n
i = 0
while i < len(lines):
    sec = sec6(lines[i])
    block = []
    while i < len(lines) and sec6(lines[i]) == sec:
        block.append(lines[i]); i += 1
    for n in nt.get(sec, []):
        n = n.strip()
        if n not in block:
            block.append(n)
    out += block
out.append('Tcp6Segments')	# no kernel has it; net-tools has a Tcp6 section
open(dst + '/proc/net/snmp6', 'w').write(''.join('%-32s\t%s\n' % (n, value(n)) for n in out))
