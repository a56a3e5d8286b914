#!/bin/bash
# The text report on a pseudo-terminal (script) at 80 and 200 columns, for each example and an empty
# `init` template, in both languages: the widest line in display columns (CJK counts two) and the
# number of lines. Usage: scripts/text-width.sh [BINARY] (default target/debug/ipps-check), from the
# repository root; needs script(1) and python3. A developer tool, not CI.
B=${1:-target/debug/ipps-check}
T=$(mktemp -d); trap "rm -rf $T" EXIT
"$B" init > "$T/empty.yaml"
for f in examples/hangzhou.yaml examples/shenzhen-futian.yaml examples/county-pilot.yaml examples/yinchuan.yaml "$T/empty.yaml"; do
  for lang in en zh; do
    for cols in 80 200; do
      out=$(COLUMNS=$cols script -qc "stty cols $cols; $B --as-of 2026-11-25 --color never --lang $lang $f" /dev/null | tr -d '\r')
      w=$(printf '%s\n' "$out" | python3 -c '
import sys,unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
print(max(w(l) for l in sys.stdin.read().split("\n")))')
      n=$(printf '%s\n' "$out" | wc -l)
      printf "%-32s %s %3s  widest %5s  lines %5s\n" $(basename $f) $lang $cols $w $n
    done
  done
done
