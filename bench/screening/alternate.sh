#!/bin/bash
# Old and new code alternately on the same data, for a fair comparison on a shared machine:
# CPU (user + system of every thread), wall and peak RSS of `qingfeng screen`, and whether the
# hits are identical. The old code is `git archive COMMIT src` on PYTHONPATH; both run with this
# tree's .venv.
#
#   bench/screening/alternate.sh COMMIT ROUNDS RULES [DATA]
#   bench/screening/alternate.sh d020f15 3 R01      # RULES: R01, R01,R05 or all
#   bench/screening/alternate.sh d020f15 3 month2   # next month from month one's --cache
#
# month2: each side first fills its own cache from DATA (month one), then every round runs
# DATA-month2 (bench_screening.py --part increment makes it) from a fresh copy of that cache.
set -euo pipefail
commit=$1 rounds=$2 rules=$3
data=${4:-${TMPDIR:-/tmp}/qingfeng-bench/county-seed1}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$root" archive "$commit" src | tar -x -C "$work"
args=()
run_data=$data
if [ "$rules" = month2 ]; then
  run_data=$data-month2
  for which in old new; do
    if [ "$which" = old ]; then pythonpath=$work/src; else pythonpath=; fi
    PYTHONPATH=$pythonpath "$root/.venv/bin/python" -c \
      "import sys; from qingfeng.cli import main; sys.exit(main())" \
      screen "$data" --out "$work/fill.csv" --quiet --cache "$work/cache-$which"
  done
elif [ "$rules" != all ]; then
  args=(--rules "$rules")
fi
for _ in $(seq "$rounds"); do
  for which in old new; do
    if [ "$which" = old ]; then pythonpath=$work/src; else pythonpath=; fi
    if [ "$rules" = month2 ]; then
      rm -rf "$work/cache"
      cp -a "$work/cache-$which" "$work/cache"
      args=(--cache "$work/cache")
    fi
    PYTHONPATH=$pythonpath /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
      "$root/.venv/bin/python" -c "import sys; from qingfeng.cli import main; sys.exit(main())" \
      screen "$run_data" "${args[@]}" --out "$work/$which.csv" --quiet
    read -r wall user sys rss < "$work/time"
    awk -v w="$which" -v r="$rules" -v wall="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
      'BEGIN { printf "%s %s: wall %6.2f s, CPU %6.2f s, peak RSS %5d MB\n", w, r, wall, u + s, m / 1024 }'
  done
  if cmp -s "$work/old.csv" "$work/new.csv"; then echo "hits identical"; else echo "HITS DIFFER"; fi
done
