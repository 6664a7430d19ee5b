#!/usr/bin/env bash
# Prints raw / gzip -9 / brotli -q 11 bytes of every file in a dist/ folder, and the totals.
# With --budget FILE, fails when the total brotli bytes exceed the number in FILE: sizes are
# deterministic, so this is a CI budget rather than a timing.
set -euo pipefail
dist=${1:?usage: size.sh DIST [--budget FILE]}
budget_file=
if [ "${2:-}" = "--budget" ]; then budget_file=${3:?--budget needs a file}; fi
[ -d "$dist" ] || { echo "size.sh: $dist does not exist; run 'make build' first" >&2; exit 1; }
total_raw=0; total_gz=0; total_br=0
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
while IFS= read -r -d '' f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '%-44s %10d %10d %10d\n' "${f#"$dist"/}" "$raw" "$gz" "$br"
done < <(find "$dist" -type f -print0 | sort -z)
printf '%-44s %10d %10d %10d\n' TOTAL "$total_raw" "$total_gz" "$total_br"
if [ -n "$budget_file" ]; then
  limit=$(grep -v '^#' "$budget_file" | tr -d '[:space:]')
  if [ "$total_br" -gt "$limit" ]; then
    echo "size budget: FAILED — dist/ is $total_br bytes brotli, over the budget of $limit ($budget_file)"
    exit 1
  fi
  echo "size budget: ok — $total_br of $limit bytes brotli"
fi
