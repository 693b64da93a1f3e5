#!/bin/bash
# Old and new code alternately on the same data, for a fair comparison on a shared machine:
# CPU (user + system of every thread), wall and peak RSS of `qingfeng screen`, and whether the
# hits are identical. The old code is `git archive COMMIT src` on PYTHONPATH; both run with this
# tree's .venv.
#
#   bench/screening/alternate.sh COMMIT ROUNDS RULES [DATA]
#   bench/screening/alternate.sh d020f15 3 R01      # RULES: R01, R01,R05 or all
set -euo pipefail
commit=$1 rounds=$2 rules=$3
data=${4:-${TMPDIR:-/tmp}/qingfeng-bench/county-seed1}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$root" archive "$commit" src | tar -x -C "$work"
args=()
[ "$rules" != all ] && args=(--rules "$rules")
for _ in $(seq "$rounds"); do
  for which in old new; do
    if [ "$which" = old ]; then pythonpath=$work/src; else pythonpath=; fi
    PYTHONPATH=$pythonpath /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
      "$root/.venv/bin/python" -c "import sys; from qingfeng.cli import main; sys.exit(main())" \
      screen "$data" "${args[@]}" --out "$work/$which.csv" --quiet
    read -r wall user sys rss < "$work/time"
    awk -v w="$which" -v r="$rules" -v wall="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
      'BEGIN { printf "%s %s: wall %6.2f s, CPU %6.2f s, peak RSS %5d MB\n", w, r, wall, u + s, m / 1024 }'
  done
  if cmp -s "$work/old.csv" "$work/new.csv"; then echo "hits identical"; else echo "HITS DIFFER"; fi
done
