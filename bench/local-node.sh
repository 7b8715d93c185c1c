#!/usr/bin/env bash
# Start time and memory of the local Elasticsearch node: one cold start (assembling the node home from the
# artifacts first), then RUNS warm starts with `dac es start`; RSS of the node's processes once it is green.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${RUNS:-3}
work=$(mktemp -d)
chmod 755 "$work"
export DAC_ES_WORK="$work"
trap '"$root/bin/dac" es stop > /dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$root/bin/dac" --version > /dev/null

measure() {
  local label=$1 start end pid rss
  start=$(date +%s.%N)
  out=$("$root/bin/dac" es start 2>/dev/null)
  end=$(date +%s.%N)
  pid=$(echo "$out" | sed -n 's/.*(pid \([0-9]*\).*/\1/p')
  rss=$(ps -o rss= -p "$pid" $(pgrep -P "$pid" | sed 's/^/-p /') | awk '{s+=$1} END {printf "%.0f", s/1024}')
  printf '%s: ready in %.1f s (command total, JVM start included), node RSS %s MiB\n' "$label" \
    "$(echo "$end - $start" | bc)" "$rss"
  "$root/bin/dac" es stop > /dev/null
}

measure "cold (assembles the home first)"
for ((r = 1; r <= runs; r++)); do measure "warm run $r"; done
