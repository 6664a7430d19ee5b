#!/usr/bin/env bash
# Prints raw / gzip -9 / brotli -q 11 bytes of every file in a dist/ folder, and the totals: of
# the first load (everything but the wizard module, which boot.js loads only once Entra's answer
# is back or the tab has a session: its files are named in index.html's <meta
# name="syncsetup-wizard">) and of the whole folder.
# With --budget FILE, fails when either brotli total exceeds its line in FILE ("first-load N",
# "total N"): sizes are deterministic, so this is a CI budget rather than a timing.
set -euo pipefail
dist=${1:?usage: size.sh DIST [--budget FILE]}
budget_file=
if [ "${2:-}" = "--budget" ]; then budget_file=${3:?--budget needs a file}; fi
[ -d "$dist" ] || { echo "size.sh: $dist does not exist; run 'make build' first" >&2; exit 1; }
wizard_files=$(grep -o 'data-\(js\|wasm\)="[^"]*"' "$dist/index.html" | sed 's/.*="\(.*\)"/\1/' || true)
[ -n "$wizard_files" ] || { echo "size.sh: $dist/index.html names no wizard module" >&2; exit 1; }
total_raw=0; total_gz=0; total_br=0; first_raw=0; first_gz=0; first_br=0
printf '%-44s %10s %10s %10s  %s\n' file raw gzip brotli loaded
while IFS= read -r -d '' f; do
  name=${f#"$dist"/}
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  if grep -qxF "$name" <<<"$wizard_files"; then
    when="after sign-in"
  else
    when="first load"
    first_raw=$((first_raw + raw)); first_gz=$((first_gz + gz)); first_br=$((first_br + br))
  fi
  printf '%-44s %10d %10d %10d  %s\n' "$name" "$raw" "$gz" "$br" "$when"
done < <(find "$dist" -type f -print0 | sort -z)
printf '%-44s %10d %10d %10d\n' "FIRST LOAD" "$first_raw" "$first_gz" "$first_br"
printf '%-44s %10d %10d %10d\n' TOTAL "$total_raw" "$total_gz" "$total_br"
if [ -n "$budget_file" ]; then
  status=0
  for pair in "first-load $first_br" "total $total_br"; do
    set -- $pair
    limit=$(awk -v k="$1" '$1 == k { print $2 }' "$budget_file")
    [ -n "$limit" ] || { echo "size budget: $budget_file has no '$1' line"; exit 1; }
    if [ "$2" -gt "$limit" ]; then
      echo "size budget: FAILED — $1 is $2 bytes brotli, over the budget of $limit ($budget_file)"
      status=1
    else
      echo "size budget: ok — $1 $2 of $limit bytes brotli"
    fi
  done
  exit $status
fi
