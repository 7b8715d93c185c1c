#!/usr/bin/env bash
# Times `dac validate` over 2,000 generated rule files of all seven types (copies of the per-type samples and the
# seed rules, each with its own rule_id and name). Prints each run's wall time and the median of the runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=${RUNS:-5}
count=${COUNT:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

templates=("$root"/src/test/resources/dev/dac/types/*.toml "$root"/rules/integrations/aws/*.toml)
for ((i = 0; i < count; i++)); do
  t=${templates[$((i % ${#templates[@]}))]}
  id=$(printf '%08x-0000-4000-8000-%012x' "$i" "$i")
  sed -e "s/^rule_id = .*/rule_id = \"$id\"/" -e "0,/^name = \"\(.*\)\"/s//name = \"\1 $i\"/" "$t" > "$work/rule_$i.toml"
done

"$root/bin/dac" --version > /dev/null   # build once, outside the timing
times=()
for ((r = 1; r <= runs; r++)); do
  start=$(date +%s.%N)
  "$root/bin/dac" validate --no-engine "$work" > "$work.out" || true
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  times+=("$t")
  echo "run $r: ${t}s  ($(tail -1 "$work.out"))"
done
rm -f "$work.out"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median of %d runs over %d files: %.2fs (min %.2fs, max %.2fs)\n", NR, '"$count"', a[int((NR+1)/2)], a[1], a[NR]}'
