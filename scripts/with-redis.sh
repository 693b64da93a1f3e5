#!/usr/bin/env bash
# Run a command against a throwaway Redis: no persistence, in a temporary folder, listening on
# 127.0.0.1 on a free port only, stopped and removed afterwards whatever the outcome.
# Usage: scripts/with-redis.sh COMMAND [ARGS...]   (QINGFENG_CACHE_URL is set for COMMAND)
set -euo pipefail
SERVER=$(command -v redis-server || true)
[ -n "$SERVER" ] || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
TMP=$(mktemp -d /tmp/qingfeng-redis.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$SERVER" --bind 127.0.0.1 --port "$PORT" --dir "$TMP" --save "" --appendonly no \
  --protected-mode yes --logfile "$TMP/log" &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null && break
  sleep 0.1
done
export QINGFENG_CACHE_URL="redis://127.0.0.1:$PORT/1"
echo "Redis $("$SERVER" --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$PORT (temporary, $TMP)"
set +e
"$@"
status=$?
set -e
exit $status
