#!/usr/bin/env bash
# Install the Debian packages qingfeng needs, only those missing.
#   scripts/system-deps.sh run    what the app needs to run (translations, fonts, media tools)
#   scripts/system-deps.sh test   that, plus what the tests need (browser, PostgreSQL, PDF to PNG,
#                                 a throwaway Redis for tests/core/test_redis.py)
#   scripts/system-deps.sh bench  run, plus PostgreSQL and Redis for bench/bench_load.py
set -euo pipefail
RUN=(gettext fonts-wqy-zenhei graphviz ffmpeg)
TEST=(chromium postgresql poppler-utils redis-server)
BENCH=(postgresql redis-server)
case "${1:-test}" in
  run) PACKAGES=("${RUN[@]}") ;;
  test) PACKAGES=("${RUN[@]}" "${TEST[@]}") ;;
  bench) PACKAGES=("${RUN[@]}" "${BENCH[@]}") ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
