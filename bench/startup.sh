#!/usr/bin/env bash
# Whole-process start-up of one advice (#18): the README's first command through ./infera, timed by
# /usr/bin/time, in three states of the cache. Prints every run and the median of each state.
#
#   bench/startup.sh [RUNS]        (default 5 runs per state; a private cache folder in /tmp)
#
# warm:        compiled rules, parsed catalog and class archive all in the cache (the usual case)
# rule edit:   a copy of rules/ with a comment appended to one file before each run: its rules compile
#              once and are cached (the first run after an architect edits a rule)
# no cache:    --no-cache: the rules compile and the catalog is parsed, no class archive (before caching)
# The machine is shared: the load average is printed before and after; compare medians, not single runs.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
cache="$(mktemp -d /tmp/infera-startup.XXXXXX)"
rules="$cache/rules-copy"
cp -r "$home/rules" "$rules"
trap 'rm -rf "$cache"' EXIT
readme=(advise --model llama-3-70b --scenario chat --context 8192 --users 32
        --gpus h100-sxm-80g,h200-sxm-141g,a100-sxm-80g,l40s-48g)

timed() { # label, then the infera arguments; prints "label wall_s user_s"
  local label="$1"; shift
  XDG_CACHE_HOME="$cache" /usr/bin/time -o "$cache/one" -f '%e %U' "$home/infera" "$@" >/dev/null 2>&1
  echo "$label $(tail -1 "$cache/one")"
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Fill the cache (rules, catalog) and let the launcher make its class archive.
"$home/infera" "${readme[@]}" >/dev/null 2>&1 || true
XDG_CACHE_HOME="$cache" "$home/infera" "${readme[@]}" >/dev/null
XDG_CACHE_HOME="$cache" "$home/infera" "${readme[@]}" >/dev/null
out="$cache/times"
: > "$out"
for i in $(seq "$runs"); do
  timed warm "${readme[@]}" | tee -a "$out"
  echo "// startup edit $i $$ $RANDOM" >> "$rules/cost.dslr"
  timed rule-edit "${readme[@]}" --rules "$rules" | tee -a "$out"
  timed no-cache "${readme[@]}" --no-cache | tee -a "$out"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for state in warm rule-edit no-cache; do
  printf '%-10s median wall %s s, median user CPU %s s (%s runs)\n' "$state" \
    "$(awk -v s="$state" '$1==s {print $2}' "$out" | median)" "$(awk -v s="$state" '$1==s {print $3}' "$out" | median)" "$runs"
done
